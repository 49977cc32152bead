"""The admin API under ``/__emulator__`` (no auth, never rate-limited, never logged): reset, request log,
faults, clock, config, state, and the two "someone else did something" actions (finish an apply, edit a
profile). Every bad call gets a 400 ``{"error": "..."}`` naming the problem.
"""

import json

from aiohttp import web

from palette_emulator import clusters as cluster_service
from palette_emulator.config import SWITCHES
from palette_emulator.profiles import set_published
from palette_emulator.errors import AdminError
from palette_emulator.seed import SeedError


def _ok(data, status=200):
    return web.Response(status=status, body=json.dumps(data).encode(), content_type="application/json")


def _fail(message, status=400):
    return web.Response(status=status, body=json.dumps({"error": message}).encode(), content_type="application/json")


async def _json(request, default=None):
    raw = await request.read()
    if not raw.strip():
        return {} if default is None else default
    try:
        return json.loads(raw)
    except ValueError as err:
        raise AdminError(f"admin: body is not valid JSON: {err}") from err


def _object(body, what):
    if not isinstance(body, dict):
        raise AdminError(f"admin: {what} body must be a JSON object")
    return body


def edit_profile(emu, uid, pack_name=None, values=None):
    """A concurrent edit by someone else: change one pack's values and touch the profile.

    Lands where a PUT would (``profile_put``): in the published template (clusters using it get an update) under
    ``in_place``, in the draft (created from published) under ``draft`` or when the profile was never published.
    """
    profile = emu.store.profiles.get(uid)
    if profile is None:
        raise AdminError(f"admin: profile {uid!r} does not exist", status=404)
    in_place = profile.published is not None and emu.config.profile_put == "in_place"
    base = profile.published if in_place or profile.draft is None else profile.draft
    if base is None or not base.get("packs"):
        raise AdminError(f"admin: profile {uid!r} has no packs to edit")
    draft = json.loads(json.dumps(base))
    pack = next((p for p in draft["packs"] if p["name"] == pack_name), None) if pack_name else draft["packs"][0]
    if pack is None:
        names = ", ".join(p["name"] for p in draft["packs"])
        raise AdminError(f"admin: profile {uid!r} has no pack {pack_name!r} (packs: {names})")
    stamp = emu.next_timestamp()
    pack["values"] = values if values is not None else (pack.get("values") or "") + f"# edited by someone else at {stamp}\n"
    profile.modified = stamp
    if in_place:
        set_published(emu, profile, draft)
    else:
        profile.draft = draft
    return {"uid": uid, "pack": pack["name"], "lastModifiedTimestamp": stamp, "landed": "published" if in_place else "draft"}


def _check_injection(body):
    """Validate an inject body: {"apply_error": {pack?, message?} | null, "repave": {reasons: [...]} | null}."""
    unknown = set(body) - {"apply_error", "repave"}
    if unknown:
        raise AdminError(f"inject: unknown field(s) {', '.join(sorted(unknown))} (allowed: apply_error, repave)")
    error = body.get("apply_error")
    if error is not None:
        if not isinstance(error, dict) or set(error) - {"pack", "message"}:
            raise AdminError("inject: apply_error must be null or {\"pack\": name or null, \"message\": \"...\"}")
        for key in ("pack", "message"):
            if error.get(key) is not None and not isinstance(error[key], str):
                raise AdminError(f"inject: apply_error.{key} must be a string or null")
    repave = body.get("repave")
    if repave is not None:
        reasons = repave.get("reasons") if isinstance(repave, dict) else None
        if not isinstance(reasons, list) or not all(isinstance(r, dict) and set(r) <= {"code", "message", "pack"} for r in reasons):
            raise AdminError("inject: repave must be null or {\"reasons\": [{\"code\": \"...\", \"message\": \"...\"}]}")


def add_routes(app):
    """Register the admin endpoints."""
    def guarded(func):
        async def wrapper(request):
            try:
                return await func(request, request.app["emu"])
            except AdminError as err:
                return _fail(str(err), err.status)
            except SeedError as err:
                return _fail(str(err))
        return wrapper

    async def reset(request, emu):
        body = _object(await _json(request), "reset")
        unknown = set(body) - {"seed"}
        if unknown:
            raise AdminError(f"reset: unknown field(s) {', '.join(sorted(unknown))} (allowed: seed)")
        seed = body.get("seed")
        if seed is not None and not isinstance(seed, dict):
            raise AdminError("reset: seed must be a seed document (a JSON object)")
        emu.reset(seed)
        return _ok({"ok": True})

    async def requests_get(request, emu):
        since = request.query.get("since")
        if since is not None:
            try:
                since = int(since)
            except ValueError as err:
                raise AdminError(f"requests: since must be a request id (integer), got {since!r}") from err
        return _ok({"requests": emu.log.since(since)})

    async def requests_delete(_request, emu):
        emu.log.clear()
        return _ok({"ok": True})

    async def faults_post(request, emu):
        fault = emu.faults.add(await _json(request))
        return _ok({"id": fault.id})

    async def faults_get(_request, emu):
        return _ok({"faults": [f.public() for f in emu.faults.items]})

    async def faults_delete(_request, emu):
        emu.faults.clear()
        return _ok({"ok": True})

    async def clock_post(request, emu):
        body = _object(await _json(request), "clock")
        advance = body.get("advance")
        if isinstance(advance, bool) or not isinstance(advance, (int, float)) or advance < 0:
            raise AdminError(f"clock: advance must be a number of seconds >= 0, got {advance!r}")
        emu.clock.advance(advance)
        cluster_service.settle(emu)
        return _ok({"now": emu.clock.iso(), "offset": emu.clock.offset})

    async def clock_get(_request, emu):
        return _ok({"now": emu.clock.iso(), "offset": emu.clock.offset})

    async def config_get(_request, emu):
        return _ok(emu.config.to_dict())

    async def config_patch(request, emu):
        body = _object(await _json(request), "config")
        try:
            emu.config.update(body)
        except ValueError as err:
            raise AdminError(str(err)) from err
        return _ok(emu.config.to_dict())

    async def state(_request, emu):
        cluster_service.settle(emu)
        return _ok(emu.store.snapshot_state())

    async def violations(_request, emu):
        return _ok({"violations": list(emu.violations)})

    async def cluster_apply(request, emu):
        uid = request.match_info["uid"]
        body = _object(await _json(request), "apply")
        result = body.get("result", "complete")
        if result not in ("complete", "fail"):
            raise AdminError(f"apply: result must be 'complete' or 'fail', got {result!r}")
        cluster = emu.store.clusters.get(uid)
        if cluster is None:
            raise AdminError(f"apply: cluster {uid!r} does not exist", status=404)
        cluster_service.settle(emu)
        if cluster.apply is None:
            raise AdminError(f"apply: cluster {cluster.name!r} ({uid}) has no apply in progress", status=409)
        error = None
        if result == "fail":
            error = {"pack": body.get("pack"), "message": body.get("message") or "applying the cluster profile changes failed"}
        cluster_service.finish_install(emu, cluster, when=max(emu.clock.now(), cluster.apply["patched"] + 0.001), error=error)
        return _ok({"uid": uid, "state": cluster.state})

    async def cluster_inject(request, emu):
        uid = request.match_info["uid"]
        body = _object(await _json(request), "inject")
        _check_injection(body)
        cluster = emu.store.clusters.get(uid)
        if cluster is None:
            raise AdminError(f"inject: cluster {uid!r} does not exist", status=404)
        cluster.injections = dict(cluster.injections, **json.loads(json.dumps(body)))
        return _ok(dict(cluster.injections, uid=uid))

    async def switches(_request, _emu):
        return _ok({name: list(values) for name, values in SWITCHES.items()})

    async def profile_edit(request, emu):
        body = _object(await _json(request), "edit")
        unknown = set(body) - {"pack", "values"}
        if unknown:
            raise AdminError(f"edit: unknown field(s) {', '.join(sorted(unknown))} (allowed: pack, values)")
        if body.get("values") is not None and not isinstance(body["values"], str):
            raise AdminError("edit: values must be a string (the new values YAML)")
        return _ok(edit_profile(emu, request.match_info["uid"], body.get("pack"), body.get("values")))

    async def health(_request, emu):
        return _ok({"ok": True, "clusters": len(emu.store.clusters), "profiles": len(emu.store.profiles)})

    router = app.router
    router.add_post("/__emulator__/reset", guarded(reset))
    router.add_get("/__emulator__/requests", guarded(requests_get))
    router.add_delete("/__emulator__/requests", guarded(requests_delete))
    router.add_post("/__emulator__/faults", guarded(faults_post))
    router.add_get("/__emulator__/faults", guarded(faults_get))
    router.add_delete("/__emulator__/faults", guarded(faults_delete))
    router.add_post("/__emulator__/clock", guarded(clock_post))
    router.add_get("/__emulator__/clock", guarded(clock_get))
    router.add_get("/__emulator__/config", guarded(config_get))
    router.add_patch("/__emulator__/config", guarded(config_patch))
    router.add_get("/__emulator__/state", guarded(state))
    router.add_get("/__emulator__/violations", guarded(violations))
    router.add_post("/__emulator__/clusters/{uid}/apply", guarded(cluster_apply))
    router.add_post("/__emulator__/clusters/{uid}/inject", guarded(cluster_inject))
    router.add_get("/__emulator__/switches", guarded(switches))
    router.add_post("/__emulator__/profiles/{uid}/edit", guarded(profile_edit))
    router.add_get("/__emulator__/health", guarded(health))

    async def unknown_admin(request):
        return _fail(f"admin: no such call {request.method} {request.path} (see README.md, 'Admin API')", 404)
    router.add_route("*", "/__emulator__/{tail:.*}", unknown_admin)
