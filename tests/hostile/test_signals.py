"""Signals: SIGTERM stops ``ingest`` like Ctrl-C (batch flushed, run ``interrupted``, exit 143), and the
worker processes die with the main process. These run ``sitrep`` as a real process (with a time limit)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hostile_support import report_text, write

from sitrep.article import Article
from sitrep.ingest.runner import CoderSettings, IngestOptions, code_articles, ingest
from sitrep.store import Store

REPO = Path(__file__).resolve().parents[2]


def _start(folder: Path, db: Path, *args: str) -> subprocess.Popen[str]:
    env = os.environ | {"PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "sitrep", "ingest", str(folder), "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_progress(db: Path, process: subprocess.Popen[str], limit: float = 30.0) -> None:
    """Until the run's row counts some articles (the counts are kept current during the run)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    row = conn.execute("SELECT articles_read FROM runs ORDER BY id DESC").fetchone()
            except sqlite3.Error:
                row = None
            if row and row[0] > 0:
                return
        time.sleep(0.05)
    pytest.fail("the run made no progress")


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "in"
    for n in range(count):
        write(folder / f"{n:04d}.txt", report_text(n))
    return folder


def test_sigterm_stops_ingest_like_ctrl_c(tmp_path: Path) -> None:
    folder, db = _folder(tmp_path, 400), tmp_path / "s.db"
    process = _start(folder, db)
    try:
        _wait_for_progress(db, process)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 143, err
    assert "Traceback" not in err and "interrupted" in err
    with sqlite3.connect(db) as conn:
        status, read = conn.execute("SELECT status, articles_read FROM runs").fetchone()
        stored = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert status == "interrupted"
    assert 0 < stored == read < 400  # the batch in hand was flushed, and the row says so


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_die_with_the_main_process(tmp_path: Path) -> None:
    folder, db = _folder(tmp_path, 400), tmp_path / "s.db"
    process = _start(folder, db, "--workers", "2")
    try:
        _wait_for_progress(db, process)
        workers = _children(process.pid)
        assert workers
        process.kill()
        process.communicate(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
    finally:
        process.kill()


def _dies_on_poison(articles: list[Article], settings: CoderSettings, coder: str) -> tuple[list[Any], float]:
    if any("POISON" in article.text for article in articles):
        os._exit(9)  # as if killed (the OOM killer, kill -9)
    return code_articles(articles, settings, coder)


def test_a_dead_worker_quarantines_its_articles_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.ingest import runner

    folder = _folder(tmp_path, 24)
    write(folder / "poison.txt", report_text(999) + " POISON")
    monkeypatch.setattr(runner, "code_articles", _dies_on_poison)
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(folder)], store, IngestOptions(workers=2))
    assert report.status == "finished"
    assert report.failures and {f.kind for f in report.failures} == {"coding"}
    assert "worker process coding it died" in report.failures[0].reason
    assert [Path(f.source).name for f in report.failures] == ["poison.txt"]  # its chunk's others are kept
    assert report.counts.articles_read == 24


def test_a_worker_that_dies_while_loading_the_model_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first worker asked for the coder stamp dies as it loads (a kill -9, the OOM killer); a new
    # pool is started and the run goes on. (The pool forks, so the workers see this patch.)
    from sitrep.ingest import runner

    marker = tmp_path / "died-once"
    real = runner.coder_stamp

    def dies_once(settings: CoderSettings, extractor: Any) -> str:
        if not marker.exists():
            marker.touch()
            os._exit(1)
        return real(settings, extractor)

    monkeypatch.setattr(runner, "coder_stamp", dies_once)
    folder = _folder(tmp_path, 3)
    with Store(tmp_path / "s.db") as store:
        report = ingest([str(folder)], store, IngestOptions(workers=2))
    assert marker.exists() and report.status == "finished" and report.counts.articles_coded == 3


def test_workers_that_always_die_while_loading_are_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitrep.errors import ModelError
    from sitrep.ingest import runner

    def dies(settings: CoderSettings, extractor: Any) -> str:
        os._exit(1)

    monkeypatch.setattr(runner, "coder_stamp", dies)
    with Store(tmp_path / "s.db") as store, pytest.raises(ModelError, match="died while loading the model"):
        ingest([str(_folder(tmp_path, 2))], store, IngestOptions(workers=2))


def test_a_signal_as_the_pool_shuts_down_still_records_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C (or SIGTERM, which sitrep turns into the same) after the last article, while the workers
    # are being stopped: everything is stored, so the run is "finished", not left "running".
    from sitrep.ingest import runner

    real_close = runner._Coder.close

    def interrupted_close(self: Any, *, cancel: bool = False) -> None:
        real_close(self, cancel=cancel)
        raise KeyboardInterrupt

    monkeypatch.setattr(runner._Coder, "close", interrupted_close)
    with Store(tmp_path / "s.db") as store, pytest.raises(KeyboardInterrupt):
        ingest([str(_folder(tmp_path, 3))], store, IngestOptions(workers=1))
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("SELECT status, articles_coded FROM runs").fetchall() == [("finished", 3)]
