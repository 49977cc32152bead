"""Clusters: the attached content, the agent's install of it, and what ``status`` shows meanwhile.

The contract is ``docs/dev/apply-lifecycle.md`` (REF §12). ``spec.clusterProfileTemplates`` (``Cluster.templates``)
is the attached, desired content: it changes when PUT/PATCH/DELETE ``/profiles`` is accepted (or at publish with
``--auto-apply``), never when a profile is edited. The agent then installs it over ``apply_seconds`` on the
emulator clock, reporting through ``status.packs[]`` (``v1ClusterPackStatus``) and ``status.spcApply``;
``status.state`` stays ``Running``. An install can wait for ``POST …/status/spcApply`` (``DownloadAndInstallLater``)
and for ``PATCH …/repave/approve`` (an injected repave). Settling is lazy: only clusters whose install is running
are looked at (``Store.applying``).
"""

import copy
import hashlib
import json

from palette_emulator import views
from palette_emulator.clock import iso_ms
from palette_emulator.errors import bad_request, not_found
from palette_emulator.scope import visible

RUNNING_STATE = "Running"
INSTALL_NOW = "DownloadAndInstall"
INSTALL_LATER = "DownloadAndInstallLater"
PROGRESS_CONDITIONS = {
    "progressing": {"type": "Progressing", "status": "True", "reason": "Installing"},
    "ready_false": {"type": "Ready", "status": "False", "reason": "Installing"},
}


# -- content ----------------------------------------------------------------------------------------------
def merged_template(profile, overrides):
    """The template of ``profile``'s published content with the cluster's overrides (``packValues``) applied."""
    published = profile.published or {"packs": []}
    packs = copy.deepcopy(published.get("packs") or [])
    by_name = {o.get("name"): o for o in overrides or [] if isinstance(o, dict)}
    for pack in packs:
        override = by_name.get(pack["name"])
        if not override:
            continue
        if override.get("values") is not None:
            pack["values"] = override["values"]
        for man in override.get("manifests") or []:
            for own in pack.get("manifests") or []:
                if (man.get("uid") and man["uid"] == own.get("uid")) or man.get("name") == own.get("name"):
                    if man.get("content") is not None:
                        own["content"] = man["content"]
    return {"uid": profile.uid, "name": profile.name, "type": (published.get("type") or profile.type),
            "cloudType": published.get("cloudType") or profile.cloud_type, "profileVersion": profile.version,
            "revision": profile.revision, "packs": packs}


def template_for(store, entry, with_values=True):
    """The current published content of an attached entry's profile (+ its ``packValues``)."""
    profile = store.profiles[entry["uid"]]
    return merged_template(profile, entry.get("packValues") if with_values else None)


def target_templates(store, cluster):
    """Every attached profile's current published content + the cluster's values (what a full re-read gives)."""
    return [template_for(store, entry) for entry in cluster.attached if entry["uid"] in store.profiles]


def _pack_fingerprint(pack):
    return [pack.get("name"), pack.get("tag"), pack.get("uid"), pack.get("values"),
            [[m.get("name"), m.get("content")] for m in pack.get("manifests") or []]]


def _fingerprint(templates):
    """Compare templates by content (uid, pack name/tag/uid/values/manifests), not by bookkeeping fields."""
    slim = [[t["uid"], [_pack_fingerprint(p) for p in t["packs"]]] for t in templates]
    return hashlib.sha1(json.dumps(slim, sort_keys=True).encode()).hexdigest()


def pending_entries(store, cluster):
    """Indices of attached entries whose current published content (+ values) differs from the attached template."""
    out = []
    for i, entry in enumerate(cluster.attached):
        if entry["uid"] not in store.profiles:
            continue
        current = cluster.templates[i] if i < len(cluster.templates) else None
        if current is None or _fingerprint([template_for(store, entry)]) != _fingerprint([current]):
            out.append(i)
    return out


def has_updates(store, cluster):
    """True while some attached profile's published content (+ values) differs from its attached template."""
    return bool(pending_entries(store, cluster))


def pack_key(profile_uid, name):
    """The key of a pack in ``Cluster.pack_status``."""
    return f"{profile_uid}/{name}"


def _packs_by_key(templates):
    out = {}
    for tmpl in templates:
        for pack in tmpl["packs"]:
            out.setdefault(pack_key(tmpl["uid"], pack["name"]), (tmpl, pack))
    return out


READY = {"type": "Ready", "status": "True", "reason": "Installed", "message": ""}


def ready_status(store, profile_uid, pack, times, condition=None):
    """A v1ClusterPackStatus of a pack; ``times`` = (start, end) as RFC 3339 strings with milliseconds."""
    start, end = times
    return {"name": pack["name"], "profileUid": profile_uid, "type": pack.get("type") or "spectro",
            "version": views.pack_version(store, pack), "condition": dict(condition or READY, lastTransitionTime=end),
            "startTime": start, "endTime": end}


def install_seeded(store, cluster, when):
    """The seed installs every cluster's templates at start: every pack Ready/True since ``when``."""
    cluster.installed = cluster.templates
    cluster.pack_status = {key: ready_status(store, tmpl["uid"], pack, (when, when))
                           for key, (tmpl, pack) in _packs_by_key(cluster.installed).items()}


# -- the lifecycle ----------------------------------------------------------------------------------------
def attach_content(emu, cluster, templates, action=INSTALL_NOW):
    """An accepted change of the attached set: ``templates`` become the attached content and the agent is told.

    Nothing to install (the content equals what is installed): spcApply and status.packs stay as they are.
    """
    cluster.templates = templates
    emu.store.applying.pop(cluster.uid, None)
    old = _packs_by_key(cluster.installed)
    new = _packs_by_key(templates)
    changed = {k for k, (_t, pack) in new.items() if k not in old or _pack_fingerprint(old[k][1]) != _pack_fingerprint(pack)}
    removed = set(old) - set(new)
    if not changed and not removed:
        cluster.apply = None
        cluster.spc_apply = dict(cluster.spc_apply, canBeApplied=True)
        return
    now = emu.clock.now()
    waiting = set()
    repave = cluster.injections.get("repave")
    if repave:
        waiting.add("repave")
        cluster.repave = {"state": "Pending", "reasons": copy.deepcopy(repave.get("reasons") or []), "time": iso_ms(now)}
    if action == INSTALL_LATER:
        waiting.add("trigger")
    can = not (action == INSTALL_LATER and emu.config.install_later_can_be_applied == "until_trigger")
    spc = {"actionType": action, "canBeApplied": can, "lastModifiedTime": iso_ms(now), "spcHash": _fingerprint(templates)[:16]}
    if cluster.spc_apply.get("patchAppliedTime"):
        spc["patchAppliedTime"] = cluster.spc_apply["patchAppliedTime"]
    cluster.spc_apply = spc
    cluster.apply = {"patched": now, "target": templates, "changed": changed, "removed": removed, "action": action,
                     "waiting": waiting, "started": None, "pickup": None, "ends": None}
    cluster.modified = emu.clock.iso(now)
    if not waiting:
        start_install(emu, cluster, now)


def start_install(emu, cluster, now=None):
    """The agent starts installing: it shows the change at ``pickup`` and is done at ``ends``."""
    apply = cluster.apply
    now = emu.clock.now() if now is None else now
    seconds = emu.config.apply_seconds
    apply["waiting"] = set()
    apply["started"] = now
    apply["pickup"] = now + seconds / 2 if emu.config.pack_status_after_patch == "stale" else now
    apply["ends"] = now + max(seconds, 0.001)       # a Ready transition is always newer than the PATCH
    emu.store.applying[cluster.uid] = cluster
    if seconds <= 0:
        finish_install(emu, cluster)


def _error_key(apply, error):
    """Which pack an injected error hits: the named pack (a changed one first), else the first changed pack."""
    keys = [pack_key(t["uid"], p["name"]) for t in apply["target"] for p in t["packs"]]
    changed = [k for k in keys if k in apply["changed"]]
    name = error.get("pack")
    if name:
        named = [k for k in changed if k.split("/", 1)[1] == name] or [k for k in keys if k.split("/", 1)[1] == name]
        if named:
            return named[0]
    return changed[0] if changed else None


def finish_install(emu, cluster, when=None, error=None):
    """The install ends at ``when`` (default: its planned end): changed packs Ready/True, or one in Error.

    ``error`` (``{"pack", "message"}``) overrides the cluster's injected ``apply_error``. ``installed`` becomes the
    target either way (the agent moved on; the failed pack reports Error).
    """
    apply = cluster.apply
    if apply is None:
        return
    end = apply["ends"] if when is None else when
    start = end if apply["started"] is None else min(apply["pickup"], end)
    error = error or cluster.injections.get("apply_error")
    err_key = _error_key(apply, error) if error else None
    start_s, end_s = iso_ms(start), iso_ms(end)
    status = {}
    for key, (tmpl, pack) in _packs_by_key(apply["target"]).items():
        if key == err_key:
            cond = {"type": "Error", "status": "True", "reason": "InstallFailed",
                    "message": error.get("message") or f"installing pack {pack['name']} failed"}
            status[key] = ready_status(emu.store, tmpl["uid"], pack, (start_s, end_s), cond)
        elif key in apply["changed"] or key not in cluster.pack_status:
            status[key] = ready_status(emu.store, tmpl["uid"], pack, (start_s, end_s))
        else:
            status[key] = cluster.pack_status[key]
    cluster.pack_status = status
    cluster.installed = apply["target"]
    if cluster.repave["state"] == "Pending":        # finished by the admin API before anyone approved
        cluster.repave = dict(cluster.repave, state="Approved", time=end_s)
    cluster.spc_apply = dict(cluster.spc_apply, patchAppliedTime=end_s)
    cluster.apply = None
    cluster.modified = emu.clock.iso(end)
    emu.store.applying.pop(cluster.uid, None)


def settle(emu):
    """Finish every install whose time has come (called before each request; O(clusters installing))."""
    if not emu.store.applying:
        return
    now = emu.clock.now()
    for cluster in list(emu.store.applying.values()):
        if cluster.apply and now >= cluster.apply["ends"]:
            finish_install(emu, cluster)


def release(emu, cluster, blocker):
    """A trigger (``POST …/status/spcApply``) or a repave approval: start the install once nothing blocks it."""
    apply = cluster.apply
    if apply is None or blocker not in apply["waiting"]:
        return
    apply["waiting"].discard(blocker)
    if not apply["waiting"]:
        start_install(emu, cluster)


def pack_statuses(emu, cluster):
    """``status.packs[]`` now: the last install's, or the install in progress once the agent picked it up."""
    apply = cluster.apply
    if apply is None or apply["started"] is None or emu.clock.now() < apply["pickup"]:
        return [copy.deepcopy(s) for s in cluster.pack_status.values()]
    progress = PROGRESS_CONDITIONS[emu.config.progress_condition]
    when = iso_ms(apply["pickup"])
    out = []
    for key, (tmpl, pack) in _packs_by_key(apply["target"]).items():
        if key in apply["changed"]:
            entry = ready_status(emu.store, tmpl["uid"], pack, (when, when), dict(progress, message=""))
            del entry["endTime"]
            out.append(entry)
        elif key in cluster.pack_status:
            out.append(copy.deepcopy(cluster.pack_status[key]))
    out.extend(copy.deepcopy(cluster.pack_status[k]) for k in cluster.pack_status if k in apply["removed"])
    return out


def profile_published(emu, profile):
    """New published content (publish, or an in-place edit): "Updates Available", or the install with --auto-apply."""
    for cluster in emu.store.clusters_using(profile.uid):
        pending = pending_entries(emu.store, cluster)
        if not pending:
            continue
        if emu.config.auto_apply:
            templates = list(cluster.templates)
            for i, entry in enumerate(cluster.attached):
                if entry["uid"] == profile.uid:
                    templates[i] = template_for(emu.store, entry)
            attach_content(emu, cluster, templates)
            cluster.notification = has_updates(emu.store, cluster)
        else:
            cluster.notification = True
            cluster.modified = emu.clock.iso()


# -- handlers ---------------------------------------------------------------------------------------------
def get_visible_cluster(ctx, uid):
    """The cluster if it exists in the request's scope, else 404."""
    cluster = ctx.store.clusters.get(uid)
    if cluster is None or not visible(cluster, ctx.project_uid):
        raise not_found("SpectroCluster", uid)
    return cluster


def get_cluster(ctx):
    """GET /v1/spectroclusters/{uid}."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    return 200, views.cluster_view(ctx.store, cluster, pack_statuses(ctx.emu, cluster))


def get_cluster_profiles(ctx):
    """GET /v1/spectroclusters/{uid}/profiles: the attached profiles (templates) as v1SpectroClusterProfileList."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    out = []
    for tmpl in cluster.templates:
        out.append({
            "metadata": {"name": tmpl["name"], "uid": tmpl["uid"]},
            "spec": {"cloudType": tmpl["cloudType"], "type": tmpl["type"], "version": tmpl.get("revision", 1),
                     "relatedObject": {"kind": "spectrocluster", "name": cluster.name, "uid": cluster.uid},
                     "packs": [{"metadata": {"name": p["name"], "uid": p.get("uid") or ""},
                                "spec": views.pack_summary_spec(ctx.store, p), "status": {}} for p in tmpl["packs"]]},
        })
    return 200, {"profiles": out}


def get_profile_updates(ctx):
    """GET /v1/spectroclusters/{uid}/profileUpdates, per the ``profile_updates`` switch (empty|template|merged)."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    mode = ctx.emu.config.profile_updates
    if mode == "empty":
        return 200, {"profiles": []}
    out = [views.snapshot_template(ctx.store, template_for(ctx.store, cluster.attached[i], with_values=mode == "merged"))
           for i in pending_entries(ctx.store, cluster)]
    return 200, {"profiles": out}


def attachable(profile, cluster):
    """A profile of the cluster's project, or a tenant-/system-scoped one (those can be attached from a project)."""
    if profile.scope in ("tenant", "system"):
        return True
    return cluster.scope == "project" and profile.project_uid == cluster.project_uid


def _entries(ctx, cluster):
    """Validate the body's profiles list: each uid a published profile the cluster may use."""
    body = ctx.body or {}
    profiles = body.get("profiles")
    if not isinstance(profiles, list):
        raise bad_request("profiles is required (a list of {uid, packValues, replaceWithProfile})")
    out = []
    for i, entry in enumerate(profiles):
        uid = entry.get("uid")
        profile = ctx.store.profiles.get(uid or "")
        if profile is None or not attachable(profile, cluster):
            raise bad_request(f"profiles[{i}].uid '{uid}' is not a cluster profile in this cluster's scope", code="ResourceNotFound")
        if profile.published is None:
            raise bad_request(f"profiles[{i}].uid '{uid}': cluster profile '{profile.name}' is not published", code="ClusterProfileNotPublished")
        values = entry.get("packValues")
        if values is not None:
            names = {p["name"] for p in profile.published.get("packs") or []}
            # Overrides for packs the profile does not have are dropped (clients re-send all current values).
            values = [copy.deepcopy(v) for v in values if v.get("name") in names]
        variables = entry.get("variables")
        if variables is not None:
            check_variable_names(profile, variables, f"profiles[{i}].variables")
        out.append({"uid": uid, "packValues": values, "variables": copy.deepcopy(variables),
                    "replaceWithProfile": entry.get("replaceWithProfile") or None})
    return out


def _keep_overrides(new, old, config):
    """packValues are the cluster's own: an entry that does not send them keeps the replaced entry's. Variable values
    follow ``replaced_variables`` (the replaced entry's kept, or reset) and ``profile_patch_variables`` (the body's
    ``variables`` applied over them, or ignored)."""
    if new["packValues"] is None and old is not None:
        new["packValues"] = copy.deepcopy(old.get("packValues"))
    values = variable_values(old) if old is not None and config.replaced_variables == "kept" else {}
    if config.profile_patch_variables == "applied":
        values.update((v.get("name"), v.get("value") or "") for v in new["variables"] or [])
    return {"uid": new["uid"], "packValues": new["packValues"], "variables": [{"name": k, "value": v} for k, v in values.items()]}


def patch_cluster_profiles(ctx):
    """PATCH /v1/spectroclusters/{uid}/profiles: replace listed profiles (replaceWithProfile) or add them."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    # (entry, its attached template or None when the body names it and it must be re-read)
    pairs = list(zip(copy.deepcopy(cluster.attached), cluster.templates))
    for i, entry in enumerate(_entries(ctx, cluster)):
        rep = entry["replaceWithProfile"]
        if rep:
            idx = next((k for k, (a, _t) in enumerate(pairs) if a["uid"] == rep), None)
            if idx is None:
                raise bad_request(f"profiles[{i}].replaceWithProfile '{rep}' is not attached to cluster '{cluster.name}'")
            pairs[idx] = (_keep_overrides(entry, pairs[idx][0], ctx.emu.config), None)
        else:
            # Without replaceWithProfile the real API adds the profile, even if it is already attached (REF §6).
            pairs.append((_keep_overrides(entry, None, ctx.emu.config), None))
    return _attach(ctx, cluster, pairs)


def put_cluster_profiles(ctx):
    """PUT /v1/spectroclusters/{uid}/profiles: the listed profiles become the whole attached set."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    old = {a["uid"]: a for a in cluster.attached}
    return _attach(ctx, cluster, [(_keep_overrides(e, old.get(e["replaceWithProfile"] or e["uid"]), ctx.emu.config), None)
                                  for e in _entries(ctx, cluster)])


def delete_cluster_profiles(ctx):
    """DELETE /v1/spectroclusters/{uid}/profiles {profileUids}."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    uids = set((ctx.body or {}).get("profileUids") or [])
    if not uids:
        raise bad_request("profileUids is required")
    missing = uids - {a["uid"] for a in cluster.attached}
    if missing:
        raise bad_request(f"profile(s) {', '.join(sorted(missing))} are not attached to cluster '{cluster.name}'")
    return _attach(ctx, cluster, [(a, t) for a, t in zip(cluster.attached, cluster.templates) if a["uid"] not in uids], resolve=False)


def _attach(ctx, cluster, pairs, resolve=None):
    """Store the new attached set; its templates per ``patch_scope``; tell the agent (attach_content)."""
    emu = ctx.emu
    emu.store.set_attached(cluster, [entry for entry, _tmpl in pairs])
    every = emu.config.patch_scope == "all_attached"
    templates = [template_for(emu.store, entry) if every or tmpl is None else tmpl for entry, tmpl in pairs]
    action = (((ctx.body or {}).get("spcApplySettings") or {}).get("actionType")) or INSTALL_NOW
    attach_content(emu, cluster, templates, action)
    if resolve is None:
        resolve = ctx.query.get("resolveNotification", "").lower() == "true"
    cluster.notification = False if resolve else has_updates(emu.store, cluster)
    return 204, None


def spc_apply(ctx):
    """POST /v1/spectroclusters/{uid}/status/spcApply: "Set the CanBeApplied to true"; a waiting install starts (202)."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    cluster.spc_apply = dict(cluster.spc_apply, canBeApplied=True)
    release(ctx.emu, cluster, "trigger")
    return 202, None


def get_spc_apply(ctx):
    """GET /v1/spectroclusters/{uid}/status/spcApply."""
    return 200, dict(get_visible_cluster(ctx, ctx.match["uid"]).spc_apply)


def get_repave_status(ctx):
    """GET /v1/spectroclusters/{uid}/repave/status -> v1SpectroClusterRepave."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    repave = cluster.repave
    pending = repave["state"] == "Pending"
    status = {"state": repave["state"], "message": "waiting for the repave to be approved" if pending else ""}
    if repave.get("time"):
        status["repaveTransitionTime"] = repave["time"]
    return 200, {"metadata": {"name": cluster.name, "uid": cluster.uid},
                 "spec": {"reasons": copy.deepcopy(repave["reasons"]) if pending else [], "spectroClusterUid": cluster.uid},
                 "status": status}


def approve_repave(ctx):
    """PATCH /v1/spectroclusters/{uid}/repave/approve (204): a Pending repave becomes Approved; the install starts."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    if cluster.repave["state"] == "Pending":
        cluster.repave = {"state": "Approved", "reasons": cluster.repave["reasons"], "time": iso_ms(ctx.emu.clock.now())}
        release(ctx.emu, cluster, "repave")
    return 204, None


def cluster_summary(ctx):
    """GET /v1/dashboard/spectroclusters/{uid} (status.notifications.isAvailable = "Updates Available")."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    return 200, views.cluster_uid_summary(ctx.store, cluster, cluster.notification, pack_statuses(ctx.emu, cluster))


# -- cluster variables (REF §6: GET/PATCH /v1/spectroclusters/{uid}/variables) ---------------------------------
SENSITIVE_MASK = "********"     # what sensitive_variable_read: masked shows (the real mask is not documented)


def variable_values(entry):
    """``{name: value}`` of an attached entry's variables."""
    return {v.get("name"): v.get("value") or "" for v in (entry or {}).get("variables") or [] if isinstance(v, dict)}


def check_variable_names(profile, variables, where):
    """400 naming every variable the profile version does not declare (checked before anything is stored)."""
    declared = {v.get("name") for v in profile.variables or []}
    unknown = [str(v.get("name")) for v in variables if isinstance(v, dict) and v.get("name") not in declared]
    if unknown:
        raise bad_request(f"{where}: variable(s) {', '.join(unknown)} are not defined in cluster profile "
                          f"'{profile.name}' ({profile.uid}); it defines: {', '.join(sorted(declared)) or 'none'}")


def get_cluster_variables(ctx):
    """GET /v1/spectroclusters/{uid}/variables: per attached profile, the variables its version declares
    (``v1SpectroClusterVariableResponse``) with the cluster's ``value`` ("" when it set none); an ``isSensitive`` one
    masked per ``sensitive_variable_read``."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    masked = ctx.emu.config.sensitive_variable_read == "masked"
    out = []
    for entry in cluster.attached:
        profile = ctx.store.profiles.get(entry["uid"])
        if profile is None:
            continue
        values = variable_values(entry)
        items = []
        for declared in profile.variables or []:
            item = dict(copy.deepcopy(declared), value=values.get(declared.get("name")) or "")
            if masked and declared.get("isSensitive"):
                for key in ("value", "defaultValue"):
                    if item.get(key):
                        item[key] = SENSITIVE_MASK
            items.append(item)
        out.append({"profileUid": entry["uid"], "variables": items})
    return 200, out


def patch_cluster_variables(ctx):
    """PATCH /v1/spectroclusters/{uid}/variables (204): set the listed variables' values of each named attached
    profile; the others keep theirs. Everything is checked before anything is stored."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    # the body's shape ([v1SpectroClusterVariableUpdateEntity]) is checked against the spec by the middleware
    if ctx.body is None:
        raise bad_request("Request body does not match the API spec: (body): is required", code="InvalidRequest")
    updates = ctx.body
    for i, item in enumerate(updates):
        profile = ctx.store.profiles.get(item["profileUid"])
        if profile is None or not any(a["uid"] == item["profileUid"] for a in cluster.attached):
            raise bad_request(f"[{i}].profileUid '{item['profileUid']}' is not attached to cluster '{cluster.name}'")
        check_variable_names(profile, item.get("variables") or [], f"[{i}].variables")
    for item in updates:
        for entry in cluster.attached:
            if entry["uid"] == item["profileUid"]:
                values = variable_values(entry)
                values.update((v["name"], v.get("value") or "") for v in item.get("variables") or [])
                entry["variables"] = [{"name": k, "value": v} for k, v in values.items()]
    ctx.touch(cluster)
    return 204, None
