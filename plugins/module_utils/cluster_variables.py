# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cluster-side profile variables: the values one cluster gives the variables of an attached profile version.

Facts (``palette-apis-spec.json``, REFERENCE.md sections 5, 6 and 9):

* ``GET /v1/clusterprofiles/{uid}/variables`` -> ``v1Variables {variables: [v1Variable {name*, defaultValue,
  required ("If it is mandatory then default value must be provided"), isSensitive ("default value will be
  masked"), ...}]}``: what a profile version declares.
* ``GET /v1/spectroclusters/{uid}/variables`` -> ``[v1SpectroClusterVariables {profileUid*, variables:
  [v1SpectroClusterVariableResponse {name*, value, ...the v1Variable fields}]}]``: the cluster's values per attached
  profile version.
* ``PATCH /v1/spectroclusters/{uid}/variables`` body ``[v1SpectroClusterVariableUpdateEntity {profileUid*,
  variables: [v1SpectroClusterVariable {name*, value}]}]`` -> 204; and ``profiles[].variables`` in the body of
  ``PATCH /v1/spectroclusters/{uid}/profiles``. Terraform sends both: the variables with the profiles PATCH, then
  ``PATCH .../variables`` once the change is downloaded (REF section 9).

Not documented, so never relied upon (the emulator's switches ``sensitive_variable_read``,
``profile_patch_variables`` and ``replaced_variables`` play each reading): whether a sensitive value reads back in
clear or masked; whether ``profiles[].variables`` of a profiles PATCH is applied; whether a replaced version's values
survive a profiles PATCH. Hence:

* a value is "unchanged" only when the cluster shows exactly it; a sensitive value that reads back masked is sent
  again on every run (Palette cannot show that it holds it);
* with a profiles PATCH the complete set for the target version is sent (the given values plus the cluster's current
  readable ones), then read back, and ``PATCH .../variables`` sends whatever the cluster does not show. A version
  switch and an update of the attached version (its pending content) do so even without ``variables`` (a PUT/PATCH
  sends back every value not meant to change), reading the cluster's values only when the target version declares a
  variable. That list (``GET /v1/clusterprofiles/{uid}/variables``) is read once per task and version: no other read
  holds it (``v1ClusterProfileTemplate`` has no variables) and no pack reference tells which are declared;
* a sensitive value the cluster holds cannot be carried (a mask cannot be told from a value, and the mask must never
  be written as one): a profiles PATCH that would have to carry it is refused before any write unless the value is
  given;
* a change of values alone is ``PATCH .../variables`` (never a profiles PATCH: that would also install the profile's
  pending content and re-send the cluster's pack values, which the user did not ask for).

Values never appear in errors; the values of sensitive variables are masked in results and diffs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import ClusterError, label
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_variables import MASK


def check_variables(variables, option='variables'):
    """``variables`` (``{name: value}``) with every value as the string Palette stores; ClusterError naming the
    variable (never its value) otherwise. Numbers and booleans become their YAML-ish text (``true``, ``3``)."""
    if variables is None:
        return None
    out = {}
    for name in sorted(variables, key=str):
        value = variables[name]
        if not isinstance(name, str) or not name.strip():
            raise ClusterError('%s: a variable name must be a non-empty string, got %r' % (option, name), option=option)
        if value is None:
            raise ClusterError('%s: variable %s has no value; give its value as a string' % (option, name), option=option)
        if isinstance(value, bool):
            value = 'true' if value else 'false'
        elif isinstance(value, (int, float)):
            value = str(value)
        elif not isinstance(value, str):
            raise ClusterError('%s: the value of variable %s must be a string, a number or a boolean, not a %s'
                               % (option, name, type(value).__name__), option=option)
        out[name] = value
    return out


def check_cluster_variables(cluster_variables, option='cluster_variables'):
    """``cluster_variables`` (``{cluster name or uid: {name: value}}``), each mapping checked as ``variables``."""
    if not cluster_variables:
        return {}
    out = {}
    for key in sorted(cluster_variables, key=str):
        values = cluster_variables[key]
        if not isinstance(values, dict):
            raise ClusterError('%s: %s must be a mapping of variable names to values, not a %s'
                               % (option, key, type(values).__name__), option=option)
        out[str(key)] = check_variables(values, '%s.%s' % (option, key))
    return out


def values_of(answer, profile_uid):
    """``{name: value}`` of the cluster's variables of ``profile_uid`` in a ``GET .../variables`` answer, leaving
    out the ones without a value."""
    out = {}
    for entry in answer or []:
        if isinstance(entry, dict) and entry.get('profileUid') == profile_uid:
            for var in entry.get('variables') or []:
                if isinstance(var, dict) and var.get('name') and var.get('value') not in (None, ''):
                    out[var['name']] = var['value']
    return out


class VariablePlan(object):
    """The variable values one cluster gets for its target profile version.

    ``declared``: the target version's ``v1Variable`` list. ``given``: the module's ``variables``. ``current``: the
    cluster's values of the version it is attached to now (``{}`` for a profile it does not run yet).
    ``with_profiles``: whether a profiles PATCH is sent to this cluster (then the complete set goes with it)."""

    def __init__(self, declared, given, current, with_profiles):
        self.declared = dict((v.get('name'), v) for v in declared or [] if isinstance(v, dict) and v.get('name'))
        self.sensitive = set(n for n, v in self.declared.items() if v.get('isSensitive'))
        self.given = dict(given or {})
        self.current = dict(current or {})
        self.with_profiles = with_profiles
        self.undeclared = sorted(n for n in self.given if n not in self.declared)
        self.missing = sorted(n for n, v in self.declared.items()
                              if v.get('required') and v.get('defaultValue') in (None, '')
                              and n not in self.given and n not in self.current)
        # held by the cluster, not given, and not carried (below): a profiles PATCH could lose it
        self.uncarried = sorted(n for n in self.sensitive if with_profiles and n in self.current and n not in self.given)
        # a variable without a value reads back as "" (or not at all): giving "" is no change
        self.changes = [n for n in sorted(self.given) if n in self.declared and self.current.get(n, '') != self.given[n]]
        if with_profiles:
            # carried over: readable current values only (a masked sensitive value would be written back as the mask)
            self.send = dict((n, self.current[n]) for n in self.declared if n in self.current and n not in self.sensitive)
            self.send.update((n, v) for n, v in self.given.items() if n in self.declared)
        else:
            self.send = dict((n, self.given[n]) for n in self.changes)
        self.written = False

    @property
    def changed(self):
        return bool(self.changes)

    def shown(self, name, value):
        """``value`` as results and diffs show it: masked for a sensitive variable."""
        if value is None:
            return None
        return MASK if name in self.sensitive else value

    def entities(self):
        """``profiles[].variables`` (``v1SpectroClusterVariable``) of what is sent."""
        return [{'name': n, 'value': self.send[n]} for n in sorted(self.send)]

    def result(self):
        return [{'name': n, 'before': self.shown(n, self.current.get(n)), 'after': self.shown(n, self.given[n])}
                for n in self.changes]

    def diff_lines(self, which):
        if not self.changes:
            return []
        values = self.current if which == 'before' else self.given
        lines = ['variables:']
        for name in self.changes:
            value = self.shown(name, values.get(name))
            lines.append('  %s: %s' % (name, '(not set)' if value is None else value))
        return lines


def needs_variables(plan):
    """Whether ``plan`` gets a ``VariablePlan`` when the task gives no values: an attach (its required variables are
    checked), a version switch and an update of the attached version (each a profiles PATCH: the cluster's values
    are sent back with it)."""
    return plan.action in ('attach', 'switch', 'update')


def plan_variables(service, plans, given, on_secret=None, per_cluster=None):
    """Give each plan (``ApplyPlan``) its ``VariablePlan``; one ClusterError, before any write, naming every variable
    the target version does not declare, every required one left without a value and every sensitive one a profiles
    PATCH would have to carry. ``per_cluster`` (checked ``cluster_variables``) adds values for one cluster, by name or
    uid, over ``given``. ``on_secret`` is called with each given value of a sensitive variable (the module hides them
    in all its output). The cluster's values are read only where they matter: the target version declares a variable
    and the cluster runs a version of the profile."""
    per_cluster = per_cluster or {}
    selected = set(p.uid for p in plans) | set(p.name for p in plans)
    stray = [k for k in per_cluster if k not in selected]
    if stray:
        raise ClusterError('cluster_variables: %s is not the name or uid of a selected cluster; nothing was sent'
                           % ', '.join(stray), option='cluster_variables')
    declared = dict(_read_declared(service, plans))
    reads = [p.uid for p in plans if p.attached_uid and declared.get(p.to_uid)]
    answers = dict(zip(reads, service.map(service.cluster_variables, reads)))
    errors = []
    for plan in plans:
        current = values_of(answers.get(plan.uid), plan.attached_uid) if plan.attached_uid else {}
        mine = dict(given)
        mine.update(per_cluster.get(plan.name) or {})
        mine.update(per_cluster.get(plan.uid) or {})
        plan.variables = VariablePlan(declared.get(plan.to_uid), mine, current, plan.changed)
        for name in plan.variables.sensitive:
            if name in mine and on_secret is not None:
                on_secret(mine[name])
        what = 'cluster profile %r version %s (%s)' % (plan.profile_name, plan.to_version, plan.to_uid)
        if plan.variables.undeclared:
            text = 'variables: %s declares no variable %s; it declares: %s' % (
                what, ', '.join(plan.variables.undeclared), ', '.join(sorted(plan.variables.declared)) or 'none')
            if text not in errors:
                errors.append(text)
        if plan.variables.missing:
            errors.append('variables: cluster %s has no value for the required variable(s) %s of %s, which have no '
                          'default; give them in variables' % (label(plan.cluster), ', '.join(plan.variables.missing), what))
        if plan.variables.uncarried:
            errors.append('variables: cluster %s holds a value for the sensitive variable(s) %s of %s, which this %s '
                          'must send back; Palette may show such a value masked, so it is not copied from the cluster: '
                          'give it in variables or cluster_variables' % (
                              label(plan.cluster), ', '.join(plan.variables.uncarried), what,
                              _PATCH_NAMES.get(plan.action, 'profile change')))
    if errors:
        raise ClusterError('; '.join(errors) + '; nothing was sent', option='variables')


_PATCH_NAMES = {'switch': 'version switch', 'update': 'update of the attached version'}


def _read_declared(service, plans):
    uids = list(dict.fromkeys(p.to_uid for p in plans))
    return zip(uids, service.map(service.profile_variables, uids))


def _unseen(plan, answer, names):
    """Of ``names``, those the cluster does not show with the value sent (a sensitive one that reads back otherwise
    -- masked -- counts as unseen: it cannot be proven)."""
    shown = values_of(answer, plan.to_uid)
    return [n for n in names if shown.get(n, '') != plan.variables.send[n]]


def write_variables(service, plan):
    """After the profiles PATCH (when one was sent) or alone: make the cluster hold ``plan.variables.send``.

    With a profiles PATCH the values went in its body; what the cluster does not show afterwards is sent with
    ``PATCH .../variables``. Alone, the changed values are sent with ``PATCH .../variables``. Then read back: a
    readable value the cluster does not show is an error (naming the variable, never the value)."""
    variables = plan.variables
    names = sorted(variables.send)
    if not names:
        return
    if variables.with_profiles:
        names = _unseen(plan, service.cluster_variables(plan.uid), names)
        if not names:
            return      # the profiles PATCH landed them all: that read was the read-back
    service.patch_variables(plan.uid, plan.to_uid, [{'name': n, 'value': variables.send[n]} for n in names])
    variables.written = True
    wrong = [n for n in _unseen(plan, service.cluster_variables(plan.uid), names) if n not in variables.sensitive]
    if wrong:
        raise PaletteError('cluster %s (%s): Palette accepted the values of variable(s) %s of %s but does not show them'
                           % (plan.name, plan.uid, ', '.join(wrong), plan.profile_name))
