# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: prune_profiles_report
short_description: The report of the prune_profiles role, from the result of palette_profile_prune
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Turns the result of M(spectrocloud.palette.palette_profile_prune) into the report the role
    C(spectrocloud.palette.prune_profiles) writes as JSON, hands to AWX (M(ansible.builtin.set_stats)) and lays out as
    Markdown (P(spectrocloud.palette.prune_profiles_markdown#filter)) and CSV
    (P(spectrocloud.palette.prune_profiles_csv#filter)).
  - Per version - name, version, scope, project, uid, its status in words (in use by the clusters and cluster templates
    it names, unused, kept as latest, unknown with the reason) and the action taken in words.
options:
  _input:
    description: The registered result of M(spectrocloud.palette.palette_profile_prune).
    type: dict
    required: true
  generated_at:
    description: When the report was made (text, for example an ISO 8601 UTC time).
    type: str
"""

EXAMPLES = r"""
- name: Put the report together
  ansible.builtin.set_fact:
    report: "{{ pruned | spectrocloud.palette.prune_profiles_report(generated_at=now(utc=true).isoformat()) }}"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    generated_at:
      description: The O(generated_at) given.
      type: str
    check_mode:
      description: Whether nothing was deleted (a check-mode run lists what a run would delete).
      type: bool
    scopes:
      description: The scopes pruned.
      type: list
      elements: str
    counts:
      description: C(versions), C(deleted), C(would_delete), C(kept), C(already_deleted), C(failed), C(in_use),
        C(unused), C(kept_latest), C(unknown) and C(system_skipped).
      type: dict
    versions:
      description:
        - Per version C(name), C(version), C(scope), C(project), C(uid), C(status) (V(in_use), V(unused), V(kept_latest)
          or V(unknown)), C(status_text), C(action) (V(deleted), V(would_delete), V(kept), V(already_deleted) or
          V(failed)), C(action_text) (with the reason when it failed, or when the read right before the DELETE found
          the version in use or unreadable), C(in_use_clusters), C(in_use_cluster_templates) (names) and
          C(backup_file).
      type: list
      elements: dict
    backup_files:
      description: The backups written.
      type: list
      elements: str
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

ACTIONS = ('deleted', 'would_delete', 'kept', 'already_deleted', 'failed')
STATUSES = ('in_use', 'unused', 'kept_latest', 'unknown')
ACTION_TEXT = {'deleted': 'deleted', 'would_delete': 'would be deleted', 'kept': 'kept',
               'already_deleted': 'already deleted by someone else', 'failed': 'not deleted: failed'}


def _names(refs):
    return [r.get('name') or r.get('uid') or '?' for r in refs or [] if isinstance(r, Mapping)]


def _status_text(version):
    status = version.get('status')
    if status == 'in_use':
        parts = []
        for key, what in (('in_use_clusters', 'clusters'), ('in_use_cluster_templates', 'cluster templates')):
            names = _names(version.get(key))
            if names:
                parts.append('%s %s' % (what, ', '.join(names)))
        return 'in use by %s' % ' and '.join(parts)
    if status == 'kept_latest':
        return 'kept as latest'
    if status == 'unknown':
        return 'unknown (%s)' % (version.get('usage_problem') or 'usage not read')
    return str(status)


def _action_text(version):
    action = version.get('action')
    text = ACTION_TEXT.get(action, str(action))
    # a failure, or a decision the read right before the DELETE turned around: the reason is the news
    if action == 'failed' or version.get('changed_since_listing'):
        return '%s (%s)' % (text, version.get('reason'))
    return text


def _project(version):
    return version.get('project_name') or version.get('project_uid') or ''


def prune_profiles_report(result, generated_at=None):
    if not isinstance(result, Mapping) or not isinstance(result.get('versions'), list):
        raise AnsibleFilterError('prune_profiles_report: give the registered result of palette_profile_prune '
                                 '(a mapping with versions)')
    versions = []
    for version in result['versions']:
        versions.append({
            'name': version.get('name'), 'version': version.get('version'), 'scope': version.get('scope') or '',
            'project': _project(version), 'uid': version.get('uid'), 'status': version.get('status'),
            'status_text': _status_text(version), 'action': version.get('action'),
            'action_text': _action_text(version), 'in_use_clusters': _names(version.get('in_use_clusters')),
            'in_use_cluster_templates': _names(version.get('in_use_cluster_templates')),
            'backup_file': version.get('backup_file') or '',
        })
    counts = dict((key, 0) for key in ACTIONS + STATUSES)
    for version in versions:
        for key in (version['action'], version['status']):
            if key in counts:
                counts[key] += 1
    counts['versions'] = len(versions)
    counts['system_skipped'] = (result.get('counts') or {}).get('system_skipped', 0)
    return {'generated_at': generated_at, 'check_mode': bool(result.get('check_mode')),
            'scopes': list(result.get('scopes') or []), 'counts': counts, 'versions': versions,
            'backup_files': [v['backup_file'] for v in versions if v['backup_file']]}


class FilterModule(object):
    """The prune_profiles role's report."""

    def filters(self):
        return {'prune_profiles_report': prune_profiles_report}
