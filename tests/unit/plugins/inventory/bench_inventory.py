# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark of the spectrocloud.palette.palette inventory plugin (prints figures; not a test).

Starts an emulator with the demo seed plus a generated fleet (``--clusters N``, spread over the generated
``fleet-*`` projects) with its rate limits on, then times ``ansible-inventory --list``:

* cold: no cache, every page fetched; compared with the rate floor, the time the search requests alone need
  at Palette's 10 requests per second for ``/v1/dashboard`` (REFERENCE.md section 7);
* cached: the same config with a fresh jsonfile cache (no API call at all).

    python tests/unit/plugins/inventory/bench_inventory.py [--clusters 5000] [--pack-details auto]

Needs ansible-core and the emulator (``pip install -e tests/emulator``) in the running Python.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import math
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
ADMIN_KEY = "PALETTE-EMULATOR-ADMIN-KEY-all-projects-not-a-real-secret"   # fake, from the demo seed
DASHBOARD_RPS = 10.0


def collections_path(tmp):
    parts = COLLECTION_ROOT.split(os.sep)
    if parts[-3:-1] == ["ansible_collections", "spectrocloud"]:
        return os.sep.join(parts[:-3]) or os.sep
    link = os.path.join(tmp, "collections", "ansible_collections", "spectrocloud", "palette")
    os.makedirs(os.path.dirname(link))
    os.symlink(COLLECTION_ROOT, link)
    return os.path.join(tmp, "collections")


def inventory_command():
    candidate = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
    if os.path.exists(candidate):
        return [sys.executable, candidate]
    return [shutil.which("ansible-inventory") or "ansible-inventory"]


def run_inventory(config_path, tmp, collections):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("PALETTE_", "SPECTROCLOUD_", "ANSIBLE_")))
    env.update({"ANSIBLE_COLLECTIONS_PATH": collections, "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
                "PALETTE_RATE_LIMIT_DIR": os.path.join(tmp, "ratelimit"),
                "ANSIBLE_LOCAL_TEMP": os.path.join(tmp, "ansible-tmp")})
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    output = os.path.join(tmp, "inventory.json")
    proc = subprocess.run(inventory_command() + ["-vv", "-i", config_path, "--list", "--output", output],
                          env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, cwd=tmp, check=False)
    elapsed = time.time() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit("ansible-inventory failed:\n" + proc.stderr[-3000:])
    with open(output) as handle:
        data = json.load(handle)
    # the plugin's own -vv line: "N clusters from the API (...) in X s, inventory built in Y s"
    found = re.search(r"clusters from the (?:API \(.*?\)|cache) in ([0-9.]+) s, inventory built in ([0-9.]+) s",
                      proc.stdout + proc.stderr)
    phases = (float(found.group(1)), float(found.group(2))) if found else (None, None)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": elapsed, "cpu": cpu, "fetch": phases[0], "populate": phases[1],
            "hosts": len(data.get("_meta", {}).get("hostvars", {}))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clusters", type=int, default=5000)
    parser.add_argument("--pack-details", default="auto", choices=["auto", "cluster", "none"])
    args = parser.parse_args()

    from palette_emulator.testing import EmulatorProcess  # pylint: disable=import-error,import-outside-toplevel

    tmp = tempfile.mkdtemp(prefix="palette-inventory-bench-")
    try:
        collections = collections_path(tmp)
        with EmulatorProcess(seed="demo", strict=True, rate_limits=True,
                             extra_args=("--clusters", str(args.clusters))) as emu:
            state = emu.state()
            fleet = dict((p["uid"], p["name"]) for p in state["projects"] if p["name"].startswith("fleet-"))
            listed = dict((uid, 0) for uid in fleet)
            for cluster in state["clusters"]:
                if cluster["project_uid"] in listed and not cluster["deleted"] and not cluster["virtual"]:
                    listed[cluster["project_uid"]] += 1
            config = {"plugin": "spectrocloud.palette.palette", "host": emu.url, "api_key": ADMIN_KEY,
                      "projects": ["fleet-*"], "pack_details": args.pack_details, "cache": True,
                      "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": os.path.join(tmp, "cache")}
            path = os.path.join(tmp, "bench.palette.yml")
            with open(path, "w") as handle:
                yaml.safe_dump(config, handle)

            emu.admin("DELETE", "/__emulator__/requests")
            cold = run_inventory(path, tmp, collections)
            log = emu.requests()
            emu.admin("DELETE", "/__emulator__/requests")
            cached = run_inventory(path, tmp, collections)
            cached_log = emu.requests()

        searches = [r for r in log if r["path"] == "/v1/dashboard/spectroclusters/search"]
        dashboard = [r for r in log if r["path"].startswith("/v1/dashboard")]
        minimum = sum(int(math.ceil(n / 50.0)) for n in listed.values())
        floor = len(searches) / DASHBOARD_RPS
        print("clusters generated           %d (%d projects; %d listed after leaving out deleted and virtual)"
              % (args.clusters, len(fleet), sum(listed.values())))
        print("pack_details                 %s" % args.pack_details)
        print("hosts                        %d (cached build: %d)" % (cold["hosts"], cached["hosts"]))
        print("requests, cold               %d total: %d searches (minimum ceil(N/50) per project: %d), "
              "%d /v1/dashboard, %d profile reads, %d cluster reads"
              % (len(log), len(searches), minimum, len(dashboard),
                 len([r for r in log if r["path"].startswith("/v1/clusterprofiles/")]),
                 len([r for r in log if r["path"].startswith("/v1/spectroclusters/")])))
        print("HTTP 429 answers             %d" % len([r for r in log if r["status"] == 429]))
        print("rate floor (searches/10 rps) %.1f s  (every /v1/dashboard request / 10 rps: %.1f s)"
              % (floor, len(dashboard) / DASHBOARD_RPS))
        for name, run, requests in (("cold build", cold, log), ("cached build", cached, cached_log)):
            print("%-28s %.1f s wall, %.1f s CPU; plugin: %s s reading (%s), %s s building hosts; %d requests"
                  % (name, run["wall"], run["cpu"], run["fetch"], "API" if run is cold else "cache",
                     run["populate"], len(requests)))
        print("load average                 %.1f" % os.getloadavg()[0])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
