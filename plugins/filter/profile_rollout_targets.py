# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_targets
short_description: The clusters each profile of the profile_rollout role is applied to
version_added: 0.2.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Completes the plan of the role C(spectrocloud.palette.profile_rollout) (see
    P(spectrocloud.palette.profile_rollout_plan#filter)) once the clusters are read. Adds to each entry C(targets),
    the UIDs of the clusters it is applied to in name order - the clusters that use the profile (selection C(all)),
    or the listed clusters that run a version of it (selection C(list)) - and to every entry C(unused), the listed
    clusters that run none of the profiles they were listed for.
options:
  _input:
    description: The plan, one entry per profile.
    type: list
    elements: dict
    required: true
  listed:
    description: The results of M(spectrocloud.palette.palette_cluster_info) for each listed cluster (with C(name) or
      C(uid)), each with the reference it was looked up by as C(__profile_rollout_ref).
    type: list
    elements: dict
    default: []
  clusters:
    description: The clusters as M(spectrocloud.palette.palette_cluster_info) returned them.
    type: list
    elements: dict
    default: []
"""

EXAMPLES = r"""
- name: Pick the clusters of each profile
  ansible.builtin.set_fact:
    plan: "{{ plan | spectrocloud.palette.profile_rollout_targets(listed=listed.results, clusters=before.clusters) }}"
"""

RETURN = r"""
_value:
  description: The plan, each entry with C(targets) and C(unused) added.
  type: list
  elements: dict
"""


def _resolved(listed):
    """{reference as given: uid} of the listed clusters that were found."""
    found = {}
    for result in listed or []:
        clusters = result.get('clusters') or []
        if clusters:
            found[result.get('__profile_rollout_ref')] = clusters[0].get('uid')
    return found


def profile_rollout_targets(plan, listed=None, clusters=None):
    by_uid = dict((c.get('uid'), c) for c in clusters or [])
    resolved = _resolved(listed)
    refs_given, refs_used, out = [], set(), []
    for entry in plan:
        picked = []
        if entry.get('selection') == 'all':
            picked = list(entry.get('candidates') or [])
        elif entry.get('selection') == 'list':
            for ref in entry.get('listed') or []:
                refs_given.append(ref)
                uid = resolved.get(ref)
                runs = [p for p in (by_uid.get(uid) or {}).get('profiles') or [] if p.get('name') == entry.get('name')]
                if uid and runs:
                    refs_used.add(ref)
                    if uid not in picked:
                        picked.append(uid)
        # in name order, as Jinja's sort filter orders them (without regard to case)
        picked.sort(key=lambda uid: str((by_uid.get(uid) or {}).get('name') or '').lower())
        out.append(dict(entry, targets=picked))
    unused = [ref for ref in dict.fromkeys(refs_given) if ref not in refs_used]
    return [dict(entry, unused=unused) for entry in out]


class FilterModule(object):
    """The cluster targets of the role spectrocloud.palette.profile_rollout."""

    def filters(self):
        return {'profile_rollout_targets': profile_rollout_targets}
