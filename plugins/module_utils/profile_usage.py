# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who uses a cluster profile version, read from its ``status`` (``v1ClusterProfileStatus`` of a GET,
``v1ClusterProfileStatusSummary`` of the dashboard list), never guessed.

A version is used when ``status.inUseClusters`` or ``status.inUseClusterTemplates`` names anything. When the answer
does not say (no ``status``, or neither list names anyone and one is missing or not a list) its usage is ``unknown``: the spec does not mark
these lists as always sent (no ``x-omitempty: false``), so a missing one may mean "none" or "not told", and a version
whose usage is not known is never taken for unused (issue #19: kept, reported as unknown).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

USED = 'used'
UNUSED = 'unused'
UNKNOWN = 'unknown'
USAGE_FIELDS = ('inUseClusters', 'inUseClusterTemplates')
# The start of usage_problem when the answer itself leaves the usage out (not a failed read): said plainly, since a
# user then sees versions nothing may use reported as unknown and kept
NOT_LISTED = 'Palette did not list who uses it'


def _refs(entries):
    """``[{name, uid}]`` of ``v1ObjectResReference`` / ``v1ProjectResourceReference`` / ``v1ObjectEntity`` entries."""
    return [{'name': e.get('name'), 'uid': e.get('uid')} for e in entries if isinstance(e, dict)]


def read_usage(status):
    """``{'usage', 'in_use_clusters', 'in_use_cluster_templates', 'usage_problem'}`` from a profile's status."""
    if not isinstance(status, dict):
        return unknown_usage('%s: its answer has no status' % NOT_LISTED)
    clusters = _refs(status.get('inUseClusters') or [])
    templates = _refs(status.get('inUseClusterTemplates') or [])
    found = {'in_use_clusters': clusters, 'in_use_cluster_templates': templates, 'usage_problem': None}
    if clusters or templates:
        return dict(found, usage=USED)   # one user named is enough, whatever else is missing
    missing = [f for f in USAGE_FIELDS if not isinstance(status.get(f), list)]
    if missing:
        return dict(found, usage=UNKNOWN, usage_problem='%s: status.%s %s missing from its answer'
                    % (NOT_LISTED, ' and status.'.join(missing), 'are' if len(missing) > 1 else 'is'))
    return dict(found, usage=UNUSED)


def unknown_usage(problem):
    """The usage of a version whose status could not be read (``problem`` says why)."""
    return {'usage': UNKNOWN, 'in_use_clusters': [], 'in_use_cluster_templates': [], 'usage_problem': problem}


def users_text(usage):
    """``clusters a, b and cluster templates t`` (names, or uids where a name is missing); '' when unused."""
    parts = []
    for key, what in (('in_use_clusters', 'clusters'), ('in_use_cluster_templates', 'cluster templates')):
        names = [r.get('name') or r.get('uid') or '?' for r in usage.get(key) or []]
        if names:
            parts.append('%s %s' % (what, ', '.join(names)))
    return ' and '.join(parts)


def version_fields(item, published, has_draft, project_names=None):
    """The per-version usage fields ``palette_profile_info`` returns (``item``: a GET answer or a list summary;
    ``published``/``has_draft``: what its templates say). ``project_names``: ``{uid: name}`` known to the caller."""
    meta = item.get('metadata') or {}
    project_uid = (meta.get('annotations') or {}).get('projectUid') or None
    fields = read_usage(item.get('status'))
    fields.update({
        'project_uid': project_uid,
        'project_name': (project_names or {}).get(project_uid) if project_uid else None,
        'state': 'published' if published else ('draft' if has_draft else None),
        'unused': fields['usage'] == UNUSED,
    })
    return fields


def name_projects(infos, client):
    """Fill ``project_name`` of the versions that belong to the connection's project (the only project whose name
    the module knows without another request). Returns ``infos``."""
    uid = client.project_uid
    name = getattr(client, 'project_name', None)
    for info in infos:
        if uid and name and info.get('project_uid') == uid:
            info['project_name'] = name
    return infos
