"""TLS is verified against this computer's certificate store, as the admin's browser verifies it.

An on-site SuperOffice NetServer usually has a certificate that the company's own CA issued, and many companies put a
proxy that inspects HTTPS in front of every laptop, with its CA installed by the IT department. Both are in the
operating system's certificate store, not in certifi's bundle of public CAs, which httpx uses by default: the app
said "the secure connection could not be verified" where the admin's browser opened the same address without a
word, and the admin could not connect at all (unless they knew to export the CA into a file named by SSL_CERT_FILE).
The connectors now use the operating system's store (connectors.http.certificate_store, `truststore`). On Linux that
store is OpenSSL's, which SSL_CERT_FILE names: these tests install their own CA there.
"""

from __future__ import annotations

import json
import ssl
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import IPv4Address

import pytest
import truststore
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop_app.connectors import http as connector_http
from desktop_app.connectors.errors import ConnectorError
from desktop_app.connectors.http import ApiClient, RequestLimits
from desktop_app.domain.model import System

pytestmark = [pytest.mark.timeout(60)]

LIMITS = RequestLimits(requests_per_second=1000.0, timeout=5.0, max_retries=3, backoff_base=0.001, backoff_max=0.01)


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _authority(name: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A company's own CA, as its IT department makes one."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


@pytest.fixture
def netserver(tmp_path):
    """An on-site NetServer on loopback with a certificate the company's CA issued; yields (url, the CA's PEM file)."""
    ca_key, ca = _authority("Example AB internal CA")
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("crm.example.internal"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    chain = tmp_path / "server.pem"
    chain.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        + _pem(cert)
    )
    ca_file = tmp_path / "company-ca.pem"
    ca_file.write_bytes(_pem(ca))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = json.dumps({"ok": True}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/SuperOffice/api/", ca_file
    finally:
        server.shutdown()
        server.server_close()


def _count_handshakes(monkeypatch):
    """How many TLS connections the client's certificate store began."""
    calls = []
    real = truststore.SSLContext.wrap_socket

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(truststore.SSLContext, "wrap_socket", counted)
    return lambda: len(calls)


def test_the_connectors_use_this_computers_certificate_store():
    assert isinstance(connector_http.certificate_store(), truststore.SSLContext)


def test_a_netserver_whose_certificate_the_company_ca_issued_is_reached(netserver, monkeypatch):
    url, ca_file = netserver
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # the company's CA in this computer's store (Linux: OpenSSL's)
    with ApiClient(System.SUPEROFFICE, limits=LIMITS) as client:
        assert client.get(url + "v1/List/LegalBase/Items") == {"ok": True}


def test_the_client_verifies_with_the_certificate_store_not_a_bundle_of_its_own(netserver, monkeypatch):
    """A store that trusts nothing: the same NetServer is refused, so the client took the store's word."""
    url, ca_file = netserver
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    monkeypatch.setattr(connector_http, "certificate_store", lambda: ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
    with ApiClient(System.SUPEROFFICE, limits=LIMITS) as client, pytest.raises(ConnectorError):
        client.get(url + "v1/List/LegalBase/Items")


def test_a_certificate_this_computer_does_not_trust_is_one_sentence_about_the_secure_connection(
    netserver, monkeypatch, tmp_path
):
    """Another company's CA in the store (not the one that issued the NetServer's certificate): still refused, said
    as a certificate problem, with no traceback."""
    url, _ = netserver
    handshakes = _count_handshakes(monkeypatch)
    _, other = _authority("Some other CA")
    other_file = tmp_path / "other-ca.pem"
    other_file.write_bytes(_pem(other))
    monkeypatch.setenv("SSL_CERT_FILE", str(other_file))
    with ApiClient(System.SUPEROFFICE, limits=LIMITS) as client, pytest.raises(ConnectorError) as caught:
        client.get(url + "v1/List/LegalBase/Items")
    assert "secure connection could not be set up (certificate or TLS problem)" in caught.value.user_message
    assert "Traceback" not in caught.value.user_message
    assert handshakes() == 1, "a certificate the store does not trust was tried again: the admin waits for nothing"


def test_a_linux_machine_without_any_certificate_store_falls_back_to_certifi(monkeypatch, tmp_path):
    """A minimal Linux server without the ca-certificates package: the operating system's store is empty, and
    trusting nothing would refuse every vendor's public certificate, where httpx's certifi bundle used to work."""
    empty = ssl.DefaultVerifyPaths(None, None, "", str(tmp_path / "none"), "", str(tmp_path / "none"))
    monkeypatch.setattr(ssl, "get_default_verify_paths", lambda: empty)
    monkeypatch.setattr(connector_http, "_LINUX_BUNDLES", (str(tmp_path / "missing.pem"),))
    monkeypatch.setattr(connector_http.sys, "platform", "linux")
    context = connector_http.certificate_store()
    assert not isinstance(context, truststore.SSLContext)
    assert context.cert_store_stats()["x509_ca"] > 0, "certifi's public CAs"
    monkeypatch.setattr(connector_http, "_LINUX_BUNDLES", (str(tmp_path / "bundle.pem"),))
    (tmp_path / "bundle.pem").write_text("")
    assert isinstance(connector_http.certificate_store(), truststore.SSLContext)
