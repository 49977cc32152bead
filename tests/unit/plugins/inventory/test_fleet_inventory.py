# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A generated fleet with the emulator's rate limits on: no 429, and exactly ceil(N/50) searches per project."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import time

ADMIN_KEY = "PALETTE-EMULATOR-ADMIN-KEY-all-projects-not-a-real-secret"   # fake, from seeds/demo.yml
SEARCH = "/v1/dashboard/spectroclusters/search"


def listed_per_project(state, project_uids):
    """Clusters the plugin should list per project (not deleted, not virtual), from the emulator's state."""
    counts = dict((uid, 0) for uid in project_uids)
    for cluster in state["clusters"]:
        if cluster["project_uid"] in counts and not cluster["deleted"] and not cluster["virtual"]:
            counts[cluster["project_uid"]] += 1
    return counts


def test_generated_fleet_under_rate_limits(harness, fleet, tmp_path):
    state = fleet.state()
    fleet_projects = dict((p["uid"], p["name"]) for p in state["projects"] if p["name"].startswith("fleet-"))
    assert len(fleet_projects) >= 2
    expected = listed_per_project(state, fleet_projects)
    pending = [c for c in state["clusters"] if c["project_uid"] in fleet_projects and c["notification"]
               and not c["deleted"] and not c["virtual"]]
    harness.clear_log(fleet)

    runner = harness.InventoryRunner(str(tmp_path), fleet.url)
    started = time.time()
    data, proc = runner.run({"plugin": "spectrocloud.palette.palette", "host": fleet.url, "api_key": ADMIN_KEY,
                             "projects": ["fleet-*"]})
    elapsed = time.time() - started
    result = harness.normalise(data)
    log = harness.emulator_requests(fleet)

    assert len(result["hosts"]) == sum(expected.values())
    assert harness.hosts_out_of_order(data) == []   # 4 projects searched at once, hosts added in name order
    assert not [r for r in log if r["status"] == 429], "the client let the server rate-limit it"
    assert all(200 <= r["status"] < 300 for r in log)
    for uid, count in expected.items():
        searches = [r for r in log if r["path"] == SEARCH and r.get("project_uid") == uid]
        assert len(searches) == int(math.ceil(count / 50.0)), fleet_projects[uid]
        group = "palette_project_" + fleet_projects[uid].replace("-", "_")
        assert len(result["groups"][group]) == count
    # no per-cluster read except for clusters whose content may differ from their profile's
    cluster_reads = [r for r in log if r["path"].startswith("/v1/spectroclusters/")]
    assert len(cluster_reads) == len(pending)
    # the 10-per-second dashboard bucket gets the project list and the searches only (the profile reads give the
    # versions), and the profile reads start while the search pages are still coming
    dashboard = [r["path"] for r in log if r["path"].startswith("/v1/dashboard/")]
    assert dashboard == ["/v1/dashboard/projects/metadata"] + [SEARCH] * (len(dashboard) - 1)
    paths = [r["path"] for r in log]
    first_profile_read = min(i for i, path in enumerate(paths) if path.startswith("/v1/clusterprofiles/"))
    last_search = max(i for i, path in enumerate(paths) if path == SEARCH)
    assert first_profile_read < last_search
    print("fleet of %d: %d hosts, %d requests, %.1f s" % (harness.FLEET_SIZE, len(result["hosts"]), len(log), elapsed))


def test_clusters_with_a_pending_update_are_read_while_the_search_goes_on(harness, fleet, tmp_path):
    """A change published in place to one profile gives its clusters a pending update: each of them is read itself
    (it may run something else than the profile now publishes), those reads start while the search pages are still
    coming, and what they bring lands on the right hosts: a change to pack values only leaves every host as it was,
    but for the flag."""
    state = fleet.state()
    fleet_projects = dict((p["uid"], p["name"]) for p in state["projects"] if p["name"].startswith("fleet-"))
    runner = harness.InventoryRunner(str(tmp_path), fleet.url)
    config = {"plugin": "spectrocloud.palette.palette", "host": fleet.url, "api_key": ADMIN_KEY,
              "projects": ["fleet-*"]}
    before, dummy = runner.run(config)
    first_project = sorted(fleet_projects, key=fleet_projects.get)[0]
    profile_uid = next(a["uid"] for c in state["clusters"] if c["project_uid"] == first_project for a in c["attached"])
    fleet.admin("POST", "/profiles/%s/edit" % profile_uid, {})
    try:
        edited = fleet.state()
        pending = sorted(c["uid"] for c in edited["clusters"] if c["project_uid"] in fleet_projects
                         and c["notification"] and not c["deleted"] and not c["virtual"])
        assert pending
        # every search page answers a second late: the reads have time to be queued behind the 36 profile reads and
        # sent however loaded the machine is, so the order below shows when they start, not how fast it runs
        fleet.fault(path="^%s$" % SEARCH, method="POST", kind="slow", delay=1.0, count=None)
        harness.clear_log(fleet)
        after, dummy = runner.run(config)
        log = harness.emulator_requests(fleet)
    finally:
        fleet.admin("DELETE", "/faults")
        fleet.reset()
    paths = [r["path"] for r in log]
    cluster_reads = [i for i, path in enumerate(paths) if path.startswith("/v1/spectroclusters/")]
    assert sorted(paths[i].rsplit("/", 1)[1] for i in cluster_reads) == pending
    assert cluster_reads[0] < max(i for i, path in enumerate(paths) if path == SEARCH)

    def without_flag(data):
        result = harness.normalise(data)
        result["groups"].pop("palette_update_pending", None)
        for hostvars in result["hosts"].values():
            hostvars.pop("palette_update_pending")
        return result

    flagged = harness.normalise(after)["groups"]["palette_update_pending"]
    assert sorted(harness.normalise(after)["hosts"][host]["palette_cluster_uid"] for host in flagged) == pending
    assert without_flag(after) == without_flag(before)
    assert harness.hosts_out_of_order(after) == []


def test_filters_are_pushed_into_the_search(harness, fleet, tmp_path):
    """With tag and state filters the server returns only the matching clusters: fewer pages."""
    state = fleet.state()
    fleet_projects = dict((p["uid"], p["name"]) for p in state["projects"] if p["name"].startswith("fleet-"))
    matching = dict((uid, 0) for uid in fleet_projects)
    for cluster in state["clusters"]:
        if (cluster["project_uid"] in matching and not cluster["deleted"] and not cluster["virtual"]
                and cluster["labels"].get("ring") == "1" and cluster["state"] == "Running"):
            matching[cluster["project_uid"]] += 1
    harness.clear_log(fleet)

    runner = harness.InventoryRunner(str(tmp_path), fleet.url)
    data, dummy = runner.run({"plugin": "spectrocloud.palette.palette", "host": fleet.url, "api_key": ADMIN_KEY,
                              "projects": ["fleet-*"], "tags": ["ring:1"], "states": ["Running"],
                              "cluster_names": ["site-*"], "pack_details": "none"})
    result = harness.normalise(data)
    log = harness.emulator_requests(fleet)
    assert len(result["hosts"]) == sum(matching.values())
    assert sorted(result["groups"]["palette_tag_ring_1"]) == sorted(result["hosts"])
    for uid, count in matching.items():
        searches = [r for r in log if r["path"] == SEARCH and r.get("project_uid") == uid]
        assert len(searches) == max(1, int(math.ceil(count / 50.0)))
    assert not [r for r in log if r["status"] == 429]
