"""Clusters: attached templates, pending updates, PATCH/PUT/DELETE /profiles, overrides, auto-apply.

The install lifecycle (status.packs[], spcApply, repave) and every switch are in test_lifecycle.py.
"""

# pytest fixtures are passed as arguments named like the fixture functions.
# pylint: disable=redefined-outer-name

import pytest

from emulator_helpers import CORE_OLD_UID, CORE_UID, EDGE_VMO, INFRA_UID, METALLB_0149, STORE_01, STORE_03, Api, put_body, set_tag
from palette_emulator.testing import EmulatorProcess


def _publish_metallb_0149(api):
    """PUT into the draft, then publish (profile_put: draft, the reading these tests were written for)."""
    api.emu.config(profile_put="draft", profile_updates="merged")
    prof = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    api.ok("PUT", f"/v1/clusterprofiles/{CORE_UID}", json=put_body(prof, lambda packs: set_tag(packs, "metallb", "0.14.9", METALLB_0149)))
    api.ok("PATCH", f"/v1/clusterprofiles/{CORE_UID}/publish")


def _running_tags(api, uid):
    cluster = api.ok("GET", f"/v1/spectroclusters/{uid}")
    return {p["name"]: p["tag"] for t in cluster["spec"]["clusterProfileTemplates"] for p in t["packs"]}


def _notified(api, uid):
    return api.ok("GET", f"/v1/dashboard/spectroclusters/{uid}")["status"]["notifications"]["isAvailable"]


def test_cluster_shape(api):
    cluster = api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")
    assert cluster["metadata"]["name"] == "edge-vmo"
    assert [t["uid"] for t in cluster["spec"]["clusterProfileTemplates"]] == [INFRA_UID, CORE_UID]
    assert cluster["status"]["state"] == "Running"
    assert cluster["status"]["spcApply"]["canBeApplied"] is True
    profiles = api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/profiles")["profiles"]
    assert profiles[1]["spec"]["packs"][1]["spec"]["name"] == "metallb"
    assert profiles[1]["spec"]["packs"][1]["spec"]["version"] == "0.14.8"
    assert api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/profileUpdates") == {"profiles": []}
    assert _notified(api, STORE_03) is True        # seeded with an older VMO than core publishes
    assert not _notified(api, EDGE_VMO)


def test_put_alone_does_not_reach_clusters(api):
    api.emu.config(profile_put="draft", profile_updates="merged")
    prof = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    api.ok("PUT", f"/v1/clusterprofiles/{CORE_UID}", json=put_body(prof, lambda packs: set_tag(packs, "metallb", "0.14.9", METALLB_0149)))
    assert not _notified(api, EDGE_VMO)
    assert api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/profileUpdates") == {"profiles": []}


def test_publish_raises_a_pending_update_and_snapshot_stays(api):
    _publish_metallb_0149(api)
    assert _notified(api, EDGE_VMO) and _notified(api, STORE_01)
    assert _running_tags(api, EDGE_VMO)["metallb"] == "0.14.8"
    updates = api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/profileUpdates")["profiles"]
    assert [u["uid"] for u in updates] == [CORE_UID]
    assert {p["name"]: p["tag"] for p in updates[0]["packs"]}["metallb"] == "0.14.9"
    assert not _notified(api, "6982d34cd881f18566be1502")     # edge-store-02 uses core 1.0.0


def test_attached_set_changes_at_patch_not_at_install(api):
    api.emu.config(apply_seconds=10)      # long enough that a slow machine cannot finish it by itself
    _publish_metallb_0149(api)
    resp = api.patch(f"/v1/spectroclusters/{EDGE_VMO}/profiles", params={"resolveNotification": "true"},
                     json={"profiles": [{"uid": CORE_UID, "replaceWithProfile": CORE_UID}],
                           "spcApplySettings": {"actionType": "DownloadAndInstall"}})
    assert resp.status_code == 204
    cluster = api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")
    assert cluster["status"]["state"] == "Running"
    assert _running_tags(api, EDGE_VMO)["metallb"] == "0.14.9"
    assert not _notified(api, EDGE_VMO)
    api.emu.advance_clock(10.5)
    assert api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")["status"]["state"] == "Running"
    assert [p["metadata"]["uid"] for p in api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/profiles")["profiles"]] == [INFRA_UID, CORE_UID]


def test_patch_without_replace_adds_a_duplicate(api):
    api.ok("PATCH", f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profiles": [{"uid": CORE_UID}]})
    api.emu.advance_clock(3)
    uids = [t["uid"] for t in api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")["spec"]["clusterProfileTemplates"]]
    assert uids == [INFRA_UID, CORE_UID, CORE_UID]


def test_overrides_are_kept_across_an_update(api):
    api.emu.config(apply_seconds=30)
    before = api.ok("GET", f"/v1/spectroclusters/{STORE_01}")
    own = [p for t in before["spec"]["clusterProfileTemplates"] for p in t["packs"] if p["name"] == "metallb"][0]["values"]
    assert "10.21.0.240/28" in own
    _publish_metallb_0149(api)
    api.ok("PATCH", f"/v1/spectroclusters/{STORE_01}/profiles", params={"resolveNotification": "true"},
           json={"profiles": [{"uid": CORE_UID, "replaceWithProfile": CORE_UID}]})
    api.emu.admin("POST", f"/clusters/{STORE_01}/apply", {"result": "complete"})
    after = api.ok("GET", f"/v1/spectroclusters/{STORE_01}")
    metallb = [p for t in after["spec"]["clusterProfileTemplates"] for p in t["packs"] if p["name"] == "metallb"][0]
    assert metallb["tag"] == "0.14.9" and metallb["values"] == own


def test_patch_with_new_pack_values_replaces_overrides(api):
    values = "charts:\n  metallb-full: {}\n# mine\n"
    api.ok("PATCH", f"/v1/spectroclusters/{EDGE_VMO}/profiles", params={"resolveNotification": "true"},
           json={"profiles": [{"uid": CORE_UID, "replaceWithProfile": CORE_UID,
                               "packValues": [{"name": "metallb", "tag": "0.14.8", "values": values}]}]})
    api.emu.advance_clock(5)
    assert [p for t in api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")["spec"]["clusterProfileTemplates"]
            for p in t["packs"] if p["name"] == "metallb"][0]["values"] == values


def test_version_upgrade_with_replace_and_put(api):
    store02 = "6982d34cd881f18566be1502"
    api.ok("PATCH", f"/v1/spectroclusters/{store02}/profiles", json={"profiles": [{"uid": CORE_UID, "replaceWithProfile": CORE_OLD_UID}]})
    api.emu.advance_clock(3)
    assert [t["name"] + "@" + t["profileVersion"] for t in api.ok("GET", f"/v1/spectroclusters/{store02}")["spec"]["clusterProfileTemplates"]] == \
        ["infra@1.0.0", "core@1.1.0"]
    api.ok("PUT", f"/v1/spectroclusters/{store02}/profiles", json={"profiles": [{"uid": INFRA_UID}]})
    api.emu.advance_clock(3)
    assert [t["uid"] for t in api.ok("GET", f"/v1/spectroclusters/{store02}")["spec"]["clusterProfileTemplates"]] == [INFRA_UID]


def test_bad_profile_bodies(api):
    assert api.patch(f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profiles": [{"uid": "0123456789abcdef01234567"}]}).status_code == 400
    bad_replace = {"profiles": [{"uid": CORE_UID, "replaceWithProfile": "0123456789abcdef01234567"}]}
    assert api.patch(f"/v1/spectroclusters/{EDGE_VMO}/profiles", json=bad_replace).status_code == 400
    assert api.patch(f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={}).status_code == 400       # profiles is required


def test_admin_fail_ends_the_install_in_error(api):
    api.emu.config(apply_seconds=30)
    _publish_metallb_0149(api)
    api.ok("PATCH", f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profiles": [{"uid": CORE_UID, "replaceWithProfile": CORE_UID}]})
    api.emu.admin("POST", f"/clusters/{EDGE_VMO}/apply", {"result": "fail", "message": "disk full"})
    cluster = api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")
    assert cluster["status"]["state"] == "Running"
    metallb = [p for p in cluster["status"]["packs"] if p["name"] == "metallb"][0]
    assert metallb["condition"]["type"] == "Error" and metallb["condition"]["message"] == "disk full"
    assert metallb["version"] == "0.14.9" and metallb["profileUid"] == CORE_UID
    assert _running_tags(api, EDGE_VMO)["metallb"] == "0.14.9"      # the attached set is what was PATCHed


def test_delete_cluster_profiles(api):
    assert api.delete(f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profileUids": [CORE_UID]}).status_code == 204
    api.emu.advance_clock(3)
    assert [t["uid"] for t in api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")["spec"]["clusterProfileTemplates"]] == [INFRA_UID]


@pytest.fixture(scope="module")
def auto_apply_emulator():
    """An emulator where publishing applies at once (cluster-updates.md behaviour)."""
    with EmulatorProcess(extra_args=("--auto-apply", "--apply-seconds", "30")) as emu:
        yield emu


def test_auto_apply_mode(auto_apply_emulator):
    api = Api(auto_apply_emulator)
    auto_apply_emulator.reset()
    _publish_metallb_0149(api)
    cluster = api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")
    assert cluster["status"]["state"] == "Running"
    assert _running_tags(api, EDGE_VMO)["metallb"] == "0.14.9"       # attached at publish
    assert [p["version"] for p in cluster["status"]["packs"] if p["name"] == "metallb"] == ["0.14.8"]   # not installed yet
    assert not _notified(api, EDGE_VMO)
    auto_apply_emulator.advance_clock(31)
    cluster = api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")
    assert [(p["version"], p["condition"]["type"]) for p in cluster["status"]["packs"] if p["name"] == "metallb"] == [("0.14.9", "Ready")]
    store01 = api.ok("GET", f"/v1/spectroclusters/{STORE_01}")
    metallb = [p for t in store01["spec"]["clusterProfileTemplates"] for p in t["packs"] if p["name"] == "metallb"][0]
    assert metallb["tag"] == "0.14.9" and "10.21.0.240/28" in metallb["values"]


def test_delete_of_a_profile_not_attached_is_refused_and_changes_nothing(api):
    resp = api.delete(f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profileUids": [CORE_UID, CORE_OLD_UID]})
    assert resp.status_code == 400 and CORE_OLD_UID in resp.json()["message"]
    assert [t["uid"] for t in api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")["spec"]["clusterProfileTemplates"]] == [INFRA_UID, CORE_UID]


def test_attach_adds_an_add_on_and_delete_removes_every_copy(api):
    tenant_baseline = "697b00000000000000000001"
    api.ok("PATCH", f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profiles": [{"uid": tenant_baseline}]})
    api.ok("PATCH", f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profiles": [{"uid": tenant_baseline}]})
    uids = [t["uid"] for t in api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")["spec"]["clusterProfileTemplates"]]
    assert uids == [INFRA_UID, CORE_UID, tenant_baseline, tenant_baseline]      # a second attach is a duplicate
    api.ok("DELETE", f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profileUids": [tenant_baseline]})
    assert [t["uid"] for t in api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")["spec"]["clusterProfileTemplates"]] == [INFRA_UID, CORE_UID]
