"""Validate request and response bodies against the Swagger 2.0 definitions of the real spec.

Swagger 2.0 definitions are (almost) JSON Schema draft 4, so each operation's body schema becomes
``{"$ref": "#/definitions/X", "definitions": ...}`` for ``jsonschema.Draft4Validator``. Two adjustments mimic
how Palette (a Go service) decodes JSON:

* ``null`` is accepted anywhere (Go leaves the zero value): nulls are dropped before validating.
* Unknown fields are ignored unless ``strict``; strict mode sets ``additionalProperties: false`` on every
  schema that lists properties, so the 400 names the unexpected field.
"""

import copy
import gzip
import json
import os
import re

import jsonschema

SPEC_DIR = os.path.join(os.path.dirname(__file__), "spec")
BUNDLED_SPEC = os.path.join(SPEC_DIR, "palette-apis-subset.json")


def load_spec(path=None):
    """The spec dict: the given file (plain or .gz JSON), else the bundled subset."""
    path = path or BUNDLED_SPEC
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _objectify(node):
    """Give ``type: object`` to schemas that list properties without a type: Go cannot decode a number into a struct."""
    if not isinstance(node, dict):
        return
    if "properties" in node and "type" not in node:
        node["type"] = "object"
    for sub in (node.get("properties") or {}).values():
        _objectify(sub)
    if isinstance(node.get("items"), dict):
        _objectify(node["items"])
    if isinstance(node.get("additionalProperties"), dict):
        _objectify(node["additionalProperties"])
    for sub in node.get("allOf") or []:
        _objectify(sub)


def _strictify(node):
    """Add additionalProperties: false where a schema lists properties (walks schema keywords only)."""
    if not isinstance(node, dict):
        return
    if "properties" in node and "additionalProperties" not in node and "allOf" not in node:
        node["additionalProperties"] = False
    for sub in (node.get("properties") or {}).values():
        _strictify(sub)
    if isinstance(node.get("items"), dict):
        _strictify(node["items"])
    if isinstance(node.get("additionalProperties"), dict):
        _strictify(node["additionalProperties"])
    for sub in node.get("allOf") or []:
        _strictify(sub)


def drop_nulls(value):
    """A copy without null members (Go's decoder treats them as absent)."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def json_path(parts):
    """``spec.template.packs[0].foo`` from a jsonschema path."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(body)"


class SpecValidator:
    """Finds the body/response schema of an operation and validates against it."""

    def __init__(self, spec):
        self.spec = spec
        lenient = copy.deepcopy(spec.get("definitions", {}))
        for schema in lenient.values():
            _objectify(schema)
        self.defs = {"lenient": lenient}
        strict_defs = copy.deepcopy(lenient)
        for schema in strict_defs.values():
            _strictify(schema)
        self.defs["strict"] = strict_defs
        self._validators = {}
        self._ops = {}
        for path, item in spec.get("paths", {}).items():
            for method, op in item.items():
                if method == "parameters" or not isinstance(op, dict):
                    continue
                self._ops[(method.upper(), path)] = op

    def operation(self, method, spec_path):
        """The operation object, or None."""
        return self._ops.get((method.upper(), spec_path))

    def operation_id(self, method, spec_path):
        """The operationId, or None."""
        op = self.operation(method, spec_path)
        return op.get("operationId") if op else None

    def _validator(self, schema, mode):
        key = (json.dumps(schema, sort_keys=True), mode)
        validator = self._validators.get(key)
        if validator is None:
            schema = copy.deepcopy(schema)
            _objectify(schema)
            if mode == "strict" and "$ref" not in schema:
                _strictify(schema)
            root = dict(schema, definitions=self.defs[mode])
            validator = jsonschema.Draft4Validator(root)
            self._validators[key] = validator
        return validator

    def body_schema(self, method, spec_path):
        """The schema of the body parameter, or None when the operation takes no body."""
        op = self.operation(method, spec_path)
        if not op:
            return None
        for param in op.get("parameters", []):
            if param.get("in") == "body":
                return param.get("schema") or {}
        return None

    def check_request(self, method, spec_path, body, strict):
        """None if ``body`` fits the operation's body schema, else a message naming the first problem."""
        schema = self.body_schema(method, spec_path)
        if schema is None or body is None:
            return None
        validator = self._validator(schema, "strict" if strict else "lenient")
        errors = sorted(validator.iter_errors(drop_nulls(body)), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
        if not errors:
            return None
        return describe(errors[0])

    def response_schema(self, method, spec_path, status):
        """The schema documented for this status, or None (``{}`` = no body documented)."""
        op = self.operation(method, spec_path)
        if not op:
            return None
        resp = op.get("responses", {}).get(str(status))
        if resp is None:
            return None
        return resp.get("schema") or {}

    def check_response(self, method, spec_path, status, body):
        """A list of problems of a response body against the documented schema (strict: no undocumented fields)."""
        schema = self.response_schema(method, spec_path, status)
        if schema is None:
            if status >= 400:
                schema = {"$ref": "#/definitions/v1Error"}
            else:
                return [f"status {status} is not documented for {method} {spec_path}"]
        if not schema:
            return [] if body in (None, b"", "") else [f"{method} {spec_path} {status} must have an empty body"]
        validator = self._validator(schema, "strict")
        return [describe(e) for e in validator.iter_errors(drop_nulls(body))]


def describe(error):
    """A one-line message for a jsonschema error, naming the field."""
    where = json_path(error.absolute_path)
    if error.validator == "additionalProperties":
        allowed = set((error.schema.get("properties") or {}).keys())
        extra = sorted(k for k in (error.instance or {}) if k not in allowed)
        names = ", ".join(f"'{(where + '.' if where != '(body)' else '') + k}'" for k in extra)
        return f"Unexpected field {names}: not defined by the API spec"
    if error.validator == "required":
        return f"{where}: {error.message}"
    return f"{where}: {error.message}"


# Spec path templates -> regexes, to find which operation a concrete path belongs to (response checks in tests).
def path_matcher(spec):
    """A function mapping (method, concrete path) to the spec path template, or None."""
    compiled = []
    for template, item in spec.get("paths", {}).items():
        regex = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
        methods = {m.upper() for m in item if m != "parameters"}
        literal = template.count("{")
        compiled.append((literal, template, regex, methods))
    compiled.sort(key=lambda t: t[0])  # fewest path parameters first: /packs/manifests before /packs/{packName}

    def match(method, path):
        for _n, template, regex, methods in compiled:
            if method.upper() in methods and regex.match(path):
                return template
        return None
    return match
