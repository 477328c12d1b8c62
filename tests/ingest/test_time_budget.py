"""The per-article time budget: an article whose coding runs over it is quarantined as ``coding`` with the
reason, and the rest of its chunk is coded on."""

from __future__ import annotations

import time
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


def test_no_budget_means_no_limit() -> None:
    slow = Extractor(stages=(Stall(),), time_budget=None)
    assert slow("STALL").text == "STALL"


def test_a_bad_budget_is_refused() -> None:
    with pytest.raises(ConfigError):
        Extractor(time_budget=-1)
