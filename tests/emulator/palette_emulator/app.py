"""The aiohttp application: routes, and the one middleware every ``/v1`` request goes through.

Order of the checks, as a client of real Palette would experience them: injected faults (they model the network
and load balancer), rate limit (429 before auth, like a gateway), authentication (401), scope (403/404), body
validation against the spec (400), then the handler. Every request is logged without secrets.
"""

import asyncio
import gc
import json
import logging
import time

from aiohttp import web

from palette_emulator import admin, auth, clusters, packs, profiles, projects, search
from palette_emulator.auth import TokenService
from palette_emulator.clock import Clock, iso
from palette_emulator.errors import ApiError, error_body, error_response
from palette_emulator.faults import Faults, profile_for
from palette_emulator.ids import new_uid
from palette_emulator.ratelimit import RateLimiter, match_prefix
from palette_emulator.requestlog import RequestLog, is_write, scrub_path, scrub_query
from palette_emulator.schema import SpecValidator, load_spec
from palette_emulator.scope import request_project
from palette_emulator.seed import build_store

# (method, spec path, handler, needs auth). Order matters where a literal segment competes with a {param}.
ROUTES = [
    ("POST", "/v1/auth/authenticate", "login", False),
    ("GET", "/v1/auth/refresh/{token}", "refresh", False),
    ("GET", "/v1/users/info", "user_info", True),
    ("GET", "/v1/dashboard/projects/metadata", projects.projects_metadata, True),
    ("POST", "/v1/dashboard/projects", projects.projects_summary, True),
    ("GET", "/v1/projects/{uid}", projects.get_project, True),
    ("POST", "/v1/clusterprofiles", profiles.create_profile, True),
    ("GET", "/v1/clusterprofiles/{uid}", profiles.get_profile, True),
    ("PUT", "/v1/clusterprofiles/{uid}", profiles.update_profile, True),
    ("DELETE", "/v1/clusterprofiles/{uid}", profiles.delete_profile, True),
    ("PATCH", "/v1/clusterprofiles/{uid}/publish", profiles.publish_profile, True),
    ("PATCH", "/v1/clusterprofiles/{uid}/metadata", profiles.patch_metadata, True),
    ("POST", "/v1/clusterprofiles/{uid}/clone", profiles.clone_profile, True),
    ("GET", "/v1/clusterprofiles/{uid}/packs", profiles.list_packs, True),
    ("GET", "/v1/clusterprofiles/{uid}/packs/manifests", profiles.get_packs_manifests, True),
    ("GET", "/v1/clusterprofiles/{uid}/packs/{packName}", profiles.get_pack, True),
    ("GET", "/v1/clusterprofiles/{uid}/packs/{packName}/manifests", profiles.get_pack_manifests, True),
    ("GET", "/v1/clusterprofiles/{uid}/variables", profiles.get_variables, True),
    ("PUT", "/v1/clusterprofiles/{uid}/variables", profiles.put_variables, True),
    ("GET", "/v1/dashboard/clusterprofiles/metadata", profiles.profiles_metadata, True),
    ("POST", "/v1/dashboard/clusterprofiles", profiles.profiles_summary, True),
    ("GET", "/v1/dashboard/clusterprofiles/{uid}", profiles.profile_summary, True),
    ("GET", "/v1/spectroclusters/{uid}", clusters.get_cluster, True),
    ("GET", "/v1/spectroclusters/{uid}/profiles", clusters.get_cluster_profiles, True),
    ("PUT", "/v1/spectroclusters/{uid}/profiles", clusters.put_cluster_profiles, True),
    ("PATCH", "/v1/spectroclusters/{uid}/profiles", clusters.patch_cluster_profiles, True),
    ("DELETE", "/v1/spectroclusters/{uid}/profiles", clusters.delete_cluster_profiles, True),
    ("GET", "/v1/spectroclusters/{uid}/profileUpdates", clusters.get_profile_updates, True),
    ("GET", "/v1/spectroclusters/{uid}/variables", clusters.get_cluster_variables, True),
    ("PATCH", "/v1/spectroclusters/{uid}/variables", clusters.patch_cluster_variables, True),
    ("GET", "/v1/spectroclusters/{uid}/status/spcApply", clusters.get_spc_apply, True),
    ("POST", "/v1/spectroclusters/{uid}/status/spcApply", clusters.spc_apply, True),
    ("GET", "/v1/spectroclusters/{uid}/repave/status", clusters.get_repave_status, True),
    ("PATCH", "/v1/spectroclusters/{uid}/repave/approve", clusters.approve_repave, True),
    ("POST", "/v1/dashboard/spectroclusters/search", search.search_clusters, True),
    ("GET", "/v1/dashboard/spectroclusters/search/schema", search.search_schema, True),
    ("GET", "/v1/dashboard/spectroclusters/{uid}", clusters.cluster_summary, True),
    ("GET", "/v1/registries/pack", packs.list_registries, True),
    ("GET", "/v1/packs", packs.list_packs, True),
    ("GET", "/v1/packs/{uid}", packs.pack_by_uid, True),
    ("GET", "/v1/packs/{packName}/registries/{registryUid}", packs.pack_in_registry, True),
]


class DropConnection(Exception):
    """Raised to close the connection without an answer (the ``drop`` fault)."""


class Emulator:  # pylint: disable=too-many-instance-attributes
    """Everything one emulator process holds: config, clock, state and the machinery around it."""

    def __init__(self, config, seed_doc, extra_clusters=0, spec_path=None, record_responses=None):
        self.config = config
        self.start_config = dict(config.to_dict())
        self.clock = Clock()
        self.seed_doc = seed_doc
        self.extra_clusters = extra_clusters
        self.store = build_store(seed_doc, self.clock, extra_clusters)
        self.tokens = TokenService(self.clock, config)
        self.faults = Faults()
        self.limiter = RateLimiter()
        self.log = RequestLog()
        self.validator = SpecValidator(load_spec(spec_path))
        self.violations = []
        self.last_write = 0.0
        self.record_file = open(record_responses, "a", encoding="utf-8") if record_responses else None  # pylint: disable=consider-using-with
        self.recorded = {}
        _freeze()

    def reset(self, seed_doc=None):
        """Back to the start seed (or a new one), start config, empty log, no faults, real time, new token key."""
        self.clock.reset()
        store = build_store(self.seed_doc if seed_doc is None else seed_doc, self.clock, self.extra_clusters if seed_doc is None else 0)
        self.store = store
        self.config.update(self.start_config)
        self.tokens = TokenService(self.clock, self.config)
        self.faults.clear()
        self.limiter.reset()
        self.log.clear()
        self.violations.clear()
        self.last_write = 0.0
        _freeze()

    def next_timestamp(self):
        """A write timestamp strictly later than the previous one (two quick writes never share one)."""
        now = self.clock.now()
        if now <= self.last_write:
            now = self.last_write + 1e-6
        self.last_write = now
        return iso(now)

    def record(self, method, spec_path, status, body):
        """Append a response to the --record-responses file (a few per operation+status, for spec checks)."""
        if self.record_file is None:
            return
        key = (method, spec_path, status)
        seen = self.recorded.get(key, 0)
        if seen >= 25:
            return
        self.recorded[key] = seen + 1
        self.record_file.write(json.dumps({"method": method, "path": spec_path, "status": status, "body": body}) + "\n")
        self.record_file.flush()


def _freeze():
    """Move everything loaded so far out of the garbage collector's sight.

    A 10,000-cluster store is millions of objects; without this, full collections during requests cause
    50-100 ms pauses (the search latency budget is 50 ms per page).
    """
    gc.collect()
    gc.freeze()


class Ctx:  # pylint: disable=too-many-instance-attributes,too-few-public-methods
    """What a handler needs about the current request."""

    __slots__ = ("emu", "store", "request", "query", "match", "body", "principal", "project_uid")

    def __init__(self, emu, request, principal, project_uid, body):
        self.emu = emu
        self.store = emu.store
        self.request = request
        self.query = request.query
        self.match = request.match_info
        self.body = body
        self.principal = principal
        self.project_uid = project_uid

    def now_iso(self):
        """Emulator-clock time, RFC 3339."""
        return self.emu.clock.iso()

    def touch(self, obj):
        """Move an object's lastModifiedTimestamp (every write does)."""
        obj.modified = self.emu.next_timestamp()


def _json_response(status, body, headers=None):
    if body is None:
        return web.Response(status=status, headers=headers)
    return web.Response(status=status, body=json.dumps(body).encode(), content_type="application/json", headers=headers)


def _special(name):
    """Handlers that need the Emulator rather than a scoped Ctx (auth endpoints)."""
    if name == "login":
        return lambda ctx: (200, auth.login(ctx.emu, ctx.body))
    if name == "refresh":
        return lambda ctx: (200, auth.refresh(ctx.emu, ctx.match["token"]))
    return lambda ctx: (200, auth.user_info(ctx.emu, ctx.principal))


async def _parse_body(request, emu, method, spec_path):
    """The JSON body (None when empty), validated against the operation's body schema."""
    if not request.body_exists:
        return None
    raw = await request.read()
    if not raw.strip():
        return None
    try:
        body = json.loads(raw)
    except ValueError as err:
        raise ApiError(400, "InvalidRequest", f"Request body is not valid JSON: {err}") from err
    problem = emu.validator.check_request(method, spec_path, body, emu.config.strict)
    if problem:
        raise ApiError(400, "InvalidRequest", f"Request body does not match the API spec: {problem}")
    return body


def _rate_limited(emu):
    headers = {"Retry-After": str(emu.config.retry_after)} if emu.config.retry_after is not None else None
    return error_response(429, "TooManyRequests", "Too many requests, please retry after a few moments", headers=headers)


async def _apply_faults(emu, request, method, path):
    """Run the faults that fire for this request; may return an answer or raise DropConnection."""
    after = []
    request["after_faults"] = after   # run after the answer is computed, even when it is an error
    for fault in emu.faults.triggered(method, path):
        if fault.kind == "slow":
            await asyncio.sleep(fault.delay)
        elif fault.kind == "expire_tokens":
            emu.tokens.expire_all()
        elif fault.kind == "concurrent_edit":
            after.append(fault)
        elif fault.kind == "drop":
            raise DropConnection()
        elif fault.kind == "rate_limit":
            return _rate_limited(emu), after
        elif fault.kind == "status":
            return error_response(fault.status, _STATUS_CODES.get(fault.status, "InternalError"),
                                  f"Injected fault: HTTP {fault.status}"), after
    return None, after


_STATUS_CODES = {500: "InternalError", 502: "BadGateway", 503: "ServiceUnavailable", 504: "GatewayTimeout",
                 429: "TooManyRequests", 400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "ResourceNotFound"}


async def _process(emu, request, route):
    """Faults, rate limit, auth, scope, body, handler. Returns (response, spec path, post-actions)."""
    method = request.method
    path = request.path
    answer, after = await _apply_faults(emu, request, method, path)
    if answer is not None:
        return answer, after
    if emu.config.rate_limits:
        prefix, rate = match_prefix(path)
        peer = request.remote or "unknown"
        if not emu.limiter.take(peer, prefix, rate):
            return _rate_limited(emu), after
    if route is None:
        auth.authenticate_request(emu, request)
        raise ApiError(404, "ResourceNotFound", f"Unknown API path {method} {path} (not served by the emulator)")
    spec_path, handler, needs_auth = route
    principal = auth.authenticate_request(emu, request) if needs_auth else None
    project_uid = request_project(emu, request, principal) if needs_auth else None
    body = await _parse_body(request, emu, method, spec_path)
    clusters.settle(emu)
    status, payload = handler(Ctx(emu, request, principal, project_uid, body))
    headers = {"AuditUid": new_uid()} if status in (201, 202, 204) and method != "GET" else None
    response = _json_response(status, payload, headers)
    if emu.config.validate_responses or emu.record_file is not None:
        _check_response(emu, method, spec_path, status, payload)
    return response, after


def _check_response(emu, method, spec_path, status, payload):
    emu.record(method, spec_path, status, payload)
    if emu.config.validate_responses:
        problems = emu.validator.check_response(method, spec_path, status, payload)
        if problems and len(emu.violations) < 1000:
            emu.violations.append({"method": method, "path": spec_path, "status": status, "problems": problems[:10]})


@web.middleware
async def api_middleware(request, handler):
    """Everything under /v1 goes through here; the admin API is passed straight to its handlers."""
    path = request.path
    if path.startswith("/__emulator__"):
        return await handler(request)
    emu = request.app["emu"]
    started = (time.perf_counter(), time.thread_time())
    method = request.method
    route = request.app["routes"].get((method, _resource(request)))
    try:
        response, _after = await _process(emu, request, route)
    except ApiError as err:
        response = error_response(err.status, err.code, err.message, err.details, err.headers or None)
        if route is not None and (emu.config.validate_responses or emu.record_file is not None):
            emu.record(method, route[0], err.status, json.loads(response.text))
    except DropConnection:
        _log(emu, request, 0, started)
        if request.transport is not None:
            request.transport.abort()
        raise asyncio.CancelledError() from None  # pylint: disable=raise-missing-from
    except Exception:  # pylint: disable=broad-except
        # A bug in the emulator must still answer like Palette (v1Error), and say where to look.
        logging.getLogger("palette_emulator").exception("handler failed for %s %s", method, path)
        response = error_response(500, "InternalError", f"emulator bug while handling {method} {path}; see the emulator's stderr")
    for fault in request.get("after_faults", ()):
        _concurrent_edit(emu, fault, path)
    _log(emu, request, response.status, started)
    return response


def _resource(request):
    info = request.match_info
    route = info.route if info is not None else None
    resource = getattr(route, "resource", None)
    return resource.canonical if resource is not None else None


def _concurrent_edit(emu, fault, path):
    uid = profile_for(fault, path)
    if uid and uid in emu.store.profiles:
        admin.edit_profile(emu, uid, fault.pack, fault.values)


def _log(emu, request, status, started):
    prefix, _rate = match_prefix(request.path)
    # duration_ms is wall time (includes waiting for a CPU on a busy machine); cpu_ms is the emulator's own work
    # (single-threaded, so thread CPU time is this request's), the figure to judge the emulator's speed by.
    emu.log.add(method=request.method, path=scrub_path(request.path), query=scrub_query(request.query),
                project_uid=request.headers.get("ProjectUid"), status=status, time=emu.clock.iso(),
                duration_ms=round((time.perf_counter() - started[0]) * 1000, 3),
                cpu_ms=round((time.thread_time() - started[1]) * 1000, 3), prefix=prefix,
                write=is_write(request.method, request.path))


def _make_handler():
    async def handle(request):  # the middleware does the work; this only exists so aiohttp routes match
        del request
        return web.Response(status=500, text=json.dumps(error_body("InternalError", "unreachable")))
    return handle


def build_app(emu):
    """The aiohttp Application serving /v1 and /__emulator__."""
    app = web.Application(middlewares=[api_middleware], client_max_size=64 * 1024 * 1024)
    app["emu"] = emu
    table = {}
    placeholder = _make_handler()
    for method, spec_path, func, needs_auth in ROUTES:
        handler = _special(func) if isinstance(func, str) else func
        app.router.add_route(method, spec_path, placeholder)
        table[(method, spec_path)] = (spec_path, handler, needs_auth)
    app["routes"] = table
    admin.add_routes(app)
    # Any other /v1 path still goes through the middleware (auth, then a 404 naming the path).
    app.router.add_route("*", "/v1/{tail:.*}", placeholder)
    return app
