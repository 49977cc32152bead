# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The guides test's workspace: a fresh copy, the emulator and the collection installed by the setup blocks.

With pytest-xdist every worker has a workspace of its own (a session fixture is per worker), so the guides can run
side by side (``-n 2``): most of a guide's time is spent waiting for clusters to install."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from guide_run import GUIDES, Workspace

# What the guide tests report (their user_properties, which reach the controller from xdist workers too)
NOT_RUN = set()   # (guide, line, why): blocks and commands not run
TIMINGS = []      # (seconds, guide, line) of each command


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


def pytest_runtest_logreport(report):
    if report.when != "call":
        return
    for name, entries in report.user_properties:
        if name == "guide_not_run":
            NOT_RUN.update(tuple(entry) for entry in entries)
        elif name == "guide_timings":
            TIMINGS.extend(tuple(entry) for entry in entries)


def pytest_terminal_summary(terminalreporter):
    if NOT_RUN:
        terminalreporter.write_sep("-", "guide blocks and commands the test did not run")
        for guide, line, why in sorted(NOT_RUN):
            terminalreporter.write_line("guide_%s.rst, line %d: %s" % (guide, line, why))
    if TIMINGS:
        terminalreporter.write_sep("-", "the slowest guide commands")
        for seconds, guide, line in sorted(TIMINGS, reverse=True)[:8]:
            terminalreporter.write_line("%6.1f s  guide_%s.rst, line %d" % (seconds, guide, line))
