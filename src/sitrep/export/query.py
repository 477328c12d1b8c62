"""Selecting stored events for export: the filter and one streaming query.

:class:`ExportFilter` holds what ``sitrep export`` narrows by (dates, countries, CAMEO roots, outlets);
:func:`select_events` yields the matching ``events`` rows joined with their article's metadata, in
``(date, article_id, event_id)`` order, fetched in batches so memory stays bounded however large the store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection, Engine, Select, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from sitrep.article import parse_published
from sitrep.errors import ConfigError, InputError
from sitrep.export.countries import default_countries
from sitrep.records import MODALITIES
from sitrep.store import schema

BATCH = 500
"""Rows fetched from the database at a time."""

EventRow = Mapping[str, Any]
"""A stored event joined with its article's metadata, as :func:`select_events` yields it."""

ARTICLE_COLUMNS: dict[str, Any] = {
    "outlet": schema.articles.c.source,
    "url": schema.articles.c.url,
    "published": schema.articles.c.published,
    "title": schema.articles.c.title,
    "chars": schema.articles.c.chars,
    "language": schema.articles.c.language,
    "origin": schema.articles.c.origin,
    "ingested_at": schema.articles.c.ingested_at,
}
"""The article columns :func:`select_events` adds to each event row, by the label they get."""

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ROOT = re.compile(r"^(0[1-9]|1[0-9]|20)$")


def _split(values: Iterable[str]) -> tuple[str, ...]:
    """Comma-separated items of every value, stripped, empty ones dropped, first occurrence kept."""
    items = (item.strip() for value in values for item in value.split(","))
    return tuple(dict.fromkeys(item for item in items if item))


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which stored events to export. Empty fields do not filter.

    ``since`` / ``until`` bound the event date (inclusive). ``countries`` are ISO3 codes: an event matches
    when its source's or its target's country is one of them. ``cameo_roots`` are two-digit CAMEO roots
    (``"19"``, ``"20"``). ``sources`` are outlet names, matched exactly but ignoring case. Items given as
    ``"19,20"`` are split at commas (countries, roots and modalities: outlet names may hold commas).
    ``modalities`` keep events of those modalities only (``asserted`` for what the sources report as
    having happened). Bad values raise :class:`~sitrep.errors.ConfigError`.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    countries: tuple[str, ...] = field(default=())
    cameo_roots: tuple[str, ...] = field(default=())
    sources: tuple[str, ...] = field(default=())
    modalities: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
                raise ConfigError(f"--{name} must be a date YYYY-MM-DD, got {value!r}")
        if self.since and self.until and self.since > self.until:
            raise ConfigError(f"--since {self.since} is after --until {self.until}: no event can match")
        countries = tuple(dict.fromkeys(c.upper() for c in _split(_strings("country", self.countries))))
        for code in countries:
            if not _ISO3.match(code):
                raise ConfigError(f"--country {code!r}: give ISO 3166 alpha-3 codes such as UKR or RUS")
        known = default_countries()
        unknown = [c for c in countries if c not in known]
        if unknown:
            raise ConfigError(
                f"--country {', '.join(unknown)}: not an ISO3 code sitrep knows (e.g. UKR, RUS)"
            )
        roots = _split(_strings("cameo-root", self.cameo_roots))
        for root in roots:
            if not _ROOT.match(root):
                raise ConfigError(f"--cameo-root {root!r}: give two-digit CAMEO roots, 01 to 20 (e.g. 19)")
        sources = tuple(dict.fromkeys(s.strip() for s in _strings("source", self.sources) if s.strip()))
        object.__setattr__(self, "countries", countries)
        object.__setattr__(self, "cameo_roots", roots)
        modalities = _split(_strings("modality", self.modalities))
        for modality in modalities:
            if modality not in MODALITIES:
                raise ConfigError(f"--modality {modality!r}: give one of {', '.join(MODALITIES)}")
        object.__setattr__(self, "sources", sources)
        object.__setattr__(self, "modalities", modalities)

    @classmethod
    def from_options(
        cls,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        countries: str | Sequence[str] | None = None,
        cameo_roots: str | Sequence[str] | None = None,
        sources: str | Sequence[str] | None = None,
        modalities: str | Sequence[str] | None = None,
    ) -> ExportFilter:
        """A filter from command-line values: dates as ``YYYY-MM-DD``, lists as repeated or comma-separated
        values (``"UKR,RUS"``). Raises :class:`~sitrep.errors.ConfigError` naming the bad option."""
        return cls(
            since=_date("since", since),
            until=_date("until", until),
            countries=_tuple(countries),
            cameo_roots=_tuple(cameo_roots),
            sources=_tuple(sources),
            modalities=_tuple(modalities),
        )

    @property
    def empty(self) -> bool:
        """True when nothing is filtered: every stored event matches."""
        return not (
            self.since or self.until or self.countries or self.cameo_roots or self.sources or self.modalities
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
        return where


def _strings(option: str, values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, tuple | list):
        raise ConfigError(f"--{option} values must be a list of strings, got {values!r}")
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(f"--{option} values must be strings, got {value!r}")
    return tuple(values)


def _tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _date(option: str, value: str | dt.date | None) -> dt.date | None:
    try:
        return parse_published(value.strip() if isinstance(value, str) else value)
    except InputError:
        raise ConfigError(f"--{option} must be a date YYYY-MM-DD, got {value!r}") from None


def events_query(flt: ExportFilter, *, with_text: bool = False) -> Select[Any]:
    """The ``SELECT`` behind :func:`select_events`."""
    e, a = schema.events, schema.articles
    columns: list[Any] = [*e.c, *(column.label(label) for label, column in ARTICLE_COLUMNS.items())]
    if with_text:
        columns += [a.c.text.label("article_text"), a.c.document.label("article_document")]
    query = select(*columns).select_from(e.join(a, e.c.article_id == a.c.id))
    for condition in flt.conditions():
        query = query.where(condition)
    return query.order_by(e.c.date, e.c.article_id, e.c.event_id)


@contextmanager
def _connection(source: Connection | Engine) -> Iterator[Connection]:
    if isinstance(source, Connection):
        yield source
    else:
        with source.connect() as conn:
            yield conn


def select_events(
    source: Connection | Engine, flt: ExportFilter | None = None, *, with_text: bool = False
) -> Generator[EventRow, None, None]:
    """The stored events matching ``flt``, each joined with its article, ordered by date, article, event.

    Each row has every ``events`` column (``article_id``, ``event_id``, ``date``, ``cameo``, ``source_code``,
    …) and the article's ``outlet``, ``url``, ``published``, ``title``, ``chars``, ``language``, ``origin``
    and ``ingested_at``; with ``with_text`` also ``article_text`` and ``article_document`` (the stored
    document JSON). Rows are fetched :data:`BATCH` at a time.
    """
    query = events_query(flt or ExportFilter(), with_text=with_text)
    with _connection(source) as conn:
        result = conn.execution_options(yield_per=BATCH).execute(query)
        try:
            for row in result:
                yield cast(EventRow, row._mapping)
        finally:
            result.close()


def matching_article_ids(source: Connection | Engine, flt: ExportFilter) -> list[str]:
    """Ids of the articles with at least one event matching ``flt``, sorted."""
    e, a = schema.events, schema.articles
    query = select(e.c.article_id).select_from(e.join(a, e.c.article_id == a.c.id)).distinct()
    for condition in flt.conditions():
        query = query.where(condition)
    with _connection(source) as conn:
        return sorted(str(value) for value in conn.execute(query).scalars())
