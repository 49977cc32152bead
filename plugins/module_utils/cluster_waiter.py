# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting until a profile change is installed (``docs/dev/apply-lifecycle.md``, "Converged means installed").

A cluster counts as done only when its attached template is the target content, every changed pack of the target
profile shows ``Ready``/``True`` in ``status.packs[]`` with the target version and a transition newer than the one
before the PATCH (and not older than ``spcApply.lastModifiedTime``), removed packs are gone, ``canBeApplied`` is not
false and no repave is pending. Only the server's times are compared; the local clock only bounds the wait.

* ``Error`` on a pack of the target profile fails the wait at once, naming cluster, pack and Palette's message.
* A pending repave: approved (``approve_repave``) and checked to have left ``Pending``, else the wait fails at once
  with the reasons of ``GET .../repave/status``.
* ``DownloadAndInstallLater`` without a trigger: not waited for (the install needs ``POST .../status/spcApply``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import (
    FAILED,
    INSTALLED,
    REPAVE,
    REPAVE_PENDING,
    WAITING_FOR_TRIGGER,
    ClusterError,
    repave_state,
)


def _who(plan):
    return '%s (%s)' % (plan.name, plan.uid)


def repave_reasons_text(repave):
    reasons = [r.get('message') or r.get('code') for r in (repave or {}).get('reasons') or []]
    return '; '.join(str(r) for r in reasons if r) or (repave or {}).get('message') or 'no reason given'


def handle_repave(service, plan, cluster, approve):
    """``cluster`` (as read now) has a pending repave: approve it (and read back that it left ``Pending``) when
    ``approve``, else record its reasons on ``plan``. Returns the cluster as read last."""
    if repave_state(cluster) != REPAVE_PENDING:
        return cluster
    if approve and not plan.repave_approved:
        status = service.repave_status(plan.uid)
        service.approve_repave(plan.uid)
        plan.repave_approved = True
        cluster = service.get(plan.uid) or cluster
        state = repave_state(cluster)
        plan.repave = {'state': state or 'Approved', 'reasons': status['reasons']}
        if state == REPAVE_PENDING:
            raise ClusterError('approve_repave: cluster %s still shows repave Pending after PATCH repave/approve; '
                               'reasons: %s' % (_who(plan), repave_reasons_text(status)), option='approve_repave')
        plan.observe(cluster)
        return cluster
    if plan.repave is None or plan.repave.get('state') != REPAVE_PENDING:
        status = service.repave_status(plan.uid)
        plan.repave = {'state': REPAVE_PENDING, 'reasons': status['reasons']}
    return cluster


def observe_now(service, plan, approve_repave=False):
    """Read ``plan``'s cluster once and record what it shows (install state, other profiles, repave); returns the
    cluster as read last."""
    cluster = service.get(plan.uid)
    if cluster is None:
        raise ClusterError('cluster %s disappeared while applying to it' % _who(plan))
    plan.observe(cluster)
    for other in plan.others:
        other.observe(cluster)
    return handle_repave(service, plan, cluster, approve_repave)


def read_back(service, plans, approve_repave=False):
    """:func:`observe_now` for each plan, concurrently."""
    return service.map(lambda plan: observe_now(service, plan, approve_repave), plans)


def wait_installed(service, plans, timeout, sleep, approve_repave=False, clock=time.time, sleeper=time.sleep,
                   observed=False, started=None, return_after=None):
    """Poll until every plan's change is installed. Raises ClusterError at once naming each cluster whose install
    failed (cluster, pack, Palette's message) or whose repave waits for an approval not given, or (option
    ``wait_timeout``) each cluster not installed in time and what is missing. Plans waiting for an install trigger
    are not waited for (``converged`` false). Returns the plans not waited for and the plans still installing
    (none unless ``return_after`` came first).

    ``observed``: every plan shows its cluster as it is now (read after this task's last write to it, or nothing
    was sent to it since it was read), so the first check reads nothing; each later check reads the clusters not
    done yet, ``sleep`` seconds after the one before.

    ``started``: the ``clock()`` time the wait began (an earlier call's, when this one continues its wait); the
    timeout counts from it. ``return_after``: a ``clock()`` time after which the first check that still finds
    clusters installing returns instead of sleeping (a module cannot show output while it runs: its caller shows
    the progress and calls again)."""
    deadline = (clock() if started is None else started) + timeout
    pending = list(plans)
    skipped = []
    read = not observed
    while pending:
        if read:
            read_back(service, pending, approve_repave)
        read = True
        still, failed, repave = [], [], []
        for plan in pending:
            state = plan.install['state']
            plan.converged = plan.installed
            if state == FAILED:
                failed.append('%s: %s' % (_who(plan), plan.install['message']))
            elif state == REPAVE:
                repave.append('%s: %s' % (_who(plan), repave_reasons_text(plan.repave)))
            elif state == WAITING_FOR_TRIGGER:
                skipped.append(plan)
            elif state != INSTALLED or plan.problems:
                still.append(plan)
        if failed:
            raise ClusterError('the profile change failed to install on %d cluster(s): %s' % (len(failed), '; '.join(failed)))
        if repave:
            raise ClusterError('approve_repave: %d cluster(s) wait for a repave approval (set approve_repave: true to '
                               'approve it): %s' % (len(repave), '; '.join(repave)), option='approve_repave')
        pending = still
        if not pending:
            break
        remaining = deadline - clock()
        if remaining <= 0:
            raise ClusterError(
                'wait_timeout: %d cluster(s) did not install the change within %s seconds: %s' % (
                    len(pending), timeout,
                    '; '.join('%s: %s' % (_who(p), ', '.join(p.problems) or p.install['message']) for p in pending)),
                option='wait_timeout',
                clusters=[{'uid': p.uid, 'name': p.name, 'state': p.state, 'install': p.install, 'problems': p.problems}
                          for p in pending])
        if return_after is not None:
            left = return_after - clock()
            if left <= 0:
                return skipped, pending
            remaining = min(remaining, left)
        sleeper(min(sleep, remaining))
    return skipped, []
