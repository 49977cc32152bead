# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Add-on profiles on clusters: attaching one to clusters that do not run it, and detaching it.

Facts (``palette-apis-spec.json``, REFERENCE.md sections 6 and 9):

* ``PATCH /v1/spectroclusters/{uid}/profiles`` with a ``profiles[]`` entry **without** ``replaceWithProfile`` adds
  that profile to the cluster -- even when the cluster already runs it, which gives a duplicate. So an attach is sent
  only to a cluster that runs no version of the profile; a cluster that runs one gets the update/switch (with
  ``replaceWithProfile``) instead. The attach itself is an ``ApplyPlan`` whose attached template is empty
  (:func:`to_attach`), so it is planned, sent, read back and waited for like any apply.
* ``DELETE /v1/spectroclusters/{uid}/profiles`` body ``v1SpectroClusterProfilesDeleteEntity {profileUids}`` -> 204
  removes attached profiles. Terraform never removes a cluster's infra profile this way (it swaps it with
  ``replaceWithProfile``); a cluster cannot run without its infra (or cluster-type) profile, so detaching one is
  refused here, before any write.
* Only add-on profiles are attached next to a cluster's own: a cluster has one infra (or cluster-type) profile.

Attaching is never implied: a cluster that does not run the profile is an error unless the task says
``attach: true`` (a cluster picked by mistake, or by a tag, must not silently get a profile).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import (
    ClusterError,
    attached_templates,
    cluster_template_ref,
    label,
    name_of,
    pack_text_lines,
    profile_version,
    uid_of,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.option_checks import refuse_keyless_tags

ADDON = 'add-on'
BASE_TYPES = ('infra', 'cluster')     # a cluster's own profile: never attached next to it, never detached


def check_selection(cluster_uids, cluster_names, cluster_tags):
    """At least one of the three; every tag with a key (``key:value`` or a bare ``key``)."""
    if not (cluster_uids or cluster_names or cluster_tags):
        raise ClusterError('cluster_uids: give at least one cluster (cluster_uids, cluster_names or cluster_tags)',
                           option='cluster_uids')
    refuse_keyless_tags(cluster_tags, 'cluster_tags')


def profile_type(profile):
    spec = (profile or {}).get('spec') or {}
    return ((spec.get('published') or spec.get('draft') or {}).get('type'))


def to_attach(profile, option='profile_name'):
    """The empty attached template of a cluster that does not run ``profile`` yet (``ApplyPlan`` attaches it);
    ClusterError unless ``profile`` is an add-on profile."""
    if profile is None:
        raise ClusterError('%s: the cluster profile to attach cannot be read in the project nor in tenant scope' % option,
                           option=option)
    kind = profile_type(profile)
    if kind != ADDON:
        raise ClusterError('attach: cluster profile %r version %s (%s) is of type %s; only add-on profiles are attached '
                           'next to the profiles a cluster runs (its own %s profile is switched with version or profile_uid)'
                           % (name_of(profile), profile_version(profile), uid_of(profile), kind, kind), option='attach')
    return {'name': name_of(profile), 'uid': None, 'profileVersion': None, 'type': kind, 'packs': []}


class DetachPlan(object):
    """What ``state: absent`` does to one cluster: the attached versions of the profile it removes."""

    def __init__(self, cluster, profile_name, uids=None):
        self.cluster = cluster
        self.uid = uid_of(cluster)
        self.name = name_of(cluster)
        self.profile_name = profile_name
        # every attached version of the profile, or only the given one(s)
        self.templates = [t for t in attached_templates(cluster) if t.get('name') == profile_name
                          and (not uids or t.get('uid') in uids)]
        self.detached = False

    @property
    def changed(self):
        return bool(self.templates)

    @property
    def profile_uids(self):
        return list(dict.fromkeys(t.get('uid') for t in self.templates))

    def refusal(self):
        """Why this cluster must not lose the profile (None when it may)."""
        ref = cluster_template_ref(self.cluster)
        if ref and self.templates:
            return ('cluster %s was built from cluster template %s: its profiles belong to the template; change the '
                    'template (or leave the cluster out)' % (label(self.cluster), ref['uid']))
        base = [t for t in self.templates if t.get('type') in BASE_TYPES]
        if base:
            return ('cluster %s: %s is its %s profile (version %s, %s); a cluster cannot run without it, so it is not '
                    'detached' % (label(self.cluster), self.profile_name, base[0].get('type'), base[0].get('profileVersion'),
                                  base[0].get('uid')))
        return None

    def result(self):
        return {'uid': self.uid, 'name': self.name, 'profile': self.profile_name, 'changed': self.changed,
                'action': 'detach' if self.changed else None,
                'before': [{'profile_uid': t.get('uid'), 'version': t.get('profileVersion'),
                            'packs': [{'name': p.get('name'), 'tag': p.get('tag')} for p in t.get('packs') or []]}
                           for t in self.templates],
                'detached': self.detached}

    def diff(self):
        before = []
        for tmpl in self.templates:
            before.extend(['profile: %s' % self.profile_name, 'profile_uid: %s' % tmpl.get('uid'),
                           'version: %s' % tmpl.get('profileVersion'), 'packs:'] + pack_text_lines(tmpl.get('packs') or []))
        header = 'cluster %s (%s)' % (self.name, self.uid)
        return {'before_header': header, 'after_header': header, 'before': '\n'.join(before) + '\n',
                'after': '# %s is not attached\n' % self.profile_name}


def detach_clusters(service, clusters, profile_name, uids=None, check_mode=False):
    """``state: absent``: remove ``profile_name`` (every attached version, or only ``uids``) from ``clusters`` with
    ``DELETE .../profiles``. Every refusal is raised, naming each cluster, before the first write; each cluster
    written to is read back. Returns the result dict."""
    plans = [DetachPlan(cluster, profile_name, uids) for cluster in clusters]
    refusals = [r for r in (p.refusal() for p in plans) if r]
    if refusals:
        raise ClusterError('; '.join(refusals) + '; nothing was sent', option='state')
    todo = [p for p in plans if p.changed]
    if not check_mode:
        def one(plan):
            service.detach_profiles(plan.uid, plan.profile_uids)
            plan.detached = True
            after = service.get(plan.uid)
            left = [t.get('uid') for t in attached_templates(after) if t.get('uid') in plan.profile_uids]
            if left:
                raise PaletteError('cluster %s (%s): Palette accepted the removal of %s but the cluster still runs %s'
                                   % (plan.name, plan.uid, profile_name, ', '.join(left)))
        results = service.concurrently(one, todo)
        errors = [err for dummy, dummy2, err in results if err is not None]
        if errors:
            err = errors[0]
            if not isinstance(err, PaletteError):
                raise err
            err.partial_result = {'changed': any(p.detached for p in plans), 'clusters': [p.result() for p in plans]}
            raise err
    result = {'changed': bool(todo), 'clusters': [p.result() for p in plans]}
    if todo:
        result['diff'] = [p.diff() for p in todo]
    return result
