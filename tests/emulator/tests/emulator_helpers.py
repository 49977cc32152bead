"""Small HTTP helpers for the emulator tests (requests-based)."""

import requests

from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_UID

ADMIN_KEY = "PALETTE-EMULATOR-ADMIN-KEY-all-projects-not-a-real-secret"
LAB_KEY = "PALETTE-EMULATOR-LAB-KEY-edge-lab-only-not-a-real-secret"
REVOKED_KEY = "PALETTE-EMULATOR-REVOKED-KEY-not-a-real-secret"
EXPIRED_KEY = "PALETTE-EMULATOR-EXPIRED-KEY-not-a-real-secret"
LAB_PROJECT_UID = "697a0c1e2f3a4b5c6d7e8f90"
CORE_UID = "698e43979f639727243be3e8"
CORE_OLD_UID = "698e43979f639727243be300"
INFRA_UID = "698e434f56d5433423e3ee5a"
INFRA_OLD_UID = "698e434f56d5433423e3ee00"
LAB_CORE_UID = "697a0c1e2f3a4b5c6d7e9001"
TENANT_PROFILE_UID = "697b00000000000000000001"
EDGE_VMO = "6982d34cd881f18566be1474"
STORE_01 = "6982d34cd881f18566be1501"
STORE_02 = "6982d34cd881f18566be1502"
STORE_03 = "6982d34cd881f18566be1503"
METALLB_0149 = "65a1f0000000000000000602"
USER = {"emailId": "demo@example.com", "password": "emulator-demo-password", "org": "edge-demo"}


class Api:
    """Calls /v1 on an emulator with one identity; returns requests.Response objects."""

    def __init__(self, emu, key=DEMO_API_KEY, project=DEMO_PROJECT_UID, token=None):
        self.emu = emu
        self.url = emu.url
        self.key = key
        self.project = project
        self.token = token
        self.session = requests.Session()
        self.verify = True

    def headers(self, project="default"):
        """Auth + scope headers."""
        hdrs = {}
        if self.token:
            hdrs["Authorization"] = self.token
        elif self.key:
            hdrs["ApiKey"] = self.key
        project = self.project if project == "default" else project
        if project:
            hdrs["ProjectUid"] = project
        return hdrs

    def call(self, method, path, json=None, params=None, project="default", headers=None):  # pylint: disable=redefined-outer-name
        """One request."""
        hdrs = self.headers(project)
        hdrs.update(headers or {})
        return self.session.request(method, self.url + path, json=json, params=params, headers=hdrs, timeout=30, verify=self.verify)

    def get(self, path, **kw):
        """GET."""
        return self.call("GET", path, **kw)

    def put(self, path, json=None, **kw):  # pylint: disable=redefined-outer-name
        """PUT."""
        return self.call("PUT", path, json=json, **kw)

    def patch(self, path, json=None, **kw):  # pylint: disable=redefined-outer-name
        """PATCH."""
        return self.call("PATCH", path, json=json, **kw)

    def post(self, path, json=None, **kw):  # pylint: disable=redefined-outer-name
        """POST."""
        return self.call("POST", path, json=json, **kw)

    def delete(self, path, json=None, **kw):  # pylint: disable=redefined-outer-name
        """DELETE."""
        return self.call("DELETE", path, json=json, **kw)

    def ok(self, method, path, **kw):
        """A request that must succeed; returns the parsed body (None for an empty one)."""
        resp = self.call(method, path, **kw)
        assert resp.status_code < 300, f"{method} {path}: {resp.status_code} {resp.text}"
        return resp.json() if resp.content else None


def put_body(profile, change=None):
    """A PUT body built from a GET of a profile (the GET -> edit -> PUT round trip of REF §5)."""
    src = profile["spec"]["draft"] or profile["spec"]["published"]
    packs = []
    for pack in src["packs"]:
        entry = {"name": pack["name"], "type": pack["type"], "layer": pack["layer"], "tag": pack["tag"],
                 "registryUid": pack["registryUid"], "values": pack["values"],
                 "manifests": [{"name": m["name"], "uid": m["uid"]} for m in pack["manifests"]]}
        if pack.get("packUid"):
            entry["uid"] = pack["packUid"]
        packs.append(entry)
    if change:
        change(packs)
    return {"metadata": {"name": profile["metadata"]["name"], "uid": profile["metadata"]["uid"]},
            "spec": {"version": profile["spec"]["version"], "template": {"type": src["type"], "packs": packs}}}


def set_tag(packs, name, tag, uid):
    """Edit one pack's tag and uid in a PUT pack list."""
    for pack in packs:
        if pack["name"] == name:
            pack["tag"] = tag
            pack["uid"] = uid
            return
    raise AssertionError(f"no pack {name}")
