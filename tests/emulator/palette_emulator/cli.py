"""``palette-emulator``: parse options, load the seed, serve until SIGTERM/SIGINT.

When ready it prints exactly one line to stdout, the base URL (``http://127.0.0.1:PORT``), and flushes it:
``testing.EmulatorProcess`` (and scripts) wait for that line, which also reveals the port chosen by ``--port 0``.
"""

import argparse
import asyncio
import logging
import os
import signal
import ssl
import sys

from aiohttp import web

from palette_emulator import __version__
from palette_emulator.app import Emulator, build_app
from palette_emulator.config import SWITCHES, Config
from palette_emulator.seed import SeedError, bundled_seeds, read_seed_file, resolve_seed_path


def parser():
    """The argument parser (``--help`` documents every option)."""
    p = argparse.ArgumentParser(
        prog="palette-emulator",
        description="Serve a local emulator of the Spectro Cloud Palette REST API (/v1) with an admin API under /__emulator__. "
                    "Prints the base URL on one line when ready, then serves until SIGTERM/SIGINT.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free port (printed on the ready line)")
    p.add_argument("--seed", default="demo",
                   help=f"seed file (YAML) or the name of a bundled seed ({', '.join(bundled_seeds())})")
    p.add_argument("--clusters", type=int, default=0, metavar="N",
                   help="add a generated fleet of N clusters (with projects and profiles) to the seed")
    p.add_argument("--strict", action="store_true",
                   help="answer 400 naming any request-body field the API spec does not define (real Palette ignores them)")
    p.add_argument("--no-rate-limits", dest="rate_limits", action="store_false",
                   help="turn off the per-address, per-endpoint-prefix rate limits (on by default, REFERENCE.md section 7)")
    p.add_argument("--retry-after", type=int, default=None, metavar="SECONDS",
                   help="add 'Retry-After: SECONDS' to 429 answers (real Palette sends none)")
    p.add_argument("--token-lifetime", type=int, default=900, metavar="SECONDS",
                   help="lifetime of tokens from /v1/auth/authenticate and /v1/auth/refresh, on the emulator clock")
    p.add_argument("--apply-seconds", type=float, default=2.0, metavar="SECONDS",
                   help="emulator-clock seconds the agent takes to install a profile change (status.packs[] shows the progress)")
    p.add_argument("--auto-apply", action="store_true",
                   help="publishing a profile starts the update on every cluster using it (default: clusters wait for an apply)")
    for name, values in SWITCHES.items():
        p.add_argument("--" + name.replace("_", "-"), choices=values, default=values[0],
                       help=f"unknown of REFERENCE.md section 12 (docs/dev/apply-lifecycle.md): {' | '.join(values)}")
    p.add_argument("--echo-secret-in-errors", action="store_true",
                   help="auth failures repeat the presented API key in the error message, as real Palette has done")
    p.add_argument("--validate-responses", action="store_true",
                   help="check every answer against the spec; problems are listed at GET /__emulator__/violations")
    p.add_argument("--record-responses", metavar="FILE", default=None,
                   help="append a sample of response bodies (JSON lines: method, path, status, body) to FILE")
    p.add_argument("--spec", metavar="FILE", default=None,
                   help="API spec (Swagger 2.0 JSON, optionally .gz) used for validation; default: the bundled subset")
    p.add_argument("--tls-cert", metavar="FILE", default=None, help="serve HTTPS with this certificate (PEM); needs --tls-key")
    p.add_argument("--tls-key", metavar="FILE", default=None, help="private key (PEM) for --tls-cert")
    p.add_argument("--exit-with-parent", action="store_true",
                   help="stop when the process that started this one exits (test harnesses set it so a killed test run leaves no emulator behind)")
    p.add_argument("--log-level", default="WARNING", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="log level (stderr)")
    return p


def config_from_args(args):
    """Config from parsed options."""
    return Config(strict=args.strict, rate_limits=args.rate_limits, retry_after=args.retry_after,
                  token_lifetime=args.token_lifetime, apply_seconds=args.apply_seconds, auto_apply=args.auto_apply,
                  echo_secret_in_errors=args.echo_secret_in_errors, validate_responses=args.validate_responses,
                  **{name: getattr(args, name) for name in SWITCHES})


async def serve(args, emu):
    """Run the server until a stop signal."""
    app = build_app(emu)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    ssl_ctx = None
    if args.tls_cert:
        ssl_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_ctx.load_cert_chain(args.tls_cert, args.tls_key)
    site = web.TCPSite(runner, args.host, args.port, ssl_context=ssl_ctx, backlog=1024)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # pylint: disable=protected-access
    host = args.host if args.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    print(f"{'https' if ssl_ctx else 'http'}://{host}:{port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    watcher = asyncio.create_task(_watch_parent(stop)) if args.exit_with_parent else None
    await stop.wait()
    if watcher is not None:
        watcher.cancel()
    await runner.cleanup()


async def _watch_parent(stop):
    """Set ``stop`` once the parent process is gone (we get re-parented, so getppid() changes)."""
    parent = os.getppid()
    while not stop.is_set():
        await asyncio.sleep(1.0)
        if os.getppid() != parent:
            stop.set()


def main(argv=None):
    """Entry point of the ``palette-emulator`` script."""
    args = parser().parse_args(argv)
    logging.basicConfig(level=args.log_level, stream=sys.stderr, format="palette-emulator: %(levelname)s %(message)s")
    if bool(args.tls_cert) != bool(args.tls_key):
        parser().error("--tls-cert and --tls-key go together")
    if args.clusters < 0:
        parser().error("--clusters must be >= 0")
    try:
        doc = read_seed_file(resolve_seed_path(args.seed))
        emu = Emulator(config_from_args(args), doc, extra_clusters=args.clusters, spec_path=args.spec,
                       record_responses=args.record_responses)
    except (SeedError, OSError, ValueError) as err:
        print(f"palette-emulator: {err}", file=sys.stderr)
        sys.exit(2)
    try:
        asyncio.run(serve(args, emu))
    except OSError as err:
        print(f"palette-emulator: cannot serve on {args.host}:{args.port}: {err}", file=sys.stderr)
        sys.exit(1)
