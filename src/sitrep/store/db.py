"""The store: one database (SQLite file or PostgreSQL server) holding articles and what sitrep found in them.

``Store(db)`` opens (creating and migrating as needed) the database named by ``db``: a file path or
``sqlite:///path`` for SQLite, ``postgresql://user:pass@host:port/name`` for PostgreSQL. With no ``db`` it
uses ``$SITREP_DB``, else :data:`DEFAULT_DB` in the current folder.

Writes go through :meth:`Store.write`, which applies a batch of outcomes (coded documents, articles not
coded, metadata refreshes, failures) in one transaction: a batch is stored whole or not at all, so a run
killed at any moment leaves every article either stored completely or not stored.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from sitrep.article import Article, Failure, content_id
from sitrep.errors import ConfigError, StoreError
from sitrep.records import ActorRef, Document
from sitrep.store import schema
from sitrep.store.migrations import upgrade

DEFAULT_DB = "sitrep.db"
"""The SQLite file used when neither ``--db`` nor ``$SITREP_DB`` is given (in the current folder)."""

CHILD_TABLES = (schema.actors, schema.events, schema.quotes, schema.framing)


def database_url(db: str | Path | None) -> str:
    """The SQLAlchemy URL for a ``--db`` value (a path, ``sqlite:///…`` or ``postgresql://…``)."""
    value = str(db) if db is not None else (os.environ.get("SITREP_DB") or DEFAULT_DB)
    if "://" not in value:
        path = Path(value).expanduser()
        if path.is_dir():
            raise ConfigError(f"--db {value}: is a folder; give a database file such as {path / DEFAULT_DB}")
        if not path.parent.exists():
            raise ConfigError(f"--db {value}: the folder {path.parent} does not exist")
        return f"sqlite:///{path.resolve()}"
    scheme = value.split("://", 1)[0].lower()
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if scheme in ("postgresql+psycopg", "sqlite"):
        return value
    raise ConfigError(f"--db {redact(value)}: unsupported database; use a file path or postgresql://…")


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages)."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe with WAL
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@dataclass(frozen=True, slots=True)
class Coded:
    """An article and the document sitrep coded from it."""

    article: Article
    document: Document
    language: str
    coder: str
    """What coded it (sitrep version and model); a different coder recodes the article on re-ingest."""


@dataclass(frozen=True, slots=True)
class NotCoded:
    """An article stored without coding (not English), with the reason."""

    article: Article
    language: str
    reason: str


@dataclass(frozen=True, slots=True)
class Refreshed:
    """An article already stored by the same coder: only its metadata is updated."""

    article: Article


Outcome = Coded | NotCoded | Refreshed | Failure


@dataclass(frozen=True, slots=True)
class RunCounts:
    articles_read: int = 0
    articles_coded: int = 0
    articles_unchanged: int = 0
    articles_not_coded: int = 0
    events: int = 0
    failures: int = 0


class Store:
    """A sitrep database. Use as a context manager, or call :meth:`close`."""

    def __init__(self, db: str | Path | None = None) -> None:
        self.url = database_url(db)
        self.name = redact(self.url.replace("+psycopg", ""))
        try:
            url = make_url(self.url)
            self.engine: Engine = create_engine(url, pool_pre_ping=url.get_backend_name() != "sqlite")
        except (ArgumentError, ValueError) as error:
            raise ConfigError(f"--db {self.name}: not a database URL ({error})") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self.version_before, self.version = upgrade(self.engine)
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
                    articles_read=0,
                    articles_coded=0,
                    articles_unchanged=0,
                    articles_not_coded=0,
                    events=0,
                    failures=0,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def end_run(self, run_id: int, status: str, counts: RunCounts) -> None:
        with self._begin() as conn:
            conn.execute(
                update(schema.runs)
                .where(schema.runs.c.id == run_id)
                .values(
                    finished_at=_now(),
                    status=status,
                    articles_read=counts.articles_read,
                    articles_coded=counts.articles_coded,
                    articles_unchanged=counts.articles_unchanged,
                    articles_not_coded=counts.articles_not_coded,
                    events=counts.events,
                    failures=counts.failures,
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
                data = json.loads(row.document)
                data["text"] = row.text
                yield data

    # -- writing --------------------------------------------------------------------------------------

    def write(self, outcomes: Sequence[Outcome], run_id: int) -> None:
        """Store a batch of outcomes in one transaction."""
        if not outcomes:
            return
        now = _now()
        with self._begin() as conn:
            for outcome in outcomes:
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
                        .values(**_metadata(outcome.article), last_run=run_id, updated_at=now)
                    )
                else:
                    self._store_article(conn, outcome, run_id, now)

    def _store_article(
        self, conn: Connection, outcome: Coded | NotCoded, run_id: int, now: dt.datetime
    ) -> None:
        article = outcome.article
        ident = article_id(article)
        values: dict[str, Any] = {
            **_metadata(article),
            "language": outcome.language,
            "chars": len(article.text),
            "text": article.text,
            "last_run": run_id,
            "updated_at": now,
        }
        if isinstance(outcome, Coded):
            doc = outcome.document
            stored = doc.to_dict()
            del stored["text"]
            values |= {
                "status": "coded",
                "reason": None,
                "document": json.dumps(stored, ensure_ascii=False),
                "notes": json.dumps(list(doc.notes), ensure_ascii=False),
                "n_events": len(doc.events),
                "n_quotes": len(doc.quotes),
                "n_framing": len(doc.framing),
                "coder": outcome.coder,
            }
        else:
            values |= {
                "status": "not-coded",
                "reason": outcome.reason,
                "document": None,
                "notes": None,
                "n_events": 0,
                "n_quotes": 0,
                "n_framing": 0,
                "coder": "",
            }
        a = schema.articles
        exists = conn.execute(select(a.c.id).where(a.c.id == ident)).first() is not None
        for table in CHILD_TABLES:
            conn.execute(delete(table).where(table.c.article_id == ident))
        if exists:
            conn.execute(update(a).where(a.c.id == ident).values(**values))
        else:
            conn.execute(a.insert().values(id=ident, first_run=run_id, ingested_at=now, **values))
        if isinstance(outcome, Coded):
            for table, rows in _child_rows(ident, outcome.document):
                if rows:
                    conn.execute(table.insert(), rows)

    # -- plumbing -------------------------------------------------------------------------------------

    def connect(self) -> _Guarded:
        """A connection for reading; database errors become :class:`~sitrep.errors.StoreError`."""
        return _Guarded(self, begin=False)

    def _begin(self) -> _Guarded:
        return _Guarded(self, begin=True)


class _Guarded:
    """A connection (or transaction) whose database errors become one-line :class:`StoreError`."""

    def __init__(self, store: Store, *, begin: bool) -> None:
        self.store = store
        self.begin = begin
        self._context: Any = None

    def __enter__(self) -> Connection:
        try:
            self._context = self.store.engine.begin() if self.begin else self.store.engine.connect()
            conn: Connection = self._context.__enter__()
        except SQLAlchemyError as error:
            raise StoreError(f"{self.store.name}: {_reason(error)}") from None
        return conn

    def __exit__(self, kind: Any, value: Any, traceback: Any) -> None:
        try:
            self._context.__exit__(kind, value, traceback)
        except SQLAlchemyError as error:
            raise StoreError(f"{self.store.name}: {_reason(error)}") from None
        if isinstance(value, SQLAlchemyError):
            raise StoreError(f"{self.store.name}: {_reason(value)}") from None


def article_id(article: Article) -> str:
    """The store's id for an article: its own id, else the hash of its text."""
    return article.id or content_id(article.text)


def _metadata(article: Article) -> dict[str, Any]:
    return {
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "origin": article.origin,
    }


def _ref(prefix: str, ref: ActorRef | None) -> dict[str, Any]:
    return {
        f"{prefix}_text": ref.text if ref else None,
        f"{prefix}_start": ref.start if ref else None,
        f"{prefix}_end": ref.end if ref else None,
        f"{prefix}_code": ref.code if ref else None,
        f"{prefix}_country": ref.country if ref else None,
    }


def _child_rows(ident: str, doc: Document) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    yield (
        schema.actors,
        [
            {
                "article_id": ident,
                "actor_id": a.id,
                "sentence": a.sentence,
                "text": a.text,
                "char_start": a.start,
                "char_end": a.end,
                "code": a.code,
                "country": a.country,
                "sector": a.sector,
                "name": a.name,
                "kind": a.kind,
                "refers_to": a.refers_to,
            }
            for a in doc.actors
        ],
    )
    event_rows = []
    for e in doc.events:
        speaker = e.attribution.speaker
        event_rows.append(
            {
                "article_id": ident,
                "event_id": e.id,
                "sentence": e.sentence,
                "date": e.date,
                "date_text": e.date_text,
                "date_precision": e.date_precision,
                "cameo": e.cameo,
                "cameo_root": e.cameo_root,
                "cameo_name": e.cameo_name,
                "quad_class": e.quad_class,
                "goldstein": e.goldstein,
                "plover": e.plover,
                "plover_mode": e.plover_mode,
                "plover_context": ";".join(e.plover_context) or None,
                "source_actor": e.source.actor if e.source else None,
                "source_sector": e.source.sector if e.source else None,
                "source_name": e.source.name if e.source else None,
                **_ref("source", e.source),
                "target_actor": e.target.actor if e.target else None,
                "target_sector": e.target.sector if e.target else None,
                "target_name": e.target.name if e.target else None,
                **_ref("target", e.target),
                "trigger_text": e.trigger.text,
                "trigger_start": e.trigger.start,
                "trigger_end": e.trigger.end,
                "evidence_start": e.evidence.start,
                "evidence_end": e.evidence.end,
                "modality": e.modality,
                "attribution": e.attribution.kind,
                **_ref("speaker", speaker),
                "cue_text": e.attribution.cue.text if e.attribution.cue else None,
                "quote_id": e.attribution.quote,
                "confidence": e.confidence,
                "rule": e.rule,
            }
        )
    yield schema.events, event_rows
    yield (
        schema.quotes,
        [
            {
                "article_id": ident,
                "quote_id": q.id,
                "kind": q.kind,
                "sentence": q.sentence,
                "text": q.text,
                "char_start": q.start,
                "char_end": q.end,
                **_ref("speaker", q.speaker),
                "cue_text": q.cue.text if q.cue else None,
                "cue_start": q.cue.start if q.cue else None,
                "cue_end": q.cue.end if q.cue else None,
            }
            for q in doc.quotes
        ],
    )
    yield (
        schema.framing,
        [
            {
                "article_id": ident,
                "cue_index": n,
                "text": f.text,
                "char_start": f.start,
                "char_end": f.end,
                "term": f.term,
                "category": f.category,
                "alternatives": ";".join(f.alternatives) or None,
                "signals": ";".join(f.signals) or None,
                "conflict": f.conflict,
                "rule": f.rule,
            }
            for n, f in enumerate(doc.framing, 1)
        ],
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _reason(error: SQLAlchemyError) -> str:
    text = str(error.orig) if isinstance(error, DBAPIError) and error.orig is not None else str(error)
    return " ".join(text.split()).split(" [SQL:")[0][:300]
