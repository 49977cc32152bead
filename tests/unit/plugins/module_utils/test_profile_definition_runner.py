# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The declared-profile runner over real HTTP against the emulator (demo seed, strict mode), under each reading of
the unknowns it meets: where a PUT on a published version lands (``profile_put``) and whether Palette deletes a
version clusters use (``profile_delete_in_use``). Every write is counted from the emulator's request log."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition as D
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_runner import (
    apply_definition,
    delete_definition,
    export_profile,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import DefinitionService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError

try:
    from palette_emulator.config import SWITCHES
except ImportError:  # the emulator is not installed: the tests below are skipped by the emu fixture
    SWITCHES = {}

CORE = '698e43979f639727243be3e8'
VC_ANALYTICS = '6982d34cd881f18566be1600'


def readings(name):
    return list(SWITCHES.get(name, ()))


@pytest.fixture
def service(emu, make_client):
    return DefinitionService(make_client(project_name='edge-prod'))


def writes(emu):
    return [(r['method'], r['path'].split('?')[0]) for r in emu.requests() if r['write']]


def stored(emu, uid):
    return [p for p in emu.state()['profiles'] if p['uid'] == uid][0]


def exported(service, **kwargs):
    result, _warnings = export_profile(service, **kwargs)
    return result['definition']


def apply(service, data, **kwargs):
    definition = D.parse_definition(D.load_text(D.dump_text(data), 'src'), 'src')
    return apply_definition(service, definition, **kwargs)


@pytest.mark.parametrize('profile_put', readings('profile_put'))
def test_export_then_apply_writes_nothing(emu, service, profile_put):
    emu.config(profile_put=profile_put)
    for uid in (CORE, '698e434f56d5433423e3ee5a', '697b00000000000000000001'):
        data = exported(service, uid=uid)
        result, diff, _warnings = apply(service, data)
        assert not result['changed'] and result['actions'] == [] and diff == []
    assert writes(emu) == []


@pytest.mark.parametrize('profile_put', readings('profile_put'))
def test_create_check_mode_real_run_and_re_run(emu, service, profile_put):
    emu.config(profile_put=profile_put)
    data = exported(service, uid=CORE)
    data.update(version='2.0.0', tags=['canary', 'team:platform'], description='declared',
                variables=[{'name': 'site', 'format': 'string', 'default_value': 'a'}])
    planned, diff, _warnings = apply(service, data, check_mode=True)
    assert planned['changed'] and planned['created'] and planned['actions'] == ['create'] and writes(emu) == []
    assert [p['action'] for p in planned['packs']] == ['added'] * 5 and len(diff) == 7
    result, _diff, _warnings = apply(service, data)
    assert writes(emu) == [('POST', '/v1/clusterprofiles')]
    new = stored(emu, result['uid'])
    assert new['draft'] is None and new['published'] is not None and result['published']
    assert new['labels'] == {'team': 'platform', 'canary': 'spectro__tag'} and new['variables'][0]['defaultValue'] == 'a'
    core = service.get(CORE)['spec']['published']['packs']
    packs = service.get(result['uid'])['spec']['published']['packs']
    assert [(p['name'], p['tag'], p['packUid'], p['values']) for p in packs] == [
        (p['name'], p['tag'], p['packUid'], p['values']) for p in core]
    again, _diff, _warnings = apply(service, data)
    assert not again['changed'] and len(writes(emu)) == 1
    assert exported(service, uid=result['uid']) == dict(data, scope='project')


@pytest.mark.parametrize('profile_put', readings('profile_put'))
def test_add_remove_reorder_and_manifests_in_one_put(emu, service, profile_put):
    emu.config(profile_put=profile_put)
    data = exported(service, uid=CORE)
    packs = data['packs']
    packs[4]['manifests'][1]['content'] += '# a new line\n'
    packs[4]['manifests'].append({'name': 'extra', 'content': 'kind: ConfigMap\n'})
    data['packs'] = [packs[4], packs[0], packs[1], packs[3]]   # cert-manager removed, the manifest pack first
    data['packs'][2] = dict(packs[1], tag='0.15.2')
    before = stored(emu, CORE)
    planned, _diff, _warnings = apply(service, data, check_mode=True)
    assert planned['actions'] == ['put_packs'] and writes(emu) == []
    assert [(p['name'], p['action']) for p in planned['packs']] == [
        ('edge-site-config', 'changed'), ('virtual-machine-orchestrator', 'moved'), ('metallb', 'changed'),
        ('nginx', 'moved'), ('cert-manager', 'removed')]
    result, _diff, _warnings = apply(service, data)
    expected_landing = 'draft' if profile_put == 'draft' else 'published'
    assert result['landed'] == expected_landing and result['published'] == (profile_put == 'draft')
    assert [w[0] for w in writes(emu)] == (['PUT', 'PATCH'] if profile_put == 'draft' else ['PUT'])
    after = stored(emu, CORE)
    assert after['draft'] is None
    names = [p['name'] for p in after['published']['packs']]
    assert names == ['edge-site-config', 'virtual-machine-orchestrator', 'metallb', 'nginx']
    site = after['published']['packs'][0]
    assert [m['content'] for m in site['manifests']] == [m['content'] for m in data['packs'][0]['manifests']]
    assert [m['uid'] for m in site['manifests'][:2]] == [m['uid'] for m in before['published']['packs'][4]['manifests']]
    assert after['published']['packs'][1] == before['published']['packs'][0]   # untouched, byte for byte
    count = len(writes(emu))
    again, _diff, _warnings = apply(service, data)
    assert not again['changed'] and len(writes(emu)) == count


def test_metadata_and_variables(emu, service):
    data = exported(service, uid=CORE)
    data.update(description='Core, declared', tags={'team': 'platform'}, variables=[{'name': 'site', 'required': True}])
    result, _diff, _warnings = apply(service, data)
    assert result['actions'] == ['put_variables', 'patch_metadata'] and result['metadata_changed'] and result['variables_changed']
    after = stored(emu, CORE)
    assert after['labels'] == {'team': 'platform'} and after['annotations']['description'] == 'Core, declared'
    assert after['variables'] == [{'name': 'site', 'required': True}]
    data['variables'] = []
    result, _diff, _warnings = apply(service, data)
    assert result['actions'] == ['put_variables'] and stored(emu, CORE)['variables'] == []
    count = len(writes(emu))
    assert not apply(service, data)[0]['changed'] and len(writes(emu)) == count


def test_a_tenant_profile_is_created_in_tenant_scope_from_a_project(emu, service):
    data = exported(service, uid='697b00000000000000000001')
    data['version'] = '1.1.0'
    result, _diff, _warnings = apply(service, data)
    assert result['scope'] == 'tenant'
    post = [r for r in emu.requests() if r['write']][0]
    assert post['project_uid'] is None and stored(emu, result['uid'])['scope'] == 'tenant'
    assert not apply(service, data)[0]['changed']
    data['description'] = 'changed from a project connection'
    result, _diff, warnings = apply(service, data)
    assert result['actions'] == ['patch_metadata'] and 'tenant-scoped' in warnings[0]
    assert [r['project_uid'] for r in emu.requests() if r['write']] == [None, None]


def test_someone_elses_edit_between_read_and_write_stops_the_task(emu, service):
    data = exported(service, uid=CORE)
    data['packs'][3]['values'] = 'replicaCount: 5\n'

    class Racing(DefinitionService):
        reads = 0

        def templates_with_content(self, profile):
            emu.admin('POST', '/profiles/%s/edit' % CORE, {'pack': 'metallb'})
            return DefinitionService.templates_with_content(self, profile)
    with pytest.raises(ProfileError) as err:
        apply(Racing(service.client), data)
    assert 'changed by someone else' in str(err.value) and writes(emu) == []


@pytest.mark.parametrize('existing_draft', ['fail', 'discard'])
def test_someone_elses_draft(emu, service, existing_draft):
    emu.config(profile_put='draft')
    data = exported(service, uid=CORE)
    emu.admin('POST', '/profiles/%s/edit' % CORE, {'pack': 'nginx'})
    assert not apply(service, data)[0]['changed']   # the published packs match: the draft is left alone
    data['packs'][0]['values'] += '# ours\n'
    if existing_draft == 'fail':
        with pytest.raises(ProfileError) as err:
            apply(service, data)
        assert err.value.option == 'existing_draft' and writes(emu) == []
        return
    result, _diff, _warnings = apply(service, data, existing_draft='discard')
    assert result['landed'] == 'draft' and result['published'] and stored(emu, CORE)['draft'] is None


@pytest.mark.parametrize('reading', readings('profile_delete_in_use'))
def test_delete_is_refused_while_clusters_use_the_version(emu, service, reading):
    emu.config(profile_delete_in_use=reading)
    definition = D.parse_definition({'name': 'core', 'version': '1.1.0'}, need_packs=False)
    for check_mode in (True, False):
        with pytest.raises(ProfileError) as err:
            delete_definition(service, definition, check_mode=check_mode)
        assert 'edge-vmo' in str(err.value) and 'nothing was deleted' in str(err.value)
    assert writes(emu) == [] and stored(emu, CORE)


def _unused_version(service):
    """A new version core 3.0.0 that no cluster uses: ``(uid, its declaration to delete)``."""
    data = exported(service, uid=CORE)
    data['version'] = '3.0.0'
    uid = apply(service, data)[0]['uid']
    return uid, D.parse_definition({'name': 'core', 'version': '3.0.0'}, need_packs=False)


@pytest.mark.parametrize('reading', readings('profile_delete_in_use'))
def test_delete_reads_the_clusters_again_right_before_the_delete(emu, service, reading):
    emu.config(profile_delete_in_use=reading, profile_usage_lists='listed')
    uid, definition = _unused_version(service)
    planned, _diff, _warnings = delete_definition(service, definition, check_mode=True)
    assert planned['changed'] and planned['deleted'] and len(writes(emu)) == 1

    class Attaching(DefinitionService):
        reads = 0

        def get(self, uid, option='uid'):
            Attaching.reads += 1
            if Attaching.reads == 2:   # after the plan's read: a cluster starts using the version
                self.client.patch('/v1/spectroclusters/%s/profiles' % VC_ANALYTICS, body={'profiles': [{'uid': uid}]})
            return DefinitionService.get(self, uid, option)
    with pytest.raises(ProfileError) as err:
        delete_definition(Attaching(service.client), definition)
    assert 'vc-analytics' in str(err.value)
    assert [w[0] for w in writes(emu)] == ['POST', 'PATCH']
    service.client.delete('/v1/spectroclusters/%s/profiles' % VC_ANALYTICS, body={'profileUids': [uid]})
    result, _diff, _warnings = delete_definition(service, definition)
    assert result['deleted'] and writes(emu)[-1] == ('DELETE', '/v1/clusterprofiles/' + uid)
    count = len(writes(emu))
    again, _diff, _warnings = delete_definition(service, definition)
    assert not again['changed'] and len(writes(emu)) == count


@pytest.mark.parametrize('reading', readings('profile_delete_in_use'))
def test_delete_is_refused_when_palette_does_not_list_who_uses_the_version(emu, service, reading):
    # profile_usage_lists=omitted_when_empty: an unused version's answer has no usage lists, which proves nothing
    emu.config(profile_delete_in_use=reading, profile_usage_lists='omitted_when_empty')
    uid, definition = _unused_version(service)
    for check_mode in (True, False):
        with pytest.raises(ProfileError) as err:
            delete_definition(service, definition, check_mode=check_mode)
        assert 'Palette did not list who uses it' in str(err.value) and 'nothing was deleted' in str(err.value)
    assert [w[0] for w in writes(emu)] == ['POST']
    assert service.get(uid)['metadata']['uid'] == uid


def test_an_unknown_tag_or_registry_is_refused_before_any_write(emu, service):
    data = exported(service, uid=CORE)
    bad = copy.deepcopy(data)
    bad['packs'][1]['tag'] = '9.9.9'
    with pytest.raises(D.DefinitionError) as err:
        apply(service, bad)
    assert err.value.option == 'src.packs[1].tag' and '0.15.2' in str(err.value)
    bad = copy.deepcopy(data)
    bad['packs'][1]['registry'] = 'Nope'
    with pytest.raises(D.DefinitionError) as err:
        apply(service, bad)
    assert err.value.option == 'src.packs[1].registry' and 'Public Repo' in str(err.value)
    bad = copy.deepcopy(data)
    bad['cloud_type'] = 'edge-native'
    with pytest.raises(ProfileError) as err:
        apply(service, bad)
    assert err.value.option == 'definition.cloud_type'
    assert writes(emu) == []
