"""Web addresses (``http://``, ``https://``): fetch, then read the body as a page, a text or a feed.

Rules:

* The address is fetched with :mod:`sitrep.ingest.http` (one client per call; redirects, timeouts, the
  size cap, the user agent; its docstring lists the failures: ``unreachable``, ``http``, ``unreadable``,
  ``too-large``).
* What the body is decides how it is read (:func:`~sitrep.ingest.http.body_kind`): a feed is read by
  :mod:`~sitrep.ingest.readers.feed`, which fetches each entry's page with the same client; a page (HTML or
  plain text) by :mod:`~sitrep.ingest.readers.page`. Content that is not HTML, plain text or a feed (a
  PDF, an image) is ``unsupported``; an empty body ``empty``.
* ``origin`` is the address asked for; ``url`` the address after redirects; ``source`` of a text is the
  host name.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from sitrep.article import Article, Failure
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.http import body_kind, fetch, make_client
from sitrep.ingest.readers.feed import read_feed
from sitrep.ingest.readers.page import page_article


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


def _read(source: str, options: ReadOptions, client: httpx.Client) -> Iterator[Article | Failure]:
    fetched = fetch(source, options, client)
    if isinstance(fetched, Failure):
        yield fetched
        return
    kind = body_kind(fetched)
    if kind == "feed":
        yield from read_feed(
            fetched.body,
            origin=source,
            options=options,
            client=client,
            base_url=fetched.url,
            charset=fetched.charset,
        )
        return
    yield page_article(source, fetched, kind, options)
