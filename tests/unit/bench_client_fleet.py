# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: N client processes at once against the emulator with rate limits on. Prints figures, never fails.

For each endpoint prefix measured, every process sends the same number of GETs to that prefix; the wall time from
the common start to the last answer is compared with the rate floor, requests / table rate (REFERENCE.md section
7), the least time in which the server's limits allow that many requests. The emulator's request log gives the
number of 429 answers.

    python tests/unit/bench_client_fleet.py [--processes 40] [--requests 10] [--repeat 3]

Needs the emulator package (pip install -e tests/emulator); run from the repository root.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import os
import sys
import tempfile


def _ensure_collection_importable():
    """Make ansible_collections.spectrocloud.palette importable from this checkout (a symlink farm in /tmp)."""
    try:
        import ansible_collections.spectrocloud.palette.tests.unit.client_helpers  # noqa: F401  pylint: disable=unused-import
        return
    except ImportError:
        pass
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    farm = os.path.join(tempfile.gettempdir(), "palette-unit-collections-%d" % os.getuid())
    link_dir = os.path.join(farm, "ansible_collections", "spectrocloud")
    link = os.path.join(link_dir, "palette")
    if not os.path.isdir(link_dir):
        os.makedirs(link_dir)
    if os.path.islink(link) and os.path.realpath(link) != os.path.realpath(root):
        os.unlink(link)
    if not os.path.exists(link):
        os.symlink(root, link)
    sys.path.insert(0, farm)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=40)
    parser.add_argument("--requests", type=int, default=10,
                        help="GETs per process on the 50/s prefix (a third of that on the 10/s prefix)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    _ensure_collection_importable()
    from ansible_collections.spectrocloud.palette.plugins.module_utils import ratelimit
    from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import run_fleet
    from palette_emulator.testing import EmulatorProcess, demo_seed

    seed = demo_seed()
    api_key = [k["key"] for k in seed["api_keys"] if k["name"] == "tenant-admin"][0]
    project = [p for p in seed["projects"] if p["name"] == "edge-prod"][0]["uid"]
    cluster = [c for c in seed["clusters"] if c.get("project") == project][0]["uid"]
    slow = max(1, args.requests // 3)
    scenarios = [
        ("/v1/spectroclusters/%s" % cluster, args.requests),
        ("/v1/dashboard/clusterprofiles/metadata", slow),
    ]
    print("client limiter: burst %d, %.0f %% of the table rate; %d processes; load average %s"
          % (ratelimit.BURST, ratelimit.RATE_FACTOR * 100, args.processes,
             " ".join("%.1f" % x for x in os.getloadavg())))
    print("%-40s %5s %8s %8s %8s %7s %5s" % ("prefix", "rate", "requests", "floor_s", "wall_s", "ratio", "429s"))
    ratios = []
    with EmulatorProcess(seed="demo", strict=True, rate_limits=True) as emu:
        for path, per_process in scenarios:
            prefix, rate = ratelimit.match_prefix(path)
            call = "GET:%s:%d" % (path, per_process)
            for dummy in range(args.repeat):
                emu.reset()
                bucket_dir = tempfile.mkdtemp(prefix="palette-bench-")
                results, codes, start = run_fleet(emu.url, api_key, bucket_dir, [call], args.processes,
                                                  project_uid=project)
                entries = emu.requests()
                total = args.processes * per_process
                wall = max(r["ended"] for r in results) - start
                floor = total / float(rate)
                too_many = sum(1 for e in entries if e["status"] == 429)
                failed = sum(1 for c in codes if c != 0)
                ratios.append(wall / floor)
                print("%-40s %5d %8d %8.2f %8.2f %6.2fx %5d%s" % (prefix, rate, total, floor, wall, wall / floor,
                                                                  too_many, "  (%d processes failed)" % failed if failed else ""))
    print("worst ratio %.2fx, best %.2fx (goal: within 1.3x of the floor)" % (max(ratios), min(ratios)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
