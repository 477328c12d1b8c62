"""What ingest, store, export and the coder share about one article: its text and metadata, the id it is
stored under, its publication date, the size limit, and the :class:`Failure` a reader yields instead of an
article.

This module sits at the bottom of the package (it imports only :mod:`sitrep.errors`), so reading, storing and
exporting articles never loads the NLP model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sitrep.errors import InputError

MAX_CHARS = 2_000_000
"""Longest text ``extract`` accepts (characters); longer input raises :class:`~sitrep.errors.InputError`."""


@dataclass(frozen=True, slots=True)
class Article:
    """One input article. ``id`` defaults to a hash of the text."""

    text: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    id: str | None = None
    origin: str | None = None
    """Where the article was read from (``path``, ``path:line``, a URL, ``archive#offset``), for messages."""

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
            text=text,
            published=parse_published(data.get("published")),
            source=data.get("source"),
            url=data.get("url"),
            title=data.get("title"),
            id=None if ident is None else str(ident),
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

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
