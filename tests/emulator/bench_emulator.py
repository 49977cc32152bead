"""Benchmark the emulator: simple GETs per second (rate limits off) and search latency at 10,000 clusters.

    python tests/emulator/bench_emulator.py [--seconds 5] [--concurrency 16] [--clusters 10000]

Starts its own emulator processes (``palette_emulator.testing.EmulatorProcess``) and prints one line per figure.
The client runs on the same machine, so on a 2-core box it competes with the server for CPU: the GET figure
is a lower bound of what the server can do.
"""

import argparse
import asyncio
import os
import statistics
import time

import aiohttp

from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_UID, EmulatorProcess, demo_seed

ADMIN_KEY = "PALETTE-EMULATOR-ADMIN-KEY-all-projects-not-a-real-secret"
CORE_UID = "698e43979f639727243be3e8"


async def _hammer(url, headers, seconds, concurrency):
    """Requests per second over ``seconds`` with ``concurrency`` keep-alive workers."""
    done = 0
    errors = 0
    stop_at = time.perf_counter() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        async def worker():
            nonlocal done, errors
            while time.perf_counter() < stop_at:
                async with session.get(url) as resp:
                    await resp.read()
                    if resp.status == 200:
                        done += 1
                    else:
                        errors += 1
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _n in range(concurrency)))
        elapsed = time.perf_counter() - start
    return done / elapsed, errors


def _process_cpu(pid):
    """User + system CPU seconds used so far by a process (Linux /proc)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_gets(seconds, concurrency):
    """GETs/s on two simple endpoints."""
    with EmulatorProcess(seed="demo", strict=True, rate_limits=False) as emu:
        headers = {"ApiKey": DEMO_API_KEY, "ProjectUid": DEMO_PROJECT_UID}
        for label, path in (("GET /v1/users/info", "/v1/users/info"), ("GET /v1/clusterprofiles/{uid}", f"/v1/clusterprofiles/{CORE_UID}")):
            emu.admin("DELETE", "/requests")
            before = _process_cpu(emu.proc.pid)
            rate, errors = asyncio.run(_hammer(emu.url + path, headers, seconds, concurrency))
            used = _process_cpu(emu.proc.pid) - before
            served = len(emu.requests())
            # The server process's CPU time per request (HTTP parsing included) does not depend on what else the
            # machine runs, unlike the measured rate: it is the capacity of one core given to the emulator.
            per_request = used / served * 1000
            print(f"{label:32s} {rate:6.0f} requests/s measured (concurrency {concurrency}, {seconds:.0f} s, {errors} errors); "
                  f"server process CPU {per_request:.3f} ms/request = {1000 / per_request:.0f} requests/s per core")


def bench_search(clusters, pages):
    """Search latency over a generated fleet in one project (the worst case)."""
    doc = demo_seed()
    doc["generate"] = {"clusters": clusters, "projects": 1}
    start = time.perf_counter()
    with EmulatorProcess(seed=doc, rate_limits=False, start_timeout=300) as emu:
        print(f"start with {clusters} clusters: {time.perf_counter() - start:.1f} s")
        import requests  # pylint: disable=import-outside-toplevel
        session = requests.Session()
        items = session.get(emu.url + "/v1/dashboard/projects/metadata", headers={"ApiKey": ADMIN_KEY}, timeout=60).json()["items"]
        project = [i["metadata"]["uid"] for i in items if i["metadata"]["name"] == "fleet-00"][0]
        session.headers.update({"ApiKey": ADMIN_KEY, "ProjectUid": project})
        url = emu.url + "/v1/dashboard/spectroclusters/search"
        sdk_recipe = {"filter": {"conjunction": "and", "filterGroups": [
            {"conjunction": "and", "filters": [
                {"property": "environment", "type": "string",
                 "condition": {"string": {"operator": "eq", "negation": True, "match": {"conjunction": "or", "values": ["nested"]}}}},
                {"property": "isDeleted", "type": "bool", "condition": {"bool": {"value": False}}}]}]},
            "sort": [{"field": "lastModifiedTimestamp", "order": "desc"}]}
        for label, body in (("unfiltered", {}), ("filtered+sorted", sdk_recipe)):
            session.post(url, json=body, params={"limit": 50}, timeout=60)      # warm-up
            since = emu.requests()[-1]["id"]
            client, token = [], ""
            for _n in range(pages):
                params = {"limit": 50}
                if token:
                    params["continue"] = token
                t0 = time.perf_counter()
                resp = session.post(url, json=body, params=params, timeout=60)
                client.append((time.perf_counter() - t0) * 1000)
                token = resp.json()["listmeta"]["continue"]
            entries = [e for e in emu.requests(since=since) if e["path"] == "/v1/dashboard/spectroclusters/search"]
            server = [e["duration_ms"] for e in entries]
            cpu = [e["cpu_ms"] for e in entries]
            print(f"search {label:16s} {clusters} clusters, {pages} pages of 50: server cpu median {statistics.median(cpu):.1f} ms "
                  f"(p95 {_p95(cpu):.1f}), server wall median {statistics.median(server):.1f} ms (p95 {_p95(server):.1f}), "
                  f"client median {statistics.median(client):.1f} ms (p95 {_p95(client):.1f})")


def _p95(values):
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main():
    """Run both benchmarks."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=5.0, help="duration of each GET benchmark")
    p.add_argument("--concurrency", type=int, default=16, help="parallel keep-alive connections")
    p.add_argument("--clusters", type=int, default=10000, help="size of the generated fleet for the search benchmark")
    p.add_argument("--pages", type=int, default=40, help="search pages to time")
    args = p.parse_args()
    bench_gets(args.seconds, args.concurrency)
    bench_search(args.clusters, args.pages)


if __name__ == "__main__":
    main()
