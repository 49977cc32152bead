# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: unknown_variables
short_description: Names of variables that look like options of a role or playbook but are none of them
version_added: 0.1.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Ansible ignores a variable that nothing reads, so a mistyped option (C(-e fleet_rollout_max_fail_precentage=10))
    silently leaves the default in force. This filter finds such variables.
  - From the variable names given as input it keeps those that start with O(prefix) and are not among O(known),
    and returns one warning text per variable, naming it and, when one of O(known) is close, the name it was
    probably meant to be. A warning never holds the variable's value.
  - Names that start with an underscore (a role's internal facts) are never reported.
  - With O(warn=true) each text is also shown as an Ansible warning.
  - The roles of this collection and its playbooks use it on their own variables; give it the names of the
    variables that are defined, for example from C(query('ansible.builtin.varnames', '^my_prefix_')).
options:
  _input:
    description: The names of the variables that are defined.
    type: list
    elements: str
    required: true
  known:
    description:
      - The variables the role or playbook knows, as a list of names or as a mapping whose keys are the names
        (the O(known) of a role can be the C(options) of its C(meta/argument_specs.yml) entry point).
    type: raw
    required: true
  prefix:
    description: Only names that start with this are checked.
    type: str
    default: ""
  owner:
    description: What the variables belong to, for the warning text (for example V(role spectrocloud.palette.profile_rollout)).
    type: str
    default: this play
  warn:
    description: Also show each text as an Ansible warning.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Warn about profile_rollout_ variables the role does not know
  ansible.builtin.set_fact:
    __unknown: >-
      {{ query('ansible.builtin.varnames', '^profile_rollout_')
         | spectrocloud.palette.unknown_variables(known=(lookup('ansible.builtin.file', role_path ~ '/meta/argument_specs.yml')
                                                         | from_yaml).argument_specs.main.options,
                                                  prefix='profile_rollout_', owner='role profile_rollout', warn=true) }}

# ['fleet_rollout_max_fail_precentage: not a variable of this play, it is ignored (did you mean fleet_rollout_max_fail_percentage?)']
- name: The texts alone
  ansible.builtin.debug:
    msg: "{{ ['fleet_rollout_max_fail_precentage'] | spectrocloud.palette.unknown_variables(['fleet_rollout_max_fail_percentage']) }}"
"""

RETURN = r"""
_value:
  description:
    - One text per unknown variable, in name order; empty when every variable is known.
  type: list
  elements: str
  sample: ["fleet_rollout_max_fail_precentage: not a variable of this play, it is ignored (did you mean fleet_rollout_max_fail_percentage?)"]
"""

import difflib
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

display = Display()

# How alike two names must be (difflib's ratio, without their prefix) for one to be offered as what the other was
# meant to be: a swapped, missing or extra letter matches, two different options do not.
CLOSE_ENOUGH = 0.75


def _names(value, what):
    if isinstance(value, Mapping):
        value = list(value)
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
        raise AnsibleFilterError("unknown_variables: %s must be a list of variable names (or a mapping of them), got %s"
                                 % (what, type(value).__name__))
    return [str(name) for name in value]


def _closest(name, known_names, prefix):
    """The known name ``name`` was probably meant to be, or None. The prefix they share says nothing: only the
    rest of each name is compared."""
    rest = dict((known[len(prefix):] if known.startswith(prefix) else known, known) for known in known_names)
    close = difflib.get_close_matches(name[len(prefix):], list(rest), n=1, cutoff=CLOSE_ENOUGH)
    return rest[close[0]] if close else None


def unknown_variables(names, known, prefix='', owner='this play', warn=False):
    """The warning texts for the ``names`` that start with ``prefix`` and are not ``known``."""
    known_names = _names(known, 'known')
    texts = []
    for name in sorted(set(_names(names, 'the input'))):
        if name.startswith('_') or not name.startswith(prefix or '') or name in known_names:
            continue
        close = _closest(name, known_names, prefix or '')
        texts.append('%s: not a variable of %s, it is ignored%s'
                     % (name, owner, ' (did you mean %s?)' % close if close else ''))
    if warn:
        for text in texts:
            display.warning(text)
    return texts


class FilterModule(object):
    """Filters of spectrocloud.palette that check variables."""

    def filters(self):
        return {'unknown_variables': unknown_variables}
