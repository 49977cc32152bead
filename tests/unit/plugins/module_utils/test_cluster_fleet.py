# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""the cluster runner and service on a fleet: 100+ clusters are read and updated concurrently, within Palette's rate limits (the
emulator enforces them and logs a 429 for every request over the limit)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import threading

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_runner as cr
from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_search as cs
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries
from ansible_collections.spectrocloud.palette.tests.unit.plugins.module_utils.test_cluster_runner import cluster_reads


@pytest.fixture
def fleet(emu, demo_seed):
    """The demo seed plus 160 generated clusters in one project (fleet-00); the emulator's rate limits on."""
    seed = copy.deepcopy(demo_seed)
    seed["generate"] = {"clusters": 160, "projects": 1, "profiles_per_project": 2, "versions": 2}
    emu.reset(seed=seed)
    emu.config(rate_limits=True)
    emu.admin("DELETE", "/__emulator__/requests")
    return emu


class InFlight(object):
    """Wraps client.request to record the largest number of requests in flight at once."""

    def __init__(self, client):
        self.current = self.peak = 0
        self.lock = threading.Lock()
        self.request = client.request
        client.request = self

    def __call__(self, *args, **kwargs):
        with self.lock:
            self.current += 1
            self.peak = max(self.peak, self.current)
        try:
            return self.request(*args, **kwargs)
        finally:
            with self.lock:
                self.current -= 1


def test_fleet_info_is_concurrent_and_never_rate_limited(make_client, fleet):
    client = make_client(project_name="fleet-00")
    flight = InFlight(client)
    result = cr.cluster_facts(ClusterService(client), filters={}, include_values=False)
    live = [c for c in fleet.state()["clusters"] if c["name"].startswith("site-") and not c["deleted"] and not c["virtual"]]
    assert len(result["clusters"]) == len(live) > 100
    assert sorted(c["uid"] for c in result["clusters"]) == sorted(c["uid"] for c in live)
    log = log_entries(fleet)
    assert [e for e in log if e["status"] == 429] == []
    assert len([e for e in log if e["path"].startswith("/v1/spectroclusters/")]) == len(live)
    assert flight.peak > 1


def test_fleet_info_by_uids(make_client, fleet):
    client = make_client(project_name="fleet-00")
    live = [c["uid"] for c in fleet.state()["clusters"] if c["name"].startswith("site-") and not c["deleted"]][:120]
    result = cr.cluster_facts(ClusterService(client), uids=live, include_values=False)
    assert [c["uid"] for c in result["clusters"]] == live
    log = log_entries(fleet)
    assert [e for e in log if e["status"] == 429] == []
    # the summaries (health, "Updates Available") come from a few search pages, not from 120 dashboard reads
    # (10 requests per second); each cluster itself is read by uid
    # (virtual clusters are not in the search: their summaries are read by uid)
    virtual = set(c["uid"] for c in fleet.state()["clusters"] if c["virtual"]) & set(live)
    assert virtual
    dashboard = [e["path"] for e in log if e["path"].startswith("/v1/dashboard/spectroclusters")]
    assert len([p for p in dashboard if p == cs.SEARCH_PATH]) <= 5
    assert sorted(p for p in dashboard if p != cs.SEARCH_PATH) == sorted("/v1/dashboard/spectroclusters/%s" % u for u in virtual)
    assert len([e for e in log if e["path"].startswith("/v1/spectroclusters/")]) == len(live)
    assert all(c["health"] in ("Healthy", "UnHealthy") for c in result["clusters"])


def test_few_uids_read_summaries_directly(make_client, fleet):
    client = make_client(project_name="fleet-00")
    live = [c["uid"] for c in fleet.state()["clusters"] if c["name"].startswith("site-") and not c["deleted"]][:5]
    result = cr.cluster_facts(ClusterService(client), uids=live, include_values=False)
    assert [c["uid"] for c in result["clusters"]] == live and all(c["health"] for c in result["clusters"])
    dashboard = [e["path"] for e in log_entries(fleet) if e["path"].startswith("/v1/dashboard/spectroclusters")]
    # one search page of one item tells how many clusters the project has: too many to page through for 5 uids
    assert dashboard[0] == cs.SEARCH_PATH
    assert sorted(dashboard[1:]) == sorted("/v1/dashboard/spectroclusters/%s" % u for u in live)


def test_fleet_switch_is_concurrent_and_never_rate_limited(make_client, fleet):
    """Switch every cluster on fleet-addons-0 1.0.0 to 1.1.0, wait for all; then a rerun writes nothing."""
    fleet.config(apply_seconds=0.5)
    client = make_client(project_name="fleet-00")
    svc = ClusterService(client)
    profiles = ProfileService(client)
    on_old = [c["uid"] for c in fleet.state()["clusters"]
              if not c["deleted"] and not c["virtual"] and c["state"] == "Running"
              and any(t["name"] == "fleet-addons-0" and t["profileVersion"] == "1.0.0" for t in c["templates"])]
    assert len(on_old) > 30
    flight = InFlight(client)
    result = cr.update_clusters(svc, profiles, cluster_uids=on_old, profile_name="fleet-addons-0", version="1.1.0",
                                wait=True, wait_timeout=120, wait_sleep=1)
    assert result["changed"] is True
    assert all(c["action"] == "switch" and c["converged"] for c in result["clusters"])
    log = log_entries(fleet)
    assert [e for e in log if e["status"] == 429] == []
    assert len([e for e in log if e["write"]]) == len(on_old)
    assert flight.peak > 1
    fleet.admin("DELETE", "/__emulator__/requests")
    again = cr.update_clusters(svc, profiles, cluster_uids=on_old, profile_name="fleet-addons-0", version="1.1.0")
    assert again["changed"] is False
    assert [e for e in log_entries(fleet) if e["write"]] == []


def test_fleet_apply_is_pipelined_with_the_fewest_requests(make_client, fleet):
    """A bulk apply with wait to clusters of fleet-addons-0: those on 1.0.0 are switched to 1.1.0, those on 1.1.0
    already need nothing. Every cluster is read once before the first write; each switched cluster then gets one
    PATCH and one read, which shows the install (instant here); the others are not read again. The PATCHes and the
    reads after them overlap (they are in different rate-limit buckets). (On a loaded machine the emulator may take
    queued requests in a bunch and refuse a few with 429, which the client sends again: those are not counted.)"""
    fleet.config(apply_seconds=0)
    client = make_client(project_name="fleet-00")
    running = [c for c in fleet.state()["clusters"] if not c["deleted"] and not c["virtual"] and c["state"] == "Running"]

    def on(version):
        return [c["uid"] for c in running
                if any(t["name"] == "fleet-addons-0" and t["profileVersion"] == version for t in c["templates"])]
    old, new = on("1.0.0"), on("1.1.0")
    assert len(old) > 20 and len(new) > 5
    result = cr.update_clusters(ClusterService(client), ProfileService(client), cluster_uids=new[:3] + old + new[3:],
                                profile_name="fleet-addons-0", version="1.1.0", wait=True, wait_timeout=120, wait_sleep=1)
    assert all(c["converged"] for c in result["clusters"])
    assert sorted(c["uid"] for c in result["clusters"] if c["action"] == "switch") == sorted(old)
    log = [e for e in log_entries(fleet) if e["status"] != 429]
    writes = [e for e in log if e["write"]]
    assert sorted((e["method"], e["path"]) for e in writes) == sorted(("PATCH", "/v1/spectroclusters/%s/profiles" % u) for u in old)
    expected = dict((u, 2) for u in old)
    expected.update((u, 1) for u in new)
    assert cluster_reads(log) == expected
    first_write = log.index(writes[0])
    assert cluster_reads(log[:first_write]) == dict((u, 1) for u in old + new)    # every check before the first write
    last_write = log.index(writes[-1])
    assert sum(cluster_reads(log[first_write:last_write]).values()) > len(old) // 4  # reads overlap the PATCHes
