# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bookkeeping of the fleet_rollout playbook between its palette_cluster_profile calls, as plain functions of
the action spectrocloud.palette.fleet_rollout_record: record a call's result, decide a wave's outcomes, summarize.

Why an action and not Jinja: every templated structure costs its size several times over (ansible-core 2.16 turns a
template's result into text and parses it back), and the results, rows and summary of a fleet grow with it. The
action reads them as values, and a wave's decision returns no rows unless asked: the summary decides each wave's
rows again from what the wave's hosts hold (its calls' registered results), so no per-cluster structure travels
between the controller's processes more than it must."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.common.collections import Mapping

from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_calls import fleet_rollout_calls
from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_outcomes import fleet_rollout_outcomes
from ansible_collections.spectrocloud.palette.plugins.filter.fleet_rollout_summary import fleet_rollout_summary

KINDS = ('wave', 'settle')


def call_entry(result, call):
    """A call's record: its palette_cluster_profile ``result`` with the call as "item", as a loop's registered
    result holds it (what fleet_rollout_outcomes reads)."""
    entry = dict((k, v) for k, v in (result or {}).items() if not str(k).startswith('_ansible'))
    entry['item'] = call
    return entry


def wave_calls(record, wave):
    """{kind: [call entries]} recorded for ``wave`` (none when ``record`` is of another wave or None)."""
    if isinstance(record, Mapping) and record.get('wave') == int(wave):
        return dict((k, list((record.get('calls') or {}).get(k) or [])) for k in KINDS)
    return dict((k, []) for k in KINDS)


def last_wave_call(plan, hosts):
    """The last call the playbook makes for a wave of ``hosts`` (fleet_rollout_calls, as its loop takes them)."""
    calls = fleet_rollout_calls(plan, hosts=hosts)
    return calls[-1] if calls else None


def record_call(record, wave, kind, call, result):
    """``record`` (what this step returned before, or None) with ``result`` of the call ``call`` appended to the
    ``kind`` calls of ``wave``. A record of an earlier wave is started afresh."""
    if kind not in KINDS:
        raise ValueError("kind: %r is not one of %s" % (kind, ", ".join(KINDS)))
    calls = wave_calls(record, wave)
    calls[kind].append(call_entry(result, call))
    return {'wave': int(wave), 'calls': calls}


def decide_wave(plan, record, wave, hosts, check_mode=False, max_fail_percentage=0, last_result=None):
    """fleet_rollout_outcomes of ``wave`` (rows, unsettled, failed, stop) from its recorded calls and, when the
    wave's last call was not recorded, its result ``last_result``; with the calls settling a cluster on its own when
    the record has any."""
    calls = wave_calls(record, wave)
    if last_result is not None:
        calls['wave'].append(call_entry(last_result, last_wave_call(plan, hosts)))
    return fleet_rollout_outcomes(plan, calls['wave'], wave, hosts=hosts, check_mode=check_mode,
                                  settled=calls['settle'] or None, max_fail_percentage=max_fail_percentage)


def summarize(plan, wave_rows, hosts, **options):
    """fleet_rollout_summary of ``plan`` where each cluster a wave reached has that wave's row (``wave_rows``: the
    rows of each wave in order; a later row of a cluster replaces an earlier one)."""
    reached = {}
    for rows in wave_rows:
        for row in rows or []:
            reached[row.get('cluster')] = {'fleet_rollout_result': row}
    return fleet_rollout_summary(plan, hosts, hostvars=reached, **options)
