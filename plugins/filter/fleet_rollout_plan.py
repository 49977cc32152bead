# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: fleet_rollout_plan
short_description: The clusters of an inventory that the fleet_rollout playbook rolls a profile out to, in order
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Used by the playbook C(spectrocloud.palette.fleet_rollout) (C(playbooks/fleet_rollout.yml)) to choose its
    clusters from the host variables that the inventory plugin C(spectrocloud.palette.palette) sets.
  - Of the given hosts, keeps those whose C(palette_profiles) has the profile - by O(profile_uid) (that version only),
    or by O(profile_name) (and O(profile_version) when given) - and returns one summary row per cluster, the
    hosts of O(canaries) first, then the others, each part in name order (case-insensitive, as Jinja's C(sort)).
  - Each row holds what the cluster runs now and the status C(untouched); the playbook replaces rows as its waves
    run.
options:
  _input:
    description: C(hostvars).
    type: raw
    required: true
  hosts:
    description: The host names to choose from, for example C(ansible_play_hosts_all).
    type: list
    elements: str
    required: true
  canaries:
    description: The host names that go first.
    type: list
    elements: str
    default: []
  profile_uid:
    description: The uid of one profile version; only clusters that run that version are kept.
    type: str
    default: ""
  profile_name:
    description: The profile by name (when O(profile_uid) is empty).
    type: str
    default: ""
  profile_version:
    description: With O(profile_name), only clusters that run this version.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: List the clusters that run the profile core, canaries first
  ansible.builtin.set_fact:
    plan: >-
      {{ hostvars | spectrocloud.palette.fleet_rollout_plan(ansible_play_hosts_all, canaries=groups['palette_tag_canary'] | default([]),
                                                             profile_name='core') }}
  run_once: true
"""

RETURN = r"""
_value:
  description:
    - One row per cluster that runs the profile, in rollout order, with C(cluster) (the host), C(uid), C(project),
      C(profile), C(wave) (null), C(status) (V(untouched)), C(changed) (false), C(before) (C(profile_uid),
      C(version) and C(packs), each pack's C(name) and C(tag)), C(after) (null), C(pack_changes) (empty), C(state),
      C(update_pending), C(converged), C(install) and C(error) (null).
  type: list
  elements: dict
"""

from collections.abc import Mapping


def _text(value):
    return '' if value is None else str(value)


def _entry(profiles, profile_uid, profile_name, profile_version):
    """The first entry of a host's palette_profiles that is the profile asked for, or None."""
    for entry in profiles:
        if not isinstance(entry, Mapping):
            continue
        if profile_uid:
            if entry.get('uid') == profile_uid:
                return entry
        elif entry.get('name') == profile_name and (not profile_version or entry.get('version') == profile_version):
            return entry
    return None


def _row(host, hostvars, entry):
    return {
        'cluster': host, 'uid': hostvars.get('palette_cluster_uid'), 'project': hostvars.get('palette_project_name'),
        'profile': entry.get('name'), 'wave': None, 'status': 'untouched', 'changed': False,
        'before': {'profile_uid': entry.get('uid'), 'version': entry.get('version'),
                   'packs': [{'name': p.get('name'), 'tag': p.get('tag')} for p in entry.get('packs') or []]},
        'after': None, 'pack_changes': [], 'state': hostvars.get('palette_state'),
        'update_pending': hostvars.get('palette_update_pending'), 'converged': None, 'install': None, 'error': None,
    }


def _by_name(row):
    """Name order without regard to case, as Jinja's sort filter orders names."""
    return row['cluster'].lower()


def fleet_rollout_plan(hostvars, hosts, canaries=None, profile_uid='', profile_name='', profile_version=''):
    profile_uid, profile_name, profile_version = _text(profile_uid), _text(profile_name), _text(profile_version)
    first, rest = [], []
    canaries = set(canaries or [])
    for host in hosts:
        variables = hostvars[host]
        entry = _entry(variables.get('palette_profiles') or [], profile_uid, profile_name, profile_version)
        if entry is not None:
            (first if host in canaries else rest).append(_row(host, variables, entry))
    return sorted(first, key=_by_name) + sorted(rest, key=_by_name)


class FilterModule(object):
    """The clusters of the playbook fleet_rollout."""

    def filters(self):
        return {'fleet_rollout_plan': fleet_rollout_plan}
