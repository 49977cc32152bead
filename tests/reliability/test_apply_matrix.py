"""The update workflow under every reading of every unknown of REF §12 (issue #15, docs/dev/apply-lifecycle.md).

Our emulator agrees with our code by construction, so one setting proves little where the facts are unknown. The
emulator turns each unknown into a switch (``palette_emulator.config.SWITCHES``, the least forgiving reading first);
this suite runs the real workflow, ``ansible-playbook playbooks/update_profile.yml -e @playbooks/vars/demo_update.yml``,
once with every switch at its default and once under each other value of each switch, and checks what a user is
promised:

* the profiles hold exactly the intended change and every cluster that runs them is attached to the new content
  with its own values kept byte for byte (``workflow.check_demo_done``: expectations from the seed and the vars file);
* the role's summary says "updated" only for clusters that have installed it: every pack of the changed profiles
  ``Ready``/``True`` in ``status.packs[]`` (read through the API) with the version the profile publishes, and the
  changed packs' transitions newer than the run's start;
* every manifest keeps its content, the tenant-scoped profile attached to a cluster is read and left alone, a bare
  tag finds its cluster;
* a second run writes nothing.

A pack whose install ends in Error and a repave waiting for approval are faults, not readings: test_faults.py runs
them (test_one_cluster_install_ends_in_error, test_a_repave_waits_for_approval), the report's row included.

Run: ``.venv/bin/python -m pytest -q -p no:cacheprovider -n 2 tests/reliability/test_apply_matrix.py`` (``make reliability-matrix``).
"""

import json
import os
import sys
import urllib.request
from datetime import datetime

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# pylint: disable=wrong-import-position
import workflow  # noqa: E402
from conftest import writes  # noqa: E402
from palette_emulator.config import SWITCHES  # noqa: E402
from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_UID, EmulatorProcess, demo_seed  # noqa: E402

TENANT_BASELINE = "697b00000000000000000001"   # the demo seed's tenant-scoped add-on profile
EDGE_VMO = "6982d34cd881f18566be1474"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Every switch at its default is one configuration, run once ("defaults"); then each other value of each switch,
# the rest at their defaults. The install-later switch changes nothing without an install-later apply, so both its
# values run that scenario. Switches of operations the update workflow never sends (it deletes no profile) are
# the profile modules' matter and are run by their own integration targets.
NOT_IN_WORKFLOW = ("profile_delete_in_use",)
# The switches of cluster variable values (whether a sensitive one reads back masked, whether a profiles PATCH applies
# the values it carries or keeps the replaced version's) change nothing while no profile version declares a variable:
# the matrix seed declares none and the vars file gives none (test_the_variable_switches_have_nothing_to_change), so
# under each of them the workflow sends the requests, and gets the answers, of "defaults". They are run where variables
# are declared: palette_cluster_profile_variables and palette_cluster_profile_variables_switch.
VARIABLE_SWITCHES = ("sensitive_variable_read", "profile_patch_variables", "replaced_variables")
CASES = [("defaults", None)] + [(name, value) for name, values in sorted(SWITCHES.items()) for value in values
                                if (value != values[0] or name == "install_later_can_be_applied")
                                and name not in NOT_IN_WORKFLOW + VARIABLE_SWITCHES]


def matrix_seed():
    """The demo seed, plus: edge-vmo also runs the tenant-scoped profile tenant-baseline (scope handling) and
    carries the bare tag ``canary`` (Palette stores it as ``spectro__tag``)."""
    seed = demo_seed()
    for cluster in seed["clusters"]:
        if cluster["uid"] == EDGE_VMO:
            cluster["profiles"].append({"uid": TENANT_BASELINE})
            cluster["labels"]["canary"] = "spectro__tag"
    return seed


@pytest.fixture(scope="module")
def matrix_emulator():
    # Installs take 1 s of emulator time (the first half showing the stale status under the default reading): a run
    # that reported success right after its PATCH would be caught. One emulator per pytest-xdist worker.
    with EmulatorProcess(seed=matrix_seed(), strict=True, rate_limits=False, extra_args=("--apply-seconds", "1")) as emu:
        yield emu


def _keys(node):
    """Every mapping key anywhere in ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def test_the_variable_switches_have_nothing_to_change():
    """What leaving VARIABLE_SWITCHES out of CASES rests on: no cluster of the matrix seed holds a variable value, no
    profile version declares a variable, and the vars file declares or gives none. When that changes, those switches
    belong in CASES again."""
    seed = matrix_seed()
    assert [p["name"] for p in seed["profiles"] if p.get("variables")] == []
    assert [c["name"] for c in seed["clusters"] for e in c["profiles"] if isinstance(e, dict) and e.get("variables")] == []
    with open(os.path.join(ROOT, "playbooks", "vars", "demo_update.yml"), encoding="utf-8") as handle:
        assert [k for k in _keys(yaml.safe_load(handle)) if "variables" in str(k)] == []


def api(emu, path, project=True):
    headers = {"ApiKey": DEMO_API_KEY}
    if project:
        headers["ProjectUid"] = DEMO_PROJECT_UID
    with urllib.request.urlopen(urllib.request.Request(emu.url + path, headers=headers), timeout=30) as answer:
        return json.load(answer)


def when(text):
    """An RFC 3339 time from the API as an aware datetime (precision differs between fields)."""
    return datetime.fromisoformat(str(text).replace("Z", "+00:00"))


def emulator_now(emu):
    return when(emu.admin("GET", "/clock")["now"])


def install_problems(emu, cluster_uids, since):
    """Problems with the install of the changed profiles on each cluster, read as a client reads it: each pack of
    each changed profile Ready/True in status.packs[] with the version the profile publishes, and the packs the vars
    file changes with a transition at or after ``since`` (emulator time of the run's start)."""
    problems = []
    published = {}
    for uid in workflow.CHANGED_PROFILES:
        published[uid] = {p["name"]: p for p in api(emu, "/v1/clusterprofiles/%s" % uid)["spec"]["published"]["packs"]}
    for cluster_uid in cluster_uids:
        cluster = api(emu, "/v1/spectroclusters/%s" % cluster_uid)
        name = cluster["metadata"]["name"]
        status = cluster.get("status") or {}
        if status.get("state") != "Running":
            problems.append("%s: state %s" % (name, status.get("state")))
        packs = {(p.get("profileUid"), p.get("name")): p for p in status.get("packs") or []}
        for profile_uid, want in published.items():
            for pack_name, pack in want.items():
                got = packs.get((profile_uid, pack_name))
                if got is None:
                    problems.append("%s: no status for pack %s of %s" % (name, pack_name, profile_uid))
                    continue
                cond = got.get("condition") or {}
                if (cond.get("type"), cond.get("status")) != ("Ready", "True"):
                    problems.append("%s: pack %s is %s/%s" % (name, pack_name, cond.get("type"), cond.get("status")))
                if got.get("version") != pack.get("version"):
                    problems.append("%s: pack %s runs %s, the profile publishes %s"
                                    % (name, pack_name, got.get("version"), pack.get("version")))
                if pack_name in workflow.INTENDED[profile_uid] and (
                        not cond.get("lastTransitionTime") or when(cond["lastTransitionTime"]) < since):
                    problems.append("%s: pack %s was not installed by this run (last transition %s, run began %s)"
                                    % (name, pack_name, cond.get("lastTransitionTime"), since))
    return problems


def summary_of(report_dir):
    with open(os.path.join(report_dir, "profile-rollout.json"), encoding="utf-8") as handle:
        return json.load(handle)


def case_args(switch, value, report_dir):
    """The workflow's extra arguments for one case: the report, and for the install-later switch a run that only
    downloads (the install follows in a second run with the trigger)."""
    args = ["-e", "profile_rollout_report_dir=%s" % report_dir]
    if switch == "install_later_can_be_applied":
        args += ["-e", "profile_rollout_apply_setting=DownloadAndInstallLater"]
    return args


@pytest.mark.parametrize("switch,value", CASES, ids=[("%s=%s" % c) if c[1] else c[0] for c in CASES])
def test_workflow_under_each_reading(matrix_emulator, ansible, collections_path, tmp_path, switch, value):
    emu = matrix_emulator
    emu.reset()
    if value is not None:
        emu.config(**{switch: value})
    before = emu.state()
    since = emulator_now(emu)
    report_dir = str(tmp_path / "report")
    proc = workflow.run_workflow(ansible, collections_path, emu, extra_args=case_args(switch, value, report_dir))
    assert proc.returncode == 0, workflow.output(proc)[-8000:]
    summary = summary_of(report_dir)
    targets = sorted(c["uid"] for c in summary["clusters"])
    assert len(targets) == 3, summary

    if switch == "install_later_can_be_applied":
        # Downloaded, not installed: the clusters say so, and their packs still show the old install.
        assert {c["status"] for c in summary["clusters"]} == {"waiting for the install trigger"}, summary["clusters"]
        assert install_problems(emu, targets, since)
        proc = workflow.run_workflow(ansible, collections_path, emu, extra_args=[
            "-e", "profile_rollout_report_dir=%s" % report_dir, "-e", "profile_rollout_trigger_install=true"])
        assert proc.returncode == 0, workflow.output(proc)[-8000:]
        summary = summary_of(report_dir)

    assert {c["status"] for c in summary["clusters"]} == {"updated"}, summary["clusters"]
    assert all(c["converged"] for c in summary["clusters"]), summary["clusters"]
    after = emu.state()
    assert workflow.check_demo_done(before, after) == []
    assert install_problems(emu, targets, since) == []

    if switch in ("defaults", "tag_search"):
        check_bare_tag_search(ansible, emu)

    mark = emu.requests()[-1]["id"] if emu.requests() else None
    again = workflow.run_workflow(ansible, collections_path, emu, extra_args=["-e", "profile_rollout_report_dir=%s" % report_dir])
    assert again.returncode == 0, workflow.output(again)[-8000:]
    assert writes(emu, mark) == [], writes(emu, mark)


def check_bare_tag_search(ansible, emu):
    """A bare tag finds its cluster, whatever form the search takes."""
    found = ansible.playbook(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
        "    - spectrocloud.palette.palette_cluster_info:\n        filters: {tags: [canary]}\n      register: found\n"
        "    - ansible.builtin.assert:\n        that: found.clusters | map(attribute='uid') | list == ['%s']\n" % EDGE_VMO,
        env=workflow.palette_env(emu))
    assert found.returncode == 0, workflow.output(found)[-4000:]
