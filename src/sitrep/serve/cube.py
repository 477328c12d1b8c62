"""Facets and timelines from memory: the events' counts by every facet dimension, held as NumPy columns.

Counting a million stored events by CAMEO root or country pair takes SQLite about a second a facet; the
dashboard needs a dozen of them at once. :class:`Cube` reads the events once, grouped by every dimension a
facet or a filter uses (day, CAMEO root, PLOVER type, QuadClass, both countries, both actor codes, outlet,
modality, attribution, confidence in tenths), and answers facets and timelines by masking and summing those
columns. It answers exactly what the SQL would (``tests/serve/test_cube.py`` checks both agree); filters it
cannot answer — text search ``q``, ``story``, a ``min_confidence`` that is not a whole tenth — go to SQL.
It rebuilds itself when the database changes (checked at most every :data:`CHECK_SECONDS`).
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine, Integer, cast, func, select

from sitrep.serve import queries
from sitrep.serve.filters import Filters
from sitrep.store import schema

CHECK_SECONDS = 2.0
"""How often (at most) the cube checks whether the database changed."""

_DIMENSIONS = (
    "root",
    "plover",
    "quad",
    "source_country",
    "target_country",
    "source_code",
    "target_code",
    "outlet",
    "modality",
    "attribution",
)
_SHARED = {
    "source_country": "country",
    "target_country": "country",
    "source_code": "actor",
    "target_code": "actor",
}

IntArray = NDArray[np.int64]


@dataclass
class _Columns:
    day: IntArray  # date ordinal
    conf10: IntArray  # floor(confidence × 10)
    count: IntArray
    codes: dict[str, IntArray]  # dimension → index into its vocabulary
    vocab: dict[str, list[Any]]  # vocabulary name → values (None included)
    index: dict[str, dict[Any, int]]


class Cube:
    """Facet and timeline counts for :class:`~sitrep.serve.filters.Filters`, from memory when it can."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._columns: _Columns | None = None
        self._signature: tuple[Any, ...] | None = None
        self._checked = 0.0
        self.last_source = "memory"

    def invalidate(self) -> None:
        self._checked = 0.0

    # -- answers ----------------------------------------------------------------------------------------

    def facet(self, f: Filters, name: str, *, top: int) -> list[dict[str, Any]]:
        """The counts of facet ``name`` under ``f`` (its own filter left out), largest first."""
        flt = f.without(*queries.FACET_FILTER[name])
        columns = self._usable(flt)
        if columns is None:
            self.last_source = "sql"
            with self.engine.connect() as conn:
                return queries.facet_sql(conn, f, name, top=top)
        self.last_source = "memory"
        mask = self._mask(columns, flt)
        weights = columns.count[mask]
        counts: Counter[tuple[Any, ...]] = Counter()
        if name == "day":
            days, where = np.unique(columns.day[mask], return_inverse=True)
            sums = np.bincount(where, weights=weights, minlength=len(days))
            for day, total in zip(days, sums, strict=True):
                if total:
                    counts[(dt.date.fromordinal(int(day)).isoformat(),)] = int(total)
        elif name == "actor":
            vocab = columns.vocab["actor"]
            sums = np.zeros(len(vocab), dtype=np.float64)
            for side in ("source_code", "target_code"):
                sums += np.bincount(columns.codes[side][mask], weights=weights, minlength=len(vocab))
            for i in np.nonzero(sums)[0]:
                counts[(vocab[i],)] = int(sums[i])
        elif name == "country_pair":
            vocab = columns.vocab["country"]
            k = len(vocab)
            pair = columns.codes["source_country"][mask] * k + columns.codes["target_country"][mask]
            sums = np.bincount(pair, weights=weights, minlength=k * k)
            for i in np.nonzero(sums)[0]:
                counts[(vocab[i // k], vocab[i % k])] = int(sums[i])
        else:
            vocab = columns.vocab[_SHARED.get(name, name)]
            sums = np.bincount(columns.codes[name][mask], weights=weights, minlength=len(vocab))
            for i in np.nonzero(sums)[0]:
                counts[(vocab[i],)] = int(sums[i])
        return queries.facet_rows(name, counts, top)

    def timeline(self, f: Filters, by: str, interval: str) -> list[dict[str, Any]]:
        """Events per ``interval`` split by ``by`` (as :func:`sitrep.serve.queries.timeline_sql`)."""
        columns = self._usable(f)
        if columns is None:
            self.last_source = "sql"
            with self.engine.connect() as conn:
                return queries.timeline_sql(conn, f, by, interval)
        self.last_source = "memory"
        mask = self._mask(columns, f)
        days = columns.day[mask]
        weights = columns.count[mask]
        if by:
            groups = columns.codes[by][mask]
            vocab = columns.vocab[by]
        else:
            groups = np.zeros(len(days), dtype=np.int64)
            vocab = [None]
        unique_days, day_index = np.unique(days, return_inverse=True)
        periods = [queries.bucket(dt.date.fromordinal(int(d)), interval) for d in unique_days]
        period_names = sorted(set(periods))
        period_of = np.array([period_names.index(p) for p in periods], dtype=np.int64)
        k = len(vocab)
        key = period_of[day_index] * k + groups if len(days) else np.zeros(0, dtype=np.int64)
        sums = np.bincount(key, weights=weights, minlength=len(period_names) * k)
        counts: Counter[tuple[str, Any]] = Counter()
        for i in np.nonzero(sums)[0]:
            counts[(period_names[i // k], vocab[i % k])] = int(sums[i])
        return queries.timeline_rows(counts)

    # -- building ---------------------------------------------------------------------------------------

    def _usable(self, f: Filters) -> _Columns | None:
        if f.q or f.story is not None:
            return None
        if f.min_confidence is not None and not math.isclose(
            f.min_confidence * 10, round(f.min_confidence * 10)
        ):
            return None
        return self._current()

    def _current(self) -> _Columns:
        now = time.monotonic()
        if self._columns is not None and now - self._checked < CHECK_SECONDS:
            return self._columns
        with self._lock:
            if self._columns is not None and time.monotonic() - self._checked < CHECK_SECONDS:
                return self._columns
            signature = self._read_signature()
            if self._columns is None or signature != self._signature:
                self._columns = self._build()
                self._signature = signature
            self._checked = time.monotonic()
            return self._columns

    def _read_signature(self) -> tuple[Any, ...]:
        a, e = schema.articles, schema.events
        with self.engine.connect() as conn:
            articles = conn.execute(select(func.count(), func.max(a.c.updated_at))).one()
            events = conn.execute(select(func.count()).select_from(e)).scalar()
        return (tuple(articles), events)

    def _build(self) -> _Columns:
        e, a = schema.events, schema.articles
        tenths = e.c.confidence * 10 + 1e-9  # confidence is in [0, 1]: truncating is flooring
        conf10 = cast(tenths if self.engine.dialect.name == "sqlite" else func.floor(tenths), Integer)
        group = [
            e.c.date,
            e.c.cameo_root,
            e.c.plover,
            e.c.quad_class,
            e.c.source_country,
            e.c.target_country,
            e.c.source_code,
            e.c.target_code,
            a.c.source,
            e.c.modality,
            e.c.attribution,
            conf10,
        ]
        query = select(*group, func.count()).select_from(e.join(a, e.c.article_id == a.c.id)).group_by(*group)
        vocab: dict[str, list[Any]] = {}
        index: dict[str, dict[Any, int]] = {}
        raw: dict[str, list[int]] = {name: [] for name in _DIMENSIONS}
        day: list[int] = []
        conf: list[int] = []
        count: list[int] = []

        def code(name: str, value: Any) -> int:
            shared = _SHARED.get(name, name)
            table = index.setdefault(shared, {})
            found = table.get(value)
            if found is None:
                found = table[value] = len(table)
                vocab.setdefault(shared, []).append(value)
            return found

        with self.engine.connect() as conn:
            for row in conn.execute(query).yield_per(20000):
                date = row[0] if isinstance(row[0], dt.date) else dt.date.fromisoformat(str(row[0]))
                day.append(date.toordinal())
                for name, value in zip(_DIMENSIONS, row[1:11], strict=True):
                    raw[name].append(code(name, value))
                conf.append(int(row[11]) if row[11] is not None else 0)
                count.append(int(row[12]))
        for name in ("actor", "country", *_DIMENSIONS):
            if name not in _SHARED:
                vocab.setdefault(name, [])
                index.setdefault(name, {})
        return _Columns(
            day=np.array(day, dtype=np.int64),
            conf10=np.array(conf, dtype=np.int64),
            count=np.array(count, dtype=np.int64),
            codes={name: np.array(values, dtype=np.int64) for name, values in raw.items()},
            vocab=vocab,
            index=index,
        )

    # -- masks ------------------------------------------------------------------------------------------

    def _mask(self, c: _Columns, f: Filters) -> NDArray[np.bool_]:
        mask = np.ones(len(c.count), dtype=bool)

        def among(name: str, values: tuple[Any, ...]) -> NDArray[np.bool_]:
            table = c.index.get(_SHARED.get(name, name), {})
            wanted = [table[v] for v in values if v in table]
            return np.isin(c.codes[name], np.array(wanted, dtype=np.int64))

        if f.since is not None:
            mask &= c.day >= f.since.toordinal()
        if f.until is not None:
            mask &= c.day <= f.until.toordinal()
        for name, values in (
            ("root", f.root),
            ("plover", f.plover),
            ("quad", f.quad),
            ("source_country", f.source_country),
            ("target_country", f.target_country),
            ("modality", f.modality),
            ("attribution", f.attribution),
        ):
            if values:
                mask &= among(name, values)
        if f.country:
            mask &= among("source_country", f.country) | among("target_country", f.country)
        if f.actor:
            mask &= among("source_code", f.actor) | among("target_code", f.actor)
        if f.outlet:
            wanted = {o.lower() for o in f.outlet}
            names = c.vocab.get("outlet", [])
            chosen = [
                i
                for i, name in enumerate(names)
                if (name is not None and name.lower() in wanted) or (name is None and "(unknown)" in wanted)
            ]
            mask &= np.isin(c.codes["outlet"], np.array(chosen, dtype=np.int64))
        if f.min_confidence is not None:
            mask &= c.conf10 >= round(f.min_confidence * 10)
        return mask
