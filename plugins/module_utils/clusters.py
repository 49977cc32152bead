# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cluster service: lookup, search, what a cluster runs, pending updates, apply, wait.

Facts used (``palette-apis-spec.json``, REFERENCE.md sections 4 and 6):

* ``GET /v1/spectroclusters/{uid}`` (``v1SpectroCluster``): ``spec.clusterProfileTemplates`` is the profile
  content the cluster runs (one ``v1ClusterProfileTemplate`` per attached profile version, packs with
  ``name``/``tag``/``values``); it stays as it is when the profile changes until the cluster is updated.
  ``status.state`` is the operational state (``Running`` when settled); ``Deleted`` counts as not found.
* ``GET /v1/dashboard/spectroclusters/{uid}`` (``v1SpectroClusterUidSummary``): ``status.health.state`` and
  ``status.notifications.isAvailable`` (the "Updates Available" flag).
* ``GET /v1/spectroclusters/{uid}/profileUpdates`` (``v1SpectroClusterProfileUpdates``): the templates an
  update would bring.
* ``POST /v1/dashboard/spectroclusters/search`` (``v1SearchFilterSummarySpec``, paged with ``continue``):
  the official clients' filter recipe: ``environment`` not ``nested`` and ``isDeleted`` false, plus
  ``clusterName``/``clusterState``/``tags`` conditions.
* ``PATCH /v1/spectroclusters/{uid}/profiles?resolveNotification=true`` (``v1SpectroClusterProfiles``):
  ``uid`` = the profile version to run, ``replaceWithProfile`` = the attached version it replaces (without
  it a PATCH adds a second copy), ``packValues`` = the cluster's own values per pack.

The cluster's own values (its overrides) are the packs whose values differ from the published values of the
profile version it is attached to, read from what it will run (``/profileUpdates``, which carries them) or,
with nothing pending, from what it runs. They are sent again as ``packValues`` on every apply.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError, PaletteError, outcome_unknown
from ansible_collections.spectrocloud.palette.plugins.module_utils.concurrency import DEFAULT_WORKERS, run_concurrently
from ansible_collections.spectrocloud.palette.plugins.module_utils.lazy_values import yvalues

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2 is not supported, kept for the import sanity test
    from urllib import quote  # type: ignore


RUNNING = 'Running'
DELETED = 'Deleted'
BARE_TAG_VALUE = 'spectro__tag'   # a tag without a value is stored as {key: "spectro__tag"} (REF section 8)
SEARCH_PATH = '/v1/dashboard/spectroclusters/search'
APPLY_ACTION_TYPE = 'DownloadAndInstall'


class ClusterError(PaletteError):
    """A cluster request the user has to fix (unknown cluster, profile not attached, wait timed out...)."""

    def __init__(self, msg, option=None, **details):
        super(ClusterError, self).__init__(msg, details=details or None)
        self.option = option


def _q(value):
    return quote(str(value), safe='')


# --------------------------------------------------------------------------------------------
# search filters (v1SearchFilterSpec)

def string_condition(prop, values, operator='eq', negation=False, ignore_case=False, conjunction='or'):
    """A ``v1SearchFilterItem`` with a string condition."""
    return {'property': prop, 'type': 'string',
            'condition': {'string': {'operator': operator, 'negation': negation, 'ignoreCase': ignore_case,
                                     'match': {'conjunction': conjunction, 'values': list(values)}}}}


def bool_condition(prop, value):
    """A ``v1SearchFilterItem`` with a bool condition."""
    return {'property': prop, 'type': 'bool', 'condition': {'bool': {'value': bool(value)}}}


def parse_tags(tags):
    """``['env:prod', 'edge']`` -> ``{'env': 'prod', 'edge': 'spectro__tag'}`` (how Palette stores tags)."""
    result = {}
    for tag in tags or []:
        key, sep, value = str(tag).partition(':')
        result[key.strip()] = value.strip() if sep else BARE_TAG_VALUE
    return result


def labels_match(labels, tags):
    """True when ``labels`` (metadata.labels) carry every tag of ``tags`` (as parsed by parse_tags)."""
    labels = labels or {}
    return all(key in labels and (value == BARE_TAG_VALUE or labels.get(key) == value) for key, value in tags.items())


def search_body(name=None, name_contains=None, states=None, tags=None):
    """The search body: not virtual (``environment`` != ``nested``), not deleted, plus the given conditions."""
    groups = [{'conjunction': 'and', 'filters': [string_condition('environment', ['nested'], negation=True),
                                                 bool_condition('isDeleted', False)]}]
    extra = []
    if name is not None:
        extra.append(string_condition('clusterName', [name]))
    if name_contains:
        extra.append(string_condition('clusterName', [name_contains], operator='contains', ignore_case=True))
    if states:
        extra.append(string_condition('clusterState', states))
    if tags:
        extra.append(string_condition('tags', ['%s:%s' % (k, v) if v != BARE_TAG_VALUE else k
                                               for k, v in sorted(parse_tags(tags).items())], conjunction='and'))
    if extra:
        groups.append({'conjunction': 'and', 'filters': extra})
    return {'filter': {'conjunction': 'and', 'filterGroups': groups},
            'sort': [{'field': 'clusterName', 'order': 'asc'}]}


# --------------------------------------------------------------------------------------------
# reading the shapes

def meta_of(obj):
    return (obj or {}).get('metadata') or {}


def uid_of(obj):
    return meta_of(obj).get('uid')


def name_of(obj):
    return meta_of(obj).get('name')


def state_of(obj):
    return ((obj or {}).get('status') or {}).get('state')


def snapshot_templates(cluster):
    """``spec.clusterProfileTemplates``: the profile versions (with packs) the cluster runs."""
    return list(((cluster or {}).get('spec') or {}).get('clusterProfileTemplates') or [])


def label(cluster):
    return '%s (%s)' % (name_of(cluster), uid_of(cluster))


def pack_brief(pack, include_values=True):
    out = {'name': pack.get('name'), 'tag': pack.get('tag'), 'version': pack.get('version'),
           'type': pack.get('type'), 'layer': pack.get('layer')}
    if include_values:
        out['values'] = pack.get('values')
    return out


def template_info(tmpl, include_values=True):
    return {'uid': tmpl.get('uid'), 'name': tmpl.get('name'), 'type': tmpl.get('type'),
            'version': tmpl.get('profileVersion'),
            'packs': [pack_brief(p, include_values) for p in tmpl.get('packs') or []]}


def pack_changes(before_packs, after_packs):
    """Per pack that differs: ``{name, action (update|add|remove), tag_before, tag_after, values_changed}``.

    Values are compared as YAML data (comments and formatting are not a change)."""
    before_by = dict((p.get('name'), p) for p in before_packs or [])
    after_by = dict((p.get('name'), p) for p in after_packs or [])
    order = [p.get('name') for p in after_packs or []] + [p.get('name') for p in before_packs or []
                                                          if p.get('name') not in after_by]
    changes = []
    for name in order:
        b, a = before_by.get(name), after_by.get(name)
        if b is None:
            changes.append({'name': name, 'action': 'add', 'tag_before': None, 'tag_after': a.get('tag'),
                            'values_changed': True})
        elif a is None:
            changes.append({'name': name, 'action': 'remove', 'tag_before': b.get('tag'), 'tag_after': None,
                            'values_changed': True})
        else:
            values_changed = not yvalues.equal(b.get('values') or '', a.get('values') or '')
            if values_changed or b.get('tag') != a.get('tag'):
                changes.append({'name': name, 'action': 'update', 'tag_before': b.get('tag'), 'tag_after': a.get('tag'),
                                'values_changed': values_changed})
    return changes


def with_overrides(packs, overrides):
    """``packs`` with the values of the overridden packs replaced by the cluster's own values."""
    result = []
    for pack in packs or []:
        pack = dict(pack)
        if pack.get('name') in overrides:
            pack['values'] = overrides[pack['name']]
        result.append(pack)
    return result


def own_values(desired, published_packs):
    """``{pack name: values}``: the cluster's own values (its overrides).

    ``desired`` is the template the cluster is attached to: what it runs, or what it will run once its pending
    update is applied (``/profileUpdates``, which carries the cluster's overrides). A pack whose values differ
    from the published values of that profile version has values of the cluster's own. (An override equal to the
    published values cannot be told apart, and keeping or dropping it gives the same values.)"""
    published_by = dict((p.get('name'), p) for p in published_packs or [])
    result = {}
    for pack in desired.get('packs') or []:
        published = published_by.get(pack.get('name'))
        if published is not None and not yvalues.equal(pack.get('values') or '', published.get('values') or ''):
            result[pack['name']] = pack.get('values') or ''
    return result


def running_template(cluster, profile_name, option='profile_name'):
    """The snapshot template of ``profile_name``; ClusterError when the cluster does not use that profile."""
    templates = snapshot_templates(cluster)
    running = [t for t in templates if t.get('name') == profile_name]
    if not running:
        names = ', '.join('%s %s' % (t.get('name'), t.get('profileVersion')) for t in templates)
        raise ClusterError('%s: cluster %s does not use cluster profile %r; it runs: %s'
                           % (option, label(cluster), profile_name, names or '(no profiles)'), option=option)
    if len(running) > 1:
        raise ClusterError('%s: cluster %s runs cluster profile %r %d times (uids %s); fix the cluster first'
                           % (option, label(cluster), profile_name, len(running),
                              ', '.join(str(t.get('uid')) for t in running)), option=option)
    return running[0]


def desired_template(running, updates):
    """What the cluster is attached to for ``running``'s profile: the pending update's template when there is
    one, else ``running`` itself."""
    for update in updates or []:
        if update.get('name') == running.get('name'):
            return update
    return running


def published_packs(profile):
    return ((profile.get('spec') or {}).get('published') or {}).get('packs')


def apply_failure(cluster):
    """The message of a failed apply (a condition with status False and a reason naming a failure), or None."""
    for cond in ((cluster or {}).get('status') or {}).get('conditions') or []:
        if str(cond.get('status')).lower() == 'false' and 'fail' in str(cond.get('reason') or '').lower():
            return '%s: %s' % (cond.get('reason'), cond.get('message') or cond.get('type'))
    return None


class ApplyPlan(object):
    """What ``palette_cluster_profile`` does to one cluster for one profile."""

    def __init__(self, cluster, running, desired, target, overrides):
        self.uid = uid_of(cluster)
        self.name = name_of(cluster)
        self.profile_name = running.get('name')
        self.running = running
        self.attached_uid = desired.get('uid')      # replaceWithProfile: the version the cluster is attached to
        self.to_uid = uid_of(target)
        self.to_version = (target.get('spec') or {}).get('version')
        self.overrides = overrides                  # {pack name: values} kept from the cluster
        self.expected_packs = with_overrides(published_packs(target), overrides)
        self.applied = False                        # set once the PATCH for this cluster succeeded
        self.changes = pack_changes(running.get('packs'), self.expected_packs)
        self.state = state_of(cluster)
        runs_target = running.get('uid') == self.to_uid and not self.changes
        attached_to_target = self.attached_uid == self.to_uid and not pack_changes(desired.get('packs'), self.expected_packs)
        # an apply to the target that is still running (PATCHed already, the cluster is not back to Running)
        self.underway = (not runs_target and attached_to_target and desired is not running and self.state != RUNNING
                         and not apply_failure(cluster))
        if (runs_target and attached_to_target) or self.underway:
            self.action = None
        elif self.attached_uid != self.to_uid:
            self.action = 'switch'
        else:
            self.action = 'update'
        self.converged = None
        self.problems = []

    @property
    def changed(self):
        return self.action is not None

    def body(self):
        """The ``v1SpectroClusterProfiles`` PATCH body: the target version replacing the attached one, with the
        cluster's own values for its overridden packs."""
        pack_values = []
        for pack in self.expected_packs:
            if pack.get('name') in self.overrides:
                entry = {'name': pack['name'], 'values': self.overrides[pack['name']]}
                for key in ('tag', 'type'):
                    if pack.get(key):
                        entry[key] = pack[key]
                pack_values.append(entry)
        entity = {'uid': self.to_uid, 'replaceWithProfile': self.attached_uid}
        if pack_values:
            entity['packValues'] = pack_values
        return {'profiles': [entity], 'spcApplySettings': {'actionType': APPLY_ACTION_TYPE}}

    def _side(self, which):
        """``(profile uid, version, packs)`` the cluster runs (``before``) or will run (``after``)."""
        if which == 'before':
            return self.running.get('uid'), self.running.get('profileVersion'), self.running.get('packs') or []
        return self.to_uid, self.to_version, self.expected_packs

    def side(self, which):
        uid, version, packs = self._side(which)
        return {'profile_uid': uid, 'version': version, 'packs': [{'name': p.get('name'), 'tag': p.get('tag')} for p in packs]}

    def result(self):
        return {
            'uid': self.uid,
            'name': self.name,
            'profile': self.profile_name,
            'changed': self.changed,
            'action': self.action,
            'underway': self.underway,
            'before': self.side('before'),
            'after': self.side('after'),
            'pack_changes': self.changes,
            'kept_overrides': sorted(self.overrides),
            'state': self.state,
            'converged': self.converged,
        }

    def diff(self):
        def text(which):
            uid, version, packs = self._side(which)
            lines = ['profile: %s' % self.profile_name, 'profile_uid: %s' % uid, 'version: %s' % version, 'packs:']
            for pack in packs:
                lines.append('  - name: %s' % pack.get('name'))
                lines.append('    tag: %s' % pack.get('tag'))
                lines.append('    values: |')
                lines.extend(('      ' + line) if line else '' for line in (pack.get('values') or '').splitlines())
            return '\n'.join(lines) + '\n'
        header = 'cluster %s (%s)' % (self.name, self.uid)
        return {'before_header': header, 'after_header': header, 'before': text('before'), 'after': text('after')}


def convergence_problems(cluster, plan):
    """Why ``cluster`` does not run ``plan``'s target content yet ([] when it does and is Running)."""
    problems = []
    current = [t for t in snapshot_templates(cluster) if t.get('uid') == plan.to_uid]
    if not current:
        running = [t for t in snapshot_templates(cluster) if t.get('name') == plan.profile_name]
        problems.append('runs %s version %s, not %s' % (
            plan.profile_name, running[0].get('profileVersion') if running else '(none)', plan.to_version))
        current_packs = running[0].get('packs') if running else []
    else:
        current_packs = current[0].get('packs')
    for change in pack_changes(current_packs, plan.expected_packs):
        if change['action'] == 'add':
            problems.append('pack %s missing' % change['name'])
        elif change['action'] == 'remove':
            problems.append('pack %s not removed' % change['name'])
        else:
            text = 'pack %s' % change['name']
            if change['tag_before'] != change['tag_after']:
                text += ' tag %s (want %s)' % (change['tag_before'], change['tag_after'])
            if change['values_changed']:
                text += ' values differ'
            problems.append(text)
    state = state_of(cluster)
    if state != RUNNING:
        problems.append('state %s' % state)
    return problems


# --------------------------------------------------------------------------------------------
# the service

class ClusterService(object):
    """Cluster operations over a PaletteClient (project scope as the client is configured)."""

    def __init__(self, client, workers=DEFAULT_WORKERS):
        self.client = client
        self.workers = workers

    def scope_text(self):
        name = getattr(self.client, 'project_name', None)
        if name:
            return 'project %r' % name
        uid = self.client.project_uid
        return ('project %s' % uid) if uid else 'tenant scope'

    def concurrently(self, fn, items):
        """``run_concurrently`` on this service's pool; the project is resolved first, once, for all threads."""
        dummy = self.client.project_uid
        return run_concurrently(fn, items, self.workers)

    def map(self, fn, items):
        """``fn`` over ``items`` concurrently; the first error (in item order) is raised."""
        results = []
        for dummy, result, err in self.concurrently(fn, items):
            if err is not None:
                raise err
            results.append(result)
        return results

    # ---- reads -------------------------------------------------------------------------------
    def get(self, uid):
        """``v1SpectroCluster`` or None (absent, or in state Deleted)."""
        try:
            cluster = self.client.get('/v1/spectroclusters/%s' % _q(uid))
        except PaletteApiError as err:
            if err.status == 404:
                return None
            raise
        if not cluster or state_of(cluster) == DELETED:
            return None
        return cluster

    def summary(self, uid):
        """``v1SpectroClusterUidSummary`` (health, "Updates Available") or None."""
        try:
            return self.client.get('/v1/dashboard/spectroclusters/%s' % _q(uid))
        except PaletteApiError as err:
            if err.status == 404:
                return None
            raise

    def profile_updates(self, uid):
        """The templates a pending update would bring (``v1SpectroClusterProfileUpdates.profiles``)."""
        answer = self.client.get('/v1/spectroclusters/%s/profileUpdates' % _q(uid)) or {}
        return list(answer.get('profiles') or [])

    def search(self, name=None, name_contains=None, states=None, tags=None, profile=None):
        """Every matching ``v1SpectroClusterSummary`` (all pages). ``name``, ``tags`` and ``profile`` (a profile
        name or a profile version uid, matched on the summaries' profile templates) are checked here too."""
        body = search_body(name=name, name_contains=name_contains, states=states, tags=tags)
        wanted_tags = parse_tags(tags)
        found = []
        for item in self.client.paginate('POST', SEARCH_PATH, body=body):
            if name is not None and name_of(item) != name:
                continue
            if wanted_tags and not labels_match(meta_of(item).get('labels'), wanted_tags):
                continue
            if profile:
                templates = (item.get('specSummary') or {}).get('clusterProfileTemplates') or []
                if not any(profile in (t.get('name'), t.get('uid')) for t in templates):
                    continue
            found.append(item)
        return found

    def resolve(self, uid=None, name=None, option='uid'):
        """One cluster (``v1SpectroCluster``) by uid or exact name; ClusterError naming ``option`` otherwise."""
        if uid:
            cluster = self.get(uid)
            if cluster is None:
                raise ClusterError('%s: no cluster with uid %r in %s' % (option, uid, self.scope_text()), option=option)
            return cluster
        hits = self.search(name=name)
        if not hits:
            raise ClusterError('%s: no cluster named %r in %s' % (option, name, self.scope_text()), option=option)
        if len(hits) > 1:
            raise ClusterError('%s: %d clusters are named %r (uids %s); give the uid instead'
                               % (option, len(hits), name, ', '.join(sorted(uid_of(h) for h in hits))), option=option)
        cluster = self.get(uid_of(hits[0]))
        if cluster is None:
            raise ClusterError('%s: cluster %r (%s) disappeared while it was being read'
                               % (option, name, uid_of(hits[0])), option=option)
        return cluster

    def resolve_many(self, refs):
        """``refs``: ``[(option, uid, name)]``. Returns the clusters (each once, in order); raises one
        ClusterError naming every reference that could not be resolved."""
        results = self.concurrently(lambda ref: self.resolve(uid=ref[1], name=ref[2], option=ref[0]), refs)
        errors = [err for dummy, dummy2, err in results if err is not None]
        for err in errors:
            if not isinstance(err, ClusterError):
                raise err
        if errors:
            raise ClusterError('; '.join(str(e) for e in errors), option=errors[0].option)
        clusters, seen = [], set()
        for dummy, cluster, dummy2 in results:
            if uid_of(cluster) not in seen:
                seen.add(uid_of(cluster))
                clusters.append(cluster)
        return clusters

    # ---- describe ------------------------------------------------------------------------------
    def describe(self, cluster, summary=None, include_values=True):
        """What ``palette_cluster_info`` returns for one cluster."""
        uid = uid_of(cluster)
        if summary is None:
            summary = self.summary(uid) or {}
        sstatus = summary.get('status') or {}
        pending = bool((sstatus.get('notifications') or {}).get('isAvailable'))
        running = snapshot_templates(cluster)
        updates = []
        if pending:
            for update in self.profile_updates(uid):
                current = [t for t in running if t.get('uid') == update.get('uid')] or \
                          [t for t in running if t.get('name') == update.get('name')] or [{}]
                updates.append({
                    'profile': update.get('name'),
                    'uid_before': current[0].get('uid'),
                    'uid_after': update.get('uid'),
                    'version_before': current[0].get('profileVersion'),
                    'version_after': update.get('profileVersion'),
                    'packs': pack_changes(current[0].get('packs'), update.get('packs')),
                })
        meta = meta_of(cluster)
        status = cluster.get('status') or {}
        return {
            'uid': uid,
            'name': meta.get('name'),
            'state': status.get('state') or sstatus.get('state'),
            'health': (sstatus.get('health') or {}).get('state'),
            'cloud_type': (cluster.get('spec') or {}).get('cloudType'),
            'tags': meta.get('labels') or {},
            'scope': (meta.get('annotations') or {}).get('scope'),
            'profiles': [template_info(t, include_values) for t in running],
            'update_pending': pending,
            'pending_updates': updates,
        }

    def describe_many(self, uids=None, summaries=None, include_values=True):
        """Describe clusters concurrently: by uid, or from search summaries (which already carry health and
        the "Updates Available" flag). An unknown uid raises one ClusterError naming them all."""
        if summaries is not None:
            work = [(uid_of(s), s) for s in summaries]
        else:
            known = self._summaries_of(uids or [])
            work = [(uid, known.get(uid)) for uid in uids or []]

        def one(item):
            cluster = self.get(item[0])
            return None if cluster is None else self.describe(cluster, item[1], include_values)

        described, missing = [], []
        for (uid, dummy), info in zip(work, self.map(one, work)):
            if info is not None:
                described.append(info)
            elif summaries is None:
                missing.append(uid)
        if missing:
            raise ClusterError('uids: no cluster with uid %s in %s'
                               % (', '.join(repr(u) for u in missing), self.scope_text()), option='uids')
        return described

    def _summaries_of(self, uids):
        """Search summaries by uid, when paging through the project's clusters takes fewer requests than reading
        the summary of each uid (the dashboard has the slow 10 requests per second bucket); else ``{}``."""
        if len(uids) < 3:
            return {}
        body = search_body()
        first = self.client.post(SEARCH_PATH, body=body, query={'limit': 1}) or {}
        count = (first.get('listmeta') or {}).get('count')
        if not isinstance(count, int) or -(-count // 50) >= len(uids) - 1:
            return {}
        wanted = set(uids)
        return dict((uid_of(s), s) for s in self.client.paginate('POST', SEARCH_PATH, body=body) if uid_of(s) in wanted)

    # ---- applying ------------------------------------------------------------------------------
    def apply(self, plan):
        """PATCH the cluster's profiles (resolving the "Updates Available" notification).

        After a 502/503/504 or a lost connection the client does not send a PATCH again: it cannot know whether the
        PATCH landed. Here we can find out, so one such failure does not fail the cluster: read the cluster back and
        send the PATCH again only when the cluster is not attached to the target content yet, up to the client's
        ``retries`` (a landed change is never sent twice)."""
        attempt = 0
        while True:
            try:
                self.client.patch('/v1/spectroclusters/%s/profiles' % _q(plan.uid), body=plan.body(),
                                  query={'resolveNotification': True})
                return
            except PaletteError as err:
                if not outcome_unknown(err) or attempt >= self.client.retries:
                    raise
                self.client.pause_before_retry(attempt)
                attempt += 1
                if self._landed(plan):
                    return

    def _landed(self, plan):
        """Whether ``plan``'s PATCH took effect: the cluster runs the target content, or is applying it (attached to
        it and not Running: what a re-run treats as underway). Being attached to it is not enough: a pending update
        of the same version is attached before any PATCH. If not, ``plan`` is pointed at the version the cluster is
        attached to now, for the PATCH sent again."""
        cluster = self.get(plan.uid)
        if cluster is None:
            raise ClusterError('cluster %s (%s) disappeared while applying to it' % (plan.name, plan.uid))
        running = running_template(cluster, plan.profile_name)
        desired = desired_template(running, self.profile_updates(plan.uid))
        attached = desired.get('uid') == plan.to_uid and not pack_changes(desired.get('packs'), plan.expected_packs)
        runs = running.get('uid') == plan.to_uid and not pack_changes(running.get('packs'), plan.expected_packs)
        applying = desired is not running and state_of(cluster) != RUNNING and not apply_failure(cluster)
        if attached and (runs or applying):
            return True
        plan.attached_uid = desired.get('uid')
        return False

    def apply_many(self, plans):
        results = self.concurrently(self.apply, plans)
        for plan, dummy, err in results:
            plan.applied = err is None
        failed = [(plan, err) for plan, dummy, err in results if err is not None]
        if failed:
            done = [plan for plan, dummy, err in results if err is None]
            raise PaletteError('applying the profile change failed for %s%s' % (
                '; '.join('cluster %s (%s): %s' % (p.name, p.uid, e) for p, e in failed),
                ('; it was applied to %s' % ', '.join('%s (%s)' % (p.name, p.uid) for p in done)) if done else ''))

    def wait(self, plans, timeout, sleep, clock=time.time, sleeper=time.sleep):
        """Poll until every plan's cluster runs its target content and is Running. Raises ClusterError naming
        each cluster whose apply failed, or (option ``wait_timeout``) each cluster that did not converge in
        time and what still differs."""
        deadline = clock() + timeout
        pending = list(plans)
        while pending:
            still, failed = [], []
            for plan, cluster in zip(pending, self.map(lambda p: self.get(p.uid), pending)):
                if cluster is None:
                    raise ClusterError('cluster %s (%s) disappeared while waiting for it' % (plan.name, plan.uid))
                plan.problems = convergence_problems(cluster, plan)
                plan.state = state_of(cluster)
                plan.converged = not plan.problems
                failure = apply_failure(cluster) if plan.problems else None
                if failure:
                    failed.append('%s (%s): %s' % (plan.name, plan.uid, failure))
                elif plan.problems:
                    still.append(plan)
            if failed:
                raise ClusterError('applying the profile change failed on %d cluster(s): %s'
                                   % (len(failed), '; '.join(failed)))
            pending = still
            if not pending:
                break
            remaining = deadline - clock()
            if remaining <= 0:
                raise ClusterError(
                    'wait_timeout: %d cluster(s) did not converge within %s seconds: %s' % (
                        len(pending), timeout,
                        '; '.join('%s (%s): %s' % (p.name, p.uid, ', '.join(p.problems)) for p in pending)),
                    option='wait_timeout',
                    clusters=[{'uid': p.uid, 'name': p.name, 'state': p.state, 'problems': p.problems} for p in pending])
            sleeper(min(sleep, remaining))
        return plans


# --------------------------------------------------------------------------------------------
# what the modules run

def cluster_facts(service, uid=None, name=None, uids=None, filters=None, include_values=True):
    """``palette_cluster_info``: returns the result dict."""
    if uid or name:
        cluster = service.resolve(uid=uid, name=name, option='uid' if uid else 'name')
        clusters = [service.describe(cluster, include_values=include_values)]
    elif uids is not None:
        clusters = service.describe_many(uids=list(dict.fromkeys(uids)), include_values=include_values)
    else:
        filters = filters or {}
        summaries = service.search(name=filters.get('name'), name_contains=filters.get('name_contains'),
                                   states=filters.get('state'), tags=filters.get('tags'), profile=filters.get('profile'))
        clusters = service.describe_many(summaries=summaries, include_values=include_values)
    return {'changed': False, 'clusters': clusters}


MAX_WAIT_TIMEOUT = 86400
MAX_WAIT_SLEEP = 600


def check_wait_options(wait_timeout, wait_sleep):
    if wait_timeout is None or not 1 <= wait_timeout <= MAX_WAIT_TIMEOUT:
        raise ClusterError('wait_timeout: %r is out of range; give 1 to %d seconds' % (wait_timeout, MAX_WAIT_TIMEOUT),
                           option='wait_timeout')
    if wait_sleep is None or not 1 <= wait_sleep <= MAX_WAIT_SLEEP:
        raise ClusterError('wait_sleep: %r is out of range; give 1 to %d seconds' % (wait_sleep, MAX_WAIT_SLEEP),
                           option='wait_sleep')


def target_version_uid(service, profiles, profile_name, version):
    """The uid of ``profile_name`` ``version`` (None without a version); ClusterError naming the option when the
    profile or the version does not exist."""
    versions = profiles.versions_named(profile_name)
    if not versions:
        raise ClusterError('profile_name: no cluster profile named %r in %s' % (profile_name, service.scope_text()),
                           option='profile_name')
    if version is None:
        return None
    exact = [m for m in versions if m['version'] == version]
    if not exact:
        raise ClusterError('version: cluster profile %r has no version %r; its versions are: %s'
                           % (profile_name, version, ', '.join(str(m['version']) for m in versions)), option='version')
    if len(exact) > 1:
        raise ClusterError('version: %d cluster profiles are named %r with version %s (uids %s); give profile_uid'
                           % (len(exact), profile_name, version, ', '.join(m['uid'] for m in exact)), option='version')
    return exact[0]['uid']


def plan_updates(service, profiles, clusters, profile_name, target_uid, option='profile_name'):
    """An ApplyPlan per cluster; one ClusterError naming every cluster that cannot be planned."""
    def attached(cluster):
        running = running_template(cluster, profile_name, option)
        return running, desired_template(running, service.profile_updates(uid_of(cluster)))

    results = service.concurrently(attached, clusters)
    errors = [str(err) for dummy, dummy2, err in results if isinstance(err, ClusterError)]
    for dummy, dummy2, err in results:
        if err is not None and not isinstance(err, ClusterError):
            raise err
    if errors:
        raise ClusterError('; '.join(errors), option=option)
    needed = []
    for dummy, (running, desired), dummy2 in results:
        for uid in (desired.get('uid'), target_uid or desired.get('uid')):
            if uid not in needed:
                needed.append(uid)
    by_uid = dict(zip(needed, service.map(lambda uid: profiles.get(uid, option=option), needed)))
    plans = []
    for cluster, (dummy, (running, desired), dummy2) in zip(clusters, results):
        target = by_uid[target_uid or desired.get('uid')]
        if published_packs(target) is None:
            errors.append('%s: version %s of cluster profile %r (%s) was never published; publish it first'
                          % (option, (target.get('spec') or {}).get('version'), profile_name, uid_of(target)))
            continue
        overrides = own_values(desired, published_packs(by_uid[desired.get('uid')]) or [])
        plans.append(ApplyPlan(cluster, running, desired, target, overrides))
    if errors:
        raise ClusterError('; '.join(errors), option=option)
    return plans


def update_clusters(service, profiles, cluster_uids=None, cluster_names=None, profile_name=None, profile_uid=None,
                    version=None, wait=False, wait_timeout=600, wait_sleep=10, check_mode=False):
    """``palette_cluster_profile``: returns the result dict. Every check happens before the first write."""
    check_wait_options(wait_timeout, wait_sleep)
    refs = [('cluster_uids', u, None) for u in cluster_uids or []] + [('cluster_names', None, n) for n in cluster_names or []]
    if not refs:
        raise ClusterError('cluster_uids: give at least one cluster (cluster_uids or cluster_names)', option='cluster_uids')
    option = 'profile_uid' if profile_uid else 'profile_name'
    if profile_uid:
        target = profiles.get(profile_uid, option='profile_uid')
        profile_name, target_uid, version = name_of(target), uid_of(target), (target.get('spec') or {}).get('version')
    else:
        version = None if version is None else str(version)
        target_uid = target_version_uid(service, profiles, profile_name, version)
    clusters = service.resolve_many(refs)
    plans = plan_updates(service, profiles, clusters, profile_name, target_uid, option)
    todo = [p for p in plans if p.changed]
    try:
        if todo and not check_mode:
            service.apply_many(todo)
        if wait and not check_mode:
            service.wait(plans, wait_timeout, wait_sleep)
    except PaletteError as err:
        # A failure after some PATCHes went through still changed those clusters: say so, and what each one did.
        err.partial_result = {'changed': any(p.applied for p in todo), 'clusters': [p.result() for p in plans]}
        raise
    result = {'changed': bool(todo), 'clusters': [p.result() for p in plans],
              'profile': {'name': profile_name, 'uid': target_uid, 'version': version}}
    if todo:
        result['diff'] = [p.diff() for p in todo]
    return result
