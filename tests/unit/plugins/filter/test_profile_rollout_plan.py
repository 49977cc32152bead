# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The profile_rollout_plan and profile_rollout_targets filters: which version each entry changes and which
clusters it is applied to, in name order, and which listed clusters run none of the profiles."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_plan import profile_rollout_plan
from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_targets import profile_rollout_targets


def read(profile_name, profile_uid, version, users=(), **want):
    """A palette_profile_info result with the entry it was read for."""
    return {"__profile_rollout_want": want,
            "profile": {"name": profile_name, "uid": profile_uid, "version": version,
                        "in_use_clusters": [{"uid": u, "name": "c-" + u} for u in users]}}


@pytest.mark.parametrize("sources, new_versions, options, expected", [
    ([read("core", "p1", "1.1.0", ["a", "b"], uid="p1", packs=[{"name": "x", "tag": "1"}])], [], {},
     [{"index": 0, "name": "core", "uid": "p1", "version": "1.1.0", "strategy": "in_place", "new_version": None,
       "new_uid": None, "selection": "all", "listed": [], "candidates": ["a", "b"], "packs": [{"name": "x", "tag": "1"}]}]),
    # the new version an earlier run created brings its clusters (each once)
    ([read("core", "p1", "1.1.0", ["a", "b"], uid="p1", strategy="new_version", new_version=1.2)],
     [{"profile": {"uid": "p2", "in_use_clusters": [{"uid": "b"}, {"uid": "c"}]}}], {},
     [{"index": 0, "name": "core", "uid": "p1", "version": "1.1.0", "strategy": "new_version", "new_version": "1.2",
       "new_uid": "p2", "selection": "all", "listed": [], "candidates": ["a", "b", "c"], "packs": []}]),
    # the role's selection, or the entry's own; a list is kept as names
    ([read("core", "p1", "1.1.0", ["a"], uid="p1"), read("infra", "p3", "1.1.0", ["a"], name="infra", clusters="all")],
     [{"skipped": True}, {"skipped": True}], {"clusters": ["edge-vmo", "a"], "strategy": "in_place"},
     [{"index": 0, "name": "core", "uid": "p1", "version": "1.1.0", "strategy": "in_place", "new_version": None,
       "new_uid": None, "selection": "list", "listed": ["edge-vmo", "a"], "candidates": [], "packs": []},
      {"index": 1, "name": "infra", "uid": "p3", "version": "1.1.0", "strategy": "in_place", "new_version": None,
       "new_uid": None, "selection": "all", "listed": [], "candidates": ["a"], "packs": []}]),
    ([read("core", "p1", "1.1.0", ["a"], uid="p1")], [], {"clusters": "none"},
     [{"index": 0, "name": "core", "uid": "p1", "version": "1.1.0", "strategy": "in_place", "new_version": None,
       "new_uid": None, "selection": "none", "listed": [], "candidates": [], "packs": []}]),
], ids=["all", "new-version", "list-and-entry-selection", "none"])
def test_plan(sources, new_versions, options, expected):
    assert profile_rollout_plan(sources, new_versions, **options) == expected


CLUSTERS = [{"uid": "u1", "name": "edge-vmo", "profiles": [{"name": "core"}, {"name": "infra"}]},
            {"uid": "u2", "name": "Edge-store-01", "profiles": [{"name": "core"}]},
            {"uid": "u3", "name": "edge-lab", "profiles": [{"name": "other"}]}]


def found(ref, uid=None):
    return {"__profile_rollout_ref": ref, "clusters": [{"uid": uid}] if uid else []}


@pytest.mark.parametrize("plan, listed, expected_targets, expected_unused", [
    # in name order, without regard to case
    ([{"name": "core", "selection": "all", "candidates": ["u1", "u2"]}], [], [["u2", "u1"]], []),
    ([{"name": "core", "selection": "none", "candidates": []}], [], [[]], []),
    # a listed cluster goes to each profile it runs; one that runs none of them is unused, each once
    ([{"name": "core", "selection": "list", "listed": ["edge-vmo", "u3", "edge-vmo"]},
      {"name": "infra", "selection": "list", "listed": ["edge-vmo", "u3"]}],
     [found("edge-vmo", "u1"), found("u3", "u3")], [["u1"], ["u1"]], ["u3"]),
    # a name that was not found is unused
    ([{"name": "core", "selection": "list", "listed": ["ghost", "Edge-store-01"]}],
     [found("ghost"), found("Edge-store-01", "u2")], [["u2"]], ["ghost"]),
], ids=["all", "none", "list", "not-found"])
def test_targets(plan, listed, expected_targets, expected_unused):
    result = profile_rollout_targets(plan, listed, CLUSTERS)
    assert [e["targets"] for e in result] == expected_targets
    assert [e["unused"] for e in result] == [expected_unused] * len(plan)
    assert [dict((k, v) for k, v in e.items() if k not in ("targets", "unused")) for e in result] == plan
