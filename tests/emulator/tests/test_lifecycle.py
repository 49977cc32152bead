"""The apply lifecycle of docs/dev/apply-lifecycle.md: attached at PATCH, status.packs[] from stale through progress to
Ready (or Error), spcApply, install-later, repave, notifications; state stays Running.

Expected values are computed here from the demo seed and the emulator clock, not read back from the emulator's code.
"""

# pytest fixtures are passed as arguments named like the fixture functions.
# pylint: disable=redefined-outer-name

from datetime import datetime

import pytest

from emulator_helpers import CORE_OLD_UID, CORE_UID, EDGE_VMO, INFRA_UID, METALLB_0149, STORE_01, STORE_02, put_body, set_tag
from palette_emulator.testing import EmulatorError, EmulatorProcess

CERT_MANAGER_1161 = "65a1f0000000000000000702"
CNI_CALICO_3291 = "65a1f0000000000000000302"
LATER = "DownloadAndInstallLater"


@pytest.fixture
def lapi(api):
    """The demo emulator with a 10 s install and manifests kept on PUT (manifests have their own tests)."""
    api.emu.config(apply_seconds=10, manifest_without_content="kept")
    return api


def _secs(stamp):
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def _edit(api, profile_uid, change):
    """A profile edit (PUT); under the default profile_put=in_place it is the new published content at once."""
    api.ok("PUT", f"/v1/clusterprofiles/{profile_uid}", json=put_body(api.ok("GET", f"/v1/clusterprofiles/{profile_uid}"), change))


def _metallb_0149(packs):
    set_tag(packs, "metallb", "0.14.9", METALLB_0149)


def _patch(api, cluster, uid=CORE_UID, action=None, resolve=True):
    body = {"profiles": [{"uid": uid, "replaceWithProfile": uid}]}
    if action:
        body["spcApplySettings"] = {"actionType": action}
    resp = api.patch(f"/v1/spectroclusters/{cluster}/profiles", json=body, params={"resolveNotification": "true"} if resolve else None)
    assert resp.status_code == 204, resp.text
    return resp


def _cluster(api, uid=EDGE_VMO):
    cluster = api.ok("GET", f"/v1/spectroclusters/{uid}")
    assert cluster["status"]["state"] == "Running"        # never Updating, whatever happens
    return cluster


def _pack(cluster, name, profile_uid=CORE_UID):
    found = [p for p in cluster["status"]["packs"] if p["name"] == name and p["profileUid"] == profile_uid]
    assert len(found) == 1, cluster["status"]["packs"]
    return found[0]


def _attached_tag(cluster, name):
    return [p["tag"] for t in cluster["spec"]["clusterProfileTemplates"] for p in t["packs"] if p["name"] == name][0]


def _notified(api, uid):
    return api.ok("GET", f"/v1/dashboard/spectroclusters/{uid}")["status"]["notifications"]["isAvailable"]


# -- the lifecycle ----------------------------------------------------------------------------------------
def test_seed_installs_everything_ready(lapi):
    cluster = _cluster(lapi)
    packs = cluster["status"]["packs"]
    assert [(p["profileUid"], p["name"]) for p in packs] == \
        [(INFRA_UID, n) for n in ("edge-native-byoi", "edge-k8s", "cni-calico", "csi-rook-ceph")] + \
        [(CORE_UID, n) for n in ("virtual-machine-orchestrator", "metallb", "cert-manager", "nginx", "edge-site-config")]
    assert {(p["condition"]["type"], p["condition"]["status"]) for p in packs} == {("Ready", "True")}
    assert _pack(cluster, "metallb")["version"] == "0.14.8"
    stamp = packs[0]["condition"]["lastTransitionTime"]
    assert len(stamp) == len("2026-01-01T00:00:00.000Z") and stamp.endswith("Z")      # milliseconds
    assert cluster["status"]["repave"] == {"state": "Approved"}
    assert cluster["status"]["spcApply"]["canBeApplied"] is True


def test_attached_at_patch_then_stale_then_progress_then_ready(lapi):
    before = _cluster(lapi)
    old = _pack(before, "metallb")
    _edit(lapi, CORE_UID, _metallb_0149)
    assert _attached_tag(_cluster(lapi), "metallb") == "0.14.8"       # a profile edit never changes the attached set
    assert _notified(lapi, EDGE_VMO) is True
    _patch(lapi, EDGE_VMO)
    cluster = _cluster(lapi)
    assert _attached_tag(cluster, "metallb") == "0.14.9"              # attached at once
    spc = cluster["status"]["spcApply"]
    assert spc["actionType"] == "DownloadAndInstall" and spc["canBeApplied"] is True
    patched = _secs(spc["lastModifiedTime"])
    assert patched > _secs(old["condition"]["lastTransitionTime"])
    assert _pack(cluster, "metallb") == old                          # stale: the previous install, unchanged
    assert _notified(lapi, EDGE_VMO) is False
    lapi.emu.advance_clock(6)                                        # past half of apply_seconds: the agent picked it up
    cluster = _cluster(lapi)
    metallb = _pack(cluster, "metallb")
    assert metallb["version"] == "0.14.9"
    assert {k: metallb["condition"][k] for k in ("type", "status", "reason")} == {"type": "Progressing", "status": "True", "reason": "Installing"}
    assert "endTime" not in metallb
    assert abs(_secs(metallb["startTime"]) - (patched + 5)) < 0.01
    assert _pack(cluster, "cert-manager") == _pack(before, "cert-manager")     # unchanged packs keep their status
    lapi.emu.advance_clock(5)
    cluster = _cluster(lapi)
    metallb = _pack(cluster, "metallb")
    assert (metallb["version"], metallb["condition"]["type"], metallb["condition"]["status"]) == ("0.14.9", "Ready", "True")
    assert abs(_secs(metallb["condition"]["lastTransitionTime"]) - (patched + 10)) < 0.01
    assert metallb["endTime"] == metallb["condition"]["lastTransitionTime"] == cluster["status"]["spcApply"]["patchAppliedTime"]
    assert _pack(cluster, "cert-manager") == _pack(before, "cert-manager")
    summary = lapi.ok("GET", f"/v1/dashboard/spectroclusters/{EDGE_VMO}")["status"]
    assert [p for p in summary["packs"] if p["name"] == "metallb"] == [metallb]


def test_version_change_replaces_the_profile_uid_and_removed_packs_go_at_the_end(lapi):
    store02 = _cluster(lapi, STORE_02)
    assert {p["profileUid"] for p in store02["status"]["packs"]} == {"698e434f56d5433423e3ee00", CORE_OLD_UID}
    lapi.ok("PATCH", f"/v1/spectroclusters/{STORE_02}/profiles", json={"profiles": [{"uid": CORE_UID, "replaceWithProfile": CORE_OLD_UID}]})
    lapi.emu.advance_clock(6)
    uids = [(p["profileUid"], p["condition"]["type"]) for p in _cluster(lapi, STORE_02)["status"]["packs"]]
    assert (CORE_UID, "Progressing") in uids and (CORE_OLD_UID, "Ready") in uids     # old entries stay until the end
    lapi.emu.advance_clock(5)
    packs = _cluster(lapi, STORE_02)["status"]["packs"]
    assert CORE_OLD_UID not in {p["profileUid"] for p in packs}
    assert [p["name"] for p in packs if p["profileUid"] == CORE_UID] == \
        ["virtual-machine-orchestrator", "metallb", "cert-manager", "nginx", "edge-site-config"]


def test_delete_removes_the_pack_entries_once_installed(lapi):
    assert lapi.delete(f"/v1/spectroclusters/{EDGE_VMO}/profiles", json={"profileUids": [CORE_UID]}).status_code == 204
    assert CORE_UID in {p["profileUid"] for p in _cluster(lapi)["status"]["packs"]}
    lapi.emu.advance_clock(11)
    assert {p["profileUid"] for p in _cluster(lapi)["status"]["packs"]} == {INFRA_UID}


def test_a_patch_that_changes_nothing_installs_nothing(lapi):
    before = _cluster(lapi)
    _patch(lapi, EDGE_VMO)
    lapi.emu.advance_clock(11)
    after = _cluster(lapi)
    assert after["status"]["packs"] == before["status"]["packs"]
    assert after["status"]["spcApply"] == before["status"]["spcApply"]


def _install_metallb_and_cert_manager(api):
    """Edit core (metallb 0.14.9, cert-manager 1.16.1), apply it to edge-vmo and let the install finish."""
    def change(packs):
        _metallb_0149(packs)
        set_tag(packs, "cert-manager", "1.16.1", CERT_MANAGER_1161)
    _edit(api, CORE_UID, change)
    _patch(api, EDGE_VMO)
    api.emu.advance_clock(11)
    return _cluster(api)


@pytest.mark.parametrize("named", ["metallb", None])
def test_injected_error_ends_a_pack_in_error(lapi, named):
    injected = lapi.emu.admin("POST", f"/clusters/{EDGE_VMO}/inject", {"apply_error": {"pack": named, "message": "ImagePullBackOff"}})
    assert injected["apply_error"] == {"pack": named, "message": "ImagePullBackOff"} and injected["repave"] is None
    cluster = _install_metallb_and_cert_manager(lapi)
    metallb, cert = _pack(cluster, "metallb"), _pack(cluster, "cert-manager")
    # named or not, metallb (the named pack, or the first changed one) fails; cert-manager installs
    assert {k: metallb["condition"][k] for k in ("type", "status", "reason", "message")} == \
        {"type": "Error", "status": "True", "reason": "InstallFailed", "message": "ImagePullBackOff"}
    assert metallb["version"] == "0.14.9"
    assert (cert["version"], cert["condition"]["type"], cert["condition"]["status"]) == ("1.16.1", "Ready", "True")
    assert lapi.emu.admin("POST", f"/clusters/{EDGE_VMO}/inject", {"apply_error": None})["apply_error"] is None


def test_injected_error_on_a_named_pack(lapi):
    lapi.emu.admin("POST", f"/clusters/{EDGE_VMO}/inject", {"apply_error": {"pack": "cert-manager", "message": "no"}})
    cluster = _install_metallb_and_cert_manager(lapi)
    assert (_pack(cluster, "cert-manager")["condition"]["type"], _pack(cluster, "metallb")["condition"]["type"]) == ("Error", "Ready")


def test_admin_apply_finishes_now(lapi):
    _edit(lapi, CORE_UID, _metallb_0149)
    _patch(lapi, EDGE_VMO)
    assert lapi.emu.admin("POST", f"/clusters/{EDGE_VMO}/apply", {"result": "complete"}) == {"uid": EDGE_VMO, "state": "Running"}
    metallb = _pack(_cluster(lapi), "metallb")
    assert (metallb["version"], metallb["condition"]["type"]) == ("0.14.9", "Ready")
    with pytest.raises(EmulatorError, match="has no apply in progress"):
        lapi.emu.admin("POST", f"/clusters/{EDGE_VMO}/apply", {"result": "complete"})


@pytest.mark.parametrize("mode,can_before", [("until_trigger", False), ("when_downloaded", True)])
def test_install_later_waits_for_the_trigger(lapi, mode, can_before):
    lapi.emu.config(install_later_can_be_applied=mode)
    old = _pack(_cluster(lapi), "metallb")
    _edit(lapi, CORE_UID, _metallb_0149)
    _patch(lapi, EDGE_VMO, action=LATER)
    cluster = _cluster(lapi)
    assert _attached_tag(cluster, "metallb") == "0.14.9"
    assert cluster["status"]["spcApply"]["actionType"] == LATER
    assert cluster["status"]["spcApply"]["canBeApplied"] is can_before
    assert lapi.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/status/spcApply")["canBeApplied"] is can_before
    lapi.emu.advance_clock(60)
    assert _pack(_cluster(lapi), "metallb") == old                   # nothing installs without the trigger
    resp = lapi.post(f"/v1/spectroclusters/{EDGE_VMO}/status/spcApply")
    assert resp.status_code == 202 and resp.headers.get("AuditUid")
    triggered = _cluster(lapi)
    assert triggered["status"]["spcApply"]["canBeApplied"] is True
    lapi.emu.advance_clock(11)
    metallb = _pack(_cluster(lapi), "metallb")
    assert (metallb["version"], metallb["condition"]["type"]) == ("0.14.9", "Ready")
    assert _secs(metallb["condition"]["lastTransitionTime"]) - _secs(triggered["status"]["spcApply"]["lastModifiedTime"]) > 60


def test_repave_pending_until_approved(lapi):
    reasons = [{"code": "OsPackChanged", "message": "the OS image changes: nodes are repaved"}]
    assert lapi.emu.admin("POST", f"/clusters/{EDGE_VMO}/inject", {"repave": {"reasons": reasons}})["repave"] == {"reasons": reasons}
    assert lapi.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/repave/status")["status"]["state"] == "Approved"
    _edit(lapi, INFRA_UID, lambda packs: set_tag(packs, "cni-calico", "3.29.1", CNI_CALICO_3291))
    _patch(lapi, EDGE_VMO, uid=INFRA_UID)
    old = _pack(_cluster(lapi), "cni-calico", INFRA_UID)
    assert _cluster(lapi)["status"]["repave"] == {"state": "Pending"}
    repave = lapi.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/repave/status")
    assert repave["spec"]["reasons"] == reasons and repave["status"]["state"] == "Pending"
    lapi.emu.advance_clock(60)
    assert _pack(_cluster(lapi), "cni-calico", INFRA_UID) == old
    resp = lapi.patch(f"/v1/spectroclusters/{EDGE_VMO}/repave/approve")
    assert resp.status_code == 204
    assert _cluster(lapi)["status"]["repave"] == {"state": "Approved"}
    lapi.emu.advance_clock(11)
    calico = _pack(_cluster(lapi), "cni-calico", INFRA_UID)
    assert (calico["version"], calico["condition"]["type"], calico["condition"]["status"]) == ("3.29.1", "Ready", "True")


def test_repave_and_install_later_both_hold_the_install(lapi):
    lapi.emu.admin("POST", f"/clusters/{EDGE_VMO}/inject", {"repave": {"reasons": [{"code": "K8sChanged", "message": "k8s"}]}})
    _edit(lapi, CORE_UID, _metallb_0149)
    _patch(lapi, EDGE_VMO, action=LATER)
    lapi.patch(f"/v1/spectroclusters/{EDGE_VMO}/repave/approve")
    lapi.emu.advance_clock(30)
    assert _pack(_cluster(lapi), "metallb")["version"] == "0.14.8"
    lapi.post(f"/v1/spectroclusters/{EDGE_VMO}/status/spcApply")
    lapi.emu.advance_clock(11)
    assert _pack(_cluster(lapi), "metallb")["version"] == "0.14.9"


def test_notifications_follow_published_content(lapi):
    assert [_notified(lapi, c) for c in (EDGE_VMO, STORE_01, STORE_02)] == [False, False, False]
    _edit(lapi, CORE_UID, _metallb_0149)
    assert [_notified(lapi, c) for c in (EDGE_VMO, STORE_01, STORE_02)] == [True, True, False]    # store-02 is on core 1.0.0
    _patch(lapi, STORE_01, resolve=False)          # everything attached is re-read: nothing differs any more
    assert _notified(lapi, STORE_01) is False
    lapi.emu.config(patch_scope="named")
    _edit(lapi, INFRA_UID, lambda packs: set_tag(packs, "cni-calico", "3.29.1", CNI_CALICO_3291))
    _patch(lapi, EDGE_VMO, resolve=False)          # core only: infra still differs
    assert _notified(lapi, EDGE_VMO) is True
    _patch(lapi, EDGE_VMO, resolve=True)
    assert _notified(lapi, EDGE_VMO) is False


def test_inject_bad_calls(lapi):
    for body, needle in (({"apply_error": "x"}, "apply_error must be"), ({"repave": {"reasons": "x"}}, "repave must be"),
                         ({"colour": 1}, "unknown field(s) colour")):
        with pytest.raises(EmulatorError) as err:
            lapi.emu.admin("POST", f"/clusters/{EDGE_VMO}/inject", body)
        assert needle in str(err.value)
    with pytest.raises(EmulatorError, match="does not exist"):
        lapi.emu.admin("POST", "/clusters/0123456789abcdef01234567/inject", {})


# -- the switches -----------------------------------------------------------------------------------------
def test_switches_are_listed_with_the_default_first(emulator_reset):
    expected = {
        "profile_updates": ["empty", "template", "merged"], "profile_put": ["in_place", "draft"],
        "manifest_without_content": ["blanked", "kept"], "tag_search": ["stored", "bare"],
        "tenant_profiles_in_project": ["hidden", "visible"], "install_later_can_be_applied": ["until_trigger", "when_downloaded"],
        "pack_status_after_patch": ["stale", "fresh"], "progress_condition": ["progressing", "ready_false"],
        "patch_scope": ["all_attached", "named"], "profile_delete_in_use": ["deletes", "refused"],
        "sensitive_variable_read": ["masked", "clear"], "profile_patch_variables": ["ignored", "applied"],
        "replaced_variables": ["reset", "kept"], "profile_usage_lists": ["omitted_when_empty", "listed"],
    }
    assert emulator_reset.admin("GET", "/switches") == expected
    config = emulator_reset.config()
    assert {name: config[name] for name in expected} == {name: values[0] for name, values in expected.items()}
    with pytest.raises(EmulatorError, match="profile_put must be one of in_place, draft"):
        emulator_reset.config(profile_put="sometimes")


def test_switches_from_the_command_line():
    flags = ("--profile-updates", "merged", "--profile-put", "draft", "--manifest-without-content", "kept", "--tag-search", "bare",
             "--tenant-profiles-in-project", "visible", "--install-later-can-be-applied", "when_downloaded",
             "--pack-status-after-patch", "fresh", "--progress-condition", "ready_false", "--patch-scope", "named")
    with EmulatorProcess(extra_args=flags) as emu:
        config = emu.config()
        assert {k: config[k] for k in ("profile_updates", "profile_put", "manifest_without_content", "tag_search", "tenant_profiles_in_project",
                                       "install_later_can_be_applied", "pack_status_after_patch", "progress_condition", "patch_scope")} == \
            dict(zip([f[2:].replace("-", "_") for f in flags[::2]], flags[1::2]))
        emu.config(profile_put="in_place")
        emu.reset()
        assert emu.config()["profile_put"] == "draft"        # a reset restores the start flags


@pytest.mark.parametrize("mode", ["empty", "template", "merged"])
def test_profile_updates(lapi, mode):
    lapi.emu.config(profile_updates=mode)
    assert lapi.ok("GET", f"/v1/spectroclusters/{STORE_01}/profileUpdates") == {"profiles": []}
    _edit(lapi, CORE_UID, _metallb_0149)
    updates = lapi.ok("GET", f"/v1/spectroclusters/{STORE_01}/profileUpdates")["profiles"]
    if mode == "empty":
        assert updates == []
        return
    assert [u["uid"] for u in updates] == [CORE_UID]          # infra did not change
    metallb = [p for p in updates[0]["packs"] if p["name"] == "metallb"][0]
    assert metallb["tag"] == "0.14.9"
    own = "10.21.0.240/28" in metallb["values"]               # store-01's own address pool (demo seed)
    assert own is (mode == "merged")
    assert ("10.10.0.240/28" in metallb["values"]) is (mode == "template")


def test_profile_put_in_place(lapi):
    before = lapi.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    _edit(lapi, CORE_UID, _metallb_0149)
    after = lapi.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    assert after["spec"]["draft"] is None
    assert [p["tag"] for p in after["spec"]["published"]["packs"] if p["name"] == "metallb"] == ["0.14.9"]
    assert after["spec"]["published"]["version"] == before["spec"]["published"]["version"] + 1
    assert _notified(lapi, EDGE_VMO) is True
    assert lapi.patch(f"/v1/clusterprofiles/{CORE_UID}/publish").status_code == 204      # no draft: a no-op
    assert lapi.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")["spec"]["published"] == after["spec"]["published"]


def test_profile_put_draft(lapi):
    lapi.emu.config(profile_put="draft")
    before = lapi.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    _edit(lapi, CORE_UID, _metallb_0149)
    after = lapi.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    assert after["spec"]["published"] == before["spec"]["published"]
    assert [p["tag"] for p in after["spec"]["draft"]["packs"] if p["name"] == "metallb"] == ["0.14.9"]
    assert _notified(lapi, EDGE_VMO) is False
    lapi.ok("PATCH", f"/v1/clusterprofiles/{CORE_UID}/publish")
    assert _notified(lapi, EDGE_VMO) is True


@pytest.mark.parametrize("mode", ["in_place", "draft"])
def test_never_published_profile_is_edited_in_its_draft(lapi, mode):
    lapi.emu.config(profile_put=mode)
    uid = lapi.ok("POST", "/v1/clusterprofiles", json={"metadata": {"name": "fresh"}, "spec": {"version": "1.0.0", "template": {
        "type": "add-on", "packs": [{"name": "metallb", "tag": "0.14.8", "layer": "addon", "type": "spectro"}]}}})["uid"]
    _edit(lapi, uid, _metallb_0149)
    prof = lapi.ok("GET", f"/v1/clusterprofiles/{uid}")
    assert prof["spec"]["published"] is None and prof["spec"]["draft"]["packs"][0]["tag"] == "0.14.9"


@pytest.mark.parametrize("mode", ["in_place", "draft"])
def test_admin_edit_lands_where_a_put_would(lapi, mode):
    lapi.emu.config(profile_put=mode)
    edited = lapi.emu.admin("POST", f"/profiles/{CORE_UID}/edit", {"pack": "metallb", "values": "x: 1\n"})
    assert edited["landed"] == ("published" if mode == "in_place" else "draft")
    prof = lapi.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")
    edited_template = prof["spec"]["published" if mode == "in_place" else "draft"]
    assert [p["values"] for p in edited_template["packs"] if p["name"] == "metallb"] == ["x: 1\n"]
    assert (prof["spec"]["draft"] is None) is (mode == "in_place")
    assert _notified(lapi, EDGE_VMO) is (mode == "in_place")


@pytest.mark.parametrize("mode", ["stale", "fresh"])
def test_pack_status_after_patch(lapi, mode):
    lapi.emu.config(pack_status_after_patch=mode)
    old = _pack(_cluster(lapi), "metallb")
    _edit(lapi, CORE_UID, _metallb_0149)
    _patch(lapi, EDGE_VMO)
    metallb = _pack(_cluster(lapi), "metallb")
    if mode == "stale":
        assert metallb == old
    else:
        assert (metallb["version"], metallb["condition"]["type"], metallb["condition"]["status"]) == ("0.14.9", "Progressing", "True")
        assert metallb["startTime"] == _cluster(lapi)["status"]["spcApply"]["lastModifiedTime"]


@pytest.mark.parametrize("mode,condition", [("progressing", ("Progressing", "True", "Installing")), ("ready_false", ("Ready", "False", "Installing"))])
def test_progress_condition(lapi, mode, condition):
    lapi.emu.config(progress_condition=mode, pack_status_after_patch="fresh")
    _edit(lapi, CORE_UID, _metallb_0149)
    _patch(lapi, EDGE_VMO)
    cond = _pack(_cluster(lapi), "metallb")["condition"]
    assert (cond["type"], cond["status"], cond["reason"]) == condition


@pytest.mark.parametrize("mode", ["all_attached", "named"])
def test_patch_scope(lapi, mode):
    lapi.emu.config(patch_scope=mode)
    _edit(lapi, CORE_UID, _metallb_0149)
    _edit(lapi, INFRA_UID, lambda packs: set_tag(packs, "cni-calico", "3.29.1", CNI_CALICO_3291))
    _patch(lapi, EDGE_VMO, uid=CORE_UID, resolve=False)
    cluster = _cluster(lapi)
    assert _attached_tag(cluster, "metallb") == "0.14.9"
    calico = "3.29.1" if mode == "all_attached" else "3.28.2"
    assert _attached_tag(cluster, "cni-calico") == calico
    assert _notified(lapi, EDGE_VMO) is (mode == "named")
    lapi.emu.advance_clock(11)
    assert _pack(_cluster(lapi), "cni-calico", INFRA_UID)["version"] == calico
