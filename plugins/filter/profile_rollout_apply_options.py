# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_apply_options
short_description: What the profile_rollout role applies to the clusters of one profile
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - The options of M(spectrocloud.palette.palette_cluster_profile) for one entry of the plan of the role
    C(spectrocloud.palette.profile_rollout) - its target clusters, the changed version, and the content the
    clusters were attached with (C(previous_packs), C(previous_uid)), which tells each cluster's own values from
    the change.
  - C(previous_packs) holds the name and values of each pack of the version read before the run. With the
    V(in_place) strategy, when this run neither wrote nor published the change (a later run), the packs the entry
    changes are left out - the published content already holds the change, so only the packs it does not change
    are known to be the content from before.
options:
  _input:
    description: One plan entry (C(index), C(uid), C(strategy), C(targets), C(packs)), as
      M(spectrocloud.palette.palette_profile_rollout_plan) returns it.
    type: dict
    required: true
  sources:
    description: The versions read, by plan index (RV(spectrocloud.palette.palette_profile_rollout_plan#module:sources)).
    type: list
    elements: dict
    default: []
  changes:
    description: The results of M(spectrocloud.palette.palette_profile) by plan index.
    type: list
    elements: dict
    default: []
  publishes:
    description: The results of M(spectrocloud.palette.palette_profile_publish) by plan index (skipped ones too).
    type: list
    elements: dict
    default: []
"""

EXAMPLES = r"""
- name: Apply and wait
  spectrocloud.palette.palette_cluster_profile:
    cluster_uids: "{{ options.cluster_uids }}"
    profile_uid: "{{ options.profile_uid }}"
    previous_packs: "{{ options.previous_packs }}"
    previous_uid: "{{ options.previous_uid }}"
    wait: true
  vars:
    options: >-
      {{ step | spectrocloud.palette.profile_rollout_apply_options(sources=plan.sources, changes=changes.results,
                                                                   publishes=published.results) }}
"""

RETURN = r"""
_value:
  description: C(cluster_uids), C(profile_uid) (the version the change is in), C(previous_packs), C(previous_uid).
  type: dict
"""

from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_read_again import result_at
from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_plan import previous_packs


def profile_rollout_apply_options(step, sources=None, changes=None, publishes=None):
    change = result_at(changes, step['index'])
    made_here = bool(change.get('changed')) or bool(result_at(publishes, step['index']).get('published'))
    return {
        'cluster_uids': list(step.get('targets') or []),
        'profile_uid': change.get('uid'),
        'previous_packs': previous_packs(result_at(sources, step['index']).get('packs'), step.get('packs'),
                                         step.get('strategy'), made_here),
        'previous_uid': step.get('uid'),
    }


class FilterModule(object):
    """The apply options of the role spectrocloud.palette.profile_rollout."""

    def filters(self):
        return {'profile_rollout_apply_options': profile_rollout_apply_options}
