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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, inspect, select

from sitrep._version import __version__
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


MIGRATIONS: Sequence[Migration] = (
    Migration(1, "initial schema: articles, actors, events, quotes, framing, runs, failures", _initial),
    Migration(2, "stories: stories, story_articles, story_terms", _stories),
    Migration(3, "serving indexes: events in page order, by country, actor, root, PLOVER", _serving_indexes),
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


def upgrade(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> tuple[int | None, int]:
    """Bring the database up to the last of ``migrations``; return (version before, version after)."""
    target = latest(migrations)
    with engine.begin() as conn:
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
