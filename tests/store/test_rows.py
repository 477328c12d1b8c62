"""What becomes which row: article ids, ``articles`` values, the document JSON and its child rows."""

from __future__ import annotations

import datetime as dt
import json

from sitrep.article import Article, content_id
from sitrep.records import Document, FramingCue
from sitrep.store import schema
from sitrep.store.rows import (
    CHILD_TABLES,
    Coded,
    NotCoded,
    RunCounts,
    article_id,
    article_values,
    child_rows,
    counts_values,
    document_json,
    stored_document,
)

TEXT = "The council met on Monday. Critics called the plan reckless."


def test_an_article_id_is_its_own_else_the_hash_of_its_text() -> None:
    assert article_id(Article(TEXT)) == content_id(TEXT)
    assert article_id(Article(TEXT, id="wire-17")) == "wire-17"


def test_run_counts_are_the_runs_columns() -> None:
    values = counts_values(RunCounts(articles_read=3, events=5))
    assert set(values) <= set(schema.runs.c.keys())
    assert (values["articles_read"], values["events"], values["failures"]) == (3, 5, 0)


def test_a_coded_article_keeps_its_document_without_the_text() -> None:
    start = TEXT.index("reckless")
    cue = FramingCue(start, start + 8, "reckless", "reckless", "risk", (), (), "", None, "lexicon.tsv:3")
    doc = Document(content_id(TEXT), TEXT, dt.date(2024, 5, 6), source="Gazette", framing=(cue,))
    article = Article(TEXT, published=dt.date(2024, 5, 6), source="Gazette", url="https://g.example/1")
    values = article_values(Coded(article, doc, "en", "coder-1"))
    assert (values["status"], values["coder"], values["chars"], values["n_framing"]) == (
        "coded",
        "coder-1",
        len(TEXT),
        1,
    )
    assert (values["url"], values["source"], values["published"]) == (
        article.url,
        "Gazette",
        article.published,
    )
    assert "text" not in json.loads(values["document"])
    assert values["document"] == document_json(doc)
    assert stored_document(values["document"], TEXT) == doc.to_dict()
    rows = dict(child_rows(doc.id, doc))
    assert set(rows) == set(CHILD_TABLES)
    (framing,) = rows[schema.framing]
    assert TEXT[framing["char_start"] : framing["char_end"]] == framing["text"] == "reckless"
    assert (framing["article_id"], framing["cue_index"], framing["alternatives"]) == (doc.id, 1, None)
    assert rows[schema.events] == rows[schema.actors] == rows[schema.quotes] == []


def test_an_article_not_coded_has_no_document() -> None:
    values = article_values(NotCoded(Article("Der Rat tagte am Montag."), "de", "language: de"))
    assert (values["status"], values["reason"], values["document"], values["n_events"]) == (
        "not-coded",
        "language: de",
        None,
        0,
    )
    assert values["language"] == "de" and values["coder"] == ""
