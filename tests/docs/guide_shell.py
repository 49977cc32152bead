# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A reader's shell for the guides test: each command runs in a new bash, which hands on its exported variables and
its working directory to the next one, as one terminal session would."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import tempfile

# Runs the command file $1 in this shell (so that cd and export take effect), then writes the environment and the
# working directory for the next command. pipefail: `curl ... | jq` fails when curl does.
WRAPPER = r"""set -o pipefail
source "$1"
rc=$?
env -0 > "$2"
printf '%s' "$PWD" > "$3"
exit $rc
"""
# bash sets these itself; handing them on would only count SHLVL up
NOT_HANDED_ON = ("_", "SHLVL", "PWD", "OLDPWD")


class GuideShell(object):
    """The shell state of one guide: environment and working directory."""

    def __init__(self, env, cwd, scratch):
        self.env = dict(env)
        self.cwd = cwd
        self.scratch = scratch

    def run(self, command, exit_on_error=False, timeout=300):
        """Run command (bash source text); returns (exit status, stdout and stderr together)."""
        handle, script = tempfile.mkstemp(dir=self.scratch, suffix=".sh")
        with os.fdopen(handle, "w") as out:
            out.write(("set -e\n" if exit_on_error else "") + command + "\n")
        env_file = script + ".env"
        cwd_file = script + ".cwd"
        proc = subprocess.run(["bash", "-c", WRAPPER, "guide", script, env_file, cwd_file], env=self.env, cwd=self.cwd,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=timeout, check=False)
        if os.path.exists(env_file):   # not there when set -e ended the script early
            with open(env_file) as handle_env:
                pairs = [item.split("=", 1) for item in handle_env.read().split("\0") if "=" in item]
            self.env = dict((key, value) for key, value in pairs if key not in NOT_HANDED_ON)
            with open(cwd_file) as handle_cwd:
                self.cwd = handle_cwd.read()
        return proc.returncode, proc.stdout

    def save(self, path, text):
        """Write a file the guide tells the reader to save (relative to the working directory)."""
        target = os.path.join(self.cwd, path)
        if not os.path.isdir(os.path.dirname(target)):
            os.makedirs(os.path.dirname(target))
        with open(target, "w") as out:
            out.write(text)
        return target
