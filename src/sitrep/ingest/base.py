"""What every reader yields, and the checks every reader applies.

A reader is a function ``read(source: str, options: ReadOptions) -> Iterator[Article | Failure]``. It yields
one :class:`~sitrep.article.Article` per article it finds, and one :class:`Failure` per input (or part of
an input) it cannot use, so that one bad record never stops the rest of a batch. Readers do not raise for a
bad input; they raise :class:`~sitrep.errors.SitrepError` only for a problem with the whole call (a bad
option).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from sitrep.article import (
    MAX_CHARS,
    Article,
    Failure,
    cap_runs,
    clean_line,
    clean_text,
    is_blank,
    parse_published,
)
from sitrep.errors import ConfigError, InputError

MAX_TIMEOUT = 3600.0
"""The longest ``--timeout`` accepted, in seconds."""

DEFAULT_MAX_CHARS = MAX_CHARS
"""The default size cap: articles longer than this many characters of text are quarantined (2,000,000)."""


MAX_INFLATION = 100
"""How many times its own size a compressed file (a gzipped table, a ``.warc.gz``) may grow when read, by
default (``--max-inflation``; text compresses 3 to 10 times; gzip's ceiling is about 1,000 times). Past it,
the rest of the file is not read: one ``too-large`` failure after what was read."""
MIN_INFLATED_BYTES = 256 * 1024 * 1024
"""Bytes a small compressed file may always inflate to, whatever its size."""


class InflationError(OSError):
    """A compressed file that inflates past :func:`inflation_limit`: a "zip bomb", or something no news
    dump or crawl looks like."""


def inflation_limit(path: Path, ratio: int) -> int:
    """The most bytes the compressed file ``path`` may inflate to: ``ratio`` times its size, and at least
    :data:`MIN_INFLATED_BYTES`."""
    return max(MIN_INFLATED_BYTES, ratio * path.stat().st_size)


def inflation_failure(source: str, err: InflationError, ratio: int, where: str) -> Failure:
    """The ``too-large`` failure for a compressed file that inflated past its cap after ``where``."""
    return Failure(
        source,
        f"{err} (over {ratio} times the file's size; --max-inflation) after {where}; the rest is not read",
        "too-large",
    )


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Settings shared by all readers."""

    max_chars: int = DEFAULT_MAX_CHARS
    """Longest article text kept, in characters; longer ones are quarantined as ``too-large``.
    At most 2,000,000 (the coder's own limit)."""
    timeout: float = 20.0
    """Seconds allowed for each network step of a URL fetch (connect, read)."""
    deadline: float = 60.0
    """Seconds allowed for a whole fetch, redirects and body included, however slowly the server sends."""
    max_bytes: int = 10 * 1024 * 1024
    """Largest HTTP body or file read, in bytes, before decoding (the text cap is checked after)."""
    allow_private: bool = False
    """Fetch addresses on private, loopback and link-local networks too (refused by default: a feed or a
    redirect must not reach a cloud metadata service or an admin port; see
    :func:`~sitrep.ingest.http.check_url`)."""
    max_inflation: int = MAX_INFLATION
    """How many times its own size a compressed file may grow when read (:data:`MAX_INFLATION`)."""
    user_agent: str = "sitrep (news-event research; +https://github.com/sitrep)"
    fields: dict[str, str] = field(default_factory=dict)
    """JSONL/CSV field mapping: sitrep field (``text``, ``title``, ``published``, ``url``, ``source``,
    ``id``) → the name of the column or key that holds it."""

    def __post_init__(self) -> None:
        if not 1 <= self.max_chars <= MAX_CHARS:
            raise ConfigError(f"the size cap must be between 1 and {MAX_CHARS:,} characters")
        if not (math.isfinite(self.timeout) and 0 < self.timeout <= MAX_TIMEOUT):
            raise ConfigError(f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}")
        if not (math.isfinite(self.deadline) and 0 < self.deadline <= MAX_TIMEOUT):
            raise ConfigError(f"--deadline must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}")
        if not 2 <= self.max_inflation <= 100_000:
            raise ConfigError("--max-inflation must be a whole number from 2 to 100000")


def make_article(
    text: str,
    *,
    origin: str,
    options: ReadOptions,
    published: dt.date | str | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
    id: str | None = None,
) -> Article | Failure:
    """An :class:`Article`, or the :class:`Failure` that says why ``text`` cannot be one.

    ``id`` is the record's own id (a JSONL/CSV ``id``): it is kept as the article's ``external_id``; the
    article's id is always the hash of its text.

    The one place a reader's article is made, so the one place text and metadata are cleaned
    (:func:`~sitrep.article.clean_text`, :func:`~sitrep.article.clean_line`): lone surrogates become
    U+FFFD, NUL and the other control characters go; a run of one punctuation or symbol character longer
    than :data:`~sitrep.article.MAX_RUN` is cut to that length (:func:`~sitrep.article.cap_runs`). A text
    that shows nothing (white space, zero-width characters) is ``empty``."""
    text = cap_runs(clean_text(text))
    if is_blank(text):
        return Failure(origin, "no text (empty or only white space)", "empty")
    if len(text) > options.max_chars:
        return Failure(
            origin,
            f"text is {len(text):,} characters, over the size cap of {options.max_chars:,}",
            "too-large",
        )
    try:
        day = parse_published(published)
    except InputError:
        day = None  # a bad date in metadata is not worth losing the article for
    return Article(
        text=text,
        published=day,
        source=clean_line(source),
        url=clean_line(url),
        title=clean_line(title),
        origin=clean_line(origin),
        external_id=clean_line(id),
    )


def read_limited(path: str, max_bytes: int) -> bytes | Failure:
    """The bytes of the file ``path``, or the :class:`Failure` that says why not.

    The size is checked with ``stat`` first, so a file over ``max_bytes`` is rejected as ``too-large``
    without being read; at most ``max_bytes + 1`` bytes are ever read (for files whose size ``stat`` does
    not tell).
    """
    try:
        with Path(path).open("rb") as handle:
            size = Path(path).stat().st_size
            if size > max_bytes:
                return Failure(path, f"file is {size:,} bytes, over the limit of {max_bytes:,}", "too-large")
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return Failure(path, "no such file or folder", "unreadable")
    except IsADirectoryError:
        return Failure(path, "is a folder, not a file", "unreadable")
    except OSError as err:
        return Failure(path, f"cannot be read ({err.strerror or err})", "unreadable")
    if len(data) > max_bytes:
        return Failure(path, f"file is over the limit of {max_bytes:,} bytes", "too-large")
    return data


SniffedKind = Literal["html", "feed", "warc", "gzip"]

_PROLOG = re.compile(rb"\s*(?:<\?xml[^>]*>|<!--.*?-->|<!doctype\s+(?:rss|feed)[^>]*>)\s*", re.DOTALL)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")
_HTML_ROOT = re.compile(rb"<!doctype\s+html|<html[\s>]")
_HTML_START = re.compile(rb"<(?:head|body|meta|title|article)[\s>]")


def sniff(head: bytes) -> SniffedKind | None:
    """What the first bytes of a file or body look like: an HTML page, an RSS/Atom feed (its root element,
    after the XML declaration and comments, is ``rss``, ``feed`` or ``rdf:RDF``), an uncompressed WARC
    archive, gzip data (the caller looks inside), or None (anything else: plain text, binary).

    ``head`` should be the first kilobyte or two.
    """
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"WARC/"):
        return "warc"
    text = head.removeprefix(b"\xef\xbb\xbf").lower()
    position = 0
    while match := _PROLOG.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    text = text[position:].lstrip()
    if not text.startswith(b"<"):
        return None
    if _FEED_ROOT.match(text):
        return "feed"
    if _HTML_ROOT.search(text) or _HTML_START.match(text):
        return "html"
    return None


def hostname(url: str | None) -> str | None:
    """The host name of ``url`` (``www.example.org``), or None."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname or None
    except ValueError:
        return None


def plural(count: int, word: str) -> str:
    """``"1 record"``, ``"2 records"``."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"
