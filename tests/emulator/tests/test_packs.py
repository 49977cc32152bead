"""Pack lookups: registry list, tags of a pack in a registry (tag -> pack uid), pack by uid, filtered list."""

PUBLIC = "64b7a3c1d2e3f40516273849"


def test_tag_to_pack_uid(api):
    regs = api.ok("GET", "/v1/registries/pack", params={"scope": "system"})["items"]
    assert [r["metadata"]["name"] for r in regs] == ["Public Repo"]
    entity = api.ok("GET", f"/v1/packs/metallb/registries/{PUBLIC}", params={"cloudType": "all"})
    assert entity["registryUid"] == PUBLIC and entity["layer"] == "addon"
    assert [(t["tag"], t["packUid"]) for t in entity["tags"]] == [
        ("0.14.8", "65a1f0000000000000000601"), ("0.14.9", "65a1f0000000000000000602"), ("0.15.2", "65a1f0000000000000000603")]
    assert api.get(f"/v1/packs/nope/registries/{PUBLIC}").status_code == 404
    assert api.get("/v1/packs/metallb/registries/0123456789abcdef01234567").status_code == 404


def test_pack_by_uid_and_filtered_list(api):
    assert api.ok("GET", "/v1/packs/65a1f0000000000000000602")["name"] == "metallb"
    found = api.ok("GET", "/v1/packs", params={"filters": f"spec.name=metallbANDspec.version=0.14.9ANDspec.registryUid={PUBLIC}"})
    assert [i["metadata"]["uid"] for i in found["items"]] == ["65a1f0000000000000000602"]
    assert found["listmeta"]["count"] == 1
    assert api.get("/v1/packs", params={"filters": "spec.colour=red"}).status_code == 400
