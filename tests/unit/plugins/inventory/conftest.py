# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Harness for the inventory plugin tests: a real emulator process and real ``ansible-inventory`` runs.

Nothing here depends on where the repository lives: the collection root is found from this file, and when
it is not already inside an ``ansible_collections/spectrocloud/palette`` directory (a plain checkout), a
symlink farm in a temporary directory provides one for ``ANSIBLE_COLLECTIONS_PATH``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml

# ansible_output (reading messages that ansible-core may have wrapped) is shared with the reliability suites;
# appended, so that this suite's own modules come first
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "reliability"))
from ansible_output import said, unwrapped_lines, without_wraps  # noqa: E402 pylint: disable=import-error,wrong-import-position

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
FIXTURES = os.path.join(HERE, "fixtures")
EXPECTED = os.path.join(HERE, "expected")

# The demo seed's credentials (FAKE, they only exist inside the emulator; see seeds/demo.yml).
ADMIN_KEY = "PALETTE-EMULATOR-ADMIN-KEY-all-projects-not-a-real-secret"
DEMO_KEY = "PALETTE-EMULATOR-DEMO-KEY-edge-prod-not-a-real-secret"
LAB_KEY = "PALETTE-EMULATOR-LAB-KEY-edge-lab-only-not-a-real-secret"


def emulator_process(**kwargs):
    """``palette_emulator.testing.EmulatorProcess`` (the test is skipped when the emulator is not installed)."""
    testing = pytest.importorskip("palette_emulator.testing")
    return testing.EmulatorProcess(**kwargs)


def collections_path(tmp_root):
    """A directory holding ``ansible_collections/spectrocloud/palette`` -> this collection."""
    parts = COLLECTION_ROOT.split(os.sep)
    if parts[-3:-1] == ["ansible_collections", "spectrocloud"] and parts[-1] == "palette":
        return os.sep.join(parts[:-3]) or os.sep
    farm = os.path.join(tmp_root, "collections")
    link = os.path.join(farm, "ansible_collections", "spectrocloud", "palette")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link))
        os.symlink(COLLECTION_ROOT, link)
    return farm


def inventory_command():
    """``ansible-inventory`` of the Python running the tests (falls back to ``python -m ansible inventory``)."""
    candidate = os.path.join(os.path.dirname(sys.executable), "ansible-inventory")
    if os.path.exists(candidate):
        return [sys.executable, candidate]
    found = shutil.which("ansible-inventory")
    if found:
        return [found]
    return [sys.executable, "-m", "ansible", "inventory"]


class InventoryRunner(object):
    """Writes a ``*.palette.yml`` config and runs ``ansible-inventory --list`` on it."""

    def __init__(self, tmp_root, url):
        self.tmp_root = tmp_root
        self.url = url
        self.collections = collections_path(tmp_root)
        self.ratelimit_dir = os.path.join(tmp_root, "ratelimit")
        self.home = os.path.join(tmp_root, "home")
        for path in (self.ratelimit_dir, self.home):
            if not os.path.isdir(path):
                os.makedirs(path)
        self.counter = 0

    def env(self, extra=None):
        env = dict((k, v) for k, v in os.environ.items()
                   if not k.startswith(("PALETTE_", "SPECTROCLOUD_", "ANSIBLE_")))
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": self.collections,
            "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCAL_TEMP": os.path.join(self.tmp_root, "ansible-tmp"),
            "ANSIBLE_HOME": os.path.join(self.home, ".ansible"),
            "PALETTE_RATE_LIMIT_DIR": self.ratelimit_dir,
            "PYTHONPATH": self.collections + os.pathsep + os.environ.get("PYTHONPATH", ""),
        })
        env.update(extra or {})
        return env

    def write_config(self, config, name=None):
        self.counter += 1
        path = os.path.join(self.tmp_root, name or ("inv%d.palette.yml" % self.counter))
        with open(path, "w") as handle:
            if isinstance(config, str):
                handle.write(config)
            else:
                yaml.safe_dump(config, handle, default_flow_style=False)
        return path

    def run(self, config, env=None, args=(), name=None, check=True, timeout=600):
        """Returns ``(parsed JSON or None, completed process)``."""
        path = config if isinstance(config, str) and os.path.exists(config) else self.write_config(config, name)
        cmd = inventory_command() + ["-i", path, "--list"] + list(args)
        proc = subprocess.run(cmd, env=self.env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=timeout, cwd=self.tmp_root, check=False)
        if check and proc.returncode != 0:
            raise AssertionError("ansible-inventory failed (rc %s)\nstdout:\n%s\nstderr:\n%s"
                                 % (proc.returncode, proc.stdout[-4000:], proc.stderr[-4000:]))
        data = None
        if proc.returncode == 0:
            data = json.loads(proc.stdout)
        return data, proc

    def config(self, **options):
        """A config dict with the emulator URL and the admin key, plus ``options``."""
        config = {"plugin": "spectrocloud.palette.palette", "host": self.url, "api_key": ADMIN_KEY}
        config.update(options)
        return dict((k, v) for k, v in config.items() if v is not None)


def plain(value):
    """Undo ``ansible-inventory``'s marking of untrusted strings (``{"__ansible_unsafe": "text"}``): 2.16 marks
    host names in the groups' host lists that way too, 2.19+ only some values."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def normalise(data):
    """``ansible-inventory --list`` output -> ``{"hosts": {name: vars}, "groups": {group: sorted hosts}}``."""
    data = plain(data)
    groups = {}
    for name, value in data.items():
        if name in ("_meta", "all", "ungrouped") or not isinstance(value, dict):
            continue
        if value.get("hosts"):
            groups[name] = sorted(value["hosts"])
    return {"hosts": data.get("_meta", {}).get("hostvars", {}), "groups": groups}


def hosts_out_of_order(data):
    """The groups of an ``ansible-inventory --list`` output whose hosts are not in host name order (the plugin adds
    the hosts in that order, whatever order the API gave them in, so every group lists them that way)."""
    data = plain(data)
    return sorted(name for name, value in data.items()
                  if isinstance(value, dict) and value.get("hosts") and value["hosts"] != sorted(value["hosts"]))


def load_expected(name):
    with open(os.path.join(EXPECTED, name)) as handle:
        data = json.load(handle)
    data.pop("_comment", None)
    return data


def emulator_requests(emulator, since=None):
    """The emulator's request log as a list (whatever shape the helper returns)."""
    found = emulator.requests(since=since) if since is not None else emulator.requests()
    if isinstance(found, dict):
        found = found.get("requests", [])
    return list(found)


def clear_log(emulator):
    emulator.admin("DELETE", "/__emulator__/requests")


def api_calls(emulator):
    """``(method, path, project uid)`` of every /v1 request since the log was cleared."""
    return [(r["method"], r["path"], r.get("project_uid")) for r in emulator_requests(emulator)
            if r["path"].startswith("/v1/")]


# -- emulator processes -----------------------------------------------------------------------------------
# ansible-test units runs every test in a forked child that ends with os._exit(): a process a fixture starts
# inside that child is never stopped, and the fixture cache dies with the child. So the emulators these tests
# need are started here, in the main pytest process, once collection knows which ones are needed, and stopped
# at the end of the session. Forked children inherit the running emulators and never stop them.
FLEET_SIZE = 600
EMULATOR_SPECS = {
    "demo_emulator": {"seed": "demo", "strict": True, "rate_limits": False},
    "collision_emulator": {"seed": os.path.join(FIXTURES, "collision.yml"), "strict": True, "rate_limits": False},
    "fleet": {"seed": "demo", "strict": True, "rate_limits": True, "extra_args": ("--clusters", str(FLEET_SIZE))},
}
_RUNNING = {}
_OWNER = {"pid": None}


def _emulator_installed():
    import importlib.util
    return importlib.util.find_spec("palette_emulator") is not None


def pytest_collection_modifyitems(session, config, items):  # pylint: disable=unused-argument
    """Start the emulators the selected tests use, in this (the main) process."""
    if not _emulator_installed():
        return
    wanted = set()
    for item in items:
        wanted.update(name for name in getattr(item, "fixturenames", ()) if name in EMULATOR_SPECS)
    for name in sorted(wanted):
        if name not in _RUNNING:
            _RUNNING[name] = emulator_process(**EMULATOR_SPECS[name]).start()
            _OWNER["pid"] = os.getpid()


def pytest_sessionfinish(session, exitstatus):  # pylint: disable=unused-argument
    """Stop the emulators started above (only in the process that started them)."""
    if _OWNER["pid"] == os.getpid():
        for emulator in _RUNNING.values():
            emulator.stop()
        _RUNNING.clear()


def _shared_emulator(name):
    if name in _RUNNING:
        yield _RUNNING[name]
        return
    with emulator_process(**EMULATOR_SPECS[name]) as emulator:   # started outside this conftest's collection
        yield emulator


@pytest.fixture(scope="session")
def demo_emulator():
    """The demo seed (strict, rate limits off: fast)."""
    yield from _shared_emulator("demo_emulator")


@pytest.fixture(scope="session")
def collision_emulator():
    """fixtures/collision.yml: the same cluster name in two projects."""
    yield from _shared_emulator("collision_emulator")


@pytest.fixture(scope="session")
def fleet():
    """The demo seed plus a generated fleet of FLEET_SIZE clusters, with the emulator's rate limits on."""
    yield from _shared_emulator("fleet")


@pytest.fixture
def demo_emu(demo_emulator):
    """The demo emulator, reset to its seed with an empty request log."""
    demo_emulator.reset()
    clear_log(demo_emulator)
    return demo_emulator


@pytest.fixture
def runner(tmp_path, demo_emu):
    return InventoryRunner(str(tmp_path), demo_emu.url)


class _Harness(object):
    """The helpers above, for test modules (handed out as a fixture so that no test imports conftest)."""

    ADMIN_KEY = ADMIN_KEY
    DEMO_KEY = DEMO_KEY
    LAB_KEY = LAB_KEY
    FIXTURES = FIXTURES
    normalise = staticmethod(normalise)
    hosts_out_of_order = staticmethod(hosts_out_of_order)
    plain = staticmethod(plain)
    said = staticmethod(said)
    unwrapped_lines = staticmethod(unwrapped_lines)
    without_wraps = staticmethod(without_wraps)
    load_expected = staticmethod(load_expected)
    emulator_requests = staticmethod(emulator_requests)
    api_calls = staticmethod(api_calls)
    clear_log = staticmethod(clear_log)
    emulator_process = staticmethod(emulator_process)
    FLEET_SIZE = FLEET_SIZE
    InventoryRunner = InventoryRunner


@pytest.fixture(scope="session")
def harness():
    return _Harness
