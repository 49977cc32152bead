# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The declaration model (profile_definition.py and profile_definition_plan.py, no HTTP): parsing and its refusals, the YAML text, the desired packs
with a recording resolver, the draft plan, the pack report, variables and metadata bodies."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition as D
from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition_plan as P
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import given, settings, strategies as st  # noqa: E402

REG = '64b7a3c1d2e3f40516273849'


def declaration(**changes):
    data = {'name': 'web', 'version': '1.0.0', 'type': 'add-on', 'cloud_type': 'all',
            'packs': [{'name': 'nginx', 'tag': '1.11.2', 'values': 'replicaCount: 2\n'}]}
    data.update(changes)
    return data


def refusal(data, **kwargs):
    with pytest.raises(D.DefinitionError) as err:
        D.parse_definition(data, **kwargs)
    return err.value


# -- parsing ------------------------------------------------------------------------------------------------

def test_a_minimal_declaration_leaves_out_what_it_does_not_set():
    parsed = D.parse_definition(declaration())
    assert parsed['name'] == 'web' and parsed['version'] == '1.0.0'
    assert parsed['description'] is None and parsed['tags'] is None and parsed['variables'] is None
    pack = parsed['packs'][0]
    assert pack['where'] == 'definition.packs[0]' and pack['manifests'] is None and pack['registry'] is None


@pytest.mark.parametrize('data, option, words', [
    (declaration(color='blue'), 'definition.color', 'unknown key'),
    (declaration(version=1.1), 'definition.version', 'quote it'),
    (declaration(version='v1.2'), 'definition.version', 'semantic version'),
    (declaration(type='addon'), 'definition.type', 'not one of'),
    (declaration(scope='system'), 'definition.scope', 'not one of'),
    (declaration(name='  '), 'definition.name', 'empty'),
    (declaration(packs=[{'name': 'a', 'tag': '1'}, {'name': 'a', 'tag': '2'}]), 'definition.packs[1].name', 'also packs[0]'),
    (declaration(packs=[{'name': 'a', 'tag': '1.30'}]), None, None),
    (declaration(packs=[{'name': 'a', 'tag': 1.30}]), 'definition.packs[0].tag', 'quote it'),
    (declaration(packs=[{'name': 'a', 'tag': '1', 'version': '1'}]), 'definition.packs[0].version', 'not both'),
    (declaration(packs=[{'name': 'a', 'registry': 'x', 'registry_uid': 'y'}]), 'definition.packs[0].registry_uid', 'not both'),
    (declaration(packs=[{'name': 'a', 'type': 'manifest', 'registry': 'x'}]), 'definition.packs[0].registry', 'no registry'),
    (declaration(packs=[{'name': 'a', 'values': {'replicaCount': 2}}]), 'definition.packs[0].values', 'as text'),
    (declaration(packs=[{'name': 'a', 'values': '- 1\n'}]), 'definition.packs[0].values', 'not a mapping'),
    (declaration(packs=[{'name': 'a', 'values': 'a: 1\na: 2\n'}]), 'definition.packs[0].values', 'twice'),
    (declaration(packs=[{'name': 'a', 'manifests': [{'name': 'm'}]}]), 'definition.packs[0].manifests[0].content', 'required'),
    (declaration(packs=[{'name': 'a', 'manifests': [{'name': 'm', 'content': ''}, {'name': 'm', 'content': ''}]}]),
     'definition.packs[0].manifests[1].name', 'also'),
    (declaration(packs='nginx'), 'definition.packs', 'must be a list'),
    (declaration(tags=[':prod']), 'definition.tags[0]', 'no key'),
    (declaration(tags=['a:1', 'a:2']), 'definition.tags[1]', 'twice'),
    (declaration(variables=[{'name': 'x', 'format': 'text'}]), 'definition.variables[0].format', 'not one of'),
    (declaration(variables=[{'name': 'x', 'required': 'yes'}]), 'definition.variables[0].required', 'true or false'),
    (declaration(variables=[{'name': 'x'}, {'name': 'x'}]), 'definition.variables[1].name', 'once'),
    (declaration(variables=[{'name': 'x', 'options': [{'label': 'no value'}]}]), 'definition.variables[0].options[0].value',
     'required'),
])
def test_a_bad_declaration_is_refused_naming_its_path(data, option, words):
    if option is None:
        assert D.parse_definition(data)['packs'][0]['tag'] == '1.30'
        return
    err = refusal(data)
    assert err.option == option and str(err).startswith(option + ':') and words in str(err)


def test_packs_are_required_only_to_declare_a_profile():
    data = declaration()
    del data['packs']
    assert refusal(data).option == 'definition.packs'
    assert D.parse_definition(data, need_packs=False)['packs'] is None


def test_the_path_prefix_names_the_file():
    err = refusal({'name': 'web', 'version': '1.0.0', 'packs': [{'name': 'a', 'layers': 'addon'}]}, where='src (web.yml)')
    assert err.option == 'src (web.yml).packs[0].layers'


def test_tags_list_and_mapping():
    assert D.parse_tags(['team:platform', 'canary', 'url:http://x'], 't') == {
        'team': 'platform', 'canary': 'spectro__tag', 'url': 'http://x'}
    assert D.parse_tags({'team': 'platform', 'bare': None}, 't') == {'team': 'platform', 'bare': 'spectro__tag'}


@pytest.mark.parametrize('labels', [{}, {'team': 'platform', 'canary': 'spectro__tag'}, {'a:b': 'c'}, {'empty': ''},
                                    {' padded': 'x'}, {'k': 'v:w'}])
def test_tags_written_by_the_export_read_back_as_the_same_labels(labels):
    assert D.parse_tags(D.tags_from_labels(labels), 't') == labels


def test_variables_are_checked_and_sent_in_the_apis_keys():
    parsed = D.parse_definition(declaration(variables=[
        {'name': 'site', 'display_name': 'Site', 'format': 'string', 'required': True, 'default_value': 'a',
         'input_type': 'dropdown', 'options': [{'value': 'a', 'default': True}]}]))
    assert parsed['variables'] == [{'name': 'site', 'displayName': 'Site', 'format': 'string', 'required': True,
                                    'defaultValue': 'a', 'inputType': 'dropdown', 'options': [{'value': 'a', 'default': True}]}]


# -- the YAML text ------------------------------------------------------------------------------------------

def test_a_file_with_a_repeated_key_is_refused_with_its_lines():
    with pytest.raises(D.DefinitionError) as err:
        D.load_text('name: a\nversion: 1.0.0\nname: b\n', 'src (x.yml)')
    assert err.value.option == 'src (x.yml)' and 'lines 1 and 3' in str(err.value)


def test_a_file_that_is_not_yaml_is_refused_with_its_place():
    with pytest.raises(D.DefinitionError) as err:
        D.load_text('name: [a\n', 'src (x.yml)')
    assert 'line' in str(err.value)


_texts = st.text(alphabet=st.sampled_from(list('ab: #-\t\n"\'|>é\r\u2028')), max_size=40)


# 100: each example is a ruamel dump and load; every make test run draws new ones
@settings(max_examples=100, deadline=None)
@given(values=_texts, content=_texts, description=_texts)
def test_text_written_by_the_export_reads_back_byte_for_byte(values, content, description):
    doc = {'name': 'web', 'version': '1.0.0', 'description': description,
           'packs': [{'name': 'p', 'values': values, 'manifests': [{'name': 'm', 'content': content}]}]}
    assert D.load_text(D.dump_text(doc, 'header'), 'x') == doc


# -- desired packs ------------------------------------------------------------------------------------------

class Resolver(object):
    """Records what the model asks; answers from a small catalogue."""

    def __init__(self):
        self.calls = []

    def registry(self, declared):
        self.calls.append(('registry', declared['name']))
        return {'Public Repo': REG}.get(declared['registry'], declared['registry_uid'])

    def tag(self, declared, current, registry_uid):
        self.calls.append(('tag', declared['name'], registry_uid))
        tag = declared['tag'] or declared['version']
        return {'tag': tag, 'version': tag, 'packUid': 'uid-%s-%s' % (declared['name'], tag), 'registryUid': REG,
                'layer': 'addon', 'values': 'default: true\n'}


def current_packs():
    return [
        {'name': 'nginx', 'tag': '1.11.2', 'version': '1.11.2', 'type': 'spectro', 'layer': 'addon', 'registryUid': REG,
         'packUid': 'uid-nginx-1.11.2', 'values': '# keep\nreplicaCount: 2\n', 'manifests': [], 'digest': 'x'},
        {'name': 'site', 'tag': '1.0.0', 'type': 'manifest', 'layer': 'addon', 'registryUid': '',
         'packUid': 'spectro-manifest-pack', 'values': '',
         'manifests': [{'name': 'ns', 'uid': 'm1', 'content': 'kind: Namespace\n'}]},
    ]


def desired(packs, current=None):
    resolver = Resolver()
    parsed = D.parse_definition(declaration(packs=packs))
    return P.desired_packs(parsed, current_packs() if current is None else current, resolver), resolver


def test_a_declaration_that_matches_needs_no_look_up_and_keeps_every_field():
    packs, resolver = desired([
        {'name': 'nginx', 'registry_uid': REG, 'tag': '1.11.2', 'values': '# keep\nreplicaCount: 2\n'},
        {'name': 'site', 'type': 'manifest', 'manifests': [{'name': 'ns', 'content': 'kind: Namespace\n'}]}])
    assert resolver.calls == [('registry', 'nginx')]
    assert P.packs_match(current_packs(), packs)
    assert packs[0]['digest'] == 'x'   # a field no declaration sets, kept as read
    assert packs[1]['manifests'][0]['uid'] == 'm1'


def test_new_pack_changed_tag_and_new_manifest():
    packs, resolver = desired([
        {'name': 'site', 'manifests': [{'name': 'ns', 'content': 'kind: Namespace\n'}, {'name': 'cm', 'content': 'x: 1\n'}]},
        {'name': 'nginx', 'tag': '1.12.0'},
        {'name': 'cert-manager', 'registry': 'Public Repo', 'version': '1.16.1'}])
    assert ('tag', 'nginx', REG) in resolver.calls and ('tag', 'cert-manager', REG) in resolver.calls
    assert [p['name'] for p in packs] == ['site', 'nginx', 'cert-manager']
    assert packs[0]['manifests'] == [{'name': 'ns', 'uid': 'm1', 'content': 'kind: Namespace\n'}, {'name': 'cm', 'content': 'x: 1\n'}]
    assert (packs[1]['tag'], packs[1]['packUid'], packs[1]['values']) == ('1.12.0', 'uid-nginx-1.12.0', '# keep\nreplicaCount: 2\n')
    assert (packs[2]['tag'], packs[2]['values'], packs[2]['layer'], packs[2]['manifests']) == ('1.16.1', 'default: true\n', 'addon', [])
    report = P.pack_report(current_packs(), packs)
    assert [(r['name'], r['action'], r['changes']) for r in report] == [
        ('site', 'changed', ['manifests']), ('nginx', 'changed', ['tag']), ('cert-manager', 'added', [])]


def test_removed_and_moved_packs():
    packs, _resolver = desired([{'name': 'site'}, {'name': 'nginx'}])
    report = P.pack_report(current_packs(), packs)
    assert [(r['name'], r['action'], r['position_before'], r['position_after']) for r in report] == [
        ('site', 'moved', 1, 0), ('nginx', 'moved', 0, 1)]
    packs, _resolver = desired([{'name': 'site'}])
    assert [(r['name'], r['action']) for r in P.pack_report(current_packs(), packs)] == [('site', 'unchanged'), ('nginx', 'removed')]


def test_a_new_pack_needs_a_tag_and_a_new_manifest_pack_gets_the_literal_uid():
    with pytest.raises(D.DefinitionError) as err:
        desired([{'name': 'metallb'}])
    assert err.value.option == 'definition.packs[0].tag'
    packs, resolver = desired([{'name': 'extra', 'type': 'manifest', 'manifests': [{'name': 'a', 'content': 'b'}]}], [])
    assert resolver.calls == [] and packs[0]['packUid'] == 'spectro-manifest-pack' and packs[0]['layer'] == 'addon'


def test_a_values_change_of_a_comment_is_a_change():
    packs, _resolver = desired([{'name': 'nginx', 'values': 'replicaCount: 2\n'}, {'name': 'site'}])
    assert P.pack_differences(current_packs()[0], packs[0]) == ['values']


# -- the draft plan -----------------------------------------------------------------------------------------

def test_plan_without_a_draft_and_with_only_a_draft():
    current = current_packs()
    changed = copy.deepcopy(current)
    changed[0]['values'] = 'replicaCount: 3\n'
    plan = P.plan_packs({'published': current, 'draft': None}, current)
    assert (plan.base, plan.put, plan.publish_draft) == ('published', False, False)
    plan = P.plan_packs({'published': current, 'draft': None}, changed)
    assert (plan.base, plan.put) == ('published', True)
    plan = P.plan_packs({'published': None, 'draft': current}, current)
    assert (plan.base, plan.put, plan.publish_draft) == ('draft', False, True)


def test_plan_with_someone_elses_draft():
    published = current_packs()
    draft = copy.deepcopy(published)
    draft[0]['values'] = 'theirs: 1\n'
    ours = copy.deepcopy(published)
    ours[0]['values'] = 'ours: 1\n'
    templates = {'published': published, 'draft': draft}
    plan = P.plan_packs(templates, draft)
    assert (plan.put, plan.publish_draft, plan.note) == (False, True, 'the draft already holds the declaration')
    plan = P.plan_packs(templates, published)
    assert (plan.put, plan.publish_draft, plan.foreign_draft) == (False, False, True)
    plan = P.plan_packs(templates, ours, 'discard')
    assert (plan.base, plan.put, plan.current) == ('draft', True, draft)
    with pytest.raises(ProfileError) as err:
        P.plan_packs(templates, ours, 'fail', 'profile web 1.0.0', 'pack nginx: values')
    assert err.value.option == 'existing_draft' and 'Nothing was written' in str(err.value)


# -- variables and metadata ---------------------------------------------------------------------------------

def test_variable_steps_add_before_and_remove_after_the_packs():
    current = [{'name': 'old', 'format': 'string'}, {'name': 'site', 'required': False}]
    assert P.variables_steps(current, None) == (None, None)
    assert P.variables_steps(current, [{'name': 'old', 'format': 'string'}, {'name': 'site'}]) == (None, None)
    before, after = P.variables_steps(current, [{'name': 'site'}, {'name': 'new'}])
    assert [v['name'] for v in before] == ['old', 'site', 'new'] and [v['name'] for v in after] == ['site', 'new']
    before, after = P.variables_steps([], [{'name': 'new'}])
    assert before == [{'name': 'new'}] and after is None
    before, after = P.variables_steps(current, [{'name': 'site'}])   # only a removal: one PUT, after the packs
    assert before is None and after == [{'name': 'site'}]


def test_a_sensitive_variable_declared_without_its_value_keeps_palettes():
    current = [{'name': 'token', 'isSensitive': True, 'defaultValue': 'secret'}]
    assert P.variables_match(current, [{'name': 'token', 'isSensitive': True}])
    before, _after = P.variables_steps(current, [{'name': 'token', 'isSensitive': True, 'description': 'API token'}])
    assert before == [{'name': 'token', 'isSensitive': True, 'description': 'API token', 'defaultValue': 'secret'}]
    assert 'default_value' not in D.variable_declaration(current[0])


def test_metadata_body_keeps_annotations_and_drops_the_derived_ones():
    profile = {'metadata': {'name': 'web', 'labels': {'a': 'b'},
                            'annotations': {'description': 'old', 'owner': 'team-a', 'scope': 'project', 'projectUid': 'p'}},
               'spec': {'version': '1.0.0'}}
    parsed = D.parse_definition(declaration(description='new', tags=['a:b']))
    changes = P.metadata_changes(profile, parsed)
    assert changes == {'description': 'new'}
    assert P.metadata_body(profile, changes) == {
        'metadata': {'name': 'web', 'labels': {'a': 'b'}, 'annotations': {'description': 'new', 'owner': 'team-a'}},
        'spec': {'version': '1.0.0'}}


def test_create_body_is_a_cluster_profile_entity():
    parsed = D.parse_definition(declaration(tags=['canary'], description='d', variables=[{'name': 'x'}]))
    packs, _resolver = desired([{'name': 'nginx', 'tag': '1.12.0'}], [])
    body = P.create_body(parsed, packs)
    assert body['metadata'] == {'name': 'web', 'labels': {'canary': 'spectro__tag'}, 'annotations': {'description': 'd'}}
    assert body['spec']['template']['packs'] == [{'name': 'nginx', 'values': 'default: true\n', 'tag': '1.12.0',
                                                  'type': 'spectro', 'layer': 'addon', 'registryUid': REG,
                                                  'uid': 'uid-nginx-1.12.0', 'manifests': []}]
    assert body['spec']['variables'] == [{'name': 'x'}] and body['spec']['version'] == '1.0.0'
