# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: fleet_status_summary
short_description: The fleet report of the fleet_status role from the clusters and profiles read
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Builds C(fleet_status_summary), the report of the role C(spectrocloud.palette.fleet_status), from the clusters
    M(spectrocloud.palette.palette_cluster_info) read and the profiles M(spectrocloud.palette.palette_profile_info)
    read - per profile which clusters run each version, per cluster what it runs, whether each profile version is
    the newest one, and its pending update pack by pack. The fields are those of the role's README.
  - The newest version of a profile is the highest of the versions Palette lists for its name, compared the way the
    C(version) test compares them (loose versions). A cluster runs an older version (C(behind)) when its version is
    lower than that newest one.
  - A pack whose values alone differ from the published profile holds either the cluster's own values or an edit
    not applied yet (the API does not tell them apart). It counts as pending only while Palette shows
    "Updates Available" for the cluster (C(update_pending)); otherwise it is listed in C(own_values).
  - Clusters are reported in name order and profiles in name order (both ignoring case); the versions of a profile
    in the text order of their version string (ignoring case).
  - The report holds what the two modules returned, never a credential.
options:
  _input:
    description:
      - The clusters read, RV(spectrocloud.palette.palette_cluster_info#module:clusters).
    type: list
    elements: dict
    required: true
  profiles:
    description:
      - The profiles read, RV(spectrocloud.palette.palette_profile_info#module:profiles) (each with C(name),
        C(version), C(versions) and C(has_draft)).
    type: list
    elements: dict
    default: []
  only:
    description:
      - Names of the profiles to report. Empty reports every profile a cluster runs.
    type: list
    elements: str
    default: []
  read_at:
    description:
      - The time to report as C(read_at). Default the current UTC time, as C(YYYY-MM-DDTHH:MM:SSZ).
    type: str
"""

EXAMPLES = r"""
- name: Read the clusters
  spectrocloud.palette.palette_cluster_info:
    include_values: false
  register: clusters

- name: Read the profiles
  spectrocloud.palette.palette_profile_info:
  register: profiles

- name: Report which cluster runs which profile version and what is pending
  ansible.builtin.set_fact:
    fleet_status_summary: >-
      {{ clusters.clusters | spectrocloud.palette.fleet_status_summary(profiles=profiles.profiles, only=['core']) }}
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    read_at:
      description: When the report was put together (UTC).
      type: str
      sample: "2026-03-01T10:00:00Z"
    clusters:
      description:
        - Per cluster, in name order - C(name), C(uid), C(state), C(health), C(update_pending) (a profile has a
          pending pack), C(install) (C(state) and C(message) of RV(spectrocloud.palette.palette_cluster_info#module:clusters[].install),
          or null), C(repave) (its C(state), or null), and C(profiles).
        - Each of C(profiles) (those of O(only)) has C(name), C(version), C(uid), C(type), C(newest_version),
          C(behind), C(pending), C(pending_version), C(pending_packs) (the packs of the pending update that count)
          and C(own_values) (packs whose values alone differ while no update is pending).
      type: list
      elements: dict
    profiles:
      description:
        - Per profile name a cluster runs, in name order - C(name), C(newest_version), C(drafts) (the versions with
          an unpublished draft) and C(versions) (each C(version) with the C(clusters) that run it).
      type: list
      elements: dict
    counts:
      description:
        - C(clusters), C(running) (state C(Running)), C(update_pending), C(installing) (install C(installing) or
          C(not_started)), C(waiting) (C(waiting_for_trigger) or C(repave_pending)), C(install_failed) and
          C(behind_newest_version) (clusters with a profile behind its newest version).
      type: dict
"""

import datetime
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError
from ansible.module_utils.compat.version import LooseVersion

INSTALLING = ('installing', 'not_started')
WAITING = ('waiting_for_trigger', 'repave_pending')


def _older(version, than):
    """version < than, as the version test compares them (loose versions)."""
    try:
        return LooseVersion(str(version)) < LooseVersion(str(than))
    except TypeError as error:
        raise AnsibleFilterError('fleet_status_summary: cannot compare the profile versions %r and %r: %s' % (version, than, error))


def _ignore_case(value):
    """The sort key Jinja's sort filter uses by default: text compared ignoring case."""
    return value.lower() if isinstance(value, str) else value


def _newest_and_drafts(profiles):
    """The newest version of each profile name among the versions Palette lists for it, and the versions (in
    listing order) that hold an unpublished draft."""
    newest, drafts = {}, {}
    for profile in profiles:
        for listed in list(profile.get('versions') or []) + [{'uid': profile.get('uid'), 'version': profile.get('version')}]:
            version = listed.get('version')
            current = newest.get(profile.get('name'))
            if version and (current is None or _older(current, version)):
                newest[profile.get('name')] = version
        if profile.get('has_draft'):
            drafts.setdefault(profile.get('name'), []).append(profile.get('version'))
    return newest, drafts


def _row(cluster, profile, newest):
    """What the cluster runs of one profile and what of it is pending."""
    pending = next((p for p in cluster.get('pending_updates') or [] if p.get('profile') == profile.get('name')), {})
    values_only = pending.get('values_only') or []
    packs = pending.get('packs') or []
    update_pending = bool(cluster.get('update_pending'))
    values_packs = [p for p in packs if p.get('name') in values_only]
    counted = [p for p in packs if p.get('name') not in values_only] + (values_packs if update_pending else [])
    version = profile.get('version')
    top = newest.get(profile.get('name'), version)
    return {
        'name': profile.get('name'),
        'version': version,
        'uid': profile.get('uid'),
        'type': profile.get('type'),
        'newest_version': top,
        'behind': _older(version, top) if version and top else False,
        'pending': len(counted) > 0,
        'pending_version': pending.get('version_after') if counted else None,
        'pending_packs': counted,
        'own_values': [p.get('name') for p in values_packs] if not update_pending else [],
    }


def _cluster(cluster, rows):
    install = cluster.get('install')
    repave = cluster.get('repave')
    return {
        'name': cluster.get('name'),
        'uid': cluster.get('uid'),
        'state': cluster.get('state'),
        'health': cluster.get('health'),
        'update_pending': any(row['pending'] for row in rows),
        'install': {'state': install.get('state'), 'message': install.get('message')} if isinstance(install, Mapping) else None,
        'repave': repave.get('state') if isinstance(repave, Mapping) else None,
        'profiles': rows,
    }


def _install_states(clusters, states):
    return len([c for c in clusters if c['install'] and c['install']['state'] in states])


def fleet_status_summary(clusters, profiles=None, only=None, read_at=None):
    if not isinstance(clusters, list) or not isinstance(profiles or [], list):
        raise AnsibleFilterError('fleet_status_summary: give the clusters of palette_cluster_info and the profiles of '
                                 'palette_profile_info as lists')
    newest, drafts = _newest_and_drafts(profiles or [])
    only = only or []
    out, runs = [], {}    # runs: profile name -> version -> names of the clusters that run it
    for cluster in sorted(clusters, key=lambda c: _ignore_case(c.get('name'))):
        rows = []
        for profile in cluster.get('profiles') or []:
            if only and profile.get('name') not in only:
                continue
            rows.append(_row(cluster, profile, newest))
            runs.setdefault(profile.get('name'), {}).setdefault(profile.get('version'), []).append(cluster.get('name'))
        out.append(_cluster(cluster, rows))
    by_profile = [{
        'name': name,
        'newest_version': newest.get(name),
        'drafts': drafts.get(name, []),
        'versions': [{'version': version, 'clusters': names}
                     for version, names in sorted(runs[name].items(), key=lambda item: _ignore_case(item[0]))],
    } for name in sorted(runs, key=_ignore_case)]
    return {
        'read_at': read_at or datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
        'clusters': out,
        'profiles': by_profile,
        'counts': {
            'clusters': len(out),
            'running': len([c for c in out if c['state'] == 'Running']),
            'update_pending': len([c for c in out if c['update_pending']]),
            'installing': _install_states(out, INSTALLING),
            'waiting': _install_states(out, WAITING),
            'install_failed': _install_states(out, ('failed',)),
            'behind_newest_version': len([c for c in out if any(row['behind'] for row in c['profiles'])]),
        },
    }


class FilterModule(object):
    """The report of the role spectrocloud.palette.fleet_status."""

    def filters(self):
        return {'fleet_status_summary': fleet_status_summary}
