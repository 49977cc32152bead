# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugins/module_utils/inventory_hosts.py: search body, client-side filters, flattening, host names, groups."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import inventory_hosts as ih

try:
    from hypothesis import given, settings, strategies as st
    HAS_HYPOTHESIS = True
except ImportError:  # pragma: no cover
    HAS_HYPOTHESIS = False


def items(body):
    """{property: [(operator, values, negation)]} of a search body."""
    found = {}
    for group in body.get("filter", {}).get("filterGroups", []):
        for item in group["filters"]:
            cond = item["condition"]
            if "bool" in cond:
                found.setdefault(item["property"], []).append(("bool", cond["bool"]["value"], False))
            else:
                s = cond["string"]
                found.setdefault(item["property"], []).append((s["operator"], s["match"]["values"], s["negation"]))
    return found


def test_default_body_leaves_out_deleted_and_virtual_clusters():
    body, pushed = ih.build_search_filter()
    assert items(body) == {"isDeleted": [("bool", False, False)], "environment": [("eq", ["nested"], True)]}
    assert body["sort"] == [{"field": "clusterName", "order": "asc"}]
    assert pushed == ["isDeleted=false", "environment!=nested"]


def test_everything_asked_for_sends_no_filter():
    body, pushed = ih.build_search_filter(include_deleted=True, include_virtual=True)
    assert "filter" not in body and pushed == []


@pytest.mark.parametrize("pattern, condition", [
    ("edge-01", ("eq", "edge-01")),
    ("edge-*", ("beginsWith", "edge-")),
    ("*store*", ("contains", "store")),
    ("edge-0?", None),
    ("edge-[12]", None),
    ("*-01", None),
    ("e*01", None),
    ("*", None),
    ("**", None),
])
def test_name_patterns_the_grammar_can_express(pattern, condition):
    assert ih.name_pattern_condition(pattern) == condition


def test_name_patterns_pushed_only_when_all_can_be():
    body, pushed = ih.build_search_filter(name_patterns=["edge-*", "hq", "*store*", "edge-*"])
    assert items(body)["clusterName"] == [("eq", ["hq"], False), ("beginsWith", ["edge-"], False),
                                          ("contains", ["store"], False)]
    assert "clusterName" in pushed
    body, pushed = ih.build_search_filter(name_patterns=["edge-*", "store-0?"])
    assert "clusterName" not in items(body) and "clusterName" not in pushed


def test_states_and_tags_are_pushed():
    body, dummy = ih.build_search_filter(states=["Running", "Pending", "Running"], tags=["env:prod", "edge", "env:prod"])
    found = items(body)
    assert found["clusterState"] == [("eq", ["Running", "Pending"], False)]
    # a bare tag: its stored form (key:spectro__tag) or the bare key, OR-ed (docs/dev/apply-lifecycle.md, "Tags")
    assert found["tags"] == [("eq", ["env:prod"], False), ("eq", ["edge:spectro__tag", "edge"], False)]


def record(**values):
    base = {"uid": "u1", "name": "edge-01", "project_uid": "p1", "project_name": "prod", "cloud_type": "aws",
            "state": "Running", "health": "Healthy", "labels": {"env": "prod", "edge": "spectro__tag"},
            "update_pending": False, "virtual": False, "deleted": False, "profiles": []}
    base.update(values)
    return base


@pytest.mark.parametrize("filters, expected", [
    ({}, True),
    ({"name_patterns": ["edge-*"]}, True),
    ({"name_patterns": ["EDGE-*"]}, False),
    ({"name_patterns": ["x", "edge-0[1]"]}, True),
    ({"states": ["Pending"]}, False),
    ({"tags": ["env:prod", "edge"]}, True),
    ({"tags": ["env"]}, False),          # "env" means a tag without value
    ({"tags": ["edge:spectro__tag"]}, False),
    ({"tags": ["env:lab"]}, False),
])
def test_client_side_filters(filters, expected):
    assert ih.matches_filters(record(), **filters) is expected


def test_deleted_and_virtual_filtered_unless_asked_for():
    assert not ih.matches_filters(record(deleted=True))
    assert ih.matches_filters(record(deleted=True), include_deleted=True)
    assert not ih.matches_filters(record(virtual=True))
    assert ih.matches_filters(record(virtual=True), include_virtual=True)


def test_flatten_summary_never_copies_pack_values():
    summary = {
        "metadata": {"uid": "c1", "name": "edge-01", "labels": {"canary": "spectro__tag", "env": "prod"},
                     "annotations": {"projectUid": "p1"}},
        "specSummary": {"cloudConfig": {"cloudType": "edge-native"},
                        "clusterProfileTemplates": [{"uid": "t1", "name": "core", "type": "add-on", "version": 3,
                                                     "packs": [{"name": "nginx", "tag": "1.0", "layer": "addon",
                                                                "values": "password: hunter2"}]}]},
        "status": {"state": "Running", "health": {"state": "Healthy"}, "notifications": {"isAvailable": True}},
    }
    flat = ih.flatten_summary(summary, project={"uid": "p1", "name": "prod"}, versions={"t1": "1.2.0"})
    assert flat["tags"] == ["canary", "env:prod"]
    assert flat["update_pending"] is True
    assert flat["profiles"] == [{"name": "core", "uid": "t1", "version": "1.2.0", "type": "add-on",
                                 "packs": [{"name": "nginx", "tag": "1.0", "version": None, "type": None,
                                            "layer": "addon"}]}]
    assert "hunter2" not in repr(flat)
    assert not ih.needs_details(flat)


def test_summary_without_packs_needs_details_and_merge_fills_them():
    summary = {"metadata": {"uid": "c1", "name": "a"},
               "specSummary": {"clusterProfileTemplates": [{"uid": "t1", "name": "core", "type": "add-on"}]},
               "status": {"state": "Running"}}
    flat = ih.flatten_summary(summary)
    assert flat["profiles"][0]["packs"] is None and ih.needs_details(flat)
    cluster = {"spec": {"clusterProfileTemplates": [
        {"uid": "t1", "name": "core", "type": "add-on", "profileVersion": "1.1.0",
         "packs": [{"name": "nginx", "tag": "1.1", "version": "1.1.0", "type": "spectro", "layer": "addon",
                    "values": "secret: x"}]}]}}
    ih.merge_details(flat, cluster)
    assert flat["profiles"] == [{"name": "core", "uid": "t1", "version": "1.1.0", "type": "add-on",
                                 "packs": [{"name": "nginx", "tag": "1.1", "version": "1.1.0", "type": "spectro",
                                            "layer": "addon"}]}]


def profile(uid, version=None, packs=None):
    return {"name": "p-" + uid, "uid": uid, "version": version, "type": "add-on", "packs": packs}


NGINX = {"name": "nginx", "tag": "1.1", "version": "1.1.0", "type": "spectro", "layer": "addon"}


def test_profile_reads_fill_versions_and_copies_of_the_packs():
    record = {"profiles": [profile("a"), profile("b", "2.0.0"), profile("c", "3.0.0", [])]}
    assert ih.profile_uids_to_read(record) == ["a", "b"]
    assert ih.own_reads_suffice(record)
    packs = [NGINX]
    assert ih.fill_from_profiles(record, {"a": (packs, "1.0.0"), "b": (packs, "9.9.9")}) is True
    assert record["profiles"] == [profile("a", "1.0.0", [NGINX]), profile("b", "2.0.0", [NGINX]),
                                  profile("c", "3.0.0", [])]
    assert record["profiles"][0]["packs"][0] is not NGINX   # a copy: records never share a pack entry


def test_profile_reads_that_bring_no_packs_leave_the_cluster_to_read():
    record = {"profiles": [profile("a"), profile("b"), {"name": "no-uid", "packs": None}]}
    assert ih.profile_uids_to_read(record) == ["a", "b"]
    assert ih.fill_from_profiles(record, {"a": (None, "1.0.0"), "b": ([NGINX], None)}) is False
    assert record["profiles"][0] == profile("a", "1.0.0")
    assert record["profiles"][1] == profile("b", None, [NGINX])


def test_a_version_without_its_own_read_is_not_decided_by_the_record_alone():
    """Packs from the summary without a version: the version may come from a read another cluster needed."""
    assert not ih.own_reads_suffice({"profiles": [profile("a", None, [NGINX]), profile("b")]})
    assert ih.own_reads_suffice({"profiles": [profile("a", "1.0.0", [NGINX]), profile("b")]})


def test_cache_holds_each_profile_entry_once_and_gives_the_records_back():
    records = [{"uid": "c%d" % i, "name": "n%d" % i, "labels": {"ring": str(i % 2)},
                "profiles": [profile("a", "1.0.0", [NGINX]), profile("b", str(i % 2), [])]} for i in range(5)]
    stored = ih.compact_records(records)
    assert [len(stored["profiles"]), [r["profiles"] for r in stored["records"]]] == [
        3, [[0, 1], [0, 2], [0, 1], [0, 2], [0, 1]]]
    assert ih.expand_records(stored) == records
    assert records[0]["profiles"] == [profile("a", "1.0.0", [NGINX]), profile("b", "0", [])]  # left as it was


@pytest.mark.parametrize("cached", [
    {"records": []},
    {"profiles": [], "records": {}},
    {"profiles": [], "records": [{"uid": "c1", "profiles": [0]}]},
    {"profiles": [], "records": [{"uid": "c1"}]},
    {"profiles": [], "records": ["c1"]},
    {"profiles": [{}], "records": [{"uid": "c1", "profiles": ["0"]}]},
])
def test_cache_of_another_shape_is_not_used(cached):
    assert ih.expand_records(cached) is None


def named(*pairs):
    return [{"uid": "u%d" % i, "name": n, "project_name": p} for i, (n, p) in enumerate(pairs)]


def test_host_names_suffix_only_repeated_names():
    records = ih.assign_host_names(named(("a", "east"), ("a", "west"), ("b", "west"), ("c", "Store East")))
    assert [r["host"] for r in records] == ["a@east", "a@west", "b", "c"]


def test_host_names_fall_back_to_the_uid():
    records = ih.assign_host_names(named(("a", "west"), ("a", "west"), ("a", "east")))
    assert [r["host"] for r in records] == ["a@west@u0", "a@west@u1", "a@east"]


def test_host_names_project_characters_are_made_safe():
    records = ih.assign_host_names(named(("a", "store east:1"), ("a", "x")))
    assert records[0]["host"] == "a@store_east_1"


if HAS_HYPOTHESIS:
    names = st.sampled_from(["a", "b", "a@p", "a@p@u1", "edge-01"])
    projects = st.sampled_from(["p", "q", "p q", "p_q", "P"])

    # 100 lists of up to 12 records from 25 name/project pairs: the repeats that matter come up in far fewer
    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.tuples(names, projects), min_size=1, max_size=12), st.randoms())
    def test_host_names_unique_and_independent_of_order(pairs, rnd):
        records = named(*pairs)
        first = dict((r["uid"], r["host"]) for r in ih.assign_host_names([dict(r) for r in records]))
        shuffled = [dict(r) for r in records]
        rnd.shuffle(shuffled)
        second = dict((r["uid"], r["host"]) for r in ih.assign_host_names(shuffled))
        assert first == second
        assert len(set(first.values())) == len(records)
        for r in records:   # every host name starts with its cluster name
            assert first[r["uid"]] == r["name"] or first[r["uid"]].startswith(r["name"] + "@")
else:  # pragma: no cover
    def test_host_names_unique_and_independent_of_order():
        records = named(("a", "p"), ("a", "q"), ("b", "p"), ("a@p", "x"))
        first = dict((r["uid"], r["host"]) for r in ih.assign_host_names([dict(r) for r in records]))
        shuffled = [dict(r) for r in records]
        random.Random(4).shuffle(shuffled)
        assert first == dict((r["uid"], r["host"]) for r in ih.assign_host_names(shuffled))
        assert len(set(first.values())) == len(records)


def test_groups_are_sanitised_and_prefixed():
    rec = record(project_name="Store East", cloud_type="edge-native", state="Running", health="UnHealthy",
                 update_pending=True, labels={"site": "store-01", "canary": "spectro__tag"},
                 profiles=[{"name": "edge-base", "version": "1.2.0"}, {"name": "core", "version": None}])
    assert ih.group_names(rec) == [
        "palette", "palette_project_store_east", "palette_cloud_edge_native", "palette_state_running",
        "palette_health_unhealthy", "palette_profile_edge_base", "palette_profile_edge_base_v1_2_0",
        "palette_profile_core", "palette_tag_canary", "palette_tag_site_store_01", "palette_update_pending"]
