"""Authentication: API key header/query, tokens (login, refresh, expiry on the emulator clock), 401/403."""

import base64
import json

import requests

from emulator_helpers import CORE_UID, EXPIRED_KEY, LAB_KEY, REVOKED_KEY, USER, Api
from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_UID


def _claims(token):
    body = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_api_key_header_name_is_case_insensitive(api):
    for name in ("ApiKey", "apiKey", "APIKEY"):
        resp = requests.get(api.url + "/v1/users/info", headers={name: DEMO_API_KEY}, timeout=10)
        assert resp.status_code == 200, name
    assert resp.json()["userUid"] == "69790a1b2c3d4e5f607182a0"
    assert resp.json()["orgName"] == "edge-demo"


def test_api_key_query_parameter_is_accepted_but_never_logged(api):
    resp = requests.get(api.url + f"/v1/clusterprofiles/{CORE_UID}", params={"ApiKey": DEMO_API_KEY},
                        headers={"ProjectUid": DEMO_PROJECT_UID}, timeout=10)
    assert resp.status_code == 200
    entry = api.emu.requests()[-1]
    assert entry["query"] == {}
    assert DEMO_API_KEY not in json.dumps(api.emu.requests())


def test_missing_wrong_revoked_expired_credentials_get_401(api):
    assert requests.get(api.url + "/v1/users/info", timeout=10).status_code == 401
    for key in ("not-a-key", REVOKED_KEY, EXPIRED_KEY):
        resp = requests.get(api.url + "/v1/users/info", headers={"ApiKey": key}, timeout=10)
        assert resp.status_code == 401, key
        body = resp.json()
        assert set(body) == {"code", "message", "ref", "details"}
        assert key not in body["message"]          # echo mode is off by default


def test_key_without_project_access_gets_403(api):
    lab = Api(api.emu, key=LAB_KEY, project=DEMO_PROJECT_UID)
    resp = lab.get(f"/v1/clusterprofiles/{CORE_UID}")
    assert resp.status_code == 403
    assert resp.json()["code"] == "Forbidden"
    # ...and the project is not even listed for it
    names = [i["metadata"]["name"] for i in lab.ok("GET", "/v1/dashboard/projects/metadata", project=None)["items"]]
    assert names == ["edge-lab"]


def test_echo_secret_in_errors_mode_repeats_the_key(api):
    api.emu.config(echo_secret_in_errors=True)
    resp = requests.get(api.url + "/v1/users/info", headers={"ApiKey": "LEAKY-KEY-123"}, timeout=10)
    assert resp.status_code == 401
    assert "LEAKY-KEY-123" in resp.json()["message"]


def test_login_token_refresh_and_expiry_on_the_emulator_clock(api):
    resp = requests.post(api.url + "/v1/auth/authenticate", json=USER, timeout=10)
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {"Authorization", "isMfa"} and body["isMfa"] is False
    token = body["Authorization"]
    claims = _claims(token)
    assert claims["exp"] - claims["iat"] == 900        # 15 minutes by default
    user = Api(api.emu, key=None, token=token)
    assert user.get(f"/v1/clusterprofiles/{CORE_UID}").status_code == 200
    assert user.get("/v1/users/info", headers={"Authorization": "Bearer " + token}).status_code == 401

    api.emu.advance_clock(600)
    refreshed = requests.get(api.url + f"/v1/auth/refresh/{token}", timeout=10)
    assert refreshed.status_code == 200
    new = refreshed.json()["Authorization"]
    assert _claims(new)["sid"] == claims["sid"]        # same session
    assert _claims(new)["exp"] > claims["exp"]

    api.emu.advance_clock(400)                         # old token now 1000 s old: expired
    assert user.get("/v1/users/info").status_code == 401
    assert requests.get(api.url + f"/v1/auth/refresh/{token}", timeout=10).status_code == 401
    assert Api(api.emu, key=None, token=new).get("/v1/users/info").status_code == 200
    assert "/v1/auth/refresh/REDACTED" in [e["path"] for e in api.emu.requests()]


def test_token_lifetime_is_configurable(api):
    api.emu.config(token_lifetime=60)
    token = requests.post(api.url + "/v1/auth/authenticate", json=USER, timeout=10).json()["Authorization"]
    claims = _claims(token)
    assert claims["exp"] - claims["iat"] == 60
    api.emu.advance_clock(61)
    assert Api(api.emu, key=None, token=token).get("/v1/users/info").status_code == 401


def test_bad_login_and_wrong_org(api):
    assert requests.post(api.url + "/v1/auth/authenticate", json=dict(USER, password="nope"), timeout=10).status_code == 401
    assert requests.post(api.url + "/v1/auth/authenticate", json=dict(USER, org="other-org"), timeout=10).status_code == 401
    no_org = {"emailId": USER["emailId"], "password": USER["password"]}   # the Go SDK sends no org
    assert requests.post(api.url + "/v1/auth/authenticate", json=no_org, timeout=10).status_code == 200


def test_garbage_token_is_401(api):
    assert Api(api.emu, key=None, token="eyJ.not.valid").get("/v1/users/info").status_code == 401
