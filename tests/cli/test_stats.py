"""``sitrep stats`` (``sitrep.cli.stats``): the same figures as tables (default) or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitrep.cli import main

ARTICLES = [
    {"id": "a1", "text": "Russian troops attacked Kharkiv.", "published": "2022-03-01", "source": "Wire"},
    {"id": "a2", "text": "Iran threatened Israel.", "published": "2022-03-02", "source": "Wire"},
    {"id": "a3", "text": "Protesters marched in Paris.", "published": "2022-03-02", "source": "Post"},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("stats")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    path = str(folder / "news.db")
    assert main(["ingest", str(source), "--db", path]) == 0
    return path


def stats_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["stats", "--format", "json", *args]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_json_figures(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys, "--db", db)
    assert data["database"] == f"sqlite:///{db}"
    assert (data["articles"], data["articles_coded"], data["articles_not_coded"]) == (3, 3, 0)
    assert (data["failures"], data["runs"]) == (0, 1)
    events = data["events"]
    assert events >= 2
    for breakdown in ("by_root", "by_pair", "by_day"):
        assert sum(row["events"] for row in data[breakdown]) == events
    assert {"root": "13", "name": "Threaten", "events": 1} in data["by_root"]
    assert {"source": "IRN", "target": "ISR", "events": 1} in data["by_pair"]
    assert [d["day"] for d in data["by_day"]] == ["2022-03-01", "2022-03-02"]
    assert [(o["outlet"], o["articles"]) for o in data["by_outlet"]] == [("Wire", 2), ("Post", 1)]


def test_json_has_the_figures_of_the_table(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys, "--db", db)
    assert main(["stats", "--db", db]) == 0
    shown = " ".join(capsys.readouterr().out.split())  # the head line wraps at the terminal width
    assert f"{data['articles']} articles" in shown and f"{data['events']} events" in shown
    for row in data["by_root"]:
        assert row["name"] in shown


def test_top_limits_the_breakdowns(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys, "--db", db, "--top", "1")
    assert [o["outlet"] for o in data["by_outlet"]] == ["Wire"]
    assert len(data["by_root"]) == len(data["by_pair"]) == 1


def test_table_is_the_default(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--db", db]) == 0
    shown = capsys.readouterr().out
    for heading in ("Events by CAMEO root", "country pair", "By outlet", "Events by day"):
        assert heading in shown
    assert "3 articles (3 coded, 0 not coded)" in " ".join(shown.split())


def test_empty_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = stats_json(capsys, "--db", str(tmp_path / "empty.db"))
    counts = ("articles", "articles_coded", "articles_not_coded", "events", "quotes", "framing", "failures")
    assert all(data[name] == 0 for name in counts)
    assert data["by_root"] == data["by_pair"] == data["by_outlet"] == data["by_day"] == []
    assert main(["stats", "--db", str(tmp_path / "empty.db")]) == 0
    assert "no events stored yet" in capsys.readouterr().out
