"""Scope: ProjectUid selects a project, no header = tenant; objects are invisible (404) from other scopes."""

from emulator_helpers import ADMIN_KEY, CORE_UID, EDGE_VMO, LAB_CORE_UID, LAB_PROJECT_UID, TENANT_PROFILE_UID, Api
from palette_emulator.testing import DEMO_PROJECT_UID


def test_profile_only_visible_from_its_project(api):
    assert api.get(f"/v1/clusterprofiles/{CORE_UID}").status_code == 200
    resp = api.get(f"/v1/clusterprofiles/{CORE_UID}", project=None)
    assert resp.status_code == 404
    assert resp.json()["code"] == "ResourceNotFound"
    admin = Api(api.emu, key=ADMIN_KEY, project=LAB_PROJECT_UID)
    assert admin.get(f"/v1/clusterprofiles/{CORE_UID}").status_code == 404
    assert admin.get(f"/v1/clusterprofiles/{LAB_CORE_UID}").status_code == 200


def test_tenant_profile_only_visible_without_header(api):
    assert api.get(f"/v1/clusterprofiles/{TENANT_PROFILE_UID}", project=None).status_code == 200
    assert api.get(f"/v1/clusterprofiles/{TENANT_PROFILE_UID}").status_code == 404
    names = [i["metadata"]["name"] for i in api.ok("GET", "/v1/dashboard/clusterprofiles/metadata", project=None)["items"]]
    assert names == ["tenant-baseline"]


def test_same_name_resolves_per_project(api):
    prod = api.ok("GET", "/v1/dashboard/clusterprofiles/metadata")["items"]
    lab = Api(api.emu, key=ADMIN_KEY, project=LAB_PROJECT_UID).ok("GET", "/v1/dashboard/clusterprofiles/metadata")["items"]

    def pick(items):
        return {(i["metadata"]["name"], i["spec"]["version"]): i["metadata"]["uid"] for i in items}
    assert pick(prod)[("core", "1.1.0")] == CORE_UID
    assert pick(lab)[("core", "1.1.0")] == LAB_CORE_UID
    assert ("core", "1.0.0") in pick(prod) and ("core", "1.0.0") not in pick(lab)


def test_cluster_scope(api):
    assert api.get(f"/v1/spectroclusters/{EDGE_VMO}").status_code == 200
    assert api.get(f"/v1/spectroclusters/{EDGE_VMO}", project=None).status_code == 404
    assert Api(api.emu, key=ADMIN_KEY, project=LAB_PROJECT_UID).get(f"/v1/dashboard/spectroclusters/{EDGE_VMO}").status_code == 404


def test_project_lookup(api):
    items = api.ok("GET", "/v1/dashboard/projects/metadata", params={"name": "edge-prod"}, project=None)["items"]
    assert items == [{"metadata": {"name": "edge-prod", "uid": DEMO_PROJECT_UID}}]
    assert api.ok("GET", "/v1/dashboard/projects/metadata", params={"name": "nope"}, project=None)["items"] == []
    admin = Api(api.emu, key=ADMIN_KEY, project=None)
    found = admin.ok("POST", "/v1/dashboard/projects", json={"filter": {"name": {"beginsWith": "EDGE"}}})
    assert [i["metadata"]["name"] for i in found["items"]] == ["edge-lab", "edge-prod"]   # ignoreCase defaults to true
    assert found["listmeta"] == {"continue": "", "count": 2, "limit": 50, "offset": 2}
    project = admin.ok("GET", f"/v1/projects/{DEMO_PROJECT_UID}")
    assert project["metadata"]["name"] == "edge-prod"
    assert api.get(f"/v1/projects/{LAB_PROJECT_UID}", project=None).status_code == 403
    assert admin.get("/v1/projects/0123456789abcdef01234567").status_code == 404


def test_unknown_project_header(api):
    admin = Api(api.emu, key=ADMIN_KEY, project="0123456789abcdef01234567")
    assert admin.get(f"/v1/clusterprofiles/{CORE_UID}").status_code == 404
    assert api.get(f"/v1/clusterprofiles/{CORE_UID}", project="0123456789abcdef01234567").status_code == 403
