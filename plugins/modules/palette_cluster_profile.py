#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_cluster_profile
short_description: Bring Palette clusters onto the published content of a cluster profile
version_added: 0.1.0
description:
  - For one or more clusters, applies the pending update of a cluster profile (the published content of the
    version the cluster runs), or switches the cluster from the version of the profile it runs to another version.
  - Each cluster keeps its own values (overrides) for the packs of the profile; they are sent again as C(packValues).
  - Sends C(PATCH /v1/spectroclusters/{uid}/profiles?resolveNotification=true) with C(replaceWithProfile) set to the
    version the cluster is attached to, which also clears the cluster's "Updates Available" notification.
  - Nothing is sent for a cluster that already runs the published content of the target version, or whose update to
    it is still being applied.
  - Every cluster is checked before anything is written, so a bad cluster or profile fails the task with no change.
  - Several clusters are handled concurrently; the collection's client keeps the requests within Palette's rate limits.
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
    support: full
  action_group:
    description: Use C(group/spectrocloud.palette.palette) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - spectrocloud.palette.palette
options:
  cluster_uids:
    description:
      - UIDs of the clusters to update.
      - At least one of O(cluster_uids) and O(cluster_names) is required; both may be given.
    type: list
    elements: str
    aliases: [cluster_uid]
  cluster_names:
    description:
      - Names of the clusters to update (exact match, in the project of the connection).
    type: list
    elements: str
    aliases: [cluster_name]
  profile_name:
    description:
      - Name of the cluster profile. Each cluster must run a version of it.
      - Without O(version) each cluster gets the published content of the version it runs (its pending update).
      - Mutually exclusive with O(profile_uid).
    type: str
    aliases: [profile]
  version:
    description:
      - Version of O(profile_name) the clusters should run, for example V(1.1.0). A cluster that runs another
        version of the profile is switched to this one.
      - Requires O(profile_name).
    type: str
  profile_uid:
    description:
      - UID of the profile version the clusters should run (instead of O(profile_name) and O(version)).
    type: str
  wait:
    description:
      - Wait until every cluster runs the target content (its C(spec.clusterProfileTemplates) for the profile has
        the published packs, names, tags and values, with the cluster's own values) and C(status.state) is
        C(Running) again.
      - The task fails naming each cluster whose apply failed, or that did not converge within O(wait_timeout) and the
        packs that still differ.
      - Ignored in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait, in all, with O(wait=true). From 1 to 86400.
    type: int
    default: 600
  wait_sleep:
    description:
      - Seconds between two checks of the clusters with O(wait=true). From 1 to 600.
    type: int
    default: 10
notes:
  - A cluster that does not run any version of the profile is an error; this module does not attach new profiles.
  - The cluster's own values are the packs whose values differ from the published values of the profile version
    the cluster is attached to.
seealso:
  - module: spectrocloud.palette.palette_cluster_info
  - module: spectrocloud.palette.palette_profile
  - module: spectrocloud.palette.palette_profile_publish
"""

EXAMPLES = r"""
# The edge workflow: change the infra profile the edge-vmo cluster runs, publish it, look at what the update
# would change, then bring edge-vmo onto the published infra and core content and wait until it runs it.
- name: Move the infra profile to Kubernetes 1.31.2
  spectrocloud.palette.palette_profile:
    host: https://api.spectrocloud.com
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: infra
    version: 1.1.0
    packs:
      - name: edge-k8s
        tag: 1.31.2

- name: Publish it
  spectrocloud.palette.palette_profile_publish:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: infra
    version: 1.1.0

- name: What the pending update would change on edge-vmo
  spectrocloud.palette.palette_cluster_info:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: edge-vmo
    include_values: false
  register: edge

- name: Show it
  ansible.builtin.debug:
    var: edge.clusters[0].pending_updates

- name: Apply the published infra and core content to edge-vmo, and wait until it runs it
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_name: edge-vmo
    profile_name: "{{ item }}"
    wait: true
    wait_timeout: 1800
  loop: [infra, core]

- name: Move two stores from whatever core version they run to core 1.1.0, keeping their own values
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_names: [edge-store-01, edge-store-02]
    profile_name: core
    version: 1.1.0
    wait: true
  register: moved

- name: Show the packs that changed on each store
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.pack_changes }}"
  loop: "{{ moved.clusters }}"
  loop_control:
    label: "{{ item.name }}"

- name: Preview (no write) what switching edge-vmo to a profile version given by uid would change
  spectrocloud.palette.palette_cluster_profile:
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    cluster_uids: [6982d34cd881f18566be1474]
    profile_uid: 698e434f56d5433423e3ee5a
  check_mode: true
  diff: true
"""

RETURN = r"""
changed:
  description: Whether an update was sent to at least one cluster (or would be, in check mode).
  returned: always
  type: bool
profile:
  description: The target profile.
  returned: always
  type: dict
  contains:
    name:
      description: Profile name.
      type: str
      sample: core
    uid:
      description: UID of the target version; null when each cluster keeps the version it runs.
      type: str
      sample: 698e43979f639727243be3e8
    version:
      description: Target version; null when each cluster keeps the version it runs.
      type: str
      sample: 1.1.0
clusters:
  description: One entry per cluster, in the order given (O(cluster_uids) first).
  returned: always
  type: list
  elements: dict
  contains:
    uid:
      description: Cluster UID.
      type: str
      sample: 6982d34cd881f18566be1474
    name:
      description: Cluster name.
      type: str
      sample: edge-vmo
    profile:
      description: Profile name.
      type: str
      sample: core
    changed:
      description: Whether an update was sent to this cluster (or would be, in check mode).
      type: bool
    action:
      description: C(update) (pending update of the same version), C(switch) (to another version) or null (nothing sent).
      type: str
      sample: update
    underway:
      description: The cluster is still applying an earlier update to the target content, so nothing was sent.
      type: bool
    before:
      description: What the cluster ran, with C(profile_uid), C(version) and C(packs) (C(name), C(tag)).
      type: dict
      sample: {"profile_uid": "698e43979f639727243be300", "version": "1.0.0", "packs": [{"name": "metallb", "tag": "0.14.8"}]}
    after:
      description: The target, with C(profile_uid), C(version) and C(packs) (C(name), C(tag)).
      type: dict
      sample: {"profile_uid": "698e43979f639727243be3e8", "version": "1.1.0", "packs": [{"name": "metallb", "tag": "0.14.8"}]}
    pack_changes:
      description: Each pack that differs between RV(clusters[].before) and RV(clusters[].after), values compared as YAML data.
      type: list
      elements: dict
      sample: [{"name": "nginx", "action": "add", "tag_before": null, "tag_after": "1.11.2", "values_changed": true}]
    kept_overrides:
      description: Names of the packs whose values are the cluster's own and were kept.
      type: list
      elements: str
      sample: [metallb]
    state:
      description: C(status.state) of the cluster when last read.
      type: str
      sample: Running
    converged:
      description: With O(wait=true), whether the cluster runs the target content and is C(Running); null without waiting.
      type: bool
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.clusters import ClusterService, update_clusters
from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.profiles import ProfileService


def main():
    pm = PaletteModule(
        argument_spec=dict(
            cluster_uids=dict(type='list', elements='str', aliases=['cluster_uid']),
            cluster_names=dict(type='list', elements='str', aliases=['cluster_name']),
            profile_name=dict(type='str', aliases=['profile']),
            version=dict(type='str'),
            profile_uid=dict(type='str'),
            wait=dict(type='bool', default=False),
            wait_timeout=dict(type='int', default=600),
            wait_sleep=dict(type='int', default=10),
        ),
        supports_check_mode=True,
        mutually_exclusive=[['profile_name', 'profile_uid'], ['version', 'profile_uid']],
        required_one_of=[['cluster_uids', 'cluster_names'], ['profile_name', 'profile_uid']],
        required_by={'version': 'profile_name'},
    )
    p = pm.params
    pm.run(lambda pm: update_clusters(
        ClusterService(pm.client), ProfileService(pm.client), cluster_uids=p['cluster_uids'],
        cluster_names=p['cluster_names'], profile_name=p['profile_name'], profile_uid=p['profile_uid'],
        version=p['version'], wait=p['wait'], wait_timeout=p['wait_timeout'], wait_sleep=p['wait_sleep'],
        check_mode=pm.check_mode))


if __name__ == '__main__':
    main()
