"""Secrets: a distinctive API key and a distinctive user password never appear anywhere the collection's runs leave
text behind.

One emulator with a seed that adds those credentials (and a revoked key, also distinctive) to the demo seed, in
``echo_secret_in_errors`` mode (an API-key failure repeats the key in its message, as real Palette did). Then, all at
``-vvvv`` with ``ANSIBLE_LOG_PATH`` set, and faults injected so that error paths run:

* the update workflow (playbooks/update_profile.yml) with the API key, ``--check --diff``, report dir on;
* the same with the password, normal run with ``--diff``, a 500 on the second profile's PUT and every token
  expired once (a re-login), report dir on;
* the fleet report (playbooks/fleet_status.yml) with the revoked key (the server echoes it) and with the password;
* the inventory plugin with the jsonfile cache on, with the key and with the password (twice: fill, then hit);
* playbooks/fleet_rollout.yml with the inventory, when that playbook is in the tree;
* every module and the role given malformed arguments (a pack that is a string, ``packs: nginx``,
  ``filters: core``, unknown options and sub-options holding a secret, a secret of the wrong type), with the secret
  given directly, through ``module_defaults`` and from a vars file: one playbook per way, each case in a
  block/rescue that records the failure message (MALFORMED below).

Then every output, the Ansible log, and every file under the run's temp directory (reports, inventory cache,
rate-limit state, Ansible's temp dirs) is searched for each secret in raw, URL-encoded, base64 and JSON-escaped form,
and for any JWT the emulator issued. Files the collection writes must be mode 0600 (directories 0700).
"""

import base64
import json
import os
import re
import stat
import urllib.parse

import pytest

from ansible_output import said, without_wraps  # pylint: disable=import-error
from palette_emulator.testing import DEMO_PROJECT_NAME, EmulatorProcess, demo_seed

SECRET_KEY = "RELSEC-apikey-Zk8+q/w=Xy_7f3c9e1b5d2a"
SECRET_PASSWORD = "RELSEC-pässwörd \"q\" 'x' +/=&?#% 51c0"
SECRET_REVOKED = "RELSEC-revoked-key-4b1e+9d7/0a3c="
USER_UID = "6a0000000000000000000001"
USER_EMAIL = "relsec@example.com"
CORE_UID = "698e43979f639727243be3e8"
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+")


def _forms(secret):
    """Ways a secret could be written out: raw, URL-encoded, base64 (standard and URL-safe), JSON-escaped."""
    raw = secret.encode("utf-8")
    forms = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret),
             base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode(),
             json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    # base64 of the secret inside a longer text: check the stable middle of each of its three alignments
    for shift in range(3):
        chunk = base64.b64encode(b"\0" * shift + raw).decode()[4:-4]
        forms.add(chunk)
    return sorted(form for form in forms if len(form) >= 8)


# A numeric API key: ansible-core would turn it into a string (and send it) instead of refusing it.
SECRET_NUMBER = 80512394817263
SECRETS = {"api key": SECRET_KEY, "password": SECRET_PASSWORD, "revoked key": SECRET_REVOKED,
           "numeric key": str(SECRET_NUMBER)}


def _seed():
    seed = demo_seed()
    seed["users"].append({"uid": USER_UID, "email": USER_EMAIL, "password": SECRET_PASSWORD, "org": seed["tenant"]["name"],
                          "projects": "*"})
    seed["api_keys"].append({"name": "relsec", "key": SECRET_KEY, "user": USER_UID, "projects": "*"})
    seed["api_keys"].append({"name": "relsec-revoked", "key": SECRET_REVOKED, "user": USER_UID, "revoked": True})
    return seed


@pytest.fixture(scope="module")
def secret_emulator():
    with EmulatorProcess(seed=_seed(), strict=True, rate_limits=False,
                         extra_args=("--apply-seconds", "0", "--echo-secret-in-errors")) as emu:
        yield emu


# -- malformed arguments ------------------------------------------------------------------------------------------
# (case, module or role:<name>, arguments, (option holding the secret, its value), words of the expected message,
# run in every way or only with the secret given directly). The words come from the options and the shape of each
# case: the option's path, and "list" or "mapping" for what it should have been.
ROLLOUT = "role:profile_rollout"
APPLY_ARGS = {"cluster_names": ["edge-vmo"], "profile_name": "core"}
MALFORMED = [
    ("profile_pack_is_a_string", "palette_profile", {"name": "core", "packs": ["cert-manager"]},
     ("api_key", SECRET_KEY), ["packs[0]", "mapping"], True),
    ("profile_packs_is_a_string", "palette_profile", {"name": "core", "packs": "nginx"},
     ("password", SECRET_PASSWORD), ["packs", "list"], False),
    ("profile_packs_is_a_mapping", "palette_profile", {"name": "core", "packs": {"name": "nginx"}},
     ("palette_api_key", SECRET_KEY), ["packs", "list"], False),
    ("profile_unknown_pack_key", "palette_profile", {"name": "core"},
     ("packs", [{"name": "nginx", "passwordx": SECRET_PASSWORD}]), ["packs.passwordx"], False),
    ("info_filters_is_a_string", "palette_profile_info", {"filters": "core"},
     ("api_key", SECRET_KEY), ["filters", "mapping"], True),
    ("info_filters_is_a_list", "palette_profile_info", {"filters": ["core"]},
     ("password", SECRET_PASSWORD), ["filters", "mapping"], False),
    ("info_unknown_filter", "palette_profile_info", {}, ("filters", {"tokn": SECRET_KEY}), ["filters.tokn"], False),
    ("cluster_info_filters_is_a_string", "palette_cluster_info", {"filters": "core"},
     ("password", SECRET_PASSWORD), ["filters", "mapping"], True),
    ("cluster_info_filters_is_a_number", "palette_cluster_info", {"filters": 5},
     ("api_key", SECRET_KEY), ["filters", "mapping"], False),
    ("apply_previous_pack_is_a_string", "palette_cluster_profile", dict(APPLY_ARGS, previous_packs=["nginx"]),
     ("api_key", SECRET_KEY), ["previous_packs[0]", "mapping"], True),
    ("apply_unknown_option", "palette_cluster_profile", APPLY_ARGS, ("passwordx", SECRET_PASSWORD),
     ["Unsupported parameters", "passwordx"], False),
    ("apply_wrong_scalar_type", "palette_cluster_profile", dict(APPLY_ARGS, wait_timeout="soon"),
     ("api_key", SECRET_KEY), ["wait_timeout"], False),
    ("publish_unknown_option", "palette_profile_publish", {"name": "core"}, ("api_keyx", SECRET_KEY),
     ["Unsupported parameters", "api_keyx"], True),
    ("publish_key_is_a_mapping", "palette_profile_publish", {"name": "core"}, ("api_key", {"key": SECRET_KEY}),
     ["api_key", "expected a string"], True),
    ("publish_key_is_a_number", "palette_profile_publish", {"name": "core"}, ("api_key", SECRET_NUMBER),
     ["api_key", "expected a string"], False),
    ("info_password_is_a_list", "palette_profile_info", {"name": "core", "username": USER_EMAIL},
     ("password", [SECRET_PASSWORD]), ["password", "expected a string"], False),
    ("role_pack_is_a_string", ROLLOUT, {"profile_rollout_profiles": [{"name": "core", "packs": ["cert-manager"]}]},
     ("palette_api_key", SECRET_KEY), ["packs", "profile_rollout_profiles"], True),
    ("role_profiles_is_a_string", ROLLOUT, {"profile_rollout_profiles": "core"},
     ("palette_password", SECRET_PASSWORD), ["profile_rollout_profiles"], False),
    ("fleet_role_filters_is_a_string", "role:fleet_status", {"fleet_status_filters": "core"},
     ("palette_api_key", SECRET_KEY), ["fleet_status_filters"], True),
    ("role_key_is_a_mapping", ROLLOUT, {"profile_rollout_profiles": [{"name": "core", "packs": []}]},
     ("palette_api_key", {"key": SECRET_KEY}), ["api_key", "expected a string"], True),
]
WAYS = ("directly", "module_defaults", "vars file")
# the message of a failed task; a looped task (the role's reads) has one per item
FAILURE_MESSAGE = ("ansible_failed_result.msg | default('') ~ ' ' ~ (ansible_failed_result.results | default([])"
                   " | map(attribute='msg', default='') | join(' '))")


def _malformed_block(index, case, way, variables):
    """The block of one case: the call, then the result (failed or not, and the message) added to relsec_results."""
    ident, target, args, (option, value), dummy, dummy = case
    if way == "vars file":
        variables["relsec_case_%d" % index] = value
        value = "{{ relsec_case_%d }}" % index
    block = {"name": ident}
    if way == "module_defaults":
        # the role's palette_* variables are the modules' options without the prefix
        block["module_defaults"] = {"group/spectrocloud.palette.palette": {option.replace("palette_", ""): value}}
    else:
        args = dict(args, **{option: value})
    if target.startswith("role:"):
        call = {"name": ident, "ansible.builtin.include_role": {"name": "spectrocloud.palette." + target[5:]},
                "vars": args}
    else:
        call = {"name": ident, "spectrocloud.palette." + target: args}
    record = "{{ relsec_results | combine({'%s': {'failed': %s, 'msg': %s}}) }}"
    block["block"] = [call, {"ansible.builtin.set_fact": {"relsec_results": record % (ident, "false", "''")}}]
    block["rescue"] = [{"ansible.builtin.set_fact": {"relsec_results": record % (ident, "true", FAILURE_MESSAGE)}}]
    return block


def _malformed_playbook(inputs, way, results_path):
    """Write (outside the searched directory: they hold the secrets) the playbook of one way and its vars file."""
    variables = {}
    cases = [case for case in MALFORMED if case[5] or way == "directly"]
    blocks = [_malformed_block(index, case, way, variables) for index, case in enumerate(cases)]
    slug = way.replace(" ", "_")
    vars_path = os.path.join(inputs, "secrets-%s.yml" % slug)
    with open(vars_path, "w", encoding="utf-8") as handle:
        json.dump(variables, handle)
    write_results = {"ansible.builtin.copy": {"content": "{{ relsec_results | to_nice_json }}", "dest": results_path,
                                              "mode": "0600"}}
    play = {"hosts": "localhost", "gather_facts": False, "vars": {"relsec_results": {}}, "vars_files": [vars_path],
            "tasks": blocks + [write_results]}
    path = os.path.join(inputs, "malformed-%s.yml" % slug)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump([play], handle, indent=1)
    return path, [case[0] for case in cases]


def _staged(collections_path, *parts):
    return os.path.join(collections_path, "ansible_collections", "spectrocloud", "palette", *parts)


class Runs:
    """Every run's output, and the places the runs wrote to."""

    def __init__(self, ansible, emu):
        self.ansible, self.emu = ansible, emu
        self.outputs = {}
        self.log_path = os.path.join(ansible.tmp, "out", "ansible.log")
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)

    def env(self, auth, **extra):
        """The environment of a run; ``auth`` None gives no credential (the playbook gives it)."""
        env = {"PALETTE_HOST": self.emu.url, "PALETTE_PROJECT": DEMO_PROJECT_NAME, "ANSIBLE_LOG_PATH": self.log_path}
        if auth is None:
            pass
        elif auth == "key":
            env["PALETTE_API_KEY"] = SECRET_KEY
        elif auth == "revoked":
            env["PALETTE_API_KEY"] = SECRET_REVOKED
        else:
            env.update({"PALETTE_USERNAME": USER_EMAIL, "PALETTE_PASSWORD": SECRET_PASSWORD})
        env.update(extra)
        return env

    def record(self, name, proc):
        self.outputs[name] = proc
        return proc


@pytest.fixture(scope="module")
def runs(secret_emulator, collections_path, tmp_path_factory):
    from conftest import AnsibleRunner  # pylint: disable=import-error,import-outside-toplevel
    emu = secret_emulator
    ansible = AnsibleRunner(collections_path, tmp_path_factory.mktemp("secrets"))
    result = Runs(ansible, emu)
    out = os.path.join(ansible.tmp, "out")
    update = (_staged(collections_path, "playbooks", "update_profile.yml"),
              "-e", "@" + _staged(collections_path, "playbooks", "vars", "demo_update.yml"))

    # 0. malformed arguments, the secrets in the playbooks and vars files (kept out of the searched directory)
    emu.reset()
    inputs = str(tmp_path_factory.mktemp("secret-inputs"))
    result.malformed = {}
    for way in WAYS:
        results_path = os.path.join(out, "malformed-%s.json" % way.replace(" ", "_"))
        playbook, idents = _malformed_playbook(inputs, way, results_path)
        proc = result.record("malformed arguments (%s)" % way, ansible.playbook(
            playbook, "-vvvv", env=result.env(None, ANSIBLE_INJECT_INVOCATION="1")))  # 2.21 shows invocation only then
        result.malformed[way] = (proc, results_path, idents)
    result.malformed_requests = emu.requests()

    # 1. the workflow previewed with the key: --check --diff, report dir on
    emu.reset()
    result.record("workflow check (api key)", ansible.playbook(
        *update, "--check", "--diff", "-vvvv", "-e", "profile_rollout_report_dir=%s/report-check" % out,
        env=result.env("key")))

    # 2. the workflow for real with the password: a 500 on core's PUT after infra was written, tokens expired once
    emu.reset()
    emu.fault(kind="expire_tokens", path="/v1/clusterprofiles/", count=1)
    emu.fault(kind="status", status=500, method="PUT", path="/v1/clusterprofiles/%s$" % CORE_UID, count=1)
    result.record("workflow with faults (password)", ansible.playbook(
        *update, "--diff", "-vvvv", "-e", "profile_rollout_report_dir=%s/report-run" % out, env=result.env("password")))

    # 3. the fleet report with the revoked key (the server echoes it in its 401) and with the password
    fleet = _staged(collections_path, "playbooks", "fleet_status.yml")
    result.record("fleet status (revoked key, echoed)", ansible.playbook(
        fleet, "-vvvv", "-e", "fleet_status_report_dir=%s/fleet-revoked" % out, env=result.env("revoked")))
    emu.fault(kind="status", status=503, path="/v1/dashboard/spectroclusters/search", count=1)
    result.record("fleet status (password)", ansible.playbook(
        fleet, "-vvvv", "--diff", "-e", "fleet_status_report_dir=%s/fleet-run" % out, env=result.env("password")))

    # 4. the inventory with the jsonfile cache, with the key and with the password (fill, then hit)
    config_text = ("plugin: spectrocloud.palette.palette\nprojects: [edge-prod]\n"
                   "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s/inventory-cache\n"
                   "cache_timeout: 3600\n" % out)
    config = ansible.write("out/fleet.palette.yml", config_text)
    for auth in ("key", "password", "password"):
        result.record("inventory (%s) #%d" % (auth, len(result.outputs)), ansible.inventory(
            config, "--list", "-vvvv", env=result.env(auth)))
    # the revoked key must reach the server past the filled cache: ansible-inventory has no --flush-cache before
    # ansible-core 2.17, so the same configuration gets a cache directory of its own (searched like the first one)
    revoked_config = ansible.write("out/fleet-revoked.palette.yml", config_text.replace(
        "/inventory-cache\n", "/inventory-cache-revoked\n"))
    result.record("inventory (revoked key, echoed)", ansible.inventory(
        revoked_config, "--list", "-vvvv", env=result.env("revoked")))

    # 5. the fleet rollout over the inventory, when the playbook exists
    rollout = _staged(collections_path, "playbooks", "fleet_rollout.yml")
    if os.path.exists(rollout):
        result.record("fleet rollout (api key)", ansible.run(
            ["ansible-playbook", "-i", config, rollout, "--diff", "-vvvv", "-e", "fleet_rollout_profile_name=core",
             "-e", "fleet_rollout_wait_sleep=1", "-e", "fleet_rollout_report_file=%s/fleet-rollout.json" % out],
            env=result.env("key")))
    return result


def _files(root):
    for directory, dummy, names in os.walk(root):
        for name in names:
            yield os.path.join(directory, name)


def test_the_runs_ran(runs):
    """The runs did what they are here for, so the search below looks at real output of real error paths."""
    outputs = runs.outputs
    assert outputs["workflow check (api key)"].returncode == 0, outputs["workflow check (api key)"].stdout[-3000:]
    faulted = outputs["workflow with faults (password)"]
    assert faulted.returncode != 0 and "HTTP 500" in faulted.stdout, faulted.stdout[-3000:]
    assert "HTTP 401" in outputs["fleet status (revoked key, echoed)"].stdout
    assert outputs["fleet status (password)"].returncode == 0
    inventories = [p for name, p in outputs.items() if name.startswith("inventory (key") or name.startswith("inventory (pass")]
    assert all(p.returncode == 0 for p in inventories), [p.stderr[-2000:] for p in inventories]
    assert said(outputs["inventory (revoked key, echoed)"].stderr, "HTTP 401")
    # module arguments were printed (-vvvv) and the no_log ones masked
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in faulted.stdout
    # the error paths happened on the server: the 500, the re-login, the echoed 401
    log = runs.emu.requests()
    assert any(r["method"] == "POST" and r["path"] == "/v1/auth/authenticate" for r in log)
    assert os.path.exists(os.path.join(runs.ansible.tmp, "out", "report-run", "profile-rollout.json"))
    assert os.path.exists(os.path.join(runs.ansible.tmp, "out", "inventory-cache"))
    if "fleet rollout (api key)" in outputs:  # the playbook ran to its end (it may fail: only its output matters here)
        assert "PLAY RECAP" in outputs["fleet rollout (api key)"].stdout, outputs["fleet rollout (api key)"].stderr[-2000:]


@pytest.mark.parametrize("way", WAYS)
def test_malformed_arguments_failed_with_the_expected_message(runs, way):
    """Every case ran and failed naming the option, before any request; the search below covers their output."""
    proc, results_path, idents = runs.malformed[way]
    assert os.path.exists(results_path), proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(results_path, encoding="utf-8") as handle:
        results = json.load(handle)
    assert sorted(results) == sorted(idents)
    words = dict((case[0], case[4]) for case in MALFORMED)
    for ident, outcome in results.items():
        assert outcome["failed"], "%s was accepted" % ident
        missing = [word for word in words[ident] if word not in outcome["msg"]]
        assert missing == [], "%s: %r not in %r" % (ident, missing, outcome["msg"])
    assert runs.malformed_requests == []
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in proc.stdout  # the invocations were printed, masked


@pytest.mark.parametrize("what", sorted(SECRETS))
def test_secret_appears_nowhere(runs, what):
    forms = _forms(SECRETS[what])
    found = []
    for name, proc in runs.outputs.items():
        for stream, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            found.extend("%s %s: %r" % (name, stream, form) for form in forms if said(text, form))
    for path in _files(runs.ansible.tmp):  # the test's own inputs hold no secret: credentials go in the environment
        with open(path, "rb") as handle:
            data = handle.read().decode("utf-8", "replace")
        found.extend("%s: %r" % (os.path.relpath(path, runs.ansible.tmp), form) for form in forms if said(data, form))
    assert found == []


def _jwts(text):
    """The JWT-shaped texts in ``text``, also one that ansible-core (before 2.19) cut by wrapping a message."""
    return list(JWT_RE.finditer(text)) + list(JWT_RE.finditer(without_wraps(text)))


def test_no_token_appears_anywhere(runs):
    """The password runs logged in: none of the JWTs they got (or any JWT-shaped text) is in any output or file."""
    found = []
    for name, proc in runs.outputs.items():
        found.extend("%s: %s..." % (name, m.group(0)[:20]) for m in _jwts(proc.stdout + proc.stderr))
    for path in _files(runs.ansible.tmp):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
        found.extend("%s: %s..." % (path, m.group(0)[:20]) for m in _jwts(text))
    assert found == []


def test_the_ansible_log_was_written_and_is_clean(runs):
    with open(runs.log_path, encoding="utf-8") as handle:
        log = handle.read()
    assert "palette_profile" in log and "HTTP 500" in log  # it recorded the runs, error paths included
    for secret in SECRETS.values():
        assert not [form for form in _forms(secret) if said(log, form)]


def test_files_the_collection_writes_are_private(runs):
    out = os.path.join(runs.ansible.tmp, "out")
    checked = []
    for sub in ("report-run", "fleet-revoked", "fleet-run"):
        directory = os.path.join(out, sub)
        if not os.path.isdir(directory):
            continue
        assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700, directory
        for path in _files(directory):
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
            checked.append(path)
    ratelimit = os.path.join(runs.ansible.tmp, "ratelimit")
    assert stat.S_IMODE(os.stat(ratelimit).st_mode) == 0o700
    for path in _files(ratelimit):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
        checked.append(path)
    assert len(checked) >= 4
    # check mode wrote no report at all
    assert not os.path.exists(os.path.join(out, "report-check"))
