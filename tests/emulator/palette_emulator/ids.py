"""Identifiers shaped like Palette's: 24 lower-case hex characters (Mongo ObjectIds)."""

import hashlib
import re
import secrets

UID_RE = re.compile(r"^[0-9a-f]{24}$")


def new_uid():
    """A fresh random uid."""
    return secrets.token_hex(12)


def is_uid(value):
    """True for a 24-hex-character string."""
    return isinstance(value, str) and bool(UID_RE.match(value))


def derived_uid(*parts):
    """A deterministic uid from some text: generated fleets get the same uids on every run."""
    return hashlib.sha1("/".join(str(p) for p in parts).encode()).hexdigest()[:24]
