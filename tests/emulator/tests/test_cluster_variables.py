"""Cluster variables: GET/PATCH /v1/spectroclusters/{uid}/variables and ``profiles[].variables`` of PATCH /profiles,
under each reading of the switches ``sensitive_variable_read``, ``profile_patch_variables`` and ``replaced_variables``."""

# pytest fixtures are passed as arguments named like the fixture functions.
# pylint: disable=redefined-outer-name

import pytest

from emulator_helpers import CORE_OLD_UID, CORE_UID, EDGE_VMO, INFRA_UID

STORE_02 = "6982d34cd881f18566be1502"     # on core 1.0.0
DECLARED = [
    {"name": "region", "defaultValue": "eu-west", "required": False},
    {"name": "site_code", "required": True},
    {"name": "db_password", "isSensitive": True, "defaultValue": "changeme"},
]


def _declare(api, uid=CORE_UID):
    api.ok("PUT", f"/v1/clusterprofiles/{uid}/variables", json={"variables": DECLARED})


def _values(api, cluster, profile_uid=CORE_UID):
    answer = api.ok("GET", f"/v1/spectroclusters/{cluster}/variables")
    entry = [e for e in answer if e["profileUid"] == profile_uid][0]
    return {v["name"]: v["value"] for v in entry["variables"]}


def _state_values(api, cluster, profile_uid=CORE_UID):
    state = api.emu.admin("GET", "/state")
    attached = [c for c in state["clusters"] if c["uid"] == cluster][0]["attached"]
    return {v["name"]: v["value"] for a in attached if a["uid"] == profile_uid for v in a["variables"]}


def test_get_lists_each_attached_profile_with_its_declared_variables(api):
    _declare(api)
    answer = api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/variables")
    assert [e["profileUid"] for e in answer] == [INFRA_UID, CORE_UID]
    assert answer[0]["variables"] == []
    core = answer[1]["variables"]
    assert [v["name"] for v in core] == ["region", "site_code", "db_password"]
    assert core[0]["value"] == "" and core[0]["defaultValue"] == "eu-west"


@pytest.mark.parametrize("reading", ["masked", "clear"])
def test_patch_sets_values_and_sensitive_ones_follow_the_switch(api, reading):
    api.emu.config(sensitive_variable_read=reading)
    _declare(api)
    body = [{"profileUid": CORE_UID, "variables": [{"name": "site_code", "value": "hq"},
                                                   {"name": "db_password", "value": "s3cret"}]}]
    assert api.patch(f"/v1/spectroclusters/{EDGE_VMO}/variables", json=body).status_code == 204
    values = _values(api, EDGE_VMO)
    assert values["site_code"] == "hq" and values["region"] == ""
    assert values["db_password"] == ("s3cret" if reading == "clear" else "********")
    assert _state_values(api, EDGE_VMO) == {"site_code": "hq", "db_password": "s3cret"}
    # a second PATCH changes only what it lists
    api.ok("PATCH", f"/v1/spectroclusters/{EDGE_VMO}/variables",
           json=[{"profileUid": CORE_UID, "variables": [{"name": "region", "value": "us-east"}]}])
    assert _state_values(api, EDGE_VMO) == {"site_code": "hq", "db_password": "s3cret", "region": "us-east"}


def test_patch_refuses_bad_bodies_without_storing_anything(api):
    _declare(api)
    url = f"/v1/spectroclusters/{EDGE_VMO}/variables"
    undeclared = [{"profileUid": CORE_UID, "variables": [{"name": "site_code", "value": "hq"}, {"name": "nope", "value": "x"}]}]
    resp = api.patch(url, json=undeclared)
    assert resp.status_code == 400 and "nope" in resp.json()["message"]
    assert api.patch(url, json=[{"profileUid": CORE_OLD_UID, "variables": []}]).status_code == 400    # not attached
    # the shape is checked against the spec (the bundled subset holds the path), naming the field
    shapes = [({"profileUid": CORE_UID}, "(body): {'profileUid'"),                                       # not an array
              ([{"variables": []}], "[0]: 'profileUid' is a required property"),
              ([{"profileUid": CORE_UID, "variables": [{"value": "x"}]}], "[0].variables[0]: 'name' is a required property"),
              ([{"profileUid": CORE_UID, "variables": [{"name": "site_code", "value": 3}]}], "[0].variables[0].value: 3 is not")]
    for body, problem in shapes:
        resp = api.patch(url, json=body)
        assert resp.status_code == 400 and resp.json()["message"].startswith("Request body does not match the API spec")
        assert problem in resp.json()["message"], resp.json()["message"]
    assert api.patch(url).status_code == 400                                                          # no body
    assert _state_values(api, EDGE_VMO) == {}


def test_patch_refuses_unknown_fields_in_strict_mode(api):
    _declare(api)
    api.emu.config(strict=True)
    resp = api.patch(f"/v1/spectroclusters/{EDGE_VMO}/variables",
                     json=[{"profileUid": CORE_UID, "variables": [{"name": "site_code", "value": "hq", "secret": True}]}])
    assert resp.status_code == 400 and "secret" in resp.json()["message"]


@pytest.mark.parametrize("reading", ["ignored", "applied"])
def test_profile_patch_variables(api, reading):
    api.emu.config(profile_patch_variables=reading)
    _declare(api)
    api.ok("PATCH", f"/v1/spectroclusters/{STORE_02}/profiles",
           json={"profiles": [{"uid": CORE_UID, "replaceWithProfile": CORE_OLD_UID,
                               "variables": [{"name": "site_code", "value": "store-02"}]}]})
    assert _values(api, STORE_02)["site_code"] == ("store-02" if reading == "applied" else "")
    undeclared = {"profiles": [{"uid": CORE_UID, "replaceWithProfile": CORE_UID, "variables": [{"name": "nope", "value": "x"}]}]}
    assert api.patch(f"/v1/spectroclusters/{STORE_02}/profiles", json=undeclared).status_code == 400


@pytest.mark.parametrize("reading", ["reset", "kept"])
def test_replaced_variables(api, reading):
    api.emu.config(replaced_variables=reading)
    _declare(api)
    api.ok("PATCH", f"/v1/spectroclusters/{EDGE_VMO}/variables",
           json=[{"profileUid": CORE_UID, "variables": [{"name": "site_code", "value": "hq"}]}])
    api.ok("PATCH", f"/v1/spectroclusters/{EDGE_VMO}/profiles",
           json={"profiles": [{"uid": CORE_UID, "replaceWithProfile": CORE_UID}]})
    assert _state_values(api, EDGE_VMO) == ({"site_code": "hq"} if reading == "kept" else {})


def test_variables_routes_need_a_visible_cluster(api):
    assert api.get("/v1/spectroclusters/0123456789abcdef01234567/variables").status_code == 404
    assert api.get(f"/v1/spectroclusters/{EDGE_VMO}/variables", project=None).status_code == 404
