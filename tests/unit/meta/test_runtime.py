# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml must list every module that talks to Palette (it takes the connection options of the
spectrocloud.palette.connection doc fragment) in the `palette` action group, so that
`module_defaults: {group/spectrocloud.palette.palette: ...}` reaches all of them, and no other: a module without
those options (fleet_rollout_record, the fleet_rollout playbook's bookkeeping on the controller) would refuse them."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import os

import yaml

COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))


def _modules_on_disk():
    directory = os.path.join(COLLECTION_ROOT, 'plugins', 'modules')
    return sorted(
        name[:-3] for name in os.listdir(directory)
        if name.endswith('.py') and not name.startswith('_')
    )


def _takes_connection_options(name):
    """Whether the module's DOCUMENTATION extends the spectrocloud.palette.connection doc fragment."""
    with open(os.path.join(COLLECTION_ROOT, 'plugins', 'modules', name + '.py')) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [getattr(t, 'id', None) for t in node.targets] == ['DOCUMENTATION']:
            doc = yaml.safe_load(node.value.value if hasattr(node.value, 'value') else node.value.s)
            return 'spectrocloud.palette.connection' in (doc.get('extends_documentation_fragment') or [])
    raise AssertionError('%s has no DOCUMENTATION' % name)


def _palette_modules():
    return [name for name in _modules_on_disk() if _takes_connection_options(name)]


def _action_group():
    with open(os.path.join(COLLECTION_ROOT, 'meta', 'runtime.yml')) as handle:
        runtime = yaml.safe_load(handle)
    return runtime['action_groups']['palette']


def test_there_are_modules_to_check():
    assert _modules_on_disk(), 'no module found under plugins/modules'


def test_every_module_that_talks_to_palette_is_in_the_palette_action_group():
    assert 'palette_profile' in _palette_modules() and 'fleet_rollout_record' not in _palette_modules()
    missing = sorted(set(_palette_modules()) - set(_action_group()))
    assert not missing, 'add these modules to action_groups.palette in meta/runtime.yml: %s' % ', '.join(missing)


def test_the_action_group_names_only_modules_that_talk_to_palette():
    stale = sorted(set(_action_group()) - set(_palette_modules()))
    assert not stale, ('action_groups.palette in meta/runtime.yml names modules that do not exist or take no '
                       'connection options: %s' % ', '.join(stale))


def test_the_action_group_is_sorted():
    group = _action_group()
    assert group == sorted(group), 'keep action_groups.palette sorted so reviews see additions'
