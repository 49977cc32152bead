# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of option values that an argument spec cannot express, run by the modules before any request.

* an option that names or selects something (``name``, ``uid``, ``cluster_names[1]``, ``filters.tags[0]``) must not
  be empty or only spaces: Palette would be asked for ``''`` and the answer would be "not found" or, for a search
  filter, silently everything or nothing;
* a tag filter needs a key: ``:prod`` would match no label, quietly.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import PaletteError
from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_search import parse_tag


class OptionError(PaletteError):
    """An option value the user has to fix; ``option`` is its path (``filters.tags[0]``)."""

    def __init__(self, msg, option):
        super(OptionError, self).__init__(msg)
        self.option = option


def blank_paths(value, path):
    """The paths of the empty or whitespace-only strings in an option's value: the value itself, the elements of a
    list, the values (and list elements) of a mapping."""
    if isinstance(value, str):
        return [] if value.strip() else [path]
    if isinstance(value, (list, tuple)):
        found = []
        for index, item in enumerate(value):
            found.extend(blank_paths(item, '%s[%d]' % (path, index)))
        return found
    if isinstance(value, dict):
        found = []
        for key in value:
            found.extend(blank_paths(value[key], '%s.%s' % (path, key)))
        return found
    return []


def refuse_blank(params, options):
    """Raise OptionError naming the first of ``options`` (parameter names) that is, or holds, a blank string."""
    for name in options:
        paths = blank_paths(params.get(name), name)
        if paths:
            raise OptionError('%s: the value is empty (or only spaces); give a value, or leave the option out'
                              % paths[0], option=paths[0])


def refuse_keyless_tags(tags, option):
    """Raise OptionError for a tag of ``tags`` without a key (``:prod``): tags are ``key:value`` or a bare ``key``."""
    for index, tag in enumerate(tags or []):
        if isinstance(tag, str) and not parse_tag(tag)[0]:
            where = '%s[%d]' % (option, index)
            raise OptionError('%s: %r has no key; give key:value (for example env:prod) or a bare key' % (where, tag),
                              option=where)


def refuse_bad_selectors(params, options):
    """The checks of the options that select what a module reads or changes: no blank value in any of ``options``,
    and no tag without a key in ``filters.tags``."""
    refuse_blank(params, options)
    refuse_keyless_tags((params.get('filters') or {}).get('tags'), 'filters.tags')
