"""The request log behind ``GET /__emulator__/requests``. It never holds a secret.

Only method, path, a scrubbed query, scope, status and timing are recorded: no headers, no bodies. The query
loses ``ApiKey`` and anything that looks like a credential, and the token in ``/v1/auth/refresh/{token}`` is
replaced, because tests print these entries and a leaked key in a CI log is a real leak.
"""

import collections
import re

SECRET_QUERY_NAMES = ("apikey", "api_key", "authorization", "password", "token", "secret", "jwt")
_REFRESH = re.compile(r"^(/v1/auth/refresh/)[^/]+")
MAX_ENTRIES = 200_000


def scrub_query(query):
    """The query as a dict without credential-like parameters."""
    return {k: v for k, v in query.items() if not any(s in k.lower() for s in SECRET_QUERY_NAMES)}


def scrub_path(path):
    """The path with a refresh token replaced."""
    return _REFRESH.sub(r"\1REDACTED", path)


def is_write(method, path):
    """Contract: PUT/PATCH/DELETE, and POSTs that change state (not searches, dashboard lists or auth)."""
    if method in ("PUT", "PATCH", "DELETE"):
        return True
    if method != "POST":
        return False
    if path.startswith("/v1/dashboard/") or path.startswith("/v1/auth/") or path.endswith("/search") or "/validate" in path:
        return False
    return True


class RequestLog:
    """A bounded, append-only list of request entries with increasing ids."""

    def __init__(self):
        self.entries = collections.deque(maxlen=MAX_ENTRIES)
        self.next_id = 1

    def add(self, **entry):
        """Record one request; returns its id."""
        entry["id"] = self.next_id
        self.next_id += 1
        self.entries.append(entry)
        return entry["id"]

    def since(self, last_id=None):
        """Entries with id > last_id (all when None)."""
        if last_id is None:
            return list(self.entries)
        return [e for e in self.entries if e["id"] > last_id]

    def clear(self):
        """Drop every entry (ids keep increasing so `since` stays meaningful)."""
        self.entries.clear()
