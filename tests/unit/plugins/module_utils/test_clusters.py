# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""clusters.py over real HTTP against the emulator (demo seed): lookup, search, pending updates, apply with the
cluster's own values kept, switching versions, idempotency, check mode, waiting, and bad input."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import clusters as cl
from ansible_collections.spectrocloud.palette.plugins.module_utils.profiles import ProfileService
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
    return cl.ClusterService(client)


@pytest.fixture
def profiles(svc):
    return ProfileService(svc.client)


def writes(emu):
    return [e for e in log_entries(emu) if e["write"]]


def state_cluster(emu, uid):
    return next(c for c in emu.state()["clusters"] if c["uid"] == uid)


def publish_nginx_change(emu, svc):
    """Someone changes nginx's values in core 1.1.0 and publishes: every cluster on it gets a pending update."""
    emu.admin("POST", "/__emulator__/profiles/%s/edit" % CORE_11, json={"pack": "nginx", "values": NGINX_3})
    svc.client.patch("/v1/clusterprofiles/%s/publish" % CORE_11)
    emu.admin("DELETE", "/__emulator__/requests")


def update(svc, profiles, **kwargs):
    kwargs.setdefault("wait_sleep", 1)
    return cl.update_clusters(svc, profiles, **kwargs)


def by_name(result):
    return dict((c["name"], c) for c in result["clusters"])


# -- pure helpers -------------------------------------------------------------------------------------
def test_search_body_is_the_official_recipe():
    body = cl.search_body(name="edge-vmo", states=["Running"], tags=["env:prod", "edge"])
    base, extra = body["filter"]["filterGroups"]
    assert base["filters"][0] == {"property": "environment", "type": "string", "condition": {"string": {
        "operator": "eq", "negation": True, "ignoreCase": False, "match": {"conjunction": "or", "values": ["nested"]}}}}
    assert base["filters"][1] == {"property": "isDeleted", "type": "bool", "condition": {"bool": {"value": False}}}
    assert [f["property"] for f in extra["filters"]] == ["clusterName", "clusterState", "tags"]
    assert extra["filters"][2]["condition"]["string"]["match"] == {"conjunction": "and", "values": ["edge", "env:prod"]}


def test_parse_tags_and_labels():
    tags = cl.parse_tags(["env:prod", "edge"])
    assert tags == {"env": "prod", "edge": "spectro__tag"}
    assert cl.labels_match({"env": "prod", "edge": "spectro__tag", "x": "y"}, tags)
    assert not cl.labels_match({"env": "lab", "edge": "spectro__tag"}, tags)


# -- lookup and search ----------------------------------------------------------------------------------
def test_resolve_by_uid_and_name(svc, emu):
    assert cl.name_of(svc.resolve(uid=EDGE_VMO)) == "edge-vmo"
    assert cl.uid_of(svc.resolve(name="edge-store-01")) == STORE_01
    search = [e for e in log_entries(emu) if e["path"] == cl.SEARCH_PATH]
    assert len(search) == 1 and search[0]["write"] is False


@pytest.mark.parametrize("kwargs, text", [
    ({"uid": "0123456789abcdef01234567"}, "no cluster with uid"),
    ({"uid": STORE_99}, "no cluster with uid"),          # deleted counts as absent
    ({"name": "edge-store-99"}, "no cluster named"),     # the search leaves deleted clusters out
    ({"name": "vc-analytics"}, "no cluster named"),      # and virtual ones
    ({"name": "EDGE-VMO"}, "no cluster named"),          # exact, case-sensitive
])
def test_resolve_unknown(svc, kwargs, text):
    with pytest.raises(cl.ClusterError, match=text) as err:
        svc.resolve(option="cluster_names", **kwargs)
    assert err.value.option == "cluster_names"
    assert str(err.value).startswith("cluster_names: ")


def test_resolve_many_names_every_bad_reference(svc):
    with pytest.raises(cl.ClusterError) as err:
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
    assert [cl.name_of(s) for s in svc.search(**kwargs)] == names


# -- pending updates --------------------------------------------------------------------------------------
def test_pending_update_detected(svc, emu):
    facts = cl.cluster_facts(svc, uid=STORE_03, include_values=False)
    info = facts["clusters"][0]
    assert info["update_pending"] is True and info["health"] == "UnHealthy" and info["state"] == "Running"
    assert info["pending_updates"] == [{
        "profile": "core", "uid_before": CORE_11, "uid_after": CORE_11, "version_before": "1.1.0", "version_after": "1.1.0",
        "packs": [{"name": "virtual-machine-orchestrator", "action": "update", "tag_before": "4.4.10",
                   "tag_after": "4.6.3", "values_changed": False}]}]
    assert all("values" not in p for t in info["profiles"] for p in t["packs"])
    vmo = cl.cluster_facts(svc, name="edge-vmo")["clusters"][0]
    assert vmo["update_pending"] is False and vmo["pending_updates"] == []
    core = next(t for t in vmo["profiles"] if t["name"] == "core")
    assert core["version"] == "1.1.0" and "replicaCount: 2" in next(p for p in core["packs"] if p["name"] == "nginx")["values"]
    assert writes(emu) == []


def test_pending_after_publish_keeps_own_values_out_of_the_change(svc, emu):
    publish_nginx_change(emu, svc)
    infos = dict((i["name"], i) for i in cl.cluster_facts(svc, filters={"profile": "core"})["clusters"])
    assert infos["edge-store-02"]["update_pending"] is False      # runs core 1.0.0: not affected
    for name in ("edge-vmo", "edge-store-01"):
        assert infos[name]["update_pending"] is True
        (pending,) = infos[name]["pending_updates"]
        # only nginx changes; store-01's own metallb values are not a change
        assert pending["packs"] == [{"name": "nginx", "action": "update", "tag_before": "1.11.2", "tag_after": "1.11.2",
                                     "values_changed": True}]
    assert writes(emu) == []


# -- apply ---------------------------------------------------------------------------------------------
def test_apply_pending_keeps_own_values(svc, profiles, emu):
    publish_nginx_change(emu, svc)
    result = update(svc, profiles, cluster_uids=[EDGE_VMO, STORE_01], profile_name="core", wait=True, wait_timeout=60)
    assert result["changed"] is True
    got = by_name(result)
    assert got["edge-store-01"]["kept_overrides"] == ["metallb"] and got["edge-vmo"]["kept_overrides"] == []
    assert all(c["action"] == "update" and c["converged"] for c in result["clusters"])
    patches = writes(emu)
    assert sorted(e["path"] for e in patches) == sorted("/v1/spectroclusters/%s/profiles" % u for u in (EDGE_VMO, STORE_01))
    assert all(e["method"] == "PATCH" and e["query"] == {"resolveNotification": "true"} for e in patches)
    store01 = state_cluster(emu, STORE_01)
    core = next(t for t in store01["snapshot"] if t["uid"] == CORE_11)
    packs = dict((p["name"], p) for p in core["packs"])
    assert "10.21.0.240/28" in packs["metallb"]["values"]          # its own pool is kept
    assert "replicaCount: 3" in packs["nginx"]["values"]           # the published change arrived
    attached = next(a for a in store01["attached"] if a["uid"] == CORE_11)
    assert [v["name"] for v in attached["packValues"]] == ["metallb"]
    assert store01["notification"] is False and store01["state"] == "Running"
    # the same task again: nothing to do, no write
    emu.admin("DELETE", "/__emulator__/requests")
    again = update(svc, profiles, cluster_uids=[EDGE_VMO, STORE_01], profile_name="core", wait=True)
    assert again["changed"] is False and all(c["action"] is None and c["converged"] for c in again["clusters"])
    assert writes(emu) == []


def test_switch_version_keeps_own_values(svc, profiles, emu):
    """store-02 moves from core 1.0.0 to 1.1.0; store-01 is on 1.1.0 already (no change, no write)."""
    result = update(svc, profiles, cluster_names=["edge-store-02", "edge-store-01"], profile_name="core",
                    version="1.1.0", wait=True, wait_timeout=60)
    got = by_name(result)
    assert got["edge-store-02"]["action"] == "switch" and got["edge-store-01"]["action"] is None
    assert got["edge-store-02"]["before"]["version"] == "1.0.0" and got["edge-store-02"]["after"]["version"] == "1.1.0"
    assert [e["path"] for e in writes(emu)] == ["/v1/spectroclusters/%s/profiles" % STORE_02]
    cluster = state_cluster(emu, STORE_02)
    assert [a["uid"] for a in cluster["attached"]] == ["698e434f56d5433423e3ee00", CORE_11]
    assert [t["uid"] for t in cluster["snapshot"]] == ["698e434f56d5433423e3ee00", CORE_11]
    assert result["profile"] == {"name": "core", "uid": CORE_11, "version": "1.1.0"}


def test_switch_body(svc, profiles):
    """The PATCH body: the new version replaces the attached one; the cluster's own values go as packValues."""
    svc.client.patch("/v1/spectroclusters/%s/profiles" % STORE_01, query={"resolveNotification": True}, body={
        "profiles": [{"uid": CORE_10, "replaceWithProfile": CORE_11, "packValues": [
            {"name": "metallb", "tag": "0.14.8", "values": "charts: {own: true}\n"}]}]})
    plans = cl.plan_updates(svc, profiles, [svc.get(STORE_01)], "core", CORE_11)
    (plan,) = plans
    assert plan.body() == {"profiles": [{"uid": CORE_11, "replaceWithProfile": CORE_10, "packValues": [
        {"name": "metallb", "tag": "0.14.8", "type": "spectro", "values": "charts: {own: true}\n"}]}],
        "spcApplySettings": {"actionType": "DownloadAndInstall"}}


def test_check_mode_writes_nothing(svc, profiles, emu):
    publish_nginx_change(emu, svc)
    result = update(svc, profiles, cluster_names=["edge-vmo", "edge-store-02"], profile_name="core", version="1.1.0",
                    wait=True, check_mode=True)
    assert result["changed"] is True
    assert [c["action"] for c in result["clusters"]] == ["update", "switch"]
    headers = ["cluster edge-vmo (%s)" % EDGE_VMO, "cluster edge-store-02 (%s)" % STORE_02]
    assert [d["before_header"] for d in result["diff"]] == headers
    assert "replicaCount: 3" in result["diff"][0]["after"] and "replicaCount: 2" in result["diff"][0]["before"]
    assert writes(emu) == []
    assert state_cluster(emu, EDGE_VMO)["notification"] is True


def test_rerun_while_apply_is_underway_writes_nothing(svc, profiles, emu):
    emu.config(apply_seconds=3600)
    first = update(svc, profiles, cluster_uids=[STORE_03], profile_name="core")
    assert first["changed"] is True and len(writes(emu)) == 1
    second = update(svc, profiles, cluster_uids=[STORE_03], profile_name="core")
    assert second["changed"] is False
    assert second["clusters"][0]["underway"] is True and second["clusters"][0]["state"] == "Updating"
    assert len(writes(emu)) == 1


def test_failed_apply_is_retried(svc, profiles, emu):
    emu.config(apply_seconds=3600)
    update(svc, profiles, cluster_uids=[STORE_03], profile_name="core")
    emu.admin("POST", "/__emulator__/clusters/%s/apply" % STORE_03, json={"result": "fail"})
    again = update(svc, profiles, cluster_uids=[STORE_03], profile_name="core")
    assert again["changed"] is True and again["clusters"][0]["action"] == "update"
    assert len(writes(emu)) == 2


# -- waiting ------------------------------------------------------------------------------------------
def test_wait_timeout_names_cluster_and_packs(svc, profiles, emu):
    emu.config(apply_seconds=3600)
    with pytest.raises(cl.ClusterError) as err:
        update(svc, profiles, cluster_uids=[STORE_03], profile_name="core", wait=True, wait_timeout=2, wait_sleep=1)
    text = str(err.value)
    assert err.value.option == "wait_timeout"
    assert "edge-store-03 (%s)" % STORE_03 in text
    assert "pack virtual-machine-orchestrator tag 4.4.10 (want 4.6.3)" in text and "state Updating" in text
    assert err.value.details["clusters"][0]["uid"] == STORE_03


def test_wait_reports_failed_apply(svc, profiles, emu):
    emu.config(apply_seconds=3600)
    (plan,) = cl.plan_updates(svc, profiles, [svc.get(STORE_03)], "core", None)
    svc.apply(plan)
    emu.admin("POST", "/__emulator__/clusters/%s/apply" % STORE_03, json={"result": "fail", "message": "disk full"})
    with pytest.raises(cl.ClusterError, match=r"failed on 1 cluster\(s\): edge-store-03 .*disk full"):
        svc.wait([plan], timeout=30, sleep=1)


def test_wait_follows_the_apply(svc, profiles, emu):
    """Converges only once the emulator finished the apply (admin API), not merely after the PATCH."""
    emu.config(apply_seconds=3600)
    (plan,) = cl.plan_updates(svc, profiles, [svc.get(STORE_03)], "core", None)
    svc.apply(plan)
    calls = []

    def sleeper(seconds):
        calls.append(seconds)
        if len(calls) == 2:
            emu.admin("POST", "/__emulator__/clusters/%s/apply" % STORE_03, json={"result": "complete"})

    svc.wait([plan], timeout=60, sleep=5, sleeper=sleeper)
    assert plan.converged is True and plan.state == "Running" and len(calls) == 2


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
    with pytest.raises(cl.ClusterError, match="vc-analytics"):
        update(svc, profiles, cluster_uids=[STORE_03, VIRTUAL], profile_name="core")
    assert writes(emu) == []
