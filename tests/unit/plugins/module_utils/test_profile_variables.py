# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile variables: the references packs make ({{.spectro.var.NAME}}), the refusal before any write when one names a
variable the profile does not define (palette_profile and palette_profile_definition), the emulator's own refusal
(PackVariablesUndefined) and what palette_profile_info returns. Against a real emulator process (demo seed, strict
mode); writes are counted from its request log."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition as D
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError, template_packs, update_body
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import profile_facts, update_profile
from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_runner import apply_definition, export_profile
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import DefinitionService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_variables import (
    MASK,
    pack_references,
    references,
    undefined_message,
    variable_info,
)

CORE = '698e43979f639727243be3e8'
REGION = {'charts': {'ingress-nginx': {'controller': {'region': '{{ .spectro.var.region }}'}}}}


# -- the references, pure -------------------------------------------------------------------------------

@pytest.mark.parametrize('text, names', [
    ('a: {{.spectro.var.site}}\n', ['site']),
    ('a: "{{ .spectro.var.site }}"\nb: {{- .spectro.var.vip -}}\n', ['site', 'vip']),
    ('a: {{ .spectro.var.site | default "x" | quote }}\nb: {{.spectro.var.site}}\n', ['site']),
    ('a: {{ printf "%s-%s" .spectro.var.a .spectro.var.b_2 }}\n', ['a', 'b_2']),
    ('a: {{.spectro.macro.site}}\nb: {{.spectro.system.cluster.name}}\n', []),   # macros are not profile variables
    ('a: .spectro.var.site\n# {{ not a reference }}\n', []),                     # outside an action
    ('a: {{ .x.spectro.var.site }}\n', []),                                       # a field of something else
    ('', []),
    (None, []),
])
def test_references(text, names):
    assert references(text) == names


def test_pack_references_and_message_name_pack_place_variable_and_the_defined_ones():
    packs = [{'name': 'nginx', 'values': 'a: {{.spectro.var.region}}\n'},
             {'name': 'site', 'manifests': [{'name': 'cm', 'content': 'b: {{.spectro.var.site}}\n'}]}]
    assert pack_references(packs) == [('nginx', 'values', 'region'), ('site', 'manifest cm', 'site')]
    assert undefined_message(packs, [{'name': 'region'}, {'name': 'site'}], 'profile core 1.1.0') is None
    message = undefined_message(packs, [{'name': 'site'}, {'name': 'zone'}], 'profile core 1.1.0')
    assert message.startswith("pack 'nginx' values references {{.spectro.var.region}}; profile core 1.1.0 defines no "
                              "such variable (its variables: site, zone)")
    assert 'PackVariablesUndefined' in message and 'nothing was written' in message
    assert '(its variables: none)' in undefined_message(packs, [], 'p')


def test_variable_info_masks_a_sensitive_default_and_fills_the_spec_defaults():
    assert variable_info({'name': 'token', 'isSensitive': True, 'defaultValue': 's3cret'}) == {
        'name': 'token', 'display_name': None, 'description': None, 'format': 'string', 'default_value': MASK,
        'regex': None, 'required': False, 'immutable': False, 'hidden': False, 'is_sensitive': True,
        'input_type': 'text', 'options': []}
    assert variable_info({'name': 'site', 'defaultValue': 'a', 'format': 'number'})['default_value'] == 'a'
    assert variable_info({'name': 'token', 'isSensitive': True})['default_value'] == ''


# -- against the emulator ------------------------------------------------------------------------------------

@pytest.fixture
def service(emu, make_client):
    return DefinitionService(make_client(project_name='edge-prod'))


def set_variables(service, uid, variables):
    service.put_variables(uid, variables)


def writes(emu, since):
    return [(r['method'], r['path'].split('?')[0]) for r in emu.requests()[since:] if r['write']]


def stored(emu, uid):
    return [p for p in emu.state()['profiles'] if p['uid'] == uid][0]


def test_the_emulator_refuses_a_put_whose_packs_reference_an_undefined_variable(emu, service):
    set_variables(service, CORE, [{'name': 'site'}])
    profile = service.get(CORE)
    packs = template_packs(profile, 'published')
    packs[1] = dict(packs[1], values=packs[1]['values'] + 'region: "{{ .spectro.var.region }}"\n')
    body = update_body(profile, packs, lambda pack, man: 'kind: ConfigMap\n', 'published')
    before = stored(emu, CORE)
    with pytest.raises(PaletteApiError) as err:
        service.put(CORE, body)
    assert err.value.status == 400 and err.value.code == 'PackVariablesUndefined'
    assert 'region' in str(err.value)
    assert stored(emu, CORE) == before


@pytest.mark.parametrize('check_mode', [True, False])
def test_palette_profile_refuses_before_any_write(emu, service, check_mode):
    set_variables(service, CORE, [{'name': 'site'}])
    since = len(emu.requests())
    with pytest.raises(ProfileError) as err:
        update_profile(service, uid=CORE, check_mode=check_mode, backup=lambda profile: pytest.fail('backed up'),
                       packs=[{'name': 'nginx', 'values_merge': REGION}])
    message = str(err.value)
    assert "pack 'nginx' values references {{.spectro.var.region}}" in message
    assert '(its variables: site)' in message and err.value.option == 'packs'
    assert writes(emu, since) == []


def test_palette_profile_writes_when_the_variable_is_defined(emu, service):
    set_variables(service, CORE, [{'name': 'site'}, {'name': 'region'}])
    since = len(emu.requests())
    result, _diff, _warnings = update_profile(service, uid=CORE, packs=[{'name': 'nginx', 'values_merge': REGION}])
    assert result['changed'] and writes(emu, since) == [('PUT', '/v1/clusterprofiles/' + CORE)]


def test_a_new_version_is_not_cloned_to_be_refused(emu, service):
    set_variables(service, CORE, [])
    since = len(emu.requests())
    with pytest.raises(ProfileError) as err:
        update_profile(service, uid=CORE, new_version='1.9.0', packs=[{'name': 'nginx', 'values_merge': REGION}])
    assert 'profile core 1.9.0 defines no such variable (its variables: none)' in str(err.value)
    assert writes(emu, since) == []


def apply(service, data, **kwargs):
    definition = D.parse_definition(D.load_text(D.dump_text(data), 'src'), 'src')
    return apply_definition(service, definition, **kwargs)


@pytest.mark.parametrize('check_mode', [True, False])
def test_palette_profile_definition_refuses_a_create_and_an_update_before_any_write(emu, service, check_mode):
    data, _warnings = export_profile(service, uid=CORE)
    data = data['definition']
    nginx = [p for p in data['packs'] if p['name'] == 'nginx'][0]
    nginx['values'] += 'region: "{{ .spectro.var.region }}"\n'
    data['variables'] = [{'name': 'site'}]
    since = len(emu.requests())
    for version in ('9.0.0', data['version']):   # a new version (POST), then the existing one (PUT)
        with pytest.raises(ProfileError) as err:
            apply(service, dict(data, version=version), check_mode=check_mode)
        assert "pack 'nginx' values references {{.spectro.var.region}}; profile core %s defines no such variable " \
               "(its variables: site)" % version in str(err.value)
        assert err.value.option == 'definition.variables'
    # variables left out of the declaration: checked against the ones the profile holds
    set_variables(service, CORE, [{'name': 'zone'}])
    since = len(emu.requests())
    with pytest.raises(ProfileError) as err:
        apply(service, dict(data, variables=None), check_mode=check_mode)
    assert '(its variables: zone)' in str(err.value)
    assert writes(emu, since) == []
    # declared with the profile: the variables first, then the packs that use them
    result, _diff, _warnings = apply(service, dict(data, variables=[{'name': 'region'}]), check_mode=check_mode)
    assert result['actions'] == ['put_variables', 'put_packs', 'put_variables']


def test_info_returns_the_variables_with_one_request_and_masks_a_sensitive_default(emu, service):
    set_variables(service, CORE, [{'name': 'site', 'defaultValue': 'berlin', 'required': True},
                                  {'name': 'token', 'isSensitive': True, 'defaultValue': 's3cret'}])
    since = len(emu.requests())
    facts = profile_facts(service, uid=CORE)
    variables = facts['profile']['variables']
    assert [(v['name'], v['default_value'], v['required']) for v in variables] == [('site', 'berlin', True), ('token', MASK, False)]
    assert 's3cret' not in repr(facts)
    paths = [r['path'] for r in emu.requests()[since:]]
    assert paths.count('/v1/clusterprofiles/%s/variables' % CORE) == 1
    since = len(emu.requests())
    lean = profile_facts(service, uid=CORE, include_variables=False)
    assert 'variables' not in lean['profile']
    profile_facts(service, filters={})
    assert not [r for r in emu.requests()[since:] if r['path'].endswith('/variables')]
