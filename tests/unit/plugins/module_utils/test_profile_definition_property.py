# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property: over generated declarations (packs of the demo catalogue in any order and subset, any tag, values and
manifest texts with comments and odd spacing, tags, description, variables), applying a declaration and then
exporting the profile gives the same declaration, and applying it again writes nothing. Against a real emulator
(demo seed, strict mode), as a new version and as a change to the existing core 1.1.0."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

hypothesis = pytest.importorskip('hypothesis')
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition as D  # noqa: E402
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_runner import (  # noqa: E402
    apply_definition,
    export_profile,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import DefinitionService  # noqa: E402

CATALOGUE = {   # the demo seed's Public Repo add-on packs and their tags
    'virtual-machine-orchestrator': ['4.4.10', '4.6.3', '4.7.1'],
    'metallb': ['0.14.8', '0.14.9', '0.15.2'],
    'cert-manager': ['1.15.3', '1.16.1'],
    'nginx': ['1.11.2', '1.12.0'],
}

_words = st.from_regex(r'[a-z][a-z0-9-]{0,6}', fullmatch=True)
_scalar = st.one_of(st.integers(-5, 500), st.booleans(), _words, st.just('"quoted: text"'), st.just("''"))


@st.composite
def document(draw):
    """A YAML mapping as a person writes it: comments, blank lines, trailing spaces in comments, nested keys."""
    lines = []
    if draw(st.booleans()):
        lines.append('# %s' % draw(_words))
    for key in draw(st.lists(_words, min_size=1, max_size=4, unique=True)):
        if draw(st.booleans()):
            lines.append('%s:' % key)
            lines.append('%s%s: %s' % (' ' * draw(st.sampled_from([2, 4])), draw(_words), draw(_scalar)))
        else:
            lines.append('%s: %s%s' % (key, draw(_scalar), draw(st.sampled_from(['', '   # note', '  #  ']))))
        if draw(st.booleans()):
            lines.append('')
    return '\n'.join(lines) + draw(st.sampled_from(['\n', '', '\n\n']))


@st.composite
def declaration(draw):
    names = draw(st.permutations(sorted(CATALOGUE)))[:draw(st.integers(1, len(CATALOGUE)))]
    packs = []
    for name in names:
        packs.append({'name': name, 'type': 'spectro', 'layer': 'addon', 'registry': 'Public Repo',
                      'tag': draw(st.sampled_from(CATALOGUE[name])), 'values': draw(document()), 'manifests': []})
    if draw(st.booleans()):
        manifests = [{'name': 'm%d' % k, 'content': draw(document())} for k in range(draw(st.integers(0, 2)))]
        packs.insert(draw(st.integers(0, len(packs))), {'name': 'site-config', 'type': 'manifest', 'layer': 'addon',
                                                        'tag': '1.0.0', 'values': draw(document()), 'manifests': manifests})
    tags = sorted(draw(st.lists(_words, max_size=3, unique=True)))
    return {'name': 'core', 'version': draw(st.sampled_from(['1.1.0', '7.0.0'])), 'type': 'add-on', 'cloud_type': 'all',
            'scope': 'project', 'description': draw(st.sampled_from(['', 'generated', 'two\nlines'])),
            'tags': [t if i % 2 else '%s:%s' % (t, t) for i, t in enumerate(tags)],
            'variables': [{'name': v, 'format': 'string'} for v in draw(st.lists(_words, max_size=2, unique=True))],
            'packs': packs}


def writes(emu):
    return [r for r in emu.requests() if r['write']]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(declared=declaration())
def test_apply_then_export_gives_the_declaration(emu, make_client, declared):
    emu.reset()
    service = DefinitionService(make_client(project_name='edge-prod', rate_limit=False))
    text = D.dump_text(declared)
    result, _diff, _warnings = apply_definition(service, D.parse_definition(D.load_text(text, 'src'), 'src'))
    exported, _warnings = export_profile(DefinitionService(service.client), uid=result['uid'])
    assert exported['definition'] == declared
    assert D.dump_text(exported['definition']) == text
    count = len(writes(emu))
    again, _diff, _warnings = apply_definition(DefinitionService(service.client),
                                               D.parse_definition(D.load_text(text, 'src'), 'src'))
    assert not again['changed'] and len(writes(emu)) == count
