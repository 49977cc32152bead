# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a broken inventory source fails: secrets of the wrong type, unknown keys, and whether a failure stops the run.

Every case runs the real ``ansible-inventory`` against the demo emulator. Several broken sources share one run
(``-i`` repeated): ansible-core tries each source on its own and reports each failure separately.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

# (key written in the file, option the message must name, value, what the message calls the value)
SECRET_TYPE_CASES = [
    ("api_key", "api_key", {"nested": "LEAK-api-key-in-a-mapping-0001"}, "a mapping"),
    ("api_key", "api_key", ["LEAK-api-key-in-a-list-0002"], "a list"),
    ("password", "password", {"value": "LEAK-password-in-a-mapping-0003"}, "a mapping"),
    ("password", "password", ["LEAK-password-in-a-list-0004"], "a list"),
    ("token", "token", {"jwt": "LEAK-token-in-a-mapping-0005"}, "a mapping"),
    ("token", "token", ["LEAK-token-in-a-list-0006"], "a list"),
    ("palette_api_key", "palette_api_key (api_key)", ["LEAK-alias-in-a-list-0007"], "a list"),
]
UNKNOWN_SECRET = "LEAK-misspelt-api-key-value-0008"
BAD_KEY = "PALETTE-EMULATOR-WRONG-KEY-strict-test-not-a-real-secret"
HINT = "set [inventory] unparsed_is_failed (ANSIBLE_INVENTORY_UNPARSED_FAILED=true"
REJECTED = "Palette rejected the credentials while listing the projects"


def leaks(value):
    """The secret strings inside a case value."""
    if isinstance(value, dict):
        return list(value.values())
    return list(value)


def test_secret_options_of_the_wrong_type_are_named_without_their_value(harness, runner, demo_emu):
    paths = []
    for index, (key, dummy, value, dummy2) in enumerate(SECRET_TYPE_CASES):
        config = runner.config(**{key: value})
        if key != "api_key":
            config.pop("api_key")
        paths.append(runner.write_config(config, name="secret%d.palette.yml" % index))
    unknown = runner.write_config(runner.config(api_keyx=UNKNOWN_SECRET), name="unknown.palette.yml")

    extra = []
    for path in paths[1:] + [unknown]:
        extra += ["-i", path]
    dummy, proc = runner.run(paths[0], args=extra + ["-vvvv"], check=False)
    output = proc.stdout + proc.stderr

    assert proc.returncode != 0          # ANSIBLE_INVENTORY_UNPARSED_FAILED=true (the harness's default)
    for path, (dummy, named, value, kind) in zip(paths, SECRET_TYPE_CASES):
        assert harness.said(output, "%s: option %s must be a string, got %s (its content is not shown" % (path, named, kind))
    assert harness.said(output, "%s: unknown option(s) api_keyx for the spectrocloud.palette.palette inventory plugin" % unknown)
    joined = harness.without_wraps(output)
    for secret in [s for case in SECRET_TYPE_CASES for s in leaks(case[2])] + [UNKNOWN_SECRET]:
        assert secret not in joined
    assert "LEAK-" not in joined
    assert harness.api_calls(demo_emu) == []   # refused before any request


def _static_source(runner):
    path = os.path.join(runner.tmp_root, "static.ini")
    with open(path, "w") as handle:
        handle.write("static-host ansible_connection=local\n")
    return path


# ansible-core's settings, as AWX (ANSIBLE_INVENTORY_UNPARSED_FAILED only) or a user may set them.
OFF = {"ANSIBLE_INVENTORY_UNPARSED_FAILED": "false"}
UNPARSED = {"ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"}
ANY = {"ANSIBLE_INVENTORY_UNPARSED_FAILED": "false", "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true"}


@pytest.mark.parametrize("settings, with_static, fails, final_error", [
    (OFF, False, False, None),                                               # ansible-core's default: a warning
    (UNPARSED, False, True, "No inventory was parsed"),                      # what AWX sets
    (UNPARSED, True, False, None),                                           # another source parsed: a warning
    (ANY, True, True, "Completely failed to parse inventory source %(path)s"),
], ids=["default", "unparsed_is_failed", "unparsed_is_failed-other-source", "any_unparsed_is_failed-other-source"])
def test_bad_credentials_fail_the_run_only_when_ansible_core_is_told_to(
        harness, runner, demo_emu, settings, with_static, fails, final_error):
    path = runner.write_config(runner.config(api_key=BAD_KEY))
    args = ["-i", _static_source(runner)] if with_static else []
    env = dict(settings, ANSIBLE_VERBOSE_TO_STDERR="true")   # as AWX runs it: stdout stays JSON at -vvvv
    data, proc = runner.run(path, env=env, args=args + ["-vvvv"], check=False)
    output = proc.stdout + proc.stderr

    assert harness.said(proc.stderr, REJECTED)
    assert BAD_KEY not in harness.without_wraps(output)
    if fails:
        assert proc.returncode != 0
        assert harness.said(proc.stderr, final_error % {"path": path})
    else:
        assert proc.returncode == 0, proc.stderr[-3000:]
        hosts = sorted(harness.normalise(data)["hosts"])
        assert hosts == (["static-host"] if with_static else [])
    # the plugin says how to make it fatal only when nothing would
    no_setting = settings is OFF
    assert harness.said(proc.stderr, HINT) == no_setting
