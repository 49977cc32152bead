# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options: argument spec, environment fallbacks, client factories (the doc fragments: plugins/doc_fragments)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.module_utils import basic

from ansible_collections.spectrocloud.palette.plugins.module_utils import connection
from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError

ENV_VARS = ["PALETTE_HOST", "SPECTROCLOUD_HOST", "PALETTE_API_KEY", "SPECTROCLOUD_APIKEY", "PALETTE_TOKEN",
            "PALETTE_USERNAME", "PALETTE_PASSWORD", "PALETTE_ORG", "PALETTE_PROJECT_UID", "PALETTE_PROJECT",
            "SPECTROCLOUD_PROJECT", "PALETTE_VALIDATE_CERTS", "PALETTE_CA_PATH", "PALETTE_TIMEOUT", "PALETTE_RETRIES",
            "PALETTE_ALLOW_INSECURE_HTTP"]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    import contextlib

    @contextlib.contextmanager
    def patch_module_args(args):
        from ansible.module_utils.common.text.converters import to_bytes
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


def module_params(args):
    """Run AnsibleModule's real argument processing on ``args``; return params or the failure message."""
    with patch_module_args(args):
        try:
            module = basic.AnsibleModule(argument_spec=connection.connection_argument_spec(),
                                         **connection.connection_module_kwargs())
        except SystemExit:
            raise AssertionError("AnsibleModule failed")
    return module.params


def module_failure(args, capsys):
    with patch_module_args(args):
        with pytest.raises(SystemExit):
            basic.AnsibleModule(argument_spec=connection.connection_argument_spec(),
                                **connection.connection_module_kwargs())
    return json.loads(capsys.readouterr().out)["msg"]


def test_defaults():
    params = module_params({"api_key": "k1234"})
    assert params["host"] == "https://api.spectrocloud.com"
    assert params["validate_certs"] is True
    assert params["allow_insecure_http"] is False
    assert params["timeout"] == 30
    assert params["retries"] == 5


@pytest.mark.parametrize("env, option, expected", [
    ({"PALETTE_HOST": "https://p.example"}, "host", "https://p.example"),
    ({"SPECTROCLOUD_HOST": "tf.example"}, "host", "tf.example"),
    ({"PALETTE_HOST": "https://p.example", "SPECTROCLOUD_HOST": "tf.example"}, "host", "https://p.example"),
    ({"PALETTE_API_KEY": "key-from-env"}, "api_key", "key-from-env"),
    ({"SPECTROCLOUD_APIKEY": "tf-key"}, "api_key", "tf-key"),
    ({"PALETTE_API_KEY": "p-key", "SPECTROCLOUD_APIKEY": "tf-key"}, "api_key", "p-key"),
    ({"PALETTE_PROJECT": "edge-prod"}, "project_name", "edge-prod"),
    ({"SPECTROCLOUD_PROJECT": "tf-proj"}, "project_name", "tf-proj"),
    ({"PALETTE_PROJECT_UID": "uid1"}, "project_uid", "uid1"),
    ({"PALETTE_VALIDATE_CERTS": "false"}, "validate_certs", False),
    ({"PALETTE_TIMEOUT": "7"}, "timeout", 7),
    ({"PALETTE_RETRIES": "0"}, "retries", 0),
    ({"PALETTE_ALLOW_INSECURE_HTTP": "yes"}, "allow_insecure_http", True),
    ({"PALETTE_ORG": "acme"}, "org", "acme"),
])
def test_env_fallbacks(monkeypatch, env, option, expected):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    args = {} if option in ("api_key",) else {"api_key": "k1234"}
    assert module_params(args)[option] == expected


@pytest.mark.parametrize("empty", ["PALETTE_TOKEN", "PALETTE_USERNAME", "PALETTE_PASSWORD", "PALETTE_PROJECT_UID"])
def test_empty_environment_variable_counts_as_unset(monkeypatch, empty):
    # AWX injects every field of a credential type, empty ones too: an empty PALETTE_TOKEN next to an API key
    # must not make "api_key|token" mutually exclusive, nor an empty PALETTE_PROJECT_UID clash with a name.
    monkeypatch.setenv(empty, "")
    params = module_params({"api_key": "k1234", "project_name": "edge-prod"})
    assert params["token"] is None and params["username"] is None and params["password"] is None
    assert params["project_uid"] is None and params["project_name"] == "edge-prod"


def test_empty_first_variable_falls_through_to_the_next(monkeypatch):
    monkeypatch.setenv("PALETTE_API_KEY", "")
    monkeypatch.setenv("SPECTROCLOUD_APIKEY", "tf-key")
    assert module_params({})["api_key"] == "tf-key"


def test_explicit_option_beats_environment(monkeypatch):
    monkeypatch.setenv("PALETTE_HOST", "https://env.example")
    assert module_params({"api_key": "k1234", "host": "https://task.example"})["host"] == "https://task.example"


@pytest.mark.parametrize("alias, option", [("palette_host", "host"), ("palette_api_key", "api_key"),
                                           ("project", "project_name")])
def test_aliases(alias, option):
    args = {alias: "value-1234"}
    if option != "api_key":
        args["api_key"] = "k1234"
    assert module_params(args)[option] == "value-1234"


@pytest.mark.parametrize("args, env", [
    ({"api_key": "k1234", "token": "t1234"}, {}),
    ({"api_key": "k1234", "username": "u", "password": "p"}, {}),
    ({"token": "t1234"}, {"PALETTE_API_KEY": "k1234"}),
    ({"api_key": "k1234", "project_uid": "u", "project_name": "n"}, {}),
])
def test_mutually_exclusive(monkeypatch, capsys, args, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert "mutually exclusive" in module_failure(args, capsys)


def test_username_needs_password(capsys):
    assert "required together" in module_failure({"username": "u@example.com"}, capsys)


def test_secrets_are_no_log():
    spec = connection.connection_argument_spec()
    assert {name for name, option in spec.items() if option.get("no_log")} == {"api_key", "token", "password"}


def test_spec_is_a_fresh_copy():
    first = connection.connection_argument_spec()
    first["host"]["default"] = "changed"
    assert connection.connection_argument_spec()["host"]["default"] == "https://api.spectrocloud.com"


# -- client factories ---------------------------------------------------------------------------------------
def test_client_from_options_env_and_aliases(monkeypatch, tmp_path):
    monkeypatch.setenv("PALETTE_RATE_LIMIT_DIR", str(tmp_path))
    monkeypatch.setenv("SPECTROCLOUD_HOST", "http://127.0.0.1:9")
    monkeypatch.setenv("SPECTROCLOUD_APIKEY", "tf-key-1234")
    monkeypatch.setenv("PALETTE_PROJECT", "edge-prod")
    client = connection.client_from_options({"timeout": "5"})
    assert client.host == "http://127.0.0.1:9"
    assert client.auth_mode == "api_key"
    assert client.project_name == "edge-prod"
    assert client.timeout == 5
    # an explicit credential is not mixed with an exported one
    client = connection.client_from_options({"token": "given-token-1234", "palette_host": "http://localhost:9",
                                             "project_uid": "p-uid"})
    assert client.auth_mode == "token"
    assert client.host == "http://localhost:9"
    assert client.project_uid == "p-uid"


def test_client_from_options_without_env(monkeypatch):
    monkeypatch.setenv("PALETTE_API_KEY", "k1234")
    with pytest.raises(PaletteError, match="no credentials"):
        connection.client_from_options({"host": "http://127.0.0.1:9"}, apply_env=False)


@pytest.mark.parametrize("options, message", [
    ({"api_key": "k1234", "validate_certs": "maybe"}, "not a boolean"),
    ({"api_key": "k1234", "timeout": "soon"}, "not an integer"),
    ({"api_key": "k1234", "token": "t1234"}, "only one of"),
])
def test_client_from_options_errors(options, message):
    with pytest.raises(PaletteError, match=message):
        connection.client_from_options(dict(options, host="http://127.0.0.1:9"), apply_env=False)


def test_client_from_module_fails_cleanly(capsys):
    with patch_module_args({"api_key": "k1234", "host": "http://palette.example.com"}):
        module = basic.AnsibleModule(argument_spec=connection.connection_argument_spec(),
                                     **connection.connection_module_kwargs())
        with pytest.raises(SystemExit):
            connection.client_from_module(module)
    result = json.loads(capsys.readouterr().out)
    assert result["failed"] is True
    assert "plain http" in result["msg"]
