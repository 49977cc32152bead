# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters of the profile_rollout role's steps: a failed task's message, the final message, which clusters are
read again after the run, the options of each apply, and an install that ended in an error."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_apply_options import profile_rollout_apply_options
from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_fail_message import profile_rollout_fail_message
from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_failure import profile_rollout_failure
from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_install_failures import (
    profile_rollout_install_failures,
)
from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_read_again import profile_rollout_read_again


@pytest.mark.parametrize("result, expected", [
    ({"failed": True, "msg": "  GET /v1/x: HTTP 500  \n"}, "GET /v1/x: HTTP 500"),
    ({"failed": True}, "failed"),
    ({"failed": True, "msg": ""}, "failed"),
    # a loop: each failed item after its label; items that did not fail, or carry no label, as they are
    ({"failed": True, "msg": "One or more items failed", "results": [
        {"failed": False, "msg": "fine", "_ansible_item_label": "infra"},
        {"failed": True, "msg": "no tag 9.9.9", "_ansible_item_label": "core"},
        {"failed": True, "msg": "boom"},
        {"skipped": True}]}, "core: no tag 9.9.9; boom"),
    ({"failed": True, "msg": "the loop", "results": [{"failed": False}]}, "the loop"),
], ids=["task", "no-message", "empty-message", "loop", "loop-without-failed-items"])
def test_failure_text(result, expected):
    assert profile_rollout_failure(result) == expected


@pytest.mark.parametrize("errors, fragment", [
    (["infra: cluster_values: the values of these packs differ ...", "core: repave"], "profile_rollout_cluster_values=keep"),
    (["core: approve_repave: 1 cluster(s) wait for a repave approval"], "profile_rollout_approve_repave=true"),
    (["core: new_version: core 1.2.0 (u) already exists and clusters use it: edge-vmo (c). ... or set "
      "new_version_in_use=change to change that version as it is"], "profile_rollout_new_version_in_use=change"),
    (["core: HTTP 500"], "it continues from where this run stopped"),
], ids=["cluster-values-first", "repave", "used-new-version", "anything-else"])
def test_final_message_says_what_failed_then_what_to_do(errors, fragment):
    message = profile_rollout_fail_message(errors)
    assert message.startswith("profile rollout failed: %s. " % " | ".join(errors))
    assert fragment in message
    assert "\n" not in message and "  " not in message


PLAN = [{"index": 0, "name": "infra", "targets": ["a", "b"]}, {"index": 1, "name": "core", "targets": ["b", "c"]}]
OLD = [{"name": "vmo", "tag": "4.6.3"}]
NEW = [{"name": "vmo", "tag": "4.7.1"}]
# as the plan read them: every cluster on the old content of both profiles
BEFORE = [{"uid": u, "profiles": [{"name": "infra", "uid": "i", "packs": OLD}, {"name": "core", "uid": "k", "packs": OLD}]}
          for u in "abc"]
CHANGED = [{"changed": True}, {"changed": True}]


def row(uid, profile="i", converged=True, sent=True, **extra):
    """palette_cluster_profile's row: by default it sent the update and waited until it was installed."""
    return dict({"uid": uid, "converged": converged, "action": "update" if sent else None,
                 "before": {"profile_uid": profile, "packs": OLD}, "after": {"profile_uid": profile, "packs": NEW}},
                **extra)


def record(index, *rows):
    return {"index": index, "result": {"clusters": list(rows)}}


BOTH = [record(0, row("a"), row("b")), record(1, row("b", "k"), row("c", "k"))]


@pytest.mark.parametrize("applied, changes, check_mode, expected", [
    # both applies sent the update and waited until every cluster had installed it: nothing to read
    (BOTH, CHANGED, False, []),
    (BOTH, CHANGED, True, []),
    # no wait (converged null), or an apply that did not reach the end: those clusters are read
    ([record(0, row("a"), row("b", converged=None)), BOTH[1]], CHANGED, False, ["b"]),
    (BOTH[:1], CHANGED, False, ["b", "c"]),
    ([], CHANGED, False, ["a", "b", "c"]),
    # the apply of core also changed another profile attached to c: c is read
    ([BOTH[0], record(1, row("b", "k"), row("c", "k", other_profiles=[{"name": "infra", "changed": True}]))],
     CHANGED, False, ["c"]),
    # the first record of a profile is its apply's; a later one is a check's failure after it
    ([BOTH[0], {"index": 0, "result": {"msg": "x"}}, BOTH[1]], CHANGED, False, []),
    # the apply found c attached to another version than the plan read (changed in between): c is read
    ([BOTH[0], record(1, row("b", "k"), row("c", "k", before={"profile_uid": "k0", "packs": OLD}))], CHANGED, False,
     ["c"]),
    # nothing sent to b and c for core although this run changed core: Palette applied it by itself, they are read
    ([BOTH[0], record(1, row("b", "k", sent=False), row("c", "k", sent=False))], CHANGED, False, ["b", "c"]),
    # ... unless this run changed nothing: then they ran the content the apply found (checked against the plan's read)
    ([BOTH[0], record(1, row("b", "k", sent=False, after={"profile_uid": "k", "packs": OLD}),
                      row("c", "k", sent=False))], [{"changed": True}, {"changed": False}], False, ["c"]),
], ids=["all-installed", "check-mode", "not-waited", "not-reached", "no-apply", "other-profile-changed", "first-record",
        "changed-in-between", "applied-by-palette", "nothing-to-send"])
def test_clusters_read_again(applied, changes, check_mode, expected):
    assert profile_rollout_read_again(PLAN, applied=applied, changes=changes, publishes=[], before=BEFORE,
                                      check_mode=check_mode) == expected


SOURCE = {"packs": [{"name": "vmo", "tag": "4.6.3", "values": "r: 1\n", "type": "spectro"},
                    {"name": "metallb", "tag": "0.14.8", "values": "pool: a\n"}]}
STEP = {"index": 0, "uid": "p1", "strategy": "in_place", "targets": ["c1", "c2"],
        "packs": [{"name": "vmo", "tag": "4.7.1"}]}
READ = [{"name": "vmo", "values": "r: 1\n"}, {"name": "metallb", "values": "pool: a\n"}]


@pytest.mark.parametrize("step, changes, publishes, previous", [
    # this run wrote the change, or published it: the content read before is the content from before
    (STEP, [{"uid": "p1", "changed": True}], [], READ),
    (STEP, [{"uid": "p1", "changed": False, "draft": True}], [{"published": True}], READ),
    # a later run: the published content already holds the change of vmo, only metallb is known from before
    (STEP, [{"uid": "p1", "changed": False}], [{"skipped": True}], READ[1:]),
    # a new version: the version read is the one it was cloned from, never changed
    (dict(STEP, strategy="new_version"), [{"uid": "p2", "changed": False}], [], READ),
], ids=["written", "published", "later-run", "new-version"])
def test_apply_options(step, changes, publishes, previous):
    options = profile_rollout_apply_options(step, sources=[SOURCE], changes=changes, publishes=publishes)
    assert options == {"cluster_uids": ["c1", "c2"], "profile_uid": changes[0]["uid"], "previous_packs": previous,
                       "previous_uid": "p1"}


def test_install_failures_name_each_cluster_and_palettes_message():
    result = {"clusters": [
        {"name": "edge-vmo", "install": {"state": "failed", "message": "pack vmo failed to install: OOM"}},
        {"name": "edge-store-01", "install": {"state": "installed", "message": "installed"}},
        {"name": "edge-store-03", "install": None},
        {"name": "edge-store-02", "install": {"state": "failed", "message": "pack vmo failed to install: disk"}}]}
    assert profile_rollout_install_failures(result) == (
        "the profile change failed to install on edge-vmo, edge-store-02: pack vmo failed to install: OOM; "
        "pack vmo failed to install: disk")
    assert profile_rollout_install_failures({"clusters": result["clusters"][1:3]}) == ""
    assert profile_rollout_install_failures({"failed": True, "msg": "x"}) == ""
