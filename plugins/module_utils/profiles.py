# -*- coding: utf-8 -*-
# Copyright (c) Spectro Cloud Palette Ansible collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Cluster profile service: lookup, listing, pack changes, the complete PUT body, clone, publish.

Facts used (``palette-apis-spec.json``, REFERENCE.md §4, §5, §8):

* ``GET /v1/clusterprofiles/{uid}`` returns ``v1ClusterProfile``: packs live under ``spec.published.packs``
  and ``spec.draft.packs`` (``v1PackRef``, with ``packUid``, no ``uid``);
* ``PUT /v1/clusterprofiles/{uid}`` takes ``v1ClusterProfileUpdateEntity``: the *complete* pack list under
  ``spec.template.packs`` (``v1PackManifestUpdateEntity``: name, uid, tag, type, layer, registryUid,
  values, manifests ``[v1ManifestRefUpdateEntity {name, uid, content}]``). Where it lands on a published version is
  not documented and no client has observed it (REF §12): in a draft, or in the published content itself. The
  service reads the profile back after every PUT and reports which template holds the change (``landed``);
* ``PATCH /v1/clusterprofiles/{uid}/publish`` turns the draft into the published template;
* ``GET /v1/clusterprofiles/{uid}/packs/{packName}/manifests`` gives each manifest's content (``v1ManifestEntities``);
  every PUT sends it back (REF §12: a manifest without ``content`` may be blanked);
* a profile's scope is ``metadata.annotations.scope`` (REF §3): tenant and system profiles are read without the
  ``ProjectUid`` header;
* ``POST /v1/clusterprofiles/{uid}/clone`` (``v1ClusterProfileCloneEntity``) makes a new version (new uid);
* ``GET /v1/dashboard/clusterprofiles/metadata`` lists every profile version in scope (name, uid, version);
* ``POST /v1/dashboard/clusterprofiles`` is the paged, filtered list (``v1ClusterProfilesFilterSpec``);
* ``GET /v1/packs/{packName}/registries/{registryUid}`` lists a pack's tags with their pack uids;
* ``GET /v1/clusterprofiles/{uid}/variables`` (``v1Variables``) gives the profile's variables (the profile's GET has
  none); Palette refuses a PUT whose packs reference a variable the profile does not define
  (``PackVariablesUndefined``, REF §5), so the service checks the references first (``profile_variables``).

There is no ETag: the service re-reads the profile right before writing and compares
``metadata.lastModifiedTimestamp`` (and the templates) with what it planned against.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError, PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService
from ansible_collections.spectrocloud.palette.plugins.module_utils.lazy_values import yvalues
from ansible_collections.spectrocloud.palette.plugins.module_utils.pack_registry import PackCatalogue, PackLookupError
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_usage import name_projects, version_fields
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_variables import (
    pack_references,
    undefined_message,
    variable_info,
)

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2 is not supported, kept for the import sanity test
    from urllib import quote  # type: ignore


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


def profile_info(profile):
    """A profile as the modules return it."""
    meta = profile.get('metadata') or {}
    spec = profile.get('spec') or {}
    status = profile.get('status') or {}
    published = template(profile, 'published')
    draft = template(profile, 'draft')
    current = published or draft or {}
    annotations = meta.get('annotations') or {}
    info = {
        'uid': meta.get('uid'),
        'name': meta.get('name'),
        'version': spec.get('version'),
        'versions': [{'uid': v.get('uid'), 'version': v.get('version')} for v in (spec.get('versions') or [])],
        'type': current.get('type'),
        'cloud_type': current.get('cloudType'),
        'scope': annotations.get('scope'),
        'description': annotations.get('description'),
        'labels': meta.get('labels') or {},
        'last_modified': meta.get('lastModifiedTimestamp'),
        'is_published': bool(status.get('isPublished')) or published is not None,
        'has_draft': draft is not None,
        'draft_differs': draft is not None and published is not None and not packs_equal(
            draft.get('packs') or [], published.get('packs') or [], values_as_data=False),
        'packs': [pack_info(p) for p in ((published or draft or {}).get('packs') or [])],
        'draft_packs': [pack_info(p) for p in (draft.get('packs') or [])] if draft is not None else None,
    }
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
    annotations = meta.get('annotations') or {}

    def packs(tpl):
        return [{'name': p.get('name'), 'tag': p.get('tag'), 'version': p.get('version'), 'type': p.get('type'),
                 'layer': p.get('layer'), 'pack_uid': p.get('packUid')} for p in (tpl.get('packs') or [])]
    info = {
        'uid': meta.get('uid'),
        'name': meta.get('name'),
        'version': spec.get('version'),
        'versions': [{'uid': v.get('uid'), 'version': v.get('version')} for v in (spec.get('versions') or [])],
        'type': current.get('type'),
        'cloud_type': current.get('cloudType'),
        'scope': annotations.get('scope'),
        'labels': meta.get('labels') or {},
        'last_modified': meta.get('lastModifiedTimestamp'),
        'is_published': bool(status.get('isPublished')),
        'has_draft': draft is not None,
        'packs': packs(current),
        'draft_packs': packs(draft) if draft is not None else None,
    }
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
# the service

class ProfileService(object):
    """Profile operations over a PaletteClient (project scope as the client is configured)."""

    def __init__(self, client):
        self.client = client
        self._metadata = None
        self._tenant_metadata = None
        self.catalogue = PackCatalogue(client)   # registries and pack tags, read once per service
        self._manifest_cache = {}
        self._tenant_uids = set()   # profiles read (and written) without the ProjectUid header

    # ---- scope -------------------------------------------------------------------------------
    def in_project(self):
        """True when the client sends a ``ProjectUid`` header (a project connection)."""
        return bool(self.client.project_uid)

    def tenant(self, uid):
        """Whether requests about profile ``uid`` go without the ``ProjectUid`` header."""
        return uid in self._tenant_uids

    def _remember(self, profile):
        meta = (profile or {}).get('metadata') or {}
        if scope_of(profile) in TENANT_SCOPES and meta.get('uid'):
            self._tenant_uids.add(meta.get('uid'))
        return profile

    # ---- reads -------------------------------------------------------------------------------
    def get(self, uid, option='uid'):
        """``GET /v1/clusterprofiles/{uid}`` in the profile's scope.

        A tenant- or system-scoped profile (``metadata.annotations.scope``) is read without ``ProjectUid``
        (REF §3, §12). Whether Palette shows one through a project header is unknown, so a 404 with the header is
        retried once in tenant scope; what that finds counts only when it is tenant or system scoped (a project
        profile of another project stays invisible)."""
        path = '/v1/clusterprofiles/%s' % quote(str(uid), safe='')
        tenant = self.tenant(uid)
        try:
            return self._remember(self.client.get(path, tenant=tenant))
        except PaletteApiError as err:
            if err.status != 404:
                raise
        if not tenant and self.in_project():
            try:
                found = self.client.get(path, tenant=True)
            except PaletteApiError as err:
                if err.status != 404:
                    raise
                found = None
            if found is not None and scope_of(found) in TENANT_SCOPES:
                return self._remember(found)
        raise ProfileError('%s: no cluster profile with uid %r in %s' % (option, uid, self._scope_text()), option=option)

    def _scope_text(self):
        project = getattr(self.client, 'project_name', None)
        try:
            uid = self.client.project_uid
        except Exception:
            uid = None
        if project:
            return 'project %r (nor in tenant scope)' % project
        if uid:
            return 'project %s (nor in tenant scope)' % uid
        return 'tenant scope'

    def metadata(self, refresh=False, tenant=False):
        """Every profile version in scope: ``[{'uid', 'name', 'version', 'cloud_type', 'tenant'}]``
        (``tenant``: listed in tenant scope, read from a project connection)."""
        attr = '_tenant_metadata' if tenant else '_metadata'
        if getattr(self, attr) is None or refresh:
            answer = self.client.get('/v1/dashboard/clusterprofiles/metadata', tenant=tenant) or {}
            items = []
            for item in answer.get('items') or []:
                meta = item.get('metadata') or {}
                spec = item.get('spec') or {}
                items.append({'uid': meta.get('uid'), 'name': meta.get('name'), 'version': spec.get('version'),
                              'cloud_type': spec.get('cloudType'), 'tenant': bool(tenant)})
            setattr(self, attr, items)
        return getattr(self, attr)

    def versions_named(self, name, refresh=False):
        """The versions named ``name``, newest first. From a project connection, when the project lists none, the
        tenant scope's list (tenant profiles may be hidden from a project's lists)."""
        found = [m for m in self.metadata(refresh) if m['name'] == name]
        if not found and self.in_project():
            found = [m for m in self.metadata(refresh, tenant=True) if m['name'] == name]
        return sorted(found, key=lambda m: semver_key(m['version']), reverse=True)

    def find(self, uid=None, name=None, version=None, newest_published=False):
        """One profile (GET shape) by uid, or name + version. Without a version: the only version,
        or (``newest_published``) the newest published one; several versions is an error otherwise."""
        if uid:
            return self.get(uid)
        if not name:
            raise ProfileError('give uid, or name (and version) of the cluster profile', option='name')
        matches = self.versions_named(name)
        if not matches:
            everything = self.metadata() + (self.metadata(tenant=True) if self.in_project() else [])
            names = sorted(set(m['name'] for m in everything if m['name']))
            close = [n for n in names if name.lower() in n.lower() or n.lower() in name.lower()]
            hint = ('; similar names: %s' % ', '.join(close)) if close else ''
            raise ProfileError('name: no cluster profile named %r in %s%s' % (name, self._scope_text(), hint),
                               option='name')
        if version is not None:
            exact = [m for m in matches if m['version'] == str(version)]
            if not exact:
                raise ProfileError('version: cluster profile %r has no version %r; its versions are: %s'
                                   % (name, str(version), ', '.join(m['version'] or '?' for m in matches)),
                                   option='version')
            if len(exact) > 1:
                raise ProfileError('name: %d cluster profiles are named %r with version %s (uids %s); give uid'
                                   % (len(exact), name, version, ', '.join(m['uid'] for m in exact)), option='name')
            return self.get(exact[0]['uid'])
        if len(matches) == 1:
            return self.get(matches[0]['uid'])
        if not newest_published:
            raise ProfileError('name: %d cluster profiles are named %r (versions %s); give version (or uid)'
                               % (len(matches), name, ', '.join('%s [%s]' % (m['version'], m['uid']) for m in matches)),
                               option='version')
        for i, m in enumerate(matches):
            if i + 1 < len(matches) and matches[i + 1]['version'] == m['version']:
                raise ProfileError('name: several cluster profiles are named %r with version %s (uids %s); give uid'
                                   % (name, m['version'], ', '.join(x['uid'] for x in matches if x['version'] == m['version'])),
                                   option='name')
            profile = self.get(m['uid'])
            if template(profile, 'published') is not None or (profile.get('status') or {}).get('isPublished'):
                return profile
        raise ProfileError('name: no version of cluster profile %r is published (versions %s); give version'
                           % (name, ', '.join(m['version'] or '?' for m in matches)), option='version')

    def find_version(self, name, version, tenant=False):
        """The metadata entry of ``name`` ``version`` or None (fresh read); ``tenant``: in tenant scope (the
        scope of a tenant profile's versions)."""
        if tenant and self.in_project():
            found = [m for m in self.metadata(refresh=True, tenant=True) if m['name'] == name]
        else:
            found = self.versions_named(name, refresh=True)
        for m in found:
            if m['version'] == version:
                return m
        return None

    def search(self, name=None, name_contains=None, types=None, tags=None, version=None, scope=None,
               environment=None, limit=50):
        """``POST /v1/dashboard/clusterprofiles`` with a filter, every page. Returns summaries."""
        flt = {}
        if name is not None:
            flt['profileName'] = {'eq': name, 'ignoreCase': False}
        elif name_contains is not None:
            flt['profileName'] = {'contains': name_contains, 'ignoreCase': True}
        if types:
            flt['profileType'] = list(types)
        if tags:
            flt['tags'] = {'eq': list(tags), 'ignoreCase': True}
        if version is not None:
            flt['version'] = {'eq': str(version)}
        if scope is not None:
            flt['scope'] = scope
        if environment:
            flt['environment'] = list(environment)
        body = {'filter': flt, 'sort': [{'field': 'profileName', 'order': 'asc'}]}
        return list(self.client.paginate('POST', '/v1/dashboard/clusterprofiles', body=body, limit=limit))

    def resolve_tag(self, pack, tag, where='packs'):
        """The ``v1PackTags`` entry of ``tag`` for ``pack`` in its registry (``pack_registry``): ``version == tag``
        first (what Terraform does), then ``tag == tag``; a pack without registryUid finds its registry through
        ``GET /v1/packs/{packUid}``; in a registry Palette cannot sync, a tag its catalogue does not list comes
        back without a pack uid, for Palette to resolve when the profile is saved."""
        try:
            return self.catalogue.resolve_pack_tag(pack, tag, where)
        except PackLookupError as err:
            raise ProfileError(str(err), option=err.option)

    def pack_manifests(self, profile_uid, pack_name):
        """``GET /v1/clusterprofiles/{uid}/packs/{packName}/manifests``: ``[{'uid', 'name', 'spec'}]`` where spec is
        ``v1ManifestSpec`` (``{'draft': {'content'}, 'published': {'content'}}``), read once per pack."""
        key = (profile_uid, pack_name)
        if key not in self._manifest_cache:
            path = '/v1/clusterprofiles/%s/packs/%s/manifests' % (quote(str(profile_uid), safe=''), quote(str(pack_name), safe=''))
            answer = self.client.get(path, tenant=self.tenant(profile_uid)) or {}
            found = []
            for item in answer.get('items') or []:
                meta = item.get('metadata') or {}
                found.append({'uid': meta.get('uid'), 'name': meta.get('name'), 'spec': item.get('spec') or {}})
            self._manifest_cache[key] = found
        return self._manifest_cache[key]

    def find_manifest(self, profile_uid, pack_name, uid=None, name=None):
        """The entry of one manifest of a pack: by uid first, then by name (Terraform finds manifests by name;
        REF §12). None when neither matches, or the name matches several."""
        entries = self.pack_manifests(profile_uid, pack_name)
        if uid:
            for entry in entries:
                if entry['uid'] == uid:
                    return entry
        if name:
            named = [e for e in entries if e['name'] == name]
            if len(named) == 1:
                return named[0]
        return None

    def manifest_content(self, profile_uid, pack_name, manifest_uid=None, base='draft', name=None):
        """The content of one manifest as the ``base`` template holds it (the other template's when ``base`` has
        none), found by uid then name; None when it cannot be read."""
        try:
            entry = self.find_manifest(profile_uid, pack_name, manifest_uid, name)
        except PaletteApiError as err:
            if err.status == 404:
                return None
            raise
        spec = (entry or {}).get('spec') or {}
        order = ('draft', 'published') if base == 'draft' else ('published', 'draft')
        for which in order:
            data = spec.get(which) or {}
            if data.get('content') is not None:
                return data.get('content')
        return None

    def variables(self, uid):
        """``GET /v1/clusterprofiles/{uid}/variables``: the ``v1Variable`` list."""
        answer = self.client.get('/v1/clusterprofiles/%s/variables' % quote(str(uid), safe=''), tenant=self.tenant(uid))
        return list((answer or {}).get('variables') or [])

    def refuse_undefined_variables(self, plan, body, read_uid=None):
        """Refuse (ProfileError, nothing written) when a pack of the PUT ``body`` references a profile variable that
        profile ``read_uid`` (default: the plan's) does not define: Palette would refuse the PUT with
        ``PackVariablesUndefined``. One ``GET …/variables``, only when the body references a variable."""
        packs = body['spec']['template']['packs']
        if not pack_references(packs):
            return
        uid = read_uid or (plan.profile.get('metadata') or {}).get('uid')
        message = undefined_message(packs, self.variables(uid), _label(plan.profile))
        if message:
            raise ProfileError(message, option='packs')

    # ---- writes ------------------------------------------------------------------------------
    def put(self, uid, body):
        return self.client.put('/v1/clusterprofiles/%s' % quote(str(uid), safe=''), body=body, tenant=self.tenant(uid))

    def publish(self, uid):
        return self.client.patch('/v1/clusterprofiles/%s/publish' % quote(str(uid), safe=''), tenant=self.tenant(uid))

    def delete(self, uid):
        """``DELETE /v1/clusterprofiles/{uid}`` (204); callers check ``status.inUseClusters`` first (REF §5)."""
        self._metadata = self._tenant_metadata = None
        return self.client.delete('/v1/clusterprofiles/%s' % quote(str(uid), safe=''), tenant=self.tenant(uid))

    def clone(self, profile, version, project_uid=None):
        """``POST …/clone`` to ``version`` of the same name, in the source's scope. Returns the new uid."""
        meta = profile.get('metadata') or {}
        scope = scope_of(profile) or ('project' if project_uid else 'tenant')
        tenant = scope in TENANT_SCOPES
        target = {'scope': scope}
        if scope == 'project' and project_uid:
            target['projectUid'] = project_uid
        body = {'metadata': {'name': meta.get('name'), 'version': version, 'target': target}}
        answer = self.client.post('/v1/clusterprofiles/%s/clone' % quote(str(meta.get('uid')), safe=''), body=body,
                                  tenant=tenant)
        self._metadata = self._tenant_metadata = None
        uid = (answer or {}).get('uid')
        if not uid:
            found = self.find_version(meta.get('name'), version, tenant=tenant)
            uid = found and found['uid']
        if not uid:
            raise ProfileError('cloning %r to version %s returned no uid' % (meta.get('name'), version))
        if tenant:
            self._tenant_uids.add(uid)
        return uid

    def update_body(self, plan, read_uid=None):
        """The PUT body of ``plan`` with every manifest's content, read from profile ``read_uid`` (default: the
        plan's profile). Raises ProfileError naming the pack and manifest whose content cannot be read."""
        uid = read_uid or (plan.profile.get('metadata') or {}).get('uid')
        self._manifest_cache = {}

        def manifest_content(pack, manifest):
            try:
                return self.manifest_content(uid, pack.get('name'), manifest.get('uid'), plan.base, manifest.get('name'))
            except PaletteApiError as err:
                raise manifest_unreadable(plan.profile, pack, manifest, err)
        return update_body(plan.profile, plan.new_packs, manifest_content, plan.base)

    def write_packs(self, plan, check_concurrent=True, body=None):
        """PUT ``plan.new_packs`` as the complete profile (``body``: that PUT body when already built by
        ``update_body``), then read it back and find where it landed.

        Returns ``(after, landed)``: the profile as read after the write and ``'draft'`` (``spec.draft`` holds the
        change) or ``'published'`` (Palette changed the published content in place). Raises ProfileError when
        neither template holds it."""
        profile = plan.profile
        uid = (profile.get('metadata') or {}).get('uid')
        # The body first (it reads the manifests), then the check for someone else's edit, then at once the PUT:
        # an edit made while the body was built must not be overwritten (the API has no ETag to close the window).
        if body is None:
            body = self.update_body(plan)
        if check_concurrent:
            fresh = self.get(uid)
            before_ts = (profile.get('metadata') or {}).get('lastModifiedTimestamp')
            after_ts = (fresh.get('metadata') or {}).get('lastModifiedTimestamp')
            if before_ts != after_ts or _content(fresh) != _content(profile):
                raise ProfileError(
                    'cluster profile %r version %s (%s) was changed by someone else while this task ran '
                    '(lastModifiedTimestamp %s -> %s); nothing was written. Run the task again to re-plan on '
                    'the new content.' % (profile['metadata'].get('name'), profile['spec'].get('version'), uid,
                                          before_ts, after_ts), option='uid')
        self.put(uid, body)
        after = self.get(uid)
        return after, landed_in(profile, after, plan.new_packs)


def scope_of(profile):
    """``metadata.annotations.scope`` of a profile (project, tenant or system; None when absent)."""
    return (((profile or {}).get('metadata') or {}).get('annotations') or {}).get('scope') or None


def _content(profile):
    """What a concurrent edit would change: the version and both templates (not ``spec.versions``, which moves
    when someone adds another version of the same name)."""
    spec = profile.get('spec') or {}
    return (spec.get('version'), spec.get('published'), spec.get('draft'))


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
# what the modules run (kept here so that the modules stay short)

def _label(profile):
    meta = profile.get('metadata') or {}
    return 'profile %s %s' % (meta.get('name'), (profile.get('spec') or {}).get('version'))


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
