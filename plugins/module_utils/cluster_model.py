# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cluster data model: reading Palette's cluster shapes, the apply plan, install state. Pure: no I/O.

Facts used (``palette-apis-spec.json``, REFERENCE.md sections 6 and 12, ``docs/dev/apply-lifecycle.md``):

* ``spec.clusterProfileTemplates`` of ``GET /v1/spectroclusters/{uid}`` is the **attached, desired** set: it changes
  when a PATCH of ``/profiles`` is accepted, not when the agent has installed it, and stays as it is when a profile
  is edited. Reading it back proves a PATCH was accepted, never that the cluster runs it.
* Install progress: ``status.packs[]`` (``v1ClusterPackStatus {name, profileUid, version, condition {type, status,
  reason, message, lastTransitionTime}}``) and ``status.spcApply`` (``v1SpcApply {actionType, canBeApplied,
  lastModifiedTime}``); ``status.state`` stays ``Running`` throughout.
* ``status.repave.state == "Pending"`` blocks the install until ``PATCH .../repave/approve``.
* A cluster built from a cluster template has ``spec.clusterTemplate.uid``: its profiles belong to the template.

The cluster's own values are never read from ``/profileUpdates``: see :func:`own_values`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import calendar
import re

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.lazy_values import yvalues

RUNNING = 'Running'
DELETED = 'Deleted'
APPLY_NOW = 'DownloadAndInstall'
APPLY_LATER = 'DownloadAndInstallLater'
APPLY_SETTINGS = (APPLY_NOW, APPLY_LATER)
CLUSTER_VALUES = ('detect', 'keep', 'profile')
REPAVE_PENDING = 'Pending'

# install states (result ``install.state``)
INSTALLED = 'installed'
INSTALLING = 'installing'
NOT_STARTED = 'not_started'
WAITING_FOR_TRIGGER = 'waiting_for_trigger'
REPAVE = 'repave_pending'
FAILED = 'failed'
UNKNOWN = 'unknown'


class ClusterError(PaletteError):
    """A cluster request the user has to fix (unknown cluster, profile not attached, refusal, wait timed out...)."""

    def __init__(self, msg, option=None, **details):
        super(ClusterError, self).__init__(msg, details=details or None)
        self.option = option


# --------------------------------------------------------------------------------------------
# reading the shapes

def meta_of(obj):
    return (obj or {}).get('metadata') or {}


def uid_of(obj):
    return meta_of(obj).get('uid')


def name_of(obj):
    return meta_of(obj).get('name')


def status_of(obj):
    return (obj or {}).get('status') or {}


def state_of(obj):
    return status_of(obj).get('state')


def label(cluster):
    return '%s (%s)' % (name_of(cluster), uid_of(cluster))


def attached_templates(cluster):
    """``spec.clusterProfileTemplates``: the profile versions (with packs) the cluster is attached to."""
    return list(((cluster or {}).get('spec') or {}).get('clusterProfileTemplates') or [])


def cluster_template_ref(cluster):
    """``{uid, project_uid}`` of the cluster template the cluster was built from, or None."""
    ref = ((cluster or {}).get('spec') or {}).get('clusterTemplate') or {}
    if not ref.get('uid'):
        return None
    return {'uid': ref.get('uid'), 'project_uid': ref.get('projectUid')}


def published_packs(profile):
    """The packs of ``spec.published`` (None when the version was never published)."""
    published = ((profile or {}).get('spec') or {}).get('published')
    if published is None:
        return None
    return list(published.get('packs') or [])


def profile_version(profile):
    return ((profile or {}).get('spec') or {}).get('version')


def pack_brief(pack, include_values=True):
    out = {'name': pack.get('name'), 'tag': pack.get('tag'), 'version': pack.get('version'),
           'type': pack.get('type'), 'layer': pack.get('layer')}
    if include_values:
        out['values'] = pack.get('values')
    return out


def template_info(tmpl, include_values=True):
    return {'uid': tmpl.get('uid'), 'name': tmpl.get('name'), 'type': tmpl.get('type'),
            'version': tmpl.get('profileVersion'),
            'packs': [pack_brief(p, include_values) for p in tmpl.get('packs') or []]}


def values_equal(a, b):
    """Values compared as YAML data (comments and formatting are not a change)."""
    return yvalues.equal(a or '', b or '')


def pack_changes(before_packs, after_packs):
    """Per pack that differs: ``{name, action (update|add|remove), tag_before, tag_after, values_changed}``."""
    before_by = dict((p.get('name'), p) for p in before_packs or [])
    after_by = dict((p.get('name'), p) for p in after_packs or [])
    order = [p.get('name') for p in after_packs or []] + [p.get('name') for p in before_packs or []
                                                          if p.get('name') not in after_by]
    changes = []
    for name in order:
        b, a = before_by.get(name), after_by.get(name)
        if b is None:
            changes.append({'name': name, 'action': 'add', 'tag_before': None, 'tag_after': a.get('tag'),
                            'values_changed': True})
        elif a is None:
            changes.append({'name': name, 'action': 'remove', 'tag_before': b.get('tag'), 'tag_after': None,
                            'values_changed': True})
        else:
            changed = not values_equal(b.get('values'), a.get('values'))
            if changed or b.get('tag') != a.get('tag'):
                changes.append({'name': name, 'action': 'update', 'tag_before': b.get('tag'), 'tag_after': a.get('tag'),
                                'values_changed': changed})
    return changes


def with_overrides(packs, overrides):
    """``packs`` with the values of the overridden packs replaced by the cluster's own values."""
    result = []
    for pack in packs or []:
        pack = dict(pack)
        if pack.get('name') in overrides:
            pack['values'] = overrides[pack['name']]
        result.append(pack)
    return result


def attached_template(cluster, profile_name, option='profile_name'):
    """The attached template of ``profile_name``; ClusterError when the cluster does not use that profile."""
    templates = attached_templates(cluster)
    found = [t for t in templates if t.get('name') == profile_name]
    if not found:
        names = ', '.join('%s %s' % (t.get('name'), t.get('profileVersion')) for t in templates)
        raise ClusterError('%s: cluster %s does not use cluster profile %r; it uses: %s'
                           % (option, label(cluster), profile_name, names or '(no profiles)'), option=option)
    if len(found) > 1:
        raise ClusterError('%s: cluster %s uses cluster profile %r %d times (uids %s); fix the cluster first'
                           % (option, label(cluster), profile_name, len(found),
                              ', '.join(str(t.get('uid')) for t in found)), option=option)
    return found[0]


# --------------------------------------------------------------------------------------------
# times (v1Time: RFC 3339 strings); only the server's times are ever compared

_TIME = re.compile(r'^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?$')


def parse_time(text):
    """Seconds since the epoch of an RFC 3339 time (UTC when no offset), or None."""
    match = _TIME.match(str(text or '').strip())
    if not match:
        return None
    parts = [int(match.group(i)) for i in range(1, 7)]
    seconds = calendar.timegm(tuple(parts) + (0, 0, 0)) + float(match.group(7) or 0)
    zone = match.group(8)
    if zone and zone != 'Z':
        sign = -1 if zone[0] == '-' else 1
        digits = zone[1:].replace(':', '')
        seconds -= sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return seconds


def _max_time(*times):
    known = [t for t in times if t is not None]
    return max(known) if known else None


# --------------------------------------------------------------------------------------------
# install state

def status_packs(cluster):
    return [p for p in status_of(cluster).get('packs') or [] if isinstance(p, dict)]


def spc_apply(cluster):
    return status_of(cluster).get('spcApply') or {}


def repave_state(cluster):
    return (status_of(cluster).get('repave') or {}).get('state')


def condition_of(entry):
    return (entry or {}).get('condition') or {}


def pack_times(cluster, profile_uids):
    """``{pack name: latest lastTransitionTime}`` of the ``status.packs[]`` entries of these profile uids."""
    times = {}
    for entry in status_packs(cluster):
        if entry.get('profileUid') in profile_uids:
            when = parse_time(condition_of(entry).get('lastTransitionTime'))
            times[entry.get('name')] = _max_time(times.get(entry.get('name')), when)
    return times


def pack_status_brief(entry):
    cond = condition_of(entry)
    return {'name': entry.get('name'), 'profile_uid': entry.get('profileUid'), 'version': entry.get('version'),
            'condition': cond.get('type'), 'status': cond.get('status'), 'message': cond.get('message')}


def _is_true(value):
    return str(value).lower() == 'true'


def _wanted_version(pack):
    return set(str(v) for v in (pack.get('version'), pack.get('tag')) if v)


def install_state(cluster, profile_uid, expected_packs, changed=None, removed=(), before_times=None, triggered=False):
    """What ``status`` says about the install of ``expected_packs`` (profile ``profile_uid``) on ``cluster``.

    ``changed``: the names of the packs a PATCH sent by this task changes (each must be ``Ready``/``True`` with the
    target version and a ``lastTransitionTime`` newer than ``before_times[name]`` (its time before the PATCH) and not
    older than ``spcApply.lastModifiedTime``), or None on a re-run (every pack must be Ready with the target version
    and some entry of the cluster must be at least as new as ``spcApply.lastModifiedTime``). ``removed``: packs that
    must have no entry under ``profile_uid`` any more.

    Returns ``{state, packs, message}`` and a list of problems (empty when installed). An ``Error`` condition newer
    than the reference time is ``failed``, whatever else holds."""
    spc = spc_apply(cluster)
    ref_spc = parse_time(spc.get('lastModifiedTime'))
    before_times = before_times or {}
    entries = [e for e in status_packs(cluster) if e.get('profileUid') == profile_uid]
    by_name = dict((e.get('name'), e) for e in entries)
    briefs = [pack_status_brief(e) for e in entries]
    for brief in briefs:
        brief.pop('profile_uid', None)

    def newer(entry, name):
        when = parse_time(condition_of(entry).get('lastTransitionTime'))
        if when is None:
            return False
        before = before_times.get(name)
        if before is not None and when <= before:
            return False
        return ref_spc is None or when >= ref_spc

    def result(state, message, problems):
        return {'state': state, 'packs': briefs, 'message': message}, problems

    # 1. a failure reported since the change
    for entry in entries:
        cond = condition_of(entry)
        if cond.get('type') == 'Error' and str(cond.get('status')).lower() != 'false':
            if (changed is None and (ref_spc is None or _time_ge(cond.get('lastTransitionTime'), ref_spc))) \
                    or (changed is not None and newer(entry, entry.get('name'))):
                msg = 'pack %s failed to install: %s' % (entry.get('name'), cond.get('message') or cond.get('reason') or 'Error')
                return result(FAILED, msg, [msg])
    # 2. what is missing
    problems = []
    names = [p.get('name') for p in expected_packs or []] if changed is None else list(changed)
    wanted = dict((p.get('name'), p) for p in expected_packs or [])
    fresh = 0
    for name in names:
        pack = wanted.get(name) or {}
        entry = by_name.get(name)
        if entry is None:
            problems.append('pack %s: no install status yet' % name)
            continue
        cond = condition_of(entry)
        is_fresh = changed is None or newer(entry, name)
        fresh += 1 if changed is not None and is_fresh else 0
        ready = cond.get('type') == 'Ready' and _is_true(cond.get('status'))
        version_ok = not _wanted_version(pack) or str(entry.get('version')) in _wanted_version(pack)
        if not (ready and version_ok and is_fresh):
            text = 'pack %s: %s/%s' % (name, cond.get('type'), cond.get('status'))
            if cond.get('reason'):
                text += ' (%s)' % cond.get('reason')
            text += ' version %s' % entry.get('version')
            if not version_ok:
                text += ', want %s' % '/'.join(sorted(_wanted_version(pack)))
            if not is_fresh:
                text += ', not reported since the change'
            problems.append(text)
    for name in removed or ():
        if name in by_name:
            problems.append('pack %s: still installed' % name)
    if changed is None and ref_spc is not None:
        if not any(_time_ge(condition_of(e).get('lastTransitionTime'), ref_spc) for e in status_packs(cluster)):
            problems.append('no pack reported since the last change was accepted (%s)' % spc.get('lastModifiedTime'))
    if spc.get('canBeApplied') is False:
        problems.append('spcApply.canBeApplied is false')
    if repave_state(cluster) == REPAVE_PENDING:
        problems.insert(0, 'repave approval pending')
        return result(REPAVE, 'waiting for the repave approval (status.repave.state Pending)', problems)
    if not problems:
        return result(INSTALLED, 'installed', [])
    if spc.get('actionType') == APPLY_LATER and not triggered and (spc.get('canBeApplied') is False or not fresh):
        return result(WAITING_FOR_TRIGGER, 'attached, waiting for the install trigger (POST status/spcApply)', problems)
    if not status_packs(cluster):
        return result(UNKNOWN, 'the cluster reports no pack status', problems)
    if changed is not None and not fresh:
        return result(NOT_STARTED, 'accepted; the agent has not reported the change yet', problems)
    return result(INSTALLING, 'installing: %s' % '; '.join(problems), problems)


def _time_ge(text, ref):
    when = parse_time(text)
    return when is not None and when >= ref


# --------------------------------------------------------------------------------------------
# the cluster's own values

def own_values(attached_packs, base_packs, target_packs, base_proven, cluster_values='detect'):
    """``(overrides, ambiguous)``: the values of the cluster's own to send again, and the packs for which the
    cluster's values cannot be told apart from a profile edit.

    ``attached_packs``: the cluster's attached template (its values include its own ones). ``base_packs``: the
    content the cluster was attached with (``previous_packs`` given by the caller, else the attached version's
    current published content). ``base_proven``: whether ``base_packs`` is known to be that content (False for an
    in-place apply without ``previous_packs``: the current published content already holds the edit).

    Per pack of the attached template that the target still has:

    * values equal to the target's: nothing to send (the same values either way);
    * values equal to the base's (``base_proven``): no own values, the target's values apply;
    * else the cluster has values of its own: kept when the base is proven and the edit did not touch the pack
      (target values == base values); otherwise ambiguous, and ``cluster_values`` decides: ``keep`` sends the
      cluster's values, ``profile`` the target's, ``detect`` reports it (the caller refuses)."""
    base_by = dict((p.get('name'), p) for p in base_packs or [])
    target_by = dict((p.get('name'), p) for p in target_packs or [])
    overrides, ambiguous = {}, []
    for pack in attached_packs or []:
        name = pack.get('name')
        target = target_by.get(name)
        if target is None:
            continue
        mine = pack.get('values') or ''
        if values_equal(mine, target.get('values')):
            continue
        base = base_by.get(name)
        if base_proven and base is not None:
            if values_equal(mine, base.get('values')):
                continue
            if values_equal(target.get('values'), base.get('values')):
                overrides[name] = mine
                continue
        if cluster_values == 'keep':
            overrides[name] = mine
        elif cluster_values == 'detect':
            ambiguous.append(name)
    return overrides, ambiguous


def check_previous_packs(previous_packs, option='previous_packs'):
    """``previous_packs`` elements: dicts with a non-empty string ``name`` (once each) and a string ``values``."""
    if previous_packs is None:
        return None
    seen = set()
    for index, pack in enumerate(previous_packs):
        where = '%s: element %d' % (option, index)
        if not isinstance(pack, dict):
            raise ClusterError('%s: must be a dict with name and values, got %r' % (where, type(pack).__name__), option=option)
        name = pack.get('name')
        if not isinstance(name, str) or not name.strip():
            raise ClusterError('%s: name is required (the pack name, a string)' % where, option=option)
        if 'values' not in pack:
            raise ClusterError('%s: values is required (the values text of pack %r before the change; give "" for none)'
                               % (where, name), option=option)
        if pack['values'] is not None and not isinstance(pack['values'], str):
            raise ClusterError('%s: values of pack %r must be a string (the values YAML as text), got %s'
                               % (where, name, type(pack['values']).__name__), option=option)
        if name in seen:
            raise ClusterError('%s: pack %r is given twice' % (where, name), option=option)
        seen.add(name)
    return [{'name': p['name'], 'values': p.get('values') or ''} for p in previous_packs]


# --------------------------------------------------------------------------------------------
# the plan

def pack_text_lines(packs, indent='  '):
    lines = []
    for pack in packs:
        lines.append('%s- name: %s' % (indent, pack.get('name')))
        lines.append('%s  tag: %s' % (indent, pack.get('tag')))
        lines.append('%s  values: |' % indent)
        lines.extend(('%s    %s' % (indent, line)) if line else '' for line in (pack.get('values') or '').splitlines())
    return lines


class OtherProfile(object):
    """Another profile attached to a planned cluster: may Palette install its pending content with our PATCH?"""

    def __init__(self, template, profile):
        self.template = template
        self.uid = template.get('uid')
        self.name = template.get('name')
        self.version = template.get('profileVersion')
        packs = published_packs(profile)
        self.published = packs
        # its published content differs from its attached template (the cluster's own values may be all of it)
        self.pending = pack_changes(template.get('packs'), packs) if packs is not None else []
        self.changed = None         # after a PATCH: whether its attached template changed
        self.changes_seen = []

    @property
    def may_change(self):
        return bool(self.pending)

    def observe(self, cluster):
        """Compare its attached template after our PATCH with the one before."""
        now = [t for t in attached_templates(cluster) if t.get('name') == self.name]
        after = now[0] if now else {}
        self.changes_seen = pack_changes(self.template.get('packs'), after.get('packs'))
        self.changed = bool(self.changes_seen) or after.get('uid') != self.uid

    def result(self):
        return {'name': self.name, 'uid': self.uid, 'version': self.version, 'may_change': self.may_change,
                'pending_changes': self.pending, 'changed': self.changed, 'pack_changes': self.changes_seen}


class ApplyPlan(object):
    """What ``palette_cluster_profile`` does to one cluster for one profile."""

    def __init__(self, cluster, attached, target, overrides, apply_setting=APPLY_NOW, others=()):
        self.cluster = cluster
        self.uid = uid_of(cluster)
        self.name = name_of(cluster)
        self.profile_name = attached.get('name')
        self.attached = attached
        self.attached_uid = attached.get('uid')        # replaceWithProfile: the version the cluster is attached to
        self.to_uid = uid_of(target)
        self.to_version = profile_version(target)
        self.overrides = overrides                      # {pack name: values} sent as packValues
        self.expected_packs = with_overrides(published_packs(target), overrides)
        self.apply_setting = apply_setting
        self.others = list(others)
        self.changes = pack_changes(attached.get('packs'), self.expected_packs)
        if self.attached_uid is None:
            self.action = 'attach'          # the cluster does not run the profile yet (cluster_attach)
        elif self.attached_uid == self.to_uid and not self.changes:
            self.action = None
        elif self.attached_uid != self.to_uid:
            self.action = 'switch'
        else:
            self.action = 'update'
        # the packs the install must show: every pack when the profile uid changes, else the changed ones
        if self.action in ('switch', 'attach'):
            self.changed_packs = [p.get('name') for p in self.expected_packs]
        else:
            self.changed_packs = [c['name'] for c in self.changes if c['action'] != 'remove']
        expected_names = set(p.get('name') for p in self.expected_packs)
        self.removed_packs = [p.get('name') for p in attached.get('packs') or [] if p.get('name') not in expected_names]
        self.before_times = pack_times(cluster, (self.attached_uid, self.to_uid))
        self.state = state_of(cluster)
        self.applied = False         # the PATCH for this cluster was accepted
        self.triggered = False       # POST status/spcApply sent
        self.repave_approved = False
        self.repave = None           # {state, reasons} when a repave is pending (or was)
        self.install = None
        self.problems = []
        self.converged = None
        self.variables = None        # a cluster_variables.VariablePlan when the task sets variables
        self.observe(cluster)

    @property
    def changed(self):
        """Whether a profiles PATCH is sent to the cluster."""
        return self.action is not None

    @property
    def variables_changed(self):
        return self.variables is not None and self.variables.changed

    def body(self):
        """The ``v1SpectroClusterProfiles`` PATCH body: the target version replacing the attached one, with the
        cluster's own values for its overridden packs, and the apply setting."""
        pack_values = []
        for pack in self.expected_packs:
            if pack.get('name') in self.overrides:
                entry = {'name': pack['name'], 'values': self.overrides[pack['name']]}
                for key in ('tag', 'type'):
                    if pack.get(key):
                        entry[key] = pack[key]
                pack_values.append(entry)
        # always sent, even empty: an entry without packValues may keep the replaced entry's values
        entity = {'uid': self.to_uid, 'replaceWithProfile': self.attached_uid, 'packValues': pack_values}
        if self.attached_uid is None:
            # attach: without replaceWithProfile a PATCH adds the profile (REF section 6)
            del entity['replaceWithProfile']
        if self.variables is not None and self.variables.send:
            entity['variables'] = self.variables.entities()
        return {'profiles': [entity], 'spcApplySettings': {'actionType': self.apply_setting}}

    def attached_problems(self, cluster):
        """Why the attached template of ``cluster`` is not the target ([] when it is)."""
        found = [t for t in attached_templates(cluster) if t.get('name') == self.profile_name]
        if not found:
            return ['profile %s is no longer attached' % self.profile_name]
        if found[0].get('uid') != self.to_uid:
            return ['attached to %s version %s, not %s' % (self.profile_name, found[0].get('profileVersion'), self.to_version)]
        changes = pack_changes(found[0].get('packs'), self.expected_packs)
        return ['attached pack %s differs (%s)' % (c['name'], c['action']) for c in changes]

    def observe(self, cluster):
        """Read the install state from ``cluster`` (as read now)."""
        self.state = state_of(cluster)
        sent = self.applied
        self.install, problems = install_state(
            cluster, self.to_uid, self.expected_packs,
            changed=self.changed_packs if sent else None, removed=self.removed_packs if sent else (),
            before_times=self.before_times if sent else None, triggered=self.triggered)
        attached = self.attached_problems(cluster)
        if attached and self.install['state'] == INSTALLED:
            self.install = dict(self.install, state=NOT_STARTED if not sent else INSTALLING,
                                message='the cluster is not attached to the target content yet')
        self.problems = attached + problems
        if self.repave_approved and repave_state(cluster) != REPAVE_PENDING and self.repave:
            self.repave = dict(self.repave, state=repave_state(cluster) or 'Approved')
        return self.install

    @property
    def installed(self):
        return bool(self.install) and self.install['state'] == INSTALLED and not self.problems

    @property
    def underway(self):
        """Attached to the target (nothing to send) and not installed yet."""
        return self.action is None and not self.installed

    def side(self, which):
        if which == 'before':
            uid, version, packs = self.attached_uid, self.attached.get('profileVersion'), self.attached.get('packs') or []
        else:
            uid, version, packs = self.to_uid, self.to_version, self.expected_packs
        return {'profile_uid': uid, 'version': version, 'packs': [{'name': p.get('name'), 'tag': p.get('tag')} for p in packs]}

    def result(self):
        out = {
            'uid': self.uid,
            'name': self.name,
            'profile': self.profile_name,
            'changed': self.changed or self.triggered or self.repave_approved or self.variables_changed,
            'action': self.action,
            'underway': self.underway,
            'before': self.side('before'),
            'after': self.side('after'),
            'pack_changes': self.changes,
            'kept_overrides': sorted(self.overrides),
            'state': self.state,
            'converged': self.converged,
            'problems': list(self.problems),
            'install': self.install,
            'triggered': self.triggered,
            'other_profiles': [o.result() for o in self.others if o.may_change or o.changed],
            'variable_changes': self.variables.result() if self.variables is not None else [],
        }
        if self.repave is not None:
            out['repave'] = self.repave
        return out

    def diff(self):
        others = [o for o in self.others if o.may_change]

        def text(which):
            side = self.side(which)
            packs = self.attached.get('packs') or [] if which == 'before' else self.expected_packs
            lines = ['profile: %s' % self.profile_name, 'profile_uid: %s' % side['profile_uid'],
                     'version: %s' % side['version'], 'packs:'] + pack_text_lines(packs)
            if self.variables is not None:
                lines.extend(self.variables.diff_lines(which))
            if others:
                lines.append('# other attached profiles Palette may also install with this change:')
                for other in others:
                    lines.append('other_profile: %s (%s) version %s' % (other.name, other.uid, other.version))
                    lines.append('packs:')
                    lines.extend(pack_text_lines(other.template.get('packs') or [] if which == 'before' else other.published))
            return '\n'.join(lines) + '\n'
        header = 'cluster %s (%s)' % (self.name, self.uid)
        return {'before_header': header, 'after_header': header, 'before': text('before'), 'after': text('after')}
