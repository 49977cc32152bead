# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's version, sent in the User-Agent of every request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

COLLECTION_NAME = "spectrocloud.palette"
COLLECTION_VERSION = "1.0.0"
USER_AGENT = "ansible-%s/%s" % (COLLECTION_NAME, COLLECTION_VERSION)
