# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_input_problems
short_description: The input problems of the profile_rollout role that its argument spec cannot express
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Checks the options of the role C(spectrocloud.palette.profile_rollout) before anything is read or written and
    returns one message per problem, each naming the option (and the profile entry and pack) and what to give
    instead. A message never holds a pack's values (they can hold secrets), only their kind.
  - At least one profile; O(wait_timeout), O(wait_sleep) and O(wait_progress_interval) in range; each cluster
    selection V(all), V(none) or a list of cluster names or UIDs; C(new_version) given exactly for the V(new_version)
    strategy; a pack's C(values) text or a mapping and its C(values_merge) a mapping; no profile listed twice.
  - For add-on entries - C(state) V(present) or V(absent); with V(absent) no C(attach), C(packs), C(new_version),
    C(variables) or C(cluster_variables); C(attach) with a version to attach (C(uid), C(version) or the
    V(new_version) strategy); attach and detach with a selection of their own (C(cluster_tags) or a list of
    clusters, not V(all)); each of C(cluster_tags) with a key; C(variables) and C(cluster_variables) mappings, and only
    with C(attach).
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
  wait_progress_interval:
    description: C(profile_rollout_wait_progress_interval), 0 to 86400 seconds.
    type: raw
    default: 20
    version_added: 1.0.0
"""

EXAMPLES = r"""
# The role itself needs no such task: palette_profile_rollout_plan runs the same checks (option_prefix=profile_rollout_).
- name: Check the input
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join('; ') }}"
  vars:
    problems: >-
      {{ profile_rollout_profiles | spectrocloud.palette.profile_rollout_input_problems(
           strategy=profile_rollout_strategy, clusters=profile_rollout_clusters,
           wait_timeout=profile_rollout_wait_timeout, wait_sleep=profile_rollout_wait_sleep,
           wait_progress_interval=profile_rollout_wait_progress_interval) }}
"""

RETURN = r"""
_value:
  description: One message per problem, in the order the options are listed above; empty when all is well.
  type: list
  elements: str
  sample: ["profile_rollout_profiles[0] (core): the new_version strategy needs new_version, the version to create"]
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_input import input_problems

# The checks live in plugins/module_utils/rollout_input.py: the role has palette_profile_rollout_plan run them before
# its first request (one task fewer than a check of its own); this filter offers the same checks to playbooks.


def profile_rollout_input_problems(profiles, strategy='in_place', clusters='all', wait_timeout=1800, wait_sleep=10,
                                   wait_progress_interval=20):
    """The messages, in the order of the options."""
    return input_problems(profiles, strategy=strategy, clusters=clusters, wait_timeout=wait_timeout,
                          wait_sleep=wait_sleep, wait_progress_interval=wait_progress_interval)


class FilterModule(object):
    """The input check of the role spectrocloud.palette.profile_rollout."""

    def filters(self):
        return {'profile_rollout_input_problems': profile_rollout_input_problems}
