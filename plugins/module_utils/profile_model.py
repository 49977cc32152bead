# -*- coding: utf-8 -*-
# Copyright (c) Spectro Cloud Palette Ansible collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Cluster profile model, pure (no request): versions, the GET shape's templates and packs, pack changes and their
report, the complete PUT body, the update plan, and where a PUT landed.

Facts used (``palette-apis-spec.json``, REFERENCE.md §4, §5, §12):

* ``v1ClusterProfile`` (a GET) keeps packs under ``spec.published.packs`` and ``spec.draft.packs`` (``v1PackRef``,
  with ``packUid``, no ``uid``);
* a PUT takes ``v1ClusterProfileUpdateEntity``: the *complete* pack list under ``spec.template.packs``
  (``v1PackManifestUpdateEntity``: name, uid, tag, type, layer, registryUid, values, manifests
  ``[v1ManifestRefUpdateEntity {name, uid, content}]``); where it lands on a published version is not documented
  (REF §12), so the profile read back after it is compared with what was sent (``landed_in``);
* a profile's scope is ``metadata.annotations.scope`` (REF §3).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.lazy_values import yvalues
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_usage import version_fields


PROFILE_TYPES = ('cluster', 'infra', 'add-on', 'system')
EXISTING_DRAFT_CHOICES = ('fail', 'build_on', 'discard')
NEW_VERSION_IN_USE_CHOICES = ('fail', 'change')
TENANT_SCOPES = ('tenant', 'system')   # scopes read and written without the ProjectUid header

# fields of v1PackManifestUpdateEntity, as named in a GET (v1PackRef): packUid is sent as uid
PACK_UPDATE_FIELDS = ('name', 'tag', 'type', 'layer', 'registryUid', 'values')

_SEMVER = re.compile(
    r'^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)'
    r'(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?'
    r'(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$')


class ProfileError(PaletteError):
    """A profile request the user has to fix (unknown profile, pack, tag, bad values, a draft in the way)."""

    def __init__(self, msg, option=None, **details):
        super(ProfileError, self).__init__(msg, details=details or None)
        self.option = option


# --------------------------------------------------------------------------------------------
# versions

def is_semver(version):
    return bool(version) and bool(_SEMVER.match(str(version)))


def semver_key(version):
    """Sort key: semantic versions by precedence (pre-releases before releases), others first."""
    m = _SEMVER.match(str(version or ''))
    if not m:
        return (0, (), 0, (), str(version or ''))
    pre = m.group(4)
    pre_key = ()
    if pre:
        parts = []
        for part in pre.split('.'):
            if part.isdigit():
                parts.append((0, int(part), ''))
            else:
                parts.append((1, 0, part))
        pre_key = tuple(parts)
    return (1, (int(m.group(1)), int(m.group(2)), int(m.group(3))), 0 if pre else 1, pre_key, '')


# --------------------------------------------------------------------------------------------
# reading the GET shape

def template(profile, which):
    """``spec.published`` or ``spec.draft`` (None when absent)."""
    spec = (profile or {}).get('spec') or {}
    tpl = spec.get(which)
    return tpl if tpl else None


def template_packs(profile, which):
    tpl = template(profile, which)
    if tpl is None:
        return None
    return list(tpl.get('packs') or [])


def current_template_name(profile):
    """The template the next PUT starts from: the draft when there is one, else the published one."""
    if template(profile, 'draft') is not None:
        return 'draft'
    return 'published'


def pack_uid(pack):
    """The pack uid a PUT must send as ``uid``: GET has ``packUid`` (REF §5); accept ``uid`` too."""
    if pack.get('packUid'):
        return pack.get('packUid')
    return pack.get('uid')


def manifest_refs(pack):
    return [(m.get('name'), m.get('uid')) for m in (pack.get('manifests') or [])]


def packs_equal(a_packs, b_packs, values_as_data=True):
    """True when two pack lists hold the same content in every field a PUT can carry."""
    if a_packs is None or b_packs is None:
        return a_packs is None and b_packs is None
    if len(a_packs) != len(b_packs):
        return False
    for a, b in zip(a_packs, b_packs):
        if not pack_equal(a, b, values_as_data):
            return False
    return True


def pack_equal(a, b, values_as_data=True):
    for key in ('name', 'tag', 'type', 'layer', 'registryUid'):
        if (a.get(key) or None) != (b.get(key) or None):
            return False
    if (pack_uid(a) or None) != (pack_uid(b) or None):
        return False
    if manifest_refs(a) != manifest_refs(b):
        return False
    if values_as_data:
        return yvalues.equal(a.get('values') or '', b.get('values') or '')
    return (a.get('values') or '') == (b.get('values') or '')


def pack_info(pack):
    """A pack as the modules return it (snake_case keys)."""
    return {
        'name': pack.get('name'),
        'tag': pack.get('tag'),
        'version': pack.get('version'),
        'type': pack.get('type'),
        'layer': pack.get('layer'),
        'registry_uid': pack.get('registryUid'),
        'pack_uid': pack_uid(pack),
        'values': pack.get('values'),
        'manifests': [{'name': m.get('name'), 'uid': m.get('uid')} for m in (pack.get('manifests') or [])],
    }


def _identity(meta, spec, current):
    """What a full profile and a list entry (its summary) both say of a profile version, in the modules' words;
    ``spec`` is the full profile's ``spec`` or the summary's ``specSummary`` (the same keys here), ``current`` its
    published template, else its draft."""
    return {
        'uid': meta.get('uid'),
        'name': meta.get('name'),
        'version': spec.get('version'),
        'versions': [{'uid': v.get('uid'), 'version': v.get('version')} for v in (spec.get('versions') or [])],
        'type': current.get('type'),
        'cloud_type': current.get('cloudType'),
        'scope': (meta.get('annotations') or {}).get('scope'),
        'labels': meta.get('labels') or {},
        'last_modified': meta.get('lastModifiedTimestamp'),
    }


def profile_info(profile):
    """A profile as the modules return it."""
    meta = profile.get('metadata') or {}
    spec = profile.get('spec') or {}
    status = profile.get('status') or {}
    published = template(profile, 'published')
    draft = template(profile, 'draft')
    current = published or draft or {}
    info = _identity(meta, spec, current)
    info.update({
        'description': (meta.get('annotations') or {}).get('description'),
        'is_published': bool(status.get('isPublished')) or published is not None,
        'has_draft': draft is not None,
        'draft_differs': draft is not None and published is not None and not packs_equal(
            draft.get('packs') or [], published.get('packs') or [], values_as_data=False),
        'packs': [pack_info(p) for p in (current.get('packs') or [])],
        'draft_packs': [pack_info(p) for p in (draft.get('packs') or [])] if draft is not None else None,
    })
    info.update(version_fields(profile, info['is_published'], info['has_draft']))
    return info


def summary_info(item):
    """A ``v1ClusterProfileSummary`` (list mode) as the modules return it."""
    meta = item.get('metadata') or {}
    spec = item.get('specSummary') or {}
    status = item.get('status') or {}
    published = spec.get('published') or None
    draft = spec.get('draft') or None
    current = published or draft or {}

    def packs(tpl):
        return [{'name': p.get('name'), 'tag': p.get('tag'), 'version': p.get('version'), 'type': p.get('type'),
                 'layer': p.get('layer'), 'pack_uid': p.get('packUid')} for p in (tpl.get('packs') or [])]
    info = _identity(meta, spec, current)
    info.update({
        'is_published': bool(status.get('isPublished')),
        'has_draft': draft is not None,
        'packs': packs(current),
        'draft_packs': packs(draft) if draft is not None else None,
    })
    info.update(version_fields(item, published is not None or info['is_published'], draft is not None))
    return info


# --------------------------------------------------------------------------------------------
# user input

def normalize_pack_changes(packs):
    """Validate the ``packs`` option: a list of ``{name, tag?, values?, values_merge?}``.

    ``values`` may be a YAML string or a mapping (dumped to YAML). Returns a list of dicts with the keys
    ``index, name, tag, values, values_merge``; raises ProfileError naming the option."""
    result = []
    seen = {}
    for index, item in enumerate(packs or []):
        where = 'packs[%d]' % index
        if not isinstance(item, dict):
            raise ProfileError('%s must be a mapping with a pack name' % where, option='packs')
        name = item.get('name')
        if not name:
            raise ProfileError('%s.name is required' % where, option='packs')
        if name in seen:
            raise ProfileError('packs[%d] and packs[%d] both change pack %r; give each pack once'
                               % (seen[name], index, name), option='packs')
        seen[name] = index
        values = item.get('values')
        merge = item.get('values_merge')
        if values is not None and merge is not None:
            raise ProfileError('%s: values and values_merge are mutually exclusive (pack %r)' % (where, name),
                               option='packs')
        if values is not None:
            if isinstance(values, (dict, list)):
                values = yvalues.dump(values)
            elif not isinstance(values, str):
                raise ProfileError('%s.values must be a YAML document (a string), got %s' % (where, type(values).__name__),
                                   option='packs')
            try:
                yvalues.check_document(values, '%s.values' % where)
            except yvalues.ValuesError as err:
                raise ProfileError('%s (pack %r)' % (err, name), option='packs')
        if merge is not None and not isinstance(merge, dict):
            raise ProfileError('%s.values_merge must be a mapping of keys to new values (pack %r)' % (where, name),
                               option='packs')
        tag = item.get('tag')
        if tag is not None:
            tag = str(tag)
        if tag is None and values is None and merge is None:
            raise ProfileError('%s: nothing to change for pack %r; give tag, values or values_merge' % (where, name),
                               option='packs')
        result.append({'index': index, 'name': name, 'tag': tag, 'values': values, 'values_merge': merge})
    return result


# --------------------------------------------------------------------------------------------
# applying changes to a pack list

def apply_changes(packs, changes, resolve_tag, profile_label='the profile'):
    """Return ``(new_packs, report)``: ``packs`` (GET shape) with ``changes`` applied.

    Untouched packs and fields are deep copies of the input. ``resolve_tag(pack, tag)`` returns the
    ``v1PackTags`` entry of that tag (raising ProfileError when there is none). A values document that
    equals the current one as data keeps the current text byte for byte."""
    new_packs = [copy.deepcopy(p) for p in packs]
    by_name = dict((p.get('name'), i) for i, p in enumerate(new_packs))
    report = []
    for change in changes:
        name = change['name']
        where = 'packs[%d]' % change['index']
        if name not in by_name:
            raise ProfileError('%s.name: pack %r is not in %s; its packs are: %s'
                               % (where, name, profile_label, ', '.join(sorted(str(n) for n in by_name)) or '(none)'),
                               option='packs')
        pack = new_packs[by_name[name]]
        before = copy.deepcopy(pack)
        if change.get('tag') is not None and change['tag'] != pack.get('tag'):
            entry = resolve_tag(pack, change['tag'], where)
            pack['tag'] = change['tag']
            pack['packUid'] = entry.get('packUid')
            if 'uid' in pack:
                pack['uid'] = entry.get('packUid')
            if entry.get('version'):
                pack['version'] = entry.get('version')
        current_values = pack.get('values')
        if change.get('values') is not None:
            if not yvalues.equal(current_values or '', change['values']):
                pack['values'] = change['values']
        elif change.get('values_merge') is not None:
            try:
                new_text, normalized = yvalues.merge(current_values or '', change['values_merge'],
                                                     'the values of pack %r' % name)
            except yvalues.ValuesError as err:
                raise ProfileError('%s.values_merge: %s' % (where, err), option='packs')
            if new_text != (current_values or ''):
                pack['values'] = new_text
            change = dict(change, normalized=normalized)
        report.append(pack_change_report(before, pack, change.get('normalized', False)))
    return new_packs, report


def pack_change_report(before, after, normalized=False):
    values_changed = (before.get('values') or '') != (after.get('values') or '')
    return {
        'name': after.get('name'),
        'tag_before': before.get('tag'),
        'tag_after': after.get('tag'),
        'pack_uid_before': pack_uid(before),
        'pack_uid_after': pack_uid(after),
        'tag_changed': before.get('tag') != after.get('tag'),
        'values_changed': values_changed,
        'values_diff': yvalues.unified_diff(before.get('values'), after.get('values'), '%s/values.yaml' % after.get('name'))
        if values_changed else '',
        'values_reformatted': bool(normalized and values_changed),
        'changed': values_changed or before.get('tag') != after.get('tag') or pack_uid(before) != pack_uid(after),
    }


def diff_entries(label, before_packs, after_packs, names=None):
    """Ansible diff entries (``before``/``after`` text per pack that differs)."""
    entries = []
    before_by = dict((p.get('name'), p) for p in (before_packs or []))
    after_by = dict((p.get('name'), p) for p in (after_packs or []))
    order = []
    for p in list(before_packs or []) + list(after_packs or []):
        if p.get('name') not in order:
            order.append(p.get('name'))
    for name in order:
        if names is not None and name not in names:
            continue
        b = before_by.get(name)
        a = after_by.get(name)
        if b is not None and a is not None and pack_equal(b, a, values_as_data=False):
            continue
        entries.append({
            'before_header': '%s pack %s' % (label, name),
            'after_header': '%s pack %s' % (label, name),
            'before': _pack_text(b),
            'after': _pack_text(a),
        })
    return entries


def _pack_text(pack):
    if pack is None:
        return ''
    lines = ['name: %s' % pack.get('name'), 'tag: %s' % pack.get('tag'), 'pack_uid: %s' % pack_uid(pack)]
    if pack.get('manifests'):
        lines.append('manifests: %s' % ', '.join('%s (%s)' % (n, u) for n, u in manifest_refs(pack)))
    values = pack.get('values') or ''
    lines.append('values: |')
    for line in values.splitlines():
        lines.append('  ' + line if line else '')
    return '\n'.join(lines) + '\n'


# --------------------------------------------------------------------------------------------
# the PUT body

def update_body(profile, packs, manifest_content=None, base='draft'):
    """``v1ClusterProfileUpdateEntity`` for ``profile`` with ``packs`` (GET shape).

    Every field ``v1PackManifestUpdateEntity`` allows is sent back exactly as read (``packUid`` as
    ``uid``); manifests are sent as read (name, uid) with their current content: ``manifest_content(pack,
    manifest)`` returns it or raises ProfileError. A manifest whose content it cannot give (None) stops the
    build: a PUT without it may blank the manifest (REF §12). Without a callable the content is left out
    (only for tests of the body's shape)."""
    meta = profile.get('metadata') or {}
    spec = profile.get('spec') or {}
    tpl = template(profile, base) or template(profile, 'published') or template(profile, 'draft') or {}
    body_meta = {'name': meta.get('name'), 'uid': meta.get('uid')}
    for key in ('labels', 'annotations'):
        if meta.get(key) is not None:
            body_meta[key] = copy.deepcopy(meta[key])
    entities = []
    for pack in packs:
        entity = {}
        for key in PACK_UPDATE_FIELDS:
            if pack.get(key) is not None:
                entity[key] = pack[key]
        uid = pack_uid(pack)
        if uid is not None:
            entity['uid'] = uid
        if pack.get('manifests') is not None:
            manifests = []
            for m in pack.get('manifests') or []:
                ref = {'name': m.get('name')}
                if m.get('uid') is not None:
                    ref['uid'] = m.get('uid')
                if manifest_content is not None:
                    content = manifest_content(pack, m)
                    if content is None:
                        raise manifest_unreadable(profile, pack, m)
                    ref['content'] = content
                manifests.append(ref)
            entity['manifests'] = manifests
        entities.append(entity)
    template_update = {'packs': entities}
    if tpl.get('type'):
        template_update['type'] = tpl.get('type')
    body_spec = {'template': template_update}
    if spec.get('version') is not None:
        body_spec['version'] = spec.get('version')
    return {'metadata': body_meta, 'spec': body_spec}


def manifest_unreadable(profile, pack, manifest, why=None):
    """The error that stops a PUT whose body would lack a manifest's content."""
    because = ' (%s)' % why if why else ''
    return ProfileError(
        'the content of manifest %r (uid %s) of pack %r of %s could not be read%s, and a PUT without it may blank the '
        'manifest; nothing was written'
        % (manifest.get('name'), manifest.get('uid'), pack.get('name'), _label(profile), because),
        option='packs', pack=pack.get('name'), manifest=manifest.get('name'))


# --------------------------------------------------------------------------------------------
# planning a change against drafts

class Plan(object):
    """What ``palette_profile`` will do to one profile version."""

    def __init__(self, profile, base, base_packs, new_packs, report, write, note=None):
        self.profile = profile
        self.base = base                # 'draft' | 'published': the template the PUT replaces
        self.base_packs = base_packs    # the packs as they are now (what the diff calls "before")
        self.new_packs = new_packs      # the packs the draft will hold
        self.report = report
        self.write = write              # a PUT is needed
        self.note = note


def draft_diff_text(profile):
    """A readable diff of the draft against the published template, per pack."""
    published = template_packs(profile, 'published') or []
    draft = template_packs(profile, 'draft') or []
    out = []
    pub_by = dict((p.get('name'), p) for p in published)
    dr_by = dict((p.get('name'), p) for p in draft)
    for name in [p.get('name') for p in published] + [p.get('name') for p in draft if p.get('name') not in pub_by]:
        p = pub_by.get(name)
        d = dr_by.get(name)
        if p is None:
            out.append('pack %s: only in the draft (tag %s)' % (name, d.get('tag')))
            continue
        if d is None:
            out.append('pack %s: removed in the draft' % name)
            continue
        if pack_equal(p, d, values_as_data=False):
            continue
        if p.get('tag') != d.get('tag') or pack_uid(p) != pack_uid(d):
            out.append('pack %s: tag %s -> %s' % (name, p.get('tag'), d.get('tag')))
        if (p.get('values') or '') != (d.get('values') or ''):
            out.append(yvalues.unified_diff(p.get('values'), d.get('values'), '%s/values.yaml' % name).rstrip('\n'))
        if manifest_refs(p) != manifest_refs(d):
            out.append('pack %s: manifests %s -> %s' % (name, manifest_refs(p), manifest_refs(d)))
        for key in ('type', 'layer', 'registryUid'):
            if p.get(key) != d.get(key):
                out.append('pack %s: %s %s -> %s' % (name, key, p.get(key), d.get(key)))
    return '\n'.join(out)


def plan_update(profile, changes, resolve_tag, existing_draft='fail', label=None):
    """Decide what to write. See ``palette_profile``'s ``existing_draft`` option for the rules:

    * no draft, or a draft equal to the published packs: apply the changes to the current packs;
    * a draft with other changes (``fail``): nothing to do when the draft already equals published + these
      changes (an earlier run of the same task wrote it); otherwise fail and show the draft's diff;
    * ``build_on``: apply the changes on top of the draft; ``discard``: apply them to the published
      packs and overwrite the draft."""
    meta = profile.get('metadata') or {}
    label = label or 'profile %r version %s' % (meta.get('name'), (profile.get('spec') or {}).get('version'))
    published = template_packs(profile, 'published')
    draft = template_packs(profile, 'draft')
    if published is None and draft is None:
        raise ProfileError('%s has neither a published nor a draft template; there are no packs to change' % label,
                           option='packs')
    # any textual difference counts (a comment someone added is a change of theirs too)
    foreign = has_foreign_draft(profile)
    if not foreign or not changes:
        base = 'draft' if draft is not None else 'published'
        base_packs = draft if draft is not None else published
        new_packs, report = apply_changes(base_packs, changes, resolve_tag, label)
        return Plan(profile, base, base_packs, new_packs, report, not packs_equal(new_packs, base_packs, False))
    if existing_draft == 'build_on':
        new_packs, report = apply_changes(draft, changes, resolve_tag, label)
        return Plan(profile, 'draft', draft, new_packs, report, not packs_equal(new_packs, draft, False),
                    note='built on the existing draft')
    from_published, report = apply_changes(published, changes, resolve_tag, label)
    if existing_draft == 'discard':
        return Plan(profile, 'draft', draft, from_published, report, not packs_equal(from_published, draft, False),
                    note='replaced the existing draft')
    if packs_equal(from_published, draft):
        # the draft already is published + these changes: an earlier run of this task wrote it
        return Plan(profile, 'draft', draft, draft, _report_against(published, draft, changes), False,
                    note='the draft already holds these changes')
    raise ProfileError(
        '%s has an unpublished draft with changes that are not the ones requested (someone else\'s, or an earlier '
        'run with other changes). Publish or discard it first, or set existing_draft=build_on to add these '
        'changes to it (existing_draft=discard replaces it). The draft differs from the published profile:\n%s'
        % (label, draft_diff_text(profile)), option='existing_draft', draft_diff=draft_diff_text(profile))


def has_foreign_draft(profile):
    """True when the profile has a draft whose packs differ (as text) from the published ones."""
    draft = template_packs(profile, 'draft')
    published = template_packs(profile, 'published')
    return draft is not None and published is not None and not packs_equal(draft, published, values_as_data=False)


def _report_against(published, draft, changes):
    pub_by = dict((p.get('name'), p) for p in published)
    dr_by = dict((p.get('name'), p) for p in draft)
    report = []
    for change in changes:
        before = pub_by.get(change['name'])
        after = dr_by.get(change['name'])
        if before is not None and after is not None:
            item = pack_change_report(before, after)
            item['changed'] = False
            item['in_draft'] = True
            report.append(item)
    return report


# --------------------------------------------------------------------------------------------
# scope, labels, and where a PUT landed (the profile read back compared with the packs sent)

def scope_of(profile):
    """``metadata.annotations.scope`` of a profile (project, tenant or system; None when absent)."""
    return (((profile or {}).get('metadata') or {}).get('annotations') or {}).get('scope') or None


def _label(profile):
    meta = profile.get('metadata') or {}
    return 'profile %s %s' % (meta.get('name'), (profile.get('spec') or {}).get('version'))


def landed_in(before, after, expected_packs):
    """Where a PUT landed, from the profile read before and after it: ``'draft'`` when ``spec.draft`` holds the
    packs sent, ``'published'`` when the published template does (and did not before, or no draft is left).
    Raises ProfileError listing what differs in each template when neither holds them."""
    draft_problems = landing_problems(after, expected_packs, 'draft')
    if draft_problems is not None and not draft_problems:
        return 'draft'
    published_problems = landing_problems(after, expected_packs, 'published')
    if published_problems is not None and not published_problems:
        was = template_packs(before, 'published')
        if template(after, 'draft') is None or was is None or not packs_equal(was, expected_packs):
            return 'published'
        published_problems = ['the published template already held these packs before the PUT']
    uid = (after.get('metadata') or {}).get('uid')
    parts = []
    for which, problems in (('draft', draft_problems), ('published', published_problems)):
        if problems is None:
            parts.append('there is no %s template' % which)
        else:
            parts.append('%s: %s' % (which, '; '.join(problems)))
    raise ProfileError('the PUT to cluster profile %s was accepted but the change did not land in the draft or the '
                       'published template: %s' % (uid, ' | '.join(parts)), option='packs')


def landing_problems(after, expected_packs, which=None):
    """Differences between a template read back and the packs we wrote: ``which`` names it ('draft' or
    'published'; None for the draft when there is one, else the published). None when that template is absent."""
    if which is None:
        which = 'draft' if template(after, 'draft') is not None else 'published'
    got = template_packs(after, which)
    if got is None:
        return None
    problems = []
    got_by = dict((p.get('name'), p) for p in got)
    names = [p.get('name') for p in expected_packs]
    if [p.get('name') for p in got] != names:
        problems.append('packs are %s, expected %s' % ([p.get('name') for p in got], names))
    for want in expected_packs:
        have = got_by.get(want.get('name'))
        if have is None:
            continue
        for key in ('tag', 'type', 'layer', 'registryUid'):
            if (have.get(key) or None) != (want.get(key) or None):
                problems.append('pack %s: %s is %r, expected %r' % (want.get('name'), key, have.get(key), want.get(key)))
        # a pack sent without a uid (a tag in a registry Palette cannot sync) gets the one Palette resolved
        if pack_uid(want) and pack_uid(have) != pack_uid(want):
            problems.append('pack %s: pack uid is %r, expected %r' % (want.get('name'), pack_uid(have), pack_uid(want)))
        if not yvalues.equal(have.get('values') or '', want.get('values') or ''):
            problems.append('pack %s: values differ from what was sent' % want.get('name'))
        if not _manifests_match(have, want):
            problems.append('pack %s: manifests are %s, expected %s' % (want.get('name'), manifest_refs(have), manifest_refs(want)))
    return problems


def _manifests_match(have, want):
    """Same manifest names in order, and the same uid wherever the packs we sent named one."""
    got, sent = manifest_refs(have), manifest_refs(want)
    if [n for n, _u in got] != [n for n, _u in sent]:
        return False
    return all(not u_sent or u_got == u_sent for (_n, u_got), (_m, u_sent) in zip(got, sent))


# --------------------------------------------------------------------------------------------
# guards and check-mode stand-ins

def simulated_clone(source, version):
    """What ``POST …/clone`` would create, for check mode: the source's content under a new version."""
    clone = copy.deepcopy(source)
    clone['metadata']['uid'] = None
    clone['spec']['version'] = version
    clone['status'] = {'isPublished': template(source, 'published') is not None, 'inUseClusters': []}
    return clone


def refuse_system_scope(profile, what):
    """A system-scoped profile belongs to Palette: refuse ``what`` before any write."""
    if scope_of(profile) == 'system':
        meta = profile.get('metadata') or {}
        raise ProfileError(
            'cluster profile %r version %s (%s) is system-scoped: it belongs to Palette and this collection does not '
            '%s it. Nothing was written. Clone it into your project or tenant in Palette and change that copy.'
            % (meta.get('name'), (profile.get('spec') or {}).get('version'), meta.get('uid'), what),
            option='uid' if meta.get('uid') else 'name')
