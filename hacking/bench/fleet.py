"""Scenario 3: a fleet with the emulator's rate limits on.

The demo seed plus N clusters ``fleet-00000``... in the edge-prod project that run an older Virtual Machine
Orchestrator than core 1.1.0 publishes, so every one has an update pending. Three runs per repetition, each on a
freshly reset emulator:

* bulk: one palette_cluster_profile task with every cluster (apply and wait), hacking/bench/playbooks/fleet_bulk.yml;
* per host: the inventory plugin lists the clusters and palette_cluster_profile runs once per host with --forks,
  hacking/bench/playbooks/fleet_per_host.yml;
* per host without Palette: the same inventory and forks with ansible.builtin.ping, to show what the per-host path
  costs before any Palette work (ansible-playbook's per-host work plus one module process per host);
* fleet_rollout.yml: the shipped playbook (playbooks/fleet_rollout.yml) over the same inventory, the user's path for
  an inventory-driven rollout in canary waves (the default waves [1, "10%", "100%"]; the fleet has no canary tag,
  so the first cluster by name is the canary), with the profile given by uid and wait_sleep 1.

After each Palette run every cluster must have installed the published content (emulator state: attached, installed,
status.packs[] Ready), or the run stops.

BENCH_FLEET_SIDES (comma-separated: bulk, "per host", "per host, ping" as "ping", "fleet_rollout.yml" as "rollout")
limits the run to those sides, e.g.
``BENCH_FLEET_SIDES=bulk python hacking/bench/run.py --scenario 3`` when only the bulk figure is being worked on.
BENCH_FLEET_LATENCY (seconds) delays every answer of the emulator by that much (its ``slow`` fault), to see how a
side does against a tenant farther away than the emulator's millisecond.
"""

import hashlib
import json
import os

from palette_emulator.testing import EmulatorProcess, demo_seed

import common

PACK = "virtual-machine-orchestrator"
ROLLOUT = "fleet_rollout.yml"
SIDE_NAMES = {"bulk": "bulk", "per host": "per host", "ping": "per host, ping", "per host, ping": "per host, ping",
              "rollout": ROLLOUT, "fleet_rollout": ROLLOUT, ROLLOUT: ROLLOUT}
# The goals of issue #17 for the fleet sides.
BULK_GOAL = 1.3         # wall within this many times the rate floor
ROLLOUT_GOAL = 2.0      # fleet_rollout.yml's wall within this many times the rate floor
ROLLOUT_CPU_GOAL = 40   # ms of CPU per cluster for fleet_rollout.yml


def chosen_sides(text):
    """The sides named in BENCH_FLEET_SIDES (all when unset); SystemExit naming an unknown one."""
    if not text:
        return list(dict.fromkeys(SIDE_NAMES.values()))
    chosen = []
    for part in text.split(","):
        name = part.strip()
        if name not in SIDE_NAMES:
            raise SystemExit("BENCH_FLEET_SIDES: unknown side %r; give some of: bulk, per host, ping, rollout" % name)
        chosen.append(SIDE_NAMES[name])
    return list(dict.fromkeys(chosen))


def fleet_seed(size):
    seed = demo_seed()
    for n in range(size):
        name = "fleet-%05d" % n
        seed["clusters"].append({
            "uid": hashlib.sha256(name.encode()).hexdigest()[:24],
            "name": name,
            "project": common.DEMO_PROJECT_UID,
            "cloud_type": "edge-native",
            "labels": {"fleet": "bench"},
            "profiles": [{"uid": common.CORE_UID}],
            "running": {common.CORE_UID: {PACK: "4.4.10"}},
        })
    return seed


def fleet_uids(seed):
    return [c["uid"] for c in seed["clusters"] if c["name"].startswith("fleet-")]


def check_applied(state, uids, side):
    profile = [p for p in state["profiles"] if p["uid"] == common.CORE_UID][0]
    want = [p["tag"] for p in profile["published"]["packs"] if p["name"] == PACK][0]
    wanted = set(uids)
    behind = [problem for problem in (common.installed_problem(cluster, common.CORE_UID, PACK, want)
                                      for cluster in state["clusters"] if cluster["uid"] in wanted) if problem]
    if behind:
        raise SystemExit("%s: %d clusters have not installed %s %s: %s"
                         % (side, len(behind), PACK, want, "; ".join(behind[:5])))


def minimal_requests(uids):
    """The fewest requests: read the profile once; per cluster one PATCH of its profiles and one read to verify."""
    return ([{"method": "GET", "path": "/v1/clusterprofiles/%s" % common.CORE_UID}]
            + [{"method": "PATCH", "path": "/v1/spectroclusters/%s/profiles" % u} for u in uids]
            + [{"method": "GET", "path": "/v1/spectroclusters/%s" % u} for u in uids])


def checked_requests(uids):
    """The floor with the read each cluster needs before its PATCH (REF section 12: is it attached to the target
    already, and its own values, which the PATCH must send again)."""
    return minimal_requests(uids) + [{"method": "GET", "path": "/v1/spectroclusters/%s" % u} for u in uids]


def inventory_config(ws, url):
    path = ws.path("fleet.palette.yml")
    with open(path, "w", encoding="utf-8") as handle:
        # pack_details none: the per-host play needs only each cluster's uid, fleet_rollout.yml only that and the
        # profile versions (its summary lists the packs of a cluster it left untouched, none here).
        json.dump({"plugin": "spectrocloud.palette.palette", "host": url, "api_key": common.DEMO_API_KEY,
                   "projects": [common.DEMO_PROJECT_NAME], "cluster_names": ["fleet-*"], "pack_details": "none"},
                  handle)
    return path


def run(ws, report, size, reps, forks):
    seed = fleet_seed(size)
    uids = fleet_uids(seed)
    vars_file = ws.path("fleet.json")
    with open(vars_file, "w", encoding="utf-8") as handle:
        json.dump({"bench_profile_uid": common.CORE_UID, "bench_cluster_uids": uids}, handle)
    playbook = common.tool("ansible-playbook")
    sides = chosen_sides(os.environ.get("BENCH_FLEET_SIDES"))
    latency = float(os.environ.get("BENCH_FLEET_LATENCY") or 0)
    results = dict((side, []) for side in sides)
    with EmulatorProcess(seed=seed, strict=True, rate_limits=True, extra_args=("--apply-seconds", "0"),
                         start_timeout=120) as emu:
        config = inventory_config(ws, emu.url)
        connection = {"PALETTE_HOST": emu.url, "PALETTE_API_KEY": common.DEMO_API_KEY,
                      "PALETTE_PROJECT_UID": common.DEMO_PROJECT_UID}
        # fleet_rollout.yml takes each cluster's project from the inventory and refuses PALETTE_PROJECT_UID
        environments = dict((side, dict(connection)) for side in sides)
        if ROLLOUT in environments:
            del environments[ROLLOUT]["PALETTE_PROJECT_UID"]
        every = {
            "bulk": [playbook, "hacking/bench/playbooks/fleet_bulk.yml", "-e", "@" + vars_file],
            "per host": [playbook, "-i", config, "hacking/bench/playbooks/fleet_per_host.yml", "-f", str(forks),
                         "-e", "bench_profile_uid=" + common.CORE_UID],
            "per host, ping": [playbook, "-i", config, "hacking/bench/playbooks/fleet_ping_per_host.yml",
                               "-f", str(forks)],
            ROLLOUT: [playbook, "-i", config, "playbooks/fleet_rollout.yml", "-f", str(forks),
                      "-e", "fleet_rollout_profile_uid=" + common.CORE_UID, "-e", "fleet_rollout_wait_sleep=1"],
        }
        commands = dict((side, every[side]) for side in sides)
        for rep in range(reps):
            order = list(commands) if rep % 2 == 0 else list(reversed(list(commands)))
            for side in order:
                emu.reset()
                if latency:
                    emu.fault(kind="slow", delay=latency, path="^/v1/", count=None)
                emulator_cpu = common.process_cpu(emu.proc.pid)
                measured = common.run_measured(commands[side], ws.env(**environments[side]))
                common.require_ok(measured, "scenario 3 %s" % side)
                emulator_cpu = common.process_cpu(emu.proc.pid) - emulator_cpu
                log = emu.requests()
                if side != "per host, ping":
                    check_applied(emu.state(), uids, side)
                results[side].append((measured, log, emulator_cpu))

    cmd = "%s --scenario 3 --fleet %d --fleet-reps %d --forks %d" % (report.command, size, reps, forks)
    floor, floor_sum, _per = common.rate_floor(minimal_requests(uids))
    report.row(3, "API floor: %d clusters" % size, "%d requests" % len(minimal_requests(uids)),
               "rate floor %.1f s (buckets one after the other: %.1f s)" % (floor, floor_sum), cmd)
    checked_floor = common.rate_floor(checked_requests(uids))[0]
    report.row(3, "API floor with a read before each PATCH", "%d requests" % len(checked_requests(uids)),
               "rate floor %.1f s" % checked_floor, cmd)
    medians = {}
    for side, runs in results.items():
        walls = [r[0].wall for r in runs]
        cpus = [r[0].cpu for r in runs]
        counts = common.count(runs[0][1])
        sent_floor = common.rate_floor(runs[0][1])[0]
        medians[side] = (common.median(walls), common.median(cpus))
        report.row(3, "%s: wall (median of %d)" % (side, len(walls)), common.seconds(medians[side][0]),
                   "range %s s; %.2fx the API floor, %.2fx with a read before each PATCH"
                   % (common.spread(walls), medians[side][0] / floor, medians[side][0] / checked_floor), cmd)
        emulator_cpu = common.median([r[2] for r in runs])
        report.row(3, "%s: CPU, ansible-playbook and children" % side, common.seconds(medians[side][1]),
                   "%.1f ms per cluster; emulator %.1f s" % (medians[side][1] * 1000 / size, emulator_cpu), cmd)
        if side != "per host, ping" or counts["total"]:
            worst_429 = max(common.count(r[1])["429"] for r in runs)
            report.row(3, "%s: requests" % side,
                       "%d (%d writes, %d HTTP 429)" % (counts["total"], counts["writes"], worst_429),
                       "their own rate floor %.1f s" % sent_floor, cmd)
        # Busy share: CPU used by ansible and the emulator over what the machine's cores could give in that time.
        busy = (medians[side][1] + emulator_cpu) / (medians[side][0] * (os.cpu_count() or 1))
        text = "%s: CPU busy %.0f %% of %d cores over the run; the requests sent need %.1f s at the rate limits, %.0f %% of " \
            "the wall time" % (side, busy * 100, os.cpu_count() or 1, sent_floor, sent_floor * 100 / medians[side][0])
        report.detail(3, text)
        report.detail(3, "%s, requests per endpoint: %s" % (side, ", ".join(
            "%s x%d" % (k, v) for k, v in sorted(common.endpoints(runs[0][1]).items()))))
        shown = " ".join(commands[side]).replace(common.BIN + "/", "").replace(ws.dir, "<tmp>")
        report.detail(3, "%s: %s" % (side, shown))
    too_many = sum(common.count(r[1])["429"] for runs in results.values() for r in runs)
    if "bulk" in medians:
        bulk_wall = medians["bulk"][0]
        report.goal(3, "bulk within %.1fx the rate floor" % BULK_GOAL, bulk_wall <= BULK_GOAL * floor,
                    "%.2fx (%.1f s against %.1f s); %.2fx the floor with a read before each PATCH (%.1f s)"
                    % (bulk_wall / floor, bulk_wall, floor, bulk_wall / checked_floor, checked_floor))
        sent = common.count(results["bulk"][0][1])["total"]
        report.goal(3, "bulk requests within 1.1x the floor's", sent <= 1.1 * len(minimal_requests(uids)),
                    "%d against %d (%.2fx); %.2fx the %d with a read before each PATCH"
                    % (sent, len(minimal_requests(uids)), sent / float(len(minimal_requests(uids))),
                       sent / float(len(checked_requests(uids))), len(checked_requests(uids))))
    if ROLLOUT in medians:
        wall, cpu = medians[ROLLOUT]
        report.goal(3, "%s within %.0fx the rate floor" % (ROLLOUT, ROLLOUT_GOAL), wall <= ROLLOUT_GOAL * floor,
                    "%.2fx (%.1f s against %.1f s); %.2fx the floor with a read before each PATCH (%.1f s)"
                    % (wall / floor, wall, floor, wall / checked_floor, checked_floor))
        report.goal(3, "%s at most %d ms CPU per cluster" % (ROLLOUT, ROLLOUT_CPU_GOAL),
                    cpu * 1000 / size <= ROLLOUT_CPU_GOAL, "%.1f ms (%.1f s for %d clusters)" % (cpu * 1000 / size, cpu, size))
    # A run that failed stopped the bench before this line (require_ok), so reaching it means no run failed; the
    # 429 answers are shown because each one cost a retry.
    report.goal(3, "zero failures from 429", True,
                "no run failed; %d HTTP 429 answers over every run together, each retried by the client" % too_many)
    per_cluster = dict((side, medians[side][1] * 1000 / size) for side in medians)
    if not set(["per host", "per host, ping", "bulk"]) <= set(per_cluster):
        return
    text = "per host: %.0f ms CPU per cluster in all; %.0f ms of it the same path with a trivial module (ansible-playbook " \
        "per host + one module process), %.0f ms the Palette module's own work; bulk %.1f ms per cluster" % (
            per_cluster["per host"], per_cluster["per host, ping"], per_cluster["per host"] - per_cluster["per host, ping"],
            per_cluster["bulk"])
    report.detail(3, text)
