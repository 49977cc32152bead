# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ProfileService and the module entry points (update_profile, publish_profile, profile_facts) against a real
emulator process (demo seed, strict mode): what is sent, what is stored, and that bad input writes nothing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError, normalize_pack_changes, summary_info
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import clusters_offered_update, profile_facts, publish_profile, update_profile
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService


CORE = '698e43979f639727243be3e8'
CORE_OLD = '698e43979f639727243be300'
INFRA = '698e434f56d5433423e3ee5a'
INFRA_OLD = '698e434f56d5433423e3ee00'


@pytest.fixture
def service(make_client):
    return ProfileService(make_client(project_name='edge-prod'))


def stored(emulator, uid):
    for profile in emulator.state()['profiles']:
        if profile['uid'] == uid:
            return profile
    return None


def write_log(emulator):
    return [r for r in emulator.requests() if r['write']]


# -- lookups -----------------------------------------------------------------------------------------

def test_find_by_name_newest_published_and_by_version(service):
    assert service.find(name='core', newest_published=True)['metadata']['uid'] == CORE
    assert service.find(name='core', version='1.0.0')['metadata']['uid'] == CORE_OLD
    assert service.find(uid=INFRA)['spec']['version'] == '1.1.0'


def test_find_errors_name_the_option(service):
    with pytest.raises(ProfileError) as err:
        service.find(name='core')
    assert err.value.option == 'version' and '1.1.0 [%s]' % CORE in str(err.value)
    with pytest.raises(ProfileError) as err:
        service.find(name='core', version='2.0.0')
    assert err.value.option == 'version'
    with pytest.raises(ProfileError) as err:
        service.find(name='cor')
    assert "similar names: core" in str(err.value)
    with pytest.raises(ProfileError) as err:
        service.find(uid='697a0c1e2f3a4b5c6d7e9001')  # edge-lab's core: another project is invisible
    assert err.value.option == 'uid' and "project 'edge-prod'" in str(err.value)


def test_search_reads_every_page(service, emulator):
    everything = service.search(limit=2)
    in_project = [p['uid'] for p in emulator.state()['profiles'] if p['project_uid'] == '69791bbdb68bd0033ad275a5']
    assert sorted(i['metadata']['uid'] for i in everything) == sorted(in_project)
    posts = [r for r in emulator.requests() if r['path'] == '/v1/dashboard/clusterprofiles']
    assert len(posts) == (len(in_project) + 1) // 2
    infra = service.search(types=['infra'], name_contains='INF')
    assert sorted(i['metadata']['uid'] for i in infra) == sorted([INFRA, INFRA_OLD])
    assert [summary_info(i)['type'] for i in infra] == ['infra', 'infra']


def test_resolve_tag_prefers_version_then_tag(service):
    pack = {'name': 'edge-k8s', 'registryUid': '64b7a3c1d2e3f40516273849'}
    assert service.resolve_tag(pack, '1.31.2')['packUid'] == '65a1f0000000000000000203'
    with pytest.raises(ProfileError) as err:
        service.resolve_tag(pack, '1.32.0', 'packs[3]')
    assert str(err.value) == ("packs[3].tag: pack 'edge-k8s' has no tag '1.32.0' in registry 64b7a3c1d2e3f40516273849; "
                              "available tags: 1.29.9, 1.30.6, 1.31.2")


# -- update ----------------------------------------------------------------------------------------

@pytest.mark.parametrize('profile_put', ['in_place', 'draft'])
@pytest.mark.parametrize('manifest_without_content', ['blanked', 'kept'])
def test_update_sends_everything_back_and_keeps_manifests(service, emulator, profile_put, manifest_without_content):
    emulator.config(profile_put=profile_put, manifest_without_content=manifest_without_content)
    before = stored(emulator, CORE)
    result, diff, warnings = update_profile(service, uid=CORE, packs=[
        {'name': 'nginx', 'tag': '1.12.0', 'values_merge': {'charts': {'ingress-nginx': {'controller': {'replicaCount': 3}}}}}])
    assert result['changed'] and not warnings
    after = stored(emulator, CORE)
    if profile_put == 'draft':
        assert result['landed'] == 'draft' and result['draft'] and after['published'] == before['published']
    else:
        assert result['landed'] == 'published' and not result['draft'] and after['draft'] is None
    draft = dict((p['name'], p) for p in after[result['landed']]['packs'])
    published = dict((p['name'], p) for p in before['published']['packs'])
    for name in published:
        if name != 'nginx':
            assert draft[name] == published[name], name
    assert draft['nginx']['tag'] == '1.12.0' and draft['nginx']['uid'] == '65a1f0000000000000000802'
    assert draft['nginx']['values'] == published['nginx']['values'].replace('replicaCount: 2', 'replicaCount: 3')
    assert [m['content'] for m in draft['edge-site-config']['manifests']] == \
        [m['content'] for m in published['edge-site-config']['manifests']]
    assert len(diff) == 1 and diff[0]['before_header'] == 'profile core 1.1.0 pack nginx'
    assert [(r['method'], r['path']) for r in write_log(emulator)] == [('PUT', '/v1/clusterprofiles/' + CORE)]


def test_no_op_sends_no_write(service, emulator):
    result, diff, _warnings = update_profile(service, name='core', version='1.1.0', packs=[
        {'name': 'cert-manager', 'tag': '1.15.3', 'values': 'charts:\n    cert-manager: {installCRDs: true}\n'}])
    assert not result['changed'] and diff == []
    assert write_log(emulator) == []


def test_check_mode_sends_no_write(service, emulator):
    result, diff, _warnings = update_profile(service, uid=INFRA, new_version='2.0.0', check_mode=True,
                                             packs=[{'name': 'edge-k8s', 'tag': '1.31.2'}])
    assert result['changed'] and result['created_version'] and result['uid'] is None
    assert [d['after_header'] for d in diff] == ['profile infra 2.0.0', 'profile infra 2.0.0 pack edge-k8s']
    assert write_log(emulator) == []


def test_rerun_after_failure_before_publish_completes(service, emulator):
    emulator.config(profile_put='draft')  # test_profiles_landing.py covers both readings
    packs = [{'name': 'edge-k8s', 'tag': '1.31.2'}, {'name': 'cni-calico', 'values_merge': {'manifests': {'calico': {'ipamType': 'host-local'}}}}]
    first, _diff, _warnings = update_profile(service, uid=INFRA, packs=packs)
    assert first['changed']
    again, diff, _warnings = update_profile(ProfileService(service.client), uid=INFRA, packs=packs)
    assert not again['changed'] and again['draft'] and diff == []
    assert len(write_log(emulator)) == 1
    published, _diff, _warnings = publish_profile(service, uid=INFRA)
    assert published['changed']
    assert sorted(c['name'] for c in published['clusters_pending_update']) == ['edge-store-01', 'edge-store-03', 'edge-vmo']
    third, _diff, _warnings = update_profile(ProfileService(service.client), uid=INFRA, packs=packs)
    assert not third['changed'] and not third['draft']
    assert [r['method'] for r in write_log(emulator)] == ['PUT', 'PATCH']


def test_new_version_adopted_on_rerun(service, emulator):
    first, _diff, _warnings = update_profile(service, name='core', version='1.1.0', new_version='1.2.0',
                                             packs=[{'name': 'metallb', 'tag': '0.15.2'}])
    assert first['created_version'] and first['changed']
    clone = stored(emulator, first['uid'])
    assert clone['version'] == '1.2.0' and clone['name'] == 'core'
    assert stored(emulator, CORE)['draft'] is None
    second, _diff, _warnings = update_profile(ProfileService(service.client), name='core', version='1.1.0',
                                              new_version='1.2.0', packs=[{'name': 'metallb', 'tag': '0.15.2'}])
    assert not second['changed'] and second['uid'] == first['uid']
    assert [r['method'] for r in write_log(emulator)] == ['POST', 'PUT']


def test_publish_without_draft_is_not_changed(service, emulator):
    result, diff, _warnings = publish_profile(service, name="infra", version="1.1.0")
    assert not result['changed'] and diff == [] and result['already_published'] and 'nothing to publish' in result['msg']
    assert [c['name'] for c in result['clusters_pending_update']] == ['edge-store-03']
    assert write_log(emulator) == []


def test_info_with_manifest_content(service, emulator):
    facts = profile_facts(service, uid=CORE, manifest_content=True)
    site = [p for p in facts['profile']['packs'] if p['name'] == 'edge-site-config'][0]
    stored_site = [p for p in stored(emulator, CORE)['published']['packs'] if p['name'] == 'edge-site-config'][0]
    assert [m['content'] for m in site['manifests']] == [m['content'] for m in stored_site['manifests']]
    assert write_log(emulator) == []


def test_pending_clusters_from_the_search_match_one_by_one(service, emulator):
    """Three clusters use core: the cluster service reads their "Updates Available" flags from the paged search;
    asked one cluster at a time, it reads each summary: both give the same clusters."""
    update_profile(service, uid=CORE, packs=[{'name': 'metallb', 'tag': '0.15.2'}])
    publish_profile(service, uid=CORE)
    profile = service.get(CORE)
    emulator.admin('DELETE', '/__emulator__/requests')
    from_search = clusters_offered_update(service, profile)
    assert {r['path'] for r in emulator.requests()} == {'/v1/dashboard/spectroclusters/search'}
    emulator.admin('DELETE', '/__emulator__/requests')
    one_by_one = []
    for ref in profile['status']['inUseClusters']:
        one_by_one.extend(ClusterService(service.client).update_offered([ref]))
    assert all(r['path'].startswith('/v1/dashboard/spectroclusters/') and r['method'] == 'GET' for r in emulator.requests())
    assert from_search == one_by_one
    assert sorted(c['name'] for c in from_search) == ['edge-store-01', 'edge-store-03', 'edge-vmo']


def test_new_version_from_a_source_with_a_foreign_draft_fails_before_cloning(service, emulator):
    emulator.config(profile_put='draft')  # test_profiles_landing.py covers both readings
    emulator.admin('POST', '/__emulator__/profiles/%s/edit' % CORE, json={'pack': 'nginx'})
    emulator.admin('DELETE', '/__emulator__/requests')
    with pytest.raises(ProfileError) as err:
        update_profile(service, uid=CORE, new_version='1.2.0', packs=[{'name': 'metallb', 'tag': '0.15.2'}])
    assert err.value.option == 'existing_draft' and 'Nothing was written' in str(err.value)
    assert write_log(emulator) == []
    result, _diff, _warnings = update_profile(service, uid=CORE, new_version='1.2.0', existing_draft='build_on',
                                              packs=[{'name': 'metallb', 'tag': '0.15.2'}])
    clone = stored(emulator, result['uid'])
    packs = dict((p['name'], p) for p in clone['draft']['packs'])
    assert packs['metallb']['tag'] == '0.15.2' and 'edited by someone else' in packs['nginx']['values']


@pytest.mark.parametrize('kwargs, text', [
    ({'name': 'core', 'version': '1.1.0'}, "'1.1.0' is the version of profile core 1.1.0"),   # refused before a read
    ({'uid': CORE}, "'1.1.0' is the version of profile core 1.1.0"),                          # after reading the uid
])
def test_new_version_equal_to_its_source_is_refused(service, emulator, kwargs, text):
    emulator.admin('DELETE', '/__emulator__/requests')
    with pytest.raises(ProfileError) as err:
        update_profile(service, new_version='1.1.0', packs=[{'name': 'metallb', 'tag': '0.15.2'}], **kwargs)
    assert err.value.option == 'new_version' and text in str(err.value)
    assert write_log(emulator) == []
    if 'version' in kwargs:
        assert emulator.requests() == []


def test_manifest_content_needs_one_profile(service, emulator):
    emulator.admin('DELETE', '/__emulator__/requests')
    with pytest.raises(ProfileError) as err:
        profile_facts(service, filters={}, manifest_content=True)
    assert err.value.option == 'manifest_content' and 'only with uid or name' in str(err.value)
    assert emulator.requests() == []
    assert profile_facts(service, filters={'name': 'core'}, manifest_content=False)['profiles']


@pytest.mark.parametrize('values, text', [
    ('a: 1\na: 2\n', "packs[0].values gives the key 'a' twice in one mapping (lines 1 and 2)"),
    ('- a\n', 'packs[0].values is a YAML list, not a mapping'),
    (['a'], 'packs[0].values is a YAML list, not a mapping'),
    ('just text', 'packs[0].values is a YAML string, not a mapping'),
])
def test_values_that_cannot_be_right_are_refused(values, text):
    with pytest.raises(ProfileError) as err:
        normalize_pack_changes([{'name': 'nginx', 'values': values}])
    assert err.value.option == 'packs' and str(err.value).startswith(text) and "(pack 'nginx')" in str(err.value)
