"""Which URLs a webhook may call: no private, loopback, link-local, multicast or reserved address.

A webhook URL is chosen by a tenant and called by the server, so without a check it would let a tenant make
the server reach what only the server can reach (its own admin ports, the cloud metadata service at
169.254.169.254, the internal network). Two checks, both refused unless ``WEBHOOK_ALLOW_PRIVATE``:

* :func:`check_url` when an endpoint is created or changed: the scheme, the host, no credentials, and an
  IP-literal host's address;
* :func:`refused_address` on every address a delivery's host name resolves to, before connecting
  (:mod:`.sending`): it connects only to an allowed one, so a name that resolves (or is re-pointed, DNS
  rebinding) to a private address is refused there, and a refused address never sees a packet.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
BAD_URL = "The URL must be an http or https URL with a host."


def refused_address(address: str) -> str | None:
    """Why ``address`` (an IP address as text) may not be called, or None when it is a public one."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone id is no part of the address
    except ValueError:
        return f"{address} is not an IP address."
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip.is_multicast or not ip.is_global:
        return f"{ip} is a private, loopback, link-local or reserved address."
    return None


def check_url(url: str, allow_private: bool) -> str | None:
    """Why ``url`` may not be a webhook target, or None when it may."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        return BAD_URL
    if parts.scheme.lower() not in SCHEMES or not host:
        return BAD_URL
    if parts.username is not None or parts.password is not None:
        return "The URL must not hold a user name or password."
    if allow_private:
        return None
    if host == "localhost" or host.endswith(".localhost"):
        return "localhost is a loopback address."
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None  # a host name: its addresses are checked when a delivery connects
    return refused_address(host)
