# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pack registries and the pack catalogue: a pack's tags with their pack uids, found by registry name or uid.

Facts used (``palette-apis-spec.json``, REFERENCE.md §4 and §8):

* ``GET /v1/registries/pack?scope=all`` (paginated, ``v1PackRegistries``) lists the pack registries of every scope
  (system and tenant); ``status.packSyncStatus`` (``v1RegistrySyncStatus``) says ``isSyncSupported``. Helm and OCI
  registries have lists of their own and are not pack registries here;
* ``GET /v1/packs/{packName}/registries/{registryUid}?cloudType=all`` gives ``v1PackTagEntity``: the pack's tags,
  each ``{tag, version, packUid, group, parentTags}`` (a tag may be a group such as ``1.30.x`` whose ``version`` is
  the concrete one); Terraform matches ``version`` to the wanted tag, this module then ``tag``;
* ``GET /v1/packs/{uid}`` gives the ``v1PackTagEntity`` of the pack a pack uid belongs to, with its
  ``registryUid``: how Terraform finds the registry of a pack reference that has none;
* ``GET /v1/packs?filters=spec.registryUid=<uid>`` (paginated, ``v1PackSummaries``) names the packs of a registry;
  read only to explain an unknown pack name;
* Terraform resolves pack uids only in a registry whose sync status says ``isSyncSupported``; in any other it sends
  name + tag + registryUid without a uid and Palette resolves the pack when the profile is saved. What Palette's
  catalogue lists for such a registry is not documented, so this module uses whatever it lists, and otherwise
  takes the tag as given, with no pack uid (``resolved`` false).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError, PaletteError, path_segment


MANIFEST_PACK_UID = 'spectro-manifest-pack'   # the literal uid of manifest packs (REF §5): no registry, no tags
NAMES_READ_FOR_HINT = 200                     # pack summaries read to name a registry's packs (4 pages of 50)


class PackLookupError(PaletteError):
    """A pack, tag or registry the user named that does not exist (the message lists what does)."""

    def __init__(self, msg, option=None, **details):
        super(PackLookupError, self).__init__(msg, details=details or None)
        self.option = option


# --------------------------------------------------------------------------------------------
# the API's shapes, as the modules return them

def registry_info(item):
    """A ``v1PackRegistry`` as the modules return it."""
    meta = item.get('metadata') or {}
    spec = item.get('spec') or {}
    sync = (item.get('status') or {}).get('packSyncStatus') or {}
    return {
        'uid': meta.get('uid') or spec.get('registryUid'),
        'name': meta.get('name') or spec.get('name'),
        'scope': spec.get('scope') or (meta.get('annotations') or {}).get('scope'),
        'private': bool(spec.get('private')),
        'endpoint': spec.get('endpoint'),
        # as Terraform reads it: only an explicit true lets the catalogue's pack uids be trusted to be complete
        'sync_supported': sync.get('isSyncSupported') is True,
        'sync_status': sync.get('status'),
    }


def tag_info(entry, resolved=True):
    """A ``v1PackTags`` entry as the modules return it."""
    return {
        'tag': entry.get('tag'),
        'version': entry.get('version'),
        'pack_uid': entry.get('packUid'),
        'group': entry.get('group') or None,
        'parent_tags': list(entry.get('parentTags') or []),
        'resolved': resolved,
    }


def pack_entity_info(entity):
    """The pack of a ``v1PackTagEntity`` (without its tags) as the modules return it."""
    return {
        'name': entity.get('name'),
        'display_name': entity.get('displayName'),
        'layer': entity.get('layer'),
        'registry_uid': entity.get('registryUid'),
        'cloud_types': list(entity.get('cloudTypes') or []),
        'addon_type': entity.get('addonType') or None,
    }


def version_key(text):
    """Sort key for tags and versions: numbers by value (1.9 before 1.10), other text as text."""
    return [(0, int(part), '') if part.isdigit() else (1, 0, part) for part in re.split(r'(\d+)', str(text or '')) if part]


def sorted_tags(entity):
    """The ``v1PackTags`` of an entity, by version."""
    return sorted((entity or {}).get('tags') or [], key=lambda t: version_key(t.get('version') or t.get('tag')))


def find_tag(entity, wanted):
    """The ``v1PackTags`` entry for ``wanted``: its ``version`` first (what Terraform matches), then its ``tag``;
    only entries with a pack uid count. None when there is none."""
    tags = (entity or {}).get('tags') or []
    for attr in ('version', 'tag'):
        for entry in tags:
            if entry.get(attr) == wanted and entry.get('packUid'):
                return entry
    return None


def tag_names(entity):
    """Every version (or tag) of an entity, sorted, for messages."""
    names = set(t.get('version') or t.get('tag') for t in (entity or {}).get('tags') or [] if t.get('version') or t.get('tag'))
    return sorted(names, key=version_key)


def unresolved_tag(tag):
    """The ``v1PackTags`` entry of a tag the catalogue does not list, in a registry Palette cannot sync: no pack
    uid (Palette resolves name + tag + registryUid when the profile is saved); the tag is its concrete version,
    since without a catalogue nothing can turn a group tag into one."""
    return {'tag': tag, 'version': tag, 'packUid': None, 'resolved': False}


def registry_label(reg):
    """``'Public Repo' (64b7…)`` for messages."""
    return '%r (%s)' % (reg.get('name'), reg.get('uid'))


def registry_list_text(regs):
    parts = []
    for reg in regs:
        notes = [reg.get('scope') or 'scope unknown']
        if not reg.get('sync_supported'):
            notes.append('cannot be synced')
        parts.append('%s [%s, %s]' % (reg.get('name'), reg.get('uid'), ', '.join(notes)))
    return '; '.join(parts) or '(none)'


def _same_pack(name, entity_name):
    """Duplicated packs in a profile are named ``<prefix>--<pack>`` (REF §5); the catalogue knows ``<pack>``."""
    return name == entity_name or str(name).split('--', 1)[-1] == entity_name


# --------------------------------------------------------------------------------------------
# the catalogue

class PackCatalogue(object):
    """Registry and pack look-ups over a PaletteClient; every answer is read once per instance."""

    def __init__(self, client, page_size=50):
        self.client = client
        self.page_size = page_size   # items per page of the paginated lists (the API's maximum is 50)
        self._registries = None
        self._in_registry = {}   # (pack name, registry uid) -> v1PackTagEntity, or None when not listed
        self._by_uid = {}        # pack uid -> v1PackTagEntity, or None when unknown

    # ---- reads -------------------------------------------------------------------------------
    def registries(self):
        """Every pack registry (system and tenant scope), every page."""
        if self._registries is None:
            items = self.client.paginate('GET', '/v1/registries/pack', query={'scope': 'all'}, limit=self.page_size)
            self._registries = [registry_info(item) for item in items]
        return self._registries

    def registry_of(self, uid):
        """The pack registry with ``uid``, or None (for instance a Helm registry's uid)."""
        for reg in self.registries():
            if reg['uid'] == uid:
                return reg
        return None

    def pack_in_registry(self, name, registry_uid):
        """``v1PackTagEntity`` of pack ``name`` in a registry, or None when the catalogue does not list it. A name
        ``<prefix>--<pack>`` (a duplicated pack in a profile) is looked up as ``<pack>`` when ``name`` is not found."""
        candidates = [name]
        if '--' in str(name):
            candidates.append(str(name).split('--', 1)[1])
        for candidate in candidates:
            key = (candidate, registry_uid)
            if key not in self._in_registry:
                path = '/v1/packs/%s/registries/%s' % (path_segment(candidate), path_segment(registry_uid))
                self._in_registry[key] = self._get_or_none(path, {'cloudType': 'all'})
            if self._in_registry[key] is not None:
                return self._in_registry[key]
        return None

    def pack_by_uid(self, uid):
        """``GET /v1/packs/{uid}``: the ``v1PackTagEntity`` the pack uid belongs to, or None when unknown."""
        if uid not in self._by_uid:
            self._by_uid[uid] = self._get_or_none('/v1/packs/%s' % path_segment(uid))
        return self._by_uid[uid]

    def pack_names(self, registry_uid):
        """Names of the packs in a registry from the first pages of ``GET /v1/packs`` (enough to show what
        exists; a registry such as the public one holds thousands of pack versions). Returns (names, complete)."""
        names = set()
        read = 0
        query = {'filters': 'spec.registryUid=%s' % registry_uid}
        for item in self.client.paginate('GET', '/v1/packs', query=query, limit=self.page_size):
            names.add((item.get('spec') or {}).get('name') or (item.get('metadata') or {}).get('name'))
            read += 1
            if read >= NAMES_READ_FOR_HINT:
                return sorted(n for n in names if n), False
        return sorted(n for n in names if n), True

    def _get_or_none(self, path, query=None):
        try:
            return self.client.get(path, query=query) or {}
        except PaletteApiError as err:
            if err.status == 404:
                return None
            raise

    # ---- the registry a user named -------------------------------------------------------------
    def find_registry(self, name=None, uid=None):
        """The pack registry named ``name`` (exact) or with ``uid``; refuses an unknown or ambiguous one, naming
        the option and listing every pack registry."""
        regs = self.registries()
        option = 'registry_uid' if uid else 'registry_name'
        found = [r for r in regs if (r['uid'] == uid if uid else r['name'] == name)]
        if len(found) == 1:
            return found[0]
        if found:
            raise PackLookupError('registry_name: %d pack registries are named %r (%s); give registry_uid instead'
                                  % (len(found), name, ', '.join(r['uid'] for r in found)), option=option)
        what = 'with uid %r' % uid if uid else 'named %r' % name
        raise PackLookupError('%s: there is no pack registry %s; the pack registries are: %s'
                              % (option, what, registry_list_text(regs)), option=option)

    # ---- palette_pack_info -----------------------------------------------------------------------
    def lookup(self, name=None, registry_name=None, registry_uid=None, tag=None, pack_uid=None):
        """What ``palette_pack_info`` returns: the registry, the pack, its tags, the tag selected by ``tag`` or
        ``pack_uid``, and whether that selection came from the catalogue (``resolved``)."""
        owner = None
        if pack_uid:
            owner = self._owner_of(pack_uid, name)
            name = name or owner.get('name')
        if registry_name or registry_uid:
            reg = self.find_registry(registry_name, registry_uid)
            if owner is not None and owner.get('registryUid') and owner.get('registryUid') != reg['uid']:
                raise PackLookupError('pack_uid: %s is a pack of registry %s, not of %s'
                                      % (pack_uid, owner.get('registryUid'), registry_label(reg)),
                                      option='registry_uid' if registry_uid else 'registry_name')
        elif owner is not None:
            reg = self.registry_of(owner.get('registryUid')) or {
                'uid': owner.get('registryUid'), 'name': None, 'scope': None, 'private': None, 'endpoint': None,
                'sync_supported': None, 'sync_status': None}
        else:
            reg, entity = self._only_registry_holding(name)
            return self._answer(reg, entity, name, tag, None)
        entity = self.pack_in_registry(name, reg['uid'])
        if entity is None and owner is not None:
            entity = owner   # the catalogue does not list the pack, but the pack uid's own answer has its tags
        if entity is None and reg['sync_supported'] is not False:
            raise self._unknown_pack(name, reg)
        return self._answer(reg, entity, name, tag, pack_uid)

    def _owner_of(self, pack_uid, name):
        owner = self.pack_by_uid(pack_uid)
        if owner is None:
            raise PackLookupError('pack_uid: Palette knows no pack with uid %r (GET /v1/packs/%s answered 404)'
                                  % (pack_uid, pack_uid), option='pack_uid')
        if name and not _same_pack(name, owner.get('name')):
            raise PackLookupError('pack_uid: %s is a uid of pack %r, not of %r' % (pack_uid, owner.get('name'), name),
                                  option='pack_uid')
        return owner

    def _only_registry_holding(self, name):
        """Without a registry: the one pack registry whose catalogue lists ``name``."""
        regs = self.registries()
        found = []
        for reg in regs:
            entity = self.pack_in_registry(name, reg['uid'])
            if entity is not None:
                found.append((reg, entity))
        if len(found) == 1:
            return found[0]
        if found:
            raise PackLookupError(
                'registry_name: pack %r is in %d pack registries, give registry_name or registry_uid to pick one: %s'
                % (name, len(found), '; '.join('%s [%s] tags %s' % (r['name'], r['uid'], ', '.join(tag_names(e)))
                                               for r, e in found)), option='registry_name')
        unsynced = [r['name'] for r in regs if not r['sync_supported']]
        hint = ''
        if unsynced:
            hint = ('; Palette cannot sync %s and may list none of the packs there: give registry_name or '
                    'registry_uid, and tag, to use a pack of such a registry' % ', '.join(repr(n) for n in unsynced))
        raise PackLookupError('name: no pack registry lists a pack named %r (pack registries: %s)%s'
                              % (name, registry_list_text(regs), hint), option='name')

    def _unknown_pack(self, name, reg):
        names, complete = self.pack_names(reg['uid'])
        listing = ', '.join(names) if names else '(none)'
        if not complete:
            listing += ' (the first %d pack versions read only)' % NAMES_READ_FOR_HINT
        return PackLookupError('name: registry %s has no pack named %r; its packs: %s'
                               % (registry_label(reg), name, listing), option='name')

    def _answer(self, reg, entity, name, tag, pack_uid):
        tags = [tag_info(t) for t in sorted_tags(entity)]
        selected = None
        if pack_uid:
            selected = next((t for t in tags if t['pack_uid'] == pack_uid), None)
            if selected is None and entity is not None:
                raise PackLookupError('pack_uid: %s is not a tag of pack %r in registry %s; its tags: %s'
                                      % (pack_uid, name, registry_label(reg), ', '.join(tag_names(entity)) or '(none)'),
                                      option='pack_uid')
            if selected is not None and tag and tag not in (selected['tag'], selected['version']):
                raise PackLookupError('tag: pack uid %s is tag %s (version %s) of pack %r, not %r'
                                      % (pack_uid, selected['tag'], selected['version'], name, tag), option='tag')
        elif tag:
            entry = find_tag(entity, tag)
            if entry is not None:
                selected = tag_info(entry)
            elif reg['sync_supported'] is False:
                selected = tag_info(unresolved_tag(tag), resolved=False)
            else:
                raise PackLookupError('tag: pack %r has no tag %r in registry %s; available tags: %s'
                                      % (name, tag, registry_label(reg), ', '.join(tag_names(entity)) or '(none)'),
                                      option='tag')
        pack = pack_entity_info(entity) if entity is not None else {
            'name': name, 'display_name': None, 'layer': None, 'registry_uid': reg['uid'], 'cloud_types': [],
            'addon_type': None}
        result = {'changed': False, 'registry': reg, 'pack': pack, 'tags': tags, 'selected': selected,
                  'resolved': entity is not None and (selected is None or selected['resolved'])}
        if entity is None:
            result['msg'] = ('registry %s cannot be synced, so Palette lists none of its packs; a profile uses pack %r '
                             'there by name, tag and registry uid, and Palette finds the pack when the profile is saved'
                             % (registry_label(reg), name))
        return result

    # ---- palette_profile: a new tag for a pack of a profile --------------------------------------
    def resolve_pack_tag(self, pack, tag, where='packs'):
        """The ``v1PackTags`` entry of ``tag`` for ``pack`` (a profile's pack, GET shape) in its registry.

        A pack without ``registryUid`` finds its registry through ``GET /v1/packs/{packUid}`` (as Terraform
        does). In a registry Palette cannot sync, a tag the catalogue does not list comes back without a pack uid
        (``unresolved_tag``). Refusals keep the messages ``palette_profile`` has always given."""
        name = pack.get('name')
        registry_uid = pack.get('registryUid')
        if not registry_uid:
            registry_uid = self._registry_through_pack_uid(pack, tag, where)
        entity = self.pack_in_registry(name, registry_uid)
        if entity is None:
            if self._cannot_sync(registry_uid):
                return unresolved_tag(tag)
            raise PackLookupError('%s.tag: pack %r was not found in registry %s' % (where, name, registry_uid),
                                  option='packs')
        entry = find_tag(entity, tag)
        if entry is not None:
            return entry
        if self._cannot_sync(registry_uid):
            return unresolved_tag(tag)
        raise PackLookupError('%s.tag: pack %r has no tag %r in registry %s; available tags: %s'
                              % (where, name, tag, registry_uid, ', '.join(tag_names(entity)) or '(none)'),
                              option='packs')

    def _registry_through_pack_uid(self, pack, tag, where):
        name = pack.get('name')
        uid = pack.get('packUid') or pack.get('uid')
        if pack.get('type') == 'manifest' or uid == MANIFEST_PACK_UID:
            raise PackLookupError('%s.tag: pack %r is a manifest pack: it comes from no registry, so it has no tag %r '
                                  'to move to' % (where, name, tag), option='packs')
        if not uid:
            raise PackLookupError('%s.tag: pack %r has neither a registryUid nor a pack uid, so the registry to find '
                                  'tag %r in is unknown' % (where, name, tag), option='packs')
        owner = self.pack_by_uid(uid)
        if owner is None or not owner.get('registryUid'):
            raise PackLookupError('%s.tag: pack %r has no registryUid, and Palette does not know its pack uid %s '
                                  '(GET /v1/packs/%s), so the registry to find tag %r in is unknown'
                                  % (where, name, uid, uid, tag), option='packs')
        return owner['registryUid']

    def _cannot_sync(self, registry_uid):
        reg = self.registry_of(registry_uid)
        return reg is not None and not reg['sync_supported']
