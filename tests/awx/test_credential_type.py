# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX credential type in docs/awx/palette_credential_type.yml.

Its injectors must set exactly the environment variables that plugins/module_utils/connection.py (modules) and
the plugins' doc fragment (inventory plugin) read, and a credential injected the way AWX injects it must get a
module and the inventory plugin to a real Palette emulator: with an API key, with a username and password (and
organization), with a token, and with a private CA certificate over HTTPS.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import datetime
import ipaddress
import json
import os
import re
import ssl

import pytest
import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_output import said  # pylint: disable=import-error
from awx_testlib import AWX_GUIDE, ROOT, rst_code_blocks, run, tool_env
from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_NAME, DEMO_PROJECT_UID, EmulatorProcess

CREDENTIAL_TYPE = os.path.join(ROOT, "docs", "awx", "palette_credential_type.yml")


def _credential_type():
    with open(CREDENTIAL_TYPE) as handle:
        return yaml.safe_load(handle)


def _module_constants():
    """CONNECTION_ENV and the no_log option names, read from connection.py's source (no import needed)."""
    with open(os.path.join(ROOT, "plugins", "module_utils", "connection.py")) as handle:
        tree = ast.parse(handle.read())
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            value = node.value
            if isinstance(value, ast.Call):      # frozenset([...])
                value = value.args[0]
            if node.targets[0].id in ("CONNECTION_ENV", "_NO_LOG"):
                found[node.targets[0].id] = ast.literal_eval(value)
    return found["CONNECTION_ENV"], set(found["_NO_LOG"])


def _plugin_env():
    """option -> env names of the doc fragment the inventory plugin uses (ModuleDocFragment.PLUGINS)."""
    with open(os.path.join(ROOT, "plugins", "doc_fragments", "connection.py")) as handle:
        tree = ast.parse(handle.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "PLUGINS":
            options = yaml.safe_load(ast.literal_eval(node.value))["options"]
            return dict((name, [e["name"] for e in spec.get("env", [])]) for name, spec in options.items())
    raise AssertionError("no PLUGINS fragment")


def inject(credential_type, inputs, private_dir):
    """The environment AWX gives a job or inventory update for a credential with these inputs.

    Follows AWX's CredentialType.inject_credential: empty inputs are left out of the template namespace (so they
    render as ""), missing booleans are False, every `file` template is written to a file whose path is
    tower.filename(.<label>), and the templates are rendered in Jinja's immutable sandbox.
    """
    class Namespace(object):
        pass

    tower = Namespace()
    namespace = {"tower": tower}
    for field in credential_type["inputs"]["fields"]:
        value = inputs.get(field["id"])
        if field["type"] == "boolean":
            namespace[field["id"]] = bool(value)
        elif value:
            namespace[field["id"]] = value
    sandbox = ImmutableSandboxedEnvironment()
    files = Namespace()
    for index, (label, template) in enumerate(sorted(credential_type["injectors"].get("file", {}).items())):
        path = os.path.join(private_dir, "cred-file-%d" % index)
        with open(path, "w") as handle:
            handle.write(sandbox.from_string(template).render(**namespace))
        if "." in label:
            setattr(files, label.split(".", 1)[1], path)
        else:
            files = path
    tower.filename = files
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in credential_type["injectors"].get("env", {}).items())


# ---------------------------------------------------------------- the definition


def test_injects_the_variables_modules_and_inventory_plugin_read():
    connection_env = _module_constants()[0]
    plugin_env = _plugin_env()
    injected = set(_credential_type()["injectors"]["env"])
    preferred = dict((envs[0], option) for option, envs in connection_env.items())
    for name in injected:
        assert name in preferred, "%s is not the preferred env variable of any connection option" % name
        option = preferred[name]
        assert name in plugin_env[option], "the inventory plugin does not read %s for %s" % (name, option)
    # the credential covers the endpoint, every way the modules log in, a project and a private CA
    assert {preferred[n] for n in injected} == {"host", "api_key", "username", "password", "org", "token",
                                                "project_name", "ca_path"}


def test_every_secret_option_is_a_secret_field():
    connection_env, no_log = _module_constants()
    credential_type = _credential_type()
    fields = dict((f["id"], f) for f in credential_type["inputs"]["fields"])
    preferred = dict((envs[0], option) for option, envs in connection_env.items())
    for name, template in credential_type["injectors"]["env"].items():
        used = set(re.findall(r"\b(\w+)\b", template)) & set(fields)
        if preferred[name] in no_log:
            assert used and all(fields[f].get("secret") is True for f in used), "%s comes from a field that is not secret" % name
    assert sorted(f for f in fields if fields[f].get("secret")) == ["api_key", "password", "token"]
    # one of three ways to log in: AWX cannot say "one of", so no field is required
    assert not credential_type["inputs"].get("required")
    assert credential_type["kind"] == "cloud"
    assert len(fields) == len(credential_type["inputs"]["fields"]), "duplicate field ids"
    for field in credential_type["inputs"]["fields"]:
        assert field["label"] and field["type"] in ("string", "boolean")


def test_guide_shows_the_same_inputs_and_injectors():
    """docs/docsite/rst/guide_awx.rst holds the YAML to paste into AWX; it must be this file's."""
    parsed = [yaml.safe_load(block) for block in rst_code_blocks(AWX_GUIDE, "yaml")]
    credential_type = _credential_type()
    assert credential_type["inputs"] in parsed, "the guide's input configuration differs from %s" % CREDENTIAL_TYPE
    assert credential_type["injectors"] in parsed, "the guide's injector configuration differs from %s" % CREDENTIAL_TYPE


def test_blank_fields_inject_empty_values(private_dir):
    env = inject(_credential_type(), {}, private_dir)
    assert set(env.values()) == {""}


# ---------------------------------------------------------------- against the emulator


@pytest.fixture
def private_dir(tmp_path):
    path = tmp_path / "private"
    path.mkdir()
    return str(path)


def _ansible_env(staged_collections, tmp_path, injected):
    return tool_env(ANSIBLE_COLLECTIONS_PATH=staged_collections, ANSIBLE_LOCALHOST_WARNING="0",
                    ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_NOCOLOR="1",
                    PALETTE_RATE_LIMIT_DIR=str(tmp_path / "ratelimit"), **injected)


def _profile_info(env, check=True):
    return run(["ansible", "localhost", "-m", "spectrocloud.palette.palette_profile_info", "-a", "name=core version=1.1.0"],
               env=env, check=check)


def _login_token(emu):
    """A token of the demo user, from the emulator's POST /v1/auth/authenticate (as a user would get one)."""
    import urllib.request
    body = json.dumps({"emailId": DEMO_USER, "password": DEMO_PASSWORD, "org": DEMO_ORG}).encode()
    request = urllib.request.Request(emu.url + "/v1/auth/authenticate", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:  # nosec - the emulator on 127.0.0.1
        return json.loads(response.read().decode())["Authorization"]


# The demo seed's user (FAKE, it only exists inside the emulator; seeds/demo.yml): every project of edge-demo.
DEMO_USER = "demo@example.com"
DEMO_PASSWORD = "emulator-demo-password"
DEMO_ORG = "edge-demo"
AUTH_MODES = {
    "api_key": lambda emu: {"api_key": DEMO_API_KEY},
    "username_password": lambda emu: {"username": DEMO_USER, "password": DEMO_PASSWORD, "org": DEMO_ORG},
    "token": lambda emu: {"token": _login_token(emu)},
}


@pytest.mark.parametrize("mode", sorted(AUTH_MODES))
def test_each_way_to_log_in_runs_a_module_and_the_inventory(staged_collections, tmp_path, private_dir, mode):
    """One credential per way to log in, the other fields left blank: AWX injects them as empty variables (an empty
    PALETTE_USERNAME next to a key, an empty PALETTE_API_KEY next to a username), which count as unset."""
    with EmulatorProcess(seed="demo") as emu:
        secrets = AUTH_MODES[mode](emu)
        injected = inject(_credential_type(), dict(secrets, host=emu.url, project=DEMO_PROJECT_NAME), private_dir)
        assert injected["PALETTE_CA_PATH"] == ""
        blank = sorted(name for name, value in injected.items() if value == "")
        assert "PALETTE_USERNAME" in blank or "PALETTE_API_KEY" in blank
        env = _ansible_env(staged_collections, tmp_path, injected)
        emu.admin("DELETE", "/__emulator__/requests")

        proc = _profile_info(env)
        outputs = [proc.stdout + proc.stderr]
        assert '"name": "core"' in proc.stdout
        reads = [r for r in emu.requests() if r["path"].startswith("/v1/clusterprofiles")]
        assert reads and all(r["project_uid"] == DEMO_PROJECT_UID for r in reads)
        logins = [r for r in emu.requests() if r["path"] == "/v1/auth/authenticate"]
        assert len(logins) == (1 if mode == "username_password" else 0)

        # an AWX inventory source: a file with nothing but the plugin name
        inventory = tmp_path / "fleet.palette.yml"
        inventory.write_text("plugin: spectrocloud.palette.palette\n")
        proc = run(["ansible-inventory", "-i", str(inventory), "--list"], env=env)
        hosts = set(json.loads(proc.stdout)["_meta"]["hostvars"])
        expected = {c["name"] for c in emu.state()["clusters"]
                    if c["project_uid"] == DEMO_PROJECT_UID and not c["deleted"] and not c["virtual"]}
        assert expected and hosts == expected
        outputs.append(proc.stdout + proc.stderr)
        for name in ("api_key", "password", "token"):
            if name in secrets:
                assert not [output for output in outputs if said(output, secrets[name])]
        assert not [r for r in emu.requests() if r["write"]]


def test_blank_project_lists_every_project_the_key_may_read(staged_collections, tmp_path, private_dir):
    """The project field left blank: PALETTE_PROJECT="" means no project, and the plugin lists every project the
    key may read (the demo key: edge-prod only)."""
    with EmulatorProcess(seed="demo") as emu:
        injected = inject(_credential_type(), {"host": emu.url, "api_key": DEMO_API_KEY}, private_dir)
        assert injected["PALETTE_PROJECT"] == ""
        inventory = tmp_path / "fleet.palette.yml"
        inventory.write_text("plugin: spectrocloud.palette.palette\n")
        proc = run(["ansible-inventory", "-i", str(inventory), "--list"], env=_ansible_env(staged_collections, tmp_path, injected))
        expected = {c["name"] for c in emu.state()["clusters"]
                    if c["project_uid"] == DEMO_PROJECT_UID and not c["deleted"] and not c["virtual"]}
        assert set(json.loads(proc.stdout)["_meta"]["hostvars"]) == expected
        assert not said(proc.stdout + proc.stderr, DEMO_API_KEY)


def _self_signed_ca(directory):
    """A CA certificate that is also the emulator's server certificate (127.0.0.1), made with cryptography."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "palette.awx-test.invalid")])
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(hours=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    cert_file, key_file = os.path.join(directory, "server.pem"), os.path.join(directory, "server.key")
    with open(cert_file, "w") as handle:
        handle.write(cert_pem)
    with open(key_file, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return cert_pem, cert_file, key_file


def test_ca_certificate_field_trusts_a_private_ca(staged_collections, tmp_path, private_dir):
    cert_pem, cert_file, key_file = _self_signed_ca(str(tmp_path))
    with EmulatorProcess(seed="demo", extra_args=("--tls-cert", cert_file, "--tls-key", key_file)) as emu:
        assert emu.url.startswith("https://")
        emu.ssl_context = ssl.create_default_context(cafile=cert_file)   # for the admin API calls of this test
        inputs = {"host": emu.url, "api_key": DEMO_API_KEY, "project": DEMO_PROJECT_NAME}

        # without the certificate the TLS check stays on and fails
        injected = inject(_credential_type(), inputs, private_dir)
        proc = _profile_info(_ansible_env(staged_collections, tmp_path, injected), check=False)
        assert proc.returncode != 0 and "certificate" in (proc.stdout + proc.stderr).lower()
        assert not emu.requests()

        inputs["ca_cert"] = cert_pem
        injected = inject(_credential_type(), inputs, private_dir)
        with open(injected["PALETTE_CA_PATH"]) as handle:
            assert handle.read() == cert_pem
        proc = _profile_info(_ansible_env(staged_collections, tmp_path, injected))
        assert '"name": "core"' in proc.stdout
        assert emu.requests()


# ---------------------------------------------------------------- docs/awx/create_credential_type.yml

# awx.awx is not a dependency: a stand-in collection whose two modules only record the arguments they get. They
# accept the options of the real modules that the playbook uses (and refuse any other, as the real ones do).
_STUB_OPTIONS = {
    "credential_type": ["name", "description", "kind", "inputs", "injectors", "state"],
    "credential": ["name", "description", "organization", "credential_type", "inputs", "update_secrets", "state"],
}
_STUB_MODULE = '''#!/usr/bin/python
from __future__ import absolute_import, division, print_function
__metaclass__ = type
import json
import os
from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(argument_spec=dict((name, dict(type="raw")) for name in %r), supports_check_mode=True)
    with open(os.environ["AWX_STUB_LOG"], "a") as handle:
        handle.write(json.dumps({"module": %r, "params": module.params}) + "\\n")
    module.exit_json(changed=True)


if __name__ == "__main__":
    main()
'''


def _run_create_playbook(tmp_path, args=(), check=True, **environment):
    """docs/awx/create_credential_type.yml against the stand-in awx.awx; returns (process, recorded calls)."""
    modules = tmp_path / "collections" / "ansible_collections" / "awx" / "awx" / "plugins" / "modules"
    modules.mkdir(parents=True)
    (modules.parent.parent / "galaxy.yml").write_text("namespace: awx\nname: awx\nversion: 0.0.1\n")
    for name in ("credential_type", "credential"):
        (modules / (name + ".py")).write_text(_STUB_MODULE % (_STUB_OPTIONS[name], name))
    log = tmp_path / "calls.jsonl"
    env = tool_env(ANSIBLE_COLLECTIONS_PATH=str(tmp_path / "collections"), AWX_STUB_LOG=str(log),
                   ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_NOCOLOR="1",
                   **environment)
    proc = run(["ansible-playbook", os.path.join(ROOT, "docs", "awx", "create_credential_type.yml")] + list(args),
               env=env, check=check)
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return proc, calls


def test_create_playbook_passes_the_definition_to_awx_modules(tmp_path):
    secret = "awx-test-key-0123456789abcdef"
    proc, calls = _run_create_playbook(tmp_path, ["-e", "palette_api_key=" + secret, "-e", "palette_project=edge-prod"])
    assert not said(proc.stdout + proc.stderr, secret)

    assert [c["module"] for c in calls] == ["credential_type", "credential"]
    expected = _credential_type()
    created = calls[0]["params"]
    # the injector templates reach AWX untouched (Ansible must not render "{{ api_key }}" itself)
    assert created["inputs"] == expected["inputs"] and created["injectors"] == expected["injectors"]
    assert (created["name"], created["kind"]) == (expected["name"], expected["kind"])
    credential = calls[1]["params"]
    assert credential["credential_type"] == expected["name"]
    # only the fields given: no empty username or token stored next to the key
    assert credential["inputs"] == {"host": "https://api.spectrocloud.com", "api_key": secret, "project": "edge-prod"}


def test_create_playbook_takes_a_username_and_password_from_the_environment(tmp_path):
    password = "awx-test-password-0123456789"
    proc, calls = _run_create_playbook(tmp_path, PALETTE_USERNAME="ops@example.com", PALETTE_PASSWORD=password,
                                       PALETTE_ORG="edge-demo")
    assert not said(proc.stdout + proc.stderr, password)
    assert calls[1]["params"]["inputs"] == {"host": "https://api.spectrocloud.com", "username": "ops@example.com",
                                            "password": password, "org": "edge-demo"}


@pytest.mark.parametrize("environment", [
    {},
    {"PALETTE_API_KEY": "awx-test-key-0123456789abcdef", "PALETTE_TOKEN": "awx-test-token-0123456789"},
    {"PALETTE_USERNAME": "ops@example.com"},
], ids=["nothing", "key_and_token", "username_without_password"])
def test_create_playbook_wants_one_way_to_log_in(tmp_path, environment):
    proc, calls = _run_create_playbook(tmp_path, check=False, **environment)
    assert proc.returncode != 0 and "Give one way to log in" in proc.stdout
    assert calls == []
    for secret in environment.values():
        assert secret == "ops@example.com" or not said(proc.stdout + proc.stderr, secret)
