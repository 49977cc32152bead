# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pagination: POST dashboard searches and GET lists over listmeta.continue."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient, PaletteError
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries

SEARCH = "/v1/dashboard/spectroclusters/search"
PACKS = "/v1/packs"


def _project_uid(state, name):
    projects = state["projects"]
    projects = projects.values() if isinstance(projects, dict) else projects
    uids = [p.get("uid") or (p.get("metadata") or {}).get("uid") for p in projects
            if (p.get("name") or (p.get("metadata") or {}).get("name")) == name]
    assert len(uids) == 1
    return uids[0]


def _clusters_in(state, project_uid):
    clusters = state["clusters"]
    clusters = clusters.values() if isinstance(clusters, dict) else clusters
    found = []
    for cluster in clusters:
        where = cluster.get("project") or cluster.get("project_uid") or cluster.get("projectUid")
        if where is None:
            where = ((cluster.get("metadata") or {}).get("annotations") or {}).get("projectUid")
        if where == project_uid:
            found.append(cluster)
    return found


@pytest.fixture
def big_fleet(emu, demo_seed):
    """The demo seed plus a generated fleet of 130 clusters, all in the generated project fleet-00."""
    seed = copy.deepcopy(demo_seed)
    seed["generate"] = dict(seed.get("generate") or {}, clusters=130, projects=1)
    emu.reset(seed=seed)
    emu.admin("DELETE", "/__emulator__/requests")
    return seed


def test_search_pages_over_120_clusters(make_client, emu, big_fleet):
    client = make_client(project_name="fleet-00")
    project = _project_uid(emu.state(), "fleet-00")
    body = {"filter": {"conjunction": "and", "filterGroups": []}, "sort": []}
    items = list(client.paginate("POST", SEARCH, body=body))
    uids = [i["metadata"]["uid"] for i in items]
    assert len(uids) == len(set(uids))
    expected = len(_clusters_in(emu.state(), project))
    assert expected > 120
    assert len(uids) == expected
    searches = [e for e in log_entries(emu) if e["path"] == SEARCH]
    assert len(searches) == -(-expected // 50)
    assert "continue" not in searches[0]["query"]
    assert all(e["query"].get("continue") for e in searches[1:])
    assert all(e["query"].get("limit") == "50" for e in searches)
    assert all(e["status"] == 200 and e["project_uid"] == project for e in searches)
    assert client.warnings == []


@pytest.mark.parametrize("limit", [3, 7, 50])
def test_get_list_pages(make_client, emu, limit):
    client = make_client()
    everything = client.get(PACKS, query={"limit": 50})
    total = everything["listmeta"]["count"]
    assert total > 7  # enough packs in the demo catalogue to need several pages
    emu.admin("DELETE", "/__emulator__/requests")
    items = list(client.paginate("GET", PACKS, limit=limit))
    assert [i["metadata"]["uid"] for i in items] == [i["metadata"]["uid"] for i in everything["items"]]
    pages = log_entries(emu)
    assert len(pages) == -(-total // limit)
    assert all(e["query"].get("limit") == str(limit) for e in pages)


def test_query_kept_on_every_page(make_client, emu):
    client = make_client()
    items = list(client.paginate("GET", PACKS, query={"filters": "spec.name=metallb"}, limit=1))
    assert items and all(i["spec"]["name"] == "metallb" for i in items)
    assert all(e["query"].get("filters") == "spec.name=metallb" for e in log_entries(emu))


def test_shrinking_list_reported(make_client, emu, big_fleet):
    """The list shrinks while paging (clusters vanish): fewer items than promised -> a warning."""
    client = make_client(project_uid=_project_uid(emu.state(), "fleet-00"))
    pages = client.paginate("POST", SEARCH, body={})
    first = [next(pages) for dummy in range(50)]
    assert len(first) == 50
    smaller = copy.deepcopy(big_fleet)
    smaller["generate"]["clusters"] = 100
    emu.reset(seed=smaller)
    rest = list(pages)
    assert len(first) + len(rest) < 130
    assert any("listmeta.count promised" in w for w in client.warnings)


# -- server misbehaviour the emu does not produce: a recording HTTP server answers instead ----------
def _page(items, token, count=None):
    return 200, {}, {"items": items, "listmeta": {"continue": token, "count": count if count is not None else 99}}


def _client(url, tmp_path):
    return PaletteClient(host=url, api_key="test-key-1234", rate_limit_dir=str(tmp_path), backoff_base=0.01)


def test_repeated_continue_token_stops(capture_server, tmp_path):
    url, recorder = capture_server
    recorder.responses = [_page([{"n": 1}], "tok-A"), _page([{"n": 2}], "tok-B"), _page([{"n": 3}], "tok-A"),
                          _page([{"n": 4}], "tok-C")]
    client = _client(url, tmp_path)
    seen = []
    with pytest.raises(PaletteError, match="same continue token"):
        for item in client.paginate("GET", PACKS):
            seen.append(item["n"])
    assert seen == [1, 2, 3]
    assert len(recorder.requests) == 3
    assert [r["target"] for r in recorder.requests] == [
        "/v1/packs?limit=50", "/v1/packs?limit=50&continue=tok-A", "/v1/packs?limit=50&continue=tok-B"]


def test_short_count_warning(capture_server, tmp_path):
    url, recorder = capture_server
    recorder.responses = [_page([{"n": 1}, {"n": 2}], "tok-A", count=5), _page([{"n": 3}], "", count=5)]
    client = _client(url, tmp_path)
    assert [i["n"] for i in client.paginate("POST", SEARCH, body={"filter": {}})] == [1, 2, 3]
    assert client.warnings == ["POST %s: listmeta.count promised 5 items but only 3 came back (the list may have "
                               "changed while paging)" % SEARCH]
    # the body is sent unchanged on every page, continue only in the query
    assert [r["body"] for r in recorder.requests] == ['{"filter": {}}'] * 2
    assert recorder.requests[1]["target"] == SEARCH + "?limit=50&continue=tok-A"
