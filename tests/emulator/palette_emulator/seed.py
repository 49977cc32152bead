"""Load a seed document (YAML file or JSON from the admin API) into a fresh ``Store``.

Every problem is reported with the path of the offending key, e.g.
``seed: clusters[3].profiles[0].uid 'abc' is not a profile uid in this seed``, because a seed is hand-written
and the person fixing it needs to know exactly where to look.
"""

import copy
import os

import yaml

from palette_emulator import generator
from palette_emulator.clock import iso_ms, parse_iso
from palette_emulator.errors import SeedError
from palette_emulator.ids import is_uid
from palette_emulator.store import ApiKey, Cluster, Pack, PackTag, Profile, Project, Registry, Store, Tenant, User

SEEDS_DIR = os.path.join(os.path.dirname(__file__), "seeds")

TOP_KEYS = {"tenant", "users", "api_keys", "projects", "registries", "packs", "profiles", "clusters", "generate"}
PROFILE_TYPES = ("cluster", "infra", "add-on", "system")
PACK_LAYERS = ("kernel", "os", "k8s", "cni", "csi", "addon")
PACK_TYPES = ("spectro", "helm", "manifest", "oci")
MANIFEST_PACK_UID = "spectro-manifest-pack"   # the literal uid manifest packs use (REF §5, tf)


def resolve_seed_path(name_or_path):
    """A seed file path: an existing path, or the name of a bundled seed (``demo`` -> seeds/demo.yml)."""
    if os.path.exists(name_or_path):
        return name_or_path
    for candidate in (name_or_path, name_or_path + ".yml"):
        bundled = os.path.join(SEEDS_DIR, candidate)
        if os.path.exists(bundled):
            return bundled
    raise SeedError(f"seed: file {name_or_path!r} not found (bundled seeds: {', '.join(bundled_seeds())})")


def bundled_seeds():
    """Names of the seeds shipped in the package."""
    return sorted(f[:-4] for f in os.listdir(SEEDS_DIR) if f.endswith(".yml"))


def read_seed_file(path):
    """Parse a seed file into a dict (YAML; JSON is YAML too)."""
    try:
        with open(path, encoding="utf-8") as handle:
            doc = yaml.safe_load(handle)
    except yaml.YAMLError as err:
        raise SeedError(f"seed: {path} is not valid YAML: {err}") from err
    except OSError as err:
        raise SeedError(f"seed: cannot read {path}: {err}") from err
    if doc is None:
        doc = {}
    return doc


def build_store(doc, clock, extra_clusters=0):
    """Validate ``doc`` and return a populated Store. ``extra_clusters`` adds a generated fleet (``--clusters``)."""
    if not isinstance(doc, dict):
        raise SeedError("seed: the document must be a mapping with keys like projects, profiles, clusters")
    doc = copy.deepcopy(doc)
    unknown = set(doc) - TOP_KEYS
    if unknown:
        raise SeedError(f"seed: unknown top-level key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(TOP_KEYS))})")
    gen = doc.get("generate") or {}
    if not isinstance(gen, dict):
        raise SeedError("seed: generate must be a mapping (clusters, projects, profiles_per_project)")
    if extra_clusters:
        gen = dict(gen, clusters=int(gen.get("clusters", 0)) + extra_clusters)
    if gen.get("clusters"):
        generator.extend_seed(doc, gen)
    loader = _Loader(clock)
    return loader.load(doc)


class _Loader:  # pylint: disable=too-few-public-methods
    """Turns a seed dict into a Store, checking every key on the way."""

    def __init__(self, clock):
        self.clock = clock
        # one reading of the clock for both forms: the seeded install times (milliseconds, as status.packs[] shows
        # them) are the creation time cut to milliseconds, never a later millisecond (tests rely on that)
        now = clock.now()
        self.now = clock.iso(now)
        self.now_ms = iso_ms(now)
        self.store = Store()
        self.uids = {}   # uid -> "where it was first used", to catch duplicates across kinds

    # -- helpers -----------------------------------------------------------------------------------
    def _list(self, doc, key):
        value = doc.get(key) or []
        if not isinstance(value, list):
            raise SeedError(f"seed: {key} must be a list")
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise SeedError(f"seed: {key}[{i}] must be a mapping")
        return value

    @staticmethod
    def _check_keys(item, where, allowed):
        unknown = set(item) - set(allowed)
        if unknown:
            raise SeedError(f"seed: {where} has unknown key(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(allowed))})")

    @staticmethod
    def _str(item, key, where, required=True, default=""):
        value = item.get(key, None)
        if value is None:
            if required:
                raise SeedError(f"seed: {where}.{key} is required")
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise SeedError(f"seed: {where}.{key} must be a string, got {type(value).__name__}")
        return str(value)

    def _uid(self, item, where, key="uid"):
        value = self._str(item, key, where)
        if not is_uid(value):
            raise SeedError(f"seed: {where}.{key} {value!r} is not a uid (24 lower-case hex characters)")
        if value in self.uids:
            raise SeedError(f"seed: {where}.{key} {value!r} is already used by {self.uids[value]}")
        self.uids[value] = where
        return value

    @staticmethod
    def _bool(item, key, where, default=False):
        value = item.get(key, default)
        if not isinstance(value, bool):
            raise SeedError(f"seed: {where}.{key} must be true or false, got {value!r}")
        return value

    @staticmethod
    def _map(item, key, where):
        value = item.get(key) or {}
        if not isinstance(value, dict):
            raise SeedError(f"seed: {where}.{key} must be a mapping")
        return {str(k): str(v) for k, v in value.items()}

    def _projects_ref(self, item, where):
        value = item.get("projects", "*")
        if value == "*":
            return None
        if not isinstance(value, list):
            raise SeedError(f"seed: {where}.projects must be \"*\" or a list of project uids")
        for i, uid in enumerate(value):
            if uid not in self.store.projects:
                raise SeedError(f"seed: {where}.projects[{i}] {uid!r} is not a project uid in this seed")
        return frozenset(value)

    def _project_ref(self, item, where):
        uid = item.get("project")
        if uid is None:
            return None
        if uid not in self.store.projects:
            raise SeedError(f"seed: {where}.project {uid!r} is not a project uid in this seed")
        return uid

    # -- sections ----------------------------------------------------------------------------------
    def load(self, doc):
        """Load every section in dependency order."""
        tenant = doc.get("tenant") or {}
        if not isinstance(tenant, dict):
            raise SeedError("seed: tenant must be a mapping with uid and name")
        self._check_keys(tenant, "tenant", ("uid", "name"))
        if tenant:
            self.store.tenant = Tenant(uid=self._uid(tenant, "tenant"), name=self._str(tenant, "name", "tenant"))
        self._projects(doc)
        self._users(doc)
        self._keys(doc)
        self._registries(doc)
        self._packs(doc)
        self._profiles(doc)
        self._clusters(doc)
        self.store.finalize()
        return self.store

    def _projects(self, doc):
        for i, item in enumerate(self._list(doc, "projects")):
            where = f"projects[{i}]"
            self._check_keys(item, where, ("uid", "name", "description", "labels"))
            project = Project(uid=self._uid(item, where), name=self._str(item, "name", where),
                              description=self._str(item, "description", where, required=False),
                              labels=self._map(item, "labels", where), created=self.now, modified=self.now)
            if any(p.name == project.name for p in self.store.projects.values()):
                raise SeedError(f"seed: {where}.name {project.name!r} is used by another project")
            self.store.projects[project.uid] = project

    def _users(self, doc):
        for i, item in enumerate(self._list(doc, "users")):
            where = f"users[{i}]"
            self._check_keys(item, where, ("uid", "email", "password", "org", "first_name", "last_name", "projects"))
            user = User(uid=self._uid(item, where), email=self._str(item, "email", where),
                        password=self._str(item, "password", where),
                        org=self._str(item, "org", where, required=False, default=self.store.tenant.name),
                        first_name=self._str(item, "first_name", where, required=False),
                        last_name=self._str(item, "last_name", where, required=False),
                        projects=self._projects_ref(item, where))
            self.store.users[user.uid] = user

    def _keys(self, doc):
        for i, item in enumerate(self._list(doc, "api_keys")):
            where = f"api_keys[{i}]"
            self._check_keys(item, where, ("name", "key", "user", "projects", "revoked", "expires"))
            key = self._str(item, "key", where)
            if key in self.store.api_keys:
                raise SeedError(f"seed: {where}.key is the same as another key's")
            user = self._str(item, "user", where)
            if user not in self.store.users:
                raise SeedError(f"seed: {where}.user {user!r} is not a user uid in this seed")
            expires = item.get("expires")
            if expires is not None:
                try:
                    expires = parse_iso(expires)
                except ValueError as err:
                    raise SeedError(f"seed: {where}.expires {item.get('expires')!r} is not an RFC 3339 timestamp") from err
            self.store.api_keys[key] = ApiKey(key=key, name=self._str(item, "name", where, required=False, default=f"key-{i}"),
                                              user_uid=user, projects=self._projects_ref(item, where),
                                              revoked=self._bool(item, "revoked", where), expires=expires)

    def _registries(self, doc):
        for i, item in enumerate(self._list(doc, "registries")):
            where = f"registries[{i}]"
            self._check_keys(item, where, ("uid", "name", "endpoint", "scope", "kind", "private", "sync_supported"))
            scope = self._str(item, "scope", where, required=False, default="system")
            if scope not in ("system", "tenant"):
                raise SeedError(f"seed: {where}.scope {scope!r} must be system or tenant")
            kind = self._str(item, "kind", where, required=False, default="spectro")
            if kind not in ("spectro", "helm", "oci"):
                raise SeedError(f"seed: {where}.kind {kind!r} must be spectro, helm or oci")
            reg = Registry(uid=self._uid(item, where), name=self._str(item, "name", where),
                           endpoint=self._str(item, "endpoint", where, required=False, default="https://registry.example"),
                           scope=scope, kind=kind, private=self._bool(item, "private", where), created=self.now)
            # status.packSyncStatus.isSyncSupported (v1RegistrySyncStatus): false models a registry Palette cannot
            # sync, whose packs the catalogue does not list (packs.py). Kept beside the Registry's declared fields.
            reg.sync_supported = self._bool(item, "sync_supported", where, default=True)
            self.store.registries[reg.uid] = reg

    def _packs(self, doc):
        for i, item in enumerate(self._list(doc, "packs")):
            where = f"packs[{i}]"
            self._check_keys(item, where, ("name", "registry", "layer", "type", "display_name", "cloud_types", "addon_type", "tags"))
            registry = self._str(item, "registry", where)
            if registry not in self.store.registries:
                raise SeedError(f"seed: {where}.registry {registry!r} is not a registry uid in this seed")
            layer = self._str(item, "layer", where)
            if layer not in PACK_LAYERS:
                raise SeedError(f"seed: {where}.layer {layer!r} must be one of {', '.join(PACK_LAYERS)}")
            ptype = self._str(item, "type", where, required=False, default="spectro")
            if ptype not in PACK_TYPES:
                raise SeedError(f"seed: {where}.type {ptype!r} must be one of {', '.join(PACK_TYPES)}")
            cloud_types = item.get("cloud_types") or ["all"]
            if not isinstance(cloud_types, list):
                raise SeedError(f"seed: {where}.cloud_types must be a list")
            pack = Pack(name=self._str(item, "name", where), registry_uid=registry, layer=layer, type=ptype,
                        display_name=self._str(item, "display_name", where, required=False),
                        cloud_types=[str(c) for c in cloud_types],
                        addon_type=self._str(item, "addon_type", where, required=False))
            if (pack.name, registry) in self.store.packs:
                raise SeedError(f"seed: {where} pack {pack.name!r} is listed twice for registry {registry}")
            tags = item.get("tags")
            if not isinstance(tags, list) or not tags:
                raise SeedError(f"seed: {where}.tags must be a non-empty list")
            for j, tag in enumerate(tags):
                twhere = f"{where}.tags[{j}]"
                if not isinstance(tag, dict):
                    raise SeedError(f"seed: {twhere} must be a mapping")
                self._check_keys(tag, twhere, ("tag", "version", "uid", "values", "group", "parent_tags"))
                name = self._str(tag, "tag", twhere)
                pack.tags.append(PackTag(tag=name, version=self._str(tag, "version", twhere, required=False, default=name),
                                         uid=self._uid(tag, twhere), values=self._str(tag, "values", twhere, required=False),
                                         group=self._str(tag, "group", twhere, required=False),
                                         parent_tags=list(tag.get("parent_tags") or [])))
            self.store.add_pack(pack)

    def _seed_pack(self, item, where):
        """A profile pack from the seed, completed from the catalogue (uid, registry, layer, values)."""
        self._check_keys(item, where, ("name", "tag", "registry", "uid", "layer", "type", "values", "manifests"))
        name = self._str(item, "name", where)
        tag = self._str(item, "tag", where)
        registry = item.get("registry")
        ptype = self._str(item, "type", where, required=False, default="")
        cat, cat_tag = self.store.lookup_pack_tag(name, tag, registry or None)
        if cat is None and ptype != "manifest":
            raise SeedError(f"seed: {where} pack {name!r} tag {tag!r} is not in the packs catalogue of this seed")
        pack = {
            "name": name,
            "tag": tag,
            "type": ptype or (cat.type if cat else "manifest"),
            "layer": self._str(item, "layer", where, required=False, default=cat.layer if cat else "addon"),
            "registryUid": str(registry if registry is not None else cat.registry_uid),
            "uid": self._str(item, "uid", where, required=False, default=cat_tag.uid if cat_tag else MANIFEST_PACK_UID),
            "values": self._str(item, "values", where, required=False, default=cat_tag.values if cat_tag else ""),
            "manifests": [],
        }
        if pack["layer"] not in PACK_LAYERS:
            raise SeedError(f"seed: {where}.layer {pack['layer']!r} must be one of {', '.join(PACK_LAYERS)}")
        manifests = item.get("manifests") or []
        if not isinstance(manifests, list):
            raise SeedError(f"seed: {where}.manifests must be a list")
        for k, man in enumerate(manifests):
            mwhere = f"{where}.manifests[{k}]"
            if not isinstance(man, dict):
                raise SeedError(f"seed: {mwhere} must be a mapping")
            self._check_keys(man, mwhere, ("name", "uid", "content"))
            pack["manifests"].append({"name": self._str(man, "name", mwhere), "uid": self._uid(man, mwhere),
                                      "content": self._str(man, "content", mwhere, required=False)})
        return pack

    def _profiles(self, doc):
        allowed = ("uid", "name", "version", "project", "scope", "type", "cloud_type", "description", "labels", "published", "packs",
                   "draft_packs")
        for i, item in enumerate(self._list(doc, "profiles")):
            where = f"profiles[{i}]"
            self._check_keys(item, where, allowed)
            ptype = self._str(item, "type", where, required=False, default="add-on")
            if ptype not in PROFILE_TYPES:
                raise SeedError(f"seed: {where}.type {ptype!r} must be one of {', '.join(PROFILE_TYPES)}")
            project = self._project_ref(item, where)
            scope = self._str(item, "scope", where, required=False, default="project" if project else "tenant")
            if scope not in ("project", "tenant", "system") or (scope == "project") != bool(project):
                raise SeedError(f"seed: {where}.scope {scope!r} must be project (with project), tenant or system (without project)")
            profile = Profile(uid=self._uid(item, where), name=self._str(item, "name", where),
                              version=self._str(item, "version", where, required=False, default="1.0.0"),
                              type=ptype, cloud_type=self._str(item, "cloud_type", where, required=False, default="all"),
                              scope=scope, project_uid=project,
                              labels=self._map(item, "labels", where),
                              annotations={"description": self._str(item, "description", where, required=False)},
                              created=self.now, modified=self.now)
            if self.store.find_profile(profile.name, profile.version, profile.scope, profile.project_uid):
                raise SeedError(f"seed: {where} profile {profile.name!r} version {profile.version!r} is listed twice in the same scope")
            packs = item.get("packs") or []
            if not isinstance(packs, list):
                raise SeedError(f"seed: {where}.packs must be a list")
            template = {"type": ptype, "cloudType": profile.cloud_type,
                        "packs": [self._seed_pack(p, f"{where}.packs[{j}]") if isinstance(p, dict) else _not_mapping(f"{where}.packs[{j}]")
                                  for j, p in enumerate(packs)]}
            names = [p["name"] for p in template["packs"]]
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise SeedError(f"seed: {where}.packs lists {', '.join(dupes)} more than once (pack names are unique in a profile)")
            if self._bool(item, "published", where, default=True):
                profile.published = template
            else:
                profile.draft = template
            if item.get("draft_packs") is not None:
                draft = item["draft_packs"]
                if not isinstance(draft, list):
                    raise SeedError(f"seed: {where}.draft_packs must be a list")
                profile.draft = {"type": ptype, "cloudType": profile.cloud_type,
                                 "packs": [self._seed_pack(p, f"{where}.draft_packs[{j}]") for j, p in enumerate(draft)]}
            self.store.profiles[profile.uid] = profile

    def _clusters(self, doc):
        allowed = ("uid", "name", "project", "cloud_type", "labels", "state", "health", "deleted", "virtual", "architecture",
                   "profiles", "running", "cluster_template")
        from palette_emulator import clusters as cluster_service  # pylint: disable=import-outside-toplevel
        for i, item in enumerate(self._list(doc, "clusters")):
            where = f"clusters[{i}]"
            self._check_keys(item, where, allowed)
            project = self._project_ref(item, where)
            deleted = self._bool(item, "deleted", where)
            cluster = Cluster(uid=self._uid(item, where), name=self._str(item, "name", where), project_uid=project,
                              scope="project" if project else "tenant",
                              cloud_type=self._str(item, "cloud_type", where, required=False, default="edge-native"),
                              labels=self._map(item, "labels", where),
                              state=self._str(item, "state", where, required=False, default="Deleted" if deleted else "Running"),
                              health=self._str(item, "health", where, required=False, default="Healthy"),
                              deleted=deleted, virtual=self._bool(item, "virtual", where),
                              architecture=self._str(item, "architecture", where, required=False, default="amd64"),
                              created=self.now, modified=self.now,
                              cluster_template=self._cluster_template(item, where))
            attached = []
            profiles = item.get("profiles") or []
            if not isinstance(profiles, list):
                raise SeedError(f"seed: {where}.profiles must be a list")
            for j, entry in enumerate(profiles):
                pwhere = f"{where}.profiles[{j}]"
                if not isinstance(entry, dict):
                    raise SeedError(f"seed: {pwhere} must be a mapping with uid (and optional packValues)")
                self._check_keys(entry, pwhere, ("uid", "packValues", "variables"))
                uid = entry.get("uid")
                profile = self.store.profiles.get(uid)
                if profile is None:
                    raise SeedError(f"seed: {pwhere}.uid {uid!r} is not a profile uid in this seed")
                if profile.scope == "project" and profile.project_uid != project:
                    raise SeedError(f"seed: {pwhere}.uid {uid!r} is a profile of another project")
                if profile.published is None:
                    raise SeedError(f"seed: {pwhere}.uid {uid!r} is a profile that was never published")
                values = entry.get("packValues")
                if values is not None:
                    if not isinstance(values, list):
                        raise SeedError(f"seed: {pwhere}.packValues must be a list")
                    names = {p["name"] for p in profile.published["packs"]}
                    for k, val in enumerate(values):
                        if not isinstance(val, dict) or "name" not in val:
                            raise SeedError(f"seed: {pwhere}.packValues[{k}] must be a mapping with a name")
                        if val["name"] not in names:
                            raise SeedError(f"seed: {pwhere}.packValues[{k}].name {val['name']!r} is not a pack of profile {uid}")
                attached.append({"uid": uid, "packValues": values, "variables": list(entry.get("variables") or [])})
            cluster.attached = attached
            cluster.templates = cluster_service.target_templates(self.store, cluster)
            self._running(item, where, cluster)
            cluster_service.install_seeded(self.store, cluster, self.now_ms)
            cluster.spc_apply = {"actionType": "DownloadAndInstall", "canBeApplied": True,
                                 "lastModifiedTime": self.now_ms, "patchAppliedTime": self.now_ms}
            self.store.add_cluster(cluster)
            cluster.notification = cluster_service.has_updates(self.store, cluster)

    @staticmethod
    def _cluster_template(item, where):
        """``cluster_template: {uid, project_uid}``: the cluster was built from a cluster template (spec.clusterTemplate)."""
        ref = item.get("cluster_template")
        if ref is None:
            return None
        if not isinstance(ref, dict) or not is_uid(str(ref.get("uid", ""))):
            raise SeedError(f"seed: {where}.cluster_template must be a mapping with uid (24 hex) and optional project_uid")
        _Loader._check_keys(ref, f"{where}.cluster_template", ("uid", "project_uid"))
        out = {"uid": str(ref["uid"])}
        if ref.get("project_uid") is not None:
            out["projectUid"] = str(ref["project_uid"])
        return out

    def _running(self, item, where, cluster):
        """``running: {profile uid: {pack: tag}}`` makes the cluster run older tags than its profile publishes."""
        running = item.get("running") or {}
        if not isinstance(running, dict):
            raise SeedError(f"seed: {where}.running must be a mapping of profile uid to {{pack name: tag}}")
        for uid, tags in running.items():
            tmpl = next((t for t in cluster.templates if t["uid"] == uid), None)
            if tmpl is None:
                raise SeedError(f"seed: {where}.running key {uid!r} is not a profile attached to this cluster")
            if not isinstance(tags, dict):
                raise SeedError(f"seed: {where}.running.{uid} must be a mapping of pack name to tag")
            for pack_name, tag in tags.items():
                pack = next((p for p in tmpl["packs"] if p["name"] == pack_name), None)
                if pack is None:
                    raise SeedError(f"seed: {where}.running.{uid}.{pack_name} is not a pack of that profile")
                _cat, cat_tag = self.store.lookup_pack_tag(pack_name, str(tag), pack.get("registryUid") or None)
                if cat_tag is None:
                    raise SeedError(f"seed: {where}.running.{uid}.{pack_name} tag {tag!r} is not in the packs catalogue")
                pack["tag"] = cat_tag.tag
                pack["uid"] = cat_tag.uid
                pack.pop("version", None)


def _not_mapping(where):
    raise SeedError(f"seed: {where} must be a mapping")
