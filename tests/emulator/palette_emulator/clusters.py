"""Clusters: what they run (snapshot), what they should run (attached profiles + overrides), and applying.

A cluster keeps its ``spec.clusterProfileTemplates`` snapshot when a profile changes (REF §6: it "stay[s] as it
is"); publishing raises ``status.notifications.isAvailable`` and ``/profileUpdates``. PUT/PATCH ``/profiles``
(or ``--auto-apply`` at publish time) starts an apply that takes ``apply_seconds`` on the emulator clock, during
which ``status.state`` is ``Updating``; then snapshot = published content + the cluster's own overrides.
"""

import copy
import hashlib
import json

from palette_emulator import views
from palette_emulator.errors import bad_request, not_found
from palette_emulator.scope import visible

APPLYING_STATE = "Updating"
RUNNING_STATE = "Running"


# -- service ----------------------------------------------------------------------------------------------
def merged_template(profile, overrides):
    """The template a cluster would run for ``profile``: published packs with the cluster's overrides applied."""
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


def target_snapshot(store, cluster):
    """What the cluster runs once its pending changes are applied."""
    out = []
    for entry in cluster.attached:
        profile = store.profiles.get(entry["uid"])
        if profile is not None:
            out.append(merged_template(profile, entry.get("packValues")))
    return out


def _fingerprint(snapshot):
    """Compare snapshots by content (uid, pack name/tag/uid/values/manifests), not by bookkeeping fields."""
    slim = [[t["uid"], [[p.get("name"), p.get("tag"), p.get("uid"), p.get("values"),
                         [[m.get("name"), m.get("content")] for m in p.get("manifests") or []]] for p in t["packs"]]]
            for t in snapshot]
    return hashlib.sha1(json.dumps(slim, sort_keys=True).encode()).hexdigest()


def has_updates(store, cluster):
    """True when published content (+ overrides) differs from what the cluster runs."""
    return _fingerprint(target_snapshot(store, cluster)) != _fingerprint(cluster.snapshot)


def profile_published(emu, profile):
    """After a publish: every cluster using this version gets a notification, or an apply with --auto-apply."""
    for cluster in emu.store.clusters_using(profile.uid):
        if not has_updates(emu.store, cluster):
            continue
        if emu.config.auto_apply:
            start_apply(emu, cluster, "DownloadAndInstall")
        else:
            cluster.notification = True
            cluster.modified = emu.clock.iso()


def start_apply(emu, cluster, action):
    """Begin moving the cluster to its target snapshot."""
    now = emu.clock.now()
    target = target_snapshot(emu.store, cluster)
    cluster.apply = {"started": now, "ends": now + emu.config.apply_seconds, "target": target, "action": action}
    cluster.state = APPLYING_STATE
    cluster.conditions = []
    cluster.spc_apply = {"actionType": action, "canBeApplied": True, "lastModifiedTime": emu.clock.iso(now),
                         "spcHash": _fingerprint(target)[:16]}
    cluster.modified = emu.clock.iso(now)
    emu.store.applying[cluster.uid] = cluster
    if emu.config.apply_seconds <= 0:
        finish_apply(emu, cluster, ok=True)


def finish_apply(emu, cluster, ok=True, message=""):
    """Complete (or fail) the apply in progress."""
    apply = cluster.apply
    if apply is None:
        return
    now = emu.clock.iso()
    if ok:
        cluster.snapshot = apply["target"]
        cluster.conditions = []
        cluster.spc_apply = dict(cluster.spc_apply, patchAppliedTime=now)
    else:
        cluster.conditions = [{"type": "ProfileApply", "status": "False", "reason": "ApplyFailed",
                               "message": message or "applying the cluster profile changes failed", "lastTransitionTime": now}]
    cluster.state = RUNNING_STATE
    cluster.apply = None
    cluster.modified = now
    emu.store.applying.pop(cluster.uid, None)


def settle(emu):
    """Finish every apply whose time has come (called before each request; cheap: only clusters applying)."""
    if not emu.store.applying:
        return
    now = emu.clock.now()
    for cluster in list(emu.store.applying.values()):
        if cluster.apply and now >= cluster.apply["ends"]:
            finish_apply(emu, cluster, ok=True)


# -- handlers ---------------------------------------------------------------------------------------------
def get_visible_cluster(ctx, uid):
    """The cluster if it exists in the request's scope, else 404."""
    cluster = ctx.store.clusters.get(uid)
    if cluster is None or not visible(cluster, ctx.project_uid):
        raise not_found("SpectroCluster", uid)
    return cluster


def get_cluster(ctx):
    """GET /v1/spectroclusters/{uid}."""
    return 200, views.cluster_view(ctx.store, get_visible_cluster(ctx, ctx.match["uid"]))


def get_cluster_profiles(ctx):
    """GET /v1/spectroclusters/{uid}/profiles: the running profiles (snapshot) as v1SpectroClusterProfileList."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    out = []
    for tmpl in cluster.snapshot:
        out.append({
            "metadata": {"name": tmpl["name"], "uid": tmpl["uid"]},
            "spec": {"cloudType": tmpl["cloudType"], "type": tmpl["type"], "version": tmpl.get("revision", 1),
                     "relatedObject": {"kind": "spectrocluster", "name": cluster.name, "uid": cluster.uid},
                     "packs": [{"metadata": {"name": p["name"], "uid": p.get("uid") or ""},
                                "spec": views.pack_summary_spec(ctx.store, p), "status": {}} for p in tmpl["packs"]]},
        })
    return 200, {"profiles": out}


def get_profile_updates(ctx):
    """GET /v1/spectroclusters/{uid}/profileUpdates: templates of attached profiles whose content is not running yet."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    running = {t["uid"]: _fingerprint([t]) for t in cluster.snapshot}
    out = []
    for tmpl in target_snapshot(ctx.store, cluster):
        if running.get(tmpl["uid"]) != _fingerprint([tmpl]):
            out.append(views.snapshot_template(ctx.store, tmpl))
    return 200, {"profiles": out}


def _entries(ctx, cluster):
    """Validate the body's profiles list: each uid a published profile visible to this cluster's scope."""
    body = ctx.body or {}
    profiles = body.get("profiles")
    if not isinstance(profiles, list):
        raise bad_request("profiles is required (a list of {uid, packValues, replaceWithProfile})")
    out = []
    for i, entry in enumerate(profiles):
        uid = entry.get("uid")
        profile = ctx.store.profiles.get(uid or "")
        if profile is None or not visible(profile, cluster.project_uid if cluster.scope == "project" else None):
            raise bad_request(f"profiles[{i}].uid '{uid}' is not a cluster profile in this cluster's scope", code="ResourceNotFound")
        if profile.published is None:
            raise bad_request(f"profiles[{i}].uid '{uid}': cluster profile '{profile.name}' is not published", code="ClusterProfileNotPublished")
        values = entry.get("packValues")
        if values is not None:
            names = {p["name"] for p in profile.published.get("packs") or []}
            # Overrides for packs the profile does not have are dropped (clients re-send all current values).
            values = [copy.deepcopy(v) for v in values if v.get("name") in names]
        out.append({"uid": uid, "packValues": values, "variables": copy.deepcopy(entry.get("variables") or []),
                    "replaceWithProfile": entry.get("replaceWithProfile") or None})
    return out


def _keep_overrides(new, old):
    """packValues are the cluster's own: an entry that does not send them keeps the replaced entry's."""
    if new["packValues"] is None and old is not None:
        new["packValues"] = copy.deepcopy(old.get("packValues"))
    return {"uid": new["uid"], "packValues": new["packValues"], "variables": new["variables"]}


def patch_cluster_profiles(ctx):
    """PATCH /v1/spectroclusters/{uid}/profiles: replace listed profiles (replaceWithProfile) or add them."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    attached = copy.deepcopy(cluster.attached)
    for i, entry in enumerate(_entries(ctx, cluster)):
        rep = entry["replaceWithProfile"]
        if rep:
            idx = next((k for k, a in enumerate(attached) if a["uid"] == rep), None)
            if idx is None:
                raise bad_request(f"profiles[{i}].replaceWithProfile '{rep}' is not attached to cluster '{cluster.name}'")
            attached[idx] = _keep_overrides(entry, attached[idx])
        else:
            # Without replaceWithProfile the real API adds the profile, even if it is already attached (REF §6).
            attached.append(_keep_overrides(entry, None))
    return _attach(ctx, cluster, attached)


def put_cluster_profiles(ctx):
    """PUT /v1/spectroclusters/{uid}/profiles: the listed profiles become the whole attached set."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    old = {a["uid"]: a for a in cluster.attached}
    attached = [_keep_overrides(e, old.get(e["replaceWithProfile"] or e["uid"])) for e in _entries(ctx, cluster)]
    return _attach(ctx, cluster, attached)


def delete_cluster_profiles(ctx):
    """DELETE /v1/spectroclusters/{uid}/profiles {profileUids}."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    uids = set((ctx.body or {}).get("profileUids") or [])
    if not uids:
        raise bad_request("profileUids is required")
    missing = uids - {a["uid"] for a in cluster.attached}
    if missing:
        raise bad_request(f"profile(s) {', '.join(sorted(missing))} are not attached to cluster '{cluster.name}'")
    attached = [a for a in cluster.attached if a["uid"] not in uids]
    return _attach(ctx, cluster, attached, resolve=False)


def _attach(ctx, cluster, attached, resolve=None):
    emu = ctx.emu
    emu.store.set_attached(cluster, attached)
    if resolve is None:
        resolve = ctx.query.get("resolveNotification", "").lower() == "true"
    if resolve:
        cluster.notification = False
    action = (((ctx.body or {}).get("spcApplySettings") or {}).get("actionType")) or "DownloadAndInstall"
    if action == "DownloadAndInstallLater":
        # Download now, install when someone POSTs /status/spcApply (REF §6).
        cluster.spc_apply = {"actionType": action, "canBeApplied": False, "lastModifiedTime": emu.clock.iso()}
        cluster.modified = emu.clock.iso()
    else:
        start_apply(emu, cluster, action)
    return 204, None


def spc_apply(ctx):
    """POST /v1/spectroclusters/{uid}/status/spcApply: let a DownloadAndInstallLater change install now (202)."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    if cluster.apply is None:
        start_apply(ctx.emu, cluster, cluster.spc_apply.get("actionType") or "DownloadAndInstall")
    return 202, None


def get_spc_apply(ctx):
    """GET /v1/spectroclusters/{uid}/status/spcApply."""
    return 200, dict(get_visible_cluster(ctx, ctx.match["uid"]).spc_apply)


def cluster_summary(ctx):
    """GET /v1/dashboard/spectroclusters/{uid} (status.notifications.isAvailable = "Updates Available")."""
    cluster = get_visible_cluster(ctx, ctx.match["uid"])
    return 200, views.cluster_uid_summary(ctx.store, cluster, cluster.notification)
