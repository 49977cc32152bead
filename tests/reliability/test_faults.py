"""The whole update workflow (playbooks/update_profile.yml, playbooks/vars/demo_update.yml) under faults injected by
the emulator: 429 storms, 5xx bursts, dropped connections, slow answers, expiring tokens, a restart, a concurrent
edit, a failing publish, a pack whose install ends in Error, a cluster that never installs and a repave waiting for
approval.

Each case: the run either recovers on its own, or stops with a message saying what happened and what to do; then a
plain re-run completes (a pack left in Error stays so: its re-run must fail the same way). Either way the end state
is checked on the emulator (workflow.check_demo_done: the profiles carry exactly the intended change, every cluster
is attached to it and has installed it with its own overrides, every pack Ready, nothing else changed, nothing lost
or attached twice), and the request log shows that the fault really happened."""

import json
import os
import re
import socket
import sys
import time
from dataclasses import dataclass, field

import pytest

sys.path.insert(0, os.path.dirname(__file__))
# pylint: disable=wrong-import-position
from ansible_output import said  # noqa: E402
from workflow import (CORE_UID, INFRA_UID, INTENDED, Watcher, check_demo_done, check_nothing_lost,  # noqa: E402
                      output, run_workflow, targets)
from palette_emulator.testing import EmulatorProcess  # noqa: E402

CLUSTER_APPLY = r"^/v1/spectroclusters/[0-9a-f]{24}/profiles$"
PROFILE = r"^/v1/clusterprofiles/[0-9a-f]{24}$"
PUBLISH = r"^/v1/clusterprofiles/[0-9a-f]{24}/publish$"
CLUSTER = r"^/v1/spectroclusters/[0-9a-f]{24}$"
SEARCH = r"^/v1/dashboard/"


@pytest.fixture
def emu(limited_emulator):
    limited_emulator.reset()
    return limited_emulator


@dataclass
class Case:
    """One injected fault set and what the run must do about it."""
    id: str
    faults: list
    recovers: bool                     # True: the first run completes; False: it stops and a re-run completes
    logged: list                       # [(method, path regex, status[, min ms])] the log must show; 0 = dropped
    message: tuple = ()                # with recovers=False: fragments the failure message must contain
    env: dict = field(default_factory=dict)
    mid: object = None                 # with recovers=False: state -> problems, checked between the two runs
    config: dict = field(default_factory=dict)   # emulator switches for the case (PATCH /__emulator__/config)
    # with recovers=False: fragments the plain re-run's message must hold when it has to stop and ask (a re-run after
    # an in-place edit was published and not applied everywhere: the content before it is gone, so a cluster's
    # values on a changed pack cannot be told apart from the change); the re-run that answers then completes
    asks: tuple = ()


# What a re-run says when it must ask (infra's csi-rook-ceph was edited in place by the stopped run), and the answer
# that fits the demo seed (no cluster has values of its own for that pack).
ASKS_CLUSTER_VALUES = ("csi-rook-ceph", "profile_rollout_cluster_values=keep", "profile_rollout_cluster_values=profile")
ANSWER_CLUSTER_VALUES = ("-e", "profile_rollout_cluster_values=profile")
TIMEOUT_3S = {"PALETTE_TIMEOUT": "3"}   # generous: on a loaded machine an ordinary answer can take a second

CASES = [
    Case("429-storm-on-every-endpoint-prefix",
         [{"kind": "rate_limit", "path": p, "count": 2} for p in (
             PROFILE, r"^/v1/clusterprofiles/.*/packs", SEARCH, r"^/v1/packs", CLUSTER, CLUSTER_APPLY)],
         True, [("", p, 429) for p in (PROFILE, SEARCH, r"^/v1/packs", CLUSTER, CLUSTER_APPLY)]),
    Case("5xx-bursts-on-reads-searches-and-the-draft-write",
         [{"kind": "status", "status": 502, "method": "GET", "path": PROFILE, "count": 2},
          {"kind": "status", "status": 503, "method": "GET", "path": CLUSTER, "count": 2},
          {"kind": "status", "status": 504, "method": "POST", "path": SEARCH, "count": 2},
          {"kind": "status", "status": 503, "method": "PUT", "path": PROFILE, "count": 2}],
         True, [("GET", PROFILE, 502), ("GET", CLUSTER, 503), ("POST", SEARCH, 504), ("PUT", PROFILE, 503)]),
    # status/drop faults stop the scan, so each request gets at most one of them; "slow" goes last
    Case("dropped-connections-and-reads-slower-than-the-timeout",
         [{"kind": "drop", "method": "GET", "path": CLUSTER, "count": 2},
          {"kind": "drop", "method": "PUT", "path": PROFILE, "count": 1},
          {"kind": "slow", "delay": 6, "method": "GET", "path": PROFILE, "count": 1}],
         True, [("GET", CLUSTER, 0), ("PUT", PROFILE, 0), ("GET", PROFILE, 200, 5000)], env=TIMEOUT_3S),
    # A cluster PATCH is not resent blindly: the collection reads the cluster back first and sends it again only
    # when it did not take effect. (The emulator reads a request's body after the delay, so the slow PATCH, whose
    # client is gone by then, is not carried out: it is logged as a 500 after 6 s.)
    Case("cluster-apply-503-dropped-and-slower-than-the-timeout",
         [{"kind": "status", "status": 503, "method": "PATCH", "path": CLUSTER_APPLY, "count": 1},
          {"kind": "drop", "method": "PATCH", "path": CLUSTER_APPLY, "count": 1},
          {"kind": "slow", "delay": 6, "method": "PATCH", "path": CLUSTER_APPLY, "count": 1}],
         True, [("PATCH", CLUSTER_APPLY, 503), ("PATCH", CLUSTER_APPLY, 0), ("PATCH", CLUSTER_APPLY, None, 5000)],
         env=TIMEOUT_3S),
    Case("500-on-a-read", [{"kind": "status", "status": 500, "method": "GET", "path": PROFILE, "count": 1}],
         False, [("GET", PROFILE, 500)], ("GET /v1/clusterprofiles/", "HTTP 500 InternalError")),
    Case("500-on-a-cluster-apply",
         [{"kind": "status", "status": 500, "method": "PATCH", "path": CLUSTER_APPLY, "count": 1}],
         False, [("PATCH", CLUSTER_APPLY, 500)],
         ("applying the profile change failed for cluster", "HTTP 500", "run the playbook again"),
         asks=ASKS_CLUSTER_VALUES),
    # only where a PUT on a published version lands in a draft is there a publish to fail (REF section 12)
    Case("publish-fails-after-the-draft-was-written",
         [{"kind": "status", "status": 500, "method": "PATCH", "path": PUBLISH, "count": 1}],
         False, [("PATCH", PUBLISH, 500)], ("/publish: HTTP 500", "run the playbook again"),
         mid=lambda state: [] if [p for p in state["profiles"] if p["uid"] in (INFRA_UID, CORE_UID) and p["draft"]]
         else ["no draft was written before the publish failed"], config={"profile_put": "draft"}),
]


def _logged(emu, method, path, status, min_ms=0):
    """Log entries that match; ``status`` None matches any status."""
    return [r for r in emu.requests() if (not method or r["method"] == method) and re.search(path, r["path"])
            and status in (None, r["status"]) and r.get("duration_ms", 0) >= min_ms]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fault(case, emu, ansible, collections_path):
    if case.config:
        emu.config(**case.config)
    before = emu.state()
    for fault in case.faults:
        emu.fault(**fault)
    first = run_workflow(ansible, collections_path, emu, env=case.env)
    for expected in case.logged:
        assert _logged(emu, *expected), "the fault never fired: %s" % (expected,)
    if case.recovers:
        assert first.returncode == 0, output(first)
    else:
        assert first.returncode != 0, output(first)
        text = output(first)
        for fragment in case.message:
            assert fragment in text, "%r not in the failure output:\n%s" % (fragment, text[-4000:])
        mid = emu.state()
        assert check_nothing_lost(before, mid) == []
        if case.mid:
            assert case.mid(mid) == []
        again = rerun_answering(emu, ansible, collections_path, case.asks, env=case.env)
        assert again.returncode == 0, output(again)
    assert check_demo_done(before, emu.state()) == []


def rerun_answering(emu, ansible, collections_path, asks, env=None, extra_args=()):
    """The plain re-run; when ``asks``, it must stop before writing to any cluster with those fragments in its
    message, and the re-run with the answer is returned instead."""
    mark = emu.requests()[-1]["id"] if emu.requests() else None
    again = run_workflow(ansible, collections_path, emu, env=env, extra_args=extra_args)
    if not asks:
        return again
    text = output(again)
    assert again.returncode != 0, text[-4000:]
    for fragment in asks:
        assert fragment in text, "%r not in the re-run's message:\n%s" % (fragment, text[-4000:])
    # it may finish a profile write the stopped run did not reach, but sends no cluster anything
    assert [r for r in emu.requests(mark) if r.get("write") and r["path"].startswith("/v1/spectroclusters/")] == [], \
        "the re-run that asks wrote to a cluster"
    return run_workflow(ansible, collections_path, emu, env=env, extra_args=tuple(extra_args) + ANSWER_CLUSTER_VALUES)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_token_expires_mid_run(emu, ansible, collections_path):
    """Username/password login: every token is revoked while the draft is written, and later the emulator clock
    jumps 20 minutes (past the 15-minute token lifetime) while the clusters are waited for. The client logs in
    again on the 401 and carries on."""
    before = emu.state()
    emu.fault(kind="expire_tokens", method="PUT", path=PROFILE, count=1)

    def jump(emulator, log):
        if any(r["method"] == "PATCH" and re.search(CLUSTER_APPLY, r["path"]) for r in log):
            emulator.advance_clock(20 * 60)
            return True
        return False
    watcher = Watcher(emu, jump, source="requests")
    watcher.start()
    env = {"PALETTE_API_KEY": None, "PALETTE_USERNAME": "demo@example.com",
           "PALETTE_PASSWORD": "emulator-demo-password"}
    try:
        run = run_workflow(ansible, collections_path, emu, env=env)
    finally:
        watcher.stop()
    assert run.returncode == 0, output(run)
    assert watcher.done.is_set(), "the clock never jumped"
    log = emu.requests()
    unauthorized = [r for r in log if r["status"] == 401]
    assert any(r["method"] == "PUT" for r in unauthorized), "the revoked token was never refused on the PUT"
    assert len(unauthorized) >= 2, "the clock jump expired no token in use: %s" % unauthorized
    assert not said(output(run), "emulator-demo-password")
    assert check_demo_done(before, emu.state()) == []


def test_emulator_restarted_mid_run(ansible, collections_path):
    """The API goes away while a read is in flight (killed, like a crash) and comes back a moment later on the
    same address, from the same seed. This happens before the first write, so no stored state is lost with it."""
    port = _free_port()
    first = start_emulator(port).start()
    second = None
    try:
        before = first.state()
        # a cluster read that hangs: when that fault has fired, a request is in flight
        first.fault(kind="slow", delay=60, method="GET", path=CLUSTER, count=1)
        restarted = {}

        def crash(emulator, faults):
            if faults:
                return False
            emulator.proc.kill()
            emulator.proc.wait(10)
            time.sleep(2)   # down for a while: the client sees refused connections
            restarted["emu"] = start_emulator(port).start()
            return True
        watcher = Watcher(first, crash, source="faults")
        watcher.start()
        try:
            run = run_workflow(ansible, collections_path, first, timeout=300)
        finally:
            watcher.stop()
        second = restarted.get("emu")
        assert second is not None, "the emulator was never restarted"
        assert run.returncode == 0, output(run)
        assert second.url == first.url
        writes = [r for r in second.requests() if r["write"]]
        assert [r["method"] for r in writes].count("PUT") == 2, writes
        assert check_demo_done(before, second.state()) == []
    finally:
        first.stop()
        if second is not None:
            second.stop()


def _attached_to(state, profile_uid):
    return sorted(c["name"] for c in state["clusters"] if not c["deleted"]
                  and any(e["uid"] == profile_uid for e in c["attached"]))


def _matching(log, method, path):
    return [r for r in log if r["method"] == method and re.search(path, r["path"])]


def _waiting(before):
    """Infra's clusters have all accepted the change (the role applies infra first): its wait is under way."""
    count = len(_attached_to(before, INFRA_UID))
    return lambda log: len([r for r in _matching(log, "PATCH", CLUSTER_APPLY) if r["status"] == 204]) >= count


def _applying(_before):
    """The first cluster PATCH was dropped (the fault queued from the start): both profiles are published."""
    return lambda log: any(r["status"] == 0 for r in _matching(log, "PATCH", CLUSTER_APPLY))


@dataclass
class Gone:
    """When the API goes away: from the moment ``when(before)(log)`` holds, every API request is dropped."""
    when: object
    config: dict = field(default_factory=dict)
    faults: list = field(default_factory=list)
    rerun: tuple = ()    # extra arguments of the re-run


# "during-the-wait": installs take an hour (emulator clock), so the wait cannot end before the API goes; the clock
# moves on before the re-run. "after-publish": a PUT lands in a draft, so that there is a publish to be after; the
# first cluster PATCH is dropped, so that the API goes before any cluster took the change (published and applied
# nowhere: the re-run gives the answer a plain re-run asks for, as "500-on-a-cluster-apply" shows).
GONE_MOMENTS = {
    "during-the-wait": Gone(_waiting, {"apply_seconds": 3600}),
    "after-publish": Gone(_applying, {"profile_put": "draft"},
                          [{"kind": "drop", "method": "PATCH", "path": CLUSTER_APPLY, "count": None}],
                          ANSWER_CLUSTER_VALUES),
}


@pytest.mark.parametrize("moment", list(GONE_MOMENTS))
def test_api_gone_mid_run(moment, emu, ansible, collections_path, tmp_path):
    """The API stops answering part-way (every connection dropped from then on, as when Palette or the network goes
    away; the emulator keeps its state so that the API can come back as it was): while infra's clusters are waited
    for, or after both profiles were published, as the apply begins. The run fails, yet still prints its summary and
    writes its report: which profiles it changed and published, and which clusters it could not confirm
    (unconfirmed, with the reason: whether the change was sent to them); its message says that a re-run continues.
    Once the API is back, a re-run completes (after publish, with the answer a plain re-run asks for)."""
    gone = GONE_MOMENTS[moment]
    if gone.config:
        emu.config(**gone.config)
    before = emu.state()
    for fault in gone.faults:
        emu.fault(**fault)
    gone_when = gone.when(before)

    def go_away(emulator, log):
        if gone_when(log):
            emulator.fault(kind="drop", path="^/v1/", count=None)
            return True
        return False
    watcher = Watcher(emu, go_away, source="requests", interval=0.05)
    watcher.start()
    report_dir = str(tmp_path / "report")
    try:
        # no retry: giving up on a gone API at once changes nothing else
        first = run_workflow(ansible, collections_path, emu, env={"PALETTE_RETRIES": "0"},
                             extra_args=("-e", "profile_rollout_report_dir=" + report_dir))
    finally:
        watcher.stop()
    assert watcher.done.is_set(), "the API never went away"
    text = output(first)
    assert first.returncode != 0, text[-4000:]
    assert "Profile rollout: failed" in text, "no summary printed:\n" + text[-4000:]
    assert "it continues from where this run stopped" in text, text[-4000:]
    log = emu.requests()
    assert [r for r in log if r["status"] == 0], "no request was dropped"
    # sent: the client sent the PATCH, whether or not it got an answer; accepted: Palette carried it out
    sent = {r["path"].split("/")[3] for r in _matching(log, "PATCH", CLUSTER_APPLY)}
    accepted = {r["path"].split("/")[3] for r in _matching(log, "PATCH", CLUSTER_APPLY) if r["status"] == 204}
    with open(os.path.join(report_dir, "profile-rollout.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    with open(os.path.join(report_dir, "profile-rollout.md"), encoding="utf-8") as handle:
        markdown = handle.read()
    assert report["status"] == "failed" and report["errors"], report
    assert {p["uid"]: (p["changed"], p["published"]) for p in report["profiles"]} == {
        INFRA_UID: (True, True), CORE_UID: (True, True)}, report["profiles"]
    assert sorted(c["name"] for c in report["clusters"]) == targets(before), report["clusters"]
    for cluster in report["clusters"]:
        assert cluster["status"] == "unconfirmed", cluster
        reason = cluster["unconfirmed"]
        assert "could not be read after the run" in reason and "ConnectionError" in reason, cluster
        assert ("the change was sent to it" in reason) == (cluster["uid"] in sent), (cluster, sent)
        assert "| %s | unconfirmed |" % cluster["name"] in markdown, markdown
    assert len(accepted) == (len(_attached_to(before, INFRA_UID)) if moment == "during-the-wait" else 0), accepted
    assert check_nothing_lost(before, emu.state()) == []

    emu.admin("DELETE", "/faults")   # the API is back, with everything it held
    emu.advance_clock(3600)           # an install under way has finished
    # with a mistyped option too: the role warns about it by name and goes on as if it were not there
    again = run_workflow(ansible, collections_path, emu, extra_args=gone.rerun + ("-e", "profile_rollout_wait_timout=1"))
    assert again.returncode == 0, output(again)
    assert said(output(again), "[WARNING]: profile_rollout_wait_timout: not a variable of role spectrocloud.palette.profile_rollout, "
                "it is ignored (did you mean profile_rollout_wait_timeout?)"), output(again)[-4000:]
    assert check_demo_done(before, emu.state()) == []


def start_emulator(port):
    """An emulator on ``port`` configured like the module's one (not started)."""
    return EmulatorProcess(seed="demo", strict=True, rate_limits=True, extra_args=("--apply-seconds", "1"), port=port)


COLLEAGUE_ADDRESSES = ["10.99.0.240/28"]
COLLEAGUE_METALLB = """charts:
  metallb-full:
    configuration:
      ipaddresspools:
        first-pool:
          spec:
            addresses:
              # One /28 per site; override per cluster.
              - 10.99.0.240/28
"""


MANIFESTS = r"^/v1/clusterprofiles/[0-9a-f]{24}/packs/.*/manifests"


@pytest.mark.parametrize("reading, moment, trigger, after", [
    # Palette puts a PUT on a published version in a draft: the colleague's edit is an unpublished draft
    ("draft", "after-our-first-read", PROFILE, 1),
    ("draft", "while-we-build-the-write", MANIFESTS, 1),
    # Palette edits the published version in place (the emulator's default): the colleague's edit is published at
    # once. The second manifests read is palette_profile's own, after the role's preview: the edit then falls
    # between the module's read and its last-modified check before the PUT.
    ("in_place", "after-our-first-read", PROFILE, 1),
    ("in_place", "while-we-build-the-write", MANIFESTS, 2),
], ids=["draft-after-our-first-read", "draft-while-we-build-the-write", "in_place-after-our-first-read",
        "in_place-while-we-build-the-write"])
def test_concurrent_edit_of_the_profile(reading, moment, trigger, after, emu, ansible, collections_path):
    """Someone else edits core (metallb values) between our read and our write. Their edit must not be overwritten.
    In a draft: the run stops and says so, with what to do; the re-run that does what the message says
    (existing_draft=build_on) completes and publishes both changes. In place (published at once): the run builds on
    it, or stops before writing core and a plain re-run does; either way both changes end up published and
    installed, each cluster's own values kept."""
    del moment
    emu.config(profile_put=reading)
    before = emu.state()
    path = trigger.replace("[0-9a-f]{24}", CORE_UID, 1)
    emu.fault(kind="concurrent_edit", method="GET", path=path, after=after, profile=CORE_UID, pack="metallb",
              values=COLLEAGUE_METALLB)
    first = run_workflow(ansible, collections_path, emu)
    assert not emu.admin("GET", "/faults")["faults"], "the concurrent edit never happened"
    text = output(first)
    mid = emu.state()
    assert check_nothing_lost(before, mid) == []
    core = [p for p in mid["profiles"] if p["uid"] == CORE_UID][0]
    holder = core["draft"] if reading == "draft" else core["published"]
    metallb = [p for p in holder["packs"] if p["name"] == "metallb"][0]
    assert metallb["values"] == COLLEAGUE_METALLB, "the colleague's edit was overwritten"
    if reading == "draft":
        assert first.returncode != 0, text
        assert "existing_draft" in text or "changed by someone else" in text, text[-4000:]
        again = run_workflow(ansible, collections_path, emu,
                             extra_args=("-e", "profile_rollout_existing_draft=build_on"))
        assert again.returncode == 0, output(again)
    elif first.returncode != 0:
        assert "changed by someone else" in text and "nothing was written" in text, text[-4000:]
        # infra was edited in place before core stopped the run: the re-run must ask about infra's changed pack
        again = rerun_answering(emu, ansible, collections_path, ASKS_CLUSTER_VALUES)
        assert again.returncode == 0, output(again)
    intended = dict(INTENDED)
    intended[CORE_UID] = dict(INTENDED[CORE_UID], metallb=(
        None, None, ("charts", "metallb-full", "configuration", "ipaddresspools", "first-pool", "spec", "addresses"),
        COLLEAGUE_ADDRESSES))
    assert check_demo_done(before, emu.state(), intended=intended) == []


STORE01 = "6982d34cd881f18566be1501"
STORE03 = "6982d34cd881f18566be1503"


def _cluster(state, uid):
    return [c for c in state["clusters"] if c["uid"] == uid][0]


def _pack_errors(state, uid):
    """[(pack name, message)] of the packs of cluster ``uid`` whose condition is Error, as the emulator stores them."""
    return sorted((pack["name"], pack["condition"].get("message"))
                  for pack in (_cluster(state, uid).get("pack_status") or {}).values()
                  if (pack.get("condition") or {}).get("type") == "Error")


def _report_rows(report_dir):
    """The clusters of the role's JSON report (profile_rollout_report_dir), by name."""
    with open(os.path.join(report_dir, "profile-rollout.json"), encoding="utf-8") as handle:
        return {c["name"]: c for c in json.load(handle)["clusters"]}


def _names_failure(text, *fragments):
    """Whether one failure message of ``text`` (a line, or a JSON string in one) holds every fragment: the summary
    lines name clusters and packs anyway, so each fragment being somewhere in the output proves nothing."""
    return any(all(f in message for f in fragments) for message in re.findall(r'[^"\n]+', text))


@pytest.mark.parametrize("how", ["injected-error-on-vmo", "install-failed-by-hand"])
def test_one_cluster_install_ends_in_error(how, emu, ansible, collections_path, tmp_path):
    """edge-store-01's install ends with a pack in Error (Palette keeps the cluster Running; the failure is only on
    the pack). Either the emulator is told beforehand that every install of the cluster fails on VMO (core's pack:
    the infra PATCH brings core's published change along, so the error shows while the role handles infra or core),
    or the install in progress is failed by hand (on its first changed pack, infra's csi-rook-ceph). The run must
    fail naming the cluster, the pack and Palette's message, never report it converged, and leave nothing lost. The
    agent does not retry a failed pack here (the emulator models no retry), so a re-run must fail the same way
    without sending anything, and everything but that one pack must be done. The report's row of the cluster says
    failed, with the pack and Palette's message."""
    before = emu.state()
    report_dir = str(tmp_path / "report")
    watcher = None
    if how == "injected-error-on-vmo":
        emu.admin("POST", "/clusters/%s/inject" % STORE01,
                  {"apply_error": {"pack": "virtual-machine-orchestrator", "message": "disk full"}})
    else:
        def fail_it(emulator, state):
            apply = _cluster(state, STORE01)["apply"]
            if apply and apply.get("started") is not None:
                emulator.admin("POST", "/clusters/%s/apply" % STORE01, {"result": "fail", "message": "disk full"})
                return True
            return False
        watcher = Watcher(emu, fail_it, interval=0.05)
        watcher.start()
    try:
        first = run_workflow(ansible, collections_path, emu, extra_args=("-e", "profile_rollout_report_dir=" + report_dir))
    finally:
        if watcher:
            watcher.stop()
    if watcher:
        assert watcher.done.is_set(), "the install was never caught in progress"
    mid = emu.state()
    errors = _pack_errors(mid, STORE01)
    assert len(errors) == 1 and errors[0][1] == "disk full", errors
    pack = errors[0][0]
    if how == "injected-error-on-vmo":
        assert pack == "virtual-machine-orchestrator"
    assert [c["name"] for c in mid["clusters"] if c["uid"] != STORE01 and _pack_errors(mid, c["uid"])] == []
    assert _cluster(mid, STORE01)["state"] == "Running"     # no cluster-level sign of the failure
    text = output(first)
    assert first.returncode != 0, text
    assert _names_failure(text, "edge-store-01", pack, "disk full"), text[-4000:]
    assert "run the playbook again" in text
    row = _report_rows(report_dir)["edge-store-01"]
    assert row["status"] == "failed", row
    assert any(pack in problem and "disk full" in problem for problem in row["problems"]), row
    assert check_nothing_lost(before, mid) == []

    emu.admin("DELETE", "/requests")
    again = run_workflow(ansible, collections_path, emu)
    text = output(again)
    assert again.returncode != 0, "the re-run called a cluster with a pack in Error done:\n" + text[-4000:]
    assert _names_failure(text, "edge-store-01", pack, "disk full"), text[-4000:]
    assert [(r["method"], r["path"]) for r in emu.requests() if r["write"]] == []
    after = emu.state()
    assert _pack_errors(after, STORE01) == errors
    key = [k for k, p in _cluster(after, STORE01)["pack_status"].items() if p["name"] == pack][0]
    assert check_demo_done(before, after) == ["cluster edge-store-01 has packs that are not Ready: %s" % [key]]


def test_a_cluster_that_never_installs(emu, ansible, collections_path):
    """Installs take an hour (emulator clock); every cluster but edge-store-03 is finished at once by the watcher.
    For the first half hour Palette still shows edge-store-03's previous install (Ready, and for csi-rook-ceph, whose
    values change but not its version, the same version): the run must not take that for the change. It gives up
    after wait_timeout naming edge-store-03 and the packs still installing, and no other cluster; once the cluster
    has finished, a re-run completes."""
    before = emu.state()
    emu.config(apply_seconds=3600)

    def finish_others(emulator, state):
        for cluster in state["clusters"]:
            if cluster["apply"] and cluster["apply"].get("started") is not None and cluster["uid"] != STORE03:
                emulator.admin("POST", "/clusters/%s/apply" % cluster["uid"], {"result": "complete"})
        return False
    watcher = Watcher(emu, finish_others, interval=0.1)
    watcher.start()
    try:
        first = run_workflow(ansible, collections_path, emu, extra_args=("-e", "profile_rollout_wait_timeout=5"))
    finally:
        watcher.stop()
    mid = emu.state()
    store03 = _cluster(mid, STORE03)
    assert store03["apply"] and store03["apply"]["started"] is not None, "edge-store-03 was not still installing"
    # what is still installing, from the emulator: the changed packs of infra (the role applies infra first)
    installing = sorted(key.split("/", 1)[1] for key in store03["apply"]["changed"] if key.startswith(INFRA_UID + "/"))
    assert installing == ["csi-rook-ceph"], store03["apply"]
    assert store03["pack_status"][INFRA_UID + "/csi-rook-ceph"]["condition"]["type"] == "Ready"   # the stale entry
    text = output(first)
    assert first.returncode != 0, text
    # the failure messages (up to the end of their line or JSON string), not the module's whole result
    lines = [m for m in re.findall(r'wait_timeout:[^"\n]*', text) if "edge-store-03" in m]
    assert lines, "no wait_timeout failure naming edge-store-03:\n" + text[-4000:]
    for name in installing:
        assert any(name in line for line in lines), "%r not in %s" % (name, lines)
    for other in ("edge-vmo", "edge-store-01"):
        assert not any(other in line for line in lines), "%s is named as not installed: %s" % (other, lines)
    assert "run the playbook again" in text
    assert check_nothing_lost(before, mid) == []
    # the cluster gets there in the end
    emu.config(apply_seconds=1)
    emu.admin("POST", "/clusters/%s/apply" % STORE03, {"result": "complete"})
    again = run_workflow(ansible, collections_path, emu)
    assert again.returncode == 0, output(again)
    assert check_demo_done(before, emu.state()) == []


REPAVE_REASON = "edge-native-byoi changes: the nodes are replaced one by one"


def test_a_repave_waits_for_approval(emu, ansible, collections_path, tmp_path):
    """Every accepted change of edge-store-03 needs a repave (injected). Without profile_rollout_approve_repave the
    run stops at once, naming the cluster and Palette's reason (in the report's row of the cluster too), and approves
    nothing; the re-run with the option approves it (once) and completes, and the report says so."""
    before = emu.state()
    report_dir = str(tmp_path / "report")
    report = ("-e", "profile_rollout_report_dir=" + report_dir)
    emu.admin("POST", "/clusters/%s/inject" % STORE03,
              {"repave": {"reasons": [{"code": "OsPatch", "message": REPAVE_REASON}]}})
    started = time.monotonic()
    first = run_workflow(ansible, collections_path, emu, extra_args=("-e", "profile_rollout_wait_timeout=120") + report)
    seconds = time.monotonic() - started
    text = output(first)
    assert first.returncode != 0, text
    for fragment in ("edge-store-03", REPAVE_REASON, "approve_repave", "run the playbook again"):
        assert fragment in text, "%r not in:\n%s" % (fragment, text[-4000:])
    assert seconds < 100, "the run waited for the timeout instead of stopping at once (%.0f s)" % seconds
    row = _report_rows(report_dir)["edge-store-03"]
    assert row["status"] in ("failed", "waiting for repave approval"), row
    assert any(REPAVE_REASON in problem for problem in row["problems"]), row
    mid = emu.state()
    assert _cluster(mid, STORE03)["repave"]["state"] == "Pending"
    assert not [r for r in emu.requests() if r["path"].endswith("/repave/approve")]
    assert check_nothing_lost(before, mid) == []

    emu.admin("DELETE", "/requests")
    again = run_workflow(ansible, collections_path, emu, extra_args=("-e", "profile_rollout_approve_repave=true") + report)
    assert again.returncode == 0, output(again)
    assert {c["status"] for c in _report_rows(report_dir).values()} <= {"updated", "up to date"}
    approvals = [(r["method"], r["path"], r["status"]) for r in emu.requests() if r["path"].endswith("/repave/approve")]
    assert approvals == [("PATCH", "/v1/spectroclusters/%s/repave/approve" % STORE03, 204)]
    after = emu.state()
    assert _cluster(after, STORE03)["repave"]["state"] == "Approved"
    assert check_demo_done(before, after) == []
