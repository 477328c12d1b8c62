"""``sitrep parse`` and ``sitrep model`` (``sitrep.cli.nlp``)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from support import EXAMPLES

from sitrep.cli import main

EXAMPLE = EXAMPLES / "kyiv-talks.txt"


def test_parse_json(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["parse", str(EXAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    text = data["text"]
    assert text == EXAMPLE.read_text(encoding="utf-8")
    for item in data["tokens"] + data["entities"]:
        assert text[item["start"] : item["end"]] == item["text"]
    assert {"text": "Volodymyr Zelensky", "kind": "PER"}.items() <= next(
        e for e in data["entities"] if e["text"] == "Volodymyr Zelensky"
    ).items()
    assert len(data["sentences"]) == 6


def test_parse_table_draws_sentences(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["parse", str(EXAMPLE)]) == 0
    shown = capsys.readouterr().out
    assert "sentence 6" in shown and "Zelensky" in shown and "nsubj" in shown


def test_parse_conllu(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["parse", str(EXAMPLE), "--format", "conllu"]) == 0
    blocks = [b for b in capsys.readouterr().out.split("\n\n") if b.strip()]
    assert len(blocks) == 6
    for block in blocks:
        rows = [line.split("\t") for line in block.splitlines() if not line.startswith("#")]
        assert all(len(r) == 10 for r in rows)
        assert sum(r[6] == "0" for r in rows) >= 1


def test_parse_reads_stdin(no_model_env: None) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sitrep", "parse", "-", "--format", "json"],
        input="NATO ministers met in Brussels.",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["text"] == "NATO ministers met in Brussels."


def test_model_command(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["model"]) == 0
    shown = capsys.readouterr().out
    assert "MIT" in shown and "sitrep_sentences" in shown and "sitrep_ud" in shown
    assert "identical to the official release" in shown  # the pinned files were checked
    assert main(["model", "--model", "en_sitrep_news"]) == 0
    shown = capsys.readouterr().out
    assert "CC BY-SA 4.0" in shown and "sitrep_ud" not in shown and "official release" not in shown
