"""A web page fetched over HTTP, as an article: shared by the URL reader and the feed reader (entry pages).

A page is read by what :func:`~sitrep.ingest.http.body_kind` says it is: HTML through
:func:`~sitrep.ingest.readers.html.article_from_html` (``url`` the address after redirects), plain text
decoded like an HTTP body (``source`` the host name). An empty body is ``empty``; any other content (a PDF,
an image) ``unsupported``. ``origin`` is the address asked for.
"""

from __future__ import annotations

import httpx

from sitrep.article import Article, Failure
from sitrep.ingest.base import ReadOptions, hostname, make_article
from sitrep.ingest.decoding import DecodeError, decode_http
from sitrep.ingest.http import BodyKind, Fetched, body_kind, fetch
from sitrep.ingest.readers.html import article_from_html


def fetch_article(url: str, options: ReadOptions, client: httpx.Client) -> Article | Failure:
    """The article on the page at ``url`` (a feed entry's link): HTML or text, never a feed."""
    fetched = fetch(url, options, client)
    if isinstance(fetched, Failure):
        return fetched
    kind = body_kind(fetched)
    if kind == "feed":
        return Failure(url, "the link leads to a feed, not to an article page", "unsupported")
    return page_article(url, fetched, kind, options)


def page_article(origin: str, fetched: Fetched, kind: BodyKind, options: ReadOptions) -> Article | Failure:
    """The article in a fetched page whose body is ``kind`` (``html`` or ``text``; any other is
    ``unsupported``)."""
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
