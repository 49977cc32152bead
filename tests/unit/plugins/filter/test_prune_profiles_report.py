# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The prune_profiles role's report filters: the report's words per version, its Markdown table and its CSV rows."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import io

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.spectrocloud.palette.plugins.filter.prune_profiles_csv import prune_profiles_csv
from ansible_collections.spectrocloud.palette.plugins.filter.prune_profiles_markdown import prune_profiles_markdown
from ansible_collections.spectrocloud.palette.plugins.filter.prune_profiles_report import prune_profiles_report


def version(uid, status, action, **extra):
    out = {'name': 'core', 'version': '1.0.0', 'uid': uid, 'scope': 'project', 'project_uid': 'p1',
           'project_name': 'edge-prod', 'status': status, 'action': action, 'reason': '', 'usage_problem': None,
           'in_use_clusters': [], 'in_use_cluster_templates': [], 'backup_file': None, 'changed_since_listing': False}
    out.update(extra)
    return out


RESULT = {'check_mode': False, 'scopes': ['project'], 'counts': {'system_skipped': 2}, 'versions': [
    version('u1', 'unused', 'deleted', backup_file='/b/core-1.0.0.u1.yml'),
    version('u2', 'in_use', 'kept', in_use_clusters=[{'name': 'edge-a', 'uid': 'c1'}],
            in_use_cluster_templates=[{'name': None, 'uid': 't1'}]),
    version('u3', 'kept_latest', 'kept', project_name=None),
    version('u4', 'unknown', 'kept', usage_problem='status.inUseClusters is missing from the answer'),
    version('u5', 'in_use', 'kept', changed_since_listing=True, in_use_clusters=[{'name': 'edge-late'}],
            reason='in use by clusters edge-late since the listing (read right before the DELETE): kept'),
    version('u6', 'unused', 'failed', reason='DELETE failed: HTTP 500'),
]}


def test_report_words_each_status_and_action():
    report = prune_profiles_report(RESULT, generated_at='20261206T230000Z')
    rows = dict((v['uid'], v) for v in report['versions'])
    assert rows['u1']['status_text'] == 'unused' and rows['u1']['action_text'] == 'deleted'
    assert rows['u2']['status_text'] == 'in use by clusters edge-a and cluster templates t1'
    assert rows['u3']['status_text'] == 'kept as latest' and rows['u3']['project'] == 'p1'
    assert rows['u4']['status_text'] == 'unknown (status.inUseClusters is missing from the answer)'
    assert rows['u5']['action_text'].startswith('kept (in use by clusters edge-late since the listing')
    assert rows['u6']['action_text'] == 'not deleted: failed (DELETE failed: HTTP 500)'
    assert report['counts'] == {'deleted': 1, 'would_delete': 0, 'kept': 4, 'already_deleted': 0, 'failed': 1,
                                'in_use': 2, 'unused': 2, 'kept_latest': 1, 'unknown': 1, 'versions': 6,
                                'system_skipped': 2}
    assert report['backup_files'] == ['/b/core-1.0.0.u1.yml']


def test_markdown_has_a_row_per_version_and_escapes_pipes():
    result = dict(RESULT, versions=RESULT['versions'] + [version('u7', 'unused', 'deleted', name='a|b')])
    text = prune_profiles_markdown(prune_profiles_report(result, generated_at='now'))
    lines = text.splitlines()
    assert lines[0] == '# Cluster profile prune'
    assert sum(1 for line in lines if line.startswith('| ') and 'Name' not in line) == 7
    assert '| a\\|b | 1.0.0 |' in text
    check = prune_profiles_markdown(prune_profiles_report(dict(RESULT, check_mode=True)))
    assert 'check mode, nothing deleted' in check.splitlines()[0]


def test_csv_round_trips():
    text = prune_profiles_csv(prune_profiles_report(RESULT))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r['uid'] for r in rows] == ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']
    assert rows[1]['in_use_clusters'] == 'edge-a' and rows[1]['in_use_cluster_templates'] == 't1'
    assert rows[0]['backup_file'] == '/b/core-1.0.0.u1.yml'


@pytest.mark.parametrize('fn', [prune_profiles_report, prune_profiles_markdown, prune_profiles_csv])
def test_refuses_what_is_not_a_result(fn):
    with pytest.raises(AnsibleFilterError):
        fn({'no': 'versions'})
