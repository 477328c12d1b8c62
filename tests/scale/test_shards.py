"""Inputs → shards, the output folder's manifest, and the table rows (no Spark needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.article import Article, Failure
from sitrep.errors import ConfigError
from sitrep.export.tables import arrow_schema
from sitrep.records import Document
from sitrep.scale.output import Output
from sitrep.scale.shards import hadoop_shards, is_uri, plan, shard_id
from sitrep.scale.tables import DOCUMENT_COLUMNS, TABLES, outcome_of, rows_of, schemas
from sitrep.store import Coded, NotCoded, article_id
from sitrep.store.schema import articles


def test_every_file_a_shard_and_a_folders_pages_grouped(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    for n in range(5):
        (pages / f"{n}.html").write_text(f"<p>page {n}</p>", encoding="utf-8")
    (pages / "sub" / "dump.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    (pages / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n', encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "b"}\n' * 50, encoding="utf-8")
    shards = plan([str(pages), str(tmp_path / "*.jsonl")], files_per_shard=2)
    paths = sorted(s.paths for s in shards)
    assert paths == sorted(
        [
            (str(pages / "0.html"), str(pages / "1.html")),
            (str(pages / "2.html"), str(pages / "3.html")),
            (str(pages / "4.html"),),
            (str(pages / "sub" / "dump.jsonl"),),  # a table in a folder is a shard of its own
            (str(tmp_path / "a.jsonl"),),
            (str(tmp_path / "b.jsonl"),),
        ]
    )
    assert shards[0].paths == (str(tmp_path / "b.jsonl"),)  # the biggest first
    assert plan([str(pages), str(tmp_path / "*.jsonl")], files_per_shard=2) == shards  # stable ids
    assert len({s.id for s in shards}) == len(shards)
    assert all(s.id.replace("-", "").replace("_", "").replace(".", "").isalnum() for s in shards)


def test_the_output_folder_inside_an_input_folder_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n', encoding="utf-8")
    out = Output(str(tmp_path / "out"))
    out.start_shard("x")
    out.finish_shard("x", {})
    before = plan([str(tmp_path)], exclude=str(tmp_path / "out"))
    assert [s.paths for s in before] == [(str(tmp_path / "a.jsonl"),)]
    assert len(plan([str(tmp_path)])) > 1  # without it, the tables are inputs


def test_an_input_that_matches_nothing_is_a_failure_row_not_an_error(tmp_path: Path) -> None:
    shards = plan([str(tmp_path / "gone.jsonl"), str(tmp_path / "*.warc.gz")])
    reasons = sorted(f.reason for s in shards for f in s.failures)
    assert reasons == ["no file matches this pattern", "no such file or folder"]
    assert all(s.paths == () for s in shards)
    with pytest.raises(ConfigError, match="files-per-shard"):
        plan([str(tmp_path)], files_per_shard=0)


def test_uris_are_listed_by_spark_each_file_a_shard() -> None:
    assert is_uri("s3a://bucket/crawl/*.warc.gz") and is_uri("hdfs://nn:8020/x") and is_uri("file:///x")
    assert not is_uri("/data/x.jsonl") and not is_uri("C:/data/x.jsonl") and not is_uri("data/x.jsonl")
    assert shard_id(["s3a://bucket/a b.warc.gz"]).startswith("a_b.warc.gz-")
    listing = {"s3a://b/crawl": [("s3a://b/crawl/1.warc.gz", 10), ("s3a://b/crawl/_SUCCESS", 0)]}

    def lister(uri: str) -> list[tuple[str, int]]:
        if uri.startswith("gs:"):
            raise OSError("No FileSystem for scheme gs")
        return listing.get(uri, [])

    [shard] = plan(["s3a://b/crawl"], lister=lister)
    assert (shard.paths, shard.size, shard.hadoop) == (("s3a://b/crawl/1.warc.gz",), 10, True)
    [missing] = hadoop_shards("s3a://b/none/*.warc.gz", lister)
    assert missing.failures[0].reason == "no file matches this pattern"
    [unknown] = hadoop_shards("gs://b/x", lister)
    assert unknown.failures[0].reason == "cannot be listed (No FileSystem for scheme gs)"
    with pytest.raises(ConfigError, match="only Spark can list"):
        plan(["s3a://b/crawl"])


def test_manifest_finished_and_half_written_shards(tmp_path: Path) -> None:
    output = Output(str(tmp_path / "out"))
    assert output.finished() == {}
    for shard in ("done", "half"):
        output.start_shard(shard)
    output.finish_shard("done", {"articles": 3})
    (tmp_path / "out" / "_manifest" / "shard=cut.json").write_text('{"artic', encoding="utf-8")
    assert output.finished() == {"done": {"articles": 3}}
    assert output.clean(output.finished()) == {"half"}
    assert {shard for _, shard in output.shards_written()} == {"done"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["_manifest", *sorted(TABLES)]


def test_rows_mirror_the_store_and_turn_back_into_the_outcome() -> None:
    text = "Russian troops shelled Kharkiv on Monday."
    article = Article(
        text, dt.date(2024, 3, 4), "Wire", "https://w.example/1", "Shelling", origin="a.jsonl:1"
    )
    article = Article(**{**{f: getattr(article, f) for f in article.__slots__}, "id": article_id(article)})
    document = Document(
        article_id(article), text, article.published, "Shelling", "Wire", "https://w.example/1"
    )
    coded = Coded(article, document, "en", "sitrep-test/model")
    rows = list(rows_of(coded))
    assert [table for table, _ in rows] == ["documents"]  # no events, actors, quotes or framing
    row = rows[0][1]
    assert tuple(row) == DOCUMENT_COLUMNS
    assert set(DOCUMENT_COLUMNS) == {c.name for c in articles.c} - {
        "first_run",
        "last_run",
        "ingested_at",
        "updated_at",
    }
    assert outcome_of(row) == coded
    not_coded = NotCoded(article, "fr", "language: fr")
    assert outcome_of(next(rows_of(not_coded))[1]) == not_coded
    assert list(rows_of(Failure("b.txt", "binary file", "binary"))) == [
        ("failures", {"source": "b.txt", "kind": "binary", "reason": "binary file"})
    ]
    assert schemas()["events"].equals(arrow_schema())
