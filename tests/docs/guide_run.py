# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs a guide's blocks as a reader would, in a fresh copy of the working tree, against one emulator started by the
emulator guide's own command (the rules: docs/dev/guides-tests.md)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
import yaml

from guide_blocks import read_blocks
from guide_shell import GuideShell

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GUIDE_DIR = os.path.join(ROOT, "docs", "docsite", "rst")
# In the order a reader meets them: the emulator guide starts the emulator and installs the collection.
GUIDES = ["emulator", "getting_started", "profile_updates", "fleet_rollouts", "awx"]
# The address the guides give the emulator (its command says --port 8080)
GUIDE_ADDRESS = "127.0.0.1:8080"
# What the emulator guide exports for its demo seed; every other guide starts with it
DEMO_ENV = {"PALETTE_API_KEY": "PALETTE-EMULATOR-DEMO-KEY-edge-prod-not-a-real-secret", "PALETTE_PROJECT": "edge-prod"}
PIP_INSTALL = re.compile(r"^(python3? -m )?pip3? install ")
MARKERS = ("skip", "setup")
# A command whose comment says "# changed=0" (a second run that changes nothing) is held to it: every host of its
# PLAY RECAP has changed=0.
CLAIMS_NO_CHANGE = re.compile(r"#\s*changed=0\b")
RECAP_LINE = re.compile(r"^\S+\s+: ok=\d+\s+changed=\d+.*$", re.M)


def guide_path(guide):
    return os.path.join(GUIDE_DIR, "guide_%s.rst" % guide)


class Workspace(object):
    """The fresh copy, the reader's home directory and the emulator, shared by every guide."""

    def __init__(self, base):
        missing = [tool for tool in ("git", "curl", "jq") if not shutil.which(tool)]
        if missing:   # the guides' commands use them, as a reader's machine has them
            pytest.fail("the guides need %s (Debian: apt-get install %s)" % (", ".join(missing), " ".join(missing)),
                        pytrace=False)
        self.base = base
        self.copy = os.path.join(base, "ansible-collection-palette")   # the directory the guide's git clone makes
        self.home = os.path.join(base, "home")
        self.scratch = os.path.join(base, "scratch")
        for path in (self.home, self.scratch):
            os.makedirs(path)
        subprocess.run(["bash", os.path.join(ROOT, "hacking", "stage-collection.sh"), self.copy], check=True,
                       stdout=subprocess.DEVNULL)
        # a repository of its own, as the guide's git clone makes (commands that ask git for the files work)
        git = ["git", "-c", "user.name=guides test", "-c", "user.email=guides-test@example.com", "-C", self.copy]
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "--no-verify", "-m", "the working tree"]):
            subprocess.run(git + args, check=True, stdout=subprocess.DEVNULL)
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("PALETTE_", "SPECTROCLOUD_", "ANSIBLE_")))
        # an inventory that does not parse is an error, not a warning and a run on no hosts that passes
        env.update({"HOME": self.home, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true",
                    # the tools of the virtualenv running the test: ansible-*, palette-emulator, python3
                    "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")})
        self.env = env
        self.emulator = None
        self.emulator_log = None
        self.url = None
        self.not_run = []   # (guide, line, why)
        self.timings = []   # (seconds, guide, line) of each command, for the summary

    # -- the emulator ------------------------------------------------------------------------------------------
    def start_emulator(self, command, env):
        """Start the emulator with the guide's command, on a free port instead of 8080."""
        if self.emulator is not None:
            raise AssertionError("a guide starts a second emulator: %s" % command)
        args = shlex.split(command)
        if "--port" in args:
            args[args.index("--port") + 1] = "0"
        args[0] = shutil.which(args[0], path=env.get("PATH")) or args[0]
        # stops with the test run, even a killed one
        args.append("--exit-with-parent")
        self.emulator_log = open(os.path.join(self.scratch, "emulator.log"), "w")  # pylint: disable=consider-using-with
        self.emulator = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=self.emulator_log,  # pylint: disable=consider-using-with
                                         stdin=subprocess.DEVNULL, universal_newlines=True)
        line = []
        reader = threading.Thread(target=lambda: line.append(self.emulator.stdout.readline()), daemon=True)
        reader.start()
        reader.join(30)
        if not line or not line[0].startswith("http"):
            raise AssertionError("the emulator did not start (%s): %s" % (command, self.read_emulator_log()))
        self.url = line[0].strip()

    def read_emulator_log(self):
        with open(os.path.join(self.scratch, "emulator.log")) as handle:
            return handle.read()

    def reset_emulator(self):
        """Back to the demo seed, its start configuration, no faults."""
        request = urllib.request.Request(self.url + "/__emulator__/reset", data=b"{}", method="POST")
        with urllib.request.urlopen(request) as answer:
            answer.read()

    def stop(self):
        if self.emulator is not None:
            self.emulator.terminate()
            try:
                self.emulator.wait(10)
            except subprocess.TimeoutExpired:
                self.emulator.kill()
                self.emulator.wait(10)
            self.emulator.stdout.close()
            self.emulator_log.close()

    # -- a guide -----------------------------------------------------------------------------------------------
    def localize(self, text):
        """The guide's text with the emulator's real address."""
        if self.url is None:
            return text
        return text.replace(GUIDE_ADDRESS, self.url.split("://", 1)[1])

    def new_shell(self, guide):
        env = dict(self.env)
        if guide != "emulator":
            env.update(DEMO_ENV, PALETTE_HOST=self.url)
        return GuideShell(env, self.copy, self.scratch)

    def run_guide(self, guide, shell, setup):
        """Run the guide's setup blocks (setup=True) or all its other blocks, in order."""
        for block in read_blocks(guide_path(guide)):
            where = "guide_%s.rst, line %d" % (guide, block.line)
            if block.skip_reason is not None:
                if not setup:
                    self.not_run.append((guide, block.line, "skipped: " + block.skip_reason))
                continue
            if block.setup != setup:
                continue
            if block.language == "console":
                for line, command in block.commands():
                    self.run_command(guide, shell, line, command)
            elif block.language in ("shell", "bash"):
                self.check(where, block.text, shell.run(self.localize(block.text), exit_on_error=True))
            elif block.language == "yaml":
                try:
                    yaml.safe_load(block.text)
                except yaml.YAMLError as err:
                    pytest.fail("%s: the yaml block does not parse: %s" % (where, err), pytrace=False)
                if block.save_as:
                    shell.save(block.save_as, self.localize(block.text))
            elif not setup and block.commands():
                # commands shown in a block of another language are commands no test runs: listed like a skip
                self.not_run.append((guide, block.line, "a '%s' block of $ commands" % block.language))

    def run_command(self, guide, shell, line, command):
        stripped = command.strip()
        if stripped.startswith("git clone "):
            self.not_run.append((guide, line, "git clone: the fresh copy of the working tree is the clone"))
        elif PIP_INSTALL.match(stripped):
            args = shlex.split(stripped)
            for index, arg in enumerate(args):
                named = arg.startswith(("./", "/")) or (index and args[index - 1] in ("-r", "--requirement"))
                if named and not os.path.exists(os.path.join(shell.cwd, arg)):
                    pytest.fail("guide_%s.rst, line %d: %s: no %s in the checkout" % (guide, line, stripped, arg),
                                pytrace=False)
            self.not_run.append((guide, line, "pip install: the test's virtualenv has it (requirements-test.txt)"))
        elif stripped.startswith("palette-emulator "):
            self.start_emulator(stripped, shell.env)
        else:
            started = time.time()
            result = shell.run(self.localize(command))
            self.timings.append((time.time() - started, guide, line))
            where = "guide_%s.rst, line %d" % (guide, line)
            self.check(where, command, result)
            if CLAIMS_NO_CHANGE.search(command):
                changed = [text for text in RECAP_LINE.findall(result[1]) if "changed=0 " not in text + " "]
                if not RECAP_LINE.search(result[1]) or changed:
                    pytest.fail("%s: the guide says changed=0, the run says:\n%s" % (where, result[1][-3000:]),
                                pytrace=False)

    def check(self, where, command, result):
        status, output = result
        if status != 0:
            log = ""
            if self.emulator is not None and self.emulator.poll() is not None:
                log = "\nthe emulator stopped:\n" + self.read_emulator_log()
            pytest.fail("%s: the command failed (exit status %d):\n%s\n--- output ---\n%s%s"
                        % (where, status, command, output[-8000:], log), pytrace=False)
