# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""palette_profile's tag changes through the pack catalogue (bundled ``packs`` seed, strict mode): a pack without
registryUid resolved through GET /v1/packs/{packUid}, a pack of a registry Palette cannot sync sent without a uid
for Palette to resolve, and refusals that write nothing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import update_profile
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService
from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError

ADDONS = '698e43979f639727243be5a1'
INTERNAL = '64b7a3c1d2e3f4051627384a'
AIRGAP = '64b7a3c1d2e3f4051627384b'


@pytest.fixture
def service(emu, make_client):
    seed = pytest.importorskip('palette_emulator.seed')
    emu.reset(seed=seed.read_seed_file(seed.resolve_seed_path('packs')))
    return ProfileService(make_client(project_name='edge-prod'))


def stored_packs(emu):
    profile = [p for p in emu.state()['profiles'] if p['uid'] == ADDONS][0]
    template = profile['draft'] or profile['published']
    return dict((p['name'], p) for p in template['packs'])


def writes(emu):
    return [(r['method'], r['path']) for r in emu.requests() if r['write']]


@pytest.mark.parametrize('profile_put', ['in_place', 'draft'])
def test_tag_of_a_pack_without_registry_uid(emu, service, profile_put):
    emu.config(profile_put=profile_put)
    planned, _diff, _warnings = update_profile(service, uid=ADDONS, packs=[{'name': 'edge-telemetry', 'tag': '2.4.1'}],
                                               check_mode=True)
    assert planned['changed'] and writes(emu) == []
    result, _diff, _warnings = update_profile(service, uid=ADDONS, packs=[{'name': 'edge-telemetry', 'tag': '2.4.1'}])
    assert result['changed'] and result['landed'] == ('draft' if profile_put == 'draft' else 'published')
    telemetry = stored_packs(emu)['edge-telemetry']
    # the registry came from GET /v1/packs/{packUid}; the reference keeps no registryUid, as Palette stored it
    assert (telemetry['tag'], telemetry['uid'], telemetry['registryUid']) == ('2.4.1', '65a1f0000000000000000922', '')
    assert writes(emu) == [('PUT', '/v1/clusterprofiles/' + ADDONS)]
    assert ('GET', '/v1/packs/65a1f0000000000000000921') in [(r['method'], r['path']) for r in emu.requests()]


def test_tag_of_a_pack_in_a_registry_that_cannot_be_synced(emu, service):
    result, _diff, _warnings = update_profile(service, uid=ADDONS, packs=[{'name': 'edge-gateway', 'tag': '1.1.0'}])
    assert result['changed'] and result['landed'] == 'published'
    change = result['pack_changes'][0]
    assert (change['tag_before'], change['tag_after'], change['pack_uid_after']) == ('1.0.0', '1.1.0', None)
    gateway = stored_packs(emu)['edge-gateway']
    # sent as name + tag + registryUid; Palette resolved the pack uid
    assert (gateway['tag'], gateway['uid'], gateway['registryUid']) == ('1.1.0', '65a1f0000000000000000a02', AIRGAP)
    again, _diff, _warnings = update_profile(service, uid=ADDONS, packs=[{'name': 'edge-gateway', 'tag': '1.1.0'}])
    assert not again['changed'] and writes(emu) == [('PUT', '/v1/clusterprofiles/' + ADDONS)]


def test_a_tag_from_another_registry_is_refused_before_any_write(emu, service):
    with pytest.raises(ProfileError) as err:
        update_profile(service, uid=ADDONS, packs=[{'name': 'edge-telemetry', 'tag': '2.2.0'}])
    assert err.value.option == 'packs' and str(err.value) == (
        "packs[0].tag: pack 'edge-telemetry' has no tag '2.2.0' in registry %s; available tags: 2.3.0, 2.4.0, 2.4.1"
        % INTERNAL)
    assert writes(emu) == []


def test_an_unknown_tag_in_a_registry_that_cannot_be_synced_is_refused_by_palette(emu, service):
    # nothing lists the registry's tags, so only Palette's answer to the PUT can refuse it
    with pytest.raises(PaletteApiError) as err:
        update_profile(service, uid=ADDONS, packs=[{'name': 'edge-gateway', 'tag': '9.9.9'}])
    assert err.value.status == 400 and err.value.code == 'PackNotFound'
    assert stored_packs(emu)['edge-gateway']['tag'] == '1.0.0'
