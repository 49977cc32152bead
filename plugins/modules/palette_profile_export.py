#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: palette_profile_export
short_description: Export a Palette cluster profile as a declaration (profiles as code)
version_added: 0.1.0
description:
  - Reads one cluster profile version, found by O(uid) or O(name) and O(version), and returns it in the declaration
    format of M(spectrocloud.palette.palette_profile_definition) (RV(definition)); with O(dest) it also writes it to a
    YAML file (mode C(0600)) to keep in git.
  - The declaration is complete and exact. It holds name, version, type, cloud type, scope, description, tags, variables, and
    every pack in layer order with its type, layer, registry (by name when that name finds exactly that registry,
    else by UID), tag, values and manifests with their content, read with
    C(GET /v1/clusterprofiles/{uid}/packs/{packName}/manifests). Values and contents are written so that they read
    back byte for byte; applying the export with M(spectrocloud.palette.palette_profile_definition) changes nothing.
  - It holds the published packs, or the draft of a profile that was never published; a warning says when an
    unpublished draft with other changes is left out.
  - The default values of sensitive variables are never written (a warning names the variables); a declaration
    applied without them keeps the ones Palette holds.
  - The spec's C(GET /v1/clusterprofiles/{uid}/export) answers a file whose format the spec does not describe, so this
    module builds the declaration from the profile's documented reads instead.
  - Never changes anything in Palette.
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
extends_documentation_fragment:
  - spectrocloud.palette.connection
  - spectrocloud.palette.attributes
  - spectrocloud.palette.attributes.diff
options:
  uid:
    description:
      - UID of the cluster profile version to export.
      - Mutually exclusive with O(name).
    type: str
  name:
    description:
      - Name of the cluster profile to export (exact match, in the scope of the connection; a tenant profile is found
        from a project connection too).
      - When several versions have this name, O(version) is required.
      - Mutually exclusive with O(uid).
    type: str
  version:
    description:
      - Version of the profile named O(name). Requires O(name).
    type: str
  dest:
    description:
      - Path of the YAML file to write, where the module runs (normally the controller). Its directory must exist.
      - Written only when its content differs; its mode is set to C(0600) (manifests may hold data not meant for every
        reader).
    type: path
notes:
  - Reads the profile, its variables, the manifests of every pack that has some and, when a pack has a registry, the
    list of pack registries.
requirements:
  - PyYAML
seealso:
  - module: spectrocloud.palette.palette_profile_definition
  - module: spectrocloud.palette.palette_profile_info
"""

EXAMPLES = r"""
- name: Export the core profile to a file kept in git
  spectrocloud.palette.palette_profile_export:
    host: https://api.spectrocloud.com
    api_key: "{{ palette_api_key }}"
    project_name: edge-prod
    name: core
    version: 1.1.0
    dest: profiles/core-1.1.0.yml

- name: Then make Palette match the file (after editing it, or on another tenant)
  spectrocloud.palette.palette_profile_definition:
    src: profiles/core-1.1.0.yml
"""

RETURN = r"""
uid:
  description: UID of the profile version exported.
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
  description: Scope of the profile.
  returned: always
  type: str
template:
  description: Which template the packs come from, V(published) or V(draft) (a profile never published).
  returned: always
  type: str
definition:
  description: The declaration, the mapping O(spectrocloud.palette.palette_profile_definition#module:definition) takes.
  returned: always
  type: dict
content:
  description: The declaration as YAML text (what O(dest) holds).
  returned: always
  type: str
dest:
  description: The file written (or that would be written in check mode).
  returned: when O(dest) is given
  type: str
"""

import os
import tempfile

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition as D
from ansible_collections.spectrocloud.palette.plugins.module_utils import values as yvalues
from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.plugins.module_utils.option_checks import refuse_blank
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_runner import export_profile
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import DefinitionService

FILE_MODE = 0o600


def write_file(pm, dest, content):
    """Write ``content`` to ``dest`` (mode 0600) when it differs; returns ``(changed, before)``."""
    before = None
    if os.path.exists(dest):
        with open(dest, 'rb') as handle:
            before = handle.read().decode('utf-8', 'replace')
    same = before == content and (os.stat(dest).st_mode & 0o777) == FILE_MODE
    if same or pm.check_mode:
        return not same, before
    if before != content:
        directory = os.path.dirname(os.path.abspath(dest))
        fd, tmp = tempfile.mkstemp(prefix='.palette_profile_export.', dir=directory)
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, 'wb') as handle:
                handle.write(content.encode('utf-8'))
            # same directory, mode 0600 from the start: the file is never readable by others, not even briefly
            os.replace(tmp, dest)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    os.chmod(dest, FILE_MODE)
    return True, before


def run(pm):
    p = pm.params
    refuse_blank(p, ('uid', 'name', 'version', 'dest'))
    if not yvalues.HAS_PYYAML:
        pm.module.fail_json(msg=missing_required_lib('PyYAML'), exception=yvalues.PYYAML_IMPORT_ERROR)
    result, warnings = export_profile(DefinitionService(pm.client), uid=p['uid'], name=p['name'], version=p['version'])
    for warning in warnings:
        pm.warn(warning)
    result['content'] = D.dump_text(result['definition'], 'cluster profile %s %s (%s), exported by '
                                    'spectrocloud.palette.palette_profile_export'
                                    % (result['name'], result['version'], result['scope']))
    if p['dest']:
        changed, before = write_file(pm, p['dest'], result['content'])
        result.update(changed=changed, dest=p['dest'],
                      diff={'before_header': p['dest'], 'after_header': p['dest'], 'before': before or '',
                            'after': result['content']})
    return result


def main():
    pm = PaletteModule(
        argument_spec=dict(
            uid=dict(type='str'),
            name=dict(type='str'),
            version=dict(type='str'),
            dest=dict(type='path'),
        ),
        supports_check_mode=True,
        mutually_exclusive=[['uid', 'name']],
        required_one_of=[['uid', 'name']],
        required_by={'version': 'name'},
    )
    pm.run(run)


if __name__ == '__main__':
    main()
