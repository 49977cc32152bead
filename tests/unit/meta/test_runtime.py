# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml must list every module in the `palette` action group, so that
`module_defaults: {group/spectrocloud.palette.palette: ...}` reaches all of them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import yaml

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))


def _modules_on_disk():
    directory = os.path.join(COLLECTION_ROOT, 'plugins', 'modules')
    return sorted(
        name[:-3] for name in os.listdir(directory)
        if name.endswith('.py') and not name.startswith('_')
    )


def _action_group():
    with open(os.path.join(COLLECTION_ROOT, 'meta', 'runtime.yml')) as handle:
        runtime = yaml.safe_load(handle)
    return runtime['action_groups']['palette']


def test_there_are_modules_to_check():
    assert _modules_on_disk(), 'no module found under plugins/modules'


def test_every_module_is_in_the_palette_action_group():
    missing = sorted(set(_modules_on_disk()) - set(_action_group()))
    assert not missing, 'add these modules to action_groups.palette in meta/runtime.yml: %s' % ', '.join(missing)


def test_the_action_group_names_only_existing_modules():
    stale = sorted(set(_action_group()) - set(_modules_on_disk()))
    assert not stale, 'action_groups.palette in meta/runtime.yml names modules that do not exist: %s' % ', '.join(stale)


def test_the_action_group_is_sorted():
    group = _action_group()
    assert group == sorted(group), 'keep action_groups.palette sorted so reviews see additions'
