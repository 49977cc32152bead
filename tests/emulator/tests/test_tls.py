"""HTTPS with --tls-cert/--tls-key (a self-signed certificate made here with ``cryptography``)."""

import datetime
import ipaddress
import ssl

import pytest
import requests

from palette_emulator.testing import DEMO_API_KEY, EmulatorProcess

x509 = pytest.importorskip("cryptography.x509")
hashes = pytest.importorskip("cryptography.hazmat.primitives.hashes")
serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
ec = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ec")
NameOID = x509.oid.NameOID


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "palette-emulator.test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return str(cert_file), str(key_file)


def test_https(tmp_path):
    cert, key = _self_signed(tmp_path)
    with EmulatorProcess(extra_args=("--tls-cert", cert, "--tls-key", key)) as emu:
        assert emu.url.startswith("https://127.0.0.1:")
        resp = requests.get(emu.url + "/v1/users/info", headers={"ApiKey": DEMO_API_KEY}, verify=cert, timeout=10)
        assert resp.status_code == 200
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(emu.url + "/v1/users/info", headers={"ApiKey": DEMO_API_KEY}, timeout=10)   # not trusted by default
        emu.ssl_context = ssl.create_default_context(cafile=cert)
        assert emu.admin("GET", "/health")["ok"]
