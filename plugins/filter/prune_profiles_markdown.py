# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: prune_profiles_markdown
short_description: The Markdown report of the prune_profiles role
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Lays out a report of P(spectrocloud.palette.prune_profiles_report#filter) as a Markdown document - a heading that
    says whether anything was deleted, the counts, and one table row per version (name, version, scope, project, uid,
    status, action, backup file). A C(|) in a cell is escaped.
options:
  _input:
    description: A report of P(spectrocloud.palette.prune_profiles_report#filter).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Write the Markdown report
  ansible.builtin.copy:
    content: "{{ report | spectrocloud.palette.prune_profiles_markdown }}"
    dest: /tmp/prune-profiles.md
    mode: "0600"
"""

RETURN = r"""
_value:
  description: The Markdown text, ending with a newline.
  type: str
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

COLUMNS = (('name', 'Name'), ('version', 'Version'), ('scope', 'Scope'), ('project', 'Project'), ('uid', 'UID'),
           ('status_text', 'Status'), ('action_text', 'Action'), ('backup_file', 'Backup'))
COUNTED = (('deleted', 'deleted'), ('would_delete', 'would be deleted'), ('kept', 'kept'),
           ('already_deleted', 'already deleted'), ('failed', 'failed'))


def _cell(value):
    return ('' if value is None else str(value)).replace('|', '\\|').replace('\n', ' ')


def prune_profiles_markdown(report):
    if not isinstance(report, Mapping) or not isinstance(report.get('versions'), list):
        raise AnsibleFilterError('prune_profiles_markdown: give a report of prune_profiles_report')
    counts = report.get('counts') or {}
    title = 'Cluster profile prune: what a run would delete (check mode, nothing deleted)' if report.get('check_mode') \
        else 'Cluster profile prune'
    lines = ['# %s' % title, '']
    if report.get('generated_at'):
        lines.append('Generated at %s; scopes: %s.' % (report['generated_at'], ', '.join(report.get('scopes') or [])))
        lines.append('')
    lines.append('%d versions selected: %s; %d system-scoped versions never selected.' % (
        counts.get('versions', 0), ', '.join('%d %s' % (counts.get(key, 0), text) for key, text in COUNTED),
        counts.get('system_skipped', 0)))
    lines.append('')
    lines.append('| %s |' % ' | '.join(title for _key, title in COLUMNS))
    lines.append('|%s|' % '|'.join('---' for _column in COLUMNS))
    for version in report['versions']:
        lines.append('| %s |' % ' | '.join(_cell(version.get(key)) for key, _title in COLUMNS))
    return '\n'.join(lines) + '\n'


class FilterModule(object):
    """The prune_profiles role's Markdown report."""

    def filters(self):
        return {'prune_profiles_markdown': prune_profiles_markdown}
