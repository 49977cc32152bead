# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The guides test's workspace: a fresh copy, the emulator and the collection installed by the setup blocks."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from guide_run import GUIDES, Workspace

# The blocks and commands no guide run executed, for the summary at the end
NOT_RUN = []
TIMINGS = []


@pytest.fixture(scope="session")
def guide_workspace(tmp_path_factory):
    """The workspace after every guide's setup blocks ran (the emulator runs, the collection is installed)."""
    workspace = Workspace(str(tmp_path_factory.mktemp("guides")))
    try:
        shell = workspace.new_shell("emulator")   # the setup shell: no PALETTE_* yet
        for guide in GUIDES:
            workspace.run_guide(guide, shell, setup=True)
        if workspace.url is None:
            pytest.fail("no setup block starts the emulator (palette-emulator ...)", pytrace=False)
        yield workspace
    finally:
        workspace.stop()
        NOT_RUN.extend(workspace.not_run)
        TIMINGS.extend(workspace.timings)


def pytest_terminal_summary(terminalreporter):
    if NOT_RUN:
        terminalreporter.write_sep("-", "guide blocks and commands the test did not run")
        for guide, line, why in sorted(set(NOT_RUN)):
            terminalreporter.write_line("guide_%s.rst, line %d: %s" % (guide, line, why))
    if TIMINGS:
        terminalreporter.write_sep("-", "the slowest guide commands")
        for seconds, guide, line in sorted(TIMINGS, reverse=True)[:8]:
            terminalreporter.write_line("%6.1f s  guide_%s.rst, line %d" % (seconds, guide, line))
