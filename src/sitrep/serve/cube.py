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
import itertools
import math
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray
from sqlalchemy import Engine, func, select

from sitrep.serve import queries
from sitrep.serve.filters import Filters
from sitrep.store import schema

RECENT_ANSWERS = 512
"""How many facet and timeline answers the cube keeps (answers are small; a rebuild starts afresh)."""

RECENT_FILTERS = 8
"""How many filter sets' row masks the cube keeps."""

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

IntArray = NDArray[np.int32]


@dataclass
class _Columns:
    day: IntArray  # date ordinal
    conf10: NDArray[np.int8]  # floor(confidence × 10)
    codes: dict[str, IntArray]  # dimension → index into its vocabulary
    vocab: dict[str, list[Any]]  # vocabulary name → values (None included)
    index: dict[str, dict[Any, int]]
    totals: dict[str, Any] = field(default_factory=dict)
    periods: dict[str, tuple[list[str], IntArray]] = field(default_factory=dict)
    generation: int = 0  # which build of the cube: the key of cached row masks
    ranks: dict[str, NDArray[np.int64]] = field(default_factory=dict)  # vocabulary → each value's text order

    @property
    def first_day(self) -> int:
        return int(self.day.min()) if len(self.day) else 0

    @property
    def span(self) -> int:
        return int(self.day.max()) - self.first_day + 1 if len(self.day) else 0


class Cube:
    """Facet and timeline counts for :class:`~sitrep.serve.filters.Filters`, from memory when it can."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._columns: _Columns | None = None
        self._signature: tuple[Any, ...] | None = None
        self._checked = 0.0
        self._probe: Any = None
        self._stale_ok = True
        self._rebuilding: threading.Thread | None = None
        self._recent: dict[tuple[int, Filters], dict[str, NDArray[np.bool_]]] = {}
        self._recent_lock = threading.Lock()
        self._answers: OrderedDict[tuple[Any, ...], list[dict[str, Any]]] = OrderedDict()
        self.hits = 0
        self._generations = itertools.count(1)
        self.last_source = "memory"

    def invalidate(self) -> None:
        """This server wrote to the database: the next answer reads it again first."""
        with self._lock:
            self._checked = 0.0
            self._stale_ok = False

    # -- answers ----------------------------------------------------------------------------------------

    def totals(self) -> dict[str, Any]:
        """What the database holds (as :func:`sitrep.serve.queries.totals`), kept with the columns."""
        return dict(self._current().totals)

    def facet(self, f: Filters, name: str, *, top: int) -> list[dict[str, Any]]:
        """The counts of facet ``name`` under ``f`` (its own filter left out), largest first."""
        columns = self._usable(f)
        if columns is not None:
            return self._remembered(
                ("facet", columns.generation, f, name, top), lambda: self._facet(columns, f, name, top)
            )
        return self._facet(None, f, name, top)

    def _facet(self, columns: _Columns | None, f: Filters, name: str, top: int) -> list[dict[str, Any]]:
        if columns is None:
            self.last_source = "sql"
            with self.engine.connect() as conn:
                return queries.facet_sql(conn, f, name, top=top)
        self.last_source = "memory"
        c = columns
        mask = self._mask(c, f, leave_out=queries.FACET_FILTER[name])
        counts: Counter[tuple[Any, ...]] = Counter()
        if name == "day":
            sums = _sum(c.day - c.first_day, mask, c.span)
            for i in np.nonzero(sums)[0]:
                counts[(dt.date.fromordinal(c.first_day + int(i)).isoformat(),)] = int(sums[i])
            return queries.facet_rows(name, counts, top)
        if name in ("actor_pair", "country_pair"):
            shared = "actor" if name == "actor_pair" else "country"
            side = "code" if name == "actor_pair" else "country"
            vocab = c.vocab[shared]
            k = len(vocab)
            source, target = c.codes[f"source_{side}"], c.codes[f"target_{side}"]
            if mask is not None:
                source, target = source.take(mask), target.take(mask)
            keys = source.astype(np.int64) * k + target
            if k * k <= 1 << 22:  # a count per possible pair: faster than sorting, up to ~2,000 codes
                per_pair = np.bincount(keys, minlength=k * k)
                found = np.nonzero(per_pair)[0]
                n = per_pair[found]
            else:
                found, n = np.unique(keys, return_counts=True)
            rank = _ranks(c, shared)
            order = _top(n, rank[found // k] * k + rank[found % k], top)
            for key, total in zip(found[order].tolist(), n[order].tolist(), strict=True):
                counts[(vocab[key // k], vocab[key % k])] = int(total)
            return queries.facet_rows(name, counts, top)
        shared = "actor" if name == "actor" else _SHARED.get(name, name)
        vocab = c.vocab[shared]
        if name == "actor":
            sums = _sum(c.codes["source_code"], mask, len(vocab)) + _sum(
                c.codes["target_code"], mask, len(vocab)
            )
            if None in c.index["actor"]:
                sums[c.index["actor"][None]] = 0  # events without a coded actor are no actor
        else:
            sums = _sum(c.codes[name], mask, len(vocab))
        found = np.nonzero(sums)[0]
        for i in found[_top(sums[found], _ranks(c, shared)[found], top)].tolist():
            counts[(vocab[i],)] = int(sums[i])
        return queries.facet_rows(name, counts, top)

    def timeline(self, f: Filters, by: str, interval: str) -> list[dict[str, Any]]:
        """Events per ``interval`` split by ``by`` (as :func:`sitrep.serve.queries.timeline_sql`)."""
        columns = self._usable(f)
        if columns is not None:
            key = ("timeline", columns.generation, f, by, interval)
            return self._remembered(key, lambda: self._timeline(columns, f, by, interval))
        return self._timeline(None, f, by, interval)

    def _timeline(self, columns: _Columns | None, f: Filters, by: str, interval: str) -> list[dict[str, Any]]:
        if columns is None:
            self.last_source = "sql"
            with self.engine.connect() as conn:
                return queries.timeline_sql(conn, f, by, interval)
        self.last_source = "memory"
        c = columns
        if not len(c.day):
            return []
        mask = self._mask(c, f)
        vocab: list[Any] = c.vocab[by] if by else [None]
        k = len(vocab)
        offset = c.day - c.first_day
        key = offset * k + c.codes[by] if by else offset
        per_day = _sum(key, mask, c.span * k).reshape(c.span, k)
        names, period_of_day = self._periods(c, interval)
        per_period = np.zeros((len(names), k), dtype=np.int64)
        np.add.at(per_period, period_of_day, per_day)
        periods, groups = np.nonzero(per_period)
        ranks = _ranks(c, by)[groups] if by else groups
        order = np.lexsort((ranks, periods))  # by period, then group as text: timeline_rows' order
        return [
            {"period": names[p], "group": vocab[g], "events": int(n)}
            for p, g, n in zip(
                periods[order].tolist(),
                groups[order].tolist(),
                per_period[periods, groups][order].tolist(),
                strict=True,
            )
        ]

    def _remembered(
        self, key: tuple[Any, ...], compute: Callable[[], list[dict[str, Any]]]
    ) -> list[dict[str, Any]]:
        """An answer kept for the same question on the same columns (the last :data:`RECENT_ANSWERS`)."""
        with self._recent_lock:
            found = self._answers.get(key)
            if found is not None:
                self._answers.move_to_end(key)
                self.hits += 1
                return found
        answer = compute()
        with self._recent_lock:
            self._answers[key] = answer
            while len(self._answers) > RECENT_ANSWERS:
                self._answers.popitem(last=False)
        return answer

    @staticmethod
    def _periods(c: _Columns, interval: str) -> tuple[list[str], IntArray]:
        """The period names of ``interval`` over the cube's days, and each day's period (cached)."""
        found = c.periods.get(interval)
        if found is None:
            labels = [queries.bucket(dt.date.fromordinal(c.first_day + i), interval) for i in range(c.span)]
            names = sorted(set(labels))
            where = {name: i for i, name in enumerate(names)}
            found = c.periods[interval] = (names, np.array([where[x] for x in labels], dtype=np.int32))
        return found

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
        """The columns, rebuilt when the database changed: in a background thread while the old columns go on
        answering (a million events take seconds to read), at once after :meth:`invalidate` or the first
        time."""
        now = time.monotonic()
        if self._columns is not None and now - self._checked < CHECK_SECONDS:
            return self._columns
        with self._lock:
            if self._columns is not None and time.monotonic() - self._checked < CHECK_SECONDS:
                return self._columns
            signature = self._read_signature()
            self._checked = time.monotonic()
            if self._columns is None or (signature != self._signature and self._stale_ok is False):
                self._columns = self._build()
                self._signature = signature
                self._stale_ok = True
            elif signature != self._signature and self._rebuilding is None:
                self._rebuilding = threading.Thread(
                    target=self._rebuild, args=(signature,), name="sitrep-cube", daemon=True
                )
                self._rebuilding.start()
            return self._columns

    def _rebuild(self, signature: tuple[Any, ...]) -> None:
        try:
            columns = self._build()
        except Exception:  # the old columns go on answering; the next check tries again
            columns = None
        with self._lock:
            if columns is not None:
                self._columns = columns
                self._signature = signature
            self._rebuilding = None

    def _read_signature(self) -> tuple[Any, ...]:
        """Something that changes whenever another connection writes to the database, cheaply.

        SQLite: ``PRAGMA data_version`` on a connection the cube keeps (it changes when any other connection
        commits). PostgreSQL: the statistics' counts of rows written to ``articles``, ``events`` and
        ``story_articles``, with the last run's id and status."""
        if self.engine.dialect.name == "sqlite":
            if self._probe is None:
                self._probe = self.engine.raw_connection()
            cursor = self._probe.cursor()
            try:
                cursor.execute("PRAGMA data_version")
                return ("sqlite", cursor.fetchone()[0])
            finally:
                cursor.close()
        with self.engine.connect() as conn:
            written = conn.exec_driver_sql(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables "
                "WHERE relname IN ('articles', 'events', 'story_articles')"
            ).scalar()
            runs = schema.runs
            last = conn.execute(select(runs.c.id, runs.c.status).order_by(runs.c.id.desc()).limit(1)).first()
        return ("postgresql", written, tuple(last) if last else None)

    def _build(self) -> _Columns:
        """Read every event's dimensions, a chunk of rows at a time: each column of a chunk is
        dictionary-encoded by Arrow, and its small dictionary mapped onto the cube's vocabularies."""
        e, a = schema.events, schema.articles
        columns = [
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
            e.c.confidence,
        ]
        query = select(*columns).select_from(e.join(a, e.c.article_id == a.c.id))
        vocab: dict[str, list[Any]] = {name: [] for name in ("country", "actor", *_DIMENSIONS)}
        index: dict[str, dict[Any, int]] = {name: {} for name in vocab}
        parts: dict[str, list[IntArray]] = {name: [] for name in _DIMENSIONS}
        days: list[IntArray] = []
        tenths: list[NDArray[np.int8]] = []

        def encode(name: str, values: Sequence[Any]) -> IntArray:
            shared = _SHARED.get(name, name)
            table, words = index[shared], vocab[shared]
            encoded = pc.dictionary_encode(pa.array(values), null_encoding="encode")
            local = encoded.dictionary.to_pylist()
            mapping = np.empty(len(local), dtype=np.int32)
            for i, value in enumerate(local):
                found = table.get(value)
                if found is None:
                    found = table[value] = len(words)
                    words.append(value)
                mapping[i] = found
            positions = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
            coded: IntArray = mapping.take(positions)
            return coded

        sql = str(query.compile(dialect=self.engine.dialect))  # no parameters; rows as the driver gives them
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "postgresql":  # a server-side cursor: rows come a chunk at a time
                cursor = conn.connection.driver_connection.cursor(name="sitrep_cube")  # type: ignore[union-attr]
            else:
                cursor = conn.connection.cursor()
            cursor.execute(sql)
            while chunk := cursor.fetchmany(100_000):
                fields = list(zip(*chunk, strict=True))
                days.append(_ordinals(fields[0]))
                for name, values in zip(_DIMENSIONS, fields[1:11], strict=True):
                    parts[name].append(encode(name, values))
                confidence = np.array([v if v is not None else 0.0 for v in fields[11]], dtype=np.float64)
                tenths.append(np.floor(confidence * 10 + 1e-9).astype(np.int8))
            cursor.close()
            articles = int(conn.execute(select(func.count()).select_from(a)).scalar() or 0)
            stories = int(conn.execute(select(func.count()).select_from(schema.stories)).scalar() or 0)
        day = np.concatenate(days) if days else np.zeros(0, dtype=np.int32)
        totals = {
            "events": len(day),
            "articles": articles,
            "stories": stories,
            "first_event": dt.date.fromordinal(int(day.min())).isoformat() if len(day) else None,
            "last_event": dt.date.fromordinal(int(day.max())).isoformat() if len(day) else None,
        }
        return _Columns(
            day=day,
            conf10=np.concatenate(tenths) if tenths else np.zeros(0, dtype=np.int8),
            codes={
                name: np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)
                for name, chunks in parts.items()
            },
            vocab=vocab,
            index=index,
            totals=totals,
            generation=next(self._generations),
        )

    # -- masks ------------------------------------------------------------------------------------------

    def _mask(self, c: _Columns, f: Filters, *, leave_out: tuple[str, ...] = ()) -> NDArray[np.intp] | None:
        """The rows ``f`` keeps (their indices), its filters named in ``leave_out`` aside; None for all."""
        chosen = [part for name, part in self._parts(c, f).items() if name not in leave_out]
        if not chosen:
            return None
        mask = chosen[0].copy()
        for part in chosen[1:]:
            mask &= part
        return np.flatnonzero(mask)

    def _parts(self, c: _Columns, f: Filters) -> dict[str, NDArray[np.bool_]]:
        """One row mask per filter of ``f``, kept for the last few filter sets (the facets of one request
        all come from the same filters, each leaving its own out)."""
        key = (c.generation, f)
        with self._recent_lock:
            found = self._recent.get(key)
        if found is not None:
            return found
        parts: dict[str, NDArray[np.bool_]] = {}

        def among(name: str, values: tuple[Any, ...]) -> NDArray[np.bool_]:
            table = c.index.get(_SHARED.get(name, name), {})
            wanted = [table[v] for v in values if v in table]
            if len(wanted) == 1:
                equal: NDArray[np.bool_] = c.codes[name] == wanted[0]
                return equal
            return np.isin(c.codes[name], np.array(wanted, dtype=np.int32))

        if f.since is not None:
            parts["since"] = c.day >= f.since.toordinal()
        if f.until is not None:
            parts["until"] = c.day <= f.until.toordinal()
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
                parts[name] = among(name, values)
        if f.country:
            parts["country"] = among("source_country", f.country) | among("target_country", f.country)
        if f.actor:
            parts["actor"] = among("source_code", f.actor) | among("target_code", f.actor)
        if f.outlet:
            wanted = {o.lower() for o in f.outlet}
            names = c.vocab.get("outlet", [])
            chosen = tuple(
                i
                for i, name in enumerate(names)
                if (name is not None and name.lower() in wanted) or (name is None and "(unknown)" in wanted)
            )
            parts["outlet"] = among("outlet", tuple(names[i] for i in chosen))
        if f.min_confidence is not None:
            parts["min_confidence"] = c.conf10 >= round(f.min_confidence * 10)
        with self._recent_lock:
            self._recent[key] = parts
            while len(self._recent) > RECENT_FILTERS:
                self._recent.pop(next(iter(self._recent)))
        return parts


def _sum(values: NDArray[Any], rows: NDArray[np.intp] | None, size: int) -> NDArray[np.int64]:
    """Events per value of ``values`` over ``rows`` (all rows for None), as ``size`` counts."""
    if rows is not None:
        values = values.take(rows)
    return np.bincount(values, minlength=size).astype(np.int64)


_EPOCH = dt.date(1970, 1, 1).toordinal()


def _ordinals(values: Sequence[Any]) -> IntArray:
    """Date ordinals of a column of dates (``date`` objects from PostgreSQL, ``YYYY-MM-DD`` from SQLite)."""
    dates = pa.array(values)
    if not pa.types.is_date32(dates.type):
        dates = dates.cast(pa.string()).cast(pa.date32())
    ordinals: IntArray = dates.cast(pa.int32()).to_numpy(zero_copy_only=False).astype(np.int32) + _EPOCH
    return ordinals


def _ranks(c: _Columns, vocabulary: str) -> NDArray[np.int64]:
    """Each value's place when a vocabulary's values are sorted as text (the tie order of facet rows)."""
    found = c.ranks.get(vocabulary)
    if found is None:
        words = [str(v) for v in c.vocab[vocabulary]]
        found = np.empty(len(words), dtype=np.int64)
        found[np.argsort(np.array(words, dtype=object), kind="stable")] = np.arange(len(words))
        c.ranks[vocabulary] = found
    return found


def _top(counts: NDArray[Any], ranks: NDArray[Any], top: int) -> NDArray[np.intp]:
    """Positions of the ``top`` largest ``counts``, ties in ``ranks`` order: the facet rows' order."""
    order: NDArray[np.intp] = np.lexsort((ranks, -counts.astype(np.int64)))[:top]
    return order
