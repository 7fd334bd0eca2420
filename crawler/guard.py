"""The address guard's decision: may a request to `host` go to these addresses?

A host named in the config (after url_map) may live anywhere, loopback included: that is
how a local mirror works. Any other host that resolves to a non-public address (private,
loopback, link-local, unspecified, reserved...) is refused, so a redirect or a link on a
crawled page cannot walk the crawler into the operator's own network.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_kind(address: IPAddress) -> str | None:
    """Why `address` is off limits (loopback, private...), or None if it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_kind(address.ipv4_mapped)
    for kind in ("loopback", "link_local", "private", "unspecified", "multicast", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"


def refusal_reason(host: str, addresses: Iterable[str], configured_hosts: Collection[str]) -> (
    str | None
):
    """A one-line reason to refuse a request to `host` resolving to `addresses`, or None."""
    name = host.strip("[]").lower()
    if name in configured_hosts:
        return None
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            continue
        kind = address_kind(address)
        if kind is not None:
            return f"refused: {name} is not a configured host and resolves to {kind} address {text}"
    return None


def literal_address(host: str) -> str | None:
    """`host` itself when it is an IP address literal, else None."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None
