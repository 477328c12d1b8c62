"""Stories in the store (SQLite, PostgreSQL): every article in one story, incremental, idempotent, rebuilt."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text
from stories.test_group import ELECTION, FLOOD, STRIKE

from sitrep.article import Article
from sitrep.store import NotCoded, Store
from sitrep.store import migrations as mig
from sitrep.stories import assign_stories

DAY = dt.date(2025, 5, 12)


def _write(store: Store, items: list[tuple[str, str, str]]) -> None:
    run = store.begin_run(["fixture"], 1, "coder-1")
    store.write(
        [NotCoded(Article(t, id=i, source=s, published=DAY), "en", "fixture") for i, t, s in items], run
    )


def _members(store: Store) -> dict[str, int]:
    return dict(store.story_members())


def test_every_article_gets_one_story_and_new_batches_join(db_url: str) -> None:
    with Store(db_url) as store:
        _write(store, [("s1", STRIKE[0], "Wire A"), ("f1", FLOOD[0], "Wire A"), ("s2", STRIKE[1], "Post B")])
        first = assign_stories(store)
        assert (first.articles, first.opened, first.joined) == (3, 2, 0)
        before = _members(store)
        assert before["s1"] == before["s2"] != before["f1"]
        # A second batch joins the stored stories (or opens new ones); the stored articles keep theirs.
        _write(
            store, [("s3", STRIKE[2], "Daily C"), ("e1", ELECTION[0], "Daily C"), ("f2", FLOOD[1], "Post B")]
        )
        second = assign_stories(store)
        assert (second.articles, second.opened, second.joined) == (3, 1, 2)
        after = _members(store)
        assert {k: after[k] for k in before} == before
        assert after["s3"] == after["s1"] and after["f2"] == after["f1"]
        assert after["e1"] == 3
        assert store.count("story_articles") == store.count("articles") == 6
        # Nothing left to group: nothing changes.
        assert assign_stories(store).articles == 0
        assert _members(store) == after
        summaries = {s["id"]: s for s in store.story_summaries()}
        assert summaries[after["s1"]]["outlets"] == {"Wire A": 1, "Post B": 1, "Daily C": 1}
        assert summaries[after["s1"]]["articles"] == 3
        assert store.story_summaries(DAY + dt.timedelta(days=1)) == []


def test_reingesting_keeps_the_story(tmp_path: object) -> None:
    with Store(f"{tmp_path}/s.db") as store:
        _write(store, [("s1", STRIKE[0], "Wire A"), ("s2", STRIKE[1], "Post B")])
        assign_stories(store)
        before = _members(store)
        _write(store, [("s1", STRIKE[0], "Wire A")])  # the same article again
        assert assign_stories(store).articles == 0
        assert _members(store) == before


def test_rebuild_groups_everything_again(db_url: str) -> None:
    with Store(db_url) as store:
        _write(store, [("s1", STRIKE[0], "Wire A"), ("f1", FLOOD[0], "Wire A")])
        assign_stories(store)
        _write(store, [("s2", STRIKE[1], "Post B")])
        assign_stories(store)
        incremental = _members(store)
        report = assign_stories(store, rebuild=True)
        assert report.articles == 3 and report.opened == 2
        rebuilt = _members(store)
        assert set(rebuilt) == set(incremental)
        assert rebuilt["s1"] == rebuilt["s2"] != rebuilt["f1"]
        with store.engine.connect() as conn:
            dates = conn.execute(
                text("SELECT dates FROM stories WHERE id = :i"), {"i": rebuilt["s1"]}
            ).scalar()
        assert json.loads(str(dates)) == {DAY.isoformat(): 2}


def test_a_version_1_database_gets_the_story_tables(db_url: str) -> None:
    with Store(db_url) as store:
        with store.engine.begin() as conn:
            for table in ("story_articles", "story_terms", "stories"):
                conn.execute(text(f"DROP TABLE {table}"))
            conn.execute(text("DELETE FROM sitrep_schema WHERE version > 1"))
        _write(store, [("s1", STRIKE[0], "Wire A")])
    with Store(db_url) as store:
        assert (store.version_before, store.version) == (1, mig.LATEST)
        assert assign_stories(store).articles == 1
        assert store.count("stories") == 1


def test_a_write_that_another_process_got_first_is_refused(db_url: str) -> None:
    """Two ingests grouping at once: the second save finds its articles grouped and writes nothing, and
    grouping again from the stored state places only what is still ungrouped."""
    with Store(db_url) as store:
        _write(store, [("s1", STRIKE[0], "Wire A"), ("f1", FLOOD[0], "Wire A")])
        assign_stories(store)
        before = _members(store)
        grouped = next(iter(before))
        assert store.save_stories([], [(grouped, 999)], {}) is False
        assert _members(store) == before
        again = assign_stories(store)
        assert again.articles == 0 and _members(store) == before
