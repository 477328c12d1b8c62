"""One bad record is one quarantined failure: the records around it, the sources after it and the rest of
the batch are stored. Each article is written in its own savepoint; a second writer of the same article
counts it as already stored."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile_support import Run, failures, report_text, stored, write

from sitrep.article import Article, Failure, content_id
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers import read_sources
from sitrep.ingest.runner import ingest
from sitrep.store import NotCoded, Store


def test_a_jsonl_line_nested_100000_deep_is_one_failure(sitrep: Run, db_url: str, tmp_path: Path) -> None:
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    lines = [json.dumps({"text": report_text(1)}), deep, json.dumps({"text": report_text(2)})]
    path = write(tmp_path / "deep.jsonl", "\n".join(lines) + "\n")
    ran = sitrep("ingest", str(path), "--db", db_url)
    assert ran.code == 3
    assert set(stored(db_url)) == {content_id(report_text(1)), content_id(report_text(2))}
    [(source, kind, reason)] = failures(db_url)
    assert (source.endswith("deep.jsonl:2"), kind) == (True, "malformed")
    assert "nested too deeply" in reason


FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire {ref}</title>'
    "<item><title>One {ref}</title><description>{one}</description></item>"
    "<item><title>Two</title><description>{two}</description></item>"
    "</channel></rss>"
)


@pytest.mark.parametrize("ref", ["&#xD800;", "&#1114112;", "&#99999999999;", "&#0;", "&#xDFFF"])
def test_bad_character_references_in_a_feed_lose_nothing(tmp_path: Path, ref: str) -> None:
    one = ("Rebels attacked a convoy near the border on Monday " + ref + ", officials said. ") * 10
    two = ("Police arrested protesters in the capital on Tuesday, a spokesman said. ") * 10
    path = write(tmp_path / "wire.rss", FEED.format(ref=ref, one=one, two=two))
    items = list(read_sources([str(path)], ReadOptions()))
    assert [type(item).__name__ for item in items] == ["Article", "Article"]
    assert all(isinstance(item, Article) and "\x00" not in item.text for item in items)


def test_a_reader_crash_ends_only_its_source(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from sitrep.ingest import readers

    def broken(source: str, options: ReadOptions) -> object:
        yield Failure(source, "first", "empty")
        raise RuntimeError("a parser bug")

    monkeypatch.setitem(readers.READERS, "csv", broken)
    bad = write(tmp_path / "a.csv", "text\nx\n")
    good = write(tmp_path / "b.txt", report_text(3))
    items = list(read_sources([str(bad), str(good)], ReadOptions()))
    assert [(type(i).__name__, getattr(i, "kind", None)) for i in items] == [
        ("Failure", "empty"),
        ("Failure", "malformed"),
        ("Article", None),
    ]
    assert "RuntimeError: a parser bug" in str(items[1])


def test_one_refused_insert_keeps_the_batch(postgres_url: str) -> None:
    """A library caller's article with a NUL (ingest cleans it; this one bypasses make_article): PostgreSQL
    refuses it; the articles around it are stored and it is quarantined as ``store``."""
    good = [Article(report_text(n), origin=f"g{n}") for n in (1, 2)]
    bad = Article("Troops shelled the town\x00 on Monday.", origin="bad")
    with Store(postgres_url) as store:
        run = store.begin_run(["x"], 1, "c")
        result = store.write(
            [NotCoded(good[0], "xx", "r"), NotCoded(bad, "xx", "r"), NotCoded(good[1], "xx", "r")], run
        )
        assert [f.kind for _, f in result.refused] == ["store"]
        assert store.count("articles") == 2 and store.count("failures") == 1
    assert failures(postgres_url)[0][:2] == ("bad", "store")


def test_a_second_writer_of_the_same_articles_counts_them_as_already_stored(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two ingests sharing articles: the second looked before the first wrote (``coders`` saw nothing), so
    it codes them too; its inserts meet the stored rows and count as already stored, never exit 5."""
    folder = tmp_path / "in"
    for n in range(3):
        write(folder / f"{n}.txt", report_text(n))
    with Store(db_url) as store:
        first = ingest([str(folder)], store)
        monkeypatch.setattr(Store, "coders", lambda self, ids: {})
        second = ingest([str(folder)], store)
        assert first.counts.articles_coded == 3
        assert (second.counts.articles_coded, second.counts.articles_unchanged) == (0, 3)
        assert second.failures == [] and store.count("articles") == 3


def test_a_warc_with_an_undecodable_name_is_read(tmp_path: Path) -> None:
    """fastwarc panicked (a pyo3 PanicException, not an Exception) on such a name; warcio reads it."""
    path = tmp_path / os.fsdecode(b"crawl\xff.warc.gz")
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nabc")
    [item] = read_sources([str(path)], ReadOptions())
    assert isinstance(item, Failure) and item.kind == "truncated" and "\ufffd" in item.source


class _Panic(BaseException):
    """Like pyo3's PanicException: a BaseException, not an Exception."""


def test_a_reader_panic_ends_only_its_source(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from sitrep.ingest import readers

    def panics(source: str, options: ReadOptions) -> object:
        raise _Panic("called `Result::unwrap()` on an `Err` value")
        yield  # a generator, like every reader

    monkeypatch.setitem(readers.READERS, "warc", panics)
    bad = write(tmp_path / "a.warc", "WARC/1.0\r\n")
    good = write(tmp_path / "b.txt", report_text(3))
    items = list(read_sources([str(bad), str(good)], ReadOptions()))
    assert [type(i).__name__ for i in items] == ["Failure", "Article"]
    assert isinstance(items[0], Failure) and "_Panic" in items[0].reason
