"""POST /v1/dashboard/spectroclusters/search: the filter grammar of v1SearchFilterSummarySpec (REF §4).

A filter is compiled once per request into a Python predicate and run over the clusters of the request's scope,
so 10,000 clusters stay well under 50 ms per page. Only the page's items are turned into JSON.
"""

import operator

from palette_emulator import views
from palette_emulator.errors import bad_request
from palette_emulator.pagination import paginate

# Property name -> (type, getter). Names from the official clients (REF §4); the two clusterProfile* ones are
# this emulator's choice (the spec leaves property names to GET .../search/schema) and are listed there.
PROPERTIES = {
    "clusterName": ("string", lambda c: c.name),
    "environment": ("string", lambda c: c.search_env),
    "isDeleted": ("bool", lambda c: c.deleted),
    "clusterState": ("string", lambda c: c.state),
    "state": ("string", lambda c: c.state),
    "healthState": ("string", lambda c: c.health),
    "architecture": ("string", lambda c: c.architecture),
    "tags": ("list", lambda c: c.search_tags),   # tag_search: bare reads c.search_tags_bare (bound in _item_predicate)
    "clusterProfileUid": ("list", lambda c: [a["uid"] for a in c.attached]),
    "clusterProfileName": ("list", None),   # needs the store; bound in compile_filter
}

SORTS = {
    "clusterName": lambda c: c.search_name,
    "environment": lambda c: c.search_env,
    "clusterState": lambda c: c.state,
    "healthState": lambda c: c.health,
    "creationTimestamp": lambda c: c.created,
    "lastModifiedTimestamp": lambda c: c.modified,
}


def schema():
    """GET /v1/dashboard/spectroclusters/search/schema body: the properties this search understands."""
    display = {"clusterName": "Cluster Name", "environment": "Environment", "isDeleted": "Deleted",
               "clusterState": "Cluster State", "state": "State", "healthState": "Health", "architecture": "Architecture",
               "tags": "Tags", "clusterProfileUid": "Cluster Profile UID", "clusterProfileName": "Cluster Profile Name"}
    props = []
    for name, (ptype, _getter) in PROPERTIES.items():
        kind = "string" if ptype == "list" else ptype
        props.append({"name": name, "displayName": display[name], "type": kind, "hideDisplay": False, "isDeprecated": False})
    return {"schema": {"properties": props}}


def _lower(text):
    return str(text).lower()


# operator -> test(text, wanted value)
_STRING_OPS = {"eq": operator.eq, "contains": operator.contains, "beginsWith": str.startswith}


def _string_matcher(cond, where, is_list=False):
    """A test for one string condition; specialised closures keep 10,000-cluster searches fast."""
    op = cond.get("operator") or "eq"
    if op not in ("eq", "contains", "beginsWith"):
        raise bad_request(f"{where}.condition.string.operator '{op}' must be eq, contains or beginsWith")
    ignore = bool(cond.get("ignoreCase"))
    match = cond.get("match") or {}
    values = [str(v) for v in match.get("values") or []]
    if ignore:
        values = [v.lower() for v in values]
    if not values:
        return lambda value: True
    conj = match.get("conjunction") or "or"
    fold = _lower if ignore else str
    one = _STRING_OPS[op]
    if not is_list and conj == "or":
        if op == "eq":
            wanted = set(values)
            return lambda value: fold(value) in wanted
        return lambda value: any(one(fold(value), want) for want in values)
    if is_list and conj == "or" and op == "eq":
        wanted = set(values)
        if ignore:
            return lambda value: any(str(i).lower() in wanted for i in value)
        return lambda value: not wanted.isdisjoint(value)

    def test(value):
        items = [fold(i) for i in (value if isinstance(value, list) else [value])]
        hits = (any(one(i, want) for i in items) for want in values)
        return all(hits) if conj == "and" else any(hits)
    return test


def _keyvalue_matcher(cond, where):
    key = cond.get("key")
    if not key:
        raise bad_request(f"{where}.condition.keyValue.key is required")
    inner = _string_matcher({k: v for k, v in cond.items() if k != "key"}, where, is_list=False)
    ignore = bool(cond.get("ignoreCase"))

    def test(labels):
        for k, v in labels.items():
            if (k.lower() == key.lower()) if ignore else (k == key):
                return inner(v)
        return False
    return test


def _profile_names(store):
    """Getter for clusterProfileName: the names of a cluster's attached profiles."""
    def names(cluster):
        return [store.profiles[a["uid"]].name for a in cluster.attached if a["uid"] in store.profiles]
    return names


def _bare_tags(cluster):
    """Labels with a bare tag as ``key`` rather than the stored ``key:spectro__tag`` (tag_search: bare)."""
    return cluster.search_tags_bare


def _item_predicate(store, item, where, tag_search="stored"):
    prop = item.get("property")
    if prop not in PROPERTIES:
        raise bad_request(f"{where}.property '{prop}' is not a searchable property (see GET /v1/dashboard/spectroclusters/search/schema)",
                          code="InvalidFilter")
    getter = PROPERTIES[prop][1]
    if prop == "clusterProfileName":
        getter = _profile_names(store)
    elif prop == "tags" and tag_search == "bare":
        getter = _bare_tags
    cond = item.get("condition") or {}
    if cond.get("bool") is not None:
        want = bool(cond["bool"].get("value"))
        return lambda c: bool(getter(c)) == want
    if cond.get("keyValue") is not None:
        if prop != "tags":
            raise bad_request(f"{where}: keyValue conditions apply to the tags property only")
        inner = _keyvalue_matcher(cond["keyValue"], where)
        neg = bool(cond["keyValue"].get("negation"))
        return lambda c: inner(c.labels) != neg
    if cond.get("string") is not None:
        inner = _string_matcher(cond["string"], where, is_list=PROPERTIES[prop][0] == "list")
        neg = bool(cond["string"].get("negation"))
        return lambda c: inner(getter(c)) != neg
    raise bad_request(f"{where}.condition needs a string, bool or keyValue condition for property '{prop}'", code="InvalidFilter")


# Scalar string properties and the cluster attribute holding each (search_env/search_name are precomputed).
_SCALAR_ATTRS = {"clusterName": "name", "environment": "search_env", "clusterState": "state", "state": "state",
                 "healthState": "health", "architecture": "architecture"}


class _Compiler:
    """Turns a v1SearchFilterSpec into one generated list comprehension.

    User values never become code: they are bound as constants (K0, K1, ...) in the namespace the expression is
    evaluated in. Conditions with no simple expression fall back to closures (F0, F1, ...).
    """

    def __init__(self, store, tag_search):
        self.store = store
        self.tag_search = tag_search
        self.ns = {}

    def const(self, value):
        name = f"K{len(self.ns)}"
        self.ns[name] = value
        return name

    def item(self, item, where):
        prop = item.get("property")
        if prop not in PROPERTIES:
            raise bad_request(f"{where}.property '{prop}' is not a searchable property (see GET /v1/dashboard/spectroclusters/search/schema)",
                              code="InvalidFilter")
        cond = item.get("condition") or {}
        string = cond.get("string")
        if prop == "isDeleted" and cond.get("bool") is not None:
            return "c.deleted" if cond["bool"].get("value") else "(not c.deleted)"
        if prop in _SCALAR_ATTRS and string is not None:
            expr = self._scalar(string, prop, where)
            return f"(not {expr})" if string.get("negation") else expr
        return self.const(_item_predicate(self.store, item, where, self.tag_search)) + "(c)"

    def _scalar(self, cond, prop, where):
        op = cond.get("operator") or "eq"
        if op not in ("eq", "contains", "beginsWith"):
            raise bad_request(f"{where}.condition.string.operator '{op}' must be eq, contains or beginsWith")
        ignore = bool(cond.get("ignoreCase"))
        match = cond.get("match") or {}
        values = [str(v).lower() if ignore else str(v) for v in match.get("values") or []]
        if not values:
            return "True"
        attr = _SCALAR_ATTRS[prop]
        if ignore:
            value = "c.search_name" if prop == "clusterName" else f"c.{attr}.lower()"
        else:
            value = f"c.{attr}"
        if (match.get("conjunction") or "or") == "and":
            joiner = " and "
        else:
            joiner = " or "
            if op == "eq":
                return f"({value} in {self.const(frozenset(values))})"
            if op == "beginsWith":
                return f"{value}.startswith({self.const(tuple(values))})"
        if op == "eq":
            parts = [f"{value} == {self.const(v)}" for v in values]
        elif op == "contains":
            parts = [f"{self.const(v)} in {value}" for v in values]
        else:
            parts = [f"{value}.startswith({self.const(v)})" for v in values]
        return "(" + joiner.join(parts) + ")"


def compile_filter(store, flt, tag_search="stored"):
    """A function pool -> matching clusters for a v1SearchFilterSpec (None = match everything).

    ``tag_search`` (the switch): a bare tag matches a ``tags`` string condition as ``key:spectro__tag`` (stored)
    or as ``key`` (bare).
    """
    if not flt:
        return None
    comp = _Compiler(store, tag_search)
    groups = []
    for g, group in enumerate(flt.get("filterGroups") or []):
        exprs = [comp.item(item, f"filter.filterGroups[{g}].filters[{i}]") for i, item in enumerate(group.get("filters") or [])]
        if exprs:
            joiner = " or " if (group.get("conjunction") or "and") == "or" else " and "
            groups.append("(" + joiner.join(exprs) + ")")
    if not groups:
        return None
    joiner = " or " if (flt.get("conjunction") or "and") == "or" else " and "
    code = f"lambda pool: [c for c in pool if {joiner.join(groups)}]"
    namespace = dict(comp.ns, __builtins__={})   # globals: the lambda and its comprehension look names up there
    return eval(code, namespace)  # pylint: disable=eval-used  # user values are bound constants, never code


def search_clusters(ctx):
    """POST /v1/dashboard/spectroclusters/search."""
    body = ctx.body or {}
    store = ctx.store
    select = compile_filter(store, body.get("filter"), ctx.emu.config.tag_search)
    pool = store.by_scope.get(ctx.project_uid, [])
    found = select(pool) if select else pool      # the pool is kept in name order (Store.finalize)
    sorts = body.get("sort") or []
    if sorts:
        found = list(found)
    for spec in reversed(sorts):
        field = spec.get("field")
        keyfn = SORTS.get(field)
        if keyfn is None:
            raise bad_request(f"sort field '{field}' is not supported (use {', '.join(SORTS)})")
        found.sort(key=keyfn, reverse=spec.get("order") == "desc")
    page, listmeta = paginate(found, ctx.query)
    return 200, {"items": [views.cluster_summary(store, c, c.notification) for c in page], "listmeta": listmeta}


def search_schema(_ctx):
    """GET /v1/dashboard/spectroclusters/search/schema."""
    return 200, schema()
