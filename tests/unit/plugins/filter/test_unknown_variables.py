# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unknown_variables filter: which variable names it reports, what it suggests, and its warnings."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest
import yaml

from ansible.errors import AnsibleFilterError

from ansible_collections.spectrocloud.palette.plugins.filter import unknown_variables as plugin

ROLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "roles")
FLEET = ["fleet_rollout_max_fail_percentage", "fleet_rollout_serial", "fleet_rollout_wait_timeout",
         "fleet_rollout_wait_sleep", "fleet_rollout_profile_name", "fleet_rollout_profile_version"]


def role_options(role):
    with open(os.path.join(ROLES, role, "meta", "argument_specs.yml")) as handle:
        return yaml.safe_load(handle)["argument_specs"]["main"]["options"]


@pytest.mark.parametrize("names, expected", [
    # a swapped pair of letters, a missing letter, an extra letter: each gets the option it was meant to be
    (["fleet_rollout_max_fail_precentage"], [("fleet_rollout_max_fail_precentage", "fleet_rollout_max_fail_percentage")]),
    (["fleet_rollout_wait_timout"], [("fleet_rollout_wait_timout", "fleet_rollout_wait_timeout")]),
    (["fleet_rollout_seriall"], [("fleet_rollout_seriall", "fleet_rollout_serial")]),
    # nothing close: named, no guess (the shared prefix alone does not make two names alike)
    (["fleet_rollout_colour"], [("fleet_rollout_colour", None)]),
    (["fleet_rollout_version"], [("fleet_rollout_version", None)]),
    # known names, internal facts and names without the prefix are not reported
    (["fleet_rollout_serial", "__fleet_rollout_plan", "_fleet_rollout_x", "palette_host", "serial"], []),
    # in name order, each once
    (["fleet_rollout_zz", "fleet_rollout_aa", "fleet_rollout_zz"], [("fleet_rollout_aa", None), ("fleet_rollout_zz", None)]),
], ids=["transposed", "missing-letter", "extra-letter", "unrelated", "prefix-only-in-common", "known-and-ignored",
        "sorted-once"])
def test_reports_unknown_names_with_the_closest_known_one(names, expected):
    texts = plugin.unknown_variables(names, FLEET, prefix="fleet_rollout_", owner="playbook fleet_rollout")
    want = ["%s: not a variable of playbook fleet_rollout, it is ignored%s"
            % (name, " (did you mean %s?)" % close if close else "") for name, close in expected]
    assert texts == want


@pytest.mark.parametrize("role, prefix, typo, meant", [
    ("profile_rollout", "profile_rollout_", "profile_rollout_cluster_valeus", "profile_rollout_cluster_values"),
    ("profile_rollout", "profile_rollout_", "profile_rollout_profile", "profile_rollout_profiles"),
    ("fleet_status", "fleet_status_", "fleet_status_report_dri", "fleet_status_report_dir"),
])
def test_known_names_from_a_role_argument_spec(role, prefix, typo, meant):
    """The options mapping of a role's argument spec is taken as it is: every option is known, a typo is not."""
    options = role_options(role)
    assert plugin.unknown_variables(list(options), options, prefix=prefix) == []
    assert plugin.unknown_variables([typo] + list(options), options, prefix=prefix) == [
        "%s: not a variable of this play, it is ignored (did you mean %s?)" % (typo, meant)]


def test_without_a_prefix_every_name_is_checked():
    assert plugin.unknown_variables(["serial", "seriall"], ["serial"]) == [
        "seriall: not a variable of this play, it is ignored (did you mean serial?)"]


@pytest.mark.parametrize("warn, shown", [(True, 2), (False, 0)])
def test_warn_shows_each_text_as_an_ansible_warning(monkeypatch, warn, shown):
    seen = []
    monkeypatch.setattr(plugin.display, "warning", seen.append)
    texts = plugin.unknown_variables(["fleet_rollout_a", "fleet_rollout_b"], FLEET, prefix="fleet_rollout_", warn=warn)
    assert len(texts) == 2 and seen == texts[:shown]


@pytest.mark.parametrize("names, known, what", [
    ("fleet_rollout_serial", FLEET, "the input"),
    (["fleet_rollout_serial"], "fleet_rollout_serial", "known"),
    (["fleet_rollout_serial"], None, "known"),
])
def test_refuses_what_is_not_a_list_of_names(names, known, what):
    with pytest.raises(AnsibleFilterError, match="unknown_variables: %s must be a list of variable names" % what):
        plugin.unknown_variables(names, known)


def test_registered_under_its_name():
    assert plugin.FilterModule().filters()["unknown_variables"] is plugin.unknown_variables
