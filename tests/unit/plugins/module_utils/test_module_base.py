# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PaletteModule: merged argument spec, lazy client, failure reporting, warnings, diff and check mode."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.argument_check import INTERNAL_KEYS
from ansible_collections.spectrocloud.palette.plugins.module_utils.module_base import PaletteModule
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    import contextlib

    @contextlib.contextmanager
    def patch_module_args(args):
        from ansible.module_utils import basic
        from ansible.module_utils.common.text.converters import to_bytes
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

MISSING = "/v1/clusterprofiles/0123456789abcdef01234567"
SPEC = {"name": {"type": "str", "required": True}}


def run_module(args, fn, capsys, argument_spec=None):
    """Run a PaletteModule with ``args`` and ``fn``; return the JSON result it printed."""
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            PaletteModule(argument_spec=argument_spec or SPEC).run(fn)
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def base_args(emu, demo, ratelimit_dir):
    return {"host": emu.url, "api_key": demo["api_key"], "project_name": "edge-prod", "name": "x"}


def test_palette_error_becomes_failure_with_fields(base_args, emu, capsys):
    def fn(pm):
        pm.client.get(MISSING)

    result = run_module(base_args, fn, capsys)
    assert result["failed"] is True
    entry = log_entries(emu)[-1]
    assert (entry["path"], entry["status"]) == (MISSING, 404)
    assert result["status"] == 404 and result["method"] == "GET" and result["path"] == MISSING
    assert result["code"] == "ResourceNotFound"
    assert result["ref"] and result["ref"] in result["msg"]
    for part in ("GET", MISSING, "HTTP 404", "ResourceNotFound", result["message"]):
        assert part in result["msg"]


def test_exit_with_diff_only_in_diff_mode(base_args, capsys):
    def fn(pm):
        pm.exit(True, diff=pm.make_diff("a", "b"), thing=1)

    plain = run_module(base_args, fn, capsys)
    assert plain["changed"] is True and plain["thing"] == 1 and "diff" not in plain
    with_diff = run_module(dict(base_args, _ansible_diff=True), fn, capsys)
    assert with_diff["diff"] == {"before": "a", "after": "b"}


def test_dict_result_and_check_mode(base_args, emu, capsys):
    calls = []

    def fn(pm):
        pm.apply(True, calls.append, "write")
        pm.apply(False, calls.append, "nothing to do")
        return {"changed": True, "check_mode": pm.check_mode}

    result = run_module(dict(base_args, _ansible_check_mode=True), fn, capsys)
    assert result == dict(result, changed=True, check_mode=True)
    assert calls == []
    run_module(base_args, fn, capsys)
    assert calls == ["write"]


def test_client_warnings_passed_on(base_args, capsys):
    """The client's warnings reach AnsibleModule.warn (how Ansible shows them is Ansible's business: in a
    process that also loaded controller code, as a full test run does, they go to the display instead)."""
    warned = []

    def fn(pm):
        original = pm.module.warn
        pm.module.warn = lambda msg: (warned.append(msg), original(msg))
        pm.client.get("/v1/users/info", tenant=True)
        return {"changed": False}

    run_module(dict(base_args, validate_certs=False), fn, capsys)
    assert len(warned) == 1 and "validate_certs is false" in warned[0]


def test_secrets_scrubbed_from_failure(base_args, emu, demo, capsys):
    emu.admin("PATCH", "/__emulator__/config", json={"echo_secret_in_errors": True})
    key = demo["keys"]["revoked-key"]

    def fn(pm):
        pm.client.get("/v1/users/info", tenant=True)

    result = run_module(dict(base_args, api_key=key, project_name=None), fn, capsys)
    assert result["status"] == 401
    assert key not in json.dumps(result)


def test_module_option_and_connection_option_merge(base_args, capsys):
    def fn(pm):
        return {"changed": False, "name": pm.params["name"], "timeout": pm.params["timeout"]}

    result = run_module(dict(base_args, timeout=7), fn, capsys)
    assert (result["name"], result["timeout"]) == ("x", 7)


def test_bad_connection_options_fail_cleanly(base_args, capsys):
    def fn(pm):
        pm.client.get("/v1/users/info")

    result = run_module(dict(base_args, host="http://palette.example.com"), fn, capsys)
    assert result["failed"] is True and "plain http" in result["msg"]


PACK_OPTIONS = dict(name=dict(type="str", required=True), tag=dict(type="str"))
PACKS_SPEC = dict(SPEC, packs=dict(type="list", elements="dict", options=PACK_OPTIONS))


@pytest.mark.parametrize("credential", ["api_key", "palette_api_key", "password"])
@pytest.mark.parametrize("bad,words", [
    ({"packs": ["cert-manager"]}, ["packs[0]", "mapping", "got a string"]),
    ({"packs": "nginx"}, ["packs", "list", "got a string"]),
    ({"api_keyx": "also-secret"}, ["Unsupported parameters", "api_keyx"]),
    ({"packs": [{"name": "nginx", "passwordx": "also-secret"}]}, ["packs.passwordx"]),
], ids=["pack-string", "packs-string", "unknown-option", "unknown-sub-option"])
def test_malformed_arguments_fail_without_a_secret(base_args, emu, demo, capsys, bad, words, credential):
    """The failure names the option and shows neither the credential nor the unknown value, in its message or its
    invocation; the module never reaches the client."""
    args = dict(base_args, **bad)
    del args["api_key"]
    secret = demo["password"] if credential == "password" else demo["api_key"]
    args[credential] = secret
    if credential == "password":
        args["username"] = demo["username"]
    if "_ansible_inject_invocation" in INTERNAL_KEYS:  # ansible-core 2.21 returns the invocation only when asked
        args["_ansible_inject_invocation"] = True
    result = run_module(args, lambda pm: pm.client.get("/v1/users/info", tenant=True), capsys,
                        argument_spec=PACKS_SPEC)
    assert result["failed"] is True
    for word in words:
        assert word in result["msg"]
    text = json.dumps(result)
    assert secret not in text and "also-secret" not in text
    shown = result["invocation"]["module_args"]
    assert shown[credential] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" and shown["name"] == "x"
    assert log_entries(emu) == []


def test_valid_arguments_reach_ansible_unchanged(base_args, capsys):
    """Mappings given as text still work as ansible-core parses them."""
    def fn(pm):
        return {"changed": False, "packs": pm.params["packs"]}

    args = dict(base_args, packs=["name=nginx tag=1.2", {"name": "x"}])
    result = run_module(args, fn, capsys, argument_spec=PACKS_SPEC)
    assert result["packs"] == [{"name": "nginx", "tag": "1.2"}, {"name": "x", "tag": None}]
