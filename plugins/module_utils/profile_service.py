# -*- coding: utf-8 -*-
# Copyright (c) Spectro Cloud Palette Ansible collection contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Cluster profile service: the HTTP requests about profiles (lookup, listing, manifests, variables, PUT, clone,
publish, delete) over a PaletteClient; what they send and compare comes from ``profile_model``.

Facts used (``palette-apis-spec.json``, REFERENCE.md §4, §5, §8):

* ``GET /v1/clusterprofiles/{uid}`` returns ``v1ClusterProfile``; tenant and system profiles (``scope``, REF §3) are
  read without the ``ProjectUid`` header;
* ``PUT /v1/clusterprofiles/{uid}`` takes the complete pack list; the service reads the profile back after every PUT
  and reports which template holds the change (``landed``);
* ``PATCH /v1/clusterprofiles/{uid}/publish`` turns the draft into the published template;
* ``GET /v1/clusterprofiles/{uid}/packs/{packName}/manifests`` gives each manifest's content (``v1ManifestEntities``);
  every PUT sends it back (REF §12: a manifest without ``content`` may be blanked);
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

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError, path_segment
from ansible_collections.spectrocloud.palette.plugins.module_utils.pack_registry import PackCatalogue, PackLookupError
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import (
    TENANT_SCOPES,
    ProfileError,
    _label,
    landed_in,
    manifest_unreadable,
    scope_of,
    semver_key,
    template,
    update_body,
)
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_variables import pack_references, undefined_message


def profile_path(uid, tail=''):
    """``/v1/clusterprofiles/{uid}`` and ``tail`` (``/publish``, ``/variables``, ...)."""
    return '/v1/clusterprofiles/%s%s' % (path_segment(uid), tail)


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

    def remember(self, profile):
        """Note ``profile``'s scope (read by someone else) so that requests about it go where it lives."""
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
        path = profile_path(uid)
        tenant = self.tenant(uid)
        try:
            return self.remember(self.client.get(path, tenant=tenant))
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
                return self.remember(found)
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
            path = profile_path(profile_uid, '/packs/%s/manifests' % path_segment(pack_name))
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
        answer = self.client.get(profile_path(uid, '/variables'), tenant=self.tenant(uid))
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
        return self.client.put(profile_path(uid), body=body, tenant=self.tenant(uid))

    def publish(self, uid):
        return self.client.patch(profile_path(uid, '/publish'), tenant=self.tenant(uid))

    def delete(self, uid):
        """``DELETE /v1/clusterprofiles/{uid}`` (204); callers check ``status.inUseClusters`` first (REF §5)."""
        self._metadata = self._tenant_metadata = None
        return self.client.delete(profile_path(uid), tenant=self.tenant(uid))

    def clone(self, profile, version, project_uid=None):
        """``POST …/clone`` to ``version`` of the same name, in the source's scope. Returns the new uid."""
        meta = profile.get('metadata') or {}
        scope = scope_of(profile) or ('project' if project_uid else 'tenant')
        tenant = scope in TENANT_SCOPES
        target = {'scope': scope}
        if scope == 'project' and project_uid:
            target['projectUid'] = project_uid
        body = {'metadata': {'name': meta.get('name'), 'version': version, 'target': target}}
        answer = self.client.post(profile_path(meta.get('uid'), '/clone'), body=body,
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


def _content(profile):
    """What a concurrent edit would change: the version and both templates (not ``spec.versions``, which moves
    when someone adds another version of the same name)."""
    spec = profile.get('spec') or {}
    return (spec.get('version'), spec.get('published'), spec.get('draft'))
