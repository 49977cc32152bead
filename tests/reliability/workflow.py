"""The demo workflow (playbooks/update_profile.yml with playbooks/vars/demo_update.yml) and what it must leave in
the emulator, worked out here from the seed and the change the vars file asks for, not from the collection's code.

The change, in words (see playbooks/vars/demo_update.yml):
  * infra 1.1.0: csi-rook-ceph values get ``charts.rook-ceph.cephClusterSpec.resources.mgr.limits.memory: 1Gi``;
  * core 1.1.0: virtual-machine-orchestrator moves to tag 4.7.1 and its values get
    ``charts.virtual-machine-orchestrator.kubevirt.replicas: 2``;
both published, then every cluster that runs those versions is attached to the new content and has installed it,
with its own overrides kept.
Everything else - every other pack, value, manifest, profile, override and cluster - must be exactly as before.
"""

import copy
import os
import sys
import threading
import time

import yaml

from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_NAME

INFRA_UID = "698e434f56d5433423e3ee5a"
CORE_UID = "698e43979f639727243be3e8"
VMO_4_7_1_UID = "65a1f0000000000000000503"   # the demo catalogue's pack uid of virtual-machine-orchestrator 4.7.1
CHANGED_PROFILES = (INFRA_UID, CORE_UID)

# Fields the emulator moves on any write or apply; they carry no user data.
# ("created" only differs between two emulator processes started from the same seed: the restart case.)
VOLATILE_PROFILE_FIELDS = ("created", "modified", "revision")
# timestamps only (spc_apply holds the apply settings' times): a cluster nobody wrote to compares on the rest
UNTOUCHED_CLUSTER_VOLATILE = ("created", "modified", "spc_apply")
VOLATILE_CLUSTER_FIELDS = ("created", "modified", "spc_apply", "notification", "conditions", "apply", "state",
                           # the install's bookkeeping (checked below through "installed" and "pack_status")
                           "templates", "installed", "pack_status", "repave", "injections")


def playbook_args(collections_path):
    """ansible-playbook arguments of the demo workflow, from the staged collection."""
    base = os.path.join(collections_path, "ansible_collections", "spectrocloud", "palette")
    return (os.path.join(base, "playbooks", "update_profile.yml"),
            "-e", "@" + os.path.join(base, "playbooks", "vars", "demo_update.yml"))


def palette_env(emu, **extra):
    """Environment of a workflow run against ``emu``: the demo key, project edge-prod, the venv's Python for modules
    (explicit ``-i localhost,`` would otherwise pick the system one), and fast retries."""
    env = {"PALETTE_HOST": emu.url, "PALETTE_API_KEY": DEMO_API_KEY, "PALETTE_PROJECT": DEMO_PROJECT_NAME,
           "ANSIBLE_PYTHON_INTERPRETER": sys.executable}
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run_workflow(ansible, collections_path, emu, env=None, extra_args=(), timeout=300):
    """One run of the demo workflow (``extra_args`` go after the vars file, so ``-e`` there wins); returns the
    CompletedProcess."""
    full = palette_env(emu)
    full.update(env or {})
    full = {k: v for k, v in full.items() if v is not None}   # None: leave that variable out
    return ansible.playbook(*(playbook_args(collections_path) + tuple(extra_args)), env=full, timeout=timeout)


def output(proc):
    return proc.stdout + "\n" + proc.stderr


# ---------------------------------------------------------------------------------------------------------------
# expected state

def _data(text):
    return yaml.safe_load(text or "") or {}


def _set(data, path, value):
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value
    return data


# pack name -> (new tag or None, new pack uid or None, path of the key set, value)
INTENDED = {
    INFRA_UID: {"csi-rook-ceph": (None, None, ("charts", "rook-ceph", "cephClusterSpec", "resources", "mgr", "limits",
                                               "memory"), "1Gi")},
    CORE_UID: {"virtual-machine-orchestrator": ("4.7.1", VMO_4_7_1_UID,
                                                ("charts", "virtual-machine-orchestrator", "kubevirt", "replicas"), 2)},
}


def by_uid(items):
    return {item["uid"]: item for item in items}


def _strip(doc, fields):
    doc = copy.deepcopy(doc)
    for field in fields:
        doc.pop(field, None)
    return doc


def expected_published(seed_profile, intended=None):
    """The published packs the change should produce from ``seed_profile``: values compared as data for the packs
    it changes (comments are checked separately), everything else verbatim."""
    packs = copy.deepcopy(seed_profile["published"]["packs"])
    for pack in packs:
        intent = (intended or INTENDED).get(seed_profile["uid"], {}).get(pack["name"])
        if intent:
            tag, uid, path, value = intent
            pack["values"] = _set(_data(pack["values"]), path, value)
            if tag:
                pack["tag"], pack["uid"] = tag, uid
    return packs


def _comparable(packs, as_data=()):
    out = []
    for pack in packs:
        pack = copy.deepcopy(pack)
        if pack["name"] in as_data and isinstance(pack["values"], str):
            pack["values"] = _data(pack["values"])
        out.append(pack)
    return out


def check_profiles(before, after, changed=CHANGED_PROFILES, intended=None):
    """Problems (a list of strings) with the profiles of ``after`` against ``before`` (the seed state).
    ``intended`` replaces INTENDED (a test that adds someone else's edit to the expected change)."""
    intended_all = intended or INTENDED
    problems = []
    b, a = by_uid(before["profiles"]), by_uid(after["profiles"])
    if set(b) != set(a):
        problems.append("profiles added or removed: %s" % sorted(set(a) ^ set(b)))
    for uid, old in b.items():
        new = a.get(uid)
        if new is None:
            continue
        if uid not in changed:
            if _strip(old, VOLATILE_PROFILE_FIELDS) != _strip(new, VOLATILE_PROFILE_FIELDS):
                problems.append("profile %s %s changed though the run did not target it" % (old["name"], old["version"]))
            continue
        if new.get("draft") is not None:
            problems.append("profile %s %s still has a draft" % (old["name"], old["version"]))
        want = expected_published(old, intended_all)
        intended = list(intended_all[uid])
        got = _comparable((new.get("published") or {}).get("packs") or [], intended)
        if got != want:
            problems.append("profile %s %s published packs differ from the intended change:\nwant %s\ngot  %s"
                            % (old["name"], old["version"], want, got))
        for pack in (new.get("published") or {}).get("packs") or []:
            old_pack = [p for p in old["published"]["packs"] if p["name"] == pack["name"]]
            if pack["name"] in intended and old_pack:
                lost = [line for line in old_pack[0]["values"].splitlines() if line.strip().startswith("#")
                        and line not in pack["values"].splitlines()]
                if lost:
                    problems.append("profile %s pack %s lost comment lines %s" % (old["name"], pack["name"], lost))
        rest_old = _strip(old, VOLATILE_PROFILE_FIELDS + ("published", "draft"))
        rest_new = _strip(new, VOLATILE_PROFILE_FIELDS + ("published", "draft"))
        if rest_old != rest_new:
            problems.append("profile %s %s metadata changed: %s -> %s" % (old["name"], old["version"], rest_old, rest_new))
    return problems


def _untouched(cluster):
    """What must not change on a cluster nobody wrote to. The seed's install times in ``pack_status`` are the
    cluster's creation time, so, like ``created``, they differ between two processes started from the same seed."""
    seeded = (cluster.get("created") or "")[:23] + "Z"      # microseconds -> the milliseconds of status.packs[]
    cluster = _strip(cluster, UNTOUCHED_CLUSTER_VOLATILE)
    for status in (cluster.get("pack_status") or {}).values():
        for key in ("startTime", "endTime"):
            if status.get(key) == seeded:
                status[key] = "<seed>"
        if (status.get("condition") or {}).get("lastTransitionTime") == seeded:
            status["condition"]["lastTransitionTime"] = "<seed>"
    return cluster


def _overrides(entry):
    return {(pv["name"]): pv["values"] for pv in entry.get("packValues") or []}


def check_clusters(before, after, changed=CHANGED_PROFILES):
    """Problems with the clusters of ``after``: every cluster that ran a changed profile is attached to its new
    published content with its own overrides and has installed it (``installed``, every pack of ``pack_status``
    Ready/True), Running with no install in progress; every other cluster is as before; nothing attached twice, no
    override lost or added."""
    problems = []
    profiles_after = by_uid(after["profiles"])
    b, a = by_uid(before["clusters"]), by_uid(after["clusters"])
    if set(b) != set(a):
        problems.append("clusters added or removed: %s" % sorted(set(a) ^ set(b)))
    for uid, old in b.items():
        new = a.get(uid)
        if new is None:
            continue
        name = old["name"]
        attached = [entry["uid"] for entry in new["attached"]]
        if len(attached) != len(set(attached)):
            problems.append("cluster %s has a profile attached twice: %s" % (name, attached))
        if attached != [entry["uid"] for entry in old["attached"]]:
            problems.append("cluster %s attachments changed: %s -> %s"
                            % (name, [e["uid"] for e in old["attached"]], attached))
            continue
        for old_entry, new_entry in zip(old["attached"], new["attached"]):
            if _overrides(old_entry) != _overrides(new_entry) or len(new_entry.get("packValues") or []) != len(
                    old_entry.get("packValues") or []):
                problems.append("cluster %s overrides of %s changed: %s -> %s" % (
                    name, old_entry["uid"], old_entry.get("packValues"), new_entry.get("packValues")))
            if (old_entry.get("variables") or []) != (new_entry.get("variables") or []):
                problems.append("cluster %s variables of %s changed" % (name, old_entry["uid"]))
        targeted = [u for u in attached if u in changed]
        if not targeted:
            if _untouched(old) != _untouched(new):
                problems.append("cluster %s changed though it runs none of the changed profiles" % name)
            continue
        if new["state"] != "Running" or new.get("apply"):
            problems.append("cluster %s is %s (apply %s), not Running" % (name, new["state"], new.get("apply")))
        failed = [c for c in new.get("conditions") or [] if str(c.get("status")).lower() == "false"]
        if failed:
            problems.append("cluster %s has failed conditions %s" % (name, failed))
        attached_content = by_uid(new["templates"])      # spec.clusterProfileTemplates ("snapshot", its old name)
        for entry in new["attached"]:
            profile = profiles_after[entry["uid"]]
            overrides = _overrides(entry)
            want = []
            for pack in profile["published"]["packs"]:
                pack = copy.deepcopy(pack)
                if pack["name"] in overrides:
                    pack["values"] = overrides[pack["name"]]
                want.append(pack)
            got = (attached_content.get(entry["uid"]) or {}).get("packs")
            if got != want:
                problems.append("cluster %s is not attached to the published content of %s %s:\nwant %s\ngot  %s"
                                % (name, profile["name"], profile["version"], want, got))
            installed = (by_uid(new.get("installed") or []).get(entry["uid"]) or {}).get("packs")
            if installed != want:
                problems.append("cluster %s has not installed the published content of %s %s:\nwant %s\ngot  %s"
                                % (name, profile["name"], profile["version"], want, installed))
        not_ready = sorted(key for key, pack in (new.get("pack_status") or {}).items()
                           if ((pack.get("condition") or {}).get("type"), (pack.get("condition") or {}).get("status"))
                           != ("Ready", "True"))
        if not_ready:
            problems.append("cluster %s has packs that are not Ready: %s" % (name, not_ready))
        rest = VOLATILE_CLUSTER_FIELDS + ("attached", "snapshot")   # "templates" is in VOLATILE_CLUSTER_FIELDS
        if _strip(old, rest) != _strip(new, rest):
            problems.append("cluster %s: other fields changed" % name)
    return problems


def check_nothing_lost(before, after, changed=CHANGED_PROFILES):
    """Problems after a run that stopped part-way: the state may be anywhere between before and done, but no
    profile or cluster may have disappeared, no profile may be attached twice, no override, variable or
    attachment may have changed, and the profiles the run does not target must be untouched."""
    problems = check_profiles(before, after, changed)
    # the targeted profiles may hold the change in a draft or published, or not yet: only untouched ones count here
    problems = [p for p in problems if "changed though the run did not target it" in p or "added or removed" in p]
    for problem in check_clusters(before, after, changed):
        if any(word in problem for word in ("attached twice", "attachments changed", "overrides", "variables",
                                            "added or removed", "runs none of", "other fields")):
            problems.append(problem)
    return problems


def check_demo_done(before, after, intended=None):
    """Every problem of ``after`` (the emulator state after the workflow) against ``before`` (the seed state)."""
    return check_profiles(before, after, intended=intended) + check_clusters(before, after)


def targets(state):
    """Names of the clusters that run a changed profile."""
    return sorted(c["name"] for c in state["clusters"]
                  if any(e["uid"] in CHANGED_PROFILES for e in c["attached"]) and not c["deleted"])


# ---------------------------------------------------------------------------------------------------------------
# acting while a run is under way

class Watcher(threading.Thread):
    """Polls the emulator (admin API, not rate limited, not logged) every ``interval`` seconds and calls
    ``action(emu, seen)`` until it returns True or ``stop()`` is called. ``source`` is "state", "requests" (the
    log) or "faults" (the queued faults: one that fired its last count is gone)."""

    def __init__(self, emu, action, source="state", interval=0.1):
        super().__init__(daemon=True)
        self.emu, self.action, self.source, self.interval = emu, action, source, interval
        self.done = threading.Event()
        self.error = None

    def run(self):
        while not self.done.is_set():
            try:
                seen = {"state": self.emu.state, "requests": self.emu.requests,
                        "faults": lambda: self.emu.admin("GET", "/faults")["faults"]}[self.source]()
                if self.action(self.emu, seen):
                    self.done.set()
                    return
            except Exception as err:  # pylint: disable=broad-except
                self.error = err    # the emulator may be down on purpose; the test decides what matters
            time.sleep(self.interval)

    def stop(self):
        self.done.set()
        self.join(10)
