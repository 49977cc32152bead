"""Scenario 4: the inventory plugin on a generated fleet, rate limits on.

The demo seed plus a generated fleet (``--clusters N`` over the generated ``fleet-*`` projects). Per repetition, on a
freshly reset emulator: a cold build (``ansible-inventory --list``, empty cache), then a cached build (the same
command, the cache the cold build wrote) and the plugin's own parse time in one process for both (the command's
start-up and JSON output left out, hacking/bench/inventory_parse.py).

The floor of a cached build is the same inventory from a static YAML file (no plugin at all): the hosts, groups and
host variables the first cold build printed are written as one (``static_inventory``) and timed the same two ways.
"""

import json
import math
import os

import yaml

from palette_emulator.testing import EmulatorProcess

import common


def write_config(ws, url, cache_dir):
    path = ws.path("bench.palette.yml")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"plugin": "spectrocloud.palette.palette", "host": url, "api_key": common.ADMIN_API_KEY,
                   "projects": ["fleet-*"], "cache": True, "cache_plugin": "ansible.builtin.jsonfile",
                   "cache_connection": cache_dir, "cache_timeout": 3600}, handle)
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


def time_static(ws, runs, reps, listing):
    """The static YAML inventory written from ``listing`` (the first cold build's output) timed with
    ansible-inventory --list and in process; it must list the same inventory."""
    path = ws.path("static-inventory.yml")
    for dummy in range(reps):
        argv = [common.tool("ansible-inventory"), "-i", path, "--list", "--output", ws.path("static.json")]
        measured = common.run_measured(argv, ws.env())
        common.require_ok(measured, "ansible-inventory, static YAML")
        static = load_listing(ws.path("static.json"))
        if not same_inventory(static, listing):
            raise SystemExit("the static YAML inventory does not list what the plugin listed")
        hosts = len(static["_meta"]["hostvars"])
        runs["static YAML"].append((measured.wall, measured.cpu, hosts))
        measured = common.run_measured([common.sys.executable, os.path.join(common.BENCH, "inventory_parse.py"), path],
                                       ws.env())
        common.require_ok(measured, "in-process parse, static YAML")
        out = json.loads(measured.output.strip().splitlines()[-1])
        runs["static YAML, in process"].append((out["parse_seconds"], None, out["hosts"]))


def run(ws, report, clusters, reps):
    inventory = [common.tool("ansible-inventory")]
    parse = [common.sys.executable, os.path.join(common.BENCH, "inventory_parse.py")]
    runs = {"cold": [], "cached": [], "cold, in process": [], "cached, in process": [], "static YAML": [],
            "static YAML, in process": []}
    logs = {"cold": [], "cached": []}
    with EmulatorProcess(seed="demo", strict=True, rate_limits=True, extra_args=("--clusters", str(clusters)),
                         start_timeout=300) as emu:
        minimal, listed = minimal_requests(emu.state())
        for rep in range(reps):
            for mode in ("cli", "in process"):
                emu.reset()
                cache_dir = ws.path("cache-%d-%s" % (rep, mode.replace(" ", "-")))
                config = write_config(ws, emu.url, cache_dir)
                for kind in ("cold", "cached"):
                    emu.admin("DELETE", "/requests")
                    if mode == "cli":
                        argv = inventory + ["-i", config, "--list", "--output", ws.path("inventory.json")]
                        measured = common.run_measured(argv, ws.env())
                        common.require_ok(measured, "ansible-inventory, %s" % kind)
                        listing = load_listing(ws.path("inventory.json"))
                        hosts = len(listing["_meta"]["hostvars"])
                        if kind == "cold" and rep == 0:
                            first = listing
                            static_inventory(first, ws.path("static-inventory.yml"))
                        runs[kind].append((measured.wall, measured.cpu, hosts))
                        logs[kind].append(emu.requests())
                    else:
                        measured = common.run_measured(parse + [config], ws.env())
                        common.require_ok(measured, "in-process parse, %s" % kind)
                        out = json.loads(measured.output.strip().splitlines()[-1])
                        runs[kind + ", in process"].append((out["parse_seconds"], None, out["hosts"]))
                if not os.listdir(cache_dir):
                    raise SystemExit("the cold build wrote no cache in %s" % cache_dir)
    # a static file takes about ten times as long as a cached build: fewer runs, the verdict does not hinge on noise
    time_static(ws, runs, min(reps, 2), first)

    cmd = "%s --scenario 4 --inventory-clusters %d" % (report.command, clusters)
    floor, floor_sum, _per = common.rate_floor(minimal)
    report.row(4, "API floor: %d clusters listed" % listed, "%d requests" % len(minimal),
               "rate floor %.1f s (buckets one after the other: %.1f s)" % (floor, floor_sum), cmd)
    medians = {}
    for kind, values in runs.items():
        walls = [v[0] for v in values]
        medians[kind] = common.median(walls)
        hosts = sorted(set(v[2] for v in values))
        extra = "range %s s; %s hosts" % (common.spread(walls), "/".join(str(h) for h in hosts))
        if values[0][1] is not None:
            extra += "; CPU %.1f s" % common.median([v[1] for v in values])
        if kind.startswith("cold"):
            extra += "; %.2fx the floor" % (medians[kind] / floor)
        report.row(4, "%s build (median of %d)" % (kind, len(walls)), common.seconds(medians[kind]), extra, cmd)
    for kind in ("cold", "cached"):
        counts = common.count(logs[kind][0])
        report.row(4, "%s build: requests" % kind, "%d (%d HTTP 429)" % (
            counts["total"], max(common.count(log)["429"] for log in logs[kind])),
            "their own rate floor %.1f s" % common.rate_floor(logs[kind][0])[0], cmd)
    report.detail(4, "cold build, requests per endpoint: %s" % ", ".join(
        "%s x%d" % (k, v) for k, v in sorted(common.endpoints(logs["cold"][0]).items())))
    report.detail(4, "command: ansible-inventory -i <tmp>/bench.palette.yml --list (config: projects fleet-*, "
                  "jsonfile cache); in process: python hacking/bench/inventory_parse.py <tmp>/bench.palette.yml")
    report.goal(4, "cold build within 1.3x the rate floor", medians["cold"] <= 1.3 * floor,
                "%.2fx (%.1f s against %.1f s; plugin alone in process %.2fx)" % (
                    medians["cold"] / floor, medians["cold"], floor, medians["cold, in process"] / floor))
    report.goal(4, "cached build under one second", medians["cached"] < 1.0,
                "ansible-inventory --list %.2f s; the plugin's parse in process %.2f s" % (
                    medians["cached"], medians["cached, in process"]))
    report.goal(4, "cached build within 1.2x a static YAML inventory of the same hosts, groups and hostvars",
                medians["cached"] <= 1.2 * medians["static YAML"],
                "ansible-inventory --list %.2fx (%.2f s against %.2f s); in process %.2fx (%.2f s against %.2f s)" % (
                    medians["cached"] / medians["static YAML"], medians["cached"], medians["static YAML"],
                    medians["cached, in process"] / medians["static YAML, in process"], medians["cached, in process"],
                    medians["static YAML, in process"]))
