"""Where the database is: a ``--db`` value (a SQLite path or URL, a PostgreSQL URL) as a SQLAlchemy URL.

With no value, ``$SITREP_DB`` is used, else :data:`DEFAULT_DB` in the current folder. A path names a SQLite
file (its folder must exist; a folder is refused); ``sqlite:///PATH`` is taken as it is;
``postgresql://`` and ``postgres://`` are given the psycopg 3 driver. Anything else is a
:class:`~sitrep.errors.ConfigError`, with any password masked (:func:`redact`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sitrep.errors import ConfigError

DEFAULT_DB = "sitrep.db"
"""The SQLite file used when neither ``--db`` nor ``$SITREP_DB`` is given (in the current folder)."""


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


def display_name(url: str) -> str:
    """How messages name the database at the SQLAlchemy ``url``: without the driver, password masked."""
    return redact(url.replace("+psycopg", ""))
