#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_profile
short_description: Change the packs of a Palette cluster profile
version_added: 0.1.0
description:
  - Changes packs of one cluster profile version, found by O(uid) or O(name) and O(version). Per pack it sets a new
    O(packs[].tag) (resolved to the pack UID through the pack's registry), a whole new O(packs[].values) document, or a
    few keys of the values with O(packs[].values_merge), which keeps the comments, key order and formatting of every
    untouched line.
  - Values are compared as YAML data, so sending the same document formatted differently is not a change.
  - Writes with one C(PUT /v1/clusterprofiles/{uid}) of the complete profile (C(spec.template.packs)); every pack, value,
    manifest and field that is not changed is sent back exactly as read.
  - Every manifest is sent with its C(content), read with C(GET /v1/clusterprofiles/{uid}/packs/{packName}/manifests) and
    matched by manifest UID, then by name (as the Terraform provider does). Whether Palette keeps or blanks a manifest
    sent without content is not documented, so when a manifest's content cannot be read the module fails before
    writing anything, naming the pack and the manifest.
  - Where a PUT on a published version lands is not documented and no official client has observed it. It may land
    in the profile's draft (clusters see nothing until M(spectrocloud.palette.palette_profile_publish) publishes it) or
    change the published content in place (clusters that use the version get an update pending at once, and there is
    nothing to publish). The module reads the profile back after the PUT and reports what it observed in
    RV(landed); it fails if neither the draft nor the published template holds the change. A profile that was never
    published has only a draft, which the PUT changes.
  - Re-reads the profile right before the PUT and fails, writing nothing, when someone changed it since it was read
    (Palette has no ETag; C(metadata.lastModifiedTimestamp) and the templates are compared).
  - With O(new_version) the changes go to a new version cloned from the given one (C(POST /v1/clusterprofiles/{uid}/clone)),
    leaving that one untouched; when the new version already exists it is used as it is, unless clusters use it
    (see O(new_version_in_use)).
  - When a write after the clone fails (the PUT, or reading the clone back), the module deletes the version it has just
    cloned, after reading that no cluster uses it, so a failed task leaves nothing half-made. When that delete fails
    too, the task fails naming the half-made version's UID and how to finish it (run the task again) or remove it.
  - With O(backup=true) the profile version to change is saved to a file right before the PUT, in the declaration
    format that M(spectrocloud.palette.palette_profile_definition) restores it from (see the rollback example).
  - A profile whose C(metadata.annotations.scope) is C(tenant) or C(system) is read without the C(ProjectUid) header of a
    project connection (a lookup that finds nothing in the project is tried once in tenant scope). A tenant profile is
    written in tenant scope too (RV(scope) says so and a warning names it, since clusters of every project that use it see the
    change). A system profile belongs to Palette; changing or cloning it fails before anything is written.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.profile_backup
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.diff
  - spectrocloud.palette.profile_lookup
options:
  uid:
    description:
      - UID of the cluster profile version to change.
      - Mutually exclusive with O(name).
    type: str
  name:
    description:
      - Name of the cluster profile to change (exact match, in the scope of the connection).
      - When several versions have this name, O(version) is required.
      - Mutually exclusive with O(uid).
    type: str
  new_version:
    description:
      - Apply the changes to this new version of the profile instead, a semantic version such as V(1.2.0).
      - When it does not exist yet it is cloned from the profile given by O(uid) or O(name)/O(version); when it exists
        (for example from an earlier run) it is changed as it is.
      - It must differ from the version it is cloned from (the task fails before any write otherwise).
      - When it exists and clusters use it, the task fails before any write, naming that version and its clusters,
        unless O(new_version_in_use=change).
    type: str
  new_version_in_use:
    description:
      - What to do when O(new_version) names a version that exists already and clusters use
        (C(status.inUseClusters)), and the changes are not in it yet.
      - V(fail) stops before any write and names that version and its clusters. Changing it changes what those
        clusters run (or its draft), which is not what a new version is for.
      - V(change) changes that version as it is, as the task does for an existing version no cluster uses.
      - A version that already holds the changes is not written either way, so a re-run after clusters moved to the new
        version changes nothing.
    type: str
    choices: [fail, change]
    default: fail
  packs:
    description:
      - The changes, one entry per pack. Packs not listed are left exactly as they are.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description:
          - Name of a pack of the profile. An unknown name is an error that lists the profile's packs.
        type: str
        required: true
      tag:
        description:
          - The pack tag (version) to move to, for example V(1.31.2). It is looked up in the pack's registry
            (C(GET /v1/packs/{name}/registries/{registryUid})), matching the concrete version first, then the tag;
            an unknown tag is an error that lists the available tags.
          - The pack's values are kept; change them with O(packs[].values) or O(packs[].values_merge).
        type: str
      values:
        description:
          - The whole new values document (YAML text; a mapping is accepted and written as block YAML).
          - Its top level must be a mapping, each key given once per mapping; a list, a scalar or a repeated key fails
            before any write, naming the key and its lines.
          - Sent as given when it differs from the current values as YAML data; otherwise nothing changes.
          - Mutually exclusive with O(packs[].values_merge).
        type: raw
      values_merge:
        description:
          - Keys to change in the current values. Nested mappings are merged key by key; any other value (including a
            list) replaces the value at that key; new keys are added at the end of their mapping.
          - Comments, key order, quoting and formatting of the untouched lines are kept byte for byte.
          - Mutually exclusive with O(packs[].values).
        type: dict
  existing_draft:
    description:
      - What to do when the profile already has a draft whose packs differ from the published ones (unpublished changes
        someone else made, or an earlier run with other changes).
      - V(fail) fails and shows that draft's diff against the published profile, unless the draft already equals the
        published profile plus the requested changes (an earlier run of the same task wrote it); then nothing is
        written and the result is not changed, so a plain re-run of a play that stopped before publishing completes.
      - V(build_on) applies the changes on top of the draft.
      - V(discard) applies the changes to the published packs and overwrites the draft with the result.
      - Only a Palette whose PUT lands in the draft (RV(landed=draft)) leaves drafts behind; where a PUT edits the published
        content in place there is no draft and this option has nothing to decide.
    type: str
    choices: [fail, build_on, discard]
    default: fail
notes:
  - B(Palette variable references in values.) A value such as C({{ .spectro.var.region }}) is Jinja syntax to
    Ansible, which would try to template it. In a task, mark such text C(!unsafe) (for example
    C(!unsafe "{{ .spectro.var.region }}")); text read with C(lookup('ansible.builtin.file', ...)) is not templated.
  - Bad input (an unknown profile, version, pack or tag, a name matching several versions, values that are not YAML,
    conflicting options) fails before anything is written.
  - In check mode nothing is written (no PUT, no clone); reads still happen, including the manifests' content, so a
    manifest that cannot be read fails the check too. Where the PUT would land cannot be observed without sending it, so
    in check mode RV(landed) is null and RV(draft) says only what is known (a draft there is now, or the draft of a
    profile that was never published).
  - Give all the changes to one profile version in one task. Where a PUT lands in the draft, a second task that changes
    other packs of the same profile before it is published finds a draft that holds changes it did not ask for, and
    fails unless it sets O(existing_draft=build_on).
  - Where a PUT changes the published content in place (RV(landed=published)), clusters that use the version have the
    update pending as soon as the task ends. To stage a change that no cluster sees before you decide, use
    O(new_version) and move clusters to it with M(spectrocloud.palette.palette_cluster_profile).
  - With O(new_version), when the profile to clone has a draft with other changes the task fails before cloning
    unless O(existing_draft) is V(build_on) or V(discard).
  - Values are compared as YAML 1.2 data; a document that is not valid YAML is compared as text.
requirements:
  - ruamel.yaml >= 0.17 (for O(packs[].values_merge) and comparing values; PyYAML is used for comparing when it is missing)
seealso:
  - module: spectrocloud.palette.palette_profile_info
  - module: spectrocloud.palette.palette_profile_publish
"""

EXAMPLES = r"""
# The edge fleet workflow (curl runbook): change the core add-on profile and the infra profile that the edge-vmo
# cluster uses, then publish both. Connection options are set once for the whole group (at play level in a real play).
- name: Update the edge profiles
  module_defaults:
    group/spectrocloud.palette.palette:
      host: https://api.spectrocloud.com
      api_key: "{{ palette_api_key }}"
      project_name: edge-prod
  block:
    - name: Move the core profile to VMO 4.7.1 and raise the KubeVirt replicas, keeping the rest of its values
      spectrocloud.palette.palette_profile:
        uid: 698e43979f639727243be3e8
        packs:
          - name: virtual-machine-orchestrator
            tag: 4.7.1
            values_merge:
              charts:
                virtual-machine-orchestrator:
                  kubevirt:
                    replicas: 2
      register: core

    - name: Move the infra profile to Kubernetes 1.31.2 and Calico 3.29.1
      spectrocloud.palette.palette_profile:
        name: infra
        version: 1.1.0
        packs:
          - name: edge-k8s
            tag: 1.31.2
          - name: cni-calico
            tag: 3.29.1

    - name: Publish both (nothing to publish, and not changed, where Palette changed the published content in place)
      spectrocloud.palette.palette_profile_publish:
        uid: "{{ item }}"
      loop:
        - 698e43979f639727243be3e8
        - 698e434f56d5433423e3ee5a

- name: Replace the whole values document of a pack
  spectrocloud.palette.palette_profile:
    name: core
    version: 1.1.0
    packs:
      - name: nginx
        values: "{{ lookup('ansible.builtin.file', 'files/nginx-values.yaml') }}"

- name: Put the changes into a new version 1.2.0 of core, leaving 1.1.0 as it is
  spectrocloud.palette.palette_profile:
    name: core
    version: 1.1.0
    new_version: 1.2.0
    packs:
      - name: metallb
        tag: 0.15.2

- name: Put the changes into core 1.2.0 even though clusters already use that version (changes what they run)
  spectrocloud.palette.palette_profile:
    name: core
    version: 1.1.0
    new_version: 1.2.0
    new_version_in_use: change
    packs:
      - name: metallb
        tag: 0.15.3

# Rollback of a bad edit: save the profile before the change, then restore it from that file in one step.
- name: Move MetalLB and drop the nginx replicas, saving core 1.1.0 first
  spectrocloud.palette.palette_profile:
    name: core
    version: 1.1.0
    backup: true
    backup_dir: "{{ playbook_dir }}/profile-backups"
    packs:
      - name: metallb
        tag: 0.15.2
      - name: nginx
        values_merge: {charts: {ingress-nginx: {controller: {replicaCount: 0}}}}
  register: edited

- name: The edit was bad - put core 1.1.0 back exactly as it was (packs, values text, manifests, variables, tags)
  spectrocloud.palette.palette_profile_definition:
    src: "{{ edited.backup_file }}"
  when: edited.backup_file is defined

- name: Add a change to a draft that already holds someone else's unpublished changes
  spectrocloud.palette.palette_profile:
    name: core
    version: 1.1.0
    existing_draft: build_on
    packs:
      - name: cert-manager
        tag: 1.16.1

- name: Preview a change (no writes) and show the values diff
  spectrocloud.palette.palette_profile:
    name: core
    version: 1.1.0
    packs:
      - name: nginx
        values_merge:
          charts:
            ingress-nginx:
              controller:
                replicaCount: 3
  check_mode: true
  diff: true
"""

RETURN = r"""
uid:
  description: UID of the profile version that was (or would be) changed. Null in check mode when O(new_version) would be created.
  returned: always
  type: str
  sample: 698e43979f639727243be3e8
name:
  description: Profile name.
  returned: always
  type: str
  sample: core
version:
  description: Version of the profile that was (or would be) changed.
  returned: always
  type: str
  sample: 1.1.0
backup_file:
  description: Path of the backup of the profile version taken right before the write (O(backup=true)).
  returned: when O(backup=true) and the task wrote to an existing profile version
  type: str
  sample: /home/ops/.ansible/palette_profile_backups/core-1.1.0.698e43979f639727243be3e8.20260301T101500.123456Z.yml
source_uid:
  description: UID of the profile given by O(uid) or O(name)/O(version) (the clone source with O(new_version)).
  returned: always
  type: str
created_version:
  description: Whether O(new_version) was (or would be) created by cloning.
  returned: always
  type: bool
scope:
  description:
    - Scope of the profile version (C(metadata.annotations.scope)). For V(tenant) from a project connection the profile
      was read and written in tenant scope, without the C(ProjectUid) header.
  returned: always
  type: str
  sample: project
landed:
  description:
    - Where this task's PUT was observed to land, read back right after it.
    - V(draft) means C(spec.draft) holds the change; clusters do not see it until it is published
      (M(spectrocloud.palette.palette_profile_publish)).
    - V(published) means Palette changed the published content in place; there is no draft to publish and clusters that
      use the version (RV(clusters)) now have an update pending.
    - Null when nothing was written (no change) and in check mode, which cannot observe where a PUT lands.
  returned: always
  type: str
  sample: published
draft:
  description:
    - Whether the profile has an unpublished draft after this task, as read back; publish it with
      M(spectrocloud.palette.palette_profile_publish).
    - In check mode, whether it has one now (or, for a profile that was never published, will have one); a PUT that
      would land in a new draft cannot be predicted (see RV(landed)).
  returned: always
  type: bool
clusters:
  description: Clusters that use the profile version (C(status.inUseClusters)), as read after the task.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "edge-vmo", "uid": "6982d34cd881f18566be1474"}]
note:
  description: How an existing draft was handled, for example C(the draft already holds these changes).
  returned: when the profile had a draft that differs from the published packs
  type: str
pack_changes:
  description: One entry per pack in O(packs).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Pack name.
      type: str
    changed:
      description: Whether this pack was (or would be) changed by this task.
      type: bool
    tag_before:
      description: Tag before.
      type: str
    tag_after:
      description: Tag after.
      type: str
    pack_uid_before:
      description: Pack UID before.
      type: str
    pack_uid_after:
      description: Pack UID after (resolved through the registry for a new tag).
      type: str
    tag_changed:
      description: Whether the tag changes.
      type: bool
    values_changed:
      description: Whether the values text changes.
      type: bool
    values_diff:
      description: Unified diff of the values document (empty when unchanged).
      type: str
      sample: "--- before/nginx/values.yaml\n+++ after/nginx/values.yaml\n@@ -3,3 +3,3 @@\n-      replicaCount: 2\n+      replicaCount: 3\n"
    values_reformatted:
      description: Whether ruamel.yaml had to re-render the whole values document (a warning is shown too).
      type: bool
    in_draft:
      description: Present and true when the change was already in the draft (an earlier run wrote it).
      type: bool
      returned: when the draft already holds the changes
packs:
  description:
    - Every pack of the profile as the template that holds the change (RV(landed)) holds (or would hold) it after this
      task.
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
"""

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.spectrocloud.palette.plugins.module_utils import values as yvalues
from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.option_checks import refuse_blank
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_backup import DEFAULT_DIR, ProfileBackup
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import DefinitionService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import EXISTING_DRAFT_CHOICES, NEW_VERSION_IN_USE_CHOICES
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import update_profile


def run(pm):
    p = pm.params
    refuse_blank(p, ('uid', 'name', 'version', 'new_version'))
    if not yvalues.HAS_RUAMEL and (not yvalues.HAS_PYYAML or any(c.get('values_merge') is not None for c in p['packs'])):
        pm.module.fail_json(msg=missing_required_lib('ruamel.yaml'), exception=yvalues.RUAMEL_IMPORT_ERROR)
    service = DefinitionService(pm.client)
    backup = ProfileBackup(service, p['backup_dir'], 'palette_profile') if p['backup'] else None
    result, diff, warnings = update_profile(
        service, uid=p['uid'], name=p['name'], version=p['version'], new_version=p['new_version'],
        packs=p['packs'], existing_draft=p['existing_draft'], check_mode=pm.check_mode, backup=backup,
        new_version_in_use=p['new_version_in_use'])
    for warning in (backup.warnings if backup else []) + warnings:
        pm.warn(warning)
    return dict(result, diff=diff)


def main():
    pm = PaletteModule(
        argument_spec=dict(
            uid=dict(type='str'),
            name=dict(type='str'),
            version=dict(type='str'),
            new_version=dict(type='str'),
            packs=dict(type='list', elements='dict', default=[], options=dict(
                name=dict(type='str', required=True),
                tag=dict(type='str'),
                values=dict(type='raw'),
                values_merge=dict(type='dict'),
            ), mutually_exclusive=[['values', 'values_merge']]),
            existing_draft=dict(type='str', choices=list(EXISTING_DRAFT_CHOICES), default='fail'),
            new_version_in_use=dict(type='str', choices=list(NEW_VERSION_IN_USE_CHOICES), default='fail'),
            backup=dict(type='bool', default=False),
            backup_dir=dict(type='path', default=DEFAULT_DIR),
        ),
        supports_check_mode=True,
        mutually_exclusive=[['uid', 'name']],
        required_one_of=[['uid', 'name']],
        required_by={'version': 'name'},
    )
    pm.run(run)


if __name__ == '__main__':
    main()
