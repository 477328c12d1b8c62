"""Quality gate for events and quotes on real news: ``../shared/data/realnews-dev`` (27 hand-coded articles;
runs in CI, skipped without ../shared/data).

Floors are pinned a little under what `sitrep eval events ../shared/data/realnews-dev` measures
(docs/evaluation.md), so a change that loses accuracy on real news fails the build. The issue's targets
(strict precision ≥ 0.50, lenient ≥ 0.80, recall ≥ 0.65 / 0.40, quotes ≥ 0.92, speakers ≥ 0.75) are met
on this development set; the floors guard what is there. The articles are the yardstick only: no test copies
their sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.evaluate.events import EventScores, evaluate_events, read_gold
from sitrep.pipeline import Extractor

EPSILON = 0.005
FLOORS = {
    "strict_precision": 0.51,
    "lenient_precision": 0.83,
    "lenient_recall": 0.645,
    "strict_recall": 0.40,
    "quotes_found_share": 0.95,
    "speaker_accuracy": 0.76,
}

pytestmark = pytest.mark.gold


@pytest.fixture(scope="module")
def scores(gold_data: Path) -> EventScores:
    return evaluate_events(read_gold(gold_data / "realnews-dev"), Extractor())


def test_every_article_and_gold_event_is_read(scores: EventScores) -> None:
    assert scores.total.articles == 27
    assert scores.total.required == 253
    assert scores.total.quotes == 141


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_real_news_floor(scores: EventScores, measure: str) -> None:
    value = getattr(scores.total, measure)
    assert value >= FLOORS[measure] - EPSILON, f"{measure} {value:.3f} < floor {FLOORS[measure]}"


def test_event_locations_floor(scores: EventScores) -> None:
    # Where the events happened (gold_event_locations.jsonl): the country over all 194 located gold events
    # (a gold event no prediction is matched to counts as wrong) and the point for the 102 city-precision
    # ones. The targets (0.85 / 0.75) are not met; docs/places.md says why.
    where = scores.total.location_scores()
    assert where["located_gold"] == 194 and where["city_gold"] == 102
    assert where["country_accuracy"] >= 0.465, where
    assert where["city_within_161km"] >= 0.52, where


def test_confidence_stays_calibrated_on_real_news(scores: EventScores) -> None:
    # In-sample (realnews-dev is in the fit; the article-held-out figure is in docs/events.md): a coder change
    # that leaves the weights stale shows here first. Refit with benchmarks/fit_confidence.py.
    assert scores.reliability.ece <= 0.12
