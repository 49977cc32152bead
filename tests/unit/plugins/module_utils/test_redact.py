# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.redact import REDACTED, Redactor, scrub

KEY = "PALETTE-TEST-KEY-abc/def+ghi"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIiwiZXhwIjoxfQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


@pytest.mark.parametrize("text", [
    "Api key '%s' not found" % KEY,
    "GET /v1/x?ApiKey=%s&limit=1" % KEY,
    "echo %s" % "PALETTE-TEST-KEY-abc%2Fdef%2Bghi",  # URL-encoded
    '{"apiKey": "%s"}' % KEY,
])
def test_known_secret_removed(text):
    result = Redactor([KEY]).scrub(text)
    assert KEY not in result
    assert "PALETTE-TEST-KEY" not in result
    assert REDACTED in result


@pytest.mark.parametrize("text", [
    "token %s expired" % JWT,
    "GET /v1/auth/refresh/%s" % JWT,
    "Authorization: %s" % JWT,
])
def test_any_jwt_removed(text):
    result = scrub(text)
    assert JWT not in result
    assert JWT.split(".")[1] not in result


@pytest.mark.parametrize("text, leaked", [
    ("GET /v1/spectroclusters?apikey=someunknownkey&x=1", "someunknownkey"),
    ('{"password": "hunter22", "emailId": "a@b"}', "hunter22"),
    ("password=hunter22", "hunter22"),
])
def test_secret_shapes_removed_without_knowing_the_value(text, leaked):
    assert leaked not in scrub(text)


def test_nested_data_and_secret_keys():
    data = {"message": "bad key %s" % KEY, "details": {"ApiKey": "other-value", "list": [KEY, 3, None]},
            KEY: "value"}
    result = Redactor([KEY]).scrub(data)
    flat = repr(result)
    assert KEY not in flat
    assert "other-value" not in flat
    assert result["details"]["list"][1:] == [3, None]


def test_short_values_are_not_secrets():
    assert Redactor(["ab", None, ""]).scrub("a cab") == "a cab"


def test_plain_text_untouched():
    text = "PUT /v1/clusterprofiles/6512: HTTP 404 ResourceNotFound: cluster profile '6512' not found (ref abc)"
    assert scrub(text) == text


def test_scrub_exact_only_touches_known_secrets():
    redactor = Redactor([KEY])
    values = "password: hunter22\nkey: %s\n" % KEY
    assert redactor.scrub_exact({"values": values}) == {"values": "password: hunter22\nkey: %s\n" % REDACTED}
