# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: fleet_rollout_outcomes
short_description: Each cluster's outcome of one wave of the fleet_rollout playbook
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Used by the playbook C(spectrocloud.palette.fleet_rollout) (C(playbooks/fleet_rollout.yml)) after a wave's
    M(spectrocloud.palette.palette_cluster_profile) calls (see P(spectrocloud.palette.fleet_rollout_calls#filter))
    gives the new summary row of each of the wave's clusters, from the call that had it.
  - When a call failed, a cluster is V(failed) when the error names it (or it was the call's only cluster); one that
    installed the change is V(updated) (V(would update) in check mode), one the call left as it was V(unchanged).
    Any other cluster of a failed call (the call stopped at another cluster's failure before it was settled) is
    I(unsettled); the playbook gives it a call of its own and passes those results as O(settled).
options:
  _input:
    description: The rows of the clusters before the wave (see P(spectrocloud.palette.fleet_rollout_plan#filter)).
    type: list
    elements: dict
    required: true
  hosts:
    description: Only the rows of these hosts (the wave's, C(ansible_play_batch)); all rows when not given.
    type: list
    elements: str
  calls:
    description: The registered C(results) of the wave's calls (each with the call as C(item), its C(uids)).
    type: list
    elements: dict
    required: true
  wave:
    description: The wave's number.
    type: int
    required: true
  check_mode:
    description: Whether the run is in check mode (a changed cluster is then V(would update)).
    type: bool
    default: false
  settled:
    description: The registered C(results) of the calls of one cluster each, for the clusters that were unsettled
      (each with that cluster's row as C(item)).
    type: list
    elements: dict
  max_fail_percentage:
    description: The wave stops the rollout when more than this share of its clusters failed (or all of them).
    type: float
    default: 0
"""

EXAMPLES = r"""
- name: Decide each cluster's outcome
  ansible.builtin.set_fact:
    outcome: >-
      {{ plan | spectrocloud.palette.fleet_rollout_outcomes(wave_apply.results, hosts=ansible_play_batch, wave=1,
                                                            check_mode=ansible_check_mode) }}
  run_once: true
"""

RETURN = r"""
_value:
  description: The outcome of the wave.
  type: dict
  contains:
    rows:
      description: The new row of every cluster of the wave, in the order of the input. A cluster still unsettled keeps
        its status V(untouched) (its C(changed) says whether the failed call sent it the update).
      type: list
      elements: dict
    unsettled:
      description: The rows of the clusters still unsettled (always empty when O(settled) is given for them).
      type: list
      elements: dict
    failed:
      description: The clusters (hosts) of the wave that failed.
      type: list
      elements: str
    stop:
      description: Whether the wave stops the rollout (O(max_fail_percentage)).
      type: bool
"""

# Where palette_cluster_profile's message of a failed apply stops naming the clusters that failed.
APPLIED_TO = '; it was applied to'
PATCH_FAILED = 'applying the profile change failed'


def _status(failed, changed, check_mode):
    if failed:
        return 'failed'
    if changed:
        return 'would update' if check_mode else 'updated'
    return 'unchanged'


def _settled_row(row, cluster, wave, status, changed, error):
    """``row`` with what the call that settled its cluster said about it (``cluster``: its entry of the result)."""
    return dict(row, wave=wave, status=status, changed=changed, error=error,
                before=cluster['before'] if 'before' in cluster else row.get('before'),
                after=cluster.get('after'), pack_changes=cluster.get('pack_changes') or [],
                state=cluster['state'] if 'state' in cluster else row.get('state'),
                converged=cluster.get('converged'), install=cluster.get('install'))


def _by_uid(calls):
    """{cluster uid: (the call that had it, its entry of that call's result or {})}, each call read once."""
    found = {}
    for call in calls:
        clusters = dict((c.get('uid'), c) for c in call.get('clusters') or [])
        for uid in (call.get('item') or {}).get('uids') or []:
            found.setdefault(uid, (call, clusters.get(uid) or {}))
    return found


def _from_wave(row, call, cluster, wave, check_mode):
    """The row after the wave call that had the cluster (``cluster``: its entry of the call's result), and whether
    the cluster is unsettled."""
    uid = row.get('uid')
    if call is None:
        return _settled_row(row, {}, wave, 'failed', False, 'no call of this wave had the cluster'), False
    alone = len((call.get('item') or {}).get('uids') or []) == 1
    failed = bool(call.get('failed')) and cluster.get('converged') is not True
    blame = str(call.get('msg') or '').split(APPLIED_TO, 1)[0]
    own_failure = failed and (alone or uid in blame)
    # a failed PATCH wrote nothing to its cluster; the call's own "changed" says whether its only cluster got one
    if alone:
        changed = bool(call.get('changed'))
    else:
        changed = bool(cluster.get('changed')) and not (own_failure and blame.startswith(PATCH_FAILED))
    if failed and not own_failure:
        return dict(row, changed=changed), True
    status = _status(own_failure, cluster.get('changed'), check_mode)
    error = call.get('msg', 'failed') if own_failure else None
    return _settled_row(row, cluster, wave, status, changed, error), False


def _from_own_call(row, result, wave, check_mode):
    """The row of a cluster settled by a call of its own (the failed wave call may have sent its update already)."""
    failed = bool(result.get('failed'))
    changed = bool(result.get('changed')) or bool(row.get('changed'))
    cluster = (result.get('clusters') or [{}])[0]
    error = result.get('msg', 'failed') if failed else None
    return _settled_row(row, cluster, wave, _status(failed, changed, check_mode), changed, error)


def _stops(rows, max_fail_percentage):
    """Whether the wave stops the rollout: more than ``max_fail_percentage`` % of its clusters failed, or all."""
    failed = sum(1 for row in rows if row.get('status') == 'failed')
    return failed > 0 and (failed * 100 > float(max_fail_percentage) * len(rows) or failed == len(rows))


def fleet_rollout_outcomes(rows, calls, wave, hosts=None, check_mode=False, settled=None, max_fail_percentage=0):
    wave = int(wave)
    if hosts is not None:
        wanted = set(hosts)
        rows = [row for row in rows if row.get('cluster') in wanted]
    by_uid = _by_uid(calls or [])
    own_calls = dict(((r.get('item') or {}).get('cluster'), r) for r in settled or [])
    out, unsettled = [], []
    for row in rows:
        call, cluster = by_uid.get(row.get('uid'), (None, {}))
        new, pending = _from_wave(row, call, cluster, wave, check_mode)
        if pending and row.get('cluster') in own_calls:
            new = _from_own_call(new, own_calls[row.get('cluster')], wave, check_mode)
        elif pending:
            unsettled.append(new)
        out.append(new)
    failed = [row.get('cluster') for row in out if row.get('status') == 'failed']
    return {'rows': out, 'unsettled': unsettled, 'failed': failed, 'stop': _stops(out, max_fail_percentage)}


class FilterModule(object):
    """The outcomes of a wave of the playbook fleet_rollout."""

    def filters(self):
        return {'fleet_rollout_outcomes': fleet_rollout_outcomes}
