# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the AWX / execution environment tests (plain pytest, run by `make awx-check`)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
AWX_GUIDE = os.path.join(ROOT, "docs", "docsite", "rst", "guide_awx.rst")
# The tools of the virtualenv that runs pytest (ansible-galaxy, ansible-builder, ansible, ...)
BIN = os.path.dirname(sys.executable)


def tool_env(**extra):
    """The environment for the tools: this virtualenv first on PATH, no PALETTE_* from the caller's shell."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("PALETTE_", "SPECTROCLOUD_")))
    env["PATH"] = BIN + os.pathsep + env.get("PATH", "")
    env.update(extra)
    return env


def run(args, env=None, cwd=None, check=True):
    """Run a command; on failure show its output in the assertion message."""
    proc = subprocess.run(args, cwd=cwd or ROOT, env=env or tool_env(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True, check=False)
    if check and proc.returncode != 0:
        pytest.fail("%s exited %d\nstdout:\n%s\nstderr:\n%s" % (" ".join(args), proc.returncode, proc.stdout, proc.stderr))
    return proc


def rst_code_blocks(path, language):
    """The bodies of an rst file's ``.. code-block:: <language>`` directives, dedented, without the blank lines
    around them."""
    with open(path) as handle:
        lines = handle.read().splitlines()
    blocks = []
    for index, line in enumerate(lines):
        if line.strip() == ".. code-block:: %s" % language:
            indent = len(line) - len(line.lstrip())
            body = []
            for following in lines[index + 1:]:
                if following.strip() and len(following) - len(following.lstrip()) <= indent:
                    break
                body.append(following)
            blocks.append(textwrap.dedent("\n".join(body)).strip("\n") + "\n")
    return blocks
