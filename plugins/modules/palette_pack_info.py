#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_pack_info
short_description: Find a pack's tags and pack UIDs in a Palette pack registry
version_added: 0.1.0
description:
  - Finds a pack by O(name) in a pack registry given by O(registry_name) or O(registry_uid) (system or tenant scope),
    and returns its tags, each with its concrete version and pack UID
    (C(GET /v1/packs/{name}/registries/{registryUid})).
  - Without a registry, every pack registry is searched (one request per registry); a pack that more than one
    registry holds is refused, listing them.
  - With O(pack_uid), the pack that UID belongs to is found with C(GET /v1/packs/{uid}), which gives its registry.
    This is how a pack reference that carries no C(registryUid) is resolved, as the Terraform provider does.
  - A registry whose sync status says it cannot be synced (C(status.packSyncStatus.isSyncSupported) not true) may
    have no packs in Palette's catalogue. A pack or O(tag) the catalogue does not list there is returned as given,
    with no pack UID and RV(resolved=false). A profile uses it by name, tag and registry UID, and Palette finds the
    pack when the profile is saved (what the Terraform provider sends for such registries).
  - An unknown registry, pack, tag or pack UID is refused naming the option and listing what exists.
  - Never changes anything.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.no_diff
options:
  name:
    description:
      - Name of the pack, for example V(edge-k8s).
      - Required unless O(pack_uid) is given.
    type: str
  registry_name:
    description:
      - Name of the pack registry to look in, exactly as Palette shows it, for example V(Public Repo).
      - Mutually exclusive with O(registry_uid).
    type: str
  registry_uid:
    description:
      - UID of the pack registry to look in.
      - Mutually exclusive with O(registry_name).
    type: str
  tag:
    description:
      - Select this tag of the pack. It is matched against each tag's concrete version first, then against the tag
        itself (a tag may be a group such as V(1.30.x)).
      - RV(selected) holds the tag found, with its pack UID.
    type: str
  pack_uid:
    description:
      - UID of one version of the pack, for example the C(packUid) of a pack in a profile.
      - The pack and its registry are found from it; O(name), O(registry_name) and O(registry_uid) are then checked
        against what it belongs to.
    type: str
notes:
  - Only pack registries (C(GET /v1/registries/pack)) are searched; Helm and OCI registries have lists of their own.
seealso:
  - module: spectrocloud.palette.palette_profile
  - module: spectrocloud.palette.palette_profile_info
"""

EXAMPLES = r"""
# The connection options can also come from PALETTE_* environment variables, or be set once per play with
# module_defaults for the group spectrocloud.palette.palette; they are given here to show each way to log in.
- name: Tags of the edge Kubernetes pack in the public registry, with an API key
  spectrocloud.palette.palette_pack_info:
    host: https://api.spectrocloud.com
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: edge-k8s
    registry_name: Public Repo
  register: k8s

- name: Where pack uids come from - every tag with its pack uid, and the registry's uid
  ansible.builtin.debug:
    msg:
      tags: "{{ k8s.tags | items2dict(key_name='version', value_name='pack_uid') }}"
      registry: "{{ k8s.registry.uid }}"

- name: The pack uid of one tag, looked up in the registry by the uid found above
  spectrocloud.palette.palette_pack_info:
    name: edge-k8s
    registry_uid: "{{ k8s.registry.uid }}"
    tag: 1.31.2
  register: found

- name: Show it
  ansible.builtin.debug:
    msg: "{{ found.selected.pack_uid }}"

- name: With a token (JWT) from POST /v1/auth/authenticate (not refreshed), on a self-hosted Palette with a private CA
  spectrocloud.palette.palette_pack_info:
    host: https://palette.example.com
    ca_path: /etc/pki/palette/ca.pem
    token: "{{ palette_token }}"
    name: cni-calico

- name: Logged in as a user (the collection logs in and refreshes the token)
  spectrocloud.palette.palette_pack_info:
    username: "{{ vault_palette_username }}"
    password: "{{ vault_palette_password }}"
    org: edge-demo  # the tenant, when the user belongs to more than one
    name: metallb
    tag: 0.14.9

- name: Read the profile the edge-vmo cluster runs, to find the pack uids it uses
  spectrocloud.palette.palette_profile_info:
    name: infra
    version: 1.1.0
  register: profile

- name: The registry and tags of a pack the profile references by pack uid only
  spectrocloud.palette.palette_pack_info:
    pack_uid: "{{ profile.profile.packs[1].pack_uid }}"
  register: by_uid
"""

RETURN = r"""
registry:
  description: The pack registry the pack was looked up in.
  returned: success
  type: dict
  contains:
    uid:
      description: Registry UID.
      type: str
      sample: 64b7a3c1d2e3f40516273849
    name:
      description: Registry name (null when the pack's registry is not a pack registry Palette lists).
      type: str
      sample: Public Repo
    scope:
      description: Registry scope (system or tenant).
      type: str
    private:
      description: Whether the registry is private.
      type: bool
    endpoint:
      description: Registry endpoint.
      type: str
    sync_supported:
      description: Whether Palette can sync the registry (C(status.packSyncStatus.isSyncSupported)).
      type: bool
    sync_status:
      description: The registry's last sync status as Palette reports it.
      type: str
pack:
  description: The pack (its tags are in RV(tags)).
  returned: success
  type: dict
  contains:
    name:
      description: Pack name.
      type: str
    display_name:
      description: Display name.
      type: str
    layer:
      description: Layer (os, k8s, cni, csi or addon).
      type: str
    registry_uid:
      description: UID of the registry holding it.
      type: str
    cloud_types:
      description: Cloud types the pack supports.
      type: list
      elements: str
    addon_type:
      description: Add-on type.
      type: str
tags:
  description:
    - Every tag of the pack Palette lists, by version; empty when the registry cannot be synced and Palette lists none.
    - Each has C(tag), C(version) (the concrete version), C(pack_uid), C(group), C(parent_tags) and C(resolved).
  returned: success
  type: list
  elements: dict
  sample: [{"tag": "1.31.2", "version": "1.31.2", "pack_uid": "65a1f0000000000000000203", "group": null,
            "parent_tags": [], "resolved": true}]
selected:
  description:
    - The tag selected by O(tag) or O(pack_uid), same form as an element of RV(tags); null without either.
    - In a registry that cannot be synced, a tag Palette does not list has C(pack_uid=null) and C(resolved=false).
  returned: success
  type: dict
resolved:
  description: Whether the pack (and the selected tag) came from Palette's catalogue, with pack UIDs.
  returned: success
  type: bool
msg:
  description: Why nothing could be resolved, when the registry cannot be synced and Palette lists nothing.
  returned: when RV(resolved) is false because Palette lists no such pack
  type: str
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.option_checks import refuse_bad_selectors
from ansible_collections.spectrocloud.palette.plugins.module_utils.pack_registry import PackCatalogue


def run(pm):
    p = pm.params
    refuse_bad_selectors(p, ('name', 'registry_name', 'registry_uid', 'tag', 'pack_uid'))
    return PackCatalogue(pm.client).lookup(name=p['name'], registry_name=p['registry_name'],
                                           registry_uid=p['registry_uid'], tag=p['tag'], pack_uid=p['pack_uid'])


def main():
    pm = PaletteModule(
        argument_spec=dict(
            name=dict(type='str'),
            registry_name=dict(type='str'),
            registry_uid=dict(type='str'),
            tag=dict(type='str'),
            pack_uid=dict(type='str'),
        ),
        supports_check_mode=True,
        mutually_exclusive=[['registry_name', 'registry_uid']],
        required_one_of=[['name', 'pack_uid']],
    )
    pm.run(run)


if __name__ == '__main__':
    main()
