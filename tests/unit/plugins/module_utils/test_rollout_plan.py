# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""rollout_plan (palette_profile_rollout_plan) against the emulator's demo seed: a converged rollout is decided from
one read of the profile and of each cluster (plus one search page for their health), anything left to do is found
without a write, what was read is returned either way (as palette_profile_info and palette_cluster_info return it),
and input the rollout cannot start with fails before any write."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import ClusterError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_runner import cluster_facts, update_clusters
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import profile_facts
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_plan import Rollout, plan_rollout
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

# From the demo seed (tests/emulator/palette_emulator/seeds/demo.yml), not from the code under test.
PROJECT = "edge-prod"
CORE = "698e43979f639727243be3e8"     # core 1.1.0: virtual-machine-orchestrator 4.6.3, metallb 0.14.8, ...
CORE_CLUSTERS = {"edge-store-01": "6982d34cd881f18566be1501", "edge-store-03": "6982d34cd881f18566be1503",
                 "edge-vmo": "6982d34cd881f18566be1474"}
STORE_02 = "6982d34cd881f18566be1502"     # runs core 1.0.0 and infra 1.0.0
VIRTUAL = "6982d34cd881f18566be1600"      # the virtual cluster vc-analytics: none of these profiles


def options(profiles, **extra):
    params = {"profiles": profiles, "strategy": "in_place", "clusters": "all", "existing_draft": "fail",
              "publish": True, "apply": True, "wait": True, "cluster_values": "detect",
              "apply_setting": "DownloadAndInstall"}
    params.update(extra)
    return Rollout(params)


@pytest.fixture
def installed(make_client, emu):
    """The demo seed with core 1.1.0 installed on its three clusters (in the seed edge-store-03 still runs an older
    virtual-machine-orchestrator), as palette_cluster_profile brings them there."""
    emu.config(apply_seconds=0)
    client = make_client(project_name=PROJECT)
    update_clusters(ClusterService(client), ProfileService(client), cluster_uids=list(CORE_CLUSTERS.values()),
                    profile_uid=CORE, wait=True, wait_sleep=1, wait_timeout=60, cluster_values="keep")
    return emu


def run(make_client, emu, profiles, check_mode=False, **extra):
    client = make_client(project_name=PROJECT)
    dummy = client.project_uid
    since = len(log_entries(emu))
    result = plan_rollout(client, options(profiles, **extra), check_mode=check_mode)
    return result, log_entries(emu)[since:]


def unchanged(tag="4.6.3"):
    return [{"uid": CORE, "packs": [{"name": "virtual-machine-orchestrator", "tag": tag}]}]


def test_converged_rollout_reads_the_profile_and_each_cluster_once(make_client, installed):
    result, log = run(make_client, installed, unchanged())
    assert result["converged"] is True, result["reason"]
    assert [e for e in log if e["write"]] == []
    reads = sorted((e["method"], e["path"]) for e in log)
    assert reads == sorted([("GET", "/v1/clusterprofiles/%s" % CORE)]
                           + [("GET", "/v1/spectroclusters/%s" % u) for u in CORE_CLUSTERS.values()]
                           + [("POST", "/v1/dashboard/spectroclusters/search")])
    entry = result["profiles"][0]
    # in name order
    assert entry["targets"] == [CORE_CLUSTERS[n] for n in sorted(CORE_CLUSTERS)]
    assert entry["change"]["changed"] is False and entry["change"]["pack_changes"][0]["name"] == "virtual-machine-orchestrator"
    assert [c["converged"] for c in entry["apply"]["clusters"]] == [True] * 3
    health = dict((c["name"], c["health"]) for c in result["clusters"])
    assert health == {"edge-store-01": "Healthy", "edge-store-03": "UnHealthy", "edge-vmo": "Healthy"}


@pytest.mark.parametrize("profiles, extra, reason, targets", [
    (unchanged("4.7.1"), {}, "moves to tag 4.7.1", sorted(CORE_CLUSTERS)),
    ([{"uid": CORE, "strategy": "new_version", "new_version": "1.2.0",
       "packs": [{"name": "metallb", "tag": "0.14.8"}]}], {}, "version 1.2.0 is to be created", sorted(CORE_CLUSTERS)),
    # a listed cluster on another version of the profile is a target
    (unchanged(), {"clusters": ["edge-store-02"]}, "cluster edge-store-02", ["edge-store-02"]),
    ([{"uid": CORE, "packs": [{"name": "no-such-pack", "tag": "1.0.0"}]}], {}, "no-such-pack", sorted(CORE_CLUSTERS)),
], ids=["new-tag", "new-version-missing", "listed-cluster-on-an-older-version", "unknown-pack"])
def test_anything_left_to_do_is_not_converged_and_writes_nothing(make_client, installed, profiles, extra,
                                                                 reason, targets):
    result, log = run(make_client, installed, profiles, **extra)
    assert result["converged"] is False
    assert reason in result["reason"]
    assert [e for e in log if e["write"]] == []
    # what the later steps need is returned all the same; no prediction of the steps' results
    entry = result["profiles"][0]
    names = dict((c["uid"], c["name"]) for c in result["clusters"])
    assert [names[u] for u in entry["targets"]] == targets
    assert sorted(names.values()) == targets
    assert entry["uid"] == CORE and entry["change"] is None and entry["apply"] is None
    assert result["sources"][0]["uid"] == CORE and result["sources"][0]["packs"]
    assert result["refused"] is None


def test_what_it_read_is_what_the_info_modules_return(make_client, emu):
    result, dummy = run(make_client, emu, unchanged("4.7.1"))
    client = make_client(project_name=PROJECT)
    assert result["sources"][0] == profile_facts(ProfileService(client), uid=CORE, include_variables=False)["profile"]
    facts = cluster_facts(ClusterService(client), uids=list(CORE_CLUSTERS.values()))["clusters"]
    by_uid = dict((c["uid"], c) for c in facts)
    assert [c["name"] for c in result["clusters"]] == sorted(CORE_CLUSTERS)
    for cluster in result["clusters"]:
        # pending updates are those of the rollout's profiles only (the others are not read)
        expected = dict(by_uid[cluster["uid"]],
                        pending_updates=[u for u in by_uid[cluster["uid"]]["pending_updates"] if u["profile"] == "core"])
        assert cluster == expected


def test_a_new_tag_is_found_without_a_registry_read(make_client, emu):
    dummy, log = run(make_client, emu, unchanged("4.7.1"))
    assert sorted((e["method"], e["path"]) for e in log) == sorted(
        [("GET", "/v1/clusterprofiles/%s" % CORE), ("POST", "/v1/dashboard/spectroclusters/search")]
        + [("GET", "/v1/spectroclusters/%s" % u) for u in CORE_CLUSTERS.values()])


@pytest.mark.parametrize("profiles, extra, error, fragments", [
    ([{"name": "edge-core", "version": "1.1.0"}], {}, ProfileError, ["profiles[0] (edge-core)", "edge-core"]),
    ([{"name": "core", "version": "9.9.9"}], {}, ProfileError, ["profiles[0] (core)", "9.9.9"]),
    (unchanged(), {"clusters": ["edge-store-42"]}, ClusterError, ["clusters", "edge-store-42"]),
    (unchanged(), {"clusters": ["edge-vmo", VIRTUAL]}, ClusterError,
     ["clusters: %s run(s) none of the profiles core; nothing was changed" % VIRTUAL]),
], ids=["unknown-profile", "unknown-version", "unknown-cluster", "listed-cluster-runs-none"])
def test_input_the_rollout_cannot_start_with_fails_before_any_write(make_client, emu, profiles, extra, error, fragments):
    with pytest.raises(error) as err:
        run(make_client, emu, profiles, **extra)
    for fragment in fragments:
        assert fragment in str(err.value)
    assert [e for e in log_entries(emu) if e["write"]] == []


def test_a_listed_cluster_is_a_target_of_the_profiles_it_runs(make_client, emu):
    # edge-store-02 runs infra 1.0.0 and core 1.0.0: a target of both; edge-vmo is listed for core only
    profiles = [{"name": "infra", "version": "1.1.0", "packs": []}, {"uid": CORE, "packs": [], "clusters": ["edge-vmo"]}]
    result, dummy = run(make_client, emu, profiles, clusters=["edge-store-02"])
    assert [e["targets"] for e in result["profiles"]] == [[STORE_02], [CORE_CLUSTERS["edge-vmo"]]]
    assert [e["listed"] for e in result["profiles"]] == [["edge-store-02"], ["edge-vmo"]]
    assert [e["selection"] for e in result["profiles"]] == ["list", "list"]


BAD_SECOND = [{"uid": CORE, "packs": [{"name": "virtual-machine-orchestrator", "tag": "4.7.1"}]},
              {"name": "infra", "version": "1.1.0", "packs": [{"name": "edge-k8s", "tag": "9.9.9"}]}]


def test_with_several_profiles_every_change_is_checked_before_the_first_write(make_client, emu):
    result, log = run(make_client, emu, BAD_SECOND)
    assert result["converged"] is False
    assert result["refused"].startswith("infra: ") and "9.9.9" in result["refused"]
    assert "core" not in result["refused"]
    assert [e for e in log if e["write"]] == []
    # each profile read once, for the plan and for the check; the registry of each new tag once
    profile_reads = [e["path"] for e in log if e["path"].startswith("/v1/clusterprofiles/") and "/packs/" not in e["path"]]
    assert len(profile_reads) == len(set(profile_reads)) == 2
    assert len([e for e in log if e["path"].startswith("/v1/packs/")]) == 2


@pytest.mark.parametrize("profiles, check_mode", [(BAD_SECOND[:1], False), (BAD_SECOND, True)],
                         ids=["one-profile", "check-mode"])
def test_no_check_of_the_changes_where_the_change_step_checks_them_itself(make_client, emu, profiles, check_mode):
    result, log = run(make_client, emu, profiles, check_mode=check_mode)
    assert result["refused"] is None and result["check_mode"] is check_mode
    assert not [e for e in log if e["path"].startswith("/v1/packs/")]


def test_a_cluster_that_has_not_installed_the_content_is_not_converged(make_client, emu):
    # the seed: edge-store-03 runs virtual-machine-orchestrator 4.4.10, not core 1.1.0's 4.6.3
    result, log = run(make_client, emu, unchanged())
    assert result["converged"] is False
    assert "edge-store-03" in result["reason"]
    assert [e for e in log if e["write"]] == []


def test_without_apply_the_clusters_are_read_for_the_report_only(make_client, emu):
    # the seed's edge-store-03 has not installed core 1.1.0: without apply that is for the report to show
    result, dummy = run(make_client, emu, unchanged(), apply=False)
    assert result["converged"] is True
    assert result["profiles"][0]["apply"] is None
    assert len(result["clusters"]) == 3


@pytest.mark.parametrize("path, method", [
    (r"^/v1/clusterprofiles/[0-9a-f]{24}$", "GET"),
    (r"^/v1/spectroclusters/[0-9a-f]{24}$", "GET"),
], ids=["profile-read", "cluster-read"])
def test_an_api_error_is_raised_not_taken_for_work_left(make_client, installed, path, method):
    # a refusal is left to the steps that do the work; an answer Palette could not give fails the plan itself
    installed.fault(path=path, method=method, kind="status", status=500, count=1)
    with pytest.raises(PaletteError, match="HTTP 500"):
        run(make_client, installed, unchanged())


def test_clusters_beyond_the_first_search_page_are_read_one_by_one(make_client, installed, monkeypatch):
    # a large project: the first page does not hold them; each is read from its dashboard summary, never every page
    from ansible_collections.spectrocloud.palette.plugins.module_utils import rollout_plan
    monkeypatch.setattr(rollout_plan, "SEARCH_PAGE", 1)
    result, log = run(make_client, installed, unchanged())
    assert result["converged"] is True
    searches = [e for e in log if e["path"] == "/v1/dashboard/spectroclusters/search"]
    summaries = [e["path"] for e in log if e["path"].startswith("/v1/dashboard/spectroclusters/") and e not in searches]
    assert len(searches) == 1
    assert len(summaries) in (2, 3)       # the first page (one cluster) may hold one of them
    health = dict((c["name"], c["health"]) for c in result["clusters"])
    assert health == {"edge-store-01": "Healthy", "edge-store-03": "UnHealthy", "edge-vmo": "Healthy"}
