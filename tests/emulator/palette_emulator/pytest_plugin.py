"""pytest fixtures for tests that talk HTTP to a real emulator process.

Enable with ``pytest_plugins = ["palette_emulator.pytest_plugin"]`` in a conftest.py (or ``-p
palette_emulator.pytest_plugin``). Fixtures:

* ``emulator`` (session): one ``EmulatorProcess`` with the demo seed, ``--strict``, rate limits off. Set
  ``PALETTE_EMULATOR_URL`` to use an already running emulator instead of starting one.
* ``emulator_reset`` (function): the same emulator, reset to its seed (state, log, faults, clock, config).
* ``demo_api_key``, ``demo_project_uid``, ``demo_project_name``: the demo seed's facts.
"""

import os

import pytest

from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_NAME, DEMO_PROJECT_UID, EmulatorProcess


class _External(EmulatorProcess):
    """An emulator somebody else started (``PALETTE_EMULATOR_URL``): never started or stopped here."""

    def __init__(self, url):
        super().__init__()
        self.url = url.rstrip("/")

    def start(self):
        return self

    def stop(self):
        return None


@pytest.fixture(scope="session")
def emulator():
    """A running emulator for the whole session."""
    url = os.environ.get("PALETTE_EMULATOR_URL")
    if url:
        yield _External(url)
        return
    with EmulatorProcess(seed="demo", strict=True, rate_limits=False) as emu:
        yield emu


@pytest.fixture
def emulator_reset(emulator):  # pylint: disable=redefined-outer-name
    """The session emulator, reset to its start seed before the test."""
    emulator.reset()
    return emulator


@pytest.fixture
def demo_api_key():
    """The demo seed's API key (project edge-prod)."""
    return DEMO_API_KEY


@pytest.fixture
def demo_project_uid():
    """The demo project's uid."""
    return DEMO_PROJECT_UID


@pytest.fixture
def demo_project_name():
    """The demo project's name."""
    return DEMO_PROJECT_NAME
