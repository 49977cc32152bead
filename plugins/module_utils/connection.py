# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by every module and plugin, and the factories that turn them into a client.

The options are declared once here (argument spec) and once in ``plugins/doc_fragments/connection.py``
(documentation); ``tests/unit/plugins/module_utils/test_connection.py`` checks that the two agree.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.module_utils.errors import AnsibleFallbackNotFound

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import DEFAULT_HOST

# option -> environment variables, the first one set wins
CONNECTION_ENV = {
    "host": ["PALETTE_HOST", "SPECTROCLOUD_HOST"],
    "api_key": ["PALETTE_API_KEY", "SPECTROCLOUD_APIKEY"],
    "token": ["PALETTE_TOKEN"],
    "username": ["PALETTE_USERNAME"],
    "password": ["PALETTE_PASSWORD"],
    "org": ["PALETTE_ORG"],
    "project_uid": ["PALETTE_PROJECT_UID"],
    "project_name": ["PALETTE_PROJECT", "SPECTROCLOUD_PROJECT"],
    "validate_certs": ["PALETTE_VALIDATE_CERTS"],
    "ca_path": ["PALETTE_CA_PATH"],
    "timeout": ["PALETTE_TIMEOUT"],
    "retries": ["PALETTE_RETRIES"],
    "allow_insecure_http": ["PALETTE_ALLOW_INSECURE_HTTP"],
}


def env_fallback_set(*names):
    """The value of the first of ``names`` that is set in the environment and not empty.

    Unlike Ansible's ``env_fallback``, an empty variable counts as unset: AWX injects every field of a
    credential, empty ones too, and an empty ``PALETTE_TOKEN`` next to an API key must not read as a
    second, conflicting credential."""
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    raise AnsibleFallbackNotFound


CONNECTION_ALIASES = {
    "host": ["palette_host"],
    "api_key": ["palette_api_key"],
    "project_name": ["project"],
}

CONNECTION_MUTUALLY_EXCLUSIVE = [["api_key", "token", "username"], ["project_uid", "project_name"]]
CONNECTION_REQUIRED_TOGETHER = [["username", "password"]]

_TYPES = {
    "host": ("str", DEFAULT_HOST),
    "api_key": ("str", None),
    "token": ("str", None),
    "username": ("str", None),
    "password": ("str", None),
    "org": ("str", None),
    "project_uid": ("str", None),
    "project_name": ("str", None),
    "validate_certs": ("bool", True),
    "ca_path": ("path", None),
    "timeout": ("int", 30),
    "retries": ("int", 5),
    "allow_insecure_http": ("bool", False),
}

_NO_LOG = frozenset(["api_key", "token", "password"])

CONNECTION_OPTIONS = tuple(_TYPES)


def connection_argument_spec():
    """The argument spec of the connection options (a new dict each call), with env fallbacks."""
    spec = {}
    for name in CONNECTION_OPTIONS:
        option_type, default = _TYPES[name]
        option = {"type": option_type, "fallback": (env_fallback_set, list(CONNECTION_ENV[name]))}
        if default is not None:
            option["default"] = default
        if name in CONNECTION_ALIASES:
            option["aliases"] = list(CONNECTION_ALIASES[name])
        if name in _NO_LOG:
            option["no_log"] = True
        spec[name] = option
    return spec


def connection_module_kwargs():
    """The AnsibleModule keyword arguments the connection options need (mutually_exclusive, required_together)."""
    return {
        "mutually_exclusive": [list(group) for group in CONNECTION_MUTUALLY_EXCLUSIVE],
        "required_together": [list(group) for group in CONNECTION_REQUIRED_TOGETHER],
    }


def _client_kwargs(options):
    return {
        "host": options.get("host") or DEFAULT_HOST,
        "api_key": options.get("api_key"),
        "token": options.get("token"),
        "username": options.get("username"),
        "password": options.get("password"),
        "org": options.get("org"),
        "project_uid": options.get("project_uid"),
        "project_name": options.get("project_name"),
        "validate_certs": _to_bool(options.get("validate_certs"), True),
        "ca_path": options.get("ca_path"),
        "timeout": _to_int(options.get("timeout"), 30, "timeout"),
        "retries": _to_int(options.get("retries"), 5, "retries"),
        "allow_insecure_http": _to_bool(options.get("allow_insecure_http"), False),
    }


def client_from_module(module, **overrides):
    """Build the PaletteClient from an AnsibleModule's params; fail the module with a clear message on error.

    Warnings of the client (``client.warnings``) are left to the caller (PaletteModule passes them on).
    """
    from ansible.module_utils.basic import missing_required_lib
    from ansible_collections.spectrocloud.palette.plugins.module_utils import client as client_mod

    if not client_mod.HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=client_mod.REQUESTS_IMPORT_ERROR)
    kwargs = _client_kwargs(module.params)
    # a wrong project_uid is reported as such, not as the bare 404 of the first request in its scope
    kwargs["explain_project_errors"] = True
    kwargs.update(overrides)
    try:
        return client_mod.PaletteClient(**kwargs)
    except client_mod.PaletteError as exc:
        module.fail_json(msg=str(exc))


def client_from_options(options, apply_env=True, **overrides):
    """Build a PaletteClient from a plain dict of connection options (for inventory and lookup plugins).

    Keys are the option names (aliases such as ``palette_host``, ``palette_api_key`` and ``project`` are
    accepted); ``None`` means unset. With ``apply_env`` options that are missing or unset are taken from the
    same environment variables the modules use, except that credentials (``api_key``/``token``/``username``
    and ``password``) and the project (``project_uid``/``project_name``) are taken from the environment only
    when the dict sets none of them, so an explicit ``token`` is not mixed with an exported
    ``PALETTE_API_KEY``. Raises PaletteError (not ``AnsibleError``: plugins wrap it as they see fit).
    """
    resolved = {}
    for name in CONNECTION_OPTIONS:
        value = options.get(name)
        for alias in CONNECTION_ALIASES.get(name, ()):
            if value is None:
                value = options.get(alias)
        resolved[name] = value
    if apply_env:
        groups = (("api_key", "token", "username", "password"), ("project_uid", "project_name"))
        grouped = set(n for group in groups for n in group)
        for group in groups:
            if all(resolved[n] in (None, "") for n in group):
                for name in group:
                    resolved[name] = _from_env(name)
        for name in CONNECTION_OPTIONS:
            if name not in grouped and resolved[name] is None:
                resolved[name] = _from_env(name)
    kwargs = _client_kwargs(resolved)
    kwargs.update(overrides)
    from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient
    return PaletteClient(**kwargs)


def _from_env(name):
    for variable in CONNECTION_ENV[name]:
        if variable in os.environ:
            return os.environ[variable]
    return None


def _to_bool(value, default):
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    from ansible.module_utils.parsing.convert_bool import boolean
    try:
        return boolean(value, strict=True)
    except TypeError:
        from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
        raise PaletteError("%r is not a boolean" % (value,))


def _to_int(value, default, name):
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
        raise PaletteError("%s: %r is not an integer" % (name, value))
