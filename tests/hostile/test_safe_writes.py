"""``export -o`` never replaces what is not a regular file: a symbolic link stays a link (its target is
replaced), a FIFO or device is written to directly."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from hostile_support import Run, report_text, write


@pytest.fixture
def db(sitrep: Run, tmp_path: Path) -> str:
    path = str(tmp_path / "s.db")
    for n in range(2):
        write(tmp_path / "in" / f"{n}.txt", report_text(n))
    assert sitrep("ingest", str(tmp_path / "in"), "--db", path).code == 0
    return path


def test_export_onto_a_symlink_keeps_the_link(sitrep: Run, db: str, tmp_path: Path) -> None:
    target = write(tmp_path / "real" / "events.csv", "old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    ran = sitrep("export", "-f", "csv", "-o", str(link), "--db", db)
    assert ran.code == 0, ran.err
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8").startswith("article_id")
    assert not list(tmp_path.glob("*.part")) and not list(target.parent.glob("*.part"))


def test_export_onto_a_fifo_writes_through(sitrep: Run, db: str, tmp_path: Path) -> None:
    fifo = tmp_path / "null"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def drain() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    ran = sitrep("export", "-f", "csv", "-o", str(fifo), "--db", db)
    reader.join(10)
    assert ran.code == 0, ran.err
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still a FIFO, not replaced by a regular file
    assert received and received[0].startswith(b"article_id")
    assert not (tmp_path / "null.part").exists()
