# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""option_checks.py: blank option values and tags without a key are refused naming the option's path."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.option_checks import (
    OptionError,
    refuse_bad_selectors,
    refuse_blank,
    refuse_keyless_tags,
)


@pytest.mark.parametrize("params, path", [
    ({"name": ""}, "name"),
    ({"name": "  \t"}, "name"),
    ({"uid": None, "name": "core", "version": " "}, "version"),
    ({"cluster_names": ["edge-vmo", ""]}, "cluster_names[1]"),
    ({"filters": {"state": ["Running", " "]}}, "filters.state[1]"),
    ({"filters": {"name": "", "tags": []}}, "filters.name"),
])
def test_blank_values_are_refused_naming_the_path(params, path):
    with pytest.raises(OptionError) as err:
        refuse_blank(params, ("uid", "name", "version", "cluster_names", "filters"))
    assert err.value.option == path
    assert str(err.value).startswith(path + ": the value is empty")


@pytest.mark.parametrize("params", [
    {"name": "core", "uid": None},
    {"filters": {}},
    {"filters": {"state": ["Running"], "tags": None, "include": False}},
    {"cluster_names": []},
])
def test_set_or_absent_values_pass(params):
    assert refuse_blank(params, ("uid", "name", "filters", "cluster_names")) is None


def test_only_the_named_options_are_checked():
    assert refuse_blank({"name": "core", "description": ""}, ("name",)) is None


@pytest.mark.parametrize("tags, bad", [
    ([":prod"], "filters.tags[0]"),
    (["env:prod", " : x"], "filters.tags[1]"),
])
def test_tags_need_a_key(tags, bad):
    with pytest.raises(OptionError) as err:
        refuse_keyless_tags(tags, "filters.tags")
    assert err.value.option == bad and "has no key" in str(err.value)


@pytest.mark.parametrize("tags", [None, [], ["env:prod", "edge", "env:"]])
def test_keyed_tags_pass(tags):
    assert refuse_keyless_tags(tags, "filters.tags") is None


@pytest.mark.parametrize("params, path", [
    ({"name": " ", "filters": None}, "name"),
    ({"name": None, "filters": {"tags": [":x"]}}, "filters.tags[0]"),
])
def test_selectors_are_checked_for_blanks_and_keyless_tags(params, path):
    with pytest.raises(OptionError) as err:
        refuse_bad_selectors(params, ("name", "filters"))
    assert err.value.option == path
