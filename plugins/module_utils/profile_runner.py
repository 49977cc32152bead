# -*- coding: utf-8 -*-
# Copyright (c) Spectro Cloud Palette Ansible collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the profile modules run (``palette_profile``, ``palette_profile_publish``, ``palette_profile_info``), kept
here so that the modules stay an argument spec plus one call: each takes a ``ProfileService`` and returns the
module's result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import (
    EXISTING_DRAFT_CHOICES,
    NEW_VERSION_IN_USE_CHOICES,
    ProfileError,
    _label,
    diff_entries,
    draft_diff_text,
    has_foreign_draft,
    is_semver,
    normalize_pack_changes,
    pack_info,
    packs_equal,
    plan_update,
    profile_info,
    refuse_system_scope,
    scope_of,
    simulated_clone,
    summary_info,
    template,
    template_packs,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_usage import name_projects
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_variables import pack_references, undefined_message, variable_info


def _tenant_write_warning(service, profile):
    """The warning for a write to a tenant profile from a project connection (it goes without ProjectUid)."""
    if scope_of(profile) != 'tenant' or not service.in_project():
        return None
    meta = profile.get('metadata') or {}
    return ('cluster profile %r version %s (%s) is tenant-scoped: it was written in tenant scope (without the '
            'ProjectUid header of this connection), so clusters of every project that use it see the change'
            % (meta.get('name'), (profile.get('spec') or {}).get('version'), meta.get('uid')))


def same_version(new_version, source):
    """The error for ``new_version`` equal to the version it would be cloned from: the task would change that one."""
    return ProfileError('new_version: %r is the version of %s, the one it would be cloned from, so the changes would go '
                        'to that version itself; give a new version to clone into (for example a higher patch number), '
                        'or leave new_version out to change %s in place' % (new_version, source, new_version),
                        option='new_version')


def update_profile(service, uid=None, name=None, version=None, new_version=None, packs=None,
                   existing_draft='fail', check_mode=False, backup=None, new_version_in_use='fail'):
    """``palette_profile``: returns ``(result, diff, warnings)``.

    ``backup``: called with an existing profile as read right before the first write to it; returns the path of the
    backup (``backup_file``). ``new_version_in_use``: ``fail`` refuses to change a ``new_version`` that exists already
    and clusters use; ``change`` changes it. A version this task cloned whose following write fails is deleted."""
    if existing_draft not in EXISTING_DRAFT_CHOICES:
        raise ProfileError('existing_draft must be one of %s' % ', '.join(EXISTING_DRAFT_CHOICES), option='existing_draft')
    if new_version_in_use not in NEW_VERSION_IN_USE_CHOICES:
        raise ProfileError('new_version_in_use must be one of %s' % ', '.join(NEW_VERSION_IN_USE_CHOICES),
                           option='new_version_in_use')
    changes = normalize_pack_changes(packs)
    if new_version is not None:
        new_version = str(new_version)
        if not is_semver(new_version):
            raise ProfileError('new_version: %r is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], '
                               'for example 1.2.0)' % new_version, option='new_version')
    if version is not None:
        version = str(version)
    if new_version is not None and new_version == version:
        raise same_version(new_version, 'profile %s %s' % (name, version))
    source = service.find(uid=uid, name=name, version=version)
    if changes or new_version is not None:
        refuse_system_scope(source, 'change or clone')
    if new_version is not None and new_version == (source.get('spec') or {}).get('version'):
        raise same_version(new_version, _label(source))
    target = source
    created = False
    diff = []
    warnings = []
    if new_version is not None:
        source_uid = (source.get('metadata') or {}).get('uid')
        existing = service.find_version(source['metadata']['name'], new_version, tenant=service.tenant(source_uid))
        if existing is not None:
            target = service.get(existing['uid'])
            if changes:
                refuse_system_scope(target, 'change')
        else:
            created = True
            if changes and existing_draft == 'fail' and has_foreign_draft(source):
                raise ProfileError(
                    '%s has an unpublished draft with other changes, which a clone may carry over; publish or discard '
                    'it first, or set existing_draft=build_on (or discard). Nothing was written. The draft differs from '
                    'the published profile:\n%s' % (_label(source), draft_diff_text(source)), option='existing_draft',
                    draft_diff=draft_diff_text(source))
            if check_mode:
                target = simulated_clone(source, new_version)
            else:
                refuse_undefined_before_clone(service, source, new_version, changes, existing_draft)
                target = _read_clone(service, service.clone(source, new_version, service.client.project_uid), source,
                                     new_version)
            diff.append({'before_header': _label(source), 'after_header': 'profile %s %s'
                         % (source['metadata']['name'], new_version), 'before': '',
                         'after': 'name: %s\nversion: %s\ncloned_from: %s (%s)\n'
                         % (source['metadata']['name'], new_version, source['spec'].get('version'),
                            source['metadata'].get('uid'))})
    try:
        return _change_target(service, source, target, created, changes, existing_draft, check_mode, backup,
                              new_version_in_use, diff, warnings)
    except Exception as err:   # any failure after a clone: the half-made version must not stay behind silently
        if created and not check_mode:
            raise clone_left_behind(service, target, source, new_version, err)
        raise


def refuse_undefined_before_clone(service, source, new_version, changes, existing_draft):
    """Before ``POST …/clone``: refuse when the changed values reference a variable the source (whose variables the
    clone copies) does not define, so the clone is not made only to be deleted again. A manifest's references are
    checked against the clone itself, before its PUT (its content is read there). No request unless a value
    references a variable."""
    if not changes:
        return
    clone = simulated_clone(source, new_version)
    plan = plan_update(clone, changes, service.resolve_tag, existing_draft, _label(clone))
    if plan.write and pack_references(plan.new_packs):
        message = undefined_message(plan.new_packs, service.variables(source['metadata']['uid']), _label(clone))
        if message:
            raise ProfileError(message, option='packs')


def _read_clone(service, clone_uid, source, new_version):
    """The clone as read right after ``POST …/clone``; a failed read removes it as a failed write does."""
    try:
        return service.get(clone_uid)
    except Exception as err:   # pylint: disable=broad-except
        raise clone_left_behind(service, {'metadata': {'uid': clone_uid}}, source, new_version, err)


def clone_left_behind(service, clone, source, new_version, err):
    """After a write that followed ``POST …/clone`` failed: delete the clone this task made when nothing uses it,
    and return the error to raise, saying what happened to it (deleted, or which uid is half-made and what to do)."""
    clone_uid = (clone.get('metadata') or {}).get('uid')
    name = (source.get('metadata') or {}).get('name')
    failure = '%s' % err
    try:
        fresh = service.get(clone_uid)
        users = ['%s (%s)' % (c.get('name'), c.get('uid')) for c in (fresh.get('status') or {}).get('inUseClusters') or []]
        if users:
            raise ProfileError('clusters %s use it' % ', '.join(users))
        service.delete(clone_uid)
    except Exception as cleanup:   # pylint: disable=broad-except
        return ProfileError(
            '%s. Version %s of cluster profile %r (uid %s), which this task had just cloned from %s, is half-made: the '
            'write after the clone failed and removing it failed too (%s). Run the task again to complete it (it finds '
            'version %s and makes the same changes), or delete it: DELETE /v1/clusterprofiles/%s, or '
            'spectrocloud.palette.palette_profile_definition with state=absent, name %s and version %s'
            % (failure, new_version, name, clone_uid, _label(source), cleanup, new_version, clone_uid, name, new_version),
            option='new_version', half_made_uid=clone_uid)
    return ProfileError('%s. Version %s of cluster profile %r (uid %s), which this task had just cloned, was deleted '
                        'again: nothing is left behind. Run the task again once the cause is fixed'
                        % (failure, new_version, name, clone_uid), option=getattr(err, 'option', None) or 'new_version')


def _change_target(service, source, target, created, changes, existing_draft, check_mode, backup, new_version_in_use,
                   diff, warnings):
    """The part of ``update_profile`` after the target version is known (cloned, found, or the source itself)."""
    plan = plan_update(target, changes, service.resolve_tag, existing_draft, _label(target))
    if plan.write and target is not source and not created and new_version_in_use == 'fail':
        refuse_used_version(target, source)
    for item in plan.report:
        if item.get('values_reformatted'):
            warnings.append('pack %s: ruamel.yaml could not keep the layout of the untouched lines of its values, '
                            'so the whole values document was re-rendered (comments are kept; see values_diff)'
                            % item['name'])
    diff.extend(diff_entries(_label(target), plan.base_packs, plan.new_packs))
    after = target
    landed = None
    backup_file = None
    if plan.write:
        # the manifests' content must be readable and every variable the packs reference defined, or the PUT fails:
        # find out before any write (in check mode a new version is not cloned: read its source)
        read_uid = (target.get('metadata') or {}).get('uid') or (source.get('metadata') or {}).get('uid')
        body = service.update_body(plan, read_uid=read_uid)
        service.refuse_undefined_variables(plan, body, read_uid)
    if plan.write and not check_mode:
        if backup is not None and not created:
            backup_file = backup(target)
        after, landed = service.write_packs(plan, body=body)
    if (plan.write or created) and not check_mode:
        warning = _tenant_write_warning(service, after)
        if warning:
            warnings.append(warning)
    if check_mode:
        # where a PUT lands cannot be observed without sending it; a never-published profile has only its draft
        has_draft = template(target, 'draft') is not None or (plan.write and template(target, 'published') is None)
    else:
        has_draft = template(after, 'draft') is not None
    result = {
        'changed': bool(created or plan.write),
        'uid': (after.get('metadata') or {}).get('uid'),
        'name': (after.get('metadata') or {}).get('name'),
        'version': (after.get('spec') or {}).get('version'),
        'source_uid': (source.get('metadata') or {}).get('uid'),
        'scope': scope_of(after),
        'created_version': created,
        'draft': bool(has_draft),
        'landed': landed,
        'clusters': [{'name': c.get('name'), 'uid': c.get('uid')}
                     for c in (after.get('status') or {}).get('inUseClusters') or []],
        'pack_changes': plan.report,
        'packs': [pack_info(p) for p in plan.new_packs],
    }
    if plan.note:
        result['note'] = plan.note
    if backup_file is not None:
        result['backup_file'] = backup_file
    return result, diff, warnings


def refuse_used_version(target, source):
    """``new_version`` names a version that exists and clusters use: changing it is changing what they run."""
    users = (target.get('status') or {}).get('inUseClusters') or []
    if not users:
        return
    meta = target.get('metadata') or {}
    raise ProfileError(
        'new_version: %s (%s) already exists and clusters use it: %s. Changing it would change what they run (or '
        'its draft), not make a new version from %s; nothing was written. Give a version that does not exist yet, or '
        'set new_version_in_use=change to change that version as it is'
        % (_label(target), meta.get('uid'), ', '.join('%s (%s)' % (c.get('name'), c.get('uid')) for c in users),
           _label(source)), option='new_version', clusters=[c.get('name') for c in users])


ALREADY_PUBLISHED_MSG = ('nothing to publish: the profile has no draft and its published content is current (a PUT '
                         'that Palette applied to the published content in place, palette_profile landed=published, '
                         'needs no publish)')


def publish_profile(service, uid=None, name=None, version=None, check_mode=False):
    """``palette_profile_publish``: returns ``(result, diff, warnings)``."""
    if version is not None:
        version = str(version)
    profile = service.find(uid=uid, name=name, version=version)
    meta = profile.get('metadata') or {}
    draft = template_packs(profile, 'draft')
    published = template_packs(profile, 'published')
    base = {'uid': meta.get('uid'), 'name': meta.get('name'), 'version': (profile.get('spec') or {}).get('version'),
            'scope': scope_of(profile),
            'clusters': [{'name': c.get('name'), 'uid': c.get('uid')}
                         for c in (profile.get('status') or {}).get('inUseClusters') or []]}
    if draft is None:
        result = dict(base, changed=False, published=False, already_published=published is not None,
                      packs=[pack_info(p) for p in published or []],
                      clusters_pending_update=clusters_offered_update(service, profile))
        if published is not None:
            result['msg'] = ALREADY_PUBLISHED_MSG
        return result, [], []
    refuse_system_scope(profile, 'publish')
    diff = diff_entries(_label(profile), published or [], draft)
    if check_mode:
        if published is not None and packs_equal(draft, published, values_as_data=False):
            pending = clusters_offered_update(service, profile)
        else:
            pending = list(base['clusters'])
        return dict(base, changed=True, published=True, already_published=False, packs=[pack_info(p) for p in draft],
                    clusters_pending_update=pending), diff, []
    service.publish(meta.get('uid'))
    after = service.get(meta.get('uid'))
    now = template_packs(after, 'published')
    if template(after, 'draft') is not None or now is None or not packs_equal(now, draft):
        raise ProfileError('PATCH /v1/clusterprofiles/%s/publish was accepted but the draft was not published '
                           '(draft still present: %s)' % (meta.get('uid'), template(after, 'draft') is not None))
    warning = _tenant_write_warning(service, after)
    result = dict(base, changed=True, published=True, already_published=False, packs=[pack_info(p) for p in now],
                  clusters=[{'name': c.get('name'), 'uid': c.get('uid')}
                            for c in (after.get('status') or {}).get('inUseClusters') or []],
                  clusters_pending_update=clusters_offered_update(service, after))
    return result, diff, [warning] if warning else []


def clusters_offered_update(service, profile):
    """The clusters using ``profile`` that Palette offers an update ("Updates Available"), as ``[{name, uid}]``;
    the cluster service reads it (few one by one, many from the paged search)."""
    return ClusterService(service.client).update_offered((profile.get('status') or {}).get('inUseClusters'))


def profile_facts(service, uid=None, name=None, version=None, filters=None, manifest_content=False,
                  include_variables=True):
    """``palette_profile_info``: returns the result dict. ``include_variables``: one ``GET …/variables`` for the one
    profile read by uid or name (list mode never reads them: that would be one request per profile)."""
    if manifest_content and filters is not None:
        raise ProfileError('manifest_content: only with uid or name (one profile); filters lists summaries, which '
                           'carry no manifests. Read each profile by uid to get its manifests', option='manifest_content')
    if uid or name:
        if version is not None:
            version = str(version)
        profile = service.find(uid=uid, name=name, version=version, newest_published=True)
        info = profile_info(profile)
        if manifest_content:
            for key, which in (('packs', 'published' if template(profile, 'published') else 'draft'),
                               ('draft_packs', 'draft')):
                for pack in info.get(key) or []:
                    for m in pack['manifests']:
                        m['content'] = service.manifest_content(info['uid'], pack['name'], m.get('uid'), which, m.get('name'))
        if include_variables:
            info['variables'] = [variable_info(v) for v in service.variables(info['uid'])]
        name_projects([info], service.client)
        return {'changed': False, 'profile': info, 'profiles': [info]}
    filters = filters or {}
    items = service.search(name=filters.get('name'), name_contains=filters.get('name_contains'),
                           types=filters.get('type'), tags=filters.get('tags'), version=filters.get('version'),
                           scope=filters.get('scope'), environment=filters.get('environment'))
    return {'changed': False, 'profiles': name_projects([summary_info(i) for i in items], service.client)}
