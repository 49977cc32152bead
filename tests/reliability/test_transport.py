"""Transport security, end to end through a module and the inventory plugin.

* The emulator serves HTTPS with a certificate from a private CA made here (``cryptography``): by default the
  collection refuses it with an error that names ``ca_path`` and ``validate_certs``; with ``ca_path`` it works; with
  ``validate_certs: false`` it works and says so in a visible warning.
* Plain ``http://`` to this machine's non-loopback address is refused before any request, unless
  ``allow_insecure_http`` is set.
"""

import datetime
import ipaddress
import json
import os
import socket
import ssl

import pytest
import yaml

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_output import said  # pylint: disable=import-error
from palette_emulator.testing import DEMO_API_KEY, DEMO_PROJECT_NAME, EmulatorProcess

CORE_11 = "698e43979f639727243be3e8"
INVENTORY_ENV = {"ANSIBLE_INVENTORY_ENABLED": "spectrocloud.palette.palette",
                 "ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED": "true"}
TLS_WARNING = "validate_certs is false"


def _write_pki(directory):
    """A private CA and a server certificate for 127.0.0.1/localhost signed by it; returns (ca, cert, key) paths."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "reliability test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])).issuer_name(ca_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = tuple(os.path.join(directory, name) for name in ("ca.pem", "server.pem", "server-key.pem"))
    with open(paths[0], "wb") as handle:
        handle.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths[1], "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths[2], "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    os.chmod(paths[2], 0o600)
    return paths


def _non_loopback_address():
    """This machine's address on its default route (no packet is sent), or None."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if ipaddress.ip_address(address).is_loopback else address


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return _write_pki(str(tmp_path_factory.mktemp("pki")))


@pytest.fixture(scope="module")
def tls_emulator(pki):
    ca, cert, key = pki
    emu = EmulatorProcess(seed="demo", strict=True, rate_limits=False, extra_args=("--tls-cert", cert, "--tls-key", key))
    emu.ssl_context = ssl.create_default_context(cafile=ca)
    with emu:
        assert emu.url.startswith("https://127.0.0.1:")
        yield emu


@pytest.fixture(scope="module")
def lan_emulator():
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    with EmulatorProcess(seed="demo", strict=True, rate_limits=False, extra_args=("--host", address)) as emu:
        assert emu.url.startswith("http://%s:" % address)
        yield emu


def _run_cases(ansible, cases):
    """Run palette_profile_info once per case in one playbook; returns ({case: result}, CompletedProcess)."""
    results_path = os.path.join(ansible.tmp, "results.json")
    tasks = []
    for index, (name, args) in enumerate(cases):
        tasks.append({"name": name, "spectrocloud.palette.palette_profile_info": dict(
            args, api_key=DEMO_API_KEY, project_name=DEMO_PROJECT_NAME, uid=CORE_11),
            "register": "case_%d" % index, "ignore_errors": True})
    collected = ", ".join("'%s': case_%d" % (name, i) for i, (name, dummy) in enumerate(cases))
    copy = {"dest": results_path, "mode": "0600", "content": "{{ {%s} | to_json }}" % collected}
    tasks.append({"name": "Collect", "ansible.builtin.copy": copy})
    proc = ansible.playbook(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}], sort_keys=False))
    assert os.path.exists(results_path), proc.stdout[-3000:] + proc.stderr[-3000:]
    with open(results_path, encoding="utf-8") as handle:
        return json.load(handle), proc


def test_module_tls(tls_emulator, pki, ansible):
    tls_emulator.reset()
    ca = pki[0]
    results, proc = _run_cases(ansible, [
        ("default", {"host": tls_emulator.url}),
        ("ca_path", {"host": tls_emulator.url, "ca_path": ca}),
        ("no_verify", {"host": tls_emulator.url, "validate_certs": False}),
    ])
    refused = results["default"]
    assert refused["failed"]
    assert "ca_path" in refused["msg"] and "validate_certs" in refused["msg"], refused["msg"]
    assert "CERTIFICATE_VERIFY_FAILED" in refused["msg"] or "certificate verify failed" in refused["msg"]
    assert "Traceback" not in refused["msg"]

    for name in ("ca_path", "no_verify"):
        assert not results[name].get("failed"), results[name]
        assert results[name]["profile"]["uid"] == CORE_11
    assert not any(TLS_WARNING in w for w in results["ca_path"].get("warnings", []))
    assert any(TLS_WARNING in w for w in results["no_verify"]["warnings"])
    # visible to the person running the playbook, not only in the registered result
    assert said(proc.stdout + proc.stderr, "[WARNING]: " + TLS_WARNING)
    # exactly two reads got through (ca_path, no_verify): the refused run sent nothing over the unverified connection
    reads = [r for r in tls_emulator.requests() if r["path"] == "/v1/clusterprofiles/" + CORE_11]
    assert len(reads) == 2


def _inventory(ansible, url, extra=""):
    path = ansible.write("tls.palette.yml", "plugin: spectrocloud.palette.palette\nhost: %s\napi_key: %s\n"
                         "projects: [%s]\npack_details: none\n%s" % (url, DEMO_API_KEY, DEMO_PROJECT_NAME, extra))
    proc = ansible.inventory(path, "--list", env=INVENTORY_ENV)
    return proc, proc.stdout + proc.stderr


def test_inventory_tls(tls_emulator, pki, ansible):
    tls_emulator.reset()
    proc, output = _inventory(ansible, tls_emulator.url)
    assert proc.returncode != 0
    assert said(output, "ca_path") and said(output, "validate_certs"), output[-3000:]
    assert tls_emulator.requests() == []

    proc, output = _inventory(ansible, tls_emulator.url, "ca_path: %s\n" % pki[0])
    assert proc.returncode == 0, output[-3000:]
    assert "edge-vmo" in json.loads(proc.stdout)["_meta"]["hostvars"]
    assert not said(output, TLS_WARNING)

    proc, output = _inventory(ansible, tls_emulator.url, "validate_certs: false\n")
    assert proc.returncode == 0, output[-3000:]
    assert "edge-vmo" in json.loads(proc.stdout)["_meta"]["hostvars"]
    assert said(proc.stderr, "[WARNING]: spectrocloud.palette.palette: " + TLS_WARNING)


def test_module_plain_http_to_a_non_loopback_address(lan_emulator, ansible):
    lan_emulator.reset()
    results, dummy = _run_cases(ansible, [
        ("refused", {"host": lan_emulator.url}),
        ("allowed", {"host": lan_emulator.url, "allow_insecure_http": True}),
    ])
    assert results["refused"]["failed"]
    assert "allow_insecure_http" in results["refused"]["msg"] and "plain http" in results["refused"]["msg"]
    assert not results["allowed"].get("failed"), results["allowed"]
    assert results["allowed"]["profile"]["uid"] == CORE_11
    # the refused task sent nothing: the only profile read is the allowed one
    reads = [r for r in lan_emulator.requests() if r["path"] == "/v1/clusterprofiles/" + CORE_11]
    assert len(reads) == 1


def test_inventory_plain_http_to_a_non_loopback_address(lan_emulator, ansible):
    lan_emulator.reset()
    proc, output = _inventory(ansible, lan_emulator.url)
    assert proc.returncode != 0
    assert said(output, "allow_insecure_http") and said(output, "plain http"), output[-3000:]
    assert lan_emulator.requests() == []

    proc, output = _inventory(ansible, lan_emulator.url, "allow_insecure_http: true\n")
    assert proc.returncode == 0, output[-3000:]
    assert "edge-vmo" in json.loads(proc.stdout)["_meta"]["hostvars"]
    assert lan_emulator.requests() != []
