# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the inventory plugin's connection options come from: its configuration file (templated) or the environment.

The environment is read with the modules' rule (``connection.env_fallback_set``: the first of an option's variables
that is set and not empty), not with ansible-core's configuration, which takes an empty variable as a value: ``""``
for a string, the current directory for a path, an error for a number. AWX injects every field of a credential, empty
ones too, so an empty ``PALETTE_CA_PATH`` or ``PALETTE_API_KEY`` must mean what it means to the modules: unset.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import os

from ansible.errors import AnsibleParserError
from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.spectrocloud.palette.plugins.module_utils.connection import (
    CONNECTION_ALIASES,
    CONNECTION_ENV,
    CONNECTION_OPTIONS,
    connection_argument_spec,
    env_fallback_set,
)

_SPEC = connection_argument_spec()
# The connection options a configuration file may write as a template (lookup('env', ...), a vault lookup, ...).
TEMPLATED_OPTIONS = frozenset(name for name in CONNECTION_OPTIONS if _SPEC[name]["type"] in ("str", "path"))
SECRET_OPTIONS = frozenset(name for name in CONNECTION_OPTIONS if _SPEC[name].get("no_log"))
BOOL_OPTIONS = frozenset(name for name in CONNECTION_OPTIONS if _SPEC[name]["type"] == "bool")


def option_of(key):
    """The connection option a configuration key sets (its name or an alias), or None."""
    if key in _SPEC:
        return key
    for name, aliases in CONNECTION_ALIASES.items():
        if key in aliases:
            return name
    return None


def unset(value):
    return value is None or value == ""


def template_options(templar, config, path):
    """``config`` with its templated connection options rendered (a new dict).

    A secret is never shown: when its template fails, the message names the option only (ansible-core's own message
    quotes the template, which may be the secret itself when it merely contains ``{{``)."""
    rendered = dict(config)
    for key, value in config.items():
        name = option_of(key)
        if name not in TEMPLATED_OPTIONS or not isinstance(value, str) or not templar.is_template(value):
            continue
        try:
            rendered[key] = templar.template(value)
        except Exception as exc:  # pylint: disable=broad-except
            if name in SECRET_OPTIONS:
                raise AnsibleParserError("%s: option %s: its template could not be rendered (the template is not "
                                         "shown, it is a secret)" % (path, key)) from None
            raise AnsibleParserError("%s: option %s: its template could not be rendered: %s" % (path, key, exc))
    return rendered


def set_in_file(config):
    """The connection options the configuration file sets (an empty value counts as unset)."""
    return set(option_of(key) for key, value in config.items() if option_of(key) and not unset(value))


def from_environment(skip=()):
    """``{option: value}`` for each connection option not in ``skip`` that the environment sets (the modules' rule)."""
    found = {}
    for name in CONNECTION_OPTIONS:
        if name in skip:
            continue
        try:
            found[name] = env_fallback_set(*CONNECTION_ENV[name])
        except AnsibleFallbackNotFound:
            continue
    return found


@contextlib.contextmanager
def empty_variables_unset(names):
    """Hides those of ``names`` that are set but empty from ``os.environ`` for the duration of the block (while
    ansible-core reads the options, so that it falls back to the defaults instead of taking ``""`` as a value)."""
    hidden = dict((name, os.environ.pop(name)) for name in names if os.environ.get(name) == "")
    try:
        yield
    finally:
        os.environ.update(hidden)


CONNECTION_VARIABLES = tuple(variable for name in CONNECTION_OPTIONS for variable in CONNECTION_ENV[name])
