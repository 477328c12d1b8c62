"""The server over PostgreSQL: the same answers as over SQLite, from a read-only connection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sitrep.cli import main
from sitrep.serve import ServeSettings, create_app, open_readonly, parse_filters, queries
from sitrep.serve.cube import Cube

from .conftest import ARTICLES


@pytest.fixture
def pg_db(postgres_url: str, tmp_path: Path) -> str:
    source = tmp_path / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    assert main(["ingest", str(source), "--db", postgres_url]) == 0
    return postgres_url


def test_postgres_answers_like_sqlite(pg_db: str, served_db: Path) -> None:
    engine, name = open_readonly(pg_db)
    lite, _ = open_readonly(served_db)
    assert "***" in name or ":" not in name.split("@")[0].split("//")[-1]  # no password shown
    with TestClient(create_app(engine, ServeSettings(db=pg_db, name=name))) as client, lite.connect() as conn:
        events = client.get("/api/v1/events?limit=1000").json()["data"]
        assert [(e["article_id"], e["event_id"]) for e in events] == [
            (e["article_id"], e["event_id"])
            for e in queries.events_page(conn, parse_filters({}), limit=1000).rows
        ]
        country = client.get("/api/v1/events?country=RUS&limit=2").json()
        assert country["meta"]["next"] and country["data"]
        assert client.get("/api/v1/summary").json()["data"]["events"] == len(events)
        assert client.get("/articles/wire-1").status_code == 200
    cube = Cube(engine)
    with engine.connect() as conn:
        for query in ({}, {"country": ["UKR"]}, {"root": ["19"], "since": ["2025-03-01"]}):
            f = parse_filters(query)
            for facet in queries.FACETS:
                assert cube.facet(f, facet, top=50) == queries.facet_sql(conn, f, facet, top=50)
            assert cube.timeline(f, "root", "week") == queries.timeline_sql(conn, f, "root", "week")
    engine.dispose()
    lite.dispose()


def test_postgres_is_opened_read_only(pg_db: str) -> None:
    engine, _ = open_readonly(pg_db)
    with engine.connect() as conn, pytest.raises(DBAPIError, match="read-only"):
        conn.execute(text("DELETE FROM events"))
    engine.dispose()
