# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: prune_profiles_csv
short_description: The CSV export of the prune_profiles role's report
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - One CSV row per version of a report of P(spectrocloud.palette.prune_profiles_report#filter), under a header row -
    name, version, scope, project, uid, status, status_text, action, action_text, in_use_clusters and
    in_use_cluster_templates (names separated by C(;)), backup_file. Quoted as RFC 4180 asks, lines end with CRLF.
options:
  _input:
    description: A report of P(spectrocloud.palette.prune_profiles_report#filter).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Write the CSV export
  ansible.builtin.copy:
    content: "{{ report | spectrocloud.palette.prune_profiles_csv }}"
    dest: /tmp/prune-profiles.csv
    mode: "0600"
"""

RETURN = r"""
_value:
  description: The CSV text.
  type: str
"""

import csv
import io
from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

FIELDS = ('name', 'version', 'scope', 'project', 'uid', 'status', 'status_text', 'action', 'action_text',
          'in_use_clusters', 'in_use_cluster_templates', 'backup_file')


def _value(version, key):
    value = version.get(key)
    if isinstance(value, list):
        return ';'.join(str(v) for v in value)
    return '' if value is None else str(value)


def prune_profiles_csv(report):
    if not isinstance(report, Mapping) or not isinstance(report.get('versions'), list):
        raise AnsibleFilterError('prune_profiles_csv: give a report of prune_profiles_report')
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    for version in report['versions']:
        writer.writerow([_value(version, key) for key in FIELDS])
    return out.getvalue()


class FilterModule(object):
    """The prune_profiles role's CSV export."""

    def filters(self):
        return {'prune_profiles_csv': prune_profiles_csv}
