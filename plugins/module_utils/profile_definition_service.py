# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP calls of a declared profile, on top of ``profiles.ProfileService`` (lookup, GET in the profile's scope,
manifests, PUT, publish, the pack catalogue): find a version by name in one scope, create, delete, ``PATCH
…/metadata``, the variables, and the catalogue look-ups a declaration needs.

Facts used (``palette-apis-spec.json``, REFERENCE.md §3, §5, §8):

* ``POST /v1/clusterprofiles`` (``v1ClusterProfileEntity``; query ``publish``: "created and published in a single
  transaction") answers 201 ``{uid}``; the profile is created in the request's scope (``ProjectUid`` header or none);
* ``DELETE /v1/clusterprofiles/{uid}`` answers 204; whether Palette refuses to delete a version clusters use is not
  documented (REF §5 "DELETE": not found), so the caller checks ``status.inUseClusters`` itself;
* ``PATCH /v1/clusterprofiles/{uid}/metadata`` (``v1ProfileMetaEntity``) answers 204;
* ``GET`` / ``PUT /v1/clusterprofiles/{uid}/variables`` (``v1Variables``): the GET of a profile does not carry them;
* every call about one profile goes in that profile's scope (tenant profiles without ``ProjectUid``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.spectrocloud.palette.plugins.module_utils.pack_registry import PackLookupError
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition import DefinitionError
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError, manifest_unreadable, template_packs
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_service import ProfileService, profile_path


class DefinitionService(ProfileService):
    """ProfileService plus what a declaration needs."""

    # ---- finding the declared version ------------------------------------------------------------
    def locate(self, name, version, scope):
        """The metadata entry of ``name`` ``version`` in ``scope`` ('project' or 'tenant'), or None (fresh read).
        A tenant profile found from a project connection is then read and written without ``ProjectUid``."""
        tenant = scope == 'tenant'
        items = self.metadata(refresh=True, tenant=tenant and self.in_project())
        found = [m for m in items if m['name'] == name and m['version'] == version]
        if len(found) > 1:
            raise ProfileError('definition.name: %d cluster profiles are named %r with version %s in %s scope (uids %s); '
                               'Palette should not allow that, remove the extra ones first'
                               % (len(found), name, version, scope, ', '.join(m['uid'] for m in found)),
                               option='definition.name')
        if not found:
            return None
        if tenant:
            self._tenant_uids.add(found[0]['uid'])
        return found[0]

    def created(self, uid, tenant):
        """Note a profile this task created (its scope is the request's)."""
        self._metadata = self._tenant_metadata = None
        if tenant:
            self._tenant_uids.add(uid)

    # ---- reads -------------------------------------------------------------------------------------
    def templates_with_content(self, profile):
        """``{'published': packs, 'draft': packs}`` (None for an absent template): copies of the packs as read with
        every manifest's ``content`` (``GET …/packs/{name}/manifests``, read once per pack). A manifest whose content
        cannot be read stops the task before any write (a PUT without it may blank it, REF §12)."""
        uid = (profile.get('metadata') or {}).get('uid')
        self._manifest_cache = {}   # read now: a manifest added since an earlier read must be found
        result = {}
        for which in ('published', 'draft'):
            packs = copy.deepcopy(template_packs(profile, which))
            for pack in packs or []:
                for manifest in pack.get('manifests') or []:
                    content = self.manifest_content(uid, pack.get('name'), manifest.get('uid'), which, manifest.get('name'))
                    if content is None:
                        raise manifest_unreadable(profile, pack, manifest)
                    manifest['content'] = content
            result[which] = packs
        return result

    def registry_names(self):
        """``{registry uid: name}`` for the pack registries whose name finds exactly that registry."""
        regs = self.catalogue.registries()
        count = {}
        for reg in regs:
            count[reg['name']] = count.get(reg['name'], 0) + 1
        return dict((reg['uid'], reg['name']) for reg in regs if reg['name'] and count[reg['name']] == 1)

    # ---- writes ------------------------------------------------------------------------------------
    def create(self, body, tenant, publish):
        """``POST /v1/clusterprofiles`` (``?publish=true`` when asked); returns the new uid."""
        answer = self.client.post('/v1/clusterprofiles', body=body, query={'publish': True} if publish else None,
                                  tenant=tenant)
        uid = (answer or {}).get('uid')
        if not uid:
            found = self.locate(body['metadata']['name'], body['spec']['version'], 'tenant' if tenant else 'project')
            uid = found and found['uid']
        if not uid:
            raise ProfileError('POST /v1/clusterprofiles for %r version %s answered no uid, and the profile is not '
                               'listed' % (body['metadata']['name'], body['spec']['version']))
        self.created(uid, tenant)
        return uid

    def put_variables(self, uid, variables):
        return self.client.put(profile_path(uid, '/variables'), body={'variables': variables}, tenant=self.tenant(uid))

    def patch_metadata(self, uid, body):
        return self.client.patch(profile_path(uid, '/metadata'), body=body, tenant=self.tenant(uid))


class CatalogueResolver(object):
    """What ``profile_definition.desired_packs`` asks the pack catalogue, with refusals that name the declaration's
    key (``definition.packs[2].tag``)."""

    def __init__(self, catalogue):
        self.catalogue = catalogue

    def registry(self, declared):
        """The uid of the registry a pack declares by name or uid."""
        try:
            return self.catalogue.find_registry(declared['registry'], declared['registry_uid'])['uid']
        except PackLookupError as err:
            key = 'registry' if declared['registry'] is not None else 'registry_uid'
            raise _relabelled(err, '%s.%s' % (declared['where'], key))

    def tag(self, declared, current, registry_uid):
        """The tag entry of a new pack, or of a pack whose tag or registry changes."""
        where = declared['where']
        key = 'version' if declared['version'] is not None else 'tag'
        wanted = declared['tag'] or declared['version'] or (current or {}).get('tag')
        try:
            if registry_uid is None and current is not None:
                # a pack reference without registryUid: its registry through its pack uid (as Terraform does)
                entry = self.catalogue.resolve_pack_tag(current, wanted, where)
                return {'tag': entry.get('tag'), 'version': entry.get('version'), 'packUid': entry.get('packUid')}
            found = self.catalogue.lookup(name=declared['name'], registry_uid=registry_uid, tag=wanted)
        except PackLookupError as err:
            option = {'name': 'name', 'tag': key, 'packs': key}.get(err.option, 'registry')
            raise _relabelled(err, '%s.%s' % (where, option))
        selected = found['selected'] or {}
        registry = found['registry']['uid']
        return {'tag': selected.get('tag'), 'version': selected.get('version'), 'packUid': selected.get('pack_uid'),
                'registryUid': registry, 'layer': found['pack'].get('layer'),
                'values': self._default_values(declared['name'], registry, selected.get('pack_uid'))}

    def _default_values(self, name, registry_uid, uid):
        """The values a pack tag comes with (``v1PackTagEntity.packValues``), for a new pack declared without any."""
        entity = self.catalogue.pack_in_registry(name, registry_uid) or {}
        for item in entity.get('packValues') or []:
            if uid and item.get('packUid') == uid:
                return item.get('values')
        return None


def _relabelled(err, option):
    """A catalogue refusal under the declaration's key: its text without the option name it starts with."""
    text = str(err)
    head, sep, rest = text.partition(': ')
    if sep and ' ' not in head and '(' not in head:
        text = rest
    return DefinitionError('%s: %s' % (option, text), option=option)
