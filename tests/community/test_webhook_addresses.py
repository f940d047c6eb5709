"""The pinned connection over TLS: it goes to the checked address, and the certificate
is still checked against the host name."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from community.webhooks.addresses import PinnedAdapter, embedded_ipv4, is_public

HOST = "hooks.example.test"


@pytest.fixture
def tls_receiver(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(self.headers["Host"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], cert, seen
    server.shutdown()


def post(url: str, address: str, cert) -> requests.Response:
    with requests.Session() as session:
        session.mount("https://", PinnedAdapter(address))
        return session.post(url, data=b"{}", verify=str(cert), timeout=5)


def test_a_pinned_tls_connection_reaches_the_address_and_checks_the_name(tls_receiver):
    port, cert, seen = tls_receiver

    response = post(f"https://{HOST}:{port}/hook", "127.0.0.1", cert)  # the name resolves nowhere

    assert response.status_code == 204
    assert seen == [f"{HOST}:{port}"]


def test_a_certificate_for_another_name_is_refused(tls_receiver):
    port, cert, _ = tls_receiver

    with pytest.raises(requests.exceptions.SSLError):
        post(f"https://other.example.test:{port}/hook", "127.0.0.1", cert)


@pytest.mark.parametrize(
    ("address", "inner"),
    [("::ffff:10.0.0.1", "10.0.0.1"), ("::127.0.0.1", "127.0.0.1"), ("64:ff9b::c0a8:101", "192.168.1.1"),
     ("2002:a00:1::", "10.0.0.1"), ("2606:4700::1111", None)],
)  # fmt: skip
def test_the_ipv4_inside_an_ipv6_address_is_found(address, inner):
    import ipaddress

    found = embedded_ipv4(ipaddress.IPv6Address(address))
    assert (str(found) if found else None) == inner
    assert is_public(address) is (inner is None)
