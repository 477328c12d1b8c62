"""Generated hostile files of every format: readers never raise, whatever the bytes; NUL bytes and
character references reach neither SQLite nor PostgreSQL; two ingests of the same articles at once
store each article once."""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from hostile_support import Run, failures, report_text, stored, write

from sitrep.article import Article, Failure, content_id
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers import read_sources

SUFFIXES = [".txt", ".html", ".jsonl", ".csv", ".tsv", ".rss", ".xml", ".warc", ".jsonl.gz", ".warc.gz", ""]
PIECES = [
    b"\x00",
    b"\xff\xfe",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"&#xD800;",
    b"&#1114112;",
    b"&#99999999999;",
    b"&#0;",
    b"\\ud800",
    b"\x1b[2J",
    "\u200b".encode(),
    b"[" * 50,
    b"<",
    b'"',
    b"\r\n",
    b"\n\n",
    b"WARC/1.0\r\n",
    b"<?xml version='1.0'?><rss><channel><item><description>",
    b"<!doctype html><html><body><p>",
    b'{"text": "',
    b"id,text\n",
    b"\x1f\x8b",
    report_text(1).encode(),
]


def _hostile(rng: random.Random) -> bytes:
    data = b"".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
    if rng.random() < 0.2:
        data = gzip.compress(data)
    if rng.random() < 0.2:
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
    return data


def test_readers_never_raise_on_generated_files(tmp_path: Path) -> None:
    rng = random.Random(17)
    for n in range(300):
        write(tmp_path / "fuzz" / f"f{n:03d}{rng.choice(SUFFIXES)}", _hostile(rng))
    items = list(read_sources([str(tmp_path / "fuzz")], ReadOptions(timeout=1)))
    assert items and all(isinstance(item, Article | Failure) for item in items)
    for item in items:
        if isinstance(item, Article):
            assert "\x00" not in item.text and not any(0xD800 <= ord(c) <= 0xDFFF for c in item.text)


def test_nul_in_every_format_is_stored_on_both_databases(sitrep: Run, db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "a.jsonl", json.dumps({"text": report_text(1) + "\u0000", "title": "T\u0000"}) + "\n")
    write(folder / "b.csv", b'text,title\n"' + report_text(2).encode() + b'\x00",T\x00\n')
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W&#0;</title><item><title>X&#0;</title>'
        f"<description>{report_text(3) * 4} &#0;</description></item></channel></rss>"
    )
    write(folder / "c.rss", feed)
    ran = sitrep("ingest", str(folder), "--db", db_url)
    assert ran.code == 0, ran.err
    rows = stored(db_url)
    assert len(rows) == 3 and failures(db_url) == []
    assert all("\x00" not in str(v) for row in rows.values() for v in row.values())


def test_two_ingests_of_the_same_articles_at_once(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for n in range(30):
        write(folder / f"{n:02d}.txt", report_text(n))
    env = os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    command = [sys.executable, "-m", "sitrep", "ingest", str(folder), "--db", db_url]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for _ in range(2)
    ]
    try:
        results = [run.communicate(timeout=60) for run in runs]
    finally:
        for run in runs:
            run.kill()
    for run, (_, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    assert set(stored(db_url)) == {content_id(report_text(n)) for n in range(30)}
