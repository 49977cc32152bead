# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check a module's raw arguments against its argument spec before AnsibleModule validates them.

Why this exists: ansible-core finds the values it must hide (``no_log``) by walking the arguments, and that
walk gives up on a container of the wrong shape (``packs: [cert-manager]``, ``packs: nginx``,
``filters: core``): then it hides no value at all, and the failed task's ``invocation`` shows ``api_key`` or
``password`` in clear at ``-vvv``. It also never hides the value of an option it does not know
(``api_keyx: ...``), and it turns a secret of the wrong type (a mapping, a list) into a string and sends it.

:class:`ArgumentCheck` walks the argument spec generically (aliases, sub-options, lists of mappings, any depth)
and finds those shapes first. Each problem names the option by its path (``packs[0]``, ``filters``), says what
was expected and what was given, and how to fix it; it never contains a value. It also gives the values to hide
(``secrets``) and a copy of the arguments fit to show (``masked``: secrets, unknown options and malformed
containers replaced by Ansible's mask).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import difflib
import re

from collections.abc import Mapping

from ansible.module_utils.common.parameters import PASS_VARS
from ansible.module_utils.common.text.converters import to_native
from ansible.module_utils.common.validation import check_type_dict

MASK = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

# Ansible's own settings travel with the arguments (check mode, verbosity, module name, ...).
INTERNAL_KEYS = frozenset("_ansible_%s" % name for name in PASS_VARS)


def _kind(value):
    """What a value is, in the words of an error message (never the value itself)."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (str, bytes)):
        return "a string"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    return "a value of type %s" % type(value).__name__


def _strings(value):
    """Every scalar inside ``value`` as text: what ansible-core hides for a no_log option of any shape."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, Mapping):
        value = list(value.values())
    if isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _strings(item)
        return
    text = to_native(value, errors="surrogate_or_strict")
    if text:
        yield text


def _as_mapping(value):
    """``value`` as a mapping the way ansible-core reads one (JSON or ``k=v`` text too), or None."""
    if isinstance(value, Mapping):
        return value
    if isinstance(value, str):
        try:
            return check_type_dict(value)
        except TypeError:
            return None
    return None


def _choices(spec, last="or"):
    names = list(spec)
    if len(names) < 2:
        return "".join(names)
    return "%s %s %s" % (", ".join(names[:-1]), last, names[-1])


def _first_option(spec):
    """The sub-option to show in an example: the first required one, else the first one."""
    required = [name for name, option in spec.items() if option.get("required")]
    return (required or list(spec))[0]


def _leaf(path):
    """The option's own name at the end of its path (``packs[0].values_merge`` -> ``values_merge``)."""
    return path.rsplit(".", 1)[-1]


class ArgumentCheck(object):
    """The problems, the secrets and a masked copy of ``params`` checked against ``argument_spec``.

    Only what ansible-core mishandles or words unclearly is checked here: the shape of mappings and lists of
    mappings (with or without sub-options), options nobody declared at any level, and the type of no_log
    options. Every other check (scalar types, choices, required, mutually exclusive) stays with AnsibleModule,
    whose messages then cannot leak: by then it has found every secret.
    """

    def __init__(self, argument_spec, params, module_name=None):
        self.module_name = module_name
        self.problems = []
        self.secrets = set()
        top = dict((key, value) for key, value in (params or {}).items() if key not in INTERNAL_KEYS)
        self.masked = self._options(argument_spec, top, "")

    # -- one level of options ------------------------------------------------------------------------
    def _options(self, spec, params, path):
        names = {}
        for name, option in spec.items():
            names[name] = name
            for alias in option.get("aliases") or ():
                names[alias] = name
        masked, unknown = {}, []
        for key in sorted(params, key=str):
            if key not in names:
                unknown.append(key)
                masked[key] = MASK
                continue
            where = "%s.%s" % (path, key) if path else key
            masked[key] = self._value(spec[names[key]], params[key], where)
        if unknown:
            self._unknown(spec, unknown, path)
        return masked

    def _unknown(self, spec, unknown, path):
        # Worded as ansible-core words it (people and tests search for it), without the index of a list entry.
        context = re.sub(r"\[\d+\]", "", path)
        shown = ", ".join(("%s.%s" % (context, key)) if context else str(key) for key in unknown)
        supported = ", ".join(sorted(spec))
        aliases = sorted(alias for option in spec.values() for alias in option.get("aliases") or ())
        if aliases:
            supported += " (%s)" % ", ".join(aliases)
        where = " (in %s)" % path if path != context else ""
        hints = []
        for key in unknown:
            close = difflib.get_close_matches(str(key), list(spec), n=1)
            if close:
                hints.append("%s: did you mean %s?" % (key, close[0]))
        heading = "Unsupported parameters"
        if self.module_name:
            heading += " for (%s) module" % self.module_name
        self.problems.append(
            "%s: %s%s. Supported parameters include: %s.%s The value of an unknown parameter is never shown."
            % (heading, shown, where, supported, "".join(" " + hint for hint in hints)))

    # -- one option ----------------------------------------------------------------------------------
    def _value(self, option, value, where):
        if value is None:
            return None
        if option.get("no_log"):
            return self._secret(option, value, where)
        sub = option.get("options")
        wanted = option.get("type", "str")
        if wanted == "list" and option.get("elements") == "dict":
            return self._list_of_mappings(sub, value, where)
        if wanted == "dict":
            example = "%s: {%s: ...}" % (_leaf(where), _first_option(sub) if sub else "key")
            return self._mapping(sub, value, where, example)
        if wanted == "str":
            self._text(value, where)
        elif wanted == "list" and option.get("elements") == "str" and isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                self._text(item, "%s[%d]" % (where, index))
        return value

    def _text(self, value, where):
        # ansible-core would turn a mapping or a list into its Python text ("{'env': 'prod'}") and go on with it
        if isinstance(value, (Mapping, list, tuple)):
            self.problems.append("%s: expected a string, got %s. Give it as one string (for a tag, key:value)."
                                 % (where, _kind(value)))

    def _secret(self, option, value, where):
        self.secrets.update(_strings(value))
        if option.get("type", "str") in ("str", "path") and not isinstance(value, str):
            self.problems.append(
                "%s: expected a string, got %s. Give it as one quoted string; the value of a secret is never shown."
                % (where, _kind(value)))
        return MASK

    def _list_of_mappings(self, sub, value, where):
        each = " (each with %s)" % _choices(sub) if sub else ""
        if not isinstance(value, (list, tuple)):
            self.problems.append(
                "%s: expected a list of mappings%s, got %s. Give one mapping per entry, for example %s: [{%s: ...}]."
                % (where, each, _kind(value), _leaf(where), _first_option(sub) if sub else "key"))
            return MASK
        example = "- {%s: ...}" % (_first_option(sub) if sub else "key")
        return [self._mapping(sub, item, "%s[%d]" % (where, index), example) for index, item in enumerate(value)]

    def _mapping(self, sub, value, where, example):
        mapping = _as_mapping(value)
        if mapping is None:
            with_ = " (with %s)" % _choices(sub) if sub else ""
            self.problems.append("%s: expected a mapping%s, got %s. Write it as a mapping, for example %s."
                                 % (where, with_, _kind(value), example))
            return MASK
        if not sub:
            return value
        return self._options(sub, mapping, where)
