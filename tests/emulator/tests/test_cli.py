"""The command line: --help documents every option; the ready line is the base URL."""

import re
import subprocess
import sys

from palette_emulator.cli import parser

CONTRACT_OPTIONS = ["--port", "--seed", "--strict", "--no-rate-limits", "--retry-after", "--token-lifetime", "--apply-seconds",
                    "--auto-apply", "--clusters", "--host", "--tls-cert", "--tls-key"]


def test_help_documents_every_option():
    out = subprocess.run([sys.executable, "-m", "palette_emulator", "--help"], capture_output=True, text=True, timeout=60, check=True).stdout
    for action in parser()._actions:  # pylint: disable=protected-access
        for opt in action.option_strings:
            assert opt in out, opt
        if action.option_strings and action.dest != "help":
            assert action.help, action.option_strings
    for opt in CONTRACT_OPTIONS:
        assert opt in out


def test_ready_line_is_the_url(emulator):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", emulator.url)
