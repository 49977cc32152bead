# -*- coding: utf-8 -*-
# Copyright: (c) 2026, spectrocloud.palette contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transport: host checks, headers (User-Agent, ApiKey, ProjectUid), no key in URLs, TLS, proxies, redirects."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import ipaddress
import os
import ssl

import pytest
import yaml

from ansible_collections.spectrocloud.palette.plugins.module_utils.client import (
    PaletteApiError,
    PaletteClient,
    PaletteConnectionError,
    PaletteError,
    normalize_host,
)
from ansible_collections.spectrocloud.palette.tests.unit.client_helpers import log_entries


@pytest.mark.parametrize("host", ["http://palette.example.com", "http://10.0.0.5:8080", "http://[2001:db8::1]",
                                  "http://127.example.com"])
def test_plain_http_refused_for_remote_hosts(host, tmp_path):
    with pytest.raises(PaletteError, match="plain http"):
        PaletteClient(host=host, api_key="k1234", rate_limit_dir=str(tmp_path))


@pytest.mark.parametrize("host", ["http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:9/",
                                  "http://[::1]:8080", "http://api.localhost"])
def test_plain_http_accepted_for_loopback(host, tmp_path):
    client = PaletteClient(host=host, api_key="k1234", rate_limit_dir=str(tmp_path))
    assert client.host == host.rstrip("/")


def test_allow_insecure_http(tmp_path):
    client = PaletteClient(host="http://palette.example.com", api_key="k1234", allow_insecure_http=True,
                           rate_limit_dir=str(tmp_path))
    assert client.host == "http://palette.example.com"


@pytest.mark.parametrize("given, expected", [
    (None, "https://api.spectrocloud.com"),
    ("palette.example.com", "https://palette.example.com"),
    ("https://palette.example.com/", "https://palette.example.com"),
    ("HTTPS://Palette.example.com:8443/base/", "https://Palette.example.com:8443/base"),
])
def test_host_normalised(given, expected):
    assert normalize_host(given) == expected


@pytest.mark.parametrize("host, message", [
    ("ftp://palette.example.com", "scheme"),
    ("https://palette.example.com/?x=1", "query"),
    ("https://user:pw@palette.example.com", "credentials in the URL"),
    # every API path starts with /v1: a host ending in it would send /v1/v1/...
    ("https://palette.example.com/v1", "without /v1, e.g. https://api.spectrocloud.com"),
    ("https://palette.example.com/base/V1/", "without /v1"),
])
def test_bad_hosts(host, message):
    with pytest.raises(PaletteError, match=message):
        normalize_host(host)


def test_headers_sent(capture_server, tmp_path):
    """User-Agent names the collection and the version in galaxy.yml; the key is only a header."""
    url, recorder = capture_server
    key = "header-only-key-1234"
    client = PaletteClient(host=url, api_key=key, project_uid="p-uid-1", rate_limit_dir=str(tmp_path))
    client.post("/v1/dashboard/spectroclusters/search", body={"filter": {}}, query={"limit": 5})
    client.get("/v1/users/info", tenant=True)
    galaxy = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "galaxy.yml")
    with open(galaxy) as handle:
        version = yaml.safe_load(handle)["version"]
    first, second = recorder.requests
    assert first["headers"]["User-Agent"] == "ansible-spectrocloud.palette/%s" % version
    assert first["headers"]["ApiKey"] == key
    assert first["headers"]["ProjectUid"] == "p-uid-1"
    assert first["headers"]["Content-Type"] == "application/json"
    assert first["headers"]["Accept"] == "application/json"
    assert "Authorization" not in first["headers"]
    assert "ProjectUid" not in second["headers"]
    for request in recorder.requests:
        assert key not in request["target"]
        assert key not in request["body"]


def test_api_key_never_in_url_on_emulator(make_client, emu, demo):
    """Every call the client makes (lookup, lists, paging, errors) arrives with no key in the query string."""
    client = make_client(project_name="edge-prod")
    client.get("/v1/dashboard/clusterprofiles/metadata")
    list(client.paginate("GET", "/v1/packs", limit=5))
    with pytest.raises(PaletteApiError):
        client.get("/v1/clusterprofiles/0123456789abcdef01234567")
    entries = log_entries(emu)
    assert len(entries) >= 5
    for entry in entries:
        assert not any("apikey" in k.lower() for k in entry["query"]), entry
        assert demo["api_key"] not in repr(entry)
        assert entry["status"] in (200, 404)


def test_api_key_query_parameter_refused(make_client, emu):
    client = make_client()
    with pytest.raises(PaletteError, match="only ever sent as the ApiKey header"):
        client.get("/v1/users/info", query={"apiKey": "x"})
    assert log_entries(emu) == []


def test_proxy_from_environment(capture_server, tmp_path, monkeypatch):
    """HTTP(S)_PROXY from the environment is used (requests' trust_env is kept)."""
    url, recorder = capture_server
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", url)
    monkeypatch.setenv("http_proxy", url)
    client = PaletteClient(host="http://palette.invalid", api_key="k1234", allow_insecure_http=True,
                           rate_limit_dir=str(tmp_path), retries=0)
    client.get("/v1/users/info")
    assert recorder.requests[0]["target"] == "http://palette.invalid/v1/users/info"


def test_redirect_not_followed(capture_server, tmp_path):
    """A redirect is an error, not followed: the ApiKey header would go to wherever it points."""
    url, recorder = capture_server
    recorder.responses = [(302, {"Location": "http://127.0.0.1:1/elsewhere"}, {})]
    client = PaletteClient(host=url, api_key="k1234", rate_limit_dir=str(tmp_path))
    with pytest.raises(PaletteApiError) as info:
        client.get("/v1/users/info")
    assert info.value.status == 302
    assert len(recorder.requests) == 1


def test_validate_certs_false_warns(tmp_path):
    client = PaletteClient(host="https://palette.example.com", api_key="k1234", validate_certs=False,
                           rate_limit_dir=str(tmp_path))
    assert any("validate_certs is false" in w for w in client.warnings)
    assert PaletteClient(host="https://palette.example.com", api_key="k1234",
                         rate_limit_dir=str(tmp_path)).warnings == []


def test_missing_ca_path(tmp_path):
    with pytest.raises(PaletteError, match="ca_path"):
        PaletteClient(host="https://palette.example.com", api_key="k1234", ca_path=str(tmp_path / "nope.pem"),
                      rate_limit_dir=str(tmp_path))


# -- TLS against an emulator serving HTTPS with a private CA ----------------------------------------------
def _self_signed(directory):
    crypto = pytest.importorskip("cryptography")
    del crypto
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, u"palette-emulator-test-ca")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(u"localhost"),
                                                        x509.IPAddress(ipaddress.ip_address(u"127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path = str(directory / "cert.pem")
    key_path = str(directory / "key.pem")
    with open(cert_path, "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture(scope="module")
def tls_emulator(tmp_path_factory):
    testing = pytest.importorskip("palette_emulator.testing")
    cert, key = _self_signed(tmp_path_factory.mktemp("tls"))
    with testing.EmulatorProcess(seed="demo", strict=True, rate_limits=False,
                                 extra_args=("--tls-cert", cert, "--tls-key", key)) as emulator:
        emulator.ssl_context = ssl.create_default_context(cafile=cert)
        yield emulator, cert


def test_tls_verified_by_default(tls_emulator, demo, ratelimit_dir, monkeypatch):
    emulator, dummy = tls_emulator
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    assert emulator.url.startswith("https://")
    emulator.admin("DELETE", "/requests")
    client = PaletteClient(host=emulator.url, api_key=demo["api_key"], rate_limit_dir=ratelimit_dir)
    with pytest.raises(PaletteConnectionError, match="SSLError"):
        client.get("/v1/users/info", tenant=True)
    assert client.stats["requests"] == 1  # a certificate failure is not retried
    assert log_entries(emulator) == []


def test_tls_with_ca_path(tls_emulator, demo, ratelimit_dir):
    emulator, cert = tls_emulator
    emulator.admin("DELETE", "/requests")
    client = PaletteClient(host=emulator.url, api_key=demo["api_key"], ca_path=cert, rate_limit_dir=ratelimit_dir)
    assert client.get("/v1/users/info", tenant=True)["userUid"]
    assert client.warnings == []
    assert [e["status"] for e in log_entries(emulator)] == [200]


def test_tls_without_verification_warns(tls_emulator, demo, ratelimit_dir):
    emulator, dummy = tls_emulator
    client = PaletteClient(host=emulator.url, api_key=demo["api_key"], validate_certs=False,
                           rate_limit_dir=ratelimit_dir)
    assert client.get("/v1/users/info", tenant=True)["userUid"]
    assert len(client.warnings) == 1 and "validate_certs is false" in client.warnings[0]
