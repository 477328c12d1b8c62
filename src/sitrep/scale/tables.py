"""The tables ``sitrep spark`` writes, mirroring the store: one Parquet table per store table, one partition
per input shard.

==============  ==========================================================================================
``documents``   one row per article read: the ``articles`` columns of the store (metadata, text, the
                document JSON without its text, counts, coder), without the run bookkeeping
``events``      one row per event: exactly the columns and types of ``sitrep export --format parquet``
                (every ``events`` column, then the article's outlet, url, title, published, external_id)
``actors``      the store's ``actors`` rows
``quotes``      the store's ``quotes`` rows
``framing``     the store's ``framing`` rows
``failures``    one row per quarantined input: ``source``, ``kind``, ``reason``
==============  ==========================================================================================

Rows are made by the store's own functions (:func:`sitrep.store.rows.article_values`,
:func:`~sitrep.store.rows.child_rows`), and the Arrow types by the export's
(:func:`sitrep.export.tables.table_schema`, :func:`~sitrep.export.tables.arrow_schema`): a table here and a
table in the database (or a Parquet export) cannot drift apart. :func:`outcome_of` turns a ``documents`` row
back into the outcome the store writes (``sitrep load``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sitrep.article import Article, Failure
from sitrep.export.tables import ARTICLE_FIELDS, arrow_schema, table_schema
from sitrep.records import document_from_dict
from sitrep.store import schema
from sitrep.store.rows import Coded, NotCoded, article_id, article_values, child_rows, stored_document

TABLES: tuple[str, ...] = ("documents", "events", "actors", "quotes", "framing", "failures")
"""The tables of a ``sitrep spark`` output folder, each a folder of ``shard=…`` partitions."""

PARTITION = "shard"
"""The partition column: the input shard a row comes from."""

_BOOKKEEPING = ("first_run", "last_run", "ingested_at", "updated_at")
"""``articles`` columns that belong to a database's runs, not to the article."""

DOCUMENT_COLUMNS: tuple[str, ...] = tuple(c.name for c in schema.articles.c if c.name not in _BOOKKEEPING)
FAILURE_COLUMNS: tuple[str, ...] = ("source", "kind", "reason")

_ARTICLE_LABELS = {"outlet": "source"}
"""Export column label → ``articles`` column, where they differ."""


def schemas() -> dict[str, Any]:
    """Table name → its ``pyarrow.Schema`` (without the partition column, which is the folder name)."""
    return {
        "documents": table_schema(schema.articles, leave_out=_BOOKKEEPING),
        "events": arrow_schema(),
        "actors": table_schema(schema.actors),
        "quotes": table_schema(schema.quotes),
        "framing": table_schema(schema.framing),
        "failures": table_schema(
            schema.failures, leave_out=[c.name for c in schema.failures.c if c.name not in FAILURE_COLUMNS]
        ),
    }


def rows_of(outcome: Coded | NotCoded | Failure) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(table, row)`` for every row one outcome becomes."""
    if isinstance(outcome, Failure):
        yield "failures", {"source": outcome.source, "kind": outcome.kind, "reason": outcome.reason}
        return
    ident = article_id(outcome.article)
    document = {"id": ident, **article_values(outcome)}
    yield "documents", {name: document.get(name) for name in DOCUMENT_COLUMNS}
    if not isinstance(outcome, Coded):
        return
    article = {label: document[_ARTICLE_LABELS.get(label, label)] for label in ARTICLE_FIELDS}
    for table, rows in child_rows(ident, outcome.document):
        for row in rows:
            yield table.name, ({**row, **article} if table is schema.events else row)


def outcome_of(row: Mapping[str, Any]) -> Coded | NotCoded:
    """The store outcome a ``documents`` row holds (what :meth:`sitrep.store.Store.write` takes)."""
    article = Article(
        text=row["text"],
        published=row["published"],
        source=row["source"],
        url=row["url"],
        title=row["title"],
        origin=row["origin"],
        id=row["id"],
        external_id=row["external_id"],
    )
    if row["status"] == "coded":
        document = document_from_dict(stored_document(row["document"], row["text"]))
        return Coded(article, document, row["language"], row["coder"] or "")
    return NotCoded(article, row["language"], row["reason"] or "")


def failure_of(row: Mapping[str, Any]) -> Failure:
    """The :class:`~sitrep.article.Failure` a ``failures`` row holds."""
    return Failure(row["source"], row["reason"], row["kind"])
