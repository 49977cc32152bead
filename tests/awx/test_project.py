# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX guide's example project (docs/awx/project) and its surveys (docs/awx/survey_*.json).

The project's playbooks import the collection's playbooks (``import_playbook: spectrocloud.palette.<name>``); they
run here as AWX runs a job template, with the survey's default answers as extra variables, against an emulator.
The surveys are checked against AWX's survey rules and against the variables the playbooks read, and the guide must
show these files as they are (tests/docs runs the guide's own commands for the project).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re

import pytest
import yaml

from ansible_output import said  # pylint: disable=import-error
from awx_testlib import AWX_GUIDE, ROOT, rst_code_blocks
from palette_emulator.testing import EmulatorProcess

import awx_job

SURVEYS = {"update_profile.yml": os.path.join(ROOT, "docs", "awx", "survey_update_profile.json"),
           "fleet_rollout.yml": os.path.join(ROOT, "docs", "awx", "survey_fleet_rollout.json")}
# The question types and fields of AWX's survey spec (awx/api survey validation).
QUESTION_TYPES = ("text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect")


def project_files():
    """{path relative to the project: text} of every file of the example project."""
    files = {}
    for folder, _dirs, names in os.walk(awx_job.PROJECT):
        for name in names:
            path = os.path.join(folder, name)
            with open(path) as handle:
                files[os.path.relpath(path, awx_job.PROJECT)] = handle.read()
    return files


def survey(playbook):
    with open(SURVEYS[playbook]) as handle:
        return json.load(handle)


def answers(playbook):
    """The survey's default answers, as AWX passes them to the job (extra variables)."""
    return dict((q["variable"], q["default"]) for q in survey(playbook)["spec"])


def test_guide_shows_every_file_of_the_project_as_it_is():
    files = project_files()
    assert sorted(files) == ["collections/requirements.yml", "fleet_rollout.yml", "fleet_status.yml",
                             "inventories/fleet.palette.yml", "update_profile.yml"]
    blocks = rst_code_blocks(AWX_GUIDE, "yaml")
    for path, text in files.items():
        # the guide shows each file without its leading document marker, headed by its path
        assert text.split("---\n", 1)[1] in blocks, "guide_awx.rst does not show docs/awx/project/%s as it is" % path
        # the path alone on the first line: the guides test (docs/dev/guides-tests.md) saves the block under it
        assert text.split("---\n", 1)[1].startswith("# %s\n" % path), path


def test_guide_shows_the_surveys_as_they_are():
    shown = [json.loads(block) for block in rst_code_blocks(AWX_GUIDE, "json")]
    for path in SURVEYS.values():
        with open(path) as handle:
            assert json.load(handle) in shown, "guide_awx.rst does not show %s as it is" % path


@pytest.mark.parametrize("playbook", sorted(SURVEYS))
def test_survey_follows_awx_rules(playbook):
    spec = survey(playbook)
    assert spec["name"] and isinstance(spec["description"], str) and spec["spec"]
    variables = [q["variable"] for q in spec["spec"]]
    assert len(set(variables)) == len(variables)
    for question in spec["spec"]:
        assert question["question_name"] and re.match(r"^[a-zA-Z_][a-zA-Z0-9_]*$", question["variable"]), question
        assert question["type"] in QUESTION_TYPES and isinstance(question["required"], bool), question
        default = question["default"]
        if question["type"] in ("integer", "float"):
            assert isinstance(default, int) and question["min"] <= default <= question["max"], question
        else:
            assert isinstance(default, str) and question["min"] <= len(default) <= question["max"], question
        # a required question's default answer must be one AWX accepts as an answer
        assert not question["required"] or default != "", question


def test_update_survey_asks_for_every_variable_the_project_playbook_reads():
    with open(os.path.join(awx_job.PROJECT, "update_profile.yml")) as handle:
        read = set(re.findall(r"\{\{ *(survey_\w+)", handle.read()))
    questions = survey("update_profile.yml")["spec"]
    assert read == set(q["variable"] for q in questions)
    assert all(q["required"] for q in questions)          # the playbook has no default for them


def test_fleet_survey_sets_variables_of_the_collection_playbook_with_their_types():
    with open(os.path.join(ROOT, "playbooks", "fleet_rollout.yml")) as handle:
        defaults = yaml.safe_load(handle)[0]["vars"]
    for question in survey("fleet_rollout.yml")["spec"]:
        assert question["variable"] in defaults, question["variable"]
        default = defaults[question["variable"]]
        assert question["type"] == ("integer" if isinstance(default, int) else "text"), question["variable"]


@pytest.fixture(scope="module")
def emulator():
    with EmulatorProcess(seed="demo", strict=True, rate_limits=True, extra_args=("--apply-seconds", "0")) as emu:
        yield emu


@pytest.fixture(scope="module")
def collections():
    return awx_job.collections_path()


def describe(proc):
    return "rc %s\nstdout:\n%s\nstderr:\n%s" % (proc.returncode, proc.stdout[-5000:], proc.stderr[-3000:])


def custom_stats(stdout):
    """The set_stats data a run handed to AWX (ANSIBLE_SHOW_CUSTOM_STATS prints it after the recap)."""
    tail = stdout.split("CUSTOM STATS:", 1)
    assert len(tail) == 2, stdout[-3000:]
    return tail[1]


def test_update_profile_job_with_the_surveys_answers(emulator, collections, tmp_path):
    emulator.reset()
    variables = dict(answers("update_profile.yml"), profile_rollout_wait_sleep=1)   # the job template's extra vars
    check = awx_job.run_job(str(tmp_path / "check"), emulator.url, collections, "update_profile.yml", variables,
                            inventory=awx_job.INVENTORY, args=("--check", "--diff"))
    assert check.returncode == 0, describe(check)
    assert said(check.stdout, "core 1.1.0: would change and publish"), describe(check)
    assert [r for r in emulator.requests() if r["write"]] == []

    proc = awx_job.run_job(str(tmp_path / "run"), emulator.url, collections, "update_profile.yml", variables,
                           inventory=awx_job.INVENTORY)
    assert proc.returncode == 0, describe(proc)
    assert "'profile_rollout'" in custom_stats(proc.stdout) or '"profile_rollout"' in custom_stats(proc.stdout)
    core = [p for p in emulator.state()["profiles"] if p["name"] == "core" and p["version"] == "1.1.0"][0]
    assert [k["tag"] for k in core["published"]["packs"] if k["name"] == "virtual-machine-orchestrator"] == ["4.7.1"]


def test_fleet_jobs_through_the_inventory_plugin(emulator, collections, tmp_path):
    """fleet_rollout.yml in check mode with the survey's answers, and fleet_status.yml: both hand their artifact to
    AWX (the project's import sets *_set_stats over the collection playbook's own default) and write nothing."""
    emulator.reset()
    proc = awx_job.run_job(str(tmp_path / "rollout"), emulator.url, collections, "fleet_rollout.yml",
                           dict(answers("fleet_rollout.yml"), fleet_rollout_wait_sleep=1),
                           inventory=awx_job.INVENTORY, args=("--check",))
    assert proc.returncode == 0, describe(proc)
    assert "fleet_rollout" in custom_stats(proc.stdout), describe(proc)
    status = awx_job.run_job(str(tmp_path / "status"), emulator.url, collections, "fleet_status.yml", {},
                             inventory=awx_job.INVENTORY)
    assert status.returncode == 0, describe(status)
    assert "fleet_status" in custom_stats(status.stdout), describe(status)
    assert [r for r in emulator.requests() if r["write"]] == []
