# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet_status_text filter: what the fleet_status role's printout and Markdown report say for each profile
version and cluster of a fleet_status_summary."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.spectrocloud.palette.plugins.filter.fleet_status_text import fleet_status_text

TAG = {"name": "vmo", "action": "update", "tag_before": "4.4.10", "tag_after": "4.6.3", "values_changed": False}
BOTH = {"name": "nginx", "action": "update", "tag_before": "1.11.2", "tag_after": "1.12.0", "values_changed": True}
VALUES = {"name": "metallb", "action": "update", "tag_before": "0.14.8", "tag_after": "0.14.8", "values_changed": True}
ADD = {"name": "cert-manager", "action": "add", "tag_before": None, "tag_after": "1.16.1", "values_changed": False}


def row(name="core", version="1.1.0", newest="1.1.0", behind=False, packs=()):
    return {"name": name, "version": version, "uid": "u", "type": "add-on", "newest_version": newest, "behind": behind,
            "pending": bool(packs), "pending_version": version if packs else None, "pending_packs": list(packs),
            "own_values": []}


def cluster(rows=(), **extra):
    out = {"name": "edge-vmo", "uid": "c1", "state": "Running", "health": "Healthy",
           "update_pending": any(r["pending"] for r in rows), "install": {"state": "installed", "message": "installed"},
           "repave": None, "profiles": list(rows)}
    out.update(extra)
    return out


def text_of(clusters=(), profiles=()):
    return fleet_status_text({"read_at": "T", "clusters": list(clusters), "profiles": list(profiles), "counts": {}})


# -- profiles -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("profile, heading, labels", [
    ({"name": "core", "newest_version": "1.1.0", "drafts": [],
      "versions": [{"version": "1.0.0", "clusters": ["a", "b"]}, {"version": "1.1.0", "clusters": ["c"]}]},
     "core (newest 1.1.0)", ["1.0.0", "1.1.0 (newest)"]),
    # drafts are named in the heading and marked on their version in the Markdown report
    ({"name": "core", "newest_version": "1.1.0", "drafts": ["1.0.0", "1.2.0"],
      "versions": [{"version": "1.0.0", "clusters": ["a"]}]},
     "core (newest 1.1.0, unpublished draft on 1.0.0, 1.2.0)", ["1.0.0 (draft waiting)"]),
    ({"name": "core", "newest_version": "1.1.0", "drafts": ["1.1.0"], "versions": [{"version": "1.1.0", "clusters": ["a"]}]},
     "core (newest 1.1.0, unpublished draft on 1.1.0)", ["1.1.0 (newest) (draft waiting)"]),
    # a profile the profile read did not return: its newest version is unknown, printed as nothing
    ({"name": "hidden", "newest_version": None, "drafts": [], "versions": [{"version": "1.0.0", "clusters": ["a"]}]},
     "hidden (newest )", ["1.0.0"]),
], ids=["newest", "drafts", "newest-and-draft", "newest-unknown"])
def test_profile_heading_and_version_labels(profile, heading, labels):
    out = text_of(profiles=[profile])["profiles"][0]
    assert out["name"] == profile["name"]
    assert out["heading"] == heading
    assert [v["label"] for v in out["versions"]] == labels
    assert [v["version"] for v in out["versions"]] == [v["version"] for v in profile["versions"]]


def test_clusters_of_a_version_comma_separated():
    profile = {"name": "core", "newest_version": "1.0.0", "drafts": [],
               "versions": [{"version": "1.0.0", "clusters": ["edge-store-01", "edge-vmo"]}, {"version": None, "clusters": []}]}
    versions = text_of(profiles=[profile])["profiles"][0]["versions"]
    assert versions[0]["clusters"] == "edge-store-01, edge-vmo"
    # a version Palette did not give is printed as nothing, and a version without clusters as no names
    assert (versions[1]["version"], versions[1]["label"], versions[1]["clusters"]) == ("", "", "")


# -- clusters: state, notes, install ------------------------------------------------------------------------------

@pytest.mark.parametrize("extra, status", [
    ({}, "Running / Healthy"),
    ({"health": None}, "Running"),
    ({"health": ""}, "Running"),
    ({"state": None, "health": "UnHealthy"}, " / UnHealthy"),
], ids=["state-and-health", "no-health", "empty-health", "no-state"])
def test_status(extra, status):
    assert text_of([cluster(**extra)])["clusters"][0]["status"] == status


@pytest.mark.parametrize("install, notes, cell", [
    # installed: the printout says nothing, the report says so
    ({"state": "installed", "message": "installed"}, "", "installed"),
    # not installed: the state in words (underscores as spaces) and Palette's message
    ({"state": "repave_pending", "message": "core: waiting for the repave approval"},
     ", install repave pending: core: waiting for the repave approval", "repave pending: core: waiting for the repave approval"),
    ({"state": "waiting_for_trigger", "message": None}, ", install waiting for trigger: None", "waiting for trigger: None"),
    ({"state": "unknown", "message": "no pack status"}, ", install unknown: no pack status", "unknown: no pack status"),
    # no install state at all: nothing in the printout, a dash in the report
    ({"state": None, "message": None}, "", "\u2014"),
    (None, "", "\u2014"),
], ids=["installed", "repave", "no-message", "unknown", "no-state", "none"])
def test_install(install, notes, cell):
    out = text_of([cluster(install=install)])["clusters"][0]
    assert out["notes"] == notes
    assert out["install"] == cell


def test_update_pending_comes_before_the_install():
    out = text_of([cluster([row(packs=[TAG])], install={"state": "failed", "message": "pack vmo: Error"})])["clusters"][0]
    assert out["notes"] == ", update pending, install failed: pack vmo: Error"


# -- clusters: one line per profile, and the Markdown columns -----------------------------------------------------

def test_profile_lines_and_columns():
    rows = [row("infra", "1.0.0", newest="1.1.0", behind=True),
            row("core", "1.1.0", packs=[TAG, BOTH, VALUES, ADD]),
            row("apps", "2.0.0")]
    out = text_of([cluster(rows)])["clusters"][0]
    assert out["lines"] == [
        "infra 1.0.0 (newest is 1.1.0)",
        # name, then the tag change when the tag changes, then " values" when they change; a pack being added has no
        # tag before (printed as nothing)
        "core 1.1.0 - pending: vmo 4.4.10 -> 4.6.3, nginx 1.11.2 -> 1.12.0 values, metallb  values, cert-manager  -> 1.16.1",
        "apps 2.0.0",
    ]
    assert out["profiles"] == "infra 1.0.0 (newest 1.1.0)<br>core 1.1.0<br>apps 2.0.0"
    assert out["pending"] == ("core/vmo 4.4.10 \u2192 4.6.3<br>core/nginx 1.11.2 \u2192 1.12.0 (values)<br>"
                              "core/metallb (values)<br>core/cert-manager  \u2192 1.16.1<br>")


def test_pending_of_several_profiles_and_of_none():
    two = text_of([cluster([row("infra", packs=[TAG]), row("core"), row("apps", packs=[VALUES])])])["clusters"][0]
    assert two["pending"] == "infra/vmo 4.4.10 \u2192 4.6.3<br>apps/metallb (values)<br>"
    none = text_of([cluster([row("infra"), row("core")])])["clusters"][0]
    assert none["pending"] == "\u2014"
    assert none["notes"] == ""
    assert none["lines"] == ["infra 1.1.0", "core 1.1.0"]
    empty = text_of([cluster([])])["clusters"][0]
    assert (empty["lines"], empty["profiles"], empty["pending"]) == ([], "", "\u2014")


def test_order_and_pieces_are_text():
    clusters = [cluster(name="b"), cluster(name=None, state=None)]
    out = text_of(clusters)
    assert [c["name"] for c in out["clusters"]] == ["b", ""]
    for piece in out["clusters"]:
        assert all(isinstance(v, str) for k, v in piece.items() if k != "lines")


def test_an_empty_summary():
    assert fleet_status_text({"clusters": [], "profiles": []}) == {"profiles": [], "clusters": []}
    assert fleet_status_text({}) == {"profiles": [], "clusters": []}


def test_refuses_what_is_not_a_summary():
    with pytest.raises(AnsibleFilterError, match="fleet_status_summary"):
        fleet_status_text([{"name": "edge-vmo"}])
