"""``sitrep eval plover``, ``quotes`` and ``events`` (``sitrep.cli.evaluate``); the scorers themselves are
tested in tests/evaluate/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import EXAMPLES, TEST_DATA

from sitrep.cli import main

PLOVER_GOLD = TEST_DATA / "plover_gold.json"
"""Three PLOVER-format gold records written for the tests (and a documentation record, skipped)."""


def test_eval_plover_json(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["eval", "plover", str(PLOVER_GOLD), "--format", "json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["records"] == 3
    assert set(scores["by_type"]) == {"ASSAULT", "CONSULT", "THREATEN"}
    assert scores["by_type"]["ASSAULT"] == {"right": 1, "records": 1}
    for measure in ("type", "source", "target", "triple"):
        assert 0 <= scores[f"{measure}_accuracy"] <= 1
    assert len(scores["misses"]) == 3 - round(scores["triple_accuracy"] * 3)


def test_eval_plover_table(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["eval", "plover", str(PLOVER_GOLD)]) == 0
    shown = capsys.readouterr().out
    assert "PLOVER gold records: 3" in shown and "By gold type" in shown and "source + type + target" in shown


def test_eval_plover_bad_file_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gold.json"
    path.write_text('[{"id": "doc", "event": "DOCUMENT", "text": ""}]', encoding="utf-8")
    assert main(["eval", "plover", str(path)]) == 3
    assert capsys.readouterr().err == f"error: {path}: no event records\n"


def test_eval_quotes_json(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["eval", "quotes", str(EXAMPLES / "quotes-gold.jsonl"), "--format", "json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["articles"] == 8 and scores["gold_pieces"] == 17
    # The example file is small and was written alongside the finder: a smoke floor, not a measurement.
    assert scores["overlap"]["f1"] >= 0.8
    assert scores["speaker_accuracy"] >= 0.8


def test_eval_quotes_table(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["eval", "quotes", str(EXAMPLES / "quotes-gold.jsonl")]) == 0
    shown = capsys.readouterr().out
    assert "exact" in shown and "overlap" in shown and "speaker accuracy" in shown


def test_eval_quotes_bad_file_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    assert main(["eval", "quotes", str(path)]) == 3
    assert capsys.readouterr().err.startswith(f"error: {path}:1:")


def test_eval_without_a_scorer_shows_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval"]) == 2
    shown = capsys.readouterr().out
    assert "plover" in shown and "quotes" in shown and "events" in shown


REALNEWS = EXAMPLES / "realnews"
"""Two short articles in the realnews gold format, written for the docs and tests."""


def test_eval_events_json(capsys: pytest.CaptureFixture[str], no_model_env: None) -> None:
    assert main(["eval", "events", str(REALNEWS), "--format", "json", "-v"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["articles"] == 2 and scores["required_gold"] == 3 and scores["gold_quotes"] == 3
    assert set(scores["by_article"]) == {"w01_wire_kharkiv", "w02_wire_cairo"}
    assert "wrong" in scores and "missed" in scores


def test_eval_events_table_lists_wrong_and_missed_with_sentences(
    capsys: pytest.CaptureFixture[str], no_model_env: None
) -> None:
    assert main(["eval", "events", str(REALNEWS), "--verbose"]) == 0
    shown = capsys.readouterr().out
    assert "strict precision" in shown and "By article" in shown and "w02_wire_cairo" in shown
    # -v shows every event that is not all right with its sentence: the quote's "give up" is no gold event.
    assert "We will never give up our land" in shown


def test_eval_events_not_a_gold_folder_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "events", str(tmp_path)]) == 3
    assert capsys.readouterr().err == f"error: {tmp_path}: no articles.jsonl: not a realnews gold folder\n"
