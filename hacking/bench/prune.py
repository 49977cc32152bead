"""Scenario 6: pruning a tenant of N cluster profile versions with the rate limits on (issue #19).

The prune seed's tenant (tests/integration/targets/setup_prune_profiles/files/prune_seed.yml) with its profiles and
clusters replaced by N versions in project edge-prod: N / 10 profiles of ten versions each; one cluster uses the
fifth version of each profile. playbooks/prune_profiles.yml (scope project, keep_latest 1, backups on as by default)
must delete the other eight of each profile, a fresh read and a backup before each DELETE; the emulator's state is
checked after every run, or the run stops.

The floor: what the API's rate limits allow for the requests the job needs - the listing (the metadata list, the
dashboard pages, the metadata list again to check the deletes) and, per deleted version, the read right before its
DELETE, the read of its variables the backup needs, and the DELETE. A second floor leaves out the backup's read.
"""

import copy
import os

import yaml
from palette_emulator.ids import derived_uid
from palette_emulator.testing import EmulatorProcess

import common

GOAL = 1.3                  # wall within this many times the rate floor (issue #19)
VERSIONS_PER_PROFILE = 10
USED_VERSION = 4            # the fifth version of each profile runs on a cluster
SEED = os.path.join(common.ROOT, "tests", "integration", "targets", "setup_prune_profiles", "files", "prune_seed.yml")


def prune_seed(size):
    """The prune seed's tenant with ``size`` generated versions (rounded up to whole profiles); returns
    ``(seed, uids to delete)``."""
    with open(SEED, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    base = [p for p in seed["profiles"] if p["uid"] == "69a000000000000000000100"][0]
    seed["profiles"], seed["clusters"] = [], []
    doomed = []
    for k in range((size + VERSIONS_PER_PROFILE - 1) // VERSIONS_PER_PROFILE):
        uids = [derived_uid("bench-prune", k, v) for v in range(VERSIONS_PER_PROFILE)]
        for v, uid in enumerate(uids):
            profile = copy.deepcopy(base)
            profile.update(uid=uid, name="bench-%03d" % k, version="1.%d.0" % v)
            seed["profiles"].append(profile)
        seed["clusters"].append({"uid": derived_uid("bench-prune-cluster", k), "name": "bench-site-%03d" % k,
                                 "project": common.DEMO_PROJECT_UID, "cloud_type": "edge-native",
                                 "profiles": [{"uid": uids[USED_VERSION]}]})
        doomed.extend(u for v, u in enumerate(uids) if v not in (USED_VERSION, VERSIONS_PER_PROFILE - 1))
    return seed, doomed


def floor_requests(versions, doomed, backup=True):
    """The requests the job cannot do without (see the module docstring)."""
    pages = (versions + 49) // 50
    out = [{"method": "GET", "path": "/v1/dashboard/clusterprofiles/metadata"}] * 2
    out += [{"method": "POST", "path": "/v1/dashboard/clusterprofiles"}] * pages
    for uid in doomed:
        out.append({"method": "GET", "path": "/v1/clusterprofiles/%s" % uid})
        if backup:
            out.append({"method": "GET", "path": "/v1/clusterprofiles/%s/variables" % uid})
        out.append({"method": "DELETE", "path": "/v1/clusterprofiles/%s" % uid})
    return out


def run(ws, report, size, reps):
    seed, doomed = prune_seed(size)
    versions = len(seed["profiles"])
    playbook = common.tool("ansible-playbook")
    walls, cpus, logs = [], [], []
    # an unused version must be listed as unused (empty usage lists sent) for the job to have anything to delete; the
    # emulator's default leaves them out, and then nothing is pruned (profile_usage_lists, issue #19)
    with EmulatorProcess(seed=seed, strict=True, rate_limits=True, start_timeout=120,
                         extra_args=("--profile-usage-lists", "listed")) as emu:
        for rep in range(reps):
            emu.reset()
            out = ws.path("prune-%d" % rep)
            env = ws.env(PALETTE_HOST=emu.url, PALETTE_API_KEY=common.DEMO_API_KEY, PALETTE_PROJECT=common.DEMO_PROJECT_NAME)
            measured = common.run_measured(
                [playbook, "playbooks/prune_profiles.yml", "-e", "prune_profiles_scope=project",
                 "-e", "prune_profiles_backup_dir=%s/backups" % out, "-e", "prune_profiles_report_dir=%s/reports" % out], env)
            common.require_ok(measured, "scenario 6")
            left = set(p["uid"] for p in emu.state()["profiles"])
            wrong = [u for u in doomed if u in left] + [p["uid"] for p in seed["profiles"]
                                                        if p["uid"] not in left and p["uid"] not in set(doomed)]
            if wrong or len(os.listdir(os.path.join(out, "backups"))) != len(doomed):
                raise SystemExit("scenario 6: the prune did not delete exactly the %d unused versions (%d wrong: %s)"
                                 % (len(doomed), len(wrong), ", ".join(wrong[:5])))
            walls.append(measured.wall)
            cpus.append(measured.cpu)
            logs.append(emu.requests())

    cmd = "%s --scenario 6 --prune-versions %d" % (report.command, size)
    floor = common.rate_floor(floor_requests(versions, doomed))[0]
    bare_floor = common.rate_floor(floor_requests(versions, doomed, backup=False))[0]
    report.row(6, "API floor: prune %d of %d versions" % (len(doomed), versions),
               "%d requests" % len(floor_requests(versions, doomed)),
               "rate floor %.1f s (%.1f s without the backup's read of the variables)" % (floor, bare_floor), cmd)
    wall, cpu = common.median(walls), common.median(cpus)
    counts = common.count(logs[0])
    report.row(6, "prune_profiles.yml: wall (median of %d)" % len(walls), common.seconds(wall),
               "range %s s; %.2fx the rate floor" % (common.spread(walls), wall / floor), cmd)
    report.row(6, "prune_profiles.yml: CPU, ansible-playbook and children", common.seconds(cpu),
               "%.1f ms per deleted version" % (cpu * 1000 / len(doomed)), cmd)
    report.row(6, "prune_profiles.yml: requests", "%d (%d writes, %d HTTP 429)" % (counts["total"], counts["writes"], counts["429"]),
               "their own rate floor %.1f s" % common.rate_floor(logs[0])[0], cmd)
    report.detail(6, "prune_profiles.yml, requests per endpoint: %s" % ", ".join(
        "%s x%d" % (k, v) for k, v in sorted(common.endpoints(logs[0]).items())))
    report.goal(6, "prune within %.1fx the rate floor" % GOAL, wall <= GOAL * floor,
                "%.2fx (%.1f s against %.1f s)" % (wall / floor, wall, floor))
