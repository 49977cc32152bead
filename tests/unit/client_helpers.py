# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers the client tests share (fixtures are in conftest.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import time

import requests

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "client_worker.py")


def collections_root():
    """The directory that holds ``ansible_collections`` (for PYTHONPATH of child processes)."""
    import ansible_collections.spectrocloud.palette as pkg
    here = os.path.abspath(list(pkg.__path__)[0])
    return os.path.dirname(os.path.dirname(os.path.dirname(here)))


def log_entries(emulator, since=None):
    """The emulator's request log as a list of dicts."""
    data = emulator.requests(since=since)
    if isinstance(data, dict):
        data = data.get("requests", [])
    return list(data)


def login_token(emulator, demo):
    """A JWT obtained with plain requests (not with the client under test)."""
    answer = requests.post(emulator.url + "/v1/auth/authenticate", timeout=10,
                           json={"emailId": demo["username"], "password": demo["password"], "org": demo["org"]})
    answer.raise_for_status()
    return answer.json()["Authorization"]


class MovableClock(object):
    """The client's clock, moved forward together with the emulator's (as if real time passed)."""

    def __init__(self):
        self.offset = 0.0

    def __call__(self):
        return time.time() + self.offset


def advance(emulator, seconds, clock=None):
    """Move the emulator clock (and the client's, when given) forward."""
    emulator.admin("POST", "/__emulator__/clock", json={"advance": seconds})
    if clock is not None:
        clock.offset += seconds


def run_fleet(url, api_key, bucket_dir, calls, processes, project=None, project_uid=None, extra=()):
    """Run ``processes`` client_worker.py processes that begin together; return (results, exit codes, start).

    Every worker is started and has imported the client before the common start time is sent, so the
    measurement is about the requests, not about Python start-up.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([collections_root()] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env["PALETTE_RATE_LIMIT_DIR"] = bucket_dir
    argv = [sys.executable, WORKER, "--url", url, "--api-key", api_key, "--start", "stdin"] + list(extra)
    if project:
        argv += ["--project", project]
    if project_uid:
        argv += ["--project-uid", project_uid]
    for call in calls:
        argv += ["--call", call]
    procs = [subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)  # pylint: disable=consider-using-with
             for dummy in range(processes)]
    for proc in procs:
        line = proc.stdout.readline().strip()
        if line != b"ready":
            raise AssertionError("client_worker did not start: %s" % proc.stderr.read().decode()[-2000:])
    start = time.time() + 0.2
    for proc in procs:
        proc.stdin.write(("%r\n" % start).encode())
        proc.stdin.flush()
    results, codes = [], []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        codes.append(proc.returncode)
        lines = out.decode().strip().splitlines()
        results.append(json.loads(lines[-1]) if lines else {"errors": [err.decode()[-2000:]]})
    return results, codes, start
