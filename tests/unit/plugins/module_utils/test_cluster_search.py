# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cluster_search.py: the one search body and tag matcher, and a bare-tag search over real HTTP under every reading
of the emulator's ``tag_search`` switch (the stored ``key:spectro__tag`` form or the bare ``key``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_search as cs
from ansible_collections.spectrocloud.palette.plugins.module_utils import inventory_hosts as ih
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_runner import cluster_facts
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import ClusterError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.tests.unit.plugins.inventory.test_inventory_hosts import items

try:
    from palette_emulator.config import SWITCHES
except ImportError:  # pragma: no cover - the emulator tests are skipped then
    SWITCHES = {}

STORE_02 = "6982d34cd881f18566be1502"


def test_bare_tag_is_searched_in_both_forms():
    body = cs.search_body(name="edge-vmo", states=["Running"], tags=["env:prod", "edge"])
    found = items(body)
    assert found["tags"] == [("eq", ["env:prod"], False), ("eq", ["edge:spectro__tag", "edge"], False)]
    assert found["clusterName"] == [("eq", ["edge-vmo"], False)]
    assert found["isDeleted"] == [("bool", False, False)] and found["environment"] == [("eq", ["nested"], True)]
    # the values of one item are OR-ed
    assert all(f["condition"]["string"]["match"]["conjunction"] == "or" for g in body["filter"]["filterGroups"]
               for f in g["filters"] if "string" in f["condition"])


def test_modules_and_inventory_share_one_body():
    """The inventory's search body is the same builder's: the same tag items."""
    body, pushed = ih.build_search_filter(tags=["edge", "env:prod"])
    assert items(body)["tags"] == items(cs.search_body(tags=["edge", "env:prod"]))["tags"]
    assert "tags" in pushed
    assert ih.SEARCH_PATH == cs.SEARCH_PATH


@pytest.mark.parametrize("labels, tags, expected", [
    ({"env": "prod", "edge": "spectro__tag"}, ["env:prod", "edge"], True),
    ({"env": "prod", "edge": "spectro__tag"}, ["env"], False),        # a bare tag needs a label without value
    ({"edge": ""}, ["edge"], True),
    ({"edge": "yes"}, ["edge"], False),
    ({"env": "lab"}, ["env:prod"], False),
    ({}, [], True),
])
def test_labels_match_is_exact(labels, tags, expected):
    assert cs.labels_match(labels, tags) is expected
    record = {"labels": labels}
    assert ih.matches_filters(record, tags=tags) is expected   # the inventory uses the same rule


def bare_tag_seed(demo_seed):
    seed = copy.deepcopy(demo_seed)
    for cluster in seed["clusters"]:
        if cluster["uid"] == STORE_02:
            cluster["labels"] = dict(cluster.get("labels") or {}, canary="spectro__tag")
    return seed


@pytest.mark.parametrize("reading", SWITCHES.get("tag_search", ()))
def test_bare_tag_search_finds_the_labelled_cluster(make_client, emu, demo_seed, reading):
    emu.reset(seed=bare_tag_seed(demo_seed))
    emu.config(tag_search=reading)
    svc = ClusterService(make_client(project_name="edge-prod"))
    assert [s["metadata"]["name"] for s in svc.search(tags=["canary"])] == ["edge-store-02"]
    assert [s["metadata"]["name"] for s in svc.search(tags=["canary", "env:prod"])] == ["edge-store-02"]
    assert svc.search(tags=["canary:yes"]) == []
    facts = cluster_facts(svc, filters={"tags": ["canary"]}, include_values=False)
    assert [c["name"] for c in facts["clusters"]] == ["edge-store-02"]
    assert facts["clusters"][0]["tags"]["canary"] == "spectro__tag"


def test_switch_table_is_the_emulators(emu):
    """The matrices of these tests come from the emulator's own table (GET /__emulator__/switches)."""
    answer = emu.admin("GET", "/__emulator__/switches")
    assert dict((k, list(v)) for k, v in answer.items()) == dict((k, list(v)) for k, v in SWITCHES.items())


def test_a_virtual_cluster_name_is_explained(make_client, emu):
    """The modules' search leaves virtual clusters out; a name that only a virtual cluster has says so, with one more
    search (without the "not virtual" condition) on the error path only."""
    svc = ClusterService(make_client(project_name="edge-prod"))
    with pytest.raises(ClusterError) as err:
        svc.resolve(name="vc-analytics", option="cluster_names")
    message = str(err.value)
    assert message.startswith("cluster_names: no cluster named 'vc-analytics' in project 'edge-prod'")
    assert "vc-analytics is a virtual cluster (uid 6982d34cd881f18566be1600)" in message
    assert "host clusters only" in message and err.value.option == "cluster_names"
    searches = [e for e in emu.requests() if e["path"] == cs.SEARCH_PATH]
    assert len(searches) == 2
    with pytest.raises(ClusterError) as err:
        svc.resolve(name="no-such-cluster", option="name")
    assert "virtual" not in str(err.value)
