# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scrub secrets (API keys, passwords, JWTs) from text and data before it is raised, logged or returned.

Two layers:

* exact secrets the client knows (the API key, the password, a given token, every JWT it obtained) are
  replaced wherever they appear, also URL-encoded;
* shapes that are secrets whatever their value: anything that looks like a JWT, ``ApiKey=...`` in a query
  string, ``Authorization``/``ApiKey``/``password`` fields in JSON-ish text.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

REDACTED = "********"

# Secrets shorter than this are not replaced verbatim: replacing every "a" or "12" in an error
# message would destroy it, and such a value is not a credential worth hiding.
MIN_SECRET_LENGTH = 4

_JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_QUERY_RE = re.compile(r"(?i)([?&;](?:apikey|api_key|token|password)=)[^&#\s\"']*")
_FIELD_RE = re.compile(
    r"(?i)([\"']?(?:apikey|api_key|authorization|password|token)[\"']?\s*[:=]\s*[\"']?)"
    r"(?!\*{8})([^\"'\s,}&]+)"
)


def _quote(value):
    try:
        from urllib.parse import quote  # Python 3
    except ImportError:  # pragma: no cover - Python 2 is not supported, keep the import test happy
        from urllib import quote  # type: ignore  # pylint: disable=no-name-in-module
    return quote(value, safe="")


class Redactor(object):
    """Holds the secrets of one client and scrubs them out of strings and nested data."""

    def __init__(self, secrets=None):
        self._secrets = set()
        for secret in secrets or ():
            self.add(secret)

    def add(self, secret):
        """Remember a secret (and its URL-encoded form). Empty and very short values are ignored."""
        if secret is None:
            return
        if not isinstance(secret, str):
            secret = str(secret)
        if len(secret) < MIN_SECRET_LENGTH:
            return
        self._secrets.add(secret)
        quoted = _quote(secret)
        if quoted != secret:
            self._secrets.add(quoted)

    @property
    def secrets(self):
        return frozenset(self._secrets)

    def scrub_text(self, text):
        if text is None:
            return None
        if not isinstance(text, str):
            text = str(text)
        # longest first, so that a secret containing another one is removed whole
        for secret in sorted(self._secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, REDACTED)
        text = _JWT_RE.sub(REDACTED, text)
        text = _QUERY_RE.sub(lambda m: m.group(1) + REDACTED, text)
        text = _FIELD_RE.sub(lambda m: m.group(1) + REDACTED, text)
        return text

    def scrub_exact(self, value):
        """Replace only the known secrets (no pattern matching) in a string or nested data.

        For data a module returns: a ``password:`` line in a values file is content, not a leak.
        """
        if isinstance(value, str):
            for secret in sorted(self._secrets, key=len, reverse=True):
                if secret in value:
                    value = value.replace(secret, REDACTED)
            return value
        if isinstance(value, dict):
            return dict((self.scrub_exact(k), self.scrub_exact(v)) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return type(value)(self.scrub_exact(item) for item in value)
        return value

    def scrub(self, value):
        """Scrub a string, or every string inside dicts/lists/tuples (keys included)."""
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                new_key = self.scrub_text(key) if isinstance(key, str) else key
                if isinstance(new_key, str) and _is_secret_key(new_key) and isinstance(item, str) and item:
                    result[new_key] = REDACTED
                else:
                    result[new_key] = self.scrub(item)
            return result
        if isinstance(value, (list, tuple)):
            return type(value)(self.scrub(item) for item in value)
        return value


_SECRET_KEYS = frozenset(["apikey", "api_key", "authorization", "password", "token", "x-api-key"])


def _is_secret_key(key):
    return key.lower() in _SECRET_KEYS


def scrub(value, secrets=None):
    """Scrub ``value`` (a string or nested data) of the given secrets and of secret-shaped substrings."""
    return Redactor(secrets).scrub(value)
