"""Which address a request came from, when it may have passed through our own proxies.

A TLS proxy in front of the app makes every request arrive from the proxy's address; the
client's address is in the ``X-Forwarded-For`` header the proxy appends to. But anyone can
send that header, so it is believed only hop by hop from the right: an address written by
a proxy we trust (``INTROGRAPH_TRUSTED_PROXIES``) is taken, and the first address not
itself a trusted proxy is the client. Unlike werkzeug's ``ProxyFix``, which believes a fixed
number of hops from whoever connects, a client that connects directly can never pick the
address it is counted under.
"""
from __future__ import annotations

import ipaddress
from typing import Iterable, Sequence

__all__ = ["Networks", "parse_trusted", "client_address"]

Networks = tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def parse_trusted(value: str | Iterable[str] | None, setting: str = "INTROGRAPH_TRUSTED_PROXIES") -> Networks:
    """Addresses and networks (``10.0.0.5``, ``10.0.0.0/8``, ``::1``) given as a list, or as
    text separated by commas or spaces; a :class:`ValueError` names an entry that is neither."""
    if value is None:
        return ()
    entries = value.replace(",", " ").split() if isinstance(value, str) else [str(v).strip() for v in value]
    networks = []
    for entry in filter(None, entries):
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"{setting}: {entry!r} is not an IP address or network (like 10.0.0.0/8)") from None
    return tuple(networks)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, trusted: Networks) -> bool:
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return any(address.version == net.version and address in net for net in trusted)


def client_address(remote: str | None, forwarded_for: Sequence[str], trusted: Networks) -> str:
    """The client's address: ``remote`` (who connected), or, while the address in hand is a
    trusted proxy, the hop that proxy appended to ``X-Forwarded-For`` (every header's value,
    in order). A hop that is not an address ends the walk at the proxy that wrote it."""
    current = _address(remote or "")
    if current is None:
        return remote or ""
    hops = [h for value in forwarded_for for h in value.split(",")]
    while hops and _trusted(current, trusted):
        previous = _address(hops.pop())
        if previous is None:
            break
        current = previous
    return str(current)
