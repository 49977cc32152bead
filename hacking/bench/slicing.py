"""Scenario 7: a fleet rollout as an AWX job template with Job Slicing, the slices behind one source address.

The fleet of tests/awx/job_slicing.py (the demo seed plus N clusters ``shop-0001``... with an update of the profile
``slice-core`` pending) behind one emulator address with the rate limits on; the inventory is synced once, as AWX
does, and the example project's fleet_rollout.yml (docs/awx/project, importing spectrocloud.palette.fleet_rollout)
runs with waves ``["25%", "100%"]`` as:

* one job: the whole inventory in one ``ansible-playbook``, the client's default rate (90 % of Palette's);
* S slices with the factor: S ``ansible-playbook --limit`` jobs side by side, each with its own home and temp
  directories (so its own client rate-limit state), PALETTE_RATE_LIMIT_FACTOR = 0.9 / S, as guide_awx.rst says;
* S slices without it: the same, every slice at the default rate, to show what the factor prevents (HTTP 429);
* S slices, module calls only: the bound. Each slice runs hacking/bench/playbooks/slicing_module_calls.yml over its
  share of the fleet's clusters, with the factor: the waves' palette_cluster_profile calls and nothing else (no
  plan, outcome or summary), what any playbook that calls the module once per wave costs on this machine.

The fleet is 1,200 clusters by default: the goal is about the rate, and at 300 clusters the rate floor (12 s) is
shorter than what three ansible-playbook processes need to start, plan and summarize side by side on two cores.

The floor: the requests the run needed (the emulator's log without the answers it refused with 429) at the rate
limits of Palette (per endpoint prefix, REF section 7). Every cluster must have installed the published content
after each run, and every job must succeed, or the bench stops.

Run alone: python hacking/bench/slicing.py [--quick] [--reps N] [--clusters N] [--slices S]
"""

import argparse
import os
import sys
import time

from palette_emulator.testing import EmulatorProcess

import common

sys.path.insert(0, os.path.join(common.ROOT, "tests", "awx"))
import awx_job  # noqa: E402  pylint: disable=wrong-import-position,import-error
import job_slicing  # noqa: E402  pylint: disable=wrong-import-position,import-error

SCENARIO = 7
GOAL = 1.3                      # the sliced run's wall within this many times the rate floor (issue #20)
SERIAL = ["25%", "100%"]
BOUND_PLAYBOOK = os.path.join(common.ROOT, "hacking", "bench", "playbooks", "slicing_module_calls.yml")


def check_done(emu, seed, side):
    """Every cluster of the fleet has installed the published content; SystemExit naming the first few that have not."""
    fleet = job_slicing.fleet_clusters(seed)
    behind = []
    for cluster in emu.state()["clusters"]:
        if cluster["uid"] in fleet:
            problems = [common.installed_problem(cluster, job_slicing.PROFILE_UID, pack, tag)
                        for pack, tag in sorted(job_slicing.PUBLISHED.items())]
            behind.extend(p for p in problems if p)
    if behind:
        raise SystemExit("scenario %d %s: %d packs not installed: %s" % (SCENARIO, side, len(behind), "; ".join(behind[:5])))


def run(ws, report, size, slices, reps, command=None):
    """Scenario 7 into ``report``; ``command`` reproduces it (default: run.py's options for it)."""
    seed = job_slicing.fleet_seed(size)
    collections = awx_job.collections_path()
    variables = {"fleet_rollout_profile_name": job_slicing.PROFILE_NAME, "fleet_rollout_serial": SERIAL,
                 "fleet_rollout_wait_sleep": 1, "fleet_rollout_wait_timeout": 600}
    factor = round(0.9 / slices, 4)
    sides = [("one job", 1, None), ("%d slices, factor %s" % (slices, factor), slices, factor),
             ("%d slices, no factor" % slices, slices, None),
             ("%d slices, module calls only (the bound)" % slices, slices, factor)]
    bound = sides[3][0]
    results = dict((name, []) for name, _count, _factor in sides)
    with EmulatorProcess(seed=seed, strict=True, rate_limits=True, extra_args=("--apply-seconds", "0"),
                         start_timeout=120) as emu:
        synced, hosts = job_slicing.sync_inventory(ws.path("inventory-sync"), emu.url, collections)
        fleet_hosts = sorted(set(job_slicing.fleet_clusters(seed).values()))
        bound_vars = {"profile_uid": job_slicing.PROFILE_UID, "slicing_serial": SERIAL}
        for rep in range(reps):
            order = sides if rep % 2 == 0 else list(reversed(sides))
            for name, count, side_factor in order:
                emu.reset()
                base = ws.path("slicing-%d-%d" % (rep, sides.index((name, count, side_factor))))
                if name == bound:
                    jobs, wall = job_slicing.run_slices(base, emu.url, collections, synced, fleet_hosts, count,
                                                        bound_vars, side_factor, playbook=BOUND_PLAYBOOK)
                else:
                    jobs, wall = job_slicing.run_slices(base, emu.url, collections, synced, hosts, count, variables,
                                                        side_factor)
                failed = [job for job in jobs if job.proc.returncode != 0]
                if failed:
                    raise SystemExit("scenario %d %s failed:\n%s" % (SCENARIO, name, failed[0].describe()))
                check_done(emu, seed, name)
                results[name].append((wall, emu.requests()))

    cmd = command or "%s --scenario %d --slicing-clusters %d --slices %d --fleet-reps %d" % (
        report.command, SCENARIO, size, slices, reps)
    sliced = sides[1][0]
    for name, _count, _factor in sides:
        walls = [wall for wall, _log in results[name]]
        needed = [[r for r in log if r["status"] != 429] for _wall, log in results[name]]
        floor = common.median([common.rate_floor(log)[0] for log in needed])
        wall = common.median(walls)
        counts = common.count(needed[0])          # what was answered (a refused write is sent again)
        worst_429 = max(common.count(log)["429"] for _wall, log in results[name])
        report.row(SCENARIO, "%s: wall (median of %d)" % (name, len(walls)), common.seconds(wall),
                   "range %s s; %.2fx the rate floor of its requests (%.1f s)" % (common.spread(walls), wall / floor, floor),
                   cmd)
        report.row(SCENARIO, "%s: requests" % name, "%d answered (%d writes), %d HTTP 429 at most" % (
            counts["total"], counts["writes"], worst_429), "", cmd)
        if name == sliced:
            report.goal(SCENARIO, "%s within %.1fx the rate floor" % (name, GOAL), wall <= GOAL * floor,
                        "%.2fx (%.1f s against %.1f s)" % (wall / floor, wall, floor))
            report.goal(SCENARIO, "%s: no HTTP 429" % name, worst_429 == 0, "%d at most in one run" % worst_429)
    report.detail(SCENARIO, "%d clusters (+%d other hosts of the inventory), waves %s, %d slices; requests per endpoint "
                  "of the sliced run: %s" % (size, len(hosts) - size, SERIAL, slices, ", ".join(
                      "%s x%d" % (k, v) for k, v in sorted(common.endpoints(results[sliced][0][1]).items()))))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="1 repetition, 60 clusters")
    parser.add_argument("--reps", type=int, help="repetitions per side (default 2, --quick 1)")
    parser.add_argument("--clusters", type=int, help="clusters of the fleet (default 1200, --quick 60)")
    parser.add_argument("--slices", type=int, default=3, help="slices (default 3)")
    args = parser.parse_args(argv)
    import run as bench  # noqa: E402  pylint: disable=import-outside-toplevel
    info = bench.machine()
    report = common.Report("python hacking/bench/slicing.py")
    ws = common.Workspace()
    started = time.perf_counter()
    size, reps = args.clusters or (60 if args.quick else 1200), args.reps or (1 if args.quick else 2)
    try:
        run(ws, report, size, args.slices, reps,
            command="python hacking/bench/slicing.py --reps %d --clusters %d --slices %d" % (reps, size, args.slices))
    finally:
        ws.close()
    bench.print_report(report, info, time.perf_counter() - started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
