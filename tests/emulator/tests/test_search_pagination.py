"""Cluster search (filter grammar of the official clients) and Palette's pagination (limit, continue, listmeta)."""

# pytest fixtures are passed as arguments named like the fixture functions.
# pylint: disable=redefined-outer-name

import base64
import json

import pytest

from emulator_helpers import ADMIN_KEY, CORE_UID, EDGE_VMO, Api
from palette_emulator.ids import derived_uid
from palette_emulator.testing import demo_seed

FLEET_PROJECT = derived_uid("gen-project", 0)


@pytest.fixture
def fleet(emulator):
    """The demo seed plus 130 generated clusters in project fleet-00; an Api for that project."""
    doc = demo_seed()
    doc["generate"] = {"clusters": 130, "projects": 1}
    emulator.reset(seed=doc)
    return Api(emulator, key=ADMIN_KEY, project=FLEET_PROJECT)


def _string(prop, values, operator="eq", negation=False, ignore_case=False):
    return {"property": prop, "type": "string",
            "condition": {"string": {"operator": operator, "negation": negation, "ignoreCase": ignore_case,
                                     "match": {"conjunction": "or", "values": values}}}}


def _bool(prop, value):
    return {"property": prop, "type": "bool", "condition": {"bool": {"value": value}}}


def _search(api, filters, params=None, sort=None, conjunction="and"):
    body = {"filter": {"conjunction": "and", "filterGroups": [{"conjunction": conjunction, "filters": filters}]}}
    if sort:
        body["sort"] = sort
    return api.ok("POST", "/v1/dashboard/spectroclusters/search", json=body, params=params)


def test_pages_of_50_with_continue_tokens(fleet):
    seen, token, pages = [], None, []
    while True:
        params = {"limit": 50}
        if token:
            params["continue"] = token
        page = fleet.ok("POST", "/v1/dashboard/spectroclusters/search", json={}, params=params)
        pages.append(page["listmeta"])
        seen += [i["metadata"]["uid"] for i in page["items"]]
        token = page["listmeta"]["continue"]
        if token == "":
            break
    assert len(seen) == len(set(seen)) == 130
    assert [p["offset"] for p in pages] == [50, 100, 130]
    assert all(p["count"] == 130 and p["limit"] == 50 for p in pages)
    assert json.loads(base64.b64decode(pages[0]["continue"])) == {"offset": 50, "count": 130, "token": ""}


def test_limit_is_capped_and_offset_works(fleet):
    page = fleet.ok("POST", "/v1/dashboard/spectroclusters/search", json={}, params={"limit": 500})
    assert len(page["items"]) == 50 and page["listmeta"]["limit"] == 50
    page = fleet.ok("POST", "/v1/dashboard/spectroclusters/search", json={}, params={"limit": 20, "offset": 120})
    assert len(page["items"]) == 10 and page["listmeta"]["continue"] == "" and page["listmeta"]["offset"] == 130
    assert fleet.post("/v1/dashboard/spectroclusters/search", json={}, params={"continue": "garbage!"}).status_code == 400


def test_continue_in_post_body_is_ignored(fleet):
    fleet.emu.config(strict=False)    # strict mode would reject the field: it is not in v1SearchFilterSummarySpec
    first = fleet.ok("POST", "/v1/dashboard/spectroclusters/search", json={})
    again = fleet.ok("POST", "/v1/dashboard/spectroclusters/search", json={"continue": first["listmeta"]["continue"]})
    assert [i["metadata"]["uid"] for i in again["items"]] == [i["metadata"]["uid"] for i in first["items"]]
    fleet.emu.config(strict=True)
    assert fleet.post("/v1/dashboard/spectroclusters/search", json={"continue": "x"}).status_code == 400


def test_sdk_find_by_name_recipe(api):
    body = {"filter": {"conjunction": "and", "filterGroups": [
        {"conjunction": "and", "filters": [_string("environment", ["nested"], negation=True), _bool("isDeleted", False)]},
        {"conjunction": "and", "filters": [_string("clusterName", ["edge-vmo"])]}]}}
    found = api.ok("POST", "/v1/dashboard/spectroclusters/search", json=body)
    assert [i["metadata"]["uid"] for i in found["items"]] == [EDGE_VMO]
    item = found["items"][0]
    assert item["specSummary"]["projectMeta"]["name"] == "edge-prod"
    assert item["status"]["notifications"]["isAvailable"] is False


def test_filters_on_demo_clusters(api):
    def names(res):
        return sorted(i["metadata"]["name"] for i in res["items"])
    assert names(_search(api, [_bool("isDeleted", True)])) == ["edge-store-99"]
    assert names(_search(api, [_string("environment", ["nested"])])) == ["vc-analytics"]
    assert names(_search(api, [_string("healthState", ["UnHealthy"])])) == ["edge-store-03"]
    assert names(_search(api, [_string("clusterState", ["Deleted"])])) == ["edge-store-99"]
    assert names(_search(api, [_string("tags", ["site:store-01", "team:data"])])) == ["edge-store-01", "vc-analytics"]
    assert names(_search(api, [_string("clusterName", ["EDGE-STORE"], operator="beginsWith", ignore_case=True)])) == \
        ["edge-store-01", "edge-store-02", "edge-store-03", "edge-store-99"]
    assert names(_search(api, [_string("clusterProfileUid", [CORE_UID])])) == ["edge-store-01", "edge-store-03", "edge-vmo"]
    assert names(_search(api, [_string("clusterProfileName", ["core"]), _bool("isDeleted", False)])) == \
        ["edge-store-01", "edge-store-02", "edge-store-03", "edge-vmo"]
    kv_cond = {"key": "site", "operator": "beginsWith", "match": {"values": ["store-0"]}}
    kv = {"property": "tags", "type": "keyValue", "condition": {"keyValue": kv_cond}}
    assert names(_search(api, [kv])) == ["edge-store-01", "edge-store-02", "edge-store-03"]
    either = _search(api, [_string("clusterName", ["edge-vmo"]), _string("clusterName", ["vc-analytics"])], conjunction="or")
    assert names(either) == ["edge-vmo", "vc-analytics"]


def test_sort_and_unknown_property(fleet):
    page = _search(fleet, [_bool("isDeleted", False)], sort=[{"field": "clusterName", "order": "desc"}], params={"limit": 3})
    assert [i["metadata"]["name"] for i in page["items"]] == ["site-00129", "site-00128", "site-00127"]
    resp = fleet.post("/v1/dashboard/spectroclusters/search", json={"filter": {"filterGroups": [{"filters": [_string("colour", ["x"])]}]}})
    assert resp.status_code == 400 and "colour" in resp.json()["message"]
    schema = fleet.ok("GET", "/v1/dashboard/spectroclusters/search/schema")
    assert {"clusterName", "environment", "isDeleted", "tags", "clusterProfileUid"} <= {p["name"] for p in schema["schema"]["properties"]}


def test_other_lists_have_listmeta(api):
    regs = api.ok("GET", "/v1/registries/pack", params={"scope": "all"})
    assert regs["listmeta"] == {"continue": "", "count": 2, "limit": 50, "offset": 2}
    profs = api.ok("POST", "/v1/dashboard/clusterprofiles", json={}, params={"limit": 1})
    assert profs["listmeta"]["count"] == 4 and profs["listmeta"]["continue"]
