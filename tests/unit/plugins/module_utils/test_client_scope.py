# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scope: the ProjectUid header per request and the project name lookup."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError, PaletteError
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

LOOKUP = "/v1/dashboard/projects/metadata"
PROFILES = "/v1/dashboard/clusterprofiles/metadata"


def test_project_name_resolved_once_and_sent_per_request(make_client, emu, demo):
    client = make_client(project_name="edge-prod")
    for dummy in range(3):
        client.get(PROFILES)
    client.get("/v1/users/info", tenant=True)
    entries = log_entries(emu)
    lookups = [e for e in entries if e["path"] == LOOKUP]
    assert len(lookups) == 1
    assert lookups[0]["query"].get("name") == "edge-prod"
    assert lookups[0]["project_uid"] is None  # tenant scope
    scoped = [e for e in entries if e["path"] == PROFILES]
    assert [e["project_uid"] for e in scoped] == [demo["projects"]["edge-prod"]] * 3
    assert [e for e in entries if e["path"] == "/v1/users/info"][0]["project_uid"] is None
    assert all(e["status"] == 200 for e in entries)


def test_scope_isolated_between_clients(make_client, emu, demo):
    """Scope is per client and per request, never global: two clients in one process keep their own."""
    prod = make_client(project_name="edge-prod")
    lab = make_client(project_uid=demo["projects"]["edge-lab"])
    tenant = make_client()
    prod.get(PROFILES)
    lab.get(PROFILES)
    tenant.get(PROFILES)
    prod.get(PROFILES)
    scoped = [e["project_uid"] for e in log_entries(emu) if e["path"] == PROFILES]
    assert scoped == [demo["projects"]["edge-prod"], demo["projects"]["edge-lab"], None, demo["projects"]["edge-prod"]]
    assert [e["path"] for e in log_entries(emu)].count(LOOKUP) == 1


def test_profiles_differ_by_scope(make_client, emu, demo):
    """The header really selects what the server returns (the emu keeps projects apart)."""
    prod = [i["metadata"]["uid"] for i in make_client(project_name="edge-prod").get(PROFILES)["items"]]
    lab = [i["metadata"]["uid"] for i in make_client(project_name="edge-lab").get(PROFILES)["items"]]
    assert prod and prod != lab


def test_project_uid_needs_no_lookup(make_client, emu, demo):
    client = make_client(project_uid=demo["projects"]["edge-lab"])
    client.get(PROFILES)
    assert [(e["path"], e["project_uid"]) for e in log_entries(emu)] == [(PROFILES, demo["projects"]["edge-lab"])]


@pytest.mark.parametrize("name", ["edge-production", "Edge-Prod", "edge"])
def test_missing_project_lists_what_was_found(make_client, emu, demo, name):
    client = make_client(project_name=name)
    with pytest.raises(PaletteError) as info:
        client.get(PROFILES)
    message = str(info.value)
    assert repr(name) in message
    for existing in demo["projects"]:
        assert existing in message
    assert PROFILES not in [e["path"] for e in log_entries(emu)]


def test_project_list_limited_to_what_the_key_sees(make_client, emu, demo):
    client = make_client(api_key=demo["keys"]["lab-only"], project_name="edge-prod")
    with pytest.raises(PaletteError) as info:
        client.get(PROFILES)
    assert "'edge-lab'" in str(info.value)


def test_duplicate_project_names_refused_by_emulator(emu, demo_seed):
    """Palette (and the emulator) keep project names unique, so ambiguity is tested with a recording server below."""
    seed = copy.deepcopy(demo_seed)
    seed["projects"].append(dict(seed["projects"][0], uid="69791bbdb68bd0033ad2ffff"))
    with pytest.raises(Exception, match="used by another project"):
        emu.reset(seed=seed)


def test_ambiguous_project_name(capture_server, tmp_path):
    from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient
    url, recorder = capture_server
    recorder.responses = [(200, {}, {"items": [{"metadata": {"name": "prod", "uid": "uid-one"}},
                                               {"metadata": {"name": "prod", "uid": "uid-two"}},
                                               {"metadata": {"name": "prod-2", "uid": "uid-three"}}]})]
    client = PaletteClient(host=url, api_key="k1234", project_name="prod", rate_limit_dir=str(tmp_path))
    with pytest.raises(PaletteError) as info:
        client.get(PROFILES)
    message = str(info.value)
    assert "ambiguous" in message and "uid-one" in message and "uid-two" in message
    assert "uid-three" not in message
    assert [r["target"] for r in recorder.requests] == [LOOKUP + "?name=prod"]
    assert "ProjectUid" not in recorder.requests[0]["headers"]


def test_project_not_allowed_for_key(make_client, emu, demo):
    """A uid the key may not use: the server's 403 comes back as a PaletteApiError with its fields."""
    client = make_client(api_key=demo["keys"]["lab-only"], project_uid=demo["projects"]["edge-prod"])
    with pytest.raises(PaletteApiError) as info:
        client.get(PROFILES)
    assert info.value.status == 403
    assert log_entries(emu)[-1]["status"] == 403


def test_both_project_options_rejected(make_client):
    with pytest.raises(PaletteError, match="mutually exclusive"):
        make_client(project_uid="abc", project_name="edge-prod")


# -- a project_uid that these credentials cannot use (explain_project_errors, set for the modules) ---------------
NO_PROJECT = "ffffffffffffffffffffffff"


def _project_reads(emu):
    return [e for e in log_entries(emu) if e["path"].startswith("/v1/projects/")]


@pytest.mark.parametrize("key, project, visible", [
    ("api_key", NO_PROJECT, "'edge-prod'"),            # no such project
    ("lab-only", "edge-prod", "'edge-lab'"),            # a project this key may not use
])
def test_unusable_project_uid_is_named(make_client, emu, demo, key, project, visible):
    api_key = demo["api_key"] if key == "api_key" else demo["keys"][key]
    uid = demo["projects"].get(project, project)
    client = make_client(api_key=api_key, project_uid=uid, explain_project_errors=True)
    with pytest.raises(PaletteError) as info:
        client.get(PROFILES)
    assert not isinstance(info.value, PaletteApiError)   # callers that turn a 404 into "not found" must not see one
    message = str(info.value)
    assert message.startswith("project_uid: no project with uid %r can be read with these credentials" % uid)
    assert "GET %s: HTTP" % PROFILES in message and visible in message
    assert info.value.path == PROFILES and info.value.status in (403, 404)
    assert [e["status"] for e in _project_reads(emu)] in ([404], [403])
    assert [e for e in log_entries(emu) if e["write"]] == []
    # every later refusal in that scope says the same, without reading the project again
    with pytest.raises(PaletteError) as again:
        client.get("/v1/clusterprofiles/" + NO_PROJECT)
    assert str(again.value) == message and len(_project_reads(emu)) == 1


def test_missing_object_in_a_usable_project_keeps_its_own_error(make_client, emu, demo):
    client = make_client(project_uid=demo["projects"]["edge-prod"], explain_project_errors=True)
    for dummy in range(2):
        with pytest.raises(PaletteApiError) as info:
            client.get("/v1/clusterprofiles/" + NO_PROJECT)
        assert info.value.status == 404
    # the project was read once, after the first refusal, and found readable
    assert [(e["path"], e["status"], e["project_uid"]) for e in _project_reads(emu)] == [
        ("/v1/projects/" + demo["projects"]["edge-prod"], 200, None)]


def test_project_uid_is_not_read_when_nothing_is_refused(make_client, emu, demo):
    client = make_client(project_uid=demo["projects"]["edge-prod"], explain_project_errors=True)
    client.get(PROFILES)
    assert _project_reads(emu) == []


def test_project_name_needs_no_check(make_client, emu):
    """A project found by name exists: a 404 in its scope is the object's."""
    client = make_client(project_name="edge-prod", explain_project_errors=True)
    with pytest.raises(PaletteApiError):
        client.get("/v1/clusterprofiles/" + NO_PROJECT)
    assert _project_reads(emu) == []
