# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Harness for the playbook tests: real ``ansible-playbook`` runs of ``playbooks/*.yml`` against a real emulator.

The collection is made importable as ``spectrocloud.palette`` through a symlink in a temporary directory (the
playbook runs from this checkout, so what is tested is what is committed). Every run gets a clean environment:
no ``PALETTE_*``/``ANSIBLE_*`` variable of the caller leaks in, and the rate-limit state, Ansible's home and temp
directories are private to the test.

Run: ``.venv/bin/python -m pytest -q -p no:cacheprovider tests/playbooks`` (or ``make playbook-tests``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION_ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
# ansible_output (reading messages that ansible-core may have wrapped) is shared with the reliability suites;
# appended, so that this suite's own modules (conftest) come first
sys.path.append(os.path.join(HERE, "..", "reliability"))


def _collections_path(tmp_root):
    """A directory holding ``ansible_collections/spectrocloud/palette`` -> this checkout."""
    parts = COLLECTION_ROOT.split(os.sep)
    if parts[-3:-1] == ["ansible_collections", "spectrocloud"] and parts[-1] == "palette":
        return os.sep.join(parts[:-3]) or os.sep
    farm = os.path.join(tmp_root, "collections")
    link = os.path.join(farm, "ansible_collections", "spectrocloud", "palette")
    if not os.path.exists(link):
        os.makedirs(os.path.dirname(link))
        os.symlink(COLLECTION_ROOT, link)
    return farm


class PlaybookRunner(object):
    """Runs ``ansible-playbook -i <inventory> <playbook>`` from the collection root with a clean environment."""

    def __init__(self, tmp_root, url, api_key):
        self.tmp_root = tmp_root
        self.url = url
        self.api_key = api_key
        self.collections = _collections_path(tmp_root)
        for name in ("ratelimit", "home", "ansible-tmp"):
            path = os.path.join(tmp_root, name)
            if not os.path.isdir(path):
                os.makedirs(path)

    def env(self):
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("PALETTE_", "SPECTROCLOUD_", "ANSIBLE_")))
        env.update({
            "PALETTE_HOST": self.url,
            "PALETTE_API_KEY": self.api_key,
            "ANSIBLE_COLLECTIONS_PATH": self.collections,
            "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_HOME": os.path.join(self.tmp_root, "home", ".ansible"),
            "ANSIBLE_LOCAL_TEMP": os.path.join(self.tmp_root, "ansible-tmp"),
            "PALETTE_RATE_LIMIT_DIR": os.path.join(self.tmp_root, "ratelimit"),
        })
        return env

    cwd = COLLECTION_ROOT

    @staticmethod
    def command(playbook, inventory, extra_vars=None, args=()):
        """The ``ansible-playbook`` command line (the one next to the Python running the tests)."""
        bindir = os.path.dirname(sys.executable)
        cmd = [sys.executable, os.path.join(bindir, "ansible-playbook"), "-i", inventory, playbook]
        if extra_vars:
            cmd += ["-e", json.dumps(extra_vars)]
        return cmd + list(args)

    def run(self, playbook, inventory, extra_vars=None, args=(), timeout=600):
        """Returns the completed process (stdout and stderr as text)."""
        return subprocess.run(self.command(playbook, inventory, extra_vars, args), env=self.env(), cwd=self.cwd,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=timeout,
                              check=False)


@pytest.fixture
def playbook_runner(tmp_path):
    """``playbook_runner(url, api_key)`` -> a PlaybookRunner with private temp directories."""
    def make(url, api_key):
        return PlaybookRunner(str(tmp_path), url, api_key)
    return make
