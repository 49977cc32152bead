#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_cluster_info
short_description: Read Palette clusters, their attached profiles, pending updates and install state
version_added: 0.1.0
description:
  - Reads one cluster by O(uid) or O(name), several by O(uids), or every cluster that matches O(filters)
    (all pages of C(POST /v1/dashboard/spectroclusters/search); virtual and deleted clusters are left out).
  - For each cluster returns its state and health, the cluster profile versions it is attached to with their packs
    (name, tag, values) as the cluster's C(spec.clusterProfileTemplates) holds them (the attached, desired content -
    not proof that the cluster has installed it), whether Palette shows "Updates Available"
    (C(status.notifications.isAvailable)), what the published content of each attached version would change per
    pack, the install state (C(status.packs[]), C(status.spcApply), C(status.repave)) and the cluster template it was
    built from.
  - Several clusters are read concurrently; the collection's client keeps the requests within Palette's rate limits.
  - Never changes anything.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.no_diff
options:
  uid:
    description:
      - UID of the cluster to read.
      - Mutually exclusive with O(name), O(uids) and O(filters).
    type: str
  name:
    description:
      - Name of the cluster to read (exact match, in the project of the connection).
      - A virtual cluster is not found by name; the error says so.
      - Mutually exclusive with O(uid), O(uids) and O(filters).
    type: str
  uids:
    description:
      - UIDs of the clusters to read. The module fails naming every UID that does not exist.
      - Mutually exclusive with O(uid), O(name) and O(filters).
    type: list
    elements: str
  filters:
    description:
      - Read every cluster that matches all of these filters. V(filters={}) reads every cluster of the project.
      - Mutually exclusive with O(uid), O(name) and O(uids).
    type: dict
    suboptions:
      name:
        description: Cluster name, exact and case-sensitive.
        type: str
      name_contains:
        description: Part of the cluster name, ignoring case.
        type: str
      state:
        description: Cluster states, for example V(Running); a cluster in any of them matches.
        type: list
        elements: str
      tags:
        description:
          - Cluster tags as C(key:value) or a bare C(key); a cluster must carry all of them.
          - A bare C(key) is a tag without a value (stored by Palette as C(key:spectro__tag)); it is searched in both forms and checked against the labels.
        type: list
        elements: str
      profile:
        description: Name, or version UID, of a cluster profile the cluster is attached to.
        type: str
  include_values:
    description:
      - Return the values document of every pack. Set to V(false) to keep the result small for large fleets.
    type: bool
    default: true
notes:
  - Without O(uid), O(name), O(uids) and O(filters) the module fails; use V(filters={}) to read every cluster.
  - The pending changes compare each attached template with the current published content of its profile version,
    each profile read once (a tenant- or system-scoped profile in tenant scope). C(GET .../profileUpdates) is not
    read - its shape for a cluster with its own values is unknown.
  - A pack whose values alone differ may hold the cluster's own values rather than a profile edit; they are listed in
    RV(clusters[].pending_updates[].values_only), since the two cannot be told apart from what the API shows.
seealso:
  - module: spectrocloud.palette.palette_cluster_profile
  - module: spectrocloud.palette.palette_profile_info
"""

EXAMPLES = r"""
# The connection options can also come from PALETTE_* environment variables, or be set once per play with
# module_defaults for the group spectrocloud.palette.palette; they are given here to show each way to log in.
- name: Read the edge cluster attached to the core and infra profiles, with an API key
  spectrocloud.palette.palette_cluster_info:
    host: https://api.spectrocloud.com
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: edge-vmo
  register: edge

- name: Show the core pack tags it is attached to, whether an update waits and whether it is installed
  ansible.builtin.debug:
    msg:
      - "{{ (edge.clusters[0].profiles | selectattr('name', 'eq', 'core') | first).packs | items2dict(key_name='name', value_name='tag') }}"
      - "update pending: {{ edge.clusters[0].update_pending }}"
      - "install: {{ edge.clusters[0].install.state }}"

- name: Where uids come from - the cluster's own and those of the profile versions it is attached to
  ansible.builtin.debug:
    msg:
      cluster: "{{ edge.clusters[0].uid }}"
      profiles: "{{ edge.clusters[0].profiles | items2dict(key_name='name', value_name='uid') }}"

- name: Read the infra profile version the cluster is attached to, by the uid found there
  spectrocloud.palette.palette_profile_info:
    uid: "{{ (edge.clusters[0].profiles | selectattr('name', 'eq', 'infra') | first).uid }}"

- name: Every task of this block logs in as a user of a self-hosted Palette with a private CA
  module_defaults:
    group/spectrocloud.palette.palette:
      host: https://palette.example.com
      ca_path: /etc/pki/palette/ca.pem  # the CA certificate (PEM) on the machine the module runs on
      username: "{{ vault_palette_username }}"
      password: "{{ vault_palette_password }}"
      org: edge-demo  # the tenant, when the user belongs to more than one
      project_name: edge-prod
  block:
    - name: Read the edge-vmo cluster
      spectrocloud.palette.palette_cluster_info:
        name: edge-vmo

    - name: Read the clusters that run the infra profile, without pack values
      spectrocloud.palette.palette_cluster_info:
        filters:
          profile: infra
        include_values: false

- name: With a token (JWT) got elsewhere, from POST /v1/auth/authenticate; it is not refreshed
  spectrocloud.palette.palette_cluster_info:
    token: "{{ palette_token }}"
    project_uid: 69791bbdb68bd0033ad275a5
    name: edge-vmo

- name: Every running production cluster that uses the core profile
  spectrocloud.palette.palette_cluster_info:
    filters:
      state: [Running]
      tags: ["env:prod"]
      profile: core
  register: fleet

- name: The clusters with an update waiting
  ansible.builtin.debug:
    msg: "{{ fleet.clusters | selectattr('update_pending') | map(attribute='name') | list }}"

- name: Read those clusters again by the uids found, without pack values
  spectrocloud.palette.palette_cluster_info:
    uids: "{{ fleet.clusters | selectattr('update_pending') | map(attribute='uid') | list }}"
    include_values: false
"""

RETURN = r"""
clusters:
  description: The clusters read, in search order (by name) or in the order of O(uids).
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
    state:
      description: C(status.state), for example C(Running) (Palette keeps it while a change is installed; see RV(clusters[].install)).
      type: str
      sample: Running
    health:
      description: C(status.health.state) of the cluster summary, for example C(Healthy).
      type: str
      sample: Healthy
    cloud_type:
      description: Cloud type of the cluster.
      type: str
      sample: edge-native
    tags:
      description: Cluster tags (C(metadata.labels)).
      type: dict
      sample: {"env": "prod", "site": "hq"}
    scope:
      description: Scope of the cluster (project or tenant).
      type: str
      sample: project
    profiles:
      description: The cluster profile versions the cluster is attached to, with the packs as its attached templates hold them.
      type: list
      elements: dict
      contains:
        uid:
          description: UID of the profile version.
          type: str
          sample: 698e43979f639727243be3e8
        name:
          description: Profile name.
          type: str
          sample: core
        version:
          description: Profile version.
          type: str
          sample: 1.1.0
        type:
          description: Profile type (cluster, infra, add-on or system).
          type: str
          sample: add-on
        packs:
          description: Packs (C(name), C(tag), C(version), C(type), C(layer), and C(values) unless O(include_values=false)).
          type: list
          elements: dict
          sample: [{"name": "metallb", "tag": "0.14.8", "version": "0.14.8", "type": "spectro", "layer": "addon", "values": "charts: ..."}]
    update_pending:
      description: Whether Palette shows "Updates Available" for the cluster.
      type: bool
      sample: true
    install:
      description: The install state of the attached content, from C(status.packs[]), C(status.spcApply) and C(status.repave).
      type: dict
      contains:
        state:
          description:
            - C(installed) (every attached pack C(Ready)/C(True) with its version, reported after the last accepted
              change), C(installing), C(not_started), C(waiting_for_trigger) (C(DownloadAndInstallLater) not triggered),
              C(repave_pending), C(failed) (a pack reports C(Error)) or C(unknown) (no pack status).
          type: str
          sample: installed
        packs:
          description: Every C(status.packs[]) entry - C(name), C(profile_uid), C(version), C(condition) (type), C(status), C(message).
          type: list
          elements: dict
          sample: [{"name": "nginx", "profile_uid": "698e43979f639727243be3e8", "version": "1.11.2", "condition": "Ready", "status": "True", "message": null}]
        message:
          description: Summary of what is not installed, per profile.
          type: str
          sample: installed
    repave:
      description: C(status.repave) - C(state) (C(Pending) blocks the install until approved).
      type: dict
      returned: when the cluster reports a repave state
      sample: {"state": "Pending"}
    cluster_template:
      description: The cluster template the cluster was built from (C(uid), C(project_uid)), or null. Its profiles belong to the template.
      type: dict
      sample: {"uid": "69a0000000000000000000aa", "project_uid": "69791bbdb68bd0033ad275a5"}
    unreadable_profiles:
      description: Attached profiles these credentials cannot read in project or tenant scope (their pending updates are unknown).
      type: list
      elements: str
      returned: when some could not be read
    pending_updates:
      description: Per attached profile whose version's current published content differs from the attached template, what it would change (empty when none).
      type: list
      elements: dict
      contains:
        profile:
          description: Profile name.
          type: str
          sample: core
        uid_before:
          description: UID of the profile version the cluster is attached to.
          type: str
        uid_after:
          description: UID of the profile version whose published content is compared (the same version).
          type: str
        version_before:
          description: Profile version the cluster is attached to.
          type: str
          sample: 1.1.0
        version_after:
          description: Profile version after the update.
          type: str
          sample: 1.1.0
        packs:
          description:
            - Each pack that would change, C(action) being C(update), C(add) or C(remove).
            - C(values_changed) compares the values as YAML data, the cluster's own values included.
          type: list
          elements: dict
          sample: [{"name": "metallb", "action": "update", "tag_before": "0.14.8", "tag_after": "0.14.9", "values_changed": false}]
        values_only:
          description: Packs whose values alone differ - a profile edit or the cluster's own values, which cannot be told apart here.
          type: list
          elements: str
          sample: [metallb]
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_runner import cluster_facts
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.option_checks import refuse_bad_selectors


def run(pm):
    p = pm.params
    refuse_bad_selectors(p, ('uid', 'name', 'uids', 'filters'))
    return cluster_facts(ClusterService(pm.client), uid=p['uid'], name=p['name'], uids=p['uids'],
                         filters=p['filters'], include_values=p['include_values'])


def main():
    pm = PaletteModule(
        argument_spec=dict(
            uid=dict(type='str'),
            name=dict(type='str'),
            uids=dict(type='list', elements='str'),
            filters=dict(type='dict', options=dict(
                name=dict(type='str'),
                name_contains=dict(type='str'),
                state=dict(type='list', elements='str'),
                tags=dict(type='list', elements='str'),
                profile=dict(type='str'),
            )),
            include_values=dict(type='bool', default=True),
        ),
        supports_check_mode=True,
        mutually_exclusive=[['uid', 'name', 'uids', 'filters']],
        required_one_of=[['uid', 'name', 'uids', 'filters']],
    )
    pm.run(run)


if __name__ == '__main__':
    main()
