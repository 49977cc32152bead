# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AWX job, emulated: a playbook of the example project (docs/awx/project) run the way AWX runs a job template.

AWX runs each job in a container of its own: the project checked out as the working directory, a home and temp
directory nobody else uses (so the collection's client rate-limit state, under ~/.ansible/tmp, is the job's own),
the credential as PALETTE_* environment variables and the survey answers and extra variables as extra variables.
Used by tests/awx (the project, job slicing) and by the bench (hacking/bench/slicing.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PROJECT = os.path.join(ROOT, "docs", "awx", "project")
INVENTORY = "inventories/fleet.palette.yml"
BIN = os.path.dirname(sys.executable)
DEMO_API_KEY = "PALETTE-EMULATOR-DEMO-KEY-edge-prod-not-a-real-secret"   # fake, from the emulator's demo seed


def collections_path():
    """A collections path where this checkout is spectrocloud.palette (hacking/link-collection.sh)."""
    return subprocess.run(["bash", os.path.join(ROOT, "hacking", "link-collection.sh")], check=True,
                          stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()


def job_env(base, url, collections, **extra):
    """The environment of one job: the credential's PALETTE_* variables, ``extra`` (the job settings' extra
    environment) and a private home and temp directory under ``base``; nothing of the caller's PALETTE_*/ANSIBLE_*."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("PALETTE_", "SPECTROCLOUD_", "ANSIBLE_")))
    home = os.path.join(base, "home")
    for path in (home, os.path.join(base, "tmp")):
        if not os.path.isdir(path):
            os.makedirs(path)
    env.update({
        "HOME": home,
        "ANSIBLE_HOME": os.path.join(home, ".ansible"),
        "ANSIBLE_LOCAL_TEMP": os.path.join(base, "tmp"),
        "ANSIBLE_COLLECTIONS_PATH": collections,
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
        "ANSIBLE_SHOW_CUSTOM_STATS": "true",             # the set_stats artifacts AWX would store, in the output
        "PATH": BIN + os.pathsep + env.get("PATH", ""),
        "PALETTE_HOST": url,
        "PALETTE_API_KEY": DEMO_API_KEY,
        "PALETTE_PROJECT": "edge-prod",                  # the credential's project
    })
    env.update(dict((k, str(v)) for k, v in extra.items()))
    return env


def playbook_command(playbook, extra_vars, inventory=None, args=()):
    """``ansible-playbook [-i inventory] playbook -e <extra variables as JSON> args`` (run from PROJECT)."""
    cmd = [os.path.join(BIN, "ansible-playbook")]
    if inventory:
        cmd += ["-i", inventory]
    return cmd + [playbook, "-e", json.dumps(extra_vars)] + list(args)


def run_job(base, url, collections, playbook, extra_vars, inventory=None, args=(), timeout=600):
    """Runs one job to its end; returns the completed process (output as text)."""
    return subprocess.run(playbook_command(playbook, extra_vars, inventory, args), cwd=PROJECT,
                          env=job_env(base, url, collections), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout, check=False)
