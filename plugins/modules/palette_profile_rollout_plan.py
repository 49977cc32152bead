#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_profile_rollout_plan
short_description: Decide in one read whether a cluster profile rollout has anything left to do
version_added: 1.0.0
description:
  - The first step of the role C(spectrocloud.palette.profile_rollout), usable on its own. Takes the rollout the role
    takes (the profile entries with their pack changes, the strategy, the cluster selections) and reads each profile
    and the clusters it is for once.
  - Decides with the same planning code as M(spectrocloud.palette.palette_profile) in check mode (would it write the
    profile, is a draft waiting to be published) and M(spectrocloud.palette.palette_cluster_profile) before its first
    write (would it send anything to a cluster, has each cluster installed the profile's content).
  - Returns RV(converged=true) when nothing is left to do - no profile to write, create or publish, no cluster to
    apply to or to wait for, no cluster to attach a profile to or detach one from. Otherwise RV(converged=false)
    and RV(reason) says what is left; the steps that do the work then read again what they write to before they
    write, so a change made in between is never overwritten.
  - Either way returns what it read, so that a caller decides and reports without reading again - per profile
    entry the version the change goes to and the clusters it is for (RV(profiles)), the version named as
    M(spectrocloud.palette.palette_profile_info) returns it (RV(sources)), and those clusters as
    M(spectrocloud.palette.palette_cluster_info) describes them (RV(clusters)).
  - Reads only the profiles of the rollout (not the clusters' other attached profiles, which matter only for a
    cluster that is written to), each target cluster, and the first page of the cluster search for their health
    (one request for a project of up to 50 clusters; in a larger one, the dashboard summary of each target cluster
    that page does not hold).
  - Fails, before anything is written, when the rollout cannot start - a profile or version that does not exist, a
    listed cluster that does not exist or runs none of the profiles (unless its entry attaches the profile),
    C(cluster_tags) that no cluster carries, an attach of a profile that is not an add-on, a detach of a cluster's
    infra (or cluster-type) profile or from a cluster built from a cluster template, a cluster that a profile lists
    as its user but that cannot be read - and when the API or the connection fails.
  - With more than one profile entry and not in check mode, when something is left to do, also runs every change
    as M(spectrocloud.palette.palette_profile) would in check mode (an unknown pack or tag, bad values, someone
    else's draft) and returns what it refuses in RV(refused), so that a bad second profile stops the rollout before
    the first one is written. With one entry that module checks it itself before its write.
  - Checks first, before any request, what an argument spec cannot express (the checks of the filter
    C(spectrocloud.palette.profile_rollout_input_problems)) - at least one profile entry, O(wait_timeout),
    O(wait_sleep) and O(wait_progress_interval) in range, each cluster selection V(all), V(none) or a list of names or UIDs, C(new_version) given
    exactly for the V(new_version) strategy, a pack's C(values) text or a mapping and its C(values_merge) a mapping, no
    profile listed twice - and fails with one message naming every problem (never a pack's values, only their kind).
  - Never changes anything.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.no_diff
options:
  profiles:
    description:
      - The profiles to change, as the role's C(profile_rollout_profiles) gives them - each with C(uid), or C(name)
        and C(version) (the newest published version when C(version) is left out), C(packs) (the changes as
        M(spectrocloud.palette.palette_profile) takes them), and optionally C(strategy), C(new_version) and
        C(clusters).
      - An entry may also attach or detach an add-on profile (the options of
        M(spectrocloud.palette.palette_cluster_profile)) - C(state) (V(present), the default, or V(absent)),
        C(attach) (with V(true), each selected cluster that runs no version of the profile gets the version attached),
        C(cluster_tags) (selects the clusters that carry all these tags, with the clusters C(clusters) lists), and
        C(variables) and C(cluster_variables) (the values of the attach; only checked here, never returned).
      - Attach and detach need a selection of their own - C(cluster_tags) or a list of clusters - never V(all).
        C(state=absent) takes no C(packs), C(new_version) nor C(attach) and detaches every attached version of the
        profile, or only the version the entry names with C(uid) or C(version).
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
  new_version_in_use:
    description:
      - What the change does with a C(new_version) that exists and clusters use (as M(spectrocloud.palette.palette_profile)
        takes it); used where this module runs the changes as that module would in check mode (RV(refused)).
    type: str
    choices: [fail, change]
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
  wait_timeout:
    description:
      - Seconds the rollout waits for the clusters of one profile, 1 to 86400. Only checked here, before anything is
        read, because the step that waits runs after the profiles were written.
    type: int
    default: 1800
  wait_sleep:
    description: Seconds between two checks while the rollout waits, 1 to 600. Only checked here, as O(wait_timeout).
    type: int
    default: 10
  wait_progress_interval:
    description:
      - How often, in seconds, the rollout shows the progress of its wait (0 to 86400; V(0) waits in one silent task),
        see M(spectrocloud.palette.palette_cluster_profile)'s
        O(spectrocloud.palette.palette_cluster_profile#module:wait_progress_interval). Only checked here, as
        O(wait_timeout).
    type: int
    default: 20
    version_added: 1.0.0
  option_prefix:
    description:
      - Put this in front of the option names in the messages about bad input, so that a message names what the caller
        set. The role C(spectrocloud.palette.profile_rollout) gives V(profile_rollout_), whose variables are these
        options with that prefix.
    type: str
    default: ""
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
refused:
  description:
    - What M(spectrocloud.palette.palette_profile) would refuse, per profile (its name, a colon and why; joined by
      semicolons), or null. Checked only with more than one profile entry, when something is left to do and not in check mode.
  returned: always
  type: str
  sample: "infra: packs[0].tag: pack 'edge-k8s' has no tag '9.9.9' in registry ..."
check_mode:
  description: Whether the module ran in check mode (a role's C(check_mode) applies to its tasks, not only C(--check)).
  returned: always
  type: bool
  sample: false
profiles:
  description: One entry per profile entry, in order.
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
      description: UID of that version when it exists (strategy new_version), else null.
      type: str
    selection:
      description: C(all), C(none) or C(list).
      type: str
    listed:
      description: The cluster names or UIDs given (selection C(list)), else empty.
      type: list
      elements: str
    packs:
      description: The entry's pack changes, as given.
      type: list
      elements: dict
    targets:
      description:
        - UIDs of the clusters the profile is applied to, in name order - the clusters that use the version named
          or the new version (selection C(all)), or the listed (or tagged) clusters that run a version of the profile.
        - Empty for an entry with C(state=absent).
      type: list
      elements: str
    state:
      description: The entry's C(state), V(present) or V(absent).
      type: str
    attach:
      description: Whether the entry attaches its version to the selected clusters that do not run the profile.
      type: bool
    cluster_tags:
      description: The entry's C(cluster_tags), as given (empty without them).
      type: list
      elements: str
    attach_targets:
      description:
        - UIDs of the selected clusters that run no version of the profile and get the entry's version attached
          (C(attach=true)), in name order. Attached only when the rollout publishes and applies.
      type: list
      elements: str
    detach_targets:
      description:
        - UIDs of the selected clusters that run the profile and lose it (C(state=absent)), in name order.
          Detached only when the rollout publishes and applies.
      type: list
      elements: str
    unused:
      description: Always empty (a listed cluster that runs none of the profiles fails the module); kept for callers
        of the role's earlier plan.
      type: list
      elements: str
    change:
      description: What M(spectrocloud.palette.palette_profile) would report (nothing to write) when converged, else null.
      type: dict
    apply:
      description: What M(spectrocloud.palette.palette_cluster_profile) would report (nothing to send) when converged,
        else null; null too when the rollout does not apply or the profile has no cluster.
      type: dict
sources:
  description: Per profile entry, in order, the version it names as M(spectrocloud.palette.palette_profile_info)
    returns it (its packs with their values).
  returned: always
  type: list
  elements: dict
clusters:
  description: The clusters of every entry, in name order, as M(spectrocloud.palette.palette_cluster_info) describes
    them (pending updates only for the profiles of the rollout).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_input import input_problems
from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_plan import Rollout, plan_rollout


def run(pm):
    p = pm.params
    # before the first request: input the rollout cannot start with costs no read
    problems = input_problems(p['profiles'], strategy=p['strategy'], clusters=p['clusters'],
                              wait_timeout=p['wait_timeout'], wait_sleep=p['wait_sleep'], prefix=p['option_prefix'],
                              wait_progress_interval=p['wait_progress_interval'])
    if problems:
        pm.fail('; '.join(problems))
    return plan_rollout(pm.client, Rollout(p), check_mode=pm.check_mode)


def main():
    pm = PaletteModule(
        argument_spec=dict(
            profiles=dict(type='list', elements='dict', required=True),
            strategy=dict(type='str', choices=['in_place', 'new_version'], default='in_place'),
            clusters=dict(type='raw', default='all'),
            existing_draft=dict(type='str', choices=['fail', 'build_on', 'discard'], default='fail'),
            new_version_in_use=dict(type='str', choices=['fail', 'change'], default='fail'),
            publish=dict(type='bool', default=True),
            apply=dict(type='bool', default=True),
            wait=dict(type='bool', default=True),
            cluster_values=dict(type='str', choices=['detect', 'keep', 'profile'], default='detect'),
            apply_setting=dict(type='str', choices=['DownloadAndInstall', 'DownloadAndInstallLater'],
                               default='DownloadAndInstall'),
            wait_timeout=dict(type='int', default=1800),
            wait_sleep=dict(type='int', default=10),
            wait_progress_interval=dict(type='int', default=20),
            option_prefix=dict(type='str', default=''),
        ),
        supports_check_mode=True,
    )
    pm.run(run)


if __name__ == '__main__':
    main()
