"""Per-source-address, per-endpoint-prefix token buckets with the rates of REF §7.

Each bucket holds 5 tokens (the documented burst) and refills at the prefix's rate per second; the longest
matching prefix wins (``/v1/clusterprofiles/:uid/packs`` before ``/v1/clusterprofiles``). Uses the real
monotonic clock: moving the emulator clock must not refill buckets.
"""

import functools
import re
import time

BURST = 5
DEFAULT_RATE = 10

# (prefix, requests per second), verbatim from REF §7 "Endpoint Prefix Rate".
PREFIX_RATES = [
    ("/v1/apiKeys", 10), ("/v1/async", 10), ("/v1/audits", 10), ("/v1/auth", 10), ("/v1/auth/authenticate", 10),
    ("/v1/auth/services/edge/login", 10), ("/v1/auth/services/login", 10), ("/v1/auth/user/password/reset", 2),
    ("/v1/cache", 10), ("/v1/cloudaccounts", 10), ("/v1/cloudconfigs", 50),
    ("/v1/cloudconfigs/{cloudType}/:uid/machinePools/{machinePoolName}/machines", 50),
    ("/v1/cloudconfigs/{cloudType}/:uid/machinePools/{machinePoolName}/machines/:machineUid", 50),
    ("/v1/cloudconfigs/{cloudType}/{uid}/machinePools", 50), ("/v1/clouds", 10), ("/v1/cluster", 10),
    ("/v1/clusterprofiles", 50), ("/v1/clusterprofiles/:uid/packs", 50),
    ("/v1/clusterprofiles/:uid/packs/{packName}/manifests", 50), ("/v1/clusterprofiles/:uid/packs/manifests", 50),
    ("/v1/clusterprofiles/:uid/validate/packs", 50), ("/v1/clusterprofiles/validate/packs", 50), ("/v1/crypto", 10),
    ("/v1/dashboard", 10), ("/v1/datasinks", 10), ("/v1/edgehosts", 10), ("/v1/edgehosts/:uid/health", 10),
    ("/v1/edgehosts/:uid/spc/download", 10), ("/v1/edgehosts/registers", 10), ("/v1/errlogs", 10), ("/v1/events", 10),
    ("/v1/events/components", 50), ("/v1/files", 10), ("/v1/git/webhook", 10), ("/v1/health", 10),
    ("/v1/installers", 10), ("/v1/jobs", 10), ("/v1/metrics", 10), ("/v1/mgmt", 10), ("/v1/notifications", 10),
    ("/v1/oidc", 10), ("/v1/overlords", 10), ("/v1/packs", 10), ("/v1/payments", 10), ("/v1/permissions", 10),
    ("/v1/plans", 10), ("/v1/projects", 10), ("/v1/registries", 10), ("/v1/roles", 10), ("/v1/services", 10),
    ("/v1/spectroclusters", 50), ("/v1/spectroclusters/:uid/assets", 10), ("/v1/spectroclusters/:uid/download", 10),
    ("/v1/spectroclusters/:uid/profiles", 50), ("/v1/spectroclusters/acquire", 10), ("/v1/spectroclusters/cost", 10),
    ("/v1/spectroclusters/features/logFetcher", 10), ("/v1/spectroclusters/usage", 10), ("/v1/system", 10),
    ("/v1/teams", 10), ("/v1/tenants", 10), ("/v1/userprofiles", 10), ("/v1/users", 10), ("/v1/workspaces", 10),
]


def _compile(prefix):
    """A regex for a table prefix: ``:uid`` and ``{name}`` segments match any one path segment."""
    parts = []
    for seg in prefix.strip("/").split("/"):
        parts.append("[^/]+" if seg.startswith(":") or seg.startswith("{") else re.escape(seg))
    return re.compile("^/" + "/".join(parts) + "(?:/|$)")


# Longest prefix (most segments, then most characters) first, so the first match is the most specific.
_RULES = sorted(((p, _compile(p), r) for p, r in PREFIX_RATES), key=lambda t: (-t[0].count("/"), -len(t[0])))


@functools.lru_cache(maxsize=8192)
def match_prefix(path):
    """(table prefix, rate) for a path; unknown /v1 resources get ``/v1/<first segment>`` at the default rate."""
    for prefix, regex, rate in _RULES:
        if regex.match(path):
            return prefix, rate
    segs = path.strip("/").split("/")
    return "/" + "/".join(segs[:2]), DEFAULT_RATE


class RateLimiter:
    """Token buckets keyed by (source address, prefix)."""

    def __init__(self):
        self.buckets = {}

    def reset(self):
        """Forget every bucket (admin reset)."""
        self.buckets.clear()

    def take(self, address, prefix, rate):
        """Take one token; return True if the request may proceed."""
        now = time.monotonic()
        key = (address, prefix)
        tokens, last = self.buckets.get(key, (float(BURST), now))
        tokens = min(float(BURST), tokens + (now - last) * rate)
        if tokens >= 1.0:
            self.buckets[key] = (tokens - 1.0, now)
            return True
        self.buckets[key] = (tokens, now)
        return False
