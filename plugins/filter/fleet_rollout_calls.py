# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: fleet_rollout_calls
short_description: The palette_cluster_profile calls of one wave of the fleet_rollout playbook
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Used by the playbook C(spectrocloud.palette.fleet_rollout) (C(playbooks/fleet_rollout.yml)). A wave's clusters
    are updated by one M(spectrocloud.palette.palette_cluster_profile) call per project and profile version among
    them, not one per cluster; this filter groups the wave's rows (see P(spectrocloud.palette.fleet_rollout_plan#filter))
    into those calls, in the order their first cluster comes, each with its clusters in wave order.
options:
  _input:
    description: The rows of the clusters (see P(spectrocloud.palette.fleet_rollout_plan#filter)).
    type: list
    elements: dict
    required: true
  hosts:
    description: Only the rows of these hosts (the wave's, C(ansible_play_batch)); all rows when not given.
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: One call per project and profile version of the wave
  spectrocloud.palette.palette_cluster_profile:
    cluster_uids: "{{ item.uids }}"
    profile_uid: "{{ item.profile_uid }}"
    project_name: "{{ item.project }}"
    wait: true
  loop: "{{ plan | spectrocloud.palette.fleet_rollout_calls(hosts=ansible_play_batch) }}"
"""

RETURN = r"""
_value:
  description: One entry per call, with C(key) (project and profile version uid), C(project), C(profile_uid) and
    C(uids) (the cluster uids).
  type: list
  elements: dict
"""


def fleet_rollout_calls(rows, hosts=None):
    wanted = None if hosts is None else set(hosts)
    calls, by_key = [], {}
    for row in rows:
        if wanted is not None and row.get('cluster') not in wanted:
            continue
        profile_uid = (row.get('before') or {}).get('profile_uid')
        key = (row.get('project'), profile_uid)
        if key not in by_key:
            by_key[key] = {'key': list(key), 'project': row.get('project'), 'profile_uid': profile_uid, 'uids': []}
            calls.append(by_key[key])
        by_key[key]['uids'].append(row.get('uid'))
    return calls


class FilterModule(object):
    """The calls of a wave of the playbook fleet_rollout."""

    def filters(self):
        return {'fleet_rollout_calls': fleet_rollout_calls}
