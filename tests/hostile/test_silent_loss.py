"""Nothing is lost without a word: gzip data under any name, a bad byte in a CSV loses only its row, a
folder that cannot be listed and a file that is not a regular file are failures (never opened, never a
hang)."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from hostile_support import Run, failures, report_text, stored, write

from sitrep.article import Article, Failure, content_id
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers import read_sources


def _jsonl_gz(count: int) -> bytes:
    lines = "".join(json.dumps({"text": report_text(n)}) + "\n" for n in range(count))
    return gzip.compress(lines.encode())


@pytest.mark.parametrize("name", ["news.jsonl", "news.data", "news"])
def test_gzip_jsonl_without_gz_in_its_name_is_read(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, _jsonl_gz(3))
    items = list(read_sources([str(path)], ReadOptions()))
    assert [i.text for i in items if isinstance(i, Article)] == [report_text(n) for n in range(3)]


def test_a_bad_byte_in_a_csv_loses_only_its_row(sitrep: Run, db_url: str, tmp_path: Path) -> None:
    rows = [
        b"id,text",
        b'1,"' + report_text(1).encode() + b'"',
        b'2,"Rebels \xff attacked"',
        b'3,"' + report_text(3).encode() + b'"',
    ]
    path = write(tmp_path / "table.csv", b"\n".join(rows) + b"\n")
    ran = sitrep("ingest", str(path), "--db", db_url)
    assert ran.code == 3
    assert {row["text"] for row in stored(db_url).values()} == {report_text(1), report_text(3)}
    [(source, kind, reason)] = failures(db_url)
    assert (source.endswith("table.csv:5"), kind) == (True, "encoding")
    assert "\\xff" in reason


def test_a_folder_that_cannot_be_listed_is_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "in" / "a.txt", report_text(1))
    locked = tmp_path / "in" / "locked"
    write(locked / "b.txt", report_text(2))
    listing = Path.iterdir

    def iterdir(self: Path) -> object:
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    items = list(read_sources([str(tmp_path / "in")], ReadOptions()))
    assert [type(i).__name__ for i in items] == ["Article", "Failure"]
    failure = items[1]
    assert isinstance(failure, Failure) and failure.kind == "unreadable"
    assert failure.source.endswith("locked") and "Permission denied" in failure.reason


def test_a_fifo_is_never_opened(sitrep: Run, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "a.txt", report_text(1))
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(tmp_path / "direct.jsonl")
    db = str(tmp_path / "s.db")
    ran = sitrep("ingest", str(folder), str(tmp_path / "direct.jsonl"), "--db", db)
    assert ran.code == 3
    assert set(stored(db)) == {content_id(report_text(1))}
    found = failures(db)
    assert [(Path(s).name, k) for s, k, _ in found] == [
        ("pipe.txt", "unsupported"),
        ("direct.jsonl", "unsupported"),
    ]
    assert all("FIFO" in reason for _, _, reason in found)
