# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Authentication against the emu: API key, given token, login, refresh, re-login on 401."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import MovableClock, advance, log_entries, login_token

LOGIN = "/v1/auth/authenticate"
INFO = "/v1/users/info"


def calls(entries):
    return [(e["method"], "/v1/auth/refresh/..." if e["path"].startswith("/v1/auth/refresh/") else e["path"], e["status"])
            for e in entries]


def password_client(make_client, demo, **kwargs):
    return make_client(username=demo["username"], password=demo["password"], org=demo["org"], **kwargs)


@pytest.mark.parametrize("mode", ["api_key", "token", "password"])
def test_auth_modes(make_client, emu, demo, demo_seed, mode):
    if mode == "api_key":
        client = make_client(api_key=demo["api_key"])
    elif mode == "token":
        client = make_client(token=login_token(emu, demo))
        emu.admin("DELETE", "/__emulator__/requests")
    else:
        client = password_client(make_client, demo)
    info = client.get(INFO, tenant=True)
    assert info["tenantUid"] == demo_seed["tenant"]["uid"]
    client.get(INFO, tenant=True)
    expected = [(("POST", LOGIN, 200))] if mode == "password" else []
    assert calls(log_entries(emu)) == expected + [("GET", INFO, 200), ("GET", INFO, 200)]


def test_token_refreshed_before_it_expires(make_client, emu, demo):
    """Time passes (both clocks move) to within the refresh margin: the client refreshes, no 401 is seen."""
    clock = MovableClock()
    client = password_client(make_client, demo, clock=clock)
    client.get(INFO, tenant=True)
    advance(emu, 870, clock)  # the demo's tokens live 900 s
    client.get(INFO, tenant=True)
    client.get(INFO, tenant=True)
    assert calls(log_entries(emu)) == [
        ("POST", LOGIN, 200), ("GET", INFO, 200),
        ("GET", "/v1/auth/refresh/...", 200), ("GET", INFO, 200), ("GET", INFO, 200)]
    assert client.stats["refreshes"] == 1


def test_refreshed_token_is_a_new_one_and_works_after_the_old_expires(make_client, emu, demo):
    clock = MovableClock()
    client = password_client(make_client, demo, clock=clock)
    client.get(INFO, tenant=True)
    advance(emu, 870, clock)
    client.get(INFO, tenant=True)  # refresh
    advance(emu, 100, clock)  # the first token is now expired on the server, the refreshed one is not
    client.get(INFO, tenant=True)
    statuses = [e["status"] for e in log_entries(emu)]
    assert statuses == [200] * 5


def test_expired_token_is_obtained_again(make_client, emu, demo):
    """Too late to refresh (the server says 401 to the refresh): the client logs in again."""
    clock = MovableClock()
    client = password_client(make_client, demo, clock=clock)
    client.get(INFO, tenant=True)
    advance(emu, 1000, clock)
    client.get(INFO, tenant=True)
    assert calls(log_entries(emu)) == [
        ("POST", LOGIN, 200), ("GET", INFO, 200),
        ("GET", "/v1/auth/refresh/...", 401), ("POST", LOGIN, 200), ("GET", INFO, 200)]


def test_relogin_once_on_401(make_client, emu, demo):
    """Only the emu clock moves (the client cannot know): 401, log in again, the call succeeds."""
    client = password_client(make_client, demo)
    client.get(INFO, tenant=True)
    advance(emu, 1000)
    assert client.get(INFO, tenant=True)["userUid"]
    assert calls(log_entries(emu)) == [
        ("POST", LOGIN, 200), ("GET", INFO, 200), ("GET", INFO, 401), ("POST", LOGIN, 200), ("GET", INFO, 200)]


def test_relogin_after_tokens_revoked(make_client, emu, demo):
    client = password_client(make_client, demo)
    client.get(INFO, tenant=True)
    emu.admin("POST", "/__emulator__/faults", json={"kind": "expire_tokens", "path": "^/v1/users/info$"})
    client.get(INFO, tenant=True)
    assert [s for m, p, s in calls(log_entries(emu))] == [200, 200, 401, 200, 200]


def test_relogin_only_once(make_client, emu, demo):
    client = password_client(make_client, demo)
    emu.admin("POST", "/__emulator__/faults", json={"kind": "status", "status": 401, "path": "^/v1/users/info$", "count": 5})
    with pytest.raises(PaletteApiError) as info:
        client.get(INFO, tenant=True)
    assert info.value.status == 401
    assert calls(log_entries(emu)) == [
        ("POST", LOGIN, 200), ("GET", INFO, 401), ("POST", LOGIN, 200), ("GET", INFO, 401)]


def test_given_token_is_used_as_is(make_client, emu, demo):
    """A given token is never refreshed nor replaced: after it expires the call fails with 401."""
    clock = MovableClock()
    client = make_client(token=login_token(emu, demo), clock=clock)
    emu.admin("DELETE", "/__emulator__/requests")
    advance(emu, 1000, clock)
    with pytest.raises(PaletteApiError) as info:
        client.get(INFO, tenant=True)
    assert info.value.status == 401
    assert calls(log_entries(emu)) == [("GET", INFO, 401)]


@pytest.mark.parametrize("key_name", ["revoked-key", "expired-key"])
def test_bad_api_key_is_not_retried(make_client, emu, demo, key_name):
    client = make_client(api_key=demo["keys"][key_name])
    with pytest.raises(PaletteApiError) as info:
        client.get(INFO, tenant=True)
    assert info.value.status == 401
    assert len(log_entries(emu)) == 1


def test_wrong_password(make_client, emu, demo):
    client = make_client(username=demo["username"], password="not-the-password")
    with pytest.raises(PaletteApiError) as info:
        client.get(INFO, tenant=True)
    assert info.value.status == 401
    assert info.value.path == LOGIN
    assert "not-the-password" not in str(info.value)
    assert calls(log_entries(emu)) == [("POST", LOGIN, 401)]


def test_raw_requests_sanity(emu, demo):
    """The emu itself rejects a call without credentials (so the tests above can fail)."""
    assert requests.get(emu.url + INFO, timeout=10).status_code == 401
