# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property: over generated profiles and changes, an update through the profile service changes exactly what was
asked and nothing else.

Each example loads a generated seed into a real emulator process (``POST /__emulator__/reset {"seed": ...}``), runs
``update_profile`` (the code behind ``palette_profile``), reads the stored state back and checks that every pack and
field that was not targeted is byte-identical to before, and that the targeted ones changed as asked.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
from io import StringIO

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import HealthCheck, event, given, settings, strategies as st  # noqa: E402

from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_runner import update_profile  # noqa: E402
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService  # noqa: E402
from ansible_collections.spectrocloud.palette.plugins.module_utils import values as V  # noqa: E402

pytestmark = pytest.mark.skipif(not V.HAS_RUAMEL, reason='ruamel.yaml is not installed')

PROJECT = '69791bbdb68bd0033ad275a5'
REGISTRY = '64b7a3c1d2e3f40516273849'
TARGET = 'a00000000000000000000001'
OTHER = 'a00000000000000000000002'
LAYERS = ['os', 'k8s', 'cni', 'csi', 'addon', 'addon']

# -- generated YAML documents -------------------------------------------------------------------------

_keys = st.from_regex(r'[a-z][a-z0-9_-]{0,6}', fullmatch=True)
_scalars = st.one_of(st.integers(-99, 999), st.booleans(), st.none(),
                     st.from_regex(r'[A-Za-z0-9 ./_-]{0,10}', fullmatch=True).map(lambda s: s.strip() or 'x'))
_tree = st.recursive(_scalars, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                      st.dictionaries(_keys, kids, min_size=1, max_size=3)), max_leaves=8)
_mapping = st.dictionaries(_keys, _tree, min_size=1, max_size=4)


@st.composite
def yaml_text(draw):
    """A values document: generated data, rendered with a random indentation, with comments."""
    from ruamel.yaml import YAML
    data = draw(_mapping)
    y = YAML()
    mapping = draw(st.sampled_from([2, 4]))
    offset = draw(st.sampled_from([0, 2]))
    y.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    out = StringIO()
    y.dump(data, out)
    lines = out.getvalue().splitlines()
    if draw(st.booleans()):
        lines.insert(0, '# %s' % draw(st.from_regex(r'[a-z ]{0,12}', fullmatch=True)))
    if draw(st.booleans()) and len(lines) > 1:
        at = draw(st.integers(1, len(lines) - 1))
        lines[at] = lines[at] + '   # note'
        if lines[at].lstrip().startswith('- ') and lines[at].rstrip().endswith(':   # note'):
            lines[at] = lines[at][:-len('   # note')]
    return '\n'.join(lines) + '\n'


def uid(n):
    return '%024x' % n


@st.composite
def scenario(draw):
    """(seed, changes): a catalogue, a target profile (plus an untouched one) and a list of pack changes."""
    n_packs = draw(st.integers(2, 5))
    catalogue = []
    counter = [0x1000]

    def next_uid():
        counter[0] += 1
        return uid(counter[0])
    for i in range(n_packs):
        tags = []
        for j in range(draw(st.integers(1, 3))):
            tags.append({'tag': '%d.%d.0' % (i + 1, j), 'uid': next_uid(), 'values': draw(yaml_text())})
        catalogue.append({'name': 'pack-%d' % i, 'registry': REGISTRY, 'layer': LAYERS[i], 'tags': tags})

    packs = []
    for cat in catalogue:
        tag = draw(st.sampled_from(cat['tags']))
        pack = {'name': cat['name'], 'tag': tag['tag']}
        if draw(st.booleans()):
            pack['values'] = draw(yaml_text())
        packs.append(pack)
    if draw(st.booleans()):
        packs.append({'name': 'site-manifests', 'type': 'manifest', 'layer': 'addon', 'uid': 'spectro-manifest-pack',
                      'registry': '', 'tag': '1.0.0', 'values': draw(yaml_text()),
                      'manifests': [{'name': 'm%d' % k, 'uid': next_uid(), 'content': draw(yaml_text())}
                                    for k in range(draw(st.integers(1, 2)))]})

    seed = {
        'tenant': {'uid': '69790a1b2c3d4e5f60718293', 'name': 'edge-demo'},
        'users': [{'uid': '69790a1b2c3d4e5f607182a0', 'email': 'demo@example.com', 'password': 'pw', 'org': 'edge-demo'}],
        'api_keys': [{'name': 'all', 'key': 'PROPERTY-TEST-KEY-not-a-secret', 'user': '69790a1b2c3d4e5f607182a0'}],
        'projects': [{'uid': PROJECT, 'name': 'edge-prod'}],
        'registries': [{'uid': REGISTRY, 'name': 'Public Repo'}],
        'packs': catalogue,
        'profiles': [
            {'uid': TARGET, 'name': 'gen', 'version': '1.0.0', 'project': PROJECT, 'type': 'add-on',
             'labels': {'team': 'x'}, 'description': 'generated', 'packs': packs},
            {'uid': OTHER, 'name': 'gen', 'version': '0.9.0', 'project': PROJECT, 'type': 'add-on', 'packs': packs[:1]},
        ],
        'clusters': [],
    }

    targets = draw(st.lists(st.sampled_from([p['name'] for p in packs if p.get('type') != 'manifest'] +
                                            [p['name'] for p in packs if p.get('type') == 'manifest']),
                            min_size=1, max_size=len(packs), unique=True))
    changes = []
    for name in targets:
        change = {'name': name}
        cat = [c for c in catalogue if c['name'] == name]
        if cat and draw(st.booleans()):
            change['tag'] = draw(st.sampled_from(cat[0]['tags']))['tag']
        kind = draw(st.sampled_from(['values', 'merge', 'none'] if 'tag' in change else ['values', 'merge']))
        if kind == 'values':
            change['values'] = draw(yaml_text())
        elif kind == 'merge':
            change['values_merge'] = draw(_mapping)
        changes.append(change)
    return seed, changes


@pytest.fixture
def client(make_client):
    return make_client(api_key='PROPERTY-TEST-KEY-not-a-secret', project_name='edge-prod', rate_limit=False)


def by_name(packs):
    return dict((p['name'], p) for p in packs)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=scenario(), profile_put=st.sampled_from(['in_place', 'draft']),
       manifest_without_content=st.sampled_from(['blanked', 'kept']))
def test_update_changes_exactly_what_was_asked(emulator, client, case, profile_put, manifest_without_content):
    seed, changes = case
    emulator.reset(seed=seed)
    emulator.config(profile_put=profile_put, manifest_without_content=manifest_without_content)
    emulator.admin('DELETE', '/__emulator__/requests')
    before = dict((p['uid'], p) for p in emulator.state()['profiles'])
    catalogue = dict((c['name'], dict((t['tag'], t['uid']) for t in c['tags'])) for c in seed['packs'])

    result, _diff, _warnings = update_profile(ProfileService(client), uid=TARGET, packs=copy.deepcopy(changes))

    after = dict((p['uid'], p) for p in emulator.state()['profiles'])
    writes = [r for r in emulator.requests() if r['write']]
    old = before[TARGET]
    new = after[TARGET]

    # the rest of the tenant and the profile's own fields are untouched
    assert after[OTHER] == before[OTHER]
    for key in ('name', 'version', 'labels', 'annotations', 'type', 'cloud_type', 'scope', 'project_uid'):
        assert new[key] == old[key], key
    # the change is where the module says it landed, and only there
    landed = result['landed']
    assert landed == (None if not result['changed'] else 'published' if profile_put == 'in_place' else 'draft')
    if landed != 'published':
        assert new['published'] == old['published']
    if landed != 'draft':
        assert new['draft'] is None

    old_packs = by_name(old['published']['packs'])
    expected_change = False
    new_packs = by_name(new[landed]['packs']) if landed else old_packs
    assert [p['name'] for p in (new[landed] if landed else old['published'])['packs']] == [p['name'] for p in old['published']['packs']]
    targeted = dict((c['name'], c) for c in changes)
    for name, was in old_packs.items():
        now = new_packs[name]
        change = targeted.get(name)
        if change is None:
            assert now == was, name  # byte-identical: every field, values text, manifests with content
            continue
        for key in ('type', 'layer', 'registryUid', 'manifests'):
            assert now.get(key) == was.get(key), (name, key)
        if change.get('tag') is not None:
            assert now['tag'] == change['tag']
            assert now['uid'] == catalogue[name][change['tag']]
            expected_change = expected_change or change['tag'] != was['tag']
        else:
            assert (now['tag'], now['uid']) == (was['tag'], was['uid'])
        if change.get('values') is not None:
            if V.equal(was['values'], change['values']):
                assert now['values'] == was['values']
            else:
                assert now['values'] == change['values']
                expected_change = True
        elif change.get('values_merge') is not None:
            want = V.deep_merge_plain(V.parse(was['values']) or {}, change['values_merge'])
            assert V.canonical(V.parse(now['values'])) == V.canonical(want)
            if V.canonical(want) == V.canonical(V.parse(was['values'])):
                assert now['values'] == was['values']
            else:
                expected_change = True
        else:
            assert now['values'] == was['values']

    assert result['changed'] == expected_change
    event('changed' if expected_change else 'no-op')
    event('normalized values' if any(c.get('values_reformatted') for c in result['pack_changes']) else 'layout kept')
    if expected_change:
        assert [(w['method'], w['path']) for w in writes] == [('PUT', '/v1/clusterprofiles/' + TARGET)]
    else:
        assert writes == [] and new['draft'] is None

    # a second run of the same changes is a no-op (the template it landed in already holds them)
    again, _diff, _warnings = update_profile(ProfileService(client), uid=TARGET, packs=copy.deepcopy(changes))
    assert not again['changed']
    assert len([r for r in emulator.requests() if r['write']]) == len(writes)
