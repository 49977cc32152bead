"""Soak: a fleet rollout over 1,000 clusters with the emulator's rate limits on and 1 % of all requests failing at
random with 503. Each cluster's agent takes APPLY_SECONDS to install the change after its PATCH, and for the first
half of that Palette still shows the previous install as Ready (the emulator's default ``stale`` reading). Every
cluster must have installed the change (its ``status.packs[]`` Ready with the new version, newer than its PATCH),
each cluster must have exactly one accepted PATCH, the play must have zero failed hosts (no 429 or 503 failure),
and no pack, value, override or attachment may be lost or duplicated (checked on the emulator's stored state).

The rollout is the bulk path: one spectrocloud.palette.palette_cluster_profile task given every cluster uid
(playbooks/fleet_rollout.yml runs one module process per cluster, which on a two-core machine takes far longer
than this suite's budget at 1,000 clusters). The profile change itself (core 1.1.0: VMO 4.7.1, two KubeVirt
replicas) is made and published first, without faults; the faults are on for the whole rollout.

PALETTE_SOAK_CLUSTERS changes the fleet size (default 1000). The figures (duration, requests, 503s and 429s the
client rode out) are printed and written to tests/output/reliability/soak.json.
"""

import collections
import copy
import datetime
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
# pylint: disable=wrong-import-position
from ansible_output import said, unwrapped_lines  # noqa: E402
from workflow import CORE_UID, INFRA_UID, check_clusters, check_profiles, output, palette_env  # noqa: E402
from palette_emulator.testing import EmulatorProcess, demo_seed  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTERS = int(os.environ.get("PALETTE_SOAK_CLUSTERS", "1000"))
APPLY_SECONDS = 60
EDGE_PROD = "69791bbdb68bd0033ad275a5"
CLUSTER_READ = r"^/v1/spectroclusters/[0-9a-f]{24}$"
STORE_LAN_OVERRIDE = """charts:
  metallb-full:
    configuration:
      ipaddresspools:
        first-pool:
          spec:
            addresses:
              # this site's LAN
              - 10.%d.%d.240/28
"""

CHANGE = """
- name: Change core 1.1.0 and publish it (no faults yet)
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    # What the clusters were attached with: the rollout passes it as previous_packs, so that palette_cluster_profile
    # can tell each cluster's own values (the MetalLB pools) from the edit (as the profile_rollout role does).
    - name: Read core 1.1.0 before the edit
      spectrocloud.palette.palette_profile_info:
        uid: %(core)s
      register: soak_before

    - name: Keep its packs (name and values) for the rollout
      ansible.builtin.copy:
        content: "{{ soak_before.profile.packs | map('dict2items') | map('selectattr', 'key', 'in', ['name', 'values'])
                     | map('items2dict') | list | to_json }}"
        dest: "{{ soak_previous_file }}"
        mode: "0600"

    - name: Move VMO to 4.7.1 with two KubeVirt replicas
      spectrocloud.palette.palette_profile:
        uid: %(core)s
        packs:
          - name: virtual-machine-orchestrator
            tag: 4.7.1
            values_merge: {charts: {virtual-machine-orchestrator: {kubevirt: {replicas: 2}}}}
    - name: Publish it
      spectrocloud.palette.palette_profile_publish:
        uid: %(core)s
""" % {"core": CORE_UID}

ROLLOUT = """
- name: Roll core out to the fleet
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Apply to every cluster and wait until each has installed it
      spectrocloud.palette.palette_cluster_profile:
        cluster_uids: "{{ lookup('ansible.builtin.file', soak_uids_file) | from_json }}"
        profile_uid: %(core)s
        previous_packs: "{{ lookup('ansible.builtin.file', soak_previous_file) | from_json }}"
        wait: true
        wait_timeout: 900
        wait_sleep: 2
      register: soak_rollout

    - name: Every cluster installed it (the module's own view; the test checks the emulator's)
      ansible.builtin.assert:
        that:
          - soak_rollout.clusters | length == %(n)d
          - soak_rollout.clusters | rejectattr('converged') | list | length == 0
          - soak_rollout.clusters | rejectattr('install.state', 'equalto', 'installed') | list | length == 0
        quiet: true
""" % {"core": CORE_UID, "n": CLUSTERS}


def fleet_seed(count):
    """The demo seed with its edge-prod clusters replaced by ``count`` Running edge clusters, each running infra
    1.1.0 and core 1.1.0; every tenth keeps its own MetalLB address pool (an override that must survive)."""
    seed = demo_seed()
    seed["clusters"] = [c for c in seed["clusters"] if c.get("project") != EDGE_PROD]
    for n in range(count):
        core = {"uid": CORE_UID}
        if n % 10 == 0:
            core["packValues"] = [{"name": "metallb", "tag": "0.14.8",
                                   "values": STORE_LAN_OVERRIDE % (n // 250, n % 250)}]
        seed["clusters"].append({
            "uid": "6a%022x" % n, "name": "site-%04d" % n, "project": EDGE_PROD, "cloud_type": "edge-native",
            "labels": {"site": "site-%04d" % n, "env": "prod"}, "profiles": [{"uid": INFRA_UID}, core]})
    return seed


def test_soak_fleet_rollout_1000_clusters_with_random_503s(ansible, collections_path):
    seed = fleet_seed(CLUSTERS)
    uids = [c["uid"] for c in seed["clusters"] if c.get("project") == EDGE_PROD]
    assert len(uids) == CLUSTERS
    with EmulatorProcess(seed=copy.deepcopy(seed), strict=True, rate_limits=True,
                         extra_args=("--apply-seconds", str(APPLY_SECONDS))) as emu:
        env = palette_env(emu)
        previous_file = os.path.join(ansible.tmp, "previous_packs.json")
        change = ansible.playbook(CHANGE, "-e", "soak_previous_file=" + previous_file, env=env)
        assert change.returncode == 0, output(change)
        before = emu.state()
        uids_file = ansible.write("uids.json", json.dumps(uids))

        emu.admin("DELETE", "/requests")
        emu.fault(kind="status", status=503, probability=0.01)
        started = time.monotonic()
        rollout = ansible.playbook(ROLLOUT, "-e", "soak_uids_file=" + uids_file,
                                   "-e", "soak_previous_file=" + previous_file, env=env, timeout=1200)
        seconds = time.monotonic() - started
        emu.admin("DELETE", "/faults")
        after = emu.state()
        log = emu.requests()

    text = output(rollout)
    assert rollout.returncode == 0, text[-6000:]
    assert re.search(r"localhost\s+: ok=\d+\s+changed=1\s+unreachable=0\s+failed=0", text), text[-2000:]
    failed_503 = [r for r in log if r["status"] == 503]
    limited = [r for r in log if r["status"] == 429]
    patches = [r for r in log if r["method"] == "PATCH" and r["status"] == 204]
    sent = [r for r in log if r["method"] == "PATCH"]
    figures = {
        "clusters": CLUSTERS, "seconds": round(seconds, 1), "requests": len(log), "answered_503": len(failed_503),
        "answered_429": len(limited), "retries": len(failed_503) + len(limited),
        "cluster_patches_accepted": len(patches), "cluster_patches_sent": len(sent),
        "cluster_reads": sum(1 for r in log if r["method"] == "GET" and re.search(CLUSTER_READ, r["path"])),
        "apply_seconds": APPLY_SECONDS,
        "failed_503_by_method": {m: sum(1 for r in failed_503 if r["method"] == m) for m in ("GET", "POST", "PATCH")},
    }
    _report(figures)
    # the faults really happened, on writes too, and every one of them was ridden out
    assert failed_503, "no request failed: the random 503s were not on"
    assert not [line for line in unwrapped_lines(text) if said(line, "429") and (said(line, "fatal") or said(line, "ERROR"))]
    # every cluster was PATCHed exactly once with an accepted answer (a 503'd PATCH did not land and was re-sent)
    accepted = collections.Counter(r["path"].split("/")[3] for r in patches)
    assert sorted(accepted) == sorted(uids) and set(accepted.values()) == {1}, figures
    patched_at = dict((r["path"].split("/")[3], _time(r["time"])) for r in patches)
    # ``before`` is taken after the publish: the rollout itself must not change any profile
    problems = check_profiles(before, after, changed=()) + check_clusters(before, after, changed=(CORE_UID,))
    assert problems == [], "\n".join(problems[:20])
    # every cluster runs the newly published core, with its own override where it had one
    core = [p for p in after["profiles"] if p["uid"] == CORE_UID][0]
    vmo = [p for p in core["published"]["packs"] if p["name"] == "virtual-machine-orchestrator"][0]
    assert vmo["tag"] == "4.7.1"
    # every cluster is attached to the new core, has installed it, and its agent reported VMO 4.7.1 Ready after the
    # PATCH (what the emulator stores, compared with the request log's PATCH time)
    not_installed = []
    for cluster in after["clusters"]:
        if cluster["uid"] not in uids:
            continue
        for field in ("templates", "installed"):
            core_entry = [s for s in cluster[field] if s["uid"] == CORE_UID][0]
            if [p["tag"] for p in core_entry["packs"] if p["name"] == "virtual-machine-orchestrator"] != ["4.7.1"]:
                not_installed.append("%s: %s core has no VMO 4.7.1" % (cluster["name"], field))
        vmo = cluster["pack_status"].get(CORE_UID + "/virtual-machine-orchestrator") or {}
        condition = vmo.get("condition") or {}
        if (vmo.get("version"), condition.get("type"), condition.get("status")) != ("4.7.1", "Ready", "True") \
                or _time(condition["lastTransitionTime"]) <= patched_at[cluster["uid"]]:
            not_installed.append("%s: VMO status %s" % (cluster["name"], vmo))
        if cluster["state"] != "Running" or cluster["apply"]:
            not_installed.append("%s: %s, install %s" % (cluster["name"], cluster["state"], cluster["apply"]))
    assert not_installed == [], "%d problems:\n%s" % (len(not_installed), "\n".join(not_installed[:20]))


def _time(text):
    """An emulator-clock RFC 3339 time (microseconds in the log, milliseconds in status.packs[]) as a datetime."""
    return datetime.datetime.strptime(text.rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f")


def _report(figures):
    out = os.path.join(ROOT, "tests", "output", "reliability")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "soak.json"), "w", encoding="utf-8") as handle:
        json.dump(figures, handle, indent=2)
    sys.__stdout__.write("\nsoak: %s\n" % json.dumps(figures))
