# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWX job slicing, emulated: shared by tests/awx/test_job_slicing.py and the bench (hacking/bench/slicing.py).

AWX runs a sliced job template as N jobs side by side. Each job gets every N-th host of the inventory (sorted by
name), runs in a container of its own (its own home directory, Ansible temp directory and so the collection's own
client rate-limit state) and gets the credential as PALETTE_* environment variables. Here each slice is an
``ansible-playbook --limit <its hosts>`` process over the synced inventory with such a private directory tree,
all of them against one
emulator address: the case of slices whose requests leave through one NAT address and share Palette's per-address
rate limits.

The playbook is the example project's ``fleet_rollout.yml`` (docs/awx/project), which imports
spectrocloud.palette.fleet_rollout; the inventory is what the project's inventory file (the inventory plugin) gave
when it was synced once, as AWX stores it and hands it to a job.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os
import subprocess
import time

from palette_emulator.ids import derived_uid
from palette_emulator.testing import DEMO_PROJECT_UID, demo_seed

from awx_job import BIN, INVENTORY, PROJECT, job_env, playbook_command

PLAYBOOK = "fleet_rollout.yml"
PROFILE_NAME = "slice-core"
PROFILE_UID = derived_uid("awx-slicing", "profile")
RUNNING = {"metallb": "0.14.8", "cert-manager": "1.15.3"}       # what the fleet's clusters run
PUBLISHED = {"metallb": "0.14.9", "cert-manager": "1.16.1"}     # what the profile publishes


def fleet_seed(size):
    """The demo seed plus ``size`` clusters ``shop-0001``... in edge-prod, each with an update of PROFILE_NAME
    pending (the demo's own clusters run other profiles and must not be touched)."""
    seed = copy.deepcopy(demo_seed())
    seed["profiles"].append({"uid": PROFILE_UID, "name": PROFILE_NAME, "version": "1.0.0", "project": DEMO_PROJECT_UID,
                             "type": "add-on",
                             "packs": [{"name": name, "tag": tag} for name, tag in sorted(PUBLISHED.items())]})
    for n in range(1, size + 1):
        seed["clusters"].append({"uid": derived_uid("awx-slicing", n), "name": "shop-%04d" % n,
                                 "project": DEMO_PROJECT_UID, "cloud_type": "edge-native",
                                 "profiles": [{"uid": PROFILE_UID}], "running": {PROFILE_UID: dict(RUNNING)}})
    return seed


def fleet_clusters(seed):
    """{uid: name} of the clusters the rollout must update."""
    return dict((c["uid"], c["name"]) for c in seed["clusters"] if c["name"].startswith("shop-"))


def sync_inventory(base, url, collections):
    """AWX's inventory sync and job inventory: the plugin runs once (``ansible-inventory --list``) and AWX stores what
    it printed; each job then gets it as an executable script that prints that JSON (``inventory/hosts`` in the
    job's private data directory, read by ansible-core's script inventory plugin). Returns (the script's path, the
    host names sorted by name, as AWX orders them before it deals them out to the slices)."""
    listed = subprocess.run([os.path.join(BIN, "ansible-inventory"), "-i", INVENTORY, "--list"],
                            cwd=PROJECT, env=job_env(base, url, collections), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True, check=False)
    if listed.returncode != 0:
        raise RuntimeError("ansible-inventory failed:\n%s\n%s" % (listed.stdout[-3000:], listed.stderr[-3000:]))
    # ansible-core 2.16 marks the plugin's strings {"__ansible_unsafe": ...} in JSON; AWX stores plain values
    data = json.loads(listed.stdout, object_hook=lambda obj: obj["__ansible_unsafe"] if list(obj) == ["__ansible_unsafe"] else obj)
    folder = os.path.join(base, "inventory")
    os.makedirs(folder)
    script = os.path.join(folder, "hosts")
    with open(script, "w") as handle:
        handle.write("#!/usr/bin/env python3\nprint(%r)\n" % json.dumps(data))
    os.chmod(script, 0o700)
    hosts = set(data.get("_meta", {}).get("hostvars", {}))
    for name, group in data.items():
        if name != "_meta":
            hosts.update(group.get("hosts") or [])
    return script, sorted(hosts)


def slice_hosts(hosts, count):
    """AWX's slices: slice k (from 0) holds hosts k, k + count, k + 2 * count, ..."""
    return [hosts[k::count] for k in range(count)]


class Slice(object):
    """One running slice job: its hosts, private directory, process and (when done) output and report."""

    def __init__(self, number, hosts, base, inventory):
        self.number = number
        self.inventory = inventory
        self.hosts = hosts
        self.base = base
        self.report_file = os.path.join(base, "report.json")
        self.proc = None
        self.stdout = self.stderr = ""

    def start(self, url, collections, extra_vars, factor, playbook=PLAYBOOK):
        variables = dict(extra_vars, fleet_rollout_report_file=self.report_file)
        cmd = playbook_command(playbook, variables, self.inventory, ("--limit", ",".join(self.hosts)))
        env = job_env(self.base, url, collections, **({} if factor is None else {"PALETTE_RATE_LIMIT_FACTOR": factor}))
        # output to files, not pipes: a slice must never wait for the reader of its output while the others run
        with open(os.path.join(self.base, "stdout"), "w") as out, open(os.path.join(self.base, "stderr"), "w") as err:
            self.proc = subprocess.Popen(cmd, cwd=PROJECT, env=env, stdout=out, stderr=err)

    def wait(self, timeout):
        self.proc.wait(timeout=timeout)
        for name in ("stdout", "stderr"):
            with open(os.path.join(self.base, name)) as handle:
                setattr(self, name, handle.read())
        return self.proc.returncode

    def report(self):
        if not os.path.exists(self.report_file):
            return None
        with open(self.report_file) as handle:
            return json.load(handle)

    def describe(self):
        """For assertion messages: the end of the output, and why each failed cluster failed."""
        failed = [(r["cluster"], r.get("error")) for r in (self.report() or {}).get("clusters", [])
                  if r["status"] == "failed"]
        return "slice %d: rc %s, failed clusters %s\nstdout:\n%s\nstderr:\n%s" % (
            self.number, self.proc.returncode, failed, self.stdout[-4000:], self.stderr[-2000:])


def run_slices(base, url, collections, inventory, hosts, count, extra_vars, factor, timeout=600, playbook=PLAYBOOK):
    """Runs ``count`` slices of ``hosts`` (of the synced ``inventory``) side by side, each running ``playbook`` (a
    path relative to the project, or absolute); returns (slices, wall seconds from the first start to the last
    end)."""
    slices = [Slice(k + 1, part, os.path.join(base, "slice-%d" % (k + 1)), inventory)
              for k, part in enumerate(slice_hosts(hosts, count))]
    started = time.monotonic()
    for job in slices:
        job.start(url, collections, extra_vars, factor, playbook)
    for job in slices:
        job.wait(timeout)
    return slices, time.monotonic() - started
