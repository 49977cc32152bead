# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client-side rate limiting shared by every process on the controller.

Ansible runs each task in its own process, and with ``forks: 50`` fifty of them talk to the same Palette
tenant at once. Palette limits requests per endpoint prefix (REFERENCE.md section 7: mostly 10 requests
per second, 50 for ``/v1/clusterprofiles`` and ``/v1/spectroclusters``, with a burst queue of 5). To keep
the whole controller under those rates, every process takes its slot from one set of token buckets kept in
a JSON file per Palette host, guarded by ``fcntl.flock``:

* under the lock a process *reserves* the earliest slot its bucket allows (GCRA, the "virtual scheduling"
  form of a token bucket: each bucket stores the theoretical arrival time of the next request);
* it releases the lock and sleeps until that slot outside of it, so a waiting process never blocks others.

The state file lives in ``$PALETTE_RATE_LIMIT_DIR`` or ``~/.ansible/tmp/palette-ratelimit/`` (directory
mode 0700, file mode 0600). When it cannot be used (no ``fcntl``, read-only home) the limiter falls back to
buckets inside the process and says so in ``warning``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import errno
import hashlib
import json
import os
import threading
import time

try:
    import fcntl
    HAS_FCNTL = True
except ImportError:  # pragma: no cover - Windows is not an Ansible controller
    fcntl = None
    HAS_FCNTL = False

RATE_LIMIT_DIR_ENV = "PALETTE_RATE_LIMIT_DIR"
DEFAULT_RATE_LIMIT_DIR = os.path.join("~", ".ansible", "tmp", "palette-ratelimit")

# Palette's burst queue holds 5 requests and refills at the table's rate. Requests leave this controller at
# their scheduled time but are counted by the server a little later, and not in a perfectly even stream: on a
# busy controller (or server) requests scheduled 20 ms apart can arrive together. Two margins absorb that:
# * a burst of 3, two below the server's 5: requests that bunch up by up to 2 / rate seconds still fit;
# * 90 % of the table's rate, so that in steady state the server's bucket refills faster than this controller
#   empties it and stays full (up to 5 requests may then bunch up).
# Measured with 40 processes against the emulator: the run takes about 1.1 x (requests / table rate).
# PALETTE_RATE_LIMIT_FACTOR lowers the rate further (for example 0.3 for each of three AWX job slices behind
# one address); PALETTE_RATE_LIMIT_BURST changes the burst. A lower factor is a share of the address's rate,
# so by default it also takes that share of the burst (3 x factor / 0.9, at least 1): three slices at 0.3
# burst 1 each, 3 in all, where a burst of 3 each (9 at once) overran the server's queue of 5.
SERVER_BURST = 5
BURST = 3
RATE_FACTOR = 0.9
DEFAULT_RATE = 10.0
FACTOR_ENV = "PALETTE_RATE_LIMIT_FACTOR"
BURST_ENV = "PALETTE_RATE_LIMIT_BURST"

# REFERENCE.md section 7, "Endpoint Prefix Rate" (verbatim prefixes; `:uid` / `{name}` match one segment).
PREFIX_RATES = (
    ("/v1/apiKeys", 10),
    ("/v1/async", 10),
    ("/v1/audits", 10),
    ("/v1/auth", 10),
    ("/v1/auth/authenticate", 10),
    ("/v1/auth/services/edge/login", 10),
    ("/v1/auth/services/login", 10),
    ("/v1/auth/user/password/reset", 2),
    ("/v1/cache", 10),
    ("/v1/cloudaccounts", 10),
    ("/v1/cloudconfigs", 50),
    ("/v1/cloudconfigs/{cloudType}/:uid/machinePools/{machinePoolName}/machines", 50),
    ("/v1/cloudconfigs/{cloudType}/:uid/machinePools/{machinePoolName}/machines/:machineUid", 50),
    ("/v1/cloudconfigs/{cloudType}/{uid}/machinePools", 50),
    ("/v1/clouds", 10),
    ("/v1/cluster", 10),
    ("/v1/clusterprofiles", 50),
    ("/v1/clusterprofiles/:uid/packs", 50),
    ("/v1/clusterprofiles/:uid/packs/{packName}/manifests", 50),
    ("/v1/clusterprofiles/:uid/packs/manifests", 50),
    ("/v1/clusterprofiles/:uid/validate/packs", 50),
    ("/v1/clusterprofiles/validate/packs", 50),
    ("/v1/crypto", 10),
    ("/v1/dashboard", 10),
    ("/v1/datasinks", 10),
    ("/v1/edgehosts", 10),
    ("/v1/edgehosts/:uid/health", 10),
    ("/v1/edgehosts/:uid/spc/download", 10),
    ("/v1/edgehosts/registers", 10),
    ("/v1/errlogs", 10),
    ("/v1/events", 10),
    ("/v1/events/components", 50),
    ("/v1/files", 10),
    ("/v1/git/webhook", 10),
    ("/v1/health", 10),
    ("/v1/installers", 10),
    ("/v1/jobs", 10),
    ("/v1/metrics", 10),
    ("/v1/mgmt", 10),
    ("/v1/notifications", 10),
    ("/v1/oidc", 10),
    ("/v1/overlords", 10),
    ("/v1/packs", 10),
    ("/v1/payments", 10),
    ("/v1/permissions", 10),
    ("/v1/plans", 10),
    ("/v1/projects", 10),
    ("/v1/registries", 10),
    ("/v1/roles", 10),
    ("/v1/services", 10),
    ("/v1/spectroclusters", 50),
    ("/v1/spectroclusters/:uid/assets", 10),
    ("/v1/spectroclusters/:uid/download", 10),
    ("/v1/spectroclusters/:uid/profiles", 50),
    ("/v1/spectroclusters/acquire", 10),
    ("/v1/spectroclusters/cost", 10),
    ("/v1/spectroclusters/features/logFetcher", 10),
    ("/v1/spectroclusters/usage", 10),
    ("/v1/system", 10),
    ("/v1/teams", 10),
    ("/v1/tenants", 10),
    ("/v1/userprofiles", 10),
    ("/v1/users", 10),
    ("/v1/workspaces", 10),
)


# Entries not touched for this long are dropped from the state file.
_STALE_SECONDS = 300.0


def _is_placeholder(segment):
    return segment.startswith(":") or (segment.startswith("{") and segment.endswith("}"))


_PATTERNS = sorted(
    ((tuple(p.strip("/").split("/")), p, float(r)) for p, r in PREFIX_RATES),
    key=lambda item: len(item[0]),
    reverse=True,
)


def match_prefix(path):
    """Return ``(prefix, rate)`` of the longest table prefix matching ``path`` (query string ignored).

    Placeholders (``:uid``, ``{packName}``) match any one segment; a literal segment is preferred over a
    placeholder when both patterns have the same length. A path outside the table counts against its parent
    resource (``/v1/<first segment>``, "requests are counted together ... same resource type") at 10 per second.
    """
    path = (path or "").split("?", 1)[0]
    segments = tuple(s for s in path.strip("/").split("/") if s)
    best = None
    for pattern, prefix, rate in _PATTERNS:
        if len(pattern) > len(segments):
            continue
        if best is not None and len(pattern) < best[0]:
            break
        literal = 0
        for want, have in zip(pattern, segments):
            if _is_placeholder(want):
                continue
            if want.lower() != have.lower():
                break
            literal += 1
        else:
            candidate = (len(pattern), literal, prefix, rate)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is None:
        return "/" + "/".join(segments[:2]), DEFAULT_RATE
    return best[2], best[3]


def default_state_dir():
    configured = os.environ.get(RATE_LIMIT_DIR_ENV)
    if configured:
        return os.path.expanduser(configured)
    return os.path.expanduser(DEFAULT_RATE_LIMIT_DIR)


class RateLimiter(object):
    """Token buckets per endpoint prefix for one Palette host, shared through a locked state file.

    ``reserve(path)`` books the next slot and returns how long to wait for it (it never sleeps);
    ``acquire(path)`` reserves and sleeps. ``penalize(path, seconds)`` pushes a bucket back after the server
    answered 429, so that every process on the controller slows down, not only the one that was told.
    """

    def __init__(self, host, state_dir=None, burst=None, rate_factor=None, clock=time.time, sleep=time.sleep):
        self.host = host
        self.warning = None
        self.rate_factor = _setting(rate_factor, FACTOR_ENV, RATE_FACTOR, float, 0.01, 1.0)
        self.burst = _setting(burst, BURST_ENV, shared_burst(self.rate_factor), int, 1, SERVER_BURST)
        self._clock = clock
        self._sleep = sleep
        self._memory = {}
        self._mutex = threading.Lock()
        self.path = None
        state_dir = state_dir or default_state_dir()
        if not HAS_FCNTL:
            self.warning = "fcntl is not available: Palette rate limits are only applied within each process"
            return
        try:
            _make_private_dir(state_dir)
            digest = hashlib.sha256(host.encode("utf-8")).hexdigest()[:16]
            self.path = os.path.join(state_dir, "buckets-%s.json" % digest)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
        except (OSError, IOError) as exc:
            self.path = None
            self.warning = ("cannot use the rate limit state directory %s (%s): Palette rate limits are only "
                            "applied within each process; set %s to a writable directory" % (state_dir, exc, RATE_LIMIT_DIR_ENV))

    # -- the GCRA arithmetic -------------------------------------------------------------------------
    def _book(self, state, prefix, rate, now):
        """Book one request on ``state[prefix]``; return the time it may be sent."""
        interval = 1.0 / (rate * self.rate_factor)
        tolerance = (self.burst - 1) * interval
        tat = state.get(prefix)
        if not isinstance(tat, (int, float)) or tat < now or tat > now + 3600:
            tat = now
        send_at = max(now, tat - tolerance)
        state[prefix] = max(tat, send_at) + interval
        return send_at

    def reserve(self, path):
        """Book the next slot of ``path``'s bucket; return ``(prefix, seconds_to_wait)``."""
        prefix, rate = match_prefix(path)
        send_at = self._update(lambda state, now: self._book(state, prefix, rate, now))
        wait = send_at - self._clock()
        return prefix, wait if wait > 1e-6 else 0.0

    def acquire(self, path):
        """Reserve a slot and sleep until it comes; return the seconds slept."""
        dummy, wait = self.reserve(path)
        if wait > 0:
            self._sleep(wait)
        return wait

    def penalize(self, path, seconds):
        """Nobody on this controller sends to ``path``'s bucket for ``seconds`` (after a 429)."""
        prefix, rate = match_prefix(path)
        # the next reservation gets `tat - tolerance`: add the tolerance so that it is `now + seconds`
        tolerance = (self.burst - 1) / (rate * self.rate_factor)

        def push(state, now):
            tat = state.get(prefix)
            if not isinstance(tat, (int, float)) or tat > now + 3600:
                tat = now
            state[prefix] = max(tat, now + float(seconds) + tolerance)
            return state[prefix]

        self._update(push)

    # -- shared state --------------------------------------------------------------------------------
    def _update(self, change):
        if self.path is None:
            with self._mutex:
                return change(self._memory, self._clock())
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except (OSError, IOError):
            with self._mutex:
                return change(self._memory, self._clock())
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                state = _read_state(fd)
                now = self._clock()
                result = change(state, now)
                for key in [k for k, v in state.items() if not isinstance(v, (int, float)) or v < now - _STALE_SECONDS]:
                    del state[key]
                data = json.dumps(state, sort_keys=True).encode("utf-8")
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, data)
                os.ftruncate(fd, len(data))
                return result
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def shared_burst(rate_factor):
    """The default burst at ``rate_factor``: BURST at the default factor, the same share of it below (at least 1),
    so that the processes sharing an address by factors that add up to 0.9 together burst no more than BURST."""
    if rate_factor >= RATE_FACTOR:
        return BURST
    return max(1, int(BURST * rate_factor / RATE_FACTOR + 1e-9))


def _setting(value, env_name, default, kind, low, high):
    """An explicit value, else the environment variable, else the default; clamped to [low, high]."""
    if value is None:
        value = os.environ.get(env_name) or default
    try:
        value = kind(value)
    except (TypeError, ValueError):
        value = default
    return min(high, max(low, value))


def _read_state(fd):
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        return {}
    try:
        state = json.loads(raw.decode("utf-8"))
    except ValueError:
        return {}
    if not isinstance(state, dict):
        return {}
    return state


def _make_private_dir(path):
    try:
        os.makedirs(path, 0o700)
    except OSError as exc:
        if exc.errno != errno.EEXIST or not os.path.isdir(path):
            raise
