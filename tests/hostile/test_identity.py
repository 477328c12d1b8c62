"""The article id is the hash of its text, always; a record's own id is kept as ``external_id`` (schema 4),
so files numbered 1..N never collide, and a database from before schema 4 moves its rows to their hashes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hostile_support import Run, report_text, stored, write
from sqlalchemy import text

from sitrep.article import Article, content_id
from sitrep.pipeline import Extractor
from sitrep.store import Coded, Store
from sitrep.store import migrations as mig


def test_records_numbered_1_to_n_in_two_files_never_collide(sitrep: Run, db_url: str, tmp_path: Path) -> None:
    for name, offset in (("a.jsonl", 0), ("b.jsonl", 100)):
        lines = [json.dumps({"id": n, "text": report_text(offset + n)}) for n in range(1, 4)]
        write(tmp_path / "in" / name, "\n".join(lines) + "\n")
    ran = sitrep("ingest", str(tmp_path / "in"), "--db", db_url)
    assert ran.code == 0, ran.err
    rows = stored(db_url)
    assert set(rows) == {content_id(report_text(n)) for n in (1, 2, 3, 101, 102, 103)}
    assert sorted(str(r["external_id"]) for r in rows.values()) == ["1", "1", "2", "2", "3", "3"]
    ran = sitrep("export", "-f", "csv", "--db", db_url)
    exported = list(csv.DictReader(io.StringIO(ran.out)))
    assert exported and {row["external_id"] for row in exported} <= {"1", "2", "3"}
    ran = sitrep("stories", "--format", "jsonl", "--db", db_url)
    assert sorted(json.loads(line)["id"] for line in ran.out.splitlines()) == ["1", "1", "2", "2", "3", "3"]


def test_a_schema_3_database_moves_record_ids_to_hashes(db_url: str) -> None:
    extractor = Extractor()
    old = Article(report_text(5), id="7")  # how ingest stored a JSONL record before schema 4
    [document] = extractor.pipe([old])
    with Store(db_url) as store:
        run = store.begin_run(["old"], 1, "c")
        store.write([Coded(old, document, "en", "c")], run)
        with store.engine.begin() as conn:
            conn.execute(text("DROP INDEX ix_articles_external_id"))
            conn.execute(text("ALTER TABLE articles DROP COLUMN external_id"))
            conn.execute(text("DELETE FROM sitrep_schema WHERE version > 3"))
        events = store.count("events")
    with Store(db_url) as store:
        assert (store.version_before, store.version) == (3, mig.LATEST)
        assert store.count("events") == events > 0
        [ident] = stored(db_url)
        assert ident == content_id(report_text(5))
        assert stored(db_url)[ident]["external_id"] == "7"
        [doc] = list(store.documents())
        assert doc["id"] == ident
        with store.engine.connect() as conn:
            owners = {str(v) for (v,) in conn.execute(text("SELECT DISTINCT article_id FROM events"))}
        assert owners == {ident}
