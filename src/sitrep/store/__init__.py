"""The database: SQLite by default, PostgreSQL by URL, one schema through SQLAlchemy Core.

:mod:`~sitrep.store.url` says where the database is, :mod:`~sitrep.store.rows` what becomes which row,
:mod:`~sitrep.store.query` which stored events a read selects, :mod:`~sitrep.store.db` holds the
:class:`Store` (connections, transactions, the reads and writes everyone else goes through).
"""

from sitrep.store.db import Store
from sitrep.store.query import EventFilter, EventRow
from sitrep.store.rows import Coded, NotCoded, Outcome, Refreshed, RunCounts, article_id
from sitrep.store.url import DEFAULT_DB, database_url

__all__ = [
    "DEFAULT_DB",
    "Coded",
    "EventFilter",
    "EventRow",
    "NotCoded",
    "Outcome",
    "Refreshed",
    "RunCounts",
    "Store",
    "article_id",
    "database_url",
]
