"""Rate limits (REF §7): token bucket of 5 per source address and endpoint prefix, 429 TooManyRequests."""

# pytest fixtures are passed as arguments named like the fixture functions.
# pylint: disable=redefined-outer-name

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from emulator_helpers import CORE_UID, Api
from palette_emulator.ratelimit import match_prefix
from palette_emulator.testing import EmulatorProcess


@pytest.fixture(scope="module")
def limited():
    """An emulator with rate limits on (the default)."""
    with EmulatorProcess(rate_limits=True) as emu:
        yield emu


def _burst(api, path, n):
    """n requests at once (threads), so a slow, busy machine cannot refill the bucket between them."""
    with ThreadPoolExecutor(max_workers=10) as pool:
        return list(pool.map(lambda _i: api.get(path), range(n)))


def test_prefix_table_longest_match():
    assert match_prefix("/v1/clusterprofiles/abc") == ("/v1/clusterprofiles", 50)
    assert match_prefix("/v1/clusterprofiles/abc/packs/x") == ("/v1/clusterprofiles/:uid/packs", 50)
    assert match_prefix("/v1/spectroclusters/abc/assets") == ("/v1/spectroclusters/:uid/assets", 10)
    assert match_prefix("/v1/dashboard/spectroclusters/search") == ("/v1/dashboard", 10)
    assert match_prefix("/v1/auth/user/password/reset") == ("/v1/auth/user/password/reset", 2)
    assert match_prefix("/v1/unknownthing/x") == ("/v1/unknownthing", 10)


def test_burst_then_429_without_retry_after(limited):
    limited.reset()
    api = Api(limited)
    codes = sorted(r.status_code for r in _burst(api, "/v1/dashboard/clusterprofiles/metadata", 20))
    assert codes.count(200) >= 5 and codes.count(429) >= 5
    resp = [r for r in _burst(api, "/v1/dashboard/clusterprofiles/metadata", 10) if r.status_code == 429][0]
    assert resp.json()["code"] == "TooManyRequests"
    assert "Retry-After" not in resp.headers
    # another prefix has its own bucket, and the admin API is never limited
    assert api.get(f"/v1/clusterprofiles/{CORE_UID}").status_code == 200
    assert all(limited.admin("GET", "/health")["ok"] for _n in range(20))     # the admin API is never limited
    entry = [e for e in limited.requests() if e["status"] == 429][0]
    assert entry["prefix"] == "/v1/dashboard"


def test_bucket_refills_at_the_table_rate(limited):
    limited.reset()
    api = Api(limited)
    codes = [r.status_code for r in _burst(api, f"/v1/clusterprofiles/{CORE_UID}", 30)]
    assert 429 in codes
    time.sleep(0.1)     # 50 rps: 5 tokens back after 0.1 s
    assert api.get(f"/v1/clusterprofiles/{CORE_UID}").status_code == 200


def test_retry_after_option_and_runtime_switch(limited):
    limited.reset()
    limited.config(retry_after=3)
    api = Api(limited)
    limited_resp = [r for r in _burst(api, "/v1/registries/pack", 20) if r.status_code == 429][0]
    assert limited_resp.headers["Retry-After"] == "3"
    limited.config(rate_limits=False)
    assert all(api.get("/v1/registries/pack").status_code == 200 for _n in range(20))


def test_no_rate_limits_flag(emulator):
    emulator.reset()
    api = Api(emulator)
    assert all(api.get("/v1/dashboard/clusterprofiles/metadata").status_code == 200 for _n in range(30))
