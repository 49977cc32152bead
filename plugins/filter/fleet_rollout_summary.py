# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: fleet_rollout_summary
short_description: The fleet summary of the fleet_rollout playbook, as data and as text
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Used by the playbook C(spectrocloud.palette.fleet_rollout) (C(playbooks/fleet_rollout.yml)) at its end. From
    the row of every cluster it chose (see P(spectrocloud.palette.fleet_rollout_plan#filter) and
    P(spectrocloud.palette.fleet_rollout_outcomes#filter)), the counts per status, the outcome of the rollout, the
    summary it writes as JSON and hands to AWX, and the lines it shows.
options:
  _input:
    description: The row of every cluster the rollout chose, in rollout order, as it was chosen (status
      V(untouched)).
    type: list
    elements: dict
    required: true
  hostvars:
    description: C(hostvars). A host's C(fleet_rollout_result), set when its wave ran, replaces its row of the input.
    type: raw
    default: {}
  hosts:
    description: How many hosts the rollout chose from (the others are counted as skipped).
    type: int
    required: true
  profile_name:
    description: C(fleet_rollout_profile_name) as given.
    type: raw
    default: ""
  profile_version:
    description: C(fleet_rollout_profile_version) as given.
    type: raw
    default: ""
  profile_uid:
    description: C(fleet_rollout_profile_uid) as given.
    type: raw
    default: ""
  serial:
    description: C(fleet_rollout_serial) as given.
    type: raw
  max_fail_percentage:
    description: C(fleet_rollout_max_fail_percentage) as given.
    type: raw
  check_mode:
    description: Whether the run is in check mode.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Summarize the rollout
  ansible.builtin.set_fact:
    report: >-
      {{ plan | spectrocloud.palette.fleet_rollout_summary(hosts=ansible_play_hosts_all | length, hostvars=hostvars,
                                                          profile_name='core', serial=[1, '10%', '100%'],
                                                          max_fail_percentage=0, check_mode=ansible_check_mode) }}
  run_once: true
"""

RETURN = r"""
_value:
  description: The summary.
  type: dict
  contains:
    summary:
      description: C(profile) (C(name), C(version), C(uid)), C(outcome), C(waves), C(max_fail_percentage), C(counts)
        (C(updated), C(would_update), C(unchanged), C(failed), C(untouched), C(targets), C(skipped)) and C(clusters)
        (the rows).
      type: dict
    lines:
      description: A header, then one line per cluster (wave, status, version before -> after, the packs that
        changed or, for an untouched cluster, the packs it runs, state, install state and error).
      type: list
      elements: str
"""

STATUSES = (('updated', 'updated'), ('would_update', 'would update'), ('unchanged', 'unchanged'), ('failed', 'failed'),
            ('untouched', 'untouched'))


def _given(value):
    return value is not None and str(value) != ''


def _outcome(counts, last_wave, check_mode):
    if counts['untouched'] > 0:
        return 'stopped after wave %d' % last_wave
    if counts['failed'] > 0:
        return 'finished with failures'
    return 'previewed (check mode, nothing sent)' if check_mode else 'finished'


def _what(profile_name, profile_version, profile_uid):
    if _given(profile_uid):
        return 'profile version %s' % profile_uid
    return 'profile %s%s' % (profile_name, (' version %s' % profile_version) if _given(profile_version) else '')


def _changes(changes):
    parts = []
    for change in changes:
        part = '%s %s -> %s' % (change.get('name'), change.get('tag_before') or '-', change.get('tag_after') or '-')
        parts.append(part + (' +values' if change.get('values_changed') else ''))
    return ', '.join(parts)


def _line(row):
    before = row.get('before') or {}
    text = '%s [wave %s] %s: %s' % (row.get('cluster'), row.get('wave') or '-', row.get('status'), before.get('version'))
    if row.get('after'):
        text += ' -> %s' % row['after'].get('version')
    if row.get('pack_changes'):
        text += ' (%s)' % _changes(row['pack_changes'])
    elif row.get('status') == 'untouched':
        runs = ', '.join('%s %s' % (p.get('name'), p.get('tag')) for p in before.get('packs') or [])
        text += ' (runs %s%s)' % (runs, '; update pending' if row.get('update_pending') else '')
    text += ', state %s' % (row.get('state') or '?')
    if row.get('install'):
        text += ', install %s' % row['install'].get('state')
    if row.get('error'):
        text += '; %s' % row['error']
    return text


def _current(row, hostvars):
    """The row of ``row``'s host as its wave left it, or ``row`` when no wave reached it."""
    host = row.get('cluster')
    if host not in hostvars:
        return row
    return hostvars[host].get('fleet_rollout_result') or row


def fleet_rollout_summary(plan, hosts, hostvars=None, profile_name='', profile_version='', profile_uid='', serial=None,
                          max_fail_percentage=None, check_mode=False):
    rows = [_current(row, hostvars or {}) for row in plan]
    counts = dict((key, sum(1 for r in rows if r.get('status') == status)) for key, status in STATUSES)
    counts['targets'] = len(rows)
    counts['skipped'] = int(hosts) - len(rows)
    last_wave = max([0] + [int(r['wave']) for r in rows if r.get('wave')])
    outcome = _outcome(counts, last_wave, check_mode)
    lines = ['Fleet rollout of %s: %s' % (_what(profile_name, profile_version, profile_uid), outcome),
             '%d cluster(s) run it: %d updated,%s %d unchanged, %d failed, %d untouched; %d other cluster(s) skipped' % (
                 counts['targets'], counts['updated'], (' %d would update,' % counts['would_update']) if check_mode else '',
                 counts['unchanged'], counts['failed'], counts['untouched'], counts['skipped'])]
    lines.extend(_line(row) for row in rows)
    summary = {'profile': {'name': profile_name, 'version': profile_version, 'uid': profile_uid}, 'outcome': outcome,
               'waves': serial, 'max_fail_percentage': max_fail_percentage, 'counts': counts, 'clusters': rows}
    return {'summary': summary, 'lines': lines}


class FilterModule(object):
    """The summary of the playbook fleet_rollout."""

    def filters(self):
        return {'fleet_rollout_summary': fleet_rollout_summary}
