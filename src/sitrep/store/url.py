"""Where the database is: a ``--db`` value (a SQLite path or URL, a PostgreSQL URL) as a SQLAlchemy URL.

With no value, ``$SITREP_DB`` is used, else :data:`DEFAULT_DB` in the current folder. A path names a SQLite
file (its folder must exist; a folder is refused); ``sqlite:///PATH`` is taken as it is;
``postgresql://`` and ``postgres://`` are given the psycopg 3 driver. Anything else is a
:class:`~sitrep.errors.ConfigError`, with any password masked (:func:`redact`).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


_SECRET_KEYS = frozenset({"password", "pass", "passwd", "pwd", "sslpassword", "secret"})
"""Query parameters whose value is a password (``?password=…``)."""


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages): the password of the user part, which
    runs to the last ``@`` of the address and may hold ``@`` and ``:`` itself (``u:p@ss:w0rd@host``,
    ``:secret@host``), and the value of a ``password=`` query parameter. The URL is parsed
    (:func:`urllib.parse.urlsplit`), not matched; one that does not parse is shown as its scheme only."""
    try:
        parts = urlsplit(url)
    except ValueError:
        scheme = url.split("://", 1)[0] if "://" in url else ""
        return f"{scheme}://***" if scheme else "***"
    netloc = parts.netloc
    userinfo, at, hostport = netloc.rpartition("@")
    if at and ":" in userinfo:
        netloc = f"{userinfo.partition(':')[0]}:***@{hostport}"
    query = "&".join(_redact_pair(pair) for pair in parts.query.split("&"))
    scheme = url.split(":", 1)[0]
    shown = f"{scheme}://{netloc}{parts.path}" if "://" in url else f"{scheme}:{parts.path}"
    if "?" in url:
        shown += f"?{query}"
    if parts.fragment:
        shown += f"#{parts.fragment}"
    return shown


def _redact_pair(pair: str) -> str:
    key, equals, _ = pair.partition("=")
    return f"{key}=***" if equals and unquote(key).lower() in _SECRET_KEYS else pair


def display_name(url: str) -> str:
    """How messages name the database at the SQLAlchemy ``url``: without the driver, password masked."""
    return redact(url.replace("+psycopg", ""))
