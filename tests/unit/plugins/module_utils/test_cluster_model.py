# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cluster_model.py, the pure parts: Palette's times, the own-values rules, the install state read from the
shapes the spec defines (v1ClusterPackStatus, v1SpcApply). The same rules run over HTTP in test_cluster_apply.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import cluster_model as cm


@pytest.mark.parametrize("text, seconds", [
    ("2026-01-01T00:00:00Z", 1767225600.0),
    ("2026-01-01T00:00:00.250Z", 1767225600.25),
    ("2026-01-01T01:00:00+01:00", 1767225600.0),
    ("2026-01-01T00:00:00.123456Z", 1767225600.123456),
    ("2026-01-01T00:00:00", 1767225600.0),
    ("", None),
    (None, None),
    ("yesterday", None),
])
def test_parse_time(text, seconds):
    got = cm.parse_time(text)
    assert got == pytest.approx(seconds) if seconds is not None else got is None


def packs(**values):
    return [{"name": name, "values": text} for name, text in values.items()]


@pytest.mark.parametrize("attached, base, target, proven, mode, overrides, ambiguous", [
    # nothing of its own: the target's values apply
    (packs(a="x: 1"), packs(a="x: 1"), packs(a="x: 2"), True, "detect", {}, []),
    # own values, the edit left the pack alone: kept
    (packs(a="x: own"), packs(a="x: 1"), packs(a="x: 1"), True, "detect", {"a": "x: own"}, []),
    # own values and an edit of the same pack: cannot be told apart
    (packs(a="x: own"), packs(a="x: 1"), packs(a="x: 2"), True, "detect", {}, ["a"]),
    (packs(a="x: own"), packs(a="x: 1"), packs(a="x: 2"), True, "keep", {"a": "x: own"}, []),
    (packs(a="x: own"), packs(a="x: 1"), packs(a="x: 2"), True, "profile", {}, []),
    # in place without previous_packs: the base already holds the edit
    (packs(a="x: 1"), packs(a="x: 2"), packs(a="x: 2"), False, "detect", {}, ["a"]),
    # equal to the target: nothing to send either way (a re-run)
    (packs(a="x: 2"), packs(a="x: 1"), packs(a="x: 2"), False, "detect", {}, []),
    # YAML data, not text: a comment is not a value of its own
    (packs(a="x: 1  # note"), packs(a="x: 1"), packs(a="x: 1"), True, "detect", {}, []),
    # a pack the target dropped has nothing to keep
    (packs(a="x: own"), packs(a="x: 1"), packs(b="y: 1"), True, "detect", {}, []),
])
def test_own_values(attached, base, target, proven, mode, overrides, ambiguous):
    assert cm.own_values(attached, base, target, proven, mode) == (overrides, ambiguous)


def cluster(entries, spc=None, repave=None):
    status = {"state": "Running", "packs": entries, "spcApply": spc or {}}
    if repave:
        status["repave"] = {"state": repave}
    return {"metadata": {"uid": "c1", "name": "edge"}, "status": status}


def entry(name, version, ctype="Ready", status="True", when="2026-01-01T00:00:10Z", message="", uid="p1"):
    return {"name": name, "profileUid": uid, "version": version,
            "condition": {"type": ctype, "status": status, "message": message, "lastTransitionTime": when}}


TARGET = [{"name": "nginx", "tag": "1.12.0"}, {"name": "metallb", "tag": "0.14.8"}]
PATCHED = {"actionType": "DownloadAndInstall", "canBeApplied": True, "lastModifiedTime": "2026-01-01T00:00:05Z"}
BEFORE = {"nginx": cm.parse_time("2026-01-01T00:00:00Z")}


@pytest.mark.parametrize("entries, spc, repave, state", [
    # stale: the previous install still shows Ready/True (old version, old time)
    ([entry("nginx", "1.11.2", when="2026-01-01T00:00:00Z")], PATCHED, None, "not_started"),
    # stale with the same version (a values-only change): still not the new install
    ([entry("nginx", "1.12.0", when="2026-01-01T00:00:00Z")], PATCHED, None, "not_started"),
    ([entry("nginx", "1.12.0", ctype="Progressing")], PATCHED, None, "installing"),
    ([entry("nginx", "1.12.0", status="False")], PATCHED, None, "installing"),
    ([entry("nginx", "1.12.0")], PATCHED, None, "installed"),
    ([entry("nginx", "1.12.0", ctype="Error", message="ImagePullBackOff")], PATCHED, None, "failed"),
    ([entry("nginx", "1.12.0")], dict(PATCHED, canBeApplied=False), None, "installing"),
    ([entry("nginx", "1.12.0")], PATCHED, "Pending", "repave_pending"),
    ([entry("nginx", "1.11.2", when="2026-01-01T00:00:00Z")], dict(PATCHED, actionType="DownloadAndInstallLater"), None,
     "waiting_for_trigger"),
    ([], PATCHED, None, "unknown"),
])
def test_install_state_after_a_patch(entries, spc, repave, state):
    install, problems = cm.install_state(cluster(entries, spc, repave), "p1", TARGET, changed=["nginx"], before_times=BEFORE)
    assert install["state"] == state
    assert (problems == []) is (state == "installed")
    if state == "failed":
        assert "pack nginx" in install["message"] and "ImagePullBackOff" in install["message"]


def test_install_state_on_a_rerun_needs_every_pack_and_a_report_after_the_change():
    ready = [entry("nginx", "1.12.0"), entry("metallb", "0.14.8")]
    assert cm.install_state(cluster(ready, PATCHED), "p1", TARGET)[0]["state"] == "installed"
    old = [entry("nginx", "1.12.0", when="2026-01-01T00:00:01Z"), entry("metallb", "0.14.8", when="2026-01-01T00:00:01Z")]
    install, problems = cm.install_state(cluster(old, PATCHED), "p1", TARGET)
    assert install["state"] != "installed" and any("no pack reported since" in p for p in problems)
    assert cm.install_state(cluster(ready[:1], PATCHED), "p1", TARGET)[0]["state"] != "installed"


@pytest.mark.parametrize("value, text", [
    ([{"values": ""}], "element 0: name is required"),
    ([{"name": "a"}], "values is required"),
    (["a"], "must be a dict"),
    ([{"name": "a", "values": 1}], "must be a string"),
    ([{"name": "a", "values": ""}, {"name": "a", "values": ""}], "given twice"),
])
def test_previous_packs_are_checked(value, text):
    with pytest.raises(cm.ClusterError, match=text) as err:
        cm.check_previous_packs(value)
    assert err.value.option == "previous_packs" and str(err.value).startswith("previous_packs: ")


def test_previous_packs_keep_name_and_values_only():
    assert cm.check_previous_packs([{"name": "a", "values": None, "tag": "1"}]) == [{"name": "a", "values": ""}]
