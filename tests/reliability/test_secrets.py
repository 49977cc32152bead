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
* playbooks/fleet_rollout.yml with the inventory, when that playbook is in the tree.

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


SECRETS = {"api key": SECRET_KEY, "password": SECRET_PASSWORD, "revoked key": SECRET_REVOKED}


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
        env = {"PALETTE_HOST": self.emu.url, "PALETTE_PROJECT": DEMO_PROJECT_NAME, "ANSIBLE_LOG_PATH": self.log_path}
        if auth == "key":
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
    config = ansible.write("out/fleet.palette.yml", "plugin: spectrocloud.palette.palette\nprojects: [edge-prod]\n"
                           "cache: true\ncache_plugin: ansible.builtin.jsonfile\ncache_connection: %s/inventory-cache\n"
                           "cache_timeout: 3600\n" % out)
    for auth in ("key", "password", "password"):
        result.record("inventory (%s) #%d" % (auth, len(result.outputs)), ansible.inventory(
            config, "--list", "-vvvv", env=result.env(auth)))
    result.record("inventory (revoked key, echoed)", ansible.inventory(
        config, "--list", "-vvvv", "--flush-cache", env=result.env("revoked")))

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
    assert "HTTP 401" in outputs["inventory (revoked key, echoed)"].stderr
    # module arguments were printed (-vvvv) and the no_log ones masked
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in faulted.stdout
    # the error paths happened on the server: the 500, the re-login, the echoed 401
    log = runs.emu.requests()
    assert any(r["method"] == "POST" and r["path"] == "/v1/auth/authenticate" for r in log)
    assert os.path.exists(os.path.join(runs.ansible.tmp, "out", "report-run", "profile-rollout.json"))
    assert os.path.exists(os.path.join(runs.ansible.tmp, "out", "inventory-cache"))
    if "fleet rollout (api key)" in outputs:  # the playbook ran to its end (it may fail: only its output matters here)
        assert "PLAY RECAP" in outputs["fleet rollout (api key)"].stdout, outputs["fleet rollout (api key)"].stderr[-2000:]


@pytest.mark.parametrize("what", sorted(SECRETS))
def test_secret_appears_nowhere(runs, what):
    forms = _forms(SECRETS[what])
    found = []
    for name, proc in runs.outputs.items():
        for stream, text in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            found.extend("%s %s: %r" % (name, stream, form) for form in forms if form in text)
    for path in _files(runs.ansible.tmp):  # the test's own inputs hold no secret: credentials go in the environment
        with open(path, "rb") as handle:
            data = handle.read().decode("utf-8", "replace")
        found.extend("%s: %r" % (os.path.relpath(path, runs.ansible.tmp), form) for form in forms if form in data)
    assert found == []


def test_no_token_appears_anywhere(runs):
    """The password runs logged in: none of the JWTs they got (or any JWT-shaped text) is in any output or file."""
    found = []
    for name, proc in runs.outputs.items():
        found.extend("%s: %s..." % (name, m.group(0)[:20]) for m in JWT_RE.finditer(proc.stdout + proc.stderr))
    for path in _files(runs.ansible.tmp):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", "replace")
        found.extend("%s: %s..." % (path, m.group(0)[:20]) for m in JWT_RE.finditer(text))
    assert found == []


def test_the_ansible_log_was_written_and_is_clean(runs):
    with open(runs.log_path, encoding="utf-8") as handle:
        log = handle.read()
    assert "palette_profile" in log and "HTTP 500" in log  # it recorded the runs, error paths included
    for secret in SECRETS.values():
        assert all(form not in log for form in _forms(secret))


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
