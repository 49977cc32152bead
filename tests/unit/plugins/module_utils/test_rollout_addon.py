# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Add-on entries of a profile rollout (rollout_plan with rollout_addon, and the input checks of rollout_input)
against the emulator's demo seed: the clusters an entry with attach: true attaches its version to and the clusters
an entry with state: absent detaches its profile from are found in the plan's one read; a fleet where that is
already true is converged; what palette_cluster_profile would refuse fails the plan before any write, naming the
role's variable."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import ClusterError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_runner import update_clusters
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_input import input_problems
from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_plan import Rollout, plan_rollout
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

# From the demo seed (tests/emulator/palette_emulator/seeds/demo.yml), not from the code under test.
PROJECT = "edge-prod"
BASELINE = "697b00000000000000000001"     # tenant-baseline 1.0.0, a tenant-scoped add-on profile
PROD = {"edge-store-01": "6982d34cd881f18566be1501", "edge-store-02": "6982d34cd881f18566be1502",
        "edge-store-03": "6982d34cd881f18566be1503", "edge-vmo": "6982d34cd881f18566be1474"}   # tagged env:prod
PREFIX = "profile_rollout_"
ATTACH = [{"name": "tenant-baseline", "version": "1.0.0", "attach": True, "cluster_tags": ["env:prod"]}]
DETACH = [{"name": "tenant-baseline", "state": "absent", "cluster_tags": ["env:prod"]}]


def options(profiles, **extra):
    params = {"profiles": profiles, "strategy": "in_place", "clusters": "all", "existing_draft": "fail",
              "publish": True, "apply": True, "wait": True, "cluster_values": "detect",
              "apply_setting": "DownloadAndInstall", "option_prefix": PREFIX}
    params.update(extra)
    return Rollout(params)


def run(make_client, emu, profiles, **extra):
    client = make_client(project_name=PROJECT)
    dummy = client.project_uid
    since = len(log_entries(emu))
    result = plan_rollout(client, options(profiles, **extra))
    return result, log_entries(emu)[since:]


@pytest.fixture
def attached(make_client, emu):
    """tenant-baseline attached to the prod clusters and installed, as the role's attach step leaves them."""
    emu.config(apply_seconds=0)
    client = make_client(project_name=PROJECT)
    update_clusters(ClusterService(client), ProfileService(client), cluster_tags=["env:prod"], profile_uid=BASELINE,
                    attach=True, wait=True, wait_sleep=1, wait_timeout=60)
    return emu


def test_the_tagged_clusters_that_do_not_run_the_add_on_are_planned_for_the_attach(make_client, emu):
    result, log = run(make_client, emu, ATTACH)
    entry = result["profiles"][0]
    assert result["converged"] is False and "tenant-baseline: 4 cluster(s) to attach it to" in result["reason"]
    assert entry["attach_targets"] == [PROD[n] for n in sorted(PROD)]
    assert entry["targets"] == [] and entry["detach_targets"] == []
    assert entry["state"] == "present" and entry["attach"] is True and entry["cluster_tags"] == ["env:prod"]
    # the clusters are read for the report too: the summary names them
    assert sorted(c["name"] for c in result["clusters"]) == sorted(PROD)
    assert [e for e in log if e["write"]] == []


def test_an_attached_fleet_is_converged_and_its_clusters_are_the_targets(make_client, attached):
    result, log = run(make_client, attached, ATTACH)
    entry = result["profiles"][0]
    assert result["converged"] is True, result["reason"]
    assert entry["attach_targets"] == [] and entry["targets"] == [PROD[n] for n in sorted(PROD)]
    assert [c["converged"] for c in entry["apply"]["clusters"]] == [True] * 4
    assert [e for e in log if e["write"]] == []


def test_detach_plans_the_clusters_that_run_it_and_a_detached_fleet_is_converged(make_client, attached):
    result, log = run(make_client, attached, DETACH)
    entry = result["profiles"][0]
    assert result["converged"] is False and "to detach it from" in result["reason"]
    assert entry["detach_targets"] == [PROD[n] for n in sorted(PROD)] and entry["targets"] == []
    assert [e for e in log if e["write"]] == []
    # the seed: no cluster runs tenant-baseline, nothing to detach
    attached.reset()
    result, log = run(make_client, attached, DETACH)
    assert result["converged"] is True and result["profiles"][0]["detach_targets"] == []
    assert [e for e in log if e["write"]] == []


def test_without_apply_the_attach_is_planned_but_left_undone(make_client, emu):
    result, dummy = run(make_client, emu, ATTACH, apply=False)
    assert result["converged"] is True and len(result["profiles"][0]["attach_targets"]) == 4


@pytest.mark.parametrize("profiles, fragments", [
    ([{"name": "infra", "version": "1.1.0", "attach": True, "clusters": ["edge-vmo"]}],
     ["profile_rollout_profiles[0].attach: ", "only add-on profiles are attached"]),
    ([{"name": "infra", "state": "absent", "clusters": ["edge-vmo"]}],
     ["profile_rollout_profiles[0].state: ", "infra is its infra profile", "nothing was changed"]),
    ([dict(ATTACH[0], cluster_tags=["env:nowhere"])],
     ["profile_rollout_profiles[0].cluster_tags: no cluster", "env:nowhere"]),
    ([{"name": "tenant-baseline", "version": "1.0.0", "cluster_tags": ["env:prod"]}],
     ["profile_rollout_profiles[0].cluster_tags: ", "run(s) none of the profiles tenant-baseline", "attach: true"]),
], ids=["attach-infra", "detach-infra", "tags-select-nothing", "tagged-without-attach"])
def test_what_the_attach_or_detach_would_refuse_fails_the_plan_before_any_write(make_client, emu, profiles, fragments):
    with pytest.raises(ClusterError) as err:
        run(make_client, emu, profiles)
    for fragment in fragments:
        assert fragment in str(err.value)
    assert [e for e in log_entries(emu) if e["write"]] == []


@pytest.mark.parametrize("entry, clusters, fragment", [
    ({"name": "p", "attach": True, "state": "absent", "clusters": ["a"]}, "all", "attach cannot be used with it"),
    ({"name": "p", "state": "absent", "packs": [{"name": "x"}], "clusters": ["a"]}, "all", "packs cannot be used with it"),
    ({"name": "p", "state": "absent"}, "all", "state absent needs the clusters to detach it from"),
    ({"name": "p", "attach": True, "cluster_tags": ["env:prod"]}, "all", "attach needs version (or uid)"),
    ({"name": "p", "version": "1", "attach": True}, "all", "attach needs the clusters to attach it to"),
    ({"name": "p", "version": "1", "attach": True, "cluster_tags": [":prod"]}, "all", "cluster_tags[0]: \":prod\" has no key"),
    ({"name": "p", "version": "1", "attach": True, "cluster_tags": ["a"], "clusters": "all"}, "all",
     "clusters: with cluster_tags give a list"),
    ({"name": "p", "version": "1", "variables": {"a": "b"}, "clusters": ["a"]}, "all", "set attach: true"),
    ({"name": "p", "version": "1", "attach": True, "cluster_variables": {"a": "b"}, "clusters": ["a"]}, "all",
     "cluster_variables: give a mapping of cluster name or UID"),
    ({"name": "p", "state": "gone", "clusters": ["a"]}, "all", "state: give present or absent"),
], ids=["absent-attach", "absent-packs", "absent-all", "attach-no-version", "attach-no-selection", "keyless-tag",
        "tags-with-all", "variables-without-attach", "cluster-variables-kind", "bad-state"])
def test_add_on_input_is_refused_before_any_request(entry, clusters, fragment):
    problems = input_problems([entry], clusters=clusters, prefix=PREFIX)
    assert any(p.startswith(PREFIX + "profiles[0] (p)") and fragment in p for p in problems), problems


def test_a_role_wide_cluster_list_is_a_selection_for_attach_and_detach():
    assert input_problems([{"name": "p", "state": "absent"}], clusters=["edge-vmo"], prefix=PREFIX) == []
    assert input_problems([{"name": "p", "version": "1", "attach": True}], clusters=["edge-vmo"], prefix=PREFIX) == []


def test_with_the_new_version_strategy_the_attach_waits_for_the_version_to_be_created(make_client, emu):
    # the version to attach does not exist yet: its type is the type of the version it is cloned from
    profiles = [dict(ATTACH[0], strategy="new_version", new_version="1.1.0")]
    result, log = run(make_client, emu, profiles)
    entry = result["profiles"][0]
    assert result["converged"] is False and "version 1.1.0 is to be created" in result["reason"]
    assert entry["new_uid"] is None and entry["attach_targets"] == [PROD[n] for n in sorted(PROD)]
    assert [e for e in log if e["write"]] == []


@pytest.fixture
def declares(make_client, emu):
    """tenant-baseline 1.0.0 declares a required variable without a default (site) and an optional one (tier)."""
    client = make_client(project_name=PROJECT)
    client.put("/v1/clusterprofiles/%s/variables" % BASELINE, body={"variables": [
        {"name": "site", "required": True, "defaultValue": ""},
        {"name": "tier", "required": False, "defaultValue": "gold"}]}, tenant=True)
    return emu


@pytest.mark.parametrize("extra, fragments", [
    ({}, ["profile_rollout_profiles[0].variables: the cluster(s) it attaches to have no value for required variable(s)",
          "cluster profile 'tenant-baseline' version 1.0.0", "edge-store-01 (site)", "edge-vmo (site)",
          "give them in profile_rollout_profiles[0].variables or profile_rollout_profiles[0].cluster_variables"]),
    ({"cluster_variables": {"edge-store-01": {"site": "s1"}}}, ["edge-store-02 (site)"]),
    ({"variables": {"site": "x", "colour": "red"}},
     ["profile_rollout_profiles[0].variables: cluster profile 'tenant-baseline' version 1.0.0 declares no variable "
      "colour; it declares: site, tier"]),
], ids=["required-left-out", "required-left-out-on-some", "undeclared"])
def test_attach_values_the_version_would_refuse_fail_the_plan_before_any_write(make_client, declares, extra, fragments):
    with pytest.raises(ClusterError) as err:
        run(make_client, declares, [dict(ATTACH[0], **extra)])
    for fragment in fragments:
        assert fragment in str(err.value)
    if "cluster_variables" in extra:
        assert "edge-store-01 (site)" not in str(err.value)
    assert [e for e in log_entries(declares) if e["write"] and "variables" not in e["path"]] == []


def test_attach_values_that_cover_the_required_variables_are_planned(make_client, declares):
    result, log = run(make_client, declares, [dict(ATTACH[0], variables={"site": "x"})])
    assert result["profiles"][0]["attach_targets"] == [PROD[n] for n in sorted(PROD)]
    # one read of the version's variables for the check, no write
    assert [e["path"] for e in log if e["path"].endswith("/variables")] == ["/v1/clusterprofiles/%s/variables" % BASELINE]
    assert [e for e in log if e["write"]] == []
