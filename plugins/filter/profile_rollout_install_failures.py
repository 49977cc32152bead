# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_install_failures
short_description: The clusters whose install of a profile change ended in an error
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Without waiting, M(spectrocloud.palette.palette_cluster_profile) reports what each cluster showed once and does
    not fail for an install that already ended in an error. The role C(spectrocloud.palette.profile_rollout) fails
    the rollout for it all the same, with the message this filter returns - naming each such cluster and Palette's
    message - or an empty text when there is none.
options:
  _input:
    description: The result of M(spectrocloud.palette.palette_cluster_profile).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Fail when a cluster's install ended in an error
  ansible.builtin.fail:
    msg: "{{ failures }}"
  vars:
    failures: "{{ apply | spectrocloud.palette.profile_rollout_install_failures }}"
  when: failures | length > 0
"""

RETURN = r"""
_value:
  description: The message, or an empty text.
  type: str
  sample: "the profile change failed to install on edge-vmo: pack virtual-machine-orchestrator failed to install: ..."
"""

from collections.abc import Mapping


def profile_rollout_install_failures(result):
    result = result if isinstance(result, Mapping) else {}
    failed = [c for c in result.get('clusters') or [] if isinstance(c, Mapping) and isinstance(c.get('install'), Mapping)
              and c['install'].get('state') == 'failed']
    if not failed:
        return ''
    return 'the profile change failed to install on %s: %s' % (
        ', '.join(str(c.get('name')) for c in failed), '; '.join(str(c['install'].get('message')) for c in failed))


class FilterModule(object):
    """The failed installs of the role spectrocloud.palette.profile_rollout."""

    def filters(self):
        return {'profile_rollout_install_failures': profile_rollout_install_failures}
