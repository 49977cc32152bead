# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""40 client processes at once (like 40 Ansible forks) against the emulator with its rate limits on.

The processes share token buckets through ``$PALETTE_RATE_LIMIT_DIR``; the emulator's request log must show
no 429 at all. A control run without the client-side limiter shows that the same load does draw 429s, so the
first assertion can fail. Timing against the rate floor is measured by ``tests/unit/bench_client_fleet.py``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.spectrocloud.palette.tests.unit import client_helpers
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

PROCESSES = 40


def run_fleet(emu, demo, bucket_dir, calls, processes=PROCESSES, extra=()):
    results, codes, dummy = client_helpers.run_fleet(emu.url, demo["api_key"], bucket_dir, calls, processes,
                                                     project="edge-prod", extra=extra)
    return results, codes


@pytest.fixture
def fleet_targets(emu, demo, demo_seed):
    """A cluster and a profile of edge-prod (from the seed, not from the client)."""
    project = demo["projects"]["edge-prod"]
    cluster = [c for c in demo_seed["clusters"] if c.get("project") == project][0]["uid"]
    profile = [p for p in demo_seed["profiles"] if p.get("project") == project][0]["uid"]
    return cluster, profile


def test_forty_processes_no_429(emu, demo, fleet_targets, tmp_path):
    """Each process is a task: resolve the project (tenant dashboard, 10/s), read a cluster three times and a
    profile once (50/s buckets). 40 of them at once must not draw a single 429.

    The emulator shares this machine's CPUs with the 40 clients. When the machine is so overloaded that the
    emulator stalls for more than ~100 ms, requests it could not read in time arrive together and a 429 can
    happen through no fault of the client; the run is then repeated, at most twice. A client whose buckets
    are not shared (or too generous) draws 429s on every attempt: 40 processes x burst is far above the server's.
    """
    cluster, profile = fleet_targets
    calls = ["GET:/v1/spectroclusters/%s:3" % cluster, "GET:/v1/clusterprofiles/%s:1" % profile]
    attempts = []
    for attempt in range(3):
        emu.reset()
        emu.admin("PATCH", "/__emulator__/config", json={"rate_limits": True})
        results, codes = run_fleet(emu, demo, str(tmp_path / ("buckets-%d" % attempt)), calls)
        entries = log_entries(emu)
        too_many = [(e["method"], e["prefix"], e["time"]) for e in entries if e["status"] == 429]
        attempts.append(too_many)
        if not too_many:
            break
    assert attempts[-1] == [], attempts
    assert codes == [0] * PROCESSES, results
    by_status = {}
    for entry in entries:
        by_status[entry["status"]] = by_status.get(entry["status"], 0) + 1
    assert by_status == {200: PROCESSES * 5}  # 1 project lookup + 4 calls each
    assert sum(r["stats"]["retries"] for r in results) == 0
    assert sum(r["stats"]["rate_limit_waits_seconds"] for r in results) > 0  # the limiter did hold requests back
    assert set(e["prefix"] for e in entries) == {"/v1/dashboard", "/v1/spectroclusters", "/v1/clusterprofiles"}
    # 40 lookups on a 10/s bucket cannot be done faster than the server allows
    lookups = sorted(e["time"] for e in entries if e["prefix"] == "/v1/dashboard")
    assert _seconds(lookups[-1]) - _seconds(lookups[0]) >= (PROCESSES - 5) / 10.0


def _seconds(stamp):
    return datetime.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()


def test_control_without_limiter_draws_429(emu, demo, fleet_targets, tmp_path):
    """The same kind of load (fewer processes) without the shared buckets and retries gets 429s: the test above
    can fail."""
    cluster, profile = fleet_targets
    emu.admin("PATCH", "/__emulator__/config", json={"rate_limits": True})
    calls = ["GET:/v1/spectroclusters/%s:5" % cluster, "GET:/v1/clusterprofiles/%s:2" % profile]
    results, codes = run_fleet(emu, demo, str(tmp_path / "buckets"), calls, processes=12,
                               extra=("--no-rate-limit", "--retries", "0"))
    assert any(code != 0 for code in codes)
    assert 429 in [e["status"] for e in log_entries(emu)]
    assert any("HTTP 429" in " ".join(r.get("errors", [])) for r in results)
