# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A wait cut into calls (``palette_cluster_profile``'s ``wait_progress_interval``, issue #20).

A module shows nothing while it runs, so a wait of minutes would be one silent task. With an interval the module
returns while clusters still install (``waiting``), with the progress of each cluster and a line for the job
output (:func:`progress`), and what the next call needs to go on with the same wait (``wait_resume``,
:func:`resume_state`): when the wait began, and for each cluster this wait wrote to, what that write was (the
next call reads the cluster again and sends nothing to one attached to the target content, so without it the
result would describe a re-run, and the install would be judged by a re-run's rule instead of the write's).
:func:`restore` puts that back on the next call's plans, :func:`merged_row` into its result.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import (
    FAILED,
    WAITING_FOR_TRIGGER,
    ClusterError,
)

SHOWN_NAMES = 10    # names per group in the progress line; the lists in the result hold them all

# what a cluster's result row says about the write an earlier call of the wait made (kept from that call)
WRITE_FIELDS = ('action', 'underway', 'before', 'after', 'pack_changes', 'kept_overrides', 'other_profiles')


def _names(names):
    shown = ', '.join(names[:SHOWN_NAMES])
    return shown + (' and %d more' % (len(names) - SHOWN_NAMES) if len(names) > SHOWN_NAMES else '')


def progress(plans, elapsed, timeout):
    """``{installed, installing, failed, waiting_for_trigger, elapsed, timeout, text}``: cluster names per state,
    and one line saying it."""
    groups = dict((key, []) for key in ('installed', 'installing', 'failed', 'waiting_for_trigger'))
    for plan in plans:
        state = (plan.install or {}).get('state')
        if plan.installed:
            groups['installed'].append(plan.name)
        elif state == FAILED:
            groups['failed'].append(plan.name)
        elif state == WAITING_FOR_TRIGGER:
            groups['waiting_for_trigger'].append(plan.name)
        else:
            groups['installing'].append(plan.name)
    parts = ['%d of %d cluster(s) installed%s' % (len(groups['installed']), len(plans),
                                                  (' (%s)' % _names(groups['installed'])) if groups['installed'] else '')]
    for key, words in (('installing', 'still installing'), ('failed', 'failed'),
                       ('waiting_for_trigger', 'waiting for the install trigger')):
        if groups[key]:
            parts.append('%s: %s' % (words, _names(groups[key])))
    elapsed = int(max(elapsed, 0))
    groups.update(elapsed=elapsed, timeout=timeout,
                  text='waited %d s of up to %d s: %s' % (elapsed, timeout, '; '.join(parts)))
    return groups


def resume_state(plans, started, target_uid, changed, diff):
    """What the next call needs to go on with this wait (returned as ``wait_resume``)."""
    clusters = []
    for plan in plans:
        earlier = getattr(plan, 'wait_earlier', None)
        if earlier is not None:
            entry = dict(earlier, triggered=plan.triggered, repave_approved=plan.repave_approved)
        elif plan.applied or plan.triggered or plan.repave_approved or (plan.variables is not None and plan.variables.written):
            row = plan.result()
            entry = {'uid': plan.uid, 'result': dict((key, row[key]) for key in WRITE_FIELDS + ('changed', 'variable_changes')),
                     'applied': plan.applied, 'triggered': plan.triggered, 'repave_approved': plan.repave_approved,
                     'repave': plan.repave, 'changed_packs': list(plan.changed_packs),
                     'removed_packs': list(plan.removed_packs), 'before_times': dict(plan.before_times)}
        else:
            continue
        clusters.append(entry)
    return {'started': started, 'profile_uid': target_uid, 'cluster_uids': [p.uid for p in plans],
            'changed': bool(changed), 'diff': list(diff or []), 'clusters': clusters}


def check_resume(state, wait):
    """``wait_resume`` as given: the ``wait_resume`` a call of this module returned."""
    if state is None:
        return None
    if not wait:
        raise ClusterError('wait_resume: continues a wait; give wait: true with it', option='wait_resume')
    if not isinstance(state.get('started'), (int, float)) or not isinstance(state.get('clusters'), list):
        raise ClusterError('wait_resume: give the wait_resume that the call before returned, unchanged', option='wait_resume')
    return state


def restore(plans, state, target_uid):
    """Put on ``plans`` what the earlier calls of the wait ``state`` did (before this call writes anything): the
    clusters they wrote to are judged by that write's rule (the packs it changed must report since), and keep their
    install trigger and repave approval."""
    if state.get('profile_uid') != target_uid or list(state.get('cluster_uids') or []) != [p.uid for p in plans]:
        raise ClusterError('wait_resume: comes from a wait for another profile version or other clusters; give the same '
                           'clusters and target as the call that returned it', option='wait_resume')
    entries = dict((e.get('uid'), e) for e in state['clusters'] if isinstance(e, dict))
    for plan in plans:
        entry = entries.get(plan.uid)
        if entry is None:
            continue
        plan.wait_earlier = entry
        plan.triggered = plan.triggered or bool(entry.get('triggered'))
        plan.repave_approved = plan.repave_approved or bool(entry.get('repave_approved'))
        if plan.repave is None and entry.get('repave'):
            plan.repave = entry['repave']
        if entry.get('applied') and not plan.changed:
            plan.applied = True
            plan.changed_packs = list(entry.get('changed_packs') or [])
            plan.removed_packs = list(entry.get('removed_packs') or [])
            plan.before_times = dict(entry.get('before_times') or {})
        plan.observe(plan.cluster)


def merged_row(plan):
    """``plan``'s result row, saying what the earlier calls of the wait wrote as well as what it shows now."""
    row = plan.result()
    earlier = getattr(plan, 'wait_earlier', None)
    if earlier is None:
        return row
    first = earlier.get('result') or {}
    row.update((key, first[key]) for key in WRITE_FIELDS if key in first)
    row['changed'] = bool(first.get('changed')) or row['changed']
    if first.get('variable_changes') and not row.get('variable_changes'):
        row['variable_changes'] = first['variable_changes']
    return row
