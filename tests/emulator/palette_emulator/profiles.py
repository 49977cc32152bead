"""Cluster profiles: GET/PUT/DELETE, publish, metadata, create, clone, dashboard lists, pack sub-resources.

Semantics (REF §5): each version is its own uid; GET shows ``spec.published``/``spec.draft`` with ``packUid``;
PUT takes ``spec.template.packs`` with ``uid``, overwrites the whole pack list, lands in the draft (a copy of
published when there is none) and answers 204; publish promotes the draft, nulls it and raises a pending update
on every cluster using that version.
"""

import copy
import re

from palette_emulator import clusters as cluster_service
from palette_emulator import views
from palette_emulator.errors import ApiError, bad_request, conflict, not_found
from palette_emulator.ids import new_uid
from palette_emulator.pagination import paginate
from palette_emulator.scope import visible
from palette_emulator.seed import MANIFEST_PACK_UID, PACK_LAYERS
from palette_emulator.store import Profile, version_key

# Fields of v1PackManifestUpdateEntity / v1PackManifestEntity: what a stored pack keeps from a request.
PACK_FIELDS = ("name", "uid", "tag", "type", "layer", "registryUid", "values", "manifests")


def get_visible_profile(ctx, uid):
    """The profile if it exists in the request's scope, else 404 (other scopes look like missing objects).

    With ``tenant_profiles_in_project: visible`` a GET from a project also reads tenant-/system-scoped profiles.
    """
    profile = ctx.store.profiles.get(uid)
    if profile is not None and not visible(profile, ctx.project_uid):
        readable = (ctx.request.method == "GET" and profile.scope in ("tenant", "system")
                    and ctx.emu.config.tenant_profiles_in_project == "visible")
        if not readable:
            profile = None
    if profile is None:
        raise not_found("ClusterProfile", uid)
    return profile


def working_template(profile):
    """The draft if there is one, else the published template (what an editor sees)."""
    return profile.draft if profile.draft is not None else profile.published


# -- building stored packs from request entities -------------------------------------------------------
def build_packs(ctx, entities, previous, where="spec.template.packs"):
    """Stored packs from v1PackManifest(Update)Entity items, checked against the pack catalogue.

    ``previous`` is the template being replaced; manifests are matched to it by uid or name so their uids stay
    stable; content that is not re-sent is kept or blanked (``manifest_without_content``).
    """
    keep = ctx.emu.config.manifest_without_content == "kept"
    if not isinstance(entities, list):
        raise bad_request(f"{where} must be a list of packs")
    old_packs = {p["name"]: p for p in (previous or {}).get("packs") or []}
    packs, seen = [], set()
    for i, entity in enumerate(entities):
        name = entity.get("name")
        if not name:
            raise bad_request(f"{where}[{i}].name is required")
        if name in seen:
            raise bad_request(f"{where}[{i}]: pack '{name}' is listed twice; pack names must be unique in a profile",
                              code="DuplicatePack")
        seen.add(name)
        pack = {k: copy.deepcopy(entity[k]) for k in PACK_FIELDS if k in entity and entity[k] is not None}
        _resolve_pack_uid(ctx, pack, f"{where}[{i}]")
        if pack.get("layer") and pack["layer"] not in PACK_LAYERS:
            raise bad_request(f"{where}[{i}].layer '{pack['layer']}' must be one of {', '.join(PACK_LAYERS)}")
        pack["manifests"] = _merge_manifests(pack.get("manifests") or [], old_packs.get(name), f"{where}[{i}]", keep)
        packs.append(pack)
    return packs


def _resolve_pack_uid(ctx, pack, where):
    """Check (or fill in) the pack uid against the catalogue; a uid for a different tag is a client bug."""
    store = ctx.store
    if pack.get("type") == "manifest" or pack.get("uid") == MANIFEST_PACK_UID:
        pack.setdefault("uid", MANIFEST_PACK_UID)
        return
    uid = pack.get("uid")
    if uid:
        found = store.pack_by_uid.get(uid)
        if found is None:
            raise bad_request(f"{where}: pack '{pack['name']}' uid '{uid}' is not a known pack", code="PackNotFound")
        cat, tag = found
        if cat.name != pack["name"]:
            raise bad_request(f"{where}: pack uid '{uid}' belongs to pack '{cat.name}', not '{pack['name']}'", code="InvalidPack")
        if pack.get("tag") and pack["tag"] not in (tag.tag, tag.version):
            raise bad_request(f"{where}: pack '{pack['name']}' uid '{uid}' is tag {tag.tag}, not {pack['tag']}", code="InvalidPack")
        pack.setdefault("tag", tag.tag)
        return
    if not pack.get("tag"):
        raise bad_request(f"{where}: pack '{pack['name']}' needs a uid or a tag", code="InvalidPack")
    cat, tag = store.lookup_pack_tag(pack["name"], pack["tag"], pack.get("registryUid") or None)
    if tag is None:
        raise bad_request(f"{where}: pack '{pack['name']}' tag '{pack['tag']}' not found in the registry", code="PackNotFound")
    pack["uid"] = tag.uid
    pack.setdefault("registryUid", cat.registry_uid)


def _merge_manifests(given, old_pack, where, keep):
    old = (old_pack or {}).get("manifests") or []
    out = []
    for k, man in enumerate(given):
        if not isinstance(man, dict) or not man.get("name"):
            raise bad_request(f"{where}.manifests[{k}].name is required")
        match = next((m for m in old if man.get("uid") and m.get("uid") == man["uid"]), None) or \
            next((m for m in old if m.get("name") == man["name"]), None)
        content = man.get("content")
        if content is None:
            content = match.get("content", "") if match and keep else ""
        out.append({"name": man["name"], "uid": man.get("uid") or (match or {}).get("uid") or new_uid(), "content": content})
    return out


# -- profile variables ---------------------------------------------------------------------------------------
# A pack references a profile variable as {{.spectro.var.NAME}} (Palette docs, "Create Cluster Profile Variables"; the
# spec and REF do not give the syntax), possibly in a sprig pipeline or a trimmed action ({{- ... -}}).
_ACTION = re.compile(r"\{\{(.*?)\}\}", re.S)
_VARIABLE = re.compile(r"(?<![\w.])\.spectro\.var\.([A-Za-z_][A-Za-z0-9_]*)")


def check_pack_variables(packs, variables, where="spec.template.packs"):
    """400 ``PackVariablesUndefined`` when a pack's values or a manifest's content reference a variable that
    ``variables`` (v1Variable list) does not define: REF §5 says Palette validates a PUT's pack references against the
    profile's variables, and a create's against its ``spec.variables``. The stored result is checked, so manifest
    content kept from before (``manifest_without_content: kept``) counts too. Error shape: v1Error."""
    defined = {v.get("name") for v in variables or [] if isinstance(v, dict)}
    missing = []
    for pack in packs:
        texts = [("values", pack.get("values") or "")]
        texts += [(f"manifest {m['name']}", m.get("content") or "") for m in pack.get("manifests") or []]
        for place, text in texts:
            for action in _ACTION.finditer(text):
                for name in _VARIABLE.findall(action.group(1)):
                    if name not in defined and (pack["name"], place, name) not in missing:
                        missing.append((pack["name"], place, name))
    if missing:
        refs = "; ".join(f"pack '{p}' {place}: {{{{.spectro.var.{n}}}}}" for p, place, n in missing)
        raise bad_request(f"{where}: pack variables are not defined in the cluster profile: {refs}",
                          code="PackVariablesUndefined",
                          details={"undefined": [{"pack": p, "in": place, "variable": n} for p, place, n in missing]})


# -- handlers ---------------------------------------------------------------------------------------------
def template_users(store, profile):
    """The cluster templates that use a profile version (``status.inUseClusterTemplates``).

    The emulator keeps no cluster templates of its own: a template is known from the clusters built from it
    (``cluster_template`` in a seed), and it references the profile versions those clusters were given, including
    clusters deleted since (the template outlives them). So a version only a deleted cluster of a template had is
    used by that template and by no cluster.
    """
    found = {}
    for cluster_uid in sorted(store.profile_users.get(profile.uid, ())):
        cluster = store.clusters.get(cluster_uid)
        ref = cluster.cluster_template if cluster is not None else None
        if ref and ref["uid"] not in found:
            found[ref["uid"]] = {"kind": "clustertemplate", "name": f"template-{ref['uid'][-6:]}", "uid": ref["uid"],
                                 "projectUid": ref.get("projectUid") or cluster.project_uid or ""}
    return [found[uid] for uid in sorted(found)]


# The usage lists of a profile's status; ``profile_usage_lists: omitted_when_empty`` leaves an empty one out.
USAGE_LISTS = ("inUseClusters", "inUseClusterUids", "inUseClusterTemplates")


def _with_template_users(ctx, profile, answer, summary=False):
    """``answer`` (a v1ClusterProfile or a summary) with its ``status.inUseClusterTemplates`` filled in, and its empty
    usage lists left out under ``profile_usage_lists: omitted_when_empty`` (REF §5: not documented)."""
    refs = template_users(ctx.store, profile)
    status = answer["status"]
    status["inUseClusterTemplates"] = [{"name": r["name"], "uid": r["uid"]} for r in refs] if summary else refs
    if ctx.emu.config.profile_usage_lists == "omitted_when_empty":
        for field in USAGE_LISTS:
            if not status.get(field):
                status.pop(field, None)
    return answer


def get_profile(ctx):
    """GET /v1/clusterprofiles/{uid}."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    return 200, _with_template_users(ctx, profile, views.profile_view(ctx.store, profile))


def update_profile(ctx):
    """PUT /v1/clusterprofiles/{uid}: full overwrite of the pack list.

    Where it lands follows ``profile_put``: ``in_place`` edits a published profile's ``spec.published`` (clusters
    using it see "Updates Available"); ``draft`` writes ``spec.draft`` (a copy of published when there is none).
    A never-published profile is edited in its draft under both.
    """
    profile = get_visible_profile(ctx, ctx.match["uid"])
    body = ctx.body or {}
    spec = body.get("spec") or {}
    template = spec.get("template")
    if not isinstance(template, dict) or template.get("packs") is None:
        raise bad_request("spec.template.packs is required: PUT replaces the whole pack list")
    in_place = profile.published is not None and ctx.emu.config.profile_put == "in_place"
    base = profile.published if in_place else working_template(profile)
    packs = build_packs(ctx, template["packs"], base)
    check_pack_variables(packs, profile.variables)
    version = spec.get("version")
    if version and version != profile.version:
        _check_version(version)
        if ctx.store.find_profile(profile.name, version, profile.scope, profile.project_uid):
            raise conflict(f"Cluster profile '{profile.name}' version '{version}' already exists", "ClusterProfileAlreadyExists")
        profile.version = version
    _apply_metadata(profile, body.get("metadata") or {}, rename=False, replace=True)
    new = {"type": template.get("type") or (base or {}).get("type") or profile.type,
           "cloudType": (base or {}).get("cloudType") or profile.cloud_type, "packs": packs}
    ctx.touch(profile)
    if in_place:
        set_published(ctx.emu, profile, new)
    else:
        profile.draft = new
    return 204, None


def set_published(emu, profile, template):
    """New published content (publish, or an in-place edit): bump the revision and tell the clusters using it."""
    profile.published = template
    profile.revision += 1
    cluster_service.profile_published(emu, profile)


def delete_profile(ctx):
    """DELETE /v1/clusterprofiles/{uid}.

    A version still attached to clusters (or cluster templates) follows ``profile_delete_in_use`` (REF §5: not documented): ``deletes``
    removes it anyway (the clusters keep their attached copy, ``spec.clusterProfileTemplates``, and an attachment
    to a uid that no longer exists); ``refused`` answers 409 ``ResourceInUse`` naming them.
    """
    profile = get_visible_profile(ctx, ctx.match["uid"])
    users = [c.name for c in ctx.store.clusters_using(profile.uid)] + [t["name"] for t in template_users(ctx.store, profile)]
    if users and ctx.emu.config.profile_delete_in_use == "refused":
        names = ", ".join(users[:5])
        raise conflict(f"Cluster profile '{profile.name}' version '{profile.version}' is in use by clusters: {names}", "ResourceInUse")
    del ctx.store.profiles[profile.uid]
    return 204, None


def publish_profile(ctx):
    """PATCH /v1/clusterprofiles/{uid}/publish: draft -> published, draft -> null, clusters get an update."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    if profile.draft is None:
        return 204, None   # nothing to publish; Palette documents no error for this
    draft = profile.draft
    profile.draft = None
    ctx.touch(profile)
    set_published(ctx.emu, profile, draft)
    return 204, None


def patch_metadata(ctx):
    """PATCH /v1/clusterprofiles/{uid}/metadata: name, labels (tags), description, version."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    body = ctx.body or {}
    meta = body.get("metadata") or {}
    version = (body.get("spec") or {}).get("version")
    name = meta.get("name") or profile.name
    if (version and version != profile.version) or name != profile.name:
        version = version or profile.version
        _check_version(version)
        other = ctx.store.find_profile(name, version, profile.scope, profile.project_uid)
        if other is not None and other is not profile:
            raise conflict(f"Cluster profile '{name}' version '{version}' already exists", "ClusterProfileAlreadyExists")
        profile.version = version
    _apply_metadata(profile, meta, rename=True)
    ctx.touch(profile)
    return 204, None


# Annotations the emulator derives from where a profile lives; a client echoing them back must not override them.
_DERIVED_ANNOTATIONS = ("scope", "projectUid", "tenantUid")


def _apply_metadata(profile, meta, rename, replace=False):
    """Labels (tags) and annotations (description, ...) from a request's metadata.

    PUT (``replace``) overwrites the annotations it sends; PATCH /metadata merges them.
    """
    if rename and meta.get("name"):
        profile.name = meta["name"]
    if meta.get("labels") is not None:
        profile.labels = {str(k): str(v) for k, v in meta["labels"].items()}
    annotations = meta.get("annotations")
    if annotations is not None:
        given = {str(k): str(v) for k, v in annotations.items() if k not in _DERIVED_ANNOTATIONS and v is not None}
        profile.annotations = given if replace else dict(profile.annotations, **given)


def _check_version(version):
    """Versions are semver major.minor.patch with an optional pre-release (REF §5, version-cluster-profile.md)."""
    main, _sep, pre = version.partition("-")
    parts = main.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or (pre == "" and version.endswith("-")):
        raise bad_request(f"Invalid version '{version}': use semantic versioning such as 1.2.3 or 1.2.3-rc.1", code="InvalidVersion")


def create_profile(ctx):
    """POST /v1/clusterprofiles (?publish=true creates it published)."""
    body = ctx.body or {}
    meta = body.get("metadata") or {}
    spec = body.get("spec") or {}
    name = meta.get("name")
    if not name:
        raise bad_request("metadata.name is required")
    version = spec.get("version") or "1.0.0"
    _check_version(version)
    scope = "project" if ctx.project_uid else "tenant"
    if ctx.store.find_profile(name, version, scope, ctx.project_uid):
        raise conflict(f"Cluster profile '{name}' version '{version}' already exists", "ClusterProfileAlreadyExists")
    template = spec.get("template") or {}
    ptype = template.get("type") or "add-on"
    packs = build_packs(ctx, template.get("packs") or [], None)
    check_pack_variables(packs, spec.get("variables"))
    profile = Profile(uid=new_uid(), name=name, version=version, type=ptype, cloud_type=template.get("cloudType") or "all",
                      scope=scope, project_uid=ctx.project_uid, created=ctx.now_iso(), modified=ctx.now_iso(),
                      variables=copy.deepcopy(spec.get("variables") or []))
    _apply_metadata(profile, meta, rename=False)
    tmpl = {"type": ptype, "cloudType": profile.cloud_type, "packs": packs}
    if ctx.query.get("publish", "").lower() == "true":
        profile.published = tmpl
    else:
        profile.draft = tmpl
    ctx.store.profiles[profile.uid] = profile
    ctx.touch(profile)
    return 201, {"uid": profile.uid}


def clone_profile(ctx):
    """POST /v1/clusterprofiles/{uid}/clone: a new uid (new version when the name is the same)."""
    source = get_visible_profile(ctx, ctx.match["uid"])
    meta = (ctx.body or {}).get("metadata") or {}
    name = meta.get("name")
    if not name:
        raise bad_request("metadata.name is required")
    version = meta.get("version") or source.version
    _check_version(version)
    target = meta.get("target") or {}
    scope = target.get("scope") or source.scope
    project_uid = None
    if scope == "project":
        project_uid = target.get("projectUid") or ctx.project_uid or source.project_uid
        if project_uid not in ctx.store.projects:
            raise not_found("Project", project_uid)
        if not ctx.principal.may_use(project_uid):
            raise ApiError(403, "Forbidden", f"Operation not allowed: no access to project '{project_uid}'")
    elif scope != "tenant":
        raise bad_request(f"metadata.target.scope '{scope}' is not supported here (use project or tenant)")
    if ctx.store.find_profile(name, version, scope, project_uid):
        raise conflict(f"Cluster profile '{name}' version '{version}' already exists", "ClusterProfileAlreadyExists")
    clone = Profile(uid=new_uid(), name=name, version=version, type=source.type, cloud_type=source.cloud_type, scope=scope,
                    project_uid=project_uid, labels=dict(source.labels), annotations=dict(source.annotations),
                    published=copy.deepcopy(source.published), draft=copy.deepcopy(source.draft),
                    variables=copy.deepcopy(source.variables), created=ctx.now_iso(), modified=ctx.now_iso())
    ctx.store.profiles[clone.uid] = clone
    ctx.touch(clone)
    return 201, {"uid": clone.uid}


def profiles_metadata(ctx):
    """GET /v1/dashboard/clusterprofiles/metadata: one item per version in scope, unpaginated."""
    items = [{"metadata": {"name": p.name, "uid": p.uid}, "spec": {"cloudType": p.cloud_type, "version": p.version}}
             for p in _in_scope(ctx)]
    items.sort(key=lambda i: (i["metadata"]["name"], version_key(i["spec"]["version"])))
    return 200, {"items": items}


def _in_scope(ctx):
    return [p for p in ctx.store.profiles.values() if visible(p, ctx.project_uid)]


def profiles_summary(ctx):
    """POST /v1/dashboard/clusterprofiles: filter, sort, paginate (v1ClusterProfilesFilterSpec)."""
    body = ctx.body or {}
    flt = body.get("filter") or {}
    found = [p for p in _in_scope(ctx) if _profile_matches(p, flt, ctx.project_uid)]
    sorts = body.get("sort") or [{"field": "profileName", "order": "asc"}]
    for spec in reversed(sorts):
        field = spec.get("field") or "profileName"
        keyfn = _PROFILE_SORT.get(field)
        if keyfn is None:
            raise bad_request(f"sort field '{field}' is not supported (use {', '.join(_PROFILE_SORT)})")
        found.sort(key=keyfn, reverse=spec.get("order") == "desc")
    page, listmeta = paginate(found, ctx.query)
    return 200, {"items": [_with_template_users(ctx, p, views.profile_summary(ctx.store, p), summary=True) for p in page],
                 "listmeta": listmeta}


_PROFILE_SORT = {
    "profileName": lambda p: (p.name, version_key(p.version)),
    "environment": lambda p: p.cloud_type,
    "profileType": lambda p: p.type,
    "creationTimestamp": lambda p: p.created,
    "lastModifiedTimestamp": lambda p: p.modified,
}


def match_filter_string(value, cond):
    """v1FilterString: eq / ne / contains / beginsWith, ignoreCase defaults to true."""
    if not cond:
        return True
    ignore = cond.get("ignoreCase", True)
    val = value.lower() if ignore else value

    def norm(text):
        return text.lower() if ignore else text
    if cond.get("eq") is not None and val != norm(cond["eq"]):
        return False
    if cond.get("ne") is not None and val == norm(cond["ne"]):
        return False
    if cond.get("contains") is not None and norm(cond["contains"]) not in val:
        return False
    if cond.get("beginsWith") is not None and not val.startswith(norm(cond["beginsWith"])):
        return False
    return True


def _profile_matches(profile, flt, _project_uid):
    if not match_filter_string(profile.name, flt.get("profileName")):
        return False
    ver = flt.get("version") or {}
    if ver.get("eq") is not None and profile.version != ver["eq"]:
        return False
    if ver.get("ne") is not None and profile.version == ver["ne"]:
        return False
    if ver.get("gt") is not None and version_key(profile.version) <= version_key(ver["gt"]):
        return False
    if ver.get("lt") is not None and version_key(profile.version) >= version_key(ver["lt"]):
        return False
    if ver.get("beginsWith") is not None and not profile.version.startswith(ver["beginsWith"]):
        return False
    if flt.get("profileType") and profile.type not in flt["profileType"]:
        return False
    if flt.get("environment") and profile.cloud_type not in flt["environment"]:
        return False
    if flt.get("scope") and profile.scope != flt["scope"]:
        return False
    tags = flt.get("tags") or {}
    if tags:
        ignore = tags.get("ignoreCase", True)
        labels = [(f"{k}:{v}" if v != "spectro__tag" else k) for k, v in profile.labels.items()]
        labels = [t.lower() for t in labels] if ignore else labels

        def norm(text):
            return text.lower() if ignore else text
        if tags.get("eq") and not all(norm(t) in labels for t in tags["eq"]):
            return False
        if tags.get("ne") and any(norm(t) in labels for t in tags["ne"]):
            return False
        if tags.get("beginsWith") and not any(lab.startswith(norm(t)) for t in tags["beginsWith"] for lab in labels):
            return False
    return True


def profile_summary(ctx):
    """GET /v1/dashboard/clusterprofiles/{uid}."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    return 200, _with_template_users(ctx, profile, views.profile_summary(ctx.store, profile), summary=True)


def list_packs(ctx):
    """GET /v1/clusterprofiles/{uid}/packs: the working template's packs (draft if any, else published)."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    tmpl = working_template(profile) or {}
    return 200, {"items": [views.pack_entity(ctx.store, p, profile, profile.modified) for p in tmpl.get("packs") or []]}


def _find_pack(ctx, profile):
    name = ctx.match["packName"]
    tmpl = working_template(profile) or {}
    for pack in tmpl.get("packs") or []:
        if pack["name"] == name:
            return pack
    raise not_found("Pack", name)


def get_pack(ctx):
    """GET /v1/clusterprofiles/{uid}/packs/{packName} -> v1PackRefSummaryResponse."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    pack = _find_pack(ctx, profile)
    registry = ctx.store.registries.get(pack.get("registryUid") or "")
    reg = {"uid": registry.uid, "name": registry.name, "kind": registry.kind, "scope": registry.scope,
           "isDefault": registry.name == "Public Repo", "isPrivate": registry.private} if registry else {}
    return 200, {"metadata": {"name": pack["name"], "uid": pack.get("uid") or ""},
                 "spec": {"pack": views.pack_summary_spec(ctx.store, pack), "registry": reg, "macros": {"resolved": {}}}}


def get_pack_manifests(ctx):
    """GET /v1/clusterprofiles/{uid}/packs/{packName}/manifests -> v1ManifestEntities (with content)."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    name = ctx.match["packName"]
    by_uid = {}
    for key, tmpl in (("published", profile.published), ("draft", profile.draft)):
        for pack in (tmpl or {}).get("packs") or []:
            if pack["name"] != name:
                continue
            for man in pack.get("manifests") or []:
                entry = by_uid.setdefault(man["uid"], {"metadata": {"name": man["name"], "uid": man["uid"]}, "spec": {}})
                entry["spec"][key] = {"content": man.get("content", ""), "digest": views._digest(man.get("content", ""))}  # pylint: disable=protected-access
    if not by_uid and not any(p["name"] == name for t in (profile.published, profile.draft) for p in (t or {}).get("packs") or []):
        raise not_found("Pack", name)
    return 200, {"items": list(by_uid.values())}


def get_packs_manifests(ctx):
    """GET /v1/clusterprofiles/{uid}/packs/manifests -> v1ClusterProfilePacksManifests."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    tmpl = working_template(profile) or {}
    packs = [{"metadata": {"name": p["name"], "uid": p.get("uid") or ""}, "spec": views.pack_manifests_spec(ctx.store, p), "status": {}}
             for p in tmpl.get("packs") or []]
    return 200, {"metadata": {"name": profile.name, "uid": profile.uid}, "spec": {"packs": packs}}


def get_variables(ctx):
    """GET /v1/clusterprofiles/{uid}/variables."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    return 200, {"variables": copy.deepcopy(profile.variables)}


def put_variables(ctx):
    """PUT /v1/clusterprofiles/{uid}/variables: replace the variable definitions."""
    profile = get_visible_profile(ctx, ctx.match["uid"])
    profile.variables = copy.deepcopy((ctx.body or {}).get("variables") or [])
    ctx.touch(profile)
    return 204, None
