"""Declared stages: the Extractor checks their order when it is built and reports every problem at once."""

from __future__ import annotations

from typing import ClassVar

import pytest

from sitrep.errors import ConfigError
from sitrep.stages import FIELDS, GIVEN, ArticleState, Stage, check_order


class Step:
    """A stage that only declares; these tests never run it."""

    name: ClassVar[str] = "step"

    def __init__(self, name: str, requires: set[str], assigns: set[str]) -> None:
        self.name = name  # type: ignore[misc]
        self.requires = frozenset(requires)
        self.assigns = frozenset(assigns)

    def __call__(self, state: ArticleState) -> None:
        raise AssertionError("not run")


def test_a_good_order_passes() -> None:
    check_order(
        [
            Step("a", {"doc"}, {"mentions"}),
            Step("b", {"doc"}, {"quotes"}),
            Step("c", {"mentions", "quotes"}, {"actors"}),
        ]
    )


def test_every_problem_is_reported_at_once() -> None:
    stages = [
        Step("voices", {"mentions", "quotes"}, {"actors"}),
        Step("actors", {"doc"}, {"mentions"}),
        Step("again", {"doc"}, {"mentions", "colour"}),
        Step("late", {"events"}, {"framing"}),
    ]
    with pytest.raises(ConfigError) as raised:
        check_order(stages)
    message = str(raised.value)
    assert "5 problems" in message
    assert "'voices' requires 'mentions', which stage 'actors' assigns only after it" in message
    assert "'voices' requires 'quotes', which no stage assigns" in message
    assert "'again' assigns 'mentions', which stage 'actors' already assigns" in message
    assert "'colour', which is not a field of ArticleState" in message
    assert "'late' requires 'events'" in message


def test_a_stage_may_not_reassign_what_the_article_gives() -> None:
    with pytest.raises(ConfigError, match="'doc', which the article already assigns"):
        check_order([Step("reparse", {"text"}, {"doc"})])


def test_the_given_fields_are_fields() -> None:
    assert GIVEN <= FIELDS


def test_the_default_stages_are_stages_and_in_order() -> None:
    from sitrep.pipeline import Extractor

    extractor = Extractor()
    assert [s.name for s in extractor.stages] == [
        "actors",
        "quotes",
        "voices",
        "dates",
        "events",
        "framing",
        "places",
        "locations",
    ]
    assert all(isinstance(s, Stage) for s in extractor.stages)
    with pytest.raises(ConfigError, match="'voices' requires 'mentions'"):
        Extractor(stages=list(reversed(extractor.stages)))
