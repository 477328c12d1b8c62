"""Plain-text files (``.txt`` and anything not recognised as another kind): one file, one article.

Rules: a file over ``options.max_bytes`` is rejected as ``too-large`` from its size alone (it is never
read whole); the bytes are decoded by :func:`~sitrep.ingest.decoding.decode_bytes` (a BOM, else UTF-8,
else one detected legacy encoding; binary data and mixed encodings are rejected); the whole text is the
article, with no title, outlet or date.
"""

from __future__ import annotations

from collections.abc import Iterator

from sitrep.article import Article, Failure
from sitrep.ingest.base import ReadOptions, make_article, read_limited
from sitrep.ingest.decoding import DecodeError, decode_bytes


def read(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """The article in the text file ``source``: one :class:`Article`, or one :class:`Failure`."""
    data = read_limited(source, options.max_bytes)
    if isinstance(data, Failure):
        yield data
        return
    try:
        text, _ = decode_bytes(data, source)
    except DecodeError as err:
        yield Failure(source, err.reason, err.kind)
        return
    yield make_article(text, origin=source, options=options)
