"""Bad input: every module, both roles and the inventory plugin refuse it with a message that names the option
(and what is wrong with the value), and nothing is written to Palette.

All module and role cases run in ONE ansible-playbook run (each task keeps going on failure and its result is
collected into a JSON file), so the suite stays fast on a loaded machine; the request log of that run must hold no
write. Inventory cases each run ``ansible-inventory`` on a bad configuration file.

Hostile strings (unicode, quotes, newlines, NUL, 100 kB, path traversal, query and fragment characters) in names
and uids must give the same clear "not found" error, and a uid must reach the server as one escaped path segment:
the emulator logs the *decoded* path, and an unescaped ``../`` would have been normalised away by the HTTP library
before it was sent. Hostile *values* are content: test_hostile_values_are_sent_exactly checks they arrive byte for
byte.

The expected messages below are written from the option names and values of each case, not copied from the code.
The table of cases in docs/reliability.md ("Bad input") is this list: ``python tests/reliability/test_bad_input.py``
prints it.
"""

import json
import os

import pytest
import yaml

from ansible_output import said  # pylint: disable=import-error
from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_NAME

CORE_11 = "698e43979f639727243be3e8"
BIG = "n" * 100 * 1024  # a 100 kB name
HOSTILE = "cœur \"quoted\" 'single' \\ back\nslash ✓ ../x"
TRAVERSAL = "../../v1/users/info"
QUERYISH = "a?uid=1&x=2#frag"
BUMP = [{"name": "virtual-machine-orchestrator", "tag": "4.7.1"}]
NO_PROJECT = "ffffffffffffffffffffffff"  # a project uid that does not exist
NGINX = {"name": "core", "version": "1.1.0"}  # the profile the values cases change (pack nginx)


class Case:
    """One bad input: ``target`` is a module name, or ``role:<name>`` with role variables as ``args``."""

    def __init__(self, ident, target, args, expect, injected, new=True):
        self.ident, self.target, self.args, self.expect, self.injected, self.new = ident, target, args, expect, injected, new


CASES = [
    # -- palette_profile_info --------------------------------------------------------------------------------------
    Case("info-unknown-option", "palette_profile_info", {"name": "core", "version": "1.1.0", "bogus_option": 1},
         ["Unsupported parameters", "bogus_option"], "unknown option `bogus_option`"),
    Case("info-bool", "palette_profile_info", {"name": "core", "version": "1.1.0", "manifest_content": "maybe"},
         ["manifest_content", "maybe", "not a valid boolean"], "`manifest_content: maybe` (wrong type)"),
    Case("info-choice", "palette_profile_info", {"filters": {"type": ["bogus"]}},
         ["type", "cluster, infra, add-on, system", "bogus"], "`filters.type: [bogus]` (not a choice)"),
    Case("info-scope", "palette_profile_info", {"filters": {"scope": "galaxy"}},
         ["scope", "galaxy"], "`filters.scope: galaxy` (not a choice)"),
    Case("info-unknown-suboption", "palette_profile_info", {"filters": {"bogus": 1}},
         ["filters.bogus"], "unknown sub-option `filters.bogus`"),
    Case("info-version-without-name", "palette_profile_info", {"uid": CORE_11, "version": "1.1.0"},
         ["version", "name"], "`version` without `name` (it needs it)"),
    Case("info-timeout-negative", "palette_profile_info", {"name": "core", "version": "1.1.0", "timeout": -5},
         ["timeout", "-5", "out of range"], "`timeout: -5` (out of range; was a traceback from urllib3)"),
    Case("info-timeout-zero", "palette_profile_info", {"name": "core", "version": "1.1.0", "timeout": 0},
         ["timeout", "0", "out of range"], "`timeout: 0` (out of range; was silently 30 s)"),
    Case("info-retries-negative", "palette_profile_info", {"name": "core", "version": "1.1.0", "retries": -1},
         ["retries", "-1", "out of range"], "`retries: -1` (out of range; was silently 0)"),
    Case("info-scheme", "palette_profile_info", {"name": "core", "host": "ftp://palette.example.com"},
         ["host", "ftp://palette.example.com", "scheme"], "`host: ftp://...` (not https)"),
    Case("info-credentials-in-url", "palette_profile_info", {"name": "core", "host": "https://me:pw@palette.example.com"},
         ["host", "credentials in the URL"], "`host` with `user:password@` in it"),
    Case("info-host-v1", "palette_profile_info", {"name": "core", "host": "https://palette.example.com/v1"},
         ["host", "without /v1", "https://api.spectrocloud.com"], "`host` ending in `/v1` (was a `/v1/v1/...` 404)"),
    Case("info-wrong-project-uid", "palette_profile_info", {"name": "core", "project_uid": NO_PROJECT},
         ["project_uid", "no project with uid", NO_PROJECT, "edge-prod"],
         "`project_uid` of no project (was the bare 403/404 of the first request in its scope)"),
    Case("info-manifest-content-filters", "palette_profile_info", {"filters": {}, "manifest_content": True},
         ["manifest_content", "only with uid or name", "filters"], "`manifest_content` with `filters` (documented: only "
         "with `uid` or `name`; was ignored)"),
    Case("info-empty-name", "palette_profile_info", {"name": ""}, ["name", "empty"], "`name: ''`"),
    Case("info-blank-filter-name", "palette_profile_info", {"filters": {"name": "  "}},
         ["filters.name", "empty"], "`filters.name` of spaces (was a search for it)"),
    Case("info-tag-without-key", "palette_profile_info", {"filters": {"tags": ["env:prod", ":prod"]}},
         ["filters.tags[1]", ":prod", "no key"], "a tag filter without a key (matched nothing, silently)"),
    Case("info-hostile-name", "palette_profile_info", {"name": HOSTILE},
         ["name", "no cluster profile named", "cœur"], "`name` with unicode, quotes, backslash, newline and `../`"),
    Case("info-100kb-name", "palette_profile_info", {"name": BIG},
         ["name", "no cluster profile named", "nnnnnnnn"], "`name` of 100 kB"),
    Case("info-traversal-uid", "palette_profile_info", {"uid": TRAVERSAL},
         ["uid", "no cluster profile with uid", TRAVERSAL], "`uid: ../../v1/users/info` (path traversal)"),
    Case("info-query-uid", "palette_profile_info", {"uid": QUERYISH},
         ["uid", "no cluster profile with uid", QUERYISH], "`uid` with `?`, `&` and `#`"),
    # -- palette_profile -------------------------------------------------------------------------------------------
    Case("profile-packs-string", "palette_profile", {"name": "core", "version": "1.1.0", "packs": "nginx"},
         ["packs", "list"], "`packs: nginx` (a string, not a list of dicts; ansible-core's message did not name it)"),
    Case("profile-blank-name", "palette_profile", {"name": "  ", "packs": [{"name": "nginx", "tag": "1.12.0"}]},
         ["name", "empty"], "`name` of spaces"),
    Case("profile-values-duplicate-key", "palette_profile",
         dict(NGINX, packs=[{"name": "nginx", "values": "charts:\n  ingress-nginx:\n    replicas: 1\n    replicas: 2\n"}]),
         ["packs[0].values", "'replicas' twice", "lines 3 and 4"], "a values document with a repeated key (one was "
         "dropped silently)"),
    Case("profile-values-list", "palette_profile", dict(NGINX, packs=[{"name": "nginx", "values": "- a\n- b\n"}]),
         ["packs[0].values", "YAML list", "not a mapping"], "a values document that is a list"),
    Case("profile-values-scalar", "palette_profile", dict(NGINX, packs=[{"name": "nginx", "values": "replicaCount 2"}]),
         ["packs[0].values", "YAML string", "not a mapping"], "a values document that is one string (a missing `:`)"),
    Case("profile-values-data-list", "palette_profile", dict(NGINX, packs=[{"name": "nginx", "values": ["a", "b"]}]),
         ["packs[0].values", "YAML list", "not a mapping"], "`values` given as a YAML list instead of a mapping"),
    Case("profile-values-merge-list", "palette_profile", dict(NGINX, packs=[{"name": "nginx", "values_merge": ["a"]}]),
         ["values_merge", "mapping"], "`values_merge` given as a list"),
    Case("profile-new-version-same", "palette_profile",
         dict(NGINX, new_version="1.1.0", packs=[{"name": "nginx", "tag": "1.12.0"}]),
         ["new_version", "1.1.0", "it would be cloned from"], "`new_version` equal to `version` (it wrote to that one)"),
    Case("profile-new-version-same-uid", "palette_profile",
         {"uid": CORE_11, "new_version": "1.1.0", "packs": [{"name": "nginx", "tag": "1.12.0"}]},
         ["new_version", "profile core 1.1.0", "it would be cloned from"], "`new_version` equal to the version of `uid`"),
    Case("profile-pack-without-name", "palette_profile", {"name": "core", "version": "1.1.0", "packs": [{"tag": "1.12.0"}]},
         ["name", "packs", "missing"], "a pack without `name` (required)"),
    Case("profile-values-merge-string", "palette_profile",
         {"name": "core", "version": "1.1.0", "packs": [{"name": "nginx", "values_merge": "a: [1"}]},
         ["values_merge", "mapping"], "`values_merge` as malformed YAML text, not a mapping"),
    Case("profile-pack-unknown-key", "palette_profile",
         {"name": "core", "version": "1.1.0", "packs": [{"name": "nginx", "tags": "1.12.0"}]},
         ["packs.tags"], "unknown pack key `tags` (typo of `tag`)"),
    Case("profile-hostile-pack", "palette_profile", {"name": "core", "version": "1.1.0", "packs": [{"name": HOSTILE, "tag": "1"}]},
         ["packs[0].name", "cœur", "not in profile core 1.1.0"], "pack name with unicode, quotes, newline"),
    Case("profile-hostile-tag", "palette_profile",
         {"name": "core", "version": "1.1.0", "packs": [{"name": "nginx", "tag": "1.12.0'; DROP TABLE packs; --"}]},
         ["packs[0].tag", "nginx", "DROP TABLE"], "pack tag that does not exist, with quotes"),
    Case("profile-hostile-new-version", "palette_profile",
         {"name": "core", "version": "1.1.0", "new_version": "1.2.0\n../x", "packs": [{"name": "nginx", "tag": "1.12.0"}]},
         ["new_version", "semantic version"], "`new_version` with a newline and `../`"),
    Case("profile-unknown-uid", "palette_profile", {"uid": "ffffffffffffffffffffffff", "packs": [{"name": "nginx", "tag": "1.12.0"}]},
         ["uid", "ffffffffffffffffffffffff"], "a uid that does not exist", new=False),
    # -- palette_profile_publish -----------------------------------------------------------------------------------
    Case("publish-version-without-name", "palette_profile_publish", {"uid": CORE_11, "version": "1.1.0"},
         ["version", "name"], "`version` without `name`"),
    Case("publish-unicode-name", "palette_profile_publish", {"name": "cœur-ü€", "version": "1.1.0"},
         ["name", "cœur-ü€"], "a unicode profile name that does not exist"),
    Case("publish-empty-name", "palette_profile_publish", {"name": ""}, ["name", "empty"], "`name: ''`"),
    # -- palette_cluster_info --------------------------------------------------------------------------------------
    Case("cluster-info-unknown-suboption", "palette_cluster_info", {"filters": {"state": ["Running"], "bogus": 1}},
         ["filters.bogus"], "unknown sub-option `filters.bogus`"),
    Case("cluster-info-nul-name", "palette_cluster_info", {"name": "edge-vmo\u0000"},
         ["name", "no cluster named", "edge-vmo"], "a name with a NUL character"),
    Case("cluster-info-traversal-uids", "palette_cluster_info", {"uids": [TRAVERSAL]},
         ["uids", TRAVERSAL], "`uids: [../../v1/users/info]`"),
    Case("cluster-info-nothing", "palette_cluster_info", {},
         ["one of the following is required", "uid", "filters"], "no selector at all (missing required)"),
    Case("cluster-info-filters-string", "palette_cluster_info", {"filters": "core"},
         ["filters", "mapping"], "`filters: core` (a string, not a mapping)"),
    Case("cluster-info-virtual", "palette_cluster_info", {"name": "vc-analytics"},
         ["name", "vc-analytics is a virtual cluster", "host clusters only"],
         "the name of a virtual cluster (was \"no cluster named\")"),
    Case("cluster-info-blank-name", "palette_cluster_info", {"name": " "}, ["name", "empty"], "`name` of one space"),
    Case("cluster-info-blank-state", "palette_cluster_info", {"filters": {"state": ["Running", ""]}},
         ["filters.state[1]", "empty"], "an empty state filter"),
    Case("cluster-info-tag-without-key", "palette_cluster_info", {"filters": {"tags": [":prod"]}},
         ["filters.tags[0]", "no key"], "a tag filter without a key (matched nothing, silently)"),
    Case("cluster-info-tag-mapping", "palette_cluster_info", {"filters": {"tags": [{"env": "prod"}]}},
         ["filters.tags[0]", "expected a string", "mapping"],
         "`filters.tags: [{env: prod}]` (a mapping; ansible-core searched for its Python text)"),
    # -- palette_cluster_profile -----------------------------------------------------------------------------------
    Case("apply-wait-timeout-negative", "palette_cluster_profile",
         {"cluster_names": ["edge-vmo"], "profile_name": "core", "version": "1.1.0", "wait": True, "wait_timeout": -1},
         ["wait_timeout", "-1", "out of range"], "`wait_timeout: -1`"),
    Case("apply-wait-timeout-huge", "palette_cluster_profile",
         {"cluster_names": ["edge-vmo"], "profile_name": "core", "version": "1.1.0", "wait": True, "wait_timeout": 86401},
         ["wait_timeout", "86401", "out of range"], "`wait_timeout: 86401` (over a day)"),
    Case("apply-wait-sleep-zero", "palette_cluster_profile",
         {"cluster_names": ["edge-vmo"], "profile_name": "core", "version": "1.1.0", "wait": True, "wait_sleep": 0},
         ["wait_sleep", "0", "out of range"], "`wait_sleep: 0`"),
    Case("apply-hostile-cluster", "palette_cluster_profile",
         {"cluster_names": ["edge-vmo' OR '1'='1"], "profile_name": "core", "version": "1.1.0"},
         ["cluster_names", "edge-vmo' OR '1'='1"], "cluster name with quotes (injection-shaped)"),
    Case("apply-uid-and-version", "palette_cluster_profile",
         {"cluster_names": ["edge-vmo"], "profile_uid": CORE_11, "version": "1.1.0"},
         ["mutually exclusive", "version", "profile_uid"], "`profile_uid` and `version` together"),
    Case("apply-host-v1", "palette_cluster_profile",
         {"cluster_names": ["edge-vmo"], "profile_name": "core", "host": "https://palette.example.com/v1/"},
         ["host", "without /v1"], "`host` ending in `/v1/`"),
    Case("apply-wrong-project-uid", "palette_cluster_profile",
         {"cluster_names": ["edge-vmo"], "profile_name": "core", "project_uid": NO_PROJECT},
         ["project_uid", "no project with uid", NO_PROJECT], "`project_uid` of no project"),
    Case("apply-virtual", "palette_cluster_profile", {"cluster_names": ["vc-analytics"], "profile_name": "core"},
         ["cluster_names", "vc-analytics is a virtual cluster"], "the name of a virtual cluster"),
    Case("apply-empty-cluster-name", "palette_cluster_profile",
         {"cluster_names": ["edge-vmo", ""], "profile_name": "core"}, ["cluster_names[1]", "empty"],
         "an empty name in `cluster_names`"),
    Case("apply-empty-profile-name", "palette_cluster_profile", {"cluster_names": ["edge-vmo"], "profile_name": ""},
         ["profile_name", "empty"], "`profile_name: ''`"),
    Case("apply-previous-uid-alone", "palette_cluster_profile",
         {"cluster_names": ["edge-vmo"], "profile_name": "core", "previous_uid": CORE_11},
         ["previous_uid", "previous_packs"], "`previous_uid` without the `previous_packs` it describes (was ignored)"),
    Case("apply-unknown-uid", "palette_cluster_profile",
         {"cluster_uids": ["ffffffffffffffffffffffff"], "profile_name": "core", "version": "1.1.0"},
         ["cluster_uids", "ffffffffffffffffffffffff"], "a cluster uid that does not exist"),
    # -- role profile_rollout --------------------------------------------------------------------------------------
    Case("rollout-wait-timeout-zero", "role:profile_rollout",
         {"profile_rollout_profiles": [{"uid": CORE_11, "packs": BUMP}], "profile_rollout_wait_timeout": 0},
         ["profile_rollout_wait_timeout", "0", "out of range"],
         "`profile_rollout_wait_timeout: 0` (was checked only after the profile was written and published)"),
    Case("rollout-wait-sleep-huge", "role:profile_rollout",
         {"profile_rollout_profiles": [{"uid": CORE_11, "packs": BUMP}], "profile_rollout_wait_sleep": 700},
         ["profile_rollout_wait_sleep", "700", "out of range"], "`profile_rollout_wait_sleep: 700` (idem)"),
    Case("rollout-progress-interval-negative", "role:profile_rollout",
         {"profile_rollout_profiles": [{"uid": CORE_11, "packs": BUMP}], "profile_rollout_wait_progress_interval": -1},
         ["profile_rollout_wait_progress_interval", "-1", "out of range"], "`profile_rollout_wait_progress_interval: -1` (idem)"),
    Case("rollout-unknown-key", "role:profile_rollout", {"profile_rollout_profiles": [{"uid": CORE_11, "packz": BUMP}]},
         ["profile_rollout_profiles", "packz"], "unknown key `packz` in a profile entry"),
    Case("rollout-bool", "role:profile_rollout",
         {"profile_rollout_profiles": [{"uid": CORE_11, "packs": BUMP}], "profile_rollout_apply": "maybe"},
         ["profile_rollout_apply", "maybe"], "`profile_rollout_apply: maybe` (wrong type)"),
    Case("rollout-strategy", "role:profile_rollout",
         {"profile_rollout_profiles": [{"uid": CORE_11, "strategy": "clone", "packs": BUMP}]},
         ["strategy", "clone", "in_place, new_version"], "per-profile `strategy: clone` (not a choice)"),
    Case("rollout-timeout-connection", "role:profile_rollout",
         {"profile_rollout_profiles": [{"uid": CORE_11, "packs": BUMP}], "palette_timeout": -1},
         ["timeout", "-1", "out of range"], "`palette_timeout: -1` passed to the modules"),
    # -- role fleet_status -----------------------------------------------------------------------------------------
    Case("fleet-status-filters", "role:fleet_status", {"fleet_status_filters": {"colour": "red"}},
         ["fleet_status_filters", "colour"], "unknown filter `colour`"),
]

# Inventory configurations (YAML text; {url} and {key} are filled in) and what the error must say.
INVENTORY_CASES = [
    ("inventory-unknown-option", "plugin: spectrocloud.palette.palette\nhost: {url}\napi_key: {key}\nprojets: [edge-prod]\n",
     ["projets", "unknown option"], "unknown option `projets` (typo of `projects`)"),
    ("inventory-bool", "plugin: spectrocloud.palette.palette\nhost: {url}\napi_key: {key}\ninclude_deleted: maybe\n",
     ["include_deleted", "maybe", "true or false"], "`include_deleted: maybe`"),
    ("inventory-workers", "plugin: spectrocloud.palette.palette\nhost: {url}\napi_key: {key}\nworkers: 0\n",
     ["workers", "1 or more"], "`workers: 0` (out of range)"),
    ("inventory-choice", "plugin: spectrocloud.palette.palette\nhost: {url}\napi_key: {key}\npack_details: everything\n",
     ["pack_details", "everything", "auto, cluster, none"], "`pack_details: everything` (not a choice)"),
    ("inventory-tags-type", "plugin: spectrocloud.palette.palette\nhost: {url}\napi_key: {key}\ntags: [{{env: prod}}]\n",
     ["tags", "non-empty strings"], "`tags: [{env: prod}]` (a mapping, not `key:value`)"),
    ("inventory-unknown-project", "plugin: spectrocloud.palette.palette\nhost: {url}\napi_key: {key}\n"
     "projects: [\"edge-prod\\n'\\\"ü\"]\n",
     ["projects", "not found", "edge-prod"], "a project name with a newline, quotes and unicode that does not exist"),
    ("inventory-malformed-yaml", "plugin: spectrocloud.palette.palette\nhost: {url}\napi_key: {key}\nprojects: [edge-prod\n",
     ["bad.palette.yml", "YAML"], "malformed YAML (unclosed `[`)"),
    ("inventory-timeout", "plugin: spectrocloud.palette.palette\nhost: {url}\napi_key: {key}\ntimeout: -3\n",
     ["timeout", "-3", "out of range"], "`timeout: -3`"),
    ("inventory-host-v1", "plugin: spectrocloud.palette.palette\nhost: {url}/v1\napi_key: {key}\n",
     ["host", "without /v1"], "`host` ending in `/v1`"),
]


def _task(index, case):
    """The playbook task(s) of one case; each leaves ``case_<index>`` = {failed, msg}."""
    name = "case %d %s" % (index, case.ident)
    if case.target.startswith("role:"):
        role = case.target.split(":", 1)[1]
        return {"name": name, "block": [
            {"name": name + " run", "ansible.builtin.include_role": {"name": "spectrocloud.palette." + role}, "vars": case.args},
            {"name": name + " passed", "ansible.builtin.set_fact": {"case_%d" % index: {"failed": False, "msg": ""}}},
        ], "rescue": [
            {"name": name + " failed", "ansible.builtin.set_fact": {
                # a loop's own message is "One or more items failed"; the items' messages (shown too) say what
                "case_%d" % index: {"failed": True, "msg": "{{ ansible_failed_result.msg }} {{ ansible_failed_result.results"
                                    " | default([]) | map(attribute='msg', default='') | join(' ') }}"}}},
        ]}
    task = {"name": name, "spectrocloud.palette." + case.target: case.args, "register": "case_%d" % index,
            "ignore_errors": True}
    if "project_uid" in case.args:
        # the play's module_defaults give project_name, which project_uid excludes: leave it out for this task
        task["vars"] = {"bad_input_project_name": "{{ omit }}"}
    return task


def _playbook(emu, results_path):
    tasks = [_task(i, case) for i, case in enumerate(CASES)]
    collected = ", ".join("'%s': {'failed': case_%d.failed | default(false), 'msg': case_%d.msg | default('')}"
                          % (case.ident, i, i) for i, case in enumerate(CASES))
    tasks.append({"name": "Collect the results", "ansible.builtin.copy": {
        "dest": results_path, "content": "{{ {%s} | to_json }}" % collected, "mode": "0600"}})
    play = {"name": "Bad input", "hosts": "localhost", "gather_facts": False,
            "module_defaults": {"group/spectrocloud.palette.palette": {
                "host": emu.url, "api_key": DEMO_API_KEY,
                "project_name": "{{ bad_input_project_name | default(%r) }}" % DEMO_PROJECT_NAME}},
            "vars": {"profile_rollout_wait_sleep": 1},
            "tasks": tasks}
    return yaml.safe_dump([play], sort_keys=False, allow_unicode=True, width=1 << 20)


@pytest.fixture(scope="module")
def bad_run(emulator, collections_path, tmp_path_factory):
    """One playbook run of every module and role case against a freshly reset emulator."""
    from conftest import AnsibleRunner  # pylint: disable=import-error,import-outside-toplevel
    emulator.reset()
    runner = AnsibleRunner(collections_path, tmp_path_factory.mktemp("bad-input"))
    results_path = os.path.join(runner.tmp, "results.json")
    # pipelining: one process per task instead of copying each module to a temp dir first (faster, same code path)
    proc = runner.playbook(_playbook(emulator, results_path), env={"ANSIBLE_PIPELINING": "1"}, timeout=600)
    assert os.path.exists(results_path), proc.stdout[-4000:] + proc.stderr[-4000:]
    with open(results_path, encoding="utf-8") as handle:
        results = json.load(handle)
    return {"results": results, "log": emulator.requests(), "proc": proc}


@pytest.mark.parametrize("case", CASES, ids=[c.ident for c in CASES])
def test_bad_input_is_refused_naming_the_option(bad_run, case):
    result = bad_run["results"][case.ident]
    assert result["failed"], "%s was accepted" % case.ident
    message = result["msg"]
    for expected in case.expect:
        assert expected in message, "%s: %r not in %r" % (case.ident, expected, message[:2000])
    assert "Traceback" not in message and "Module failed" not in message, message[:2000]


def test_bad_input_wrote_nothing(bad_run):
    written = [(r["method"], r["path"], r["status"]) for r in bad_run["log"] if r["write"]]
    assert written == []
    assert not said(bad_run["proc"].stderr, "ERROR! Unexpected Exception")


def test_hostile_uids_reach_the_server_as_one_escaped_segment(bad_run):
    paths = [r["path"] for r in bad_run["log"]]
    # an unescaped "../../v1/users/info" would have been normalised to /v1/users/info by the HTTP library
    assert "/v1/users/info" not in paths
    assert "/v1/clusterprofiles/" + TRAVERSAL in paths
    assert "/v1/spectroclusters/" + TRAVERSAL in paths
    # "?", "&" and "#" stayed in the path segment: no query parameter "uid" and no fragment went anywhere
    queried = [r for r in bad_run["log"] if r["path"] == "/v1/clusterprofiles/" + QUERYISH]
    assert queried and all(not r["query"] for r in queried)
    assert not any("uid" in (r["query"] or {}) for r in bad_run["log"])
    # the 100 kB name went nowhere near a path or a query string
    assert not any(BIG[:1000] in r["path"] or BIG[:1000] in json.dumps(r["query"]) for r in bad_run["log"])


@pytest.mark.parametrize("ident,config,expect,injected", INVENTORY_CASES, ids=[c[0] for c in INVENTORY_CASES])
def test_bad_inventory_config_is_refused(emulator, ansible, ident, config, expect, injected):
    del injected
    emulator.admin("DELETE", "/requests")
    path = ansible.write("bad.palette.yml", config.format(url=emulator.url, key=DEMO_API_KEY))
    proc = ansible.inventory(path, "--list", env={
        "ANSIBLE_INVENTORY_ENABLED": "spectrocloud.palette.palette",
        "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true"})
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    for expected in expect:
        assert said(output, expected), "%s: %r not in %s" % (ident, expected, output[-3000:])
    assert not said(output, "Traceback")
    assert [r for r in emulator.requests() if r["write"]] == []


def test_hostile_values_are_sent_exactly(emulator, ansible):
    """Values are content: unicode, quotes, backslashes, newlines and 100 kB arrive in the profile byte for byte (in
    its draft, or in its published content where Palette edits a published version in place: the emulator's default
    reading of REF section 12)."""
    emulator.reset()
    hostile_text = "ünïcødé ✓ \"double\" 'single' \\back\\slash $HOME {{ not_a_template }} %s"
    big = "v" * 100 * 1024
    values = ("# hostile values\ncharts:\n  ingress-nginx:\n    note: %s\n    big: %s\n    lines: |\n      one\n      two\n"
              % (json.dumps(hostile_text % "end", ensure_ascii=False), big))
    args = {"name": "core", "version": "1.1.0", "packs": [
        {"name": "nginx", "values": values},
        {"name": "metallb", "values_merge": {"hostile": {"text": hostile_text % "merged\nwith a newline"}}}]}
    play = [{"hosts": "localhost", "gather_facts": False, "tasks": [
        {"name": "Write hostile values", "spectrocloud.palette.palette_profile": dict(
            args, host=emulator.url, api_key=DEMO_API_KEY, project_name=DEMO_PROJECT_NAME)}]}]
    # the values are data: mark them unsafe so Ansible does not template "{{ not_a_template }}"
    text = yaml.safe_dump(play, sort_keys=False, allow_unicode=True, width=1 << 20)
    text = text.replace("values: ", "values: !unsafe ", 1).replace("text: ", "text: !unsafe ", 1)
    proc = ansible.playbook(text)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    profile = next(p for p in emulator.state()["profiles"] if p["uid"] == CORE_11)
    written = {p["name"]: p for p in (profile["draft"] or profile["published"])["packs"]}
    assert written["nginx"]["values"] == values
    merged = yaml.safe_load(written["metallb"]["values"])
    assert merged["hostile"]["text"] == hostile_text % "merged\nwith a newline"


def markdown_rows():
    """The rows of the "Bad input" table in docs/reliability.md: case, where, injected, did, checked."""
    rows = []
    for case in CASES:
        target = case.target.replace("role:", "role ")
        rows.append("| %s | %s | %s | failed before any write%s | message has %s; request log: no write |" % (
            case.ident, target, case.injected, "" if case.new else " (also covered in integration)",
            ", ".join("`%s`" % e.replace("\n", "\\n")[:40] for e in case.expect)))
    for ident, dummy, expect, injected in INVENTORY_CASES:
        rows.append("| %s | inventory | %s | no inventory, rc != 0 | output has %s; request log: no write |" % (
            ident, injected, ", ".join("`%s`" % e for e in expect)))
    return rows


if __name__ == "__main__":
    print("\n".join(markdown_rows()))
