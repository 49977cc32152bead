"""Palette list paging (REF §4): ``limit`` (max 50), ``offset``, ``continue`` token, ``listmeta`` always present.

The continue token is base64 of ``{"offset":N,"count":C,"token":""}``, the shape the docs show. Only the
query parameter counts: a ``continue`` inside a POST body is ignored, as in real Palette.
"""

import base64
import json

from palette_emulator.errors import bad_request

MAX_LIMIT = 50


def page_window(query, total):
    """(start, limit) for a request: ``continue`` wins over ``offset``; limit capped at 50 (0 or absent = 50)."""
    raw_limit = query.get("limit")
    limit = MAX_LIMIT
    if raw_limit not in (None, ""):
        try:
            limit = int(raw_limit)
        except ValueError as err:
            raise bad_request(f"limit must be an integer, got {raw_limit!r}", code="InvalidParameter") from err
        if limit < 0:
            raise bad_request("limit must be >= 0", code="InvalidParameter")
        if limit == 0 or limit > MAX_LIMIT:
            limit = MAX_LIMIT
    start = 0
    token = query.get("continue")
    if token:
        start = decode_token(token)
    elif query.get("offset") not in (None, ""):
        try:
            start = int(query["offset"])
        except ValueError as err:
            raise bad_request(f"offset must be an integer, got {query['offset']!r}", code="InvalidParameter") from err
        if start < 0:
            raise bad_request("offset must be >= 0", code="InvalidParameter")
    return min(start, total), limit


def encode_token(offset, count):
    """A continue token like the real one."""
    raw = json.dumps({"offset": offset, "count": count, "token": ""}, separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode()


def decode_token(token):
    """The offset inside a continue token; 400 for anything that is not one of ours."""
    try:
        data = json.loads(base64.b64decode(token, validate=True))
        offset = int(data["offset"])
    except (ValueError, KeyError, TypeError) as err:
        raise bad_request("Invalid continue token", code="InvalidContinueToken") from err
    if offset < 0:
        raise bad_request("Invalid continue token", code="InvalidContinueToken")
    return offset


def paginate(items, query):
    """(page, listmeta) for a full, already filtered and sorted list."""
    total = len(items)
    start, limit = page_window(query, total)
    page = items[start:start + limit]
    next_offset = start + len(page)
    return page, {
        "continue": encode_token(next_offset, total) if next_offset < total else "",
        "count": total,
        "limit": limit,
        "offset": next_offset,
    }
