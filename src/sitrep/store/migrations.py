"""Versioned schema migrations.

The database records its schema version in ``sitrep_schema`` (one row per migration applied). Opening a
database brings it up to :data:`LATEST`:

- a new, empty database gets the current tables of :mod:`sitrep.store.schema` and is stamped with every
  version at once (nothing to migrate);
- an older database gets each missing migration, in order, each in its own transaction;
- a database newer than this sitrep is refused (upgrade sitrep instead), so an old program never writes a
  newer schema.

To change the schema: edit :mod:`sitrep.store.schema`, then append a :class:`Migration` whose ``apply``
brings a database at the previous version to the new one (``ALTER TABLE``, new index, data fix), on both
SQLite and PostgreSQL. Never edit a migration that has shipped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, inspect, select, text, update

from sitrep._version import __version__
from sitrep.article import content_id
from sitrep.errors import StoreError
from sitrep.store import schema


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    schema.metadata.create_all(conn)


def _stories(conn: Connection) -> None:
    for table in (schema.stories, schema.story_articles, schema.story_terms):
        table.create(conn, checkfirst=True)


SERVING_INDEXES = (
    "ix_events_order",
    "ix_events_source_country_order",
    "ix_events_target_country_order",
    "ix_events_source_code_order",
    "ix_events_target_code_order",
    "ix_events_root_order",
    "ix_events_plover_order",
    "ix_articles_order",
)
"""The indexes schema 3 adds for ``sitrep serve``: keyset pages, each filter read in page order."""


def _serving_indexes(conn: Connection) -> None:
    for table in (schema.events, schema.articles):
        for index in table.indexes:
            if index.name in SERVING_INDEXES:
                index.create(conn, checkfirst=True)


def _external_ids(conn: Connection) -> None:
    """Schema 4: ``articles.external_id``. Before it, a JSONL/CSV record's own id was the article's id (so
    records numbered 1..N in two files collided); now every article is stored under the hash of its text
    and the record's id is kept as ``external_id``. Rows stored under a record's id move to their hash
    (events, actors, quotes, framing cues and story places with them); two rows with the same text become
    one."""
    a = schema.articles
    if "external_id" not in {column["name"] for column in inspect(conn).get_columns("articles")}:
        conn.execute(text("ALTER TABLE articles ADD COLUMN external_id TEXT"))
    for index in a.indexes:
        if index.name == "ix_articles_external_id":
            index.create(conn, checkfirst=True)
    moves: list[tuple[str, str]] = []
    for stored in conn.execute(select(a.c.id, a.c.text).execution_options(yield_per=500)):
        new = content_id(stored.text)
        if new != stored.id:
            moves.append((str(stored.id), new))
    children = (schema.actors, schema.events, schema.quotes, schema.framing, schema.story_articles)
    for old, new in moves:
        taken = conn.execute(select(a.c.id).where(a.c.id == new)).first() is not None
        if taken:  # the same text stored twice under two record ids: keep the one under the hash
            for table in children:
                conn.execute(delete(table).where(table.c.article_id == old))
            conn.execute(delete(a).where(a.c.id == old))
            continue
        row: dict[str, Any] = dict(conn.execute(select(a).where(a.c.id == old)).mappings().one())
        row.update(id=new, external_id=old)
        if row.get("document"):
            document = json.loads(row["document"])
            document["id"] = new
            row["document"] = json.dumps(document, ensure_ascii=False)
        conn.execute(a.insert(), [row])
        for table in children:
            conn.execute(update(table).where(table.c.article_id == old).values(article_id=new))
        conn.execute(delete(a).where(a.c.id == old))


def _event_locations(conn: Connection) -> None:
    """Schema 5: where each event happened (``events.location_*``, NULL for events coded before)."""
    have = {column["name"] for column in inspect(conn).get_columns("events")}
    for column in schema.LOCATION_COLUMNS:
        if column.name not in have:
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f"ALTER TABLE events ADD COLUMN {column.name} {kind}"))
    for index in schema.events.indexes:
        if index.name == "ix_events_location_country":
            index.create(conn, checkfirst=True)


MIGRATIONS: Sequence[Migration] = (
    Migration(1, "initial schema: articles, actors, events, quotes, framing, runs, failures", _initial),
    Migration(2, "stories: stories, story_articles, story_terms", _stories),
    Migration(3, "serving indexes: events in page order, by country, actor, root, PLOVER", _serving_indexes),
    Migration(4, "articles.external_id: a record's own id; articles under their text's hash", _external_ids),
    Migration(5, "events.location_*: where each event happened", _event_locations),
)


def latest(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return migrations[-1].version


LATEST = latest()
"""The schema version this sitrep writes."""


def current_version(conn: Connection) -> int | None:
    """The database's schema version; ``None`` for a database sitrep has never written."""
    if not inspect(conn).has_table(schema.schema_version.name):
        return None
    version = conn.execute(
        select(schema.schema_version.c.version).order_by(schema.schema_version.c.version.desc())
    ).scalar()
    return int(version) if version is not None else None


_MIGRATION_LOCK = 0x5175_7265
"""PostgreSQL advisory lock key held while a database is created or migrated."""


def _lock(conn: Connection) -> None:
    """Serialise creating and migrating one database between processes opening it at once: PostgreSQL's
    advisory lock for this transaction (SQLite's writing transactions are ``BEGIN IMMEDIATE`` already)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})


def upgrade(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> tuple[int | None, int]:
    """Bring the database up to the last of ``migrations``; return (version before, version after)."""
    target = latest(migrations)
    with engine.begin() as conn:
        _lock(conn)
        before = current_version(conn)
        if before is None:
            existing = set(inspect(conn).get_table_names())
            foreign = existing & {t.name for t in schema.TABLES}
            if foreign:
                raise StoreError(
                    f"the database has tables named like sitrep's ({', '.join(sorted(foreign))}) but no "
                    "sitrep_schema version table; use an empty database"
                )
            schema.metadata.create_all(conn)
            now = dt.datetime.now(dt.UTC)
            conn.execute(
                schema.schema_version.insert(),
                [
                    {
                        "version": m.version,
                        "description": m.description,
                        "applied_at": now,
                        "sitrep_version": __version__,
                    }
                    for m in migrations
                ],
            )
            return None, target
    if before > target:
        raise StoreError(
            f"the database has schema version {before}, newer than this sitrep's ({target}); "
            "upgrade sitrep to use it"
        )
    for migration in migrations:
        if migration.version <= before:
            continue
        with engine.begin() as conn:
            _lock(conn)
            if (current_version(conn) or 0) >= migration.version:
                continue  # another process applied it while this one waited
            migration.apply(conn)
            conn.execute(
                schema.schema_version.insert().values(
                    version=migration.version,
                    description=migration.description,
                    applied_at=dt.datetime.now(dt.UTC),
                    sitrep_version=__version__,
                )
            )
    return before, target
