# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A declared profile (``profile_definition``) against the profile as read: the packs it asks for, what differs,
what a draft means for it, and the request bodies that make Palette match. Pure: no HTTP; what must be looked up in
the pack catalogue is asked of a resolver the caller gives.

Facts used (``palette-apis-spec.json``, REFERENCE.md §5, §8): create is ``v1ClusterProfileEntity``
(``spec.template {cloudType, type, packs: [v1PackManifestEntity]}``, ``spec.variables``), a PUT carries the complete
pack list (``profiles.update_body``), ``PATCH …/metadata`` is ``v1ProfileMetaEntity {metadata {name, labels,
annotations}, spec {version}}``, Palette checks a PUT's packs against the profile's variables
(``PackVariablesUndefined``), manifest packs use the pack uid ``spectro-manifest-pack``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.spectrocloud.palette.plugins.module_utils.pack_registry import MANIFEST_PACK_UID
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition import (
    DERIVED_ANNOTATIONS,
    PACK_LAYERS,
    VARIABLE_DEFAULTS,
    refuse,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError, pack_uid


# --------------------------------------------------------------------------------------------
# the packs the declaration asks for, in the GET shape

def desired_packs(definition, current, resolver):
    """The declared packs as the profile will hold them (GET shape: ``packUid``, manifests with ``content``).

    ``current`` are the packs as read, with manifest content; a declared pack of the same name starts from a copy
    of it, so every field the declaration does not set is kept as read. ``resolver`` looks up what Palette must
    tell: ``resolver.registry(pack) -> uid`` for a declared registry, ``resolver.tag(pack, current_pack,
    registry_uid) -> {'tag', 'version', 'packUid', 'registryUid', 'layer', 'values'}`` for a new pack or tag. It is
    called only where the declaration differs from what is read, so a declaration that matches needs no look-up."""
    by_name = dict((p.get('name'), p) for p in current or [])
    result = []
    for declared in definition['packs']:
        result.append(_desired_pack(declared, by_name.get(declared['name']), resolver))
    return result


def _desired_pack(declared, cur, resolver):
    where = declared['where']
    pack = copy.deepcopy(cur) if cur is not None else {'name': declared['name']}
    ptype = declared['type'] or (cur or {}).get('type') or 'spectro'
    pack['type'] = ptype
    entry = None
    if ptype == 'manifest':
        if declared['registry'] or declared['registry_uid']:
            refuse('%s.registry' % where, 'pack %r is a manifest pack, which comes from no registry' % declared['name'])
        if declared['tag'] is not None or declared['version'] is not None:
            pack['tag'] = declared['tag'] or declared['version']
        if cur is None or not pack_uid(cur):
            pack['packUid'] = MANIFEST_PACK_UID
    else:
        wanted = None
        if declared['registry'] is not None or declared['registry_uid'] is not None:
            wanted = resolver.registry(declared)
        same_registry = cur is not None and (wanted is None or wanted == (cur.get('registryUid') or None))
        same_tag = cur is not None and (
            (declared['tag'] is not None and declared['tag'] == cur.get('tag'))
            or (declared['version'] is not None and declared['version'] == (cur.get('version') or cur.get('tag')))
            or (declared['tag'] is None and declared['version'] is None))
        if cur is None and declared['tag'] is None and declared['version'] is None:
            refuse('%s.tag' % where, 'pack %r is new in this profile: give its tag (or version)' % declared['name'])
        if not (same_registry and same_tag):
            entry = resolver.tag(declared, cur, wanted if wanted is not None else (cur or {}).get('registryUid') or None)
            pack['tag'] = declared['tag'] or entry.get('tag')
            if entry.get('version'):
                pack['version'] = entry['version']
            pack['packUid'] = entry.get('packUid')
            if 'uid' in pack:
                pack['uid'] = entry.get('packUid')
            registry = entry.get('registryUid') or wanted
            if registry:
                pack['registryUid'] = registry
    layer = declared['layer'] or (cur or {}).get('layer') or (entry or {}).get('layer')
    if ptype == 'manifest' and not layer:
        layer = 'addon'
    if not layer:
        refuse('%s.layer' % where, 'pack %r: the catalogue does not say its layer; give layer (one of %s)'
               % (declared['name'], ', '.join(PACK_LAYERS)))
    pack['layer'] = layer
    if declared['values'] is not None:
        pack['values'] = declared['values']
    elif cur is None:
        pack['values'] = (entry or {}).get('values') or ''
    if declared['manifests'] is not None:
        own = dict((m.get('name'), m) for m in (cur or {}).get('manifests') or [])
        manifests = []
        for m in declared['manifests']:
            ref = {'name': m['name'], 'content': m['content']}
            if (own.get(m['name']) or {}).get('uid'):
                ref['uid'] = own[m['name']]['uid']
            manifests.append(ref)
        pack['manifests'] = manifests
    elif cur is None:
        pack['manifests'] = []
    return pack


# --------------------------------------------------------------------------------------------
# comparing

def pack_differences(cur, want):
    """The fields in which two packs (GET shape, manifests with content) differ, as the result names them."""
    if cur is None:
        return ['added']
    if want is None:
        return ['removed']
    found = []
    for key, label in (('tag', 'tag'), ('type', 'type'), ('layer', 'layer'), ('registryUid', 'registry')):
        if (cur.get(key) or None) != (want.get(key) or None):
            found.append(label)
    if (pack_uid(cur) or None) != (pack_uid(want) or None) and 'tag' not in found:
        found.append('pack_uid')
    if (cur.get('values') or '') != (want.get('values') or ''):
        found.append('values')
    if _manifest_texts(cur) != _manifest_texts(want):
        found.append('manifests')
    return found


def _manifest_texts(pack):
    return [(m.get('name'), m.get('content')) for m in pack.get('manifests') or []]


def packs_match(current, desired):
    """True when ``current`` holds exactly the desired packs, in the same order."""
    if current is None or len(current) != len(desired):
        return False
    return all(c.get('name') == d.get('name') and not pack_differences(c, d) for c, d in zip(current, desired))


EXISTING_DRAFT_CHOICES = ('fail', 'discard')


class PackPlan(object):
    """What the packs of an existing profile need: ``current`` (the packs the diff calls "before"), ``base`` (the
    template a PUT replaces), ``put`` (a PUT is needed), ``publish_draft`` (the draft already holds the declaration
    and only a publish is missing), ``note`` (how a draft was handled), ``foreign_draft`` (a draft with other
    changes was left alone)."""

    def __init__(self, current, base, put, publish_draft=False, note=None, foreign_draft=False):
        self.current = current
        self.base = base
        self.put = put
        self.publish_draft = publish_draft
        self.note = note
        self.foreign_draft = foreign_draft


def plan_packs(templates, desired, existing_draft='fail', label='the profile', draft_diff=None):
    """Decide against the templates as read (``{'published': packs, 'draft': packs}``, None when absent, manifests
    with content) what the declared packs need.

    * no draft: compare with the published packs; a PUT when they differ;
    * only a draft (never published): compare with it; publishing it is what is left to do;
    * a draft equal to the published packs: as without one;
    * a draft with other changes: nothing to write when it already holds the declaration (an earlier run wrote it:
      only the publish is missing) or when the published packs do (the draft is someone else's work, left alone);
      otherwise ``existing_draft=discard`` overwrites it and ``fail`` refuses, showing ``draft_diff``."""
    published, draft = templates.get('published'), templates.get('draft')
    if draft is None:
        return PackPlan(published or [], 'published', not packs_match(published, desired))
    if published is None:
        return PackPlan(draft, 'draft', not packs_match(draft, desired), publish_draft=True)
    if packs_match(draft, published):
        return PackPlan(draft, 'draft', not packs_match(draft, desired))
    if packs_match(draft, desired):
        return PackPlan(published, 'draft', False, publish_draft=True, note='the draft already holds the declaration')
    if packs_match(published, desired):
        return PackPlan(published, 'published', False, foreign_draft=True,
                        note='the published packs match the declaration; the draft with other changes was left alone')
    if existing_draft == 'discard':
        return PackPlan(draft, 'draft', True, note='replaced the existing draft')
    raise ProfileError(
        '%s has an unpublished draft with changes that are not the declared ones (someone else\'s, or an earlier run '
        'of another declaration). Publish or discard it first, or set existing_draft=discard to replace it with the '
        'declaration. Nothing was written. The draft differs from the published profile:\n%s'
        % (label, draft_diff or ''), option='existing_draft', draft_diff=draft_diff)


def pack_report(current, desired):
    """One entry per pack of either list: ``{name, action: added|removed|changed|moved|unchanged, changes,
    position_before, position_after}`` (positions from 0; moved: only its place in the layer order changed)."""
    cur_names = [p.get('name') for p in current or []]
    want_names = [p.get('name') for p in desired]
    cur_by = dict((p.get('name'), p) for p in current or [])
    want_by = dict((p.get('name'), p) for p in desired)
    common = [n for n in want_names if n in cur_by]
    order_before = [n for n in cur_names if n in want_by]
    report = []
    for name in want_names + [n for n in cur_names if n not in want_by]:
        changes = pack_differences(cur_by.get(name), want_by.get(name))
        if changes in (['added'], ['removed']):
            action = changes[0]
            changes = []
        elif changes:
            action = 'changed'
        elif common.index(name) != order_before.index(name):
            action = 'moved'
        else:
            action = 'unchanged'
        report.append({'name': name, 'action': action, 'changes': changes,
                       'position_before': cur_names.index(name) if name in cur_by else None,
                       'position_after': want_names.index(name) if name in want_by else None})
    return report


def metadata_changes(profile, definition):
    """``{'labels': ..., 'description': ...}`` for what the declaration sets differently (empty: nothing)."""
    meta = (profile or {}).get('metadata') or {}
    changes = {}
    if definition['tags'] is not None and definition['tags'] != (meta.get('labels') or {}):
        changes['labels'] = definition['tags']
    if definition['description'] is not None and \
            definition['description'] != ((meta.get('annotations') or {}).get('description') or ''):
        changes['description'] = definition['description']
    return changes


def _variable_key(variable, keep_secret):
    key = dict(VARIABLE_DEFAULTS)
    key.update(dict((k, v) for k, v in variable.items() if v is not None))
    if keep_secret:
        key.pop('defaultValue', None)
    return key


def variables_match(current, declared):
    """True when the variables read equal the declared ones (a field left out is the spec's default; a declared
    sensitive variable without a default value keeps the one Palette holds)."""
    if declared is None:
        return True
    current = current or []
    if [v.get('name') for v in current] != [v.get('name') for v in declared]:
        return False
    for have, want in zip(current, declared):
        keep = bool(want.get('isSensitive')) and want.get('defaultValue') is None
        if _variable_key(have, keep) != _variable_key(want, keep):
            return False
    return True


def variables_to_send(current, declared):
    """The ``v1Variable`` list to PUT: the declared ones, a sensitive variable declared without a default value
    keeping the one read (an export leaves it out)."""
    by_name = dict((v.get('name'), v) for v in current or [])
    result = []
    for want in declared:
        entry = copy.deepcopy(want)
        have = by_name.get(want['name'])
        if want.get('isSensitive') and want.get('defaultValue') is None and have and have.get('defaultValue') is not None:
            entry['defaultValue'] = have['defaultValue']
        result.append(entry)
    return result


def variables_steps(current, declared):
    """``(before, after)``: the variable lists to PUT before the packs' PUT (every declared variable plus the ones
    to be removed, so packs that start using a variable find it) and after it (exactly the declared ones, once no
    pack uses the removed ones). Palette checks a PUT's packs against the profile's variables
    (``PackVariablesUndefined``, REF §5). None for a step that is not needed."""
    if variables_match(current, declared):
        return None, None
    wanted = variables_to_send(current, declared)
    by_name = dict((v['name'], v) for v in wanted)
    if all(v.get('name') in by_name for v in current or []):
        return wanted, None
    # the union, in the order read, new ones last: no variable a pack uses now or after the PUT is missing
    before = [by_name.get(v.get('name')) or copy.deepcopy(v) for v in current] + \
        [v for v in wanted if v['name'] not in set(c.get('name') for c in current)]
    return (None if variables_match(current, before) else before), wanted


# --------------------------------------------------------------------------------------------
# request bodies

def pack_entity(pack):
    """A desired pack (GET shape) as ``v1PackManifestEntity`` for a create."""
    entity = {'name': pack['name'], 'values': pack.get('values') or ''}
    for key in ('tag', 'type', 'layer', 'registryUid'):
        if pack.get(key):
            entity[key] = pack[key]
    if pack_uid(pack):
        entity['uid'] = pack_uid(pack)
    entity['manifests'] = [{'name': m['name'], 'content': m.get('content') or ''} for m in pack.get('manifests') or []]
    return entity


def create_body(definition, packs):
    """``v1ClusterProfileEntity`` for ``POST /v1/clusterprofiles``; the profile's scope is the request's (with or
    without the ``ProjectUid`` header, REF §3): the body has no field for it."""
    metadata = {'name': definition['name']}
    if definition['tags'] is not None:
        metadata['labels'] = dict(definition['tags'])
    if definition['description'] is not None:
        metadata['annotations'] = {'description': definition['description']}
    spec = {'version': definition['version'],
            'template': {'cloudType': definition['cloud_type'], 'type': definition['type'],
                         'packs': [pack_entity(p) for p in packs]}}
    if definition['variables']:
        spec['variables'] = copy.deepcopy(definition['variables'])
    return {'metadata': metadata, 'spec': spec}


def metadata_body(profile, changes):
    """``v1ProfileMetaEntity`` for ``PATCH …/metadata``: name, labels and annotations as read with ``changes``
    applied (annotations Palette derives from where the profile lives are not sent), and the version as read."""
    meta = profile.get('metadata') or {}
    labels = changes['labels'] if 'labels' in changes else dict(meta.get('labels') or {})
    annotations = dict((k, v) for k, v in (meta.get('annotations') or {}).items() if k not in DERIVED_ANNOTATIONS)
    if 'description' in changes:
        annotations['description'] = changes['description']
    return {'metadata': {'name': meta.get('name'), 'labels': labels, 'annotations': annotations},
            'spec': {'version': (profile.get('spec') or {}).get('version')}}


def metadata_problems(profile, changes):
    """What a profile read back after ``PATCH …/metadata`` does not hold of ``changes``."""
    problems = []
    meta = profile.get('metadata') or {}
    if 'labels' in changes and (meta.get('labels') or {}) != changes['labels']:
        problems.append('tags are %s, expected %s' % (meta.get('labels') or {}, changes['labels']))
    description = (meta.get('annotations') or {}).get('description') or ''
    if 'description' in changes and description != changes['description']:
        problems.append('the description is %r, expected %r' % (description, changes['description']))
    return problems


# --------------------------------------------------------------------------------------------
# diff text (Ansible --diff)

def pack_text(pack):
    """A pack as the diff shows it: every field a declaration sets, values and manifest content in full."""
    if pack is None:
        return ''
    lines = ['name: %s' % pack.get('name'), 'type: %s' % pack.get('type'), 'layer: %s' % pack.get('layer'),
             'registry_uid: %s' % (pack.get('registryUid') or ''), 'tag: %s' % (pack.get('tag') or ''),
             'pack_uid: %s' % (pack_uid(pack) or '')]
    lines.extend(_block('values', pack.get('values') or ''))
    for m in pack.get('manifests') or []:
        lines.extend(_block('manifest %s' % m.get('name'), m.get('content') or ''))
    return '\n'.join(lines) + '\n'


def _block(label, text):
    return ['%s: |' % label] + [('  ' + line) if line else '' for line in text.splitlines()]


def diff_entries(label, current, desired, metadata=None, variables=None):
    """Ansible diff entries: one per pack that differs (added, removed, changed or moved), then the tags and
    description, then the variables."""
    entries = []
    cur_by = dict((p.get('name'), p) for p in current or [])
    want_by = dict((p.get('name'), p) for p in desired)
    for item in pack_report(current, desired):
        if item['action'] == 'unchanged':
            continue
        name = item['name']
        header = '%s pack %s' % (label, name)
        before, after = pack_text(cur_by.get(name)), pack_text(want_by.get(name))
        if item['action'] == 'moved':
            before += 'position: %s\n' % item['position_before']
            after += 'position: %s\n' % item['position_after']
        entries.append({'before_header': header, 'after_header': header, 'before': before, 'after': after})
    if metadata:
        entries.append(metadata)
    if variables:
        entries.append(variables)
    return entries
