"""Shared fixtures of the reliability suites (tests/reliability).

These suites run the collection the way a user does: ``ansible-playbook`` / ``ansible-inventory`` as
subprocesses, against a real emulator process, and assert on what the emulator stored and logged.

* ``collections_path`` (session): a staged copy of the working tree under ``.../ansible_collections/spectrocloud/palette``
  (hacking/stage-collection.sh); removed at the end.
* ``emulator`` (session): one emulator with the demo seed, strict, client-visible rate limits off;
  ``emulator_reset`` resets it to the seed (log, faults, config) before a test.
* ``ansible`` (function): an :class:`AnsibleRunner` with a private temp dir, environment and rate-limit directory.

Run: ``.venv/bin/python -m pytest -q -p no:cacheprovider tests/reliability``.
"""

import os
import shutil
import subprocess
import sys

import pytest

from palette_emulator.testing import EmulatorProcess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


@pytest.fixture(scope="session")
def collections_path():
    """A staged copy of the collection; the value is the directory to put on ANSIBLE_COLLECTIONS_PATH."""
    staged = subprocess.run(["bash", os.path.join(ROOT, "hacking", "stage-collection.sh")], check=True,
                            capture_output=True, text=True).stdout.strip()
    base = staged.split("/ansible_collections/")[0]
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def emulator():
    with EmulatorProcess(seed="demo", strict=True, rate_limits=False, extra_args=("--apply-seconds", "0")) as emu:
        yield emu


@pytest.fixture
def emulator_reset(emulator):
    emulator.reset()
    return emulator


def writes(emu, since=None):
    """The request-log entries of ``emu`` that changed state."""
    return [r for r in emu.requests(since) if r.get("write")]


class AnsibleRunner:
    """Runs ansible-playbook / ansible-inventory with the staged collection and a clean environment.

    The environment carries no PALETTE_* variable of the caller's shell (so a test only has the credentials it
    gives), has its own rate-limit state and Ansible temp directories under ``self.tmp``.
    """

    def __init__(self, collections_path, tmp):
        self.tmp = str(tmp)
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("PALETTE_", "SPECTROCLOUD_", "ANSIBLE_"))}
        self.env.update({
            "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
            "ANSIBLE_COLLECTIONS_PATH": collections_path,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0",
            "ANSIBLE_LOCAL_TEMP": os.path.join(self.tmp, "ansible-local"),
            "ANSIBLE_REMOTE_TMP": os.path.join(self.tmp, "ansible-remote"),
            "PALETTE_RATE_LIMIT_DIR": os.path.join(self.tmp, "ratelimit"),
        })

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path

    def run(self, args, env=None, timeout=300, cwd=None):
        """Run a command (``args[0]`` is looked up in the venv); returns CompletedProcess (text)."""
        full_env = dict(self.env)
        full_env.update(env or {})
        return subprocess.run(args, env=full_env, cwd=cwd or self.tmp, capture_output=True, text=True,
                              timeout=timeout, check=False)

    def playbook(self, playbook, *args, env=None, timeout=300):
        """``ansible-playbook -i localhost, PLAYBOOK ARGS``; ``playbook`` is a path or YAML text."""
        if "\n" in playbook:
            playbook = self.write("playbook-%d.yml" % len(os.listdir(self.tmp)), playbook)
        return self.run(["ansible-playbook", "-i", "localhost,", "-c", "local", playbook] + list(args),
                        env=env, timeout=timeout)

    def inventory(self, config_path, *args, env=None, timeout=300):
        return self.run(["ansible-inventory", "-i", config_path] + list(args), env=env, timeout=timeout)


@pytest.fixture
def ansible(collections_path, tmp_path):
    return AnsibleRunner(collections_path, tmp_path)


@pytest.fixture(scope="module")
def limited_emulator():
    """One demo-seed emulator per test module as CI runs it: strict bodies and rate limits ON (a client that
    bunches requests gets 429s). A cluster spends one second (emulator clock) applying a change, long enough for a
    test to act on an apply in progress. Reset it per test with ``limited_emulator.reset()``."""
    with EmulatorProcess(seed="demo", strict=True, rate_limits=True, extra_args=("--apply-seconds", "1")) as emu:
        yield emu
