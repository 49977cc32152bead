# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One process of a fleet run: like one Ansible fork running one task.

Used by ``test_client_fleet.py`` and ``bench_client_fleet.py``. It builds a PaletteClient (rate limiter state
shared through ``$PALETTE_RATE_LIMIT_DIR``), waits until ``--start`` (epoch seconds) so that every process begins
at once, sends its calls and prints one JSON line: ``{"ready", "started", "ended", "calls", "errors", "stats"}``.

    python client_worker.py --url URL --api-key KEY [--project NAME | --project-uid UID]
        --start EPOCH|stdin --call GET:/v1/spectroclusters/UID:10 [--call ...] [--no-rate-limit]
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--project")
    parser.add_argument("--project-uid")
    parser.add_argument("--start", default="0",
                        help="epoch seconds to begin at, or 'stdin': print 'ready', then read the epoch from stdin")
    parser.add_argument("--call", action="append", default=[], help="METHOD:PATH:COUNT (POST sends {} as body)")
    parser.add_argument("--no-rate-limit", action="store_true")
    parser.add_argument("--retries", type=int, default=8)
    args = parser.parse_args(argv)

    from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient, PaletteError

    client = PaletteClient(host=args.url, api_key=args.api_key, project_name=args.project,
                           project_uid=args.project_uid, rate_limit=not args.no_rate_limit, retries=args.retries)
    calls = []
    for spec in args.call:
        method, rest = spec.split(":", 1)
        path, count = rest.rsplit(":", 1)
        calls.append((method.upper(), path, int(count)))

    ready = time.time()
    if args.start == "stdin":
        sys.stdout.write("ready\n")
        sys.stdout.flush()
        start = float(sys.stdin.readline().strip() or 0)
    else:
        start = float(args.start)
    delay = start - time.time()
    if delay > 0:
        time.sleep(delay)
    started = time.time()
    done = 0
    errors = []
    try:
        client.project_uid  # pylint: disable=pointless-statement  # resolve the project name, as a task would
        for method, path, count in calls:
            for dummy in range(count):
                client.request(method, path, body={} if method == "POST" else None)
                done += 1
    except PaletteError as exc:
        errors.append(str(exc))
    ended = time.time()
    sys.stdout.write(json.dumps({"ready": ready, "started": started, "ended": ended, "calls": done, "errors": errors,
                                 "stats": client.stats}) + "\n")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
