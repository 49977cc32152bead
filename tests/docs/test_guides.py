# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every guide of the docsite works as written: its commands run against the emulator (issue #20).

How a guide's blocks are run (docs/dev/guides-tests.md has the whole convention):
  * ``console`` blocks: every line starting with ``$ `` runs in bash (a trailing backslash goes on); other lines are
    sample output; one whose comment says ``# changed=0`` must show changed=0 for every host of its PLAY RECAP.
    ``shell``/``bash`` blocks run whole, with ``set -e``. Exported variables and ``cd`` carry on to
    the next command of the same guide; there is no standard input.
  * ``yaml`` blocks whose first line is ``# <file>.yml`` are saved under that path when reached; other yaml blocks
    only have to parse. A block holding a play must be saved and named by a later command.
  * ``text`` and other blocks are not run.
  * ``.. guide-test: skip <reason>`` right before a block: not run (a real Palette, Galaxy, AWX, a prompt); listed
    with the reason at the end of the test's output. ``.. guide-test: setup``: run once before all guides.
  * The emulator starts once, from the emulator guide's own ``palette-emulator`` command with ``--port 0``;
    ``127.0.0.1:8080`` becomes its address everywhere. ``git clone`` is not run (the fresh copy of the working tree
    is the clone), nor is ``pip install`` (the virtualenv running the test has it; a path it names must exist).
  * The emulator is reset to its demo seed before each guide. Guides other than the emulator guide start with
    PALETTE_HOST, PALETTE_API_KEY and PALETTE_PROJECT of the emulator's demo seed, as that guide exports them.
    ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED=true, so that an inventory that does not parse fails the command.

Run: ``.venv/bin/python -m pytest -q -p no:cacheprovider -n 2 tests/docs`` (each xdist worker has its own workspace).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os

import pytest

from guide_blocks import read_blocks
from guide_run import GUIDE_DIR, GUIDES, MARKERS, guide_path


def test_every_guide_is_run():
    found = sorted(os.path.basename(path)[len("guide_"):-len(".rst")]
                   for path in glob.glob(os.path.join(GUIDE_DIR, "guide_*.rst")))
    assert found == sorted(GUIDES), "add a new guide to GUIDES in tests/docs/guide_run.py"


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_blocks_follow_the_convention(guide):
    """Known markers only, and every play is saved under a name that a later command runs."""
    blocks = read_blocks(guide_path(guide))
    problems = []
    for index, block in enumerate(blocks):
        unknown = set(block.markers) - set(MARKERS)
        if unknown:
            problems.append("line %d: unknown guide-test marker %s" % (block.line, ", ".join(sorted(unknown))))
        if block.skip_reason is not None or not block.is_play():
            continue
        if not block.save_as:
            problems.append("line %d: a play without a first line '# <file>.yml' to save it as" % block.line)
            continue
        later = "\n".join(block_.text for block_ in blocks[index + 1:]
                          if block_.language in ("console", "shell", "bash") and block_.skip_reason is None)
        if block.save_as not in later:
            problems.append("line %d: no command after it runs %s" % (block.line, block.save_as))
    assert not problems, "guide_%s.rst:\n%s" % (guide, "\n".join(problems))


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_runs_as_written(guide, guide_workspace, request):
    guide_workspace.reset_emulator()
    try:
        guide_workspace.run_guide(guide, guide_workspace.new_shell(guide), setup=False)
    finally:
        # for the summary at the end (conftest), also from pytest-xdist workers
        request.node.user_properties.append(
            ("guide_not_run", [entry for entry in guide_workspace.not_run if entry[0] == guide]))
        request.node.user_properties.append(
            ("guide_timings", [entry for entry in guide_workspace.timings if entry[1] == guide]))
