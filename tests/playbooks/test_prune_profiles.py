# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/prune_profiles.yml as a user (or an AWX job template) runs it, against the prune seed.

What AWX reads is the ``set_stats`` artifact, printed by ansible-playbook under ``CUSTOM STATS`` when
``ANSIBLE_SHOW_CUSTOM_STATS`` is on: it must be the report the role wrote to its JSON file, and a check-mode run
must list the unused versions without deleting any. Which versions are unused comes from the seed's clusters and
cluster templates (read from the emulator's state), not from the code under test.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import json
import os
import re
import sys

import pytest

testing = pytest.importorskip("palette_emulator.testing")

PLAYBOOK = "playbooks/prune_profiles.yml"
SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration", "targets", "setup_prune_profiles",
                    "files", "prune_seed.yml")
STATS = re.compile(r"^CUSTOM STATS: \*+\n(.*?)(?:\n\n|\Z)", re.M | re.S)


@pytest.fixture
def emulator():
    # empty usage lists listed (profile_usage_lists=listed): under the default the role deletes nothing, by design
    with testing.EmulatorProcess(seed=SEED, extra_args=("--profile-usage-lists", "listed")) as emu:
        yield emu


def custom_stats(stdout):
    """The ``set_stats`` data ansible-playbook printed (``\\tRUN: {...}`` under ``CUSTOM STATS``)."""
    found = STATS.search(stdout)
    assert found, stdout[-4000:]
    text = found.group(1).strip()
    assert text.startswith("RUN:"), text
    return json.loads(text[len("RUN:"):].strip())


# What the prune seed's header says a run with keep_latest 1 deletes from project edge-prod (the seed's own
# account of its versions: used ones, the newest of each profile, other projects, tenant and system are kept)
UNUSED_IN_PROJECT = {("core", "1.0.0"), ("core", "1.2.0"), ("apps", "0.9.0"), ("monitoring", "1.0.0"),
                     ("monitoring", "1.1.0"), ("spare", "1.0.0")}


def test_check_mode_hands_awx_the_report_and_deletes_nothing(emulator, playbook_runner, tmp_path):
    runner = playbook_runner(emulator.url, testing.DEMO_API_KEY)
    base_env = runner.env
    runner.env = lambda: dict(base_env(), ANSIBLE_SHOW_CUSTOM_STATS="true", PALETTE_PROJECT=testing.DEMO_PROJECT_NAME)
    report_dir = str(tmp_path / "reports")
    emulator.admin("DELETE", "/requests")
    # "localhost," is an explicit host: it gets the tests' Python (with requests) as implicit localhost would
    proc = runner.run(PLAYBOOK, "localhost,", {"prune_profiles_report_dir": report_dir, "prune_profiles_scope": "project",
                                               "ansible_python_interpreter": sys.executable}, args=("--check",))
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert [r for r in emulator.requests() if r.get("write")] == []

    stats = custom_stats(proc.stdout)
    files = glob.glob(os.path.join(report_dir, "prune-profiles-*.json"))
    assert len(files) == 1, files
    with open(files[0], encoding="utf-8") as handle:
        written = json.load(handle)
    assert stats == {"prune_profiles": written}
    doomed = set((row["name"], row["version"]) for row in written["versions"] if row["action"] == "would_delete")
    assert doomed == UNUSED_IN_PROJECT, written["versions"]
