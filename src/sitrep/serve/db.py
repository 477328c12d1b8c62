"""The database as ``sitrep serve`` reads it: read-only, with bound parameters only.

:func:`open_readonly` opens the database named by ``--db`` so that nothing served can write to it: SQLite
through a ``mode=ro`` URI with ``PRAGMA query_only``, PostgreSQL with ``default_transaction_read_only``.
A database at an older schema version is brought up to date once first, through :class:`~sitrep.store.Store`
(the one write ``serve`` makes, and only when needed); a SQLite file that does not exist is refused rather
than created.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from sitrep.errors import ConfigError, StoreError
from sitrep.store import Store
from sitrep.store.migrations import LATEST, current_version
from sitrep.store.url import database_url, display_name


def _sqlite_readonly(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def open_readonly(db: str | Path | None) -> tuple[Engine, str]:
    """A read-only engine on the database ``db`` (as ``--db`` takes it) and the name messages give it."""
    url = database_url(db)
    name = display_name(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if not path or path == ":memory:":
            raise ConfigError(f"--db {name}: serve needs a database file")
        if not Path(path).is_file():
            raise ConfigError(f"--db {name}: no such database; `sitrep ingest --db {path} …` makes one")
    _bring_up_to_date(url, name)
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(
                f"sqlite:///file:{quote(str(parsed.database))}?mode=ro&uri=true",
                connect_args={"check_same_thread": False},
            )
            event.listen(engine, "connect", _sqlite_readonly)
        else:
            engine = create_engine(
                parsed,
                pool_pre_ping=True,
                pool_size=10,
                max_overflow=20,
                connect_args={"options": "-c default_transaction_read_only=on"},
            )
        with engine.connect() as conn:
            current_version(conn)
    except SQLAlchemyError as error:
        raise StoreError(
            f"{name}: cannot open the database for reading: {error.__class__.__name__}"
        ) from None
    return engine, name


def _bring_up_to_date(url: str, name: str) -> None:
    try:
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                version = current_version(conn)
        finally:
            engine.dispose()
    except SQLAlchemyError as error:
        raise StoreError(f"{name}: cannot open the database: {error.__class__.__name__}") from None
    if version is None:
        raise ConfigError(f"--db {name}: not a sitrep database (no schema version); ingest into it first")
    if version < LATEST:
        Store(url).close()  # applies the missing migrations, then serving is read-only
