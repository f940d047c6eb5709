"""Where a webhook may be delivered: public addresses only, and only the one checked.

Every form an address can take is judged by what it reaches: an IPv4 address hidden
in an IPv6 one (IPv4-mapped `::ffff:a.b.c.d`, the old IPv4-compatible `::a.b.c.d`,
NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:…`, Teredo `2001:0:…`) is judged as that IPv4
address. A host name is resolved once; the delivery then connects to the address that
was checked (PinnedAdapter), so a DNS answer that changes between the check and the
connection (DNS rebinding) cannot lead it into our own network.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, where it stands for one."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's own address
    if ip in IPV4_COMPATIBLE or any(ip in network for network in NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(address: str) -> bool:
    """Globally reachable, not multicast, whatever form it is written in."""
    ip: IP = ipaddress.ip_address(address.split("%")[0])  # a zone ("fe80::1%eth0") is link-local anyway
    if isinstance(ip, ipaddress.IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            return is_public(str(inner))
    return ip.is_global and not ip.is_multicast


def is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name stands for now (socket.gaierror when none)."""
    if is_literal(host):
        return [host]
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in found]


class PinnedAdapter(HTTPAdapter):
    """Connects to `address` whatever the URL's host resolves to by now; TLS still
    checks the certificate against the host name (SNI and hostname verification)."""

    def __init__(self, address: str):
        self.address = address
        super().__init__(max_retries=0)

    def send(self, request, *args, **kwargs):
        # Without it, the Host header would name the address, not the host.
        request.headers.setdefault("Host", urlsplit(request.url).netloc.rpartition("@")[2])
        return super().send(request, *args, **kwargs)

    def build_connection_pool_key_attributes(self, request, verify, cert=None) -> tuple[dict[str, Any], dict[str, Any]]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(request, verify, cert)
        hostname = host_params["host"]
        host_params["host"] = self.address
        if host_params["scheme"] == "https":
            pool_kwargs["server_hostname"] = hostname
            pool_kwargs["assert_hostname"] = hostname
        return host_params, pool_kwargs


def pinned_session(address: str | None) -> requests.Session:
    """A session that connects only to `address` (one check_url returned), whatever the
    host name resolves to by the time it connects; None leaves the resolving to requests."""
    session = requests.Session()
    if address is not None:
        session.mount("http://", PinnedAdapter(address))
        session.mount("https://", PinnedAdapter(address))
    return session
