"""``sitrep stories`` and ``sitrep eval stories`` (``sitrep.cli.stories``, ``sitrep.cli.evaluate``); ``sitrep
ingest`` puts the articles it stores in stories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evaluate.test_stories import _gold_file
from stories.test_group import FLOOD, STRIKE

from sitrep.cli import main

ARTICLES = [
    {"id": "w-1", "text": STRIKE[0], "published": "2025-05-12", "source": "Wire A", "title": "Bridge hit"},
    {"id": "p-1", "text": FLOOD[0], "published": "2025-05-12", "source": "Post B"},
    {"id": "p-2", "text": STRIKE[1], "published": "2025-05-13", "source": "Post B"},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("stories")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    path = str(folder / "news.db")
    assert main(["ingest", str(source), "--db", path]) == 0
    return path


def _lines(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["stories", "--format", "jsonl", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_ingest_groups_and_jsonl_gives_the_ingested_ids(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _lines(capsys, "--db", db)
    # The JSONL ids, in grouping order: by date, then (stored in one batch) by id.
    assert [line["id"] for line in lines] == ["p-1", "w-1", "p-2"]
    story = {line["id"]: line["story"] for line in lines}
    assert story["w-1"] == story["p-2"] == 2 and story["p-1"] == 1


def test_table_lists_outlets_and_counts(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["stories", "--db", db]) == 0
    output = capsys.readouterr().out
    assert "2 stories" in output and "Post B, Wire A" in output and "Bridge hit" in output


def test_since_keeps_stories_with_later_articles(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert {line["story"] for line in _lines(capsys, "--db", db, "--since", "2025-05-13")} == {2}


def test_rebuild_gives_the_same_stories(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = _lines(capsys, "--db", db)
    assert _lines(capsys, "--db", db, "--rebuild") == before


def test_a_bad_since_is_exit_2(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stories", "--db", db, "--since", "May"]) == 2
    assert "--since must be a date YYYY-MM-DD, got 'May'" in capsys.readouterr().err


def test_eval_stories_json_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _gold_file(tmp_path)
    capsys.readouterr()
    assert main(["eval", "stories", str(path), "--format", "json", "--shuffles", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["overall"]["bcubed"]["f1"] == 1.0 and data["shuffles"]["count"] == 2
    assert set(data["per_corpus"]) == {"papers", "wire"}
    assert main(["eval", "stories", str(path), "--shuffles", "1"]) == 0
    output = capsys.readouterr().out
    assert "B³ F1" in output and "papers" in output and "1 shuffles" in output


def test_eval_stories_bad_file_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("not json\n", "utf-8")
    assert main(["eval", "stories", str(path)]) == 3
    assert "x.jsonl:1" in capsys.readouterr().err


def test_eval_stories_with_coded_actors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_model_env: None
) -> None:
    path = _gold_file(tmp_path)
    capsys.readouterr()
    assert main(["eval", "stories", str(path), "--actors", "2", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["overall"]["articles"] == 6
    assert main(["eval", "stories", str(path), "--actors", "-1"]) == 2


def test_compare_sets_a_story_side_by_side(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["compare", "2", "--db", db, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["story"] == "2"
    assert {o["outlet"] for o in data["outlets"]} == {"Wire A", "Post B"}
    assert all(o["ownership"] is None for o in data["outlets"])  # neither outlet is in the table
    assert main(["compare", "2", "--db", db]) == 0
    drawn = capsys.readouterr().out
    assert "Wire A" in drawn and "Post B" in drawn


def test_compare_of_an_unknown_story_is_an_input_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["compare", "99", "--db", db]) == 3
    assert "no story 99" in capsys.readouterr().err


def test_eval_stories_refuses_an_unknown_merging_mode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["eval", "stories", str(tmp_path), "--merging", "maybe"]) == 2
    assert "--merging" in capsys.readouterr().err


def test_the_table_counts_merged_events_when_asked(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["stories", "--db", db]) == 0
    assert "events" not in capsys.readouterr().out
    assert main(["stories", "--db", db, "--events"]) == 0
    assert "events" in capsys.readouterr().out
