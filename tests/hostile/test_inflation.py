"""A gzipped table that inflates far past its own size (a "zip bomb") is read only so far: the records
before the cap are kept, and the rest of the file is one ``too-large`` failure."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sitrep.article import Article, Failure
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers import tabular
from sitrep.ingest.readers.tabular import read_csv, read_jsonl


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MIN_INFLATED_BYTES", 64 * 1024)


def bomb(path: Path, first: list[str], filler: bytes, size: int) -> None:
    """A gzip file whose first lines are ``first`` and then ``size`` bytes of one repeated line."""
    with gzip.open(path, "wb", compresslevel=9) as out:
        for line in first:
            out.write(line.encode("utf-8") + b"\n")
        block = filler * (1024 * 1024 // len(filler))
        for _ in range(size // len(block)):
            out.write(block)


def test_a_jsonl_bomb_keeps_its_first_records_and_stops(tmp_path: Path, small_cap: None) -> None:
    path = tmp_path / "dump.jsonl.gz"
    good = [json.dumps({"text": f"Troops shelled town number {n} on Monday."}) for n in range(3)]
    filler = (json.dumps({"text": "Officials said nothing new today about the talks."}) + "\n").encode()
    bomb(path, good, filler, 40 * 1024 * 1024)
    assert path.stat().st_size * tabular.MAX_INFLATION < 40 * 1024 * 1024  # it does inflate past the cap
    out = list(read_jsonl(str(path), ReadOptions()))
    articles = [o for o in out if isinstance(o, Article)]
    failures = [o for o in out if isinstance(o, Failure)]
    assert [a.text for a in articles[:3]] == [json.loads(g)["text"] for g in good]
    assert len(failures) == 1 and failures[0].kind == "too-large"
    assert "uncompressed" in failures[0].reason and "the rest is not read" in failures[0].reason
    # read up to the cap (100 times the file's size), not the 40 MB the file holds
    assert len(articles) * len(filler) <= tabular.MAX_INFLATION * path.stat().st_size
    assert len(articles) < 40 * 1024 * 1024 // len(filler) // 2


def test_a_csv_bomb_stops_too(tmp_path: Path, small_cap: None) -> None:
    path = tmp_path / "dump.csv.gz"
    bomb(
        path, ["text", "Troops shelled the town on Monday."], b"Officials said nothing new today.\n", 40 << 20
    )
    out = list(read_csv(str(path), ReadOptions()))
    assert isinstance(out[0], Article)
    assert isinstance(out[-1], Failure) and out[-1].kind == "too-large"


def test_an_ordinary_gzipped_dump_is_read_whole(tmp_path: Path, small_cap: None) -> None:
    path = tmp_path / "news.jsonl.gz"
    rows = [
        json.dumps({"text": f"Report {n}: troops moved near the river, officials said."}) for n in range(500)
    ]
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(rows) + "\n")
    out_records = list(read_jsonl(str(path), ReadOptions()))
    assert len(out_records) == 500 and all(isinstance(o, Article) for o in out_records)
