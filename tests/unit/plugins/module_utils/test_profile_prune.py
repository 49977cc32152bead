# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""profile_prune against a real emulator process loaded with the prune seed (strict mode): what is selected, what is
deleted (the emulator's stored state), the fresh read right before each DELETE, backups, re-runs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat

import pytest
import yaml

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_prune as PR
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import DefinitionService

KEY = 'PALETTE-EMULATOR-DEMO-KEY-edge-prod-not-a-real-secret'   # fake, from the prune seed
UNUSED_PROJECT = {'69a000000000000000000100': 'core 1.0.0', '69a000000000000000000120': 'core 1.2.0',
                  '69a000000000000000000209': 'apps 0.9.0', '69a000000000000000000500': 'monitoring 1.0.0',
                  '69a000000000000000000510': 'monitoring 1.1.0', '69a000000000000000000600': 'spare 1.0.0'}
UNUSED_TENANT = {'69a000000000000000000700': 'tenant-baseline 1.0.0'}
SPARE = '69a000000000000000000600'
EDGE_LATE = '69a0000000000000000c0004'


@pytest.fixture
def seeded(emu):
    path = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'integration', 'targets', 'setup_prune_profiles',
                        'files', 'prune_seed.yml')
    with open(path) as handle:
        emu.reset(seed=yaml.safe_load(handle))
    emu.config(profile_usage_lists='listed')   # an unused version is then known to be unused (see the test below)
    return emu


@pytest.fixture
def service(seeded, make_client):
    return DefinitionService(make_client(api_key=KEY, project_name='edge-prod'))


def stored_uids(emu):
    return set(p['uid'] for p in emu.state()['profiles'])


def by_uid(result):
    return dict((v['uid'], v) for v in result['versions'])


def test_check_mode_lists_exactly_the_unused_versions_and_deletes_nothing(service, seeded):
    before = stored_uids(seeded)
    result = PR.prune(service, check_mode=True)
    assert sorted(result['would_delete']) == sorted(list(UNUSED_PROJECT) + list(UNUSED_TENANT))
    assert result['deleted'] == [] and not result['changed']
    assert stored_uids(seeded) == before
    assert not [r for r in seeded.requests() if r['write']]
    versions = by_uid(result)
    assert versions['69a000000000000000000110']['status'] == 'in_use'
    assert versions['69a000000000000000000300']['in_use_cluster_templates'] == [{'name': 'template-00a0a1',
                                                                                 'uid': '69a00000000000000000a0a1'}]
    assert versions['69a000000000000000000220']['status'] == 'kept_latest'   # draft only, the newest of apps
    assert versions['69a000000000000000000209']['state'] == 'draft'
    assert not [v for v in result['versions'] if v['name'] == 'system-addons' or v['uid'] == '69a000000000000000000900']
    assert result['counts']['system_skipped'] == 2


def test_a_run_deletes_them_with_a_backup_each_and_a_rerun_changes_nothing(service, seeded, tmp_path):
    backups = PR.BackupFactory(service, str(tmp_path / 'backups'))
    result = PR.prune(service, backup_factory=backups)
    gone = set(UNUSED_PROJECT) | set(UNUSED_TENANT)
    assert set(result['deleted']) == gone and result['changed']
    assert not gone & stored_uids(seeded)
    assert len(result['backup_files']) == len(gone)
    for version in result['versions']:
        if version['action'] == 'deleted':
            assert stat.S_IMODE(os.stat(version['backup_file']).st_mode) == 0o600
            assert version['uid'] in os.path.basename(version['backup_file'])
    deletes = [r for r in seeded.requests() if r['method'] == 'DELETE']
    assert sorted(r['path'].rsplit('/', 1)[1] for r in deletes) == sorted(gone)
    again = PR.prune(DefinitionService(service.client), backup_factory=backups)
    assert again['deleted'] == [] and not again['changed'] and again['backup_files'] == []


def test_a_cluster_attached_between_the_listing_and_the_delete_keeps_the_version(service, seeded):
    client = service.client
    real_get = client.get

    def get(path, *args, **kwargs):
        # someone attaches spare 1.0.0 to edge-late right when its fresh read is about to be sent
        if path == '/v1/clusterprofiles/%s' % SPARE:
            client.patch('/v1/spectroclusters/%s/profiles' % EDGE_LATE, body={'profiles': [{'uid': SPARE}]})
        return real_get(path, *args, **kwargs)
    client.get = get
    result = PR.prune(service, scope='project')
    spare = by_uid(result)[SPARE]
    assert (spare['action'], spare['status'], spare['changed_since_listing']) == ('kept', 'in_use', True)
    assert 'edge-late since the listing' in spare['reason']
    assert SPARE in stored_uids(seeded)
    assert set(result['deleted']) == set(UNUSED_PROJECT) - {SPARE}


def test_usage_lists_left_out_when_empty_keep_every_unused_version_as_unknown(service, seeded):
    """Whether Palette sends an empty inUseClusters / inUseClusterTemplates is not documented (emulator switch
    profile_usage_lists): when it leaves them out, an unused version cannot be told from one Palette does not say
    about, so nothing is deleted and each says why."""
    seeded.config(profile_usage_lists='omitted_when_empty')
    before = stored_uids(seeded)
    for check_mode in (True, False):
        result = PR.prune(service, check_mode=check_mode)
        assert result['deleted'] == [] and result['would_delete'] == [] and not result['changed']
        for uid in set(UNUSED_PROJECT) | set(UNUSED_TENANT):
            version = by_uid(result)[uid]
            assert (version['status'], version['action'], version['usage']) == ('unknown', 'kept', 'unknown')
            assert version['usage_problem'] == ('Palette did not list who uses it: status.inUseClusters and '
                                                'status.inUseClusterTemplates are missing from its answer')
            assert version['reason'].startswith('usage unknown, so kept: only a version Palette lists as used by')
        assert by_uid(result)['69a000000000000000000110']['status'] == 'in_use'   # a list that names someone is read
        assert by_uid(result)['69a000000000000000000300']['status'] == 'in_use'   # used by a cluster template only
    assert stored_uids(seeded) == before
    assert not [r for r in seeded.requests() if r['write']]


def test_a_failing_usage_read_keeps_the_version(service, seeded):
    seeded.fault(kind='status', status=500, path='^/v1/clusterprofiles/%s$' % SPARE, method='GET', count=None)
    result = PR.prune(service, scope='project')
    spare = by_uid(result)[SPARE]
    assert (spare['action'], spare['status'], spare['usage']) == ('kept', 'unknown', 'unknown')
    assert SPARE in stored_uids(seeded)
    assert 'read right before the DELETE failed' in spare['reason']


def test_versions_the_summaries_miss_are_read_one_by_one(service, seeded):
    """Whether the dashboard list has an entry per version is not documented: a version it misses is read by GET."""
    client = service.client
    real_paginate = client.paginate

    def paginate(*args, **kwargs):
        return [i for i in real_paginate(*args, **kwargs) if i['metadata']['uid'] != '69a000000000000000000100']
    client.paginate = paginate
    seeded.fault(kind='status', status=500, path='^/v1/clusterprofiles/69a000000000000000000100$', method='GET',
                 count=None)
    result = PR.prune(service, scope='project', check_mode=True)
    core_100 = by_uid(result)['69a000000000000000000100']
    assert (core_100['status'], core_100['action']) == ('unknown', 'kept')
    assert core_100['usage_problem'].startswith('reading it failed')
    assert sorted(result['would_delete']) == sorted(set(UNUSED_PROJECT) - {'69a000000000000000000100'})


@pytest.mark.parametrize('options, expected', [
    ({'scope': 'tenant'}, set(UNUSED_TENANT)),
    ({'scope': 'project', 'tags': ['team:obs']}, {'69a000000000000000000500'}),
    ({'scope': 'project', 'tags': ['TEAM']}, {'69a000000000000000000100', '69a000000000000000000120',
                                              '69a000000000000000000500'}),
    ({'scope': 'project', 'name_pattern': 'mon*', 'keep_latest': 0}, {'69a000000000000000000500', '69a000000000000000000510',
                                                                      '69a000000000000000000520'}),
    ({'scope': 'project', 'name_pattern': 'core', 'keep_latest': 2}, {'69a000000000000000000100'}),
    ({'only_uids': ['69a000000000000000000100', '69a000000000000000000110']}, {'69a000000000000000000100'}),
    ({'name_pattern': 'system-*', 'keep_latest': 0}, set()),
])
def test_selection(service, options, expected):
    assert set(PR.prune(service, check_mode=True, **options)['would_delete']) == expected


def test_project_scope_needs_a_project(seeded, make_client):
    service = DefinitionService(make_client(api_key=KEY))
    with pytest.raises(PR.ProfileError) as err:
        PR.prune(service, scope='both', check_mode=True)
    assert err.value.option == 'scope'
    assert set(PR.prune(service, check_mode=True)['would_delete']) == set(UNUSED_TENANT)


def test_tag_matches():
    assert PR.tag_matches({'team': 'obs', 'Tier': 'core'}, ['team:OBS', 'tier'])
    assert not PR.tag_matches({'team': 'obs'}, ['team:platform'])
    assert not PR.tag_matches({}, ['team'])
    assert PR.tag_matches({}, [])


def test_a_version_deleted_by_someone_else_before_its_read_counts_as_already_deleted(service, seeded):
    """An interrupted run leaves versions half-way: the next run finds them gone right before its DELETE."""
    client = service.client
    real_get = client.get

    def get(path, *args, **kwargs):
        if path == '/v1/clusterprofiles/%s' % SPARE:
            client.delete(path)   # someone else (or the interrupted run) deletes it first
        return real_get(path, *args, **kwargs)
    client.get = get
    result = PR.prune(service, scope='project')
    spare = by_uid(result)[SPARE]
    assert (spare['action'], result['changed']) == ('already_deleted', True)
    assert SPARE not in result['deleted'] and SPARE not in stored_uids(seeded)


class _Client(object):
    project_uid = 'p1'
    pool_size = 4


class _Service(object):
    client = _Client()


def _version(uid, version, usage='unused'):
    return {'uid': uid, 'name': 'core', 'version': version, 'tenant': False, 'project_uid': 'p1', 'labels': {},
            'usage': usage, 'usage_problem': None, 'in_use_clusters': [], 'in_use_cluster_templates': []}


def test_keep_latest_follows_semantic_version_order():
    records = [_version('a', '1.9.0'), _version('b', '1.10.0'), _version('c', '1.10.0-rc.1'), _version('d', '2.0.0', 'used'),
               _version('e', '1.2.0', 'unknown')]
    candidates = PR.Pruner(_Service(), keep_latest=2).decide(records)
    status = dict((r['uid'], r['status']) for r in records)
    # 2.0.0 (used) and 1.10.0 are the newest two; 1.10.0-rc.1 comes before 1.10.0
    assert status == {'d': 'in_use', 'b': 'kept_latest', 'c': 'unused', 'a': 'unused', 'e': 'unknown'}
    assert sorted(r['uid'] for r in candidates) == ['a', 'c']


def test_keep_latest_must_not_be_negative():
    with pytest.raises(PR.ProfileError) as err:
        PR.Pruner(_Service(), keep_latest=-1)
    assert err.value.option == 'keep_latest'
