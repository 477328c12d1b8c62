"""WARC files, below the reader: their records, whichever engine reads them, and how the file starts and ends.

* :func:`record_reader` picks the engine: fastwarc, or warcio when fastwarc cannot be imported; each yields
  :class:`Record` values, the same whatever engine read them. A record's HTTP body is read to its end; only
  an article candidate's (an HTTP 200 ``response`` with an HTML content type) is kept, at most
  ``max_bytes + 1`` bytes of it.
* An engine counts what the archive inflates to (record and HTTP headers, bodies) and raises
  :class:`~sitrep.ingest.base.InflationError` past the cap it is given.
* :func:`check_start` tells a gzipped archive from an uncompressed one, or says why a file is no archive.
* :func:`end_of` tells a file that ends cleanly after its last record from one cut short (in that record,
  or in a partial record after it); :func:`starts_member` whether an offset finds a gzip member (a WARC
  gzipped record by record) or not (one gzip stream for the whole file).

The rules these serve are in :mod:`sitrep.ingest.readers.warc`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

from sitrep.article import Failure
from sitrep.errors import ConfigError
from sitrep.ingest.base import InflationError
from sitrep.ingest.decoding import parse_content_type

Engine = Literal["auto", "fastwarc", "warcio"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""The content types of an archived page that can be an article."""

_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_HEAD = 1 << 16
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*$", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Record:
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
        """Whether the record can hold an article: an HTTP 200 ``response`` with an HTML type and a URI."""
        return (
            self.type == "response"
            and self.status == 200
            and self.media_type in HTML_TYPES
            and bool(self.uri)
        )


Records = Callable[[str, int, int | None], Generator[Record, None, None]]
"""An engine: ``(path, max_bytes, max_inflated)`` → the archive's records, in file order. It raises
:class:`~sitrep.ingest.base.InflationError` once the records' headers and bodies come to more than
``max_inflated`` bytes (None: no cap)."""


class _Meter:
    """The bytes an archive has inflated to so far, against its cap (None: no cap)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.total = 0

    def add(self, size: int) -> None:
        self.total += size
        if self.limit is not None and self.total > self.limit:
            raise InflationError(f"more than {self.limit:,} bytes once uncompressed")

    def add_headers(self, pairs: Iterable[tuple[Any, Any]]) -> None:
        self.add(sum(len(name) + len(value) + 4 for name, value in pairs))  # "name: value\r\n"


def record_reader(engine: str) -> Records:
    """The engine named ``engine`` (``auto``: fastwarc when it can be imported, else warcio).

    :raises ConfigError: an unknown ``engine``, or ``fastwarc`` asked for and not installed.
    """
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


def _fastwarc_records(path: str, max_bytes: int, max_inflated: int | None) -> Generator[Record, None, None]:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # a name with bytes that are not UTF-8: fastwarc panics on it (pyo3)
        yield from _warcio_records(path, max_bytes, max_inflated)
        return
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    meter = _Meter(max_inflated)
    for record in ArchiveIterator(
        path, record_types=WarcRecordType.any_type, parse_http=True, fsspec_args=False
    ):
        http: Any = record.http_headers  # None when the record has no HTTP part or it does not parse
        meter.add_headers(record.headers.items_bytes())
        if http is not None:
            meter.add_headers(http.items_bytes())
        expected = record.content_length
        status = http.status_code if http is not None else None
        media_type = (record.http_content_type or "").lower() if http is not None else ""
        kind = str(record.record_type)
        keep = kind == "response" and status == 200 and media_type in HTML_TYPES
        payload, size = _drain(record.reader.read, keep, max_bytes, meter)
        yield Record(
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


def _warcio_records(path: str, max_bytes: int, max_inflated: int | None) -> Generator[Record, None, None]:
    from warcio.archiveiterator import ArchiveIterator

    meter = _Meter(max_inflated)
    with Path(path).open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            http = record.http_headers
            meter.add_headers(record.rec_headers.headers)
            if http is not None:
                meter.add_headers(http.headers)
            status: int | None = None
            media_type, charset = "", None
            if http is not None:
                code = str(http.get_statuscode() or "")
                status = int(code) if code.isdigit() else None
                media_type, charset = parse_content_type(http.get_header("Content-Type"))
            kind = str(record.rec_type)
            keep = kind == "response" and status == 200 and media_type in HTML_TYPES
            stream = record.raw_stream
            expected = getattr(stream, "limit", None)
            payload, size = _drain(stream.read, keep, max_bytes, meter)
            offset = int(iterator.get_record_offset())  # after reading: it reads to the record's end
            yield Record(
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


def _drain(read: Callable[[int], bytes], keep: bool, max_bytes: int, meter: _Meter) -> tuple[bytes, int]:
    """Read a record's body to its end, counting it on ``meter``; keep at most ``max_bytes + 1`` bytes of
    it when ``keep``."""
    kept = bytearray()
    size = 0
    while chunk := read(_CHUNK):
        size += len(chunk)
        meter.add(len(chunk))
        if keep and len(kept) <= max_bytes:
            kept += chunk[: max_bytes + 1 - len(kept)]
    return bytes(kept), size


def starts_member(path: str, offset: int) -> bool:
    """Whether a gzip member starts at ``offset`` (true for every record of a WARC gzipped record by record,
    as the standard asks; not for one compressed as a single stream, where fastwarc's offsets are those of
    its read buffer)."""
    try:
        with Path(path).open("rb") as handle:
            handle.seek(offset)
            return handle.read(2) == _GZIP_MAGIC
    except OSError:
        return False


def check_start(path: str) -> bool | Failure:
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


End = Literal["clean", "last", "after"]


def end_of(path: str, last_offset: int | None, compressed: bool) -> End:
    """How the file ends after the last record read (at ``last_offset``): ``clean``; ``last``: that record
    itself is cut short; ``after``: a partial record follows it."""
    if last_offset is None and not compressed:
        last_offset = 0
    with Path(path).open("rb") as handle:
        if compressed:
            return _gzip_end(handle, last_offset)
        return _plain_end(handle, last_offset or 0)


def _gzip_end(handle: BinaryIO, last_offset: int | None) -> End:
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


def _plain_end(handle: BinaryIO, offset: int) -> End:
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
