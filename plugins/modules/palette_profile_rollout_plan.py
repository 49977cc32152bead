#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_profile_rollout_plan
short_description: Decide in one read whether a cluster profile rollout has anything left to do
version_added: 0.2.0
description:
  - The first step of the role C(spectrocloud.palette.profile_rollout), usable on its own. Takes the rollout the role
    takes (the profile entries with their pack changes, the strategy, the cluster selections) and reads each profile
    and the clusters it is for once.
  - Decides with the same planning code as M(spectrocloud.palette.palette_profile) in check mode (would it write the
    profile, is a draft waiting to be published) and M(spectrocloud.palette.palette_cluster_profile) before its first
    write (would it send anything to a cluster, has each cluster installed the profile's content).
  - Returns RV(converged=true) when nothing is left to do - no profile to write, create or publish, no cluster to
    apply to or to wait for - together with what was read (the profiles, what each of those modules would report,
    the clusters as M(spectrocloud.palette.palette_cluster_info) describes them), so a caller can report without
    reading again. Otherwise RV(converged=false) and RV(reason) says what is left; the steps that do the work then
    read again before they write, so a change made in between is never overwritten.
  - Reads only the profiles of the rollout (not the clusters' other attached profiles, which matter only for a
    cluster that is written to), each target cluster, and the first page of the cluster search for their health
    (one request for a project of up to 50 clusters; in a larger one, the dashboard summary of each target cluster
    that page does not hold). An input the other modules would refuse is not reported here; it makes the
    result not converged, and the module that does the work names the problem. An error of the API or of the
    connection fails this module.
  - Never changes anything.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  action_group:
    description: Use C(group/spectrocloud.palette.palette) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - spectrocloud.palette.palette
options:
  profiles:
    description:
      - The profiles to change, as the role's C(profile_rollout_profiles) gives them - each with C(uid), or C(name)
        and C(version) (the newest published version when C(version) is left out), C(packs) (the changes as
        M(spectrocloud.palette.palette_profile) takes them), and optionally C(strategy), C(new_version) and
        C(clusters).
    type: list
    elements: dict
    required: true
  strategy:
    description: The strategy of the entries that give none - change the version in place, or clone it to C(new_version).
    type: str
    choices: [in_place, new_version]
    default: in_place
  clusters:
    description:
      - The clusters of the entries that give none - C(all) (every cluster that uses the profile), C(none), or a list
        of cluster names or UIDs.
    type: raw
    default: all
  existing_draft:
    description: What the change does with a draft someone left (as M(spectrocloud.palette.palette_profile) takes it).
    type: str
    choices: [fail, build_on, discard]
    default: fail
  publish:
    description: Whether the rollout publishes the change.
    type: bool
    default: true
  apply:
    description: Whether the rollout applies the change to the clusters (only when it publishes it).
    type: bool
    default: true
  wait:
    description: Whether the rollout waits until the clusters have installed the change (sets the clusters' C(converged)).
    type: bool
    default: true
  cluster_values:
    description: How a cluster's own pack values are told apart from the change (see M(spectrocloud.palette.palette_cluster_profile)).
    type: str
    choices: [detect, keep, profile]
    default: detect
  apply_setting:
    description: The apply setting the rollout sends (see M(spectrocloud.palette.palette_cluster_profile)).
    type: str
    choices: [DownloadAndInstall, DownloadAndInstallLater]
    default: DownloadAndInstall
"""

EXAMPLES = r"""
- name: Find out whether the rollout has anything left to do
  spectrocloud.palette.palette_profile_rollout_plan:
    profiles:
      - name: core
        version: 1.1.0
        packs:
          - name: virtual-machine-orchestrator
            tag: 4.7.1
  register: plan

- name: Say what is left
  ansible.builtin.debug:
    msg: "{{ 'nothing to do' if plan.converged else plan.reason }}"
"""

RETURN = r"""
converged:
  description: Nothing is left to do - no profile to write, create or publish, no cluster to apply to or wait for.
  returned: always
  type: bool
  sample: true
reason:
  description: What is left to do (the first thing found), or null when converged.
  returned: always
  type: str
  sample: "core 1.1.0: the packs change"
profiles:
  description: One entry per profile entry, in order, when converged (empty otherwise).
  returned: always
  type: list
  elements: dict
  contains:
    index:
      description: Position of the entry in O(profiles).
      type: int
    name:
      description: Profile name.
      type: str
    uid:
      description: UID of the version the entry names.
      type: str
    version:
      description: Version the entry names.
      type: str
    strategy:
      description: The entry's strategy.
      type: str
    new_version:
      description: The version the change is in (strategy new_version), else null.
      type: str
    new_uid:
      description: UID of that version (strategy new_version), else null.
      type: str
    selection:
      description: C(all), C(none) or C(list).
      type: str
    targets:
      description: UIDs of the clusters the profile is applied to, in name order.
      type: list
      elements: str
    source:
      description: The version the entry names, as M(spectrocloud.palette.palette_profile_info) returns it.
      type: dict
    change:
      description: What M(spectrocloud.palette.palette_profile) would report (nothing to write).
      type: dict
    apply:
      description: What M(spectrocloud.palette.palette_cluster_profile) would report (nothing to send), or null when the
        rollout does not apply or has no cluster.
      type: dict
clusters:
  description: The target clusters as M(spectrocloud.palette.palette_cluster_info) describes them, when converged
    (pending updates only for the profiles of the rollout).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.profiles import ProfileService
from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_plan import Rollout, plan_rollout


def _good_selection(value):
    return value in ('all', 'none') or (isinstance(value, list) and all(isinstance(v, str) and v for v in value))


def run(pm):
    p = pm.params
    selections = [('clusters', p['clusters'])] + [('profiles[%d].clusters' % i, e.get('clusters'))
                                                  for i, e in enumerate(p['profiles']) if e.get('clusters') is not None]
    for where, value in selections:
        if not _good_selection(value):
            pm.fail('%s: give all, none or a list of cluster names or UIDs' % where)
    return plan_rollout(pm.client, ProfileService(pm.client), Rollout(p))


def main():
    pm = PaletteModule(
        argument_spec=dict(
            profiles=dict(type='list', elements='dict', required=True),
            strategy=dict(type='str', choices=['in_place', 'new_version'], default='in_place'),
            clusters=dict(type='raw', default='all'),
            existing_draft=dict(type='str', choices=['fail', 'build_on', 'discard'], default='fail'),
            publish=dict(type='bool', default=True),
            apply=dict(type='bool', default=True),
            wait=dict(type='bool', default=True),
            cluster_values=dict(type='str', choices=['detect', 'keep', 'profile'], default='detect'),
            apply_setting=dict(type='str', choices=['DownloadAndInstall', 'DownloadAndInstallLater'],
                               default='DownloadAndInstall'),
        ),
        supports_check_mode=True,
    )
    pm.run(run)


if __name__ == '__main__':
    main()
