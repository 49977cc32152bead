# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: profile_rollout_failure
short_description: What a failed task of the profile_rollout role says, as one line
version_added: 1.0.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - The message of a failed task (C(ansible_failed_result) in a C(rescue)), for the errors of the role
    C(spectrocloud.palette.profile_rollout).
  - For a loop, the message of each failed item after its label and a colon, joined by semicolons; the loop's own
    message (C(One or more items failed)) says nothing. Otherwise the task's message.
  - V(failed) stands for a message that is missing or empty.
options:
  _input:
    description: The failed task's result.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Record the failure
  ansible.builtin.set_fact:
    errors: "{{ errors + [ansible_failed_result | spectrocloud.palette.profile_rollout_failure] }}"
"""

RETURN = r"""
_value:
  description: The message, without leading or trailing white space.
  type: str
  sample: "core: packs[0].tag: pack 'virtual-machine-orchestrator' has no tag '9.9.9'; infra: ..."
"""

from collections.abc import Mapping


def _message(result):
    return str(result.get('msg') or 'failed').strip()


def profile_rollout_failure(result):
    result = result if isinstance(result, Mapping) else {}
    items = [r for r in result.get('results') or [] if isinstance(r, Mapping) and r.get('failed')]
    if not items:
        return _message(result)
    texts = []
    for item in items:
        label = item.get('_ansible_item_label')
        texts.append('%s: %s' % (label, _message(item)) if label not in (None, '') else _message(item))
    return '; '.join(texts)


class FilterModule(object):
    """The failure messages of the role spectrocloud.palette.profile_rollout."""

    def filters(self):
        return {'profile_rollout_failure': profile_rollout_failure}
