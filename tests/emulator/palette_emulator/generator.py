"""Large generated fleets (``--clusters N`` or the seed's ``generate:`` key).

Adds projects, profile versions and clusters to a seed document before it is loaded, so a generated fleet goes
through exactly the same validation as a hand-written seed. Uids are derived from names, so the same settings
always give the same uids (tests can rely on them across restarts).
"""

from palette_emulator.errors import SeedError
from palette_emulator.ids import derived_uid

GEN_KEYS = {"clusters", "projects", "profiles_per_project", "versions"}
STATES = ["Running"] * 17 + ["Pending", "Provisioning", "Unknown"]
HEALTH = ["Healthy"] * 9 + ["UnHealthy"]
ENVIRONMENTS = ["edge-native"] * 6 + ["aws", "azure", "vsphere", "maas"]


def extend_seed(doc, gen):
    """Add ``gen["clusters"]`` clusters (and the projects/profiles they use) to ``doc`` in place."""
    unknown = set(gen) - GEN_KEYS
    if unknown:
        raise SeedError(f"seed: generate has unknown key(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(GEN_KEYS))})")
    values = {}
    for key, default in (("clusters", 0), ("projects", 4), ("profiles_per_project", 3), ("versions", 3)):
        value = gen.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SeedError(f"seed: generate.{key} must be a whole number >= 0, got {value!r}")
        values[key] = value
    if values["clusters"] and (values["projects"] < 1 or values["profiles_per_project"] < 1 or values["versions"] < 1):
        raise SeedError("seed: generate.projects, profiles_per_project and versions must be >= 1 when clusters > 0")
    packs = [p for p in doc.get("packs") or [] if isinstance(p, dict) and p.get("layer") == "addon" and p.get("tags")]
    if not packs:
        raise SeedError("seed: generate needs at least one addon pack (layer: addon) in packs to build profiles from")
    projects = doc.setdefault("projects", [])
    profiles = doc.setdefault("profiles", [])
    clusters = doc.setdefault("clusters", [])
    fleet_projects = []
    for p in range(values["projects"]):
        uid = derived_uid("gen-project", p)
        projects.append({"uid": uid, "name": f"fleet-{p:02d}", "description": "generated fleet project", "labels": {"generated": "true"}})
        fleet_projects.append(uid)
    profile_uids = {}
    for p, project in enumerate(fleet_projects):
        for k in range(values["profiles_per_project"]):
            for v in range(values["versions"]):
                uid = derived_uid("gen-profile", p, k, v)
                chosen = [packs[(k + j) % len(packs)] for j in range(min(3, len(packs)))]
                seen, entries = set(), []
                for pack in chosen:
                    if pack["name"] in seen:
                        continue
                    seen.add(pack["name"])
                    tags = pack["tags"]
                    entries.append({"name": pack["name"], "tag": str(tags[min(v, len(tags) - 1)]["tag"])})
                profiles.append({"uid": uid, "name": f"fleet-addons-{k}", "version": f"1.{v}.0", "project": project,
                                 "type": "add-on", "cloud_type": "all", "description": "generated", "packs": entries})
                profile_uids[(p, k, v)] = uid
    for n in range(values["clusters"]):
        p = n % len(fleet_projects)
        k = (n // len(fleet_projects)) % values["profiles_per_project"]
        v = (n // 7) % values["versions"]
        deleted = n % 97 == 0
        clusters.append({
            "uid": derived_uid("gen-cluster", n),
            "name": f"site-{n:05d}",
            "project": fleet_projects[p],
            "cloud_type": ENVIRONMENTS[n % len(ENVIRONMENTS)],
            "labels": {"region": f"r{n % 12}", "fleet": "generated", "ring": str(n % 3)},
            "state": "Deleted" if deleted else STATES[n % len(STATES)],
            "health": HEALTH[n % len(HEALTH)],
            "deleted": deleted,
            "virtual": n % 53 == 0,
            "architecture": "arm64" if n % 5 == 0 else "amd64",
            "profiles": [{"uid": profile_uids[(p, k, v)]}],
        })
