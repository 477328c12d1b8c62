"""The store: one schema on SQLite and on a real PostgreSQL server, migrations, upserts, clear errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from sitrep.article import Article, Failure
from sitrep.errors import StoreError
from sitrep.pipeline import Extractor
from sitrep.records import Document
from sitrep.store import Coded, EventFilter, NotCoded, Refreshed, Store
from sitrep.store import migrations as mig
from sitrep.store.stats import collect

TEXT_A = (
    "Russian forces shelled the Ukrainian city of Kharkiv on Monday, Ukraine's defence ministry said.\n\n"
    '"We will not negotiate under fire," Ukrainian President Volodymyr Zelensky said on Tuesday.'
)
TEXT_B = "Israel's military struck targets in Gaza on Wednesday, the army said in a statement."


@pytest.fixture(scope="module")
def coded() -> list[tuple[Article, Document]]:
    extractor = Extractor()
    articles = [
        Article(TEXT_A, published=dt.date(2022, 3, 1), source="Planet Wire", url="https://planet.example/a"),
        Article(
            TEXT_B, published=dt.date(2023, 10, 11), source="Harbour News", url="https://harbour.example/b"
        ),
    ]
    return list(zip(articles, extractor.pipe(articles), strict=True))


def _store(db_url: str, coded: list[tuple[Article, Document]]) -> Store:
    store = Store(db_url)
    run = store.begin_run(["fixture"], 1, "coder-1")
    store.write([Coded(a, d, "en", "coder-1") for a, d in coded], run)
    return store


def test_articles_and_children_are_stored(db_url: str, coded: list[tuple[Article, Document]]) -> None:
    with _store(db_url, coded) as store:
        assert store.count("articles") == 2
        assert store.count("events") == sum(len(d.events) for _, d in coded) > 0
        assert store.count("actors") == sum(len(d.actors) for _, d in coded)
        assert store.count("quotes") == sum(len(d.quotes) for _, d in coded) > 0
        docs = {d["id"]: d for d in store.documents()}
        for _, document in coded:
            assert docs[document.id] == document.to_dict()  # the whole document comes back, text included
            assert store.coders([document.id]) == {document.id: "coder-1"}
        with store.engine.connect() as conn:
            row = conn.execute(text("SELECT * FROM events ORDER BY article_id, event_id")).mappings().first()
            assert row is not None
            article_text = next(a.text for a, d in coded if d.id == row["article_id"])
            # every span is an offset into the stored text
            assert article_text[row["trigger_start"] : row["trigger_end"]] == row["trigger_text"]


def test_events_are_read_in_order_with_their_article(
    db_url: str, coded: list[tuple[Article, Document]]
) -> None:
    with _store(db_url, coded) as store:
        rows = list(store.events())
        assert len(rows) == store.count("events")
        keys = [(row["date"], row["article_id"], row["event_id"]) for row in rows]
        assert keys == sorted(keys)
        by_id = {d.id: (a, d) for a, d in coded}
        for row in rows:
            article, document = by_id[row["article_id"]]
            assert (row["outlet"], row["url"], row["published"]) == (
                article.source,
                article.url,
                article.published,
            )
            assert row["cameo"] in {e.cameo for e in document.events}
            assert "article_text" not in row
        with_text = next(store.events(with_text=True))
        assert with_text["article_text"] == by_id[with_text["article_id"]][0].text
        assert json.loads(with_text["article_document"])["id"] == with_text["article_id"]


def test_a_filter_selects_events_and_their_articles(
    db_url: str, coded: list[tuple[Article, Document]]
) -> None:
    with _store(db_url, coded) as store:
        harbour = next(d.id for a, d in coded if a.source == "Harbour News")
        only = EventFilter(sources=("harbour news",))  # outlet names match ignoring case
        assert {row["article_id"] for row in store.events(only)} == {harbour}
        assert store.event_article_ids(only) == [harbour]
        assert store.event_article_ids(EventFilter()) == sorted(d.id for _, d in coded if d.events)
        assert list(store.events(EventFilter(since=dt.date(2030, 1, 1)))) == []
        assert store.event_article_ids(EventFilter(countries=("XXX",))) == []


def test_events_that_cannot_be_read_are_one_store_error(tmp_path: Path) -> None:
    with Store(tmp_path / "broken.db") as store:
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE events"))
        with pytest.raises(StoreError, match=r"broken\.db: cannot read the events: no such table: events"):
            list(store.events())
        with pytest.raises(StoreError, match="cannot read the events"):
            store.event_article_ids(EventFilter(countries=("UKR",)))


def test_reingest_updates_never_duplicates(db_url: str, coded: list[tuple[Article, Document]]) -> None:
    with _store(db_url, coded) as store:
        events = store.count("events")
        run = store.begin_run(["again"], 1, "coder-2")
        article, document = coded[0]
        renamed = Article(article.text, published=article.published, source="Planet Wire (renamed)")
        store.write([Coded(renamed, document, "en", "coder-2"), Refreshed(coded[1][0])], run)
        assert store.count("articles") == 2
        assert store.count("events") == events
        with store.engine.connect() as conn:
            source, coder, first, last = conn.execute(
                text("SELECT source, coder, first_run, last_run FROM articles WHERE id = :id"),
                {"id": document.id},
            ).one()
        assert (source, coder, last) == ("Planet Wire (renamed)", "coder-2", run)
        assert first < run


def test_not_coded_and_failures(db_url: str) -> None:
    with Store(db_url) as store:
        run = store.begin_run(["x"], 1, "c")
        german = Article("Die Regierung hat am Montag neue Gespräche angekündigt.", source="Zeitung")
        store.write([NotCoded(german, "de", "language: de"), Failure("bad.txt", "is empty", "empty")], run)
        with store.engine.connect() as conn:
            status, language, reason = conn.execute(
                text("SELECT status, language, reason FROM articles")
            ).one()
            failure = conn.execute(text("SELECT source, kind, reason, run_id FROM failures")).one()
        assert (status, language, reason) == ("not-coded", "de", "language: de")
        assert tuple(failure) == ("bad.txt", "empty", "is empty", run)
        assert store.coders([Article(german.text).id or ""]) == {}
        stats = collect(store)
        assert (stats.articles, stats.articles_not_coded, stats.failures, stats.events) == (1, 1, 1, 0)


def test_stats_counts(db_url: str, coded: list[tuple[Article, Document]]) -> None:
    with _store(db_url, coded) as store:
        stats = collect(store)
    events = [e for _, d in coded for e in d.events]
    assert stats.events == len(events)
    assert sum(n for *_, n in stats.by_root) == len(events)
    assert {root for root, _, _ in stats.by_root} == {e.cameo_root for e in events}
    assert {o for o, _, _ in stats.by_outlet} == {"Planet Wire", "Harbour News"}
    assert sum(n for _, n in stats.by_day) == len(events)


def test_a_new_database_is_stamped_at_the_latest_version(db_url: str) -> None:
    with Store(db_url) as store:
        assert (store.version_before, store.version) == (None, mig.LATEST)
    with Store(db_url) as again:
        assert (again.version_before, again.version) == (mig.LATEST, mig.LATEST)


def test_migrations_run_in_order_and_once(db_url: str) -> None:
    with Store(db_url) as store:
        engine = store.engine

        def add_column(conn: Connection) -> None:
            conn.execute(text("ALTER TABLE articles ADD COLUMN section TEXT"))

        newer = (*mig.MIGRATIONS, mig.Migration(mig.LATEST + 1, "articles.section", add_column))
        assert mig.upgrade(engine, newer) == (mig.LATEST, mig.LATEST + 1)
        assert mig.upgrade(engine, newer) == (mig.LATEST + 1, mig.LATEST + 1)  # nothing applied twice
        with engine.connect() as conn:
            conn.execute(text("SELECT section FROM articles")).all()
            versions = (
                conn.execute(text("SELECT version FROM sitrep_schema ORDER BY version")).scalars().all()
            )
        assert versions == list(range(1, mig.LATEST + 2))
    # This sitrep (at LATEST) refuses the database another sitrep has moved on.
    with pytest.raises(StoreError, match="newer than this sitrep"):
        Store(db_url)


def test_a_failed_migration_leaves_the_version_alone(tmp_path: Path) -> None:
    with Store(tmp_path / "m.db") as store:

        def broken(conn: Connection) -> None:
            conn.execute(text("ALTER TABLE no_such_table ADD COLUMN x TEXT"))

        with pytest.raises(Exception, match="no_such_table"):
            mig.upgrade(store.engine, (*mig.MIGRATIONS, mig.Migration(mig.LATEST + 1, "broken", broken)))
        with store.engine.connect() as conn:
            assert mig.current_version(conn) == mig.LATEST


def test_unreachable_server_is_one_clear_error() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreError) as info:
        Store(f"postgresql://someone:secret@127.0.0.1:{port}/nothing")
    message = str(info.value)
    assert message.startswith(f"postgresql://someone:***@127.0.0.1:{port}/nothing: cannot open the database")
    assert "secret" not in message and "\n" not in message


def test_tables_named_like_ours_without_a_version_are_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE articles (x TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="no sitrep_schema version table"):
        Store(path)
