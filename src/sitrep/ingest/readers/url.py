"""Web addresses (``http://``, ``https://``): fetch, then read the body as a page, a text or a feed.

Rules:

* One ``httpx.Client`` per call: redirects followed (at most 5), ``options.timeout`` seconds for each
  network step, ``options.user_agent`` sent.
* The body is streamed and the fetch stopped as soon as it passes ``options.max_bytes`` (or at once when
  ``Content-Length`` says so): ``too-large``.
* Failures: ``unreachable`` when the server cannot be reached (DNS, refused, reset, timeout: "cannot
  connect: …", "timed out after 20s"); ``http`` for an answer with status 400 or more ("HTTP 404 Not
  Found"), any other non-2xx answer, or too many redirects; ``unreadable`` for an address that is not a
  valid http(s) URL; ``unsupported`` for content that is not HTML, plain text or a feed (a PDF, an image);
  ``empty`` for an empty body.
* What the body is: an RSS/Atom feed when it starts like one (whatever the ``Content-Type``; servers often
  send feeds as ``text/xml`` or ``text/html``) or is served as ``application/rss+xml``,
  ``application/atom+xml`` or ``application/rdf+xml``; otherwise HTML for ``text/html`` and
  ``application/xhtml+xml``, text for ``text/plain``; no or a generic type (``application/octet-stream``):
  HTML when it starts like HTML, else text. A feed is read by :mod:`~sitrep.ingest.readers.feed`, which
  fetches each entry's page with the same client.
* ``origin`` is the address asked for; ``url`` the address after redirects; ``source`` of a text is the
  host name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx

from sitrep.article import Article, Failure
from sitrep.ingest.base import ReadOptions, hostname, make_article, sniff
from sitrep.ingest.decoding import DecodeError, decode_http, parse_content_type
from sitrep.ingest.readers.html import article_from_html

MAX_REDIRECTS = 5

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


def make_client(options: ReadOptions) -> httpx.Client:
    """The HTTP client every fetch uses (close it when done)."""
    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(options.timeout),
        headers={"User-Agent": options.user_agent},
    )


def read(
    source: str, options: ReadOptions, *, client: httpx.Client | None = None
) -> Iterator[Article | Failure]:
    """The article at the URL ``source``, or each article of the feed there.

    ``client`` is used (and left open) when given; otherwise one is made for this call and closed.
    """
    if client is not None:
        yield from _read(source, options, client)
        return
    with make_client(options) as own:
        yield from _read(source, options, own)


def fetch_article(url: str, options: ReadOptions, client: httpx.Client) -> Article | Failure:
    """The article on the page at ``url`` (a feed entry's link): HTML or text, never a feed."""
    fetched = fetch(url, options, client)
    if isinstance(fetched, Failure):
        return fetched
    kind = body_kind(fetched)
    if kind == "feed":
        return Failure(url, "the link leads to a feed, not to an article page", "unsupported")
    return _article(url, fetched, kind, options)


def fetch(url: str, options: ReadOptions, client: httpx.Client) -> Fetched | Failure:
    """The body at ``url``, or the :class:`Failure` that says why it cannot be had."""
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
                if len(body) > options.max_bytes:
                    return Failure(url, f"body is over the limit of {options.max_bytes:,} bytes", "too-large")
            media_type, charset = parse_content_type(response.headers.get("content-type"))
            return Fetched(str(response.url), media_type, charset, bytes(body))
    except httpx.TooManyRedirects:
        return Failure(url, f"too many redirects (more than {MAX_REDIRECTS})", "http")
    except httpx.TimeoutException:
        return Failure(url, f"timed out after {options.timeout:g}s", "unreachable")
    except httpx.ConnectError as err:
        return Failure(url, f"cannot connect: {_one_line(err)}", "unreachable")
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as err:
        return Failure(url, f"not a valid http(s) URL: {_one_line(err)}", "unreadable")
    except httpx.DecodingError as err:
        return Failure(url, f"cannot decode the response body: {_one_line(err)}", "malformed")
    except httpx.HTTPError as err:  # the rest of the transport errors: reset, protocol errors
        return Failure(url, f"connection failed: {_one_line(err)}", "unreachable")


def body_kind(fetched: Fetched) -> str:
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


def _read(source: str, options: ReadOptions, client: httpx.Client) -> Iterator[Article | Failure]:
    fetched = fetch(source, options, client)
    if isinstance(fetched, Failure):
        yield fetched
        return
    kind = body_kind(fetched)
    if kind == "feed":
        from sitrep.ingest.readers import feed  # feed imports this module for its entries

        yield from feed.read_feed(
            fetched.body,
            origin=source,
            options=options,
            client=client,
            base_url=fetched.url,
            charset=fetched.charset,
        )
        return
    yield _article(source, fetched, kind, options)


def _article(origin: str, fetched: Fetched, kind: str, options: ReadOptions) -> Article | Failure:
    if not fetched.body:
        return Failure(origin, "empty response", "empty")
    if kind == "html":
        return article_from_html(
            fetched.body, origin=origin, url=fetched.url, options=options, charset=fetched.charset
        )
    if kind == "text":
        try:
            text, _ = decode_http(fetched.body, fetched.charset, origin)
        except DecodeError as err:
            return Failure(origin, err.reason, err.kind)
        return make_article(
            text, origin=origin, options=options, url=fetched.url, source=hostname(fetched.url)
        )
    return Failure(
        origin, f"content type {fetched.media_type} is not HTML, plain text or a feed", "unsupported"
    )


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__
