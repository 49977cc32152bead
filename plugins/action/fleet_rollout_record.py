# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of spectrocloud.palette.fleet_rollout_record (documentation: plugins/modules/fleet_rollout_record.py).

The large inputs (a call's registered result, the plan, the rows of each wave) are read as values from the task's
variables by name, never passed as templated arguments: templating them costs their size several times over, and
that cost per cluster is what limits a large fleet's rollout on ansible-core 2.16."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.collections import Mapping
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.action import ActionBase

from ansible_collections.spectrocloud.palette.plugins.plugin_utils.fleet_rollout_record import (
    KINDS, decide_wave, last_wave_call, record_call, summarize)

ARGUMENT_SPEC = {
    'step': {'type': 'str', 'required': True, 'choices': ['call', 'wave', 'summary']},
    'wave': {'type': 'int'},
    'kind': {'type': 'str', 'choices': list(KINDS), 'default': 'wave'},
    'call': {'type': 'dict'},
    'hosts': {'type': 'list', 'elements': 'str'},
    'last_call': {'type': 'bool', 'default': False},
    'append': {'type': 'bool', 'default': True},
    'rows': {'type': 'bool', 'default': False},
    'result_var': {'type': 'str', 'default': '__fleet_rollout_call_result'},
    'record_var': {'type': 'str', 'default': '__fleet_rollout_record'},
    'plan_var': {'type': 'str', 'default': '__fleet_rollout_plan'},
    'plan_host': {'type': 'str', 'default': 'localhost'},
    'outcome_var': {'type': 'str', 'default': '__fleet_rollout_outcome'},
    'wave_hosts': {'type': 'list', 'elements': 'str', 'default': []},
    'max_fail_percentage': {'type': 'raw', 'default': 0},
    'host_count': {'type': 'int'},
    'profile_name': {'type': 'raw', 'default': ''},
    'profile_version': {'type': 'raw', 'default': ''},
    'profile_uid': {'type': 'raw', 'default': ''},
    'serial': {'type': 'raw'},
    'report_file': {'type': 'path'},
    'set_stats': {'type': 'bool', 'default': False},
    'return_summary': {'type': 'bool', 'default': True},
}
REQUIRED = {'call': ('wave',), 'wave': ('wave', 'hosts'), 'summary': ('host_count',)}


def _plain(value):
    """``value`` as plain dicts, lists and strings (the variables hold ansible-core's wrapped types)."""
    if isinstance(value, dict):
        return dict((str(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def write_report(path, summary):
    """The summary as JSON at ``path`` (mode 0600), replaced in one step: a reader never sees half a report."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise AnsibleActionFail("report_file: the directory %s does not exist" % folder)
    handle, temp = tempfile.mkstemp(dir=folder, prefix='.fleet_rollout_report.')
    try:
        with os.fdopen(handle, 'w') as out:
            out.write(json.dumps(summary, indent=4, sort_keys=True) + '\n')
        os.chmod(temp, 0o600)
        os.rename(temp, path)
    except Exception:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def _vars_of(self, task_vars, host):
        """The variables of ``host`` as values: the plan, outcomes and registered results are data, so they are read
        untemplated (HostVars.raw_get), which costs nothing per element."""
        hostvars = task_vars.get('hostvars') or {}
        found = hostvars.raw_get(host) if hasattr(hostvars, 'raw_get') else hostvars.get(host)
        if not isinstance(found, Mapping):
            raise AnsibleActionFail("host %s is not in the inventory" % host)
        return found

    def _plan(self, task_vars, args):
        return self._vars_of(task_vars, args['plan_host']).get(args['plan_var']) or []

    @staticmethod
    def _record(variables, name):
        record = variables.get(name)
        return record.get('record') if isinstance(record, Mapping) else None

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(ActionModule, self).run(tmp, task_vars)
        dummy, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        missing = [name for name in REQUIRED[args['step']] if args.get(name) is None]
        if args['step'] == 'call' and args['call'] is None and args['hosts'] is None:
            missing.append('call (or hosts, for the wave\'s last call)')
        if missing:
            raise AnsibleActionFail("step %s needs %s" % (args['step'], ", ".join(missing)))
        check_mode = bool(self._task.check_mode if self._task.check_mode is not None else self._play_context.check_mode)
        result['changed'] = False

        if args['step'] == 'call':
            # never skipped by a condition: a skipped task would register its skip over the record
            record = self._record(task_vars, args['record_var'])
            if args['append']:
                if args['call'] is not None:
                    call = _plain(args['call'])
                else:
                    call = last_wave_call(self._plan(task_vars, args), args['hosts'])
                record = record_call(record, args['wave'], args['kind'], call, task_vars.get(args['result_var']))
            result['record'] = record
            return result

        plan = self._plan(task_vars, args)

        if args['step'] == 'wave':
            last_result = task_vars.get(args['result_var']) if args['last_call'] else None
            outcome = decide_wave(plan, self._record(task_vars, args['record_var']), args['wave'], args['hosts'],
                                  check_mode=check_mode, max_fail_percentage=args['max_fail_percentage'],
                                  last_result=last_result)
            # what the summary needs to decide the wave's rows again from the hosts' variables
            result.update(wave=args['wave'], hosts=args['hosts'], last_call=args['last_call'], count=len(outcome['rows']),
                          stop=outcome['stop'], failed_clusters=outcome['failed'], unsettled=outcome['unsettled'])
            if args['rows']:
                result['rows'] = outcome['rows']
            return result

        wave_rows = []
        for host in args['wave_hosts']:
            wave_rows.append(self._wave_rows(plan, self._vars_of(task_vars, host), args, check_mode))
        report = summarize(plan, wave_rows, args['host_count'], profile_name=_plain(args['profile_name']),
                           profile_version=_plain(args['profile_version']), profile_uid=_plain(args['profile_uid']),
                           serial=_plain(args['serial']), max_fail_percentage=_plain(args['max_fail_percentage']),
                           check_mode=check_mode)
        summary = report['summary']
        result.update(lines=report['lines'], outcome=summary['outcome'], counts=summary['counts'],
                      failed_clusters=[r.get('cluster') for r in summary['clusters'] if r.get('status') == 'failed'],
                      untouched=[r for r in summary['clusters'] if r.get('status') == 'untouched'])
        if args['return_summary']:
            result['summary'] = summary
        # as the copy it replaces did: a check run writes no file
        if args['report_file'] and not check_mode:
            try:
                write_report(args['report_file'], summary)
            except (IOError, OSError) as error:
                raise AnsibleActionFail("report_file: cannot write %s: %s" % (args['report_file'], to_native(error)))
        if args['set_stats']:
            result['ansible_stats'] = {'data': {'fleet_rollout': summary}, 'per_host': False, 'aggregate': False}
        return result

    def _wave_rows(self, plan, variables, args, check_mode):
        """The rows of the wave whose host holds ``variables``: its decision's, or decided again from its calls."""
        outcome = variables.get(args['outcome_var'])
        if not isinstance(outcome, Mapping):
            raise AnsibleActionFail("%s is not a wave's decision (step=wave)" % args['outcome_var'])
        if outcome.get('rows') is not None:
            return outcome['rows']
        last_result = variables.get(args['result_var']) if outcome.get('last_call') else None
        return decide_wave(plan, self._record(variables, args['record_var']), outcome['wave'], outcome['hosts'],
                           check_mode=check_mode, max_fail_percentage=args['max_fail_percentage'],
                           last_result=last_result)['rows']
