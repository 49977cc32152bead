# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: fleet_status_text
short_description: The text of the fleet_status role's printout and Markdown report, piece by piece
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Turns a C(fleet_status_summary) (see the filter P(spectrocloud.palette.fleet_status_summary#filter)) into the
    text the role C(spectrocloud.palette.fleet_status) shows for each profile version and each cluster, so that its
    templates only lay the pieces out. Every piece is text; a missing value is empty text.
  - Which marks a version gets (newest, draft waiting), what the install of a cluster says (in the printout
    nothing when installed or without an install state, in the Markdown report a dash without an install state)
    and how a pending pack reads (its tag change when the tag changes, and whether its values change) are decided
    here.
options:
  _input:
    description:
      - A C(fleet_status_summary), as the role sets it or as its C(fleet-status.json) holds it.
    type: dict
    required: true
"""

EXAMPLES = r"""
# edge-store-03: Running / UnHealthy, update pending
- name: One line per cluster
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.status }}{{ item.notes }}"
  loop: "{{ (fleet_status_summary | spectrocloud.palette.fleet_status_text).clusters }}"
  loop_control:
    label: "{{ item.name }}"
"""

RETURN = r"""
_value:
  description: The pieces of text, in the order of the summary.
  type: dict
  contains:
    profiles:
      description:
        - Per profile - C(name), C(heading) (the printout's line of the profile - its name, its newest version and
          the versions with an unpublished draft) and C(versions), each with C(version), C(label) (the Markdown
          report's version, marked newest and draft waiting when it is) and C(clusters) (their names,
          comma-separated).
      type: list
      elements: dict
    clusters:
      description:
        - Per cluster - C(name), C(status) (state, and health when known), C(notes) (the end of the printout's line
          of the cluster - update pending and, when not installed, the install state with Palette's message),
          C(install) (the Markdown report's install column), C(lines) (the printout's line per profile, with its
          pending packs), C(profiles) (the Markdown report's profile column) and C(pending) (its pending update
          column).
      type: list
      elements: dict
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

NONE_MD = '\u2014'      # an em dash: nothing to say in a Markdown table cell
ARROW_MD = '\u2192'


def _text(value):
    """A value on its own in a line: missing is empty, as the role's templates have always printed it."""
    return '' if value is None else str(value)


def _word(value):
    """A value joined to other text: missing reads "None", as the role's templates have always printed it."""
    return str(value)


def _profile(profile):
    drafts = profile.get('drafts') or []
    return {
        'name': _text(profile.get('name')),
        'heading': '%s (newest %s%s)' % (_text(profile.get('name')), _text(profile.get('newest_version')),
                                         ', unpublished draft on ' + ', '.join(_word(d) for d in drafts) if drafts else ''),
        'versions': [{
            'version': _text(v.get('version')),
            'label': _text(v.get('version')) + (' (newest)' if v.get('version') == profile.get('newest_version') else '')
            + (' (draft waiting)' if v.get('version') in drafts else ''),
            'clusters': ', '.join(_word(name) for name in v.get('clusters') or []),
        } for v in profile.get('versions') or []],
    }


def _tag_change(pack, arrow):
    """"before -> after" when the pack's tag changes, else nothing."""
    if pack.get('tag_before') == pack.get('tag_after'):
        return ''
    return '%s %s %s' % (_text(pack.get('tag_before')), arrow, _text(pack.get('tag_after')))


def _line(row):
    """The printout's line of one profile a cluster runs: its pending packs as "name before -> after values"."""
    line = '%s %s' % (_text(row.get('name')), _text(row.get('version')))
    if row.get('behind'):
        line += ' (newest is %s)' % _word(row.get('newest_version'))
    if row.get('pending'):
        packs = ['%s %s%s' % (_text(p.get('name')), _tag_change(p, '->'), ' values' if p.get('values_changed') else '')
                 for p in row.get('pending_packs') or []]
        line += ' - pending: ' + ', '.join(packs)
    return line


def _pending_cell(rows):
    """The Markdown report's pending update column: "profile/pack before -> after (values)<br>" per pending pack."""
    if not any(row.get('pending') for row in rows):
        return NONE_MD
    cell = ''
    for row in [r for r in rows if r.get('pending')]:
        for pack in row.get('pending_packs') or []:
            change = _tag_change(pack, ARROW_MD)
            cell += '%s/%s%s%s<br>' % (_text(row.get('name')), _text(pack.get('name')), ' ' + change if change else '',
                                       ' (values)' if pack.get('values_changed') else '')
    return cell


def _install_notes(install):
    """The printout says nothing of an install that is done or that no install state tells about."""
    if not install or install.get('state') in ('installed', None):
        return ''
    return ', install %s: %s' % (_word(install.get('state')).replace('_', ' '), _word(install.get('message')))


def _install_cell(install):
    if not install or not install.get('state'):
        return NONE_MD
    state = _word(install['state']).replace('_', ' ')
    return state if install['state'] == 'installed' else '%s: %s' % (state, _word(install.get('message')))


def _cluster(cluster):
    rows = cluster.get('profiles') or []
    install = cluster.get('install')
    return {
        'name': _text(cluster.get('name')),
        'status': _text(cluster.get('state')) + (' / ' + _word(cluster['health']) if cluster.get('health') else ''),
        'notes': (', update pending' if cluster.get('update_pending') else '') + _install_notes(install),
        'install': _install_cell(install),
        'lines': [_line(row) for row in rows],
        'profiles': '<br>'.join('%s %s%s' % (_text(r.get('name')), _text(r.get('version')),
                                             ' (newest %s)' % _word(r.get('newest_version')) if r.get('behind') else '')
                                for r in rows),
        'pending': _pending_cell(rows),
    }


def fleet_status_text(summary):
    if not isinstance(summary, Mapping):
        raise AnsibleFilterError('fleet_status_text: give a fleet_status_summary (a mapping), not %s' % type(summary).__name__)
    return {
        'profiles': [_profile(p) for p in summary.get('profiles') or []],
        'clusters': [_cluster(c) for c in summary.get('clusters') or []],
    }


class FilterModule(object):
    """The text of the role spectrocloud.palette.fleet_status."""

    def filters(self):
        return {'fleet_status_text': fleet_status_text}
