# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The apply lifecycle (docs/dev/apply-lifecycle.md) over real HTTP against the emulator, under every reading of
each unknown the emulator models as a switch: ``wait`` means installed; an Error fails naming the pack; repave;
install later + trigger; own values never come from ``/profileUpdates`` (nothing reverted, nothing dropped);
other attached profiles show in the plan and the result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_runner as cr
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import ClusterError
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries
# the fixtures and helpers the cluster tests share
from ansible_collections.spectrocloud.palette.tests.unit.plugins.module_utils.test_cluster_runner import (  # noqa: F401  pylint: disable=unused-import
    EDGE_VMO,
    NGINX_3,
    STORE_01,
    STORE_02,
    CORE_10,
    CORE_11,
    INFRA_11,
    profiles,
    state_cluster,
    svc,
    update,
    writes,
)

try:
    from palette_emulator.config import SWITCHES
except ImportError:  # pragma: no cover - the emulator tests are skipped then
    SWITCHES = {}

TENANT_BASELINE = "697b00000000000000000001"


def readings(name):
    return list(SWITCHES.get(name, ()))


def stored(emu, uid):
    return state_cluster(emu, uid)


def stored_profile(emu, uid):
    return next(p for p in emu.state()["profiles"] if p["uid"] == uid)


def packs_before(emu, uid):
    """``previous_packs``: the published packs of a profile version as they are now (before an edit)."""
    return [{"name": p["name"], "values": p.get("values") or ""} for p in stored_profile(emu, uid)["published"]["packs"]]


def edit_and_publish(emu, svc, uid, pack, values):
    """Someone edits a pack of a published version and publishes: clusters attached to it get a pending update."""
    emu.admin("POST", "/__emulator__/profiles/%s/edit" % uid, json={"pack": pack, "values": values})
    svc.client.patch("/v1/clusterprofiles/%s/publish" % uid)
    emu.admin("DELETE", "/__emulator__/requests")


def template(cluster, profile_uid):
    return next(t for t in cluster["templates"] if t["uid"] == profile_uid)


def pack(tmpl, name):
    return next(p for p in tmpl["packs"] if p["name"] == name)


# -- wait means installed --------------------------------------------------------------------------------
@pytest.mark.parametrize("progress", readings("progress_condition"))
@pytest.mark.parametrize("after_patch", readings("pack_status_after_patch"))
def test_not_converged_while_installing(svc, profiles, emu, progress, after_patch):
    """Right after the PATCH the attached set is the target, but nothing is installed: no false "converged"."""
    emu.config(apply_seconds=3600, progress_condition=progress, pack_status_after_patch=after_patch)
    result = update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0")
    (cluster,) = result["clusters"]
    assert cluster["action"] == "switch" and cluster["converged"] is None
    assert cluster["install"]["state"] in ("not_started", "installing")
    assert template(stored(emu, STORE_02), CORE_11)      # attached at PATCH
    with pytest.raises(ClusterError) as err:
        update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0", wait=True, wait_timeout=2)
    assert err.value.option == "wait_timeout" and "edge-store-02" in str(err.value)
    # a re-run sends nothing and says it is underway
    again = update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0")
    assert again["changed"] is False and again["clusters"][0]["underway"] is True
    assert len(writes(emu)) == 1
    emu.admin("POST", "/__emulator__/clusters/%s/apply" % STORE_02, json={"result": "complete"})
    done = update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0", wait=True, wait_timeout=30)
    assert done["changed"] is False and done["clusters"][0]["converged"] is True
    assert done["clusters"][0]["install"]["state"] == "installed" and done["clusters"][0]["underway"] is False
    assert len(writes(emu)) == 1


@pytest.mark.parametrize("after_patch", readings("pack_status_after_patch"))
def test_wait_follows_the_install(svc, profiles, emu, after_patch):
    emu.config(apply_seconds=2, pack_status_after_patch=after_patch)
    result = update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0", wait=True, wait_timeout=60)
    (cluster,) = result["clusters"]
    assert cluster["converged"] is True and cluster["install"]["state"] == "installed" and cluster["problems"] == []
    status = dict((e["name"], e) for e in cluster["install"]["packs"])
    assert status["nginx"]["condition"] == "Ready" and status["virtual-machine-orchestrator"]["version"] == "4.6.3"


@pytest.mark.parametrize("progress", readings("progress_condition"))
def test_wait_fails_naming_the_pack_on_error(svc, profiles, emu, progress):
    emu.config(apply_seconds=1, progress_condition=progress)
    emu.admin("POST", "/__emulator__/clusters/%s/inject" % STORE_02,
              json={"apply_error": {"pack": "nginx", "message": "ImagePullBackOff: nginx 1.11.2"}})
    with pytest.raises(ClusterError) as err:
        update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0", wait=True, wait_timeout=60)
    text = str(err.value)
    assert "edge-store-02 (%s)" % STORE_02 in text and "pack nginx" in text and "ImagePullBackOff: nginx 1.11.2" in text
    partial = err.value.partial_result
    assert partial["changed"] is True and partial["clusters"][0]["install"]["state"] == "failed"
    # a re-run (nothing sent) reports the failure too
    with pytest.raises(ClusterError, match="ImagePullBackOff"):
        update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0", wait=True, wait_timeout=10)


# -- repave ----------------------------------------------------------------------------------------------
REASONS = [{"code": "KubernetesUpgrade", "message": "edge-k8s 1.29.9 -> 1.30.6 needs new nodes"}]


def test_repave_pending_is_reported_then_approved(svc, profiles, emu):
    emu.config(apply_seconds=1)
    emu.admin("POST", "/__emulator__/clusters/%s/inject" % STORE_02, json={"repave": {"reasons": REASONS}})
    started = update(svc, profiles, cluster_uids=[STORE_02], profile_name="infra", version="1.1.0")
    (cluster,) = started["clusters"]
    assert cluster["repave"] == {"state": "Pending", "reasons": REASONS}
    assert cluster["install"]["state"] == "repave_pending"
    assert any("repave" in w and "needs new nodes" in w for w in started["warnings"])
    with pytest.raises(ClusterError) as err:
        update(svc, profiles, cluster_uids=[STORE_02], profile_name="infra", version="1.1.0", wait=True, wait_timeout=30)
    assert err.value.option == "approve_repave" and "needs new nodes" in str(err.value)
    assert not [e for e in writes(emu) if e["path"].endswith("/repave/approve")]
    approved = update(svc, profiles, cluster_uids=[STORE_02], profile_name="infra", version="1.1.0", approve_repave=True,
                      wait=True, wait_timeout=60)
    (cluster,) = approved["clusters"]
    assert approved["changed"] is True and cluster["action"] is None
    assert cluster["converged"] is True and cluster["repave"]["state"] == "Approved"
    assert [e["method"] for e in writes(emu) if e["path"].endswith("/repave/approve")] == ["PATCH"]
    assert stored(emu, STORE_02)["repave"]["state"] == "Approved"


# -- install later + trigger -----------------------------------------------------------------------------
@pytest.mark.parametrize("can_be_applied", readings("install_later_can_be_applied"))
def test_install_later_then_trigger(svc, profiles, emu, can_be_applied):
    emu.config(apply_seconds=1, install_later_can_be_applied=can_be_applied)
    later = update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0",
                   apply_setting="DownloadAndInstallLater", wait=True, wait_timeout=30)
    (cluster,) = later["clusters"]
    assert cluster["install"]["state"] == "waiting_for_trigger" and cluster["converged"] is False
    assert any("install trigger" in w for w in later["warnings"])
    patches = writes(emu)
    assert len(patches) == 1 and patches[0]["method"] == "PATCH"
    assert template(stored(emu, STORE_02), CORE_11)
    triggered = update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0", trigger_install=True,
                       wait=True, wait_timeout=60)
    (cluster,) = triggered["clusters"]
    assert triggered["changed"] is True and cluster["action"] is None and cluster["triggered"] is True
    assert cluster["converged"] is True and cluster["install"]["state"] == "installed"
    posts = [e for e in writes(emu) if e["path"] == "/v1/spectroclusters/%s/status/spcApply" % STORE_02]
    assert [e["method"] for e in posts] == ["POST"]
    # installed: a further trigger run sends nothing
    emu.admin("DELETE", "/__emulator__/requests")
    again = update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0", trigger_install=True)
    assert again["changed"] is False and writes(emu) == []


@pytest.mark.parametrize("can_be_applied", readings("install_later_can_be_applied"))
def test_install_later_with_trigger_in_one_task(svc, profiles, emu, can_be_applied):
    emu.config(apply_seconds=1, install_later_can_be_applied=can_be_applied)
    result = update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0",
                    apply_setting="DownloadAndInstallLater", trigger_install=True, wait=True, wait_timeout=60)
    (cluster,) = result["clusters"]
    assert cluster["action"] == "switch" and cluster["triggered"] is True and cluster["converged"] is True
    assert [(e["method"], e["path"].rsplit("/", 1)[-1]) for e in writes(emu)] == [("PATCH", "profiles"), ("POST", "spcApply")]


# -- own values: nothing reverted, nothing dropped ------------------------------------------------------------
@pytest.mark.parametrize("profile_updates", readings("profile_updates"))
def test_in_place_update_keeps_edit_and_own_values(svc, profiles, emu, profile_updates):
    """core 1.1.0's nginx is edited in place and published; store-01 has its own metallb pool. With the packs as
    they were before the edit, the apply brings the edit and keeps the pool, whatever /profileUpdates answers."""
    emu.config(apply_seconds=1, profile_updates=profile_updates)
    before = packs_before(emu, CORE_11)
    own = next(v for a in stored(emu, STORE_01)["attached"] if a["uid"] == CORE_11 for v in a["packValues"])
    edit_and_publish(emu, svc, CORE_11, "nginx", NGINX_3)
    published = dict((p["name"], p) for p in stored_profile(emu, CORE_11)["published"]["packs"])
    result = update(svc, profiles, cluster_uids=[EDGE_VMO, STORE_01], profile_name="core", previous_packs=before,
                    wait=True, wait_timeout=60)
    got = dict((c["name"], c) for c in result["clusters"])
    assert got["edge-store-01"]["kept_overrides"] == ["metallb"] and got["edge-vmo"]["kept_overrides"] == []
    assert all(c["action"] == "update" and c["converged"] for c in result["clusters"])
    assert not [e for e in log_entries(emu) if e["path"].endswith("/profileUpdates")]
    for uid in (EDGE_VMO, STORE_01):
        core = template(stored(emu, uid), CORE_11)
        assert pack(core, "nginx")["values"] == published["nginx"]["values"] == NGINX_3     # the edit, byte for byte
    s01 = stored(emu, STORE_01)
    assert pack(template(s01, CORE_11), "metallb")["values"] == own["values"]              # the own pool, byte for byte
    assert [(v["name"], v["values"]) for a in s01["attached"] if a["uid"] == CORE_11 for v in a["packValues"]] \
        == [("metallb", own["values"])]
    assert pack(template(stored(emu, EDGE_VMO), CORE_11), "metallb")["values"] == published["metallb"]["values"]
    # the same task again: nothing to send
    emu.admin("DELETE", "/__emulator__/requests")
    again = update(svc, profiles, cluster_uids=[EDGE_VMO, STORE_01], profile_name="core", previous_packs=before, wait=True)
    assert again["changed"] is False and all(c["converged"] for c in again["clusters"]) and writes(emu) == []


@pytest.mark.parametrize("profile_updates", readings("profile_updates"))
def test_in_place_update_without_previous_packs_stops_before_writing(svc, profiles, emu, profile_updates):
    emu.config(profile_updates=profile_updates)
    edit_and_publish(emu, svc, CORE_11, "nginx", NGINX_3)
    state_before = emu.state()["clusters"]
    with pytest.raises(ClusterError) as err:
        update(svc, profiles, cluster_uids=[STORE_01], profile_name="core")
    text = str(err.value)
    assert err.value.option == "cluster_values" and "edge-store-01 (%s)" % STORE_01 in text
    assert "metallb" in text and "nginx" in text and "previous_packs" in text
    assert writes(emu) == [] and emu.state()["clusters"] == state_before


def test_cluster_values_keep_and_profile(svc, profiles, emu):
    """Without previous_packs: keep sends the cluster's values for the unclear packs, profile the profile's."""
    emu.config(apply_seconds=0)
    own = next(v for a in stored(emu, STORE_01)["attached"] if a["uid"] == CORE_11 for v in a["packValues"])
    edit_and_publish(emu, svc, CORE_11, "metallb", "charts: {edited: true}\n")
    kept = update(svc, profiles, cluster_uids=[STORE_01], profile_name="core", cluster_values="keep", check_mode=True)
    assert kept["clusters"][0]["kept_overrides"] == ["metallb"]
    taken = update(svc, profiles, cluster_uids=[STORE_01], profile_name="core", cluster_values="profile")
    assert taken["clusters"][0]["kept_overrides"] == []
    metallb = pack(template(stored(emu, STORE_01), CORE_11), "metallb")
    assert metallb["values"] == "charts: {edited: true}\n" and metallb["values"] != own["values"]


def test_switch_keeps_own_values_without_previous_packs(svc, profiles, emu):
    """A switch: the base (the attached version's published content) is proven, so own values are kept."""
    emu.config(apply_seconds=0)
    svc.client.patch("/v1/spectroclusters/%s/profiles" % STORE_01, query={"resolveNotification": True}, body={
        "profiles": [{"uid": CORE_10, "replaceWithProfile": CORE_11, "packValues": [
            {"name": "metallb", "tag": "0.14.8", "values": "charts: {own: true}\n"}]}]})
    emu.admin("DELETE", "/__emulator__/requests")
    result = update(svc, profiles, cluster_uids=[STORE_01], profile_name="core", version="1.1.0", wait=True, wait_timeout=30)
    assert result["clusters"][0]["kept_overrides"] == ["metallb"] and result["clusters"][0]["action"] == "switch"
    (patch,) = writes(emu)
    assert pack(template(stored(emu, STORE_01), CORE_11), "metallb")["values"] == "charts: {own: true}\n"


# -- other attached profiles ---------------------------------------------------------------------------------
@pytest.mark.parametrize("scope", readings("patch_scope"))
def test_other_profile_shows_in_plan_and_result(svc, profiles, emu, scope):
    """infra 1.1.0 has a published change pending on edge-vmo; applying core lists it, and says whether it changed."""
    emu.config(apply_seconds=0, patch_scope=scope)
    edit_and_publish(emu, svc, INFRA_11, "cni-calico", "manifests: {calico: {ipamType: edited-ipam}}\n")
    before_core = packs_before(emu, CORE_11)
    edit_and_publish(emu, svc, CORE_11, "nginx", NGINX_3)
    preview = update(svc, profiles, cluster_uids=[EDGE_VMO], profile_name="core", previous_packs=before_core, check_mode=True)
    (other,) = preview["clusters"][0]["other_profiles"]
    assert other["name"] == "infra" and other["may_change"] is True and other["changed"] is None
    assert [c["name"] for c in other["pending_changes"]] == ["cni-calico"]
    assert "other_profile: infra" in preview["diff"][0]["after"] and "edited-ipam" in preview["diff"][0]["after"]
    assert writes(emu) == []
    result = update(svc, profiles, cluster_uids=[EDGE_VMO], profile_name="core", previous_packs=before_core)
    (other,) = result["clusters"][0]["other_profiles"]
    infra = template(stored(emu, EDGE_VMO), INFRA_11)
    if scope == "all_attached":
        assert other["changed"] is True and "edited-ipam" in pack(infra, "cni-calico")["values"]
        assert any("also changed" in w for w in result["warnings"])
    else:
        assert other["changed"] is False and "edited-ipam" not in pack(infra, "cni-calico")["values"]


# -- scope and cluster templates ----------------------------------------------------------------------------
def with_cluster_changes(demo_seed, uid, **changes):
    seed = copy.deepcopy(demo_seed)
    for cluster in seed["clusters"]:
        if cluster["uid"] == uid:
            cluster.update(changes)
    return seed


def test_cluster_template_is_refused_before_writing(svc, profiles, emu, demo_seed):
    emu.reset(seed=with_cluster_changes(demo_seed, STORE_02, cluster_template={
        "uid": "69a000000000000000000001", "project_uid": "69791bbdb68bd0033ad275a5"}))
    emu.admin("DELETE", "/__emulator__/requests")
    with pytest.raises(ClusterError) as err:
        update(svc, profiles, cluster_uids=[STORE_02, EDGE_VMO], profile_name="core", version="1.1.0")
    assert "edge-store-02" in str(err.value) and "cluster template 69a000000000000000000001" in str(err.value)
    assert writes(emu) == []
    info = cr.cluster_facts(svc, uid=STORE_02)["clusters"][0]
    assert info["cluster_template"]["uid"] == "69a000000000000000000001"


@pytest.mark.parametrize("visibility", readings("tenant_profiles_in_project"))
def test_tenant_profile_attached_to_a_project_cluster(svc, profiles, emu, demo_seed, visibility):
    seed = copy.deepcopy(demo_seed)
    cluster = next(c for c in seed["clusters"] if c["uid"] == STORE_02)
    cluster["profiles"] = list(cluster["profiles"]) + [{"uid": TENANT_BASELINE}]
    emu.reset(seed=seed)
    emu.config(apply_seconds=0, tenant_profiles_in_project=visibility)
    emu.admin("DELETE", "/__emulator__/requests")
    info = cr.cluster_facts(svc, uid=STORE_02)
    assert "warnings" not in info and info["clusters"][0]["pending_updates"] == []
    assert "tenant-baseline" in [p["name"] for p in info["clusters"][0]["profiles"]]
    result = update(svc, profiles, cluster_uids=[STORE_02], profile_uid=TENANT_BASELINE, wait=True, wait_timeout=30)
    assert result["changed"] is False and result["clusters"][0]["converged"] is True


# -- own values that nothing can lose ------------------------------------------------------------------------
def test_own_values_with_nothing_to_send_and_no_update_offered_are_kept_without_previous_packs(svc, profiles, emu):
    """store-01 runs core 1.1.0 with its own metallb pool and nothing pending. Without previous_packs its pool
    cannot be told apart from an edit by the values alone, but kept as its own nothing would be sent and Palette
    offers no update: a re-run (fleet_rollout, a role run that changed nothing) is a no-op, not a refusal."""
    state_before = emu.state()["clusters"]
    result = update(svc, profiles, cluster_uids=[STORE_01], profile_name="core", wait=True, wait_timeout=30)
    (got,) = result["clusters"]
    assert result["changed"] is False and got["action"] is None and got["converged"] is True
    assert got["kept_overrides"] == ["metallb"]
    assert writes(emu) == [] and emu.state()["clusters"] == state_before


def test_previous_packs_describe_only_their_version(svc, profiles, emu, demo_seed):
    """previous_packs of core 1.1.0 (the in-place target) say nothing about a cluster on core 1.0.0: moving
    edge-store-02 from 1.0.0 (whose metallb values differ from 1.1.0's) to 1.1.0 must give it 1.1.0's values, not
    keep 1.0.0's as if they were its own."""
    seed = copy.deepcopy(demo_seed)
    core10 = next(p for p in seed["profiles"] if p["uid"] == CORE_10)
    next(p for p in core10["packs"] if p["name"] == "metallb")["values"] = "charts:\n  metallb: {from: core-1.0.0}\n"
    emu.reset(seed=seed)
    emu.config(apply_seconds=0)
    emu.admin("DELETE", "/__emulator__/requests")
    before = packs_before(emu, CORE_11)
    v11 = dict((p["name"], p["values"]) for p in stored_profile(emu, CORE_11)["published"]["packs"])
    assert pack(template(stored(emu, STORE_02), CORE_10), "metallb")["values"] != v11["metallb"]
    result = update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0", previous_packs=before,
                    wait=True, wait_timeout=30)
    (got,) = result["clusters"]
    assert got["action"] == "switch" and got["kept_overrides"] == [] and got["converged"] is True
    core = template(stored(emu, STORE_02), CORE_11)
    assert dict((p["name"], p["values"]) for p in core["packs"]) == v11
