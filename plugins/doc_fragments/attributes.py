# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The ``attributes`` of every module: DOCUMENTATION holds what they all share (check mode, the action group);
    a module adds the ``diff_mode`` it has with ``spectrocloud.palette.attributes.diff`` (it returns a diff) or
    ``spectrocloud.palette.attributes.no_diff`` (it returns none). The action group is ``meta/runtime.yml``'s."""

    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  action_group:
    description: Use C(group/spectrocloud.palette.palette) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - spectrocloud.palette.palette
"""

    DIFF = r"""
attributes:
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
"""

    NO_DIFF = r"""
attributes:
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
"""
