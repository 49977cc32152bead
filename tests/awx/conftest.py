# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the AWX / execution environment tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

from awx_testlib import ROOT, run

# ansible_output (reading messages that ansible-core may have wrapped) is shared with the reliability suites;
# appended, so that this suite's own modules (conftest) come first
sys.path.append(os.path.join(ROOT, "tests", "reliability"))


@pytest.fixture(scope="session")
def staged_collections(tmp_path_factory):
    """A staged copy of the checkout at <dir>/ansible_collections/spectrocloud/palette; returns <dir>."""
    base = tmp_path_factory.mktemp("staged")
    dest = os.path.join(str(base), "ansible_collections", "spectrocloud", "palette")
    run(["bash", os.path.join(ROOT, "hacking", "stage-collection.sh"), dest])
    return str(base)
