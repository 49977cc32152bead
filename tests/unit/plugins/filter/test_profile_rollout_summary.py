# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The profile_rollout_summary filter: the status of each profile and cluster from what the role's steps returned,
and the clusters' pack changes compared the way palette_cluster_info compares them (values as YAML data)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_summary import profile_rollout_summary

VMO_BEFORE = {"name": "vmo", "tag": "4.6.3", "values": "replicas: 1  # one\n"}
VMO_AFTER = {"name": "vmo", "tag": "4.7.1", "values": "replicas: 2\n"}
METALLB = {"name": "metallb", "tag": "0.14.8", "values": "pool: a\n"}
ENTRY = {"index": 0, "name": "core", "uid": "p1", "version": "1.1.0", "strategy": "in_place", "new_version": None,
         "new_uid": None, "targets": ["c1"], "packs": [{"name": "vmo", "tag": "4.7.1"}]}


def cluster(packs, version="1.1.0", **extra):
    out = {"uid": "c1", "name": "edge-vmo", "state": "Running", "health": "Healthy",
           "profiles": [{"name": "core", "uid": "p1", "version": version, "packs": packs}], "pending_updates": []}
    out.update(extra)
    return out


def run(**fields):
    out = {"check_mode": False, "plan": [ENTRY], "changes": [], "publishes": [], "applied": [],
           "before": [cluster([VMO_BEFORE, METALLB])], "after": None, "errors": [], "unread": "",
           "strategy": "in_place", "publish": True, "apply": True, "wait": True}
    out.update(fields)
    return out


def change(**fields):
    out = {"name": "core", "uid": "p1", "version": "1.1.0", "changed": False, "draft": False, "landed": None,
           "pack_changes": []}
    out.update(fields)
    return out


TAGS = [{"name": "vmo", "tag": "4.6.3"}, {"name": "metallb", "tag": "0.14.8"}]


def applied(**planned):
    """palette_cluster_profile's result for the one cluster (by default: nothing sent, installed, waited for)."""
    row = {"uid": "c1", "changed": False, "action": None, "converged": True, "state": "Running", "pack_changes": [],
           "before": {"profile_uid": "p1", "version": "1.1.0", "packs": TAGS},
           "after": {"profile_uid": "p1", "version": "1.1.0", "packs": TAGS},
           "install": {"state": "installed", "message": "installed"}}
    row.update(planned)
    return [{"index": 0, "result": {"changed": row["changed"], "clusters": [row]}}]


@pytest.mark.parametrize("fields, expected", [
    ({"changes": [change()]}, "unchanged"),
    ({"changes": []}, "not reached"),
    ({"changes": [change(failed=True, msg="boom")]}, "failed"),
    ({"changes": [change(changed=True)], "publishes": [{"published": True, "changed": True}]}, "changed and published"),
    ({"changes": [change(changed=False, draft=True)], "publishes": [{"published": True, "changed": True}]},
     "published the draft an earlier run left"),
    ({"changes": [change(changed=True)], "publishes": [{"failed": True, "msg": "no"}]}, "draft written, publish failed"),
    ({"changes": [change(changed=True, landed="published")]},
     "changed and published (Palette edited the published version in place)"),
    ({"changes": [change(changed=True)]}, "changed (draft, not published)"),
    ({"changes": [change(draft=True)]}, "draft waiting, not published"),
    ({"changes": [change(changed=True)], "check_mode": True}, "would change and publish"),
    ({"changes": [change(changed=True)], "check_mode": True, "publish": False}, "would change (draft only)"),
    ({"changes": [change(draft=True)], "check_mode": True}, "would publish the draft an earlier run left"),
], ids=["unchanged", "not-reached", "failed", "changed-published", "draft-published", "publish-failed",
        "landed-published", "draft-only", "draft-waiting", "check", "check-no-publish", "check-draft"])
def test_profile_status(fields, expected):
    summary = profile_rollout_summary(run(**fields))
    assert summary["profiles"][0]["status"] == expected


@pytest.mark.parametrize("fields, status, install", [
    # the same content read before and after: nothing moved
    ({"changes": [change()], "applied": applied()}, "up to date", "installed"),
    # a new tag and new values after the run
    ({"changes": [change(changed=True)], "applied": applied(changed=True, action="update"),
      "after": [cluster([VMO_AFTER, METALLB])]}, "updated", "installed"),
    ({"changes": [change()], "applied": applied(install={"state": "installing", "message": "pack vmo: Installing"})},
     "applying", "installing"),
    ({"changes": [change()], "applied": applied(install={"state": "failed", "message": "pack vmo: Error"})},
     "failed", "failed"),
    ({"changes": [change()],
      "applied": applied(install={"state": "repave_pending", "message": "repave"},
                         repave={"state": "Pending", "reasons": [{"message": "new OS"}]})},
     "waiting for repave approval", "repave_pending"),
    ({"changes": [change()], "applied": applied(install={"state": "waiting_for_trigger", "message": "later"})},
     "waiting for the install trigger", "waiting_for_trigger"),
    # the clusters could not be read after the run, and the apply did not see them installed
    ({"changes": [change()], "applied": applied(converged=None, install=None), "unread": "connection refused"},
     "unconfirmed", None),
    # check mode: the tag would move
    ({"changes": [change(changed=True, packs=[{"name": "vmo", "tag": "4.7.1"}, {"name": "metallb", "tag": "0.14.8"}])],
      "check_mode": True}, "would update", None),
], ids=["up-to-date", "updated", "applying", "failed", "repave", "trigger", "unconfirmed", "check"])
def test_cluster_status(fields, status, install):
    summary = profile_rollout_summary(run(**fields))
    row = summary["clusters"][0]
    assert row["status"] == status
    assert (row["install"] or {}).get("state") == install


def test_repave_problem_names_the_option_and_the_reasons():
    summary = profile_rollout_summary(run(changes=[change()], applied=applied(
        install={"state": "repave_pending", "message": "repave"}, repave={"state": "Pending", "reasons": [{"message": "new OS"}]})))
    assert summary["clusters"][0]["problems"] == ["core: waits for a repave approval (profile_rollout_approve_repave): new OS"]
    assert summary["status"] == "unchanged"


def test_pack_changes_compare_values_as_data():
    # the same values with another comment and layout are no change; a new tag and new values are
    reformatted = dict(METALLB, values="pool:   a   # the LAN\n")
    summary = profile_rollout_summary(run(changes=[change(changed=True)], applied=applied(changed=True),
                                          after=[cluster([VMO_AFTER, reformatted])]))
    assert summary["clusters"][0]["profiles"][0]["pack_changes"] == [
        {"name": "vmo", "action": "update", "tag_before": "4.6.3", "tag_after": "4.7.1", "values_changed": True}]
    assert summary["status"] == "changed" and summary["changed"] is True


def test_check_mode_marks_values_the_change_would_make():
    values_only = change(changed=True, packs=[{"name": "vmo", "tag": "4.6.3"}, {"name": "metallb", "tag": "0.14.8"}],
                         pack_changes=[{"name": "vmo", "changed": True, "values_changed": True, "tag_before": "4.6.3",
                                        "tag_after": "4.6.3"}])
    summary = profile_rollout_summary(run(changes=[values_only], check_mode=True))
    assert summary["clusters"][0]["profiles"][0]["pack_changes"] == [
        {"name": "vmo", "action": "update", "tag_before": "4.6.3", "tag_after": "4.6.3", "values_changed": True}]
    assert summary["status"] == "would change" and summary["changed"] is False
    assert summary["profiles"][0]["pack_changes"] == [{"name": "vmo", "values_changed": True, "tag_before": "4.6.3",
                                                       "tag_after": "4.6.3"}]


def test_errors_fail_the_run_and_a_converged_plan_reports_its_apply():
    entry = dict(ENTRY, apply=applied()[0]["result"])
    summary = profile_rollout_summary(run(plan=[entry], changes=[change()], errors=["core: boom"]), finished="T")
    assert summary["status"] == "failed" and summary["errors"] == ["core: boom"] and summary["finished"] == "T"
    assert summary["clusters"][0]["converged"] is True
    assert summary["profiles"][0]["clusters"] == ["edge-vmo"]


VMO_CHANGE = {"name": "vmo", "action": "update", "tag_before": "4.6.3", "tag_after": "4.7.1", "values_changed": True}


def test_a_cluster_the_apply_saw_installed_is_reported_from_the_apply_without_a_read_after_the_run():
    # before the run core's published content was ahead of the cluster (an update pending): the apply sent it and
    # waited until it was installed; the read before shows the old state and health
    before = cluster([VMO_BEFORE, METALLB], state="Pending", health="Healthy",
                     pending_updates=[{"profile": "core", "packs": [VMO_CHANGE], "values_only": []}])
    summary = profile_rollout_summary(run(changes=[change(changed=True)], before=[before], after=None,
                                          applied=applied(changed=True, action="update", pack_changes=[VMO_CHANGE])))
    row = summary["clusters"][0]
    assert (row["status"], row["state"], row["health"], row["state_before"]) == ("updated", "Running", "Healthy", "Pending")
    assert row["profiles"][0]["pack_changes"] == [VMO_CHANGE]
    assert (row["profiles"][0]["version_after"], row["profiles"][0]["uid_after"]) == ("1.1.0", "p1")
    assert row["unconfirmed"] is None and row["converged"] is True


def test_a_cluster_read_after_the_run_is_reported_from_that_read():
    # not waited for: read again, and that read says what it runs (an update still pending)
    after = cluster([VMO_BEFORE, METALLB], pending_updates=[{"profile": "core", "packs": [VMO_CHANGE], "values_only": []}])
    summary = profile_rollout_summary(run(changes=[change(changed=True)], after=[after],
                                          applied=applied(converged=None, pack_changes=[VMO_CHANGE])))
    row = summary["clusters"][0]
    assert row["status"] == "update pending" and row["profiles"][0]["pack_changes"] == []


def test_the_first_apply_record_of_a_profile_counts():
    # the apply's result, then the failure of the install check after it (no clusters in it)
    records = applied(install={"state": "failed", "message": "pack vmo: Error"}) + [{"index": 0, "result": {"msg": "x"}}]
    summary = profile_rollout_summary(run(changes=[change()], applied=records, errors=["core: x"]))
    assert summary["clusters"][0]["install"]["state"] == "failed"


def test_a_converged_plan_stands_for_the_change_results():
    entry = dict(ENTRY, change=change(), apply=applied()[0]["result"])
    summary = profile_rollout_summary(run(plan=[entry], changes=[]))
    assert summary["profiles"][0]["status"] == "unchanged" and summary["status"] == "unchanged"


@pytest.mark.parametrize("changes, expected", [
    ([change(changed=True, backup_file="/r/backups/core-1.1.0.p1.T.yml")], "/r/backups/core-1.1.0.p1.T.yml"),
    ([change()], None),
    ([], None),
], ids=["written-with-backup", "nothing-written", "not-reached"])
def test_each_profile_names_the_backup_taken_before_its_write(changes, expected):
    assert profile_rollout_summary(run(changes=changes))["profiles"][0]["backup_file"] == expected
