# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A cluster profile's declaration ("profile as code"): its format and its checks, its YAML text, and the export of a
profile as read to the same format. Pure: no HTTP. What a declaration means against a profile as read (the packs it
asks for, the plan, the request bodies) is ``profile_definition_plan``.

The format (a YAML file kept in git, or the ``definition`` option)::

    name: core                     # with version, what identifies the profile in its scope
    version: 1.1.0
    type: add-on                   # cluster | infra | add-on | system
    cloud_type: all
    scope: project                 # project | tenant (default: the connection's)
    description: Core services
    tags: [team:platform, canary]  # key:value or a bare key (Palette stores spectro__tag); or a mapping of labels
    variables: []                  # v1Variable, snake_case (name, display_name, format, default_value, ...)
    packs:                         # in layer order
      - name: nginx
        type: spectro              # spectro | helm | manifest | oci
        layer: addon               # kernel | os | k8s | cni | csi | addon
        registry: Public Repo      # or registry_uid
        tag: 1.11.2                # or version: the concrete version of a tag
        values: |
          replicaCount: 2
        manifests:                 # name + content
          - name: site-config
            content: |
              apiVersion: v1

A key left out keeps what Palette holds (``description``, ``tags``, ``variables``, a pack's ``values`` or
``manifests``, its ``type``/``layer``/``registry``); ``packs`` is the complete list. The export writes every key,
so an export applied as it is changes nothing. Values and manifest contents are compared and stored as text,
byte for byte: the file is the truth, a comment is content.

Facts used (``palette-apis-spec.json``, REFERENCE.md §5, §8): the enums of ``v1ProfileType``, ``v1PackType``,
``v1PackRef.layer``, ``v1VariableFormat`` and ``v1VariableInputType``; ``v1Variable`` and ``v1VariableOption``; the
description is ``metadata.annotations.description``, tags are ``metadata.labels`` and a bare tag is the label value
``spectro__tag``; a GET of a profile carries manifests without their content.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.spectrocloud.palette.plugins.module_utils.cluster_search import BARE_TAG_VALUE
from ansible_collections.spectrocloud.palette.plugins.module_utils.lazy_values import yvalues
from ansible_collections.spectrocloud.palette.plugins.module_utils.profile_model import PROFILE_TYPES, ProfileError, is_semver, template

DEFINITION_KEYS = ('name', 'version', 'type', 'cloud_type', 'scope', 'description', 'tags', 'variables', 'packs')
PACK_KEYS = ('name', 'type', 'layer', 'registry', 'registry_uid', 'tag', 'version', 'values', 'manifests')
MANIFEST_KEYS = ('name', 'content')
SCOPES = ('project', 'tenant')
PACK_TYPES = ('spectro', 'helm', 'manifest', 'oci')          # v1PackType
PACK_LAYERS = ('kernel', 'os', 'k8s', 'cni', 'csi', 'addon')  # v1PackRef.layer
# v1Variable: the declaration's snake_case key -> the API's key
VARIABLE_KEYS = (('name', 'name'), ('display_name', 'displayName'), ('description', 'description'),
                 ('format', 'format'), ('default_value', 'defaultValue'), ('regex', 'regex'), ('required', 'required'),
                 ('immutable', 'immutable'), ('hidden', 'hidden'), ('is_sensitive', 'isSensitive'),
                 ('input_type', 'inputType'), ('options', 'options'))
VARIABLE_BOOLS = ('required', 'immutable', 'hidden', 'is_sensitive')
VARIABLE_FORMATS = ('string', 'number', 'boolean', 'ipv4', 'ipv4cidr', 'ipv6', 'version', 'base64')
VARIABLE_INPUT_TYPES = ('text', 'dropdown', 'multiline')
OPTION_KEYS = ('value', 'label', 'description', 'default')   # v1VariableOption
# what a variable is when the API leaves a field out (the spec's defaults), so "left out" and "default" compare equal
VARIABLE_DEFAULTS = {'displayName': '', 'description': '', 'format': 'string', 'defaultValue': '', 'regex': '',
                     'required': False, 'immutable': False, 'hidden': False, 'isSensitive': False, 'inputType': 'text',
                     'options': []}
DERIVED_ANNOTATIONS = ('scope', 'projectUid', 'tenantUid')   # set by Palette from where a profile lives


class DefinitionError(ProfileError):
    """A declaration the user has to fix; ``option`` is the path of the bad key (``definition.packs[2].tag``)."""


# --------------------------------------------------------------------------------------------
# parsing and validating a declaration

def refuse(where, text):
    """Raise the DefinitionError for the key at ``where``."""
    raise DefinitionError('%s: %s' % (where, text), option=where)


def _known(data, keys, where):
    if not isinstance(data, dict):
        refuse(where, 'must be a mapping, got %s' % _kind(data))
    unknown = sorted(str(k) for k in data if k not in keys)
    if unknown:
        refuse('%s.%s' % (where, unknown[0]), 'unknown key; the keys of %s are: %s' % (where, ', '.join(keys)))


def _kind(value):
    if value is None:
        return 'nothing (null)'
    for types, word in ((bool, 'a boolean'), (float, 'a number'), (int, 'a number'), (str, 'a string'),
                        (list, 'a list'), (dict, 'a mapping')):
        if isinstance(value, types):
            return word
    return type(value).__name__


def _text(data, key, where, required=False, allow_empty=False):
    """A string option; an int is taken as its digits, a float refused (YAML reads ``1.10`` as the number 1.1)."""
    value = data.get(key)
    path = '%s.%s' % (where, key)
    if value is None:
        if required:
            refuse(path, 'is required')
        return None
    if isinstance(value, bool) or isinstance(value, float):
        refuse(path, '%r is %s; quote it so YAML keeps it as text (for example "%s")' % (value, _kind(value), value))
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        refuse(path, 'must be a string, got %s' % _kind(value))
    if not allow_empty and not value.strip():
        refuse(path, 'is empty; give a value or leave the key out')
    return value


def _choice(data, key, where, choices):
    value = _text(data, key, where)
    if value is not None and value not in choices:
        refuse('%s.%s' % (where, key), '%r is not one of %s' % (value, ', '.join(choices)))
    return value


def parse_tags(tags, where):
    """``tags`` as the labels Palette stores: a list of ``key:value`` / bare ``key`` (``spectro__tag``), or a
    mapping of labels taken as it is."""
    if tags is None:
        return None
    labels = {}
    if isinstance(tags, dict):
        for key, value in tags.items():
            if not isinstance(key, str) or not key.strip():
                refuse(where, 'a label key must be a non-empty string, got %r' % (key,))
            if value is None:
                value = BARE_TAG_VALUE
            if isinstance(value, (bool, float, dict, list)):
                refuse('%s.%s' % (where, key), 'a label value must be a string, got %s' % _kind(value))
            labels[key] = str(value)
        return labels
    if not isinstance(tags, list):
        refuse(where, 'must be a list of key:value or bare key strings (or a mapping of labels), got %s' % _kind(tags))
    for index, tag in enumerate(tags):
        path = '%s[%d]' % (where, index)
        if not isinstance(tag, str):
            refuse(path, 'a tag is a string key:value or a bare key, got %s' % _kind(tag))
        key, sep, value = tag.partition(':')
        if not key.strip():
            refuse(path, '%r has no key; give key:value (for example team:platform) or a bare key' % tag)
        if key in labels:
            refuse(path, 'tag key %r is given twice' % key)
        labels[key] = value if sep else BARE_TAG_VALUE
    return labels


def tags_from_labels(labels):
    """The declaration's ``tags`` for stored labels: the list form when it says exactly the same, else the labels."""
    labels = labels or {}
    tags = []
    for key in sorted(labels):
        value = labels[key]
        if ':' in key or key != key.strip() or value == '':
            return dict((k, labels[k]) for k in sorted(labels))
        tags.append(key if value == BARE_TAG_VALUE else '%s:%s' % (key, value))
    return tags


def parse_variables(variables, where):
    """``variables``: the declaration's list -> ``[v1Variable]`` (API keys), checked."""
    if variables is None:
        return None
    if not isinstance(variables, list):
        refuse(where, 'must be a list of variables, got %s' % _kind(variables))
    names = {}
    result = []
    for index, item in enumerate(variables):
        path = '%s[%d]' % (where, index)
        _known(item, [k for k, _a in VARIABLE_KEYS], path)
        name = _text(item, 'name', path, required=True)
        if name in names:
            refuse('%s.name' % path, 'variable %r is also %s[%d]; give each variable once' % (name, where, names[name]))
        names[name] = index
        entry = {}
        for key, api in VARIABLE_KEYS:
            value = item.get(key)
            if value is None:
                continue
            if key in VARIABLE_BOOLS:
                if not isinstance(value, bool):
                    refuse('%s.%s' % (path, key), 'must be true or false, got %s' % _kind(value))
            elif key == 'format':
                value = _choice(item, key, path, VARIABLE_FORMATS)
            elif key == 'input_type':
                value = _choice(item, key, path, VARIABLE_INPUT_TYPES)
            elif key == 'options':
                value = _parse_options(value, '%s.options' % path)
            else:
                value = _text(item, key, path, allow_empty=True)
            entry[api] = value
        result.append(entry)
    return result


def _parse_options(options, where):
    if not isinstance(options, list):
        refuse(where, 'must be a list of {value, label, description, default}, got %s' % _kind(options))
    result = []
    for index, option in enumerate(options):
        path = '%s[%d]' % (where, index)
        _known(option, OPTION_KEYS, path)
        entry = {'value': _text(option, 'value', path, required=True, allow_empty=True)}
        for key in ('label', 'description'):
            if option.get(key) is not None:
                entry[key] = _text(option, key, path, allow_empty=True)
        if option.get('default') is not None:
            if not isinstance(option['default'], bool):
                refuse('%s.default' % path, 'must be true or false, got %s' % _kind(option['default']))
            entry['default'] = option['default']
        result.append(entry)
    return result


def parse_pack(item, where):
    """One pack of ``packs``, checked; keys left out are None."""
    _known(item, PACK_KEYS, where)
    pack = {'name': _text(item, 'name', where, required=True),
            'type': _choice(item, 'type', where, PACK_TYPES),
            'layer': _choice(item, 'layer', where, PACK_LAYERS),
            'registry': _text(item, 'registry', where),
            'registry_uid': _text(item, 'registry_uid', where),
            'tag': _text(item, 'tag', where),
            'version': _text(item, 'version', where),
            'values': None, 'manifests': None, 'where': where}
    if pack['registry'] is not None and pack['registry_uid'] is not None:
        refuse('%s.registry_uid' % where, 'give registry (a name) or registry_uid, not both')
    if pack['tag'] is not None and pack['version'] is not None:
        refuse('%s.version' % where, 'give tag or version (the concrete version of a tag), not both')
    if pack['type'] == 'manifest' and (pack['registry'] or pack['registry_uid']):
        refuse('%s.registry' % where, 'a manifest pack comes from no registry; leave registry out')
    if item.get('values') is not None:
        values = item['values']
        if not isinstance(values, str):
            refuse('%s.values' % where, 'must be the values document as text (a YAML block scalar "values: |"), '
                   'got %s' % _kind(values))
        try:
            yvalues.check_document(values, 'the values document')
        except yvalues.ValuesError as err:
            refuse('%s.values' % where, str(err))
        pack['values'] = values
    if item.get('manifests') is not None:
        pack['manifests'] = _parse_manifests(item['manifests'], '%s.manifests' % where)
    return pack


def _parse_manifests(manifests, where):
    if not isinstance(manifests, list):
        refuse(where, 'must be a list of {name, content}, got %s' % _kind(manifests))
    seen = {}
    result = []
    for index, item in enumerate(manifests):
        path = '%s[%d]' % (where, index)
        _known(item, MANIFEST_KEYS, path)
        name = _text(item, 'name', path, required=True)
        if name in seen:
            refuse('%s.name' % path, 'manifest %r is also %s[%d]; give each manifest once' % (name, where, seen[name]))
        seen[name] = index
        content = item.get('content')
        if not isinstance(content, str):
            refuse('%s.content' % path, 'the manifest content is required, as text, got %s' % _kind(content))
        result.append({'name': name, 'content': content})
    return result


def parse_definition(data, where='definition', need_packs=True):
    """Check a declaration and return it normalized: every key of DEFINITION_KEYS (None when left out), ``tags`` as
    labels, ``variables`` as v1Variable, ``packs`` as parse_pack() gives them. Raises DefinitionError naming the
    path of the first problem. ``need_packs``: false for ``state: absent``, which uses name, version and scope."""
    _known(data, DEFINITION_KEYS, where)
    version = _text(data, 'version', where, required=True)
    if not is_semver(version):
        refuse('%s.version' % where, '%r is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE], for example 1.2.0)'
               % version)
    definition = {
        'name': _text(data, 'name', where, required=True),
        'version': version,
        'type': _choice(data, 'type', where, PROFILE_TYPES),
        'cloud_type': _text(data, 'cloud_type', where),
        'scope': _choice(data, 'scope', where, SCOPES),
        'description': _text(data, 'description', where, allow_empty=True),
        'tags': parse_tags(data.get('tags'), '%s.tags' % where),
        'variables': parse_variables(data.get('variables'), '%s.variables' % where),
        'packs': None,
    }
    packs = data.get('packs')
    if packs is None:
        if need_packs:
            refuse('%s.packs' % where, 'is required: the complete list of the profile\'s packs, in layer order')
        return definition
    if not isinstance(packs, list):
        refuse('%s.packs' % where, 'must be a list of packs, got %s' % _kind(packs))
    seen = {}
    definition['packs'] = []
    for index, item in enumerate(packs):
        pack = parse_pack(item, '%s.packs[%d]' % (where, index))
        if pack['name'] in seen:
            refuse('%s.packs[%d].name' % (where, index), 'pack %r is also packs[%d]; pack names are unique in a profile'
                   % (pack['name'], seen[pack['name']]))
        seen[pack['name']] = index
        definition['packs'].append(pack)
    return definition


def sensitive_defaults(definition):
    """The default values of the declared sensitive variables (to be masked in everything the module returns)."""
    return [v['defaultValue'] for v in definition.get('variables') or []
            if v.get('isSensitive') and v.get('defaultValue')]


# --------------------------------------------------------------------------------------------
# the YAML text of a declaration

def load_text(text, where):
    """A declaration file's text -> data (PyYAML, the YAML Ansible reads playbooks with). A key given twice in one
    mapping is refused with its lines (YAML would silently keep one)."""
    yaml = yvalues.pyyaml
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, 'problem_mark', None)
        at = ' (line %d, column %d)' % (mark.line + 1, mark.column + 1) if mark is not None else ''
        raise DefinitionError('%s: not valid YAML%s: %s' % (where, at, getattr(err, 'problem', None) or err), option=where)
    repeated = yvalues.duplicate_key(text)
    if repeated is not None:
        key, first, second = repeated
        raise DefinitionError('%s: the key %r is given twice in one mapping (lines %d and %d); give each key once'
                              % (where, key, first, second), option=where)
    return data


def _text_scalar(dumper, data):
    """Block literals for text of several lines (values, manifests), so the file reads like the documents it holds;
    PyYAML falls back to a quoted scalar where a block cannot hold the text exactly. Either loads back byte for byte."""
    return dumper.represent_scalar('tag:yaml.org,2002:str', data, style='|' if '\n' in data else None)


def dump_text(definition, header=None):
    """The YAML text of a declaration (keys in the format's order); ``header``: a comment line on top."""
    yaml = yvalues.pyyaml

    class Dumper(yaml.SafeDumper):  # pylint: disable=too-many-ancestors
        pass
    Dumper.add_representer(str, _text_scalar)
    text = yaml.dump(definition, Dumper=Dumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
                     width=4096)
    return ('# %s\n' % header if header else '') + text


# --------------------------------------------------------------------------------------------
# the export: a declaration from a profile as read

def definition_from_profile(profile, which, packs, variables, registry_names=None):
    """The declaration of ``profile`` (GET shape) with the packs of template ``which``; ``packs`` are those packs
    with every manifest's ``content`` (the GET has none), ``variables`` the ``v1Variable`` list as read,
    ``registry_names`` maps registry uids to a name that finds exactly that registry (else the uid is written).
    Sensitive variables are written without their default value: an export holds no secret."""
    meta = profile.get('metadata') or {}
    annotations = meta.get('annotations') or {}
    tpl = template(profile, which) or {}
    registry_names = registry_names or {}
    declared = {'name': meta.get('name'), 'version': (profile.get('spec') or {}).get('version'),
                'type': tpl.get('type'), 'cloud_type': tpl.get('cloudType'), 'scope': annotations.get('scope'),
                'description': annotations.get('description') or '', 'tags': tags_from_labels(meta.get('labels')),
                'variables': [variable_declaration(v) for v in variables or []], 'packs': []}
    for pack in packs:
        entry = {'name': pack.get('name'), 'type': pack.get('type') or 'spectro'}
        if pack.get('layer'):
            entry['layer'] = pack['layer']
        registry = pack.get('registryUid')
        if registry and registry_names.get(registry):
            entry['registry'] = registry_names[registry]
        elif registry:
            entry['registry_uid'] = registry
        if pack.get('tag'):
            entry['tag'] = pack['tag']
        entry['values'] = pack.get('values') or ''
        entry['manifests'] = [{'name': m.get('name'), 'content': m.get('content')} for m in pack.get('manifests') or []]
        declared['packs'].append(entry)
    return declared


def variable_declaration(variable):
    """A ``v1Variable`` as the declaration writes it (snake_case; a sensitive default left out)."""
    entry = {}
    for key, api in VARIABLE_KEYS:
        if variable.get(api) is None:
            continue
        if key == 'default_value' and variable.get('isSensitive'):
            continue
        entry[key] = copy.deepcopy(variable[api])
    return entry
