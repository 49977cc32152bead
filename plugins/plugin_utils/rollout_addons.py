# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The add-on part of the profile_rollout summary (issue #18): which clusters a profile entry attached its version to
(``attach: true``) or detached its profile from (``state: absent``), from the loop results of the role's attach and
detach step (palette_cluster_profile), else - in check mode, where that step could not run (a version still to be
created has no uid) - from the plan's ``attach_targets`` / ``detach_targets``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def _item_index(result):
    """The plan index of a loop result: its loop item is a plan entry (under the task's ``loop_var``)."""
    item = result.get(result.get('ansible_loop_var') or 'item')
    return item.get('index') if isinstance(item, dict) else None


def addon_results(attached=None, detached=None):
    """{(action, plan index): palette_cluster_profile result} of the tasks that ran (not the skipped ones)."""
    found = {}
    for action, results in (('attach', attached), ('detach', detached)):
        for result in results or []:
            if isinstance(result, dict) and not result.get('skipped') and _item_index(result) is not None:
                found[(action, _item_index(result))] = result
    return found


def _names(result, action):
    """The clusters a result says it attached / detached (or would, in check mode), in its order."""
    return [c.get('name') for c in result.get('clusters') or []
            if isinstance(c, dict) and c.get('action') == action and c.get('changed')]


def addon_status(entry, results, check, before, applies):
    """``attached``, ``detached`` (cluster names), ``changed``, ``error``, the profile's ``status`` when the entry
    detaches (None otherwise: the profile change says it) and, for an entry that attaches, ``attach_status``: what
    the attach did (None when it had nothing to do), which the summary puts with the profile change's status."""
    out = {'attached': [], 'detached': [], 'changed': False, 'error': None, 'status': None, 'attach_status': None}
    absent = entry.get('state') == 'absent'
    action = 'detach' if absent else 'attach'
    planned = entry.get(action + '_targets') or []
    result = results.get((action, entry.get('index')))
    if result is not None:
        out[action + 'ed'] = _names(result, action)
        out['changed'] = bool(result.get('changed')) and not check
        if result.get('failed'):
            out['error'] = result.get('msg')
    elif check and applies:
        # the step did not run in check mode: what the plan found is what it would do
        out[action + 'ed'] = [(before.get(uid) or {}).get('name', uid) for uid in planned]
    if absent:
        done = out['detached']
        if out['error']:
            out['status'] = 'detach failed'
        elif done:
            out['status'] = '%s %d cluster(s)' % ('would detach from' if check else 'detached from', len(done))
        elif planned and not applies:
            out['status'] = 'not detached (the rollout does not apply)'
        elif planned:
            out['status'] = 'not reached'
        else:
            out['status'] = 'not attached to the selected clusters'
    elif entry.get('attach'):
        out['attach_status'] = _attach_status(out['attached'], out['error'], planned, check, applies,
                                              _not_seen_installed(result))
    return out


def _not_seen_installed(result):
    """How many clusters the attach changed without seeing the change installed: ``converged`` is true only when its
    wait saw every pack Ready (null without the wait, false while it waits for an install trigger)."""
    return sum(1 for c in (result or {}).get('clusters') or []
               if isinstance(c, dict) and c.get('action') == 'attach' and c.get('changed')
               and 'converged' in c and c['converged'] is not True)


def _attach_status(done, error, planned, check, applies, not_installed=0):
    """What an attaching entry's attach step did, for the summary: a failed attach (a wait that timed out after its
    PATCHes too) is never summed up as the profile's "unchanged", and "attached" alone means installed as well."""
    if error:
        return 'attach failed' + (' (attached to %d cluster(s) before it failed)' % len(done) if done else '')
    if done and check:
        return 'would attach to %d cluster(s)' % len(done)
    if done:
        return 'attached to %d cluster(s)%s' % (len(done), ', %d not seen installed' % not_installed if not_installed else '')
    if planned and not applies:
        return 'not attached (the rollout does not apply)'
    if planned:
        return 'attach not reached'
    return None
