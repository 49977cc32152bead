# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: fleet_rollout_input_problems
short_description: What is wrong with the variables of the fleet_rollout playbook
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Used by the playbook C(spectrocloud.palette.fleet_rollout) (C(playbooks/fleet_rollout.yml)) to refuse bad input
    before it reads or writes anything.
  - Returns one message per problem, each naming the variable and what it takes; an empty list when the input is
    good.
options:
  _input:
    description:
      - The playbook's variables, a mapping of name to value (C(fleet_rollout_profile_name),
        C(fleet_rollout_profile_uid), C(fleet_rollout_profile_version), C(fleet_rollout_serial),
        C(fleet_rollout_max_fail_percentage), C(fleet_rollout_wait_timeout), C(fleet_rollout_wait_sleep),
        C(fleet_rollout_wait_progress_interval), which may be left out).
    type: dict
    required: true
  project_uid_env:
    description:
      - The value of the environment variable C(PALETTE_PROJECT_UID) on the controller. It must be empty, as the
        project of each cluster comes from the inventory.
    type: str
    default: ""
"""

EXAMPLES = r"""
- name: Check the input
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join('; ') }}"
  vars:
    problems: >-
      {{ {'fleet_rollout_profile_name': 'core', 'fleet_rollout_serial': [1, '10%', '100%'],
          'fleet_rollout_max_fail_percentage': 0, 'fleet_rollout_wait_timeout': 1800, 'fleet_rollout_wait_sleep': 10,
          'fleet_rollout_wait_progress_interval': 20}
         | spectrocloud.palette.fleet_rollout_input_problems(project_uid_env=lookup('ansible.builtin.env', 'PALETTE_PROJECT_UID')) }}
"""

RETURN = r"""
_value:
  description: One message per problem, in the order of the variables above; empty when there is none.
  type: list
  elements: str
"""

import json
import re

WAVE_SIZE = re.compile(r'^[1-9][0-9]*%?$')
PERCENTAGE = re.compile(r'^[0-9]+([.][0-9]+)?$')
WHOLE = re.compile(r'^[0-9]+$')


def _text(value):
    """A variable as the playbook takes it: none counts as empty (an unset -e is empty text)."""
    return '' if value is None else str(value)


def _shown(value):
    """The value as it was given, for the message (the playbook's variables hold no secret)."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _in_range(value, low, high):
    text = _text(value)
    return WHOLE.match(text) is not None and low <= int(text) <= high


def _serial_problem(serial):
    # one wave size may be given alone (-e fleet_rollout_serial=5); a mapping or an empty list is no list of waves
    waves = [serial] if isinstance(serial, (str, int, float)) else serial
    if isinstance(waves, (list, tuple)) and waves and all(WAVE_SIZE.match(_text(w)) for w in waves):
        return None
    return ('fleet_rollout_serial: a list of wave sizes, each a whole number > 0 or a percentage like "10%%", got %s'
            % _shown(serial))


def fleet_rollout_input_problems(variables, project_uid_env=''):
    name = _text(variables.get('fleet_rollout_profile_name'))
    uid = _text(variables.get('fleet_rollout_profile_uid'))
    version = _text(variables.get('fleet_rollout_profile_version'))
    problems = []
    if bool(name) == bool(uid):
        problems.append('fleet_rollout_profile_name or fleet_rollout_profile_uid: give one of them (the profile by name, '
                        'or the uid of a profile version)')
    if version and uid:
        problems.append('fleet_rollout_profile_version: goes with fleet_rollout_profile_name, not with fleet_rollout_profile_uid')
    serial = _serial_problem(variables.get('fleet_rollout_serial'))
    if serial:
        problems.append(serial)
    fail = variables.get('fleet_rollout_max_fail_percentage')
    if not (PERCENTAGE.match(_text(fail)) and float(_text(fail)) <= 100):
        problems.append('fleet_rollout_max_fail_percentage: a number from 0 to 100, got %s' % _shown(fail))
    timeout = variables.get('fleet_rollout_wait_timeout')
    if not _in_range(timeout, 1, 86400):
        problems.append('fleet_rollout_wait_timeout: 1 to 86400 seconds, got %s' % _shown(timeout))
    sleep = variables.get('fleet_rollout_wait_sleep')
    if not _in_range(sleep, 1, 600):
        problems.append('fleet_rollout_wait_sleep: 1 to 600 seconds, got %s' % _shown(sleep))
    # a caller that does not pass it waits in one silent task, as with 0
    interval = variables.get('fleet_rollout_wait_progress_interval', 0)
    if not _in_range(interval, 0, 86400):
        problems.append('fleet_rollout_wait_progress_interval: 0 to 86400 seconds (0: one silent task per call), got %s'
                        % _shown(interval))
    if project_uid_env:
        problems.append('PALETTE_PROJECT_UID: unset it; the project of each cluster comes from the inventory')
    return problems


class FilterModule(object):
    """The input check of the fleet_rollout playbook."""

    def filters(self):
        return {'fleet_rollout_input_problems': fleet_rollout_input_problems}
