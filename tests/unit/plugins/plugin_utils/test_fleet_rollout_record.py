# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bookkeeping of playbooks/fleet_rollout.yml (plugin_utils/fleet_rollout_record.py, the action
spectrocloud.palette.fleet_rollout_record): recording a wave's calls, deciding the wave from them (the last call read
where it was registered, not recorded), deciding it again for the summary, and the report file.
tests/playbooks/test_fleet_rollout.py runs the action through the playbook against the emulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import stat

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.spectrocloud.palette.plugins.action.fleet_rollout_record import write_report
from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_calls import fleet_rollout_calls
from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_outcomes import fleet_rollout_outcomes
from ansible_collections.spectrocloud.palette.plugins.plugin_utils.fleet_rollout_record import (
    decide_wave, last_wave_call, record_call, summarize, wave_calls)

BEFORE = {"profile_uid": "p1", "version": "1.0.0", "packs": [{"name": "vmo", "tag": "4.4.10"}]}
AFTER = {"profile_uid": "p1", "version": "1.0.0", "packs": [{"name": "vmo", "tag": "4.6.3"}]}


def row(name, uid, project="edge-prod", profile_uid="p1"):
    return {"cluster": name, "uid": uid, "project": project, "profile": "core", "wave": None, "status": "untouched",
            "changed": False, "before": dict(BEFORE, profile_uid=profile_uid), "after": None, "pack_changes": [],
            "state": "Running", "update_pending": True, "converged": None, "install": None, "error": None}


# a wave of three clusters in two calls (edge-prod p1: s1, s2; edge-dev p2: s3), and a cluster of a later wave
PLAN = [row("s1", "u1"), row("s2", "u2"), row("s3", "u3", project="edge-dev", profile_uid="p2"), row("s4", "u4")]
WAVE = ["s1", "s2", "s3"]


def cluster(uid, changed=True, converged=True):
    return {"uid": uid, "changed": changed, "converged": converged, "state": "Running", "before": BEFORE,
            "after": AFTER, "pack_changes": [], "install": {"state": "installed" if converged else "installing"}}


def result(*clusters, **extra):
    out = {"changed": any(c["changed"] for c in clusters), "clusters": list(clusters), "_ansible_no_log": False}
    out.update(extra)
    return out


FIRST = result(cluster("u1"), cluster("u2", changed=False))
LAST = result(cluster("u3"))


def test_a_record_holds_each_call_as_a_registered_loop_result_and_starts_afresh_for_a_new_wave():
    calls = fleet_rollout_calls(PLAN, hosts=WAVE)
    record = record_call(None, 2, "wave", calls[0], FIRST)
    assert record["wave"] == 2 and record["calls"]["settle"] == []
    entry = record["calls"]["wave"][0]
    assert entry["item"] == calls[0] and entry["clusters"] == FIRST["clusters"] and "_ansible_no_log" not in entry
    record = record_call(record, 2, "settle", {"uids": ["u3"], "cluster": "s3"}, LAST)
    assert [len(record["calls"][k]) for k in ("wave", "settle")] == [1, 1]
    # the record a host of an earlier wave left is not this wave's
    assert record_call(record, 3, "wave", calls[1], LAST)["calls"]["wave"][0]["item"] == calls[1]
    assert wave_calls(record, 3) == {"wave": [], "settle": []}
    with pytest.raises(ValueError, match="kind"):
        record_call(None, 2, "other", calls[0], FIRST)


def test_the_last_call_read_where_it_was_registered_decides_as_if_it_had_been_recorded():
    calls = fleet_rollout_calls(PLAN, hosts=WAVE)
    assert last_wave_call(PLAN, WAVE) == calls[-1]
    recorded = record_call(record_call(None, 2, "wave", calls[0], FIRST), 2, "wave", calls[1], LAST)
    expected = fleet_rollout_outcomes(PLAN, recorded["calls"]["wave"], 2, hosts=WAVE)
    decided = decide_wave(PLAN, record_call(None, 2, "wave", calls[0], FIRST), 2, WAVE, last_result=LAST)
    assert decided == expected
    assert [(r["cluster"], r["status"], r["wave"]) for r in decided["rows"]] == [
        ("s1", "updated", 2), ("s2", "unchanged", 2), ("s3", "updated", 2)]
    # a wave of one call records nothing: its result alone decides it
    assert decide_wave(PLAN, None, 1, ["s3"], last_result=LAST)["rows"][0]["status"] == "updated"
    # without its last call's result, a cluster no call had fails
    missing = decide_wave(PLAN, record_call(None, 2, "wave", calls[0], FIRST), 2, WAVE)
    assert [r["status"] for r in missing["rows"]] == ["updated", "unchanged", "failed"] and missing["stop"] is True


def test_a_cluster_settled_on_its_own_is_decided_from_its_own_call():
    calls = fleet_rollout_calls(PLAN, hosts=WAVE)
    msg = "applying the profile change failed for cluster s1 (u1): HTTP 500"
    failed = result(cluster("u1", changed=False, converged=None), cluster("u2", converged=None), failed=True, msg=msg)
    first = decide_wave(PLAN, None, 2, ["s1", "s2"], max_fail_percentage=50, last_result=failed)
    assert [r["cluster"] for r in first["unsettled"]] == ["s2"] and first["failed"] == ["s1"]
    # the playbook then records the last call, and the settling call of s2
    record = record_call(None, 2, "wave", last_wave_call(PLAN, ["s1", "s2"]), failed)
    record = record_call(record, 2, "settle", dict(first["unsettled"][0], uids=["u2"]), result(cluster("u2")))
    settled = decide_wave(PLAN, record, 2, ["s1", "s2"], max_fail_percentage=50)
    assert [(r["cluster"], r["status"]) for r in settled["rows"]] == [("s1", "failed"), ("s2", "updated")]
    assert settled["unsettled"] == [] and settled["stop"] is False


def test_the_summary_takes_each_reached_cluster_from_its_wave_and_leaves_the_others_untouched():
    wave1 = decide_wave(PLAN, None, 1, ["s3"], last_result=LAST)["rows"]
    wave2 = decide_wave(PLAN, None, 2, ["s1"], check_mode=True, last_result=result(cluster("u1")))["rows"]
    report = summarize(PLAN, [wave1, wave2], 6, profile_name="core", serial=[1, "100%"], max_fail_percentage=0,
                       check_mode=True)
    statuses = [(r["cluster"], r["status"], r["wave"]) for r in report["summary"]["clusters"]]
    assert statuses == [("s1", "would update", 2), ("s2", "untouched", None), ("s3", "updated", 1),
                        ("s4", "untouched", None)]
    assert report["summary"]["counts"]["skipped"] == 2 and report["lines"][0].startswith("Fleet rollout of profile core")


def test_the_report_file_is_written_whole_and_private(tmp_path):
    path = str(tmp_path / "report.json")
    write_report(path, {"outcome": "finished", "clusters": []})
    with open(path) as handle:
        assert json.load(handle) == {"outcome": "finished", "clusters": []}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert os.listdir(str(tmp_path)) == ["report.json"]                  # no temporary file left behind
    with pytest.raises(AnsibleActionFail, match="report_file: the directory .*missing does not exist"):
        write_report(str(tmp_path / "missing" / "report.json"), {})
