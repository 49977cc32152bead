"""Admin API: its answers, clear errors for bad calls, and a request log without secrets."""

import json

import pytest
import requests

from emulator_helpers import CORE_UID, EDGE_VMO, USER, put_body
from palette_emulator.testing import DEMO_API_KEY, EmulatorError


@pytest.mark.parametrize("method,path,body,needle", [
    ("POST", "/faults", {"kind": "explode"}, "kind must be one of"),
    ("POST", "/faults", {"kind": "status", "path": "("}, "not a valid regular expression"),
    ("POST", "/faults", {"kind": "status", "status": 200}, "status must be an HTTP error status"),
    ("POST", "/faults", {"kind": "slow"}, "needs delay"),
    ("POST", "/faults", {"kind": "status", "method": "FETCH"}, "method must be one of"),
    ("POST", "/faults", {"kind": "status", "probability": 2}, "probability"),
    ("POST", "/faults", {"kind": "status", "colour": 1}, "unknown field(s) colour"),
    ("POST", "/faults", [1, 2], "must be a JSON object"),
    ("PATCH", "/config", {"strict": "yes"}, "strict must be true or false"),
    ("PATCH", "/config", {"colour": True}, "unknown key 'colour'"),
    ("PATCH", "/config", {"apply_seconds": -1}, "apply_seconds"),
    ("POST", "/clock", {"advance": -5}, "advance must be a number"),
    ("POST", "/clock", {}, "advance must be a number"),
    ("POST", "/reset", {"seed": "demo"}, "seed must be a seed document"),
    ("POST", "/reset", {"seeds": {}}, "unknown field(s) seeds"),
    ("POST", f"/clusters/{EDGE_VMO}/apply", {"result": "maybe"}, "result must be"),
    ("POST", f"/clusters/{EDGE_VMO}/apply", {}, "has no apply in progress"),
    ("POST", "/clusters/0123456789abcdef01234567/apply", {}, "does not exist"),
    ("POST", f"/profiles/{CORE_UID}/edit", {"pack": "nope"}, "has no pack 'nope'"),
    ("POST", f"/profiles/{CORE_UID}/edit", {"values": 5}, "values must be a string"),
    ("GET", "/requests?since=abc", None, "since must be a request id"),
    ("GET", "/nonsense", None, "no such call"),
])
def test_bad_admin_calls_are_explained(emulator_reset, method, path, body, needle):
    with pytest.raises(EmulatorError) as err:
        emulator_reset.admin(method, path, body)
    assert needle in str(err.value)


def test_bad_json_body(emulator_reset):
    resp = requests.post(emulator_reset.url + "/__emulator__/faults", data="{nope", timeout=10)
    assert resp.status_code == 400 and "not valid JSON" in resp.json()["error"]


def test_config_round_trip_and_reset_restores_it(emulator_reset):
    cfg = emulator_reset.config()
    assert cfg["strict"] is True and cfg["rate_limits"] is False and cfg["token_lifetime"] == 900
    assert emulator_reset.config(auto_apply=True, apply_seconds=0)["auto_apply"] is True
    emulator_reset.reset()
    assert emulator_reset.config() == cfg


def test_request_log_has_no_secrets_and_marks_writes(api):
    emu = api.emu
    token = requests.post(api.url + "/v1/auth/authenticate", json=USER, timeout=10).json()["Authorization"]
    requests.get(api.url + f"/v1/auth/refresh/{token}", timeout=10)
    requests.get(api.url + "/v1/users/info", params={"ApiKey": DEMO_API_KEY, "password": "p", "token": "t", "x": "1"}, timeout=10)
    api.put(f"/v1/clusterprofiles/{CORE_UID}", json=put_body(api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")))
    api.post("/v1/dashboard/spectroclusters/search", json={})
    api.post(f"/v1/clusterprofiles/{CORE_UID}/clone", json={"metadata": {"name": "core", "version": "3.0.0"}})
    log = emu.requests()
    text = json.dumps(log)
    for secret in (DEMO_API_KEY, token, USER["password"], token.split(".")[1]):
        assert secret not in text
    assert {"id", "method", "path", "query", "project_uid", "status", "time", "prefix", "write"} <= set(log[0])
    assert [e["query"] for e in log if e["path"] == "/v1/users/info"][0] == {"x": "1"}
    writes = [(e["method"], e["path"]) for e in log if e["write"]]
    assert writes == [("PUT", f"/v1/clusterprofiles/{CORE_UID}"), ("POST", f"/v1/clusterprofiles/{CORE_UID}/clone")]
    last = log[-1]["id"]
    api.get("/v1/users/info")
    assert [e["id"] for e in emu.requests(since=last)] == [last + 1]
    emu.admin("DELETE", "/requests")
    assert emu.requests() == []


def test_validate_responses_mode(api):
    api.emu.config(validate_responses=True)
    api.get(f"/v1/clusterprofiles/{CORE_UID}")
    api.post("/v1/dashboard/spectroclusters/search", json={})
    api.get(f"/v1/spectroclusters/{EDGE_VMO}")
    api.get("/v1/clusterprofiles/0123456789abcdef01234567")
    assert api.emu.admin("GET", "/violations") == {"violations": []}


def test_state_and_health(emulator_reset):
    state = emulator_reset.state()
    assert {"projects", "profiles", "clusters", "registries", "packs"} <= set(state)
    assert "api_keys" not in state and "users" not in state
    vmo = [c for c in state["clusters"] if c["uid"] == EDGE_VMO][0]
    assert vmo["name"] == "edge-vmo" and vmo["attached"][0]["uid"] == "698e434f56d5433423e3ee5a"
    assert emulator_reset.admin("GET", "/health")["ok"] is True


def test_unknown_api_path_is_404_after_auth(api):
    assert requests.get(api.url + "/v1/nothing/here", timeout=10).status_code == 401
    resp = api.get("/v1/nothing/here")
    assert resp.status_code == 404 and "not served by the emulator" in resp.json()["message"]
