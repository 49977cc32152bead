# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/fleet_rollout.yml over a fleet of 60 clusters, through the inventory plugin, against a real emulator.

The seed is the demo seed plus a profile ``fleet-core`` 1.0.0 whose published packs are newer than what 60 clusters
(``store-001`` .. ``store-060``, one of them tagged ``canary``) are attached to and run, so each has the update
pending. The demo's own clusters run other profiles (one with its own pending update) and must never be written to.
Expectations come from the seed and from the playbook's documented rules (canaries first, then by name; waves
``[1, "10%", "100%"]``), checked against the emulator's state and request log.

As in real Palette (docs/dev/apply-lifecycle.md), a cluster's attached content (``templates``, the emulator's
``spec.clusterProfileTemplates``) changes when its PATCH is accepted; what it runs is ``installed`` and the agent's
``status.packs[]`` (``pack_status``: Ready, or Error, after the install time); the cluster stays ``Running``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os
import re
import subprocess
import sys

import pytest

from ansible_output import said, unwrapped_lines  # pylint: disable=import-error

testing = pytest.importorskip("palette_emulator.testing")

PLAYBOOK = "playbooks/fleet_rollout.yml"
INVENTORY = "playbooks/inventory/emulator.palette.yml"   # the shipped example, address and key from the environment
FLEET_SIZE = 60
PROFILE_UID = "6a0f1ee70000000000000c01"
CANARY = "store-037"
RUNNING = {"metallb": "0.14.8", "cert-manager": "1.15.3"}       # what the clusters run
PUBLISHED = {"metallb": "0.14.9", "cert-manager": "1.16.1"}     # what fleet-core 1.0.0 publishes
PATCH_SUFFIX = "/profiles"


def describe(proc):
    """The tail of a run's output, for assertion messages."""
    return "rc %s\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout[-6000:], proc.stderr[-3000:])


def cluster_uid(n):
    return "6a0f1ee7%016x" % (0xc100 + n)


def fleet_seed():
    seed = copy.deepcopy(testing.demo_seed())
    project = testing.DEMO_PROJECT_UID
    seed["profiles"].append({
        "uid": PROFILE_UID, "name": "fleet-core", "version": "1.0.0", "project": project, "type": "add-on",
        "packs": [{"name": name, "tag": tag} for name, tag in sorted(PUBLISHED.items())],
    })
    for n in range(1, FLEET_SIZE + 1):
        name = "store-%03d" % n
        labels = {"site": name, "env": "prod"}
        if name == CANARY:
            labels["canary"] = "spectro__tag"     # Palette's bare tag "canary"
        seed["clusters"].append({
            "uid": cluster_uid(n), "name": name, "project": project, "labels": labels,
            "profiles": [{"uid": PROFILE_UID}], "running": {PROFILE_UID: dict(RUNNING)},
        })
    return seed


SEED = fleet_seed()
FLEET = dict((c["uid"], c["name"]) for c in SEED["clusters"] if c["uid"].startswith("6a0f1ee7"))
OTHERS = dict((c["uid"], c["name"]) for c in SEED["clusters"] if c["uid"] not in FLEET)


@pytest.fixture(scope="module")
def emulator():
    # Rate limits on and strict request validation, as against real Palette; applies take one second.
    with testing.EmulatorProcess(seed=SEED, strict=True, rate_limits=True, extra_args=("--apply-seconds", "1")) as emu:
        yield emu


def variables(tmp_path, **extra):
    report = str(tmp_path / "report.json")
    if os.path.exists(report):
        os.unlink(report)
    result = {"fleet_rollout_profile_name": "fleet-core", "fleet_rollout_wait_sleep": 1,
              "fleet_rollout_wait_timeout": 120, "fleet_rollout_report_file": report}
    result.update(extra)
    return result


def read_report(tmp_path):
    report = tmp_path / "report.json"
    if not report.exists():
        return None
    with open(str(report)) as handle:
        return json.load(handle)


def run(emulator, playbook_runner, tmp_path, args=(), **extra):
    """Runs the playbook (summary written to a JSON report); returns (completed process, summary or None)."""
    runner = playbook_runner(emulator.url, testing.DEMO_API_KEY)
    proc = runner.run(PLAYBOOK, INVENTORY, variables(tmp_path, **extra), args=args)
    return proc, read_report(tmp_path)


def cluster_of(request_path):
    """The cluster uid of a ``/v1/spectroclusters/<uid>/...`` path, else None."""
    parts = request_path.split("/")
    return parts[3] if len(parts) > 3 and parts[2] == "spectroclusters" else None


def profile_view(cluster):
    """What a cluster is attached to, runs and shows, as stored by the emulator."""
    return dict((key, cluster[key]) for key in ("state", "notification", "attached", "templates", "installed",
                                                "pack_status", "apply", "spc_apply", "repave"))


def fleet_profile_tags(cluster, field="installed"):
    """{pack: tag} of fleet-core in ``field``: "installed" (what the agent installed last) or "templates" (what the
    cluster is attached to)."""
    entry = [t for t in cluster[field] if t["uid"] == PROFILE_UID]
    assert len(entry) == 1, cluster["name"]
    return dict((p["name"], p["tag"]) for p in entry[0]["packs"])


def fleet_pack_status(cluster):
    """{pack: (version, condition type, condition status)} of fleet-core's packs in the cluster's status.packs[]."""
    return dict((p["name"], (p["version"], p["condition"]["type"], p["condition"]["status"]))
                for key, p in cluster["pack_status"].items() if key.startswith(PROFILE_UID + "/"))


def installed_published(cluster):
    """Problems with a cluster that must have installed the published fleet-core (empty when it has)."""
    problems = []
    for field in ("templates", "installed"):
        if fleet_profile_tags(cluster, field) != PUBLISHED:
            problems.append("%s %s %s" % (cluster["name"], field, fleet_profile_tags(cluster, field)))
    want = dict((name, (tag, "Ready", "True")) for name, tag in PUBLISHED.items())
    if fleet_pack_status(cluster) != want:
        problems.append("%s status.packs %s" % (cluster["name"], fleet_pack_status(cluster)))
    if cluster["state"] != "Running" or cluster["apply"]:
        problems.append("%s %s, install %s" % (cluster["name"], cluster["state"], cluster["apply"]))
    return problems


def installed_at(cluster):
    """When the agent finished installing fleet-core on the cluster (the latest Ready transition of its packs)."""
    return max(p["condition"]["lastTransitionTime"] for key, p in cluster["pack_status"].items()
               if key.startswith(PROFILE_UID + "/"))


def log_ms(time_text):
    """A request-log time (microseconds) in status.packs[]' form (milliseconds), so the two compare as strings."""
    return time_text[:23] + "Z"


def expected_order():
    """Canaries first, then by name (the playbook's documented order)."""
    names = sorted(FLEET.values())
    return [CANARY] + [n for n in names if n != CANARY]


def test_seed_has_the_update_pending_on_every_fleet_cluster(emulator):
    """Guards the other tests: before the rollout every fleet cluster runs the old tags and shows the update."""
    emulator.reset()
    state = emulator.state()
    fleet = [c for c in state["clusters"] if c["uid"] in FLEET]
    assert len(fleet) == FLEET_SIZE
    for cluster in fleet:
        assert fleet_profile_tags(cluster, "templates") == RUNNING
        assert fleet_profile_tags(cluster) == RUNNING
        assert fleet_pack_status(cluster) == dict((n, (t, "Ready", "True")) for n, t in RUNNING.items())
        assert cluster["notification"], cluster["name"]
        assert cluster["state"] == "Running"


def test_canary_failure_stops_the_rollout(emulator, playbook_runner, tmp_path):
    emulator.reset()
    before = dict((c["uid"], profile_view(c)) for c in emulator.state()["clusters"])
    canary_uid = [uid for uid, name in FLEET.items() if name == CANARY][0]
    emulator.fault(kind="status", status=500, method="PATCH", path="/v1/spectroclusters/%s/profiles$" % canary_uid,
                   count=None)

    proc, summary = run(emulator, playbook_runner, tmp_path)

    assert proc.returncode != 0, describe(proc)
    log = emulator.requests()
    writes = [r for r in log if r["write"]]
    # the only write attempted is the canary's update, which the fault refused
    assert writes, describe(proc)
    assert set((r["method"], r["path"], r["status"]) for r in writes) == set(
        [("PATCH", "/v1/spectroclusters/%s/profiles" % canary_uid, 500)])
    # nothing else was even read cluster by cluster after the canary: the rollout stopped before wave 2
    first_write = min(r["id"] for r in writes)
    later = [r for r in log if r["id"] > first_write and cluster_of(r["path"]) not in (None, canary_uid)]
    assert later == [], later[:5]
    after = dict((c["uid"], profile_view(c)) for c in emulator.state()["clusters"])
    assert after == before
    # the summary says so
    assert summary is not None, describe(proc)
    rows = dict((r["cluster"], r) for r in summary["clusters"])
    assert set(rows) == set(FLEET.values())
    assert rows[CANARY]["status"] == "failed" and rows[CANARY]["wave"] == 1
    assert "500" in rows[CANARY]["error"]
    assert sorted(n for n, r in rows.items() if r["status"] == "untouched") == sorted(set(FLEET.values()) - set([CANARY]))
    assert summary["counts"]["failed"] == 1 and summary["counts"]["untouched"] == FLEET_SIZE - 1
    assert summary["outcome"] == "stopped after wave 1"
    assert "stopped after wave 1" in proc.stdout


# Fleet clusters of the third wave that already run what fleet-core publishes: no update for them.
UP_TO_DATE = ["store-010", "store-050"]


def seed_with_up_to_date_clusters():
    seed = copy.deepcopy(SEED)
    for cluster in seed["clusters"]:
        if cluster["name"] in UP_TO_DATE:
            del cluster["running"]
    return seed


# "changed: [host] => (item=<label>)", or "failed: [host] (item=<label>) => {...}"
ITEM_LABEL = re.compile(r"\(item=(.*?)\)(?: => .*)?$")


def wave_calls(stdout):
    """The labels of the palette_cluster_profile calls of the wave task and of the per-cluster task (for clusters a
    failed call left unsettled), as the default callback prints them (one line per loop item)."""
    calls, singles, task = [], [], None
    for line in stdout.splitlines():
        if line.startswith("TASK ["):
            task = line
        elif task and "Bring the wave's clusters onto" in task and "(item=" in line:
            calls.append(ITEM_LABEL.search(line).group(1))
        elif task and "left unsettled" in task and "(item=" in line:
            singles.append(ITEM_LABEL.search(line).group(1))
    return calls, singles


def test_rollout_converges_in_waves_and_a_second_run_does_nothing(emulator, playbook_runner, tmp_path):
    emulator.reset(seed=seed_with_up_to_date_clusters())
    before = dict((c["uid"], profile_view(c)) for c in emulator.state()["clusters"])
    up_to_date = set(uid for uid, name in FLEET.items() if name in UP_TO_DATE)
    assert len(up_to_date) == 2 and not [u for u in up_to_date if before[u]["notification"]]

    proc, summary = run(emulator, playbook_runner, tmp_path)

    assert proc.returncode == 0, describe(proc)
    # A wave's clusters share one process, whose client keeps within the rate limits; on a loaded machine the
    # emulator may still take queued requests in a bunch and refuse a few with 429, which the client sends again:
    # those are left out (each PATCH below must then have been accepted exactly once).
    log = [r for r in emulator.requests() if r["status"] != 429]
    assert all(200 <= r["status"] < 300 for r in log), [r for r in log if not 200 <= r["status"] < 300][:5]
    writes = [r for r in log if r["write"]]
    assert all(r["method"] == "PATCH" and r["path"].endswith(PATCH_SUFFIX) for r in writes), writes[:5]
    patched = [cluster_of(r["path"]) for r in writes]
    # one update per fleet cluster that needs it, none to the up-to-date ones nor to the demo's clusters (one of
    # which has its own update pending)
    assert sorted(patched) == sorted(set(FLEET) - up_to_date)
    # waves: the canary, then 10 % of 60 = 6 clusters, then the rest; each wave only starts after the previous one
    order = [FLEET[uid] for uid in patched]
    expected = expected_order()
    assert order[0] == CANARY
    assert sorted(order[1:7]) == sorted(expected[1:7])
    assert sorted(order[7:]) == sorted(set(expected[7:]) - set(UP_TO_DATE))
    # each wave is one module call with all its clusters (one project, one profile version), however many they
    # are; no cluster needed a call of its own
    calls, singles = wave_calls(proc.stdout)
    assert calls == ["edge-prod, profile version %s: %d cluster(s)" % (PROFILE_UID, n) for n in (1, 6, 53)], calls
    assert singles == [], singles[:5]

    state = emulator.state()
    for cluster in state["clusters"]:
        if cluster["uid"] in FLEET:
            assert installed_published(cluster) == []
            assert not cluster["notification"], cluster["name"]
        else:
            assert profile_view(cluster) == before[cluster["uid"]], cluster["name"]
    # a wave starts only once every cluster of the earlier waves has installed the change (status.packs[] Ready,
    # as the emulator's agent reported it) - not merely once Palette accepted their PATCH
    clusters = dict((c["uid"], c) for c in state["clusters"])
    patch_time = dict((cluster_of(r["path"]), log_ms(r["time"])) for r in writes)
    first_of_wave = dict((n, min(patch_time[u] for u in patched[a:b])) for n, (a, b) in ((2, (1, 7)), (3, (7, 58))))
    for n, (a, b) in ((1, (0, 1)), (2, (1, 7))):
        for uid in patched[a:b]:
            assert installed_at(clusters[uid]) < first_of_wave[n + 1], \
                (FLEET[uid], installed_at(clusters[uid]), first_of_wave[n + 1])
    assert summary["outcome"] == "finished"
    assert summary["counts"]["updated"] == FLEET_SIZE - 2 and summary["counts"]["unchanged"] == 2
    assert sorted(r["cluster"] for r in summary["clusters"] if r["status"] == "unchanged") == UP_TO_DATE
    assert set((r["install"] or {}).get("state") for r in summary["clusters"]) == set(["installed"])
    assert all(r["converged"] is True for r in summary["clusters"])
    assert summary["counts"]["skipped"] == len([c for c in state["clusters"]
                                                if c["uid"] in OTHERS and c["project_uid"] == testing.DEMO_PROJECT_UID
                                                and not c["deleted"] and not c["virtual"]])
    waves = dict((r["cluster"], r["wave"]) for r in summary["clusters"])
    assert waves[CANARY] == 1
    assert sorted(n for n, w in waves.items() if w == 2) == sorted(expected[1:7])

    # second run: the inventory is read again, every cluster is re-read, nothing is written
    emulator.admin("DELETE", "/requests")
    proc, summary = run(emulator, playbook_runner, tmp_path)
    assert proc.returncode == 0, describe(proc)
    log = emulator.requests()
    assert [r for r in log if r["write"]] == []
    # every fleet cluster was looked at again (not skipped on the strength of the inventory)
    assert set(cluster_of(r["path"]) for r in log if cluster_of(r["path"]) in FLEET) == set(FLEET)
    assert summary["counts"]["unchanged"] == FLEET_SIZE and summary["outcome"] == "finished"
    assert [p for c in emulator.state()["clusters"] if c["uid"] in FLEET for p in installed_published(c)] == []


@pytest.mark.parametrize("extra, options", [
    ({"fleet_rollout_profile_name": ""}, ["fleet_rollout_profile_name or fleet_rollout_profile_uid"]),
    # two problems in one run (a run costs seconds): each is named
    ({"fleet_rollout_serial": ["one", "100%"], "fleet_rollout_wait_progress_interval": -1},
     ["fleet_rollout_serial", "fleet_rollout_wait_progress_interval: 0 to 86400 seconds"]),
    ({"fleet_rollout_profile_name": "no-such-profile"}, ["fleet_rollout_profile_name: none of the"]),
])
def test_bad_input_is_refused_without_writes(emulator, playbook_runner, tmp_path, extra, options):
    emulator.reset()
    proc, summary = run(emulator, playbook_runner, tmp_path, **extra)
    assert proc.returncode != 0
    for option in options:
        assert said(proc.stdout + proc.stderr, option), describe(proc)
    assert [r for r in emulator.requests() if r["write"]] == []
    assert summary is None


@pytest.mark.parametrize("max_fail, stops", [(30, False), (20, True)])
def test_max_fail_percentage_decides_whether_a_failed_wave_stops_the_rollout(emulator, playbook_runner, tmp_path,
                                                                             max_fail, stops):
    """Nine clusters (--limit), waves [1, 4, rest]: one failure in the 4-cluster wave is 25 %."""
    emulator.reset()
    names = ["store-%03d" % n for n in range(1, 10)]
    uids = dict((name, uid) for uid, name in FLEET.items() if name in names)
    failing = "store-003"                     # by name order: wave 1 store-001, wave 2 store-002..005
    emulator.fault(kind="status", status=500, method="PATCH", path="/v1/spectroclusters/%s/profiles$" % uids[failing],
                   count=None)

    # a mistyped variable beside the real one: warned about by name (never its value) and ignored
    proc, summary = run(emulator, playbook_runner, tmp_path, args=("--limit", "store-00*"),
                        fleet_rollout_serial=[1, 4, "100%"], fleet_rollout_max_fail_percentage=max_fail,
                        fleet_rollout_max_fail_precentage=97)

    assert proc.returncode != 0, describe(proc)      # a failed cluster fails the run either way
    warnings = [line for line in unwrapped_lines(proc.stdout + proc.stderr) if said(line, "fleet_rollout_max_fail_precentage")]
    assert len(warnings) == 1 and warnings[0].startswith("[WARNING]: "), describe(proc)
    assert said(warnings[0], "did you mean fleet_rollout_max_fail_percentage?") and not said(warnings[0], "97"), warnings
    state = dict((c["name"], c) for c in emulator.state()["clusters"])
    patched = set(FLEET[r["path"].split("/")[3]] for r in emulator.requests() if r["write"])
    wave3 = names[5:]
    assert patched == set(names[:5] + ([] if stops else wave3))
    for name in names[:5]:
        if name == failing:
            assert fleet_profile_tags(state[name]) == RUNNING, name
            assert fleet_profile_tags(state[name], "templates") == RUNNING, name
        else:
            assert installed_published(state[name]) == []
    for name in wave3:
        if stops:
            assert fleet_profile_tags(state[name]) == RUNNING, name
        else:
            assert installed_published(state[name]) == []
    untouched = sorted(r["cluster"] for r in summary["clusters"] if r["status"] == "untouched")
    assert untouched == (wave3 if stops else [])
    # wave 2's call failed at store-003's PATCH; each other cluster of it was then settled by a call of its own
    calls, singles = wave_calls(proc.stdout)
    assert [c.rsplit(": ", 1)[1] for c in calls] == ["1 cluster(s)", "4 cluster(s)"] + ([] if stops else ["4 cluster(s)"])
    assert sorted(singles) == ["store-002", "store-004", "store-005"]
    rows = dict((r["cluster"], r) for r in summary["clusters"])
    assert [rows[n]["status"] for n in names[1:5]] == ["updated", "failed", "updated", "updated"], rows
    assert summary["outcome"] == ("stopped after wave 2" if stops else "finished with failures")
    assert summary["counts"]["targets"] == len(names)


def canary_uid():
    return [uid for uid, name in FLEET.items() if name == CANARY][0]


def stopped_at_the_canary(emulator, proc, summary):
    """Checks a run that must have failed the canary after its accepted PATCH and written nothing else; returns the
    emulator's clusters by uid and the canary's summary row."""
    canary = canary_uid()
    assert proc.returncode != 0, describe(proc)
    writes = [r for r in emulator.requests() if r["write"]]
    assert [(r["method"], r["path"], r["status"]) for r in writes] == [
        ("PATCH", "/v1/spectroclusters/%s/profiles" % canary, 204)]
    state = dict((c["uid"], c) for c in emulator.state()["clusters"])
    assert fleet_profile_tags(state[canary], "templates") == PUBLISHED      # Palette accepted the canary's update
    for uid in FLEET:
        if uid != canary:
            assert fleet_profile_tags(state[uid], "templates") == RUNNING, FLEET[uid]
            assert fleet_profile_tags(state[uid]) == RUNNING and not state[uid]["apply"], FLEET[uid]
    row = dict((r["cluster"], r) for r in summary["clusters"])[CANARY]
    assert row["status"] == "failed" and row["changed"] is True and row["wave"] == 1, row
    assert row["converged"] is not True, row
    assert summary["counts"]["updated"] == 0 and summary["counts"]["untouched"] == FLEET_SIZE - 1
    assert summary["outcome"] == "stopped after wave 1"
    return state, row


def test_a_canary_whose_install_ends_in_error_stops_the_rollout(emulator, playbook_runner, tmp_path):
    """Palette accepts the canary's update, then the agent's install of metallb ends in Error (injected: Palette keeps
    the cluster Running, the failure is only on the pack). The canary fails, naming the pack and Palette's message; the
    rollout stops after wave 1 and no other cluster is written to."""
    emulator.reset()
    canary = canary_uid()
    emulator.admin("POST", "/clusters/%s/inject" % canary,
                   {"apply_error": {"pack": "metallb", "message": "address pool overlaps 10.0.0.0/8"}})

    proc, summary = run(emulator, playbook_runner, tmp_path)

    state, row = stopped_at_the_canary(emulator, proc, summary)
    # the canary's agent went through with the install, metallb ended in Error; the cluster stayed Running
    assert fleet_pack_status(state[canary])["metallb"] == (PUBLISHED["metallb"], "Error", "True")
    assert state[canary]["state"] == "Running"
    for fragment in (CANARY, "metallb", "address pool overlaps 10.0.0.0/8"):
        assert fragment in row["error"], row["error"]


def test_a_canary_still_installing_is_not_updated_and_stops_the_rollout(emulator, playbook_runner, tmp_path):
    """Installs take ten minutes; the canary is given 5 seconds. For the first half of the install Palette still shows
    the previous packs Ready (and then the new ones in progress): the canary must not be reported updated or
    converged, it fails on its wait_timeout naming what is still installing, and no cluster of a later wave is
    written to. Meanwhile the output shows the wave's progress every second, and the task name the timeout; the calls
    that go on with the wait send nothing again (stopped_at_the_canary: one PATCH)."""
    emulator.reset()
    emulator.config(apply_seconds=600)
    canary = canary_uid()

    proc, summary = run(emulator, playbook_runner, tmp_path, fleet_rollout_wait_timeout=5,
                        fleet_rollout_wait_progress_interval=1)

    state, row = stopped_at_the_canary(emulator, proc, summary)
    assert "and wait until they have installed it (up to 5 s) - 1 cluster(s) of " in proc.stdout, proc.stdout
    assert re.search(r"Wave 1, [a-z0-9-]+: waited \d+ s of up to 5 s: 0 of 1 cluster\(s\) installed; still installing: %s\b"
                     % CANARY, proc.stdout), proc.stdout
    # still installing, by the emulator: the previous content installed, an install under way
    assert fleet_profile_tags(state[canary]) == RUNNING
    assert state[canary]["apply"] and state[canary]["apply"]["started"] is not None
    assert "wait_timeout" in row["error"] and CANARY in row["error"], row["error"]
    installing = sorted(k.split("/", 1)[1] for k in state[canary]["apply"]["changed"])
    assert installing == sorted(PUBLISHED)
    for name in installing:
        assert name in row["error"], (name, row["error"])


def test_connection_from_palette_variables_and_no_secret_in_output(emulator, playbook_runner, tmp_path):
    """No PALETTE_* environment: the inventory file carries its own settings and the modules get the connection
    only from the palette_host / palette_api_key variables (module_defaults). The key never shows, even at -vvv."""
    emulator.reset()
    runner = playbook_runner(emulator.url, testing.DEMO_API_KEY)
    inventory = tmp_path / "own.palette.yml"
    inventory.write_text("plugin: spectrocloud.palette.palette\nhost: %s\napi_key: %s\nprojects: [edge-prod]\n"
                         % (emulator.url, testing.DEMO_API_KEY))
    env = dict((k, v) for k, v in runner.env().items() if k not in ("PALETTE_HOST", "PALETTE_API_KEY"))
    extra = variables(tmp_path, palette_host=emulator.url, palette_api_key=testing.DEMO_API_KEY)
    proc = subprocess.run(runner.command(PLAYBOOK, str(inventory), extra, ("--limit", "store-001", "-vvv")), env=env,
                          cwd=runner.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=600, check=False)

    assert proc.returncode == 0, describe(proc)
    uid = [u for u, name in FLEET.items() if name == "store-001"][0]
    assert [(r["method"], cluster_of(r["path"])) for r in emulator.requests() if r["write"]] == [("PATCH", uid)]
    cluster = [c for c in emulator.state()["clusters"] if c["uid"] == uid][0]
    assert installed_published(cluster) == []
    report = (tmp_path / "report.json").read_text()
    assert json.loads(report)["counts"]["updated"] == 1
    for text in (proc.stdout, proc.stderr, report):
        assert not said(text, testing.DEMO_API_KEY)


def test_awx_style_run_from_a_synced_inventory(emulator, playbook_runner, tmp_path):
    """AWX syncs an inventory source with ``ansible-inventory --list --export`` and runs jobs against a script that
    prints the stored result (no plugin, variables not templated). The same playbook works from such a copy."""
    emulator.reset()
    runner = playbook_runner(emulator.url, testing.DEMO_API_KEY)
    bindir = os.path.dirname(sys.executable)
    sync = subprocess.run([sys.executable, os.path.join(bindir, "ansible-inventory"), "-i", INVENTORY, "--list",
                           "--export"], env=runner.env(), cwd=runner.cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, timeout=300, check=False)
    assert sync.returncode == 0, sync.stderr[-3000:]
    synced = json.loads(sync.stdout)
    script = tmp_path / "awx_inventory.py"
    script.write_text("#!%s\nimport sys\nprint(%r if '--list' in sys.argv else '{}')\n" % (sys.executable, sync.stdout))
    os.chmod(str(script), 0o755)
    emulator.admin("DELETE", "/requests")

    subset = sorted(n for n in FLEET.values() if n.startswith("store-03"))     # store-030 .. store-039, canary included
    assert CANARY in subset and len(subset) == 10
    proc = runner.run(PLAYBOOK, str(script), variables(tmp_path), args=("--limit", "store-03*"))

    assert proc.returncode == 0, describe(proc)
    log = emulator.requests()
    assert not [r for r in log if "search" in r["path"]], "the job read the inventory from Palette again"
    writes = [FLEET.get(cluster_of(r["path"])) for r in log if r["write"]]
    assert writes[0] == CANARY and sorted(writes) == subset
    state = dict((c["name"], c) for c in emulator.state()["clusters"])
    for name in FLEET.values():
        if name in subset:
            assert installed_published(state[name]) == []
        else:
            assert fleet_profile_tags(state[name]) == RUNNING, name
    assert "palette_tag_canary" in synced      # the canary came first through the synced group, not by accident


PROFILE_2_UID = "6a0f1ee70000000000000c02"
TWO_VERSIONS = ["ver1-%02d" % n for n in range(1, 5)] + ["ver2-%02d" % n for n in range(1, 5)]


def two_version_seed():
    """fleet-core 1.0.0 and 2.0.0, each run by four clusters with its update pending: a wave of them is two calls."""
    seed = copy.deepcopy(testing.demo_seed())
    project = testing.DEMO_PROJECT_UID
    for uid, version in ((PROFILE_UID, "1.0.0"), (PROFILE_2_UID, "2.0.0")):
        seed["profiles"].append({"uid": uid, "name": "fleet-core", "version": version, "project": project,
                                 "type": "add-on",
                                 "packs": [{"name": name, "tag": tag} for name, tag in sorted(PUBLISHED.items())]})
    for n, name in enumerate(TWO_VERSIONS):
        uid = PROFILE_UID if name.startswith("ver1") else PROFILE_2_UID
        seed["clusters"].append({"uid": "6a0f1ee7%016x" % (0xd100 + n), "name": name, "project": project,
                                 "labels": {"site": name}, "profiles": [{"uid": uid}], "running": {uid: dict(RUNNING)}})
    return seed


def test_a_wave_of_two_calls_that_show_progress_records_both(playbook_runner, tmp_path):
    """Clusters on two versions of the profile: each wave is one call per version. Each call's wait takes longer
    than fleet_rollout_wait_progress_interval, so the playbook shows progress and calls again before it goes on.
    The wave's decision takes the first call from its record and the last from where it was registered, and the
    summary decides the wave again from the wave's hosts: every cluster must be reported updated, with its version."""
    seed = two_version_seed()
    with testing.EmulatorProcess(seed=seed, strict=True, rate_limits=True, extra_args=("--apply-seconds", "3")) as emu:
        runner = playbook_runner(emu.url, testing.DEMO_API_KEY)
        extra = variables(tmp_path, fleet_rollout_serial=[2, "100%"], fleet_rollout_wait_progress_interval=1,
                          fleet_rollout_host_facts=False)
        proc = runner.run(PLAYBOOK, INVENTORY, extra)
        summary = read_report(tmp_path)
        state = dict((c["name"], c) for c in emu.state()["clusters"])
        log = emu.requests()

    assert proc.returncode == 0, describe(proc)
    # the waves: ver1-01, ver1-02 (one call), then the other six (two calls), each call showing its progress
    assert re.search(r"Wave 2, edge-prod: .*install", proc.stdout), describe(proc)
    rows = dict((r["cluster"], r) for r in summary["clusters"])
    assert sorted(rows) == sorted(TWO_VERSIONS)
    assert [(n, rows[n]["status"], rows[n]["wave"]) for n in TWO_VERSIONS] == [
        (n, "updated", 1 if n in ("ver1-01", "ver1-02") else 2) for n in TWO_VERSIONS]
    assert dict((n, rows[n]["before"]["profile_uid"]) for n in TWO_VERSIONS) == dict(
        (n, PROFILE_UID if n.startswith("ver1") else PROFILE_2_UID) for n in TWO_VERSIONS)
    assert all(rows[n]["install"]["state"] == "installed" for n in TWO_VERSIONS)
    assert summary["counts"]["updated"] == 8 and summary["outcome"] == "finished"
    for name in TWO_VERSIONS:
        uid = PROFILE_UID if name.startswith("ver1") else PROFILE_2_UID
        entry = [t for t in state[name]["installed"] if t["uid"] == uid]
        assert dict((p["name"], p["tag"]) for p in entry[0]["packs"]) == PUBLISHED, name
    patched = sorted(cluster_of(r["path"]) for r in log if r["write"] and r["status"] < 300)
    assert patched == sorted(state[n]["uid"] for n in TWO_VERSIONS)          # one accepted PATCH per cluster
