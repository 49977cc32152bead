# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Add-on profiles in a profile rollout (issue #18): which clusters an entry with ``attach: true`` attaches its
version to, and which clusters an entry with ``state: absent`` detaches its profile from - decided in the rollout's
one read (``rollout_plan``), with what ``palette_cluster_profile`` refuses (an attach of an infra or cluster
profile, a detach of a cluster's own profile or from a cluster built from a template, tags that select no
cluster) found before the rollout's first write. The role's attach and detach step then calls that module with
the clusters planned here; the module reads them again before its write.

An attach goes only to a cluster that runs no version of the profile (``cluster_attach``: a second attach would
give a duplicate); a selected cluster that runs one is a target of the entry like a listed one. A detach of a
cluster that does not run the profile is nothing to do, not an error (what ``state: absent`` asks for is true)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_attach import DetachPlan, to_attach
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import (
    ClusterError,
    name_of,
    profile_version,
    uid_of,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_variables import VariablePlan


def where(entry, prefix, option=None):
    """How a message names the entry's option, as the caller set it (``profile_rollout_profiles[1].cluster_tags``)."""
    return '%sprofiles[%d]%s' % (prefix, entry['index'], '.' + option if option else '')


def tagged(service, entry, prefix):
    """The clusters ``cluster_tags`` selects (full reads); a ClusterError naming the option when none carries them."""
    tags = entry['tags']
    if not tags:
        return []
    hits = service.search(tags=[str(t) for t in tags])
    if not hits:
        raise ClusterError('%s: no cluster in %s carries every tag of %s; nothing was changed'
                           % (where(entry, prefix, 'cluster_tags'), service.scope_text(), ', '.join(tags)),
                           option=where(entry, prefix, 'cluster_tags'))
    clusters = []
    for hit, cluster in zip(hits, service.map(service.get, [uid_of(h) for h in hits])):
        if cluster is None:
            raise ClusterError('%s: cluster %s (%s) disappeared while it was being read; nothing was changed'
                               % (where(entry, prefix, 'cluster_tags'), name_of(hit), uid_of(hit)),
                               option=where(entry, prefix, 'cluster_tags'))
        clusters.append(cluster)
    return clusters


def check_attach(entry, prefix):
    """An attach is of an add-on profile: refused before any write otherwise. The version to be created has the
    type of the version it is cloned from."""
    if not entry['attach']:
        return
    try:
        to_attach(entry['target'] or entry['source'])
    except ClusterError as err:
        # the module's message names its own option: the role's replaces it
        text = str(err)
        text = text[len('attach: '):] if text.startswith('attach: ') else text
        raise ClusterError('%s: %s; nothing was changed' % (where(entry, prefix, 'attach'), text),
                           option=where(entry, prefix, 'attach'))


def plan_detach(entry, clusters, prefix):
    """The UIDs of ``clusters`` that run the profile (the version named, when the entry names one; else any
    version) and lose it; a ClusterError naming every cluster that must keep it."""
    only = [uid_of(entry['source'])] if entry['named_version'] else None
    plans = [DetachPlan(cluster, name_of(entry['source']), only) for cluster in clusters]
    refusals = [r for r in (p.refusal() for p in plans) if r]
    if refusals:
        raise ClusterError('%s: %s; nothing was changed' % (where(entry, prefix, 'state'), '; '.join(refusals)),
                           option=where(entry, prefix, 'state'))
    return [p.uid for p in plans if p.changed]


def check_cluster_variables(entry, clusters, prefix):
    """Every key of the entry's ``cluster_variables`` names one of its selected clusters (by name or UID), as
    palette_cluster_profile requires of its own; checked here so that a mistyped key stops the rollout before its
    first write, not at the attach after the profiles were written."""
    given = entry['want'].get('cluster_variables') or {}
    known = set(name_of(c) for c in clusters) | set(uid_of(c) for c in clusters)
    unknown = sorted(str(key) for key in given if str(key) not in known)
    if unknown:
        option = where(entry, prefix, 'cluster_variables')
        raise ClusterError('%s: %s is not a cluster this entry selects (%s); nothing was changed'
                           % (option, ', '.join(unknown), ', '.join(sorted(name_of(c) for c in clusters)) or 'none'),
                           option=option)


def check_attach_variables(service, entry, clusters, prefix):
    """The values an attach sends (the entry's ``variables``, with ``cluster_variables`` over them) against the
    variables its version declares, for each cluster it attaches to (``clusters``: {uid: cluster}): a name the
    version does not declare, or a required variable without a default left without a value, fails the plan before
    the rollout's first write, as palette_cluster_profile would at the attach, after the profiles were written. The
    version to attach is the one named (a new version is cloned from it, with its variables). One read, only when
    the entry attaches to a cluster."""
    if not entry.get('attach_uids'):
        return
    version = entry['target'] or entry['source']
    declared = service.profile_variables(uid_of(version))
    given = entry['want'].get('variables') or {}
    per_cluster = entry['want'].get('cluster_variables') or {}
    what = 'cluster profile %r version %s' % (name_of(version), profile_version(version))
    undeclared, missing = set(), []
    for uid in entry['attach_uids']:
        cluster = clusters[uid]
        values = dict(given)
        values.update(per_cluster.get(name_of(cluster)) or {})
        values.update(per_cluster.get(uid) or {})
        plan = VariablePlan(declared, values, {}, True)
        undeclared.update(plan.undeclared)
        if plan.missing:
            missing.append('%s (%s)' % (name_of(cluster), ', '.join(plan.missing)))
    problems = []
    if undeclared:
        problems.append('%s declares no variable %s; it declares: %s' % (
            what, ', '.join(sorted(undeclared)), ', '.join(sorted(v.get('name') for v in declared if v.get('name'))) or 'none'))
    if missing:
        options = (where(entry, prefix, 'variables'), where(entry, prefix, 'cluster_variables'))
        problems.append('the cluster(s) it attaches to have no value for required variable(s) of %s, which have no '
                        'default: %s; give them in %s or %s' % ((what, '; '.join(missing)) + options))
    if problems:
        option = where(entry, prefix, 'variables')
        raise ClusterError('%s: %s; nothing was changed' % (option, '; '.join(problems)), option=option)


def unused_message(unused, entries, prefix):
    """The refusal of selected clusters that run none of the profiles and that no entry attaches to."""
    return ('%s: %s run(s) none of the profiles %s; nothing was changed (attach: true on the profile entry attaches an '
            'add-on profile to them)' % (unused[0][1], ', '.join(ref for ref, dummy in unused),
                                         ', '.join(name_of(e['source']) for e in entries)))
