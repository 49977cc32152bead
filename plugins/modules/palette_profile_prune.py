#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_profile_prune
short_description: Delete the cluster profile versions nobody uses, keeping the newest ones
version_added: 1.0.0
description:
  - Lists the cluster profile versions whose name matches O(name_pattern) in the chosen O(scope) (tenant, the
    connection's project, or both; system profiles are never selected), reads the usage of each from its C(status)
    (C(inUseClusters) and C(inUseClusterTemplates)), keeps the newest O(keep_latest) versions of each profile (semantic
    version order) and deletes the other unused versions that carry every tag in O(tags).
  - Usage is read, not guessed. A version whose usage cannot be read (the read fails, or the answer lacks either list)
    has status V(unknown) and is kept.
  - Right before the C(DELETE /v1/clusterprofiles/{uid}) of a version its usage is read again; a version a cluster or
    cluster template started to use since the listing is kept, and the result says so. With O(backup=true) (the
    default) that same read is written to a backup file first, in the declaration format of
    M(spectrocloud.palette.palette_profile_export) (mode 0600), and M(spectrocloud.palette.palette_profile_definition)
    with O(spectrocloud.palette.palette_profile_definition#module:src) set to it creates the version again. A version
    whose backup fails is not deleted.
  - In check mode nothing is deleted and RV(would_delete) lists what a run would delete (each still after a fresh
    read). A run after an interrupted one is safe, as what is gone is no longer listed and a version found gone
    right before its DELETE counts as V(already_deleted).
  - The role C(spectrocloud.palette.prune_profiles) runs this module and writes the report (Markdown, JSON, CSV).
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.no_diff
options:
  name_pattern:
    description:
      - Shell-style pattern (C(*), C(?), C([...])) the profile name must match, case-sensitive, for example V(core*).
    type: str
    default: '*'
  scope:
    description:
      - V(tenant) prunes tenant-scoped profiles, V(project) those of the connection's project, V(both) both. System
        profiles are never selected.
      - Default V(both) with a project connection, V(tenant) without one. V(project) and V(both) need a project.
    type: str
    choices: [tenant, project, both]
  tags:
    description:
      - Only versions that carry all of these tags, as C(key:value) or a bare C(key) (any value), ignoring case.
      - Versions without them still count for O(keep_latest) (the newest versions of a profile are kept whatever their tags).
    type: list
    elements: str
    default: []
  keep_latest:
    description:
      - Keep this many newest versions of each profile (by semantic version) even when nothing uses them.
    type: int
    default: 1
  only_uids:
    description:
      - Delete only versions whose UID is in this list, for example the RV(would_delete) of a check-mode run that was
        reviewed. Every other rule still applies (each is read again right before its DELETE).
    type: list
    elements: str
  backup:
    description:
      - Write a backup of each version right before deleting it (one file per version, mode 0600, in a directory of
        mode 0700). The file is a declaration that M(spectrocloud.palette.palette_profile_definition) restores.
      - The default values of sensitive profile variables are not in it (a warning names them).
    type: bool
    default: true
  backup_dir:
    description: Directory of the backups, where the module runs.
    type: path
    default: ~/.ansible/palette_profile_backups
notes:
  - The versions are deleted one by one (C(DELETE /v1/clusterprofiles/{uid})), several at a time within Palette's rate
    limits, each after its own fresh read; C(/v1/clusterprofiles/bulk) is not used because it would delete many
    versions long after their reads.
  - Whether Palette leaves an empty C(inUseClusters) or C(inUseClusterTemplates) out of its answer is not documented
    (the spec does not mark them as always sent). A version whose answer lacks either list, and names no user in the
    other, is reported as V(unknown) and kept; if your tenant answers that way for unused versions, nothing is pruned
    and RV(versions[].usage_problem) says which list was missing.
  - The result lists only the selected versions (name pattern, scope, tags); system profiles are counted in
    C(system_skipped) of RV(counts).
seealso:
  - module: spectrocloud.palette.palette_profile_info
  - module: spectrocloud.palette.palette_profile_definition
"""

EXAMPLES = r"""
- name: What would be pruned (changes nothing)
  spectrocloud.palette.palette_profile_prune:
    name_pattern: "core*"
    keep_latest: 2
  check_mode: true
  register: plan

- name: Delete exactly what was reviewed, with a backup of each version
  spectrocloud.palette.palette_profile_prune:
    name_pattern: "core*"
    keep_latest: 2
    only_uids: "{{ plan.would_delete }}"
    backup_dir: /srv/palette/profile-backups

- name: Restore one pruned version from its backup
  spectrocloud.palette.palette_profile_definition:
    src: /srv/palette/profile-backups/core-1.0.0.698e43979f639727243be300.20261206T231502.123456Z.yml
"""

RETURN = r"""
versions:
  description: Every selected version, sorted by scope, project, name and version.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Profile name.
      type: str
    version:
      description: Profile version.
      type: str
    uid:
      description: UID of the version.
      type: str
    scope:
      description: V(tenant) or V(project); null when the version could not be read.
      type: str
    project_uid:
      description: UID of the project of a project-scoped version.
      type: str
    project_name:
      description: Its name when it is the connection's project given by name.
      type: str
    state:
      description: V(published), or V(draft) for a version that was never published.
      type: str
    labels:
      description: The version's tags.
      type: dict
    usage:
      description: V(used), V(unused) or V(unknown), as last read (right before the DELETE for a version that was a candidate).
      type: str
    in_use_clusters:
      description: Clusters that use it (C(name), C(uid)).
      type: list
      elements: dict
    in_use_cluster_templates:
      description: Cluster templates that use it (C(name), C(uid)).
      type: list
      elements: dict
    usage_problem:
      description: Why RV(versions[].usage) is V(unknown).
      type: str
    status:
      description: V(in_use), V(unused), V(kept_latest) (one of the newest O(keep_latest) versions) or V(unknown).
      type: str
    action:
      description:
        - V(deleted), V(would_delete) (check mode), V(kept), V(already_deleted) (gone when read right before its
          DELETE) or V(failed) (its backup or DELETE failed; the module then fails after handling every version).
      type: str
    reason:
      description: The action in words, for example which clusters use the version.
      type: str
    backup_file:
      description: Path of the backup written before its DELETE.
      type: str
    changed_since_listing:
      description: True when the read right before its DELETE found it in use, or could not read its usage, so it was kept.
      type: bool
deleted:
  description: UIDs deleted by this run.
  returned: always
  type: list
  elements: str
would_delete:
  description: UIDs a run would delete (check mode).
  returned: always
  type: list
  elements: str
backup_files:
  description: Paths of the backups written by this run.
  returned: always
  type: list
  elements: str
counts:
  description: Numbers of versions by status and by action, C(system_skipped) and C(failed).
  returned: always
  type: dict
  sample: {"versions": 9, "by_status": {"in_use": 3, "unused": 4, "kept_latest": 2}, "by_action": {"deleted": 4, "kept": 5},
           "system_skipped": 1, "failed": 0}
scopes:
  description: The scopes pruned.
  returned: always
  type: list
  elements: str
check_mode:
  description: Whether this was a check-mode run (nothing deleted).
  returned: always
  type: bool
"""

from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_backup import DEFAULT_DIR
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import DefinitionService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_prune import SCOPES, BackupFactory, prune


def run(pm):
    p = pm.params
    service = DefinitionService(pm.client)
    backups = BackupFactory(service, p['backup_dir']) if p['backup'] else None
    try:
        return prune(service, check_mode=pm.check_mode, name_pattern=p['name_pattern'], scope=p['scope'],
                     tags=p['tags'], keep_latest=p['keep_latest'], only_uids=p['only_uids'], backup_factory=backups)
    finally:
        for warning in backups.warnings if backups else []:
            pm.warn(warning)


def main():
    pm = PaletteModule(
        argument_spec=dict(
            name_pattern=dict(type='str', default='*'),
            scope=dict(type='str', choices=list(SCOPES)),
            tags=dict(type='list', elements='str', default=[]),
            keep_latest=dict(type='int', default=1),
            only_uids=dict(type='list', elements='str'),
            backup=dict(type='bool', default=True),
            backup_dir=dict(type='path', default=DEFAULT_DIR),
        ),
        supports_check_mode=True,
    )
    pm.run(run)


if __name__ == '__main__':
    main()
