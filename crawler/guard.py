"""The address guard's decision: may a request to this origin go to these addresses?

An origin is (scheme, host, port). The origins named in the config (source URLs as written
and as rewritten by url_map, and the url_map targets) may live anywhere, loopback included:
that is how a local mirror works. Any other origin whose host resolves to a non-public
address (private, loopback, link-local, unspecified, reserved...) is refused, so a redirect
or a link on a crawled page cannot walk the crawler into the operator's own network, not
even to another port of the mirror's own address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Iterable
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
DEFAULT_PORTS = {"http": 80, "https": 443}


def address_kind(address: IPAddress) -> str | None:
    """Why `address` is off limits (loopback, private...), or None if it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_kind(address.ipv4_mapped)
    for kind in ("loopback", "link_local", "private", "unspecified", "multicast", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-public"


def url_origin(url: str) -> str | None:
    """`scheme://host:port` of `url`, the port always written, the host lower-case and an
    IP literal in its canonical form; None for a URL without a usable origin (no host, a
    port out of range, a scheme that is not http(s))."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port out of range or not a number
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return origin(scheme, host, port or DEFAULT_PORTS[scheme])


def url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched at all (a port out of range, no host, a space in the
    host, not http(s)), in a few words; None when it can be."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError as exc:
        return f"invalid port or address: {exc}"
    if parts.scheme.lower() not in DEFAULT_PORTS:
        return "not an http(s) address"
    if not parts.hostname:
        return "no host in the address"
    if any(ch.isspace() or ch in '<>"{}|\\^`' for ch in parts.hostname):
        return f"invalid host {parts.hostname!r}"
    return None


def origin(scheme: str, host: str, port: int) -> str:
    """The canonical text of an origin (an IPv6 host in brackets)."""
    name = literal_address(host) or host.strip("[]").lower()
    if ":" in name:
        name = f"[{name}]"
    return f"{scheme.lower()}://{name}:{port}"


def refusal_reason(
    request_origin: str, addresses: Iterable[str], configured: Collection[str]
) -> str | None:
    """A one-line reason to refuse a request to `request_origin` (as made by url_origin)
    whose host resolves to `addresses`, or None when the request may go."""
    if request_origin in configured:
        return None
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            continue
        kind = address_kind(address)
        if kind is not None:
            return (
                f"refused: {request_origin} is not a configured origin and resolves to "
                f"{kind} address {text}"
            )
    return None


def literal_address(host: str) -> str | None:
    """`host` itself when it is an IP address literal (canonical form), else None."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return None
