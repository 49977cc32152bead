# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The add-on part of the profile_rollout summary: which clusters each profile entry attached its version to or
detached its profile from, from the loop results of the role's attach and detach step (palette_cluster_profile
results with their loop item, a plan entry), and, in check mode where that step could not run, from the plan."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_summary import profile_rollout_summary

STORES = [{"uid": "c1", "name": "edge-store-01"}, {"uid": "c2", "name": "edge-store-02"}]


def entry(state="present", attach=None, detach=None):
    return {"index": 0, "name": "tenant-baseline", "uid": "p1", "version": "1.0.0", "strategy": "in_place",
            "new_version": None, "new_uid": None, "targets": [], "packs": [], "state": state, "attach": state == "present",
            "attach_targets": attach or [], "detach_targets": detach or [], "change": None, "apply": None}


def loop_result(plan_entry, action, changed_uids, **extra):
    """palette_cluster_profile's result as a loop of the role registers it (the loop item under its loop_var)."""
    out = {"changed": bool(changed_uids), "ansible_loop_var": "__profile_rollout_addon", "__profile_rollout_addon": plan_entry,
           "clusters": [{"uid": c["uid"], "name": c["name"], "changed": c["uid"] in changed_uids,
                         "action": action if c["uid"] in changed_uids else None} for c in STORES]}
    out.update(extra)
    return out


def run(plan_entry, check=False, **fields):
    out = {"check_mode": check, "plan": [plan_entry], "changes": [], "publishes": [], "applied": [],
           "before": [dict(c, state="Running", profiles=[]) for c in STORES], "after": None, "errors": [], "unread": "",
           "strategy": "in_place", "publish": True, "apply": True, "wait": True}
    out.update(fields)
    return out


def test_the_clusters_attached_to_are_named_and_the_run_changed():
    plan = entry(attach=["c1", "c2"])
    summary = profile_rollout_summary(run(plan, attached=[loop_result(plan, "attach", ["c1", "c2"])]))
    assert summary["profiles"][0]["attached"] == ["edge-store-01", "edge-store-02"]
    assert summary["profiles"][0]["detached"] == [] and summary["profiles"][0]["state"] == "present"
    assert summary["changed"] is True and summary["status"] == "changed"


@pytest.mark.parametrize("fields, attached", [
    ({}, ["edge-store-02"]),
    # the attach step ran in check mode: its result is what it would do
    ({"attached": [{"skipped": True}]}, ["edge-store-02"]),
], ids=["step-did-not-run", "step-skipped"])
def test_check_mode_names_the_clusters_the_plan_would_attach_to(fields, attached):
    summary = profile_rollout_summary(run(entry(attach=["c2"]), check=True, **fields))
    assert summary["profiles"][0]["attached"] == attached
    assert summary["status"] == "would change" and summary["changed"] is False


@pytest.mark.parametrize("check, results, status, detached", [
    (False, ["c1"], "detached from 1 cluster(s)", ["edge-store-01"]),
    (True, ["c1", "c2"], "would detach from 2 cluster(s)", ["edge-store-01", "edge-store-02"]),
    (False, None, "not attached to the selected clusters", []),
], ids=["detached", "check-mode", "nothing-to-detach"])
def test_a_detach_entry_says_where_it_detached_the_profile(check, results, status, detached):
    plan = entry(state="absent", detach=results or [])
    fields = {"detached": [loop_result(plan, "detach", results)]} if results else {}
    summary = profile_rollout_summary(run(plan, check=check, **fields))
    assert summary["profiles"][0]["status"] == status
    assert summary["profiles"][0]["detached"] == detached
    assert summary["changed"] is bool(results and not check)


def test_a_failed_detach_is_the_profile_error():
    plan = entry(state="absent", detach=["c1"])
    failed = loop_result(plan, "detach", [], failed=True, msg="cluster edge-store-01: 409")
    summary = profile_rollout_summary(run(plan, detached=[failed], errors=["tenant-baseline: 409"]))
    assert summary["profiles"][0]["status"] == "detach failed"
    assert summary["profiles"][0]["error"] == "cluster edge-store-01: 409"
    assert summary["status"] == "failed"


def test_a_plan_without_add_on_fields_reports_none():
    # a plan from before this change (or a caller's own): no add-on field, nothing attached or detached
    plan = dict(entry())
    for key in ("state", "attach", "attach_targets", "detach_targets"):
        plan.pop(key)
    summary = profile_rollout_summary(run(plan, check=True))
    assert summary["profiles"][0]["attached"] == [] and summary["profiles"][0]["state"] == "present"


@pytest.mark.parametrize("check, planned, results, extra, status", [
    (False, ["c1", "c2"], ["c1", "c2"], {}, "attached to 2 cluster(s)"),
    (True, ["c2"], None, {}, "would attach to 1 cluster(s)"),
    # the wait timed out after both PATCHes: the profile did not change, but the run is not "unchanged"
    (False, ["c1", "c2"], ["c1", "c2"], {"failed": True, "msg": "wait_timeout: 2 cluster(s) did not install"},
     "attach failed (attached to 2 cluster(s) before it failed)"),
    (False, ["c1"], [], {"failed": True, "msg": "cluster edge-store-01: 409"}, "attach failed"),
    (False, ["c1"], None, {}, "attach not reached"),
    (False, [], None, {}, "unchanged"),
], ids=["attached", "check-mode", "timed-out", "refused", "not-reached", "nothing-to-attach"])
def test_an_attach_entry_says_what_its_attach_did(check, planned, results, extra, status):
    plan = entry(attach=planned)
    fields = {"attached": [loop_result(plan, "attach", results, **extra)]} if results is not None else {}
    # the change step ran (in check mode too) and left the profile as it was
    summary = profile_rollout_summary(run(plan, check=check, changes=[{"name": "tenant-baseline", "changed": False}],
                                          **fields))
    assert summary["profiles"][0]["status"] == status
    assert summary["profiles"][0]["error"] == extra.get("msg")


def test_an_attach_status_follows_the_profile_change_status():
    plan = entry(attach=["c1"])
    change = {"name": "tenant-baseline", "changed": True, "uid": "p1"}
    publish = {"published": True, "changed": True}
    summary = profile_rollout_summary(run(plan, changes=[change], publishes=[publish],
                                          attached=[loop_result(plan, "attach", ["c1"])]))
    assert summary["profiles"][0]["status"] == "changed and published; attached to 1 cluster(s)"


@pytest.mark.parametrize("converged, status", [
    ([True, True], "attached to 2 cluster(s)"),
    # without the wait (converged null) or while an install waits for its trigger (false): accepted, not installed
    ([None, None], "attached to 2 cluster(s), 2 not seen installed"),
    ([True, False], "attached to 2 cluster(s), 1 not seen installed"),
], ids=["installed", "not-waited-for", "one-waits-for-its-trigger"])
def test_attached_alone_means_installed(converged, status):
    plan = entry(attach=["c1", "c2"])
    result = loop_result(plan, "attach", ["c1", "c2"])
    for cluster, state in zip(result["clusters"], converged):
        cluster["converged"] = state
    summary = profile_rollout_summary(run(plan, changes=[{"name": "tenant-baseline", "changed": False}],
                                          attached=[result]))
    assert summary["profiles"][0]["status"] == status
