# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cluster service: every HTTP call the cluster modules make, over a PaletteClient.

Endpoints (``palette-apis-spec.json``, REFERENCE.md sections 4, 6 and 12):

* ``GET /v1/spectroclusters/{uid}`` (``v1SpectroCluster``; ``Deleted`` counts as not found);
* ``GET /v1/dashboard/spectroclusters/{uid}`` (``v1SpectroClusterUidSummary``: health, "Updates Available");
* ``POST /v1/dashboard/spectroclusters/search`` (paged; body from :mod:`cluster_search`);
* ``GET /v1/clusterprofiles/{uid}``: project scope, then once in tenant scope after a 404 (a tenant- or
  system-scoped profile attached to a project cluster);
* ``PATCH /v1/spectroclusters/{uid}/profiles?resolveNotification=true`` (``v1SpectroClusterProfiles``, 204);
* ``POST /v1/spectroclusters/{uid}/status/spcApply`` (202: lets the agent install a ``DownloadAndInstallLater``
  change);
* ``GET /v1/spectroclusters/{uid}/variables`` and ``PATCH /v1/spectroclusters/{uid}/variables`` (cluster values of
  profile variables, :mod:`cluster_variables`); ``GET /v1/clusterprofiles/{uid}/variables`` in the profile's scope;
* ``DELETE /v1/spectroclusters/{uid}/profiles`` (``v1SpectroClusterProfilesDeleteEntity {profileUids}``, 204);
* ``GET /v1/spectroclusters/{uid}/repave/status`` (``v1SpectroClusterRepave``) and
  ``PATCH /v1/spectroclusters/{uid}/repave/approve`` (204).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError, PaletteError, outcome_unknown
from ansible_collections.spectrocloud.palette.plugins.module_utils.client import path_segment as _q
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import (
    DELETED,
    ClusterError,
    attached_templates,
    meta_of,
    name_of,
    pack_changes,
    state_of,
    uid_of,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_search import (
    SEARCH_PATH,
    labels_match,
    search_body,
    search_filter,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.concurrency import DEFAULT_WORKERS, run_concurrently


class ClusterService(object):
    """Cluster operations over a PaletteClient (project scope as the client is configured)."""

    def __init__(self, client, workers=None):
        self.client = client
        # Threads for the reads and writes of many clusters: as many as the client keeps connections. The client's
        # rate limiter sets the pace; the threads only have to be enough to keep its buckets busy while answers are
        # on their way (50 requests a second with 0.3 s answers is 15 requests in flight per bucket).
        self.workers = workers or getattr(client, 'pool_size', None) or DEFAULT_WORKERS
        self._profiles = {}
        self._profile_reader = None

    def scope_text(self):
        name = getattr(self.client, 'project_name', None)
        if name:
            return 'project %r' % name
        uid = self.client.project_uid
        return ('project %s' % uid) if uid else 'tenant scope'

    def concurrently(self, fn, items, workers=None):
        """``run_concurrently`` on this service's pool (or on ``workers`` threads); the project is resolved first,
        once, for all threads."""
        dummy = self.client.project_uid
        return run_concurrently(fn, items, workers or self.workers)

    def map(self, fn, items):
        """``fn`` over ``items`` concurrently; the first error (in item order) is raised."""
        results = []
        for dummy, result, err in self.concurrently(fn, items):
            if err is not None:
                raise err
            results.append(result)
        return results

    # ---- clusters ----------------------------------------------------------------------------
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

    def search(self, name=None, name_contains=None, states=None, tags=None, profile=None):
        """Every matching ``v1SpectroClusterSummary`` (all pages). ``name`` and ``tags`` are checked here too (a
        bare tag is searched in both forms and must be a label without value); ``profile`` (a profile name or a
        profile version uid) is matched on the summaries' profile templates."""
        body = search_body(name=name, name_contains=name_contains, states=states, tags=tags)
        found = []
        for item in self.client.paginate('POST', SEARCH_PATH, body=body):
            if name is not None and name_of(item) != name:
                continue
            if tags and not labels_match(meta_of(item).get('labels'), tags):
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
            virtual = self.virtual_named(name)
            if virtual:
                raise ClusterError('%s: no cluster named %r in %s that this collection handles: %s is a virtual cluster '
                                   '(uid %s), and palette_cluster_info and palette_cluster_profile handle host clusters only'
                                   % (option, name, self.scope_text(), name, ', '.join(sorted(uid_of(v) for v in virtual))),
                                   option=option)
            raise ClusterError('%s: no cluster named %r in %s' % (option, name, self.scope_text()), option=option)
        if len(hits) > 1:
            raise ClusterError('%s: %d clusters are named %r (uids %s); give the uid instead'
                               % (option, len(hits), name, ', '.join(sorted(uid_of(h) for h in hits))), option=option)
        cluster = self.get(uid_of(hits[0]))
        if cluster is None:
            raise ClusterError('%s: cluster %r (%s) disappeared while it was being read'
                               % (option, name, uid_of(hits[0])), option=option)
        return cluster

    def virtual_named(self, name):
        """The virtual clusters named ``name``: the search without its "not virtual" condition (``environment`` not
        ``nested``) finds them, the modules' search does not. Read only to explain a name that was not found."""
        body = search_filter(name=name, include_virtual=True)[0]
        return [item for item in self.client.paginate('POST', SEARCH_PATH, body=body) if name_of(item) == name]

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

    def select(self, uids=None, names=None, tags=None):
        """The clusters given by uid, by exact name, and every cluster carrying all of ``tags`` (the modules' search,
        :mod:`cluster_search`), each once, in that order. One ClusterError naming every reference not found; tags
        that no cluster carries are an error too (a mistyped tag must not select nothing silently)."""
        refs = [('cluster_uids', u, None) for u in uids or []] + [('cluster_names', None, n) for n in names or []]
        if tags:
            hits = self.search(tags=tags)
            if not hits:
                raise ClusterError('cluster_tags: no cluster in %s carries every tag of %s'
                                   % (self.scope_text(), ', '.join(tags)), option='cluster_tags')
            refs.extend(('cluster_tags', uid_of(h), None) for h in hits)
        return self.resolve_many(refs)

    def summaries_of(self, uids):
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

    def update_offered(self, refs):
        """Of ``refs`` (``[{uid, name}]``, e.g. a profile's ``status.inUseClusters``), the clusters Palette offers an
        update ("Updates Available": ``status.notifications.isAvailable`` of their dashboard summaries), as
        ``[{name, uid}]`` in the order given. Many are read from the paged search, a few one by one."""
        refs = [r for r in refs or [] if r.get('uid')]
        uids = [r['uid'] for r in refs]
        found = self.summaries_of(uids)
        missing = [uid for uid in uids if uid not in found]
        for uid, summary in zip(missing, self.map(self.summary, missing)):
            found[uid] = summary
        offered = []
        for ref in refs:
            item = found.get(ref['uid']) or {}
            if ((item.get('status') or {}).get('notifications') or {}).get('isAvailable'):
                offered.append({'name': ref.get('name') or name_of(item), 'uid': ref['uid']})
        return offered

    # ---- profiles ----------------------------------------------------------------------------
    def read_profile(self, uid):
        """``v1ClusterProfile`` by uid, read once per service in its own scope, the way ProfileService reads it (a
        tenant- or system-scoped one without ``ProjectUid``; a 404 in the project tried once in tenant scope). None
        when neither scope has it."""
        if uid not in self._profiles:
            # imported here: profile_runner imports this module (ClusterService.update_offered)
            from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError  # pylint: disable=import-outside-toplevel
            try:
                self._profiles[uid] = self._reader().get(uid)
            except ProfileError:
                self._profiles[uid] = None
        return self._profiles[uid]

    def _reader(self):
        if self._profile_reader is None:
            from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService  # pylint: disable=import-outside-toplevel
            self._profile_reader = ProfileService(self.client)
        return self._profile_reader

    def profile_variables(self, uid):
        """The ``v1Variable`` list profile version ``uid`` declares, read in the profile's scope."""
        profile = self.read_profile(uid)
        if profile is None:
            return []
        reader = self._reader()
        reader.remember(profile)
        return reader.variables(uid)

    def read_profiles(self, uids):
        """``{uid: profile or None}``, each read once, concurrently."""
        todo = [u for u in dict.fromkeys(uids) if u and u not in self._profiles]
        self.map(self.read_profile, todo)
        return dict((u, self._profiles.get(u)) for u in uids if u)

    # ---- writes ------------------------------------------------------------------------------
    def patch_profiles(self, plan):
        """PATCH the cluster's profiles (resolving the "Updates Available" notification).

        After a 502/503/504 or a lost connection the client does not send a PATCH again: it cannot know whether the
        PATCH landed. Here we can find out: read the cluster back and send the PATCH again only when its attached
        template is not the target content yet, up to the client's ``retries`` (a landed change is never sent
        twice)."""
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
        """Whether ``plan``'s PATCH was accepted: the cluster's attached template is the target content. If not,
        ``plan`` is pointed at the version the cluster is attached to now, for the PATCH sent again."""
        cluster = self.get(plan.uid)
        if cluster is None:
            raise ClusterError('cluster %s (%s) disappeared while applying to it' % (plan.name, plan.uid))
        found = [t for t in attached_templates(cluster) if t.get('name') == plan.profile_name]
        if found and found[0].get('uid') == plan.to_uid and not pack_changes(found[0].get('packs'), plan.expected_packs):
            return True
        if found:
            plan.attached_uid = found[0].get('uid')
        return False

    def cluster_variables(self, uid):
        """``GET /v1/spectroclusters/{uid}/variables``: ``[v1SpectroClusterVariables {profileUid, variables}]``."""
        return self.client.get('/v1/spectroclusters/%s/variables' % _q(uid)) or []

    def patch_variables(self, uid, profile_uid, variables):
        """``PATCH /v1/spectroclusters/{uid}/variables`` (204) for one attached profile version."""
        self.client.patch('/v1/spectroclusters/%s/variables' % _q(uid),
                          body=[{'profileUid': profile_uid, 'variables': variables}])

    def detach_profiles(self, uid, profile_uids):
        """``DELETE /v1/spectroclusters/{uid}/profiles`` (204): remove these attached profile versions."""
        self.client.delete('/v1/spectroclusters/%s/profiles' % _q(uid), body={'profileUids': list(profile_uids)})

    def trigger_install(self, uid):
        """``POST /v1/spectroclusters/{uid}/status/spcApply`` (202): let the agent install the attached change."""
        self.client.post('/v1/spectroclusters/%s/status/spcApply' % _q(uid))

    def repave_status(self, uid):
        """``v1SpectroClusterRepave`` as ``{state, message, reasons: [{code, message}]}``."""
        answer = self.client.get('/v1/spectroclusters/%s/repave/status' % _q(uid)) or {}
        status = answer.get('status') or {}
        reasons = [{'code': r.get('code'), 'message': r.get('message')}
                   for r in ((answer.get('spec') or {}).get('reasons') or []) if isinstance(r, dict)]
        return {'state': status.get('state'), 'message': status.get('message'), 'reasons': reasons}

    def approve_repave(self, uid):
        """``PATCH /v1/spectroclusters/{uid}/repave/approve`` (204)."""
        self.client.patch('/v1/spectroclusters/%s/repave/approve' % _q(uid))
