"""RSS and Atom feeds (``.rss``, ``.atom``, ``.xml`` files, or a feed URL): one article per entry.

Rules:

* The feed is parsed with feedparser. Broken XML (feedparser's ``bozo`` flag) with no usable entry (one
  with a link or some content) is one ``malformed`` failure naming feedparser's reason; a slightly broken
  feed that still has entries is read (many real feeds are). A well-formed document that is not a feed is
  ``malformed``; a feed without entries is ``empty``.
* Each entry's article is its page: the entry's link (made absolute against the feed's address or its
  own ``<link>``) is fetched (:mod:`sitrep.ingest.http`) and the page's text extracted
  (:mod:`sitrep.ingest.readers.page`); a link that leads to another feed is ``unsupported``.
* When the page cannot be had (an HTTP error, a timeout, no article text on it), the entry's own content
  is used instead *if it is full*: ``content:encoded`` or Atom ``<content>`` (else the summary) holding
  at least :data:`FULL_CONTENT_CHARS` characters of text. Otherwise the entry yields the page's failure,
  which names the entry's link. An entry without a link is read from its full content the same way, or
  is a ``no-article`` failure.
* Metadata: ``title`` is the entry's title; ``published`` the entry's published (else updated) date, else
  the page's; ``source`` the feed's title, else the page's site name; ``url`` and ``origin`` the entry's
  link (an entry without one: ``feed#entry-N``).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx

from sitrep.article import Article, Failure
from sitrep.ingest.base import ReadOptions, make_article, read_limited
from sitrep.ingest.http import make_client
from sitrep.ingest.readers.page import fetch_article

FULL_CONTENT_CHARS = 500
"""An entry's own content counts as the full article (used when its page cannot be fetched) from this many
characters of text."""


def read(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """The articles of the entries of the feed file ``source``."""
    data = read_limited(source, options.max_bytes)
    if isinstance(data, Failure):
        yield data
        return
    yield from read_feed(data, origin=source, options=options)


_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _char_ref(match: re.Match[bytes]) -> bytes:
    hexa, decimal = match.groups()
    digits = hexa or decimal
    if len(digits) > 8:
        return b"&#xFFFD;"
    value = int(digits, 16 if hexa else 10)
    if value == 0 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        return b"&#xFFFD;"
    return match.group(0)


def safe_char_refs(data: bytes) -> bytes:
    """``data`` with every numeric character reference that names no character (``&#0;``, a surrogate
    such as ``&#xD800;``, a number past U+10FFFF such as ``&#1114112;`` or ``&#99999999999;``) replaced by
    ``&#xFFFD;``, the replacement character: the feed parser (and the HTML parser after it) fail on them."""
    if b"&#" not in data:
        return data
    return _CHAR_REF.sub(_char_ref, data)


def read_feed(
    data: bytes,
    *,
    origin: str,
    options: ReadOptions,
    client: httpx.Client | None = None,
    base_url: str | None = None,
    charset: str | None = None,
) -> Iterator[Article | Failure]:
    """The articles of the entries of the feed in ``data``.

    ``origin`` names the feed in messages; ``base_url`` is the address it was fetched from (relative entry
    links are resolved against it); ``charset`` the one the server declared. Entry pages are fetched with
    ``client``, or with a client made here (and closed) when one is needed.
    """
    content_type = f"application/xml; charset={charset}" if charset else "application/xml"
    headers = {"content-type": content_type}
    if base_url:
        headers["content-location"] = base_url
    try:
        parsed = feedparser.parse(safe_char_refs(data), response_headers=headers)
    except Exception as err:  # the parser's own bugs (bad character references): one failure, not a crash
        yield Failure(origin, f"not a well-formed feed: {type(err).__name__}: {err}", "malformed")
        return
    entries: list[dict[str, Any]] = list(parsed.get("entries") or [])
    usable = [entry for entry in entries if _link(entry, None) or _content(entry) or _summary(entry)]
    if parsed.get("bozo") and not usable:
        yield Failure(
            origin, f"not a well-formed feed: {_bozo_reason(parsed.get('bozo_exception'))}", "malformed"
        )
        return
    if not parsed.get("version") and not usable:
        yield Failure(origin, "not an RSS or Atom feed", "malformed")
        return
    if not entries:
        yield Failure(origin, "the feed has no entries", "empty")
        return
    channel: dict[str, Any] = parsed.get("feed") or {}
    outlet = _text(dict.get(channel, "title"))
    base = base_url or _text(dict.get(channel, "link"))
    with ExitStack() as stack:
        for number, entry in enumerate(entries, 1):
            try:
                link = _link(entry, base)
                if link and client is None:
                    client = stack.enter_context(make_client(options))
                item = _entry(
                    entry, number, link, origin=origin, outlet=outlet, options=options, client=client
                )
            except Exception as err:  # one entry the parser or the text extraction chokes on; the rest go on
                item = Failure(
                    f"{origin}#entry-{number}",
                    f"cannot read the entry: {type(err).__name__}: {err}",
                    "malformed",
                )
            yield item


def _entry(
    entry: dict[str, Any],
    number: int,
    link: str | None,
    *,
    origin: str,
    outlet: str | None,
    options: ReadOptions,
    client: httpx.Client | None,
) -> Article | Failure:
    title = _text(dict.get(entry, "title"))
    published = _date(entry)
    full = _full_content(entry)
    page: Article | Failure | None = None
    if link and client is not None:
        page = fetch_article(link, options, client)
        if isinstance(page, Article):
            return replace(
                page,
                title=title or page.title,
                published=published or page.published,
                source=outlet or page.source,
                url=link,
                origin=link,
            )
    if full is not None:
        return make_article(
            full,
            origin=link or f"{origin}#entry-{number}",
            options=options,
            published=published,
            source=outlet,
            url=link,
            title=title,
        )
    if page is not None:
        return page
    return Failure(f"{origin}#entry-{number}", "feed entry has no link and no full content", "no-article")


def _full_content(entry: dict[str, Any]) -> str | None:
    """The entry's own text when it is long enough to be the whole article (see the module docstring)."""
    for html in (_content(entry), _summary(entry)):
        if html:
            text = html_to_text(html)
            if len(text) >= FULL_CONTENT_CHARS:
                return text
    return None


def _content(entry: dict[str, Any]) -> str | None:
    """The longest ``content`` value of the entry (``content:encoded``, Atom ``<content>``)."""
    values = [item.get("value") for item in dict.get(entry, "content") or [] if isinstance(item, Mapping)]
    texts = [value for value in values if isinstance(value, str) and value.strip()]
    return max(texts, key=len) if texts else None


def _summary(entry: dict[str, Any]) -> str | None:
    return _text(dict.get(entry, "summary"))


def _link(entry: dict[str, Any], base: str | None) -> str | None:
    link = _text(dict.get(entry, "link"))
    if not link:
        return None
    if base and not urlsplit(link).scheme:
        link = urljoin(base, link)
    return link


def _date(entry: dict[str, Any]) -> dt.date | None:
    # dict.get: feedparser's own get() maps updated → published with a DeprecationWarning.
    for key in ("published_parsed", "updated_parsed"):
        value = dict.get(entry, key)
        if isinstance(value, time.struct_time):
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:
                continue
    return None


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _bozo_reason(err: object) -> str:
    if err is None:
        return "unknown error"
    line = getattr(err, "getLineNumber", None)
    column = getattr(err, "getColumnNumber", None)
    message = getattr(err, "getMessage", None)
    if callable(line) and callable(column) and callable(message):
        return f"{message()} at line {line()}, column {column()}"
    return " ".join(str(err).split()) or type(err).__name__


class _TextParser(HTMLParser):
    """HTML → text: block elements become paragraph breaks; scripts and styles are dropped."""

    _BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "tr",
            "table",
            "section",
            "article",
            "figure",
            "figcaption",
            "pre",
            "hr",
        }
    )
    _SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content), one paragraph per block, blank lines
    between."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)
