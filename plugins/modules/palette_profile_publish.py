#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_profile_publish
short_description: Publish the draft of a Palette cluster profile
version_added: 0.1.0
description:
  - Publishes the draft of one cluster profile version (C(PATCH /v1/clusterprofiles/{uid}/publish)), found by O(uid) or
    O(name) and O(version), then reads it back and fails if the draft was not published.
  - Not changed when the profile has no draft. Where Palette applies a C(PUT) to the published content in place
    (M(spectrocloud.palette.palette_profile) reports C(landed=published)) there is never a draft, so the module then
    reports RV(already_published) and succeeds without writing.
  - A tenant-scoped profile is read and published without the C(ProjectUid) header of a project connection (a warning
    says so); publishing the draft of a system-scoped profile fails before anything is written.
  - Returns the published packs and the clusters that use the profile and now have a pending update
    (Palette's "Updates Available"); applying the update to them is a separate step.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.diff
  - spectrocloud.palette.profile_lookup
options:
  uid:
    description:
      - UID of the cluster profile version to publish.
      - Mutually exclusive with O(name).
    type: str
  name:
    description:
      - Name of the cluster profile to publish (exact match, in the scope of the connection).
      - When several versions have this name, O(version) is required.
      - Mutually exclusive with O(uid).
    type: str
notes:
  - In check mode nothing is written; RV(clusters_pending_update) then lists the clusters that would get an update.
  - Finding the clusters with a pending update reads C(GET /v1/dashboard/spectroclusters/{uid}) once per cluster that
    uses the profile.
seealso:
  - module: spectrocloud.palette.palette_profile
  - module: spectrocloud.palette.palette_profile_info
"""

EXAMPLES = r"""
- name: Publish the core and infra profiles of the edge fleet after changing them
  spectrocloud.palette.palette_profile_publish:
    host: https://api.spectrocloud.com
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    uid: "{{ item }}"
  loop:
    - 698e43979f639727243be3e8   # core
    - 698e434f56d5433423e3ee5a   # infra
  register: published

- name: Show which clusters now have an update waiting (for example edge-vmo)
  ansible.builtin.debug:
    msg: "{{ published.results | map(attribute='clusters_pending_update') | flatten | map(attribute='name') | unique }}"

- name: Publish a new version by name
  spectrocloud.palette.palette_profile_publish:
    name: core
    version: 1.2.0
"""

RETURN = r"""
uid:
  description: UID of the profile version.
  returned: always
  type: str
  sample: 698e43979f639727243be3e8
name:
  description: Profile name.
  returned: always
  type: str
  sample: core
version:
  description: Profile version.
  returned: always
  type: str
  sample: 1.1.0
published:
  description: Whether a draft was (or would be) published by this task.
  returned: always
  type: bool
already_published:
  description:
    - True when there was no draft to publish and the profile has published content, which is therefore current (for
      example after M(spectrocloud.palette.palette_profile) changed it in place, C(landed=published)). Not an error.
  returned: always
  type: bool
msg:
  description: Says that there was nothing to publish.
  returned: when RV(already_published) is true
  type: str
scope:
  description: Scope of the profile version (project, tenant or system; C(metadata.annotations.scope)).
  returned: always
  type: str
  sample: project
packs:
  description:
    - The packs of the published template after this task (in check mode, the draft's packs that would be published).
    - Each pack also has C(values), its values document exactly as stored (a string).
      Read it as C(pack['values']) in Jinja, because C(pack.values) is the dict method of that name.
  returned: always
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
      description: Concrete version of the tag.
      type: str
    type:
      description: Pack type.
      type: str
    layer:
      description: Pack layer.
      type: str
    registry_uid:
      description: Pack registry UID.
      type: str
    pack_uid:
      description: Pack UID.
      type: str
    manifests:
      description: Manifests (C(name), C(uid)).
      type: list
      elements: dict
clusters:
  description: Clusters that use this profile version.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "edge-vmo", "uid": "6982d34cd881f18566be1474"}]
clusters_pending_update:
  description: Clusters that use this profile version and have a pending update (C(status.notifications.isAvailable)).
  returned: always
  type: list
  elements: dict
  sample: [{"name": "edge-vmo", "uid": "6982d34cd881f18566be1474"}]
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.option_checks import refuse_blank
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import publish_profile
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService


def run(pm):
    p = pm.params
    refuse_blank(p, ('uid', 'name', 'version'))
    result, diff, warnings = publish_profile(ProfileService(pm.client), uid=p['uid'], name=p['name'], version=p['version'],
                                             check_mode=pm.check_mode)
    for warning in warnings:
        pm.warn(warning)
    return dict(result, diff=diff)


def main():
    pm = PaletteModule(
        argument_spec=dict(
            uid=dict(type='str'),
            name=dict(type='str'),
            version=dict(type='str'),
        ),
        supports_check_mode=True,
        mutually_exclusive=[['uid', 'name']],
        required_one_of=[['uid', 'name']],
        required_by={'version': 'name'},
    )
    pm.run(run)


if __name__ == '__main__':
    main()
