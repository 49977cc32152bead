# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet_rollout_input_problems filter: each variable of the fleet_rollout playbook checked on its own, the
message naming it and the value given."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_input_problems import (
    fleet_rollout_input_problems,
)

GOOD = {
    "fleet_rollout_profile_name": "core", "fleet_rollout_profile_uid": "", "fleet_rollout_profile_version": "",
    "fleet_rollout_serial": [1, "10%", "100%"], "fleet_rollout_max_fail_percentage": 0,
    "fleet_rollout_wait_timeout": 1800, "fleet_rollout_wait_sleep": 10, "fleet_rollout_wait_progress_interval": 20,
}


def problems(**changes):
    return fleet_rollout_input_problems(dict(GOOD, **changes))


def test_the_playbook_defaults_with_a_profile_name_are_good():
    assert problems() == []


@pytest.mark.parametrize("changes", [
    {"fleet_rollout_profile_uid": "abc"},                                  # a uid instead of the name
    {"fleet_rollout_profile_name": "core", "fleet_rollout_profile_version": "1.1.0"},
    {"fleet_rollout_serial": 5}, {"fleet_rollout_serial": "25%"},         # one wave size alone
    {"fleet_rollout_serial": ["2", 3]},
    {"fleet_rollout_max_fail_percentage": "100"}, {"fleet_rollout_max_fail_percentage": 12.5},
    {"fleet_rollout_wait_timeout": "86400"}, {"fleet_rollout_wait_timeout": 1},
    {"fleet_rollout_wait_sleep": 600}, {"fleet_rollout_wait_sleep": "1"},
    {"fleet_rollout_wait_progress_interval": 0}, {"fleet_rollout_wait_progress_interval": "86400"},
])
def test_good_values_of_each_variable(changes):
    if "fleet_rollout_profile_uid" in changes:
        changes = dict(changes, fleet_rollout_profile_name="")
    assert problems(**changes) == []


@pytest.mark.parametrize("changes, starts, shown", [
    ({"fleet_rollout_serial": []}, "fleet_rollout_serial: ", "got []"),
    ({"fleet_rollout_serial": [1, 0]}, "fleet_rollout_serial: ", "got [1, 0]"),
    ({"fleet_rollout_serial": ["10 %"]}, "fleet_rollout_serial: ", 'got ["10 %"]'),
    ({"fleet_rollout_serial": {"a": 1}}, "fleet_rollout_serial: ", 'got {"a": 1}'),
    ({"fleet_rollout_serial": [True]}, "fleet_rollout_serial: ", "got [true]"),
    ({"fleet_rollout_max_fail_percentage": 100.5}, "fleet_rollout_max_fail_percentage: ", "got 100.5"),
    ({"fleet_rollout_max_fail_percentage": "-1"}, "fleet_rollout_max_fail_percentage: ", 'got "-1"'),
    ({"fleet_rollout_max_fail_percentage": None}, "fleet_rollout_max_fail_percentage: ", "got null"),
    ({"fleet_rollout_wait_timeout": 0}, "fleet_rollout_wait_timeout: 1 to 86400 seconds", "got 0"),
    ({"fleet_rollout_wait_timeout": 86401}, "fleet_rollout_wait_timeout: ", "got 86401"),
    ({"fleet_rollout_wait_timeout": "1h"}, "fleet_rollout_wait_timeout: ", 'got "1h"'),
    ({"fleet_rollout_wait_sleep": 601}, "fleet_rollout_wait_sleep: 1 to 600 seconds", "got 601"),
    ({"fleet_rollout_wait_sleep": 2.5}, "fleet_rollout_wait_sleep: ", "got 2.5"),
    ({"fleet_rollout_wait_progress_interval": -1}, "fleet_rollout_wait_progress_interval: 0 to 86400 seconds", "got -1"),
    ({"fleet_rollout_wait_progress_interval": 86401}, "fleet_rollout_wait_progress_interval: ", "got 86401"),
    ({"fleet_rollout_wait_progress_interval": "20s"}, "fleet_rollout_wait_progress_interval: ", 'got "20s"'),
    ({"fleet_rollout_wait_progress_interval": None}, "fleet_rollout_wait_progress_interval: ", "got null"),
])
def test_each_bad_value_is_named_with_what_was_given(changes, starts, shown):
    found = problems(**changes)
    assert len(found) == 1, found
    assert found[0].startswith(starts) and found[0].endswith(shown), found[0]


def test_a_caller_that_leaves_out_the_progress_interval_is_not_refused():
    # the filter is public: a playbook written before the variable existed passes no progress interval
    variables = dict(GOOD)
    del variables["fleet_rollout_wait_progress_interval"]
    assert fleet_rollout_input_problems(variables) == []


def test_the_wave_message_shows_a_percent_sign_once():
    assert '"10%"' in problems(fleet_rollout_serial=[0])[0]


@pytest.mark.parametrize("name, uid", [("", ""), ("core", "abc"), (None, None)])
def test_exactly_one_of_name_and_uid(name, uid):
    found = problems(fleet_rollout_profile_name=name, fleet_rollout_profile_uid=uid)
    assert found[0].startswith("fleet_rollout_profile_name or fleet_rollout_profile_uid: give one of them")


def test_a_version_with_a_uid_is_refused_naming_the_version():
    found = problems(fleet_rollout_profile_name="", fleet_rollout_profile_uid="abc", fleet_rollout_profile_version="1.0.0")
    assert found == ["fleet_rollout_profile_version: goes with fleet_rollout_profile_name, not with fleet_rollout_profile_uid"]


def test_a_project_uid_in_the_environment_is_refused():
    found = fleet_rollout_input_problems(GOOD, project_uid_env="5f1e0c3a9b7d2e4f6a8c0b1d")
    assert found == ["PALETTE_PROJECT_UID: unset it; the project of each cluster comes from the inventory"]


def test_several_problems_are_all_reported_in_order():
    found = problems(fleet_rollout_profile_name="", fleet_rollout_serial=[], fleet_rollout_wait_sleep=0)
    assert [p.split(":")[0] for p in found] == [
        "fleet_rollout_profile_name or fleet_rollout_profile_uid", "fleet_rollout_serial", "fleet_rollout_wait_sleep"]
