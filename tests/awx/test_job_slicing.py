# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fleet rollout as an AWX job template with Job Slicing 3: three ``ansible-playbook --limit`` jobs side by side,
each with its own home and temp directories (so its own client rate-limit state), behind one source address of a
rate-limited emulator, each with PALETTE_RATE_LIMIT_FACTOR 0.3 (0.9 / 3) as the AWX guide says.

Correctness only: every slice finishes without a failed cluster, every cluster of the fleet ends on the published
content (accepted once), nothing else is written, and a request the emulator refused with 429 was sent again and
answered. How long the slices take against the rate floor is measured by `make bench` (hacking/bench/slicing.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

testing = pytest.importorskip("palette_emulator.testing")

import awx_job  # noqa: E402  pylint: disable=wrong-import-position
import job_slicing  # noqa: E402  pylint: disable=wrong-import-position

SLICES = 3
FLEET_SIZE = 24
FACTOR = 0.9 / SLICES
# as the guide's sliced job runs after the canaries passed: two waves per slice
SERIAL = ["25%", "100%"]


def tags(cluster, field):
    """{pack: tag} of the rolled-out profile in a cluster's ``templates`` (attached) or ``installed``."""
    entry = [t for t in cluster[field] if t["uid"] == job_slicing.PROFILE_UID]
    return dict((p["name"], p["tag"]) for e in entry for p in e["packs"])


def pack_status(cluster):
    return dict((p["name"], (p["version"], p["condition"]["type"], p["condition"]["status"]))
                for key, p in cluster["pack_status"].items() if key.startswith(job_slicing.PROFILE_UID + "/"))


@pytest.fixture(scope="module")
def seed():
    return job_slicing.fleet_seed(FLEET_SIZE)


@pytest.fixture(scope="module")
def sliced_run(seed, tmp_path_factory):
    """The three slices, run once against one emulator (rate limits on, strict, installs take a second)."""
    base = str(tmp_path_factory.mktemp("slicing"))
    collections = awx_job.collections_path()
    with testing.EmulatorProcess(seed=seed, strict=True, rate_limits=True, extra_args=("--apply-seconds", "1")) as emu:
        before = dict((c["uid"], c) for c in emu.state()["clusters"])
        synced, hosts = job_slicing.sync_inventory(os.path.join(base, "inventory-sync"), emu.url, collections)
        emu.admin("DELETE", "/requests")       # the inventory sync is AWX's, not the jobs'
        slices, _wall = job_slicing.run_slices(base, emu.url, collections, synced, hosts, SLICES,
                                               {"fleet_rollout_profile_name": job_slicing.PROFILE_NAME, "fleet_rollout_serial": SERIAL,
                                                "fleet_rollout_wait_sleep": 1, "fleet_rollout_wait_timeout": 120},
                                               FACTOR)
        yield {"hosts": hosts, "slices": slices, "before": before, "log": emu.requests(),
               "state": dict((c["uid"], c) for c in emu.state()["clusters"])}


def test_slices_deal_out_the_whole_inventory(sliced_run, seed):
    """Guards the emulation: every host in exactly one slice, every slice with clusters of the fleet."""
    slices = sliced_run["slices"]
    assert sorted(h for job in slices for h in job.hosts) == sliced_run["hosts"]
    fleet = set(job_slicing.fleet_clusters(seed).values())
    assert fleet <= set(sliced_run["hosts"])
    assert all(set(job.hosts) & fleet for job in slices)


def test_every_slice_finishes_its_own_clusters(sliced_run, seed):
    fleet = set(job_slicing.fleet_clusters(seed).values())
    updated = []
    for job in sliced_run["slices"]:
        assert job.proc.returncode == 0, job.describe()
        summary = job.report()
        assert summary is not None, job.describe()
        assert summary["outcome"] == "finished", job.describe()
        mine = set(job.hosts) & fleet
        assert summary["counts"]["failed"] == 0 and summary["counts"]["untouched"] == 0, summary["counts"]
        assert sorted(r["cluster"] for r in summary["clusters"] if r["status"] == "updated") == sorted(mine)
        updated.extend(mine)
    assert sorted(updated) == sorted(fleet)


def test_each_slice_kept_its_own_client_state(sliced_run):
    """Separate containers: each slice's client kept its rate-limit state under its own home, none shared one."""
    for job in sliced_run["slices"]:
        state_dir = os.path.join(job.base, "home", ".ansible", "tmp", "palette-ratelimit")
        assert os.path.isdir(state_dir) and os.listdir(state_dir), job.describe()


def test_every_cluster_ends_on_the_new_content_and_nothing_else_is_written(sliced_run, seed):
    fleet = job_slicing.fleet_clusters(seed)
    state, before = sliced_run["state"], sliced_run["before"]
    for uid, name in fleet.items():
        cluster = state[uid]
        assert tags(cluster, "templates") == job_slicing.PUBLISHED, name
        assert tags(cluster, "installed") == job_slicing.PUBLISHED, name
        assert pack_status(cluster) == dict((n, (t, "Ready", "True")) for n, t in job_slicing.PUBLISHED.items()), name
        assert not cluster["apply"] and not cluster["notification"], name
    for uid, cluster in state.items():
        if uid not in fleet:
            assert (cluster["templates"], cluster["installed"]) == (before[uid]["templates"], before[uid]["installed"])
    accepted = [r for r in sliced_run["log"] if r["write"] and r["status"] != 429]
    # one accepted update per cluster of the fleet, whichever slice sent it
    assert sorted((r["method"], r["path"], r["status"]) for r in accepted) == sorted(
        ("PATCH", "/v1/spectroclusters/%s/profiles" % uid, 204) for uid in fleet)


def test_a_request_refused_with_429_is_sent_again_and_answered(sliced_run):
    """The slices share the address's buckets: any 429 the emulator gave is followed by the same request answered.
    (How many 429s the factor leaves is a figure of `make bench`, not a pass/fail line.)"""
    log = sliced_run["log"]
    assert [r for r in log if r["status"] >= 400 and r["status"] != 429] == []
    refused = [r for r in log if r["status"] == 429]
    for entry in refused:
        later = [r for r in log if r["id"] > entry["id"] and (r["method"], r["path"]) == (entry["method"], entry["path"])]
        assert [r for r in later if r["status"] != 429], entry
