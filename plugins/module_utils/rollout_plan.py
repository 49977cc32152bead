# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ``palette_profile_rollout_plan`` runs: read the profiles of a rollout and the clusters they are for once, and
decide whether anything is left to do (issue #17: a converged fleet is one module process and the reads it cannot
avoid).

The decisions are the modules' own: the profile change is planned with :func:`profiles.plan_update` (what
``palette_profile`` plans in check mode), the clusters with :func:`cluster_runner.plan_updates` (what
``palette_cluster_profile`` plans before its first write). Anything this module cannot show to be done - a profile
to write or publish, a cluster to apply to or to wait for, or an input those modules would refuse - makes the
rollout "not converged": the role then runs its steps, which say what they do (or why they refuse)."""

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
from ansible_collections.spectrocloud.palette.plugins.module_utils.profiles import (
    ProfileError,
    normalize_pack_changes,
    plan_update,
    profile_info,
    refuse_system_scope,
    template,
)

UID_LENGTH = 24
SEARCH_PAGE = 50


class NotConverged(Exception):
    """Something is left to do; the message says what (for the module's ``reason``)."""


class _FleetReads(ClusterService):
    """A ClusterService that serves the profiles the plan already read and reads no other profile: on a converged
    fleet the clusters' other attached profiles do not matter (``plan_updates`` needs them only for a cluster it
    would write to, and then the role's apply step reads them)."""

    def __init__(self, client, known):
        super(_FleetReads, self).__init__(client)
        self.known = dict(known)

    def read_profile(self, uid):
        return self.known.get(uid)

    def read_profiles(self, uids):
        return dict((u, self.known.get(u)) for u in uids if u)


def _no_tag_change(pack, tag, where='packs'):
    """``resolve_tag`` for the plan: a new tag is a write, which is all the plan needs to know (no registry read)."""
    raise NotConverged('%s: pack %s moves to tag %s' % (where, pack.get('name'), tag))


def _selection(want, default):
    clusters = want.get('clusters')
    return default if clusters is None else clusters


def _read_profile_entry(profiles, want, strategy):
    """(source, target) profiles of one entry: the version named, and the one the change goes to."""
    uid = want.get('uid') or None
    source = profiles.find(uid=uid, name=None if uid else want.get('name'),
                           version=None if uid or want.get('version') in (None, '') else str(want.get('version')),
                           newest_published=True)
    if strategy != 'new_version':
        return source, source
    new_version = str(want.get('new_version'))
    meta = source.get('metadata') or {}
    found = profiles.find_version(meta.get('name'), new_version, tenant=profiles.tenant(meta.get('uid')))
    if found is None:
        raise NotConverged('%s: version %s is to be created' % (meta.get('name'), new_version))
    return source, profiles.get(found['uid'])


def _profile_plan(want, source, target, existing_draft):
    """What ``palette_profile`` would report for this entry when it has nothing to write."""
    changes = normalize_pack_changes(want.get('packs') or [])
    if changes:
        refuse_system_scope(target, 'change')
    plan = plan_update(target, changes, _no_tag_change, existing_draft)
    meta = target.get('metadata') or {}
    if plan.write:
        raise NotConverged('%s %s: the packs change' % (meta.get('name'), (target.get('spec') or {}).get('version')))
    if template(target, 'draft') is not None:
        raise NotConverged('%s %s: a draft waits to be published' % (meta.get('name'), (target.get('spec') or {}).get('version')))
    return {'changed': False, 'uid': meta.get('uid'), 'name': meta.get('name'),
            'version': (target.get('spec') or {}).get('version'), 'source_uid': uid_of(source),
            'created_version': False, 'draft': False, 'landed': None, 'pack_changes': plan.report}


def _candidates(source, target, selection):
    """The UIDs of the clusters that use the profile (selection ``all``), else []."""
    if selection != 'all':
        return []
    uids = []
    for profile in (source, target):
        for user in (profile.get('status') or {}).get('inUseClusters') or []:
            if user.get('uid') and user['uid'] not in uids:
                uids.append(user['uid'])
    return uids


def _listed(service, refs, profile_name):
    """The UIDs of the listed clusters (names or UIDs), each of which must run the profile."""
    found = service.resolve_many([('profile_rollout_clusters', r if _is_uid(r) else None, None if _is_uid(r) else r)
                                  for r in refs])
    uids = []
    for cluster in found:
        if not any(t.get('name') == profile_name for t in attached_templates(cluster)):
            raise NotConverged('cluster %s runs no version of %s' % (name_of(cluster), profile_name))
        uids.append(uid_of(cluster))
    return uids, found


def _is_uid(ref):
    return len(ref) == UID_LENGTH and all(c in '0123456789abcdef' for c in ref)


def _previous_packs(source, want, strategy):
    """apply.yml's ``previous_packs`` for a rollout that changes nothing in this run: the version read, without
    the packs this rollout changes when it changes that version in place (their published content holds it)."""
    packs = [{'name': p['name'], 'values': p.get('values')} for p in profile_info(source)['packs']]
    if strategy == 'new_version':
        return packs
    changed = set(p.get('name') for p in want.get('packs') or [] if isinstance(p, dict))
    return [p for p in packs if p['name'] not in changed]


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


class Rollout(object):
    """The options of the role, as the module takes them."""

    def __init__(self, params):
        self.entries = params['profiles'] or []
        self.strategy = params['strategy']
        self.clusters = params['clusters']
        self.existing_draft = params['existing_draft']
        self.publish = params['publish']
        self.apply = params['apply'] and params['publish']
        self.wait = params['wait']
        self.cluster_values = params['cluster_values']
        self.apply_setting = params['apply_setting']


def plan_rollout(client, profiles, rollout):
    """The result of ``palette_profile_rollout_plan``."""
    try:
        return dict(_converged_plan(client, profiles, rollout), changed=False, converged=True, reason=None)
    except NotConverged as why:
        return {'changed': False, 'converged': False, 'reason': str(why), 'profiles': [], 'clusters': []}
    except (ProfileError, ClusterError) as err:
        # what palette_profile or palette_cluster_profile would refuse: the role's steps refuse it in their own words.
        # An API or transport error is not caught: it fails this step as it would have failed theirs.
        return {'changed': False, 'converged': False, 'reason': 'the rollout steps decide: %s' % err,
                'profiles': [], 'clusters': []}


def _converged_plan(client, profiles, rollout):
    entries, read = [], {}
    for index, want in enumerate(rollout.entries):
        strategy = want.get('strategy') or rollout.strategy
        source, target = _read_profile_entry(profiles, want, strategy)
        change = _profile_plan(want, source, target, rollout.existing_draft)
        read[uid_of(source)], read[uid_of(target)] = source, target
        entries.append({'index': index, 'want': want, 'strategy': strategy, 'source': source, 'target': target,
                        'change': change, 'selection': _selection(want, rollout.clusters)})
    service = _FleetReads(client, read)
    clusters = {}
    for entry in entries:
        selection = entry['selection']
        name = name_of(entry['source'])
        if isinstance(selection, list):
            uids, found = _listed(service, [str(r) for r in selection], name)
            clusters.update((uid_of(c), c) for c in found)
        else:
            uids = _candidates(entry['source'], entry['target'], selection)
        entry['uids'] = uids
    todo = [u for u in dict.fromkeys(u for e in entries for u in e['uids']) if u not in clusters]
    for uid, cluster in zip(todo, service.map(service.get, todo)):
        if cluster is None:
            raise NotConverged('cluster %s cannot be read' % uid)
        clusters[uid] = cluster
    for entry in entries:
        entry['uids'] = sorted(entry['uids'], key=lambda u: (name_of(clusters[u]) or '').lower())
        entry['apply'] = _cluster_plans(service, entry, [clusters[u] for u in entry['uids']], rollout)
    summaries = _summaries(service, list(clusters))
    before = [dict((k, v) for k, v in describe(service, clusters[u], summaries.get(u) or {}).items()
                   if k != 'unreadable_profiles') for u in clusters]
    return {'profiles': [_entry_result(e) for e in entries], 'clusters': before}


def _cluster_plans(service, entry, clusters, rollout):
    """palette_cluster_profile's result for clusters that need nothing (None when the rollout does not apply)."""
    if not rollout.apply or not clusters:
        return None
    target, source = entry['target'], entry['source']
    previous = check_previous_packs(_previous_packs(source, entry['want'], entry['strategy']))
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
            'profile': {'name': name_of(target), 'uid': uid_of(target), 'version': (target.get('spec') or {}).get('version')}}


def _entry_result(entry):
    source = entry['source']
    info = profile_info(source)
    return {
        'index': entry['index'],
        'name': info['name'],
        'uid': info['uid'],
        'version': info['version'],
        'strategy': entry['strategy'],
        'new_version': str(entry['want'].get('new_version')) if entry['strategy'] == 'new_version' else None,
        'new_uid': uid_of(entry['target']) if entry['strategy'] == 'new_version' else None,
        'selection': entry['selection'] if isinstance(entry['selection'], str) else 'list',
        'listed': [str(r) for r in entry['selection']] if isinstance(entry['selection'], list) else [],
        'packs': entry['want'].get('packs') or [],
        'targets': entry['uids'],
        'unused': [],
        'source': info,
        'change': entry['change'],
        'apply': entry['apply'],
    }
