#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_profile_definition
short_description: Make a Palette cluster profile match its declaration (profiles as code)
version_added: 0.1.0
description:
  - Takes the full declaration of one cluster profile version (name, version, type, cloud type, scope, description,
    tags, variables and its packs in layer order, each with tag, registry, values and manifests) and makes Palette match
    it. The declaration is the O(definition) option or a YAML file (O(src)), for example one written by
    M(spectrocloud.palette.palette_profile_export) and kept in git.
  - When no profile of that name and version exists in the declared scope it is created (C(POST /v1/clusterprofiles)).
    When one exists it is adopted as it is and changed only where it differs. A re-run that finds Palette matching
    sends no write at all.
  - Packs are added, removed, reordered and changed (tag, registry, type, layer, values, manifests) with one
    C(PUT /v1/clusterprofiles/{uid}) of the complete profile, in which every field the declaration does not set is sent
    back exactly as read and every manifest with its content. Tags and description go through
    C(PATCH /v1/clusterprofiles/{uid}/metadata), variables through C(PUT /v1/clusterprofiles/{uid}/variables).
  - Tags of new packs (or changed ones) are looked up in the pack's registry, given by name or UID, with the pack
    catalogue of M(spectrocloud.palette.palette_pack_info); a pack whose tag, registry and everything else are
    unchanged needs no look-up.
  - Values and manifest contents are compared and written as text, byte for byte (the declaration is the truth), so a
    changed comment or a reformatted line is a change.
  - Everything is decided before the first write; a bad declaration (an unknown key, a repeated pack, a values
    document that is not a YAML mapping, an unknown registry, pack or tag) fails naming its path, for example
    C(definition.packs[2].tag), with nothing written. Right before the first write the profile is read again and the
    task fails, writing nothing, when someone changed it since it was read (Palette has no ETag). After every write the
    profile is read back and the task fails when Palette does not hold what was sent.
  - Where a PUT on a published version lands is not documented (REF §12); RV(landed) reports what was observed. With
    O(publish=true) a change that landed in a draft, or a draft that already holds the declaration, is published.
  - With O(state=absent) the declared version is deleted (C(DELETE /v1/clusterprofiles/{uid})); while clusters or
    cluster templates use it the task fails naming them, with nothing deleted. Whether Palette itself refuses to delete
    a version in use is not documented, so the module reads C(status.inUseClusters) and C(status.inUseClusterTemplates)
    right before the DELETE and never relies on Palette to refuse. When Palette's answer leaves either list out (the
    spec does not say an empty list is sent), the module cannot tell that nothing uses the version and refuses too.
  - A tenant profile (C(scope=tenant) in the declaration) is looked up, created and written in tenant scope (without the
    C(ProjectUid) header of a project connection). A system profile belongs to Palette and is never changed.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.profile_backup
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.diff
options:
  definition:
    description:
      - "The declaration, as a mapping with these keys (the same as a file given with O(src)):"
      - "C(name) (required) and C(version) (required, a semantic version such as V(1.2.0); quote it in YAML): what
        identifies the profile in its scope."
      - "C(type) (V(cluster), V(infra), V(add-on), V(system)) and C(cloud_type) (for example V(all) or V(edge-native)):
        required to create the profile; those of an existing profile cannot change (a PUT has no field for the cloud
        type), so a different one fails."
      - "C(scope): V(project) or V(tenant); default the connection's (V(project) with O(project_name) or
        O(project_uid), else V(tenant))."
      - "C(description): C(metadata.annotations.description). Left out, kept as it is."
      - "C(tags): the complete set of tags (C(metadata.labels)), a list of C(key:value) or bare C(key) strings (a bare
        tag is stored with the value C(spectro__tag), as Palette's UI and the Terraform provider do), or a mapping of
        labels. Left out, kept as they are."
      - "C(variables): the complete list of profile variables (C(v1Variable)) with the keys C(name), C(display_name),
        C(description), C(format), C(default_value), C(regex), C(required), C(immutable), C(hidden), C(is_sensitive),
        C(input_type) and C(options) (each C(value), C(label), C(description), C(default)); a key left out is the API's
        default. A sensitive variable declared without C(default_value) keeps the one Palette holds (an export leaves
        it out); a declared one is masked in everything the module returns. Left out, the variables are kept (and not
        read)."
      - "C(packs) (required with O(state=present)): the complete list of the profile's packs, in layer order. A pack
        not listed is removed; a pack of a name the profile has keeps every field the declaration leaves out. Each pack
        has C(name) (required, unique in the profile), C(type) (V(spectro), V(helm), V(manifest), V(oci); default the
        current one, else V(spectro)), C(layer) (V(kernel), V(os), V(k8s), V(cni), V(csi), V(addon); default the
        current one, else the catalogue's), C(registry) (a pack registry's name) or C(registry_uid) (default the
        current one; for a new pack the only registry that lists it), C(tag) or C(version) (the concrete version of a
        tag; required for a new pack other than a manifest pack), C(values) (the values document as text; left out,
        kept, or for a new pack the tag's default values) and C(manifests) (a list of C(name) and C(content); left
        out, kept)."
      - Strings in O(definition) are templated by Ansible; a values document holding Palette macros such as
        C({{ .spectro.macro.NAME }}) must not be, so keep such a declaration in a file (O(src)) or mark it C(!unsafe).
      - Mutually exclusive with O(src).
    type: dict
  src:
    description:
      - Path of a YAML file holding the declaration (same keys as O(definition)), for example one kept in git.
      - Read where the module runs, which for this collection is normally the controller (C(localhost)); with another
        host, use O(definition) with C(lookup('ansible.builtin.file', path, rstrip=false\) | from_yaml) (C(rstrip=false)
        keeps the file's last line break, which the last values or manifest text holds).
      - The file is not templated, so values may hold Palette macros.
      - Mutually exclusive with O(definition).
    type: path
  state:
    description:
      - V(present) makes Palette hold the declared profile version; V(absent) deletes it (only the declaration's
        C(name), C(version) and C(scope) are used).
    type: str
    choices: [present, absent]
    default: present
  publish:
    description:
      - Publish what this task wrote when it is in a draft (C(PATCH /v1/clusterprofiles/{uid}/publish)), and create a
        new profile published (C(POST ?publish=true)); a draft that already holds the declaration is published too.
      - V(false) leaves a new profile, and a change that lands in a draft, unpublished; publish later with
        M(spectrocloud.palette.palette_profile_publish).
      - The default is V(true), as the Terraform provider does after every write, so that the profile clusters can use
        is the declared one.
    type: bool
    default: true
  existing_draft:
    description:
      - What to do when the profile has a draft whose packs differ from the published ones and from the declaration
        (someone else's unpublished changes).
      - V(fail) fails, showing that draft's diff against the published profile. V(discard) replaces the draft with the
        declaration.
      - A draft that already holds the declaration is published (with O(publish=true)); when the published packs
        match the declaration, a draft with other changes is left alone (a warning says so).
    type: str
    choices: [fail, discard]
    default: fail
notes:
  - B(Palette variable references in values.) A value such as C({{ .spectro.var.region }}) is Jinja syntax to
    Ansible, which would try to template it. In a task, mark such text C(!unsafe) (for example
    C(!unsafe "{{ .spectro.var.region }}")); text read with C(lookup('ansible.builtin.file', ...)) or from a
    declaration file given as O(src) is not templated.
  - In check mode nothing is written; reads still happen (the profile, the manifests' content, the variables, the
    catalogue for new tags), so a declaration that would fail, fails the check too.
  - Export an existing profile with M(spectrocloud.palette.palette_profile_export); applying that export as it is
    changes nothing.
  - A backup taken with O(backup=true) (by this module or M(spectrocloud.palette.palette_profile)) is such an export;
    O(src) set to it restores the profile version as it was when the backup was taken. With O(state=absent) the
    backup is taken right before the DELETE, and applying it creates the version again (under a new UID).
requirements:
  - PyYAML (to read O(src))
  - ruamel.yaml >= 0.17 or PyYAML (to check values documents)
seealso:
  - module: spectrocloud.palette.palette_profile_export
  - module: spectrocloud.palette.palette_profile
  - module: spectrocloud.palette.palette_profile_publish
  - module: spectrocloud.palette.palette_pack_info
"""

EXAMPLES = r"""
- name: Make Palette hold the core profile as declared in git
  spectrocloud.palette.palette_profile_definition:
    host: https://api.spectrocloud.com
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    src: profiles/core-1.2.0.yml

- name: Preview what would change, per pack
  spectrocloud.palette.palette_profile_definition:
    src: profiles/core-1.2.0.yml
  check_mode: true
  diff: true

- name: A small add-on profile declared inline
  spectrocloud.palette.palette_profile_definition:
    definition:
      name: observability
      version: 1.0.0
      type: add-on
      cloud_type: all
      description: Metrics for every site
      tags: [team:platform, canary]
      packs:
        - name: prometheus-operator
          registry: Public Repo
          tag: 65.1.0
          values: |
            prometheus:
              retention: 7d
        - name: site-dashboards
          type: manifest
          layer: addon
          manifests:
            - name: dashboards
              content: |
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: dashboards

- name: Roll back a bad edit of core 1.1.0 from the backup palette_profile (backup=true) took before it
  spectrocloud.palette.palette_profile_definition:
    src: "{{ edited.backup_file }}"

- name: Apply a declaration, saving the profile as it was first
  spectrocloud.palette.palette_profile_definition:
    src: profiles/core-1.2.0.yml
    backup: true
  register: applied

- name: Delete an old version (fails, naming them, while clusters use it)
  spectrocloud.palette.palette_profile_definition:
    state: absent
    definition:
      name: core
      version: 1.0.0
"""

RETURN = r"""
uid:
  description: UID of the profile version. Null in check mode when it would be created.
  returned: always
  type: str
name:
  description: Profile name.
  returned: always
  type: str
version:
  description: Profile version.
  returned: always
  type: str
scope:
  description: Scope of the profile (V(project) or V(tenant)).
  returned: always
  type: str
created:
  description: Whether the profile was (or would be) created.
  returned: always
  type: bool
deleted:
  description: Whether the profile was (or would be) deleted (O(state=absent)).
  returned: always
  type: bool
published:
  description: Whether this task published (or would publish) the profile.
  returned: always
  type: bool
landed:
  description:
    - Where this task's PUT was observed to land, read back right after it; V(draft) or V(published) (Palette changed
      the published content in place). Null when no PUT was sent (nothing to change, create, check mode).
  returned: always
  type: str
draft:
  description: Whether the profile has an unpublished draft after the task (in check mode, now).
  returned: with O(state=present)
  type: bool
actions:
  description:
    - The writes done (in check mode, to be done), in order, from V(create), V(put_variables), V(put_packs),
      V(patch_metadata), V(publish) and V(delete). Empty when Palette already matches.
  returned: always
  type: list
  elements: str
  sample: [put_packs, patch_metadata]
packs:
  description:
    - One entry per pack of the declaration or of the profile, with C(name), C(action) (V(added), V(removed),
      V(changed), V(moved) or V(unchanged)), C(changes) (the fields that differ, from C(tag), C(pack_uid), C(type),
      C(layer), C(registry), C(values) and C(manifests)), C(position_before) and C(position_after) (from 0).
  returned: with O(state=present)
  type: list
  elements: dict
  sample: [{"name": "nginx", "action": "changed", "changes": ["values"], "position_before": 3, "position_after": 3}]
metadata_changed:
  description: Whether the tags or the description were (or would be) changed.
  returned: always
  type: bool
variables_changed:
  description: Whether the variables were (or would be) changed.
  returned: always
  type: bool
clusters:
  description: Clusters that use the profile version (C(status.inUseClusters)), as read last.
  returned: always
  type: list
  elements: dict
note:
  description: How a draft was handled, for example C(the draft already holds the declaration).
  returned: when the profile had a draft that differs from its published packs, or in check mode when a PUT is needed
  type: str
backup_file:
  description: Path of the backup of the profile version taken right before the first write (O(backup=true)).
  returned: when O(backup=true) and the task wrote to (or deleted) an existing profile version
  type: str
msg:
  description: Why nothing was done with O(state=absent) when the version does not exist.
  returned: when there was nothing to delete
  type: str
"""

import os

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition as D
from ansible_collections.spectrocloud.palette.plugins.module_utils import values as yvalues
from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_backup import DEFAULT_DIR, ProfileBackup
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_plan import EXISTING_DRAFT_CHOICES
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_runner import (
    apply_definition,
    delete_definition,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import DefinitionService


def read_definition(pm):
    """The declaration from O(definition) or the file O(src), parsed and checked."""
    p = pm.params
    if p['src'] is None:
        return D.parse_definition(p['definition'], 'definition', need_packs=p['state'] == 'present')
    if not yvalues.HAS_PYYAML:
        pm.module.fail_json(msg=missing_required_lib('PyYAML'), exception=yvalues.PYYAML_IMPORT_ERROR)
    where = 'src (%s)' % p['src']
    if not os.path.isfile(p['src']):
        raise D.DefinitionError('%s: no such file where the module runs' % where, option='src')
    with open(p['src'], 'rb') as handle:
        raw = handle.read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as err:
        raise D.DefinitionError('%s: not UTF-8 text (%s)' % (where, err), option='src')
    return D.parse_definition(D.load_text(text, where), where, need_packs=p['state'] == 'present')


def run(pm):
    p = pm.params
    if not yvalues.HAS_RUAMEL and not yvalues.HAS_PYYAML:
        pm.module.fail_json(msg=missing_required_lib('ruamel.yaml'), exception=yvalues.RUAMEL_IMPORT_ERROR)
    definition = read_definition(pm)
    for secret in D.sensitive_defaults(definition):
        pm.module.no_log_values.add(secret)
    service = DefinitionService(pm.client)
    backup = ProfileBackup(service, p['backup_dir'], 'palette_profile_definition') if p['backup'] else None
    if p['state'] == 'absent':
        result, diff, warnings = delete_definition(service, definition, check_mode=pm.check_mode, backup=backup)
    else:
        result, diff, warnings = apply_definition(service, definition, publish=p['publish'],
                                                  existing_draft=p['existing_draft'], check_mode=pm.check_mode,
                                                  backup=backup)
    for warning in (backup.warnings if backup else []) + warnings:
        pm.warn(warning)
    return dict(result, diff=diff)


def main():
    pm = PaletteModule(
        argument_spec=dict(
            definition=dict(type='dict'),
            src=dict(type='path'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            publish=dict(type='bool', default=True),
            existing_draft=dict(type='str', choices=list(EXISTING_DRAFT_CHOICES), default='fail'),
            backup=dict(type='bool', default=False),
            backup_dir=dict(type='path', default=DEFAULT_DIR),
        ),
        supports_check_mode=True,
        mutually_exclusive=[['definition', 'src']],
        required_one_of=[['definition', 'src']],
    )
    pm.run(run)


if __name__ == '__main__':
    main()
