"""Web archives (``.warc``, ``.warc.gz``): one article per archived HTML page.

Rules:

* Read with fastwarc, or with warcio when fastwarc cannot be imported (``engine`` picks one for tests); the
  records and the file's start and end are :mod:`sitrep.ingest.warcfile`'s business.
* Only ``response`` records of an HTTP 200 answer with an HTML content type (``text/html``,
  ``application/xhtml+xml``) are articles; every other record (requests, metadata, images, redirects,
  404s, records whose HTTP part does not parse) is skipped without a word, as it is not an article. An
  HTML page with no article text in it is a ``no-article`` failure, as in the HTML reader.
* The HTTP body is taken as archived: de-chunked when ``Transfer-Encoding: chunked`` (and kept as it is
  when it does not de-chunk: crawlers often store it decoded), decompressed for ``Content-Encoding:
  gzip``/``deflate``. A body over ``options.max_bytes`` is ``too-large``. The archive itself has no size
  limit, but a ``.warc.gz`` may inflate to at most ``options.max_inflation`` (100) times its size, and
  always to 256 MB (:func:`~sitrep.ingest.base.inflation_limit`), headers and bodies of every record
  counted: past that, the articles of the records before are kept and the rest of the file is one
  ``too-large`` failure.
* Each article: ``origin`` is ``archive#OFFSET`` (the record's offset in the file, compressed offset for
  ``.warc.gz``; ``archive#record-N`` in a ``.warc.gz`` compressed as one gzip stream, where offsets do not
  find records); ``url`` is the record's ``WARC-Target-URI``; ``source`` is the page's site name, else the
  host name of that URI; ``published`` is the page's date, else the ``WARC-Date`` (the capture date).
* Truncation: every record read must be as long as its ``Content-Length`` says, and the file must end
  cleanly after the last record (for gzip: the last gzip member is complete; uncompressed: the last
  record's block fits in the file and no partial record follows it). An archive that ends early yields
  the articles of all its complete records, then one ``truncated`` failure: "archive ends in the middle of
  a record after N records" (N counts every complete record, of any type).
* A file that is not a WARC archive (no ``WARC/`` header at its start, a gzip file without one inside)
  is one ``malformed`` failure; an archive the engine cannot go on reading is ``malformed`` after the
  articles it did read; an empty file is ``empty``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zlib
from collections.abc import Iterator
from pathlib import Path

from sitrep.article import Article, Failure
from sitrep.ingest.base import (
    InflationError,
    ReadOptions,
    inflation_failure,
    inflation_limit,
    plural,
)
from sitrep.ingest.readers.html import article_from_html
from sitrep.ingest.warcfile import Engine, Record, check_start, end_of, record_reader, starts_member

__all__ = ["Engine", "read"]


def read(source: str, options: ReadOptions, engine: Engine = "auto") -> Iterator[Article | Failure]:
    """The articles in the WARC archive ``source`` (see the module docstring for the rules).

    :raises ConfigError: an unknown ``engine``, or ``fastwarc`` asked for and not installed.
    """
    records_of = record_reader(engine)
    compressed = check_start(source)
    if isinstance(compressed, Failure):
        yield compressed
        return
    cap = inflation_limit(Path(source), options.max_inflation) if compressed else None
    records = records_of(source, options.max_bytes, cap)
    complete = 0
    last_offset: int | None = None
    truncated = False
    error: Exception | None = None
    inflated: InflationError | None = None
    pending: Article | Failure | None = None  # the last record's result, held until the record is known whole
    try:
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except InflationError as err:
                inflated = err
                break
            except Exception as err:  # the engines raise assorted errors on damaged archives
                error = err
                break
            if not record.complete:
                truncated = True
                break
            if pending is not None:  # a record follows it, so it ended
                yield pending
                pending = None
            complete += 1
            last_offset = record.offset
            if record.is_candidate:
                origin = f"{source}#{record.offset}"
                if compressed and not starts_member(source, record.offset):
                    origin = f"{source}#record-{complete}"  # one gzip stream: the offset finds nothing
                pending = _article(record, origin, options)
    finally:
        records.close()
    if inflated is not None:  # the records read are whole; the rest of the file is not read
        if pending is not None:
            yield pending
        yield inflation_failure(source, inflated, options.max_inflation, plural(complete, "record"))
        return
    if not truncated:
        try:
            end = end_of(source, last_offset, compressed)
        except (OSError, zlib.error) as err:
            end = "clean"
            error = error or err
        if end == "last":  # the last record read is itself cut short (its gzip member, its block)
            complete -= 1
            pending = None
        truncated = end != "clean"
    if pending is not None:
        yield pending
    if truncated:
        yield Failure(
            source,
            f"archive ends in the middle of a record after {plural(complete, 'record')}",
            "truncated",
        )
    elif error is not None:
        reason = _one_line(error)
        if "non-chunked gzip" in reason:  # warcio's long explanation, in short
            reason = (
                "it is one gzip stream, not one gzip member per record; warcio cannot read that "
                "(fastwarc can, or `warcio recompress` fixes the file)"
            )
        yield Failure(
            source, f"cannot read the archive after {plural(complete, 'record')}: {reason}", "malformed"
        )
    elif complete == 0:
        yield Failure(source, "no WARC records in the archive", "malformed")


def _article(record: Record, origin: str, options: ReadOptions) -> Article | Failure:
    limit = options.max_bytes
    if record.size > limit:
        return Failure(
            origin, f"response body is {record.size:,} bytes, over the limit of {limit:,}", "too-large"
        )
    try:
        body = _decode_body(record.payload, record.transfer_encoding, record.content_encoding, limit)
    except ValueError as err:
        return Failure(origin, f"cannot decode the HTTP body: {err}", "malformed")
    if len(body) > limit:
        return Failure(
            origin, f"decompressed response body is over the limit of {limit:,} bytes", "too-large"
        )
    return article_from_html(
        body,
        origin=origin,
        url=record.uri,
        options=options,
        charset=record.charset,
        fetched_date=_date(record),
    )


def _decode_body(
    body: bytes, transfer_encoding: str | None, content_encoding: str | None, limit: int
) -> bytes:
    """The HTTP body with its transfer and content codings undone (at most ``limit + 1`` bytes)."""
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        with contextlib.suppress(ValueError):  # else stored de-chunked with the header kept, as is common
            body = _dechunk(body)
    coding = (content_encoding or "").strip().lower()
    if coding in ("", "identity", "none"):
        return body
    if coding in ("gzip", "x-gzip", "deflate"):
        for wbits in (zlib.MAX_WBITS | 32, -zlib.MAX_WBITS):  # gzip or zlib header; raw deflate
            try:
                return zlib.decompressobj(wbits).decompress(body, limit + 1)
            except zlib.error:
                continue
        if body.lstrip()[:1] == b"<":
            return body  # stored decoded, header kept
        raise ValueError(f"the body is not valid {coding} data")
    if body.lstrip()[:1] == b"<":
        return body
    raise ValueError(f"Content-Encoding {coding!r} is not supported")


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    position = 0
    while True:
        end = body.find(b"\n", position)
        if end < 0:
            raise ValueError("chunk size line missing")
        size_text = body[position:end].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise ValueError(f"bad chunk size {size_text[:20]!r}") from None
        if size == 0:
            return bytes(out)
        start = end + 1
        if start + size > len(body):
            raise ValueError("chunk runs past the end of the body")
        out += body[start : start + size]
        position = start + size
        if body[position : position + 2] == b"\r\n":
            position += 2
        elif body[position : position + 1] == b"\n":
            position += 1


def _date(record: Record) -> dt.date | None:
    if not record.date:
        return None
    try:
        return dt.date.fromisoformat(record.date.strip()[:10])
    except ValueError:
        return None


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
