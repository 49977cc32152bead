# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attaching and detaching add-on profiles (cluster_attach, through update_clusters) over real HTTP against the
emulator (demo seed): attach only when asked, by tag selection, idempotent re-runs, check mode, detach, and the
refusals (infra profile, non-add-on attach, options that make no sense with state absent) with zero writes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_runner as cr
from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

EDGE_VMO = "6982d34cd881f18566be1474"
STORE_01 = "6982d34cd881f18566be1501"
STORE_02 = "6982d34cd881f18566be1502"
STORE_03 = "6982d34cd881f18566be1503"
VIRTUAL = "6982d34cd881f18566be1600"       # vc-analytics, no profiles
BASELINE = "697b00000000000000000001"      # tenant-baseline 1.0.0, a tenant-scoped add-on profile
PROD = [EDGE_VMO, STORE_01, STORE_02, STORE_03]


def writes(emu):
    return [(e["method"], e["path"]) for e in log_entries(emu) if e["write"]]


def attached(emu, cluster):
    state = emu.admin("GET", "/__emulator__/state")
    return [a["uid"] for c in state["clusters"] if c["uid"] == cluster for a in c["attached"]]


@pytest.fixture
def run(make_client, emu):
    emu.admin("DELETE", "/__emulator__/requests")

    def call(**kwargs):
        client = make_client(project_name="edge-prod")
        return cr.update_clusters(ClusterService(client), ProfileService(client), **kwargs)
    return call


def test_a_cluster_without_the_profile_is_refused_unless_attach_is_asked(run, emu):
    with pytest.raises(PaletteError) as err:
        run(cluster_names=["edge-vmo"], profile_name="tenant-baseline", version="1.0.0")
    assert "does not use cluster profile 'tenant-baseline'" in str(err.value) and "attach: true" in str(err.value)
    with pytest.raises(PaletteError) as err:
        run(cluster_names=["edge-vmo"], profile_name="tenant-baseline", attach=True)
    assert err.value.option == "attach"
    with pytest.raises(PaletteError) as err:
        run(cluster_uids=[VIRTUAL], profile_name="infra", version="1.1.0", attach=True)
    assert "is of type infra; only add-on profiles are attached" in str(err.value)
    assert writes(emu) == []


def test_attach_by_tag_then_rerun_then_detach_then_rerun(run, emu):
    preview = run(cluster_tags=["env:prod"], profile_name="tenant-baseline", version="1.0.0", attach=True, check_mode=True)
    assert preview["changed"] and writes(emu) == []
    assert sorted(c["uid"] for c in preview["clusters"]) == sorted(PROD)      # not the virtual nor the deleted one

    done = run(cluster_tags=["env:prod"], profile_name="tenant-baseline", version="1.0.0", attach=True)
    assert [c["action"] for c in done["clusters"]] == ["attach"] * 4
    assert sorted(writes(emu)) == sorted(("PATCH", "/v1/spectroclusters/%s/profiles" % u) for u in PROD)
    for uid in PROD:
        assert attached(emu, uid).count(BASELINE) == 1

    emu.admin("DELETE", "/__emulator__/requests")
    again = run(cluster_tags=["env:prod"], profile_name="tenant-baseline", version="1.0.0", attach=True)
    assert not again["changed"] and writes(emu) == []

    with pytest.raises(PaletteError) as err:
        run(cluster_tags=["env:prod"], profile_name="tenant-baseline", state="absent", wait=True)
    assert err.value.option == "state" and "wait" in str(err.value)

    gone = run(cluster_tags=["env:prod"], profile_name="tenant-baseline", state="absent")
    assert gone["changed"] and [c["action"] for c in gone["clusters"]] == ["detach"] * 4
    assert sorted(writes(emu)) == sorted(("DELETE", "/v1/spectroclusters/%s/profiles" % u) for u in PROD)
    assert all(BASELINE not in attached(emu, u) for u in PROD)

    emu.admin("DELETE", "/__emulator__/requests")
    assert not run(cluster_tags=["env:prod"], profile_name="tenant-baseline", state="absent")["changed"]
    assert writes(emu) == []


def test_detaching_the_infra_profile_is_refused_with_zero_writes(run, emu):
    with pytest.raises(PaletteError) as err:
        run(cluster_names=["edge-vmo", "edge-store-01"], profile_name="infra", state="absent")
    assert "edge-vmo (%s): infra is its infra profile" % EDGE_VMO in str(err.value)
    assert "edge-store-01" in str(err.value)
    assert writes(emu) == []


def test_detach_of_one_version_leaves_a_cluster_on_another_alone(run, emu):
    result = run(cluster_uids=[STORE_02, EDGE_VMO], profile_name="core", version="1.0.0", state="absent")
    assert [c["action"] for c in result["clusters"]] == ["detach", None]
    assert writes(emu) == [("DELETE", "/v1/spectroclusters/%s/profiles" % STORE_02)]


def test_tags_nobody_carries_are_an_error(run, emu):
    with pytest.raises(PaletteError) as err:
        run(cluster_tags=["env:nowhere"], profile_name="core")
    assert err.value.option == "cluster_tags"
    assert writes(emu) == []


def test_an_attach_checks_the_required_variables_of_what_it_attaches(run, emu, make_client):
    # tenant-baseline is tenant-scoped: its variables are declared without a project
    make_client().put("/v1/clusterprofiles/%s/variables" % BASELINE,
                      body={"variables": [{"name": "owner", "required": True}]})
    emu.admin("DELETE", "/__emulator__/requests")
    with pytest.raises(PaletteError) as err:
        run(cluster_names=["edge-vmo"], profile_name="tenant-baseline", version="1.0.0", attach=True)
    assert "required variable(s) owner" in str(err.value)
    assert writes(emu) == []
    result = run(cluster_names=["edge-vmo"], profile_name="tenant-baseline", version="1.0.0", attach=True,
                 variables={"owner": "platform"})
    assert result["clusters"][0]["action"] == "attach"
    # the values go with the attach; Palette may ignore them there (profile_patch_variables), so they are sent again
    assert writes(emu) == [("PATCH", "/v1/spectroclusters/%s/profiles" % EDGE_VMO),
                           ("PATCH", "/v1/spectroclusters/%s/variables" % EDGE_VMO)]
    state = emu.admin("GET", "/__emulator__/state")
    entry = [a for c in state["clusters"] if c["uid"] == EDGE_VMO for a in c["attached"] if a["uid"] == BASELINE][0]
    assert entry["variables"] == [{"name": "owner", "value": "platform"}]
