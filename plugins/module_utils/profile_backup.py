# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backups of a cluster profile taken right before a module's first write to it (the ``backup: true`` convention of
Ansible's file modules).

A backup is the profile as read, in the declaration format of ``palette_profile_export`` (the same reads, the same
text), so the file IS a declaration: ``palette_profile_definition src=<backup>`` brings the profile back. It holds no
secret: the default values of sensitive variables are left out (as in an export); nothing else the export writes is
marked secret by the API (``packServerSecret`` is never read into it). Written where the module runs, in a directory of
mode 0700 (created so) under a time-stamped name, mode 0600 from its creation on.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import errno
import os
import re

from ansible_collections.spectrocloud.palette.plugins.module_utils import profile_definition as D
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_definition_runner import declaration_of
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import ProfileError

DIR_MODE = 0o700
FILE_MODE = 0o600
DEFAULT_DIR = '~/.ansible/palette_profile_backups'
_UNSAFE = re.compile(r'[^A-Za-z0-9._-]+')


def backup_name(name, version, uid, now):
    """``<name>-<version>.<uid>.<UTC time to the microsecond>.yml``: sorts by profile, then by time."""
    stem = _UNSAFE.sub('_', '%s-%s' % (name, version)).strip('._') or 'profile'
    return '%s.%s.%s.yml' % (stem, _UNSAFE.sub('_', str(uid)), now.strftime('%Y%m%dT%H%M%S.%fZ'))


def backup_directory(path):
    """The directory for backups, created with mode 0700 when missing. Returns a warning (or None) when it exists and
    others may list it: the files stay 0600, but their names show which profiles were changed and when."""
    path = os.path.abspath(os.path.expanduser(path or DEFAULT_DIR))
    try:
        os.makedirs(path, DIR_MODE)
        os.chmod(path, DIR_MODE)   # makedirs' mode is filtered by the umask
        return path, None
    except OSError as err:
        if err.errno != errno.EEXIST or not os.path.isdir(path):
            raise ProfileError('backup_dir: cannot create %s (%s); nothing was written' % (path, err.strerror),
                               option='backup_dir')
    if os.stat(path).st_mode & 0o077:
        return path, 'backup_dir %s can be read by other users than its owner (mode %o); give a directory of mode 0700' \
            % (path, os.stat(path).st_mode & 0o777)
    return path, None


def write_new_file(directory, name, text):
    """Create ``directory/name`` (never an existing file) with mode 0600 from its creation on; returns its path."""
    path = os.path.join(directory, name)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except OSError as err:
        raise ProfileError('backup_dir: cannot create the backup file %s (%s); nothing was written'
                           % (path, err.strerror), option='backup_dir')
    with os.fdopen(fd, 'wb') as handle:
        os.fchmod(handle.fileno(), FILE_MODE)   # the umask may have taken bits off; never more than 0600
        handle.write(text.encode('utf-8'))
    return path


class ProfileBackup(object):
    """Called with a profile (GET shape) right before a module's first write to it: writes the backup and returns its
    path. ``warnings`` collects what the caller shows (a draft left out of the backup, sensitive defaults, a directory
    others can read)."""

    def __init__(self, service, directory=None, module_name='palette_profile'):
        self.service = service
        self.directory = directory
        self.module_name = module_name
        self.warnings = []
        self.path = None

    def __call__(self, profile):
        directory, warning = backup_directory(self.directory)
        if warning:
            self.warnings.append(warning)
        definition, info, warnings = declaration_of(self.service, profile)
        self.warnings.extend(warnings)
        now = datetime.datetime.utcnow()
        header = ('backup of cluster profile %s %s (%s, %s scope, its %s template) taken by spectrocloud.palette.%s at '
                  '%s before changing it; restore it with spectrocloud.palette.palette_profile_definition src=<this file>'
                  % (info['name'], info['version'], info['uid'], info['scope'], info['template'], self.module_name,
                     now.strftime('%Y-%m-%dT%H:%M:%S.%fZ')))
        self.path = write_new_file(directory, backup_name(info['name'], info['version'], info['uid'], now),
                                   D.dump_text(definition, header))
        return self.path
