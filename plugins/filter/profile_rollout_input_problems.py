# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_input_problems
short_description: The input problems of the profile_rollout role that its argument spec cannot express
version_added: 0.2.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Checks the options of the role C(spectrocloud.palette.profile_rollout) before anything is read or written and
    returns one message per problem, each naming the option (and the profile entry and pack) and what to give
    instead. A message never holds a pack's values (they can hold secrets), only their kind.
  - At least one profile; O(wait_timeout) and O(wait_sleep) in range; each cluster selection V(all), V(none) or a
    list of cluster names or UIDs; C(new_version) given exactly for the V(new_version) strategy; a pack's C(values)
    text or a mapping and its C(values_merge) a mapping; no profile listed twice.
options:
  _input:
    description: The profile entries (C(profile_rollout_profiles)).
    type: list
    elements: dict
    required: true
  strategy:
    description: The strategy of the entries that give none (C(profile_rollout_strategy)).
    type: str
    default: in_place
  clusters:
    description: The cluster selection of the entries that give none (C(profile_rollout_clusters)).
    type: raw
    default: all
  wait_timeout:
    description: C(profile_rollout_wait_timeout), 1 to 86400 seconds.
    type: raw
    default: 1800
  wait_sleep:
    description: C(profile_rollout_wait_sleep), 1 to 600 seconds.
    type: raw
    default: 10
"""

EXAMPLES = r"""
- name: Check the input
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join('; ') }}"
  vars:
    problems: >-
      {{ profile_rollout_profiles | spectrocloud.palette.profile_rollout_input_problems(
           strategy=profile_rollout_strategy, clusters=profile_rollout_clusters,
           wait_timeout=profile_rollout_wait_timeout, wait_sleep=profile_rollout_wait_sleep) }}
"""

RETURN = r"""
_value:
  description: One message per problem, in the order the options are listed above; empty when all is well.
  type: list
  elements: str
  sample: ["profile_rollout_profiles[0] (core): the new_version strategy needs new_version, the version to create"]
"""

import json
from collections.abc import Mapping

# option, its highest value in seconds (the lowest is 1); checked here, not by the module that waits: that module
# runs after the profiles were written and published
RANGES = (('profile_rollout_wait_timeout', 86400), ('profile_rollout_wait_sleep', 600))
VALUE_FORMS = (('values', 'the whole values document as YAML text or a mapping'),
               ('values_merge', 'a mapping of the keys to change'))


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def selection_problem(where, selection):
    """Why ``selection`` is not all, none or a list of cluster names or UIDs (None when it is)."""
    if isinstance(selection, str):
        if selection not in ('all', 'none'):
            return '%s: give all, none or a list of cluster names or UIDs, not %s' % (where, json.dumps(selection))
        return None
    if not isinstance(selection, (list, tuple)):
        return '%s: give all, none or a list of cluster names or UIDs' % where
    if any(not isinstance(ref, str) or not ref for ref in selection):
        return '%s: every cluster in the list must be a name or a UID' % where
    return None


def _kind(value):
    """The kind of a value, never the value: pack values can hold secrets."""
    if isinstance(value, str):
        return 'text'
    if isinstance(value, (list, tuple)):
        return 'a list'
    if isinstance(value, bool):
        return 'true/false'
    if isinstance(value, (int, float)):
        return 'a number'
    return 'a single value'


def _pack_problems(where, packs):
    problems = []
    for index, pack in enumerate(p for p in packs or [] if isinstance(p, Mapping)):
        for key, expected in VALUE_FORMS:
            given = pack.get(key)
            if given is None or isinstance(given, Mapping) or (key == 'values' and isinstance(given, str)):
                continue
            problems.append('%s pack %s: %s must be %s, not %s' % (where, pack.get('name', index), key, expected, _kind(given)))
    return problems


def _entry_problems(index, want, strategy):
    where = 'profile_rollout_profiles[%d] (%s)' % (index, want.get('name') or want.get('uid') or '?')
    problems = []
    strategy = want.get('strategy') or strategy
    if strategy == 'new_version' and not want.get('new_version'):
        problems.append(where + ': the new_version strategy needs new_version, the version to create')
    elif strategy != 'new_version' and want.get('new_version'):
        problems.append(where + ': new_version is only for the new_version strategy (set strategy: new_version)')
    if want.get('clusters') is not None:
        problems.append(selection_problem(where + '.clusters', want['clusters']))
    return where, problems + _pack_problems(where, want.get('packs'))


def profile_rollout_input_problems(profiles, strategy='in_place', clusters='all', wait_timeout=1800, wait_sleep=10):
    """The messages, in the order of the options."""
    problems = []
    if not profiles:
        problems.append('profile_rollout_profiles: give at least one profile')
    for (option, highest), value in zip(RANGES, (wait_timeout, wait_sleep)):
        if not 1 <= _as_int(value) <= highest:
            problems.append('%s: %s is out of range; give 1 to %d seconds' % (option, value, highest))
    problems.append(selection_problem('profile_rollout_clusters', clusters))
    seen = set()
    for index, want in enumerate(profiles or []):
        where, found = _entry_problems(index, want, strategy)
        problems.extend(found)
        ref = want.get('uid') or '%s@%s' % (want.get('name') or '', want.get('version') or '')
        if ref in seen:
            problems.append(where + ': this profile is listed twice; give all its pack changes in one entry')
        seen.add(ref)
    return [p for p in problems if p]


class FilterModule(object):
    """The input check of the role spectrocloud.palette.profile_rollout."""

    def filters(self):
        return {'profile_rollout_input_problems': profile_rollout_input_problems}
