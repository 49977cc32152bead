"""Palette's error body (``v1Error``: code, message, ref, details) and the exception that carries it."""

import json
import secrets

from aiohttp import web


class ApiError(Exception):
    """Raised by handlers; the middleware turns it into an HTTP answer with a v1Error body."""

    def __init__(self, status, code, message, details=None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}


def error_body(code, message, details=None):
    """A v1Error dict. ``ref`` is a fresh opaque id, like the audit reference real Palette returns."""
    return {"code": code, "message": message, "ref": secrets.token_hex(12), "details": details if details is not None else {}}


def error_response(status, code, message, details=None, headers=None):
    """An aiohttp response holding a v1Error body."""
    return web.Response(status=status, text=json.dumps(error_body(code, message, details)),
                        content_type="application/json", headers=headers)


def not_found(kind, uid):
    """The 404 every lookup uses; objects in another scope look exactly like missing ones."""
    return ApiError(404, "ResourceNotFound", f"{kind} '{uid}' not found")


def bad_request(message, code="BadRequest", details=None):
    """A 400 for bodies or parameters that do not fit the spec."""
    return ApiError(400, code, message, details)


def conflict(message, code="Conflict"):
    """A 409, used for duplicate name+version (REF §5: the real code is not documented)."""
    return ApiError(409, code, message)


class SeedError(ValueError):
    """A seed that cannot be loaded; the message names the key at fault."""


class AdminError(Exception):
    """A bad admin call: answered 400 (or the given status) with ``{"error": message}``."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status
