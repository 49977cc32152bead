# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_fail_message
short_description: The final message of a failed run of the profile_rollout role
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - What went wrong in a run of the role C(spectrocloud.palette.profile_rollout) (its errors, joined by C( | )),
    then what to do next, in the role's terms (the modules name their own options).
  - A cluster's values that cannot be told apart from the change (an error of the option C(cluster_values)) - run again
    with C(profile_rollout_cluster_values=keep) or C(profile_rollout_cluster_values=profile); else a repave waiting
    for approval - approve it or run again with C(profile_rollout_approve_repave=true); else a C(new_version) that exists
    and clusters use - run again with C(profile_rollout_new_version_in_use=change) to change it; else fix the cause and run
    again, which continues from where the run stopped (every step starts from what Palette holds).
options:
  _input:
    description: The errors of the run, at least one.
    type: list
    elements: str
    required: true
"""

EXAMPLES = r"""
- name: Fail when a step failed
  ansible.builtin.fail:
    msg: "{{ errors | spectrocloud.palette.profile_rollout_fail_message }}"
  when: errors | length > 0
"""

RETURN = r"""
_value:
  description: The message.
  type: str
  sample: "profile rollout failed: core: HTTP 500. Fix the cause if there is one, then run the playbook again: it
    continues from where this run stopped."
"""

ASK_CLUSTER_VALUES = (
    'The values named above cannot be told apart from the change (the content before it is no longer in Palette): '
    'run the playbook again with profile_rollout_cluster_values=keep (the values belong to those clusters) or '
    'profile_rollout_cluster_values=profile (those clusters take the values of the profile); nothing was written for '
    'them.')
APPROVE_REPAVE = 'Approve the repave in Palette or run the playbook again with profile_rollout_approve_repave=true.'
CHANGE_USED_VERSION = ('To change that version as it is (and what its clusters run), run the playbook again with '
                       'profile_rollout_new_version_in_use=change; or give a new_version that does not exist yet.')
RUN_AGAIN = 'Fix the cause if there is one, then run the playbook again: it continues from where this run stopped.'


def next_step(errors):
    """What to do about ``errors``: the first of the answers above that applies."""
    if any('cluster_values: ' in e for e in errors):
        return ASK_CLUSTER_VALUES
    if any('repave' in e for e in errors):
        return APPROVE_REPAVE
    if any('new_version_in_use=change' in e for e in errors):
        return CHANGE_USED_VERSION
    return RUN_AGAIN


def profile_rollout_fail_message(errors):
    errors = [str(e) for e in errors or []]
    return 'profile rollout failed: %s. %s' % (' | '.join(errors), next_step(errors))


class FilterModule(object):
    """The final message of the role spectrocloud.palette.profile_rollout."""

    def filters(self):
        return {'profile_rollout_fail_message': profile_rollout_fail_message}
