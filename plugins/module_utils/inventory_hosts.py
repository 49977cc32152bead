# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fleet listing for the inventory plugin (and anyone else who needs many clusters at once).

* :func:`build_search_filter` turns the plugin's filters into the body of
  ``POST /v1/dashboard/spectroclusters/search`` (REFERENCE.md section 4), so that the server leaves out
  what it can and fewer pages come back;
* :func:`matches_filters` applies the same filters on the client (always: a pushed-down filter is only an
  optimisation, the client check is the truth);
* :func:`flatten_summary` turns one ``v1SpectroClusterSummary`` into a flat record (no secrets: pack
  ``values`` are never copied);
* :func:`merge_details` fills a record's profiles from ``GET /v1/spectroclusters/{uid}`` when the summary
  did not carry them;
* :func:`assign_host_names` gives every record a unique, deterministic inventory host name;
* :func:`compact_records` and :func:`expand_records` turn the records into what the inventory cache holds and back;
* :func:`group_names` lists the built-in groups of a record.

Pure functions over plain data, no I/O: the caller owns the client. Compiles on Python 3.8+.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import json
import re

# One search grammar and one tag matcher for the collection (modules, inventory, profile service).
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_search import (  # noqa: F401  pylint: disable=unused-import
    BARE_TAG_VALUE,
    SEARCH_PATH,
    VIRTUAL_ENVIRONMENT,
    label_value as _label_value,
    labels_match,
    name_pattern_condition,
    parse_tag,
    search_filter,
    tag_string,
    tag_strings,
    unique,
)

PROJECTS_METADATA_PATH = "/v1/dashboard/projects/metadata"
PROFILES_METADATA_PATH = "/v1/dashboard/clusterprofiles/metadata"
CLUSTER_PATH = "/v1/spectroclusters/%s"
PROFILE_PATH = "/v1/clusterprofiles/%s"
PAGE_LIMIT = 50  # REFERENCE.md section 4: "Default and maximum value of the limit is 50"

DELETED_STATE = "Deleted"
# States in which a cluster is moving to new profile content: what it runs may be neither old nor new.
TRANSITION_STATES = ("Updating", "Upgrading")

_UNSAFE_GROUP_CHARS = re.compile(r"[^a-z0-9_]")
_UNSAFE_HOST_CHARS = re.compile(r"[^A-Za-z0-9_.-]")


# -- search body ---------------------------------------------------------------------------------------
def build_search_filter(name_patterns=None, states=None, tags=None, include_deleted=False,
                        include_virtual=False):
    """The body of a cluster search that pre-filters on the server, and what it pushed (for logs and tests):
    :func:`cluster_search.search_filter <ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_search.search_filter>`
    (a bare tag is searched as ``key:spectro__tag`` or ``key``; the hits are checked by :func:`matches_filters`)."""
    return search_filter(name_patterns=name_patterns, states=states, tags=tags, include_deleted=include_deleted,
                         include_virtual=include_virtual)


# -- client-side filters -------------------------------------------------------------------------------
def matches_filters(record, name_patterns=None, states=None, tags=None, include_deleted=False,
                    include_virtual=False):
    """True when a flattened record passes every filter (case-sensitive globs, exact states and tags)."""
    if not include_deleted and record.get("deleted"):
        return False
    if not include_virtual and record.get("virtual"):
        return False
    patterns = [p for p in (name_patterns or []) if p]
    if patterns and not any(fnmatch.fnmatchcase(record.get("name") or "", p) for p in patterns):
        return False
    state_values = [s for s in (states or []) if s]
    if state_values and record.get("state") not in state_values:
        return False
    return labels_match(record.get("labels"), tags)


# -- flattening ----------------------------------------------------------------------------------------
def flatten_pack(pack):
    """The identity of a pack (no ``values``: they may hold secrets and are not needed to target hosts)."""
    pack = pack or {}
    return {
        "name": pack.get("name"),
        "tag": pack.get("tag") or None,
        "version": pack.get("version") or None,
        "type": pack.get("type") or None,
        "layer": pack.get("layer") or None,
    }


def _templates(spec):
    spec = spec or {}
    templates = spec.get("clusterProfileTemplates")
    if templates is None and spec.get("clusterProfileTemplate"):
        templates = [spec["clusterProfileTemplate"]]
    return [t for t in templates or [] if isinstance(t, dict)]


def flatten_profile(template, versions=None):
    """One entry of ``palette_profiles`` from a template of a summary (``v1ClusterProfileTemplateMeta``) or
    of a cluster (``v1ClusterProfileTemplate``).

    The version is the profile's semantic version: ``profileVersion`` when the template has it (cluster
    GET), else looked up by uid in ``versions`` (``GET /v1/dashboard/clusterprofiles/metadata``). The
    integer ``version`` of the summary is a deprecated revision counter and is not used. ``packs`` is None
    when the template carries no pack list (the summary may leave it out).
    """
    uid = template.get("uid")
    version = template.get("profileVersion") or (versions or {}).get(uid)
    packs = template.get("packs")
    return {
        "name": template.get("name"),
        "uid": uid,
        "version": str(version) if version not in (None, "") else None,
        "type": template.get("type"),
        "packs": None if packs is None else [flatten_pack(p) for p in packs],
    }


def flatten_summary(summary, project=None, versions=None):
    """A flat record of one ``v1SpectroClusterSummary`` (see the inventory plugin's host variables).

    ``project`` is ``{"uid", "name"}`` of the project searched, used when the summary has no ``projectMeta``.
    """
    metadata = summary.get("metadata") or {}
    spec = summary.get("specSummary") or summary.get("spec") or {}
    status = summary.get("status") or {}
    project = project or {}
    project_meta = spec.get("projectMeta") or {}
    annotations = metadata.get("annotations") or {}
    cloud_type = (spec.get("cloudConfig") or {}).get("cloudType")
    state = status.get("state")
    health = status.get("health")
    if isinstance(health, dict):
        health = health.get("state")
    notifications = status.get("notifications") or {}
    labels = metadata.get("labels") or {}
    return {
        "uid": metadata.get("uid"),
        "name": metadata.get("name"),
        "project_uid": project_meta.get("uid") or annotations.get("projectUid") or project.get("uid"),
        "project_name": project_meta.get("name") or project.get("name"),
        "cloud_type": cloud_type,
        "state": state,
        "health": health or None,
        "labels": dict(labels),
        "tags": tag_strings(labels),
        "update_pending": bool(notifications.get("isAvailable")),
        "virtual": cloud_type == VIRTUAL_ENVIRONMENT,
        "deleted": bool(metadata.get("deletionTimestamp")) or state == DELETED_STATE,
        "profiles": [flatten_profile(t, versions) for t in _templates(spec)],
    }


def needs_details(record):
    """True when a record lacks something only the cluster itself can tell (packs or a profile version)."""
    return any(p.get("packs") is None or p.get("version") is None for p in record.get("profiles") or [])


def profile_uids_to_read(record):
    """The uids of the profiles whose pack list a record lacks (in order, each once)."""
    return unique([p["uid"] for p in record.get("profiles") or [] if p.get("packs") is None and p.get("uid")])


def own_reads_suffice(record):
    """True when the reads of a record's own profiles decide all it can learn from profile reads: no profile has its
    pack list without its version (such a version would come from the read another cluster's profile needed)."""
    return not any(p.get("packs") is not None and p.get("version") is None for p in record.get("profiles") or [])


def fill_from_profiles(record, found):
    """Fill a record's missing versions and pack lists from profile reads, ``found`` being ``{uid: (packs, version)}``
    (packs None when the profile could not be read or is not published; the packs are copied). True when every pack
    list is then known, False when the cluster itself has to be read."""
    complete = True
    for profile in record.get("profiles") or []:
        packs, version = found.get(profile.get("uid"), (None, None))
        if profile.get("version") is None and version not in (None, ""):
            profile["version"] = str(version)
        if profile.get("packs") is None:
            if packs is not None:
                profile["packs"] = [dict(p) for p in packs]
            else:
                complete = False
    return complete


def merge_details(record, cluster):
    """Fill a record's profiles from ``GET /v1/spectroclusters/{uid}`` (``spec.clusterProfileTemplates``,
    what the cluster runs, with ``profileVersion`` and pack tags)."""
    spec = (cluster or {}).get("spec") or {}
    detailed = dict((t.get("uid"), flatten_profile(t)) for t in _templates(spec))
    profiles = []
    for profile in record.get("profiles") or []:
        found = detailed.pop(profile.get("uid"), None)
        if found is None:
            profiles.append(profile)
            continue
        merged = dict(profile)
        for key in ("name", "version", "type", "packs"):
            if found.get(key) is not None:
                merged[key] = found[key]
        profiles.append(merged)
    profiles.extend(detailed.values())  # attached according to the cluster but not to the summary
    record["profiles"] = profiles
    return record


def finish_record(record):
    """Replace the 'unknown' markers (None) of a record's profiles by their final form."""
    for profile in record.get("profiles") or []:
        if profile.get("packs") is None:
            profile["packs"] = []
    return record


# -- inventory cache ------------------------------------------------------------------------------------
def compact_records(records):
    """The records as the inventory cache holds them: ``{"profiles": [...], "records": [...]}`` with every distinct
    profile entry (pack lists included) once, and each record naming its entries by position. A fleet's clusters
    share a few profile versions, so ansible-core has a fraction of the nodes to copy, encode and decode."""
    table = []
    positions = {}
    stored = []
    for record in records:
        refs = []
        for profile in record.get("profiles") or []:
            key = json.dumps(profile, sort_keys=True)
            if key not in positions:
                positions[key] = len(table)
                table.append(profile)
            refs.append(positions[key])
        item = dict(record)
        item["profiles"] = refs
        stored.append(item)
    return {"profiles": table, "records": stored}


def expand_records(cached):
    """The records of a :func:`compact_records` value, or None when ``cached`` is not one. Records running the same
    profile version share its entry (nothing changes a record once it is built)."""
    table = cached.get("profiles")
    records = cached.get("records")
    if not isinstance(table, list) or not isinstance(records, list):
        return None
    expanded = []
    for item in records:
        if not isinstance(item, dict) or not isinstance(item.get("profiles"), list):
            return None
        record = dict(item)
        try:
            record["profiles"] = [table[position] for position in item["profiles"]]
        except (IndexError, TypeError):
            return None
        expanded.append(record)
    return expanded


# -- host names ----------------------------------------------------------------------------------------
def _host_safe(text):
    return _UNSAFE_HOST_CHARS.sub("_", str(text or ""))


def host_name_candidates(record):
    """The names a record may get, shortest first: ``name``, ``name@project``, ``name@project@uid``."""
    name = str(record.get("name") or record.get("uid"))
    project = _host_safe(record.get("project_name") or record.get("project_uid") or "tenant")
    return [name, "%s@%s" % (name, project), "%s@%s@%s" % (name, project, record.get("uid"))]


def assign_host_names(records):
    """Give every record a unique ``host`` name, whatever order the records come in.

    A cluster is named after itself. When a name is shared (the same cluster name in two projects, or a
    deleted and a live cluster of the same name), *every* record sharing it gets the project name as a
    suffix (``edge-01@store-east``); if that is still shared, the cluster uid too. A record never takes a
    name another record needs, so no cluster is ever dropped or merged, and the result only depends on the
    set of clusters, not on the order the API returned them.
    """
    level = dict((id(r), 0) for r in records)
    while True:
        by_name = {}
        for record in records:
            candidates = host_name_candidates(record)
            name = candidates[min(level[id(record)], len(candidates) - 1)]
            by_name.setdefault(name, []).append(record)
        changed = False
        for name, holders in by_name.items():
            if len(holders) < 2:
                continue
            for record in holders:
                if level[id(record)] < 2:
                    level[id(record)] += 1
                    changed = True
        if not changed:
            break
    for record in records:
        record["host"] = host_name_candidates(record)[level[id(record)]]
    return records


# -- groups --------------------------------------------------------------------------------------------
def group_part(text):
    """Lower-case; every character other than ``a-z``, ``0-9`` and ``_`` becomes ``_``."""
    return _UNSAFE_GROUP_CHARS.sub("_", str(text).lower())


def group_names(record):
    """The built-in groups of a record (see the inventory plugin's documentation for the rules)."""
    groups = ["palette"]
    if record.get("project_name"):
        groups.append("palette_project_" + group_part(record["project_name"]))
    if record.get("cloud_type"):
        groups.append("palette_cloud_" + group_part(record["cloud_type"]))
    if record.get("state"):
        groups.append("palette_state_" + group_part(record["state"]))
    if record.get("health"):
        groups.append("palette_health_" + group_part(record["health"]))
    for profile in record.get("profiles") or []:
        if not profile.get("name"):
            continue
        base = "palette_profile_" + group_part(profile["name"])
        groups.append(base)
        if profile.get("version"):
            groups.append(base + "_v" + group_part(profile["version"]))
    labels = record.get("labels") or {}
    for key in sorted(labels):
        value = _label_value(labels[key])
        groups.append("palette_tag_" + group_part(key) + ("_" + group_part(value) if value else ""))
    if record.get("update_pending"):
        groups.append("palette_update_pending")
    return unique(groups)
