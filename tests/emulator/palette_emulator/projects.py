"""Projects: lookup by name (dashboard metadata / filter summary) and GET by uid (REF §3). Tenant-scoped."""

from palette_emulator.errors import ApiError, bad_request, not_found
from palette_emulator.pagination import paginate
from palette_emulator.profiles import match_filter_string


def _accessible(ctx):
    """Projects the caller may use; others are not listed (as for a project-scoped user in Palette)."""
    return [p for p in ctx.store.projects.values() if ctx.principal.may_use(p.uid)]


def projects_metadata(ctx):
    """GET /v1/dashboard/projects/metadata?name=: {items: [{metadata: {name, uid}}]}, unpaginated, exact name."""
    name = ctx.query.get("name")
    items = [{"metadata": {"name": p.name, "uid": p.uid}} for p in sorted(_accessible(ctx), key=lambda p: p.name)
             if not name or p.name == name]
    return 200, {"items": items}


def projects_summary(ctx):
    """POST /v1/dashboard/projects: v1ProjectsFilterSpec filter on name, sort, pagination."""
    body = ctx.body or {}
    cond = (body.get("filter") or {}).get("name")
    found = [p for p in _accessible(ctx) if match_filter_string(p.name, cond)]
    found.sort(key=lambda p: p.name)
    keys = {"name": lambda p: p.name, "creationTimestamp": lambda p: p.created, "lastModifiedTimestamp": lambda p: p.modified}
    for spec in reversed(body.get("sort") or []):
        field = spec.get("field") or "name"
        if field not in keys:
            raise bad_request(f"sort field '{field}' is not supported (use {', '.join(keys)})")
        found.sort(key=keys[field], reverse=spec.get("order") == "desc")
    page, listmeta = paginate(found, ctx.query)
    items = [{"metadata": _meta(p), "specSummary": {"logoUrl": "", "teams": [], "users": []},
              "status": {"status": {"isDisabled": False}}} for p in page]
    return 200, {"items": items, "listmeta": listmeta}


def _meta(project):
    return {"name": project.name, "uid": project.uid, "labels": dict(project.labels),
            "annotations": {"description": project.description, "scope": "tenant"},
            "creationTimestamp": project.created, "lastModifiedTimestamp": project.modified}


def get_project(ctx):
    """GET /v1/projects/{uid}."""
    uid = ctx.match["uid"]
    project = ctx.store.projects.get(uid)
    if project is None:
        raise not_found("Project", uid)
    if not ctx.principal.may_use(uid):
        raise ApiError(403, "Forbidden", f"Operation not allowed: no access to project '{uid}'")
    return 200, {"metadata": _meta(project), "spec": {"alerts": [], "logoUrl": "", "teams": [], "users": []},
                 "status": {"isDisabled": False}}
