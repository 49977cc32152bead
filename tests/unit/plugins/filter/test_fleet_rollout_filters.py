# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters of playbooks/fleet_rollout.yml: which hosts it chooses and in what order (fleet_rollout_plan), the
module calls of a wave (fleet_rollout_calls), each cluster's outcome of a wave and whether the wave stops the
rollout (fleet_rollout_outcomes), and the summary (fleet_rollout_summary). tests/playbooks/test_fleet_rollout.py
runs them through the playbook against the emulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_calls import fleet_rollout_calls
from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_outcomes import fleet_rollout_outcomes
from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_plan import fleet_rollout_plan
from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_summary import fleet_rollout_summary

CORE_1 = {"name": "core", "uid": "p1", "version": "1.0.0", "packs": [{"name": "vmo", "tag": "4.4.10", "values": "a: 1"}]}
CORE_2 = {"name": "core", "uid": "p2", "version": "2.0.0", "packs": []}
OTHER = {"name": "other", "uid": "p9", "version": "1.0.0", "packs": []}


def host(uid, profiles, project="edge-prod", **extra):
    out = {"palette_cluster_uid": uid, "palette_project_name": project, "palette_profiles": profiles,
           "palette_state": "Running", "palette_update_pending": True}
    out.update(extra)
    return out


HOSTVARS = {
    "b-store": host("u-b", [CORE_1]),
    "A-store": host("u-a", [OTHER, CORE_1]),
    "c-store": host("u-c", [CORE_2], project="edge-dev"),
    "canary": host("u-k", [CORE_1]),
    "no-core": host("u-n", [OTHER]),
    "bare": {"palette_cluster_uid": "u-x"},
}
HOSTS = ["b-store", "A-store", "c-store", "canary", "no-core", "bare"]


def plan(**options):
    return fleet_rollout_plan(HOSTVARS, HOSTS, **options)


@pytest.mark.parametrize("options, expected", [
    # by name: every version, canaries first, then by name without regard to case
    ({"profile_name": "core", "canaries": ["canary", "no-core"]}, ["canary", "A-store", "b-store", "c-store"]),
    ({"profile_name": "core"}, ["A-store", "b-store", "c-store", "canary"]),
    ({"profile_name": "core", "profile_version": "2.0.0"}, ["c-store"]),
    # by uid: that version only (a name given as well is not looked at)
    ({"profile_uid": "p1", "profile_name": "other"}, ["A-store", "b-store", "canary"]),
    ({"profile_name": "nothing"}, []),
])
def test_plan_chooses_the_clusters_that_run_the_profile_in_rollout_order(options, expected):
    assert [row["cluster"] for row in plan(**options)] == expected


def test_plan_row_holds_what_the_cluster_runs_now_and_is_untouched():
    row = plan(profile_name="core")[0]
    assert row == {
        "cluster": "A-store", "uid": "u-a", "project": "edge-prod", "profile": "core", "wave": None,
        "status": "untouched", "changed": False,
        "before": {"profile_uid": "p1", "version": "1.0.0", "packs": [{"name": "vmo", "tag": "4.4.10"}]},
        "after": None, "pack_changes": [], "state": "Running", "update_pending": True, "converged": None,
        "install": None, "error": None}


def test_calls_one_per_project_and_profile_version_of_the_wave():
    rows = plan(profile_name="core")
    calls = fleet_rollout_calls(rows)
    # in the order of each call's first cluster, each call's clusters in wave order
    assert [(c["project"], c["profile_uid"], c["uids"]) for c in calls] == [
        ("edge-prod", "p1", ["u-a", "u-b", "u-k"]), ("edge-dev", "p2", ["u-c"])]
    # only the wave's hosts
    assert [c["uids"] for c in fleet_rollout_calls(rows, hosts=["canary", "c-store"])] == [["u-c"], ["u-k"]]


ROWS = [dict(cluster=name, uid=uid, project="edge-prod", wave=None, status="untouched", changed=False,
             before={"profile_uid": "p1", "version": "1.0.0", "packs": []}, after=None, pack_changes=[],
             state="Running", update_pending=True, converged=None, install=None, error=None)
        for name, uid in (("s1", "u1"), ("s2", "u2"), ("s3", "u3"), ("s4", "u4"))]
AFTER = {"profile_uid": "p1", "version": "1.0.0", "packs": [{"name": "vmo", "tag": "4.6.3"}]}
CHANGES = [{"name": "vmo", "action": "update", "tag_before": "4.4.10", "tag_after": "4.6.3", "values_changed": False}]


def result(uid, changed=True, converged=True, **extra):
    out = {"uid": uid, "changed": changed, "converged": converged, "state": "Running", "before": ROWS[0]["before"],
           "after": AFTER, "pack_changes": CHANGES if changed else [], "install": {"state": "installed", "packs": []}}
    out.update(extra)
    return out


def call(uids, clusters, **extra):
    out = {"item": {"uids": uids}, "changed": any(c["changed"] for c in clusters), "clusters": clusters}
    out.update(extra)
    return out


def test_outcomes_of_a_wave_that_went_through():
    calls = [call(["u1", "u2"], [result("u1"), result("u2", changed=False)])]
    out = fleet_rollout_outcomes(ROWS, calls, wave="2", hosts=["s1", "s2"])
    assert [(r["cluster"], r["wave"], r["status"], r["changed"], r["converged"]) for r in out["rows"]] == [
        ("s1", 2, "updated", True, True), ("s2", 2, "unchanged", False, True)]
    assert out["rows"][0]["after"] == AFTER and out["rows"][0]["pack_changes"] == CHANGES
    assert out["rows"][0]["install"] == {"state": "installed", "packs": []}
    assert out["unsettled"] == [] and out["failed"] == [] and out["stop"] is False
    assert fleet_rollout_outcomes(ROWS[:1], calls, wave=1, check_mode=True)["rows"][0]["status"] == "would update"


def test_a_failed_patch_fails_the_cluster_it_names_and_leaves_the_others_to_settle():
    msg = "applying the profile change failed for cluster s2 (u2): HTTP 500; it was applied to s1 (u1)"
    calls = [call(["u1", "u2", "u3"], [result("u1"), result("u2", converged=None), result("u3", converged=None)],
                  failed=True, msg=msg)]
    out = fleet_rollout_outcomes(ROWS, calls, wave=2, hosts=["s1", "s2", "s3"], max_fail_percentage=50)
    rows = dict((r["cluster"], r) for r in out["rows"])
    assert rows["s1"]["status"] == "updated"                           # it installed the change
    assert (rows["s2"]["status"], rows["s2"]["error"], rows["s2"]["changed"]) == ("failed", msg, False)
    assert [r["cluster"] for r in out["unsettled"]] == ["s3"]           # the call stopped before it was settled
    assert (rows["s3"]["status"], rows["s3"]["wave"], rows["s3"]["changed"]) == ("untouched", None, True)
    assert out["failed"] == ["s2"] and out["stop"] is False             # 1 of 3 is within 50 %
    assert fleet_rollout_outcomes(ROWS, calls, wave=2, hosts=["s1", "s2", "s3"], max_fail_percentage=20)["stop"] is True

    # the unsettled cluster's own call: its PATCH had gone through already (changed stays true), it installs now
    own = [{"item": out["unsettled"][0], "changed": False, "clusters": [result("u3", changed=False)]}]
    settled = fleet_rollout_outcomes(ROWS, calls, wave=2, hosts=["s1", "s2", "s3"], settled=own)
    row = dict((r["cluster"], r) for r in settled["rows"])["s3"]
    assert (row["status"], row["changed"], row["wave"], row["converged"]) == ("updated", True, 2, True)
    assert settled["unsettled"] == []
    failed_own = [{"item": out["unsettled"][0], "failed": True, "msg": "wait_timeout: s3", "clusters": []}]
    row = fleet_rollout_outcomes(ROWS, calls, wave=2, hosts=["s3"], settled=failed_own)["rows"][0]
    assert (row["status"], row["error"], row["before"]) == ("failed", "wait_timeout: s3", ROWS[2]["before"])


def test_a_failed_call_of_one_cluster_fails_it_and_a_whole_failed_wave_stops_the_rollout():
    calls = [call(["u4"], [], failed=True, msg="HTTP 500", changed=False)]
    out = fleet_rollout_outcomes(ROWS, calls, wave=1, hosts=["s4"], max_fail_percentage=100)
    assert [(r["status"], r["error"], r["changed"]) for r in out["rows"]] == [("failed", "HTTP 500", False)]
    assert out["stop"] is True                                           # every cluster of the wave failed


def test_a_failed_call_still_counts_a_cluster_that_installed_the_change():
    calls = [call(["u1", "u2"], [result("u1"), result("u2")], failed=True, msg="the profile change failed to install "
                  "on 1 cluster(s): s9 (u9): Error")]
    out = fleet_rollout_outcomes(ROWS, calls, wave=3, hosts=["s1", "s2"])
    assert [r["status"] for r in out["rows"]] == ["updated", "updated"] and out["unsettled"] == []


def test_summary_counts_statuses_and_prints_a_line_per_cluster():
    done = dict(ROWS[0], wave=1, status="updated", changed=True, after=AFTER, pack_changes=CHANGES,
                install={"state": "installed"}, converged=True)
    failed = dict(ROWS[1], wave=2, status="failed", error="HTTP 500", state=None)
    untouched = dict(ROWS[2], before={"profile_uid": "p1", "version": "1.0.0",
                                      "packs": [{"name": "vmo", "tag": "4.4.10"}, {"name": "lb", "tag": None}]})
    hostvars = {"s1": {"fleet_rollout_result": done}, "s2": {"fleet_rollout_result": failed}, "s3": {}}
    out = fleet_rollout_summary([ROWS[0], ROWS[1], untouched], hosts=5, hostvars=hostvars, profile_name="core",
                                profile_version="", profile_uid="", serial=[1, "100%"], max_fail_percentage=0)
    summary = out["summary"]
    assert summary["outcome"] == "stopped after wave 2"
    assert summary["counts"] == {"updated": 1, "would_update": 0, "unchanged": 0, "failed": 1, "untouched": 1,
                                 "targets": 3, "skipped": 2}
    assert summary["clusters"] == [done, failed, untouched]
    assert summary["profile"] == {"name": "core", "version": "", "uid": ""} and summary["waves"] == [1, "100%"]
    assert out["lines"] == [
        "Fleet rollout of profile core: stopped after wave 2",
        "3 cluster(s) run it: 1 updated, 0 unchanged, 1 failed, 1 untouched; 2 other cluster(s) skipped",
        "s1 [wave 1] updated: 1.0.0 -> 1.0.0 (vmo 4.4.10 -> 4.6.3), state Running, install installed",
        "s2 [wave 2] failed: 1.0.0, state ?; HTTP 500",
        "s3 [wave -] untouched: 1.0.0 (runs vmo 4.4.10, lb None; update pending), state Running",
    ]


@pytest.mark.parametrize("statuses, check_mode, outcome", [
    (["updated", "unchanged"], False, "finished"),
    (["updated", "failed"], False, "finished with failures"),
    (["would update"], True, "previewed (check mode, nothing sent)"),
])
def test_summary_outcome(statuses, check_mode, outcome):
    rows = [dict(ROWS[0], cluster="s%d" % n, status=status, wave=1) for n, status in enumerate(statuses)]
    out = fleet_rollout_summary(rows, hosts=len(rows), profile_uid="p1", check_mode=check_mode)
    assert out["summary"]["outcome"] == outcome
    assert out["lines"][0] == "Fleet rollout of profile version p1: %s" % outcome
    assert (" 1 would update," in out["lines"][1]) == check_mode
