# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """The look-up option of one cluster profile version whose text is the same in the modules that find one by name
    (``ProfileService.find``): O(version). O(uid) and O(name) stay in each module, because their text says what the
    module does with the version it finds (change, publish, read, export) and which other options exclude them."""

    DOCUMENTATION = r"""
options:
  version:
    description:
      - Version of the profile named O(name), for example V(1.1.0). Requires O(name).
    type: str
"""
