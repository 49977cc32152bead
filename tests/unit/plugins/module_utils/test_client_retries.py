# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Retries, backoff, Retry-After and the client-side rate limiter against the emu's faults and buckets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import (
    PaletteApiError,
    PaletteConnectionError,
)
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

META = "/v1/dashboard/clusterprofiles/metadata"
SEARCH = "/v1/dashboard/spectroclusters/search"
PROFILES = "/v1/clusterprofiles"


def fault(emu, **spec):
    emu.admin("POST", "/__emulator__/faults", json=spec)


def statuses(emu, path=None):
    return [e["status"] for e in log_entries(emu) if path is None or e["path"] == path]


def profile_count(emu):
    profiles = emu.state()["profiles"]
    return len(profiles)


def new_profile_body(name):
    return {"metadata": {"name": name},
            "spec": {"version": "1.0.0",
                     "template": {"cloudType": "all", "type": "add-on",
                                  "packs": [{"name": "metallb", "tag": "0.14.8", "type": "spectro", "layer": "addon",
                                             "uid": "65a1f0000000000000000601", "registryUid": "64b7a3c1d2e3f40516273849",
                                             "values": "replicas: 1\n"}]}}}


@pytest.mark.parametrize("status", [502, 503, 504])
def test_get_retried_on_gateway_errors(make_client, emu, status):
    fault(emu, kind="status", status=status, path="^%s$" % META, count=2)
    client = make_client(project_name="edge-prod")
    assert "items" in client.get(META)
    assert statuses(emu, META) == [status, status, 200]
    assert client.stats["retries"] == 2


def test_500_not_retried(make_client, emu):
    fault(emu, kind="status", status=500, path="^%s$" % META, count=2)
    client = make_client()
    with pytest.raises(PaletteApiError) as info:
        client.get(META)
    assert info.value.status == 500
    assert statuses(emu, META) == [500]


def test_gives_up_after_retries(make_client, emu):
    fault(emu, kind="status", status=503, path="^%s$" % META, count=10)
    client = make_client(retries=2)
    with pytest.raises(PaletteApiError) as info:
        client.get(META)
    assert (info.value.status, info.value.code) == (503, "ServiceUnavailable")
    assert statuses(emu, META) == [503, 503, 503]


def test_total_wait_capped(make_client, emu):
    fault(emu, kind="status", status=503, path="^%s$" % META, count=10)
    client = make_client(retries=10, backoff_base=0.2, max_wait=0.2, max_total_wait=0.5)
    started = time.time()
    with pytest.raises(PaletteApiError):
        client.get(META)
    assert time.time() - started < 2.0
    assert len(statuses(emu, META)) <= 6


def test_429_storm_recovered(make_client, emu):
    fault(emu, kind="rate_limit", path="^%s$" % META, count=4)
    client = make_client()
    assert "items" in client.get(META)
    assert statuses(emu, META) == [429, 429, 429, 429, 200]


def test_retry_after_honoured(make_client, emu):
    emu.admin("PATCH", "/__emulator__/config", json={"retry_after": 1})
    fault(emu, kind="rate_limit", path="^%s$" % META, count=1)
    client = make_client()
    started = time.time()
    client.get(META)
    assert time.time() - started >= 1.0
    assert statuses(emu, META) == [429, 200]


def test_retry_after_capped(make_client, emu):
    emu.admin("PATCH", "/__emulator__/config", json={"retry_after": 3600})
    fault(emu, kind="rate_limit", path="^%s$" % META, count=1)
    client = make_client(retry_after_cap=0.3)
    started = time.time()
    client.get(META)
    assert time.time() - started < 2.0


def test_post_not_retried_on_503(make_client, emu):
    before = profile_count(emu)
    fault(emu, kind="status", status=503, path="^/v1/clusterprofiles$", method="POST", count=1)
    client = make_client(project_name="edge-prod")
    with pytest.raises(PaletteApiError) as info:
        client.post(PROFILES, body=new_profile_body("retry-test"))
    assert info.value.status == 503
    assert statuses(emu, PROFILES) == [503]
    assert profile_count(emu) == before


def test_post_retried_on_429_once_created(make_client, emu):
    before = profile_count(emu)
    fault(emu, kind="rate_limit", path="^/v1/clusterprofiles$", method="POST", count=2)
    client = make_client(project_name="edge-prod")
    created = client.post(PROFILES, body=new_profile_body("retry-test"))
    assert created["uid"]
    assert statuses(emu, PROFILES) == [429, 429, 201]
    assert profile_count(emu) == before + 1


def test_post_search_retried_like_a_read(make_client, emu):
    fault(emu, kind="status", status=503, path="^%s$" % SEARCH, count=2)
    client = make_client(project_name="edge-prod")
    assert len(list(client.paginate("POST", SEARCH, body={}))) > 0
    assert statuses(emu, SEARCH) == [503, 503, 200]


def test_put_retried_on_503(make_client, emu):
    client = make_client(project_name="edge-prod")
    uid = client.get(META)["items"][0]["metadata"]["uid"]
    fault(emu, kind="status", status=503, path="^/v1/clusterprofiles/%s/variables$" % uid, method="PUT", count=1)
    client.put("/v1/clusterprofiles/%s/variables" % uid, body={"variables": []})
    assert statuses(emu, "/v1/clusterprofiles/%s/variables" % uid) == [503, 204]


def test_dropped_connection_retried_for_get(make_client, emu):
    fault(emu, kind="drop", path="^%s$" % META, count=1)
    client = make_client()
    assert "items" in client.get(META)
    assert statuses(emu, META) == [0, 200]


def test_dropped_connection_not_retried_for_post(make_client, emu):
    before = profile_count(emu)
    fault(emu, kind="drop", path="^/v1/clusterprofiles$", method="POST", count=1)
    client = make_client(project_name="edge-prod")
    with pytest.raises(PaletteConnectionError):
        client.post(PROFILES, body=new_profile_body("drop-test"))
    assert statuses(emu, PROFILES) == [0]
    assert profile_count(emu) == before


def test_connection_refused_retried_then_reported(make_client, ratelimit_dir):
    from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    client = PaletteClient(host="http://127.0.0.1:%d" % port, api_key="k1234", retries=2, backoff_base=0.01,
                           rate_limit_dir=ratelimit_dir)
    with pytest.raises(PaletteConnectionError) as info:
        client.get(META)
    assert client.stats["requests"] == 3
    assert "k1234" not in str(info.value)


# -- real rate limits of the emu ----------------------------------------------------------------------
BURST_CALLS = 30


@pytest.mark.parametrize("rate_limit", [False, True])
def test_rate_limited_burst(make_client, emu, rate_limit):
    """30 quick calls on a 10/s prefix: without the limiter the emu answers 429 and the client recovers by
    retrying; with it, no 429 at all."""
    emu.admin("PATCH", "/__emulator__/config", json={"rate_limits": True})
    client = make_client(rate_limit=rate_limit, retries=10, backoff_base=0.1, max_wait=1.0)
    for dummy in range(BURST_CALLS):
        client.get(META)
    got = statuses(emu, META)
    assert got.count(200) == BURST_CALLS
    if rate_limit:
        assert 429 not in got
    else:
        assert 429 in got
