# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading what ``ansible-playbook`` / ``ansible-inventory`` printed, on every supported ansible-core line.

ansible-core before 2.19 wraps warnings, deprecations and errors at the terminal width (79 columns without a
terminal, as in these tests) with ``textwrap``: a line break takes the place of a space, or is put after a hyphen or
inside a word longer than the line. 2.19 and later print each message on one line. A test that looks for a phrase
(an expected message, or a secret that must NOT be there) uses these helpers so that it finds the phrase on both:
they undo only that wrapping, so nothing matches that would not have matched unwrapped.

Shared by the suites under tests/ (their conftest puts this directory on ``sys.path``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools
import re

# A line break textwrap made: a newline, maybe with the spaces it dropped around it (deprecations keep them).
_WRAP = r"[ \t]*\n[ \t]*"
# Where a wrapped message starts: core's tags for warnings, deprecations and errors.
_MESSAGE_START = re.compile(r"^(\[[A-Z][A-Z ]*\]:|ERROR!)")


@functools.lru_cache(maxsize=None)
def _pattern(phrase):
    """``phrase`` as a regex: each whitespace run is itself or a wrap; between two other characters a wrap may be."""
    parts = []
    for index, run in enumerate(re.split(r"(\s+)", phrase)):
        if index % 2:
            parts.append("(?:%s|%s)" % (re.escape(run), _WRAP))
        elif run:
            parts.append(("(?:%s)?" % _WRAP).join(re.escape(char) for char in run))
    return re.compile("".join(parts))


def said(text, phrase):
    """Whether ``phrase`` is in ``text``, as printed or wrapped by ansible-core."""
    return phrase in text or _pattern(phrase).search(text) is not None


def unwrapped_lines(text):
    """``text.splitlines()``, except that the continuation lines of a wrapped warning, deprecation or error stay in
    the line of the message they belong to (still separated by their line breaks, for :func:`said`).

    A message goes on to the next tagged message or blank line; on 2.19+ a message is one line, so this is
    ``splitlines()`` there except for lines printed under a message (such as where it came from)."""
    lines = []
    in_message = False
    for line in text.splitlines():
        starts = _MESSAGE_START.match(line) is not None
        if in_message and line.strip() and not starts:
            lines[-1] += "\n" + line
            continue
        lines.append(line)
        in_message = starts
    return lines


def without_wraps(text):
    """``text`` with every line break (and the spaces around it) removed: for patterns such as a token's that hold no
    space, so that one cut by a wrap is found whole (a false match needs two lines that join into one)."""
    return re.sub(_WRAP, "", text)
