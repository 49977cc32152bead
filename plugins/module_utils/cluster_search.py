# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster search body and tag matching: the one place for them (modules, inventory plugin, profile service).

Facts (``palette-apis-spec.json``, REFERENCE.md sections 4 and 12):

* ``POST /v1/dashboard/spectroclusters/search`` (``v1SearchFilterSummarySpec``, paged with ``continue``): the
  official clients' filter recipe is ``isDeleted`` false and ``environment`` not ``nested``, plus
  ``clusterName``/``clusterState``/``tags`` conditions. Items of a group are AND-ed (group conjunction), the
  values of one item are OR-ed (``match.conjunction``).
* A tag without a value is stored as the label ``{key: "spectro__tag"}`` (REF section 12 item 7). Which string
  the search's ``tags`` condition knows it by is not documented (``key:spectro__tag`` or the bare ``key``), so a
  bare tag is searched as both (one item, the two values OR-ed) and every hit is checked against its labels here.

Pure functions over plain data. Compiles on Python 3.8+.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

SEARCH_PATH = '/v1/dashboard/spectroclusters/search'
BARE_TAG_VALUE = 'spectro__tag'   # the label value of a tag without a value
VIRTUAL_ENVIRONMENT = 'nested'    # search ``environment`` of virtual clusters

_WILDCARDS = re.compile(r'[*?\[]')


# -- filter items (v1SearchFilterItem) ------------------------------------------------------------------
def string_condition(prop, values, operator='eq', negation=False, ignore_case=False, conjunction='or'):
    """A ``v1SearchFilterItem`` with a string condition (its values OR-ed by default)."""
    return {'property': prop, 'type': 'string',
            'condition': {'string': {'operator': operator, 'negation': negation, 'ignoreCase': ignore_case,
                                     'match': {'conjunction': conjunction, 'values': list(values)}}}}


def bool_condition(prop, value):
    """A ``v1SearchFilterItem`` with a bool condition."""
    return {'property': prop, 'type': 'bool', 'condition': {'bool': {'value': bool(value)}}}


# -- tags -----------------------------------------------------------------------------------------------
def parse_tag(tag):
    """``"env:prod"`` -> ``("env", "prod")``; ``"edge"`` -> ``("edge", "")``: a tag without a value."""
    key, sep, value = str(tag).partition(':')
    return key.strip(), value.strip() if sep else ''


def label_value(value):
    """A label's value as a tag value: ``""`` for a tag without a value (stored as ``spectro__tag``)."""
    return '' if value in (None, BARE_TAG_VALUE) else str(value)


def tag_string(key, value):
    """The UI form of a tag: ``key:value``, or ``key`` for a tag without a value."""
    value = label_value(value)
    return '%s:%s' % (key, value) if value else key


def tag_strings(labels):
    """The UI tag strings of a labels dict, sorted by key."""
    return [tag_string(key, (labels or {})[key]) for key in sorted(labels or {})]


def tag_search_values(tag):
    """The strings a ``tags`` search condition may know ``tag`` by: ``["env:prod"]``, or for a bare tag both the
    stored form and the bare key (``["edge:spectro__tag", "edge"]``), to be OR-ed."""
    key, value = parse_tag(tag)
    if value:
        return ['%s:%s' % (key, value)]
    return ['%s:%s' % (key, BARE_TAG_VALUE), key]


def labels_match(labels, tags):
    """True when ``labels`` (``metadata.labels``) carry every tag of ``tags`` exactly: ``env:prod`` needs the
    label ``env=prod``; a bare ``edge`` needs the label ``edge`` without a value (``spectro__tag``)."""
    labels = labels or {}
    for tag in tags or []:
        key, value = parse_tag(tag)
        if not key:
            continue
        if key not in labels or label_value(labels[key]) != value:
            return False
    return True


def unique(values):
    """``values`` without repeats, in their first order (for unhashable values too)."""
    seen = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


# -- names ----------------------------------------------------------------------------------------------
def name_pattern_condition(pattern):
    """``(operator, value)`` for a cluster name glob the search grammar can express, else None.

    ``edge-01`` -> ``eq``; ``edge-*`` -> ``beginsWith edge-``; ``*store*`` -> ``contains store``. Any other
    glob (``?``, ``[..]``, a ``*`` in the middle) is left to the client."""
    if not pattern:
        return None
    if not _WILDCARDS.search(pattern):
        return ('eq', pattern)
    if pattern.startswith('*') and pattern.endswith('*') and len(pattern) > 2:
        inner = pattern[1:-1]
        if not _WILDCARDS.search(inner):
            return ('contains', inner)
    if pattern.endswith('*') and len(pattern) > 1:
        head = pattern[:-1]
        if not _WILDCARDS.search(head):
            return ('beginsWith', head)
    return None


# -- the body -------------------------------------------------------------------------------------------
def search_filter(name=None, name_contains=None, name_patterns=None, states=None, tags=None,
                  include_deleted=False, include_virtual=False):
    """The body of a cluster search that pre-filters on the server, and the list of what it pushed.

    Returns ``(body, pushed)``. Every group is AND-ed; the values of one item are OR-ed:

    * not deleted (``isDeleted`` false) and not virtual (``environment`` eq ``nested``, negated), unless asked for;
    * ``name`` (exact) and ``name_contains`` (ignoring case);
    * ``name_patterns`` (globs): one OR group of ``clusterName`` eq/beginsWith/contains items, only when *every*
      pattern can be expressed (otherwise the names are left to the client);
    * ``states``: ``clusterState`` eq any of them;
    * ``tags``: one ``tags`` item per tag (see :func:`tag_search_values`).

    The server filter only saves pages: callers check the hits with :func:`labels_match` (and names) too."""
    groups, pushed, base = [], [], []
    if not include_deleted:
        base.append(bool_condition('isDeleted', False))
        pushed.append('isDeleted=false')
    if not include_virtual:
        base.append(string_condition('environment', [VIRTUAL_ENVIRONMENT], negation=True))
        pushed.append('environment!=nested')
    if base:
        groups.append({'conjunction': 'and', 'filters': base})

    patterns = [p for p in (name_patterns or []) if p]
    if patterns:
        conditions = [name_pattern_condition(p) for p in patterns]
        if all(c is not None for c in conditions):
            by_operator = {}
            for operator, value in conditions:
                values = by_operator.setdefault(operator, [])
                if value not in values:
                    values.append(value)
            groups.append({'conjunction': 'or', 'filters': [string_condition('clusterName', by_operator[op], operator=op)
                                                            for op in ('eq', 'beginsWith', 'contains') if op in by_operator]})
            pushed.append('clusterName')

    extra = []
    if name is not None:
        extra.append(string_condition('clusterName', [name]))
        pushed.append('clusterName')
    if name_contains:
        extra.append(string_condition('clusterName', [name_contains], operator='contains', ignore_case=True))
        pushed.append('clusterName~')
    state_values = unique([s for s in (states or []) if s])
    if state_values:
        extra.append(string_condition('clusterState', state_values))
        pushed.append('clusterState')
    tag_items = [string_condition('tags', values)
                 for values in unique([tag_search_values(t) for t in tags or [] if parse_tag(t)[0]])]
    if tag_items:
        extra.extend(tag_items)
        pushed.append('tags')
    if extra:
        groups.append({'conjunction': 'and', 'filters': extra})

    body = {'sort': [{'field': 'clusterName', 'order': 'asc'}]}
    if groups:
        body['filter'] = {'conjunction': 'and', 'filterGroups': groups}
    return body, pushed


def search_body(name=None, name_contains=None, states=None, tags=None):
    """The body of the modules' cluster search (live, non-virtual clusters), see :func:`search_filter`."""
    return search_filter(name=name, name_contains=name_contains, states=states, tags=tags)[0]
