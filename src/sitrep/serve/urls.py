"""Which URLs the server may fetch: http(s) only, and only to public addresses unless allowed."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from sitrep.errors import InputError


def refuse_private(url: str, *, allow_private: bool = False) -> None:
    """Raise :class:`~sitrep.errors.InputError` unless ``url`` is http(s) to a host whose every address is
    public (not private, loopback, link-local, multicast, reserved or unspecified), or ``allow_private``."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise InputError("not a URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"only http(s) URLs are fetched, not {parts.scheme or 'a relative URL'}")
    host = parts.hostname
    if not host:
        raise InputError("the URL has no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise InputError(f"cannot resolve {host}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise InputError(f"{host} is a private or local address ({address}); not fetched")
