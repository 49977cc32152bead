# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup files of profile_backup: name, modes, never overwriting (the HTTP side is the palette_profile_backup
integration target's)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import os
import stat

import pytest

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_backup as B
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError

NOW = datetime.datetime(2026, 3, 1, 10, 15, 0, 123456)


def test_name_is_profile_version_uid_and_utc_time_with_unsafe_characters_replaced():
    assert B.backup_name('edge core/../x', '1.2.0', 'abc', NOW) == 'edge_core_.._x-1.2.0.abc.20260301T101500.123456Z.yml'


def test_directory_created_0700_file_0600_even_under_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        directory, warning = B.backup_directory(str(tmp_path / 'a' / 'b'))
        path = B.write_new_file(directory, 'x.yml', 'name: core\n')
    finally:
        os.umask(old)
    assert warning is None
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as handle:
        assert handle.read() == 'name: core\n'


def test_existing_directory_others_can_read_is_a_warning(tmp_path):
    os.chmod(str(tmp_path), 0o755)
    _directory, warning = B.backup_directory(str(tmp_path))
    assert 'mode 755' in warning


def test_an_existing_backup_is_never_overwritten(tmp_path):
    B.write_new_file(str(tmp_path), 'x.yml', 'first\n')
    with pytest.raises(ProfileError, match='cannot create the backup file'):
        B.write_new_file(str(tmp_path), 'x.yml', 'second\n')
    with open(str(tmp_path / 'x.yml')) as handle:
        assert handle.read() == 'first\n'
