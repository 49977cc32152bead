# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ArgumentCheck: every malformed shape is named by its option path, and no secret or unknown value leaks.

The spec below has the shapes of the modules' specs (the connection options with their no_log secrets and
aliases, a list of mappings with sub-options, a mapping with sub-options, a list of mappings without, a
nested no_log sub-option). Each bad case is one that ansible-core also rejects (checked below), so the check
changes messages, not which input is accepted; except a secret of the wrong type, which ansible-core would
turn into a string and send.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.spectrocloud.palette.plugins.module_utils.argument_check import INTERNAL_KEYS, MASK, ArgumentCheck
from ansible_collections.spectrocloud.palette.plugins.module_utils.connection import connection_argument_spec

SECRET = "UNIT-secret-Zk8+q/w=Xy_7f3"
PACK_OPTIONS = dict(name=dict(type="str", required=True), tag=dict(type="str"), values=dict(type="raw"),
                    values_merge=dict(type="dict"))


def _spec():
    spec = connection_argument_spec()
    spec.update(
        name=dict(type="str"),
        packs=dict(type="list", elements="dict", default=[], options=PACK_OPTIONS),
        filters=dict(type="dict", options=dict(name=dict(type="str"), tags=dict(type="list", elements="str"))),
        previous_packs=dict(type="list", elements="dict"),
        registry=dict(type="dict", options=dict(
            url=dict(type="str"),
            login=dict(type="dict", options=dict(user=dict(type="str"), secret=dict(type="str", no_log=True))))),
    )
    return spec


def _check(params):
    return ArgumentCheck(_spec(), params, module_name="spectrocloud.palette.palette_profile")


# (case, arguments, words the message must hold); each case also carries SECRET as a credential
BAD = [
    ("pack is a string", {"packs": ["cert-manager"]}, ["packs[0]", "mapping", "got a string", "name, tag"]),
    ("second pack is a number", {"packs": [{"name": "a"}, 5]}, ["packs[1]", "mapping", "got an integer"]),
    ("pack is a list", {"packs": [["cert-manager"]]}, ["packs[0]", "mapping", "got a list"]),
    ("packs is a string", {"packs": "nginx"}, ["packs", "list", "got a string", "each with name, tag, values or values_merge"]),
    ("packs is one mapping", {"packs": {"name": "nginx"}}, ["packs", "list", "got a mapping"]),
    ("packs is a number", {"packs": 3}, ["packs", "list", "got an integer"]),
    ("packs is a boolean", {"packs": True}, ["packs", "list", "got a boolean"]),
    ("filters is a string", {"filters": "core"}, ["filters", "mapping", "got a string", "name or tags"]),
    ("filters is a list", {"filters": ["core"]}, ["filters", "mapping", "got a list"]),
    ("filters is a number", {"filters": 1}, ["filters", "mapping", "got an integer"]),
    ("previous pack is a string", {"previous_packs": ["x"]}, ["previous_packs[0]", "mapping", "got a string"]),
    ("previous packs is a string", {"previous_packs": "x"}, ["previous_packs", "list", "got a string"]),
    ("values_merge is text", {"packs": [{"name": "a", "values_merge": "a: [1"}]},
     ["packs[0].values_merge", "mapping", "got a string"]),
    ("values_merge is a list", {"packs": [{"name": "a", "values_merge": ["a"]}]},
     ["packs[0].values_merge", "mapping", "got a list"]),
    ("nested mapping is a string", {"registry": {"login": "admin"}}, ["registry.login", "mapping", "got a string"]),
    ("unknown option", {"api_keyx": SECRET}, ["Unsupported parameters", "api_keyx", "did you mean api_key"]),
    ("unknown option holding a mapping", {"passwordx": {"a": SECRET}}, ["Unsupported parameters", "passwordx"]),
    ("unknown sub-option", {"packs": [{"name": "a", "passwordx": SECRET}]},
     ["packs.passwordx", "in packs[0]", "name, tag, values, values_merge"]),
    ("unknown sub-option of a mapping", {"filters": {"tokn": SECRET}}, ["filters.tokn", "Unsupported parameters"]),
    ("unknown sub-sub-option", {"registry": {"login": {"user": "u", "secrett": SECRET}}}, ["registry.login.secrett"]),
    ("unknown Ansible-looking option", {"_ansible_secret": SECRET}, ["_ansible_secret"]),
]

# a secret of the wrong type: (option, value); each holds SECRET somewhere unless it is a bare number
WRONG_SECRETS = [
    ("api_key", {"key": SECRET}), ("api_key", [SECRET]), ("api_key", 98765432123), ("password", 1234.5),
    ("token", True), ("palette_api_key", {"nested": [SECRET]}),
]

GOOD = [
    {"name": "core"},
    {"name": "core", "packs": []},
    {"packs": [{"name": "nginx", "tag": "1.2", "values": "a: 1", "values_merge": {"a": {"b": 1}}}]},
    {"packs": ['{"name": "nginx"}', "name=cert-manager tag=1.0"]},  # mappings as text, which ansible-core parses
    {"filters": {"name": "core", "tags": ["env:prod"]}},
    {"filters": "name=core"},
    {"previous_packs": [{"anything": {"goes": 1}}]},
    {"registry": {"url": "https://r", "login": {"user": "u", "secret": SECRET}}},
    {"palette_api_key": SECRET, "palette_host": "https://palette.example.com", "project": "p", "timeout": "30"},
    {"username": "me", "password": SECRET, "_ansible_check_mode": True, "_ansible_verbosity": 4},
]


def _ansible_errors(params):
    """What ansible-core's validator says of ``params`` (AnsibleModule drops its own settings before it); some
    shapes make it raise (``filters: 1``: a traceback instead of a message)."""
    params = dict((key, value) for key, value in params.items() if key not in INTERNAL_KEYS)
    try:
        return ArgumentSpecValidator(_spec()).validate(params).error_messages
    except TypeError as exc:
        return ["raised %s" % exc]


def _no_secret_in(check):
    text = json.dumps([check.problems, check.masked])
    return SECRET not in text and "98765432123" not in text


@pytest.mark.parametrize("credential", ["api_key", "palette_api_key", "password", "token"])
@pytest.mark.parametrize("case,params,words", BAD, ids=[case[0] for case in BAD])
def test_malformed_shape_is_named_and_no_secret_shown(case, params, words, credential):
    params = dict(params, **{credential: SECRET})
    check = _check(params)
    message = " ".join(check.problems)
    assert len(check.problems) == 1, check.problems
    for word in words:
        assert word in message, (case, word, message)
    assert _no_secret_in(check)
    assert check.masked[credential] == MASK
    assert SECRET in check.secrets
    # ansible-core rejects the same input: only the message changes
    assert _ansible_errors(params), case


@pytest.mark.parametrize("option,value", WRONG_SECRETS, ids=["%s-%s" % (o, type(v).__name__) for o, v in WRONG_SECRETS])
def test_secret_of_the_wrong_type_is_refused_without_its_value(option, value):
    check = _check({"name": "core", option: value})
    assert len(check.problems) == 1, check.problems
    message = check.problems[0]
    assert message.startswith("%s: expected a string, got a" % option), message
    assert _no_secret_in(check) and check.masked[option] == MASK
    expected = {SECRET} if SECRET in json.dumps(value) else {str(value)} - {"True"}
    assert check.secrets == expected


@pytest.mark.parametrize("params", GOOD, ids=range(len(GOOD)))
def test_valid_arguments_pass(params):
    check = _check(params)
    assert check.problems == []
    assert _ansible_errors(params) == []
    assert _no_secret_in(check)


# ansible-core accepts these and goes on with the Python text of the container ("{'env': 'prod'}"): refused here
TEXT_EXPECTED = [
    ("tag is a mapping", {"filters": {"tags": [{"env": "prod"}]}}, "filters.tags[0]: expected a string, got a mapping"),
    ("second tag is a list", {"filters": {"tags": ["a", ["b"]]}}, "filters.tags[1]: expected a string, got a list"),
    ("name is a mapping", {"name": {"core": 1}}, "name: expected a string, got a mapping"),
    ("pack tag is a list", {"packs": [{"name": "a", "tag": ["1.0"]}]}, "packs[0].tag: expected a string, got a list"),
]


@pytest.mark.parametrize("case,params,start", TEXT_EXPECTED, ids=[case[0] for case in TEXT_EXPECTED])
def test_container_where_text_is_expected_is_named(case, params, start):
    check = _check(dict(params, api_key=SECRET))
    assert len(check.problems) == 1 and check.problems[0].startswith(start), check.problems
    assert _no_secret_in(check)
    assert _ansible_errors(dict(params, api_key=SECRET)) == [], "ansible-core itself accepts it: %s" % case


def test_masked_copy_keeps_what_is_not_secret():
    params = {"name": "core", "api_key": SECRET, "packs": [{"name": "nginx", "tag": "1.2", "tags": SECRET}, "x"],
              "registry": {"login": {"user": "u", "secret": SECRET}}, "bogus": SECRET, "_ansible_diff": True}
    check = _check(params)
    assert check.masked == {
        "name": "core", "api_key": MASK, "bogus": MASK,
        "packs": [{"name": "nginx", "tag": "1.2", "tags": MASK}, MASK],
        "registry": {"login": {"user": "u", "secret": MASK}},
    }
    assert check.secrets == {SECRET}


def test_every_problem_is_reported_at_once():
    check = _check({"packs": "nginx", "filters": "core", "api_key": [SECRET], "bogus": 1})
    message = " ".join(check.problems)
    assert len(check.problems) == 4
    for word in ("packs:", "filters:", "api_key:", "bogus"):
        assert word in message
    assert _no_secret_in(check)


def test_unknown_options_without_module_name():
    check = ArgumentCheck({"name": {"type": "str"}}, {"nmae": 1})
    assert check.problems == ["Unsupported parameters: nmae. Supported parameters include: name. nmae: did you mean "
                              "name? The value of an unknown parameter is never shown."]
