"""The per-article time budget: an article whose coding runs over it is quarantined as ``coding`` with the
reason, and the rest of its chunk is coded on."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import ClassVar

import pytest

from sitrep.article import Article, Failure
from sitrep.errors import ConfigError, TimeBudgetError
from sitrep.ingest import runner
from sitrep.ingest.runner import CoderSettings, code_articles
from sitrep.pipeline import Extractor
from sitrep.stages import ArticleState
from sitrep.store.rows import Coded


class Stall:
    """A stage that takes two seconds on any text with "STALL" in it: a stand-in for a pathological text."""

    name: ClassVar[str] = "stall"
    requires = frozenset({"text"})
    assigns: frozenset[str] = frozenset()

    def __call__(self, state: ArticleState) -> None:
        if "STALL" in state.text:
            time.sleep(2)


@pytest.fixture(scope="module")
def stalling() -> Extractor:
    plain = Extractor(time_budget=0.2)
    return Extractor(stages=(*plain.stages, Stall()), time_budget=0.2)


def test_coding_over_the_budget_raises_with_the_reason(stalling: Extractor) -> None:
    assert stalling("Russian troops shelled Kharkiv on Monday.").events
    with pytest.raises(TimeBudgetError, match="time budget"):
        stalling("Russian troops shelled Kharkiv on Monday. STALL")


def test_the_slow_article_alone_is_quarantined(stalling: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "_extractor", lambda settings: stalling)
    texts = [
        "Russian troops shelled Kharkiv on Monday.",
        "Police arrested protesters in Paris on Tuesday. STALL",
        "Israel struck targets in Gaza on Sunday.",
    ]
    articles = [Article(text, origin=f"t{n}") for n, text in enumerate(texts)]
    started = time.perf_counter()
    outcomes, _seconds = code_articles(articles, CoderSettings(time_budget=0.2), "test")
    assert time.perf_counter() - started < 4  # the stalled article is not coded a second time
    assert [type(o) for o in outcomes] == [Coded, Failure, Coded]
    failure = outcomes[1]
    assert isinstance(failure, Failure)
    assert failure.kind == "coding" and failure.source == "t1" and "time budget" in failure.reason


def test_the_parse_of_a_long_article_counts_against_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # A text over slice_chars is parsed alone, inside its own budget: a parse that stalls is caught there.
    coder = Extractor(slice_chars=200, time_budget=0.2)
    real_parse = coder.parse

    def stalling_parse(text: str) -> object:
        if "STALL" in text:
            time.sleep(2)
        return real_parse(text)

    monkeypatch.setattr(coder, "parse", stalling_parse)
    sentence = "Russian troops shelled Kharkiv on Monday, officials said. "
    long_slow = sentence * 6 + "STALL"
    texts = [sentence, long_slow, sentence * 6]
    articles = [Article(text, origin=f"t{n}") for n, text in enumerate(texts)]
    started = time.perf_counter()
    results = [result for _article, result in coder.pipe_budgeted(articles)]
    assert time.perf_counter() - started < 3
    assert isinstance(results[1], TimeBudgetError) and "time budget" in str(results[1])
    assert not isinstance(results[0], TimeBudgetError) and results[0].events
    assert not isinstance(results[2], TimeBudgetError) and len(results[2].events) == 6


def test_no_budget_means_no_limit() -> None:
    slow = Extractor(stages=(Stall(),), time_budget=None)
    assert slow("STALL").text == "STALL"


def test_a_bad_budget_is_refused() -> None:
    with pytest.raises(ConfigError):
        Extractor(time_budget=-1)


def test_extract_jsonl_reports_the_slow_line_and_codes_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitrep.cli import main

    plain = Extractor.default_stages
    monkeypatch.setattr(Extractor, "default_stages", lambda self: (*plain(self), Stall()))
    path = tmp_path / "batch.jsonl"
    lines = [
        {"id": "a", "text": "Russian troops shelled Kharkiv on Monday."},
        {"id": "b", "text": "Police arrested protesters in Paris on Tuesday. STALL"},
        {"id": "c", "text": "Israel struck targets in Gaza on Sunday."},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    assert main(["extract", "--jsonl", str(path), "--time-budget", "0.3"]) == 3
    captured = capsys.readouterr()
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["a", "c"]
    assert f"error: {path}:2: coding took longer than its time budget" in captured.err
    assert "1 line(s)" in captured.err


@pytest.mark.parametrize("value", ["-1", "nan", "90000"])
def test_a_bad_time_budget_option_exits_2(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sitrep.cli import main

    assert main(["extract", "-", "--time-budget", value]) == 2
    assert "--time-budget" in capsys.readouterr().err
