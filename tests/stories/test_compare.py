"""A story side by side, on three reports written for this test: a state agency attributes the strike to its
ministry, a local outlet to the governor with a loaded label quoted, a wire asserts it."""

from __future__ import annotations

import datetime as dt

import pytest
from rich.console import Console

from sitrep.article import Article
from sitrep.pipeline import Extractor
from sitrep.records import Document
from sitrep.stories.compare import Comparison, compare
from sitrep.stories.merge import merge_documents
from sitrep.stories.view import render_comparison

ARTICLES = [
    Article(
        id="a1",
        source="TASS",
        url="https://tass.com/world/1",
        published=dt.date(2026, 3, 2),
        text="MOSCOW, March 2. /TASS/. Russian forces struck a fuel depot in Kharkiv on Monday, "
        "the Russian Defence Ministry said.",
    ),
    Article(
        id="a2",
        source="Kyiv Independent",
        url="https://kyivindependent.com/x",
        published=dt.date(2026, 3, 2),
        text="Russian forces shelled a fuel depot in Kharkiv on Monday, killing two workers, "
        'the governor said. Moscow calls its invasion a "special military operation".',
    ),
    Article(
        id="a3",
        source="Reuters",
        url="https://www.reuters.com/world/x",
        published=dt.date(2026, 3, 3),
        text="Russia struck a fuel depot in Kharkiv, Ukraine's second city, on Monday. "
        "Ukraine's president condemned the attack.",
    ),
]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return list(Extractor().pipe(ARTICLES))


@pytest.fixture(scope="module")
def comparison(documents: list[Document]) -> Comparison:
    merged = merge_documents(documents, {d.id: "s1" for d in documents})
    return compare("s1", documents, merged)


def test_every_outlet_has_a_view_with_its_metadata(comparison: Comparison) -> None:
    views = {v.outlet: v for v in comparison.outlets}
    assert set(views) == {"TASS", "Kyiv Independent", "Reuters"}
    assert views["TASS"].known is not None and views["TASS"].known.ownership == "state"
    assert views["Reuters"].first_report == dt.date(2026, 3, 3)
    # outlets in the order they first reported
    assert comparison.outlets[-1].outlet == "Reuters"


def test_the_strike_is_one_event_asserted_by_one_outlet_and_attributed_by_the_others(
    comparison: Comparison,
) -> None:
    strikes = [m for m in comparison.merged if m.cameo and m.cameo.startswith("19")]
    assert len(strikes) == 1 and strikes[0].num_sources == 3
    views = {v.outlet: v for v in comparison.outlets}
    [tass] = [r for r in views["TASS"].reported if r.merged == strikes[0].id]
    [wire] = [r for r in views["Reuters"].reported if r.merged == strikes[0].id]
    assert tass.asserted == 0 and tass.attributed == ("the Russian Defence Ministry",)
    assert wire.asserted >= 1 and wire.attributed == ()


def test_what_others_report_and_the_words_each_uses(comparison: Comparison) -> None:
    views = {v.outlet: v for v in comparison.outlets}
    condemned = [m for m in comparison.merged if m.cameo and m.cameo.startswith("11")]
    assert condemned and condemned[0].id in views["TASS"].left_out
    [wording] = [w for w in views["Kyiv Independent"].wording if w.term == "special military operation"]
    assert "invasion" in wording.alternatives and wording.signals == ("pro-russia",)
    assert views["TASS"].wording == ()


def test_the_comparison_is_json(comparison: Comparison) -> None:
    data = comparison.to_dict()
    assert data["story"] == "s1" and len(data["outlets"]) == 3
    assert {o["ownership"] for o in data["outlets"]} == {"state", "private"}


def test_the_side_by_side_view_is_drawn(comparison: Comparison) -> None:
    console = Console(record=True, width=160)
    render_comparison(comparison, console)
    drawn = console.export_text()
    assert "Kyiv Independent" in drawn and "state" in drawn
    assert "said by the Russian Defence Ministry" in drawn and "✓" in drawn
    assert "special military operation" in drawn and "invasion" in drawn


def test_speakers_are_shown_by_name_with_their_code(comparison: Comparison) -> None:
    views = {v.outlet: v for v in comparison.outlets}
    speakers = dict(views["TASS"].speakers)
    assert any(name.startswith("the Russian Defence Ministry") for name in speakers)
