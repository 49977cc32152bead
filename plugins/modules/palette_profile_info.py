#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_profile_info
short_description: Read Palette cluster profiles
version_added: 0.1.0
description:
  - Reads one cluster profile version by O(uid), or by O(name) and O(version) (without O(version) the newest
    published version), with its packs (name, tag, type, layer, registry, pack uid, values, manifests), its other
    versions, its draft and who uses it (the clusters and cluster templates named by its C(status)), and whether it
    is used, unused or of unknown usage (RV(profile.usage)).
  - Or lists the cluster profiles that match O(filters), reading every page of
    C(POST /v1/dashboard/clusterprofiles). List entries carry no pack values (the API's summaries have none).
  - A profile whose C(metadata.annotations.scope) is C(tenant) or C(system) is read without the C(ProjectUid) header of
    a project connection; a profile that a project connection does not find by O(uid) or O(name) is looked up once
    more in tenant scope (whether Palette shows tenant profiles to a project is not documented). RV(profile.scope)
    tells which scope it has.
  - Never changes anything.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.no_diff
  - spectrocloud.palette.profile_lookup
options:
  uid:
    description:
      - UID of the cluster profile version to read.
      - Mutually exclusive with O(name) and O(filters).
    type: str
  name:
    description:
      - Name of the cluster profile to read (exact match, in the scope of the connection).
      - Without O(version) the newest published version is returned.
      - Mutually exclusive with O(uid) and O(filters).
    type: str
  filters:
    description:
      - List the profiles that match all of these filters (list mode). V(filters={}) lists every profile in scope.
      - Mutually exclusive with O(uid) and O(name).
    type: dict
    suboptions:
      name:
        description: Profile name, exact and case-sensitive.
        type: str
      name_contains:
        description: Part of the profile name, ignoring case. Ignored when O(filters.name) is set.
        type: str
      type:
        description: Profile types.
        type: list
        elements: str
        choices: [cluster, infra, add-on, system]
      tags:
        description: Profile tags (labels), as C(key:value) or a bare C(key).
        type: list
        elements: str
      version:
        description: Profile version.
        type: str
      scope:
        description: Only profiles of this scope.
        type: str
        choices: [system, tenant, project]
      environment:
        description: Cloud types, for example V(edge-native) or V(all).
        type: list
        elements: str
  manifest_content:
    description:
      - Also read the content of every manifest of the profile's packs (one request per manifest).
      - Only with O(uid) or O(name).
    type: bool
    default: false
  include_variables:
    description:
      - Also read the profile variables of the profile version (C(GET /v1/clusterprofiles/{uid}/variables), one request;
        the profile's own GET carries none) into RV(profile.variables).
      - Only with O(uid) or O(name). List mode never reads variables (that would take one request per profile); read a
        profile by O(uid) to get its variables.
    type: bool
    default: true
    version_added: 1.0.0
notes:
  - Without O(uid), O(name) and O(filters) the module fails; use V(filters={}) to list everything.
seealso:
  - module: spectrocloud.palette.palette_profile
  - module: spectrocloud.palette.palette_profile_publish
"""

EXAMPLES = r"""
# The connection options can also come from PALETTE_* environment variables, or be set once per play with
# module_defaults for the group spectrocloud.palette.palette; they are given here to show each way to log in.
- name: Read the core add-on profile of the edge fleet (newest published version), with an API key
  spectrocloud.palette.palette_profile_info:
    host: https://api.spectrocloud.com
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: core
  register: core

- name: Show the tags of its packs
  ansible.builtin.debug:
    msg: "{{ core.profile.packs | items2dict(key_name='name', value_name='tag') }}"

- name: Where a profile uid comes from - the uid of every version of core, from the result above
  ansible.builtin.debug:
    msg: "{{ core.profile.versions | items2dict(key_name='version', value_name='uid') }}"

- name: Read core 1.0.0 by the uid found there
  spectrocloud.palette.palette_profile_info:
    uid: "{{ (core.profile.versions | selectattr('version', 'eq', '1.0.0') | first).uid }}"

- name: Logged in as a user of a self-hosted Palette whose certificate a private CA signed
  spectrocloud.palette.palette_profile_info:
    host: https://palette.example.com
    ca_path: /etc/pki/palette/ca.pem
    username: "{{ vault_palette_username }}"
    password: "{{ vault_palette_password }}"
    org: edge-demo  # the tenant, when the user belongs to more than one
    project_name: edge-prod
    name: core

- name: With a token (JWT) got elsewhere, from POST /v1/auth/authenticate; it is not refreshed
  spectrocloud.palette.palette_profile_info:
    token: "{{ palette_token }}"
    project_name: edge-prod
    name: core

- name: Read a given version, with manifest contents
  spectrocloud.palette.palette_profile_info:
    name: core
    version: 1.1.0
    manifest_content: true

- name: The profile variables of core 1.1.0 (a sensitive default value comes back masked)
  spectrocloud.palette.palette_profile_info:
    name: core
    version: 1.1.0
  register: core_110

- name: Show the variables a cluster must be given a value for
  ansible.builtin.debug:
    msg: "{{ core_110.profile.variables | selectattr('required') | map(attribute='name') | list }}"

- name: List every infra profile (all pages)
  spectrocloud.palette.palette_profile_info:
    filters:
      type: [infra]
  register: infra_profiles

- name: The uid of each infra profile version listed
  ansible.builtin.debug:
    msg: "{{ infra_profiles.profiles | map(attribute='uid') | list }}"

- name: List the profiles whose name contains "core" and that carry the tag team:platform
  spectrocloud.palette.palette_profile_info:
    filters:
      name_contains: core
      tags: ["team:platform"]
"""

RETURN = r"""
profile:
  description: The profile read by O(uid) or O(name) (not returned in list mode).
  returned: when O(uid) or O(name) is given
  type: dict
  contains:
    uid:
      description: UID of this profile version.
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
    versions:
      description: Every version of this profile name, each with its own UID.
      type: list
      elements: dict
      sample: [{"uid": "698e43979f639727243be300", "version": "1.0.0"}, {"uid": "698e43979f639727243be3e8", "version": "1.1.0"}]
    type:
      description: Profile type (cluster, infra, add-on or system).
      type: str
      sample: add-on
    cloud_type:
      description: Cloud type of the profile.
      type: str
      sample: all
    scope:
      description: Scope of the profile (project, tenant or system).
      type: str
      sample: project
    description:
      description: Profile description.
      type: str
    labels:
      description: Profile tags as a mapping.
      type: dict
      sample: {"team": "platform"}
    last_modified:
      description: C(metadata.lastModifiedTimestamp).
      type: str
    is_published:
      description: Whether the profile has a published template.
      type: bool
    has_draft:
      description: Whether the profile has an unpublished draft.
      type: bool
    draft_differs:
      description: Whether the draft's packs differ from the published packs.
      type: bool
    packs:
      description:
        - The packs of the published template (of the draft when the profile was never published), in layer order.
        - Each pack also has C(values), its values document exactly as stored (a string).
          Read it as C(pack['values']) in Jinja, because C(pack.values) is the dict method of that name.
      type: list
      elements: dict
      contains:
        name:
          description: Pack name.
          type: str
        tag:
          description: Pack tag.
          type: str
        version:
          description: Concrete pack version of the tag.
          type: str
        type:
          description: Pack type (spectro, helm, manifest or oci).
          type: str
        layer:
          description: Layer (os, k8s, cni, csi or addon).
          type: str
        registry_uid:
          description: UID of the pack registry.
          type: str
        pack_uid:
          description: UID of the pack version (C(packUid)).
          type: str
        manifests:
          description: Manifests of the pack (C(name), C(uid); C(content) with O(manifest_content=true)).
          type: list
          elements: dict
    draft_packs:
      description: The packs of the draft, same form as RV(profile.packs); null when there is no draft.
      type: list
      elements: dict
    variables:
      description:
        - The profile variables of this version (C(v1Variable)), in the order Palette lists them, with the spec's
          defaults filled in for fields Palette leaves out. A pack references one as C({{.spectro.var.NAME}}).
        - The default value of a sensitive variable (C(isSensitive)) is masked as C(********).
        - Only with O(include_variables=true).
      type: list
      elements: dict
      returned: when O(include_variables=true)
      contains:
        name:
          description: Variable name.
          type: str
          sample: vip
        display_name:
          description: Name Palette shows when a cluster is deployed.
          type: str
        description:
          description: Variable description.
          type: str
        format:
          description: Format of the value (string, number, boolean, ipv4, ipv4cidr, ipv6, version or base64).
          type: str
          sample: ipv4
        default_value:
          description: Default value; C(********) when RV(profile.variables[].is_sensitive) and a default is set.
          type: str
        regex:
          description: Regular expression the value must match.
          type: str
        required:
          description: Whether a cluster must have a value.
          type: bool
        immutable:
          description: Whether the value cannot be changed.
          type: bool
        hidden:
          description: Whether the variable is hidden from overriding.
          type: bool
        is_sensitive:
          description: Whether the value is masked.
          type: bool
        input_type:
          description: Input type (text, dropdown or multiline).
          type: str
        options:
          description: The choices of a dropdown (C(v1VariableOption) entries with C(value), C(label), C(description), C(default)).
          type: list
          elements: dict
    in_use_clusters:
      description: Clusters that use this profile version (C(status.inUseClusters)).
      type: list
      elements: dict
      sample: [{"name": "edge-vmo", "uid": "6982d34cd881f18566be1474"}]
    in_use_cluster_templates:
      description: Cluster templates that use this profile version (C(status.inUseClusterTemplates)), as C(name), C(uid).
      type: list
      elements: dict
      version_added: 1.0.0
    usage:
      description:
        - V(used) when RV(profile.in_use_clusters) or RV(profile.in_use_cluster_templates) is not empty, V(unused) when
          both are empty, V(unknown) when the answer does not carry both lists (RV(profile.usage_problem) says which).
        - A version whose usage is V(unknown) is never taken for unused (M(spectrocloud.palette.palette_profile_prune)
          keeps it).
      type: str
      choices: [used, unused, unknown]
      version_added: 1.0.0
    unused:
      description: True only when RV(profile.usage) is V(unused).
      type: bool
      version_added: 1.0.0
    usage_problem:
      description: Why RV(profile.usage) is V(unknown); null otherwise.
      type: str
      version_added: 1.0.0
    state:
      description: V(published) when the version has a published template, V(draft) when it only has a draft.
      type: str
      choices: [published, draft]
      version_added: 1.0.0
    project_uid:
      description: UID of the project of a project-scoped version (C(metadata.annotations.projectUid)); null otherwise.
      type: str
      version_added: 1.0.0
    project_name:
      description: Name of that project when it is the connection's project given by O(project_name); null otherwise.
      type: str
      version_added: 1.0.0
profiles:
  description:
    - The profiles found. In list mode the summaries of every page; their packs carry no values or manifests.
    - With O(uid) or O(name) a list holding RV(profile).
    - Every entry carries the usage fields of RV(profile) (RV(profile.usage), RV(profile.unused),
      RV(profile.in_use_clusters), RV(profile.in_use_cluster_templates), RV(profile.state), RV(profile.scope),
      RV(profile.project_uid)), read from the list's C(status) of that version.
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.option_checks import refuse_bad_selectors
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import PROFILE_TYPES
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import profile_facts
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService


def run(pm):
    p = pm.params
    refuse_bad_selectors(p, ('uid', 'name', 'version', 'filters'))
    return profile_facts(ProfileService(pm.client), uid=p['uid'], name=p['name'], version=p['version'],
                         filters=p['filters'], manifest_content=p['manifest_content'],
                         include_variables=p['include_variables'])


def main():
    pm = PaletteModule(
        argument_spec=dict(
            uid=dict(type='str'),
            name=dict(type='str'),
            version=dict(type='str'),
            filters=dict(type='dict', options=dict(
                name=dict(type='str'),
                name_contains=dict(type='str'),
                type=dict(type='list', elements='str', choices=list(PROFILE_TYPES)),
                tags=dict(type='list', elements='str'),
                version=dict(type='str'),
                scope=dict(type='str', choices=['system', 'tenant', 'project']),
                environment=dict(type='list', elements='str'),
            )),
            manifest_content=dict(type='bool', default=False),
            include_variables=dict(type='bool', default=True),
        ),
        supports_check_mode=True,
        mutually_exclusive=[['uid', 'name', 'filters']],
        required_one_of=[['uid', 'name', 'filters']],
        required_by={'version': 'name'},
    )
    pm.run(run)


if __name__ == '__main__':
    main()
