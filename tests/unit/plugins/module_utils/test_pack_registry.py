# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""PackCatalogue against a real emulator process loaded with the bundled ``packs`` seed (strict mode): registries
by name or uid over every page, a pack's tags with their pack uids, a pack uid's registry through GET /v1/packs/{uid},
a registry Palette cannot sync, and refusals that name the option and list what exists."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.pack_registry import PackCatalogue, PackLookupError

PUBLIC = '64b7a3c1d2e3f40516273849'
INTERNAL = '64b7a3c1d2e3f4051627384a'
AIRGAP = '64b7a3c1d2e3f4051627384b'
HELM = '64b7a3c1d2e3f4051627384c'
TELEMETRY_230 = '65a1f0000000000000000921'
TELEMETRY_241 = '65a1f0000000000000000922'
GATEWAY_100 = '65a1f0000000000000000a01'


@pytest.fixture
def packs_seed():
    seed = pytest.importorskip('palette_emulator.seed')
    return seed.read_seed_file(seed.resolve_seed_path('packs'))


@pytest.fixture
def catalogue(emu, make_client, packs_seed):
    emu.reset(seed=packs_seed)
    return PackCatalogue(make_client(project_name='edge-prod'))


def reads(emu):
    """The pack and registry requests (the project look-up of the connection left out)."""
    return [(r['method'], r['path']) for r in emu.requests() if r['path'].startswith(('/v1/packs', '/v1/registries'))]


def refused(call, **kwargs):
    with pytest.raises(PackLookupError) as err:
        call(**kwargs)
    return err.value


def test_registries_of_every_scope_over_every_page(emu, catalogue):
    catalogue.page_size = 1
    regs = catalogue.registries()
    assert [(r['name'], r['scope'], r['sync_supported']) for r in regs] == [
        ('Edge Airgap Mirror', 'tenant', False), ('Edge Internal Packs', 'tenant', True), ('Public Repo', 'system', True)]
    assert reads(emu).count(('GET', '/v1/registries/pack')) == 3
    assert catalogue.registries() is regs and len(reads(emu)) == 3   # read once


def test_tag_in_a_registry_by_name_matches_the_version_first(emu, catalogue):
    found = catalogue.lookup(name='edge-telemetry', registry_name='Edge Internal Packs', tag='2.4.1')
    assert found['registry']['uid'] == INTERNAL and found['resolved']
    # 2.4.1 is the concrete version of the group tag 2.4.x
    assert (found['selected']['tag'], found['selected']['version'], found['selected']['pack_uid']) == ('2.4.x', '2.4.1', TELEMETRY_241)
    assert [t['version'] for t in found['tags']] == ['2.3.0', '2.4.0', '2.4.1']
    assert found['pack']['display_name'] == 'Edge Telemetry (internal build)'
    assert ('GET', '/v1/packs/edge-telemetry/registries/' + INTERNAL) in reads(emu)


def test_tag_in_a_registry_by_uid(catalogue):
    found = catalogue.lookup(name='metallb', registry_uid=PUBLIC, tag='0.14.9')
    assert found['registry']['name'] == 'Public Repo' and found['selected']['pack_uid'] == '65a1f0000000000000000602'


def test_registry_that_cannot_be_synced_gives_the_tag_unresolved(emu, catalogue):
    found = catalogue.lookup(name='edge-gateway', registry_name='Edge Airgap Mirror', tag='1.1.0')
    assert found['registry']['sync_supported'] is False and not found['resolved']
    assert found['selected'] == {'tag': '1.1.0', 'version': '1.1.0', 'pack_uid': None, 'group': None, 'parent_tags': [],
                                 'resolved': False}
    assert found['tags'] == [] and 'cannot be synced' in found['msg']
    bare = catalogue.lookup(name='edge-gateway', registry_uid=AIRGAP)
    assert bare['selected'] is None and not bare['resolved'] and bare['tags'] == []
    assert not [r for r in emu.requests() if r['write']]


def test_pack_uid_finds_its_registry(emu, catalogue):
    found = catalogue.lookup(pack_uid=TELEMETRY_230)
    assert found['registry']['name'] == 'Edge Internal Packs' and found['pack']['name'] == 'edge-telemetry'
    assert found['selected']['tag'] == '2.3.0' and [t['tag'] for t in found['tags']] == ['2.3.0', '2.4.0', '2.4.x']
    assert ('GET', '/v1/packs/' + TELEMETRY_230) in reads(emu)
    # in a registry that cannot be synced the pack uid's own answer has the tags
    gateway = catalogue.lookup(pack_uid=GATEWAY_100, tag='1.0.0')
    assert gateway['registry']['uid'] == AIRGAP and gateway['resolved'] and gateway['selected']['pack_uid'] == GATEWAY_100


def test_pack_in_one_registry_needs_no_registry(catalogue):
    found = catalogue.lookup(name='cert-manager', tag='1.16.1')
    assert found['registry']['uid'] == PUBLIC and found['selected']['pack_uid'] == '65a1f0000000000000000702'


def test_refusals_name_the_option_and_list_what_exists(emu, catalogue):
    err = refused(catalogue.lookup, name='metallb', registry_name='Edge Mirror')
    assert err.option == 'registry_name' and str(err) == (
        "registry_name: there is no pack registry named 'Edge Mirror'; the pack registries are: "
        "Edge Airgap Mirror [%s, tenant, cannot be synced]; Edge Internal Packs [%s, tenant]; Public Repo [%s, system]"
        % (AIRGAP, INTERNAL, PUBLIC))
    err = refused(catalogue.lookup, name='metallb', registry_uid=HELM)   # a Helm registry is not a pack registry
    assert err.option == 'registry_uid' and 'Public Repo [%s, system]' % PUBLIC in str(err)
    err = refused(catalogue.lookup, name='metalb', registry_name='Public Repo')
    assert err.option == 'name' and str(err) == (
        "name: registry 'Public Repo' (%s) has no pack named 'metalb'; its packs: cert-manager, edge-telemetry, metallb"
        % PUBLIC)
    err = refused(catalogue.lookup, name='metallb', registry_name='Public Repo', tag='0.16.0')
    assert err.option == 'tag' and str(err) == (
        "tag: pack 'metallb' has no tag '0.16.0' in registry 'Public Repo' (%s); available tags: 0.14.8, 0.14.9, 0.15.2"
        % PUBLIC)
    err = refused(catalogue.lookup, name='edge-telemetry')
    assert err.option == 'registry_name' and 'Edge Internal Packs [%s] tags 2.3.0, 2.4.0, 2.4.1' % INTERNAL in str(err) \
        and 'Public Repo [%s] tags 2.2.0' % PUBLIC in str(err)
    err = refused(catalogue.lookup, name='edge-gateway')
    assert err.option == 'name' and "Palette cannot sync 'Edge Airgap Mirror'" in str(err)
    err = refused(catalogue.lookup, pack_uid='65a1f0000000000000000fff')
    assert err.option == 'pack_uid' and '404' in str(err)
    err = refused(catalogue.lookup, name='metallb', pack_uid=TELEMETRY_230)
    assert err.option == 'pack_uid' and "uid of pack 'edge-telemetry', not of 'metallb'" in str(err)
    err = refused(catalogue.lookup, pack_uid=TELEMETRY_230, registry_name='Public Repo')
    assert err.option == 'registry_name' and 'a pack of registry %s' % INTERNAL in str(err)
    err = refused(catalogue.lookup, pack_uid=TELEMETRY_230, tag='2.4.0')
    assert err.option == 'tag' and 'is tag 2.3.0' in str(err)
    assert not [r for r in emu.requests() if r['write']]


def test_unknown_pack_lists_the_first_pages_only(catalogue, monkeypatch):
    from ansible_collections.spectrocloud.palette.plugins.module_utils import pack_registry
    monkeypatch.setattr(pack_registry, 'NAMES_READ_FOR_HINT', 2)
    catalogue.page_size = 1
    err = refused(catalogue.lookup, name='nope', registry_uid=PUBLIC)
    assert str(err).endswith('its packs: cert-manager (the first 2 pack versions read only)')


# -- a new tag for a profile's pack -----------------------------------------------------------------------------

def test_resolve_a_pack_without_registry_uid_through_its_pack_uid(emu, catalogue):
    pack = {'name': 'edge-telemetry', 'registryUid': '', 'packUid': TELEMETRY_230, 'type': 'spectro'}
    assert catalogue.resolve_pack_tag(pack, '2.4.1')['packUid'] == TELEMETRY_241
    assert reads(emu) == [('GET', '/v1/packs/' + TELEMETRY_230), ('GET', '/v1/packs/edge-telemetry/registries/' + INTERNAL)]
    # 2.2.0 exists, but in another registry than the pack's
    err = refused(catalogue.resolve_pack_tag, pack=pack, tag='2.2.0', where='packs[1]')
    assert str(err) == ("packs[1].tag: pack 'edge-telemetry' has no tag '2.2.0' in registry %s; available tags: "
                        "2.3.0, 2.4.0, 2.4.1" % INTERNAL)


def test_resolve_in_a_registry_that_cannot_be_synced(catalogue):
    pack = {'name': 'edge-gateway', 'registryUid': AIRGAP, 'packUid': GATEWAY_100}
    assert catalogue.resolve_pack_tag(pack, '1.1.0') == {'tag': '1.1.0', 'version': '1.1.0', 'packUid': None, 'resolved': False}


def test_resolve_refusals(catalogue):
    manifest = {'name': 'site-config', 'registryUid': '', 'packUid': 'spectro-manifest-pack', 'type': 'manifest'}
    assert 'is a manifest pack' in str(refused(catalogue.resolve_pack_tag, pack=manifest, tag='1.0.1'))
    assert 'neither a registryUid nor a pack uid' in str(refused(catalogue.resolve_pack_tag, pack={'name': 'x'}, tag='1'))
    unknown = {'name': 'x', 'packUid': '65a1f0000000000000000fff'}
    assert 'Palette does not know its pack uid' in str(refused(catalogue.resolve_pack_tag, pack=unknown, tag='1'))
    missing = {'name': 'nginx', 'registryUid': INTERNAL}
    assert str(refused(catalogue.resolve_pack_tag, pack=missing, tag='1', where='packs[0]')) == \
        "packs[0].tag: pack 'nginx' was not found in registry %s" % INTERNAL
