# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet_status_summary filter: each decision of the fleet report (newest version, drafts, which packs of a
pending update count, the profiles reported, the order, the counts) from palette_cluster_info and
palette_profile_info results."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.spectrocloud.palette.plugins.filter.fleet_status_summary import fleet_status_summary

TAG = {"name": "vmo", "action": "update", "tag_before": "4.4.10", "tag_after": "4.6.3", "values_changed": False}
VALUES = {"name": "metallb", "action": "update", "tag_before": "0.14.8", "tag_after": "0.14.8", "values_changed": True}


def cluster(name="edge-vmo", runs=(("core", "1.1.0"),), **extra):
    out = {"uid": "uid-" + name, "name": name, "state": "Running", "health": "Healthy", "update_pending": False,
           "profiles": [{"uid": "%s-%s" % (p, v), "name": p, "version": v, "type": "add-on"} for p, v in runs],
           "pending_updates": []}
    out.update(extra)
    return out


def profile(name, version, listed=(), **extra):
    out = {"uid": "%s-%s" % (name, version), "name": name, "version": version,
           "versions": [{"uid": "%s-%s" % (name, v), "version": v} for v in listed]}
    out.update(extra)
    return out


def row(summary, cluster_name="edge-vmo", profile_name="core"):
    found = [c for c in summary["clusters"] if c["name"] == cluster_name][0]
    return [r for r in found["profiles"] if r["name"] == profile_name][0]


# -- the newest version of a profile and whether a cluster is behind it ---------------------------------------------

@pytest.mark.parametrize("profiles, runs, newest, behind", [
    # the highest of the versions Palette lists for the name; 1.10.0 is above 1.9.0 (compared as versions, not text)
    ([profile("core", "1.1.0", ["1.0.0", "1.9.0", "1.10.0"])], "1.9.0", "1.10.0", True),
    # the entry's own version counts even when its list leaves it out
    ([profile("core", "2.0.0", ["1.0.0"])], "1.0.0", "2.0.0", True),
    # one version entry per listed version, each listing the others: the highest of all of them
    ([profile("core", "1.0.0", ["1.0.0"]), profile("core", "1.2.0", ["1.2.0"])], "1.2.0", "1.2.0", False),
    # an empty version is not a candidate
    ([profile("core", "", ["", "1.0.0"])], "1.0.0", "1.0.0", False),
    # the versions list may be missing
    ([{"uid": "u", "name": "core", "version": "1.3.0"}], "1.1.0", "1.3.0", True),
], ids=["versions-not-text", "own-version", "several-entries", "empty-version", "no-versions-list"])
def test_newest_version_and_behind(profiles, runs, newest, behind):
    summary = fleet_status_summary([cluster(runs=[("core", runs)])], profiles=profiles, read_at="T")
    assert row(summary)["newest_version"] == newest
    assert row(summary)["behind"] is behind
    assert summary["profiles"][0]["newest_version"] == newest
    assert summary["counts"]["behind_newest_version"] == (1 if behind else 0)


def test_profile_palette_did_not_list():
    """A profile the profile read did not return (another scope): the cluster's own version is the newest it knows,
    so it is not behind, and the profile's newest version is unknown."""
    summary = fleet_status_summary([cluster(runs=[("hidden", "1.0.0")])], profiles=[profile("core", "2.0.0")], read_at="T")
    assert row(summary, profile_name="hidden")["newest_version"] == "1.0.0"
    assert row(summary, profile_name="hidden")["behind"] is False
    assert summary["profiles"] == [{"name": "hidden", "newest_version": None, "drafts": [],
                                    "versions": [{"version": "1.0.0", "clusters": ["edge-vmo"]}]}]


def test_a_cluster_without_a_version_is_not_behind():
    summary = fleet_status_summary([cluster(runs=[("core", None)])], profiles=[profile("core", "2.0.0")], read_at="T")
    assert row(summary)["behind"] is False
    assert row(summary)["newest_version"] == "2.0.0"


def test_versions_that_cannot_be_compared_are_refused_naming_them():
    # loose versions: "1.0.0.1" and "1.0.0-rc1" compare the number 1 with the text "-" at the fourth place
    with pytest.raises(AnsibleFilterError, match=r"'1\.0\.0-rc1'.*'1\.0\.0\.1'|'1\.0\.0\.1'.*'1\.0\.0-rc1'"):
        fleet_status_summary([], profiles=[profile("core", "1.0.0.1", ["1.0.0-rc1"])])


def test_drafts_per_name_in_listing_order():
    profiles = [profile("core", "1.1.0", has_draft=True), profile("core", "1.0.0", has_draft=True),
                profile("core", "1.2.0", has_draft=False), profile("infra", "1.0.0")]
    clusters = [cluster(runs=[("core", "1.0.0"), ("infra", "1.0.0")])]
    summary = fleet_status_summary(clusters, profiles=profiles, read_at="T")
    assert [(p["name"], p["drafts"]) for p in summary["profiles"]] == [("core", ["1.1.0", "1.0.0"]), ("infra", [])]


# -- which packs of a pending update count ------------------------------------------------------------------------

def pending(packs, values_only=(), version_after="1.1.0", name="core"):
    return [{"profile": name, "version_before": "1.1.0", "version_after": version_after, "packs": packs,
             "values_only": list(values_only)}]


@pytest.mark.parametrize("update_pending, packs, values_only, counted, own", [
    # a tag change always counts
    (False, [TAG], [], [TAG], []),
    # values alone: the cluster's own values while Palette shows no update for the cluster ...
    (False, [VALUES], ["metallb"], [], ["metallb"]),
    # ... and an update while it shows one
    (True, [VALUES], ["metallb"], [VALUES], []),
    # both: the tag changes first, then the values-only packs
    (True, [VALUES, TAG], ["metallb"], [TAG, VALUES], []),
    (False, [VALUES, TAG], ["metallb"], [TAG], ["metallb"]),
    # a pack with changed values that Palette does not name as values-only counts like a tag change
    (False, [VALUES], [], [VALUES], []),
], ids=["tag", "own-values", "values-while-pending", "both-pending", "both-not-pending", "values-not-listed"])
def test_pending_packs_and_own_values(update_pending, packs, values_only, counted, own):
    c = cluster(update_pending=update_pending, pending_updates=pending(packs, values_only))
    r = row(fleet_status_summary([c], read_at="T"))
    assert r["pending_packs"] == counted
    assert r["own_values"] == own
    assert r["pending"] is bool(counted)
    assert r["pending_version"] == ("1.1.0" if counted else None)


def test_pending_update_of_each_profile_by_name():
    """Each profile gets the pending update of its own name (the first one Palette lists), none for the others; the
    cluster's update_pending says whether a reported profile has packs that count, not what Palette shows."""
    c = cluster(runs=[("core", "1.1.0"), ("infra", "1.0.0")], update_pending=True,
                pending_updates=pending([TAG], version_after="1.2.0") + pending([VALUES], version_after="9.9.9"))
    summary = fleet_status_summary([c], read_at="T")
    assert row(summary)["pending_packs"] == [TAG]
    assert row(summary)["pending_version"] == "1.2.0"
    assert row(summary, profile_name="infra")["pending"] is False
    assert row(summary, profile_name="infra")["pending_version"] is None
    assert summary["clusters"][0]["update_pending"] is True
    # Palette shows "Updates Available" but only own values differ and it is not named values-only: not pending here
    quiet = fleet_status_summary([cluster(update_pending=True)], read_at="T")
    assert quiet["clusters"][0]["update_pending"] is False
    assert quiet["counts"]["update_pending"] == 0


def test_only_the_profiles_asked_for():
    clusters = [cluster("a", runs=[("core", "1.0.0"), ("infra", "1.0.0")], update_pending=True,
                        pending_updates=pending([TAG], name="infra")),
                cluster("b", runs=[("infra", "1.0.0")])]
    summary = fleet_status_summary(clusters, profiles=[profile("core", "1.0.0")], only=["core", "nothing-runs-it"], read_at="T")
    # every cluster is kept; its rows and the profiles list hold only the names asked for
    assert [(c["name"], [r["name"] for r in c["profiles"]]) for c in summary["clusters"]] == [("a", ["core"]), ("b", [])]
    assert [p["name"] for p in summary["profiles"]] == ["core"]
    # infra's pending update is not reported, so the cluster has none
    assert summary["clusters"][0]["update_pending"] is False
    # empty (or null) means every profile
    for only in ([], None):
        everything = fleet_status_summary(clusters, only=only, read_at="T")
        assert [p["name"] for p in everything["profiles"]] == ["core", "infra"]


# -- cluster fields -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("extra, install, repave", [
    ({"install": {"state": "failed", "message": "pack x: Error", "packs": []}, "repave": {"state": "Pending"}},
     {"state": "failed", "message": "pack x: Error"}, "Pending"),
    ({"install": {}, "repave": {}}, {"state": None, "message": None}, None),
    ({"install": None, "repave": None}, None, None),
    ({}, None, None),
], ids=["both", "empty-mappings", "null", "missing"])
def test_install_and_repave(extra, install, repave):
    c = cluster(**extra)
    for key in ("install", "repave"):
        if key not in extra:
            c.pop(key, None)
    out = fleet_status_summary([c], read_at="T")["clusters"][0]
    assert out["install"] == install
    assert out["repave"] == repave


def test_fields_and_their_order():
    c = cluster(runs=[("core", "1.0.0")], install={"state": "installed", "message": "installed"})
    c["profiles"][0].pop("type")
    summary = fleet_status_summary([c], profiles=[profile("core", "1.1.0", ["1.0.0", "1.1.0"])], read_at="T")
    assert list(summary) == ["read_at", "clusters", "profiles", "counts"]
    assert summary["clusters"] == [{
        "name": "edge-vmo", "uid": "uid-edge-vmo", "state": "Running", "health": "Healthy", "update_pending": False,
        "install": {"state": "installed", "message": "installed"}, "repave": None,
        "profiles": [{"name": "core", "version": "1.0.0", "uid": "core-1.0.0", "type": None, "newest_version": "1.1.0",
                      "behind": True, "pending": False, "pending_version": None, "pending_packs": [], "own_values": []}],
    }]
    assert list(summary["clusters"][0]) == ["name", "uid", "state", "health", "update_pending", "install", "repave", "profiles"]
    assert list(summary["clusters"][0]["profiles"][0]) == ["name", "version", "uid", "type", "newest_version", "behind",
                                                           "pending", "pending_version", "pending_packs", "own_values"]
    assert list(summary["counts"]) == ["clusters", "running", "update_pending", "installing", "waiting", "install_failed",
                                       "behind_newest_version"]


def test_order_of_clusters_profiles_and_versions():
    """Clusters and profiles by name ignoring case (a stable sort: equal names keep the read order); versions in the
    text order of their string, so 1.10.0 comes before 1.9.0; the clusters of a version in cluster order."""
    clusters = [cluster("edge-b", runs=[("Zeta", "1.9.0"), ("alpha", "1.0.0")]),
                cluster("Edge-A", runs=[("Zeta", "1.10.0")]),
                cluster("edge-c", runs=[("Zeta", "1.9.0")])]
    summary = fleet_status_summary(clusters, read_at="T")
    assert [c["name"] for c in summary["clusters"]] == ["Edge-A", "edge-b", "edge-c"]
    assert [p["name"] for p in summary["profiles"]] == ["alpha", "Zeta"]
    assert summary["profiles"][1]["versions"] == [{"version": "1.10.0", "clusters": ["Edge-A"]},
                                                  {"version": "1.9.0", "clusters": ["edge-b", "edge-c"]}]
    # a cluster's rows keep the order it lists its profiles in
    assert [r["name"] for r in summary["clusters"][1]["profiles"]] == ["Zeta", "alpha"]


def test_counts():
    clusters = [
        cluster("a", state="Running", install={"state": "installing"}),
        cluster("b", state="Running", install={"state": "not_started"}),
        cluster("c", state="Pending", install={"state": "waiting_for_trigger"}),
        cluster("d", state="Running", install={"state": "repave_pending"}),
        cluster("e", state=None, install={"state": "failed"}),
        cluster("f", state="running", install={"state": "installed"}, update_pending=True, pending_updates=pending([TAG])),
        cluster("g", install={"state": "unknown"}, runs=[("core", "1.0.0")]),
        cluster("h", install=None, runs=[("core", "1.0.0"), ("infra", "1.0.0")]),
    ]
    profiles = [profile("core", "1.1.0"), profile("infra", "1.1.0")]
    counts = fleet_status_summary(clusters, profiles=profiles, read_at="T")["counts"]
    assert counts == {
        "clusters": 8,
        "running": 5,                # a, b, d, and g and h (built Running); f's "running" is not Running
        "update_pending": 1,         # f
        "installing": 2,             # installing, not started
        "waiting": 2,                # the install trigger, a repave approval
        "install_failed": 1,
        "behind_newest_version": 2,  # a-f run core 1.1.0 (the newest); g and h run 1.0.0 - h behind twice, counted once
    }


def test_read_at_and_an_empty_fleet():
    summary = fleet_status_summary([], profiles=[profile("core", "1.0.0", has_draft=True)])
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", summary["read_at"])
    # a profile no reported cluster runs is not listed, its draft neither
    assert summary["clusters"] == [] and summary["profiles"] == []
    assert set(summary["counts"].values()) == {0}
    assert fleet_status_summary([], read_at="2026-01-02T03:04:05Z")["read_at"] == "2026-01-02T03:04:05Z"


@pytest.mark.parametrize("clusters, profiles", [("edge-vmo", []), ({"clusters": []}, []), ([], "core")],
                         ids=["text", "module-result", "profiles-text"])
def test_refuses_what_is_not_a_list(clusters, profiles):
    with pytest.raises(AnsibleFilterError, match="as lists"):
        fleet_status_summary(clusters, profiles=profiles)
