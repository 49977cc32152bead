# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The profile side of the unknowns of REF §12, against a real emulator process under every reading of each:

* ``profile_put``: a PUT on a published version lands in the draft, or edits the published content in place;
  ``palette_profile`` reports which one it observed (``landed``) and publish says when there is nothing left;
* ``manifest_without_content``: a manifest sent without content is blanked, or kept; every PUT sends the content,
  so no reading changes a manifest it did not mean to;
* ``tenant_profiles_in_project``: a tenant profile is hidden from a project connection, or visible; it is read
  (and written) in tenant scope either way, a system profile is never written.

The switches are set with ``PATCH /__emulator__/config``; ``test_the_emulator_offers_these_readings`` fails when
the emulator's list (``GET /__emulator__/switches``) no longer matches the matrix here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError, landed_in, profile_info, scope_of, update_body
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import clusters_offered_update, profile_facts, publish_profile, update_profile
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.tests.unit.plugins.module_utils.test_profiles_service import stored
from ansible_collections.spectrocloud.palette.tests.unit.plugins.module_utils.test_profiles_service import write_log as writes


CORE = '698e43979f639727243be3e8'
INFRA = '698e434f56d5433423e3ee5a'
PROJECT = '69791bbdb68bd0033ad275a5'
TENANT_PROFILE = '698e4397aaaaaaaaaaaa0001'
SYSTEM_PROFILE = '698e4397aaaaaaaaaaaa0002'

PROFILE_PUT = ('in_place', 'draft')
MANIFEST_WITHOUT_CONTENT = ('blanked', 'kept')
TENANT_PROFILES_IN_PROJECT = ('hidden', 'visible')


# -- helpers --------------------------------------------------------------------------------------------------

def manifests_of(profile_state):
    """{(template, pack, manifest name): content} of a stored profile, both templates."""
    out = {}
    for which in ('published', 'draft'):
        for pack in ((profile_state.get(which) or {}).get('packs') or []):
            for man in pack.get('manifests') or []:
                out[(which, pack['name'], man['name'])] = man.get('content')
    return out


def changed_template(profile_state, landed):
    return profile_state['draft' if landed == 'draft' else 'published']


@pytest.fixture
def service(make_client):
    return ProfileService(make_client(project_name='edge-prod'))


@pytest.fixture(params=PROFILE_PUT)
def profile_put(request, emulator_reset):
    emulator_reset.config(profile_put=request.param)
    return request.param


@pytest.fixture(params=MANIFEST_WITHOUT_CONTENT)
def manifest_reading(request, emulator_reset):
    emulator_reset.config(manifest_without_content=request.param)
    return request.param


def test_the_emulator_offers_these_readings(emulator_reset):
    switches = emulator_reset.admin('GET', '/__emulator__/switches')
    assert tuple(switches['profile_put']) == PROFILE_PUT
    assert tuple(switches['manifest_without_content']) == MANIFEST_WITHOUT_CONTENT
    assert tuple(switches['tenant_profiles_in_project']) == TENANT_PROFILES_IN_PROJECT


# -- manifests ----------------------------------------------------------------------------------------------

def test_tag_change_keeps_every_manifest_byte_for_byte(service, emulator, profile_put, manifest_reading):
    before = stored(emulator, CORE)
    result, _diff, _warnings = update_profile(service, uid=CORE, packs=[{'name': 'metallb', 'tag': '0.15.2'}])
    after = stored(emulator, CORE)
    assert result['changed'] and result['landed'] == ('published' if profile_put == 'in_place' else 'draft')
    published_before = dict(((p, m), c) for (w, p, m), c in manifests_of(before).items() if w == 'published')
    changed = changed_template(after, result['landed'])
    now = dict(((p['name'], m['name']), m.get('content')) for p in changed['packs'] for m in p.get('manifests') or [])
    assert now == published_before and all(now.values())
    assert [m['uid'] for p in changed['packs'] for m in p.get('manifests') or []] == \
        [m['uid'] for p in before['published']['packs'] for m in p.get('manifests') or []]
    assert [(r['method'], r['path']) for r in writes(emulator)] == [('PUT', '/v1/clusterprofiles/' + CORE)]


def test_manifest_is_found_by_name_when_its_uid_misses(service):
    entry = service.find_manifest(CORE, 'edge-site-config', uid='000000000000000000000000', name='site-config')
    assert entry['uid'] == '698e43979f639727243be402'
    assert service.manifest_content(CORE, 'edge-site-config', '000000000000000000000000', 'published', 'site-config') \
        .startswith('apiVersion: v1\nkind: ConfigMap')
    assert service.find_manifest(CORE, 'edge-site-config', uid='000000000000000000000000', name='nope') is None


@pytest.mark.parametrize('status', [404, 500])
def test_unreadable_manifest_stops_before_any_write(service, emulator, status):
    emulator.fault(path='^/v1/clusterprofiles/%s/packs/edge-site-config/manifests$' % CORE, method='GET',
                   kind='status', status=status, count=None)
    for check_mode in (True, False):
        with pytest.raises(ProfileError) as err:
            update_profile(ProfileService(service.client), uid=CORE, check_mode=check_mode,
                           packs=[{'name': 'metallb', 'tag': '0.15.2'}])
        assert "manifest 'site-namespaces'" in str(err.value) and "pack 'edge-site-config'" in str(err.value)
        assert 'nothing was written' in str(err.value)
    assert writes(emulator) == []


def test_update_body_refuses_a_manifest_without_content():
    profile = {'metadata': {'name': 'core', 'uid': 'p1'}, 'spec': {'version': '1.0.0', 'published': {'type': 'add-on', 'packs': []}}}
    packs = [{'name': 'site', 'type': 'manifest', 'packUid': 'spectro-manifest-pack', 'manifests': [{'name': 'ns', 'uid': 'm1'}]}]
    with pytest.raises(ProfileError) as err:
        update_body(profile, packs, lambda pack, man: None, 'published')
    assert "manifest 'ns' (uid m1) of pack 'site'" in str(err.value)
    body = update_body(profile, packs, lambda pack, man: '', 'published')  # an empty manifest is still content
    assert body['spec']['template']['packs'][0]['manifests'] == [{'name': 'ns', 'uid': 'm1', 'content': ''}]


# -- where a PUT lands --------------------------------------------------------------------------------------

def test_landed_is_what_was_observed(service, emulator, profile_put):
    before = stored(emulator, INFRA)
    checked, _diff, _warnings = update_profile(service, uid=INFRA, check_mode=True, packs=[{'name': 'edge-k8s', 'tag': '1.31.2'}])
    assert checked['changed'] and checked['landed'] is None and not checked['draft']
    result, _diff, _warnings = update_profile(service, uid=INFRA, packs=[{'name': 'edge-k8s', 'tag': '1.31.2'}])
    after = stored(emulator, INFRA)
    k8s = dict((p['name'], p) for p in changed_template(after, result['landed'])['packs'])['edge-k8s']
    assert k8s['tag'] == '1.31.2'
    if profile_put == 'in_place':
        assert result['landed'] == 'published' and not result['draft'] and after['draft'] is None
        assert after['published'] != before['published']
    else:
        assert result['landed'] == 'draft' and result['draft'] and after['published'] == before['published']
    assert sorted(c['name'] for c in result['clusters']) == sorted(c['name'] for c in profile_info(service.get(INFRA))['in_use_clusters'])

    # a re-run finds the change where it landed and writes nothing
    again, diff, _warnings = update_profile(ProfileService(service.client), uid=INFRA, packs=[{'name': 'edge-k8s', 'tag': '1.31.2'}])
    assert not again['changed'] and again['landed'] is None and diff == []
    assert again['draft'] == (profile_put == 'draft')

    # publishing: the draft's content, or nothing left to publish
    emulator.admin('DELETE', '/__emulator__/requests')
    published, _diff, _warnings = publish_profile(ProfileService(service.client), uid=INFRA)
    assert published['already_published'] == (profile_put == 'in_place')
    assert published['changed'] == (profile_put == 'draft')
    if profile_put == 'in_place':
        assert 'nothing to publish' in published['msg'] and writes(emulator) == []
    # either way the clusters that use infra 1.1.0 now have the update pending
    assert sorted(c['name'] for c in published['clusters_pending_update']) == ['edge-store-01', 'edge-store-03', 'edge-vmo']


def test_in_place_edit_makes_the_update_pending_at_once(service, emulator_reset):
    emulator_reset.config(profile_put='in_place')
    profile = service.get(CORE)
    assert [c['name'] for c in clusters_offered_update(service, profile)] == ['edge-store-03']
    result, _diff, _warnings = update_profile(service, uid=CORE, packs=[{'name': 'metallb', 'tag': '0.15.2'}])
    assert result['landed'] == 'published'
    pending = clusters_offered_update(ProfileService(service.client), service.get(CORE))
    assert sorted(c['name'] for c in pending) == ['edge-store-01', 'edge-store-03', 'edge-vmo']


def test_landed_in_reads_both_templates():
    def prof(published, draft):
        return {'metadata': {'uid': 'p1'}, 'spec': {'published': {'packs': published} if published is not None else None,
                                                    'draft': {'packs': draft} if draft is not None else None}}
    old = [{'name': 'a', 'tag': '1', 'packUid': 'u1', 'values': 'x: 1\n'}]
    new = [dict(old[0], tag='2', packUid='u2')]
    assert landed_in(prof(old, None), prof(old, new), new) == 'draft'
    assert landed_in(prof(old, None), prof(new, None), new) == 'published'
    assert landed_in(prof(None, old), prof(None, new), new) == 'draft'   # never published: its draft
    with pytest.raises(ProfileError) as err:
        landed_in(prof(old, None), prof(old, None), new)
    assert 'did not land' in str(err.value) and 'there is no draft template' in str(err.value)
    assert "published: pack a: tag is '1', expected '2'" in str(err.value)
    # a draft that does not hold it, next to a published template that already did before: not a landing
    with pytest.raises(ProfileError):
        landed_in(prof(new, old), prof(new, old), new)


def test_concurrent_edit_is_refused_under_both_readings(service, emulator, profile_put):
    emulator.fault(path='^/v1/clusterprofiles/%s$' % INFRA, method='GET', kind='concurrent_edit', count=1, pack='cni-calico')
    with pytest.raises(ProfileError) as err:
        update_profile(service, uid=INFRA, packs=[{'name': 'edge-k8s', 'tag': '1.31.2'}])
    assert 'changed by someone else while this task ran' in str(err.value)
    assert writes(emulator) == []
    edited = stored(emulator, INFRA)['draft' if profile_put == 'draft' else 'published']
    assert 'edited by someone else' in [p for p in edited['packs'] if p['name'] == 'cni-calico'][0]['values']


def test_put_overwritten_after_it_landed_is_an_error_under_both_readings(service, emulator, profile_put):
    emulator.fault(path='^/v1/clusterprofiles/%s$' % INFRA, method='PUT', kind='concurrent_edit', count=1,
                   pack='edge-k8s', values='gone: true\n')
    with pytest.raises(ProfileError) as err:
        update_profile(service, uid=INFRA, packs=[{'name': 'edge-k8s', 'values_merge': {'pack': {'podCIDR': '10.1.0.0/16'}}}])
    assert 'did not land' in str(err.value) and 'pack edge-k8s: values differ' in str(err.value)


def test_existing_draft_options_under_the_draft_reading(service, emulator_reset):
    emulator_reset.config(profile_put='draft')
    emulator_reset.admin('POST', '/__emulator__/profiles/%s/edit' % INFRA, json={'pack': 'cni-calico'})
    with pytest.raises(ProfileError) as err:
        update_profile(service, uid=INFRA, packs=[{'name': 'edge-k8s', 'tag': '1.31.2'}])
    assert err.value.option == 'existing_draft'
    result, _diff, _warnings = update_profile(ProfileService(service.client), uid=INFRA, existing_draft='build_on',
                                              packs=[{'name': 'edge-k8s', 'tag': '1.31.2'}])
    assert result['landed'] == 'draft' and result['note'] == 'built on the existing draft'


# -- scope ----------------------------------------------------------------------------------------------------

def scoped_seed(demo_seed):
    """The demo seed plus a tenant-scoped and a system-scoped copy of the core profile's packs."""
    seed = copy.deepcopy(demo_seed)
    core = [p for p in seed['profiles'] if p['uid'] == CORE][0]
    for uid, name, scope in ((TENANT_PROFILE, 'shared-addons', 'tenant'), (SYSTEM_PROFILE, 'palette-system', 'system')):
        profile = copy.deepcopy(core)
        profile.pop('project', None)
        profile.update(uid=uid, name=name, version='1.0.0')
        for pack in profile['packs']:
            for k, man in enumerate(pack.get('manifests') or []):
                man['uid'] = '698e4397bbbbbbbbbbbb%02d%02d' % (scope == 'system', k)   # manifest uids are unique
        if scope == 'system':
            profile['scope'] = 'system'
        seed['profiles'].append(profile)
    return seed


@pytest.fixture(params=TENANT_PROFILES_IN_PROJECT)
def scoped(request, emulator_reset, demo_seed):
    emulator_reset.reset(seed=scoped_seed(demo_seed))
    emulator_reset.config(tenant_profiles_in_project=request.param)
    emulator_reset.admin('DELETE', '/__emulator__/requests')
    return request.param


def test_tenant_profile_is_read_in_tenant_scope(service, emulator, scoped):
    profile = service.get(TENANT_PROFILE)
    assert scope_of(profile) == 'tenant'
    gets = [r for r in emulator.requests() if r['path'] == '/v1/clusterprofiles/' + TENANT_PROFILE]
    assert gets[-1]['status'] == 200
    if scoped == 'hidden':
        assert [(r['status'], r['project_uid']) for r in gets] == [(404, PROJECT), (200, None)]
    # once its scope is known, every request about it goes without ProjectUid
    emulator.admin('DELETE', '/__emulator__/requests')
    service.get(TENANT_PROFILE)
    service.pack_manifests(TENANT_PROFILE, 'edge-site-config')
    assert [r['project_uid'] for r in emulator.requests()] == [None, None]
    facts = profile_facts(ProfileService(service.client), name='shared-addons')
    assert facts['profile']['scope'] == 'tenant' and facts['profile']['uid'] == TENANT_PROFILE


def test_tenant_profile_is_written_in_tenant_scope(service, emulator, scoped, profile_put):
    result, _diff, warnings = update_profile(service, uid=TENANT_PROFILE, packs=[{'name': 'metallb', 'tag': '0.15.2'}])
    assert result['changed'] and result['scope'] == 'tenant'
    assert result['landed'] == ('published' if profile_put == 'in_place' else 'draft')
    assert any('tenant-scoped' in w and 'without the ProjectUid header' in w for w in warnings)
    assert [(r['method'], r['project_uid']) for r in writes(emulator)] == [('PUT', None)]
    packs = dict((p['name'], p) for p in changed_template(stored(emulator, TENANT_PROFILE), result['landed'])['packs'])
    assert packs['metallb']['tag'] == '0.15.2'
    assert all(m['content'] for m in packs['edge-site-config']['manifests'])
    if profile_put == 'draft':
        published, _diff, warnings = publish_profile(ProfileService(service.client), uid=TENANT_PROFILE)
        assert published['changed'] and published['scope'] == 'tenant' and warnings
        assert [(r['method'], r['project_uid']) for r in writes(emulator)][-1] == ('PATCH', None)


def test_system_profile_is_never_written(service, emulator, scoped):
    for kwargs in ({'packs': [{'name': 'metallb', 'tag': '0.15.2'}]}, {'new_version': '1.1.0'}):
        with pytest.raises(ProfileError) as err:
            update_profile(ProfileService(service.client), uid=SYSTEM_PROFILE, **kwargs)
        assert 'system-scoped' in str(err.value) and 'Nothing was written' in str(err.value)
    facts = profile_facts(ProfileService(service.client), uid=SYSTEM_PROFILE)
    assert facts['profile']['scope'] == 'system'
    assert writes(emulator) == []


def test_another_projects_profile_stays_invisible(service, emulator_reset):
    with pytest.raises(ProfileError) as err:
        service.get('697a0c1e2f3a4b5c6d7e9001')
    assert err.value.option == 'uid' and "project 'edge-prod' (nor in tenant scope)" in str(err.value)
