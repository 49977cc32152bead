"""A pack registry Palette cannot sync (seed ``sync_supported: false``, bundled seed ``packs``): its sync status, a
catalogue that lists none of its packs, pack uids that still answer, and a profile PUT that names its packs by
name + tag + registryUid only."""

import pytest

from palette_emulator.seed import read_seed_file, resolve_seed_path

from test_seed import _err

PUBLIC = "64b7a3c1d2e3f40516273849"
INTERNAL = "64b7a3c1d2e3f4051627384a"
AIRGAP = "64b7a3c1d2e3f4051627384b"
ADDONS = "698e43979f639727243be5a1"
GATEWAY_100 = "65a1f0000000000000000a01"
GATEWAY_110 = "65a1f0000000000000000a02"


@pytest.fixture
def packs_api(api):
    api.emu.reset(seed=read_seed_file(resolve_seed_path("packs")))
    return api


def test_sync_status_in_the_registry_list(packs_api):
    regs = packs_api.ok("GET", "/v1/registries/pack", params={"scope": "all"})["items"]
    status = {r["metadata"]["name"]: r["status"]["packSyncStatus"]["isSyncSupported"] for r in regs}
    # the Helm registry of the seed is not a pack registry
    assert status == {"Public Repo": True, "Edge Internal Packs": True, "Edge Airgap Mirror": False}
    tenant = packs_api.ok("GET", "/v1/registries/pack", params={"scope": "tenant", "limit": 1})
    assert tenant["listmeta"]["count"] == 2 and tenant["listmeta"]["continue"]


def test_catalogue_lists_no_pack_of_an_unsynced_registry(packs_api):
    assert packs_api.get(f"/v1/packs/edge-gateway/registries/{AIRGAP}").status_code == 404
    listed = packs_api.ok("GET", "/v1/packs", params={"filters": f"spec.registryUid={AIRGAP}"})
    assert listed["items"] == [] and listed["listmeta"]["count"] == 0
    # a pack uid a profile references still answers, with its registry
    entity = packs_api.ok("GET", f"/v1/packs/{GATEWAY_100}")
    assert entity["registryUid"] == AIRGAP and [t["packUid"] for t in entity["tags"]] == [GATEWAY_100, GATEWAY_110]
    # the synced registries are unchanged
    assert [t["tag"] for t in packs_api.ok("GET", f"/v1/packs/edge-telemetry/registries/{INTERNAL}")["tags"]] == \
        ["2.3.0", "2.4.x", "2.4.0"]
    assert [t["tag"] for t in packs_api.ok("GET", f"/v1/packs/edge-telemetry/registries/{PUBLIC}")["tags"]] == ["2.2.0"]


def test_put_resolves_a_pack_of_an_unsynced_registry_by_name_and_tag(packs_api):
    profile = packs_api.ok("GET", f"/v1/clusterprofiles/{ADDONS}")
    packs = profile["spec"]["published"]["packs"]
    assert [p["registryUid"] for p in packs] == [PUBLIC, "", AIRGAP]
    body = [{"name": p["name"], "uid": p["packUid"], "tag": p["tag"], "type": p["type"], "layer": p["layer"],
             "registryUid": p["registryUid"], "values": p["values"]} for p in packs]
    del body[2]["uid"]
    body[2]["tag"] = "1.1.0"

    def put_body():
        return {"metadata": {"name": "edge-addons", "uid": ADDONS}, "spec": {"template": {"packs": body}}}
    packs_api.ok("PUT", f"/v1/clusterprofiles/{ADDONS}", json=put_body())
    after = packs_api.ok("GET", f"/v1/clusterprofiles/{ADDONS}")["spec"]
    template = after["draft"] or after["published"]
    assert (template["packs"][2]["tag"], template["packs"][2]["packUid"]) == ("1.1.0", GATEWAY_110)
    body[2]["tag"] = "9.9.9"
    refused = packs_api.put(f"/v1/clusterprofiles/{ADDONS}", json=put_body())
    assert refused.status_code == 400 and refused.json()["code"] == "PackNotFound"


def test_sync_supported_must_be_a_boolean():
    doc = read_seed_file(resolve_seed_path("packs"))
    doc["registries"][2]["sync_supported"] = "no"
    assert _err(doc) == "seed: registries[2].sync_supported must be true or false, got 'no'"
