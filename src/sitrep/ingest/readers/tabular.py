"""Tables of articles: JSON Lines (``.jsonl``, ``.ndjson``, also gzipped ``.jsonl.gz``), CSV/TSV
(``.csv``, ``.tsv``) and Parquet (``.parquet``), one article per line or row.

Rules:

* Field mapping: ``options.fields`` maps a sitrep field (``id``, ``text``, ``published``, ``source``,
  ``url``, ``title``) to the key or column that holds it; unmapped fields use their own name. A mapping of
  an unknown sitrep field is a :class:`~sitrep.errors.ConfigError` (a bad option, raised).
* Both formats are UTF-8 (a BOM is allowed). Each record's ``origin`` is ``path:LINE`` (the line where
  it starts), and a bad record is one failure with that origin; the records around it are still read.
* JSONL: blank lines are skipped; after :data:`MAX_BLANK_RUN` in a row, the rest of the file is one
  ``malformed`` failure and is not read. A line that is not JSON, not a JSON object, whose text is
  missing or not a string is ``malformed``; a line that is not UTF-8 is ``encoding``; a line longer than
  ``options.max_bytes`` is ``too-large``. Metadata values that are not strings are left out (numbers are
  allowed for ``id``). A gzipped file that ends early yields a ``truncated`` failure after its last good
  line.
* CSV/TSV: the first row is the header (column names are stripped of white space). No text column in
  the header is one ``malformed`` failure for the file, naming the columns there are. A row with more
  cells than the header, or too few to reach the text column, is ``malformed``; missing trailing cells
  are otherwise empty. Empty cells are no value. Cells may hold up to 16 MB (articles over the size cap
  are reported as ``too-large``). A byte that is not UTF-8 loses only the row that holds it: an
  ``encoding`` failure naming the line; the rows around it are read.
* A file that starts with the gzip magic bytes is read uncompressed whatever its name.
* Parquet: read in record batches (memory stays bounded); each row is a record as in JSONL, its ``origin``
  ``path:row N`` (from 1). A file pyarrow cannot open is one ``malformed`` failure; one that breaks off
  while it is read is a ``malformed`` failure after the rows before it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import json
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sitrep.article import Article, Failure
from sitrep.errors import ConfigError
from sitrep.ingest.base import InflationError, ReadOptions, inflation_failure, inflation_limit, make_article

FIELDS = ("id", "text", "published", "source", "url", "title")
"""The sitrep fields a table can fill."""

CSV_FIELD_LIMIT = 16 * 1024 * 1024
"""Largest CSV cell, in characters (the size cap on text is checked after)."""

_CHUNK = 1 << 16

MAX_BLANK_RUN = 10_000
"""Blank JSONL lines in a row after which the rest of a file is not read (a small gzip file can hold a
billion of them)."""


def field_mapping(options: ReadOptions) -> dict[str, str]:
    """Sitrep field → key or column, for every field (defaults: the same name).

    :raises ConfigError: a mapping names a field sitrep does not have.
    """
    unknown = sorted(set(options.fields) - set(FIELDS))
    if unknown:
        raise ConfigError(
            f"unknown field(s) in the field mapping: {', '.join(unknown)}; the fields are {', '.join(FIELDS)}"
        )
    return {name: options.fields.get(name) or name for name in FIELDS}


def read_jsonl(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """One article per line of the JSON Lines file ``source`` (gzipped when its name ends in ``.gz``)."""
    mapping = field_mapping(options)
    try:
        handle = _open_binary(source, options.max_inflation)
    except OSError as err:
        yield _unreadable(source, err)
        return
    number = 0
    blank = 0
    with handle:
        try:
            while True:
                line = handle.readline(options.max_bytes + 1)
                if not line:
                    break
                number += 1
                if len(line) > options.max_bytes and not line.endswith(b"\n"):
                    _skip_rest_of_line(handle)
                    yield Failure(
                        f"{source}:{number}",
                        f"longer than the limit of {options.max_bytes:,} bytes",
                        "too-large",
                    )
                    continue
                if line.strip():
                    blank = 0
                    yield _guarded_line(line, number, source, mapping, options)
                    continue
                blank += 1
                if blank > MAX_BLANK_RUN:
                    yield Failure(
                        f"{source}:{number}",
                        f"more than {MAX_BLANK_RUN:,} blank lines in a row; the rest of the file is not read",
                        "malformed",
                    )
                    return
        except (EOFError, zlib.error, OSError) as err:
            yield _stream_failure(source, err, number, options)


def read_parquet(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """One article per row of the Parquet file ``source``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    mapping = field_mapping(options)
    try:
        table = pq.ParquetFile(source)
    except OSError as err:
        yield _unreadable(source, err) if not isinstance(err, pa.ArrowInvalid) else _bad_parquet(source, err)
        return
    except pa.ArrowException as err:
        yield _bad_parquet(source, err)
        return
    names = set(table.schema_arrow.names)
    if mapping["text"] not in names:
        shown = ", ".join(repr(name) for name in table.schema_arrow.names) or "none"
        key = mapping["text"]
        yield Failure(
            source,
            f"no {key!r} column for the text{_mapped('text', key)}; the columns are: {shown}",
            "malformed",
        )
        return
    wanted = sorted({mapping[name] for name in FIELDS} & names)
    number = 0
    with table:
        try:
            for batch in table.iter_batches(batch_size=256, columns=wanted):
                for record in batch.to_pylist():
                    number += 1
                    origin = f"{source}:row {number}"
                    try:
                        yield _article(_strings(record), origin, mapping, options)
                    except Exception as err:  # one row; the rows after it are still read
                        yield Failure(origin, f"cannot be read: {type(err).__name__}: {err}", "malformed")
        except (OSError, pa.ArrowException) as err:
            yield Failure(source, f"cannot be read after row {number} ({_one_line(err)})", "malformed")


def _bad_parquet(source: str, err: Exception) -> Failure:
    return Failure(source, f"not a Parquet file pyarrow can read ({_one_line(err)})", "malformed")


def _strings(record: Mapping[str, Any]) -> dict[str, Any]:
    """A Parquet row as a JSONL record: dates and timestamps become ISO strings."""
    return {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in record.items()}


def _stream_failure(source: str, err: Exception, line: int, options: ReadOptions) -> Failure:
    """The failure for a file that stops reading after ``line``: cut short, not gzip, inflating past its
    cap, or unreadable."""
    if isinstance(err, InflationError):
        return inflation_failure(source, err, options.max_inflation, f"line {line}")
    if isinstance(err, EOFError | zlib.error):
        return Failure(
            source,
            f"compressed file ends early or is corrupt after line {line} ({_one_line(err)})",
            "truncated",
        )
    if isinstance(err, gzip.BadGzipFile):
        return Failure(source, f"not a gzip file ({_one_line(err)})", "malformed")
    assert isinstance(err, OSError)
    return _unreadable(source, err)


def read_csv(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """One article per row of the CSV file ``source`` (tab-separated when its name ends in ``.tsv``)."""
    mapping = field_mapping(options)
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    delimiter = "\t" if source.lower().endswith((".tsv", ".tsv.gz")) else ","
    try:
        binary = _open_binary(source, options.max_inflation)
    except OSError as err:
        yield _unreadable(source, err)
        return
    with binary:
        lines = _DecodedLines(binary)
        rows = csv.reader(lines, delimiter=delimiter)
        try:
            yield from _csv_rows(rows, lines, source, mapping, options)
        except (EOFError, zlib.error, OSError) as err:
            yield _stream_failure(source, err, rows.line_num, options)


class _DecodedLines:
    """The lines of a binary file as text, each decoded on its own: a line that is not UTF-8 is decoded
    with replacement characters and remembered in ``bad`` (line number → the first bad byte), so the row
    that holds it is quarantined and the rows around it are kept."""

    def __init__(self, binary: gzip.GzipFile | io.BufferedReader) -> None:
        self.binary = binary
        self.number = 0
        self.bad: dict[int, bytes] = {}

    def __iter__(self) -> _DecodedLines:
        return self

    def __next__(self) -> str:
        line = self.binary.readline()
        if not line:
            raise StopIteration
        self.number += 1
        if self.number == 1:
            line = line.removeprefix(codecs.BOM_UTF8)
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError as err:
            self.bad[self.number] = line[err.start : err.start + 1]
            return line.decode("utf-8", "replace")

    def bad_in(self, first: int, last: int) -> tuple[int, bytes] | None:
        """The first line from ``first`` to ``last`` that is not UTF-8, and its bad byte; None if all are."""
        return next(((n, self.bad[n]) for n in range(first, last + 1) if n in self.bad), None)


def _csv_rows(
    rows: Any, lines: _DecodedLines, source: str, mapping: Mapping[str, str], options: ReadOptions
) -> Iterator[Article | Failure]:
    try:
        header = next(rows)
    except StopIteration:
        yield Failure(source, "no header and no rows (empty file)", "empty")
        return
    except csv.Error as err:
        yield Failure(f"{source}:1", _one_line(err), "malformed")
        return
    columns = [name.strip() for name in header]
    index = {name: position for position, name in reversed(list(enumerate(columns)))}
    text_column = mapping["text"]
    if text_column not in index:
        shown = ", ".join(repr(name) for name in columns) or "none"
        yield Failure(
            source,
            f"no {text_column!r} column for the text{_mapped('text', text_column)}; the columns are: {shown}",
            "malformed",
        )
        return
    while True:
        start = rows.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as err:
            yield Failure(f"{source}:{start}", f"{_one_line(err)}", "malformed")
            continue
        if not row:
            continue
        origin = f"{source}:{start}"
        bad = lines.bad_in(start, rows.line_num)
        if bad is not None:
            yield Failure(
                f"{source}:{bad[0]}",
                f"not UTF-8 text (bad byte {bad[1]!r}); this row is left out; convert the file first, "
                "e.g. with iconv",
                "encoding",
            )
            continue
        if len(row) > len(columns):
            yield Failure(
                origin,
                f"{len(row)} cells, the header has {len(columns)} (a quoting problem?)",
                "malformed",
            )
            continue
        if index[text_column] >= len(row):
            yield Failure(
                origin,
                f"no cell for the {text_column!r} column ({len(row)} cells, the header has {len(columns)})",
                "malformed",
            )
            continue
        record = {name: row[position] for name, position in index.items() if position < len(row)}
        try:
            item = _article(record, origin, mapping, options)
        except Exception as err:  # one row; the rows after it are still read
            item = Failure(origin, f"cannot be read: {type(err).__name__}: {err}", "malformed")
        yield item


def _guarded_line(
    line: bytes, number: int, source: str, mapping: Mapping[str, str], options: ReadOptions
) -> Article | Failure:
    """:func:`_json_line`, with any error it meets (a line nested too deeply for the JSON parser, a bug)
    turned into this line's failure: the lines after it are still read."""
    try:
        return _json_line(line, number, source, mapping, options)
    except RecursionError:
        return Failure(f"{source}:{number}", "not valid JSON (nested too deeply)", "malformed")
    except Exception as err:
        return Failure(f"{source}:{number}", f"cannot be read: {type(err).__name__}: {err}", "malformed")


def _json_line(
    line: bytes, number: int, source: str, mapping: Mapping[str, str], options: ReadOptions
) -> Article | Failure:
    origin = f"{source}:{number}"
    try:
        text = line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as err:
        return Failure(origin, f"not UTF-8 (bad byte at position {err.start})", "encoding")
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        return Failure(origin, f"not valid JSON ({err.msg} at column {err.colno})", "malformed")
    if not isinstance(record, dict):
        return Failure(origin, f"not a JSON object (a {_json_type(record)})", "malformed")
    return _article(record, origin, mapping, options)


def _article(
    record: Mapping[str, Any], origin: str, mapping: Mapping[str, str], options: ReadOptions
) -> Article | Failure:
    key = mapping["text"]
    if key not in record:
        return Failure(origin, f"no {key!r} field for the text{_mapped('text', key)}", "malformed")
    text = record[key]
    if not isinstance(text, str):
        return Failure(
            origin,
            f"the text field {key!r}{_mapped('text', key)} is a {_json_type(text)}, not a string",
            "malformed",
        )
    values: dict[str, str | None] = {}
    for name in ("id", "published", "source", "url", "title"):
        value = record.get(mapping[name])
        if isinstance(value, bool):
            value = None
        if name == "id" and isinstance(value, int | float):
            value = str(value)
        values[name] = (value.strip() or None) if isinstance(value, str) else None
    return make_article(
        text,
        origin=origin,
        options=options,
        published=values["published"],
        source=values["source"],
        url=values["url"],
        title=values["title"],
        id=values["id"],
    )


def _mapped(name: str, key: str) -> str:
    """`` (mapping text → 'body')`` when the field is mapped to another name, else nothing."""
    return f" (mapping {name} → {key!r})" if key != name else ""


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class _CappedGzip(gzip.GzipFile):
    """A gzip file that raises :class:`InflationError` once it has given more than ``limit`` bytes."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(filename=path, mode="rb")
        self.limit = limit
        self.given = 0

    def _count(self, data: bytes) -> bytes:
        self.given += len(data)
        if self.given > self.limit:
            raise InflationError(f"more than {self.limit:,} bytes once uncompressed")
        return data

    def read(self, size: int | None = -1) -> bytes:
        return self._count(super().read(size))

    def readline(self, size: int | None = -1) -> bytes:
        return self._count(super().readline(size))


def _open_binary(source: str, max_inflation: int) -> gzip.GzipFile | io.BufferedReader:
    """The file, uncompressed when it is gzip data: by its name (``.gz``) or by its first bytes (a gzipped
    file renamed without ``.gz``), then read at most ``max_inflation`` times its size."""
    path = Path(source)
    compressed = source.lower().endswith(".gz")
    if not compressed:
        with path.open("rb") as probe:
            compressed = probe.read(2) == b"\x1f\x8b"
    if compressed:
        return _CappedGzip(path, inflation_limit(path, max_inflation))
    return path.open("rb")


def _skip_rest_of_line(handle: io.BufferedIOBase) -> None:
    while True:
        chunk = handle.readline(_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _unreadable(source: str, err: OSError) -> Failure:
    if isinstance(err, FileNotFoundError):
        return Failure(source, "no such file or folder", "unreadable")
    if isinstance(err, IsADirectoryError):
        return Failure(source, "is a folder, not a file", "unreadable")
    return Failure(source, f"cannot be read ({err.strerror or _one_line(err)})", "unreadable")


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__
