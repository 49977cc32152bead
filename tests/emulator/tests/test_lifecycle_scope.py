"""Switches about profiles and search (manifest_without_content, tag_search, tenant_profiles_in_project), tenant- and
system-scoped profiles on project clusters, and clusters built from a cluster template (seed dicts, not demo.yml)."""

# pytest fixtures are passed as arguments named like the fixture functions.
# pylint: disable=redefined-outer-name

import pytest

from emulator_helpers import CORE_UID, EDGE_VMO, TENANT_PROFILE_UID, put_body
from palette_emulator.clock import Clock
from palette_emulator.seed import SeedError, build_store
from palette_emulator.testing import DEMO_PROJECT_UID, demo_seed

SYSTEM_PROFILE_UID = "697b00000000000000000002"
TEMPLATED = "6982d34cd881f18566be1700"
TEMPLATE_UID = "6a0000000000000000000001"
SITE_NAMESPACES = "698e43979f639727243be401"


def _seed():
    """The demo seed plus a system-scoped profile, a cluster built from a cluster template and a bare tag."""
    doc = demo_seed()
    doc["profiles"].append({"uid": SYSTEM_PROFILE_UID, "name": "system-baseline", "version": "1.0.0", "scope": "system",
                            "type": "add-on", "packs": [{"name": "nginx", "tag": "1.12.0"}]})
    doc["clusters"].append({"uid": TEMPLATED, "name": "edge-templated", "project": DEMO_PROJECT_UID,
                            "labels": {"canary": "spectro__tag", "env": "prod"},
                            "cluster_template": {"uid": TEMPLATE_UID, "project_uid": DEMO_PROJECT_UID},
                            "profiles": [{"uid": "698e434f56d5433423e3ee5a"}, {"uid": SYSTEM_PROFILE_UID}]})
    return doc


@pytest.fixture
def sapi(api):
    """The session emulator loaded with _seed()."""
    api.emu.reset(seed=_seed())
    api.emu.config(apply_seconds=10)
    return api


def _manifest_contents(api):
    items = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}/packs/edge-site-config/manifests")["items"]
    return {m["metadata"]["uid"]: m["spec"] for m in items}


@pytest.mark.parametrize("mode", ["blanked", "kept"])
def test_manifest_without_content(api, mode):
    api.emu.config(manifest_without_content=mode, profile_put="draft")
    original = _manifest_contents(api)[SITE_NAMESPACES]["published"]["content"]
    assert original.startswith("apiVersion: v1\nkind: Namespace")          # demo seed
    body = put_body(api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}"))          # manifests as {name, uid}: no content
    assert "content" not in body["spec"]["template"]["packs"][4]["manifests"][0]
    api.ok("PUT", f"/v1/clusterprofiles/{CORE_UID}", json=body)
    draft = _manifest_contents(api)[SITE_NAMESPACES]["draft"]["content"]
    assert draft == ("" if mode == "blanked" else original)


def _search_tags(api, value):
    body = {"filter": {"conjunction": "and", "filterGroups": [{"conjunction": "and", "filters": [
        {"property": "tags", "type": "string", "condition": {"string": {"operator": "eq", "match": {"values": [value]}}}}]}]}}
    return [i["metadata"]["name"] for i in api.ok("POST", "/v1/dashboard/spectroclusters/search", json=body)["items"]]


@pytest.mark.parametrize("mode", ["stored", "bare"])
def test_tag_search(sapi, mode):
    sapi.emu.config(tag_search=mode)
    assert _search_tags(sapi, "canary:spectro__tag") == (["edge-templated"] if mode == "stored" else [])
    assert _search_tags(sapi, "canary") == (["edge-templated"] if mode == "bare" else [])
    assert "edge-templated" in _search_tags(sapi, "env:prod")                  # key:value labels match under both
    labels = sapi.ok("GET", f"/v1/spectroclusters/{TEMPLATED}")["metadata"]["labels"]
    assert labels["canary"] == "spectro__tag"


@pytest.mark.parametrize("mode", ["hidden", "visible"])
def test_tenant_profiles_in_project(sapi, mode):
    sapi.emu.config(tenant_profiles_in_project=mode)
    for uid, scope in ((TENANT_PROFILE_UID, "tenant"), (SYSTEM_PROFILE_UID, "system")):
        tenant_read = sapi.get(f"/v1/clusterprofiles/{uid}", project=None)
        assert tenant_read.status_code == 200
        assert tenant_read.json()["metadata"]["annotations"]["scope"] == scope
        from_project = sapi.get(f"/v1/clusterprofiles/{uid}")
        assert from_project.status_code == (404 if mode == "hidden" else 200)
        assert sapi.get(f"/v1/clusterprofiles/{uid}/packs").status_code == (404 if mode == "hidden" else 200)
    # writes stay in the profile's own scope under both readings
    body = put_body(sapi.ok("GET", f"/v1/clusterprofiles/{TENANT_PROFILE_UID}", project=None))
    assert sapi.put(f"/v1/clusterprofiles/{TENANT_PROFILE_UID}", json=body).status_code == 404


def test_tenant_and_system_profiles_attach_to_a_project_cluster(sapi):
    for uid in (TENANT_PROFILE_UID, SYSTEM_PROFILE_UID):
        resp = sapi.patch(f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profiles": [{"uid": uid}]})
        assert resp.status_code == 204, resp.text
    cluster = sapi.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")
    assert [t["name"] for t in cluster["spec"]["clusterProfileTemplates"]] == ["infra", "core", "tenant-baseline", "system-baseline"]
    sapi.emu.advance_clock(11)
    packs = sapi.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")["status"]["packs"]
    assert [(p["name"], p["version"], p["condition"]["type"]) for p in packs if p["profileUid"] in (TENANT_PROFILE_UID, SYSTEM_PROFILE_UID)] == \
        [("cert-manager", "1.16.1", "Ready"), ("nginx", "1.12.0", "Ready")]
    lab_core = "697a0c1e2f3a4b5c6d7e9001"        # another project's profile still cannot be attached
    assert sapi.patch(f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profiles": [{"uid": lab_core}]}).status_code == 400


def test_cluster_built_from_a_template(sapi):
    cluster = sapi.ok("GET", f"/v1/spectroclusters/{TEMPLATED}")
    assert cluster["spec"]["clusterTemplate"] == {"uid": TEMPLATE_UID, "projectUid": DEMO_PROJECT_UID}
    assert [t["uid"] for t in cluster["spec"]["clusterProfileTemplates"]] == ["698e434f56d5433423e3ee5a", SYSTEM_PROFILE_UID]
    assert "clusterTemplate" not in sapi.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")["spec"]
    resp = sapi.patch(f"/v1/spectroclusters/{TEMPLATED}/profiles", json={"profiles": [{"uid": CORE_UID}]})
    assert resp.status_code == 204                 # accepted like any cluster's PATCH (the collection refuses it itself)


def test_seed_scope_errors():
    doc = _seed()
    doc["profiles"][-1]["scope"] = "galaxy"
    with pytest.raises(SeedError, match="scope 'galaxy' must be project"):
        build_store(doc, Clock())
    doc = _seed()
    doc["clusters"][-1]["cluster_template"] = {"uid": "nope"}
    with pytest.raises(SeedError, match="cluster_template must be a mapping with uid"):
        build_store(doc, Clock())
