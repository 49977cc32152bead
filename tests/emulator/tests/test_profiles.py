"""Cluster profiles: GET shape, PUT into the draft, publish, versions, clone, metadata, strict/lenient bodies."""

import time

import pytest
from emulator_helpers import CORE_OLD_UID, CORE_UID, METALLB_0149, put_body, set_tag


EDGE_VMO = "6982d34cd881f18566be1474"


def _core(api):
    return api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}")


def test_get_shape_matches_the_spec(api):
    prof = _core(api)
    assert prof["spec"]["draft"] is None
    assert prof["status"]["isPublished"] is True
    packs = prof["spec"]["published"]["packs"]
    assert [p["name"] for p in packs] == ["virtual-machine-orchestrator", "metallb", "cert-manager", "nginx", "edge-site-config"]
    assert all("uid" not in p for p in packs)
    assert packs[1]["packUid"] == "65a1f0000000000000000601"
    assert "template" not in prof["spec"]
    assert prof["spec"]["versions"] == [{"uid": CORE_OLD_UID, "version": "1.0.0"}, {"uid": CORE_UID, "version": "1.1.0"}]
    assert {c["name"] for c in prof["status"]["inUseClusters"]} == {"edge-vmo", "edge-store-01", "edge-store-03"}
    manifest = packs[4]
    assert manifest["type"] == "manifest" and manifest["packUid"] == "spectro-manifest-pack"
    assert [m["name"] for m in manifest["manifests"]] == ["site-namespaces", "site-config"]
    assert "content" not in manifest["manifests"][0]


def test_put_lands_in_draft_and_publish_promotes_it(api):
    api.emu.config(profile_put="draft")      # switches: this test is about the draft reading
    before = _core(api)
    body = put_body(before, lambda packs: set_tag(packs, "metallb", "0.14.9", METALLB_0149))
    resp = api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body)
    assert resp.status_code == 204 and resp.content == b""
    assert resp.headers.get("AuditUid")
    after = _core(api)
    assert after["spec"]["published"] == before["spec"]["published"]
    assert after["spec"]["draft"]["packs"][1]["tag"] == "0.14.9"
    assert after["metadata"]["lastModifiedTimestamp"] > before["metadata"]["lastModifiedTimestamp"]
    assert api.patch(f"/v1/clusterprofiles/{CORE_UID}/publish").status_code == 204
    published = _core(api)
    assert published["spec"]["draft"] is None
    assert published["spec"]["published"]["packs"][1]["tag"] == "0.14.9"
    assert published["spec"]["published"]["packs"][1]["packUid"] == METALLB_0149


def test_put_keeps_values_and_manifests_exactly(api):
    api.emu.config(profile_put="draft", manifest_without_content="kept")      # switches: this test is about the draft reading
    weird = "# top comment\nkey:   value   # trailing\n\nlist:\n  - 'a'\n  -   \"b\"\nunicode: \u00e9\u4e2d\n\ttabbed: 1\n"
    new_manifest = "apiVersion: v1\nkind: ConfigMap  # stays\nmetadata: {name: x}\n"

    def change(packs):
        packs[0]["values"] = weird
        packs[4]["manifests"][1]["content"] = new_manifest
    api.ok("PUT", f"/v1/clusterprofiles/{CORE_UID}", json=put_body(_core(api), change))
    draft = _core(api)["spec"]["draft"]
    assert draft["packs"][0]["values"] == weird
    manifests = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}/packs/edge-site-config/manifests")["items"]
    by_name = {m["metadata"]["name"]: m["spec"] for m in manifests}
    assert by_name["site-config"]["draft"]["content"] == new_manifest
    assert "ntpServer" in by_name["site-config"]["published"]["content"]
    assert by_name["site-namespaces"]["draft"]["content"] == by_name["site-namespaces"]["published"]["content"]
    assert manifests[0]["metadata"]["uid"] == "698e43979f639727243be401"


def test_put_is_a_full_overwrite(api):
    api.emu.config(profile_put="draft")      # switches: this test is about the draft reading
    api.ok("PUT", f"/v1/clusterprofiles/{CORE_UID}", json=put_body(_core(api), lambda packs: packs.pop(3)))
    assert [p["name"] for p in _core(api)["spec"]["draft"]["packs"]] == \
        ["virtual-machine-orchestrator", "metallb", "cert-manager", "edge-site-config"]


def test_put_rejects_a_uid_of_another_tag_and_unknown_packs(api):
    body = put_body(_core(api), lambda packs: packs[1].update(tag="0.14.9"))      # uid still 0.14.8's
    resp = api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body)
    assert resp.status_code == 400 and "0.14.8" in resp.json()["message"]
    body = put_body(_core(api), lambda packs: packs.append({"name": "nope", "tag": "1.0.0", "layer": "addon"}))
    assert api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body).status_code == 400
    body = put_body(_core(api), lambda packs: packs.append(dict(packs[0])))
    assert api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body).status_code == 400


def test_put_resolves_uid_from_tag_when_missing(api):
    api.emu.config(profile_put="draft")      # switches: this test is about the draft reading

    def change(packs):
        packs[1]["tag"] = "0.15.2"
        del packs[1]["uid"]
    api.ok("PUT", f"/v1/clusterprofiles/{CORE_UID}", json=put_body(_core(api), change))
    assert _core(api)["spec"]["draft"]["packs"][1]["packUid"] == "65a1f0000000000000000603"


def test_strict_mode_names_the_unexpected_field(api):
    body = put_body(_core(api))
    body["spec"]["template"]["packs"][0]["colour"] = "blue"
    resp = api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body)
    assert resp.status_code == 400
    assert "spec.template.packs[0].colour" in resp.json()["message"]
    body = put_body(_core(api))
    body["spec"]["packs"] = []                        # the runbook's wrong path (REF §5)
    resp = api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body)
    assert resp.status_code == 400 and "spec.packs" in resp.json()["message"]


def test_lenient_mode_ignores_unknown_fields(api):
    api.emu.config(profile_put="draft", strict=False)      # switches: this test is about the draft reading
    body = put_body(_core(api))
    body["spec"]["template"]["packs"][0]["colour"] = "blue"
    body["extra"] = {"x": 1}
    assert api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body).status_code == 204
    stored = [p for p in api.emu.state()["profiles"] if p["uid"] == CORE_UID][0]
    assert "colour" not in stored["draft"]["packs"][0]


def test_bodies_of_the_wrong_type_are_400_in_both_modes(api):
    for strict in (True, False):
        api.emu.config(strict=strict)
        resp = api.put(f"/v1/clusterprofiles/{CORE_UID}", json={"spec": {"template": {"packs": "nope"}}})
        assert resp.status_code == 400, strict
        assert api.put(f"/v1/clusterprofiles/{CORE_UID}", json={"spec": {"template": {}}}).status_code == 400


def test_last_modified_moves_on_every_quick_write(api):
    stamps = []
    for _n in range(3):
        api.ok("PUT", f"/v1/clusterprofiles/{CORE_UID}", json=put_body(_core(api)))
        stamps.append(_core(api)["metadata"]["lastModifiedTimestamp"])
    assert stamps == sorted(set(stamps))
    assert "." in stamps[0] and stamps[0].endswith("Z")


def test_clone_makes_a_new_version_and_duplicates_conflict(api):
    resp = api.post(f"/v1/clusterprofiles/{CORE_UID}/clone", json={"metadata": {"name": "core", "version": "1.2.0"}})
    assert resp.status_code == 201 and resp.headers.get("AuditUid")
    new_uid = resp.json()["uid"]
    assert len(new_uid) == 24 and new_uid != CORE_UID
    clone = api.ok("GET", f"/v1/clusterprofiles/{new_uid}")
    assert clone["spec"]["version"] == "1.2.0"
    assert clone["spec"]["published"]["packs"] == _core(api)["spec"]["published"]["packs"]
    assert [v["version"] for v in _core(api)["spec"]["versions"]] == ["1.0.0", "1.1.0", "1.2.0"]
    assert "inUseClusters" not in clone["status"]   # nobody uses it: left out under profile_usage_lists' default
    dup = api.post(f"/v1/clusterprofiles/{CORE_UID}/clone", json={"metadata": {"name": "core", "version": "1.0.0"}})
    assert dup.status_code == 409
    bad = api.post(f"/v1/clusterprofiles/{CORE_UID}/clone", json={"metadata": {"name": "core", "version": "v2"}})
    assert bad.status_code == 400


def test_create_with_and_without_publish(api):
    packs = [{"name": "nginx", "tag": "1.12.0", "layer": "addon", "type": "spectro"}]
    body = {"metadata": {"name": "extras", "labels": {"team": "apps"}},
            "spec": {"version": "1.0.0", "template": {"cloudType": "all", "type": "add-on", "packs": packs}}}
    uid = api.post("/v1/clusterprofiles", json=body, params={"publish": "true"}).json()["uid"]
    prof = api.ok("GET", f"/v1/clusterprofiles/{uid}")
    assert prof["status"]["isPublished"] and prof["spec"]["published"]["packs"][0]["packUid"] == "65a1f0000000000000000802"
    assert prof["metadata"]["annotations"]["scope"] == "project"
    body["spec"]["version"] = "1.1.0"
    uid2 = api.post("/v1/clusterprofiles", json=body).json()["uid"]
    draft = api.ok("GET", f"/v1/clusterprofiles/{uid2}")
    assert draft["spec"]["published"] is None and draft["spec"]["draft"] is not None and not draft["status"]["isPublished"]
    assert api.post("/v1/clusterprofiles", json=body).status_code == 409


def test_put_metadata_annotations_and_labels(api):
    body = put_body(_core(api))
    body["metadata"].update(labels={"tier": "core"}, annotations={"description": "via PUT", "owner": "team-a", "scope": "tenant"})
    api.ok("PUT", f"/v1/clusterprofiles/{CORE_UID}", json=body)
    meta = _core(api)["metadata"]
    assert meta["labels"] == {"tier": "core"}
    assert meta["annotations"]["description"] == "via PUT" and meta["annotations"]["owner"] == "team-a"
    assert meta["annotations"]["scope"] == "project"          # derived, not taken from the client


def test_patch_metadata(api):
    body = {"metadata": {"name": "core", "labels": {"tier": "gold"}, "annotations": {"description": "new words"}}}
    assert api.patch(f"/v1/clusterprofiles/{CORE_UID}/metadata", json=body).status_code == 204
    prof = _core(api)
    assert prof["metadata"]["labels"] == {"tier": "gold"}
    assert prof["metadata"]["annotations"]["description"] == "new words"
    clash = {"metadata": {"name": "core"}, "spec": {"version": "1.0.0"}}
    assert api.patch(f"/v1/clusterprofiles/{CORE_UID}/metadata", json=clash).status_code == 409
    assert api.patch(f"/v1/clusterprofiles/{CORE_UID}/metadata", json={"spec": {}}).status_code == 400   # metadata required


@pytest.mark.parametrize("reading", ["omitted_when_empty", "listed"])
def test_usage_lists_of_an_unused_version_per_reading(api, reading):
    """REF §5 (issue #19): whether an empty inUseClusters / inUseClusterUids / inUseClusterTemplates is sent is not
    documented. ``omitted_when_empty`` (the default) leaves each empty one out of every profile answer; ``listed``
    sends ``[]``. A list that names someone is sent under both."""
    api.emu.config(profile_usage_lists=reading)
    unused = api.post(f"/v1/clusterprofiles/{CORE_UID}/clone", json={"metadata": {"name": "core", "version": "9.0.0"}}).json()["uid"]
    listed = api.ok("POST", "/v1/dashboard/clusterprofiles", json={"filter": {"profileName": {"eq": "core"}}})["items"]
    by_uid = {i["metadata"]["uid"]: i for i in listed}
    answers = [api.ok("GET", f"/v1/clusterprofiles/{unused}"), api.ok("GET", f"/v1/dashboard/clusterprofiles/{unused}"),
               by_uid[unused]]
    lists = ("inUseClusters", "inUseClusterUids", "inUseClusterTemplates")
    for answer in answers:
        if reading == "listed":
            assert {name: answer["status"][name] for name in lists} == dict.fromkeys(lists, [])
        else:
            assert not set(lists) & set(answer["status"]), answer["status"]
        assert answer["status"]["isPublished"] is True
    used = [api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}"), api.ok("GET", f"/v1/dashboard/clusterprofiles/{CORE_UID}"),
            by_uid[CORE_UID]]
    for answer in used:
        assert len(answer["status"]["inUseClusters"]) == 3 and len(answer["status"]["inUseClusterUids"]) == 3
        assert ("inUseClusterTemplates" in answer["status"]) == (reading == "listed")


def test_delete_refuses_in_use_and_removes_unused(api):
    api.emu.config(profile_delete_in_use="refused")
    assert api.delete(f"/v1/clusterprofiles/{CORE_UID}").status_code == 409
    uid = api.post(f"/v1/clusterprofiles/{CORE_UID}/clone", json={"metadata": {"name": "core", "version": "9.0.0"}}).json()["uid"]
    assert api.delete(f"/v1/clusterprofiles/{uid}").status_code == 204
    assert api.get(f"/v1/clusterprofiles/{uid}").status_code == 404


def test_delete_in_use_under_the_deletes_reading(api):
    """The default reading of an undocumented fact (REF §5): Palette deletes a version clusters use. The clusters keep
    what they were attached with, and every cluster read still answers."""
    assert api.delete(f"/v1/clusterprofiles/{CORE_UID}").status_code == 204
    assert api.get(f"/v1/clusterprofiles/{CORE_UID}").status_code == 404
    vmo = api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}")
    assert CORE_UID in [t["uid"] for t in vmo["spec"]["clusterProfileTemplates"]]
    api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/profiles")
    api.ok("GET", f"/v1/spectroclusters/{EDGE_VMO}/profileUpdates")
    api.ok("POST", "/v1/dashboard/spectroclusters/search", json={"filter": {}})


def test_pack_sub_resources(api):
    items = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}/packs")["items"]
    assert items[1]["spec"]["name"] == "metallb" and items[1]["spec"]["version"] == "0.14.8" and "tag" not in items[1]["spec"]
    one = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}/packs/metallb")
    assert one["spec"]["registry"]["name"] == "Public Repo"
    assert api.get(f"/v1/clusterprofiles/{CORE_UID}/packs/nope").status_code == 404
    allm = api.ok("GET", f"/v1/clusterprofiles/{CORE_UID}/packs/manifests")
    assert allm["spec"]["packs"][4]["spec"]["manifests"][0]["content"].startswith("apiVersion: v1")


def test_dashboard_profiles_filter_sort_page(api):
    body = {"filter": {"profileName": {"eq": "CORE"}, "profileType": ["add-on"]}, "sort": [{"field": "profileName", "order": "asc"}]}
    found = api.ok("POST", "/v1/dashboard/clusterprofiles", json=body)
    assert [(i["metadata"]["name"], i["specSummary"]["version"]) for i in found["items"]] == [("core", "1.0.0"), ("core", "1.1.0")]
    assert "values" not in found["items"][0]["specSummary"]["published"]["packs"][0]
    assert found["listmeta"]["count"] == 2 and found["listmeta"]["continue"] == ""
    infra = api.ok("POST", "/v1/dashboard/clusterprofiles", json={"filter": {"profileType": ["infra"], "version": {"gt": "1.0.0"}}})
    assert [i["metadata"]["uid"] for i in infra["items"]] == ["698e434f56d5433423e3ee5a"]
    summary = api.ok("GET", f"/v1/dashboard/clusterprofiles/{CORE_UID}")
    assert {c["name"] for c in summary["status"]["inUseClusters"]} >= {"edge-vmo"}


def test_publish_without_draft_is_a_no_op(api):
    before = _core(api)
    time.sleep(0.01)
    assert api.patch(f"/v1/clusterprofiles/{CORE_UID}/publish").status_code == 204
    assert _core(api) == before


def test_pack_variables_undefined_refuses_put_and_create(api):
    """REF §5: Palette validates a PUT's (and a create's) pack references against the profile's variables."""
    api.emu.config(manifest_without_content="kept")   # kept manifest content is checked too: it is what would be stored
    before = _core(api)

    def use_region(packs):
        packs[1]["values"] += 'region: "{{ .spectro.var.region | default \\"eu\\" }}"\n'
    body = put_body(before, use_region)
    resp = api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body)
    assert resp.status_code == 400
    error = resp.json()
    assert error["code"] == "PackVariablesUndefined" and "region" in error["message"] and "metallb" in error["message"]
    assert error["details"] == {"undefined": [{"pack": "metallb", "in": "values", "variable": "region"}]}
    assert _core(api) == before
    # macros and text outside an action are no profile variables; a defined variable is accepted
    api.ok("PUT", f"/v1/clusterprofiles/{CORE_UID}/variables", json={"variables": [{"name": "region"}]})
    assert api.put(f"/v1/clusterprofiles/{CORE_UID}", json=body).status_code == 204
    packs = [{"name": "nginx", "tag": "1.12.0", "layer": "addon", "type": "spectro",
              "values": "a: {{.spectro.macro.site}}\nb: .spectro.var.zone\n"},
             {"name": "site", "type": "manifest", "layer": "addon",
              "manifests": [{"name": "cm", "content": "zone: {{- .spectro.var.zone -}}\n"}]}]
    create = {"metadata": {"name": "extras"},
              "spec": {"version": "1.0.0", "template": {"cloudType": "all", "type": "add-on", "packs": packs}}}
    resp = api.post("/v1/clusterprofiles", json=create)
    assert resp.status_code == 400 and resp.json()["details"]["undefined"] == [{"pack": "site", "in": "manifest cm", "variable": "zone"}]
    create["spec"]["variables"] = [{"name": "zone"}]
    assert api.post("/v1/clusterprofiles", json=create).status_code == 201
