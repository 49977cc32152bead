"""The emulator clock: wall time plus an offset that the admin API can move forward.

Token expiry and cluster apply timing use this clock so tests can jump 15 minutes without waiting.
Rate limiting deliberately uses the real monotonic clock instead (moving the emulator clock must not
refill every bucket).
"""

import time
from datetime import datetime, timezone


class Clock:
    """Wall-clock time shifted by ``offset`` seconds."""

    def __init__(self):
        self.offset = 0.0

    def now(self):
        """Seconds since the epoch on the emulator clock."""
        return time.time() + self.offset

    def advance(self, seconds):
        """Move the clock forward (never backward: tokens and applies assume time only grows)."""
        if seconds < 0:
            raise ValueError("clock: advance must be >= 0 seconds")
        self.offset += seconds

    def reset(self):
        """Back to real time."""
        self.offset = 0.0

    def iso(self, when=None):
        """RFC 3339 with microseconds, so two quick writes get different timestamps."""
        return iso(self.now() if when is None else when)


def iso(epoch_seconds):
    """Format epoch seconds as RFC 3339 UTC with sub-second precision (Palette's v1Time)."""
    dt = datetime.fromtimestamp(epoch_seconds, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond:06d}Z"


def iso_ms(epoch_seconds):
    """RFC 3339 UTC with milliseconds, as Palette shows lifecycle times (status.packs[], spcApply)."""
    dt = datetime.fromtimestamp(epoch_seconds, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse_iso(text):
    """Parse an RFC 3339 timestamp (``Z`` or offset) into epoch seconds."""
    if isinstance(text, datetime):
        dt = text
    else:
        dt = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()
