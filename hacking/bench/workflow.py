"""Scenarios 1 and 2: one profile, three clusters (the runbook's core 1.1.0 change on the demo seed).

Three sides make the same change: our role (playbooks/update_profile.yml with hacking/bench/vars/one_profile.yml),
the hand-written ansible.builtin.uri playbook and the curl + jq script (hacking/bench/baselines/). Each repetition
runs every side, in a rotating order, on a freshly reset emulator: a change run, a check that the change really
landed (emulator state), then a no-op re-run. Scenario 1 counts the requests of each run in the emulator's log;
scenario 2 compares the wall times.
"""

import json
import os

from palette_emulator.testing import EmulatorProcess

import common

VARS = "hacking/bench/vars/one_profile.yml"
PACK, TAG = "virtual-machine-orchestrator", "4.7.1"

# The fewest requests the change needs (REF sections 5 and 6): read the profile; find the new tag's pack uid (a PUT
# pack entry needs its uid); PUT; publish; per cluster one PATCH of its profiles and one read to see it installed
# (status.packs[]). A no-op re-run needs one read of the profile and one of each cluster (GET
# /v1/spectroclusters/{uid} has both what the cluster is attached to and what it installed).
FLOOR_CHANGE = ([("GET", "/v1/clusterprofiles/%s" % common.CORE_UID),
                 ("GET", "/v1/packs/%s/registries/64b7a3c1d2e3f40516273849" % PACK),
                 ("PUT", "/v1/clusterprofiles/%s" % common.CORE_UID),
                 ("PATCH", "/v1/clusterprofiles/%s/publish" % common.CORE_UID)]
                + [("PATCH", "/v1/spectroclusters/%s/profiles" % c) for c in common.CORE_CLUSTERS]
                + [("GET", "/v1/spectroclusters/%s" % c) for c in common.CORE_CLUSTERS])
FLOOR_NOOP = ([("GET", "/v1/clusterprofiles/%s" % common.CORE_UID)]
              + [("GET", "/v1/spectroclusters/%s" % c) for c in common.CORE_CLUSTERS])


def _as_log(requests):
    return [{"method": m, "path": p, "status": 200, "write": m != "GET"} for m, p in requests]


def sides(url):
    """(name, argv, extra environment) of each side."""
    connection = {"PALETTE_HOST": url, "PALETTE_API_KEY": common.DEMO_API_KEY,
                  "PALETTE_PROJECT_UID": common.DEMO_PROJECT_UID}
    uri_vars = json.dumps({"bench_profile_uid": common.CORE_UID, "bench_cluster_uids": list(common.CORE_CLUSTERS)})
    return [
        ("role", [common.tool("ansible-playbook"), "playbooks/update_profile.yml", "-e", "@" + VARS], connection),
        ("uri", [common.tool("ansible-playbook"), "hacking/bench/baselines/uri_workflow.yml", "-e", uri_vars],
         connection),
        ("curl", ["bash", "hacking/bench/baselines/curl_workflow.sh"],
         dict(connection, PROFILE_UID=common.CORE_UID, CLUSTER_UIDS=" ".join(common.CORE_CLUSTERS),
              PACK=PACK, TAG=TAG, REPLICAS=2)),
    ]


def display(argv):
    """The command as a person would type it (the uri side's JSON quoted)."""
    return " ".join("'%s'" % a if a.startswith("{") else a for a in argv).replace(common.BIN + os.sep, "")


def check_changed(state, side):
    """The change run must have changed the profile and every cluster must have installed it, or its figures mean
    nothing."""
    profile = [p for p in state["profiles"] if p["uid"] == common.CORE_UID][0]
    pack = [p for p in profile["published"]["packs"] if p["name"] == PACK][0]
    problems = []
    if pack["tag"] != TAG or "replicas: 2" not in pack["values"]:
        problems.append("profile core has %s %s" % (PACK, pack["tag"]))
    for cluster in state["clusters"]:
        if cluster["uid"] in common.CORE_CLUSTERS:
            problems.append(common.installed_problem(cluster, common.CORE_UID, PACK, TAG))
    problems = [p for p in problems if p]
    if problems:
        raise SystemExit("the %s side did not make the change: %s" % (side, "; ".join(problems)))


def measure(ws, reps):
    """{side: {"change": [Measured], "noop": [...], "logs": {"change": entries, "noop": entries}}}."""
    results = {}
    with EmulatorProcess(seed="demo", strict=True, rate_limits=True, extra_args=("--apply-seconds", "0")) as emu:
        all_sides = sides(emu.url)
        for rep in range(reps):
            order = all_sides[rep % len(all_sides):] + all_sides[:rep % len(all_sides)]
            for name, argv, extra in order:
                out = results.setdefault(name, {"change": [], "noop": [], "logs": [], "argv": argv})
                emu.reset()
                change = common.run_measured(argv, ws.env(**extra))
                common.require_ok(change, "%s change run" % name)
                change_log = emu.requests()
                check_changed(emu.state(), name)
                emu.admin("DELETE", "/requests")
                noop = common.run_measured(argv, ws.env(**extra))
                common.require_ok(noop, "%s no-op run" % name)
                out["change"].append(change)
                out["noop"].append(noop)
                out["logs"].append((change_log, emu.requests()))
        # Once, for the request counts only: the role given the project by name, as `make demo` does.
        name_env = dict(all_sides[0][2])
        name_env["PALETTE_PROJECT"] = common.DEMO_PROJECT_NAME
        del name_env["PALETTE_PROJECT_UID"]
        emu.reset()
        common.require_ok(common.run_measured(all_sides[0][1], ws.env(**name_env)), "role (project name) change run")
        change_log = emu.requests()
        emu.admin("DELETE", "/requests")
        common.require_ok(common.run_measured(all_sides[0][1], ws.env(**name_env)), "role (project name) no-op run")
        results["role, project by name"] = {"logs": [(change_log, emu.requests())]}
    return results


def _counts(logs, index):
    """The counts of every repetition; they should all be the same (say so when they are not)."""
    seen = [common.count(pair[index]) for pair in logs]
    first = seen[0]
    text = "%d (%d writes)" % (first["total"], first["writes"])
    if any(s != first for s in seen):
        text += ", varies: " + ", ".join(str(s["total"]) for s in seen)
    return first, text


def run(ws, report, reps):
    results = measure(ws, reps)
    cmd1 = "%s --scenario 1" % report.command
    cmd2 = "%s --scenario 2" % report.command
    floor_change = common.rate_floor(_as_log(FLOOR_CHANGE))[0]
    floor_noop = common.rate_floor(_as_log(FLOOR_NOOP))[0]
    report.row(1, "API floor: requests, change run",
               "%d (%d writes)" % (len(FLOOR_CHANGE), sum(1 for m, _p in FLOOR_CHANGE if m != "GET")),
               "rate floor %.2f s" % floor_change, cmd1)
    report.row(1, "API floor: requests, no-op re-run", "%d (0 writes)" % len(FLOOR_NOOP),
               "rate floor %.2f s" % floor_noop, cmd1)
    counts = {}
    for name in ("role", "role, project by name", "uri", "curl"):
        logs = results[name]["logs"]
        change, change_text = _counts(logs, 0)
        noop, noop_text = _counts(logs, 1)
        counts[name] = (change, noop)
        report.row(1, "%s: requests, change run" % name, change_text,
                   "%.1fx floor" % (change["total"] / float(len(FLOOR_CHANGE))), cmd1)
        report.row(1, "%s: requests, no-op re-run" % name, noop_text,
                   "%.1fx floor" % (noop["total"] / float(len(FLOOR_NOOP))), cmd1)
    noop = counts["role"][1]
    # issue #17: the floor plus one (the role reads the clusters' health from one page of the cluster search)
    report.goal(1, "no-op re-run: at most the %d unavoidable reads + 1, no write" % len(FLOOR_NOOP),
                noop["writes"] == 0 and noop["total"] <= len(FLOOR_NOOP) + 1,
                "%d requests, %d writes (%+d requests)" % (noop["total"], noop["writes"], noop["total"] - len(FLOOR_NOOP)))
    for run_name, index in (("change", 0), ("no-op", 1)):
        report.detail(1, "role, %s run, requests per endpoint: %s" % (run_name, ", ".join(
            "%s x%d" % (k, v) for k, v in sorted(common.endpoints(results["role"]["logs"][0][index]).items()))))
    report.detail(1, "role, project by name, no-op run, requests per endpoint: %s" % ", ".join(
        "%s x%d" % (k, v) for k, v in sorted(common.endpoints(results["role, project by name"]["logs"][0][1]).items())))

    medians = {}
    for name in ("role", "uri", "curl"):
        side = results[name]
        medians[name] = dict((kind, common.median([m.wall for m in side[kind]])) for kind in ("change", "noop"))
        for kind, label in (("change", "change run"), ("noop", "no-op re-run")):
            walls = [m.wall for m in side[kind]]
            cpus = [m.cpu for m in side[kind]]
            report.row(2, "%s: wall, %s (median of %d)" % (name, label, len(walls)), common.seconds(common.median(walls)),
                       "range %s s; CPU %.2f s" % (common.spread(walls), common.median(cpus)), cmd2)
        report.detail(2, "%s side: %s" % (name, display(side["argv"])))
    for kind, label, limit in (("change", "change run", 0.7), ("noop", "no-op re-run", 0.5)):   # issue #17
        ratio = medians["role"][kind] / medians["uri"][kind]
        report.row(2, "role / uri, %s" % label, "%.2fx" % ratio,
                   "role / curl %.2fx" % (medians["role"][kind] / medians["curl"][kind]), cmd2)
        report.goal(2, "%s: role at most %.1fx the uri playbook's time" % (label, limit), ratio <= limit,
                    "%.2fx (%.2f s against %.2f s)" % (ratio, medians["role"][kind], medians["uri"][kind]))
