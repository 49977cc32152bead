# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""profile_usage: a version's usage comes from its status lists, and "unknown" whenever they are not both there."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_usage as U
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import profile_info, summary_info

CLUSTER = {'kind': 'spectrocluster', 'name': 'edge-a', 'uid': 'c1', 'projectUid': 'p1'}
TEMPLATE = {'kind': 'clustertemplate', 'name': 'tpl', 'uid': 't1', 'projectUid': 'p1'}


@pytest.mark.parametrize('status, usage', [
    ({'inUseClusters': [], 'inUseClusterTemplates': []}, U.UNUSED),
    ({'inUseClusters': [CLUSTER], 'inUseClusterTemplates': []}, U.USED),
    ({'inUseClusters': [], 'inUseClusterTemplates': [TEMPLATE]}, U.USED),
    ({'inUseClusters': []}, U.UNKNOWN),
    ({'inUseClusters': [CLUSTER]}, U.USED),
    ({'inUseClusterTemplates': []}, U.UNKNOWN),
    ({'inUseClusters': None, 'inUseClusterTemplates': []}, U.UNKNOWN),
    ({'isPublished': True}, U.UNKNOWN),
    (None, U.UNKNOWN),
    ('broken', U.UNKNOWN),
])
def test_usage_is_read_from_both_lists(status, usage):
    assert U.read_usage(status)['usage'] == usage


def test_unknown_names_what_is_missing_and_lists_nobody():
    found = U.read_usage({'inUseClusters': []})
    assert found == {'usage': U.UNKNOWN, 'in_use_clusters': [], 'in_use_cluster_templates': [],
                     'usage_problem': 'Palette did not list who uses it: status.inUseClusterTemplates is missing from its answer'}
    assert U.read_usage({'inUseClusters': [CLUSTER]})['in_use_clusters'] == [{'name': 'edge-a', 'uid': 'c1'}]
    assert U.read_usage(None)['usage_problem'] == 'Palette did not list who uses it: its answer has no status'
    assert U.read_usage({'isPublished': True})['usage_problem'] == (
        'Palette did not list who uses it: status.inUseClusters and status.inUseClusterTemplates are missing from its answer')


def test_users_text_names_clusters_and_templates():
    usage = U.read_usage({'inUseClusters': [CLUSTER, {'uid': 'c2'}], 'inUseClusterTemplates': [TEMPLATE]})
    assert U.users_text(usage) == 'clusters edge-a, c2 and cluster templates tpl'
    assert U.users_text(U.read_usage({'inUseClusters': [], 'inUseClusterTemplates': []})) == ''


def _profile(status, published=True, draft=False, scope='project'):
    tpl = {'type': 'add-on', 'cloudType': 'all', 'packs': []}
    return {'metadata': {'uid': 'u1', 'name': 'core', 'annotations': {'scope': scope, 'projectUid': 'p1'}},
            'spec': {'version': '1.0.0', 'published': tpl if published else None, 'draft': tpl if draft else None},
            'status': status}


def test_profile_info_carries_the_usage_fields():
    info = profile_info(_profile({'isPublished': True, 'inUseClusters': [CLUSTER], 'inUseClusterTemplates': [TEMPLATE]}))
    assert (info['usage'], info['unused'], info['state'], info['project_uid']) == ('used', False, 'published', 'p1')
    assert info['in_use_clusters'] == [{'name': 'edge-a', 'uid': 'c1'}]
    assert info['in_use_cluster_templates'] == [{'name': 'tpl', 'uid': 't1'}]
    draft_only = profile_info(_profile({'inUseClusters': [], 'inUseClusterTemplates': []}, published=False, draft=True))
    assert (draft_only['usage'], draft_only['unused'], draft_only['state']) == ('unused', True, 'draft')
    no_status = profile_info(_profile(None))
    assert (no_status['usage'], no_status['unused'], no_status['in_use_clusters']) == ('unknown', False, [])


def test_summary_info_carries_the_usage_fields():
    item = {'metadata': {'uid': 'u1', 'name': 'core', 'annotations': {'scope': 'tenant'}},
            'specSummary': {'version': '1.0.0', 'published': {'type': 'add-on', 'packs': []}},
            'status': {'isPublished': True, 'inUseClusters': [], 'inUseClusterTemplates': [{'name': 'tpl', 'uid': 't1'}]}}
    info = summary_info(item)
    assert (info['usage'], info['scope'], info['project_uid'], info['state']) == ('used', 'tenant', None, 'published')


class _Client(object):
    project_uid = 'p1'
    project_name = 'edge-prod'


def test_name_projects_names_only_the_connections_project():
    infos = [{'project_uid': 'p1', 'project_name': None}, {'project_uid': 'p2', 'project_name': None},
             {'project_uid': None, 'project_name': None}]
    assert [i['project_name'] for i in U.name_projects(infos, _Client())] == ['edge-prod', None, None]
