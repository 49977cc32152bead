"""What every scenario of `make bench` shares: the environment the measured commands run in, timing with CPU, the
request log, the API's rate floor, medians, and the rows of the final table.

Every measured command is a separate process started here, with a clean environment (no PALETTE_* or ANSIBLE_* from
the caller), the collection from this checkout on ANSIBLE_COLLECTIONS_PATH, and its own client rate-limit state,
so no run inherits the buckets of the one before.
"""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from palette_emulator.ratelimit import match_prefix  # the emulator's copy of the REF section 7 table

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "hacking", "bench")
BIN = os.path.dirname(sys.executable)
DEMO_API_KEY = "PALETTE-EMULATOR-DEMO-KEY-edge-prod-not-a-real-secret"  # fake, from the demo seed
ADMIN_API_KEY = "PALETTE-EMULATOR-ADMIN-KEY-all-projects-not-a-real-secret"  # fake, from the demo seed
DEMO_PROJECT_UID = "69791bbdb68bd0033ad275a5"
DEMO_PROJECT_NAME = "edge-prod"
CORE_UID = "698e43979f639727243be3e8"  # core 1.1.0 in the demo seed
CORE_CLUSTERS = ("6982d34cd881f18566be1474", "6982d34cd881f18566be1501", "6982d34cd881f18566be1503")


def installed_problem(cluster, profile_uid, pack, tag):
    """Why ``cluster`` (an emulator state entry) has not installed ``pack`` ``tag`` of ``profile_uid``, or None: it
    must be attached to it, have it installed and show it Ready/True in status.packs[] with no install in progress
    (Palette keeps the cluster Running while it installs, so the state proves nothing)."""
    tags = dict((field, [k["tag"] for s in cluster[field] if s["uid"] == profile_uid for k in s["packs"]
                         if k["name"] == pack]) for field in ("templates", "installed"))
    status = cluster["pack_status"].get("%s/%s" % (profile_uid, pack)) or {}
    condition = status.get("condition") or {}
    shown = (status.get("version"), condition.get("type"), condition.get("status"))
    if tags["templates"] != [tag] or tags["installed"] != [tag] or shown != (tag, "Ready", "True") or cluster["apply"]:
        return "%s: attached %s, installed %s, status %s, install in progress %s" % (
            cluster["name"], tags["templates"], tags["installed"], "/".join(str(x) for x in shown),
            bool(cluster["apply"]))
    return None


def tool(name):
    """A console script of the running virtualenv (falls back to PATH)."""
    candidate = os.path.join(BIN, name)
    return candidate if os.path.exists(candidate) else (shutil.which(name) or name)


class Workspace:
    """A temporary directory for one bench run, and the environment of the commands it measures."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="palette-bench-")
        self.collections = subprocess.run(["bash", os.path.join(ROOT, "hacking", "link-collection.sh")], check=True,
                                          stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
        self._runs = 0

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def env(self, **extra):
        """A clean environment: the caller's PALETTE_*/ANSIBLE_* are dropped; a fresh rate-limit state directory."""
        self._runs += 1
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("PALETTE_", "SPECTROCLOUD_", "ANSIBLE_")))
        env.update({
            "PATH": BIN + os.pathsep + env.get("PATH", ""),
            "ANSIBLE_COLLECTIONS_PATH": self.collections,
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCAL_TEMP": self.path("ansible-tmp"),
            "ANSIBLE_HOME": self.path("ansible-home"),
            "PALETTE_RATE_LIMIT_DIR": self.path("ratelimit-%d" % self._runs),
        })
        env.update(dict((k, str(v)) for k, v in extra.items()))
        return env

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Measured:
    """Wall time, CPU time of the command and its children, exit status and output of one run."""

    def __init__(self, wall, cpu, returncode, output):
        self.wall = wall
        self.cpu = cpu
        self.returncode = returncode
        self.output = output


def run_measured(argv, env, cwd=ROOT):
    """Run ``argv`` to completion; CPU is user + system time of every process it started (RUSAGE_CHILDREN)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(wall, cpu, proc.returncode, proc.stdout)


def require_ok(measured, what):
    """A failed run is not a figure: stop with its output."""
    if measured.returncode != 0:
        raise SystemExit("%s failed (exit %d):\n%s" % (what, measured.returncode, measured.output[-4000:]))


def process_cpu(pid):
    """User + system CPU seconds used so far by a running process (Linux /proc), e.g. the emulator."""
    with open("/proc/%d/stat" % pid, encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / float(os.sysconf("SC_CLK_TCK"))


# -- the request log ------------------------------------------------------------------------------------------
def api_requests(entries):
    """The /v1 requests of a log (the admin API is not logged, but be sure)."""
    return [e for e in entries if e["path"].startswith("/v1/")]


def count(entries):
    """{total, writes, 429s} of a log."""
    entries = api_requests(entries)
    return {"total": len(entries), "writes": sum(1 for e in entries if e.get("write")),
            "429": sum(1 for e in entries if e["status"] == 429)}


def by_prefix(entries):
    """{prefix: number of requests} with the rate-limit prefix of each request (REF section 7)."""
    out = {}
    for entry in api_requests(entries):
        prefix = match_prefix(entry["path"])[0]
        out[prefix] = out.get(prefix, 0) + 1
    return out


def rate_floor(entries):
    """The least time Palette's rate limits allow for these requests: per prefix, requests / that prefix's rate.

    The prefixes are separate buckets, so requests to different prefixes can overlap: the floor of the whole is the
    slowest prefix's floor (the sum would be the floor of a client that never overlaps them). Returns
    ``(floor, sum, {prefix: seconds})``. The burst (5) is not subtracted: it only matters for tiny runs.
    """
    seconds = {}
    for prefix, number in by_prefix(entries).items():
        seconds[prefix] = number / float(match_prefix(prefix)[1])
    if not seconds:
        return 0.0, 0.0, {}
    return max(seconds.values()), sum(seconds.values()), seconds


def endpoints(entries):
    """{"METHOD /path with uids as {uid}": n}: where the requests of a run went."""
    out = {}
    for entry in api_requests(entries):
        parts = ["{uid}" if len(p) == 24 and all(c in "0123456789abcdef" for c in p) else p
                 for p in entry["path"].split("/")]
        key = "%s %s" % (entry["method"], "/".join(parts))
        out[key] = out.get(key, 0) + 1
    return out


# -- figures ----------------------------------------------------------------------------------------------------
def median(values):
    return statistics.median(values) if values else float("nan")


def spread(values):
    """'min-max' of a list of seconds, to show how noisy a median is."""
    return "%.2f-%.2f" % (min(values), max(values)) if values else "-"


def seconds(value):
    return "%.2f s" % value


class Report:
    """The rows of the final table, and the verdict on each goal."""

    def __init__(self, command):
        self.command = command  # the harness command line, minus the scenario filter
        self.rows = []
        self.goals = []
        self.details = []

    def row(self, scenario, figure, value, compared="", command=None):
        self.rows.append({"scenario": scenario, "figure": figure, "value": value, "compared": compared,
                          "command": command or "%s --scenario %s" % (self.command, scenario)})

    def goal(self, scenario, text, met, measured):
        self.goals.append({"scenario": scenario, "goal": text, "met": met, "measured": measured})

    def detail(self, scenario, text):
        self.details.append({"scenario": scenario, "text": text})
