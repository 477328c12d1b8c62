"""What ingest, store, export and the coder share about one article: its text and metadata, the id it is
stored under, its publication date, the size limit, and the :class:`Failure` a reader yields instead of an
article.

This module sits at the bottom of the package (it imports only :mod:`sitrep.errors`), so reading, storing and
exporting articles never loads the NLP model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sitrep.errors import ConfigError, InputError

MAX_CHARS = 2_000_000
"""Longest text ``extract`` accepts (characters); longer input raises :class:`~sitrep.errors.InputError`."""

TIME_BUDGET = 120.0
"""Seconds an article's coding (its stages, and the parse of a text over :data:`SLICE_CHARS`, which is
parsed alone) may take, plus one second per :data:`BUDGET_CHARS_PER_SECOND` characters
(:func:`sitrep.pipeline.time_budget`): a 5,000-character news article gets two minutes and some, the
2,000,000-character maximum about ten. News articles are coded in well under a second; only a
pathological text comes near."""

SLICE_CHARS = 100_000
"""Longest text spaCy parses in one piece (characters; ``--slice-chars``). A longer text is parsed in slices
of at most this many characters, cut at paragraph boundaries (:func:`sitrep.pipeline.slices`), and the
slices' parses are joined into one ``Doc`` of the whole text (``Doc.from_docs``) before sitrep's stages run
on it. The parser's working memory grows with the length of what it parses (a 2,000,000-character text
took 5.6 to 6.8 GB in one piece); news articles are far shorter than this, so their coding is unchanged."""

MIN_SLICE_CHARS = 1_000
"""The smallest slice ``--slice-chars`` accepts (the Extractor itself takes any size from 1, for tests)."""

BUDGET_CHARS_PER_SECOND = 4_000
"""Characters of text that buy one more second of time budget."""


_SURROGATES = re.compile("[\ud800-\udfff]")
_TEXT_CONTROLS = {c: None for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))}
"""C0 and C1 controls (and DEL) dropped from text: everything but ``\t``, ``\n`` and ``\r``."""
_LINE_CONTROLS = _TEXT_CONTROLS | {0x09: " ", 0x0A: " ", 0x0D: " "}
"""For one-line metadata (title, URL, id, outlet): tabs and line breaks become spaces too."""
_VISIBLE = re.compile(
    "[^\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
"""A character that shows: not white space, not a zero-width or invisible formatting character."""


def clean_text(text: str) -> str:
    """``text`` as sitrep stores it: lone surrogates (from JSON ``\\ud800`` escapes or undecodable file
    names) become U+FFFD, and NUL and the other C0/C1 control characters are removed (``\\n``, ``\\t`` and
    ``\\r`` are kept). PostgreSQL refuses NUL in text and no encoder takes a lone surrogate, so every text
    an article carries passes through here once, when the article is made (:func:`make_article`)."""
    if _SURROGATES.search(text):
        text = _SURROGATES.sub("\ufffd", text)
    return text.translate(_TEXT_CONTROLS)


MAX_RUN = 64
"""Longest run of one punctuation or symbol character an article keeps (quotes, ``[[[[…``, ``----…``):
a longer run is cut to this many. A character followed by one space or tab is a unit too (``. . . .``,
``- - -``). spaCy's tokenizer takes time in the square of a run's length (100,000 ``"`` took over ten
minutes to code), and a long run of ``". "`` is one sentence to the sentence splitter, which the parser
then holds whole (900,000 ``". "`` took over 12 GB)."""
_RUN = re.compile(rf"([^\w\s][ \t]?)\1{{{MAX_RUN},}}")


def _capped_run(match: re.Match[str]) -> str:
    return match.group(1) * MAX_RUN


def cap_runs(text: str) -> str:
    """``text`` with every run of one punctuation or symbol character (or of one such character and a
    space) longer than :data:`MAX_RUN` cut to that length; a text without such a run is returned as it
    is. Offsets into a coded article count the cut text (it is the text the article carries)."""
    return _RUN.sub(_capped_run, text)


def clean_line(value: str | None) -> str | None:
    """A one-line metadata value (title, URL, id, outlet, origin) cleaned like :func:`clean_text`, with
    tabs and line breaks turned into spaces and the ends stripped; ``None`` when nothing is left."""
    if value is None:
        return None
    if _SURROGATES.search(value):
        value = _SURROGATES.sub("\ufffd", value)
    return value.translate(_LINE_CONTROLS).strip() or None


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: only white space and zero-width or invisible formatting
    characters (U+200B, U+FEFF, U+2060 …)."""
    return _VISIBLE.search(text) is None


def path_name(path: str | os.PathLike[str] | bytes) -> str:
    """A file name as text for messages and the store: bytes that are not UTF-8 (kept by Python as lone
    surrogates, ``surrogateescape``) become U+FFFD."""
    name = os.fsdecode(path)
    return clean_line(name) or "?"


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. ``id`` defaults to a hash of the text (:func:`content_id`)."""

    text: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    id: str | None = None
    origin: str | None = None
    """Where the article was read from (``path``, ``path:line``, a URL, ``archive#offset``), for messages."""
    external_id: str | None = None
    """The record's own id (a JSONL/CSV ``id``), kept and exported; ingest stores every article under the
    hash of its text, so records numbered 1..N in two files never collide."""

    def __post_init__(self) -> None:
        # Checked here, where an article is made, so a batch never stops half-way on one bad text.
        if not isinstance(self.text, str):
            raise InputError("article text must be a string")
        if len(self.text) > MAX_CHARS:
            raise InputError(f"text is {len(self.text):,} characters; the limit is {MAX_CHARS:,}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Article:
        """From a JSON object with the fields ``id, text, published, source, url, title``."""
        text = data.get("text")
        if not isinstance(text, str):
            raise InputError("'text' must be a string")
        for name in ("id", "source", "url", "title", "published"):
            value = data.get(name)
            if value is not None and not isinstance(value, str | int):
                raise InputError(f"{name!r} must be a string")
        ident = data.get("id")
        return cls(
            text=clean_text(text),
            published=parse_published(data.get("published")),
            source=clean_line(data.get("source")),
            url=clean_line(data.get("url")),
            title=clean_line(data.get("title")),
            id=None if ident is None else clean_line(str(ident)),
        )


def parse_published(value: object) -> dt.date | None:
    """``YYYY-MM-DD`` (or a full ISO timestamp) → date; ``None`` stays ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise InputError(f"publication date must be YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"publication date must be YYYY-MM-DD, got {value!r}") from None


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_option(option: str, value: str | dt.date | None) -> dt.date | None:
    """The value of a date option (``--since``, ``--until``): exactly ``YYYY-MM-DD``, nothing before or
    after it (white space around is allowed); ``None`` stays ``None``.

    :raises ConfigError: anything else, naming the option.
    """
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    if _DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise ConfigError(f"--{option} must be a date YYYY-MM-DD, got {value!r}")


def content_id(text: str) -> str:
    """The default document id: the first 16 hex digits of the SHA-256 of the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


FailureKind = Literal[
    "unreadable",  # the file or URL cannot be opened or read
    "binary",  # not text
    "encoding",  # bytes that do not decode
    "empty",  # no text at all
    "no-article",  # HTML (or a feed entry, a WARC record) with no article text in it
    "too-large",  # over the size cap
    "malformed",  # a JSONL/CSV line, feed or archive that does not parse
    "truncated",  # an archive that ends in the middle of a record
    "unreachable",  # a URL that cannot be fetched (DNS, refused, timeout)
    "http",  # a URL answered with an HTTP error status
    "unsupported",  # a kind of input sitrep does not read
    "coding",  # the article was read but the coder failed on it
    "refused",  # a URL sitrep will not fetch (a private, loopback or link-local address; not http(s))
    "store",  # the database refused the article (written on its own, so the rest of the batch is kept)
]


@dataclass(frozen=True, slots=True)
class Failure:
    """An input, or one record of it, that could not be read as an article, and why.

    ``source`` names it the way a user can find it again: ``path``, ``path:line``, ``url`` or
    ``archive.warc.gz#record-offset``.
    """

    source: str
    reason: str
    kind: FailureKind

    def __post_init__(self) -> None:
        # A failure names what the user gave (a file name with undecodable bytes, a URL with controls):
        # cleaned here so it can always be stored and printed.
        object.__setattr__(self, "source", clean_line(self.source) or "?")
        object.__setattr__(self, "reason", clean_line(self.reason) or "?")

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
