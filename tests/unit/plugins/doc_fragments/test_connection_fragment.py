# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection doc fragments agree with the argument spec, and Ansible resolves the plugin env entries."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import yaml

from ansible_collections.spectrocloud.palette.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.spectrocloud.palette.plugins.module_utils import connection
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import collections_root

_DOC_TYPES = {"str": "str", "bool": "bool", "int": "int", "path": "path"}


def test_module_fragment_matches_spec():
    doc = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    spec = connection.connection_argument_spec()
    assert set(doc) == set(spec)
    for name, option in spec.items():
        assert doc[name]["type"] == _DOC_TYPES[option["type"]], name
        assert doc[name].get("default") == option.get("default"), name
        assert sorted(doc[name].get("aliases", [])) == sorted(option.get("aliases", [])), name
        text = " ".join(doc[name]["description"])
        for variable in option["fallback"][1]:
            assert "E(%s)" % variable in text, (name, variable)


def test_plugin_fragment_matches_spec():
    doc = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
    spec = connection.connection_argument_spec()
    assert set(doc) == set(spec)
    for name, option in spec.items():
        assert doc[name]["type"] == _DOC_TYPES[option["type"]], name
        assert doc[name].get("default") == option.get("default"), name
        # Ansible's config takes the last env entry that is set: the preferred name is listed last
        assert [e["name"] for e in doc[name]["env"]] == list(reversed(option["fallback"][1])), name


_CONFIG_PROBE = r"""
import json, os, sys
import yaml
from ansible.config.manager import ConfigManager
from ansible_collections.spectrocloud.palette.plugins.doc_fragments.connection import ModuleDocFragment
results = []
for env in json.loads(sys.argv[1]):
    for name in ("PALETTE_HOST", "SPECTROCLOUD_HOST"):
        os.environ.pop(name, None)
    os.environ.update(env)
    manager = ConfigManager()
    manager.initialize_plugin_configuration_definitions(
        "lookup", "palette_test", yaml.safe_load(ModuleDocFragment.PLUGINS)["options"])
    results.append(manager.get_config_value("host", plugin_type="lookup", plugin_name="palette_test"))
print(json.dumps(results))
"""


def test_plugin_env_precedence():
    """Ansible's own plugin configuration resolves the PLUGINS fragment's env entries with PALETTE_* first.

    Run in a child process: loading the controller's configuration changes how AnsibleModule reports warnings
    in this process.
    """
    cases = [({"SPECTROCLOUD_HOST": "https://tf.example"}, "https://tf.example"),
             ({"PALETTE_HOST": "https://p.example", "SPECTROCLOUD_HOST": "https://tf.example"}, "https://p.example"),
             ({}, "https://api.spectrocloud.com")]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([collections_root()] + [p for p in sys.path if p])
    out = subprocess.check_output([sys.executable, "-c", _CONFIG_PROBE, json.dumps([c[0] for c in cases])], env=env)
    assert json.loads(out.decode().strip().splitlines()[-1]) == [c[1] for c in cases]
