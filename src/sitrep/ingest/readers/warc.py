"""Web archives (``.warc``, ``.warc.gz``): one article per archived HTML page.

Rules:

* Read with fastwarc, or with warcio when fastwarc cannot be imported (``engine`` picks one for tests).
* Only ``response`` records of an HTTP 200 answer with an HTML content type (``text/html``,
  ``application/xhtml+xml``) are articles; every other record (requests, metadata, images, redirects,
  404s, records whose HTTP part does not parse) is skipped without a word, as it is not an article. An
  HTML page with no article text in it is a ``no-article`` failure, as in the HTML reader.
* The HTTP body is taken as archived: de-chunked when ``Transfer-Encoding: chunked`` (and kept as it is
  when it does not de-chunk: crawlers often store it decoded), decompressed for ``Content-Encoding:
  gzip``/``deflate``. A body over ``options.max_bytes`` is ``too-large``. The archive itself has no size
  limit.
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
import re
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from sitrep.article import Article, Failure
from sitrep.errors import ConfigError
from sitrep.ingest.base import ReadOptions, plural
from sitrep.ingest.decoding import parse_content_type
from sitrep.ingest.readers.html import article_from_html

Engine = Literal["auto", "fastwarc", "warcio"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_HEAD = 1 << 16
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _Record:
    """One archive record, whatever engine read it."""

    offset: int
    type: str
    uri: str | None
    status: int | None
    media_type: str
    charset: str | None
    date: str | None
    transfer_encoding: str | None
    content_encoding: str | None
    payload: bytes
    """The HTTP body, kept for article candidates only, at most ``max_bytes + 1`` bytes of it."""
    size: int
    """Bytes of HTTP body (or of the block, for a record without HTTP) read."""
    complete: bool
    """False when the file ended before the record's declared length."""

    @property
    def is_candidate(self) -> bool:
        return (
            self.type == "response"
            and self.status == 200
            and self.media_type in _HTML_TYPES
            and bool(self.uri)
        )


_Records = Callable[[str, int], Generator[_Record, None, None]]


def read(source: str, options: ReadOptions, engine: Engine = "auto") -> Iterator[Article | Failure]:
    """The articles in the WARC archive ``source`` (see the module docstring for the rules).

    :raises ConfigError: an unknown ``engine``, or ``fastwarc`` asked for and not installed.
    """
    records_of = _engine(engine)
    compressed = _check_start(source)
    if isinstance(compressed, Failure):
        yield compressed
        return
    records = records_of(source, options.max_bytes)
    complete = 0
    last_offset: int | None = None
    truncated = False
    error: Exception | None = None
    pending: Article | Failure | None = None  # the last record's result, held until the record is known whole
    try:
        while True:
            try:
                record = next(records)
            except StopIteration:
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
                if compressed and not _starts_member(source, record.offset):
                    origin = f"{source}#record-{complete}"  # one gzip stream: the offset finds nothing
                pending = _article(record, origin, options)
    finally:
        records.close()
    if not truncated:
        try:
            end = _end_of(source, last_offset, compressed)
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


def _engine(engine: str) -> _Records:
    if engine not in ("auto", "fastwarc", "warcio"):
        raise ConfigError(f"unknown WARC engine {engine!r}: use auto, fastwarc or warcio")
    if engine == "warcio":
        return _warcio_records
    try:
        import fastwarc.warc  # noqa: F401
    except ImportError as err:
        if engine == "fastwarc":
            raise ConfigError("the fastwarc engine was asked for, but fastwarc is not installed") from err
        return _warcio_records
    return _fastwarc_records


def _fastwarc_records(path: str, max_bytes: int) -> Generator[_Record, None, None]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    for record in ArchiveIterator(
        path, record_types=WarcRecordType.any_type, parse_http=True, fsspec_args=False
    ):
        http: Any = record.http_headers  # None when the record has no HTTP part or it does not parse
        expected = record.content_length
        status = http.status_code if http is not None else None
        media_type = (record.http_content_type or "").lower() if http is not None else ""
        kind = str(record.record_type)
        keep = kind == "response" and status == 200 and media_type in _HTML_TYPES
        payload, size = _drain(record.reader.read, keep, max_bytes)
        yield _Record(
            offset=record.stream_pos,
            type=kind,
            uri=record.headers.get("WARC-Target-URI"),
            status=status,
            media_type=media_type,
            charset=record.http_charset if http is not None else None,
            date=record.headers.get("WARC-Date"),
            transfer_encoding=http.get("Transfer-Encoding") if http is not None else None,
            content_encoding=http.get("Content-Encoding") if http is not None else None,
            payload=payload,
            size=size,
            # A record cut inside its header block comes back without a Content-Length.
            complete=record.headers.get("Content-Length") is not None and size == expected,
        )


def _warcio_records(path: str, max_bytes: int) -> Generator[_Record, None, None]:
    from warcio.archiveiterator import ArchiveIterator

    with Path(path).open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            http = record.http_headers
            status: int | None = None
            media_type, charset = "", None
            if http is not None:
                code = str(http.get_statuscode() or "")
                status = int(code) if code.isdigit() else None
                media_type, charset = parse_content_type(http.get_header("Content-Type"))
            kind = str(record.rec_type)
            keep = kind == "response" and status == 200 and media_type in _HTML_TYPES
            stream = record.raw_stream
            expected = getattr(stream, "limit", None)
            payload, size = _drain(stream.read, keep, max_bytes)
            offset = int(iterator.get_record_offset())  # after reading: it reads to the record's end
            yield _Record(
                offset=offset,
                type=kind,
                uri=record.rec_headers.get_header("WARC-Target-URI"),
                status=status,
                media_type=media_type,
                charset=charset,
                date=record.rec_headers.get_header("WARC-Date"),
                transfer_encoding=http.get_header("Transfer-Encoding") if http is not None else None,
                content_encoding=http.get_header("Content-Encoding") if http is not None else None,
                payload=payload,
                size=size,
                complete=expected is None or size == expected,
            )


def _drain(read: Callable[[int], bytes], keep: bool, max_bytes: int) -> tuple[bytes, int]:
    """Read a record's body to its end; keep at most ``max_bytes + 1`` bytes of it when ``keep``."""
    kept = bytearray()
    size = 0
    while chunk := read(_CHUNK):
        size += len(chunk)
        if keep and len(kept) <= max_bytes:
            kept += chunk[: max_bytes + 1 - len(kept)]
    return bytes(kept), size


def _article(record: _Record, origin: str, options: ReadOptions) -> Article | Failure:
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


def _date(record: _Record) -> dt.date | None:
    if not record.date:
        return None
    try:
        return dt.date.fromisoformat(record.date.strip()[:10])
    except ValueError:
        return None


def _starts_member(path: str, offset: int) -> bool:
    """Whether a gzip member starts at ``offset`` (true for every record of a WARC gzipped record by record,
    as the standard asks; not for one compressed as a single stream, where fastwarc's offsets are those of
    its read buffer)."""
    try:
        with Path(path).open("rb") as handle:
            handle.seek(offset)
            return handle.read(2) == _GZIP_MAGIC
    except OSError:
        return False


def _check_start(path: str) -> bool | Failure:
    """Whether the archive is gzipped, or the :class:`Failure` that says it is no archive at all."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(_HEAD)
    except FileNotFoundError:
        return Failure(path, "no such file or folder", "unreadable")
    except OSError as err:
        return Failure(path, f"cannot be read ({err.strerror or err})", "unreadable")
    if not head:
        return Failure(path, "empty file", "empty")
    if head.startswith(_GZIP_MAGIC):
        try:
            inner = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 16)
        except zlib.error as err:
            return Failure(path, f"corrupt gzip data at the start ({err})", "malformed")
        if inner.startswith(b"WARC/"):
            return True
        return Failure(path, "a gzip file that does not hold a WARC archive", "malformed")
    if head.startswith(b"WARC/"):
        return False
    return Failure(path, "not a WARC archive (it does not start with a WARC/1.x record header)", "malformed")


_End = Literal["clean", "last", "after"]


def _end_of(path: str, last_offset: int | None, compressed: bool) -> _End:
    """How the file ends after the last record read (at ``last_offset``): ``clean``; ``last``: that record
    itself is cut short; ``after``: a partial record follows it."""
    if last_offset is None and not compressed:
        last_offset = 0
    with Path(path).open("rb") as handle:
        if compressed:
            return _gzip_end(handle, last_offset)
        return _plain_end(handle, last_offset or 0)


def _gzip_end(handle: BinaryIO, last_offset: int | None) -> _End:
    """Whether every gzip member from the last record's on ends: checked from that member (per-record
    gzip, as WARC asks for), else from the start of the file (one gzip stream for the whole archive)."""
    start = 0
    if last_offset:
        handle.seek(last_offset)
        if handle.read(2) == _GZIP_MAGIC:
            start = last_offset
    per_record = last_offset is not None and start == last_offset
    handle.seek(start)
    member: Any = None  # the member being decompressed, None between members
    members = 0
    while chunk := handle.read(1 << 20):
        data = chunk
        while data:
            if member is None:
                data = data.lstrip(b"\x00")  # some writers pad the end of the file with NULs
                if not data:
                    break
                member = zlib.decompressobj(zlib.MAX_WBITS | 16)
                members += 1
            member.decompress(data, 1 << 22)
            while member.unconsumed_tail and not member.eof:
                member.decompress(member.unconsumed_tail, 1 << 22)
            if member.eof:
                data = member.unused_data
                member = None
            else:
                data = b""
    if member is None:
        return "clean"
    return "last" if per_record and members == 1 else "after"


def _plain_end(handle: BinaryIO, offset: int) -> _End:
    """``last`` when the record at ``offset`` does not fit in the file, ``after`` when a partial record
    follows it."""
    size = handle.seek(0, 2)
    handle.seek(offset)
    head = handle.read(_HEAD)
    if not head.startswith(b"WARC/"):
        return "clean"
    end = head.find(b"\r\n\r\n")
    match = _CONTENT_LENGTH.search(head[:end]) if end >= 0 else None
    if match is None:
        return "last"
    record_end = offset + end + 4 + int(match.group(1))
    if record_end > size:
        return "last"
    handle.seek(record_end)
    rest = handle.read(_HEAD).lstrip(b"\r\n")
    if rest and (rest.startswith(b"WARC/") or b"WARC/".startswith(rest)):
        return "after"
    return "clean"


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
