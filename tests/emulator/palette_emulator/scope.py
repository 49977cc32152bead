"""Scope: the ``ProjectUid`` header selects a project, no header means tenant scope (REF §3).

An object is visible only from its own scope; from anywhere else it looks exactly like a missing object
(404 ResourceNotFound), so a client that forgets the header fails loudly instead of reading the wrong thing.
"""

from palette_emulator.errors import ApiError


def request_project(emu, request, principal):
    """The project uid the request is scoped to (None = tenant); 403 if the caller may not use it."""
    project_uid = request.headers.get("ProjectUid")
    if not project_uid:
        return None
    if principal is not None and not principal.may_use(project_uid):
        raise ApiError(403, "Forbidden", f"Operation not allowed: no access to project '{project_uid}'")
    if project_uid not in emu.store.projects:
        raise ApiError(404, "ResourceNotFound", f"Project '{project_uid}' not found")
    return project_uid


def visible(obj, project_uid):
    """True when a profile/cluster belongs to the request's scope (tenant scope also holds system profiles)."""
    if project_uid is None:
        return obj.scope in ("tenant", "system")
    return obj.scope == "project" and obj.project_uid == project_uid
