"""The store: one database (SQLite file or PostgreSQL server) holding articles and what sitrep found in them.

``Store(db)`` opens (creating and migrating as needed) the database named by ``db``: a file path or
``sqlite:///path`` for SQLite, ``postgresql://user:pass@host:port/name`` for PostgreSQL
(:mod:`sitrep.store.url`). With no ``db`` it uses ``$SITREP_DB``, else :data:`DEFAULT_DB` in the current
folder.

Writes go through :meth:`Store.write`, which applies a batch of outcomes (coded documents, articles not
coded, metadata refreshes, failures) in one transaction: a batch is stored whole or not at all, so a run
killed at any moment leaves every article either stored completely or not stored. What becomes which row is
:mod:`sitrep.store.rows`' business.

Reads go through the store's methods too: :meth:`Store.documents`, :meth:`Store.events` (the event rows
``sitrep export`` writes out, :mod:`sitrep.store.query`), :meth:`Store.event_article_ids`,
:meth:`Store.coders`, :meth:`Store.count`. Database errors become one-line
:class:`~sitrep.errors.StoreError` messages.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from sitrep.article import Failure
from sitrep.errors import ConfigError, StoreError
from sitrep.store import schema
from sitrep.store.migrations import upgrade
from sitrep.store.query import BATCH, EventFilter, EventRow, article_ids_query, events_query
from sitrep.store.rows import (
    CHILD_TABLES,
    Coded,
    NotCoded,
    Outcome,
    Refreshed,
    RunCounts,
    article_id,
    article_values,
    child_rows,
    counts_values,
    metadata_values,
    stored_document,
)
from sitrep.store.url import database_url, display_name

_EVENTS_UNREADABLE = "cannot read the events"

_STORIES_LOCK = 0x5174_5301
"""PostgreSQL advisory lock key held while stories are written (see :meth:`Store.save_stories`)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy, not the sqlite3 module, begins transactions (see _sqlite_begin): sqlite3's own handling
    # breaks SAVEPOINT, which writes each article on its own.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")  # first: two processes opening a new file wait, not fail
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe with WAL
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A writing transaction takes the write lock at once (waiting up to busy_timeout for another writer):
    # a deferred one that read first could not upgrade once another process wrote, and would fail at once.
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_WRITE = "sitrep_write"
"""Execution option of the store's writing transactions (``BEGIN IMMEDIATE`` on SQLite)."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What :meth:`Store.write` could not write as asked."""

    already: tuple[Coded | NotCoded, ...] = ()
    """Articles another writer stored while this one coded them: theirs is kept (counted as already
    stored; only the metadata is refreshed)."""
    refused: tuple[tuple[Outcome, Failure], ...] = ()
    """Outcomes the database refused, each with the ``store`` failure quarantined in its place."""


class Store:
    """A sitrep database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, db: str | Path | None = None) -> None:
        self.url = database_url(db)
        self.name = display_name(self.url)
        try:
            url = make_url(self.url)
            self.engine: Engine = create_engine(url, pool_pre_ping=url.get_backend_name() != "sqlite")
        except (ArgumentError, ValueError):
            # SQLAlchemy's message quotes pieces of the URL, password and all: never shown
            raise ConfigError(
                f"--db {self.name}: not a database URL (an '@', ':' or '/' in the user name or password "
                "must be percent-encoded: %40 for @, %3A for :, %2F for /)"
            ) from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        try:
            self.version_before, self.version = upgrade(self.engine.execution_options(**{_WRITE: True}))
        except SQLAlchemyError as error:
            self.engine.dispose()
            raise StoreError(f"{self.name}: cannot open the database: {_reason(error)}") from None
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- runs -----------------------------------------------------------------------------------------

    def begin_run(self, sources: Sequence[str], workers: int, coder: str) -> int:
        with self._begin() as conn:
            result = conn.execute(
                schema.runs.insert().values(
                    started_at=_now(),
                    status="running",
                    sources=json.dumps(list(sources), ensure_ascii=False),
                    workers=workers,
                    coder=coder,
                    **counts_values(RunCounts()),
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def update_run(self, run_id: int, counts: RunCounts) -> None:
        """Keep a running run's counts current (after each batch)."""
        with self._begin() as conn:
            conn.execute(
                update(schema.runs).where(schema.runs.c.id == run_id).values(**counts_values(counts))
            )

    def end_run(self, run_id: int, status: str, counts: RunCounts) -> None:
        with self._begin() as conn:
            conn.execute(
                update(schema.runs)
                .where(schema.runs.c.id == run_id)
                .values(
                    finished_at=_now(),
                    status=status,
                    **counts_values(counts),
                )
            )

    # -- reading --------------------------------------------------------------------------------------

    def coders(self, ids: Iterable[str]) -> dict[str, str]:
        """For each of ``ids`` already stored: what coded it (``""`` for an article stored not coded)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        with self.connect() as conn:
            for chunk in _chunks(wanted, 500):
                rows = conn.execute(
                    select(schema.articles.c.id, schema.articles.c.coder).where(
                        schema.articles.c.id.in_(chunk)
                    )
                )
                found.update({row.id: row.coder or "" for row in rows})
        return found

    def failure_keys(self, sources: Iterable[str]) -> set[tuple[str, str, str]]:
        """``(source, kind, reason)`` of every stored failure whose source is one of ``sources`` (any run)."""
        wanted = list(dict.fromkeys(sources))
        found: set[tuple[str, str, str]] = set()
        f = schema.failures
        with self.connect() as conn:
            for chunk in _chunks(wanted, 500):
                rows = conn.execute(select(f.c.source, f.c.kind, f.c.reason).where(f.c.source.in_(chunk)))
                found.update((row.source, row.kind, row.reason) for row in rows)
        return found

    def count(self, table: str) -> int:
        """Rows in one of the store's tables (``articles``, ``events``, …)."""
        target = schema.metadata.tables.get(table)
        if target is None:
            raise ConfigError(f"no table {table!r}; the tables are {', '.join(schema.metadata.tables)}")
        with self.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(target)).scalar_one())

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """Stored documents as ``sitrep.document/1`` dicts (with text), in id order."""
        a = schema.articles
        query = select(a.c.id, a.c.text, a.c.document).where(a.c.document.is_not(None)).order_by(a.c.id)
        if ids is not None:
            query = query.where(a.c.id.in_(list(ids)))
        with self.connect() as conn:
            for row in conn.execution_options(yield_per=200).execute(query):
                yield stored_document(row.document, row.text)

    def events(
        self, flt: EventFilter | None = None, *, with_text: bool = False
    ) -> Generator[EventRow, None, None]:
        """The stored events matching ``flt`` (all with none), each joined with its article, ordered by
        date, article, event (see :mod:`sitrep.store.query`).

        Each row has every ``events`` column (``article_id``, ``event_id``, ``date``, ``cameo``,
        ``source_code``, …) and the article's ``outlet``, ``url``, ``published``, ``title``, ``chars``,
        ``language``, ``origin`` and ``ingested_at``; with ``with_text`` also ``article_text`` and
        ``article_document`` (the stored document JSON, without text). Rows are fetched :data:`BATCH` at a
        time, so memory stays bounded; close the generator (``contextlib.closing``) when leaving it early.
        Raises :class:`~sitrep.errors.StoreError` when the database cannot be read.
        """
        query = events_query(flt or EventFilter(), with_text=with_text)
        with _Guarded(self, begin=False, doing=_EVENTS_UNREADABLE) as conn:
            result = conn.execution_options(yield_per=BATCH).execute(query)
            try:
                for row in result:
                    yield cast(EventRow, row._mapping)
            finally:
                result.close()

    def event_article_ids(self, flt: EventFilter) -> list[str]:
        """Ids of the articles with at least one stored event matching ``flt``, sorted."""
        with _Guarded(self, begin=False, doing=_EVENTS_UNREADABLE) as conn:
            return sorted(str(value) for value in conn.execute(article_ids_query(flt)).scalars())

    # -- writing --------------------------------------------------------------------------------------

    def write(
        self, outcomes: Sequence[Outcome], run_id: int, *, replacing: Collection[str] = ()
    ) -> WriteResult:
        """Store a batch of outcomes in one transaction, each outcome in its own savepoint.

        An outcome the database refuses is rolled back alone and quarantined as a ``store`` failure; the
        rest of the batch is kept. An article whose id is already stored by the same coder (another run
        stored it since this one looked) keeps the stored row, and is returned in ``already``; one stored
        by another coder, or whose id is in ``replacing`` (coded again on purpose), replaces the stored row
        and its events.
        """
        if not outcomes:
            return WriteResult()
        now = _now()
        already: list[Coded | NotCoded] = []
        refused: list[tuple[Outcome, Failure]] = []
        with self._begin() as conn:
            for outcome in outcomes:
                try:
                    with conn.begin_nested():
                        if not self._write_one(conn, outcome, run_id, now, replacing):
                            assert not isinstance(outcome, Failure | Refreshed)
                            already.append(outcome)
                except (SQLAlchemyError, ValueError) as error:
                    if isinstance(error, DBAPIError) and error.connection_invalidated:
                        raise
                    failure = Failure(
                        _name(outcome), f"the database refused it: {_reason_of(error)}", "store"
                    )
                    refused.append((outcome, failure))
                    with conn.begin_nested():
                        self._write_one(conn, failure, run_id, now, replacing)
        return WriteResult(tuple(already), tuple(refused))

    def _write_one(
        self, conn: Connection, outcome: Outcome, run_id: int, now: dt.datetime, replacing: Collection[str]
    ) -> bool:
        if isinstance(outcome, Failure):
            conn.execute(
                schema.failures.insert().values(
                    run_id=run_id,
                    source=outcome.source,
                    kind=outcome.kind,
                    reason=outcome.reason,
                    created_at=now,
                )
            )
        elif isinstance(outcome, Refreshed):
            conn.execute(
                update(schema.articles)
                .where(schema.articles.c.id == article_id(outcome.article))
                .values(**metadata_values(outcome.article), last_run=run_id, updated_at=now)
            )
        else:
            return self._store_article(conn, outcome, run_id, now, replacing)
        return True

    def _store_article(
        self,
        conn: Connection,
        outcome: Coded | NotCoded,
        run_id: int,
        now: dt.datetime,
        replacing: Collection[str],
    ) -> bool:
        """Insert the article, or replace the stored one (another coder's, or its id in ``replacing``);
        False when the same coder already stored it, which is kept."""
        ident = article_id(outcome.article)
        values = {**article_values(outcome), "last_run": run_id, "updated_at": now}
        a = schema.articles
        insert = pg_insert if self.dialect == "postgresql" else sqlite_insert
        result = conn.execute(
            insert(a)
            .values(id=ident, first_run=run_id, ingested_at=now, **values)
            .on_conflict_do_nothing(index_elements=[a.c.id])
            .returning(a.c.id)
        )
        if result.first() is None:
            stored = conn.execute(select(a.c.coder).where(a.c.id == ident)).scalar()
            coder = outcome.coder if isinstance(outcome, Coded) else ""
            if ident not in replacing and (stored or "") == coder:
                conn.execute(
                    update(a)
                    .where(a.c.id == ident)
                    .values(**metadata_values(outcome.article), last_run=run_id, updated_at=now)
                )
                return False
            for table in CHILD_TABLES:
                conn.execute(delete(table).where(table.c.article_id == ident))
            conn.execute(update(a).where(a.c.id == ident).values(**values))
        if isinstance(outcome, Coded):
            for table, rows in child_rows(ident, outcome.document):
                if rows:
                    conn.execute(table.insert(), rows)
        return True

    # -- stories --------------------------------------------------------------------------------------

    def ungrouped(self, *, with_actors: bool = False) -> list[dict[str, Any]]:
        """The stored articles in no story yet, in stream order (publication date, undated last, then the
        order they were stored): ``id``, ``text``, ``title``, ``published``, ``actors`` (the coded actors'
        codes
        and names, with ``with_actors``; else empty)."""
        a, m = schema.articles, schema.story_articles
        query = (
            select(a.c.id, a.c.text, a.c.title, a.c.published)
            .select_from(a.outerjoin(m, m.c.article_id == a.c.id))
            .where(m.c.article_id.is_(None))
            .order_by(a.c.published.is_(None), a.c.published, a.c.ingested_at, a.c.id)
        )
        with self.connect() as conn:
            found = [dict(row._mapping) | {"actors": ()} for row in conn.execute(query)]
            if with_actors and found:
                actors: dict[str, list[str]] = {}
                t = schema.actors
                for chunk in _chunks([f["id"] for f in found], 500):
                    for row in conn.execute(
                        select(t.c.article_id, t.c.code, t.c.name).where(t.c.article_id.in_(chunk))
                    ):
                        actors.setdefault(row.article_id, []).extend(v for v in (row.code, row.name) if v)
                for item in found:
                    item["actors"] = tuple(actors.get(item["id"], ()))
        return found

    def story_state(self) -> tuple[list[dict[str, Any]], dict[str, int], int]:
        """What grouping needs to go on: the stories (``id``, ``articles``, ``dates``: date → dated articles,
        ``centroid``), the
        document frequency of each term, and how many articles are grouped."""
        s = schema.stories
        with self.connect() as conn:
            stories = [
                {
                    "id": int(row.id),
                    "articles": int(row.articles),
                    "dates": {dt.date.fromisoformat(d): int(n) for d, n in json.loads(row.dates).items()},
                    "centroid": json.loads(row.centroid),
                }
                for row in conn.execute(
                    select(s.c.id, s.c.articles, s.c.dates, s.c.centroid).order_by(s.c.id)
                )
            ]
            df = {str(row.term): int(row.df) for row in conn.execute(select(schema.story_terms))}
            grouped = int(conn.execute(select(func.count()).select_from(schema.story_articles)).scalar_one())
        return stories, df, grouped

    def save_stories(
        self,
        stories: Sequence[dict[str, Any]],
        members: Sequence[tuple[str, int]],
        df: dict[str, int],
    ) -> bool:
        """In one transaction: write (insert or replace) ``stories`` (``id``, ``articles``, ``dates``,
        ``centroid``), put each ``(article id, story id)`` of ``members`` in its story, and set the document
        frequency of the terms in ``df``.

        Returns False, writing nothing, when another process has put one of ``members`` in a story since
        the caller read the state (two ingests grouping at once): the caller groups again from the new
        state. The check and the writes are one locked transaction (SQLite ``BEGIN IMMEDIATE``; a
        PostgreSQL advisory lock)."""
        now = _now()
        s, m, t = schema.stories, schema.story_articles, schema.story_terms
        with self._begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _STORIES_LOCK})
            for chunk in _chunks([article for article, _ in members], 500):
                if conn.execute(select(m.c.article_id).where(m.c.article_id.in_(chunk)).limit(1)).first():
                    return False
            if stories:
                existing: set[int] = set()
                for chunk in _chunks([story["id"] for story in stories], 500):
                    existing.update(conn.execute(select(s.c.id).where(s.c.id.in_(chunk))).scalars())
                values = [
                    {
                        "id": story["id"],
                        "articles": story["articles"],
                        "first_published": min(story["dates"], default=None),
                        "last_published": max(story["dates"], default=None),
                        "dates": json.dumps({d.isoformat(): n for d, n in sorted(story["dates"].items())}),
                        "centroid": json.dumps(story["centroid"], ensure_ascii=False, sort_keys=True),
                        "updated_at": now,
                    }
                    for story in stories
                ]
                fresh = [v | {"created_at": now} for v in values if v["id"] not in existing]
                if fresh:
                    conn.execute(s.insert(), fresh)
                for value in values:
                    if value["id"] in existing:  # updated in place: its members stay (they cascade on delete)
                        conn.execute(update(s).where(s.c.id == value["id"]).values(**value))
            if members:
                start = int(conn.execute(select(func.coalesce(func.max(m.c.position), 0))).scalar_one())
                conn.execute(
                    m.insert(),
                    [
                        {"article_id": article, "story_id": story, "position": start + i}
                        for i, (article, story) in enumerate(members, start=1)
                    ],
                )
            terms = sorted(df)
            for chunk in _chunks(terms, 500):
                conn.execute(delete(t).where(t.c.term.in_(chunk)))
                conn.execute(t.insert(), [{"term": term, "df": df[term]} for term in chunk])
        return True

    def clear_stories(self) -> None:
        """Forget every story (before grouping all articles again)."""
        with self._begin() as conn:
            for table in (schema.story_articles, schema.stories, schema.story_terms):
                conn.execute(delete(table))

    def external_ids(self) -> dict[str, str]:
        """Article id → the record's own id it was ingested with (a JSONL/CSV ``id``), for the articles
        that had one."""
        a = schema.articles
        with self.connect() as conn:
            rows = conn.execute(select(a.c.id, a.c.external_id).where(a.c.external_id.is_not(None)))
            return {str(row.id): str(row.external_id) for row in rows}

    def story_members(self) -> list[tuple[str, int]]:
        """``(article id, story id)`` for every grouped article, in the order they were grouped."""
        m = schema.story_articles
        with self.connect() as conn:
            return [
                (str(row.article_id), int(row.story_id))
                for row in conn.execute(select(m.c.article_id, m.c.story_id).order_by(m.c.position))
            ]

    def story_summaries(self, since: dt.date | None = None) -> list[dict[str, Any]]:
        """Each story (``id``, ``articles``, ``first_published``, ``last_published``, ``outlets``: outlet →
        article count, ``title``: its first article's title) in id order; with ``since``, only stories with
        an article published on or after that date."""
        s, m, a = schema.stories, schema.story_articles, schema.articles
        query = select(s.c.id, s.c.articles, s.c.first_published, s.c.last_published).order_by(s.c.id)
        if since is not None:
            query = query.where(s.c.last_published >= since)
        with self.connect() as conn:
            stories = {
                int(row.id): dict(row._mapping) | {"outlets": {}, "title": None}
                for row in conn.execute(query)
            }
            members = conn.execute(
                select(m.c.story_id, a.c.source, a.c.title)
                .select_from(m.join(a, a.c.id == m.c.article_id))
                .order_by(m.c.position)
            )
            for row in members:
                story = stories.get(int(row.story_id))
                if story is None:
                    continue
                outlet = row.source or "(unknown)"
                story["outlets"][outlet] = story["outlets"].get(outlet, 0) + 1
                if story["title"] is None and row.title:
                    story["title"] = row.title
        return list(stories.values())

    # -- plumbing -------------------------------------------------------------------------------------

    def connect(self) -> _Guarded:
        """A connection for reading; database errors become :class:`~sitrep.errors.StoreError`."""
        return _Guarded(self, begin=False)

    def _begin(self) -> _Guarded:
        return _Guarded(self, begin=True)


class _Guarded:
    """A connection (or transaction) whose database errors become one-line :class:`StoreError`."""

    def __init__(self, store: Store, *, begin: bool, doing: str | None = None) -> None:
        self.store = store
        self.begin = begin
        self.prefix = f"{store.name}: {doing}" if doing else store.name
        self._context: Any = None

    def __enter__(self) -> Connection:
        try:
            engine = self.store.engine
            self._context = (
                engine.execution_options(**{_WRITE: True}).begin() if self.begin else engine.connect()
            )
            conn: Connection = self._context.__enter__()
        except SQLAlchemyError as error:
            raise StoreError(f"{self.prefix}: {_reason(error)}") from None
        return conn

    def __exit__(self, kind: Any, value: Any, traceback: Any) -> None:
        try:
            self._context.__exit__(kind, value, traceback)
        except SQLAlchemyError as error:
            raise StoreError(f"{self.prefix}: {_reason(error)}") from None
        if isinstance(value, SQLAlchemyError):
            raise StoreError(f"{self.prefix}: {_reason(value)}") from None


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _name(outcome: Outcome) -> str:
    if isinstance(outcome, Failure):
        return outcome.source
    article = outcome.article
    return article.origin or article.url or article_id(article)


def _reason_of(error: Exception) -> str:
    if isinstance(error, SQLAlchemyError):
        return _reason(error)
    return " ".join(str(error).split())[:300] or type(error).__name__


def _reason(error: SQLAlchemyError) -> str:
    text = str(error.orig) if isinstance(error, DBAPIError) and error.orig is not None else str(error)
    return " ".join(text.split()).split(" [SQL:")[0][:300]
