# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cluster-side variables (cluster_variables, through update_clusters) over real HTTP against the emulator, under
every reading of its switches sensitive_variable_read, profile_patch_variables and replaced_variables: refused before
any write, values landing, idempotent re-runs, carried over on a version switch, sensitive values never shown."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_runner as cr
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import ClusterError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_variables import VariablePlan, check_variables
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

EDGE_VMO = "6982d34cd881f18566be1474"
STORE_02 = "6982d34cd881f18566be1502"      # core 1.0.0
CORE_11 = "698e43979f639727243be3e8"
CORE_10 = "698e43979f639727243be300"
SECRET = "pa55-w0rd-not-shown"
DECLARED = [
    {"name": "region", "defaultValue": "eu-west"},
    {"name": "site_code", "required": True},
    {"name": "db_password", "isSensitive": True},
]


def declare(client, uid=CORE_11, variables=None):
    """Declare the variables of a profile version (PUT /v1/clusterprofiles/{uid}/variables, project scope)."""
    client.put("/v1/clusterprofiles/%s/variables" % uid, body={"variables": variables or DECLARED})


def stored(emu, cluster, profile_uid=CORE_11):
    state = emu.admin("GET", "/__emulator__/state")
    attached = [c for c in state["clusters"] if c["uid"] == cluster][0]["attached"]
    return dict((v["name"], v["value"]) for a in attached if a["uid"] == profile_uid for v in a["variables"])


def writes(emu):
    return [(e["method"], e["path"]) for e in log_entries(emu) if e["write"]]


@pytest.fixture
def run(make_client, emu):
    declare(make_client(project_name="edge-prod"))
    declare(make_client(project_name="edge-prod"), CORE_10, DECLARED[:2])
    emu.admin("DELETE", "/__emulator__/requests")
    secrets = []

    def call(**kwargs):
        client = make_client(project_name="edge-prod")
        kwargs.setdefault("profile_name", "core")
        return cr.update_clusters(ClusterService(client), ProfileService(client), on_secret=secrets.append, **kwargs)
    call.secrets = secrets
    return call


# -- the plan, without HTTP ---------------------------------------------------------------------------------
def test_check_variables_turns_numbers_and_booleans_into_text_and_never_shows_a_value():
    assert check_variables({"a": 3, "b": True, "c": "x"}) == {"a": "3", "b": "true", "c": "x"}
    with pytest.raises(ClusterError) as err:
        check_variables({"a": {"nested": SECRET}})
    assert "variable a" in str(err.value) and SECRET not in str(err.value)
    with pytest.raises(ClusterError):
        check_variables({"a": None})


def test_variable_plan_alone_sends_only_the_changes():
    plan = VariablePlan(DECLARED, {"site_code": "hq", "region": "eu-west"}, {"region": "eu-west"}, with_profiles=False)
    assert plan.undeclared == [] and plan.missing == []
    assert plan.changes == ["site_code"] and plan.send == {"site_code": "hq"}


def test_variable_plan_with_a_profiles_patch_carries_the_readable_values_over():
    current = {"region": "us-east", "db_password": "********", "site_code": "old"}
    plan = VariablePlan(DECLARED, {"site_code": "new"}, current, with_profiles=True)
    assert plan.send == {"region": "us-east", "site_code": "new"}       # never the masked sensitive value
    assert plan.result() == [{"name": "site_code", "before": "old", "after": "new"}]


def test_variable_plan_refusals_and_masking():
    plan = VariablePlan(DECLARED, {"nope": "x", "db_password": SECRET}, {}, with_profiles=False)
    assert plan.undeclared == ["nope"] and plan.missing == ["site_code"]
    assert plan.result() == [{"name": "db_password", "before": None, "after": "********"}]
    assert SECRET not in "\n".join(plan.diff_lines("after"))


# -- through update_clusters, against the emulator ----------------------------------------------------------
def test_undeclared_and_missing_required_are_refused_before_any_write(run, emu):
    with pytest.raises(ClusterError) as err:
        run(cluster_names=["edge-vmo"], variables={"site_code": "hq", "nope": "x", "db_password": SECRET})
    assert err.value.option == "variables"
    assert "declares no variable nope; it declares: db_password, region, site_code" in str(err.value)
    assert SECRET not in str(err.value)
    with pytest.raises(ClusterError) as err:
        run(cluster_names=["edge-vmo"], variables={"region": "x"})
    assert "required variable(s) site_code" in str(err.value)
    assert writes(emu) == []


@pytest.mark.parametrize("reading", ["masked", "clear"])
def test_values_alone_land_with_patch_variables_and_rerun_is_idempotent(run, emu, reading):
    emu.config(sensitive_variable_read=reading)
    given = {"site_code": "hq", "db_password": SECRET}
    preview = run(cluster_names=["edge-vmo"], variables=given, check_mode=True)
    assert preview["changed"] and writes(emu) == []
    result = run(cluster_names=["edge-vmo"], variables=given)
    assert result["changed"] and result["clusters"][0]["action"] is None
    assert writes(emu) == [("PATCH", "/v1/spectroclusters/%s/variables" % EDGE_VMO)]
    assert stored(emu, EDGE_VMO) == given
    assert SECRET not in json.dumps(result) and SECRET in run.secrets
    assert result["clusters"][0]["variable_changes"] == [
        {"name": "db_password", "before": None, "after": "********"}, {"name": "site_code", "before": None, "after": "hq"}]
    emu.admin("DELETE", "/__emulator__/requests")
    again = run(cluster_names=["edge-vmo"], variables=given)
    if reading == "clear":
        assert not again["changed"] and writes(emu) == []
    else:   # a masked value cannot be compared: sent again, alone
        assert [c["name"] for c in again["clusters"][0]["variable_changes"]] == ["db_password"]
        assert writes(emu) == [("PATCH", "/v1/spectroclusters/%s/variables" % EDGE_VMO)]
    assert not run(cluster_names=["edge-vmo"], variables={"site_code": "hq"})["changed"]


@pytest.mark.parametrize("patch_reading", ["ignored", "applied"])
@pytest.mark.parametrize("replaced_reading", ["reset", "kept"])
def test_a_version_switch_carries_values_and_lands_them_under_every_reading(run, emu, patch_reading, replaced_reading):
    emu.config(profile_patch_variables=patch_reading, replaced_variables=replaced_reading, sensitive_variable_read="clear")
    run(cluster_names=["edge-store-02"], profile_name="core", version="1.0.0", variables={"region": "us-east", "site_code": "s02"})
    emu.admin("DELETE", "/__emulator__/requests")
    result = run(cluster_names=["edge-store-02"], version="1.1.0", variables={"db_password": SECRET})
    assert result["clusters"][0]["action"] == "switch"
    assert stored(emu, STORE_02) == {"region": "us-east", "site_code": "s02", "db_password": SECRET}
    patches = [w for w in writes(emu) if w[1].endswith("/variables")]
    assert len(patches) == (0 if patch_reading == "applied" else 1)
    assert not run(cluster_names=["edge-store-02"], version="1.1.0", variables={"db_password": SECRET})["changed"]


def test_an_empty_value_for_a_variable_without_one_is_no_change():
    plan = VariablePlan(DECLARED, {"region": "", "site_code": "x"}, {"site_code": "x"}, with_profiles=False)
    assert plan.changes == [] and plan.send == {}


def test_cluster_variables_add_values_per_cluster_by_name_or_uid(run, emu):
    emu.config(sensitive_variable_read="clear")
    with pytest.raises(ClusterError) as err:
        run(cluster_names=["edge-vmo"], variables={"site_code": "x"}, cluster_variables={"edge-store-02": {"site_code": "y"}})
    assert err.value.option == "cluster_variables" and "edge-store-02" in str(err.value)
    assert writes(emu) == []
    run(cluster_names=["edge-vmo", "edge-store-02"], profile_name="core", variables={"region": "eu"},
        cluster_variables={"edge-vmo": {"site_code": "hq"}, STORE_02: {"site_code": "s02"}, "edge-store-02": {"site_code": "no"}})
    assert stored(emu, EDGE_VMO) == {"region": "eu", "site_code": "hq"}
    assert stored(emu, STORE_02, CORE_10) == {"region": "eu", "site_code": "s02"}       # the uid wins over the name


# -- a switch without values carries the cluster's --------------------------------------------------------------
INFRA_11 = "698e434f56d5433423e3ee5a"


def test_variable_plan_never_carries_a_sensitive_value_it_would_have_to_send_back():
    held = {"db_password": "********", "site_code": "x"}
    assert VariablePlan(DECLARED, {}, held, with_profiles=True).uncarried == ["db_password"]
    assert VariablePlan(DECLARED, {"db_password": SECRET}, held, with_profiles=True).uncarried == []
    assert VariablePlan(DECLARED, {}, held, with_profiles=False).uncarried == []      # nothing is sent back
    assert VariablePlan(DECLARED, {}, {"site_code": "x"}, with_profiles=True).uncarried == []


@pytest.mark.parametrize("patch_reading", ["ignored", "applied"])
@pytest.mark.parametrize("replaced_reading", ["reset", "kept"])
def test_a_switch_without_variables_keeps_the_clusters_values(run, emu, patch_reading, replaced_reading):
    emu.config(profile_patch_variables=patch_reading, replaced_variables=replaced_reading)
    run(cluster_names=["edge-store-02"], version="1.0.0", variables={"region": "us-east", "site_code": "s02"})
    emu.admin("DELETE", "/__emulator__/requests")
    result = run(cluster_names=["edge-store-02"], version="1.1.0")
    assert result["changed"] and result["clusters"][0]["action"] == "switch"
    assert result["clusters"][0]["variable_changes"] == []      # carried, not changed
    assert stored(emu, STORE_02) == {"region": "us-east", "site_code": "s02"}
    # the cluster's values read before the switch and after it; when the switch's body did not land them, they are
    # sent with PATCH .../variables and read back once more
    landed = patch_reading == "applied" or replaced_reading == "kept"
    cluster_values = ("GET", "/v1/spectroclusters/%s/variables" % STORE_02)
    assert [(e["method"], e["path"]) for e in log_entries(emu)].count(cluster_values) == (2 if landed else 3)
    assert [w for w in writes(emu) if w[1].endswith("/variables")] == ([] if landed else [("PATCH", cluster_values[1])])
    emu.admin("DELETE", "/__emulator__/requests")
    assert not run(cluster_names=["edge-store-02"], version="1.1.0")["changed"]
    assert writes(emu) == []


@pytest.mark.parametrize("reading", ["masked", "clear"])
def test_a_switch_that_would_have_to_carry_a_sensitive_value_is_refused_unless_it_is_given(run, emu, make_client, reading):
    emu.config(sensitive_variable_read=reading)
    declare(make_client(project_name="edge-prod"), CORE_10)
    run(cluster_names=["edge-store-02"], version="1.0.0", variables={"site_code": "s02", "db_password": SECRET})
    emu.admin("DELETE", "/__emulator__/requests")
    with pytest.raises(ClusterError) as err:
        run(cluster_names=["edge-store-02"], version="1.1.0")
    assert "sensitive variable(s) db_password" in str(err.value) and "give it in variables or cluster_variables" in str(err.value)
    assert SECRET not in str(err.value)
    assert writes(emu) == []
    result = run(cluster_names=["edge-store-02"], version="1.1.0", cluster_variables={"edge-store-02": {"db_password": SECRET}})
    assert result["clusters"][0]["action"] == "switch" and SECRET not in json.dumps(result)
    assert stored(emu, STORE_02) == {"site_code": "s02", "db_password": SECRET}


def test_a_switch_to_a_version_without_variables_reads_no_cluster_values(run, emu):
    result = run(cluster_names=["edge-store-02"], profile_name="infra", version="1.1.0")
    assert result["clusters"][0]["action"] == "switch"
    paths = [(e["method"], e["path"]) for e in log_entries(emu)]
    assert [p for p in paths if p[1].endswith("/variables")] == [("GET", "/v1/clusterprofiles/%s/variables" % INFRA_11)]
    assert writes(emu) == [("PATCH", "/v1/spectroclusters/%s/profiles" % STORE_02)]


def publish_core_11_change(emu, client):
    """core 1.1.0 gets new nginx values, published: its clusters get a pending update of the version they run. Returns
    the packs before (previous_packs)."""
    before = [{"name": p["name"], "values": p.get("values") or ""} for p in
              next(x for x in emu.state()["profiles"] if x["uid"] == CORE_11)["published"]["packs"]]
    emu.admin("POST", "/__emulator__/profiles/%s/edit" % CORE_11, json={"pack": "nginx", "values": "replicaCount: 3\n"})
    client.patch("/v1/clusterprofiles/%s/publish" % CORE_11)
    emu.admin("DELETE", "/__emulator__/requests")
    return before


@pytest.mark.parametrize("patch_reading", ["ignored", "applied"])
@pytest.mark.parametrize("replaced_reading", ["reset", "kept"])
def test_an_update_of_the_attached_version_without_variables_keeps_the_clusters_values(run, emu, make_client, patch_reading,
                                                                                       replaced_reading):
    emu.config(profile_patch_variables=patch_reading, replaced_variables=replaced_reading)
    run(cluster_names=["edge-store-02"], version="1.1.0", variables={"region": "us-east", "site_code": "s02"})
    before = publish_core_11_change(emu, make_client(project_name="edge-prod"))
    result = run(cluster_names=["edge-store-02"], previous_packs=before)
    assert result["changed"] and result["clusters"][0]["action"] == "update"
    assert result["clusters"][0]["variable_changes"] == []      # sent back, not changed
    assert stored(emu, STORE_02) == {"region": "us-east", "site_code": "s02"}
    paths = [(e["method"], e["path"]) for e in log_entries(emu)]
    # the version's variable list once; the cluster's values before the PATCH and after it (and once more after
    # PATCH .../variables when the profiles PATCH's body did not land them)
    landed = patch_reading == "applied" or replaced_reading == "kept"
    cluster_values = ("GET", "/v1/spectroclusters/%s/variables" % STORE_02)
    assert paths.count(("GET", "/v1/clusterprofiles/%s/variables" % CORE_11)) == 1
    assert paths.count(cluster_values) == (2 if landed else 3)
    profiles_patch = ("PATCH", "/v1/spectroclusters/%s/profiles" % STORE_02)
    # under profile_patch_variables: applied and replaced_variables: reset only the profiles PATCH's body kept them
    assert writes(emu) == [profiles_patch] + ([] if landed else [("PATCH", cluster_values[1])])
    emu.admin("DELETE", "/__emulator__/requests")
    assert not run(cluster_names=["edge-store-02"])["changed"]
    assert writes(emu) == []


def test_an_update_that_would_have_to_send_back_a_sensitive_value_is_refused_unless_it_is_given(run, emu, make_client):
    run(cluster_names=["edge-store-02"], version="1.1.0", variables={"site_code": "s02", "db_password": SECRET})
    before = publish_core_11_change(emu, make_client(project_name="edge-prod"))
    with pytest.raises(ClusterError) as err:
        run(cluster_names=["edge-store-02"], previous_packs=before)
    assert "sensitive variable(s) db_password" in str(err.value) and "this update of the attached version" in str(err.value)
    assert SECRET not in str(err.value)
    assert writes(emu) == []
    result = run(cluster_names=["edge-store-02"], previous_packs=before, variables={"db_password": SECRET})
    assert result["clusters"][0]["action"] == "update" and SECRET not in json.dumps(result)
    assert stored(emu, STORE_02) == {"site_code": "s02", "db_password": SECRET}
