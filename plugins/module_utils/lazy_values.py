# -*- coding: utf-8 -*-
# Copyright (c) Spectro Cloud Palette Ansible collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``yvalues``: the ``values`` module, imported on first use.

``values`` pulls in ruamel.yaml and PyYAML, which a module that only reads (palette_profile_info,
palette_cluster_info) never needs and which are a good part of its start-up time (make bench, scenario 5).
The import statement stays literal so Ansible still ships values.py with every module that uses this one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class _LazyValues(object):

    def __getattr__(self, name):
        from ansible_collections.spectrocloud.palette.plugins.module_utils import values  # pylint: disable=import-outside-toplevel
        return getattr(values, name)


yvalues = _LazyValues()
