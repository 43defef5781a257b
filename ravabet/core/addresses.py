"""The client's address, the one every throttle and record of a request uses.

`X-Forwarded-For` is anyone's to write, so it is read only when the connection comes from a
proxy listed in settings.TRUSTED_PROXIES (RAVABET_TRUSTED_PROXIES). Each trusted proxy
appends the address it was connected from, so the header is read from the right: the first
address that is not a trusted proxy is the client. Whatever a client wrote to the left of it
is ignored, so a forged header can neither spread one sender over many counters nor put
someone else's address on them. Without a trusted proxy the address is REMOTE_ADDR.

django-ipware could do the walk, but its trusted-proxy option matches address prefixes as
strings ("10.1" also matches "10.100.0.1"); ipaddress networks say exactly what is trusted.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(item) for item in configured)


def _parse(raw: str) -> IPAddress | None:
    value = raw.strip()
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: HttpRequest | object | None) -> str:
    """The client's address as text, or "" when the request has none we can read."""
    meta = getattr(request, "META", None) or {}
    peer = _parse(str(meta.get("REMOTE_ADDR", "")))
    if peer is None:
        return ""
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(peer, networks):
        return str(peer)
    client = peer
    for hop in reversed(str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")):
        address = _parse(hop)
        if address is None:
            # Our own proxies write only addresses: this was written by the client, so the
            # last trusted hop is as far as we can honestly see.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def client_ip_or_none(request: HttpRequest) -> str | None:
    """django-axes stores the address in a GenericIPAddressField: "" must be NULL."""
    return client_ip(request) or None


def throttle_key(value: str) -> str:
    """The part of an address that one sender controls: all of IPv4, the /64 of IPv6.

    An IPv6 subscriber is usually given a whole /64 and can hop between its addresses at
    will; counting each address apart would give them 2**64 fresh counters.
    """
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return value
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return value
