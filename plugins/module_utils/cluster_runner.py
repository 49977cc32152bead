# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the cluster modules run: :func:`cluster_facts` (``palette_cluster_info``) and :func:`update_clusters`
(``palette_cluster_profile``). They build the results; HTTP is in :mod:`cluster_service`, the data model in
:mod:`cluster_model`, the wait in :mod:`cluster_waiter` (see ``docs/dev/apply-lifecycle.md``)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_model import (
    APPLY_LATER,
    APPLY_NOW,
    APPLY_SETTINGS,
    CLUSTER_VALUES,
    FAILED,
    INSTALLED,
    NOT_STARTED,
    REPAVE,
    REPAVE_PENDING,
    UNKNOWN,
    WAITING_FOR_TRIGGER,
    ApplyPlan,
    ClusterError,
    OtherProfile,
    attached_template,
    attached_templates,
    check_previous_packs,
    cluster_template_ref,
    install_state,
    label,
    meta_of,
    name_of,
    own_values,
    pack_changes,
    pack_status_brief,
    profile_version,
    published_packs,
    repave_state,
    status_packs,
    template_info,
    uid_of,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_progress import (
    check_resume,
    merged_row,
    progress,
    restore,
    resume_state,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_attach import check_selection, detach_clusters, to_attach
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_variables import (
    check_cluster_variables,
    check_variables,
    needs_variables,
    plan_variables,
    write_variables,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_waiter import (
    handle_repave,
    observe_now,
    repave_reasons_text,
    wait_installed,
)

MAX_WAIT_TIMEOUT = 86400
MAX_WAIT_SLEEP = 600


# --------------------------------------------------------------------------------------------
# palette_cluster_info

def cluster_install(cluster, include_packs=True):
    """The install state of everything attached to ``cluster``, from ``status.packs[]``, ``spcApply`` and the
    repave state: ``{state, packs, message}``."""
    states, messages = [], []
    for tmpl in attached_templates(cluster):
        install, dummy = install_state(cluster, tmpl.get('uid'), tmpl.get('packs'))
        states.append(install['state'])
        if install['state'] != INSTALLED:
            messages.append('%s: %s' % (tmpl.get('name'), install['message']))
    for state in (FAILED, REPAVE, WAITING_FOR_TRIGGER):
        if state in states:
            break
    else:
        if not status_packs(cluster) and states:
            state = UNKNOWN
        elif all(s == INSTALLED for s in states):
            state = INSTALLED
        elif all(s in (NOT_STARTED, INSTALLED) for s in states):
            state = NOT_STARTED
        else:
            state = 'installing'
    return {'state': state, 'message': '; '.join(messages) or state,
            'packs': [pack_status_brief(e) for e in status_packs(cluster)] if include_packs else []}


def describe(service, cluster, summary=None, include_values=True):
    """What ``palette_cluster_info`` returns for one cluster. Pending updates: each attached template compared
    with the current published content of its version (each profile read once, in its scope)."""
    uid = uid_of(cluster)
    if summary is None:
        summary = service.summary(uid) or {}
    sstatus = summary.get('status') or {}
    attached = attached_templates(cluster)
    profiles = service.read_profiles([t.get('uid') for t in attached])
    updates, unreadable = [], []
    for tmpl in attached:
        profile = profiles.get(tmpl.get('uid'))
        packs = published_packs(profile)
        if profile is None or packs is None:
            unreadable.append('%s (%s)' % (tmpl.get('name'), tmpl.get('uid')))
            continue
        changes = pack_changes(tmpl.get('packs'), packs)
        if changes:
            updates.append({
                'profile': tmpl.get('name'),
                'uid_before': tmpl.get('uid'),
                'uid_after': uid_of(profile),
                'version_before': tmpl.get('profileVersion'),
                'version_after': profile_version(profile),
                'packs': changes,
                # values-only differences: a profile edit, or the cluster's own values (not told apart here)
                'values_only': [c['name'] for c in changes if c['action'] == 'update' and c['tag_before'] == c['tag_after']],
            })
    meta = meta_of(cluster)
    status = cluster.get('status') or {}
    info = {
        'uid': uid,
        'name': meta.get('name'),
        'state': status.get('state') or sstatus.get('state'),
        'health': (sstatus.get('health') or {}).get('state'),
        'cloud_type': (cluster.get('spec') or {}).get('cloudType'),
        'tags': meta.get('labels') or {},
        'scope': (meta.get('annotations') or {}).get('scope'),
        'profiles': [template_info(t, include_values) for t in attached],
        'update_pending': bool((sstatus.get('notifications') or {}).get('isAvailable')),
        'pending_updates': updates,
        'install': cluster_install(cluster),
        'cluster_template': cluster_template_ref(cluster),
    }
    if repave_state(cluster):
        info['repave'] = {'state': repave_state(cluster)}
    if unreadable:
        info['unreadable_profiles'] = unreadable
    return info


def describe_many(service, uids=None, summaries=None, include_values=True):
    """Describe clusters concurrently: by uid, or from search summaries. An unknown uid raises one ClusterError
    naming them all."""
    if summaries is not None:
        work = [(uid_of(s), s) for s in summaries]
    else:
        known = service.summaries_of(uids or [])
        work = [(uid, known.get(uid)) for uid in uids or []]
    clusters = service.map(lambda item: service.get(item[0]), work)
    missing = [uid for (uid, dummy), cluster in zip(work, clusters) if cluster is None and summaries is None]
    if missing:
        raise ClusterError('uids: no cluster with uid %s in %s'
                           % (', '.join(repr(u) for u in missing), service.scope_text()), option='uids')
    found = [(cluster, item[1]) for item, cluster in zip(work, clusters) if cluster is not None]
    service.read_profiles([t.get('uid') for cluster, dummy in found for t in attached_templates(cluster)])
    return service.map(lambda pair: describe(service, pair[0], pair[1], include_values), found)


def _facts_warnings(clusters):
    warnings = []
    for info in clusters:
        if info.get('unreadable_profiles'):
            warnings.append('cluster %s (%s): cannot read cluster profile(s) %s in project or tenant scope; their pending '
                            'updates are unknown' % (info['name'], info['uid'], ', '.join(info['unreadable_profiles'])))
    return warnings


def cluster_facts(service, uid=None, name=None, uids=None, filters=None, include_values=True):
    """``palette_cluster_info``: returns the result dict."""
    if uid or name:
        cluster = service.resolve(uid=uid, name=name, option='uid' if uid else 'name')
        clusters = [describe(service, cluster, include_values=include_values)]
    elif uids is not None:
        clusters = describe_many(service, uids=list(dict.fromkeys(uids)), include_values=include_values)
    else:
        filters = filters or {}
        summaries = service.search(name=filters.get('name'), name_contains=filters.get('name_contains'),
                                   states=filters.get('state'), tags=filters.get('tags'), profile=filters.get('profile'))
        clusters = describe_many(service, summaries=summaries, include_values=include_values)
    result = {'changed': False, 'clusters': clusters}
    warnings = _facts_warnings(clusters)
    if warnings:
        result['warnings'] = warnings
    return result


# --------------------------------------------------------------------------------------------
# palette_cluster_profile

def check_options(wait_timeout, wait_sleep, apply_setting, cluster_values, wait_progress_interval=None, wait=False):
    if wait_progress_interval is not None:
        if not 1 <= wait_progress_interval <= MAX_WAIT_TIMEOUT:
            raise ClusterError('wait_progress_interval: %r is out of range; give 1 to %d seconds'
                               % (wait_progress_interval, MAX_WAIT_TIMEOUT), option='wait_progress_interval')
        if not wait:
            raise ClusterError('wait_progress_interval: shows the progress of a wait; give wait: true with it',
                               option='wait_progress_interval')
    if wait_timeout is None or not 1 <= wait_timeout <= MAX_WAIT_TIMEOUT:
        raise ClusterError('wait_timeout: %r is out of range; give 1 to %d seconds' % (wait_timeout, MAX_WAIT_TIMEOUT),
                           option='wait_timeout')
    if wait_sleep is None or not 1 <= wait_sleep <= MAX_WAIT_SLEEP:
        raise ClusterError('wait_sleep: %r is out of range; give 1 to %d seconds' % (wait_sleep, MAX_WAIT_SLEEP),
                           option='wait_sleep')
    if apply_setting not in APPLY_SETTINGS:
        raise ClusterError('apply_setting: %r is not one of %s' % (apply_setting, ', '.join(APPLY_SETTINGS)),
                           option='apply_setting')
    if cluster_values not in CLUSTER_VALUES:
        raise ClusterError('cluster_values: %r is not one of %s' % (cluster_values, ', '.join(CLUSTER_VALUES)),
                           option='cluster_values')


def target_version_uid(service, profiles, profile_name, version):
    """The uid of ``profile_name`` ``version`` (None without a version); ClusterError naming the option when the
    profile or the version does not exist."""
    versions = profiles.versions_named(profile_name)
    if not versions:
        raise ClusterError('profile_name: no cluster profile named %r in %s' % (profile_name, service.scope_text()),
                           option='profile_name')
    if version is None:
        return None
    exact = [m for m in versions if m['version'] == version]
    if not exact:
        raise ClusterError('version: cluster profile %r has no version %r; its versions are: %s'
                           % (profile_name, version, ', '.join(str(m['version']) for m in versions)), option='version')
    if len(exact) > 1:
        raise ClusterError('version: %d cluster profiles are named %r with version %s (uids %s); give profile_uid'
                           % (len(exact), profile_name, version, ', '.join(m['uid'] for m in exact)), option='version')
    return exact[0]['uid']


def _gather(service, clusters, profile_name, option, attach=None):
    """Per cluster its attached template of ``profile_name``; one ClusterError naming every cluster that does not
    use it, or that was built from a cluster template. ``attach`` (the target profile, with ``attach: true``): a
    cluster that does not use the profile gets an empty template, to which the target is attached."""
    errors, attached = [], []
    for cluster in clusters:
        ref = cluster_template_ref(cluster)
        if ref:
            errors.append('cluster %s was built from cluster template %s: its profiles belong to the template; change '
                          'the template (or leave the cluster out)' % (label(cluster), ref['uid']))
            continue
        runs_it = any(t.get('name') == profile_name for t in attached_templates(cluster))
        if attach is not None and not runs_it:
            attached.append(to_attach(attach, option))
            continue
        try:
            attached.append(attached_template(cluster, profile_name, option))
        except ClusterError as err:
            errors.append(str(err) if runs_it else '%s (attach: true attaches an add-on profile)' % err)
    if errors:
        first = errors[0]
        raise ClusterError('; '.join(errors), option=option if first.startswith(option + ':') else 'cluster_uids')
    return attached


def _proven_own(service, cluster, tmpl, target, overrides, unclear, apply_setting):
    """Under ``detect``: the packs of ``unclear`` are the cluster's own values when, kept as such, nothing would be
    sent to the cluster and Palette does not offer it an update ("Updates Available" off): then nothing is written,
    so nothing can be lost, and no change is waiting that they could hide. Returns the overrides with them, or
    None when that does not hold."""
    values = dict((p.get('name'), p.get('values') or '') for p in tmpl.get('packs') or [])
    kept = dict(overrides)
    kept.update((name, values.get(name, '')) for name in unclear)
    if ApplyPlan(cluster, tmpl, target, kept, apply_setting=apply_setting).changed:
        return None
    summary = service.summary(uid_of(cluster)) or {}
    if ((summary.get('status') or {}).get('notifications') or {}).get('isAvailable'):
        return None
    return kept


def plan_updates(service, clusters, profile_name, target_uid, option='profile_name', previous_packs=None,
                 cluster_values='detect', apply_setting=APPLY_NOW, previous_uid=None, attach=False):
    """An ApplyPlan per cluster; one ClusterError naming every cluster (and pack) that cannot be planned. Every
    profile needed (the target, the attached versions, the other attached profiles) is read once, in its scope.
    ``attach``: a cluster that does not use the profile gets ``target_uid`` attached (``cluster_attach``)."""
    attached = _gather(service, clusters, profile_name, option,
                       attach=service.read_profile(target_uid) if attach else None)
    needed = []
    for cluster, tmpl in zip(clusters, attached):
        needed.append(target_uid or tmpl.get('uid'))
        needed.extend(t.get('uid') for t in attached_templates(cluster))
    profiles = service.read_profiles(needed)
    errors, ambiguous, plans = [], [], []
    for cluster, tmpl in zip(clusters, attached):
        to_uid = target_uid or tmpl.get('uid')
        target = profiles.get(to_uid)
        if target is None:
            errors.append('%s: cluster profile %r (%s) used by cluster %s cannot be read in %s nor in tenant scope; '
                          'check that these credentials may read it' % (option, profile_name, to_uid, label(cluster),
                                                                        service.scope_text()))
            continue
        if published_packs(target) is None:
            errors.append('%s: version %s of cluster profile %r (%s) was never published; publish it first'
                          % (option, profile_version(target), profile_name, to_uid))
            continue
        in_place = tmpl.get('uid') == to_uid
        # previous_packs describe one version: previous_uid, or (by default) the version an in-place apply targets
        describes = tmpl.get('uid') == previous_uid if previous_uid else in_place
        if previous_packs is not None and describes:
            base, proven = previous_packs, True
        else:
            base = published_packs(profiles.get(tmpl.get('uid'))) or []
            proven = not in_place
            if profiles.get(tmpl.get('uid')) is None:
                proven = False
        overrides, unclear = own_values(tmpl.get('packs'), base, published_packs(target), proven, cluster_values)
        if unclear:
            kept = _proven_own(service, cluster, tmpl, target, overrides, unclear, apply_setting)
            if kept is not None:
                overrides, unclear = kept, []
        others, unreadable = [], []
        for other in attached_templates(cluster):
            if other.get('name') == profile_name:
                continue
            profile = profiles.get(other.get('uid'))
            if profile is None:
                unreadable.append(other)
                continue
            others.append(OtherProfile(other, profile))
        plan = ApplyPlan(cluster, tmpl, target, overrides, apply_setting=apply_setting, others=others)
        for other in unreadable if plan.changed else ():
            errors.append('cluster %s: its other attached cluster profile %r (%s) cannot be read in %s nor in tenant '
                          'scope, so what Palette may install with this change is unknown; check that these credentials '
                          'may read it' % (label(cluster), other.get('name'), other.get('uid'), service.scope_text()))
        if unclear and plan.changed:
            ambiguous.append('cluster %s pack(s) %s' % (label(cluster), ', '.join(unclear)))
        plans.append(plan)
    if errors:
        raise ClusterError('; '.join(errors), option=option)
    if ambiguous:
        raise ClusterError(
            'cluster_values: the values of these packs differ from the profile content the cluster was attached with, '
            'and that cannot be told apart from the profile edit: %s. Give previous_packs (the profile version\'s packs '
            'before the edit), or cluster_values: keep (keep the cluster\'s values) or cluster_values: profile (take the '
            'profile\'s values); nothing was sent' % '; '.join(ambiguous), option='cluster_values',
            clusters=[p.uid for p in plans if p.changed])
    return plans


def _trigger_due(plan, apply_setting):
    """Whether ``trigger_install`` sends the install trigger to ``plan``'s cluster: this task attached the change
    under DownloadAndInstallLater (after the PATCH was accepted, 204), or it was attached before and waits for it."""
    if plan.applied:
        return apply_setting == APPLY_LATER
    return not plan.changed and plan.install['state'] == WAITING_FOR_TRIGGER


def _carry_out(service, plans, apply_setting, trigger_install, approve_repave, wait):
    """Every write, after every check (``plan_updates``). Per cluster, one step after the other: its PATCH (when it
    needs one), its install trigger (when due), then one read of what it shows now (the first check of the wait).
    The clusters overlap on the service's threads, so the PATCH of one cluster and the read of another go out at
    the same time: they are in different rate-limit buckets (``/v1/spectroclusters/:uid/profiles`` and
    ``/v1/spectroclusters``, REFERENCE.md section 7). A cluster nothing is sent to is not read again: its read
    before is still what it shows. A failed PATCH does not stop the other clusters' (as before); every failure is
    raised once each cluster has had its turn: the failed PATCHes together, naming the clusters applied to."""
    def one(plan):
        # what this call sends (``plan.applied`` and ``plan.triggered`` may come from an earlier call of the same
        # wait, cluster_progress.restore: nothing is sent again for them)
        patched = triggered = False
        if plan.changed:
            try:
                service.patch_profiles(plan)
            except Exception as err:  # pylint: disable=broad-except
                return err
            plan.applied = patched = True
        if plan.variables is not None and (patched or plan.variables.changed):
            write_variables(service, plan)
        if trigger_install and not plan.triggered and _trigger_due(plan, apply_setting):
            service.trigger_install(plan.uid)
            plan.triggered = triggered = True
        if patched or triggered:
            observe_now(service, plan, approve_repave)
            return None
        if wait:
            for other in plan.others:
                other.observe(plan.cluster)     # nothing sent: the other profiles are as read
        handle_repave(service, plan, plan.cluster, approve_repave)
        return None

    # each thread waits on two buckets in turn; the service has a thread per connection the client keeps open
    results = service.concurrently(one, plans)
    failed = [(plan, patch_error) for plan, patch_error, dummy in results if patch_error is not None]
    if failed:
        done = [plan for plan in plans if plan.applied]
        raise PaletteError('applying the profile change failed for %s%s' % (
            '; '.join('cluster %s (%s): %s' % (p.name, p.uid, e) for p, e in failed),
            ('; it was applied to %s' % ', '.join('%s (%s)' % (p.name, p.uid) for p in done)) if done else ''))
    for dummy, dummy2, err in results:
        if err is not None:
            raise err


def _warnings(plans, wait):
    warnings = []
    for plan in plans:
        who = 'cluster %s (%s)' % (plan.name, plan.uid)
        if plan.repave and plan.repave.get('state') == REPAVE_PENDING:
            warnings.append('%s waits for a repave approval (set approve_repave: true to approve it): %s'
                            % (who, repave_reasons_text(plan.repave)))
        if plan.install and plan.install['state'] == WAITING_FOR_TRIGGER:
            warnings.append('%s: the change is attached and waits for the install trigger (trigger_install: true)%s'
                            % (who, '; not waited for' if wait else ''))
        for other in plan.others:
            if other.changed:
                warnings.append('%s: applying %s also changed the attached cluster profile %s (%s)'
                                % (who, plan.profile_name, other.name, other.uid))
    return warnings


def _check_absent(**given):
    """``state: absent`` removes the profile: the options that shape an apply make no sense with it."""
    wrong = sorted(name for name, value in given.items() if value)
    if wrong:
        raise ClusterError('state: absent detaches the profile; %s cannot be used with it' % ', '.join(wrong),
                           option='state')


def update_clusters(service, profiles, cluster_uids=None, cluster_names=None, profile_name=None, profile_uid=None,
                    version=None, wait=False, wait_timeout=600, wait_sleep=10, check_mode=False,
                    apply_setting=APPLY_NOW, trigger_install=False, approve_repave=False, cluster_values='detect',
                    previous_packs=None, previous_uid=None, variables=None, on_secret=None, cluster_tags=None,
                    attach=False, state='present', cluster_variables=None, wait_progress_interval=None, wait_resume=None,
                    clock=time.time):
    """``palette_cluster_profile``: returns the result dict. Every check happens before the first write.
    ``variables``: the values for the target version's variables (``cluster_variables``); ``on_secret`` is called
    with each value of a sensitive one; ``cluster_variables`` adds values per cluster. ``attach``: attach the target version to clusters that do not run the
    profile; ``state='absent'``: detach it (``cluster_attach``). ``wait_progress_interval``: return after that many
    seconds while clusters still install, ``waiting`` and the ``wait_resume`` that ``wait_resume`` takes back to go on
    with the wait (``cluster_progress``)."""
    called = clock()
    check_options(wait_timeout, wait_sleep, apply_setting, cluster_values, wait_progress_interval, wait)
    wait_resume = check_resume(wait_resume, wait)
    if state == 'absent':
        _check_absent(attach=attach, variables=variables, cluster_variables=cluster_variables, previous_packs=previous_packs,
                      trigger_install=trigger_install, approve_repave=approve_repave, wait=wait)
    previous_packs = check_previous_packs(previous_packs)
    variables = check_variables(variables)
    per_cluster = check_cluster_variables(cluster_variables)
    check_selection(cluster_uids, cluster_names, cluster_tags)
    option = 'profile_uid' if profile_uid else 'profile_name'
    if attach and not (profile_uid or version):
        raise ClusterError('attach: give version (or profile_uid): the version to attach to clusters that do not use '
                           'the profile yet', option='attach')
    if profile_uid:
        target = service.read_profile(profile_uid)
        if target is None:
            raise ClusterError('profile_uid: no cluster profile with uid %r in %s nor in tenant scope'
                               % (profile_uid, service.scope_text()), option='profile_uid')
        profile_name, target_uid, version = name_of(target), uid_of(target), profile_version(target)
    else:
        version = None if version is None else str(version)
        target_uid = target_version_uid(service, profiles, profile_name, version)
    clusters = service.select(cluster_uids, cluster_names, cluster_tags)
    if state == 'absent':
        # with a version (or profile_uid) only that version is detached, else every version of the profile
        result = detach_clusters(service, clusters, profile_name, [target_uid] if target_uid else None, check_mode)
        result['profile'] = {'name': profile_name, 'uid': target_uid, 'version': version}
        return result
    plans = plan_updates(service, clusters, profile_name, target_uid, option, previous_packs=previous_packs,
                         cluster_values=cluster_values, apply_setting=apply_setting, previous_uid=previous_uid,
                         attach=attach)
    if variables is not None or per_cluster:
        plan_variables(service, plans, variables or {}, on_secret, per_cluster)
    elif any(needs_variables(p) for p in plans):
        # without values: an attach checks the required variables of what it attaches, a switch or an update of the
        # attached version sends the cluster's values back (a PATCH sends back every value it does not mean to change)
        plan_variables(service, [p for p in plans if needs_variables(p)], {}, on_secret)
    todo = [p for p in plans if p.changed or p.variables_changed]
    skipped, pending = [], []
    started = None
    shows_progress = wait and not check_mode and (wait_progress_interval is not None or wait_resume is not None)
    try:
        if not check_mode:
            if wait_resume is not None:
                restore(plans, wait_resume, target_uid)
            _carry_out(service, plans, apply_setting, trigger_install, approve_repave, wait)
            if wait:
                started = wait_resume['started'] if wait_resume is not None else clock()
                skipped, pending = wait_installed(
                    service, plans, wait_timeout, wait_sleep, approve_repave, observed=True, clock=clock, started=started,
                    return_after=None if wait_progress_interval is None else called + wait_progress_interval)
        else:
            for plan in plans:
                if trigger_install and ((plan.changed and apply_setting == APPLY_LATER)
                                        or (not plan.changed and plan.install['state'] == WAITING_FOR_TRIGGER)):
                    plan.triggered = True   # would be sent
                if repave_state(plan.cluster) == REPAVE_PENDING:
                    plan.repave = dict(service.repave_status(plan.uid), state=REPAVE_PENDING)
                    plan.repave.pop('message', None)
    except PaletteError as err:
        # A failure after some writes went through still changed those clusters: say so, and what each one did.
        err.partial_result = {'changed': any(p.applied or p.triggered or p.repave_approved
                                             or (p.variables is not None and p.variables.written) for p in plans),
                              'clusters': [merged_row(p) for p in plans]}
        if shows_progress and started is not None:
            err.partial_result['progress'] = progress(plans, clock() - started, wait_timeout)
        raise
    if wait:
        for plan in skipped:
            plan.converged = False
    changed = bool(todo) or any(p.triggered or p.repave_approved for p in plans)
    diff = [p.diff() for p in todo]
    if wait_resume is not None and not check_mode:
        # the result of the whole wait: what its earlier calls wrote, and what the clusters show now
        changed = changed or bool(wait_resume.get('changed'))
        diff = list(wait_resume.get('diff') or []) + diff
    result = {'changed': changed, 'clusters': [merged_row(p) for p in plans],
              'profile': {'name': profile_name, 'uid': target_uid, 'version': version}}
    if diff:
        result['diff'] = diff
    if shows_progress:
        result['waiting'] = bool(pending)
        result['progress'] = progress(plans, clock() - started, wait_timeout)
        if pending:
            result['wait_resume'] = resume_state(plans, started, target_uid, changed, diff)
    warnings = _warnings(plans, wait)
    if warnings:
        result['warnings'] = warnings
    return result
