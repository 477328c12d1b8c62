"""sitrep ingest: batches across processes, quarantine, non-English kept, resumable after kill -9."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from sitrep.article import Article, content_id
from sitrep.cli import main
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.runner import IngestOptions, ingest
from sitrep.pipeline import Extractor
from sitrep.store import Store

ACTORS = [
    ("Russian forces", "Ukrainian positions"),
    ("Ukraine's army", "Russian troops"),
    ("Israel's military", "Hamas fighters"),
    ("Polish President Andrzej Duda", "German Chancellor Olaf Scholz"),
    ("The French foreign minister", "Iranian officials"),
]
ACTIONS = ["attacked", "met", "criticised", "praised", "accused"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
GERMAN = (
    "Die Regierung in Berlin hat am Montag neue Gespräche mit den Nachbarländern angekündigt, "
    "wie ein Sprecher des Auswärtigen Amtes mitteilte."
)


def article_text(n: int) -> str:
    """The n-th of many distinct invented wire reports."""
    source, target = ACTORS[n % len(ACTORS)]
    action = ACTIONS[(n // 5) % len(ACTIONS)]
    day = DAYS[(n // 25) % len(DAYS)]
    return (
        f"{source} {action} {target} on {day}, officials said in report {n}.\n\n"
        f"The statement, number {n} this month, gave no further details."
    )


def write_folder(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    texts = [article_text(n) for n in range(count)]
    for n, body in enumerate(texts):
        (folder / f"{n:04d}.txt").write_text(body, encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def events_by_article(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, n_events FROM articles WHERE status = 'coded'")).all()
        counted = conn.execute(text("SELECT article_id, COUNT(*) FROM events GROUP BY article_id")).all()
    stored: dict[str, int] = {str(ident): int(n) for ident, n in counted}
    for ident, n in rows:
        assert stored.get(ident, 0) == n  # the article row and its event rows agree
    return {ident: n for ident, n in rows}


def test_a_mixed_batch_is_stored_and_bad_inputs_quarantined(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    texts = write_folder(folder, 6)
    (folder / "german.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (folder / "lines.jsonl").write_text(
        json.dumps(
            {"text": "Iran's foreign minister met Iraqi officials in Baghdad on Sunday.", "source": "Wire"}
        )
        + "\n{not json\n",
        encoding="utf-8",
    )
    with Store(db_url) as store:
        report = ingest([str(folder)], store)
        counts = report.counts
        assert counts.articles_read == 8  # 6 texts, the German one, the good JSONL line
        assert counts.articles_coded == 7
        assert counts.articles_not_coded == 1
        assert counts.failures == 3
        assert {(Path(f.source.split(":")[0]).name, f.kind) for f in report.failures} == {
            ("empty.txt", "empty"),
            ("binary.txt", "binary"),
            ("lines.jsonl", "malformed"),
        }
        assert store.count("articles") == 8
        assert store.count("failures") == 3
        with store.engine.connect() as conn:
            german = conn.execute(
                text("SELECT status, language, reason FROM articles WHERE id = :id"),
                {"id": content_id(GERMAN)},
            ).one()
            run = conn.execute(text("SELECT status, articles_read, failures FROM runs")).one()
        assert german.status == "not-coded" and german.language == "de" and "English only" in german.reason
        assert tuple(run) == ("finished", 8, 3)
        assert counts.events == store.count("events") > 0
        assert all(content_id(t) in events_by_article(store) for t in texts)


def test_running_again_codes_nothing_twice(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_folder(folder, 5)
    with Store(tmp_path / "s.db") as store:
        first = ingest([str(folder)], store)
        events = store.count("events")
        second = ingest([str(folder)], store)
        assert (first.counts.articles_coded, second.counts.articles_coded) == (5, 0)
        assert second.counts.articles_unchanged == 5
        assert store.count("articles") == 5 and store.count("events") == events
        third = ingest([str(folder)], store, IngestOptions(recode=True))
        assert third.counts.articles_coded == 5 and store.count("events") == events


def test_the_same_text_twice_in_one_batch_is_one_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "one.txt").write_text(article_text(1), encoding="utf-8")
    (folder / "two.txt").write_text(article_text(1), encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(folder)], store)
        assert store.count("articles") == 1
        assert (report.counts.articles_coded, report.counts.articles_unchanged) == (1, 1)


def test_two_workers_store_what_one_does(tmp_path: Path, extractor: Extractor) -> None:
    folder = tmp_path / "in"
    texts = write_folder(folder, 40)
    with Store(tmp_path / "two.db") as store:
        report = ingest([str(folder)], store, IngestOptions(workers=2))
        stored = events_by_article(store)
    expected = {d.id: len(d.events) for d in extractor.pipe(Article(t) for t in texts)}
    assert report.counts.articles_coded == 40
    assert stored == expected


def test_size_cap_is_configurable(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_folder(folder, 3)
    (folder / "long.txt").write_text("Officials said talks went on. " * 20, encoding="utf-8")
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(folder)], store, IngestOptions(read=ReadOptions(max_chars=300)))
    assert [(Path(f.source).name, f.kind) for f in report.failures] == [("long.txt", "too-large")]
    assert report.counts.articles_coded == 3


def _sitrep(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from sitrep.cli import main; sys.exit(main())", *args]


def test_kill_9_mid_run_then_resume_stores_every_article_once(tmp_path: Path, extractor: Extractor) -> None:
    folder = tmp_path / "in"
    texts = write_folder(folder, 240)
    db = tmp_path / "k.db"
    env = {**os.environ, "SITREP_DB": str(db)}
    proc = subprocess.Popen(
        _sitrep("ingest", str(folder)), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    stored = 0
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=5) as conn:
                        stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                    conn.close()
                except sqlite3.OperationalError:
                    continue  # tables not created yet
                if stored:
                    break
        assert proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        after_kill = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        running = conn.execute("SELECT status FROM runs").fetchall()
    conn.close()
    assert 0 < after_kill < len(texts), after_kill
    assert running == [("running",)]  # the killed run never finished

    done = subprocess.run(
        _sitrep("ingest", str(folder)), env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert f"{after_kill:,} already stored" in done.stdout
    with Store(db) as store:
        assert store.count("articles") == len(texts)
        stored_events = events_by_article(store)
    expected = {d.id: len(d.events) for d in extractor.pipe(Article(t) for t in texts)}
    assert stored_events == expected  # each article once, with exactly its own events


def test_cli_ingest_then_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    write_folder(folder, 4)
    db = str(tmp_path / "c.db")
    assert main(["ingest", str(folder), "--db", db]) == 0
    assert "stored 4 articles (4 coded" in capsys.readouterr().out
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    assert main(["ingest", str(folder), "--db", db]) == 3
    captured = capsys.readouterr()
    assert "4 already stored" in captured.out
    assert "empty.txt" in captured.err and "error: 1 input(s) quarantined" in captured.err
    assert main(["stats", "--db", db]) == 0
    shown = capsys.readouterr().out
    for heading in ("Events by CAMEO root", "country pair", "By outlet", "Events by day"):
        assert heading in shown


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--field", "body"], 2, "--field body: expected NAME=COLUMN"),
        (["--workers", "0"], 2, "--workers must be between 1 and 64"),
        (["--max-chars", "3000000"], 2, "size cap must be between 1 and 2,000,000"),
    ],
)
def test_cli_ingest_bad_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), *args]) == code
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_cli_unreachable_database_exits_5(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert main(["stats", "--db", f"postgresql://u:pw@127.0.0.1:{port}/x"]) == 5
    err = capsys.readouterr().err
    assert err.startswith("error: postgresql://u:***@127.0.0.1") and "pw@" not in err


PAGE = (
    "<!doctype html><html><head><title>{title}</title>"
    '<meta property="og:site_name" content="Harbour Times"></head><body><nav>Home | World</nav>'
    "<article><h1>{title}</h1><p>{body}</p><p>The talks are expected to continue next week in Geneva, "
    "diplomats from both delegations told reporters.</p></article>"
    "<footer>© Harbour Times</footer></body></html>"
)


def _warc_gz(path: Path, pages: list[tuple[str, str]], *, cut: bool) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for uri, html in pages:
        body = html.encode("utf-8")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
            )
        )
    data = buffer.getvalue()
    path.write_bytes(data[: len(data) - 40] if cut else data)


def test_cli_every_bad_input_named_and_the_rest_stored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    folder = tmp_path / "batch"
    folder.mkdir()
    good = {
        "plain.txt": article_text(1).encode("utf-8"),
        "utf16.txt": b"\xff\xfe" + article_text(2).encode("utf-16-le"),
        "latin1.txt": (article_text(3) + " The café owner in Zürich agreed.").encode("latin-1"),
        "cp1251.txt": "Министр иностранных дел России заявил во вторник, что Москва готова к переговорам "
        "с Киевом, если украинская армия сложит оружие.".encode("cp1251"),
    }
    bad = {
        "binary.txt": (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "binary"),
        "mixed.txt": ("Kyiv — “talks” resumed. ".encode() + "Café in Genève".encode("latin-1"), "encoding"),
        "empty.txt": (b"", "empty"),
        "nav.html": (
            b"<html><body><nav>Home | World | Sport</nav><p>Subscribe</p></body></html>",
            "no-article",
        ),
        "broken.rss": (b"<?xml version='1.0'?><rss><channel><title>Wire</title><item><title>x", "malformed"),
    }
    for name, data in good.items():
        (folder / name).write_bytes(data)
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as handle:  # 50 MB: rejected from its size, never read whole
        handle.truncate(50 * 1024 * 1024)
    (folder / "lines.jsonl").write_text(
        json.dumps({"text": article_text(4), "source": "Wire"})
        + "\n{oops\n"
        + json.dumps({"body": "x"})
        + "\n",
        encoding="utf-8",
    )
    pages = [
        (f"https://harbour.example/{n}", PAGE.format(title=f"Talks {n}", body=article_text(10 + n)))
        for n in range(3)
    ]
    _warc_gz(folder / "cut.warc.gz", pages, cut=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/story"
    db = tmp_path / "b.db"

    assert main(["ingest", str(folder), closed, "--db", str(db), "--timeout", "2", "--allow-private"]) == 3
    err = capsys.readouterr().err
    expected_sources = [
        *(str(folder / n) for n in bad),
        str(folder / "huge.txt"),
        f"{folder / 'lines.jsonl'}:2",
        f"{folder / 'lines.jsonl'}:3",
        str(folder / "cut.warc.gz"),
        closed,
    ]
    for source in expected_sources:
        assert f"quarantined: {source}" in err, source
    assert "error: 10 input(s) quarantined" in err
    with Store(db) as store, store.engine.connect() as conn:
        failures = {str(s): str(k) for s, k in conn.execute(text("SELECT source, kind FROM failures"))}
        languages = {str(o): str(n) for o, n in conn.execute(text("SELECT origin, language FROM articles"))}
    for name, (_, kind) in bad.items():
        assert failures[str(folder / name)] == kind
    assert failures[str(folder / "huge.txt")] == "too-large"
    assert failures[str(folder / "cut.warc.gz")] == "truncated"
    assert failures[closed] == "unreachable"
    # Stored: the four decodable texts (the Russian one stored, not coded), the good JSONL line, and the
    # complete pages of the cut archive.
    assert {str(folder / n) for n in good} | {f"{folder / 'lines.jsonl'}:1"} <= set(languages)
    assert languages[str(folder / "cp1251.txt")] == "ru"
    archived = [o for o in languages if o.startswith(f"{folder / 'cut.warc.gz'}#")]
    assert len(archived) == 2


def test_chunks_are_bounded_by_articles_and_by_characters() -> None:
    from sitrep.ingest.runner import CHUNK, CHUNK_CHARS, chunks

    def article(chars: int, n: int) -> Article:
        return Article(("x" * (chars - 6)) + f" {n:05d}", origin=str(n))

    news = [article(5_000, n) for n in range(20)]
    assert [len(c) for c in chunks(news)] == [CHUNK, CHUNK, 4]
    long = [article(2_000_000, 100), article(2_000_000, 101)]
    mixed = news[:3] + long[:1] + news[3:5] + [article(60_000, 200), article(60_000, 201)] + long[1:]
    sizes = [[len(a.text) for a in c] for c in chunks(mixed)]
    assert sizes == [
        [5_000] * 3,
        [2_000_000],  # a long article alone
        [5_000, 5_000, 60_000],
        [60_000],  # 60,000 more would pass CHUNK_CHARS
        [2_000_000],
    ]
    assert all(sum(s) <= CHUNK_CHARS or len(s) == 1 for s in sizes)
    assert [a.origin for c in chunks(mixed) for a in c] == [a.origin for a in mixed]  # order kept
    assert list(chunks([])) == []
