# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cross-process token buckets on their own (the 40-process run against the emulator is in test_client_fleet)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import ratelimit
from ansible_collections.spectrocloud.palette.plugins.module_utils.ratelimit import RateLimiter, match_prefix

PATHS = [
    "/v1/clusterprofiles/6512/packs/nginx/manifests/77",
    "/v1/clusterprofiles/6512/packs/manifests",
    "/v1/clusterprofiles/6512/packs",
    "/v1/clusterprofiles/validate/packs",
    "/v1/clusterprofiles/6512/validate/packs",
    "/v1/clusterprofiles/6512/publish",
    "/v1/clusterprofiles",
    "/v1/spectroclusters/65c1/profiles",
    "/v1/spectroclusters/65c1/assets/kubeconfig",
    "/v1/spectroclusters/65c1/download",
    "/v1/spectroclusters/usage",
    "/v1/spectroclusters/65c1",
    "/v1/dashboard/spectroclusters/search",
    "/v1/dashboard/projects/metadata",
    "/v1/auth/authenticate",
    "/v1/auth/refresh/abc.def.ghi",
    "/v1/auth/user/password/reset",
    "/v1/packs/search",
    "/v1/registries/pack",
    "/v1/cloudconfigs/edge-native/65c1/machinePools/pool-a/machines/m1",
    "/v1/users/info",
    "/v1/notifications/spectrocluster/65c1",
    "/v1/somethingnew/thing",
]


class FakeClock(object):
    def __init__(self, now=1000.0):
        self.now = now
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


@pytest.mark.parametrize("path", PATHS)
def test_prefix_matches_the_emulator(path):
    """The client and the emulator read the same REFERENCE §7 table: every path lands in the same bucket."""
    emulator_ratelimit = pytest.importorskip("palette_emulator.ratelimit")
    assert match_prefix(path) == tuple(emulator_ratelimit.match_prefix(path)[:2])


def test_table_is_the_emulators_table():
    emulator_ratelimit = pytest.importorskip("palette_emulator.ratelimit")
    assert sorted(ratelimit.PREFIX_RATES) == sorted(tuple(x) for x in emulator_ratelimit.PREFIX_RATES)


@pytest.mark.parametrize("path, prefix, rate", [
    ("/v1/clusterprofiles/abc/packs/nginx", "/v1/clusterprofiles/:uid/packs", 50),
    ("/v1/spectroclusters/abc/download", "/v1/spectroclusters/:uid/download", 10),
    ("/v1/dashboard/clusterprofiles", "/v1/dashboard", 10),
    ("/v1/auth/user/password/reset", "/v1/auth/user/password/reset", 2),
    ("/v1/clusterprofiles?x=1", "/v1/clusterprofiles", 50),
])
def test_longest_prefix(path, prefix, rate):
    assert match_prefix(path) == (prefix, rate)


def test_burst_then_rate(tmp_path):
    clock = FakeClock()
    limiter = RateLimiter("http://h", state_dir=str(tmp_path), clock=clock, sleep=clock.sleep, burst=4, rate_factor=1.0)
    waits = [limiter.reserve("/v1/dashboard/x")[1] for dummy in range(8)]
    # burst of 4 at once, then one every 1/10 s (reservations stack up: each waits for its own slot)
    assert waits == pytest.approx([0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4])
    # another prefix has its own bucket
    assert limiter.reserve("/v1/clusterprofiles/u")[1] == 0


def test_refills_over_time(tmp_path):
    clock = FakeClock()
    limiter = RateLimiter("http://h", state_dir=str(tmp_path), clock=clock, sleep=clock.sleep, burst=4, rate_factor=1.0)
    for dummy in range(4):
        limiter.acquire("/v1/spectroclusters/u")
    clock.now += 1.0  # 50 rps: fully refilled
    assert [limiter.reserve("/v1/spectroclusters/u")[1] for dummy in range(4)] == [0, 0, 0, 0]


def test_state_is_shared_between_limiters_and_private(tmp_path):
    """Two limiters (as in two processes) on one directory share buckets; the file is 0600 in a 0700 dir."""
    clock = FakeClock()
    state_dir = str(tmp_path / "state")
    first = RateLimiter("http://h", state_dir=state_dir, clock=clock, sleep=clock.sleep, burst=4, rate_factor=1.0)
    second = RateLimiter("http://h", state_dir=state_dir, clock=clock, sleep=clock.sleep, burst=4, rate_factor=1.0)
    other_host = RateLimiter("http://other", state_dir=state_dir, clock=clock, sleep=clock.sleep, burst=4, rate_factor=1.0)
    for dummy in range(4):
        first.reserve("/v1/dashboard/x")
    assert second.reserve("/v1/dashboard/x")[1] == pytest.approx(0.1)
    assert other_host.reserve("/v1/dashboard/x")[1] == 0
    assert stat.S_IMODE(os.stat(first.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(state_dir).st_mode) == 0o700
    assert first.path != other_host.path
    with open(first.path) as handle:
        assert "/v1/dashboard" in json.load(handle)


def test_directory_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PALETTE_RATE_LIMIT_DIR", str(tmp_path / "from-env"))
    limiter = RateLimiter("http://h")
    assert os.path.dirname(limiter.path) == str(tmp_path / "from-env")
    assert limiter.warning is None


def test_penalty_holds_every_process_back(tmp_path):
    clock = FakeClock()
    first = RateLimiter("http://h", state_dir=str(tmp_path), clock=clock, sleep=clock.sleep, burst=4, rate_factor=1.0)
    second = RateLimiter("http://h", state_dir=str(tmp_path), clock=clock, sleep=clock.sleep, burst=4, rate_factor=1.0)
    first.penalize("/v1/dashboard/x", 2.0)
    assert second.reserve("/v1/dashboard/projects")[1] == pytest.approx(2.0)
    assert second.reserve("/v1/clusterprofiles")[1] == 0


def test_corrupt_state_file_is_ignored(tmp_path):
    clock = FakeClock()
    limiter = RateLimiter("http://h", state_dir=str(tmp_path), clock=clock, sleep=clock.sleep, burst=4, rate_factor=1.0)
    with open(limiter.path, "w") as handle:
        handle.write("{not json")
    assert limiter.reserve("/v1/dashboard/x")[1] == 0
    with open(limiter.path) as handle:
        json.load(handle)


def test_unusable_directory_falls_back_to_process_buckets(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    clock = FakeClock()
    limiter = RateLimiter("http://h", state_dir=str(blocker / "sub"), clock=clock, sleep=clock.sleep, burst=4, rate_factor=1.0)
    assert limiter.path is None
    assert "PALETTE_RATE_LIMIT_DIR" in limiter.warning
    waits = [limiter.reserve("/v1/dashboard/x")[1] for dummy in range(5)]
    assert waits[4] == pytest.approx(0.1)


def test_defaults_keep_a_margin_under_the_server(tmp_path):
    """Burst below the server's 5 and a rate below the table's: 3 at once, then one every 1 / (0.9 * 10) s."""
    clock = FakeClock()
    limiter = RateLimiter("http://h", state_dir=str(tmp_path), clock=clock, sleep=clock.sleep)
    assert limiter.burst < ratelimit.SERVER_BURST
    waits = [limiter.reserve("/v1/dashboard/x")[1] for dummy in range(5)]
    assert waits == pytest.approx([0, 0, 0, 1 / 9.0, 2 / 9.0])


@pytest.mark.parametrize("factor, expected_burst", [
    ("0.9", 3), ("1.0", 3), ("0.6", 2), ("0.45", 1), ("0.3", 1), ("0.05", 1),
])
def test_a_lower_factor_takes_its_share_of_the_burst(tmp_path, monkeypatch, factor, expected_burst):
    """N job slices behind one address at 0.9 / N each: together they burst no more than one job (3), under the
    server's 5; an explicit PALETTE_RATE_LIMIT_BURST still wins."""
    monkeypatch.setenv("PALETTE_RATE_LIMIT_FACTOR", factor)
    monkeypatch.delenv("PALETTE_RATE_LIMIT_BURST", raising=False)
    assert RateLimiter("http://h", state_dir=str(tmp_path)).burst == expected_burst
    monkeypatch.setenv("PALETTE_RATE_LIMIT_BURST", "4")
    assert RateLimiter("http://h", state_dir=str(tmp_path)).burst == 4


def test_slices_sharing_an_address_never_exceed_the_server_burst(tmp_path):
    """Three limiters with their own state (three slices), factor 0.3, all starting at once: at most 3 requests
    leave within the first slot of one, so the server's queue of 5 is never overrun."""
    clock = FakeClock()
    slices = [RateLimiter("http://h", state_dir=str(tmp_path / str(n)), clock=clock, sleep=clock.sleep, rate_factor=0.3)
              for n in range(3)]
    sends = sorted(w for limiter in slices for w in (limiter.reserve("/v1/spectroclusters/x")[1] for dummy in range(4)))
    interval = 1 / (50 * 0.3)
    assert sum(1 for w in sends if w < interval) == 3
    # then one per slice per slot of its own rate
    assert sends[3:6] == pytest.approx([interval] * 3)


@pytest.mark.parametrize("factor, burst, expected_burst, expected_factor", [
    ("0.5", "2", 2, 0.5),
    ("7", "99", 5, 1.0),  # never above the server's burst or the table's rate
    ("nonsense", "0", 1, 0.9),
])
def test_settings_from_environment(tmp_path, monkeypatch, factor, burst, expected_burst, expected_factor):
    monkeypatch.setenv("PALETTE_RATE_LIMIT_FACTOR", factor)
    monkeypatch.setenv("PALETTE_RATE_LIMIT_BURST", burst)
    limiter = RateLimiter("http://h", state_dir=str(tmp_path))
    assert (limiter.burst, limiter.rate_factor) == (expected_burst, pytest.approx(expected_factor))
