# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The O(backup) and O(backup_dir) options of the modules that write to an existing cluster profile
    (``plugins/module_utils/profile_backup.py``)."""

    DOCUMENTATION = r"""
options:
  backup:
    description:
      - Right before the first write to an existing profile version, save it as read to a file and return its path
        in RV(backup_file), as the C(backup) option of C(ansible.builtin.copy) does for files.
      - The file is the profile in the declaration format of M(spectrocloud.palette.palette_profile_export) (every pack
        with its values text, manifests with their content, variables, tags, description), so
        M(spectrocloud.palette.palette_profile_definition) with O(spectrocloud.palette.palette_profile_definition#module:src)
        set to that file restores the profile as it was.
      - It holds the published packs (the draft of a version never published); an unpublished draft with other changes
        is not in it (a warning says so). The default values of sensitive variables are never written (a warning names
        them); a restore keeps the ones Palette holds then.
      - No backup is taken in check mode, nor when nothing is written, nor for a version this task creates.
    type: bool
    default: false
  backup_dir:
    description:
      - Directory of the backups, where the module runs (normally the controller). Created with mode C(0700) when
        missing; a warning says when an existing one can be read by other users.
      - Each backup is a new file of mode C(0600) named C(<name>-<version>.<uid>.<UTC time>.yml), never overwriting
        an earlier one.
      - Used with O(backup=true).
    type: path
    default: ~/.ansible/palette_profile_backups
"""
