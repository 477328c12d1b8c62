"""HTTP for the web readers (URLs, feed entries): the client, one streamed fetch, and what the body is.

Rules:

* One ``httpx.Client`` per read (:func:`make_client`): redirects followed (at most :data:`MAX_REDIRECTS`),
  ``options.timeout`` seconds for each network step, ``options.user_agent`` sent.
* Every request, the first and each redirect, is checked by :func:`check_url` before it is sent (an
  httpx request hook): only ``http``/``https``, and no host on a private, loopback, link-local,
  multicast, reserved or unspecified address unless ``options.allow_private``: ``refused``. The
  connection itself is made by :class:`PinnedBackend`, to the addresses it checked in the same lookup,
  so a name that changes its answer between the check and the connection is refused too.
* :func:`fetch` streams the body and stops as soon as it passes ``options.max_bytes`` (or at once when
  ``Content-Length`` says so): ``too-large``; or as soon as the whole fetch (connections, headers,
  redirects and body) has taken longer than ``options.deadline`` seconds, however slowly the server
  trickles it: ``unreachable``. Every network step is given at most what is left of the deadline.
* Failures: ``unreachable`` when the server cannot be reached (DNS, refused, reset, timeout: "cannot
  connect: …", "timed out after 20s"); ``http`` for an answer with status 400 or more ("HTTP 404 Not
  Found"), any other non-2xx answer, or too many redirects; ``unreadable`` for an address that is not a
  valid http(s) URL; ``refused`` for an address :func:`check_url` refuses; ``malformed`` for a body
  that cannot be decoded (a broken ``Content-Encoding``).
* What the body is (:func:`body_kind`): an RSS/Atom feed when it starts like one (whatever the
  ``Content-Type``; servers often send feeds as ``text/xml`` or ``text/html``) or is served as
  ``application/rss+xml``, ``application/atom+xml`` or ``application/rdf+xml``; otherwise HTML for
  ``text/html`` and ``application/xhtml+xml``, text for ``text/plain``; no or a generic type
  (``application/octet-stream``): HTML when it starts like HTML, else text; anything else (a PDF, an image)
  ``unsupported``.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import ssl
import time
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

import httpcore
import httpx

from sitrep.article import Failure
from sitrep.errors import RefusedError
from sitrep.ingest.base import ReadOptions, sniff
from sitrep.ingest.decoding import parse_content_type

MAX_REDIRECTS = 5

BodyKind = Literal["feed", "html", "text", "unsupported"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response: the final URL, its media type and charset, and the body."""

    url: str
    media_type: str
    charset: str | None
    body: bytes


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse to fetch ``url`` unless it is ``http``/``https`` and every address its host resolves to
    (IPv4 and IPv6; an IPv4-mapped IPv6 address counts as the IPv4 one) is a public one: not private,
    loopback, link-local, multicast, reserved, unspecified or otherwise not global. ``allow_private``
    lets any host through (the scheme is still checked).

    A host name that does not resolve passes: the fetch then fails as ``unreachable``.

    :raises RefusedError: with a one-line reason naming the URL.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as err:
        raise RefusedError(f"{url}: not a valid URL ({err})") from None
    scheme = parts.scheme.lower()
    if scheme and scheme not in ("http", "https"):
        raise RefusedError(f"{url}: only http and https addresses are fetched, not {scheme}:")
    if not scheme or not host or allow_private:
        return  # no scheme or host: not a URL at all, the fetch fails as not a valid http(s) URL
    for address in _addresses(host):
        why = _not_public(address)
        if why:
            raise RefusedError(
                f"{url}: {host} is {why} ({address}); sitrep does not fetch private, loopback or "
                "link-local addresses unless --allow-private is given"
            )


_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "sitrep_fetch_deadline", default=None
)
"""When the fetch in progress must end (``time.monotonic()``), set by :func:`fetch` for the network below."""


def _within(timeout: float | None) -> float | None:
    """``timeout`` for one network step, shortened to what is left of the fetch's deadline.

    :raises httpcore.ReadTimeout: the deadline has passed.
    """
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch's deadline has passed")
    return left if timeout is None else min(timeout, left)


class PinnedBackend(httpcore.NetworkBackend):
    """httpcore's network, with two guards every connection of a fetch passes through.

    * **Checked addresses.** The host is resolved once; unless ``allow_private``, every address it gave
      is refused unless public, and the socket connects to those addresses themselves, never to the name
      again. A name that answers a public address to :func:`check_url` and a private one a moment later
      ("DNS rebinding") is refused before a byte is sent. TLS still verifies the certificate of (and
      sends SNI for) the name in the URL: httpcore passes the URL's host to ``start_tls``, not the address.
    * **The deadline.** Every step (connect, TLS, each read and write, headers included) gets at most
      what is left of the fetch's deadline (:func:`fetch`), so a server that trickles its headers one byte
      at a time is cut off as surely as one that trickles its body.
    """

    def __init__(self, *, allow_private: bool) -> None:
        self._inner = httpcore.SyncBackend()
        self._allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = _resolve(host)
        except (OSError, UnicodeError) as err:
            raise httpcore.ConnectError(str(err) or f"cannot resolve {host}") from err
        for address in addresses:
            why = None if self._allow_private else _not_public(address)
            if why:
                raise RefusedError(
                    f"{host} is {why} ({address}) at the moment of connecting; sitrep does not fetch "
                    "private, loopback or link-local addresses unless --allow-private is given"
                )
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                stream = self._inner.connect_tcp(
                    str(address), port, _within(timeout), local_address, socket_options
                )
            except httpcore.ConnectError as err:  # refused, unreachable: try the next address
                error = err
                continue
            return _DeadlineStream(stream)
        raise error


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every step ends by the fetch's deadline (:func:`_within`)."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _within(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _within(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over :class:`PinnedBackend` (httpx has no public switch for the backend, so the
    connection pool it made is replaced by one built the same way on the pinned backend)."""

    def __init__(self, *, allow_private: bool) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,  # httpx's own defaults
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=PinnedBackend(allow_private=allow_private),
        )


def _resolve(host: str) -> list[IPAddress]:
    """Every address ``host`` names (itself when it is an address). :raises OSError: it does not resolve."""
    try:
        return [ipaddress.ip_address(host.strip("[]").split("%", 1)[0])]
    except ValueError:
        pass
    addresses: list[IPAddress] = []
    for *_, sockaddr in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP):
        try:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        except ValueError:
            continue
        if address not in addresses:
            addresses.append(address)
    return addresses


def _addresses(host: str) -> list[IPAddress]:
    try:
        return _resolve(host)
    except (OSError, UnicodeError):
        return []


def _not_public(address: IPAddress) -> str | None:
    """Why ``address`` is not a public one (``"a loopback address"``), or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for test, name in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(address, test):
            return name
    return None if address.is_global else "not a public address"


def make_client(options: ReadOptions, *, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The HTTP client every fetch uses (close it when done). ``transport`` replaces the network (tests
    answer with an ``httpx.MockTransport``). Every request it sends, redirects included, passes
    :func:`check_url` first."""

    def check(request: httpx.Request) -> None:
        check_url(str(request.url), allow_private=options.allow_private)

    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(options.timeout),
        headers={"User-Agent": options.user_agent},
        transport=transport or _direct_transport(options),
        event_hooks={"request": [check]},
    )


def _direct_transport(options: ReadOptions) -> httpx.BaseTransport | None:
    """:class:`PinnedBackend`'s transport, unless the environment names a proxy (``HTTP_PROXY``,
    ``HTTPS_PROXY``, ``ALL_PROXY``): then None, and httpx's own transport connects to the proxy, which
    resolves the name itself (only :func:`check_url`'s check of the name applies, and the deadline is
    checked between chunks of the body only)."""
    proxies = urllib.request.getproxies()
    if any(proxies.get(scheme) for scheme in ("http", "https", "all")):
        return None
    return _PinnedTransport(allow_private=options.allow_private)


def fetch(url: str, options: ReadOptions, client: httpx.Client) -> Fetched | Failure:
    """The body at ``url``, or the :class:`Failure` that says why it cannot be had."""
    started = time.monotonic()
    token = _DEADLINE.set(started + options.deadline)
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400 or not response.is_success:
                reason = response.reason_phrase or ""
                return Failure(url, f"HTTP {response.status_code} {reason}".strip(), "http")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > options.max_bytes:
                return Failure(
                    url,
                    f"body is {int(declared):,} bytes, over the limit of {options.max_bytes:,}",
                    "too-large",
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if time.monotonic() - started > options.deadline:
                    return _too_slow(url, options)
                if len(body) > options.max_bytes:
                    return Failure(url, f"body is over the limit of {options.max_bytes:,} bytes", "too-large")
            media_type, charset = parse_content_type(response.headers.get("content-type"))
            return Fetched(str(response.url), media_type, charset, bytes(body))
    except RefusedError as err:
        return Failure(url, str(err), "refused")
    except httpx.TooManyRedirects:
        return Failure(url, f"too many redirects (more than {MAX_REDIRECTS})", "http")
    except httpx.TimeoutException:
        if time.monotonic() - started >= options.deadline:
            return _too_slow(url, options)
        return Failure(url, f"timed out after {options.timeout:g}s", "unreachable")
    except httpx.ConnectError as err:
        return Failure(url, f"cannot connect: {_one_line(err)}", "unreachable")
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as err:
        return Failure(url, f"not a valid http(s) URL: {_one_line(err)}", "unreadable")
    except httpx.DecodingError as err:
        return Failure(url, f"cannot decode the response body: {_one_line(err)}", "malformed")
    except httpx.HTTPError as err:  # the rest of the transport errors: reset, protocol errors
        return Failure(url, f"connection failed: {_one_line(err)}", "unreachable")
    finally:
        _DEADLINE.reset(token)


def _too_slow(url: str, options: ReadOptions) -> Failure:
    return Failure(
        url, f"took longer than the deadline of {options.deadline:g}s (sent too slowly)", "unreachable"
    )


def body_kind(fetched: Fetched) -> BodyKind:
    """``feed``, ``html``, ``text`` or ``unsupported`` (see the module docstring)."""
    head = fetched.body[:2048]
    sniffed = sniff(head)
    if sniffed == "feed" or fetched.media_type in _FEED_TYPES:
        return "feed"
    if fetched.media_type in _HTML_TYPES:
        return "html"
    if fetched.media_type == "text/plain":
        return "text"
    if fetched.media_type in _GENERIC_TYPES:
        return "html" if sniffed == "html" else "text"
    if fetched.media_type in ("text/xml", "application/xml") and sniffed == "html":
        return "html"
    return "unsupported"


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__
