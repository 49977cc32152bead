"""Scenario 4: the inventory plugin on a generated fleet, rate limits on.

The demo seed plus a generated fleet (``--clusters N`` over the generated ``fleet-*`` projects). Per repetition, side
by side, each on a freshly reset emulator: a cold build (empty cache) then a cached build (the cache the cold build
wrote), three ways - ``ansible-inventory --list``; the plugin's own parse in one process (the command's start-up and
JSON output left out, hacking/bench/inventory_parse.py); and ``ansible-inventory --list`` with ``profile_packs:
false`` (the lean host variables, checked to differ from the full ones by the pack lists only).

The floor of a cached build is the same inventory from a static YAML file (no plugin at all): the hosts, groups and
host variables the first cold build printed are written as one (``static_inventory``) and timed the same two ways, in
the first repetitions (it takes several times as long as everything else).
"""

import json
import math
import os

import yaml

from palette_emulator.testing import EmulatorProcess

import common

# The sides of each repetition: (name, how it is run, extra configuration).
SIDES = (("--list", "cli", {}), ("in process", "in process", {}),
         ("--list, profile_packs: false", "cli", {"profile_packs": False}))
STATIC_REPS = 2  # a static file takes minutes to parse: fewer runs, the verdict does not hinge on noise
COLD_GOAL = 1.3  # issue #17: a cold build within 1.3x the rate floor
STATIC_GOAL = 1.2  # issue #17: a cached build within 1.2x a static YAML inventory of the same hosts


def write_config(ws, url, cache_dir, extra):
    path = ws.path("bench.palette.yml")
    config = {"plugin": "spectrocloud.palette.palette", "host": url, "api_key": common.ADMIN_API_KEY,
              "projects": ["fleet-*"], "cache": True, "cache_plugin": "ansible.builtin.jsonfile",
              "cache_connection": cache_dir, "cache_timeout": 3600}
    config.update(extra)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(config, handle)
    return path


def minimal_requests(state):
    """The fewest requests for the inventory: the project list, ceil(clusters / 50) searches per project (50 is the
    page size), and one read per distinct profile version the listed clusters run (for their pack tags)."""
    fleet = dict((p["uid"], p["name"]) for p in state["projects"] if p["name"].startswith("fleet-"))
    listed = dict((uid, 0) for uid in fleet)
    profiles = set()
    for cluster in state["clusters"]:
        if cluster["project_uid"] in listed and not cluster["deleted"] and not cluster["virtual"]:
            listed[cluster["project_uid"]] += 1
            profiles.update(a["uid"] for a in cluster["attached"])
    requests = [{"method": "GET", "path": "/v1/dashboard/projects/metadata"}]
    for number in listed.values():
        requests += [{"method": "POST", "path": "/v1/dashboard/spectroclusters/search"}] * int(math.ceil(number / 50.0))
    requests += [{"method": "GET", "path": "/v1/clusterprofiles/%s" % uid} for uid in sorted(profiles)]
    return requests, sum(listed.values())


def load_listing(path):
    """An ``ansible-inventory --list`` output, its strings without the ``{"__ansible_unsafe": ...}`` marks (2.19+)."""
    def unmark(mapping):
        return mapping["__ansible_unsafe"] if set(mapping) == {"__ansible_unsafe"} else mapping
    with open(path, encoding="utf-8") as handle:
        return json.load(handle, object_hook=unmark)


def same_inventory(one, other):
    """True when two ``--list`` outputs hold the same hosts, host variables and group members."""
    def shape(listing):
        groups = dict((name, sorted(value.get("hosts") or [])) for name, value in listing.items()
                      if name != "_meta" and isinstance(value, dict) and value.get("hosts"))
        return listing["_meta"]["hostvars"], groups
    return shape(one) == shape(other)


def static_inventory(listing, path):
    """Write the ``ansible-inventory --list`` output ``listing`` as a static YAML inventory: every host with its
    variables under ``all.hosts``, every group with its hosts under ``all.children``. ``listing`` comes from
    ``load_listing``: the strings the plugin marked as not templates are written as plain strings (ansible-core's
    ``!unsafe`` tag turns a quoted "1" into the number 1), which leaves the same values."""
    children = {}
    for group in listing["all"].get("children") or []:
        hosts = (listing.get(group) or {}).get("hosts") or []
        if hosts:
            children[group] = {"hosts": dict((host, None) for host in hosts)}
    hostvars = listing["_meta"]["hostvars"]
    document = {"all": {"hosts": hostvars, "children": children}}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with open(path, "w", encoding="utf-8") as handle:
        yaml.dump(document, handle, Dumper=dumper, default_flow_style=False, sort_keys=False)
    return len(hostvars)


def without_packs(listing):
    """A ``--list`` output with the pack lists taken out of ``palette_profiles`` (what ``profile_packs: false`` gives)."""
    lean = dict(listing)
    lean["_meta"] = {"hostvars": dict(
        (host, dict(hostvars, palette_profiles=[dict((k, v) for k, v in p.items() if k != "packs")
                                                for p in hostvars["palette_profiles"]]))
        for host, hostvars in listing["_meta"]["hostvars"].items())}
    return lean


def time_static(ws, runs, listing):
    """The static YAML inventory written from ``listing`` (the first cold build's output) timed with
    ansible-inventory --list and in process; it must list the same inventory."""
    path = ws.path("static-inventory.yml")
    argv = [common.tool("ansible-inventory"), "-i", path, "--list", "--output", ws.path("static.json")]
    measured = common.run_measured(argv, ws.env())
    common.require_ok(measured, "ansible-inventory, static YAML")
    static = load_listing(ws.path("static.json"))
    if not same_inventory(static, listing):
        raise SystemExit("the static YAML inventory does not list what the plugin listed")
    runs[("static YAML", "--list")].append((measured.wall, measured.cpu, len(static["_meta"]["hostvars"])))
    parse_static = [common.sys.executable, os.path.join(common.BENCH, "inventory_parse.py"), path]
    measured = common.run_measured(parse_static, ws.env())
    common.require_ok(measured, "in-process parse, static YAML")
    out = json.loads(measured.output.strip().splitlines()[-1])
    runs[("static YAML", "in process")].append((out["parse_seconds"], out["parse_cpu_seconds"], out["hosts"]))


def build(ws, emu, runs, logs, side, kind, config):
    """One build of one side; returns its ``--list`` output (None in process)."""
    name, how, dummy = side
    emu.admin("DELETE", "/requests")
    if how == "in process":
        measured = common.run_measured([common.sys.executable, os.path.join(common.BENCH, "inventory_parse.py"),
                                        config], ws.env())
        common.require_ok(measured, "in-process parse, %s" % kind)
        out = json.loads(measured.output.strip().splitlines()[-1])
        runs[(kind, name)].append((out["parse_seconds"], out["parse_cpu_seconds"], out["hosts"]))
        return None
    argv = [common.tool("ansible-inventory"), "-i", config, "--list", "--output", ws.path("inventory.json")]
    measured = common.run_measured(argv, ws.env())
    common.require_ok(measured, "ansible-inventory %s, %s" % (name, kind))
    listing = load_listing(ws.path("inventory.json"))
    runs[(kind, name)].append((measured.wall, measured.cpu, len(listing["_meta"]["hostvars"])))
    logs.setdefault((kind, name), []).append(emu.requests())
    return listing


def run(ws, report, clusters, reps):
    runs = dict(((kind, side[0]), []) for kind in ("cold", "cached") for side in SIDES)
    runs.update({("static YAML", "--list"): [], ("static YAML", "in process"): []})
    logs = {}
    first = None
    with EmulatorProcess(seed="demo", strict=True, rate_limits=True, extra_args=("--clusters", str(clusters)),
                         start_timeout=300) as emu:
        minimal, listed = minimal_requests(emu.state())
        for rep in range(reps):
            for number, side in enumerate(SIDES):
                emu.reset()
                cache_dir = ws.path("cache-%d-%d" % (rep, number))
                config = write_config(ws, emu.url, cache_dir, side[2])
                for kind in ("cold", "cached"):
                    listing = build(ws, emu, runs, logs, side, kind, config)
                    if listing is None:
                        continue
                    if first is None:
                        first = listing
                        static_inventory(first, ws.path("static-inventory.yml"))
                    expected = without_packs(first) if side[2].get("profile_packs") is False else first
                    if not same_inventory(listing, expected):
                        raise SystemExit("%s, %s build: not the inventory of the first cold build" % (side[0], kind))
                if not os.listdir(cache_dir):
                    raise SystemExit("the cold build wrote no cache in %s" % cache_dir)
            if rep < STATIC_REPS:
                time_static(ws, runs, first)
    report_figures(report, clusters, runs, logs, minimal, listed)


def report_figures(report, clusters, runs, logs, minimal, listed):
    cmd = "%s --scenario 4 --inventory-clusters %d" % (report.command, clusters)
    floor, floor_sum, _per = common.rate_floor(minimal)
    report.row(4, "API floor: %d clusters listed" % listed, "%d requests" % len(minimal),
               "rate floor %.1f s (buckets one after the other: %.1f s)" % (floor, floor_sum), cmd)
    medians = {}
    for (kind, name), values in runs.items():
        walls = [v[0] for v in values]
        medians[(kind, name)] = common.median(walls)
        hosts = sorted(set(v[2] for v in values))
        extra = "range %s s; %s hosts; CPU %.1f s" % (common.spread(walls), "/".join(str(h) for h in hosts),
                                                      common.median([v[1] for v in values]))
        if kind == "cold":
            extra += "; %.2fx the floor" % (medians[(kind, name)] / floor)
        report.row(4, "%s build, %s (median of %d)" % (kind, name, len(walls)), common.seconds(medians[(kind, name)]),
                   extra, cmd)
    for kind in ("cold", "cached"):
        log = logs[(kind, "--list")][0]
        counts = common.count(log)
        report.row(4, "%s build: requests" % kind, "%d (%d HTTP 429)" % (
            counts["total"], max(common.count(one)["429"] for one in logs[(kind, "--list")])),
            "their own rate floor %.1f s" % common.rate_floor(log)[0], cmd)
    report.detail(4, "cold build, requests per endpoint: %s" % ", ".join(
        "%s x%d" % (k, v) for k, v in sorted(common.endpoints(logs[("cold", "--list")][0]).items())))
    report.detail(4, "command: ansible-inventory -i <tmp>/bench.palette.yml --list (config: projects fleet-*, "
                  "jsonfile cache); in process: python hacking/bench/inventory_parse.py <tmp>/bench.palette.yml")
    cold = dict((name, medians[("cold", name)] / floor) for name in ("in process", "--list",
                                                                     "--list, profile_packs: false"))
    report.goal(4, "cold build, plugin alone (in process), within %.1fx the rate floor" % COLD_GOAL,
                cold["in process"] <= COLD_GOAL, "%.2fx (%.1f s against %.1f s)" % (
                    cold["in process"], medians[("cold", "in process")], floor))
    report.goal(4, "cold build, ansible-inventory --list, within %.1fx the rate floor" % COLD_GOAL,
                cold["--list"] <= COLD_GOAL, "%.2fx (%.1f s against %.1f s); with profile_packs: false %.2fx" % (
                    cold["--list"], medians[("cold", "--list")], floor, cold["--list, profile_packs: false"]))
    static = dict((name, medians[("static YAML", name)]) for name in ("--list", "in process"))
    cached = dict((name, medians[("cached", name)]) for name in ("--list", "in process", "--list, profile_packs: false"))
    report.goal(4, "cached build within %.1fx a static YAML inventory of the same hosts, groups and hostvars"
                % STATIC_GOAL, cached["--list"] <= STATIC_GOAL * static["--list"],
                "ansible-inventory --list %.2fx (%.2f s against %.2f s; profile_packs: false %.2f s); in process %.2fx "
                "(%.2f s against %.2f s)" % (cached["--list"] / static["--list"], cached["--list"], static["--list"],
                                             cached["--list, profile_packs: false"],
                                             cached["in process"] / static["in process"], cached["in process"],
                                             static["in process"]))
    report.goal(4, "cached build under one second", cached["--list"] < 1.0,
                "ansible-inventory --list %.2f s; the plugin's parse in process %.2f s" % (
                    cached["--list"], cached["in process"]))
