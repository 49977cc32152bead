"""Run a real emulator process from tests: ``EmulatorProcess``.

    with EmulatorProcess(seed="demo", strict=True, rate_limits=False) as emu:
        requests.get(emu.url + "/v1/users/info", headers={"ApiKey": DEMO_API_KEY})
        emu.requests()       # the request log
        emu.state()          # the whole stored state
        emu.reset()          # back to the seed

Only the standard library (and PyYAML, a dependency of the emulator) is used here, so any test environment can
import it. If ``PALETTE_EMULATOR_RECORD_DIR`` is set, every process started records sample response bodies there
(``--record-responses``), so a suite can check them against the spec at the end.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request

import yaml

from palette_emulator.seed import read_seed_file, resolve_seed_path

DEMO_SEED = resolve_seed_path("demo")
DEMO_API_KEY = "PALETTE-EMULATOR-DEMO-KEY-edge-prod-not-a-real-secret"
DEMO_PROJECT_NAME = "edge-prod"
DEMO_PROJECT_UID = "69791bbdb68bd0033ad275a5"


def demo_seed():
    """The demo seed as a dict (to tweak and pass to ``reset(seed=...)``)."""
    return read_seed_file(DEMO_SEED)


class EmulatorError(RuntimeError):
    """The emulator process failed to start or an admin call failed."""


class EmulatorProcess:  # pylint: disable=too-many-instance-attributes
    """A ``palette-emulator`` child process on a free port.

    ``seed`` is a path, a bundled seed name, or a dict (written to a temporary YAML file). ``extra_args`` are
    passed to the command line as-is (e.g. ``("--auto-apply", "--apply-seconds", "0")``).
    ``port`` 0 picks a free port; give the port of a stopped instance to start a new one in its place.
    """

    def __init__(self, seed="demo", strict=True, rate_limits=False, extra_args=(), start_timeout=30.0, env=None,
                 port=0):
        self.seed = seed
        self.port = port   # 0: a free port; a fixed one lets a test restart the emulator where a client expects it
        self.strict = strict
        self.rate_limits = rate_limits
        self.extra_args = tuple(extra_args)
        self.start_timeout = start_timeout
        self.env = env
        self.url = None
        self.proc = None
        self._seed_file = None
        self._stderr = []
        self.ssl_context = None

    # -- lifecycle ------------------------------------------------------------------------------------
    def command(self):
        """The command line used to start the process."""
        seed = self.seed
        if isinstance(seed, dict):
            handle = tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False, encoding="utf-8")  # pylint: disable=consider-using-with
            yaml.safe_dump(seed, handle, sort_keys=False)
            handle.close()
            self._seed_file = handle.name
            seed = handle.name
        cmd = [sys.executable, "-m", "palette_emulator", "--port", str(self.port), "--seed", str(seed), "--exit-with-parent"]
        if self.strict:
            cmd.append("--strict")
        if not self.rate_limits:
            cmd.append("--no-rate-limits")
        record_dir = os.environ.get("PALETTE_EMULATOR_RECORD_DIR")
        if record_dir and "--record-responses" not in self.extra_args:
            # Test suites set this to collect response bodies and check them against the spec afterwards.
            os.makedirs(record_dir, exist_ok=True)
            cmd.extend(["--record-responses", os.path.join(record_dir, f"responses-{os.getpid()}-{id(self):x}.jsonl")])
        cmd.extend(self.extra_args)
        return cmd

    def start(self):
        """Start the process and wait for its ready line (the base URL)."""
        env = dict(os.environ)
        if self.env:
            env.update(self.env)
        self.proc = subprocess.Popen(self.command(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # pylint: disable=consider-using-with
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        line = [None]

        def read_line():
            line[0] = self.proc.stdout.readline()
        reader = threading.Thread(target=read_line, daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        if not line[0]:
            self.stop()
            raise EmulatorError("palette-emulator did not start: " + "".join(self._stderr).strip())
        self.url = line[0].strip()
        return self

    def _drain_stderr(self):
        for text in self.proc.stderr:
            self._stderr.append(text)

    @property
    def stderr(self):
        """What the process wrote to stderr so far."""
        return "".join(self._stderr)

    def stop(self):
        """Stop the process (SIGTERM, then SIGKILL after 5 s)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc is not None and self.proc.stdout:
            self.proc.stdout.close()
        if self._seed_file:
            os.unlink(self._seed_file)
            self._seed_file = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- admin API --------------------------------------------------------------------------------------
    def admin(self, method, path, json=None):  # pylint: disable=redefined-outer-name
        """Call the admin API (``path`` like ``/reset`` or ``/__emulator__/reset``); returns parsed JSON.

        Raises EmulatorError with the emulator's error message on a non-2xx answer.
        """
        if not path.startswith("/__emulator__"):
            path = "/__emulator__" + (path if path.startswith("/") else "/" + path)
        data = None if json is None else _dumps(json).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method.upper(),
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60, context=self.ssl_context) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as err:
            raw = err.read()
            try:
                message = _loads(raw).get("error", raw.decode())
            except ValueError:
                message = raw.decode(errors="replace")
            raise EmulatorError(f"{method} {path}: HTTP {err.code}: {message}") from err
        return _loads(raw) if raw else None

    def requests(self, since=None):
        """The request log entries (after id ``since``)."""
        return self.admin("GET", "/requests" + (f"?since={since}" if since is not None else ""))["requests"]

    def state(self):
        """The whole stored state."""
        return self.admin("GET", "/state")

    def reset(self, seed=None):
        """Back to the start seed, or load ``seed`` (a dict)."""
        return self.admin("POST", "/reset", {} if seed is None else {"seed": seed})

    def config(self, **changes):
        """Read (no arguments) or change the run-time config."""
        if changes:
            return self.admin("PATCH", "/config", changes)
        return self.admin("GET", "/config")

    def fault(self, **spec):
        """Queue a fault; returns its id."""
        return self.admin("POST", "/faults", spec)["id"]

    def advance_clock(self, seconds):
        """Move the emulator clock forward."""
        return self.admin("POST", "/clock", {"advance": seconds})


def _dumps(data):
    return json.dumps(data)


def _loads(raw):
    return json.loads(raw)
