"""Shared fixtures for the emulator's own tests: every test talks HTTP to a real emulator process."""

import os
import tempfile

import pytest

# Import the plugin's fixtures rather than declaring pytest_plugins: that declaration is only allowed in a root
# conftest, and this directory may be collected as part of a larger run.
from palette_emulator.pytest_plugin import emulator, emulator_reset  # noqa: F401  pylint: disable=unused-import
from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_UID

# Every emulator started by this suite records sample responses here; test_zz_spec_responses.py checks them all
# against the spec's response definitions at the end of the run.
RECORD_DIR = os.environ.setdefault("PALETTE_EMULATOR_RECORD_DIR", tempfile.mkdtemp(prefix="palette-emulator-responses-"))


@pytest.fixture
def api(emulator_reset):
    """An Api bound to the freshly reset session emulator, as the demo key in project edge-prod."""
    from emulator_helpers import Api  # pylint: disable=import-outside-toplevel
    return Api(emulator_reset, key=DEMO_API_KEY, project=DEMO_PROJECT_UID)
