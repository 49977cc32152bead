"""status.inUseClusterTemplates: a cluster template references the profile versions of the clusters built from it,
including clusters deleted since (the emulator keeps no cluster templates of its own; profiles.template_users)."""

from emulator_helpers import CORE_OLD_UID

from palette_emulator.testing import demo_seed

TEMPLATE = "69a00000000000000000a0a1"
STORE_99 = "6982d34cd881f18566be1599"   # edge-store-99: deleted, with infra 1.0.0 attached


def _seed_with_template():
    """The demo seed with edge-store-99 (deleted) built from a cluster template and given core 1.0.0 too."""
    seed = demo_seed()
    for cluster in seed["clusters"]:
        if cluster["uid"] == STORE_99:
            cluster["cluster_template"] = {"uid": TEMPLATE}
            cluster["profiles"] = list(cluster["profiles"]) + [{"uid": CORE_OLD_UID}]
    return seed


def test_a_deleted_clusters_template_still_uses_its_profiles(api):
    api.emu.reset(seed=_seed_with_template())
    prof = api.ok("GET", f"/v1/clusterprofiles/{CORE_OLD_UID}")
    assert [c["name"] for c in prof["status"]["inUseClusters"]] == ["edge-store-02"]
    assert prof["status"]["inUseClusterTemplates"] == [
        {"kind": "clustertemplate", "name": "template-00a0a1", "uid": TEMPLATE, "projectUid": "69791bbdb68bd0033ad275a5"}]
    summary = api.ok("GET", f"/v1/dashboard/clusterprofiles/{CORE_OLD_UID}")
    assert summary["status"]["inUseClusterTemplates"] == [{"name": "template-00a0a1", "uid": TEMPLATE}]
    listed = api.ok("POST", "/v1/dashboard/clusterprofiles", json={"filter": {"profileName": {"eq": "core"}}})
    by_uid = dict((i["metadata"]["uid"], i) for i in listed["items"])
    assert by_uid[CORE_OLD_UID]["status"]["inUseClusterTemplates"] == [{"name": "template-00a0a1", "uid": TEMPLATE}]


def test_no_template_without_a_cluster_built_from_one(api):
    api.emu.config(profile_usage_lists="listed")   # the default leaves the empty list out (test_profiles)
    prof = api.ok("GET", f"/v1/clusterprofiles/{CORE_OLD_UID}")
    assert prof["status"]["inUseClusterTemplates"] == []


def test_delete_refused_while_a_template_uses_it(api):
    seed = _seed_with_template()
    seed["clusters"] = [c for c in seed["clusters"] if c["uid"] != "6982d34cd881f18566be1502"]   # only the template left
    api.emu.reset(seed=seed)
    api.emu.config(profile_delete_in_use="refused")
    resp = api.delete(f"/v1/clusterprofiles/{CORE_OLD_UID}")
    assert resp.status_code == 409 and "template-00a0a1" in resp.json()["message"]
