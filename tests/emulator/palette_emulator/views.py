"""Build the JSON shapes of the spec (v1ClusterProfile, v1SpectroCluster, summaries …) from stored objects.

The same stored pack appears in four shapes depending on the endpoint (REF §5, §6):
``v1PackRef`` (profile GET, cluster snapshot; ``packUid``, manifests as references), ``v1PackRefSummary``
(dashboard), ``v1PackSummarySpec`` (``…/packs`` and cluster ``/profiles``; ``version`` instead of ``tag``) and
``v1PackManifestsSpec`` (manifest contents).
"""

import hashlib


def pack_version(store, pack):
    """The concrete version of a stored pack: its own ``version``, else the catalogue's, else the tag."""
    if pack.get("version"):
        return pack["version"]
    found = store.pack_by_uid.get(pack.get("uid") or "")
    if found and found[1].tag == pack.get("tag"):
        return found[1].version
    return pack.get("tag") or ""


def manifest_refs(pack):
    """Manifests as v1ObjectReference (no content: GETs of profiles never carry manifest content)."""
    return [{"kind": "manifest", "name": m.get("name", ""), "uid": m.get("uid", "")} for m in pack.get("manifests") or []]


def pack_ref(store, pack):
    """A stored pack as v1PackRef."""
    out = {
        "name": pack["name"],
        "layer": pack.get("layer") or _catalogue_layer(store, pack),
        "type": pack.get("type") or "spectro",
        "tag": pack.get("tag") or "",
        "version": pack_version(store, pack),
        "values": pack.get("values") or "",
        "registryUid": _registry_uid(store, pack),
        "manifests": manifest_refs(pack),
    }
    if pack.get("uid"):
        out["packUid"] = pack["uid"]
    out["digest"] = "sha256:" + hashlib.sha256((out["values"] + out["tag"]).encode()).hexdigest()
    return out


def pack_ref_summary(store, pack):
    """A stored pack as v1PackRefSummary (dashboard lists: no values)."""
    return {
        "name": pack["name"],
        "displayName": _display_name(store, pack),
        "layer": pack.get("layer") or _catalogue_layer(store, pack),
        "type": pack.get("type") or "spectro",
        "tag": pack.get("tag") or "",
        "version": pack_version(store, pack),
        "packUid": pack.get("uid") or "",
        "addonType": _addon_type(store, pack),
    }


def pack_summary_spec(store, pack):
    """A stored pack as v1PackSummarySpec (``version`` carries the tag's concrete version, no ``tag`` field)."""
    return {
        "name": pack["name"],
        "displayName": _display_name(store, pack),
        "layer": pack.get("layer") or _catalogue_layer(store, pack),
        "type": pack.get("type") or "spectro",
        "version": pack_version(store, pack),
        "values": pack.get("values") or "",
        "registryUid": _registry_uid(store, pack),
        "addonType": _addon_type(store, pack),
        "manifests": manifest_refs(pack),
    }


def pack_manifests_spec(store, pack):
    """A stored pack with manifest contents (v1PackManifestsSpec)."""
    spec = pack_summary_spec(store, pack)
    spec["manifests"] = [{"name": m.get("name", ""), "uid": m.get("uid", ""), "content": m.get("content", ""),
                          "digest": _digest(m.get("content", ""))} for m in pack.get("manifests") or []]
    return spec


def pack_entity(store, pack, profile, when):
    """v1ClusterProfilePacksEntity: metadata + v1PackSummarySpec."""
    return {"metadata": {"name": pack["name"], "uid": pack.get("uid") or "", "creationTimestamp": profile.created,
                         "lastModifiedTimestamp": when},
            "spec": pack_summary_spec(store, pack), "status": {}}


def _catalogue(store, pack):
    found = store.pack_by_uid.get(pack.get("uid") or "")
    if found:
        return found[0]
    for (name, _ruid), cat in store.packs.items():
        if name == pack["name"]:
            return cat
    return None


def _registry_uid(store, pack):
    """The pack's registry: as stored, else the catalogue's for its pack uid (manifest packs have none)."""
    if pack.get("registryUid") is not None:
        return pack["registryUid"]
    found = store.pack_by_uid.get(pack.get("uid") or "")
    return found[0].registry_uid if found else ""


def _catalogue_layer(store, pack):
    cat = _catalogue(store, pack)
    return cat.layer if cat else "addon"


def _display_name(store, pack):
    cat = _catalogue(store, pack)
    return cat.display_name if cat and cat.display_name else pack["name"]


def _addon_type(store, pack):
    cat = _catalogue(store, pack)
    return cat.addon_type if cat else ""


def _digest(text):
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


# -- profiles ---------------------------------------------------------------------------------------
def profile_annotations(store, profile):
    """metadata.annotations: description plus scope/projectUid/tenantUid, as the SDK reads them (REF §3)."""
    ann = dict(profile.annotations)
    ann["scope"] = profile.scope
    if profile.project_uid:
        ann["projectUid"] = profile.project_uid
    ann["tenantUid"] = store.tenant.uid
    ann.setdefault("description", "")
    return ann


def profile_template(store, profile, template):
    """A stored template as v1ClusterProfileTemplate."""
    if template is None:
        return None
    return {
        "uid": profile.uid,
        "name": profile.name,
        "type": template.get("type") or profile.type,
        "cloudType": template.get("cloudType") or profile.cloud_type,
        "profileVersion": profile.version,
        "version": profile.revision,
        "packs": [pack_ref(store, p) for p in template.get("packs") or []],
        "packServerRefs": [],
        "relatedObject": {"kind": "clusterprofile", "name": profile.name, "uid": profile.uid},
    }


def profile_view(store, profile):
    """v1ClusterProfile (GET /v1/clusterprofiles/{uid})."""
    users = store.clusters_using(profile.uid)
    return {
        "apiVersion": "v1",
        "kind": "ClusterProfile",
        "metadata": {
            "name": profile.name,
            "uid": profile.uid,
            "labels": dict(profile.labels),
            "annotations": profile_annotations(store, profile),
            "creationTimestamp": profile.created,
            "lastModifiedTimestamp": profile.modified,
        },
        "spec": {
            "version": profile.version,
            "versions": [{"uid": p.uid, "version": p.version} for p in store.siblings(profile)],
            "published": profile_template(store, profile, profile.published),
            "draft": profile_template(store, profile, profile.draft),
        },
        "status": {
            "isPublished": profile.published is not None,
            "inUseClusters": [{"kind": "spectrocluster", "name": c.name, "uid": c.uid, "projectUid": c.project_uid or "",
                               "tenantUid": store.tenant.uid} for c in users],
            "inUseClusterUids": [c.uid for c in users],
            "inUseClusterTemplates": [],
            "hasUserMacros": False,
        },
    }


def template_summary(store, profile, template):
    """v1ClusterProfileTemplateSummary."""
    if template is None:
        return None
    return {"cloudType": template.get("cloudType") or profile.cloud_type, "type": template.get("type") or profile.type,
            "packs": [pack_ref_summary(store, p) for p in template.get("packs") or []]}


def profile_summary(store, profile):
    """v1ClusterProfileSummary (dashboard list and GET /v1/dashboard/clusterprofiles/{uid})."""
    users = store.clusters_using(profile.uid)
    return {
        "metadata": {"name": profile.name, "uid": profile.uid, "labels": dict(profile.labels),
                     "annotations": profile_annotations(store, profile),
                     "creationTimestamp": profile.created, "lastModifiedTimestamp": profile.modified},
        "specSummary": {
            "version": profile.version,
            "versions": [{"uid": p.uid, "version": p.version} for p in store.siblings(profile)],
            "published": template_summary(store, profile, profile.published),
            "draft": template_summary(store, profile, profile.draft),
        },
        "status": {
            "isPublished": profile.published is not None,
            "inUseClusters": [{"name": c.name, "uid": c.uid} for c in users],
            "inUseClusterUids": [c.uid for c in users],
            "inUseClusterTemplates": [],
            "fips": {"mode": "none"},
            "pack": {"deleted": 0, "deprecated": 0, "disabled": 0},
        },
    }


# -- clusters ---------------------------------------------------------------------------------------
def cluster_annotations(store, cluster):
    """metadata.annotations of a cluster (scope + projectUid, REF §3)."""
    ann = {"scope": cluster.scope, "tenantUid": store.tenant.uid}
    if cluster.project_uid:
        ann["projectUid"] = cluster.project_uid
    return ann


def cluster_metadata(store, cluster):
    """v1ObjectMeta of a cluster."""
    meta = {"name": cluster.name, "uid": cluster.uid, "labels": dict(cluster.labels),
            "annotations": cluster_annotations(store, cluster),
            "creationTimestamp": cluster.created, "lastModifiedTimestamp": cluster.modified}
    if cluster.deleted:
        meta["deletionTimestamp"] = cluster.modified
    return meta


def snapshot_template(store, tmpl):
    """One entry of spec.clusterProfileTemplates (v1ClusterProfileTemplate) from a cluster snapshot."""
    return {
        "uid": tmpl["uid"],
        "name": tmpl["name"],
        "type": tmpl["type"],
        "cloudType": tmpl["cloudType"],
        "profileVersion": tmpl["profileVersion"],
        "version": tmpl.get("revision", 1),
        "packs": [pack_ref(store, p) for p in tmpl["packs"]],
        "packServerRefs": [],
        "relatedObject": {"kind": "clusterprofile", "name": tmpl["name"], "uid": tmpl["uid"]},
    }


def template_meta(store, cluster, tmpl, with_packs=True):
    """v1ClusterProfileTemplateMeta (summaries)."""
    out = {"uid": tmpl["uid"], "name": tmpl["name"], "type": tmpl["type"], "cloudType": tmpl["cloudType"],
           "version": tmpl.get("revision", 1), "scope": cluster.scope}
    if with_packs:
        out["packs"] = [pack_ref(store, p) for p in tmpl["packs"]]
    return out


def environment(cluster):
    """The search ``environment`` of a cluster: its cloud type, or ``nested`` for virtual clusters (REF §4)."""
    return "nested" if cluster.virtual else cluster.cloud_type


def cluster_view(store, cluster, packs):
    """v1SpectroCluster (GET /v1/spectroclusters/{uid}); ``packs`` is status.packs[] (clusters.pack_statuses)."""
    status = {
        "state": cluster.state,
        "conditions": list(cluster.conditions),
        "packs": packs,
        "spcApply": dict(cluster.spc_apply),
        "repave": {"state": cluster.repave["state"]},
        "upgrades": [],
        "profileStatus": {"hasUserMacros": False},
        "fips": {"mode": "none"},
    }
    if cluster.virtual:
        status["virtual"] = {"state": cluster.state}
    spec = {
        "cloudType": cluster.cloud_type,
        "clusterType": "PureManage",
        "cloudConfigRef": {"kind": f"{cluster.cloud_type}CloudConfig", "name": f"{cluster.name}-config",
                           "uid": hashlib.sha1(cluster.uid.encode()).hexdigest()[:24]},
        "clusterProfileTemplates": [snapshot_template(store, t) for t in cluster.templates],
    }
    if cluster.cluster_template:
        spec["clusterTemplate"] = dict(cluster.cluster_template)
    return {"apiVersion": "v1", "kind": "SpectroCluster", "metadata": cluster_metadata(store, cluster), "spec": spec, "status": status}


def cluster_uid_summary(store, cluster, notification, packs):
    """v1SpectroClusterUidSummary (GET /v1/dashboard/spectroclusters/{uid})."""
    return {
        "metadata": cluster_metadata(store, cluster),
        "spec": {
            "cloudConfig": {"cloudType": cluster.cloud_type},
            "clusterProfileTemplates": [template_meta(store, cluster, t) for t in cluster.templates],
            "archTypes": [cluster.architecture],
        },
        "status": {
            "state": cluster.state,
            "health": {"state": cluster.health},
            "notifications": {"isAvailable": notification, "isTemplateVariableResolutionPending": False},
            "spcApply": dict(cluster.spc_apply),
            "conditions": list(cluster.conditions),
            "packs": packs,
        },
    }


def cluster_summary(store, cluster, notification):
    """v1SpectroClusterSummary (search results). Profile templates without pack details, to stay light."""
    project = store.projects.get(cluster.project_uid or "")
    spec = {
        "cloudConfig": {"cloudType": cluster.cloud_type},
        "clusterProfileTemplates": [template_meta(store, cluster, t, with_packs=False) for t in cluster.templates],
        "archTypes": [cluster.architecture],
    }
    if project:
        spec["projectMeta"] = {"name": project.name, "uid": project.uid}
    status = {
        "state": cluster.state,
        "health": {"state": cluster.health},
        "notifications": {"isAvailable": notification, "isTemplateVariableResolutionPending": False},
        "repave": {"state": cluster.repave["state"]},
    }
    if cluster.virtual:
        status["virtual"] = {"state": cluster.state}
    return {"metadata": cluster_metadata(store, cluster), "specSummary": spec, "status": status}
