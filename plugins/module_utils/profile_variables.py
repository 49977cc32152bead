# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Profile variables: the references packs make to them, and what the info module shows of them.

Facts used:

* ``v1Variable`` (``palette-apis-spec.json``): ``name*``, ``displayName``, ``description``, ``format``
  (``v1VariableFormat``), ``defaultValue``, ``regex``, ``required``, ``immutable``, ``hidden``, ``isSensitive`` ("If true,
  then default value will be masked"), ``inputType`` (``v1VariableInputType``), ``options`` (``v1VariableOption``);
  ``GET /v1/clusterprofiles/{uid}/variables`` answers ``v1Variables {variables}``; the GET of a profile has none;
* Palette checks the packs of a PUT (and of a create) against the profile's variables and refuses with
  ``PackVariablesUndefined`` (REF §5, from a Terraform provider comment);
* the reference syntax is not in the spec or REF. Palette's docs ("Create Cluster Profile Variables",
  https://docs.spectrocloud.com/profiles/cluster-profiles/create-cluster-profiles/define-profile-variables/create-cluster-profile-variables):
  a variable's name "is automatically preceded by ``.spectro.var.``"; "The full cluster profile variable,
  ``{{.spectro.var.variable_name}}``, is used when adding variables to layer configurations"; profile variables
  "support sprig template functions" ("Define and Manage Profile Variables"), so a reference may sit in a pipeline
  (``{{ .spectro.var.name | default "x" }}``) and the action may trim spaces (``{{- ... -}}``).

So a reference is ``.spectro.var.NAME`` inside a ``{{ ... }}`` action, NAME a Go template field name (letters, digits,
``_``). Text outside an action is not a reference. ``.spectro.macro.*`` and other ``.spectro.*`` names are macros,
which belong to the project or tenant, not to the profile.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_ACTION = re.compile(r'\{\{(.*?)\}\}', re.S)
_VARIABLE = re.compile(r'(?<![\w.])\.spectro\.var\.([A-Za-z_][A-Za-z0-9_]*)')

# v1Variable -> the info module's snake_case keys (the declaration's spelling, profile_definition.VARIABLE_KEYS)
INFO_KEYS = (('name', 'name'), ('display_name', 'displayName'), ('description', 'description'), ('format', 'format'),
             ('default_value', 'defaultValue'), ('regex', 'regex'), ('required', 'required'), ('immutable', 'immutable'),
             ('hidden', 'hidden'), ('is_sensitive', 'isSensitive'), ('input_type', 'inputType'), ('options', 'options'))
# What the API means when it leaves a field out (the spec's defaults and x-omitempty: false booleans)
INFO_DEFAULTS = {'format': 'string', 'input_type': 'text', 'required': False, 'immutable': False, 'hidden': False,
                 'is_sensitive': False, 'options': []}
MASK = '********'


def references(text):
    """The variable names ``text`` references, each once, in the order they first appear."""
    found = []
    for action in _ACTION.finditer(text or ''):
        for match in _VARIABLE.finditer(action.group(1)):
            if match.group(1) not in found:
                found.append(match.group(1))
    return found


def pack_references(packs):
    """``[(pack name, where, variable)]`` for every reference in the packs' values and manifests (GET or PUT shape;
    a manifest's text is its ``content``). ``where`` is ``values`` or ``manifest NAME``."""
    out = []
    for pack in packs or []:
        for name in references(pack.get('values')):
            out.append((pack.get('name'), 'values', name))
        for manifest in pack.get('manifests') or []:
            for name in references(manifest.get('content')):
                out.append((pack.get('name'), 'manifest %s' % manifest.get('name'), name))
    return out


def undefined_references(packs, variables):
    """The references of ``pack_references`` whose variable is not one of ``variables`` (``v1Variable`` list)."""
    defined = set(v.get('name') for v in variables or [])
    return [ref for ref in pack_references(packs) if ref[2] not in defined]


def undefined_message(packs, variables, label):
    """None when every variable the packs reference is one of ``variables``; else the refusal, naming each pack,
    where the reference is, the variable, and the variables ``label`` defines."""
    missing = undefined_references(packs, variables)
    if not missing:
        return None
    names = sorted(set(v.get('name') for v in variables or []))
    where = '; '.join('pack %r %s references {{.spectro.var.%s}}' % ref for ref in missing)
    return ('%s; %s defines no such variable (its variables: %s). Palette refuses a profile whose packs reference a '
            'variable it does not define (PackVariablesUndefined), so nothing was written. Define the variable with the '
            'profile (palette_profile_definition, definition.variables) or remove the reference'
            % (where, label, ', '.join(names) if names else 'none'))


def variable_info(variable):
    """One ``v1Variable`` as the info module returns it: snake_case keys, the spec's defaults filled in, and the
    default value of a sensitive variable masked (``isSensitive``: "default value will be masked")."""
    info = {}
    for key, api in INFO_KEYS:
        value = variable.get(api)
        info[key] = INFO_DEFAULTS.get(key) if value is None else value
    if info['default_value'] is None:
        info['default_value'] = ''
    if info['is_sensitive'] and info['default_value']:
        info['default_value'] = MASK
    return info
