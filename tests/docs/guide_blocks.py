# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The code blocks of an rst guide, with their markers and line numbers (docs/dev/guides-tests.md says the rules)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import yaml

DIRECTIVE = re.compile(r"^(\s*)\.\. code-block::\s*(\S+)\s*$")
MARKER = re.compile(r"^\s*\.\. guide-test:\s*(\w+)\s*(.*?)\s*$")
SAVE_AS = re.compile(r"^#\s*(\S+\.ya?ml)\s*$")


class Block(object):
    """One code block: its language, the line of its first body line (1-based), its text and its markers."""

    def __init__(self, language, line, lines, markers):
        self.language = language
        self.line = line
        self.lines = lines
        self.markers = markers   # {"skip": reason, "setup": ""}

    @property
    def text(self):
        return "\n".join(self.lines) + "\n"

    @property
    def skip_reason(self):
        return self.markers.get("skip")

    @property
    def setup(self):
        return "setup" in self.markers

    @property
    def save_as(self):
        """The path of a yaml block whose first line is ``# <file>.yml``, else None."""
        if self.language != "yaml" or not self.lines:
            return None
        match = SAVE_AS.match(self.lines[0].strip())
        return match.group(1) if match else None

    def is_play(self):
        """A yaml block that holds a playbook (a list of plays)."""
        if self.language != "yaml":
            return False
        data = yaml.safe_load(self.text)
        return isinstance(data, list) and bool(data) and all(
            isinstance(item, dict) and ("hosts" in item or "import_playbook" in item) for item in data)

    def commands(self):
        """The commands of a console block: [(line, command)], a line ending in a backslash goes on."""
        found = []
        current = None
        for offset, text in enumerate(self.lines):
            if current is not None:
                current[1].append(text)
            elif text.startswith("$ "):
                current = (self.line + offset, [text[2:]])
            else:
                continue   # sample output
            if not text.rstrip().endswith("\\"):
                found.append((current[0], "\n".join(current[1])))
                current = None
        if current is not None:
            found.append((current[0], "\n".join(current[1])))
        return found


def _markers(lines, index):
    """The guide-test markers on the lines right before the directive at index (blank lines may come between)."""
    markers = {}
    index -= 1
    while index >= 0 and not lines[index].strip():
        index -= 1
    while index >= 0:
        match = MARKER.match(lines[index])
        if not match:
            break
        markers[match.group(1)] = match.group(2)
        index -= 1
    return markers


def read_blocks(path):
    """Every code block of the rst file at path, in order."""
    with open(path) as handle:
        lines = handle.read().splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        match = DIRECTIVE.match(lines[index])
        if not match:
            index += 1
            continue
        indent = len(match.group(1))
        start = index + 1
        # directive options (":caption: ...") come first
        while start < len(lines) and lines[start].strip().startswith(":") and _indent(lines[start]) > indent:
            start += 1
        end = start
        while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
            end += 1
        body = lines[start:end]
        while body and not body[0].strip():
            body.pop(0)
            start += 1
        while body and not body[-1].strip():
            body.pop()
        depth = min(_indent(text) for text in body if text.strip()) if body else 0
        blocks.append(Block(match.group(2), start + 1, [text[depth:] for text in body], _markers(lines, index)))
        index = end
    return blocks


def _indent(text):
    return len(text) - len(text.lstrip())
