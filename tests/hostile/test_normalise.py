"""Text and metadata are cleaned once, where an article is made: lone surrogates, NUL and other control
characters, undecodable file names, zero-width-only texts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile_support import Run, failures, report_text, stored, write

from sitrep.article import Failure, clean_line, clean_text, is_blank, path_name
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers import read_sources


def test_clean_text_replaces_surrogates_and_drops_controls() -> None:
    assert clean_text("a\ud800b\x00c\x1b[1m\x85d\n\te\r") == "a\ufffdbc[1md\n\te\r"
    assert clean_line(" Title\nwith\tbreaks\x00 ") == "Title with breaks"
    assert clean_line("\x00\x01") is None
    assert path_name(os.fsdecode(b"odd\xff.txt")) == "odd\ufffd.txt"


@pytest.mark.parametrize("text", ["", "  \n", "\u200b\u200b", "\ufeff \u2060\u200d", "\x00\x00"])
def test_a_text_that_shows_nothing_is_empty(tmp_path: Path, text: str) -> None:
    assert is_blank(clean_text(text))
    path = write(tmp_path / "a.jsonl", json.dumps({"text": text}) + "\n")
    [item] = read_sources([str(path)], ReadOptions())
    assert isinstance(item, Failure) and item.kind == "empty"


def _surrogate_lines() -> str:
    lines = [
        '{"text": "Troops shelled the town \\ud800 on Monday, officials said."}',
        '{"text": "Rebels attacked a convoy on Tuesday.", "title": "Convoy \\udfff hit"}',
        '{"text": "Police arrested protesters on Wednesday.", "url": "https://x.example/\\ud83d"}',
        '{"text": "The army shelled the port \\u0000 on Thursday.", "source": "Wire\\u0000\\u001b[31m"}',
    ]
    return "\n".join(lines) + "\n"


def test_surrogates_and_nul_in_jsonl_are_cleaned_and_stored(sitrep: Run, db_url: str, tmp_path: Path) -> None:
    path = write(tmp_path / "bad.jsonl", _surrogate_lines())
    ran = sitrep("ingest", str(path), "--db", db_url)
    assert ran.code == 0, ran.err
    rows = stored(db_url)
    assert len(rows) == 4
    texts = {str(r["text"]) for r in rows.values()}
    assert "Troops shelled the town \ufffd on Monday, officials said." in texts
    assert "The army shelled the port  on Thursday." in texts
    assert {r["title"] for r in rows.values()} >= {"Convoy \ufffd hit"}
    assert {r["source"] for r in rows.values()} >= {"Wire[31m"}
    assert all("\x00" not in str(value) for row in rows.values() for value in row.values())


def test_an_undecodable_file_name_is_stored_with_replacement(
    sitrep: Run, db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"odd\xff.txt")).write_text(report_text(1), encoding="utf-8")
    write(folder / "nul\x01name.txt", "")
    ran = sitrep("ingest", str(folder), "--db", db_url)
    assert ran.code == 3  # the empty file is quarantined; the odd name is stored
    [row] = stored(db_url).values()
    assert str(row["origin"]).endswith("odd\ufffd.txt")
    [(source, kind, _)] = failures(db_url)
    assert kind == "empty" and source.endswith("nulname.txt")
