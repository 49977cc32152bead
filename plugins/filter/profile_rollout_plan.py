# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_plan
short_description: One entry per profile of the profile_rollout role, from the profiles as read
version_added: 0.2.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - The plan of the role C(spectrocloud.palette.profile_rollout) before the clusters are read, one entry per profile
    entry - which version is changed (C(index), C(name), C(uid), C(version), C(strategy), C(new_version),
    C(new_uid)), the pack changes (C(packs)), and which clusters it is for - C(selection) (C(all), C(none) or
    C(list)), C(listed) (the names or UIDs given) and C(candidates) (the UIDs of the clusters that use the version
    or the new version an earlier run created, for selection C(all)).
  - P(spectrocloud.palette.profile_rollout_targets#filter) completes it once the clusters are read.
options:
  _input:
    description: The results of M(spectrocloud.palette.palette_profile_info) for each profile entry, each with its
      entry as C(__profile_rollout_want).
    type: list
    elements: dict
    required: true
  new_versions:
    description: The results of M(spectrocloud.palette.palette_profile_info) for the new version of each entry
      (skipped where there is none), in the same order.
    type: list
    elements: dict
    default: []
  strategy:
    description: The strategy of the entries that give none.
    type: str
    default: in_place
  clusters:
    description: The cluster selection of the entries that give none.
    type: raw
    default: all
"""

EXAMPLES = r"""
- name: Work out which clusters each profile is for
  ansible.builtin.set_fact:
    plan: >-
      {{ sources.results | spectrocloud.palette.profile_rollout_plan(new_versions=new_versions.results,
                                                                       strategy='in_place', clusters='all') }}
"""

RETURN = r"""
_value:
  description: One entry per profile entry, in order.
  type: list
  elements: dict
"""


def _users(*profiles):
    """The UIDs of the clusters that use any of ``profiles``, each once, in order."""
    uids = []
    for profile in profiles:
        for user in (profile or {}).get('in_use_clusters') or []:
            if user.get('uid') not in uids:
                uids.append(user.get('uid'))
    return uids


def profile_rollout_plan(sources, new_versions=None, strategy='in_place', clusters='all'):
    new_versions = list(new_versions or [])
    plan = []
    for index, source in enumerate(sources):
        want = source.get('__profile_rollout_want') or {}
        profile = source.get('profile') or {}
        entry_strategy = want.get('strategy') or strategy
        new = (new_versions[index] if index < len(new_versions) else {}).get('profile')
        selection = want.get('clusters') if want.get('clusters') is not None else clusters
        mode = selection if isinstance(selection, str) else 'list'
        plan.append({
            'index': index,
            'name': profile.get('name'),
            'uid': profile.get('uid'),
            'version': profile.get('version'),
            'strategy': entry_strategy,
            'new_version': str(want.get('new_version') or '') if entry_strategy == 'new_version' else None,
            'new_uid': new.get('uid') if new else None,
            'selection': mode,
            'listed': [str(ref) for ref in selection] if mode == 'list' else [],
            'candidates': _users(profile, new) if mode == 'all' else [],
            'packs': want.get('packs') or [],
        })
    return plan


class FilterModule(object):
    """The plan of the role spectrocloud.palette.profile_rollout."""

    def filters(self):
        return {'profile_rollout_plan': profile_rollout_plan}
