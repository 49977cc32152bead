# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The input checks of a profile rollout that an argument spec cannot express, in one copy: the module
``palette_profile_rollout_plan`` runs them before its first request (the role's first step, so a bad input costs the
role no task of its own) and the filter ``profile_rollout_input_problems`` offers them to playbooks.

Each message names the option (with ``prefix``: the role's variables are its options with ``profile_rollout_`` in
front), the profile entry and the pack, and what to give instead. A message never holds a pack's values (they can
hold secrets), only their kind."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from collections.abc import Mapping

ROLE_PREFIX = 'profile_rollout_'
# option, its lowest and highest value in seconds; checked before the first write, not by the module that waits:
# that module runs after the profiles were written and published (wait_progress_interval 0: one silent wait)
RANGES = (('wait_timeout', 1, 86400), ('wait_sleep', 1, 600), ('wait_progress_interval', 0, 86400))
VALUE_FORMS = (('values', 'the whole values document as YAML text or a mapping'),
               ('values_merge', 'a mapping of the keys to change'))


def _as_int(value, otherwise):
    # what is no whole number gets ``otherwise``: one below the range, so that it is reported
    try:
        return int(value)
    except (TypeError, ValueError):
        return otherwise


def selection_problem(where, selection):
    """Why ``selection`` is not all, none or a list of cluster names or UIDs (None when it is)."""
    if isinstance(selection, str):
        if selection not in ('all', 'none'):
            return '%s: give all, none or a list of cluster names or UIDs, not %s' % (where, json.dumps(selection))
        return None
    if not isinstance(selection, (list, tuple)):
        return '%s: give all, none or a list of cluster names or UIDs' % where
    if any(not isinstance(ref, str) or not ref for ref in selection):
        return '%s: every cluster in the list must be a name or a UID' % where
    return None


def _kind(value):
    """The kind of a value, never the value: pack values can hold secrets."""
    if isinstance(value, str):
        return 'text'
    if isinstance(value, (list, tuple)):
        return 'a list'
    if isinstance(value, bool):
        return 'true/false'
    if isinstance(value, (int, float)):
        return 'a number'
    return 'a single value'


def _pack_problems(where, packs):
    problems = []
    for index, pack in enumerate(p for p in packs or [] if isinstance(p, Mapping)):
        for key, expected in VALUE_FORMS:
            given = pack.get(key)
            if given is None or isinstance(given, Mapping) or (key == 'values' and isinstance(given, str)):
                continue
            problems.append('%s pack %s: %s must be %s, not %s' % (where, pack.get('name', index), key, expected, _kind(given)))
    return problems


def _entry_problems(prefix, index, want, strategy, clusters='all'):
    where = '%sprofiles[%d] (%s)' % (prefix, index, want.get('name') or want.get('uid') or '?')
    problems = []
    strategy = want.get('strategy') or strategy
    if strategy == 'new_version' and not want.get('new_version'):
        problems.append(where + ': the new_version strategy needs new_version, the version to create')
    elif strategy != 'new_version' and want.get('new_version'):
        problems.append(where + ': new_version is only for the new_version strategy (set strategy: new_version)')
    if want.get('clusters') is not None:
        problems.append(selection_problem(where + '.clusters', want['clusters']))
    return where, problems + _addon_problems(where, want, strategy, clusters) + _pack_problems(where, want.get('packs'))


def _tag_problem(where, tags):
    if not isinstance(tags, (list, tuple)) or not tags:
        return '%s.cluster_tags: give a list of tags, each key:value or a bare key' % where
    for index, tag in enumerate(tags):
        if not isinstance(tag, str) or not tag.partition(':')[0].strip():
            return ('%s.cluster_tags[%d]: %s has no key; give key:value (for example env:prod) or a bare key'
                    % (where, index, json.dumps(tag) if isinstance(tag, str) else _kind(tag)))
    return None


def _addon_problems(where, want, strategy, clusters='all'):
    """The checks of attach and detach (``state``, ``attach``, ``cluster_tags``, ``variables``,
    ``cluster_variables``): what palette_cluster_profile refuses, found before the rollout's first write."""
    problems = []
    state = want.get('state') or 'present'
    attach = want.get('attach') in (True, 'true', 'yes', 'True')
    tags = want.get('cluster_tags')
    if state not in ('present', 'absent'):
        problems.append('%s.state: give present or absent, not %s' % (where, json.dumps(state)))
    if tags is not None:
        problems.append(_tag_problem(where, tags))
        if isinstance(want.get('clusters'), str):
            problems.append('%s.clusters: with cluster_tags give a list of cluster names or UIDs (added to the tagged '
                            'clusters) or leave it out, not %s' % (where, want['clusters']))
    # attach and detach write to clusters the entry names: never to "all" by default, so that an entry that forgot
    # its selection does not attach or detach across the whole fleet
    selection = clusters if want.get('clusters') is None else want.get('clusters')
    named = tags is not None or isinstance(selection, (list, tuple))
    for key in ('variables', 'cluster_variables'):
        given = want.get(key)
        if given is not None and (not isinstance(given, Mapping)
                                  or (key == 'cluster_variables' and not all(isinstance(v, Mapping) for v in given.values()))):
            problems.append('%s.%s: give a mapping of %s' % (where, key, 'variable name to value' if key == 'variables'
                                                             else 'cluster name or UID to a mapping of variable name to value'))
    if state == 'absent':
        wrong = [key for key in ('attach', 'packs', 'new_version', 'variables', 'cluster_variables') if want.get(key)]
        if strategy == 'new_version' and 'new_version' not in wrong:
            wrong.append('strategy new_version')
        if wrong:
            problems.append('%s: state absent detaches the profile from the clusters; %s cannot be used with it'
                            % (where, ', '.join(wrong)))
        if not named:
            problems.append('%s: state absent needs the clusters to detach it from: cluster_tags or a list of names or '
                            'UIDs in clusters (all is not taken: a forgotten selection must not detach it everywhere)' % where)
        return problems
    if attach:
        if not (want.get('uid') or want.get('version') or strategy == 'new_version'):
            problems.append('%s: attach needs version (or uid): the version to attach to the clusters that do not run '
                            'the profile' % where)
        if not named:
            problems.append('%s: attach needs the clusters to attach it to: cluster_tags or a list of names or UIDs in '
                            'clusters' % where)
    elif want.get('variables') is not None or want.get('cluster_variables') is not None:
        problems.append('%s: variables and cluster_variables are the values of an attach; set attach: true (or give '
                        'the values with spectrocloud.palette.palette_cluster_profile)' % where)
    return problems


def input_problems(profiles, strategy='in_place', clusters='all', wait_timeout=1800, wait_sleep=10, prefix=ROLE_PREFIX,
                   wait_progress_interval=20):
    """The messages, in the order of the options; empty when all is well."""
    problems = []
    if not profiles:
        problems.append('%sprofiles: give at least one profile' % prefix)
    for (option, lowest, highest), value in zip(RANGES, (wait_timeout, wait_sleep, wait_progress_interval)):
        if not lowest <= _as_int(value, lowest - 1) <= highest:
            problems.append('%s%s: %s is out of range; give %d to %d seconds' % (prefix, option, value, lowest, highest))
    problems.append(selection_problem(prefix + 'clusters', clusters))
    seen = set()
    for index, want in enumerate(profiles or []):
        where, found = _entry_problems(prefix, index, want, strategy, clusters)
        problems.extend(found)
        ref = want.get('uid') or '%s@%s' % (want.get('name') or '', want.get('version') or '')
        if ref in seen:
            problems.append(where + ': this profile is listed twice; give all its pack changes in one entry')
        seen.add(ref)
    return [p for p in problems if p]
