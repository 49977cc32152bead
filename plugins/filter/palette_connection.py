# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: palette_connection
short_description: The connection options of the collection's modules from the palette_* variables that are set
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Turns the C(palette_*) variables (C(palette_host), C(palette_api_key), ...) into the connection options of the
    collection's modules, for C(module_defaults). The roles of this collection use it so that a play can give the
    connection as variables, per host or per group.
  - Keeps only the options whose variable is given and neither null nor empty text; an option left out is taken
    from the play's C(group/spectrocloud.palette.palette) module defaults or, failing those, from the environment
    (C(PALETTE_HOST), C(PALETTE_API_KEY), ...). A variable set to V(false) or V(0) is kept.
  - C(palette_project_name) wins over C(palette_project_uid) (the modules take only one of them); C(project_uid)
    is kept only when C(palette_project_name) is not set or is empty.
  - Names in the input that are not one of those variables are ignored. The result holds credentials as they were
    given; use it in C(module_defaults) or as module options, never print it.
options:
  _input:
    description:
      - The variables, a mapping of variable name (V(palette_host), ...) to value, for example built from the
        variables that are defined with C(ansible.builtin.varnames) and C(ansible.builtin.vars).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Roll out with the connection given as palette_* variables
  vars:
    __names: >-
      {{ query('ansible.builtin.varnames', '^palette_(host|api_key|token|username|password|org|project_name|project_uid|'
               ~ 'validate_certs|ca_path|timeout|retries|allow_insecure_http)$') }}
    __connection: "{{ dict(__names | zip(query('ansible.builtin.vars', *__names))) | spectrocloud.palette.palette_connection }}"
  module_defaults:
    spectrocloud.palette.palette_profile_info: "{{ __connection }}"
  block:
    - name: Read the profile
      spectrocloud.palette.palette_profile_info:
        name: core

# {'host': 'https://palette.example.com', 'project_name': 'Default'}
- name: The options alone
  ansible.builtin.debug:
    msg: >-
      {{ {'palette_host': 'https://palette.example.com', 'palette_project_name': 'Default',
          'palette_project_uid': '5f1e0c3a9b7d2e4f6a8c0b1d', 'palette_token': ''} | spectrocloud.palette.palette_connection }}
"""

RETURN = r"""
_value:
  description:
    - The module options (C(host), C(api_key), C(token), C(username), C(password), C(org), C(project_name),
      C(project_uid), C(validate_certs), C(ca_path), C(timeout), C(retries), C(allow_insecure_http)) whose variable
      is set, in that order; empty when none is.
  type: dict
  sample: {"host": "https://palette.example.com", "project_name": "Default", "validate_certs": true}
"""

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

PREFIX = 'palette_'
# the modules' connection options, in the order of their documentation (spectrocloud.palette.connection)
OPTIONS = ('host', 'api_key', 'token', 'username', 'password', 'org', 'project_name', 'project_uid', 'validate_certs',
           'ca_path', 'timeout', 'retries', 'allow_insecure_http')


def _given(value):
    """Set, as the roles always took it: null and empty text mean "not set"; false and 0 are values."""
    return value is not None and value != ''


def palette_connection(variables):
    if not isinstance(variables, Mapping):
        # the names only, never the values: they hold credentials
        raise AnsibleFilterError('palette_connection: give a mapping of palette_* variable names to values, not %s'
                                 % type(variables).__name__)
    options = {}
    for option in OPTIONS:
        value = variables.get(PREFIX + option)
        if option == 'project_uid' and variables.get(PREFIX + 'project_name'):
            continue
        if _given(value):
            options[option] = value
    return options


class FilterModule(object):
    """The connection options of the roles of spectrocloud.palette."""

    def filters(self):
        return {'palette_connection': palette_connection}
