"""Injected faults (``POST /__emulator__/faults``): errors, dropped connections, delays, 429 storms, token
expiry, concurrent edits and random failures, each on requests whose path matches a regex.
"""

import random
import re
from dataclasses import dataclass

from palette_emulator.errors import AdminError

KINDS = ("status", "drop", "slow", "rate_limit", "concurrent_edit", "expire_tokens")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
FIELDS = ("path", "method", "kind", "status", "count", "delay", "probability", "after", "profile", "pack", "values")
_PROFILE_IN_PATH = re.compile(r"^/v1/clusterprofiles/([0-9a-f]{24})")


@dataclass
class Fault:  # pylint: disable=too-many-instance-attributes
    """One queued fault. ``count`` None = until cleared."""
    id: int
    kind: str
    path: str
    regex: re.Pattern
    method: str | None
    status: int = 503
    count: int | None = 1
    delay: float = 0.0
    probability: float | None = None
    after: int = 1
    profile: str | None = None
    pack: str | None = None
    values: str | None = None
    seen: int = 0

    def public(self):
        """JSON view for GET /__emulator__/faults."""
        return {k: getattr(self, k) for k in ("id", "kind", "path", "method", "status", "count", "delay", "probability",
                                              "after", "profile", "pack", "seen")}


def _number(spec, name, kind, minimum, integer=False, default=None):
    value = spec.get(name, default)
    if value is None:
        return None
    bad = isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)) or value < minimum
    if bad:
        what = "a whole number" if integer else "a number"
        raise AdminError(f"faults: {name} must be {what} >= {minimum} for kind {kind!r}, got {value!r}")
    return value


class Faults:
    """The fault queue."""

    def __init__(self):
        self.items = []
        self.next_id = 1
        self.random = random.Random()

    def clear(self):
        """Remove every fault."""
        self.items.clear()

    def add(self, spec):
        """Validate a fault description and queue it; returns the Fault."""
        if not isinstance(spec, dict):
            raise AdminError("faults: body must be a JSON object like {\"kind\": \"status\", \"status\": 503, \"path\": \"^/v1/\"}")
        unknown = set(spec) - set(FIELDS)
        if unknown:
            raise AdminError(f"faults: unknown field(s) {', '.join(sorted(unknown))} (allowed: {', '.join(FIELDS)})")
        kind = spec.get("kind")
        if kind not in KINDS:
            raise AdminError(f"faults: kind must be one of {', '.join(KINDS)}, got {kind!r}")
        path = spec.get("path", ".*")
        if not isinstance(path, str):
            raise AdminError("faults: path must be a regular expression string")
        try:
            regex = re.compile(path)
        except re.error as err:
            raise AdminError(f"faults: path {path!r} is not a valid regular expression: {err}") from err
        method = spec.get("method")
        if method is not None:
            if not isinstance(method, str) or method.upper() not in METHODS:
                raise AdminError(f"faults: method must be one of {', '.join(METHODS)}, got {method!r}")
            method = method.upper()
        probability = spec.get("probability")
        if probability is not None and (isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0 < probability <= 1):
            raise AdminError(f"faults: probability must be a number in (0, 1], got {probability!r}")
        default_count = None if probability is not None else 1
        if "count" not in spec:
            count = default_count
        else:
            count = _number(spec, "count", kind, 1, integer=True)   # null = until cleared
        fault = Fault(id=self.next_id, kind=kind, path=path, regex=regex, method=method, count=count, probability=probability)
        if kind == "status":
            status = spec.get("status", 503)
            if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
                raise AdminError(f"faults: status must be an HTTP error status 400-599, got {status!r}")
            fault.status = status
        if kind == "slow":
            if "delay" not in spec:
                raise AdminError("faults: kind 'slow' needs delay (seconds)")
            fault.delay = float(_number(spec, "delay", kind, 0))
        if kind == "concurrent_edit":
            fault.after = _number(spec, "after", kind, 1, integer=True, default=1)
            fault.profile = spec.get("profile")
            fault.pack = spec.get("pack")
            fault.values = spec.get("values")
            if fault.values is not None and not isinstance(fault.values, str):
                raise AdminError("faults: values must be a string (the new values YAML)")
        self.next_id += 1
        self.items.append(fault)
        return fault

    def triggered(self, method, path):
        """The faults that fire for this request, consuming their counts. Terminal faults stop the scan."""
        fired = []
        for fault in list(self.items):
            if fault.method and fault.method != method:
                continue
            if not fault.regex.search(path):
                continue
            if fault.kind == "concurrent_edit":
                fault.seen += 1
                if fault.seen < fault.after:
                    continue
            elif fault.probability is not None and self.random.random() >= fault.probability:
                continue
            fault.seen += fault.kind != "concurrent_edit"
            fired.append(fault)
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    self.items.remove(fault)
            if fault.kind in ("status", "drop", "rate_limit"):
                break
        return fired


def profile_for(fault, path):
    """The profile a concurrent_edit targets: its own ``profile`` or the uid in the request path."""
    if fault.profile:
        return fault.profile
    match = _PROFILE_IN_PATH.match(path)
    return match.group(1) if match else None
