# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the inventory plugin's connection comes from: templated options in the file, and the environment read with
the modules' rule (an empty variable counts as unset), with ``ansible-inventory --list`` against the demo emulator and,
for the environment, a module run with the same variables.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

# The demo seed's lab user (FAKE, it only exists inside the emulator; seeds/demo.yml): project edge-lab only.
LAB_USER = "lab@example.com"
LAB_PASSWORD = "emulator-lab-password"
# Every connection variable that an AWX credential may inject empty
EMPTY = dict((name, "") for name in ("PALETTE_API_KEY", "PALETTE_TOKEN", "PALETTE_USERNAME", "PALETTE_PASSWORD",
                                     "PALETTE_ORG", "PALETTE_PROJECT", "PALETTE_PROJECT_UID", "PALETTE_CA_PATH",
                                     "PALETTE_VALIDATE_CERTS", "PALETTE_TIMEOUT", "PALETTE_RETRIES",
                                     "PALETTE_ALLOW_INSECURE_HTTP", "PALETTE_INVENTORY_PROFILE_PACKS"))


def hosts_of(harness, data):
    return sorted(harness.normalise(data)["hosts"])


def expected_hosts(harness, project=None):
    """The hosts of the hand-written demo expectation, of one project or of all."""
    hosts = harness.load_expected("demo_all_projects.json")["hosts"]
    return sorted(name for name, hostvars in hosts.items() if project in (None, hostvars["palette_project_name"]))


def tool(runner, name, args, env):
    """``name`` (ansible, ansible-inventory) of the Python running the tests, with the runner's environment."""
    command = [sys.executable, os.path.join(os.path.dirname(sys.executable), name)] + list(args)
    return subprocess.run(command, env=runner.env(dict(env, ANSIBLE_LOCALHOST_WARNING="0")), cwd=runner.tmp_root,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300,
                          check=False)


def module_run(runner, env, project):
    """palette_profile_info with the same environment, as a task on the inventory's hosts would run it."""
    return tool(runner, "ansible", ["localhost", "-i", "localhost,", "-c", "local", "-e",
                                    "ansible_python_interpreter=" + sys.executable,
                                    "-m", "spectrocloud.palette.palette_profile_info",
                                    "-a", "name=core project_name=" + project], env)


def test_templated_api_key_from_a_lookup(harness, runner, demo_emu):
    """api_key: "{{ lookup('env', ...) }}" is rendered, not sent as it is (which Palette answers with 401)."""
    config = ("plugin: spectrocloud.palette.palette\n"
              "host: \"{{ lookup('env', 'FLEET_TEST_HOST') }}\"\n"
              "api_key: \"{{ lookup('env', 'FLEET_TEST_KEY') }}\"\n"
              "project: \"{{ 'edge-' ~ 'prod' }}\"\n")
    env = {"FLEET_TEST_HOST": demo_emu.url, "FLEET_TEST_KEY": harness.ADMIN_KEY}
    data, proc = runner.run(config, env=env)
    assert hosts_of(harness, data) == expected_hosts(harness, "edge-prod")
    assert harness.ADMIN_KEY not in harness.without_wraps(proc.stdout + proc.stderr)
    assert harness.api_calls(demo_emu)

    verbose = tool(runner, "ansible-inventory", ["-i", runner.write_config(config), "--graph", "-vvvv"], env)
    assert verbose.returncode == 0 and "edge-store-01" in verbose.stdout
    assert harness.ADMIN_KEY not in harness.without_wraps(verbose.stdout + verbose.stderr)


def test_templated_secret_that_fails_is_not_shown(harness, runner, demo_emu):
    """A secret whose template does not render (ansible-core's own message quotes the template, which may be the
    secret itself when it merely holds ``{{``): the option is named, never its text, whatever the verbosity."""
    secret = "s3cret-{{ no_such_variable }}"
    proc = tool(runner, "ansible-inventory", ["-i", runner.write_config(runner.config(api_key=secret)), "--list",
                                              "-vvvv"], {})
    assert proc.returncode != 0
    assert harness.said(proc.stderr, "option api_key: its template could not be rendered")
    output = proc.stdout + proc.stderr
    assert not harness.said(output, secret) and "s3cret" not in harness.without_wraps(output)
    assert not harness.api_calls(demo_emu)


def test_empty_template_result_falls_back_to_the_environment(harness, runner, demo_emu):
    """A lookup of a variable that is not set renders "" and counts as unset, like an empty variable."""
    config = runner.config(api_key="{{ lookup('env', 'FLEET_TEST_UNSET') }}")
    data, dummy = runner.run(config, env={"PALETTE_API_KEY": harness.DEMO_KEY})
    assert hosts_of(harness, data) == expected_hosts(harness, "edge-prod")


@pytest.mark.parametrize("case, env, project", [
    # the Terraform provider's variable when the preferred one is empty (ansible-core took the empty one)
    ("terraform_key", {"PALETTE_API_KEY": "", "SPECTROCLOUD_APIKEY": "DEMO_KEY"}, "edge-prod"),
    # a username and password next to an empty key and token (an AWX credential of the username kind)
    ("username", {"PALETTE_USERNAME": LAB_USER, "PALETTE_PASSWORD": LAB_PASSWORD, "PALETTE_ORG": "edge-demo"},
     "edge-lab"),
    # a key next to an empty username, CA path (ansible-core made it the current directory), booleans and numbers
    ("key", {"PALETTE_API_KEY": "ADMIN_KEY"}, None),
])
def test_empty_variable_counts_as_unset_as_for_the_modules(harness, runner, demo_emu, case, env, project):
    keys = {"DEMO_KEY": harness.DEMO_KEY, "ADMIN_KEY": harness.ADMIN_KEY}
    env = dict(EMPTY, PALETTE_HOST="", SPECTROCLOUD_HOST=demo_emu.url,
               **dict((name, keys.get(value, value)) for name, value in env.items()))
    hosts = expected_hosts(harness, project)
    data, proc = runner.run({"plugin": "spectrocloud.palette.palette"}, env=env)
    assert hosts_of(harness, data) == hosts, case
    for name in ("PALETTE_PASSWORD", "PALETTE_API_KEY", "SPECTROCLOUD_APIKEY"):
        assert not env.get(name) or env[name] not in harness.without_wraps(proc.stdout + proc.stderr)
    # the profile packs (PALETTE_INVENTORY_PROFILE_PACKS="" is unset too: the default, true)
    assert all("packs" in p for h in harness.normalise(data)["hosts"].values() for p in h["palette_profiles"])

    project = harness.normalise(data)["hosts"][hosts[0]]["palette_project_name"]
    module = module_run(runner, env, project)
    assert module.returncode == 0, module.stdout + module.stderr
    assert '"name": "core"' in module.stdout


def test_file_credentials_win_over_the_environment_with_an_empty_key(harness, runner, demo_emu):
    env = dict(EMPTY, PALETTE_TOKEN="not-a-token-from-the-shell")
    data, dummy = runner.run(runner.config(api_key=None, username=LAB_USER, password=LAB_PASSWORD), env=env)
    assert hosts_of(harness, data) == ["edge-lab-01"]


def test_boolean_from_the_environment_must_be_true_or_false(harness, runner, demo_emu):
    """ansible-core would turn "maybe" into false, and so turn the certificate check off."""
    dummy, proc = runner.run(runner.config(), env={"PALETTE_VALIDATE_CERTS": "maybe"}, check=False)
    assert proc.returncode != 0
    assert harness.said(proc.stderr,
                        "option validate_certs: its environment variable (PALETTE_VALIDATE_CERTS) must be true or false")
    assert not harness.api_calls(demo_emu)


def test_inventory_json_names_no_connection_option(harness, runner, demo_emu):
    """The connection options never become host variables (json of the whole --list output)."""
    data, dummy = runner.run(runner.config(api_key="{{ lookup('env', 'FLEET_TEST_KEY') }}"),
                             env={"FLEET_TEST_KEY": harness.ADMIN_KEY})
    assert harness.ADMIN_KEY not in json.dumps(data)
