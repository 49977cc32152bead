# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base every module of this collection is built on.

    def main():
        pm = PaletteModule(argument_spec=dict(name=dict(type="str", required=True)))
        pm.run(lambda pm: run_module(pm))

It merges the connection options into the argument spec, checks the raw arguments before AnsibleModule does
(argument_check.py: a malformed option must not make ansible-core show a secret), builds the client on first
use, reports a PaletteError as ``fail_json`` with method/path/status/code/message/ref, passes the client's
warnings on, scrubs secrets from everything it returns, and adds ``diff`` only when Ansible runs with ``--diff``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, _load_params

from ansible_collections.spectrocloud.palette.plugins.module_utils.argument_check import INTERNAL_KEYS, ArgumentCheck
from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.connection import (
    client_from_module,
    connection_argument_spec,
    connection_module_kwargs,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.redact import Redactor


class _ArgumentFailure(AnsibleModule):
    """An AnsibleModule that only reports a failed argument check: it is given Ansible's own settings (module
    name, check mode, verbosity, ...) and none of the user's arguments, so nothing it validates or prints can
    hold one of their values."""

    def __init__(self, internal):
        self._internal = dict(internal)
        super(_ArgumentFailure, self).__init__(argument_spec={}, supports_check_mode=True)

    def _load_params(self):
        self.params = dict(self._internal)


def _refuse_malformed_arguments(spec):
    """Fail the module when its arguments have a shape ansible-core would mishandle (see argument_check.py).

    The failure names the options and never shows the value of a secret or of an unknown option; its
    ``invocation`` holds the arguments with those masked."""
    params = _load_params()
    if not isinstance(params, dict):
        # ansible-test's validate-modules imports the module without arguments to read its argument spec
        return
    check = ArgumentCheck(spec, params, module_name=params.get("_ansible_module_name"))
    if not check.problems:
        return
    failure = _ArgumentFailure(dict((key, value) for key, value in params.items() if key in INTERNAL_KEYS))
    failure.no_log_values.update(check.secrets)
    failure.fail_json(msg=" ".join(check.problems), invocation={"module_args": check.masked})


class PaletteModule(object):
    """An AnsibleModule with the connection options, a lazily built PaletteClient and uniform reporting."""

    def __init__(self, argument_spec, supports_check_mode=True, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec or {})
        for key, values in connection_module_kwargs().items():
            kwargs[key] = list(kwargs.get(key) or []) + values
        _refuse_malformed_arguments(spec)
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=supports_check_mode, **kwargs)
        self.params = self.module.params
        self._client = None
        self._warned = set()

    # -- client --------------------------------------------------------------------------------------
    @property
    def client(self):
        """The PaletteClient, built on first use (fails the module if requests is missing or options are bad)."""
        if self._client is None:
            self._client = client_from_module(self.module)
        return self._client

    @property
    def check_mode(self):
        return bool(self.module.check_mode)

    @property
    def diff_mode(self):
        return bool(getattr(self.module, "_diff", False))

    def warn(self, msg):
        msg = self._redactor().scrub(msg)
        if msg not in self._warned:
            self._warned.add(msg)
            self.module.warn(msg)

    # -- helpers so that modules stay short ----------------------------------------------------------
    def apply(self, changed, action, *args, **kwargs):
        """Call ``action(*args, **kwargs)`` when ``changed`` and not in check mode; return its result (or None)."""
        if changed and not self.check_mode:
            return action(*args, **kwargs)
        return None

    @staticmethod
    def make_diff(before, after, before_header=None, after_header=None):
        """A diff dict for ``exit(diff=...)``; headers are optional labels shown by Ansible."""
        diff = {"before": before, "after": after}
        if before_header:
            diff["before_header"] = before_header
        if after_header:
            diff["after_header"] = after_header
        return diff

    # -- results -------------------------------------------------------------------------------------
    def _redactor(self):
        secrets = []
        if self._client is not None:
            secrets.extend(self._client.secrets)
        for name in ("api_key", "token", "password"):
            if self.params.get(name):
                secrets.append(self.params[name])
        return Redactor(secrets)

    def _pass_warnings(self):
        if self._client is not None:
            for warning in self._client.warnings:
                self.warn(warning)
            # Ansible masks no_log values in the whole result: add the JWTs the client obtained
            for secret in self._client.secrets:
                self.module.no_log_values.add(secret)

    def fail(self, msg, **kwargs):
        """fail_json with a scrubbed message and fields, plus the client's warnings."""
        self._pass_warnings()
        redactor = self._redactor()
        self.module.fail_json(msg=redactor.scrub(msg), **redactor.scrub(kwargs))

    def exit(self, changed, diff=None, **result):
        """exit_json(changed=...); ``diff`` is added only under ``--diff``; client warnings passed on."""
        self._pass_warnings()
        if diff is not None and self.diff_mode:
            result["diff"] = diff
        result = self._redactor().scrub_exact(result)
        self.module.exit_json(changed=bool(changed), **result)

    def fail_from_error(self, err):
        """fail_json(msg=str(err), method=..., path=..., status=..., code=..., message=..., ref=..., details=...)."""
        # Services attach what they had already done before failing (for example which clusters were updated).
        self.fail(str(err), **dict(err.to_dict(), **(getattr(err, 'partial_result', None) or {})))

    def run(self, fn):
        """Call ``fn(self)``; a PaletteError becomes a failure. A dict returned by ``fn`` is passed to exit()."""
        try:
            result = fn(self)
        except PaletteError as err:
            self.fail_from_error(err)
            return None
        if isinstance(result, dict):
            result = dict(result)
            changed = result.pop("changed", False)
            self.exit(changed, **result)
        return result
