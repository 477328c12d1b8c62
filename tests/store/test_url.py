"""Where the database is: ``--db`` values as SQLAlchemy URLs, and how messages name them."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import ConfigError
from sitrep.store.url import DEFAULT_DB, database_url, display_name, redact


def test_database_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITREP_DB", raising=False)
    assert database_url(None) == f"sqlite:///{tmp_path / DEFAULT_DB}"
    monkeypatch.setenv("SITREP_DB", str(tmp_path / "env.db"))
    assert database_url(None).endswith("/env.db")
    assert database_url("sqlite:////data/x.db") == "sqlite:////data/x.db"
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("postgres://h/db") == "postgresql+psycopg://h/db"
    with pytest.raises(ConfigError, match="is a folder"):
        database_url(tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        database_url(tmp_path / "missing" / "x.db")
    with pytest.raises(ConfigError, match=r"mysql://u:\*\*\*@h/db: unsupported"):
        database_url("mysql://u:secret@h/db")


def test_messages_mask_the_password_and_the_driver() -> None:
    assert redact("postgresql://someone:s3cr%40t@host:5432/news") == "postgresql://someone:***@host:5432/news"
    assert redact("postgresql://someone@host/news") == "postgresql://someone@host/news"
    assert display_name("postgresql+psycopg://u:pw@h/db") == "postgresql://u:***@h/db"
    assert display_name("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
