# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What ``palette_profile_definition`` and ``palette_profile_export`` run: make Palette match a declared profile
(create, adopt, change packs, manifests, variables, tags and description, publish), delete a declared version, and
export a profile to the declaration format.

Every decision is taken from reads before the first write (a bad declaration, an unknown pack or tag, a draft in the
way, a profile clusters use refuse with nothing written). Right before the first write the profile is read again and
compared with what the plan was made on (Palette has no ETag), as ``palette_profile`` does. After each write the
profile is read back and the task fails when Palette does not hold what was sent.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition as D
from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition_plan as P
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_service import CatalogueResolver
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_usage import UNKNOWN, USED, read_usage
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_variables import pack_references, undefined_message
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import (
    ProfileError,
    draft_diff_text,
    landed_in,
    landing_problems,
    refuse_system_scope,
    scope_of,
    template,
    update_body,
)


def _label(name, version):
    return 'profile %s %s' % (name, version)


def _clusters(profile):
    return [{'name': c.get('name'), 'uid': c.get('uid')} for c in ((profile or {}).get('status') or {}).get('inUseClusters') or []]


def declared_scope(service, definition):
    """The scope the declaration names, else the connection's; a project profile needs a project connection."""
    scope = definition['scope'] or ('project' if service.in_project() else 'tenant')
    if scope == 'project' and not service.in_project():
        raise ProfileError('definition.scope: project, but the connection has no project (give project_name or '
                           'project_uid), so the profile would be looked up and created in tenant scope',
                           option='definition.scope')
    return scope


def find_declared(service, definition, scope):
    """The declared version as read (GET shape), or None when it does not exist in ``scope``."""
    found = service.locate(definition['name'], definition['version'], scope)
    if found is None:
        return None
    profile = service.get(found['uid'])
    actual = scope_of(profile)
    if actual and actual != scope:
        refuse_system_scope(profile, 'change or delete')
        raise ProfileError('definition.scope: %s is %s-scoped, not %s; declare scope: %s to manage it'
                           % (_label(definition['name'], definition['version']), actual, scope, actual),
                           option='definition.scope')
    return profile


# --------------------------------------------------------------------------------------------
# state: present

def apply_definition(service, definition, publish=True, existing_draft='fail', check_mode=False, backup=None):
    """``palette_profile_definition`` with ``state: present``: returns ``(result, diff, warnings)``. ``backup``: called
    with an existing profile as read right before the first write to it, returns the backup's path (``backup_file``)."""
    scope = declared_scope(service, definition)
    profile = find_declared(service, definition, scope)
    if profile is None:
        return _create(service, definition, scope, publish, check_mode)
    return _update(service, definition, profile, publish, existing_draft, check_mode, backup)


def _base_result(profile, definition, scope):
    meta = (profile or {}).get('metadata') or {}
    return {'changed': False, 'uid': meta.get('uid'), 'name': definition['name'], 'version': definition['version'],
            'scope': scope, 'created': False, 'deleted': False, 'published': False, 'landed': None,
            'metadata_changed': False, 'variables_changed': False, 'clusters': _clusters(profile), 'actions': []}


def _refuse_immutable(profile, definition):
    """Type and cloud type are set when a profile is created: a PUT carries no cloud type (REF §5)."""
    tpl = template(profile, 'published') or template(profile, 'draft') or {}
    label = _label(definition['name'], definition['version'])
    for key, field in (('type', 'type'), ('cloud_type', 'cloudType')):
        if definition[key] is not None and tpl.get(field) and definition[key] != tpl.get(field):
            raise ProfileError('definition.%s: %s is %r, the declaration says %r; the %s of a profile is set when it '
                               'is created. Declare a new version or name for a profile of another %s'
                               % (key, label, tpl.get(field), definition[key], key.replace('_', ' '), key.replace('_', ' ')),
                               option='definition.%s' % key)


def _create(service, definition, scope, publish, check_mode):
    label = _label(definition['name'], definition['version'])
    for key in ('type', 'cloud_type'):
        if definition[key] is None:
            raise ProfileError('definition.%s: %s does not exist yet and creating it needs its %s'
                               % (key, label, key.replace('_', ' ')), option='definition.%s' % key)
    desired = P.desired_packs(definition, [], CatalogueResolver(service.catalogue))
    _refuse_undefined(desired, definition['variables'], label)
    body = P.create_body(definition, desired)
    result = _base_result(None, definition, scope)
    result.update(changed=True, created=True, packs=P.pack_report([], desired), draft=not publish,
                  metadata_changed=definition['tags'] is not None or bool(definition['description']),
                  variables_changed=bool(definition['variables']), actions=['create'], published=bool(publish))
    diff = P.diff_entries(label, [], desired, _metadata_diff(label, {}, definition), _variables_diff(label, [], definition))
    if check_mode:
        return result, diff, []
    tenant = scope == 'tenant'
    uid = service.create(body, tenant, publish)
    after = service.get(uid)
    problems = landing_problems(after, desired) or []
    problems += P.metadata_problems(after, P.metadata_changes({}, definition))
    if problems:
        raise ProfileError('POST /v1/clusterprofiles created %s (uid %s) but it does not hold what was sent: %s. Fix it '
                           'in Palette or delete it, then run the task again' % (label, uid, '; '.join(problems)),
                           option='definition', uid=uid)
    if definition['variables'] is not None:
        _check_variables(service, uid, definition['variables'], label)
    if publish and template(after, 'draft') is not None:
        # created as a draft although publish=true was asked: publish it as Terraform does after every create
        after = _publish(service, after, desired, label)
        result['actions'].append('publish')
    result.update(uid=uid, published=template(after, 'draft') is None and template(after, 'published') is not None,
                  draft=template(after, 'draft') is not None, clusters=_clusters(after))
    return result, diff, []


def _update(service, definition, profile, publish, existing_draft, check_mode, backup=None):
    label = _label(definition['name'], definition['version'])
    uid = profile['metadata']['uid']
    refuse_system_scope(profile, 'change')
    _refuse_immutable(profile, definition)
    templates = service.templates_with_content(profile)
    start = templates['draft'] if templates['draft'] is not None else templates['published']
    desired = P.desired_packs(definition, start or [], CatalogueResolver(service.catalogue))
    plan = P.plan_packs(templates, desired, existing_draft, label,
                        draft_diff=draft_diff_text(profile) if templates['draft'] is not None else None)
    meta_changes = P.metadata_changes(profile, definition)
    current_vars = service.variables(uid) if definition['variables'] is not None else None
    vars_before, vars_after = P.variables_steps(current_vars, definition['variables'])
    if plan.put or vars_before is not None or vars_after is not None:
        # the packs as the profile will hold them against its variables after the change (declared, else as read)
        final = definition['variables']
        if final is None and pack_references(desired):
            final = service.variables(uid)
        _refuse_undefined(desired, final, label)
    will_publish = bool(publish) and plan.publish_draft
    result = _base_result(profile, definition, scope_of(profile))
    result.update(packs=P.pack_report(plan.current, desired), metadata_changed=bool(meta_changes),
                  variables_changed=vars_before is not None or vars_after is not None, draft=template(profile, 'draft') is not None)
    if plan.note:
        result['note'] = plan.note
    warnings = []
    if plan.foreign_draft:
        warnings.append('%s has an unpublished draft with other changes than the declared ones; it was left alone '
                        '(the published packs match the declaration)' % label)
    actions = (['put_variables'] if vars_before is not None else []) + (['put_packs'] if plan.put else []) \
        + (['put_variables'] if vars_after is not None else []) + (['patch_metadata'] if meta_changes else []) \
        + (['publish'] if will_publish else [])
    diff = P.diff_entries(label, plan.current, desired, _metadata_diff(label, meta_changes, definition, profile),
                          _variables_diff(label, current_vars, definition) if result['variables_changed'] else None)
    result['actions'] = actions
    result['changed'] = bool(actions)
    if check_mode or not actions:
        result['published'] = will_publish
        if check_mode and plan.put and template(profile, 'published') is not None:
            # where a PUT on a published version lands is observed only by sending it (REF §12)
            result['note'] = ('the PUT may land in a draft (%s) or change the published content in place'
                              % ('then published' if publish else 'left unpublished: publish=false'))
        return result, diff, warnings
    if backup is not None:
        result['backup_file'] = backup(profile)
    after = _write(service, profile, plan, desired, vars_before, vars_after, meta_changes, definition, result)
    if publish and (plan.publish_draft or result['landed'] == 'draft'):
        after = _publish(service, after, desired, label)
        result['published'] = True
        if 'publish' not in result['actions']:
            result['actions'].append('publish')
    warning = _tenant_warning(service, after, label)
    if warning:
        warnings.append(warning)
    result.update(draft=template(after, 'draft') is not None, clusters=_clusters(after))
    return result, diff, warnings


def _refuse_undefined(packs, variables, label):
    """Palette refuses a create or PUT whose packs reference a variable the profile does not define
    (``PackVariablesUndefined``, REF §5): say which before any write."""
    message = undefined_message(packs, variables, label)
    if message:
        raise ProfileError(message, option='definition.variables')


def _tenant_warning(service, profile, label):
    """Writes to a tenant profile from a project connection reach clusters of every project that use it."""
    if scope_of(profile) != 'tenant' or not service.in_project():
        return None
    return ('%s (%s) is tenant-scoped: it was written in tenant scope (without the ProjectUid header of this '
            'connection), so clusters of every project that use it see the change' % (label, profile['metadata'].get('uid')))


def _write(service, profile, plan, desired, vars_before, vars_after, meta_changes, definition, result):
    """The writes of an update, in order, each read back. Returns the profile as read after the last one."""
    uid = profile['metadata']['uid']
    label = _label(definition['name'], definition['version'])
    _check_unchanged(service, profile, label)
    after = profile
    if vars_before is not None:
        service.put_variables(uid, vars_before)
    if plan.put:
        body = update_body(profile, desired, lambda pack, manifest: manifest.get('content'), plan.base)
        service.put(uid, body)
        after = service.get(uid)
        result['landed'] = landed_in(profile, after, desired)
    if vars_after is not None:
        service.put_variables(uid, vars_after)
    if vars_before is not None or vars_after is not None:
        _check_variables(service, uid, vars_after if vars_after is not None else vars_before, label)
    if meta_changes:
        service.patch_metadata(uid, P.metadata_body(after, meta_changes))
        after = service.get(uid)
        problems = P.metadata_problems(after, meta_changes)
        if problems:
            raise ProfileError('PATCH /v1/clusterprofiles/%s/metadata was accepted but %s does not hold it: %s'
                               % (uid, label, '; '.join(problems)), option='definition')
    return after


def _check_unchanged(service, profile, label):
    """Re-read right before the first write: someone else's edit since the plan was made stops the task."""
    uid = profile['metadata']['uid']
    fresh = service.get(uid)
    before_ts = (profile.get('metadata') or {}).get('lastModifiedTimestamp')
    after_ts = (fresh.get('metadata') or {}).get('lastModifiedTimestamp')
    if before_ts != after_ts or _content(fresh) != _content(profile):
        raise ProfileError('%s (%s) was changed by someone else while this task ran (lastModifiedTimestamp %s -> %s); '
                           'nothing was written. Run the task again to plan on the new content.'
                           % (label, uid, before_ts, after_ts), option='definition')


def _content(profile):
    spec = profile.get('spec') or {}
    meta = profile.get('metadata') or {}
    return (spec.get('version'), spec.get('published'), spec.get('draft'), meta.get('labels'),
            (meta.get('annotations') or {}).get('description'))


def _check_variables(service, uid, expected, label):
    have = service.variables(uid)
    if not P.variables_match(have, expected):
        raise ProfileError('the variables of %s (%s) read back are %s, not the ones sent (%s)'
                           % (label, uid, [v.get('name') for v in have], [v.get('name') for v in expected]),
                           option='definition.variables')


def _publish(service, profile, desired, label):
    uid = profile['metadata']['uid']
    service.publish(uid)
    after = service.get(uid)
    problems = landing_problems(after, desired, 'published')
    if template(after, 'draft') is not None or problems is None or problems:
        raise ProfileError('PATCH /v1/clusterprofiles/%s/publish was accepted but %s was not published as declared '
                           '(draft still present: %s; %s)' % (uid, label, template(after, 'draft') is not None,
                                                              '; '.join(problems or ['no published template'])),
                           option='publish')
    return after


def _metadata_diff(label, changes, definition, profile=None):
    """The diff entry of the tags and description (None when they do not change)."""
    if profile is not None and not changes:
        return None
    meta = (profile or {}).get('metadata') or {}
    before = {'tags': meta.get('labels') or {}, 'description': (meta.get('annotations') or {}).get('description') or ''}
    after = dict(before)
    if definition['tags'] is not None:
        after['tags'] = definition['tags']
    if definition['description'] is not None:
        after['description'] = definition['description']
    if profile is None:
        before = {}
    return {'before_header': '%s tags and description' % label, 'after_header': '%s tags and description' % label,
            'before': _lines(before), 'after': _lines(after)}


def _lines(data):
    return ''.join('%s: %s\n' % (k, data[k]) for k in sorted(data))


def _variables_diff(label, current, definition):
    if definition['variables'] is None or (not current and not definition['variables']):
        return None
    return {'before_header': '%s variables' % label, 'after_header': '%s variables' % label,
            'before': _variable_lines(current), 'after': _variable_lines(definition['variables'])}


def _variable_lines(variables):
    """One line per variable; a sensitive default value is never shown."""
    shown = [dict(v, defaultValue='(sensitive)') if v.get('isSensitive') else v for v in variables or []]
    return ''.join('%s\n' % sorted(v.items()) for v in shown)


# --------------------------------------------------------------------------------------------
# state: absent

def delete_definition(service, definition, check_mode=False, backup=None):
    """``palette_profile_definition`` with ``state: absent``: delete the declared version, refusing while clusters
    (or cluster templates) use it. Returns ``(result, diff, warnings)``."""
    scope = declared_scope(service, definition)
    profile = find_declared(service, definition, scope)
    result = _base_result(profile, definition, scope)
    label = _label(definition['name'], definition['version'])
    if profile is None:
        result['msg'] = '%s does not exist in %s scope; nothing to delete' % (label, scope)
        return result, [], []
    refuse_system_scope(profile, 'delete')
    _refuse_in_use(profile, label)
    result.update(changed=True, deleted=True, actions=['delete'])
    diff = [{'before_header': label, 'after_header': label, 'before': 'name: %s\nversion: %s\nuid: %s\n'
             % (definition['name'], definition['version'], profile['metadata']['uid']), 'after': ''}]
    if check_mode:
        return result, diff, []
    uid = profile['metadata']['uid']
    # the clusters that use it, read right before the DELETE: Palette may delete a version in use (REF §5)
    fresh = service.get(uid)
    _refuse_in_use(fresh, label)
    if backup is not None:
        result['backup_file'] = backup(fresh)
    service.delete(uid)
    if service.locate(definition['name'], definition['version'], scope) is not None:
        raise ProfileError('DELETE /v1/clusterprofiles/%s was accepted but %s is still listed' % (uid, label),
                           option='state')
    return result, diff, []


def _refuse_in_use(profile, label):
    uid = profile['metadata'].get('uid')
    usage = read_usage(profile.get('status'))
    if usage['usage'] == USED:
        parts = ['%s %s' % (what, ', '.join('%s (%s)' % (r['name'], r['uid']) for r in usage[key]))
                 for key, what in (('in_use_clusters', 'clusters'), ('in_use_cluster_templates', 'cluster templates'))
                 if usage[key]]
        raise ProfileError('%s (%s) is in use by %s; nothing was deleted. Move them to another version '
                           '(spectrocloud.palette.palette_cluster_profile) or detach it first'
                           % (label, uid, ' and '.join(parts)), option='state',
                           clusters=[r['name'] for r in usage['in_use_clusters']])
    # A missing list is not an empty one: the spec does not say Palette sends empty lists (issue #19), and whether
    # Palette itself refuses to delete a version in use is not documented either, so "nobody listed" is no proof.
    if usage['usage'] == UNKNOWN:
        raise ProfileError('%s (%s): %s, so this module cannot tell that no cluster or cluster template uses it; '
                           'nothing was deleted. Check in Palette that nothing uses it, then delete it there'
                           % (label, uid, usage['usage_problem']), option='state')


# --------------------------------------------------------------------------------------------
# export

def export_profile(service, uid=None, name=None, version=None):
    """``palette_profile_export``: the declaration of one profile version (its published packs, or its draft when it
    was never published). Returns ``(result, warnings)``."""
    profile = service.find(uid=uid, name=name, version=version)
    definition, info, warnings = declaration_of(service, profile)
    result = dict(info, changed=False, definition=definition)
    return result, warnings


def declaration_of(service, profile):
    """The declaration of ``profile`` as read (the export, and the backup taken before a write): its published packs,
    or its draft when it was never published, with every manifest's content and the variables (sensitive defaults
    left out). Returns ``(definition, info, warnings)``; ``info`` has uid, name, version, scope and template."""
    which = 'published' if template(profile, 'published') is not None else 'draft'
    templates = service.templates_with_content(profile)
    meta = profile.get('metadata') or {}
    variables = service.variables(meta.get('uid'))
    registries = set(p.get('registryUid') for p in templates[which] or [] if p.get('registryUid'))
    names = service.registry_names() if registries else {}
    definition = D.definition_from_profile(profile, which, templates[which] or [], variables, names)
    warnings = []
    if which == 'published' and templates['draft'] is not None and not P.packs_match(templates['draft'], templates['published']):
        warnings.append('%s has an unpublished draft with other changes; the export holds the published packs'
                        % _label(meta.get('name'), (profile.get('spec') or {}).get('version')))
    sensitive = [v.get('name') for v in variables if v.get('isSensitive')]
    if sensitive:
        warnings.append('the default values of the sensitive variables %s are not in the export' % ', '.join(sensitive))
    info = {'uid': meta.get('uid'), 'name': meta.get('name'), 'version': (profile.get('spec') or {}).get('version'),
            'scope': scope_of(profile), 'template': which}
    return definition, info, warnings
