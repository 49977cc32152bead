# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Host names when cluster names repeat (fixtures/collision.yml): no cluster is dropped or merged."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

KEY = "PALETTE-EMULATOR-COLLISION-KEY-not-a-real-secret"   # fake, defined in fixtures/collision.yml


@pytest.fixture
def collision(collision_emulator, harness):
    collision_emulator.reset()
    harness.clear_log(collision_emulator)
    return collision_emulator


@pytest.fixture
def crunner(tmp_path, collision, harness):
    return harness.InventoryRunner(str(tmp_path), collision.url)


def config(collision, **options):
    result = {"plugin": "spectrocloud.palette.palette", "host": collision.url, "api_key": KEY}
    result.update(options)
    return result


@pytest.mark.parametrize("pack_details", ["auto", "cluster"])
def test_same_name_in_two_projects(harness, crunner, collision, pack_details):
    data, dummy = crunner.run(config(collision, pack_details=pack_details))
    assert harness.normalise(data) == harness.load_expected("collision.json")
    assert harness.hosts_out_of_order(data) == []   # edge-01@store-west before edge-01@store_east


def test_tenant_profile_is_read_in_tenant_scope(harness, crunner, collision):
    """A tenant-scoped profile is not found from a project (the emulator's default, like a missing object): it is
    read again in tenant scope, which also gives its version, so no profile metadata is read."""
    data, dummy = crunner.run(config(collision))
    calls = harness.api_calls(collision)
    profile_reads = [c for c in calls if c[1] == "/v1/clusterprofiles/6a1000000000000000000b03"]
    assert profile_reads[-1] == ("GET", "/v1/clusterprofiles/6a1000000000000000000b03", None)
    assert len(profile_reads) == 2   # once from the project of the first cluster seen on it, then in tenant scope
    assert not [c for c in calls if c[1] == "/v1/dashboard/clusterprofiles/metadata"]
    assert not [c for c in calls if c[1].startswith("/v1/spectroclusters/")]
    assert harness.normalise(data) == harness.load_expected("collision.json")


def test_deleted_namesake_in_the_same_project_gets_the_uid(harness, crunner, collision):
    data, dummy = crunner.run(config(collision, include_deleted=True, include_virtual=True, pack_details="none"))
    hosts = harness.normalise(data)["hosts"]
    assert sorted(hosts) == [
        "edge-01@store-west",
        "edge-01@store_east",
        "edge-02@store-west@6a1000000000000000000c03",
        "edge-02@store-west@6a1000000000000000000c04",
        "vc-01",
    ]
    assert hosts["edge-02@store-west@6a1000000000000000000c04"]["palette_deleted"] is True
    assert hosts["edge-02@store-west@6a1000000000000000000c03"]["palette_deleted"] is False


def test_one_project_alone_keeps_plain_names(harness, crunner, collision):
    """The suffix is only added when a name repeats among the clusters listed."""
    data, dummy = crunner.run(config(collision, projects=["store-west"]))
    assert sorted(harness.normalise(data)["hosts"]) == ["edge-01", "edge-02"]


def test_project_name_with_a_space(harness, crunner, collision):
    data, dummy = crunner.run(config(collision, projects=["store east"]))
    result = harness.normalise(data)
    assert sorted(result["hosts"]) == ["edge-01"]
    assert result["groups"]["palette_project_store_east"] == ["edge-01"]


def test_same_output_every_time(harness, crunner, collision):
    first, dummy = crunner.run(config(collision, workers=1))
    second, dummy = crunner.run(config(collision, workers=8))
    assert first == second
