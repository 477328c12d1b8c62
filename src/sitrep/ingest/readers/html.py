"""HTML pages (``.html``, ``.htm``, ``.xhtml``): the article text and metadata, extracted with trafilatura.

Rules:

* Charset: a BOM, then the declared charset (the HTTP ``Content-Type`` when the page was fetched, else the
  page's own ``<meta charset>`` / ``<meta http-equiv="Content-Type">``) when the bytes decode in it, else
  detection (:func:`~sitrep.ingest.decoding.decode_http`).
* Text: trafilatura's main-content extraction, comments left out; a start tag longer than
  :data:`MAX_TAG_CHARS` characters loses its attributes first (their number makes extraction quadratic).
  Its lines (one per paragraph, heading or list item) are joined with blank lines. A first line that
  repeats the title is dropped: the headline is kept in ``title``, not repeated in the text.
* A page whose extracted text is shorter than :data:`MIN_ARTICLE_CHARS` characters holds no article (an
  index page, a login wall, a cookie notice): a ``no-article`` failure. trafilatura returns a result even
  for such pages, so the length is what decides.
* Metadata: ``title`` from the page; ``published`` from the page's date (trafilatura/htmldate), else
  ``fetched_date`` (a WARC record's date); ``source`` is the site name (``og:site_name`` and the like), else
  the host name of the URL; ``url`` is the URL the page was fetched from, else the page's own canonical
  URL.

:func:`article_from_html` is shared by the URL, feed and WARC readers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import trafilatura

from sitrep.article import Article, Failure
from sitrep.ingest.base import ReadOptions, hostname, make_article, read_limited
from sitrep.ingest.decoding import DecodeError, decode_http

MIN_ARTICLE_CHARS = 100
"""Extracted text shorter than this (in characters, headline left out) is not an article."""

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_:.()-]+)""",
    re.IGNORECASE,
)
_PRESCAN_BYTES = 4096

MAX_TAG_CHARS = 4096
"""A start tag longer than this (thousands of attributes) keeps its name and loses its attributes before
extraction: trafilatura's time grows with the square of them (200,000 attributes on one tag took 20
minutes)."""
_LONG_TAG = re.compile(rf"<([A-Za-z][A-Za-z0-9:_-]{{0,64}})[^<>]{{{MAX_TAG_CHARS},}}>")


def read(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """The article in the HTML file ``source``: one :class:`Article`, or one :class:`Failure`."""
    data = read_limited(source, options.max_bytes)
    if isinstance(data, Failure):
        yield data
        return
    yield article_from_html(data, origin=source, url=None, options=options)


def article_from_html(
    html: str | bytes,
    *,
    origin: str,
    url: str | None,
    options: ReadOptions,
    charset: str | None = None,
    fetched_date: dt.date | None = None,
) -> Article | Failure:
    """The article in one HTML page, or the :class:`Failure` that says why there is none.

    ``origin`` names the page in messages; ``url`` is where it was fetched from (None for a local file);
    ``charset`` the charset declared by the server, if any; ``fetched_date`` the publication date to use
    when the page states none (a WARC record's date).
    """
    if isinstance(html, bytes):
        try:
            page, _ = decode_http(html, charset or meta_charset(html), origin)
        except DecodeError as err:
            return Failure(origin, err.reason, err.kind)
    else:
        page = html
    if not page.strip():
        return Failure(origin, "no text (empty or only white space)", "empty")
    if len(page) > MAX_TAG_CHARS:
        page = _LONG_TAG.sub(r"<\1>", page)
    try:
        document = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    except Exception as err:  # lxml and trafilatura raise assorted errors on broken markup
        return Failure(origin, f"cannot parse the HTML ({type(err).__name__}: {err})", "malformed")
    if document is None:
        return Failure(origin, "no article text found in the HTML", "no-article")
    title = _clean(getattr(document, "title", None))
    text = paragraphs(getattr(document, "text", None) or "", title)
    if len(text) < MIN_ARTICLE_CHARS:
        return Failure(origin, "no article text found in the HTML", "no-article")
    page_url = _clean(getattr(document, "url", None))
    return make_article(
        text,
        origin=origin,
        options=options,
        published=_clean(getattr(document, "date", None)) or fetched_date,
        source=_clean(getattr(document, "sitename", None))
        or _clean(getattr(document, "hostname", None))
        or hostname(url or page_url),
        url=url or page_url,
        title=title,
    )


def paragraphs(text: str, title: str | None = None) -> str:
    """trafilatura's text (one paragraph a line) as paragraphs separated by blank lines, without a first
    line that repeats ``title``."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == title.strip().casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def meta_charset(html: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (``<meta charset>``), or None."""
    match = _META_CHARSET.search(html[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
