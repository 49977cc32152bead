# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client keeps a connection open for each of the threads that share it (up to ``pool_size``): the fleet apply
runs that many threads, and requests' default pool of 10 would drop the other connections after each request and
open new ones (a TLS handshake each against Palette)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteClient
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_service import ClusterService

THREADS = 24   # more than requests' default pool (10), fewer than the client's


class _Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def gathering_server():
    """``(url, seen)``: answers each request only once THREADS requests are in flight together (so that the client
    must use THREADS connections at once), and records the client port of each request (one port per connection)."""
    seen = {"ports": [], "waits_broken": 0}
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS, timeout=10)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"   # keep-alive: a connection serves request after request

        def do_GET(self):
            with lock:
                seen["ports"].append(self.client_address[1])
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                with lock:
                    seen["waits_broken"] += 1
            data = json.dumps({"ok": True}).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            return

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield "http://127.0.0.1:%d" % server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def test_threads_up_to_the_pool_size_keep_their_connections(gathering_server, tmp_path):
    url, seen = gathering_server
    client = PaletteClient(host=url, api_key="k1234", rate_limit=False, rate_limit_dir=str(tmp_path))
    assert client.pool_size >= THREADS
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for dummy in range(2):
            assert list(pool.map(lambda n: client.get("/v1/spectroclusters/c%d" % n), range(THREADS))) == [
                {"ok": True}] * THREADS
    client.close()
    assert seen["waits_broken"] == 0, "the requests were not all in flight together"
    assert len(seen["ports"]) == 2 * THREADS
    # the second round went over the connections of the first: none was dropped and opened again
    assert len(set(seen["ports"])) == THREADS


def test_cluster_service_runs_a_thread_per_connection(tmp_path):
    client = PaletteClient(host="http://127.0.0.1:9", api_key="k1234", rate_limit_dir=str(tmp_path))
    assert ClusterService(client).workers == client.pool_size
    assert ClusterService(client, workers=3).workers == 3
