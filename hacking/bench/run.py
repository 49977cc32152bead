"""`make bench`: the collection against hand-written baselines and the API's floor, measured side by side.

    python hacking/bench/run.py [--reps 5] [--quick] [--scenario N ...] [--json FILE]

Scenarios (docs/performance.md has the figures and what each goal means):
  1  one profile, three clusters: requests of a change run and of a no-op re-run (role, uri playbook, curl, floor)
  2  the same runs' wall time: role against the uri playbook and the curl script
  3  a fleet with rate limits on: apply and verify in one task (bulk) and per host through the inventory (forks)
  4  the inventory plugin on a fleet with rate limits on: cold build, cached build
  5  start-up cost: one palette_profile_info task against one ansible.builtin.uri task
  6  pruning a tenant of 1,000 profile versions with rate limits on: prune_profiles.yml against the rate floor
  7  a fleet rollout as 3 AWX job slices behind one address (PALETTE_RATE_LIMIT_FACTOR 0.3) against the rate floor

Every side runs against its own emulator process started here, is repeated --reps times (alternating sides) and
reported as a median. Benchmarks print figures: a missed goal is reported, never a failure. A side that does not
do its job (the change did not land, a command failed) stops the run, as its figures would mean nothing.
"""

import argparse
import json
import os
import platform
import sys
import time

import common

SCENARIOS = (1, 2, 3, 4, 5, 6, 7)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--reps", type=int, help="repetitions per side (default 5, --quick 1)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 repetition, small fleets")
    parser.add_argument("--scenario", type=int, action="append", choices=SCENARIOS,
                        help="run only this scenario (repeatable); 1 and 2 always run together")
    parser.add_argument("--fleet", type=int, help="clusters in scenario 3 (default 500, --quick 40)")
    parser.add_argument("--forks", type=int, default=20, help="forks of the per-host run in scenario 3")
    parser.add_argument("--fleet-reps", type=int, help="repetitions in scenario 3 (default 2, --quick 1)")
    parser.add_argument("--inventory-clusters", type=int, help="clusters in scenario 4 (default 5000, --quick 500)")
    parser.add_argument("--prune-versions", type=int, help="profile versions in scenario 6 (default 1000, --quick 200)")
    parser.add_argument("--slicing-clusters", type=int, help="clusters in scenario 7 (default 1200, --quick 60)")
    parser.add_argument("--slices", type=int, default=3, help="job slices in scenario 7")
    parser.add_argument("--json", help="also write every figure to this file")
    args = parser.parse_args(argv)
    args.reps = args.reps or (1 if args.quick else 5)
    args.fleet = args.fleet or (40 if args.quick else 500)
    args.fleet_reps = args.fleet_reps or (1 if args.quick else 2)
    args.inventory_clusters = args.inventory_clusters or (500 if args.quick else 5000)
    args.prune_versions = args.prune_versions or (200 if args.quick else 1000)
    args.slicing_clusters = args.slicing_clusters or (60 if args.quick else 1200)
    return args


def harness_command(args):
    """The command line that reproduces this run's figures (the scenario filter is added per row)."""
    parts = ["python hacking/bench/run.py"]
    if args.quick:
        parts.append("--quick")
    parts.append("--reps %d" % args.reps)
    return " ".join(parts)


def machine():
    cpu = platform.processor() or "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "load_average": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "platform": platform.platform(),
            "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}


def print_report(report, info, elapsed):
    print("\n== make bench: %s ==" % info["started"])
    print("machine: %d CPUs (%s), load average at start %s, Python %s, %s"
          % (info["nproc"], info["cpu"], " ".join("%.2f" % x for x in info["load_average"]), info["python"],
             info["platform"]))
    width = max([len(r["figure"]) for r in report.rows] + [10])
    current = None
    for row in report.rows:
        if row["scenario"] != current:
            current = row["scenario"]
            print("\n-- scenario %s   (reproduce: %s)" % (current, row["command"]))
        print("  %-*s  %-22s %s" % (width, row["figure"], row["value"], row["compared"]))
    if report.details:
        print("\n-- details")
        for item in report.details:
            print("  [%s] %s" % (item["scenario"], item["text"]))
    print("\n-- goals")
    for item in report.goals:
        print("  [%s] %-6s %s: %s" % (item["scenario"], "met" if item["met"] else "MISSED", item["goal"], item["measured"]))
    print("\nbench wall time %.0f s; load average at the end %s" % (elapsed, " ".join("%.2f" % x for x in os.getloadavg())))


def main(argv=None):
    args = parse_args(argv)
    wanted = set(args.scenario or SCENARIOS)
    info = machine()
    report = common.Report(harness_command(args))
    ws = common.Workspace()
    started = time.perf_counter()
    print("bench: scenarios %s; %d repetition(s); load average %s" % (
        ", ".join(str(s) for s in sorted(wanted)), args.reps, " ".join("%.2f" % x for x in info["load_average"])),
        flush=True)
    try:
        if wanted & {1, 2}:
            import workflow  # pylint: disable=import-outside-toplevel
            print("scenarios 1-2: one profile, three clusters ...", flush=True)
            workflow.run(ws, report, args.reps)
        if 3 in wanted:
            import fleet  # pylint: disable=import-outside-toplevel
            print("scenario 3: %d clusters, rate limits on ..." % args.fleet, flush=True)
            fleet.run(ws, report, args.fleet, args.fleet_reps, args.forks)
        if 4 in wanted:
            import inventory  # pylint: disable=import-outside-toplevel
            print("scenario 4: inventory of %d clusters ..." % args.inventory_clusters, flush=True)
            inventory.run(ws, report, args.inventory_clusters, args.reps)
        if 5 in wanted:
            import startup  # pylint: disable=import-outside-toplevel
            print("scenario 5: start-up cost ...", flush=True)
            startup.run(ws, report, args.reps)
        if 6 in wanted:
            import prune  # pylint: disable=import-outside-toplevel
            print("scenario 6: pruning %d profile versions ..." % args.prune_versions, flush=True)
            prune.run(ws, report, args.prune_versions, args.reps)
        if 7 in wanted:
            import slicing  # pylint: disable=import-outside-toplevel
            print("scenario 7: %d clusters in %d job slices ..." % (args.slicing_clusters, args.slices), flush=True)
            slicing.run(ws, report, args.slicing_clusters, args.slices, args.fleet_reps)
    finally:
        ws.close()
    elapsed = time.perf_counter() - started
    print_report(report, info, elapsed)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"machine": info, "elapsed": elapsed, "args": vars(args), "rows": report.rows,
                       "goals": report.goals, "details": report.details}, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
