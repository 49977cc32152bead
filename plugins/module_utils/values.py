# -*- coding: utf-8 -*-
# Copyright (c) Spectro Cloud Palette Ansible collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Pack values (``values.yaml`` text) helpers.

* parse and compare values as YAML data (formatting, comments and quoting are not a change);
* merge a few keys into a values document while keeping comments, key order and the formatting of
  every untouched line (``ruamel.yaml`` round trip, then only the changed lines are patched into the
  original text);
* a readable unified diff.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import difflib
import math
import re
import traceback

try:
    from io import StringIO
except ImportError:  # pragma: no cover
    from StringIO import StringIO  # type: ignore

RUAMEL_IMPORT_ERROR = None
try:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import ScalarString
    from ruamel.yaml.error import YAMLError as RuamelYAMLError, CommentMark
    from ruamel.yaml.tokens import CommentToken
    HAS_RUAMEL = True
except ImportError:
    HAS_RUAMEL = False
    RUAMEL_IMPORT_ERROR = traceback.format_exc()

PYYAML_IMPORT_ERROR = None
try:
    import yaml as pyyaml
    HAS_PYYAML = True
except ImportError:
    HAS_PYYAML = False
    PYYAML_IMPORT_ERROR = traceback.format_exc()


class ValuesError(Exception):
    """A values document cannot be parsed or merged."""


_LINE_INDENT = re.compile(r'^( *)')


def _mark_text(err):
    mark = getattr(err, 'problem_mark', None) or getattr(err, 'context_mark', None)
    problem = getattr(err, 'problem', None) or str(err).strip().splitlines()[0]
    if mark is not None:
        return '%s (line %d, column %d)' % (problem, mark.line + 1, mark.column + 1)
    return problem


def _safe_loader():
    yaml = YAML(typ='safe', pure=True)
    yaml.allow_duplicate_keys = True
    return yaml


def parse(text, what='values'):
    """Parse one YAML document into plain Python data. ``None``/empty text gives ``None``.

    Raises ValuesError with the line and column of the problem."""
    if text is None:
        return None
    if not isinstance(text, str):
        raise ValuesError('%s must be a string, got %s' % (what, type(text).__name__))
    if HAS_RUAMEL:
        try:
            docs = list(_safe_loader().load_all(text))
        except RuamelYAMLError as err:
            raise ValuesError('%s is not valid YAML: %s' % (what, _mark_text(err)))
        except Exception as err:  # ruamel raises plain exceptions for a few malformed inputs
            raise ValuesError('%s is not valid YAML: %s' % (what, err))
    elif HAS_PYYAML:
        try:
            docs = list(pyyaml.safe_load_all(text))
        except pyyaml.YAMLError as err:
            raise ValuesError('%s is not valid YAML: %s' % (what, _mark_text(err)))
    else:
        raise ValuesError('parsing %s needs the Python library ruamel.yaml (or PyYAML)' % what)
    docs = [d for d in docs if d is not None] if len(docs) > 1 else docs
    if not docs:
        return None
    if len(docs) > 1:
        raise ValuesError('%s holds %d YAML documents; a pack values document is one document' % (what, len(docs)))
    return docs[0]


def check_document(text, what='values'):
    """A values document given by the user: one YAML document whose top level is a mapping (or empty), each key
    once per mapping. Returns the parsed data; raises ValuesError naming the repeated key and its lines, or saying
    what the document is instead of a mapping."""
    data = parse(text, what)
    repeated = duplicate_key(text)
    if repeated is not None:
        key, first, second = repeated
        raise ValuesError('%s gives the key %r twice in one mapping (lines %d and %d); YAML would keep only one of '
                          'them, so give each key once' % (what, key, first, second))
    if data is not None and not isinstance(data, dict):
        raise ValuesError('%s is a YAML %s, not a mapping; a pack values document maps keys to values '
                          '(for example "replicaCount: 2")' % (what, _kind(data)))
    return data


_KINDS = ((bool, 'boolean'), ((int, float), 'number'), (str, 'string'), ((list, tuple), 'list'))


def _kind(data):
    """The YAML word for what ``data`` is (the value itself is not shown: it may be long)."""
    for types, word in _KINDS:
        if isinstance(data, types):
            return word
    return type(data).__name__


def duplicate_key(text):
    """``(key, first line, second line)`` of the first key given twice in one mapping of ``text`` (lines from 1),
    or None. Read from the composed nodes, which keep every key: the parsers keep one silently (or fail without
    saying which lines)."""
    try:
        if HAS_RUAMEL:
            roots = list(YAML(typ='safe', pure=True).compose_all(text or ''))
        elif HAS_PYYAML:
            roots = list(pyyaml.compose_all(text or '', Loader=pyyaml.SafeLoader))
        else:
            return None
    except Exception:  # invalid YAML: parse() reports it
        return None
    found = []
    todo = [node for node in roots if node is not None]
    visited = set()
    while todo:
        node = todo.pop()
        if id(node) in visited:  # an alias is the same node object again
            continue
        visited.add(id(node))
        if node.id == 'sequence':
            todo.extend(node.value)
        elif node.id == 'mapping':
            first_line = {}
            for key, value in node.value:
                todo.append(value)
                if key.id != 'scalar' or key.tag.endswith(':merge'):
                    continue
                ident = (key.tag, key.value)
                line = key.start_mark.line + 1
                if ident in first_line:
                    found.append((line, key.value, first_line[ident]))
                else:
                    first_line[ident] = line
    if not found:
        return None
    line, key, first = min(found)
    return key, first, line


def canonical(data):
    """A hashable, type-exact form of YAML data: ``1``, ``1.0``, ``true`` and ``"1"`` all differ,
    mapping order does not matter, sequence order does."""
    if isinstance(data, dict):
        items = [(canonical(k), canonical(v)) for k, v in data.items()]
        return ('map', tuple(sorted(items, key=repr)))
    if isinstance(data, (list, tuple)):
        return ('seq', tuple(canonical(v) for v in data))
    if data is None:
        return ('null',)
    if isinstance(data, bool):
        return ('bool', data)
    if isinstance(data, int):
        return ('int', int(data))
    if isinstance(data, float):
        if math.isnan(data):  # NaN equals itself as YAML data
            return ('float', 'nan')
        return ('float', float(data))
    if isinstance(data, (datetime.date, datetime.datetime)):
        return ('time', data.isoformat())
    if isinstance(data, bytes):
        return ('bytes', data)
    return ('str', str(data))


def equal(a_text, b_text):
    """True when two values texts hold the same YAML data. Texts that are not valid YAML are
    compared as text."""
    if a_text == b_text:
        return True
    try:
        return canonical(parse(a_text)) == canonical(parse(b_text))
    except ValuesError:
        return (a_text or '') == (b_text or '')


def to_plain(data):
    """ruamel/commented data -> plain dict/list/scalars."""
    if isinstance(data, dict):
        return dict((to_plain(k), to_plain(v)) for k, v in data.items())
    if isinstance(data, (list, tuple)):
        return [to_plain(v) for v in data]
    if HAS_RUAMEL and isinstance(data, ScalarString):
        return str(data)
    return data


def unified_diff(before, after, name='values'):
    """A readable unified diff of two texts ('' when they are equal)."""
    before = before or ''
    after = after or ''
    if before == after:
        return ''
    a = before.splitlines(True)
    b = after.splitlines(True)
    if a and not a[-1].endswith('\n'):
        a[-1] += '\n\\ No newline at end of file\n'
    if b and not b[-1].endswith('\n'):
        b[-1] += '\n\\ No newline at end of file\n'
    return ''.join(difflib.unified_diff(a, b, 'before/%s' % name, 'after/%s' % name))


def dump(data):
    """Plain data -> block-style YAML text (for values given as a mapping)."""
    if data is None:
        return ''
    if HAS_RUAMEL:
        yaml = YAML(typ='rt')
        yaml.default_flow_style = False
        yaml.width = 4096
        yaml.indent(mapping=2, sequence=4, offset=2)
        out = StringIO()
        yaml.dump(data, out)
        return out.getvalue()
    if HAS_PYYAML:
        return pyyaml.safe_dump(data, default_flow_style=False, sort_keys=False, width=4096)
    raise ValuesError('writing YAML needs the Python library ruamel.yaml (or PyYAML)')


# --------------------------------------------------------------------------------------------
# merge

def _guess_indent(text):
    """(mapping indent, sequence indent, sequence dash offset) used by most of the document."""
    map_votes = {}
    offset_votes = {}
    seq_votes = {}
    prev_key_indent = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith('#'):
            continue
        indent = len(_LINE_INDENT.match(line).group(1))
        if prev_key_indent is not None and indent > prev_key_indent:
            if stripped.startswith('- ') or stripped == '-':
                off = indent - prev_key_indent
                offset_votes[off] = offset_votes.get(off, 0) + 1
                rest = stripped[1:]
                content = len(rest) - len(rest.lstrip(' ')) + 1
                seq_votes[off + content] = seq_votes.get(off + content, 0) + 1
            else:
                d = indent - prev_key_indent
                map_votes[d] = map_votes.get(d, 0) + 1
        elif prev_key_indent is not None and indent == prev_key_indent and stripped.startswith('- '):
            offset_votes[0] = offset_votes.get(0, 0) + 1
            rest = stripped[1:]
            seq_votes[len(rest) - len(rest.lstrip(' ')) + 1] = seq_votes.get(len(rest) - len(rest.lstrip(' ')) + 1, 0) + 1
        body = stripped
        if body.startswith('- '):
            body = body[2:].lstrip()
            indent = len(line) - len(line.lstrip(' -'))
        no_comment = body.split(' #', 1)[0].rstrip()
        prev_key_indent = indent if no_comment.endswith(':') else None

    def best(votes, default):
        if not votes:
            return default
        return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    mapping = best(map_votes, 2)
    offset = best(offset_votes, 0)
    sequence = best(seq_votes, offset + 2)
    sequence = max(sequence, offset + 2)
    return mapping, sequence, offset


def _rt_yaml(text):
    yaml = YAML(typ='rt')
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = _guess_indent(text or '')
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    if (text or '').lstrip().startswith('---'):
        yaml.explicit_start = True
    return yaml


def _rt_dump(yaml, data):
    out = StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _styled_like(old, new):
    """Keep the quoting style of a replaced string scalar."""
    if isinstance(old, ScalarString) and isinstance(new, str) and not isinstance(new, ScalarString):
        try:
            return type(old)(new)
        except Exception:
            return new
    return new


def _to_rt(value):
    """Plain data from a module argument -> data ruamel can dump in block style."""
    if isinstance(value, dict):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _to_rt(v)
        return m
    if isinstance(value, (list, tuple)):
        s = CommentedSeq()
        for v in value:
            s.append(_to_rt(v))
        return s
    return value


def _last_slot(node):
    """(container, key, comment index) of the deepest last item under ``node``: where ruamel keeps
    the comments and blank lines that follow ``node``'s last line."""
    if isinstance(node, CommentedMap) and len(node):
        last = list(node.keys())[-1]
        deeper = _last_slot(node[last])
        return deeper or (node, last, 2)
    if isinstance(node, CommentedSeq) and len(node):
        idx = len(node) - 1
        deeper = _last_slot(node[idx])
        return deeper or (node, idx, 0)
    return None


def _take_trailing(node):
    """Detach the comment lines / blank lines that follow the last line of ``node`` (keeping an
    end-of-line comment in place) and return them ('' when there are none)."""
    slot = _last_slot(node)
    if slot is None:
        return ''
    container, key, index = slot
    entry = container.ca.items.get(key)
    if not entry or len(entry) <= index or entry[index] is None:
        return ''
    token = entry[index]
    value = token.value or ''
    if '\n' not in value:
        return ''
    head, rest = value.split('\n', 1)
    if not rest:
        return ''
    if head.strip():
        token.value = head + '\n'
    else:
        entry[index] = None
    return rest


def _put_trailing(node, rest, parent=None, key=None):
    """Attach text taken by ``_take_trailing`` after the last line of ``node``."""
    if not rest:
        return
    slot = _last_slot(node)
    if slot is None:
        if parent is None:
            return
        slot = (parent, key, 2)
    container, ckey, index = slot
    entry = container.ca.items.setdefault(ckey, [None, None, None, None])
    while len(entry) <= index:
        entry.append(None)
    if entry[index] is None:
        entry[index] = CommentToken('\n' + rest, CommentMark(0), None)
    else:
        value = entry[index].value or ''
        if not value.endswith('\n'):
            value += '\n'
        entry[index].value = value + rest


def _merge_into(target, changes):
    for key, value in changes.items():
        if key in target and isinstance(value, dict) and isinstance(target[key], dict) and value:
            _merge_into(target[key], value)
            continue
        if key in target:
            old = target[key]
            rest = _take_trailing(old) if isinstance(old, (CommentedMap, CommentedSeq)) else ''
            target[key] = _styled_like(old, _to_rt(value))
            _put_trailing(target[key], rest, target, key)
            continue
        # a new key goes last; the comments/blank lines after the old last line move after it
        rest = _take_trailing(target) if len(target) else ''
        target[key] = _to_rt(value)
        _put_trailing(target[key], rest, target, key)


def deep_merge_plain(base, changes):
    """The data a merge produces, on plain data (what ``merge`` must yield)."""
    if not isinstance(base, dict):
        base = {}
    result = dict(base)
    for key, value in changes.items():
        if key in result and isinstance(value, dict) and isinstance(result[key], dict) and value:
            result[key] = deep_merge_plain(result[key], value)
        else:
            result[key] = value
    return result


def _norm(line):
    return ' '.join(line.split())


def _indent_of(line):
    return len(line) - len(line.lstrip(' '))


def _patch_lines(original, noop, changed):
    """Apply the line changes between ``noop`` (ruamel's rendering of the original) and ``changed``
    (ruamel's rendering after the merge) to the original text, so that every line the merge did
    not touch stays byte-for-byte. Lines ruamel indented differently from the original are matched
    on their content and replacement lines take the original's indentation for their level.
    None when the changes cannot be placed."""
    orig_lines = original.splitlines(True)
    noop_lines = noop.splitlines(True)
    new_lines = changed.splitlines(True)
    mapping = {}
    matcher = difflib.SequenceMatcher(None, [_norm(x) for x in noop_lines], [_norm(x) for x in orig_lines], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k

    def usable(i):
        return i in mapping and noop_lines[i].strip() and not noop_lines[i].lstrip().startswith('#')

    def delta_for(level, i1, i2):
        """indentation delta (original - ruamel) for a line at ruamel indent ``level`` replacing
        noop lines i1..i2: from a replaced or sibling line at the same level, else the parent."""
        for i in range(i1, i2):
            if usable(i) and _indent_of(noop_lines[i]) == level:
                return _indent_of(orig_lines[mapping[i]]) - level
        parent = None
        for i in range(i1 - 1, -1, -1):
            if not usable(i):
                continue
            ind = _indent_of(noop_lines[i])
            if ind == level:
                return _indent_of(orig_lines[mapping[i]]) - ind
            if ind < level:
                parent = _indent_of(orig_lines[mapping[i]]) - ind
                break
        for i in range(i2, len(noop_lines)):
            if not usable(i):
                continue
            ind = _indent_of(noop_lines[i])
            if ind == level:
                return _indent_of(orig_lines[mapping[i]]) - ind
            if ind < level:
                break
        return parent or 0

    def reindent(lines, i1, i2):
        out = []
        stack = []  # (ruamel indent, delta) of the new lines above, for nested new content
        for line in lines:
            if not line.strip():
                out.append(line)
                continue
            level = _indent_of(line)
            while stack and stack[-1][0] >= level:
                stack.pop()
            if stack:
                delta = stack[-1][1]
            else:
                delta = delta_for(level, i1, i2)
            stack.append((level, delta))
            if delta >= 0:
                out.append(' ' * delta + line)
            elif line[:-delta].strip() == '':
                out.append(line[-delta:])
            else:
                return None
        return out

    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, noop_lines, new_lines, autojunk=False).get_opcodes():
        if tag == 'equal':
            continue
        repl = reindent(new_lines[j1:j2], i1, i2)
        if repl is None:
            return None
        if i1 == i2:
            if i1 == 0:
                start = 0
            elif (i1 - 1) in mapping:
                start = mapping[i1 - 1] + 1
            elif i1 in mapping:
                start = mapping[i1]
            else:
                return None
            edits.append((start, start, repl))
            continue
        idx = [mapping.get(i) for i in range(i1, i2)]
        if any(v is None for v in idx) or idx != list(range(idx[0], idx[0] + len(idx))):
            return None
        edits.append((idx[0], idx[-1] + 1, repl))
    result = list(orig_lines)
    for start, end, repl in sorted(edits, key=lambda e: e[0], reverse=True):
        if start > 0 and not result[start - 1].endswith('\n'):
            result[start - 1] += '\n'
        result[start:end] = repl
    return ''.join(result)


def merge(text, changes, what='values'):
    """Merge ``changes`` (a mapping; nested mappings merge key by key, anything else replaces the
    value) into the values document ``text``.

    Returns ``(new_text, normalized)``: ``new_text`` equals ``text`` when the data does not change;
    the comments, key order and formatting of untouched lines are kept. ``normalized`` is True when
    ruamel had to re-render the whole document (it could not patch only the changed lines)."""
    if not isinstance(changes, dict):
        raise ValuesError('values_merge must be a mapping of keys to new values')
    if not HAS_RUAMEL:
        raise ValuesError('values_merge needs the Python library ruamel.yaml')
    before = parse(text, what)  # raises a clear error for invalid YAML
    if before is not None and not isinstance(before, dict):
        raise ValuesError('%s is a YAML %s, not a mapping; values_merge can only change keys of a mapping'
                          % (what, type(before).__name__))
    expected = deep_merge_plain(before or {}, to_plain(changes))
    if canonical(expected) == canonical(before if before is not None else {}) and before is not None:
        return text, False
    if before is None or not (text or '').strip() or not _has_content(text):
        prefix = text if text and text.endswith('\n') else ((text + '\n') if text else '')
        return prefix + dump(to_plain(changes)), False

    yaml = _rt_yaml(text)
    try:
        data = yaml.load(text)
    except Exception as err:
        raise ValuesError('%s cannot be merged: %s' % (what, err))
    noop = _rt_dump(yaml, data)
    _merge_into(data, changes)
    changed = _rt_dump(yaml, data)

    candidates = []
    if noop == text:
        candidates.append((changed, False))
    else:
        patched = _patch_lines(text, noop, changed)
        if patched is not None:
            candidates.append((patched, False))
        candidates.append((changed, True))
    for candidate, normalized in candidates:
        try:
            got = parse(candidate, what)
        except ValuesError:
            continue
        if canonical(got) == canonical(expected):
            return candidate, normalized
    raise ValuesError('merging into %s did not produce the expected data; change the values with the '
                      '`values` option instead' % what)


def _has_content(text):
    for line in (text or '').splitlines():
        s = line.strip()
        if s and not s.startswith('#') and s not in ('---', '...'):
            return True
    return False
