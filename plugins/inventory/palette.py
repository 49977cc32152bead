# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: palette
short_description: Spectro Cloud Palette clusters as Ansible hosts
version_added: 0.1.0
author:
  - spectrocloud.palette contributors (@spectrocloud)
description:
  - Makes one inventory host per Palette cluster, so that C(serial), C(max_fail_percentage), C(--limit) and
    groups can drive a rollout over a fleet of hundreds or thousands of clusters.
  - Clusters are listed with the paged cluster search C(POST /v1/dashboard/spectroclusters/search) (50 per
    page, one search per project, with the filters below sent to the server where its filter grammar can
    express them) after one C(GET /v1/dashboard/projects/metadata) to find the projects.
  - The search summary only has a revision counter, not the profile versions. They come from the reads of the
    profiles and clusters that O(pack_details) makes anyway, and from C(GET /v1/dashboard/clusterprofiles/metadata)
    (one call per project) for O(pack_details=none) and for any version those reads did not give.
  - The profile and cluster reads start, and the clusters they complete are made ready to become hosts, while the
    next search pages are still being fetched. The hosts are added once the last page is in, in host name order.
  - Pack lists come from the search summary when it carries them. When it does not, see O(pack_details).
  - Tasks on these hosts run on the controller (C(ansible_connection=local)) with the Python that runs
    C(ansible-playbook); they talk to Palette through the modules of this collection.
  - The configuration file must be named C(*.palette.yml) or C(*.palette.yaml) and contain
    C(plugin=spectrocloud.palette.palette) (as YAML). Unknown keys in it are an error.
  - B(Host names.) A host is named after its cluster. When two or more of the listed clusters share a
    name (the same name in two projects, or a deleted and a new cluster of the same name), every one of
    them is named C(<cluster>@<project>) instead, where characters of the project name other than
    letters, digits, C(_), C(.) and C(-) become C(_). If that is still not unique, C(@<cluster uid>) is
    added as well. The rule only depends on the set of clusters listed, never on their order, and no
    cluster is ever dropped or merged with another.
  - B(Host variables) (all prefixed C(palette_)) - V(palette_cluster_uid), V(palette_cluster_name),
    V(palette_project_uid), V(palette_project_name), V(palette_cloud_type), V(palette_state),
    V(palette_health), V(palette_tags) (list of C(key:value) strings, or C(key) for a tag without a value),
    V(palette_labels) (the raw C(metadata.labels) dict), V(palette_update_pending) (Palette's
    "Updates Available" flag, C(status.notifications.isAvailable)), V(palette_virtual),
    V(palette_deleted) and V(palette_profiles), a list of C({name, uid, version, type, packs}) where
    C(packs) is a list of C({name, tag, version, type, layer}) (never the pack values; left out with
    O(profile_packs=false)). Plus
    C(ansible_connection=local) and C(ansible_python_interpreter={{ ansible_playbook_python }}); use
    O(compose) to override them.
  - B(Groups.) Every host is in C(palette). Built-in groups, lower-cased, with every character other than
    C(a-z), C(0-9) and C(_) turned into C(_) - C(palette_project_<project>), C(palette_cloud_<cloud type>),
    C(palette_state_<state>), C(palette_health_<health>), C(palette_profile_<profile>),
    C(palette_profile_<profile>_v<version>) (for example C(palette_profile_core_v1_1_0)),
    C(palette_tag_<key>_<value>) (C(palette_tag_<key>) for a tag without a value) and
    C(palette_update_pending). O(groups), O(keyed_groups) and O(compose) add more.
extends_documentation_fragment:
  - spectrocloud.palette.connection.plugins
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description:
      - Marks the file as a configuration of this plugin.
    type: str
    required: true
    choices: [spectrocloud.palette.palette]
  projects:
    description:
      - The projects to list clusters from, by exact name or UID, or by a shell-style pattern matched
        against the project names (V(*) is every project the credentials can see).
      - A name or UID that matches no project is an error; a pattern that matches none is a warning.
      - When empty, the project of O(project_name) or O(project_uid) is used if one is set (which also comes
        from E(PALETTE_PROJECT) or E(PALETTE_PROJECT_UID)), otherwise every project the credentials can see.
      - Projects the credentials may not read (HTTP 403) are skipped with a warning when they were selected by
        a pattern or by default, and are an error when named.
      - Clusters in tenant scope (outside every project) are not listed.
    type: list
    elements: str
    default: []
  cluster_names:
    description:
      - Only clusters whose name matches one of these shell-style patterns (case-sensitive).
      - Exact names, C(prefix*) and C(*part*) are sent to the server as C(clusterName) filters; when any
        pattern has another form, names are only checked by the plugin.
    type: list
    elements: str
    default: []
  tags:
    description:
      - Only clusters that carry B(every) one of these tags, written as in Palette - C(key:value), or C(key)
        for a tag without a value (stored by Palette as the label C(key=spectro__tag)). Exact match.
      - Sent to the server as C(tags) filters.
    type: list
    elements: str
    default: []
  states:
    description:
      - Only clusters in one of these states (C(status.state), exact match), for example V(Running).
      - Sent to the server as a C(clusterState) filter.
    type: list
    elements: str
    default: []
  include_deleted:
    description:
      - Also list deleted clusters. By default the search asks for C(isDeleted=false) and clusters in state
        C(Deleted) are left out.
    type: bool
    default: false
  include_virtual:
    description:
      - Also list virtual clusters (search C(environment) V(nested)), which are left out by default.
    type: bool
    default: false
  pack_details:
    description:
      - Where the pack lists of V(palette_profiles) come from when the search summary does not carry them.
      - V(auto) - from the attached profile version (C(GET /v1/clusterprofiles/{uid}), once per profile) for
        clusters without a pending update that are not applying one (state C(Updating)), as what they run is
        that version's published content, since Palette flags "Updates Available" whenever the two differ.
        From the cluster itself (C(GET /v1/spectroclusters/{uid}), concurrently) for the other clusters,
        which may run something else.
      - V(cluster) - from C(GET /v1/spectroclusters/{uid}) for every cluster (one more request per cluster).
      - V(none) - no pack lists (C(packs) is empty); only the searches and the profile metadata are read.
      - The requests run O(workers) at a time within the shared client-side rate limits.
    type: str
    choices: [auto, cluster, none]
    default: auto
  profile_packs:
    description:
      - Whether each entry of V(palette_profiles) carries its C(packs) list.
      - V(false) leaves C(packs) out; the entries keep C(name), C(uid), C(version) and C(type), and every other
        host variable and group stays the same. The pack lists are most of what the hosts carry, and without them
        ansible-core has about a third less to copy, tag and print (docs/inventory.md has the figures).
      - The records are read and cached in full either way, so the pack lists stay available on request, from the
        cache without an API call when O(cache) is on. To choose per run, leave the option out of the file and set
        E(PALETTE_INVENTORY_PROFILE_PACKS) (the file wins over the environment). A task can also read the packs of
        the clusters it needs with M(spectrocloud.palette.palette_cluster_info) and V(palette_cluster_uid).
    type: bool
    default: true
    env:
      - name: PALETTE_INVENTORY_PROFILE_PACKS
  workers:
    description:
      - How many API calls may run at once (project searches, profile and cluster reads). The shared
        client-side rate limiter keeps them within Palette's limits whatever this is.
    type: int
    default: 8
notes:
  - B(When the build fails) (credentials Palette rejects, an unknown project, a bad option), ansible-core only warns
    and goes on without these hosts, unless its setting C([inventory] unparsed_is_failed)
    (C(ANSIBLE_INVENTORY_UNPARSED_FAILED)) is true, or C(any_unparsed_is_failed)
    (C(ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED)) when the inventory has other sources as well. AWX sets the first
    for every inventory update, so there a failed build is a failed sync. The plugin cannot decide this itself,
    as ansible-core turns every error of an inventory plugin into a warning. O(strict) is a different thing (errors in
    O(compose), O(groups) and O(keyed_groups)).
  - B(Connection options in the file) that are strings (O(host), O(api_key), O(token), O(username), O(password), O(org),
    O(project_uid), O(project_name), O(ca_path)) may be templates, which the plugin renders, for example O(api_key) set
    to C("{{ lookup('ansible.builtin.env', 'FLEET_PALETTE_KEY') }}"). As for the modules, an environment variable
    that is set but empty counts as unset (AWX injects the empty fields of a credential too), and so does an option
    whose template renders an empty string.
  - B(Secrets.) Give O(api_key), O(token) or O(password) through the environment (E(PALETTE_API_KEY)) or an AWX
    credential, or as C(!vault) or a template in the file, never in clear text - ansible-core shows lines of the file when it
    cannot read it as YAML, whatever plugin it belongs to. A secret option whose value is not a string (a mapping,
    a list, a number) is refused with a message that names the option, never its value.
  - With O(cache) on and a fresh cache, the inventory is built without any API call. The cache holds only the
    cluster records (names, uids, states, tags, profiles and pack tags); no credential ever goes into it. Its
    key is the path of the configuration file, and it is thrown away when the host or a filter option changes.
  - Requests are rate limited on the controller per Palette endpoint prefix (10 per second for
    C(/v1/dashboard)), so a cold build of 5,000 clusters needs at least about 10 seconds.
seealso:
  - name: Inventory guide
    description: How to use this plugin for fleet rollouts (docs/inventory.md in the collection).
    link: https://github.com/spectrocloud/ansible-collection-palette/blob/main/docs/inventory.md
"""

EXAMPLES = r"""
# One inventory file per example (a single YAML document each).
#
# fleet.palette.yml - every cluster of two projects, credentials from PALETTE_HOST / PALETTE_API_KEY:
#
#   plugin: spectrocloud.palette.palette
#   projects:
#     - edge-prod
#     - edge-lab
#
# edge.palette.yml - running edge clusters of one project, cached for an hour, with extra groups, the API key taken
# from another environment variable:
plugin: spectrocloud.palette.palette
host: https://palette.example.com
api_key: "{{ lookup('ansible.builtin.env', 'EDGE_PALETTE_API_KEY') }}"
project_name: edge-prod
cluster_names: ['edge-*']
states: [Running]
tags: ['env:prod']
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/palette-inventory
cache_timeout: 3600
keyed_groups:
  - key: palette_labels.site | default('')
    prefix: site
groups:
  needs_core_upgrade: >-
    palette_profiles | selectattr('name', 'equalto', 'core')
    | rejectattr('version', 'equalto', '1.1.0') | list | length > 0
compose:
  site: palette_labels.site | default('')
# Then, for example, every cluster still on core 1.0.0 (with serial: 10 in the play):
#   ansible-playbook -i edge.palette.yml rollout.yml --limit palette_profile_core_v1_0_0
"""

import datetime
import fnmatch
import hashlib
import json
import os
import queue
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor

from ansible import constants as C
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.spectrocloud.palette.plugins.module_utils import inventory_hosts as ih
from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteApiError, PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.concurrency import run_concurrently
from ansible_collections.spectrocloud.palette.plugins.module_utils.connection import (
    CONNECTION_ENV,
    CONNECTION_OPTIONS,
    client_from_options,
)
from ansible_collections.spectrocloud.palette.plugins.plugin_utils import inventory_connection as ic

try:  # ansible-core 2.19+: strings are not templated unless trusted; only our own template is trusted
    from ansible.template import trust_as_template
    HAS_TRUST = True
except ImportError:  # older ansible-core: every string is a template unless marked unsafe
    trust_as_template = None
    HAS_TRUST = False

try:
    from ansible.utils.unsafe_proxy import wrap_var
except ImportError:  # pragma: no cover - a future ansible-core without it has trust_as_template
    wrap_var = None

try:  # ansible-core 2.19+: a !vault value in the configuration file
    from ansible.parsing.vault import EncryptedString as VAULT_TYPE
except ImportError:  # older ansible-core
    from ansible.parsing.yaml.objects import AnsibleVaultEncryptedUnicode as VAULT_TYPE

CACHE_FORMAT = 2  # 2: each distinct profile entry stored once (inventory_hosts.compact_records)
CREDENTIAL_GROUP = ("api_key", "token", "username", "password")
PROJECT_GROUP = ("project_uid", "project_name")
# Options that decide which clusters are fetched and how (the cache is thrown away when one changes).
FETCH_OPTIONS = ("host", "project_uid", "project_name", "projects", "cluster_names", "tags", "states",
                 "include_deleted", "include_virtual", "pack_details")
FILTER_OPTIONS = ("projects", "cluster_names", "tags", "states")
# What a YAML value that is not a string is called in an error (never the value itself).
YAML_TYPE_NAMES = ((Mapping, "a mapping"), ((list, tuple, set, frozenset), "a list"), (bool, "a boolean"),
                   ((int, float), "a number"), ((datetime.date, datetime.datetime), "a date"))
# Variables of this plugin's own options where, as for the connection options, an empty value counts as unset.
ENV_ONLY_VARIABLES = ("PALETTE_INVENTORY_PROFILE_PACKS",)
UNPARSED_HINT = (
    "spectrocloud.palette.palette: ansible-core reports a failed inventory source as a warning and goes on without "
    "its hosts. To make it fail ansible-inventory and ansible-playbook instead, set [inventory] unparsed_is_failed "
    "(ANSIBLE_INVENTORY_UNPARSED_FAILED=true; AWX sets it for every inventory update), or any_unparsed_is_failed "
    "(ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true) when the inventory has other sources as well.")


def _api_data(value):
    """Data from the API: never a template (older ansible-core needs it marked unsafe)."""
    return value if HAS_TRUST else wrap_var(value)


def _own_template(value):
    return trust_as_template(value) if HAS_TRUST else value


def _failures_are_fatal():
    """Whether ansible-core fails the run when this source cannot be parsed (else it only warns)."""
    return bool(getattr(C, "INVENTORY_ANY_UNPARSED_IS_FAILED", False) or getattr(C, "INVENTORY_UNPARSED_IS_FAILED", False))


def _yaml_type_name(value):
    for types, name in YAML_TYPE_NAMES:
        if isinstance(value, types):
            return name
    return "a %s" % type(value).__name__


SEARCH_DONE = object()  # what a search thread hands over after its last summary
READ_DONE = object()  # what a profile or cluster read hands over when it ends
SCALARS = (str, bool, type(None))


def runs_published(record):
    """True when a cluster runs exactly the published content of its profile versions: no pending update and not
    applying one (Palette raises "Updates Available" whenever the two differ)."""
    return not record.get("update_pending") and record.get("state") not in ih.TRANSITION_STATES


class RecordReads(object):
    """The profile and cluster reads that complete the records (``pack_details`` auto and cluster).

    A read starts on ``pool`` as soon as the search brings a record that needs it and, when it ends, says so on
    ``events``: the thread that flattens the search pages then applies what it brought, starts the cluster read of
    a record the profile reads could not complete, and hands each completed record to ``ready`` (which turns it
    into host data), all while the later search pages are still being fetched at the dashboard's rate.

    The result is the same as reading everything after the search: a record gets its profile reads first, then its
    cluster read if it still lacks a pack list; a record that could take a version from a read another cluster's
    profile needed (:func:`inventory_hosts.own_reads_suffice`) is left for :meth:`finish`, which does it the way it
    was always done. Failures are raised by :meth:`finish` only, for the records finally listed, in the same order
    as before (a project skipped later on 403 does not turn its reads into errors).
    """

    def __init__(self, plugin, pool, events, ready):
        self.plugin = plugin
        self.pool = pool
        self.events = events
        self.ready = ready
        self.mode = plugin.get_option("pack_details")
        self.outstanding = 0
        self.profiles = {}     # profile uid -> future of (packs, version, calls)
        self.waiters = {}      # profile uid -> records waiting for its read
        self.clusters = {}     # id(record) -> future of the cluster
        self.plans = {}        # id(record) -> what the record needed when it arrived (see start)

    # -- while the search goes on (this thread only) --------------------------------------------------------------
    def start(self, record):
        """Start the reads ``record`` needs, or hand it over at once when it needs none."""
        plan = {"published": runs_published(record), "profile_uids": ih.profile_uids_to_read(record),
                "needs_packs": any(p.get("packs") is None for p in record["profiles"]), "early": True,
                "waiting": set(), "leftover": False}
        self.plans[id(record)] = plan
        # A cluster without a pending update that is not applying one runs exactly the published content of its
        # profile versions (Palette raises "Updates Available" whenever the two differ): its packs come from the
        # profile reads. Any other cluster may run something else and is read itself.
        if self.mode == "cluster" or (self.mode == "auto" and plan["needs_packs"] and not plan["published"]):
            self._read_cluster(record)
            return
        if self.mode != "auto" or not plan["needs_packs"]:
            self._maybe_ready(record)
            return
        plan["early"] = ih.own_reads_suffice(record)
        for uid in plan["profile_uids"]:
            if uid not in self.profiles:
                scopes = ih.unique([record.get("project_uid"), None])  # its project, then tenant scope
                for project_uid in scopes:
                    self.plugin._client(project_uid)  # clients are built in this thread only
                self.profiles[uid] = self._submit(uid, self.plugin._read_profile, uid, scopes)
                self.waiters[uid] = []
            if self.waiters.get(uid) is not None:  # None: its read has ended and been seen here
                self.waiters[uid].append(record)
                plan["waiting"].add(uid)
        if plan["early"] and not plan["waiting"]:
            self._profiles_read(record)

    def ended(self, key):
        """A read announced on ``events`` has ended: a profile uid, or ``("cluster", id(record), record)``."""
        self.outstanding -= 1
        if isinstance(key, tuple):
            record = key[2]
            cluster, error = self._outcome(self.clusters[key[1]])
            if error is None:
                ih.merge_details(record, cluster)
                self._maybe_ready(record)
            return
        for record in self.waiters.pop(key):
            plan = self.plans[id(record)]
            plan["waiting"].discard(key)
            if plan["early"] and not plan["waiting"]:
                self._profiles_read(record)
        self.waiters[key] = None

    def _profiles_read(self, record):
        plan = self.plans[id(record)]
        found = {}
        for uid in plan["profile_uids"]:
            result, error = self._outcome(self.profiles[uid])
            if error is not None:
                return  # finish() raises it if the record is listed
            found[uid] = result[:2]
        if ih.fill_from_profiles(record, found):
            self._maybe_ready(record)
        else:
            plan["leftover"] = True
            self._read_cluster(record)

    def _read_cluster(self, record):
        self.plugin._client(record.get("project_uid"))
        self.clusters[id(record)] = self._submit(("cluster", id(record), record), self.plugin._read_cluster, record)

    def _maybe_ready(self, record):
        if not ih.needs_details(record):
            self.ready(record)

    def _submit(self, key, fn, *args):
        def announce(dummy):
            self.events.put((None, READ_DONE, key))
        self.outstanding += 1
        future = self.pool.submit(fn, *args)
        future.add_done_callback(announce)
        return future

    @staticmethod
    def _outcome(future):
        try:
            return future.result(), None
        except Exception as exc:  # pylint: disable=broad-except
            return None, exc

    # -- after the search -------------------------------------------------------------------------------
    def finish(self, records):
        """Complete the listed ``records`` once every read has ended, raising the first failure."""
        if self.mode == "cluster":
            self._check_clusters(records)
            return
        if self.mode != "auto":
            return
        plans = [(r, self.plans[id(r)]) for r in records]
        from_profile = [(r, plan) for r, plan in plans if plan["needs_packs"] and plan["published"]]
        from_cluster = [r for r, plan in plans if plan["needs_packs"] and not plan["published"]]
        found = {}
        for uid in sorted(set(u for dummy, plan in from_profile for u in plan["profile_uids"])):
            result, error = self._outcome(self.profiles[uid])
            if error is not None:
                raise self.plugin._api_failure(error, "reading cluster profile %s" % uid)
            self.plugin.stats["profile_requests"] += result[2]
            found[uid] = result[:2]
        late = [r for r, plan in from_profile if not plan["early"] and not ih.fill_from_profiles(r, found)]
        for record in late:
            self.plans[id(record)]["leftover"] = True
        self._read_late_clusters(late)
        self._check_clusters(from_cluster + [r for r, plan in from_profile if plan["leftover"]])

    def _read_late_clusters(self, records):
        """The cluster reads of the records left for the end, concurrently."""
        for record in records:
            self.plugin._client(record.get("project_uid"))  # clients are built in this thread only
        results = run_concurrently(self.plugin._read_cluster, records, workers=self.plugin.get_option("workers"))
        for record, cluster, error in results:
            future = Future()
            if error is None:
                future.set_result(cluster)
                ih.merge_details(record, cluster)
            else:
                future.set_exception(error)
            self.clusters[id(record)] = future

    def _check_clusters(self, records):
        for record in records:
            self.plugin.stats["cluster_requests"] += 1
            dummy, error = self._outcome(self.clusters[id(record)])
            if error is None:
                continue
            if isinstance(error, PaletteApiError) and error.status == 404:
                continue  # deleted since the search: keep what the summary said
            raise self.plugin._api_failure(error, "reading cluster %r" % record.get("name"))

    def cancel(self):
        """Drop the reads that have not started (after a failure)."""
        for future in list(self.profiles.values()) + list(self.clusters.values()):
            future.cancel()


class StoredValues(object):
    """Sets host variables, handing ansible-core back its own stored copy of a value it has seen before.

    ansible-core 2.19+ walks every value given to ``set_variable``, copying each list and dict and tagging every
    node with the source it came from; that walk is most of the time of a large build. Most values repeat
    across hosts (states, projects, tags, the same profile versions), and a node it has already tagged is
    passed through without a new tag, so giving it its own stored copy back leaves the result the same and
    saves about a third of the CPU of a cached build of 5,000 clusters (its lists and dicts are still copied).
    A stored copy is only remembered when the variable was new on the host (else it may be a merge with what
    another source set) and never for the values that are unique per cluster.
    """

    UNIQUE = frozenset(("palette_cluster_uid", "palette_cluster_name"))

    def __init__(self, inventory):
        self.inventory = inventory
        self.known = {}

    @classmethod
    def keys(cls, hostvars):
        """What each variable's value is looked up by (None for the values unique per cluster)."""
        keys = {}
        for name, value in hostvars.items():
            if name in cls.UNIQUE:
                keys[name] = None
            elif isinstance(value, SCALARS):
                keys[name] = (name, type(value), value)
            else:
                keys[name] = (name, json.dumps(value, sort_keys=True))
        return keys

    def set_variables(self, host, hostvars, keys):
        entry = self.inventory.get_host(host)
        for name, value in hostvars.items():
            key = keys[name]
            if key is None:
                self.inventory.set_variable(host, name, value)
                continue
            known = self.known.get(key)
            if known is not None:
                self.inventory.set_variable(host, name, known)
                continue
            fresh = name not in entry.vars
            self.inventory.set_variable(host, name, value)
            if fresh:
                self.known[key] = entry.vars[name]


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """Palette clusters as inventory hosts (see DOCUMENTATION)."""

    NAME = "spectrocloud.palette.palette"

    def __init__(self):
        super(InventoryModule, self).__init__()
        self.stats = {}
        self._clients = {}
        self._config_path = None
        self._prepared = {}  # id(record) -> (record, its host data), made while the search went on
        self._from_env = {}  # the connection options taken from the environment (see set_options)

    def verify_file(self, path):
        if not super(InventoryModule, self).verify_file(path):
            return False
        return path.endswith(("palette.yml", "palette.yaml"))

    # -- entry point -----------------------------------------------------------------------------------
    def parse(self, inventory, loader, path, cache=True):
        try:
            self._build(inventory, loader, path, cache)
        except Exception:
            if not _failures_are_fatal():
                self.display.warning(UNPARSED_HINT)
            raise

    def _build(self, inventory, loader, path, cache):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._config_path = path
        self._prepared = {}
        config = self._read_config_data(path)
        self._check_config(config, path)

        started = time.time()
        fingerprint = self._fingerprint()
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache")
        records = None
        update_cache = False
        if use_cache:
            if cache:
                try:
                    cached = self._cache[cache_key]
                except KeyError:
                    update_cache = True
                else:
                    if isinstance(cached, dict) and cached.get("format") == CACHE_FORMAT \
                            and cached.get("fingerprint") == fingerprint:
                        records = ih.expand_records(cached)
                    update_cache = records is None
            else:
                update_cache = True  # --flush-cache: fetch again and store

        source = "cache"
        if records is None:
            records = self._fetch()
            source = "API (%s)" % ", ".join("%s %s" % (k, v) for k, v in sorted(self.stats.items()))
        fetched = time.time()
        if use_cache and update_cache:
            self._cache[cache_key] = dict(ih.compact_records(records), format=CACHE_FORMAT, fingerprint=fingerprint)
        self._populate(records)
        self._prepared = {}
        self.display.vv("spectrocloud.palette.palette: %d clusters from the %s in %.1f s, inventory built in %.1f s"
                        % (len(records), source, fetched - started, time.time() - fetched))

    # -- configuration -----------------------------------------------------------------------------------
    def set_options(self, task_keys=None, var_options=None, direct=None):
        """Checks the configuration file's keys first (ansible-core's own type check of an option prints its value),
        renders its templated connection options, and takes the others from the environment with the modules' rule
        (see plugin_utils/inventory_connection.py)."""
        self._from_env = {}
        if isinstance(direct, Mapping):
            path = to_native(self._config_path or "inventory source")
            self._check_keys(direct, path)
            self._check_secret_types(direct, path)
            direct = ic.template_options(self.templar, direct, path)
            self._check_secret_types(direct, path)  # a template may render a mapping or a list
            self._from_env = ic.from_environment(skip=ic.set_in_file(direct))
            self._check_env_booleans()
            direct = dict((k, v) for k, v in direct.items() if ic.option_of(k) not in self._from_env)
            direct.update(self._from_env)
        with ic.empty_variables_unset(ic.CONNECTION_VARIABLES + ENV_ONLY_VARIABLES):
            super(InventoryModule, self).set_options(task_keys=task_keys, var_options=var_options, direct=direct)

    def _check_env_booleans(self):
        """A boolean connection option from the environment must be true or false (ansible-core's conversion quietly
        turns any unknown word into false, which for validate_certs would turn the certificate check off)."""
        for name in sorted(ic.BOOL_OPTIONS & set(self._from_env)):
            try:
                boolean(self._from_env[name], strict=True)
            except TypeError:
                raise AnsibleParserError("option %s: its environment variable (%s) must be true or false, got %r"
                                         % (name, " or ".join(CONNECTION_ENV[name]), self._from_env[name]))

    def _check_keys(self, config, path):
        """Unknown keys are named, never their values (a misspelt api_key still holds a secret)."""
        known = set(["plugin"])
        for name, definition in (self.option_definitions or {}).items():
            known.add(name)
            known.update((definition or {}).get("aliases") or [])
        unknown = sorted(str(k) for k in config if k not in known)
        if unknown:
            raise AnsibleParserError(
                "%s: unknown option(s) %s for the spectrocloud.palette.palette inventory plugin; valid options are: %s"
                % (path, ", ".join(unknown), ", ".join(sorted(self.option_definitions))))

    def _check_secret_types(self, config, path):
        """A secret option must be a string (or !vault): the message names the option and the type, not the value."""
        for key, value in config.items():
            name = self._option_name(key)
            if name not in ic.SECRET_OPTIONS or value is None or isinstance(value, (str, VAULT_TYPE)):
                continue
            written = key if key == name else "%s (%s)" % (key, name)
            raise AnsibleParserError(
                "%s: option %s must be a string, got %s (its content is not shown, it is a secret). Write the secret "
                "as one quoted string or as !vault, or better leave it out of the file: the plugin reads it from "
                "the environment (PALETTE_%s) or from an AWX credential."
                % (path, written, _yaml_type_name(value), name.upper()))

    def _check_config(self, config, path):
        for key, value in config.items():
            definition = self._definition(key)
            if definition.get("type") in ("bool", "boolean") and value is not None:
                try:  # Ansible's own conversion quietly turns any unknown word into false
                    boolean(value, strict=True)
                except TypeError:
                    raise AnsibleParserError("%s: option %s must be true or false, got %r" % (to_native(path), key, value))
        for name, definition in (self.option_definitions or {}).items():
            if (definition or {}).get("type") not in ("bool", "boolean"):
                continue
            try:
                dummy, origin = self.get_option_and_origin(name)
            except (AttributeError, KeyError):
                continue
            origin = str(origin or "")
            if origin.startswith("env: ") and name not in ic.BOOL_OPTIONS:
                variable = origin[len("env: "):]
                if not os.environ.get(variable):
                    continue  # empty counts as unset (ansible-core 2.16 reports its origin again here)
                try:
                    boolean(os.environ.get(variable), strict=True)
                except TypeError:
                    raise AnsibleParserError("option %s: the environment variable %s must be true or false, got %r"
                                             % (name, variable, os.environ.get(variable)))
        for name in FILTER_OPTIONS:
            values = self.get_option(name) or []
            for value in values:
                if not isinstance(value, str) or not value.strip():
                    raise AnsibleParserError("%s: option %s must be a list of non-empty strings, got %r"
                                             % (to_native(path), name, value))
        if (self.get_option("workers") or 0) < 1:
            raise AnsibleParserError("%s: option workers must be 1 or more" % to_native(path))

    def _option_name(self, key):
        """The option a configuration key (a name or an alias) sets, or None."""
        definitions = self.option_definitions or {}
        if key in definitions:
            return key
        for name, definition in definitions.items():
            if key in ((definition or {}).get("aliases") or []):
                return name
        return None

    def _definition(self, key):
        """The option definition of a configuration key (a name or an alias), or {}."""
        return (self.option_definitions or {}).get(self._option_name(key)) or {}

    def _connection_options(self):
        """The connection options, with the environment's credentials (or project) dropped when the
        configuration file sets another member of that group itself (so a token in the file is not mixed with
        an exported PALETTE_API_KEY)."""
        values = dict((name, self.get_option(name)) for name in CONNECTION_OPTIONS)
        from_env = set(self._from_env)
        for group in (CREDENTIAL_GROUP, PROJECT_GROUP):
            if [n for n in group if not ic.unset(values.get(n)) and n not in from_env]:
                for name in group:
                    if name in from_env:
                        values[name] = None
        return values

    def _fingerprint(self):
        """What decides the cached records (no secret: credentials are left out)."""
        options = self._connection_options()
        data = {}
        for name in FETCH_OPTIONS:
            data[name] = options[name] if name in options else self.get_option(name)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode("utf-8")).hexdigest()

    # -- clients --------------------------------------------------------------------------------------
    def _client(self, project_uid=None, purpose=None):
        """One client per scope (None = tenant) and purpose. Each sends its own ProjectUid header."""
        key = (project_uid, purpose)
        if key not in self._clients:
            options = dict(self._connection_options())
            options["project_uid"] = project_uid
            options["project_name"] = None
            try:
                self._clients[key] = client_from_options(options, apply_env=False)
            except PaletteError as exc:
                raise AnsibleParserError("spectrocloud.palette.palette: %s" % to_native(exc))
        return self._clients[key]

    def _api_failure(self, exc, what):
        """An AnsibleParserError for a failed call: bad credentials named as such, never a secret."""
        status = getattr(exc, "status", None)
        if status == 401:
            return AnsibleParserError(
                "spectrocloud.palette.palette: Palette rejected the credentials while %s (%s). Check api_key "
                "(PALETTE_API_KEY), token (PALETTE_TOKEN) or username/password (PALETTE_USERNAME, "
                "PALETTE_PASSWORD), and host (%s)." % (what, to_native(exc), self.get_option("host")))
        return AnsibleParserError("spectrocloud.palette.palette: %s failed: %s" % (what, to_native(exc)))

    # -- fetching -------------------------------------------------------------------------------------
    def _fetch(self):
        self.stats = {"projects": 0, "search_requests": 0, "profile_requests": 0, "cluster_requests": 0}
        self._prepared = {}
        try:
            projects = self._select_projects()
            with ThreadPoolExecutor(max_workers=self.get_option("workers")) as pool:
                events = queue.Queue()
                reads = RecordReads(self, pool, events, self._prepare)
                try:
                    records = self._search_projects(projects, pool, events, reads)
                    reads.finish(records)
                    if self.get_option("pack_details") != "cluster":  # there the clusters give the versions
                        self._fill_versions(records, projects)
                finally:
                    reads.cancel()
        finally:
            for client in self._clients.values():
                for warning in client.warnings:
                    self.display.warning("spectrocloud.palette.palette: %s" % warning)
                client.close()
            self.stats["requests"] = sum(c.stats.get("requests", 0) for c in self._clients.values())
            self._clients = {}
        for record in records:
            ih.finish_record(record)
        ih.assign_host_names(records)
        records.sort(key=lambda r: (r["host"], r.get("uid") or ""))
        return records

    def _select_projects(self):
        """The projects to search, as ``[{"uid", "name", "explicit"}]`` sorted by name."""
        tenant = self._client(None)
        try:
            data = tenant.get(ih.PROJECTS_METADATA_PATH, tenant=True) or {}
        except PaletteError as exc:
            raise self._api_failure(exc, "listing the projects (GET %s)" % ih.PROJECTS_METADATA_PATH)
        visible = []
        for item in data.get("items") or []:
            meta = (item or {}).get("metadata") or {}
            if meta.get("uid"):
                visible.append({"uid": meta["uid"], "name": meta.get("name") or meta["uid"]})
        visible.sort(key=lambda p: (p["name"], p["uid"]))
        names = ", ".join(repr(p["name"]) for p in visible[:25]) + (", ..." if len(visible) > 25 else "")
        names = names or "none"

        options = self._connection_options()
        wanted = list(self.get_option("projects") or [])
        option = "projects"
        if not wanted:
            if options.get("project_uid"):
                wanted, option = [options["project_uid"]], "project_uid"
            elif options.get("project_name"):
                wanted, option = [options["project_name"]], "project_name"
            else:
                wanted, option = ["*"], None

        chosen = {}
        for entry in wanted:
            if any(c in entry for c in "*?["):
                matched = [p for p in visible if fnmatch.fnmatchcase(p["name"], entry)]
                if not matched and option:
                    self.display.warning("spectrocloud.palette.palette: %s pattern %r matches no project (projects "
                                         "visible to these credentials: %s)" % (option, entry, names))
                for project in matched:
                    chosen.setdefault(project["uid"], dict(project, explicit=False))
                continue
            matched = [p for p in visible if p["uid"] == entry] or [p for p in visible if p["name"] == entry]
            if not matched:
                raise AnsibleParserError(
                    "spectrocloud.palette.palette: option %s: project %r not found (exact name or uid); projects "
                    "visible to these credentials: %s" % (option, entry, names))
            if len(matched) > 1:
                raise AnsibleParserError(
                    "spectrocloud.palette.palette: option %s: project name %r is ambiguous (uids %s); use the uid"
                    % (option, entry, ", ".join(p["uid"] for p in matched)))
            chosen[matched[0]["uid"]] = dict(matched[0], explicit=True)
        projects = sorted(chosen.values(), key=lambda p: (p["name"], p["uid"]))
        self.stats["projects"] = len(projects)
        return projects

    def _filters(self):
        return {
            "name_patterns": self.get_option("cluster_names") or [],
            "states": self.get_option("states") or [],
            "tags": self.get_option("tags") or [],
            "include_deleted": bool(self.get_option("include_deleted")),
            "include_virtual": bool(self.get_option("include_virtual")),
        }

    def _search_projects(self, projects, pool, events, reads):
        """The records of every project's search, in project order.

        Each project is searched on a thread of ``pool`` that hands every summary over on ``events`` as its page
        arrives, so that this thread flattens them, ``reads`` starts (and applies) the profile and cluster reads
        they need, and the completed ones become host data, while the next pages are still being fetched within
        the rate limit. Returns once every search and every read has ended.
        """
        filters = self._filters()
        body, dummy = ih.build_search_filter(**filters)
        stop = threading.Event()

        def search(project, client):
            try:
                for summary in client.paginate("POST", ih.SEARCH_PATH, body=body, limit=ih.PAGE_LIMIT):
                    if stop.is_set():
                        break
                    events.put((project["uid"], summary, None))
            except Exception as exc:  # pylint: disable=broad-except
                events.put((project["uid"], SEARCH_DONE, exc))
            else:
                events.put((project["uid"], SEARCH_DONE, client.stats.get("requests", 0)))

        # clients are built here, in this thread, so that the threads share nothing but the rate limiter; each
        # search has a client of its own so that its request count is the search's alone
        clients = dict((p["uid"], self._client(p["uid"], purpose="search")) for p in projects)
        found = dict((p["uid"], []) for p in projects)
        outcome = {}
        by_uid = dict((p["uid"], p) for p in projects)
        for project in projects:
            pool.submit(search, project, clients[project["uid"]])
        records = [] if not projects else None
        try:
            while len(outcome) < len(projects) or reads.outstanding:
                project_uid, item, result = events.get()
                if item is READ_DONE:
                    reads.ended(result)
                elif item is SEARCH_DONE:
                    outcome[project_uid] = result
                    if len(outcome) == len(projects):
                        records = self._searched(projects, found, outcome)
                else:
                    record = ih.flatten_summary(item, project=by_uid[project_uid])
                    if ih.matches_filters(record, **filters):
                        found[project_uid].append(record)
                        reads.start(record)
        finally:
            stop.set()
        return records

    def _searched(self, projects, found, outcome):
        """The records of the projects whose search succeeded; a failed search raises, or is skipped with a warning
        on 403 when the project was not named."""
        records = []
        for project in projects:
            result = outcome[project["uid"]]
            if isinstance(result, Exception):
                error = result
                if isinstance(error, PaletteApiError) and error.status == 403 and not project["explicit"]:
                    self.display.warning("spectrocloud.palette.palette: skipping project %r: these credentials may "
                                         "not read it (%s)" % (project["name"], to_native(error)))
                    continue
                if isinstance(error, PaletteError):
                    raise self._api_failure(error, "searching the clusters of project %r" % project["name"])
                raise error
            self.stats["search_requests"] += result
            records.extend(found[project["uid"]])
        return records

    # -- completing the records --------------------------------------------------------------------------
    def _fill_versions(self, records, projects):
        """Profile versions from the profile metadata of each project (then tenant scope) where missing."""
        missing = {}
        for record in records:
            for profile in record["profiles"]:
                if profile.get("version") is None and profile.get("uid"):
                    missing.setdefault(record.get("project_uid"), set()).add(profile["uid"])
        if not missing:
            return
        versions = {}
        project_uids = [p["uid"] for p in projects if p["uid"] in missing]

        def metadata(project_uid):
            client = self._client(project_uid)
            data = client.get(ih.PROFILES_METADATA_PATH, tenant=project_uid is None) or {}
            return data.get("items") or []

        results = run_concurrently(metadata, project_uids, workers=self.get_option("workers"))
        for project_uid, items, error in results:
            if error is not None:
                raise self._api_failure(error, "reading the profile versions (GET %s)" % ih.PROFILES_METADATA_PATH)
            self.stats["profile_requests"] += 1
            for item in items:
                uid = ((item or {}).get("metadata") or {}).get("uid")
                version = ((item or {}).get("spec") or {}).get("version")
                if uid:
                    versions[uid] = version
        unresolved = set(u for uids in missing.values() for u in uids if u not in versions)
        if unresolved:
            try:
                items = self._client(None).get(ih.PROFILES_METADATA_PATH, tenant=True) or {}
            except PaletteError as exc:
                raise self._api_failure(exc, "reading the tenant profile versions (GET %s)" % ih.PROFILES_METADATA_PATH)
            self.stats["profile_requests"] += 1
            for item in items.get("items") or []:
                uid = ((item or {}).get("metadata") or {}).get("uid")
                if uid and uid not in versions:
                    versions[uid] = ((item or {}).get("spec") or {}).get("version")
        for record in records:
            for profile in record["profiles"]:
                if profile.get("version") is None and versions.get(profile.get("uid")):
                    profile["version"] = str(versions[profile["uid"]])

    def _read_profile(self, uid, scopes):
        """``(packs, version, calls)`` of a profile version, tried in each scope in turn (on 403/404 the next);
        packs are None when it could not be read or is not published."""
        calls = 0
        for project_uid in scopes:
            calls += 1
            try:
                profile = self._client(project_uid).get(ih.PROFILE_PATH % uid, tenant=project_uid is None) or {}
            except PaletteApiError as exc:
                if exc.status in (403, 404):
                    continue
                raise
            spec = profile.get("spec") or {}
            published = spec.get("published") or {}
            version = spec.get("version") or published.get("profileVersion")
            if published.get("packs") is None:
                return None, version, calls
            return [ih.flatten_pack(p) for p in published.get("packs") or []], version, calls
        return None, None, calls

    def _read_cluster(self, record):
        """``GET /v1/spectroclusters/{uid}`` of a record (on a thread of the pool)."""
        client = self._client(record.get("project_uid"))
        return client.get(ih.CLUSTER_PATH % record["uid"], tenant=record.get("project_uid") is None)

    # -- inventory ------------------------------------------------------------------------------------
    def _host_vars(self, record):
        if self.get_option("profile_packs"):
            profiles = [dict(p) for p in record.get("profiles") or []]
        else:
            profiles = [dict((k, v) for k, v in p.items() if k != "packs") for p in record.get("profiles") or []]
        data = {
            "palette_cluster_uid": record.get("uid"),
            "palette_cluster_name": record.get("name"),
            "palette_project_uid": record.get("project_uid"),
            "palette_project_name": record.get("project_name"),
            "palette_cloud_type": record.get("cloud_type"),
            "palette_state": record.get("state"),
            "palette_health": record.get("health"),
            "palette_tags": list(record.get("tags") or []),
            "palette_labels": dict(record.get("labels") or {}),
            "palette_update_pending": bool(record.get("update_pending")),
            "palette_virtual": bool(record.get("virtual")),
            "palette_deleted": bool(record.get("deleted")),
            "palette_profiles": profiles,
        }
        hostvars = dict((k, _api_data(v)) for k, v in data.items())
        hostvars["ansible_connection"] = _own_template("local")
        hostvars["ansible_python_interpreter"] = _own_template("{{ ansible_playbook_python }}")
        return hostvars

    def _host_data(self, record):
        """What a record gives its host: its variables, the keys StoredValues looks them up by, its groups."""
        hostvars = self._host_vars(record)
        return hostvars, StoredValues.keys(hostvars), ih.group_names(record)

    def _prepare(self, record):
        """The host data of a complete record, made while the search is still going on (see RecordReads)."""
        self._prepared[id(record)] = (record, self._host_data(record))

    def _populate(self, records):
        strict = self.get_option("strict")
        compose = self.get_option("compose")
        groups = self.get_option("groups")
        keyed_groups = self.get_option("keyed_groups")
        self.inventory.add_group("palette")
        stored = StoredValues(self.inventory)
        prepared = self._prepared
        for record in records:
            host = self.inventory.add_host(_api_data(record["host"]))
            made = prepared.get(id(record))
            hostvars, keys, host_groups = made[1] if made and made[0] is record else self._host_data(record)
            stored.set_variables(host, hostvars, keys)
            for group in host_groups:
                group = self.inventory.add_group(group)
                self.inventory.add_child(group, host)
            try:
                self._set_composite_vars(compose, hostvars, host, strict=strict)
                self._add_host_to_composed_groups(groups, hostvars, host, strict=strict)
                self._add_host_to_keyed_groups(keyed_groups, hostvars, host, strict=strict)
            except AnsibleError:
                raise
            except Exception as exc:  # pylint: disable=broad-except
                raise AnsibleParserError("spectrocloud.palette.palette: host %s: %s" % (host, to_native(exc)))
