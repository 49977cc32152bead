# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""values.py: YAML parse/compare as data, merge that keeps untouched lines byte for byte, diff."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import values as v

pytestmark = pytest.mark.skipif(not v.HAS_RUAMEL, reason="ruamel.yaml is not installed")

VMO = '''pack:
  namespace: vm-dashboard
charts:
  virtual-machine-orchestrator:
    # Expose the VM dashboard through the Spectro proxy.
    appConfig:
      clusterInfo:
        consoleBaseAddress: ""
    kubevirt:
      enabled: true
      replicas: 1   # one per site
'''

MIXED = '''# top comment
pack:
  content:
    images:
      - image: "{{.spectro.pack.edge-native-byoi.options.system.uri}}"   # the image
      - image: bar:2
  namespace: "kube-system"   # ns

charts:
    kubevirt:   # odd indent
        replicas: 2
        list:
        - a
        - b
    other: 'x'
'''


def changed_lines(before, after):
    """(removed, added) lines of a unified diff."""
    diff = v.unified_diff(before, after).splitlines()
    removed = [l[1:] for l in diff if l.startswith('-') and not l.startswith('---')]
    added = [l[1:] for l in diff if l.startswith('+') and not l.startswith('+++')]
    return removed, added


# -- parse / compare -------------------------------------------------------------------------------

def test_equal_ignores_formatting_comments_and_key_order():
    a = 'a: 1\nb:\n  c: [1, 2]\n'
    b = '# comment\nb:\n    c:\n    - 1\n    - 2\na: 1   # one\n'
    assert v.equal(a, b)


@pytest.mark.parametrize('a,b', [
    ('a: 1', 'a: "1"'),
    ('a: 1', 'a: 1.0'),
    ('a: true', 'a: 1'),
    ('a: [1, 2]', 'a: [2, 1]'),
    ('a: null', 'a: ""'),
    ('a: {b: 1}', 'a: {b: 1, c: 2}'),
])
def test_equal_is_type_exact(a, b):
    assert not v.equal(a, b)


def test_empty_documents_are_equal():
    assert v.equal('', '# only a comment\n')
    assert v.parse('') is None


def test_parse_error_names_line_and_column():
    with pytest.raises(v.ValuesError) as err:
        v.parse('a: 1\nb: [1, 2\n', 'packs[0].values')
    assert 'packs[0].values is not valid YAML' in str(err.value)
    assert 'line' in str(err.value)


def test_parse_rejects_several_documents():
    with pytest.raises(v.ValuesError):
        v.parse('a: 1\n---\nb: 2\n')


def test_invalid_yaml_compares_as_text():
    assert v.equal('a: [', 'a: [')
    assert not v.equal('a: [', 'a: [ ')


# -- merge -----------------------------------------------------------------------------------------

def test_merge_one_key_changes_only_that_line():
    new, normalized = v.merge(VMO, {'charts': {'virtual-machine-orchestrator': {'kubevirt': {'replicas': 3}}}})
    assert not normalized
    removed, added = changed_lines(VMO, new)
    assert removed == ['      replicas: 1   # one per site']
    assert added == ['      replicas: 3   # one per site']
    assert v.parse(new)['charts']['virtual-machine-orchestrator']['kubevirt']['replicas'] == 3


def test_merge_same_value_returns_text_unchanged():
    new, _normalized = v.merge(VMO, {'charts': {'virtual-machine-orchestrator': {'kubevirt': {'enabled': True}}}})
    assert new is VMO or new == VMO


def test_merge_keeps_quoting_of_replaced_string():
    new, _normalized = v.merge(VMO, {'charts': {'virtual-machine-orchestrator': {'appConfig': {'clusterInfo': {
        'consoleBaseAddress': 'https://vm.example.com'}}}}})
    assert '        consoleBaseAddress: "https://vm.example.com"\n' in new


def test_merge_in_a_document_ruamel_cannot_round_trip_keeps_untouched_lines():
    # mixed indentation (2 and 4) and sequences with and without offset: ruamel would re-indent it all
    new, normalized = v.merge(MIXED, {'charts': {'kubevirt': {'replicas': 3}}})
    assert not normalized
    removed, added = changed_lines(MIXED, new)
    assert removed == ['        replicas: 2']
    assert added == ['        replicas: 3']


def test_merge_new_keys_go_before_trailing_blank_lines():
    new, _normalized = v.merge(MIXED, {'pack': {'new': {'a': 1}}})
    assert '  namespace: "kube-system"   # ns\n  new:\n    a: 1\n\ncharts:\n' in new
    assert v.parse(new)['pack']['new'] == {'a': 1}


def test_merge_list_replaces_the_list():
    new, _normalized = v.merge(MIXED, {'charts': {'kubevirt': {'list': ['c']}}})
    assert v.parse(new)['charts']['kubevirt']['list'] == ['c']
    assert "    other: 'x'\n" in new
    assert new.startswith('# top comment\n')


def test_merge_top_level_key_and_into_empty():
    new, _normalized = v.merge(VMO, {'extra': True})
    assert new == VMO + 'extra: true\n'
    assert v.merge('', {'a': {'b': 1}})[0] == 'a:\n  b: 1\n'
    assert v.merge('# nothing yet\n', {'a': 1})[0] == '# nothing yet\na: 1\n'


def test_merge_keeps_comment_after_replaced_block():
    doc = 'a:\n  - 1\n  - 2\n\n# about b\nb: 1\n'
    new, _normalized = v.merge(doc, {'a': [3]})
    assert '# about b\nb: 1\n' in new
    assert v.parse(new) == {'a': [3], 'b': 1}


def test_merge_scalar_becomes_mapping():
    doc = 'a: 1  # note\nb: 2\n'
    new, _normalized = v.merge(doc, {'a': {'x': 1}})
    assert v.parse(new) == {'a': {'x': 1}, 'b': 2}


def test_merge_into_a_list_document_fails():
    with pytest.raises(v.ValuesError) as err:
        v.merge('- a\n- b\n', {'a': 1})
    assert 'not a mapping' in str(err.value)


def test_merge_into_invalid_yaml_fails_clearly():
    with pytest.raises(v.ValuesError) as err:
        v.merge('a: [1\n', {'a': 1}, 'the values of pack x')
    assert 'the values of pack x is not valid YAML' in str(err.value)


def test_merge_demo_seed_values_with_templates():
    doc = ('# The OS image is built by the edge team\'s CanvOS pipeline.\n'
           'pack:\n  content:\n    images:\n      - image: "{{.spectro.pack.edge-native-byoi.options.system.uri}}"\n'
           'options:\n  system.uri: "registry/edge/ubuntu:k3s-{{ .spectro.system.kubernetes.version }}-v4.4.12"\n'
           '  # Reboot policy after an OS upgrade.\n  system.reboot: true\n')
    new, normalized = v.merge(doc, {'options': {'system.reboot': False}})
    assert not normalized
    removed, added = changed_lines(doc, new)
    assert removed == ['  system.reboot: true'] and added == ['  system.reboot: false']


def test_deep_merge_plain():
    assert v.deep_merge_plain({'a': {'b': 1, 'c': 2}, 'd': [1]}, {'a': {'b': 5}, 'd': [2], 'e': {}}) == {
        'a': {'b': 5, 'c': 2}, 'd': [2], 'e': {}}


# -- diff ------------------------------------------------------------------------------------------

def test_unified_diff():
    assert v.unified_diff('a: 1\n', 'a: 1\n') == ''
    d = v.unified_diff('a: 1\n', 'a: 2\n', 'nginx/values.yaml')
    assert d.startswith('--- before/nginx/values.yaml\n+++ after/nginx/values.yaml\n')
    assert '-a: 1\n+a: 2\n' in d
    assert 'No newline at end of file' in v.unified_diff('a: 1', 'a: 2')


def test_dump_mapping():
    assert v.dump({'a': {'b': [1, 2]}}) == 'a:\n  b:\n    - 1\n    - 2\n'


# -- property: a merge yields exactly the merged data and leaves untouched blocks alone ----------

try:
    from hypothesis import given, settings, HealthCheck, strategies as st
    HAS_HYPOTHESIS = True
except ImportError:  # pragma: no cover
    HAS_HYPOTHESIS = False

if HAS_HYPOTHESIS:
    _keys = st.from_regex(r'[a-z][a-z0-9_-]{0,8}', fullmatch=True)
    _scalars = st.one_of(st.integers(-1000, 1000), st.booleans(), st.none(),
                         st.from_regex(r'[A-Za-z0-9 ./:_-]{0,12}', fullmatch=True))
    _docs = st.recursive(_scalars, lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_keys, children, min_size=1, max_size=4)), max_leaves=12)
    _top = st.dictionaries(_keys, _docs, min_size=1, max_size=5)

    def _render(data, mapping, offset, comment):
        from io import StringIO
        from ruamel.yaml import YAML
        y = YAML()
        y.indent(mapping=mapping, sequence=offset + 2, offset=offset)
        out = StringIO()
        y.dump(data, out)
        text = out.getvalue()
        if comment:
            text = '# generated\n' + '\n'.join(
                (line + '   # c') if line.rstrip().endswith(('1', '2', 'true')) else line for line in text.splitlines()) + '\n'
        return text

    def _blocks(text):
        blocks = {}
        key = None
        for line in text.splitlines(True):
            if line[:1] not in (' ', '#', '-', '\n', '') and ':' in line:
                key = line.split(':', 1)[0].strip().strip('"\'')
                blocks[key] = ''
            if key is not None:
                blocks[key] += line
        return blocks

    # 60: each example is several ruamel round trips; every make test run draws new ones
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(doc=_top, changes=st.dictionaries(_keys, _docs, min_size=1, max_size=3),
           mapping=st.sampled_from([2, 4]), offset=st.sampled_from([0, 2]), comment=st.booleans())
    def test_merge_property(doc, changes, mapping, offset, comment):
        text = _render(doc, mapping, offset, comment)
        before = v.parse(text)
        new, _normalized = v.merge(text, changes)
        expected = v.deep_merge_plain(before, changes)
        assert v.canonical(v.parse(new)) == v.canonical(expected)
        if v.canonical(expected) == v.canonical(before):
            assert new == text
        before_blocks = _blocks(text)
        after_blocks = _blocks(new)
        for key, block in before_blocks.items():
            if key not in changes and not _normalized:
                assert after_blocks.get(key) == block or after_blocks.get(key, '').rstrip('\n') == block.rstrip('\n')


# -- a document the user gives (check_document) -------------------------------------------------------------
@pytest.mark.parametrize('text, key, lines', [
    ('a: 1\na: 2\n', "'a'", 'lines 1 and 2'),
    ('charts:\n  nginx:\n    replicas: 1\n    image: x\n    replicas: 2\n', "'replicas'", 'lines 3 and 5'),
    ('a: 1\n"a": 2\n', "'a'", 'lines 1 and 2'),                 # quoting does not make another key
    ('list:\n  - k: 1\n    k: 2\n', "'k'", 'lines 2 and 3'),    # inside a list item
    ('a: 1\nb: 1\nb: 2\na: 3\n', "'b'", 'lines 2 and 3'),     # the first repeat in the document
])
def test_check_document_names_a_repeated_key_and_its_lines(text, key, lines):
    with pytest.raises(v.ValuesError) as err:
        v.check_document(text, 'packs[0].values')
    message = str(err.value)
    assert message.startswith('packs[0].values ') and key + ' twice' in message and lines in message


@pytest.mark.parametrize('text, kind', [
    ('- a\n- b\n', 'YAML list'),
    ('replicaCount 2', 'YAML string'),
    ('3', 'YAML number'),
    ('true', 'YAML boolean'),
])
def test_check_document_wants_a_mapping(text, kind):
    with pytest.raises(v.ValuesError) as err:
        v.check_document(text, 'packs[0].values')
    assert kind + ', not a mapping' in str(err.value)


@pytest.mark.parametrize('text, expected', [
    ('', None),
    ('# only a comment\n', None),
    ('a: 1\nb:\n  a: 2\n', {'a': 1, 'b': {'a': 2}}),          # the same key in two mappings
    ('"1": x\n1: y\n', {'1': 'x', 1: 'y'}),                  # a string and a number are two keys
    ('base: &b {k: 1}\nother: *b\n', {'base': {'k': 1}, 'other': {'k': 1}}),
])
def test_check_document_accepts(text, expected):
    assert v.check_document(text) == expected


def test_check_document_reports_invalid_yaml_as_parse_does():
    with pytest.raises(v.ValuesError, match=r'not valid YAML: .*line'):
        v.check_document('a: 1\nb: [1\n')
