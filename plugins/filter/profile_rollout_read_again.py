# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_read_again
short_description: The clusters the profile_rollout role reads again after its run
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - The role C(spectrocloud.palette.profile_rollout) reports what each target cluster runs after the run, against
    what it ran before (as M(spectrocloud.palette.palette_profile_rollout_plan) read it). A cluster needs no read
    for that when, for every profile it is a target of, the result of M(spectrocloud.palette.palette_cluster_profile)
    - which read the cluster last - shows it installed (C(converged) true, the apply waited), no other attached
    profile of it changed on the way, and the cluster did not change between the two reads - the apply sent the
    update and found the cluster attached to what the plan read, or sent nothing and found it on the content the
    plan read (this run changed nothing Palette could have applied by itself in between). Every other target is
    read again.
  - In check mode nothing was written and nothing is read again.
options:
  _input:
    description: The plan of the role, one entry per profile (C(index), C(name), C(targets)), as
      M(spectrocloud.palette.palette_profile_rollout_plan) returns it.
    type: list
    elements: dict
    required: true
  applied:
    description:
      - What the apply step returned, C([{index, result}]) in the order the role recorded them; the first record of
        a profile is its apply's result (a later one, the failure of a check after it).
    type: list
    elements: dict
    default: []
  changes:
    description: The results of M(spectrocloud.palette.palette_profile) by plan index.
    type: list
    elements: dict
    default: []
  publishes:
    description: The results of M(spectrocloud.palette.palette_profile_publish) by plan index.
    type: list
    elements: dict
    default: []
  before:
    description: The clusters as the plan read them (RV(spectrocloud.palette.palette_profile_rollout_plan#module:clusters)).
    type: list
    elements: dict
    default: []
  check_mode:
    description: Whether the run was in check mode.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Read the clusters again
  spectrocloud.palette.palette_cluster_info:
    uids: "{{ unconfirmed }}"
  vars:
    unconfirmed: >-
      {{ decision.profiles | spectrocloud.palette.profile_rollout_read_again(
           applied=applied, changes=changes.results, publishes=published.results, before=decision.clusters) }}
  when: unconfirmed | length > 0
"""

RETURN = r"""
_value:
  description: The UIDs of the target clusters to read again, each once, in plan order; empty when none.
  type: list
  elements: str
"""

from collections.abc import Mapping


def apply_results(applied):
    """{plan index: the result of its apply}: the first record of each index."""
    results = {}
    for record in applied or []:
        if isinstance(record, Mapping) and record.get('index') not in results:
            results[record.get('index')] = record.get('result') if isinstance(record.get('result'), Mapping) else {}
    return results


def result_at(items, index):
    """``items[index]`` when it is a result (a mapping), else {}: the results of a loop, by plan index."""
    items = items or []
    return items[index] if isinstance(index, int) and 0 <= index < len(items) and isinstance(items[index], Mapping) else {}


def _content(uid, packs):
    return uid, [(p.get('name'), p.get('tag')) for p in packs or [] if isinstance(p, Mapping)]


def _same_cluster(row, ran, made_here):
    """Whether the apply found the cluster as the plan read it: attached to the same version and tags before its
    update, or - when it sent nothing - on that content (which it then still ran, unless this run changed the
    profile: Palette may have applied that itself in between)."""
    if row.get('action') is None and made_here:
        return False
    side = row.get('before') if row.get('action') is not None else row.get('after')
    side = side if isinstance(side, Mapping) else {}
    return _content(side.get('profile_uid'), side.get('packs')) == _content(ran.get('uid'), ran.get('packs'))


def described_by_apply(plan, applied, changes=None, publishes=None, before=None):
    """The UIDs of the target clusters whose every row the apply results describe after the run."""
    results = apply_results(applied)
    clusters = dict((c.get('uid'), c) for c in before or [] if isinstance(c, Mapping))
    described = {}
    for entry in plan or []:
        index = entry.get('index')
        made_here = bool(result_at(changes, index).get('changed')) or bool(result_at(publishes, index).get('published'))
        rows = dict((c.get('uid'), c) for c in (results.get(index) or {}).get('clusters') or [] if isinstance(c, Mapping))
        for uid in entry.get('targets') or []:
            row = rows.get(uid) or {}
            ran = [p for p in (clusters.get(uid) or {}).get('profiles') or [] if p.get('name') == entry.get('name')]
            others_moved = any(isinstance(o, Mapping) and o.get('changed') for o in row.get('other_profiles') or [])
            yes = (row.get('converged') is True and not others_moved and bool(ran)
                   and _same_cluster(row, ran[0], made_here))
            described[uid] = described.get(uid, True) and yes
    return set(uid for uid, yes in described.items() if yes)


def profile_rollout_read_again(plan, applied=None, changes=None, publishes=None, before=None, check_mode=False):
    if check_mode:
        return []
    described = described_by_apply(plan, applied, changes, publishes, before)
    targets = dict.fromkeys(uid for entry in plan or [] for uid in entry.get('targets') or [])
    return [uid for uid in targets if uid not in described]


class FilterModule(object):
    """The clusters the role spectrocloud.palette.profile_rollout reads again."""

    def filters(self):
        return {'profile_rollout_read_again': profile_rollout_read_again}
