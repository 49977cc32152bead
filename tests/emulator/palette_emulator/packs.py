"""Pack registries and the pack catalogue: turning a pack name + tag into a pack uid (REF §8).

A registry seeded with ``sync_supported: false`` is one Palette cannot sync (``status.packSyncStatus.isSyncSupported``
false). Terraform resolves no pack uid in such a registry and sends name + tag + registryUid (REF §8); what the
catalogue lists for it is not documented, so the emulator takes the reading that needs the most from a client:
nothing was synced, so ``GET /v1/packs/{packName}/registries/{registryUid}`` and ``GET /v1/packs`` do not know its
packs. A profile PUT still resolves them by name + tag + registryUid (profiles.py), and ``GET /v1/packs/{uid}``
answers for a pack uid that a profile references.
"""

from palette_emulator.errors import bad_request, not_found
from palette_emulator.pagination import paginate


def _registry_view(reg):
    """v1PackRegistry (auth is never echoed back)."""
    return {
        "apiVersion": "v1",
        "kind": "PackRegistry",
        "metadata": {"name": reg.name, "uid": reg.uid, "creationTimestamp": reg.created, "lastModifiedTimestamp": reg.created,
                     "annotations": {"scope": reg.scope}},
        "spec": {"name": reg.name, "endpoint": reg.endpoint, "auth": {"type": "noAuth"}, "private": reg.private,
                 "scope": reg.scope, "registryUid": reg.uid},
        "status": {"packSyncStatus": _sync_status(reg)},
    }


def is_synced(reg):
    """Whether Palette syncs this registry's packs into its catalogue (seed ``sync_supported``, default true)."""
    return getattr(reg, "sync_supported", True)


def _sync_status(reg):
    """v1RegistrySyncStatus of a registry."""
    if is_synced(reg):
        return {"isSyncSupported": True, "status": "Completed", "lastSyncedTime": reg.created}
    return {"isSyncSupported": False}


def list_registries(ctx):
    """GET /v1/registries/pack?scope=all|system|tenant (paginated)."""
    scope = ctx.query.get("scope") or "all"
    if scope not in ("all", "system", "tenant"):
        raise bad_request(f"scope '{scope}' must be all, system or tenant", code="InvalidParameter")
    regs = [r for r in ctx.store.registries.values() if r.kind == "spectro" and scope in ("all", r.scope)]
    regs.sort(key=lambda r: r.name)
    page, listmeta = paginate(regs, ctx.query)
    return 200, {"items": [_registry_view(r) for r in page], "listmeta": listmeta}


def _tag_entity(pack, states):
    """v1PackTagEntity for one pack in one registry."""
    del states  # every seeded tag is active; disabled/deprecated states are not modelled
    return {
        "name": pack.name,
        "displayName": pack.display_name or pack.name,
        "layer": pack.layer,
        "registryUid": pack.registry_uid,
        "cloudTypes": list(pack.cloud_types),
        "addonType": pack.addon_type,
        "tags": [{"tag": t.tag, "version": t.version, "packUid": t.uid, "group": t.group, "parentTags": list(t.parent_tags)}
                 for t in pack.tags],
        "packValues": [{"packUid": t.uid, "values": t.values, "readme": f"# {pack.display_name or pack.name} {t.version}\n"}
                       for t in pack.tags],
    }


def pack_in_registry(ctx):
    """GET /v1/packs/{packName}/registries/{registryUid} -> every tag with its pack uid."""
    name = ctx.match["packName"]
    registry = ctx.match["registryUid"]
    if registry not in ctx.store.registries:
        raise not_found("Registry", registry)
    # a registry Palette cannot sync has nothing in the catalogue (see the module docstring)
    pack = ctx.store.packs.get((name, registry)) if is_synced(ctx.store.registries[registry]) else None
    cloud = ctx.query.get("cloudType") or "all"
    if pack is None or (cloud != "all" and cloud not in pack.cloud_types and "all" not in pack.cloud_types):
        raise not_found("Pack", name)
    layer = ctx.query.get("layer")
    if layer and layer != pack.layer:
        raise not_found("Pack", name)
    return 200, _tag_entity(pack, ctx.query.get("states"))


def pack_by_uid(ctx):
    """GET /v1/packs/{uid} -> v1PackTagEntity of the pack that uid belongs to."""
    found = ctx.store.pack_by_uid.get(ctx.match["uid"])
    if found is None:
        raise not_found("Pack", ctx.match["uid"])
    return 200, _tag_entity(found[0], None)


def _parse_filters(text):
    """``spec.name=a ANDspec.version=b`` (REF §4: AND/OR spelled without spaces); only AND is supported."""
    if not text:
        return {}
    if "OR" in text.replace("ORDER", ""):
        raise bad_request("filters: only AND-joined terms are supported by the emulator", code="InvalidFilter")
    out = {}
    for term in text.split("AND"):
        if not term.strip():
            continue
        if "=" not in term:
            raise bad_request(f"filters: term '{term}' is not field=value", code="InvalidFilter")
        field, value = term.split("=", 1)
        out[field.strip()] = value.strip()
    return out


def list_packs(ctx):
    """GET /v1/packs?filters=spec.name=XANDspec.version=YANDspec.registryUid=Z -> v1PackSummaries (paginated)."""
    filters = _parse_filters(ctx.query.get("filters"))
    known = {"spec.name", "spec.version", "spec.tag", "spec.registryUid", "spec.layer", "metadata.uid"}
    unknown = set(filters) - known
    if unknown:
        raise bad_request(f"filters: unsupported field(s) {', '.join(sorted(unknown))} (supported: {', '.join(sorted(known))})",
                          code="InvalidFilter")
    rows = []
    synced = [p for p in ctx.store.packs.values() if is_synced(ctx.store.registries[p.registry_uid])]
    for pack in sorted(synced, key=lambda p: (p.name, p.registry_uid)):
        for tag in pack.tags:
            if filters.get("spec.name") not in (None, pack.name):
                continue
            if filters.get("spec.version") not in (None, tag.version, tag.tag) or filters.get("spec.tag") not in (None, tag.tag):
                continue
            if filters.get("spec.registryUid") not in (None, pack.registry_uid) or filters.get("spec.layer") not in (None, pack.layer):
                continue
            if filters.get("metadata.uid") not in (None, tag.uid):
                continue
            rows.append((pack, tag))
    page, listmeta = paginate(rows, ctx.query)
    items = [{"apiVersion": "v1", "kind": "Pack", "metadata": {"name": p.name, "uid": t.uid},
              "spec": {"name": p.name, "version": t.version, "layer": p.layer, "type": p.type, "registryUid": p.registry_uid,
                       "displayName": p.display_name or p.name, "cloudTypes": list(p.cloud_types), "values": t.values,
                       "addonType": p.addon_type},
              "status": {}} for p, t in page]
    return 200, {"items": items, "listmeta": listmeta}
