# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pruning unused cluster profile versions (``palette_profile_prune``, issue #19).

Listing: ``GET /v1/dashboard/clusterprofiles/metadata`` names every version in a scope (one item per version, REF §4);
``POST /v1/dashboard/clusterprofiles`` gives the usage, scope, tags and templates of many versions per request. Whether
that list has one entry per version or per profile is not documented, so a listed version the summaries do not cover
is read by ``GET /v1/clusterprofiles/{uid}``. A version whose usage cannot be read is kept (``profile_usage``).

Deleting: per version, right before its ``DELETE /v1/clusterprofiles/{uid}`` (REF §5), a fresh GET: a version a cluster
or cluster template started to use since the listing is kept, one that is gone already counts as deleted by someone
else (a re-run after an interruption), and the backup is written from that same read. ``/v1/clusterprofiles/bulk``
is not used: it would leave the time between the reads and the deletes open for many versions at once. Versions are
deleted on a few threads; the client's rate limiter keeps them within the ``/v1/clusterprofiles`` limit.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError, PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.concurrency import run_concurrently
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_backup import ProfileBackup
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import DefinitionService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import profile_path
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_usage import (
    UNKNOWN,
    UNUSED,
    USED,
    name_projects,
    read_usage,
    unknown_usage,
    users_text,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError, profile_info, scope_of, semver_key, summary_info


SCOPES = ('tenant', 'project', 'both')
WORKERS = 8   # deletes in flight; the rate limiter, not this, sets the pace

# status: what the version is; action: what this run did with it
IN_USE, KEPT_LATEST = 'in_use', 'kept_latest'
DELETED, WOULD_DELETE, KEPT, ALREADY_DELETED, FAILED = 'deleted', 'would_delete', 'kept', 'already_deleted', 'failed'
RECORD_KEYS = ('name', 'version', 'uid', 'scope', 'project_uid', 'project_name', 'state', 'labels', 'usage',
               'in_use_clusters', 'in_use_cluster_templates', 'usage_problem')


def chosen_scopes(scope, client):
    """The scopes to prune, in order. Without a project connection only the tenant's profiles can be listed."""
    if scope is None:
        scope = 'both' if client.project_uid else 'tenant'
    wanted = ('tenant', 'project') if scope == 'both' else (scope,)
    if 'project' in wanted and not client.project_uid:
        raise ProfileError('scope=%s: project profiles are listed through a project; give project_name or project_uid '
                           '(or scope=tenant)' % scope, option='scope')
    return wanted


def tag_matches(labels, tags):
    """True when the version carries every tag: ``key:value`` or a bare ``key`` (any value), ignoring case."""
    have = dict((str(k).lower(), str(v).lower()) for k, v in (labels or {}).items())
    for tag in tags or []:
        key, sep, value = str(tag).lower().partition(':')
        if key not in have or (sep and have[key] != value):
            return False
    return True


class Pruner(object):
    """One prune run over ``service`` (a DefinitionService: its reads also make the backups)."""

    def __init__(self, service, name_pattern='*', scope=None, tags=None, keep_latest=1, only_uids=None,
                 backup_factory=None, workers=WORKERS):
        if keep_latest < 0:
            raise ProfileError('keep_latest must be 0 or more, got %d' % keep_latest, option='keep_latest')
        self.service = service
        self.client = service.client
        self.pattern = name_pattern or '*'
        self.scopes = chosen_scopes(scope, self.client)
        self.tags = list(tags or [])
        self.keep_latest = keep_latest
        self.only_uids = None if only_uids is None else set(only_uids)
        self.backup_factory = backup_factory
        self.workers = workers
        self.system_skipped = 0

    # ---- reading ---------------------------------------------------------------------------------
    def list_versions(self):
        """Every version named by the pattern in the chosen scopes, with its usage; system profiles left out."""
        records = {}
        for scope in self.scopes:
            tenant = scope == 'tenant'
            listed = [m for m in self.service.metadata(refresh=True, tenant=tenant)
                      if fnmatch.fnmatchcase(m['name'] or '', self.pattern)]
            summaries = self._summaries(tenant) if listed else {}
            missing = [m for m in listed if m['uid'] not in summaries and m['uid'] not in records]
            read = dict((m['uid'], (info, problem)) for m, info, problem in self._read_each(missing, tenant))
            for m in listed:
                if m['uid'] in records:
                    continue
                if m['uid'] in summaries:
                    info, problem = summary_info(summaries[m['uid']]), None
                else:
                    info, problem = read[m['uid']]
                record = self._record(m, info, problem, scope)
                if record['scope'] == 'system':
                    self.system_skipped += 1
                    continue
                if record['scope'] is not None and record['scope'] != scope:
                    continue   # a tenant profile a project lists too: it is pruned (or not) with its own scope
                record['tenant'] = tenant
                records[m['uid']] = record
        return name_projects(list(records.values()), self.client)

    def _summaries(self, tenant):
        """``{uid: v1ClusterProfileSummary}`` of every listed summary (all pages)."""
        body = {'filter': {}, 'sort': [{'field': 'profileName', 'order': 'asc'}]}
        found = {}
        for item in self.client.paginate('POST', '/v1/dashboard/clusterprofiles', body=body, tenant=tenant):
            uid = (item.get('metadata') or {}).get('uid')
            if uid:
                found[uid] = item
        return found

    def _read_each(self, listed, tenant):
        """``(metadata entry, info or None, problem or None)`` per version, each read by its GET."""
        def read(entry):
            return profile_info(self.client.get(profile_path(entry['uid']), tenant=tenant))
        out = []
        for entry, info, error in run_concurrently(read, listed, workers=min(self.workers, self.client.pool_size)):
            out.append((entry, info, None if error is None else 'reading it failed: %s' % error))
        return out

    def _record(self, listed, info, problem, scope):
        """The report entry of one version (listed: its metadata entry; info: as read, None when the read failed)."""
        if info is None:
            record = dict((k, None) for k in RECORD_KEYS)
            record.update(unknown_usage(problem), labels={}, scope=None if scope == 'tenant' else scope)
        else:
            record = dict((k, info.get(k)) for k in RECORD_KEYS)
        record.update(name=listed['name'], version=listed['version'], uid=listed['uid'], status=None, action=KEPT,
                      reason='', backup_file=None, changed_since_listing=False)
        return record

    # ---- deciding --------------------------------------------------------------------------------
    def decide(self, records):
        """Set ``status`` and the planned action of every version; returns the versions to delete (unused ones)."""
        groups = {}
        for record in records:
            groups.setdefault((record['tenant'], record['project_uid'], record['name']), []).append(record)
        candidates = []
        for versions in groups.values():
            versions.sort(key=lambda r: semver_key(r['version']), reverse=True)
            for rank, record in enumerate(versions):
                self._status(record, rank)
                if not tag_matches(record['labels'], self.tags) and record['usage'] != UNKNOWN:
                    record['selected'] = False
                    record['reason'] = 'not selected: it lacks the tags %s' % ', '.join(self.tags)
                    continue
                record['selected'] = True
                if record['status'] != UNUSED:
                    continue
                if self.only_uids is not None and record['uid'] not in self.only_uids:
                    record['reason'] = 'unused, but not in only_uids'
                    continue
                candidates.append(record)
        return candidates

    def _status(self, record, rank):
        if record['usage'] == UNKNOWN:
            record.update(status=UNKNOWN, reason=unknown_reason(record['usage_problem']))
        elif record['usage'] == USED:
            record.update(status=IN_USE, reason='in use by %s' % users_text(record))
        elif rank < self.keep_latest:
            record.update(status=KEPT_LATEST, reason='one of the newest %d versions of %s' % (self.keep_latest, record['name']))
        else:
            record.update(status=UNUSED, reason='unused')

    # ---- deleting --------------------------------------------------------------------------------
    def delete_all(self, candidates):
        """Delete each candidate after a fresh read of its usage; sets action, reason and backup_file."""
        if candidates and self.backup_factory is not None:
            self.service.registry_names()   # read once here, not by every thread
        run_concurrently(self._delete_one, candidates, workers=min(self.workers, self.client.pool_size))
        self._check_gone([r for r in candidates if r['action'] == DELETED])

    def _delete_one(self, record):
        try:
            fresh = self.client.get(profile_path(record['uid']), tenant=record['tenant'])
        except PaletteApiError as err:
            if err.status == 404:
                record.update(action=ALREADY_DELETED, reason='gone already when read right before the DELETE')
                return
            self._keep_unknown(record, 'the read right before the DELETE failed: %s' % err)
            return
        except PaletteError as err:
            self._keep_unknown(record, 'the read right before the DELETE failed: %s' % err)
            return
        usage = read_usage(fresh.get('status'))
        record.update(usage)
        if scope_of(fresh) == 'system':
            record.update(status=KEPT, reason='system-scoped when read right before the DELETE: kept')
            return
        if usage['usage'] == UNKNOWN:
            self._keep_unknown(record, 'the read right before the DELETE: %s' % usage['usage_problem'])
            return
        if usage['usage'] == USED:
            record.update(status=IN_USE, changed_since_listing=True,
                          reason='in use by %s since the listing (read right before the DELETE): kept' % users_text(usage))
            return
        try:
            if self.backup_factory is not None:
                record['backup_file'] = self.backup_factory(record['tenant'])(fresh)
        except Exception as err:   # pylint: disable=broad-except
            record.update(action=FAILED, reason='the backup failed, so it was not deleted: %s' % err)
            return
        try:
            self.client.delete(profile_path(record['uid']), tenant=record['tenant'])
        except PaletteApiError as err:
            if err.status == 404:
                record.update(action=ALREADY_DELETED, reason='gone already at its DELETE (404)')
                return
            record.update(action=FAILED, reason='DELETE failed: %s' % err)
            return
        except PaletteError as err:
            record.update(action=FAILED, reason='DELETE failed: %s' % err)
            return
        record.update(action=DELETED, reason='unused (read right before the DELETE): deleted')

    @staticmethod
    def _keep_unknown(record, problem):
        record.update(unknown_usage(problem))
        record.update(status=UNKNOWN, action=KEPT, changed_since_listing=True, reason=unknown_reason(problem))

    def _check_gone(self, deleted):
        """One listing per scope after the deletes: a version still listed was not deleted, whatever the DELETE said."""
        for tenant in sorted(set(r['tenant'] for r in deleted)):
            still = set(m['uid'] for m in self.service.metadata(refresh=True, tenant=tenant))
            for record in deleted:
                if record['tenant'] == tenant and record['uid'] in still:
                    record.update(action=FAILED, reason='DELETE was accepted but the version is still listed')

    # ---- the run ---------------------------------------------------------------------------------
    def run(self, check_mode):
        records = self.list_versions()
        candidates = self.decide(records)
        if check_mode:
            for record in candidates:
                record.update(action=WOULD_DELETE, reason='unused: would be deleted (after a fresh read of its usage)')
        else:
            self.delete_all(candidates)
        records.sort(key=lambda r: (r['scope'] or '', r['project_uid'] or '', r['name'] or '', semver_key(r['version'])))
        return self.result(records, check_mode)

    def result(self, records, check_mode):
        out = []
        for record in records:
            if not record.get('selected', True):
                continue   # another version of a profile whose newest versions count for keep_latest
            keys = RECORD_KEYS + ('status', 'action', 'reason', 'backup_file', 'changed_since_listing')
            entry = dict((k, record.get(k)) for k in keys)
            out.append(entry)
        counts = {}
        for entry in out:
            for key in ('status', 'action'):
                counts.setdefault(key, {})
                counts[key][entry[key]] = counts[key].get(entry[key], 0) + 1
        failed = [e for e in out if e['action'] == FAILED]
        return {
            'changed': any(e['action'] == DELETED for e in out),
            'check_mode': bool(check_mode),
            'versions': out,
            'deleted': [e['uid'] for e in out if e['action'] == DELETED],
            'would_delete': [e['uid'] for e in out if e['action'] == WOULD_DELETE],
            'backup_files': [e['backup_file'] for e in out if e['backup_file']],
            'counts': {'versions': len(out), 'by_status': counts.get('status', {}),
                       'by_action': counts.get('action', {}), 'system_skipped': self.system_skipped,
                       'failed': len(failed)},
            'scopes': list(self.scopes),
        }


class BackupFactory(object):
    """Makes the backup callable of one version (``ProfileBackup`` on a service of its own: a service's manifest
    cache is not shared between threads), all sharing one pack catalogue. ``warnings`` collects theirs."""

    def __init__(self, service, directory, module_name='palette_profile_prune'):
        self.service = service
        self.directory = directory
        self.module_name = module_name
        self.warnings = []

    def __call__(self, tenant):
        service = DefinitionService(self.service.client)
        service.catalogue = self.service.catalogue

        def backup(profile):
            if tenant:
                service._tenant_uids.add((profile.get('metadata') or {}).get('uid'))   # pylint: disable=protected-access
            made = ProfileBackup(service, self.directory, self.module_name)
            try:
                return made(profile)
            finally:
                self.warnings.extend(w for w in made.warnings if w not in self.warnings)
        return backup


def unknown_reason(problem):
    """Why a version whose usage is unknown was kept: only a version Palette lists as used by nobody is deleted."""
    return 'usage unknown, so kept: only a version Palette lists as used by nobody is deleted (%s)' % problem


def prune(service, check_mode=False, **options):
    """``palette_profile_prune``: returns the result; raises ProfileError carrying it when a version failed."""
    result = Pruner(service, **options).run(check_mode)
    failed = [e for e in result['versions'] if e['action'] == FAILED]
    if failed:
        err = ProfileError('%d of the unused profile versions could not be deleted: %s'
                           % (len(failed), '; '.join('%s %s (%s): %s' % (e['name'], e['version'], e['uid'], e['reason'])
                                                     for e in failed[:10])))
        err.partial_result = result
        raise err
    return result
