#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# The work is done by the action plugin of the same name (plugins/action/fleet_rollout_record.py), on the controller.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: fleet_rollout_record
short_description: The bookkeeping of the fleet_rollout playbook between its cluster calls
version_added: 1.0.0
description:
  - Used by the playbook C(spectrocloud.palette.fleet_rollout) (C(playbooks/fleet_rollout.yml)); it has no use of
    its own. Runs on the controller and sends no request to Palette.
  - O(step=call) records the result of one M(spectrocloud.palette.palette_cluster_profile) call of a wave (a wave's
    last call is only recorded before clusters are settled on their own).
  - O(step=wave) decides each cluster's outcome in the wave from the recorded calls and, with O(last_call), the last
    call's result where it was registered, and whether the wave stops the rollout (what the filter
    P(spectrocloud.palette.fleet_rollout_outcomes#filter) decides). It returns the rows only with O(rows).
  - O(step=summary) decides each wave's rows again from what one host of the wave holds (its decision, recorded
    calls and last call's result), builds the fleet summary (what the filter
    P(spectrocloud.palette.fleet_rollout_summary#filter) builds), writes it as JSON to O(report_file) and hands it to
    AWX with O(set_stats).
  - The large inputs - a call's registered result, the plan, the recorded calls - are read untemplated from the
    variables named by O(result_var), O(record_var), O(plan_var) and O(outcome_var), not passed as templated options,
    and no step returns a per-cluster structure it need not return. That keeps the playbook's controller work per
    cluster small on a fleet of thousands (templating a structure costs its size several times on ansible-core 2.16,
    and each task result travels between the controller's processes).
author:
  - Spectro Cloud Palette collection contributors (@spectrocloud)
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: In check mode the outcomes say V(would update), and O(report_file) is not written.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  platform:
    description: Target OS/families that can be operated against.
    support: N/A
    platforms: all
options:
  step:
    description: What to do.
    type: str
    required: true
    choices: [call, wave, summary]
  wave:
    description: The number of the wave (from 1). Required for O(step=call) and O(step=wave).
    type: int
  hosts:
    description: The hosts of the wave (C(ansible_play_batch)). Required for O(step=wave); with O(step=call) and no
      O(call), the call recorded is the wave's last.
    type: list
    elements: str
  last_call:
    description: With O(step=wave), the wave's last call was not recorded; its result is in O(result_var).
    type: bool
    default: false
  append:
    description: With O(step=call), V(false) returns the record as it is, with nothing appended. The playbook runs
      the step unconditionally with this in place of a task condition, since a task skipped by its condition would
      register its skip over the record.
    type: bool
    default: true
  rows:
    description: With O(step=wave), also return the rows (for the host facts C(fleet_rollout_result)).
    type: bool
    default: false
  kind:
    description: With O(step=call), whether the call was the wave's (V(wave)) or one settling a cluster on its own
      after a failed wave call (V(settle)).
    type: str
    choices: [wave, settle]
    default: wave
  call:
    description: With O(step=call), the call as the playbook made it (C(uids), C(profile_uid), C(project) and, for a
      settling call, C(cluster)).
    type: dict
  result_var:
    description: The variable that registered a call's result.
    type: str
    default: __fleet_rollout_call_result
  record_var:
    description: The variable that registered this module's O(step=call) result (the calls recorded so far).
    type: str
    default: __fleet_rollout_record
  plan_var:
    description: The variable of O(plan_host) that holds the plan (the filter
      P(spectrocloud.palette.fleet_rollout_plan#filter)).
    type: str
    default: __fleet_rollout_plan
  plan_host:
    description: The host that holds the plan.
    type: str
    default: localhost
  outcome_var:
    description: With O(step=summary), the variable that registered each wave's O(step=wave) result.
    type: str
    default: __fleet_rollout_outcome
  wave_hosts:
    description: With O(step=summary), one host of each wave that ran, in order; it holds the wave's decision, its
      recorded calls and its last call's result (run_once registered them on every host of the wave).
    type: list
    elements: str
    default: []
  max_fail_percentage:
    description: C(fleet_rollout_max_fail_percentage).
    type: raw
    default: 0
  host_count:
    description: With O(step=summary), how many hosts the rollout chose from (the others are counted as skipped).
    type: int
  profile_name:
    description: C(fleet_rollout_profile_name) as given.
    type: raw
    default: ""
  profile_version:
    description: C(fleet_rollout_profile_version) as given.
    type: raw
    default: ""
  profile_uid:
    description: C(fleet_rollout_profile_uid) as given.
    type: raw
    default: ""
  serial:
    description: C(fleet_rollout_serial) as given.
    type: raw
  report_file:
    description: With O(step=summary), also write the summary as JSON to this file on the controller (mode C(0600),
      replaced in one step). Its directory must exist.
    type: path
  set_stats:
    description: With O(step=summary), hand the summary to AWX as the custom stat C(fleet_rollout), as
      M(ansible.builtin.set_stats) with C(per_host=false) and C(aggregate=false) would.
    type: bool
    default: false
  return_summary:
    description: With O(step=summary), also return the whole summary as RV(summary). The playbook does not need
      it (it reads RV(lines), RV(outcome), RV(counts), RV(failed_clusters) and RV(untouched)), and every later
      reference to a registered result walks all of it.
    type: bool
    default: true
seealso:
  - name: The fleet_rollout playbook
    description: Its comments list the variables it takes.
    link: https://github.com/spectrocloud/ansible-collection-palette/blob/main/playbooks/fleet_rollout.yml
"""

EXAMPLES = r"""
# Inside the playbook spectrocloud.palette.fleet_rollout, after a wave's palette_cluster_profile call
# registered __fleet_rollout_call_result:
- name: Record the call's result
  spectrocloud.palette.fleet_rollout_record:
    step: call
    wave: "{{ fleet_rollout_wave }}"
    call: "{{ __fleet_rollout_call }}"
  register: __fleet_rollout_record
  run_once: true
"""

RETURN = r"""
record:
  description: With O(step=call), the calls recorded for the wave so far, per kind, each a call's result with the
    call as C(item) (as a loop's registered result holds it).
  returned: step is call
  type: dict
wave:
  description: With O(step=wave), the wave decided.
  returned: step is wave
  type: int
hosts:
  description: With O(step=wave), the hosts of the wave.
  returned: step is wave
  type: list
  elements: str
last_call:
  description: With O(step=wave), whether the decision read the last call's result from O(result_var).
  returned: step is wave
  type: bool
count:
  description: With O(step=wave), how many clusters the wave had.
  returned: step is wave
  type: int
rows:
  description: With O(step=wave) and O(rows), each cluster of the wave with its outcome (C(status) V(updated),
    V(would update), V(unchanged) or V(failed), C(before), C(after), C(install), C(error), ...).
  returned: step is wave and rows is true
  type: list
  elements: dict
unsettled:
  description: With O(step=wave), the rows of clusters a failed call left unsettled (they get a call of their own).
  returned: step is wave
  type: list
  elements: dict
failed_clusters:
  description: With O(step=wave), the names of the wave's clusters that failed; with O(step=summary), of all
    clusters that failed.
  returned: step is wave or summary
  type: list
  elements: str
stop:
  description: With O(step=wave), whether the wave stops the rollout.
  returned: step is wave
  type: bool
summary:
  description: With O(step=summary), the fleet summary (profile, outcome, waves, counts, a row per cluster), as
    written to O(report_file) and handed to AWX.
  returned: step is summary and return_summary is true
  type: dict
outcome:
  description: With O(step=summary), the outcome of the rollout (the summary's C(outcome)).
  returned: step is summary
  type: str
  sample: finished
counts:
  description: With O(step=summary), the clusters per status (the summary's C(counts)).
  returned: step is summary
  type: dict
untouched:
  description: With O(step=summary), the rows of the clusters the rollout did not reach.
  returned: step is summary
  type: list
  elements: dict
lines:
  description: With O(step=summary), the summary as the lines the playbook shows.
  returned: step is summary
  type: list
  elements: str
"""
