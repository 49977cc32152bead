# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The palette_connection filter: which palette_* variables become module options, and project_name over
project_uid."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.spectrocloud.palette.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.spectrocloud.palette.plugins.filter.palette_connection import OPTIONS, palette_connection

UID = "5f1e0c3a9b7d2e4f6a8c0b1d"


@pytest.mark.parametrize("variables, expected", [
    ({}, {}),
    ({"palette_host": "https://p.example", "palette_api_key": "k"}, {"host": "https://p.example", "api_key": "k"}),
    # null and empty text are "not set"; false, 0 and "false" are values the module takes
    ({"palette_host": None, "palette_token": "", "palette_validate_certs": False, "palette_retries": 0,
      "palette_allow_insecure_http": "false"},
     {"validate_certs": False, "retries": 0, "allow_insecure_http": "false"}),
    # a project name wins over a project uid
    ({"palette_project_name": "Default", "palette_project_uid": UID}, {"project_name": "Default"}),
    # ... unless it is not set
    ({"palette_project_name": "", "palette_project_uid": UID}, {"project_uid": UID}),
    ({"palette_project_name": None, "palette_project_uid": UID}, {"project_uid": UID}),
    ({"palette_project_uid": UID}, {"project_uid": UID}),
    # names that are not connection variables are left out
    ({"palette_hots": "typo", "palette_profile": "core", "host": "bare", "palette_timeout": 30}, {"timeout": 30}),
], ids=["none", "some", "null-empty-false-zero", "name-over-uid", "empty-name", "null-name", "uid-only", "other-names"])
def test_options_from_the_variables_that_are_set(variables, expected):
    assert palette_connection(variables) == expected


def test_every_option_in_the_order_of_the_documentation():
    options = palette_connection(dict(("palette_" + o, o.upper()) for o in OPTIONS))
    assert list(options) == [o for o in OPTIONS if o != "project_uid"]
    assert options == dict((o, o.upper()) for o in OPTIONS if o != "project_uid")


def test_the_options_are_the_modules_connection_options():
    documented = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]
    assert sorted(OPTIONS) == sorted(documented)


@pytest.mark.parametrize("given", [None, ["palette_host"], "palette_host=x"])
def test_refuses_what_is_not_a_mapping_without_its_value(given):
    with pytest.raises(AnsibleFilterError, match="mapping of palette_\\* variable names") as err:
        palette_connection(given)
    assert "palette_host=x" not in str(err.value)
