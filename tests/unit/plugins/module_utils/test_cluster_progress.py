# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A wait cut into calls (wait_progress_interval / wait_resume, issue #20) over real HTTP against the emulator:
each call returns while the clusters install, saying which are installed and which still install; the next call
goes on with the same wait and sends nothing again (PATCH, values, install trigger), and the last one reports the
whole wait as one call would. The emulator installs only when told (apply_seconds an hour, then its admin API)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import ClusterError
# the fixtures and helpers the cluster tests share
from ansible_collections.spectrocloud.palette.tests.unit.plugins.module_utils.test_cluster_runner import (  # noqa: F401  pylint: disable=unused-import
    CORE_11,
    EDGE_VMO,
    NGINX_3,
    STORE_01,
    STORE_02,
    profiles,
    svc,
    update,
    writes,
)
from ansible_collections.spectrocloud.palette.tests.unit.plugins.module_utils.test_cluster_apply import (
    edit_and_publish,
    packs_before,
)

SWITCH = dict(profile_name="core", version="1.1.0", wait=True, wait_timeout=600, wait_progress_interval=1)


def finish(emu, uid, result="complete"):
    emu.admin("POST", "/__emulator__/clusters/%s/apply" % uid, json={"result": result})


def test_returns_while_installing_and_goes_on_without_writing_again(svc, profiles, emu):
    emu.config(apply_seconds=3600)
    first = update(svc, profiles, cluster_uids=[STORE_02, EDGE_VMO], **SWITCH)
    assert first["waiting"] is True and first["changed"] is True
    assert first["progress"]["installed"] == ["edge-vmo"] and first["progress"]["installing"] == ["edge-store-02"]
    assert first["progress"]["text"].endswith("1 of 2 cluster(s) installed (edge-vmo); still installing: edge-store-02")
    assert first["progress"]["text"].startswith("waited ") and "of up to 600 s" in first["progress"]["text"]
    assert len(writes(emu)) == 1
    again = update(svc, profiles, cluster_uids=[STORE_02, EDGE_VMO], wait_resume=first["wait_resume"], **SWITCH)
    assert again["waiting"] is True and len(writes(emu)) == 1
    finish(emu, STORE_02)
    done = update(svc, profiles, cluster_uids=[STORE_02, EDGE_VMO], wait_resume=again["wait_resume"], **SWITCH)
    assert done["waiting"] is False and "wait_resume" not in done and len(writes(emu)) == 1
    assert done["progress"]["installed"] == ["edge-store-02", "edge-vmo"] and done["progress"]["installing"] == []
    # the whole wait, as one call would report it: the switch the first call sent
    store = done["clusters"][0]
    assert done["changed"] is True and store["changed"] is True and store["action"] == "switch"
    assert store["before"]["version"] == "1.0.0" and store["converged"] is True and store["underway"] is False
    assert [d["before"] for d in done["diff"]] == [d["before"] for d in first["diff"]]
    assert done["clusters"][1]["action"] is None and done["clusters"][1]["changed"] is False


def test_a_values_change_is_judged_by_its_write(svc, profiles, emu):
    """A values-only edit: the continued call still waits for the changed pack to report since the PATCH."""
    emu.config(apply_seconds=3600)
    before = packs_before(emu, CORE_11)
    edit_and_publish(emu, svc, CORE_11, "nginx", NGINX_3)
    kwargs = dict(cluster_uids=[STORE_01], profile_name="core", previous_packs=before, wait=True, wait_progress_interval=1)
    first = update(svc, profiles, **kwargs)
    assert first["waiting"] is True and first["clusters"][0]["action"] == "update"
    again = update(svc, profiles, wait_resume=first["wait_resume"], **kwargs)
    assert again["waiting"] is True and again["progress"]["installing"] == ["edge-store-01"]
    assert any("nginx" in p for p in again["clusters"][0]["problems"])
    finish(emu, STORE_01)
    done = update(svc, profiles, wait_resume=again["wait_resume"], **kwargs)
    assert done["waiting"] is False and done["clusters"][0]["converged"] is True
    assert done["clusters"][0]["kept_overrides"] == ["metallb"] and done["clusters"][0]["action"] == "update"
    assert [e["method"] for e in writes(emu)] == ["PATCH"]


def test_the_install_trigger_is_sent_once(svc, profiles, emu):
    emu.config(apply_seconds=3600)
    kwargs = dict(SWITCH, cluster_uids=[STORE_02], apply_setting="DownloadAndInstallLater", trigger_install=True)
    first = update(svc, profiles, **kwargs)
    assert first["waiting"] is True and first["clusters"][0]["triggered"] is True
    again = update(svc, profiles, wait_resume=first["wait_resume"], **kwargs)
    assert again["waiting"] is True and again["clusters"][0]["triggered"] is True
    finish(emu, STORE_02)
    done = update(svc, profiles, wait_resume=again["wait_resume"], **kwargs)
    assert done["clusters"][0]["converged"] is True
    assert [(e["method"], e["path"].rsplit("/", 1)[-1]) for e in writes(emu)] == [("PATCH", "profiles"), ("POST", "spcApply")]


def test_a_failed_install_in_a_continued_call_names_the_cluster(svc, profiles, emu):
    emu.config(apply_seconds=3600)
    first = update(svc, profiles, cluster_uids=[STORE_02, EDGE_VMO], **SWITCH)
    finish(emu, STORE_02, "fail")
    with pytest.raises(ClusterError, match="failed to install on 1 cluster") as err:
        update(svc, profiles, cluster_uids=[STORE_02, EDGE_VMO], wait_resume=first["wait_resume"], **SWITCH)
    partial = err.value.partial_result
    assert partial["progress"]["failed"] == ["edge-store-02"] and partial["progress"]["installed"] == ["edge-vmo"]
    assert partial["changed"] is True and partial["clusters"][0]["action"] == "switch"


def test_the_timeout_counts_from_the_first_call(svc, profiles, emu):
    emu.config(apply_seconds=3600)
    first = update(svc, profiles, cluster_uids=[STORE_02], **SWITCH)
    resume = dict(first["wait_resume"], started=first["wait_resume"]["started"] - 700)
    with pytest.raises(ClusterError, match="did not install the change within 600 seconds") as err:
        update(svc, profiles, cluster_uids=[STORE_02], wait_resume=resume, **SWITCH)
    assert err.value.option == "wait_timeout" and err.value.partial_result["clusters"][0]["action"] == "switch"
    assert len(writes(emu)) == 1


@pytest.mark.parametrize("kwargs, option, text", [
    (dict(wait_progress_interval=5), "wait_progress_interval", "give wait: true"),
    (dict(wait=True, wait_progress_interval=0), "wait_progress_interval", "out of range"),
    (dict(wait_resume={"started": 1.0, "clusters": []}), "wait_resume", "give wait: true"),
    (dict(wait=True, wait_resume={"clusters": []}), "wait_resume", "unchanged"),
    (dict(wait=True, wait_resume={"started": 1.0, "clusters": [], "profile_uid": CORE_11, "cluster_uids": [EDGE_VMO]}),
     "wait_resume", "other clusters"),
])
def test_bad_input(svc, profiles, emu, kwargs, option, text):
    with pytest.raises(ClusterError, match=text) as err:
        update(svc, profiles, cluster_uids=[STORE_02], profile_name="core", version="1.1.0", **kwargs)
    assert err.value.option == option and writes(emu) == []


def test_the_progress_line_names_ten_clusters_per_group_and_counts_the_rest():
    from types import SimpleNamespace
    from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_progress import progress

    def plan(name, state):
        return SimpleNamespace(name=name, installed=state == "installed", install={"state": state})

    plans = [plan("site-%02d" % i, "installing") for i in range(12)] + [plan("hq", "installed"), plan("lab", "failed")]
    got = progress(plans, 61.7, 1800)
    assert len(got["installing"]) == 12 and got["failed"] == ["lab"] and got["elapsed"] == 61
    assert got["text"] == ("waited 61 s of up to 1800 s: 1 of 14 cluster(s) installed (hq); still installing: "
                           + ", ".join("site-%02d" % i for i in range(10)) + " and 2 more; failed: lab")
