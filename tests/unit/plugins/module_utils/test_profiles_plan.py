# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""profile_model.py (no server): input checks, change planning against drafts, the PUT body."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import (
    ProfileError,
    diff_entries,
    is_semver,
    landing_problems,
    normalize_pack_changes,
    plan_update,
    profile_info,
    semver_key,
    update_body,
)

VMO_VALUES = 'charts:\n  vmo:\n    # replicas per site\n    replicas: 1\n'


def pack(name, tag, uid, values='', **extra):
    p = {'name': name, 'tag': tag, 'version': tag, 'packUid': uid, 'type': 'spectro', 'layer': 'addon',
         'registryUid': 'reg1', 'values': values, 'manifests': [], 'digest': 'sha256:x'}
    p.update(extra)
    return p


def profile(published, draft=None, ts='2026-01-01T00:00:00Z'):
    return {
        'metadata': {'name': 'core', 'uid': 'p1', 'labels': {'team': 'platform'},
                     'annotations': {'scope': 'project', 'description': 'Core'},
                     'creationTimestamp': '2025-01-01T00:00:00Z', 'lastModifiedTimestamp': ts},
        'spec': {'version': '1.1.0', 'versions': [{'uid': 'p1', 'version': '1.1.0'}],
                 'published': {'type': 'add-on', 'cloudType': 'all', 'packs': published} if published is not None else None,
                 'draft': {'type': 'add-on', 'cloudType': 'all', 'packs': draft} if draft is not None else None},
        'status': {'isPublished': published is not None, 'inUseClusters': [{'name': 'edge-vmo', 'uid': 'c1'}]},
    }


PUBLISHED = [
    pack('vmo', '4.6.3', 'u463', VMO_VALUES),
    pack('metallb', '0.14.8', 'u0148', 'a: 1\n'),
    pack('site', '1.0.0', 'spectro-manifest-pack', '# manifest pack\n', type='manifest', registryUid='',
         manifests=[{'kind': 'manifest', 'name': 'ns', 'uid': 'm1'}]),
]

TAGS = {'vmo': {'4.6.3': 'u463', '4.7.1': 'u471'}, 'metallb': {'0.14.8': 'u0148', '0.15.2': 'u0152'}}


def resolve(pack_, tag, where='packs'):
    uid = TAGS.get(pack_['name'], {}).get(tag)
    if uid is None:
        raise ProfileError('%s.tag: no tag %r; available tags: %s' % (where, tag, ', '.join(sorted(TAGS[pack_['name']]))))
    return {'tag': tag, 'version': tag, 'packUid': uid}


def changes(*items):
    return normalize_pack_changes(list(items))


# -- semver ---------------------------------------------------------------------------------------

@pytest.mark.parametrize('version', ['1.0.0', '1.2.3-rc.1', '10.20.30+build.5', '0.0.1-alpha-1'])
def test_semver_valid(version):
    assert is_semver(version)


@pytest.mark.parametrize('version', ['1.2', 'v1.2.3', '2.2.2.develop', 'b0.0.1', '01.2.3', '', None])
def test_semver_invalid(version):
    assert not is_semver(version)


def test_semver_order():
    versions = ['1.10.0', '1.2.0', '1.2.0-rc.1', '1.2.0-rc.10', '1.2.0-rc.2', '0.9.9']
    assert sorted(versions, key=semver_key) == ['0.9.9', '1.2.0-rc.1', '1.2.0-rc.2', '1.2.0-rc.10', '1.2.0', '1.10.0']


# -- input ------------------------------------------------------------------------------------------

@pytest.mark.parametrize('packs,message', [
    ([{'name': 'vmo'}], 'nothing to change'),
    ([{'tag': '1'}], 'packs[0].name is required'),
    ([{'name': 'vmo', 'tag': '1'}, {'name': 'vmo', 'tag': '2'}], 'both change pack'),
    ([{'name': 'vmo', 'values': 'a: [', 'tag': None}], 'packs[0].values is not valid YAML'),
    ([{'name': 'vmo', 'values': 'a: 1', 'values_merge': {'a': 2}}], 'mutually exclusive'),
    ([{'name': 'vmo', 'values_merge': 'a=1'}], 'values_merge must be a mapping'),
])
def test_bad_pack_input(packs, message):
    with pytest.raises(ProfileError) as err:
        normalize_pack_changes(packs)
    assert message in str(err.value)


def test_values_mapping_is_dumped():
    (c,) = normalize_pack_changes([{'name': 'vmo', 'values': {'a': {'b': 1}}}])
    assert c['values'] == 'a:\n  b: 1\n'


# -- planning -------------------------------------------------------------------------------------

def test_tag_change_resolves_uid_and_keeps_everything_else():
    prof = profile(PUBLISHED)
    plan = plan_update(prof, changes({'name': 'vmo', 'tag': '4.7.1'}), resolve)
    assert plan.write and plan.base == 'published'
    assert plan.new_packs[0]['tag'] == '4.7.1' and plan.new_packs[0]['packUid'] == 'u471'
    assert plan.new_packs[0]['values'] == VMO_VALUES
    assert plan.new_packs[1:] == PUBLISHED[1:]
    assert prof['spec']['published']['packs'] == PUBLISHED  # input untouched
    assert plan.report[0]['tag_changed'] and not plan.report[0]['values_changed']


def test_same_values_formatted_differently_is_no_change():
    prof = profile(PUBLISHED)
    plan = plan_update(prof, changes({'name': 'vmo', 'values': 'charts: {vmo: {replicas: 1}}'}), resolve)
    assert not plan.write
    assert plan.new_packs[0]['values'] == VMO_VALUES


def test_values_merge_changes_one_line():
    prof = profile(PUBLISHED)
    plan = plan_update(prof, changes({'name': 'vmo', 'values_merge': {'charts': {'vmo': {'replicas': 3}}}}), resolve)
    assert plan.write
    assert plan.new_packs[0]['values'] == VMO_VALUES.replace('replicas: 1', 'replicas: 3')
    assert '-    replicas: 1\n+    replicas: 3\n' in plan.report[0]['values_diff']


def test_unknown_pack_lists_the_packs():
    with pytest.raises(ProfileError) as err:
        plan_update(profile(PUBLISHED), changes({'name': 'nope', 'tag': '1'}), resolve)
    assert "packs[0].name: pack 'nope' is not in" in str(err.value)
    assert 'metallb, site, vmo' in str(err.value)


def test_unknown_tag_lists_tags():
    with pytest.raises(ProfileError) as err:
        plan_update(profile(PUBLISHED), changes({'name': 'vmo', 'tag': '9.9.9'}), resolve)
    assert '4.6.3, 4.7.1' in str(err.value)


def test_draft_equal_to_published_is_built_on():
    prof = profile(PUBLISHED, draft=copy.deepcopy(PUBLISHED))
    plan = plan_update(prof, changes({'name': 'metallb', 'tag': '0.15.2'}), resolve)
    assert plan.write and plan.base == 'draft'


def foreign_draft():
    draft = copy.deepcopy(PUBLISHED)
    draft[1]['values'] = 'a: 2\n'  # someone else's unpublished change
    return draft


def test_foreign_draft_fails_by_default_and_shows_its_diff():
    with pytest.raises(ProfileError) as err:
        plan_update(profile(PUBLISHED, foreign_draft()), changes({'name': 'vmo', 'tag': '4.7.1'}), resolve)
    assert err.value.option == 'existing_draft'
    assert 'existing_draft=build_on' in str(err.value)
    assert '-a: 1\n+a: 2' in str(err.value)


def test_foreign_draft_build_on_and_discard():
    prof = profile(PUBLISHED, foreign_draft())
    plan = plan_update(prof, changes({'name': 'vmo', 'tag': '4.7.1'}), resolve, 'build_on')
    assert plan.write and plan.new_packs[1]['values'] == 'a: 2\n' and plan.new_packs[0]['tag'] == '4.7.1'
    plan = plan_update(prof, changes({'name': 'vmo', 'tag': '4.7.1'}), resolve, 'discard')
    assert plan.write and plan.new_packs[1]['values'] == 'a: 1\n' and plan.new_packs[0]['tag'] == '4.7.1'


def test_own_earlier_draft_is_not_a_conflict():
    """A run that PUT the draft and stopped before publishing: the same task run again is a no-op."""
    first = plan_update(profile(PUBLISHED), changes({'name': 'vmo', 'tag': '4.7.1',
                                                     'values_merge': {'charts': {'vmo': {'replicas': 2}}}}), resolve)
    prof = profile(PUBLISHED, draft=first.new_packs)
    again = plan_update(prof, changes({'name': 'vmo', 'tag': '4.7.1',
                                       'values_merge': {'charts': {'vmo': {'replicas': 2}}}}), resolve)
    assert not again.write
    assert again.note == 'the draft already holds these changes'
    assert again.report[0]['in_draft'] and not again.report[0]['changed']


def test_never_published_profile_uses_the_draft():
    plan = plan_update(profile(None, draft=PUBLISHED), changes({'name': 'vmo', 'tag': '4.7.1'}), resolve)
    assert plan.base == 'draft' and plan.write


# -- the PUT body ---------------------------------------------------------------------------------

def test_update_body_sends_every_allowed_field_as_read():
    prof = profile(PUBLISHED)
    body = update_body(prof, PUBLISHED, lambda p, m: 'content of %s' % m['uid'], 'published')
    assert body['metadata'] == {'name': 'core', 'uid': 'p1', 'labels': {'team': 'platform'},
                                'annotations': {'scope': 'project', 'description': 'Core'}}
    assert body['spec']['version'] == '1.1.0'
    assert body['spec']['template']['type'] == 'add-on'
    packs = body['spec']['template']['packs']
    assert packs[0] == {'name': 'vmo', 'uid': 'u463', 'tag': '4.6.3', 'type': 'spectro', 'layer': 'addon',
                        'registryUid': 'reg1', 'values': VMO_VALUES, 'manifests': []}
    assert packs[2]['uid'] == 'spectro-manifest-pack' and packs[2]['registryUid'] == ''
    assert packs[2]['manifests'] == [{'name': 'ns', 'uid': 'm1', 'content': 'content of m1'}]
    for entity in packs:  # nothing outside v1PackManifestUpdateEntity
        assert set(entity) <= {'name', 'uid', 'tag', 'type', 'layer', 'registryUid', 'values', 'manifests'}


def test_landing_problems():
    prof = profile(PUBLISHED, draft=PUBLISHED)
    assert landing_problems(prof, PUBLISHED) == []
    wanted = copy.deepcopy(PUBLISHED)
    wanted[0]['tag'] = '4.7.1'
    problems = landing_problems(prof, wanted)
    assert problems and 'tag' in problems[0]


def test_diff_entries_show_changed_packs_only():
    new = copy.deepcopy(PUBLISHED)
    new[0]['tag'] = '4.7.1'
    entries = diff_entries('profile core 1.1.0', PUBLISHED, new)
    assert len(entries) == 1
    assert 'tag: 4.6.3' in entries[0]['before'] and 'tag: 4.7.1' in entries[0]['after']
    assert '  # replicas per site' in entries[0]['after']


def test_profile_info_shape():
    info = profile_info(profile(PUBLISHED, foreign_draft()))
    assert info['has_draft'] and info['draft_differs'] and info['is_published']
    assert info['packs'][0] == {'name': 'vmo', 'tag': '4.6.3', 'version': '4.6.3', 'type': 'spectro', 'layer': 'addon',
                                'registry_uid': 'reg1', 'pack_uid': 'u463', 'values': VMO_VALUES, 'manifests': []}
    assert info['draft_packs'][1]['values'] == 'a: 2\n'
    assert info['in_use_clusters'] == [{'name': 'edge-vmo', 'uid': 'c1'}]
