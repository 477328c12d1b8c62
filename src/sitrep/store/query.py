"""Reading stored events: which ones (:class:`EventFilter`), and the rows :meth:`Store.events` yields.

An event row (:data:`EventRow`) is one row of the ``events`` table (:data:`EVENT_FIELDS`, in the table's
order) joined with its article's metadata under the labels of :data:`ARTICLE_FIELDS` (``outlet``, ``url``,
``published``, ``title``, ``chars``, ``language``, ``origin``, ``ingested_at``); :data:`FIELD_KINDS` gives
each one's type. Rows come in ``(date, article_id, event_id)`` order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Date, DateTime, Float, Integer, Select, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from sitrep.store import schema

BATCH = 500
"""Rows fetched from the database at a time."""

EventRow = Mapping[str, Any]
"""A stored event joined with its article's metadata, as :meth:`Store.events` yields it."""

FieldKind = Literal["date", "datetime", "int", "float", "str"]

_ARTICLE_COLUMNS: dict[str, Any] = {
    "outlet": schema.articles.c.source,
    "url": schema.articles.c.url,
    "published": schema.articles.c.published,
    "title": schema.articles.c.title,
    "chars": schema.articles.c.chars,
    "language": schema.articles.c.language,
    "origin": schema.articles.c.origin,
    "ingested_at": schema.articles.c.ingested_at,
    "external_id": schema.articles.c.external_id,
}

EVENT_FIELDS: tuple[str, ...] = tuple(column.name for column in schema.events.c)
"""The ``events`` columns an event row has, in the table's order."""

ARTICLE_FIELDS: tuple[str, ...] = tuple(_ARTICLE_COLUMNS)
"""The article fields an event row has after the event's own, by the label they get."""


def field_kind(column: Any) -> FieldKind:
    """The kind of a table column: ``date``, ``datetime``, ``int``, ``float`` or ``str``."""
    kind = column.type
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Integer):
        return "int"
    if isinstance(kind, Float):
        return "float"
    return "str"


FIELD_KINDS: dict[str, FieldKind] = {
    **{column.name: field_kind(column) for column in schema.events.c},
    **{label: field_kind(column) for label, column in _ARTICLE_COLUMNS.items()},
}
"""Each event-row field's type: ``date``, ``datetime``, ``int``, ``float`` or ``str``."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which stored events to read. Empty fields do not filter; filters combine with AND, the values of
        one with OR.

        ``since`` / ``until`` bound the event date (inclusive). ``countries`` are ISO3 codes: an event matches
        when its source's or its target's country is one of them. ``cameo_roots`` are two-digit CAMEO roots.
        ``sources`` are outlet names, matched exactly but ignoring case (SQLite's ``lower()`` folds ASCII
        letters only). ``modalities`` keep events of those modalities only. ``min_confidence`` keeps events
    whose ``confidence`` is at least that. Values are used as given:
        :class:`sitrep.export.ExportFilter` is the one that checks and normalises command-line values.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    countries: tuple[str, ...] = field(default=())
    cameo_roots: tuple[str, ...] = field(default=())
    sources: tuple[str, ...] = field(default=())
    modalities: tuple[str, ...] = field(default=())
    min_confidence: float | None = None

    @property
    def empty(self) -> bool:
        """True when nothing is filtered: every stored event matches."""
        return not (
            self.since
            or self.until
            or self.countries
            or self.cameo_roots
            or self.sources
            or self.modalities
            or self.min_confidence is not None
        )

    def conditions(self) -> list[ColumnElement[bool]]:
        """The filter as SQL conditions on ``events`` joined with ``articles``."""
        e, a = schema.events, schema.articles
        where: list[ColumnElement[bool]] = []
        if self.since is not None:
            where.append(e.c.date >= self.since)
        if self.until is not None:
            where.append(e.c.date <= self.until)
        if self.countries:
            where.append(or_(e.c.source_country.in_(self.countries), e.c.target_country.in_(self.countries)))
        if self.cameo_roots:
            where.append(e.c.cameo_root.in_(self.cameo_roots))
        if self.sources:
            where.append(func.lower(a.c.source).in_([s.lower() for s in self.sources]))
        if self.modalities:
            where.append(e.c.modality.in_(self.modalities))
        if self.min_confidence is not None:
            where.append(e.c.confidence >= self.min_confidence)
        return where


def events_query(flt: EventFilter, *, with_text: bool = False) -> Select[Any]:
    """The ``SELECT`` behind :meth:`Store.events`."""
    e, a = schema.events, schema.articles
    columns: list[Any] = [*e.c, *(column.label(label) for label, column in _ARTICLE_COLUMNS.items())]
    if with_text:
        columns += [a.c.text.label("article_text"), a.c.document.label("article_document")]
    query = select(*columns).select_from(e.join(a, e.c.article_id == a.c.id))
    for condition in flt.conditions():
        query = query.where(condition)
    return query.order_by(e.c.date, e.c.article_id, e.c.event_id)


def article_ids_query(flt: EventFilter) -> Select[Any]:
    """The ``SELECT`` behind :meth:`Store.event_article_ids` (distinct ids, unordered)."""
    e, a = schema.events, schema.articles
    query = select(e.c.article_id).select_from(e.join(a, e.c.article_id == a.c.id)).distinct()
    for condition in flt.conditions():
        query = query.where(condition)
    return query
