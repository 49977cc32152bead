# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures of the unit tests.

The client tests talk real HTTP to a real emulator process (``palette_emulator.testing.EmulatorProcess``),
started once per session with the demo seed; every test gets it reset to the seed with an empty request log.
A few tests need to see raw request headers or the request line, which the emulator does not log; they use
``capture_server``, a tiny threaded HTTP server that records what it received.

Run directly with ``python -m pytest tests/unit`` from the repository root (this file makes
``ansible_collections.spectrocloud.palette`` importable when it is not yet) or with ``ansible-test units``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib.util
import json
import os
import sys
import tempfile
import threading

from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn

import pytest


def _ensure_collection_importable():
    """Outside ansible-test, make ansible_collections.spectrocloud.palette importable via a symlink farm."""
    try:
        import ansible_collections.spectrocloud.palette.plugins.module_utils.client  # noqa: F401  pylint: disable=unused-import
        return
    except ImportError:
        pass
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    farm = os.path.join(tempfile.gettempdir(), "palette-unit-collections-%d" % os.getuid())
    link_dir = os.path.join(farm, "ansible_collections", "spectrocloud")
    link = os.path.join(link_dir, "palette")
    if not os.path.isdir(link_dir):
        os.makedirs(link_dir)
    if os.path.islink(link) and os.path.realpath(link) != os.path.realpath(root):
        os.unlink(link)
    if not os.path.exists(link):
        os.symlink(root, link)
    sys.path.insert(0, farm)
    for name in list(sys.modules):
        if name == "ansible_collections" or name.startswith("ansible_collections."):
            del sys.modules[name]


_ensure_collection_importable()


# -- the demo seed ---------------------------------------------------------------------------------------
def _demo_seed_path():
    palette_emulator = pytest.importorskip("palette_emulator")
    return os.path.join(os.path.dirname(palette_emulator.__file__), "seeds", "demo.yml")


@pytest.fixture(scope="session")
def demo_seed():
    """The demo seed as data (tests read expected keys, uids and names from it, not from the client)."""
    import yaml
    with open(_demo_seed_path()) as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="session")
def demo(demo_seed):
    """The facts of the demo seed the client tests need."""
    keys = dict((k["name"], k["key"]) for k in demo_seed["api_keys"])
    projects = dict((p["name"], p["uid"]) for p in demo_seed["projects"])
    user = demo_seed["users"][0]
    return {
        "api_key": keys["tenant-admin"],
        "keys": keys,
        "projects": projects,
        "username": user["email"],
        "password": user["password"],
        "org": user.get("org") or demo_seed["tenant"]["name"],
    }


# -- the emulator ----------------------------------------------------------------------------------------
# palette_emulator's pytest plugin gives the session-scoped ``emulator`` and the per-test ``emulator_reset``
# (docs/dev/contracts.md); the client tests use ``emu``, which is ``emulator_reset``.
if importlib.util.find_spec("palette_emulator") is not None:
    pytest_plugins = ["palette_emulator.pytest_plugin"]
else:  # the emulator is not installed: the tests that need it are skipped
    pytest_plugins = []

    @pytest.fixture
    def emulator_reset():
        pytest.skip("palette_emulator is not installed (pip install -e tests/emulator)")


@pytest.fixture
def emu(emulator_reset):  # pylint: disable=redefined-outer-name
    """The session emulator reset to the demo seed: start config, empty log, no faults, real time."""
    return emulator_reset


@pytest.fixture
def ratelimit_dir(tmp_path, monkeypatch):
    """A private bucket state directory for this test (also exported for child processes)."""
    path = tmp_path / "ratelimit"
    monkeypatch.setenv("PALETTE_RATE_LIMIT_DIR", str(path))
    return str(path)


@pytest.fixture
def make_client(emu, demo, ratelimit_dir):  # pylint: disable=redefined-outer-name
    """Build PaletteClients against the emulator; fast backoff so retry tests stay quick."""
    from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient
    clients = []

    def factory(**kwargs):
        options = {"host": emu.url, "backoff_base": 0.05, "max_wait": 0.5, "rate_limit_dir": ratelimit_dir}
        if not any(k in kwargs for k in ("api_key", "token", "username")):
            options["api_key"] = demo["api_key"]
        options.update(kwargs)
        client = PaletteClient(**options)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.close()


# -- a tiny HTTP server that records what it receives ----------------------------------------------------
class _Recorder(object):
    def __init__(self):
        self.requests = []
        self.responses = []  # queue of (status, headers, body) to answer with; default 200 {}
        self.lock = threading.Lock()

    def next_response(self):
        with self.lock:
            if self.responses:
                return self.responses.pop(0)
        return 200, {}, {}


class _ThreadingServer(ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _make_handler(recorder):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with recorder.lock:
                recorder.requests.append({
                    "method": self.command, "target": self.path, "headers": dict(self.headers.items()),
                    "body": body.decode("utf-8", "replace")})
            status, headers, payload = recorder.next_response()
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        def log_message(self, *args):  # keep test output clean
            return

    return Handler


@pytest.fixture
def capture_server():
    """``(url, recorder)``: recorder.requests lists {method, target, headers, body}; queue answers in .responses."""
    recorder = _Recorder()
    server = _ThreadingServer(("127.0.0.1", 0), _make_handler(recorder))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % server.server_address[1], recorder
    finally:
        server.shutdown()
        server.server_close()
