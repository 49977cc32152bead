# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ``palette_profile_rollout_plan`` runs: read the profiles of a rollout and the clusters they are for once,
decide whether anything is left to do, and return what was read so that the role's later steps read nothing again
for their decisions (issue #17: a converged fleet is one module process and the reads it cannot avoid; a change
starts writing from this one read).

The decisions are the modules' own: the profile change is planned with :func:`profiles.plan_update` (what
``palette_profile`` plans in check mode), the clusters with :func:`cluster_runner.plan_updates` (what
``palette_cluster_profile`` plans before its first write). Anything this module cannot show to be done - a profile
to write or publish, a cluster to apply to or to wait for, or a refusal of those modules - makes the rollout "not
converged": the role then runs its steps, which read again what they write to (their guard against a change made in
between) and say what they do or why they refuse.

Input that the role cannot start with fails here, before any write: a profile or version that does not exist, a
listed cluster that cannot be found or that runs none of the profiles, a cluster a profile lists as its user that
cannot be read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import (
    REPAVE_PENDING,
    ClusterError,
    attached_templates,
    check_previous_packs,
    name_of,
    repave_state,
    uid_of,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_runner import describe, plan_updates
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_search import SEARCH_PATH, search_body
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_usage import name_projects
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import (
    ProfileError,
    normalize_pack_changes,
    plan_update,
    profile_info,
    refuse_system_scope,
    template,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import update_profile
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.plugins.module_utils.rollout_addon import (
    check_attach,
    check_attach_variables,
    check_cluster_variables,
    plan_detach,
    tagged,
    unused_message,
)

UID_LENGTH = 24
SEARCH_PAGE = 50


class NotConverged(Exception):
    """Something is left to do; the message says what (for the module's ``reason``)."""


class _ReadOnce(ProfileService):
    """A ProfileService that reads each profile, and the list of versions, once in this process: the plan and its
    check of every change (``update_profile`` in check mode) decide from one read, which is all a read-only step
    needs. The steps that write read again themselves."""

    def __init__(self, client):
        super(_ReadOnce, self).__init__(client)
        self._read = {}

    def get(self, uid, option='uid'):
        if uid not in self._read:
            self._read[uid] = super(_ReadOnce, self).get(uid, option)
        return self._read[uid]

    def metadata(self, refresh=False, tenant=False):
        return super(_ReadOnce, self).metadata(False, tenant)


class _FleetReads(ClusterService):
    """A ClusterService that serves the profiles the plan already read and reads no other profile: the clusters'
    other attached profiles do not matter for the decision (``plan_updates`` needs them only for a cluster it would
    write to, and then the role's apply step reads them) nor for the report (pending updates of this rollout's
    profiles only)."""

    def __init__(self, client, known):
        super(_FleetReads, self).__init__(client)
        self.known = dict(known)

    def read_profile(self, uid):
        return self.known.get(uid)

    def read_profiles(self, uids):
        return dict((u, self.known.get(u)) for u in uids if u)


class Rollout(object):
    """The options of the role, as the module takes them."""

    def __init__(self, params):
        self.entries = params['profiles'] or []
        self.strategy = params['strategy']
        self.clusters = params['clusters']
        self.existing_draft = params['existing_draft']
        self.new_version_in_use = params.get('new_version_in_use') or 'fail'
        self.publish = params['publish']
        self.apply = params['apply'] and params['publish']
        self.wait = params['wait']
        self.cluster_values = params['cluster_values']
        self.apply_setting = params['apply_setting']
        # what messages about the input put in front of an option name (the role's variables: profile_rollout_)
        self.prefix = params.get('option_prefix') or ''


def _no_tag_change(pack, tag, where='packs'):
    """``resolve_tag`` for the plan: a new tag is a write, which is all the plan needs to know (no registry read)."""
    raise NotConverged('%s: pack %s moves to tag %s' % (where, pack.get('name'), tag))


def _is_uid(ref):
    return len(ref) == UID_LENGTH and all(c in '0123456789abcdef' for c in ref)


def _version(profile):
    return (profile.get('spec') or {}).get('version')


# --------------------------------------------------------------------------------------------
# the profiles

def _read_entry(profiles, index, want, rollout):
    """One profile entry as read: the version named (``source``) and the one the change goes to (``target``; None
    when the new version is still to be created). A profile or version that does not exist fails the plan."""
    strategy = want.get('strategy') or rollout.strategy
    uid = want.get('uid') or None
    version = want.get('version')
    try:
        source = profiles.find(uid=uid, name=None if uid else want.get('name'),
                               version=None if uid or version in (None, '') else str(version), newest_published=True)
    except ProfileError as err:
        raise ProfileError('profiles[%d] (%s): %s' % (index, want.get('name') or uid, err), option='profiles')
    target, new_version = source, None
    if strategy == 'new_version':
        new_version = str(want.get('new_version'))
        found = profiles.find_version(name_of(source), new_version, tenant=profiles.tenant(uid_of(source)))
        target = profiles.get(found['uid']) if found else None
    selection = want.get('clusters')
    tags = want.get('cluster_tags') or []
    if tags and selection is None:
        # cluster_tags select the entry's clusters: the role-wide selection does not add every user of the version
        selection = []
    state = want.get('state') or 'present'
    return {'index': index, 'want': want, 'strategy': strategy, 'new_version': new_version, 'source': source,
            'target': target, 'selection': rollout.clusters if selection is None else selection,
            'option': rollout.prefix + ('clusters' if want.get('clusters') is None else 'profiles[%d].clusters' % index),
            'tags': tags, 'state': state, 'attach': state == 'present' and want.get('attach') in (True, 'true', 'yes', 'True'),
            'named_version': bool(uid or version not in (None, '')), 'attach_uids': [], 'detach_uids': []}


def _profile_change(entry, existing_draft):
    """What ``palette_profile`` would report for this entry when it has nothing to write; NotConverged otherwise."""
    source, target = entry['source'], entry['target']
    if target is None:
        raise NotConverged('%s: version %s is to be created' % (name_of(source), entry['new_version']))
    changes = normalize_pack_changes(entry['want'].get('packs') or [])
    if changes:
        refuse_system_scope(target, 'change')
    plan = plan_update(target, changes, _no_tag_change, existing_draft)
    if plan.write:
        raise NotConverged('%s %s: the packs change' % (name_of(target), _version(target)))
    if template(target, 'draft') is not None:
        raise NotConverged('%s %s: a draft waits to be published' % (name_of(target), _version(target)))
    return {'changed': False, 'uid': uid_of(target), 'name': name_of(target), 'version': _version(target),
            'source_uid': uid_of(source), 'created_version': False, 'draft': False, 'landed': None,
            'pack_changes': plan.report}


def _changes_refused(profiles, entries, existing_draft, new_version_in_use='fail'):
    """What ``palette_profile`` in check mode refuses, for every entry (``name: why``, joined), or None: run before
    the first write, so that a bad second profile stops the rollout before the first one is written."""
    problems = []
    for entry in [e for e in entries if e['state'] == 'present']:
        try:
            update_profile(profiles, uid=uid_of(entry['source']), new_version=entry['new_version'],
                           packs=entry['want'].get('packs') or [], existing_draft=existing_draft, check_mode=True,
                           new_version_in_use=new_version_in_use)
        except ProfileError as err:
            problems.append('%s: %s' % (name_of(entry['source']), err))
    return '; '.join(problems) or None


# --------------------------------------------------------------------------------------------
# the clusters

def _listed(service, entries):
    """{reference as given: cluster} of the listed clusters; one ClusterError naming every one not found."""
    refs = {}
    for entry in entries:
        if isinstance(entry['selection'], list):
            for ref in entry['selection']:
                refs.setdefault(str(ref), entry['option'])
    if not refs:
        return {}
    found = service.resolve_many([(option, ref if _is_uid(ref) else None, None if _is_uid(ref) else ref)
                                  for ref, option in refs.items()])
    return dict((ref, [c for c in found if (uid_of(c) if _is_uid(ref) else name_of(c)) == ref][0]) for ref in refs)


def _runs(cluster, profile_name):
    return any(t.get('name') == profile_name for t in attached_templates(cluster))


def _users(entry):
    """The UIDs of the clusters that use the version named, or the new version an earlier run created."""
    uids = []
    for profile in (entry['source'], entry['target'] or {}):
        for user in (profile.get('status') or {}).get('inUseClusters') or []:
            if user.get('uid') and user['uid'] not in uids:
                uids.append(user['uid'])
    return uids


def _pick_targets(service, entries, prefix=''):
    """Sets each entry's ``uids`` (its clusters, in name order), ``attach_uids`` (the selected clusters it attaches
    its version to) and ``detach_uids`` (state absent: the selected clusters it detaches its profile from); returns
    {uid: cluster} of every cluster read. A selected cluster that runs none of the profiles it was selected for,
    and that no entry attaches to, fails the plan, naming it."""
    listed = _listed(service, entries)
    clusters = dict((uid_of(c), c) for c in listed.values())
    given, used = {}, set()
    for entry in entries:
        selection = entry['selection']
        if not isinstance(selection, list):
            entry['uids'] = _users(entry) if selection == 'all' else []
            continue
        entry['uids'] = []
        picked = [(str(r), entry['option'], listed[str(r)]) for r in selection]
        picked += [(name_of(c), prefix + 'profiles[%d].cluster_tags' % entry['index'], c)
                   for c in tagged(service, entry, prefix)]
        clusters.update((uid_of(c), c) for dummy, dummy2, c in picked)
        if entry['state'] == 'absent':
            used.update(ref for ref, dummy, dummy2 in picked)
            entry['detach_uids'] = plan_detach(entry, [c for dummy, dummy2, c in picked], prefix)
            continue
        check_cluster_variables(entry, [c for dummy, dummy2, c in picked], prefix)
        for ref, option, cluster in picked:
            given.setdefault(ref, option)
            into = entry['uids'] if _runs(cluster, name_of(entry['source'])) else entry['attach_uids'] if entry['attach'] else None
            if into is not None:
                used.add(ref)
                if uid_of(cluster) not in into:
                    into.append(uid_of(cluster))
    unused = [(ref, option) for ref, option in given.items() if ref not in used]
    if unused:
        raise ClusterError(unused_message(unused, entries, prefix), option=unused[0][1])
    for entry in entries:
        check_attach_variables(service, entry, clusters, prefix)
    todo = [u for u in dict.fromkeys(u for e in entries for u in e['uids']) if u not in clusters]
    for uid, cluster in zip(todo, service.map(service.get, todo)):
        if cluster is None:
            users = [name_of(e['source']) for e in entries if uid in e['uids']]
            raise ClusterError('cluster %s, which cluster profile %s lists as using it, cannot be read in %s; nothing '
                               'was changed' % (uid, ', '.join(users), service.scope_text()), option='profiles')
        clusters[uid] = cluster
    for entry in entries:
        for key in ('uids', 'attach_uids', 'detach_uids'):
            entry[key].sort(key=lambda u: (name_of(clusters[u]) or '').lower())
    return clusters


def previous_packs(packs, changes, strategy, made_here=False):
    """``previous_packs`` of palette_cluster_profile for one profile entry: the name and values of each pack of the
    version read (``packs``, as palette_profile_info returns them), which tell each cluster's own values from the
    change. Without the packs the entry changes (``changes``, as given) when it changes that version in place and
    this run did not make the change: the published content already holds it (see the role's apply step)."""
    read = [{'name': p.get('name'), 'values': p.get('values')} for p in packs or []]
    if strategy == 'new_version' or made_here:
        return read
    changed = set(p.get('name') for p in changes or [] if isinstance(p, dict))
    return [p for p in read if p['name'] not in changed]


def _cluster_plans(service, entry, clusters, rollout):
    """palette_cluster_profile's result for clusters that need nothing (None when the rollout does not apply);
    NotConverged when one needs something."""
    if not rollout.apply or not clusters:
        return None
    target, source = entry['target'], entry['source']
    previous = check_previous_packs(previous_packs(profile_info(source)['packs'], entry['want'].get('packs'),
                                                   entry['strategy']))
    try:
        plans = plan_updates(service, clusters, name_of(target), uid_of(target), 'profile_uid', previous_packs=previous,
                             cluster_values=rollout.cluster_values, apply_setting=rollout.apply_setting,
                             previous_uid=uid_of(source))
    except ClusterError as err:
        # e.g. a cluster to apply to whose other attached profiles were not read: the apply step reads and decides
        raise NotConverged('the clusters of %s are left to the apply step: %s' % (name_of(target), err))
    for plan in plans:
        if plan.changed:
            raise NotConverged('cluster %s: %s is to be applied' % (plan.name, plan.profile_name))
        if not plan.installed:
            raise NotConverged('cluster %s: %s is not installed (%s)' % (plan.name, plan.profile_name, plan.install['state']))
        if repave_state(plan.cluster) == REPAVE_PENDING:
            raise NotConverged('cluster %s: a repave waits' % plan.name)
        plan.converged = True if rollout.wait else None
    return {'changed': False, 'clusters': [p.result() for p in plans],
            'profile': {'name': name_of(target), 'uid': uid_of(target), 'version': _version(target)}}


def _summaries(service, uids):
    """The search summaries (health, "Updates Available") of ``uids``: the first page of the project's cluster search
    (one request finds them all in a project of up to 50 clusters), then the dashboard summary of each one it did
    not hold, so a large project costs one request per cluster, never every page."""
    found = {}
    if not uids:
        return found
    page = service.client.post(SEARCH_PATH, body=search_body(), query={'limit': SEARCH_PAGE}) or {}
    wanted = set(uids)
    for item in page.get('items') or []:
        if uid_of(item) in wanted:
            found[uid_of(item)] = item
    missing = [uid for uid in uids if uid not in found]
    for uid, summary in zip(missing, service.map(service.summary, missing)):
        found[uid] = summary or {}
    return found


# --------------------------------------------------------------------------------------------
# the decision

def _decide(service, entries, clusters, rollout):
    """(converged, reason): the first thing left to do, found without a write. Sets each entry's ``change`` and
    ``apply`` (what palette_profile and palette_cluster_profile would report) when nothing is."""
    try:
        for entry in entries:
            if entry['state'] == 'absent':
                # nothing to change in the profile: the entry detaches it
                entry['change'] = None
                continue
            try:
                entry['change'] = _profile_change(entry, rollout.existing_draft)
            except ProfileError as err:
                # what palette_profile would refuse: the change step refuses it in its own words
                raise NotConverged('the rollout steps decide: %s' % err)
        for entry in entries:
            if rollout.apply and (entry['attach_uids'] or entry['detach_uids']):
                raise NotConverged('%s: %d cluster(s) to %s' % (
                    name_of(entry['source']), len(entry['attach_uids'] or entry['detach_uids']),
                    'attach it to' if entry['attach_uids'] else 'detach it from'))
            entry['apply'] = _cluster_plans(service, entry, [clusters[u] for u in entry['uids']], rollout)
    except NotConverged as why:
        for entry in entries:
            entry['change'] = entry['apply'] = None
        return False, str(why)
    return True, None


def plan_rollout(client, rollout, check_mode=False):
    """The result of ``palette_profile_rollout_plan``. A ProfileError or ClusterError fails the module (input the
    rollout cannot start with); an API or transport error too, as it would have failed the steps."""
    profiles = _ReadOnce(client)
    entries = [_read_entry(profiles, index, want, rollout) for index, want in enumerate(rollout.entries)]
    read = {}
    for entry in entries:
        for profile in (entry['source'], entry['target']):
            if profile is not None:
                read[uid_of(profile)] = profile
    for entry in entries:
        check_attach(entry, rollout.prefix)
    service = _FleetReads(client, read)
    clusters = _pick_targets(service, entries, rollout.prefix)
    converged, reason = _decide(service, entries, clusters, rollout)
    refused = None
    if not converged and not check_mode and len(entries) > 1:
        refused = _changes_refused(profiles, entries, rollout.existing_draft, rollout.new_version_in_use)
    summaries = _summaries(service, list(clusters))
    uids = sorted(clusters, key=lambda u: (name_of(clusters[u]) or '').lower())
    before = [dict((k, v) for k, v in describe(service, clusters[u], summaries.get(u) or {}).items()
                   if k != 'unreadable_profiles') for u in uids]
    return {'changed': False, 'check_mode': bool(check_mode), 'converged': converged, 'reason': reason,
            'refused': refused, 'profiles': [_entry_result(e) for e in entries],
            'sources': name_projects([profile_info(e['source']) for e in entries], client), 'clusters': before}


def _entry_result(entry):
    # the version read is in ``sources``: an entry stays small, for it is the loop item of the role's change step
    info = profile_info(entry['source'])
    new_version = entry['strategy'] == 'new_version'
    selection = entry['selection']
    return {
        'index': entry['index'],
        'name': info['name'],
        'uid': info['uid'],
        'version': info['version'],
        'strategy': entry['strategy'],
        'new_version': entry['new_version'],
        'new_uid': uid_of(entry['target']) if new_version and entry['target'] else None,
        'selection': selection if isinstance(selection, str) else 'list',
        'listed': [str(r) for r in selection] if isinstance(selection, list) else [],
        'packs': entry['want'].get('packs') or [],
        'targets': entry['uids'],
        'state': entry['state'],
        'attach': entry['attach'],
        'cluster_tags': [str(t) for t in entry['tags']],
        # with publish and apply: the clusters the role attaches the version to (state present, attach true) or
        # detaches the profile from (state absent), in name order
        'attach_targets': entry['attach_uids'],
        'detach_targets': entry['detach_uids'],
        'unused': [],
        'change': entry['change'],
        'apply': entry['apply'],
    }
