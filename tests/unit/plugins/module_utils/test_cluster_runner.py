# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cluster_runner/cluster_service over real HTTP against the emulator (demo seed): lookup, search, pending updates
computed from the profiles (not /profileUpdates), apply with the cluster's own values kept, switching versions,
idempotency, check mode, waiting, and bad input. The lifecycle matrices are in test_cluster_apply.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_model as cm
from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_runner as cr
from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_search as cs
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

EDGE_VMO = "6982d34cd881f18566be1474"
STORE_01 = "6982d34cd881f18566be1501"      # own metallb values
STORE_02 = "6982d34cd881f18566be1502"      # core 1.0.0 / infra 1.0.0
STORE_03 = "6982d34cd881f18566be1503"      # update pending (vmo 4.4.10 -> 4.6.3)
STORE_99 = "6982d34cd881f18566be1599"      # deleted
VIRTUAL = "6982d34cd881f18566be1600"       # vc-analytics, no profiles
CORE_11 = "698e43979f639727243be3e8"
CORE_10 = "698e43979f639727243be300"
INFRA_11 = "698e434f56d5433423e3ee5a"

NGINX_3 = """charts:
  ingress-nginx:
    controller:
      # Three replicas now.
      replicaCount: 3
      service:
        type: LoadBalancer
"""


@pytest.fixture
def svc(make_client, emu):
    client = make_client(project_name="edge-prod")
    emu.admin("DELETE", "/__emulator__/requests")
    return ClusterService(client)


@pytest.fixture
def profiles(svc):
    return ProfileService(svc.client)


def writes(emu):
    return [e for e in log_entries(emu) if e["write"]]


def cluster_reads(log):
    """``{cluster uid: number of GET /v1/spectroclusters/{uid}}``."""
    counts = {}
    for entry in log:
        parts = entry["path"].split("/")
        if entry["method"] == "GET" and len(parts) == 4 and parts[2] == "spectroclusters":
            counts[parts[3]] = counts.get(parts[3], 0) + 1
    return counts


def state_cluster(emu, uid):
    return next(c for c in emu.state()["clusters"] if c["uid"] == uid)


def publish_nginx_change(emu, svc):
    """Someone changes nginx's values in core 1.1.0 and publishes: every cluster on it gets a pending update."""
    emu.admin("POST", "/__emulator__/profiles/%s/edit" % CORE_11, json={"pack": "nginx", "values": NGINX_3})
    svc.client.patch("/v1/clusterprofiles/%s/publish" % CORE_11)
    emu.admin("DELETE", "/__emulator__/requests")


def update(svc, profiles, **kwargs):
    kwargs.setdefault("wait_sleep", 1)
    return cr.update_clusters(svc, profiles, **kwargs)


def by_name(result):
    return dict((c["name"], c) for c in result["clusters"])


# -- lookup and search ----------------------------------------------------------------------------------
def test_resolve_by_uid_and_name(svc, emu):
    assert cm.name_of(svc.resolve(uid=EDGE_VMO)) == "edge-vmo"
    assert cm.uid_of(svc.resolve(name="edge-store-01")) == STORE_01
    search = [e for e in log_entries(emu) if e["path"] == cs.SEARCH_PATH]
    assert len(search) == 1 and search[0]["write"] is False


@pytest.mark.parametrize("kwargs, text", [
    ({"uid": "0123456789abcdef01234567"}, "no cluster with uid"),
    ({"uid": STORE_99}, "no cluster with uid"),          # deleted counts as absent
    ({"name": "edge-store-99"}, "no cluster named"),     # the search leaves deleted clusters out
    ({"name": "vc-analytics"}, "no cluster named"),      # and virtual ones
    ({"name": "EDGE-VMO"}, "no cluster named"),          # exact, case-sensitive
])
def test_resolve_unknown(svc, kwargs, text):
    with pytest.raises(cm.ClusterError, match=text) as err:
        svc.resolve(option="cluster_names", **kwargs)
    assert err.value.option == "cluster_names"
    assert str(err.value).startswith("cluster_names: ")


def test_resolve_many_names_every_bad_reference(svc):
    with pytest.raises(cm.ClusterError) as err:
        svc.resolve_many([("cluster_uids", EDGE_VMO, None), ("cluster_uids", "0123456789abcdef01234567", None),
                          ("cluster_names", None, "nope")])
    assert "0123456789abcdef01234567" in str(err.value) and "'nope'" in str(err.value)


@pytest.mark.parametrize("kwargs, names", [
    ({}, ["edge-store-01", "edge-store-02", "edge-store-03", "edge-vmo"]),
    ({"name_contains": "STORE"}, ["edge-store-01", "edge-store-02", "edge-store-03"]),
    ({"tags": ["site:hq"]}, ["edge-vmo"]),
    ({"tags": ["env:prod", "site:store-02"]}, ["edge-store-02"]),
    ({"profile": CORE_10}, ["edge-store-02"]),
    ({"profile": "core"}, ["edge-store-01", "edge-store-02", "edge-store-03", "edge-vmo"]),
    ({"states": ["Updating"]}, []),
])
def test_search(svc, kwargs, names):
    assert [cm.name_of(s) for s in svc.search(**kwargs)] == names


# -- pending updates --------------------------------------------------------------------------------------
def test_pending_update_detected(svc, emu):
    facts = cr.cluster_facts(svc, uid=STORE_03, include_values=False)
    info = facts["clusters"][0]
    assert info["update_pending"] is True and info["health"] == "UnHealthy" and info["state"] == "Running"
    assert info["pending_updates"] == [{
        "profile": "core", "uid_before": CORE_11, "uid_after": CORE_11, "version_before": "1.1.0", "version_after": "1.1.0",
        "packs": [{"name": "virtual-machine-orchestrator", "action": "update", "tag_before": "4.4.10",
                   "tag_after": "4.6.3", "values_changed": False}], "values_only": []}]
    assert all("values" not in p for t in info["profiles"] for p in t["packs"])
    assert info["install"]["state"] == "installed" and info["cluster_template"] is None
    vmo = cr.cluster_facts(svc, name="edge-vmo")["clusters"][0]
    assert vmo["update_pending"] is False and vmo["pending_updates"] == []
    core = next(t for t in vmo["profiles"] if t["name"] == "core")
    assert core["version"] == "1.1.0" and "replicaCount: 2" in next(p for p in core["packs"] if p["name"] == "nginx")["values"]
    assert writes(emu) == []
    assert not [e for e in log_entries(emu) if e["path"].endswith("/profileUpdates")]


def test_pending_after_publish_reads_each_profile_once(svc, emu):
    publish_nginx_change(emu, svc)
    infos = dict((i["name"], i) for i in cr.cluster_facts(svc, filters={"profile": "core"})["clusters"])
    assert infos["edge-store-02"]["pending_updates"] == []      # core 1.0.0: not affected
    (pending,) = infos["edge-vmo"]["pending_updates"]
    assert pending["packs"] == [{"name": "nginx", "action": "update", "tag_before": "1.11.2", "tag_after": "1.11.2",
                                 "values_changed": True}] and pending["values_only"] == ["nginx"]
    # store-01's own metallb values differ from the published ones too: reported as values-only, not told apart
    (pending,) = infos["edge-store-01"]["pending_updates"]
    assert [c["name"] for c in pending["packs"]] == ["metallb", "nginx"] and pending["values_only"] == ["metallb", "nginx"]
    reads = [e["path"] for e in log_entries(emu) if e["path"].startswith("/v1/clusterprofiles/")]
    assert sorted(reads) == sorted(set(reads))                  # each profile read once
    assert writes(emu) == []


# -- apply ---------------------------------------------------------------------------------------------
def test_apply_pending_keeps_own_values(svc, profiles, emu):
    before = [{"name": p["name"], "values": p.get("values") or ""} for p in
              next(x for x in emu.state()["profiles"] if x["uid"] == CORE_11)["published"]["packs"]]
    publish_nginx_change(emu, svc)
    result = update(svc, profiles, cluster_uids=[EDGE_VMO, STORE_01], profile_name="core", previous_packs=before,
                    wait=True, wait_timeout=60)
    assert result["changed"] is True
    got = by_name(result)
    assert got["edge-store-01"]["kept_overrides"] == ["metallb"] and got["edge-vmo"]["kept_overrides"] == []
    assert all(c["action"] == "update" and c["converged"] for c in result["clusters"])
    patches = writes(emu)
    assert sorted(e["path"] for e in patches) == sorted("/v1/spectroclusters/%s/profiles" % u for u in (EDGE_VMO, STORE_01))
    assert all(e["method"] == "PATCH" and e["query"] == {"resolveNotification": "true"} for e in patches)
    store01 = state_cluster(emu, STORE_01)
    core = next(t for t in store01["templates"] if t["uid"] == CORE_11)
    packs = dict((p["name"], p) for p in core["packs"])
    assert "10.21.0.240/28" in packs["metallb"]["values"]          # its own pool is kept
    assert "replicaCount: 3" in packs["nginx"]["values"]           # the published change arrived
    attached = next(a for a in store01["attached"] if a["uid"] == CORE_11)
    assert [v["name"] for v in attached["packValues"]] == ["metallb"]
    assert store01["notification"] is False and store01["state"] == "Running"
    # the same task again: nothing to do, no write
    emu.admin("DELETE", "/__emulator__/requests")
    again = update(svc, profiles, cluster_uids=[EDGE_VMO, STORE_01], profile_name="core", previous_packs=before, wait=True)
    assert again["changed"] is False and all(c["action"] is None and c["converged"] for c in again["clusters"])
    assert writes(emu) == []
    assert cluster_reads(log_entries(emu)) == {EDGE_VMO: 1, STORE_01: 1}    # its one read shows the install


def test_a_failed_patch_does_not_stop_the_others(svc, profiles, emu):
    """edge-vmo's PATCH fails (HTTP 500): edge-store-02 still gets its PATCH and its one read after it; the error
    names the cluster it failed for and the one it was applied to, and the partial result says what each shows."""
    emu.config(apply_seconds=0)
    before = [{"name": p["name"], "values": p.get("values") or ""} for p in
              next(x for x in emu.state()["profiles"] if x["uid"] == CORE_11)["published"]["packs"]]
    publish_nginx_change(emu, svc)
    emu.fault(kind="status", status=500, method="PATCH", path="%s/profiles$" % EDGE_VMO, count=1)
    with pytest.raises(cm.PaletteError) as err:
        update(svc, profiles, cluster_uids=[EDGE_VMO, STORE_02], profile_name="core", version="1.1.0",
               previous_packs=before, wait=True, wait_timeout=30)
    text = str(err.value)
    assert text.startswith("applying the profile change failed for cluster edge-vmo (%s): " % EDGE_VMO)
    assert "HTTP 500" in text and text.endswith("; it was applied to edge-store-02 (%s)" % STORE_02)
    assert sorted((e["method"], e["path"], e["status"]) for e in writes(emu)) == [
        ("PATCH", "/v1/spectroclusters/%s/profiles" % EDGE_VMO, 500), ("PATCH", "/v1/spectroclusters/%s/profiles" % STORE_02, 204)]
    assert cluster_reads(log_entries(emu)) == {EDGE_VMO: 1, STORE_02: 2}
    partial = err.value.partial_result
    got = dict((c["name"], c) for c in partial["clusters"])
    assert partial["changed"] is True and got["edge-store-02"]["install"]["state"] == "installed"
    assert got["edge-vmo"]["install"]["state"] == "not_started" and got["edge-vmo"]["converged"] is None


def test_switch_version_keeps_own_values(svc, profiles, emu):
    """store-02 moves from core 1.0.0 to 1.1.0; edge-vmo is on 1.1.0 already (no change, no write)."""
    result = update(svc, profiles, cluster_names=["edge-store-02", "edge-vmo"], profile_name="core",
                    version="1.1.0", wait=True, wait_timeout=60)
    got = by_name(result)
    assert got["edge-store-02"]["action"] == "switch" and got["edge-vmo"]["action"] is None
    assert got["edge-store-02"]["before"]["version"] == "1.0.0" and got["edge-store-02"]["after"]["version"] == "1.1.0"
    assert [e["path"] for e in writes(emu)] == ["/v1/spectroclusters/%s/profiles" % STORE_02]
    cluster = state_cluster(emu, STORE_02)
    assert [a["uid"] for a in cluster["attached"]] == ["698e434f56d5433423e3ee00", CORE_11]
    assert [t["uid"] for t in cluster["templates"]] == ["698e434f56d5433423e3ee00", CORE_11]
    assert result["profile"] == {"name": "core", "uid": CORE_11, "version": "1.1.0"}
    # store-01 (own metallb values) is on 1.1.0 too, nothing pending: its values cannot be told apart from an
    # in-place edit of 1.1.0 by the values alone, but kept as its own nothing is sent and Palette offers no update,
    # so nothing is written either way (with previous_packs, they are proven its own)
    emu.admin("DELETE", "/__emulator__/requests")
    plain = update(svc, profiles, cluster_names=["edge-store-01"], profile_name="core", version="1.1.0")
    assert plain["changed"] is False and plain["clusters"][0]["kept_overrides"] == ["metallb"]
    before = [{"name": p["name"], "values": p.get("values") or ""} for p in
              next(x for x in emu.state()["profiles"] if x["uid"] == CORE_11)["published"]["packs"]]
    same = update(svc, profiles, cluster_names=["edge-store-01"], profile_name="core", version="1.1.0", previous_packs=before)
    assert same["changed"] is False and same["clusters"][0]["kept_overrides"] == ["metallb"]
    assert writes(emu) == []


def test_switch_body(svc, profiles):
    """The PATCH body: the new version replaces the attached one; the cluster's own values go as packValues."""
    svc.client.patch("/v1/spectroclusters/%s/profiles" % STORE_01, query={"resolveNotification": True}, body={
        "profiles": [{"uid": CORE_10, "replaceWithProfile": CORE_11, "packValues": [
            {"name": "metallb", "tag": "0.14.8", "values": "charts: {own: true}\n"}]}]})
    (plan,) = cr.plan_updates(svc, [svc.get(STORE_01)], "core", CORE_11)
    assert plan.body() == {"profiles": [{"uid": CORE_11, "replaceWithProfile": CORE_10, "packValues": [
        {"name": "metallb", "tag": "0.14.8", "type": "spectro", "values": "charts: {own: true}\n"}]}],
        "spcApplySettings": {"actionType": "DownloadAndInstall"}}
    (later,) = cr.plan_updates(svc, [svc.get(STORE_02)], "core", CORE_11, apply_setting="DownloadAndInstallLater")
    assert later.body() == {"profiles": [{"uid": CORE_11, "replaceWithProfile": CORE_10, "packValues": []}],
                            "spcApplySettings": {"actionType": "DownloadAndInstallLater"}}


def test_check_mode_writes_nothing(svc, profiles, emu):
    before = [{"name": p["name"], "values": p.get("values") or ""} for p in
              next(x for x in emu.state()["profiles"] if x["uid"] == CORE_11)["published"]["packs"]]
    publish_nginx_change(emu, svc)
    result = update(svc, profiles, cluster_names=["edge-vmo", "edge-store-02"], profile_name="core", version="1.1.0",
                    previous_packs=before, wait=True, check_mode=True)
    assert result["changed"] is True
    assert [c["action"] for c in result["clusters"]] == ["update", "switch"]
    headers = ["cluster edge-vmo (%s)" % EDGE_VMO, "cluster edge-store-02 (%s)" % STORE_02]
    assert [d["before_header"] for d in result["diff"]] == headers
    assert "replicaCount: 3" in result["diff"][0]["after"] and "replicaCount: 2" in result["diff"][0]["before"]
    assert all(c["converged"] is None for c in result["clusters"])
    assert writes(emu) == []
    assert state_cluster(emu, EDGE_VMO)["notification"] is True


# -- bad input: a clear error naming the option, and no write -------------------------------------------
@pytest.mark.parametrize("kwargs, option, text", [
    ({"cluster_uids": ["0123456789abcdef01234567"], "profile_name": "core"}, "cluster_uids", "no cluster with uid"),
    ({"cluster_names": ["nope"], "profile_name": "core"}, "cluster_names", "no cluster named 'nope'"),
    ({"cluster_uids": [VIRTUAL], "profile_name": "core"}, "profile_name", "does not use cluster profile 'core'"),
    ({"cluster_uids": [EDGE_VMO], "profile_name": "nope"}, "profile_name", "no cluster profile named 'nope'"),
    ({"cluster_uids": [EDGE_VMO], "profile_name": "core", "version": "9.9.9"}, "version", "has no version '9.9.9'"),
    ({"cluster_uids": [EDGE_VMO], "profile_uid": "0123456789abcdef01234567"}, "profile_uid", "no cluster profile with uid"),
    ({"cluster_uids": [EDGE_VMO], "profile_uid": INFRA_11, "wait_timeout": 0}, "wait_timeout", "out of range"),
    ({"cluster_uids": [EDGE_VMO], "profile_uid": INFRA_11, "wait_timeout": 86401}, "wait_timeout", "out of range"),
    ({"cluster_uids": [EDGE_VMO], "profile_uid": INFRA_11, "wait_sleep": 0}, "wait_sleep", "out of range"),
    ({"cluster_uids": [EDGE_VMO], "profile_uid": INFRA_11, "previous_packs": [{"values": ""}]}, "previous_packs",
     "element 0: name is required"),
    ({"cluster_uids": [EDGE_VMO], "profile_uid": INFRA_11, "previous_packs": [{"name": "nginx"}]}, "previous_packs",
     "values is required"),
    ({"cluster_uids": [EDGE_VMO], "profile_uid": INFRA_11, "previous_packs": ["nginx"]}, "previous_packs", "must be a dict"),
    ({"cluster_uids": [EDGE_VMO], "profile_uid": INFRA_11, "previous_packs": [{"name": "a", "values": 1}]}, "previous_packs",
     "must be a string"),
    ({"cluster_uids": [EDGE_VMO], "profile_uid": INFRA_11, "apply_setting": "Now"}, "apply_setting", "is not one of"),
    ({"cluster_uids": [], "profile_uid": INFRA_11}, "cluster_uids", "at least one cluster"),
])
def test_bad_input(svc, profiles, emu, kwargs, option, text):
    with pytest.raises(Exception) as err:
        update(svc, profiles, **kwargs)
    assert getattr(err.value, "option", None) == option
    assert text in str(err.value) and str(err.value).startswith(option + ":")
    assert writes(emu) == []


def test_one_bad_cluster_stops_all(svc, profiles, emu):
    """A list with one cluster that does not use the profile: nothing is written to the others either."""
    with pytest.raises(cm.ClusterError, match="vc-analytics"):
        update(svc, profiles, cluster_uids=[STORE_03, VIRTUAL], profile_name="core")
    assert writes(emu) == []
