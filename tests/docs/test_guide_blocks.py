# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the guides test reads an rst guide: blocks, their lines, markers, commands and file names."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from guide_blocks import read_blocks

SAMPLE = """Title
=====

.. guide-test: setup
.. code-block:: console

  $ export A=1 \\
      B=2
  output line, not run
  $ echo "$A$B"   # changed=0

* a list item with a block of its own:

  .. code-block:: yaml

    extra: "{{ vars }}"

.. guide-test: skip needs AWX

.. code-block:: yaml

  # plays/site.yml
  - name: A play
    hosts: localhost
    tasks: []

.. code-block:: text

  $ not a command
"""


def blocks(tmp_path):
    path = tmp_path / "guide_sample.rst"
    path.write_text(SAMPLE)
    return read_blocks(str(path))


def test_blocks_languages_lines_and_markers(tmp_path):
    found = blocks(tmp_path)
    assert [(block.language, block.line) for block in found] == [("console", 7), ("yaml", 16), ("yaml", 22), ("text", 29)]
    assert found[0].setup and found[0].skip_reason is None
    assert found[2].skip_reason == "needs AWX"   # a blank line between marker and directive is allowed
    assert found[1].markers == {}


def test_console_commands_with_continuations(tmp_path):
    console = blocks(tmp_path)[0]
    assert console.commands() == [(7, 'export A=1 \\\n    B=2'), (10, 'echo "$A$B"   # changed=0')]


def test_indented_block_and_file_names(tmp_path):
    found = blocks(tmp_path)
    assert found[1].text == 'extra: "{{ vars }}"\n'
    assert found[1].save_as is None and not found[1].is_play()
    assert found[2].save_as == "plays/site.yml" and found[2].is_play()
