"""The database: SQLite by default, PostgreSQL by URL, one schema through SQLAlchemy Core."""

from sitrep.store.db import DEFAULT_DB, Coded, NotCoded, Outcome, Refreshed, RunCounts, Store, database_url

__all__ = ["DEFAULT_DB", "Coded", "NotCoded", "Outcome", "Refreshed", "RunCounts", "Store", "database_url"]
