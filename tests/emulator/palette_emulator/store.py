"""The emulator's state: tenant, users, keys, projects, registries, packs, profiles and clusters.

Objects are plain Python classes holding what a real Palette database would hold. The JSON shapes the API
returns are built from them in ``views.py``; keeping the stored form separate lets PUT keep exactly what it
was given while GETs answer in the (different) shapes the spec documents (REF §5: ``uid`` in, ``packUid`` out).
"""

import copy
from dataclasses import dataclass, field


@dataclass
class Tenant:
    """The one tenant (organisation) the emulator serves."""
    uid: str
    name: str


@dataclass
class User:
    """A user who can log in with email + password (+ org)."""
    uid: str
    email: str
    password: str
    org: str
    first_name: str = ""
    last_name: str = ""
    projects: frozenset | None = None   # None = every project, else the project uids allowed


@dataclass
class ApiKey:
    """An API key; ``projects`` limits which ProjectUid headers it may send (others get 403)."""
    key: str
    name: str
    user_uid: str
    projects: frozenset | None = None
    revoked: bool = False
    expires: float | None = None  # epoch seconds on the emulator clock


@dataclass
class Project:
    """A project: the unit of scope selected with the ProjectUid header."""
    uid: str
    name: str
    description: str = ""
    labels: dict = field(default_factory=dict)
    created: str = ""
    modified: str = ""


@dataclass
class Registry:
    """A pack registry (system or tenant scope; visible from every scope, as registries are tenant-wide)."""
    uid: str
    name: str
    endpoint: str
    scope: str = "system"
    kind: str = "spectro"       # spectro (pack registry) | helm | oci
    private: bool = False
    created: str = ""


@dataclass
class PackTag:
    """One version of a pack in a registry; ``uid`` is the pack uid a profile PUT references."""
    tag: str
    version: str
    uid: str
    values: str = ""
    group: str = ""
    parent_tags: list = field(default_factory=list)


@dataclass
class Pack:
    """A pack name in one registry with all its tags."""
    name: str
    registry_uid: str
    layer: str
    type: str = "spectro"
    display_name: str = ""
    cloud_types: list = field(default_factory=lambda: ["all"])
    addon_type: str = ""
    tags: list = field(default_factory=list)


@dataclass
class Profile:
    """One cluster-profile *version* (each version is its own uid, REF §5).

    ``published`` and ``draft`` are templates: ``{"type", "cloudType", "packs": [stored pack]}``. A stored
    pack is the PUT/POST entity as given (``uid`` = pack uid, manifests with ``content``).
    """
    uid: str
    name: str
    version: str
    type: str
    cloud_type: str
    scope: str = "project"
    project_uid: str | None = None
    labels: dict = field(default_factory=dict)
    annotations: dict = field(default_factory=dict)
    published: dict | None = None
    draft: dict | None = None
    variables: list = field(default_factory=list)
    created: str = ""
    modified: str = ""
    revision: int = 1            # bumps on every publish (v1ClusterProfileTemplate.version, deprecated int)


@dataclass
class Cluster:  # pylint: disable=too-many-instance-attributes
    """A cluster (docs/dev/apply-lifecycle.md, "Emulator cluster model").

    ``attached`` is what the user attached (uid + own values); ``templates`` is that content as
    ``spec.clusterProfileTemplates`` shows it, set when profiles are attached (never by a profile edit);
    ``installed`` is what the agent installed last and ``pack_status`` the ``v1ClusterPackStatus`` of each installed
    pack, keyed ``"<profile uid>/<pack name>"``. ``apply`` is the install in progress or waiting.
    """
    uid: str
    name: str
    project_uid: str | None
    cloud_type: str
    scope: str = "project"
    labels: dict = field(default_factory=dict)
    state: str = "Running"
    health: str = "Healthy"
    deleted: bool = False
    virtual: bool = False
    architecture: str = "amd64"
    created: str = ""
    modified: str = ""
    cluster_template: dict | None = None           # {"uid", "projectUid"}: built from a cluster template
    attached: list = field(default_factory=list)   # [{"uid", "packValues": [...] | None, "variables": [...]}]
    templates: list = field(default_factory=list)  # [template dict with uid/name/type/profileVersion/packs]
    installed: list = field(default_factory=list)  # the templates the agent installed last
    pack_status: dict = field(default_factory=dict)  # "<profile uid>/<pack name>" -> v1ClusterPackStatus
    notification: bool = False                     # "Updates Available"
    apply: dict | None = None                      # {"patched", "started", "pickup", "ends", "target", "changed", "waiting", ...}
    repave: dict = field(default_factory=lambda: {"state": "Approved", "reasons": [], "time": ""})
    injections: dict = field(default_factory=lambda: {"apply_error": None, "repave": None})
    conditions: list = field(default_factory=list)
    spc_apply: dict = field(default_factory=dict)
    search_name: str = ""                          # lower-cased name, precomputed for fast search
    search_tags: list = field(default_factory=list)  # labels as "key:value" (a bare tag as "key:spectro__tag")
    search_tags_bare: list = field(default_factory=list)  # the same with a bare tag as "key" (tag_search: bare)
    search_env: str = ""                           # search "environment": cloud type, or "nested" if virtual


class Store:
    """All objects plus the indices that keep large fleets fast."""

    def __init__(self):
        self.tenant = Tenant(uid="000000000000000000000000", name="emulator")
        self.users = {}          # uid -> User
        self.api_keys = {}       # key string -> ApiKey
        self.projects = {}       # uid -> Project
        self.registries = {}     # uid -> Registry
        self.packs = {}          # (name, registry uid) -> Pack
        self.pack_by_uid = {}    # pack uid -> (Pack, PackTag)
        self.profiles = {}       # uid -> Profile
        self.clusters = {}       # uid -> Cluster
        self.profile_users = {}  # profile uid -> {cluster uid}: who has it attached (status.inUseClusters)
        self.applying = {}       # cluster uid -> Cluster with an apply in progress (settled lazily)
        self.by_scope = {}       # project uid (None = tenant) -> [Cluster]: the search pool of each scope
        self.manifest_counter = 0

    # -- indices -----------------------------------------------------------------------------------
    def add_pack(self, pack):
        """Register a pack and index its tags by pack uid."""
        self.packs[(pack.name, pack.registry_uid)] = pack
        for tag in pack.tags:
            self.pack_by_uid[tag.uid] = (pack, tag)

    def add_cluster(self, cluster):
        """Register a cluster and index its attached profiles."""
        cluster.search_name = cluster.name.lower()
        cluster.search_env = "nested" if cluster.virtual else cluster.cloud_type
        cluster.search_tags = [f"{k}:{v}" for k, v in cluster.labels.items()]
        bare = [k if v == "spectro__tag" else f"{k}:{v}" for k, v in cluster.labels.items()]
        cluster.search_tags_bare = bare if bare != cluster.search_tags else cluster.search_tags
        self.clusters[cluster.uid] = cluster
        self.by_scope.setdefault(cluster.project_uid if cluster.scope == "project" else None, []).append(cluster)
        self._index_attached(cluster)

    def finalize(self):
        """Sort each scope's search pool by name once, so an unsorted search needs no sort at all."""
        for pool in self.by_scope.values():
            pool.sort(key=lambda c: (c.search_name, c.uid))

    def set_attached(self, cluster, attached):
        """Replace a cluster's attached profiles, keeping the profile -> clusters index right."""
        for entry in cluster.attached:
            users = self.profile_users.get(entry["uid"])
            if users is not None:
                users.discard(cluster.uid)
        cluster.attached = attached
        self._index_attached(cluster)

    def _index_attached(self, cluster):
        for entry in cluster.attached:
            self.profile_users.setdefault(entry["uid"], set()).add(cluster.uid)

    def clusters_using(self, profile_uid):
        """Clusters (not deleted) that have this profile version attached, in a stable order."""
        uids = self.profile_users.get(profile_uid, ())
        found = [self.clusters[u] for u in uids if u in self.clusters and not self.clusters[u].deleted]
        found.sort(key=lambda c: c.name)
        return found

    def siblings(self, profile):
        """Every version of the same profile name in the same scope, oldest version first."""
        found = [p for p in self.profiles.values()
                 if p.name == profile.name and p.scope == profile.scope and p.project_uid == profile.project_uid]
        found.sort(key=lambda p: version_key(p.version))
        return found

    def find_profile(self, name, version, scope, project_uid):
        """The profile with this name+version in this scope, or None (duplicate check)."""
        for p in self.profiles.values():
            if p.name == name and p.version == version and p.scope == scope and p.project_uid == project_uid:
                return p
        return None

    def lookup_pack_tag(self, name, tag, registry_uid=None):
        """The (Pack, PackTag) for a name+tag (optionally in one registry), or (None, None)."""
        for (pname, ruid), pack in self.packs.items():
            if pname != name or (registry_uid and ruid != registry_uid):
                continue
            for t in pack.tags:
                if tag in (t.tag, t.version):
                    return pack, t
        return None, None

    def snapshot_state(self):
        """A deep copy of the whole state as JSON-able dicts (GET /__emulator__/state)."""
        def plain(obj):
            data = copy.deepcopy(obj.__dict__)
            data.pop("search_name", None)
            data.pop("search_tags", None)
            data.pop("search_tags_bare", None)
            data.pop("search_env", None)
            return data
        return {
            "tenant": plain(self.tenant),
            "projects": [plain(p) for p in self.projects.values()],
            "registries": [plain(r) for r in self.registries.values()],
            "packs": [dict(plain(p), tags=[plain(t) for t in p.tags]) for p in self.packs.values()],
            "profiles": [plain(p) for p in self.profiles.values()],
            # ``snapshot`` is the old name of ``templates``, kept for callers that read it.
            "clusters": [dict(plain(c), apply=_apply_view(c.apply), snapshot=copy.deepcopy(c.templates)) for c in self.clusters.values()],
        }


def _apply_view(apply):
    if not apply:
        return None
    return {k: sorted(v) if isinstance(v, (set, frozenset)) else v for k, v in apply.items() if k != "target"}


def version_key(version):
    """Sort key for semver-ish strings: numeric parts compare as numbers, pre-releases sort first."""
    main, _sep, pre = str(version).partition("-")
    parts = []
    for piece in main.split("."):
        parts.append((0, int(piece), "") if piece.isdigit() else (1, 0, piece))
    return (parts, 0 if pre else 1, pre)
