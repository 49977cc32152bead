# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Errors: PaletteApiError carries Palette's v1Error; secrets never leave the client."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError, PaletteError
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

MISSING = "/v1/clusterprofiles/0123456789abcdef01234567"


def test_api_error_fields(make_client, emu, demo):
    client = make_client(project_name="edge-prod")
    with pytest.raises(PaletteApiError) as info:
        client.get(MISSING)
    err = info.value
    # what the server said, read with plain requests (not through the client under test)
    raw = requests.get(emu.url + MISSING, timeout=10,
                       headers={"ApiKey": demo["api_key"], "ProjectUid": demo["projects"]["edge-prod"]})
    body = raw.json()
    assert (err.method, err.path, err.status) == ("GET", MISSING, raw.status_code)
    assert err.code == body["code"] == "ResourceNotFound"
    assert err.message == body["message"]
    assert err.ref and len(err.ref) == len(body["ref"])
    assert str(err) == "GET %s: HTTP 404 ResourceNotFound: %s (ref %s)" % (MISSING, err.message, err.ref)
    assert err.to_dict()["status"] == 404
    assert isinstance(err, PaletteError)


def test_bad_request_body(make_client, emu):
    """Strict emu: an unknown body field is a 400 with Palette's fields, not retried."""
    client = make_client(project_name="edge-prod")
    with pytest.raises(PaletteApiError) as info:
        client.post("/v1/dashboard/spectroclusters/search", body={"noSuchField": 1})
    assert info.value.status == 400
    assert info.value.code
    assert len(log_entries(emu)) == 2  # project lookup + the one search


@pytest.mark.parametrize("key_name", ["revoked-key", "expired-key"])
def test_echoed_api_key_scrubbed(make_client, emu, demo, key_name):
    emu.admin("PATCH", "/__emulator__/config", json={"echo_secret_in_errors": True})
    key = demo["keys"][key_name]
    # the server really echoes it (checked with plain requests) ...
    raw = requests.get(emu.url + "/v1/users/info", headers={"ApiKey": key}, timeout=10)
    assert key in raw.text
    # ... and the client removes it from everything it raises
    client = make_client(api_key=key)
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/users/info", tenant=True)
    err = info.value
    everything = " ".join(str(x) for x in (str(err), err.message, err.code, err.ref, err.details, err.args, err.to_dict()))
    assert key not in everything
    assert "********" in err.message
    assert err.status == 401


def test_obtained_token_scrubbed_from_errors(capture_server, tmp_path):
    """A token the client obtained by logging in (opaque, not JWT-shaped) is scrubbed when a server echoes it."""
    from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient
    url, recorder = capture_server
    token = "opaque-session-token-0123456789"
    recorder.responses = [(200, {}, {"Authorization": token, "isMfa": False}),
                          (400, {}, {"code": "BadToken", "message": "token %s is odd" % token, "ref": "r2"})]
    client = PaletteClient(host=url, username="u@example.com", password="pass-word-1", rate_limit_dir=str(tmp_path))
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/users/info")
    assert token not in str(info.value) + repr(info.value.to_dict())
    assert recorder.requests[1]["headers"]["Authorization"] == token
    assert "pass-word-1" not in recorder.requests[0]["target"]


def test_secret_in_server_message_scrubbed(capture_server, tmp_path):
    """Any error body that echoes a secret (key, password) is scrubbed, whatever field it is in."""
    from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient
    url, recorder = capture_server
    key = "SECRET-KEY-0123456789"
    recorder.responses = [(403, {}, {"code": "Forbidden", "message": "key %s denied" % key, "ref": "r1",
                                     "details": {"presented": key, "ApiKey": key}})]
    client = PaletteClient(host=url, api_key=key, rate_limit_dir=str(tmp_path))
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/users/info")
    assert key not in repr(info.value.to_dict()) + str(info.value)
    assert info.value.ref == "r1"


def test_non_json_error_body(capture_server, tmp_path):
    from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient
    url, recorder = capture_server
    recorder.responses = [(404, {}, b"<html>not here</html>")]
    client = PaletteClient(host=url, api_key="k1234", rate_limit_dir=str(tmp_path))
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/nothing")
    assert info.value.status == 404
    assert info.value.code == "NotFound"
    assert "not here" in info.value.message
