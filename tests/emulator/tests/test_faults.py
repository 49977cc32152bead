"""Injected faults: HTTP errors, dropped connections, slow answers, 429 storms, token expiry, concurrent edits,
random failures."""

import time

import pytest
import requests

from emulator_helpers import CORE_UID, USER, Api, put_body


def test_status_fault_for_next_n_matching_requests(api):
    body = put_body(api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}"))
    fid = api.emu.fault(kind="status", status=503, path=r"^/v1/clusterprofiles/", method="GET", count=2)
    assert isinstance(fid, int)
    # a PUT does not match (method GET only), so it does not use up the fault
    assert api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body).status_code == 204
    codes = [api.get(f"/v1/clusterprofiles/{CORE_UID}").status_code for _n in range(3)]
    assert codes == [503, 503, 200]
    for status in (500, 502, 504):
        api.emu.fault(kind="status", status=status, path="users/info")
        resp = api.get("/v1/users/info")
        assert resp.status_code == status and set(resp.json()) == {"code", "message", "ref", "details"}


def test_drop_closes_without_answer(api):
    api.emu.fault(kind="drop", path="/v1/users/info")
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(api.url + "/v1/users/info", headers=api.headers(), timeout=10)
    assert api.get("/v1/users/info").status_code == 200
    assert api.emu.requests()[-2]["status"] == 0


def test_slow_fault_delays(api):
    api.emu.fault(kind="slow", delay=0.3, path="users/info")
    start = time.monotonic()
    assert api.get("/v1/users/info").status_code == 200
    assert time.monotonic() - start >= 0.3


def test_rate_limit_storm(api):
    api.emu.fault(kind="rate_limit", path="clusterprofiles", count=3)
    codes = [api.get(f"/v1/clusterprofiles/{CORE_UID}").status_code for _n in range(4)]
    assert codes == [429, 429, 429, 200]


def test_expire_tokens(api):
    token = requests.post(api.url + "/v1/auth/authenticate", json=USER, timeout=10).json()["Authorization"]
    user = Api(api.emu, key=None, token=token)
    assert user.get("/v1/users/info").status_code == 200
    api.emu.fault(kind="expire_tokens", path="users/info")
    assert user.get("/v1/users/info").status_code == 401
    assert api.get("/v1/users/info").status_code == 200          # API keys are unaffected
    fresh = requests.post(api.url + "/v1/auth/authenticate", json=USER, timeout=10).json()["Authorization"]
    assert Api(api.emu, key=None, token=fresh).get("/v1/users/info").status_code == 200


def test_concurrent_edit_between_get_and_put(api):
    api.emu.config(profile_put="draft")      # the edit lands in the draft (see test_lifecycle.py for in_place)
    api.emu.fault(kind="concurrent_edit", path=f"^/v1/clusterprofiles/{CORE_UID}$", method="GET", after=1, pack="nginx",
                  values="edited: by-someone-else\n")
    seen = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    now = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    assert now["metadata"]["lastModifiedTimestamp"] > seen["metadata"]["lastModifiedTimestamp"]
    assert now["spec"]["draft"]["packs"][3]["values"] == "edited: by-someone-else\n"
    assert seen["spec"]["draft"] is None


def test_concurrent_edit_after_nth_request_and_admin_edit(api):
    api.emu.config(profile_put="draft")      # the edit lands in the draft (see test_lifecycle.py for in_place)
    api.emu.fault(kind="concurrent_edit", path="clusterprofiles", after=3, profile=CORE_UID)
    stamps = [api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")["metadata"]["lastModifiedTimestamp"] for _n in range(4)]
    assert stamps[0] == stamps[1] == stamps[2] < stamps[3]
    edited = api.emu.admin("POST", f"/profiles/{CORE_UID}/edit", {"pack": "metallb", "values": "x: 1\n"})
    assert edited["pack"] == "metallb"
    prof = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    assert prof["spec"]["draft"]["packs"][1]["values"] == "x: 1\n"
    assert prof["metadata"]["lastModifiedTimestamp"] == edited["lastModifiedTimestamp"]


def test_random_failures_until_cleared(api):
    api.emu.fault(kind="status", status=503, probability=0.5, path="users/info")
    codes = [api.get("/v1/users/info").status_code for _n in range(60)]
    assert 503 in codes and 200 in codes
    assert api.emu.admin("GET", "/faults")["faults"][0]["count"] is None
    api.emu.admin("DELETE", "/faults")
    assert all(api.get("/v1/users/info").status_code == 200 for _n in range(20))
