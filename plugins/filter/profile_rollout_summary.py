# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_summary
short_description: The summary of a run of the profile_rollout role
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Builds C(profile_rollout_summary), the summary of the role C(spectrocloud.palette.profile_rollout), from what its
    steps returned - per profile its status and pack changes, per cluster what it ran before and runs now (or, in
    check mode, would run), its status and install state (unconfirmed, with the reason, when it could not be read
    after the run), and the errors of the run. The fields are those of the role's README ("The summary").
  - The pack changes of a cluster are compared the way M(spectrocloud.palette.palette_cluster_info) compares them
    (values as YAML data). The summary never holds a credential - it is built from module results only.
options:
  _input:
    description:
      - What the run saw, a mapping with C(check_mode), C(plan) (the plan entries of
        M(spectrocloud.palette.palette_profile_rollout_plan)), C(changes), C(publishes) (the results of
        M(spectrocloud.palette.palette_profile) and M(spectrocloud.palette.palette_profile_publish) by plan index; a
        converged plan's own C(change) stands for a result not given), C(applied) (C([{index, result}]) of
        M(spectrocloud.palette.palette_cluster_profile), the first record of an index counting), C(before) and
        C(after) (the clusters read before and after the run; C(after) null or partial when not all were read, see
        P(spectrocloud.palette.profile_rollout_read_again#filter)), C(errors), C(unread) (why the clusters could not be
        read after the run, or empty), C(attached) and C(detached) (the loop results of the role's attach and detach
        step, M(spectrocloud.palette.palette_cluster_profile) with C(attach=true) or C(state=absent), each with its
        loop item, a plan entry; empty or left out when that step did not run), and the options C(strategy),
        C(publish), C(apply) and C(wait).
      - Per profile, C(attached) and C(detached) name the clusters the profile was attached to or detached from (in
        check mode, would be; taken from the plan's C(attach_targets) and C(detach_targets) where the step did not
        run in check mode).
      - A cluster not read after the run whose apply results describe it shows what they read last (its state, the
        version and pack changes of each profile) and its health as read before the run.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Summarize the run
  ansible.builtin.set_fact:
    profile_rollout_summary: "{{ run | spectrocloud.palette.profile_rollout_summary }}"
"""

RETURN = r"""
_value:
  description: The summary (see the role's README).
  type: dict
"""

import datetime

from ansible_collections.spectrocloud.palette.plugins.filter.profile_rollout_read_again import (
    apply_results,
    described_by_apply,
    result_at,
)
from ansible_collections.spectrocloud.palette.plugins.plugin_utils.rollout_addons import addon_results, addon_status
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import pack_changes

# install states, the most urgent first
INSTALL_ORDER = ('failed', 'repave_pending', 'waiting_for_trigger', 'installing', 'not_started', 'unknown', 'installed')
APPLYING = ('installing', 'not_started', 'unknown')
PACK_CHANGE_FIELDS = ('name', 'tag_before', 'tag_after', 'tag_changed', 'values_changed', 'values_diff', 'in_draft')


def _first(items, **match):
    for item in items or []:
        if isinstance(item, dict) and all(item.get(k) == v for k, v in match.items()):
            return item
    return {}


def _profile_status(change, publish, check, publish_option):
    if change.get('failed'):
        return 'failed'
    if 'name' not in change:
        return 'not reached'
    if publish.get('failed'):
        return 'draft written, publish failed' if change.get('changed') else 'publish of the waiting draft failed'
    if check and change.get('changed'):
        return 'would change' + (' and publish' if publish_option else ' (draft only)')
    if check and publish.get('published'):
        return 'would publish the draft an earlier run left'
    if publish.get('published'):
        return 'changed and published' if change.get('changed') else 'published the draft an earlier run left'
    if change.get('changed') and change.get('landed') == 'published':
        # Palette took the PUT into the published content itself: no draft to publish
        return 'changed and published (Palette edited the published version in place)'
    if change.get('changed'):
        return 'changed (draft, not published)'
    if change.get('draft'):
        return 'would publish the draft an earlier run left' if check else 'draft waiting, not published'
    return 'unchanged'


def _profile_pack_changes(change):
    """The packs this run changed, or that the draft an earlier run left holds."""
    report = change.get('pack_changes') or []
    return [c for c in report if c.get('changed')] + [c for c in report if not c.get('changed') and c.get('in_draft')]


def _names_and_tags(packs):
    return [{'name': p.get('name'), 'tag': p.get('tag')} for p in packs or []]


def _would_change(ran_packs, target_packs, values_names):
    """Check mode: the tags compared, and the packs whose values the change (or the apply plan) says would change."""
    changes = pack_changes(_names_and_tags(ran_packs), _names_and_tags(target_packs))
    listed = set(c['name'] for c in changes)
    for change in changes:
        if change['action'] == 'update':
            change['values_changed'] = change['name'] in values_names
    ran = set(p.get('name') for p in ran_packs or [])
    for pack in target_packs or []:
        if pack.get('name') in values_names and pack.get('name') in ran and pack.get('name') not in listed:
            changes.append({'name': pack.get('name'), 'action': 'update', 'tag_before': pack.get('tag'),
                            'tag_after': pack.get('tag'), 'values_changed': True})
    return changes


def _by_index(plan, items, key):
    """``items`` (results by plan index), each missing one taken from the plan entry's ``key`` (what a converged plan
    says the step would have returned)."""
    items = list(items or [])
    for entry in plan:
        if isinstance(entry.get(key), dict) and not result_at(items, entry['index']):
            items.extend([{}] * (entry['index'] + 1 - len(items)))
            items[entry['index']] = entry[key]
    return items


class _Run(object):
    def __init__(self, run):
        self.check = bool(run.get('check_mode'))
        self.plan = run.get('plan') or []
        self.changes = _by_index(self.plan, run.get('changes'), 'change')
        self.publishes = run.get('publishes') or []
        before = run.get('before') or []
        after = [] if self.check else run.get('after') or []
        self.before = dict((c.get('uid'), c) for c in before)
        # a cluster not read after the run is as read before it, unless the apply results describe it
        self.after = dict(self.before)
        self.after.update((c.get('uid'), c) for c in after)
        read_after = set(c.get('uid') for c in after)
        self.applied = apply_results(run.get('applied'))
        self.described = set() if self.check else described_by_apply(
            self.plan, run.get('applied'), self.changes, self.publishes, before) - read_after
        for entry in self.plan:
            if entry.get('apply') and entry['index'] not in self.applied:
                # a converged rollout ran no apply: the plan holds what it would have reported
                self.applied[entry['index']] = entry['apply']
        self.errors = list(run.get('errors') or [])
        self.unread = run.get('unread') or ''
        self.addons = addon_results(run.get('attached'), run.get('detached'))
        self.publish = bool(run.get('publish'))
        self.apply = bool(run.get('apply')) and self.publish
        self.options = run
        self.pending = {}

    def result_of(self, entry):
        return self.applied.get(entry['index']) or {}

    def profile(self, entry):
        change = result_at(self.changes, entry['index'])
        publish = result_at(self.publishes, entry['index'])
        result = self.result_of(entry)
        self.pending[entry['index']] = _profile_pack_changes(change)
        changed = bool(change.get('changed') or publish.get('changed') or result.get('changed'))
        new_version = entry.get('strategy') == 'new_version'
        error = None
        if change.get('failed'):
            error = change.get('msg')
        elif publish.get('failed'):
            error = publish.get('msg')
        addon = addon_status(entry, self.addons, self.check, self.before, self.apply)
        changed = changed or addon['changed']
        error = error or addon['error']
        status = addon['status'] or _profile_status(change, publish, self.check, self.publish)
        if addon['attach_status']:
            status = addon['attach_status'] if status == 'unchanged' else '%s; %s' % (status, addon['attach_status'])
        return changed, {
            'name': entry['name'],
            'strategy': entry['strategy'],
            'source_uid': entry['uid'],
            'source_version': entry['version'],
            'uid': change.get('uid') or (entry.get('new_uid') if new_version else entry['uid']),
            'version': entry['new_version'] if new_version else entry['version'],
            'created_version': change.get('created_version', False),
            'changed': change.get('changed', False),
            'published': bool(publish.get('published')) or change.get('landed') == 'published',
            'landed': change.get('landed'),
            'status': status,
            'error': error,
            'pack_changes': [dict((k, v) for k, v in c.items() if k in PACK_CHANGE_FIELDS) for c in self.pending[entry['index']]],
            'clusters': [self.after[uid].get('name') for uid in entry.get('targets') or [] if uid in self.after],
            # the file palette_profile saved the version to right before its write (profile_rollout_backup), or null
            'backup_file': change.get('backup_file'),
            'state': entry.get('state') or 'present',
            # the clusters this run attached the profile to / detached it from (in check mode, would)
            'attached': addon['attached'],
            'detached': addon['detached'],
        }


def _install_of(run, after, planned, result):
    """What the apply saw of the install of this profile; without an apply result for the cluster, what the read
    after the run shows for the whole cluster. An apply that stopped part-way saw the clusters before its writes:
    the read after the run is newer."""
    after_install = after.get('install') if not run.check and isinstance(after.get('install'), dict) else {}
    planned_install = planned.get('install') if isinstance(planned.get('install'), dict) else {}
    if result.get('failed') and planned_install.get('state') != 'failed':
        return after_install or planned_install
    return planned_install or after_install


class _Rows(object):
    """One cluster's rows (one per profile of the plan it is a target of) and what they add up to."""

    def __init__(self):
        self.items, self.problems, self.converged, self.installs, self.messages = [], [], [], [], []
        self.pending = self.sent = self.timed_out = False
        self.repave = self.state = None


def _row(run, rows, uid, entry, before, after):
    change = result_at(run.changes, entry['index'])
    result = run.result_of(entry)
    planned = _first([c for c in result.get('clusters') or [] if isinstance(c, dict)], uid=uid)
    ran = _first(before.get('profiles'), name=entry['name'])
    runs = _first(after.get('profiles'), name=entry['name'])
    if run.check:
        values_names = set(c['name'] for c in run.pending.get(entry['index']) or [] if c.get('values_changed'))
        values_names.update(c['name'] for c in planned.get('pack_changes') or [] if c.get('values_changed'))
        target = change.get('packs') if 'packs' in change else runs.get('packs')
        pack_diff = _would_change(ran.get('packs'), target, values_names)
        version_after = ((entry['new_version'] if entry['strategy'] == 'new_version' else entry['version'])
                         if run.apply else ran.get('version'))
    elif uid in run.described:
        # not read again: its apply waited until it had installed the change and read it last
        pack_diff = [dict(c) for c in planned.get('pack_changes') or []]
        version_after = (planned.get('after') or {}).get('version')
        runs = {'uid': (planned.get('after') or {}).get('profile_uid')}
        rows.state = planned.get('state') or rows.state
    else:
        pack_diff = pack_changes(ran.get('packs'), runs.get('packs'))
        version_after = runs.get('version')
    install = _install_of(run, after, planned, result)
    state = install.get('state')
    if state == 'unknown' and not planned.get('changed'):
        state = None      # no pack status at all, and nothing was sent to the cluster in this run: nothing to wait for
    if state:
        rows.installs.append(state)
        if state != 'installed' and install.get('message'):
            rows.messages.append('%s: %s' % (entry['name'], install['message']))
    rows.sent = rows.sent or bool(planned.get('changed'))
    if isinstance(planned.get('repave'), dict):
        rows.repave = planned['repave']
    rows.problems.extend(_problems(run, rows, uid, entry, planned, result, install, state))
    if planned.get('converged') is not None:
        rows.converged.append(planned['converged'])
    rows.pending = rows.pending or (uid not in run.described and _update_pending(run, entry, after, planned))
    rows.items.append({
        'name': entry['name'],
        'version_before': ran.get('version'),
        'version_after': version_after,
        'uid_before': ran.get('uid'),
        'uid_after': runs.get('uid') if not run.check else None,
        'action': planned.get('action'),
        'install': state,
        'pack_changes': pack_diff,
        'other_profiles_changed': [o.get('name') for o in planned.get('other_profiles') or [] if o.get('changed')],
    })


def _problems(run, rows, uid, entry, planned, result, install, state):
    """The problems, each once: the pack that failed, the repave that waits, what a timed-out wait still lacks, else
    the module's message when it names the cluster."""
    own = []
    if state == 'failed':
        own = ['%s: %s' % (entry['name'], install.get('message') or 'the install failed')]
    elif state == 'repave_pending' and not run.check:
        repave = planned.get('repave') if isinstance(planned.get('repave'), dict) else {}
        reasons = [r.get('message') for r in repave.get('reasons') or [] if r.get('message')]
        own = ['%s: waits for a repave approval (profile_rollout_approve_repave)%s'
               % (entry['name'], (': ' + '; '.join(reasons)) if reasons else '')]
    details = result.get('details')
    if isinstance(details, dict):
        for problem in [p for p in details.get('clusters') or [] if isinstance(p, dict) and p.get('uid') == uid]:
            rows.timed_out = rows.timed_out or 'wait_timeout' in (result.get('msg') or '')
            if not own:
                text = ', '.join(problem.get('problems') or []) or (problem.get('install') or {}).get('message') or 'not installed'
                own = ['%s: %s' % (entry['name'], text)]
    # the module's message names the clusters it failed for before "; it was applied to" the others
    message = result.get('msg') or ''
    if result.get('failed') and uid in message.split('; it was applied to')[0] and not own:
        own = ['%s: %s' % (entry['name'], message)]
    return own


def _update_pending(run, entry, after, planned):
    """A pending update of this profile that this rollout should have brought: a tag or a pack that differs, or
    values that differ in a pack this rollout changes and the cluster does not keep as its own. Values alone that
    differ in other packs are the cluster's own values or someone else's change, not this rollout's."""
    if run.check:
        return False
    pending = _first(after.get('pending_updates'), profile=entry['name'])
    values_only = pending.get('values_only') or []
    kept = planned.get('kept_overrides') or []
    ours = [p.get('name') for p in entry.get('packs') or [] if p.get('name') not in kept]
    return bool([p for p in pending.get('packs') or [] if p.get('name') not in values_only]
                or [n for n in values_only if n in ours])


def _cluster_status(run, rows, unconfirmed):
    moved = any(item['pack_changes'] for item in rows.items)
    differs = moved or [i['version_before'] for i in rows.items] != [i['version_after'] for i in rows.items]
    applying = any(s in APPLYING for s in rows.installs)
    if 'failed' in rows.installs:
        return 'failed'
    # Palette keeps a cluster Running while it installs: what counts is the install state of its packs
    if not run.check and 'repave_pending' in rows.installs:
        return 'waiting for repave approval'
    if unconfirmed:
        return 'unconfirmed'
    if not run.check and rows.timed_out and applying:
        return 'applying'       # the wait ended, the install goes on: the problems say what it still lacks
    if rows.problems:
        return 'failed'
    if run.check:
        if not differs:
            return 'up to date'
        return 'would update' if run.apply else 'would get an update pending'
    if 'waiting_for_trigger' in rows.installs:
        return 'waiting for the install trigger'
    if applying:
        return 'applying'
    if rows.pending:
        return 'update pending'
    return 'updated' if differs or rows.sent else 'up to date'


def _cluster(run, uid):
    before = run.before.get(uid) or {}
    after = run.after.get(uid) or before
    rows = _Rows()
    for entry in [e for e in run.plan if uid in (e.get('targets') or [])]:
        _row(run, rows, uid, entry, before, after)
    # the read after the run failed (Palette gone): what the cluster runs now is known only where the apply waited
    # until each of its profiles was installed
    confirmed = len([c for c in rows.converged if c is True]) == len(rows.items)
    unconfirmed = None
    if not run.check and run.unread and not confirmed:
        unconfirmed = ('the change was sent to it, whether it took and installed it could not be confirmed' if rows.sent
                       else 'nothing was sent to it in this run') + '; it could not be read after the run: ' + run.unread
    install_state = next((s for s in INSTALL_ORDER if s in rows.installs), None)
    return {
        'name': after.get('name', uid),
        'uid': uid,
        'state': rows.state or after.get('state'),
        'health': after.get('health'),
        'state_before': before.get('state'),
        'status': _cluster_status(run, rows, unconfirmed),
        'converged': min(rows.converged) if rows.converged else None,
        'install': {'state': install_state, 'message': '; '.join(rows.messages) or install_state} if install_state else None,
        'repave': rows.repave,
        'problems': rows.problems,
        'unconfirmed': unconfirmed,
        'profiles': rows.items,
    }


def profile_rollout_summary(run, finished=None):
    state = _Run(run)
    changed, profiles = False, []
    for entry in state.plan:
        entry_changed, profile = state.profile(entry)
        changed = changed or entry_changed
        profiles.append(profile)
    uids = list(dict.fromkeys(uid for entry in state.plan for uid in entry.get('targets') or []))
    uids.sort(key=lambda uid: str((state.after.get(uid) or {}).get('name') or '').lower())
    clusters = [_cluster(state, uid) for uid in uids]
    if state.errors:
        status = 'failed'
    elif state.check:
        status = ('would change' if any(p['changed'] or p['attached'] or p['detached'] for p in profiles)
                  or any(c['status'] != 'up to date' for c in clusters) else 'nothing to change')
    else:
        status = 'changed' if changed else 'unchanged'
    finished = finished or datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    return {
        'status': status,
        'changed': changed and not state.check,
        'check_mode': state.check,
        'strategy': run.get('strategy'),
        'published': state.publish,
        'applied': state.apply,
        'waited': bool(run.get('wait')),
        'finished': finished,
        'profiles': profiles,
        'clusters': clusters,
        'errors': state.errors,
    }


class FilterModule(object):
    """The summary of the role spectrocloud.palette.profile_rollout."""

    def filters(self):
        return {'profile_rollout_summary': profile_rollout_summary}
