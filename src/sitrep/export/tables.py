"""Flat exports: CSV and Parquet (one row per stored event mention), JSON Lines (one stored document a line).

CSV and Parquet have the same columns: every column of the ``events`` table, in the table's order, then the
article's ``outlet``, ``url``, ``title`` and ``published`` (:data:`TABLE_COLUMNS`). Parquet keeps the types
(dates as ``date32``, integers, floats, strings) and is written in record batches, so memory stays bounded.

The Arrow types are defined here once (:func:`arrow_type`, :func:`arrow_schema`, :func:`table_schema`):
``sitrep spark`` writes its tables (:mod:`sitrep.scale.tables`) with the same schemas, its ``events`` table
with exactly the Parquet export's.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Table

from sitrep.export.query import ExportFilter
from sitrep.store import Store
from sitrep.store.query import BATCH, EVENT_FIELDS, FIELD_KINDS, FieldKind, field_kind

ARTICLE_FIELDS = ("outlet", "url", "title", "published", "external_id")
TABLE_COLUMNS: tuple[str, ...] = (*EVENT_FIELDS, *ARTICLE_FIELDS)
"""The columns of the CSV and Parquet exports."""

_ID_CHUNK = 500

COLUMN_KINDS: dict[str, FieldKind] = {name: FIELD_KINDS[name] for name in TABLE_COLUMNS}
"""Each export column's type: ``date``, ``int``, ``float`` or ``str``."""


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is read as a formula by spreadsheets: it is written with a
single quote in front (``'=HYPERLINK(…)``). Numbers are never changed."""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


def write_csv(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Write the CSV export (a header, then one line per event; empty for null; a text cell a spreadsheet
    would take for a formula is escaped, :data:`FORMULA_STARTS`); return the rows written."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TABLE_COLUMNS)
    written = 0
    for row in rows:
        writer.writerow([_cell(row[name]) for name in TABLE_COLUMNS])
        written += 1
    return written


def arrow_type(kind: FieldKind) -> Any:
    """The ``pyarrow.DataType`` of a column kind: ``date32``, ``timestamp[us, UTC]``, ``int64``, ``float64``,
    ``string``."""
    import pyarrow as pa

    types = {
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
        "int": pa.int64(),
        "float": pa.float64(),
        "str": pa.string(),
    }
    return types[kind]


def arrow_schema() -> Any:
    """The Parquet export's ``pyarrow.Schema`` (also the schema of ``sitrep spark``'s ``events`` table)."""
    import pyarrow as pa

    return pa.schema([pa.field(name, arrow_type(COLUMN_KINDS[name])) for name in TABLE_COLUMNS])


def table_schema(table: Table, *, leave_out: Collection[str] = ()) -> Any:
    """The ``pyarrow.Schema`` of one of the store's tables (its columns in order, but ``leave_out``), typed as
    the Parquet export types its columns."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(column.name, arrow_type(field_kind(column)))
            for column in table.c
            if column.name not in leave_out
        ]
    )


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    batch: list[Mapping[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_parquet(rows: Iterable[Mapping[str, Any]], path: Path, *, batch_size: int = BATCH * 10) -> int:
    """Write the Parquet export to ``path`` in record batches of ``batch_size`` rows; return the rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table_schema = arrow_schema()
    written = 0
    with pq.ParquetWriter(str(path), table_schema, compression="zstd") as writer:
        for batch in _batches(rows, batch_size):
            columns = {name: [row[name] for row in batch] for name in TABLE_COLUMNS}
            writer.write_batch(pa.RecordBatch.from_pydict(columns, schema=table_schema))
            written += len(batch)
    return written


def documents(store: Store, flt: ExportFilter) -> Iterator[dict[str, Any]]:
    """The stored documents (``sitrep.document/1`` dicts, with text) in id order: all coded documents when
    ``flt`` is empty, else those with at least one matching event."""
    if flt.empty:
        yield from store.documents()
        return
    ids = store.event_article_ids(flt)
    for start in range(0, len(ids), _ID_CHUNK):
        yield from store.documents(ids[start : start + _ID_CHUNK])


def write_jsonl(
    store: Store, flt: ExportFilter, out: TextIO, merged: Mapping[tuple[str, str], str] | None = None
) -> int:
    """Write one stored document per line (compact JSON, UTF-8); return the documents written. With
    ``merged`` (merged-event ids), each event's ``"merged"`` is its merged event's id (``null`` for an event
    of an article in no story yet)."""
    written = 0
    for document in documents(store, flt):
        if merged is not None:
            for event in document.get("events", ()):
                event["merged"] = merged.get((document["id"], event["id"]))
        out.write(json.dumps(document, ensure_ascii=False) + "\n")
        written += 1
    return written
