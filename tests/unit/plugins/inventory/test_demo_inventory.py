# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""``ansible-inventory --list`` with the spectrocloud.palette.palette plugin against the demo seed.

Expected outputs are written by hand from ``tests/emulator/palette_emulator/seeds/demo.yml``; the emulator's
request log shows which API calls the plugin made.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys

import pytest

# The demo seed's fake keys (seeds/demo.yml)
ADMIN_KEY = "PALETTE-EMULATOR-ADMIN-KEY-all-projects-not-a-real-secret"
DEMO_KEY = "PALETTE-EMULATOR-DEMO-KEY-edge-prod-not-a-real-secret"
PROD = "69791bbdb68bd0033ad275a5"
LAB = "697a0c1e2f3a4b5c6d7e8f90"
ALL_LIVE = ["edge-lab-01", "edge-store-01", "edge-store-02", "edge-store-03", "edge-vmo"]
PROD_LIVE = ["edge-store-01", "edge-store-02", "edge-store-03", "edge-vmo"]

DEMO_CONSTRUCTED = {
    "compose": {"site": "palette_labels.site"},
    "keyed_groups": [{"key": "palette_labels.env", "prefix": "env"}],
    "groups": {
        "unhealthy": "palette_health != 'Healthy'",
        "core_behind": "(palette_profiles | selectattr('name', 'equalto', 'core') | map(attribute='version') | first) != '1.1.0'",
    },
}


def hosts_of(harness, data):
    return sorted(harness.normalise(data)["hosts"])


def searches(calls):
    return [c for c in calls if c[1] == "/v1/dashboard/spectroclusters/search"]


@pytest.mark.parametrize("pack_details", ["auto", "cluster"])
def test_demo_inventory_matches_hand_written_expectation(harness, runner, demo_emu, pack_details):
    data, dummy = runner.run(runner.config(pack_details=pack_details, **DEMO_CONSTRUCTED))
    assert harness.normalise(data) == harness.load_expected("demo_all_projects.json")
    assert harness.hosts_out_of_order(data) == []

    calls = harness.api_calls(demo_emu)
    assert calls.count(("GET", "/v1/dashboard/projects/metadata", None)) == 1
    # the versions of the expected output came from the profile and cluster reads, not the profile metadata
    assert not [c for c in calls if c[1] == "/v1/dashboard/clusterprofiles/metadata"]
    assert sorted(c[2] for c in searches(calls)) == sorted([PROD, LAB])  # one page per project
    cluster_reads = sorted(c[1] for c in calls if c[1].startswith("/v1/spectroclusters/"))
    if pack_details == "auto":
        # only edge-store-03 (update pending) is read itself; the others come from their 6 profile versions
        assert cluster_reads == ["/v1/spectroclusters/6982d34cd881f18566be1503"]
        assert len([c for c in calls if c[1].startswith("/v1/clusterprofiles/")]) == 6
    else:
        assert len(cluster_reads) == 5
        assert not [c for c in calls if c[1].startswith("/v1/clusterprofiles/")]
    assert all(c[0] in ("GET", "POST") for c in calls)


def test_versions_the_reads_did_not_give_come_from_the_profile_metadata(harness, runner, demo_emu):
    """When neither the profile (404 in both scopes) nor its clusters (404, as if deleted since the search) can be
    read, the versions still come, from the profile metadata of the project: none is lost by reading the metadata
    only when needed."""
    expected = harness.load_expected("demo_all_projects.json")["hosts"]

    def versions(data):
        return dict((host, [(p["name"], p["version"]) for p in hostvars["palette_profiles"]])
                    for host, hostvars in harness.normalise(data)["hosts"].items())

    demo_emu.fault(path="^/v1/clusterprofiles/698e43979f639727243be300$", method="GET", kind="status", status=404,
                   count=2)
    demo_emu.fault(path="^/v1/spectroclusters/", method="GET", kind="status", status=404, count=None)
    data, dummy = runner.run(runner.config(projects=["edge-prod"]))
    assert versions(data) == dict((host, [(p["name"], p["version"]) for p in expected[host]["palette_profiles"]])
                                  for host in PROD_LIVE)
    assert harness.normalise(data)["hosts"]["edge-store-02"]["palette_profiles"][1]["packs"] == []  # nobody said
    assert harness.api_calls(demo_emu).count(("GET", "/v1/dashboard/clusterprofiles/metadata", PROD)) == 1


def test_pack_details_none_reads_only_searches_and_metadata(harness, runner, demo_emu):
    data, dummy = runner.run(runner.config(pack_details="none"))
    hosts = harness.normalise(data)["hosts"]
    assert sorted(hosts) == ALL_LIVE
    for hostvars in hosts.values():
        assert [p["packs"] for p in hostvars["palette_profiles"]] == [[], []]
    assert hosts["edge-store-02"]["palette_profiles"][1]["version"] == "1.0.0"
    paths = set(c[1] for c in harness.api_calls(demo_emu))
    assert paths == {"/v1/dashboard/projects/metadata", "/v1/dashboard/spectroclusters/search",
                     "/v1/dashboard/clusterprofiles/metadata"}


@pytest.mark.parametrize("options, expected", [
    ({"cluster_names": ["edge-store-*"]}, ["edge-store-01", "edge-store-02", "edge-store-03"]),
    ({"cluster_names": ["edge-store-0[12]"]}, ["edge-store-01", "edge-store-02"]),   # client-side glob
    ({"cluster_names": ["*lab*", "edge-vmo"]}, ["edge-lab-01", "edge-vmo"]),
    ({"cluster_names": ["EDGE-VMO"]}, []),                                            # case-sensitive
    ({"tags": ["site:hq"]}, ["edge-vmo"]),
    ({"tags": ["env:prod", "site:store-02"]}, ["edge-store-02"]),
    ({"tags": ["env"]}, []),                                   # "env" is a tag without value: nobody has it
    ({"states": ["Running"]}, ALL_LIVE),
    ({"states": ["Pending", "Unknown"]}, []),
    ({"projects": ["edge-lab"]}, ["edge-lab-01"]),
    ({"projects": [LAB]}, ["edge-lab-01"]),
    ({"projects": ["edge-*"]}, ALL_LIVE),
    ({"projects": ["*"], "cluster_names": ["edge-store-0?"], "states": ["Running"], "tags": ["env:prod"]},
     ["edge-store-01", "edge-store-02", "edge-store-03"]),
    ({"include_deleted": True}, sorted(ALL_LIVE + ["edge-store-99"])),
    ({"include_virtual": True}, sorted(ALL_LIVE + ["vc-analytics"])),
])
def test_filters(harness, runner, demo_emu, options, expected):
    data, dummy = runner.run(runner.config(**options))
    assert hosts_of(harness, data) == expected
    # the filters never cost more than one search page per project here
    assert len(searches(harness.api_calls(demo_emu))) <= 2


def _bare_tag_seed():
    testing = pytest.importorskip("palette_emulator.testing")
    seed = testing.demo_seed()
    for cluster in seed["clusters"]:
        if cluster["name"] == "edge-store-02":
            cluster["labels"] = dict(cluster.get("labels") or {}, canary="spectro__tag")
    return seed


def _tag_search_readings():
    try:
        from palette_emulator.config import SWITCHES
    except ImportError:  # pragma: no cover
        return []
    return list(SWITCHES.get("tag_search", ()))


@pytest.mark.parametrize("reading", _tag_search_readings())
def test_bare_tag_finds_the_labelled_cluster(harness, runner, demo_emu, reading):
    """A tag without a value (label canary=spectro__tag) under either form the search may know it by."""
    demo_emu.reset(seed=_bare_tag_seed())
    demo_emu.config(tag_search=reading)
    data, dummy = runner.run(runner.config(tags=["canary"], projects=["edge-prod"]))
    assert hosts_of(harness, data) == ["edge-store-02"]
    hosts = harness.normalise(data)["hosts"]
    assert "canary" in hosts["edge-store-02"]["palette_tags"]
    assert "palette_tag_canary" in harness.normalise(data)["groups"]


def test_deleted_and_virtual_clusters_when_asked_for(harness, runner, demo_emu):
    data, dummy = runner.run(runner.config(include_deleted=True, include_virtual=True, projects=["edge-prod"]))
    hosts = harness.normalise(data)["hosts"]
    deleted = hosts["edge-store-99"]
    assert deleted["palette_deleted"] is True and deleted["palette_state"] == "Deleted"
    virtual = hosts["vc-analytics"]
    assert virtual["palette_virtual"] is True
    assert virtual["palette_cloud_type"] == "nested"
    assert virtual["palette_profiles"] == []
    assert harness.normalise(data)["groups"]["palette_state_deleted"] == ["edge-store-99"]


def test_connection_options_from_environment(harness, runner, demo_emu):
    env = {"PALETTE_HOST": demo_emu.url, "PALETTE_API_KEY": ADMIN_KEY, "PALETTE_PROJECT": "edge-lab"}
    data, dummy = runner.run({"plugin": "spectrocloud.palette.palette"}, env=env)
    assert hosts_of(harness, data) == ["edge-lab-01"]


def test_terraform_style_environment_and_project_uid(harness, runner, demo_emu):
    env = {"SPECTROCLOUD_HOST": demo_emu.url, "SPECTROCLOUD_APIKEY": ADMIN_KEY, "PALETTE_PROJECT_UID": PROD}
    data, dummy = runner.run({"plugin": "spectrocloud.palette.palette"}, env=env)
    assert hosts_of(harness, data) == PROD_LIVE


def test_config_credentials_win_over_environment(harness, runner, demo_emu):
    """A token or key in the file is not mixed with an exported PALETTE_API_KEY of another kind."""
    env = {"PALETTE_API_KEY": "PALETTE-some-other-key-from-the-shell", "PALETTE_PROJECT_UID": LAB}
    data, dummy = runner.run(runner.config(project_name="edge-prod"), env=env)
    assert hosts_of(harness, data) == PROD_LIVE


def test_every_project_the_key_can_see(harness, runner, demo_emu):
    """The demo key may read edge-prod only; without a project option that is what gets listed."""
    data, proc = runner.run(runner.config(api_key=DEMO_KEY))
    assert hosts_of(harness, data) == PROD_LIVE
    assert set(c[2] for c in searches(harness.api_calls(demo_emu))) == {PROD}
    assert DEMO_KEY not in harness.without_wraps(proc.stderr + proc.stdout)


def test_project_forbidden_while_listing_everything_is_skipped(harness, runner, demo_emu):
    """A project that answers 403 is skipped with a warning when it was not named (workers=1: edge-lab first)."""
    demo_emu.fault(path="^/v1/dashboard/spectroclusters/search$", method="POST", kind="status", status=403, count=1)
    data, proc = runner.run(runner.config(workers=1))
    assert hosts_of(harness, data) == PROD_LIVE
    assert harness.said(proc.stderr, "skipping project 'edge-lab'")


def test_named_project_the_key_cannot_read_is_an_error(harness, runner, demo_emu):
    dummy, proc = runner.run(runner.config(api_key=DEMO_KEY, projects=["edge-lab"]), check=False)
    assert proc.returncode != 0
    # the emulator, like Palette, only lists the projects a key may use
    assert harness.said(proc.stderr, "option projects: project 'edge-lab' not found")
    assert harness.said(proc.stderr, "visible to these credentials: 'edge-prod'")
    assert DEMO_KEY not in harness.without_wraps(proc.stderr + proc.stdout)


# -- cache --------------------------------------------------------------------------------------------------
def test_cache_fresh_means_no_api_call_and_holds_no_secret(harness, runner, demo_emu, tmp_path):
    cache_dir = str(tmp_path / "cache")
    config = runner.config(cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=cache_dir,
                           cache_timeout=3600, **DEMO_CONSTRUCTED)
    path = runner.write_config(config, name="cached.palette.yml")
    first, dummy = runner.run(path)
    assert harness.api_calls(demo_emu)

    demo_emu.admin("DELETE", "/__emulator__/requests")
    second, dummy = runner.run(path)
    assert demo_emu.requests() == []          # not one request, not even a project lookup
    assert harness.normalise(second) == harness.normalise(first) == harness.load_expected("demo_all_projects.json")

    files = [os.path.join(cache_dir, f) for f in os.listdir(cache_dir)]
    assert files
    for name in files:
        with open(name) as handle:
            text = handle.read()
        assert ADMIN_KEY not in text
        assert "PALETTE-EMULATOR" not in text
        assert "values" not in text          # no pack values either

    # --flush-cache reads the API again (and refreshes the cache)
    proc = flush_cache_run(runner, path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert harness.api_calls(demo_emu)
    assert ADMIN_KEY not in harness.without_wraps(proc.stdout + proc.stderr)


def flush_cache_run(runner, path):
    """A run that reads past a fresh inventory cache: ``ansible-playbook --flush-cache`` with the source. That is the
    way on every supported ansible-core line (``ansible-inventory`` has no ``--flush-cache`` before 2.17)."""
    playbook = os.path.join(runner.tmp_root, "reads_the_inventory.yml")
    with open(playbook, "w") as handle:
        handle.write("- hosts: all\n  gather_facts: false\n  tasks: []\n")
    command = [sys.executable, os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
               "-i", path, "--flush-cache", playbook]
    return subprocess.run(command, env=runner.env(), cwd=runner.tmp_root, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=600, check=False)


def without_packs(expected):
    """An expected ``normalise``d output as profile_packs: false gives it: every profile entry without packs."""
    for hostvars in expected["hosts"].values():
        hostvars["palette_profiles"] = [dict((k, v) for k, v in p.items() if k != "packs")
                                        for p in hostvars["palette_profiles"]]
    return expected


def test_profile_packs_false_leaves_out_the_pack_lists_only_and_the_cache_keeps_them(harness, runner, demo_emu, tmp_path):
    """profile_packs: false drops the pack lists and nothing else. The cache still holds them: the run that asks for
    them (here by leaving out the environment variable that chose the lean form) gets them without an API call, and
    so does a run with the option in the file."""
    cache = dict(cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=str(tmp_path / "cache"),
                 cache_timeout=3600)
    path = runner.write_config(runner.config(**dict(cache, **DEMO_CONSTRUCTED)), name="lean.palette.yml")
    full = harness.load_expected("demo_all_projects.json")
    lean, dummy = runner.run(path, env={"PALETTE_INVENTORY_PROFILE_PACKS": "false"})
    assert harness.normalise(lean) == without_packs(harness.load_expected("demo_all_projects.json"))
    assert harness.hosts_out_of_order(lean) == []
    assert harness.api_calls(demo_emu)

    harness.clear_log(demo_emu)
    on_request, dummy = runner.run(path)
    assert harness.normalise(on_request) == full
    runner.write_config(runner.config(profile_packs=False, **dict(cache, **DEMO_CONSTRUCTED)), name="lean.palette.yml")
    again, dummy = runner.run(path)
    assert again == lean
    assert demo_emu.requests() == []


def test_cache_is_not_reused_when_a_filter_changes(harness, runner, demo_emu, tmp_path):
    cache_dir = str(tmp_path / "cache")
    base = dict(cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection=cache_dir)
    path = runner.write_config(runner.config(**base), name="same.palette.yml")
    runner.run(path)
    runner.write_config(runner.config(cluster_names=["edge-vmo"], **base), name="same.palette.yml")
    demo_emu.admin("DELETE", "/__emulator__/requests")
    data, dummy = runner.run(path)
    assert hosts_of(harness, data) == ["edge-vmo"]
    assert harness.api_calls(demo_emu)


# -- errors -------------------------------------------------------------------------------------------------
def failed(runner, config, env=None):
    dummy, proc = runner.run(config, env=env, check=False)
    assert proc.returncode != 0, proc.stdout
    return proc.stderr


def test_unknown_option_is_named(harness, runner, demo_emu):
    stderr = failed(runner, runner.config(clusternames=["edge-*"]))
    assert harness.said(stderr, "unknown option(s) clusternames")
    assert ADMIN_KEY not in harness.without_wraps(stderr)


def test_unknown_project_is_named(harness, runner, demo_emu):
    stderr = failed(runner, runner.config(projects=["edge-nowhere"]))
    assert harness.said(stderr, "option projects: project 'edge-nowhere' not found")
    assert harness.said(stderr, "'edge-lab', 'edge-prod'")
    assert ADMIN_KEY not in harness.without_wraps(stderr)


def test_unknown_connection_project_is_named(harness, runner, demo_emu):
    stderr = failed(runner, runner.config(project_name="edge-nowhere"))
    assert harness.said(stderr, "option project_name: project 'edge-nowhere' not found")


@pytest.mark.parametrize("key", ["PALETTE-EMULATOR-WRONG-KEY-not-a-real-secret",
                                 "PALETTE-EMULATOR-REVOKED-KEY-not-a-real-secret"])
def test_bad_credentials_are_reported_without_the_secret(harness, runner, demo_emu, key):
    demo_emu.config(echo_secret_in_errors=True)   # the server repeats the key in its error, as real Palette has done
    try:
        stderr = failed(runner, runner.config(api_key=key))
    finally:
        demo_emu.config(echo_secret_in_errors=False)
    assert harness.said(stderr, "rejected the credentials")
    assert "api_key" in stderr
    assert key not in harness.without_wraps(stderr)


def test_bad_boolean_in_the_environment_is_named(harness, runner, demo_emu):
    stderr = failed(runner, runner.config(), env={"PALETTE_VALIDATE_CERTS": "maybe"})
    assert harness.said(stderr, "validate_certs") and harness.said(stderr, "PALETTE_VALIDATE_CERTS")


def test_username_and_password(harness, runner, demo_emu):
    """Login with the demo user's (fake) email and password instead of an API key."""
    config = {"plugin": "spectrocloud.palette.palette", "host": demo_emu.url, "username": "demo@example.com",
              "password": "emulator-demo-password", "org": "edge-demo", "pack_details": "none"}
    data, dummy = runner.run(config)
    assert hosts_of(harness, data) == ALL_LIVE
    config["password"] = "not-the-password-1234"
    stderr = failed(runner, config)
    assert harness.said(stderr, "rejected the credentials")
    assert "not-the-password-1234" not in harness.without_wraps(stderr)


def test_missing_credentials(harness, runner, demo_emu):
    stderr = failed(runner, {"plugin": "spectrocloud.palette.palette", "host": demo_emu.url})
    assert harness.said(stderr, "no credentials")


@pytest.mark.parametrize("options, text", [
    ({"pack_details": "everything"}, "pack_details"),
    ({"include_deleted": "perhaps"}, "include_deleted"),
    ({"profile_packs": "perhaps"}, "profile_packs"),
    ({"workers": 0}, "workers"),
    ({"cluster_names": [""]}, "cluster_names"),
])
def test_bad_option_values_are_named(harness, runner, demo_emu, options, text):
    stderr = failed(runner, runner.config(**options))
    assert harness.said(stderr, text)
    assert ADMIN_KEY not in harness.without_wraps(stderr)


# -- what a cluster runs vs. what its profile publishes -----------------------------------------------------
def api(demo_emu, method, path, body=None):
    """One call to the emulator's Palette API with the admin key, in project edge-prod (urllib only)."""
    import json
    import urllib.request
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(demo_emu.url + path, data=data, method=method, headers={
        "ApiKey": ADMIN_KEY, "ProjectUid": PROD, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        raw = answer.read()
    return json.loads(raw) if raw else None


def publish_new_metallb(demo_emu, uid="698e43979f639727243be3e8"):
    """Move metallb of core 1.1.0 (edge-prod) to 0.14.9 in place and publish: its clusters get a pending update."""
    profile = api(demo_emu, "GET", "/v1/clusterprofiles/" + uid)
    packs = []
    for pack in profile["spec"]["published"]["packs"]:
        entry = {"name": pack["name"], "uid": pack.get("packUid"), "tag": pack["tag"], "type": pack["type"],
                 "layer": pack["layer"], "registryUid": pack["registryUid"], "values": pack["values"],
                 "manifests": [{"name": m["name"], "uid": m["uid"]} for m in pack.get("manifests") or []]}
        if pack["name"] == "metallb":
            entry["tag"], entry["uid"] = "0.14.9", "65a1f0000000000000000602"
        packs.append(entry)
    api(demo_emu, "PUT", "/v1/clusterprofiles/" + uid, {
        "metadata": {"name": profile["metadata"]["name"], "uid": uid},
        "spec": {"version": profile["spec"]["version"],
                 "template": {"type": profile["spec"]["published"]["type"], "packs": packs}}})
    api(demo_emu, "PATCH", "/v1/clusterprofiles/%s/publish" % uid)


@pytest.mark.parametrize("pack_details", ["auto", "cluster"])
def test_clusters_with_a_pending_update_show_what_they_run(harness, runner, demo_emu, pack_details):
    publish_new_metallb(demo_emu)
    harness.clear_log(demo_emu)
    data, dummy = runner.run(runner.config(projects=["edge-prod"], pack_details=pack_details))
    result = harness.normalise(data)
    on_core_1_1 = ["edge-store-01", "edge-store-03", "edge-vmo"]
    assert result["groups"]["palette_update_pending"] == on_core_1_1
    for host in on_core_1_1:
        core = result["hosts"][host]["palette_profiles"][1]
        assert core["name"] == "core"
        assert [p["tag"] for p in core["packs"] if p["name"] == "metallb"] == ["0.14.8"]   # not the published 0.14.9
    reads = sorted(c[1] for c in harness.api_calls(demo_emu) if c[1].startswith("/v1/spectroclusters/"))
    expected = 3 if pack_details == "auto" else 4
    assert len(reads) == expected
