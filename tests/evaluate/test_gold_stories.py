"""Quality gate for story grouping on ``../shared/data/stories-dev`` (661 articles, 99 stories; runs in CI,
skipped without ../shared/data).

Floors are pinned a little under what ``sitrep eval stories ../shared/data/stories-dev --shuffles 4``
measures (docs/stories.md), so a change that groups worse fails the build. The issue's target (B-cubed F1
≥ 0.95 with 0.95–1.05 clusters per gold story) is half met (clusters per story, not F1); the floors guard
what is there. The settings were tuned on this same set. The articles are the yardstick only: no test copies
their sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.evaluate.stories import StoryScores, evaluate_stories, read_story_gold

pytestmark = pytest.mark.gold

FLOORS = {"f1": 0.92, "precision": 0.885, "recall": 0.955, "complete": 0.90}
CLUSTERS_PER_STORY = (0.95, 1.05)
CORPUS_F1 = {"basil": 0.98, "ecbplus": 0.895, "newswcl50": 0.87}
SHUFFLED_F1 = 0.885


@pytest.fixture(scope="module")
def scores(gold_data: Path) -> StoryScores:
    return evaluate_stories(read_story_gold(gold_data / "stories-dev"), shuffles=2, seed=0)


def test_every_article_and_story_is_read(scores: StoryScores) -> None:
    assert (scores.overall.articles, scores.overall.stories) == (661, 99)


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_overall_floor(scores: StoryScores, measure: str) -> None:
    assert getattr(scores.overall, measure) >= FLOORS[measure]


def test_clusters_per_story(scores: StoryScores) -> None:
    low, high = CLUSTERS_PER_STORY
    assert low <= scores.overall.clusters_per_story <= high


@pytest.mark.parametrize("corpus", sorted(CORPUS_F1))
def test_corpus_floor(scores: StoryScores, corpus: str) -> None:
    assert scores.per_corpus[corpus].f1 >= CORPUS_F1[corpus]


def test_another_order_stays_above_the_floor(scores: StoryScores) -> None:
    assert scores.spread(lambda s: s.f1)[0] >= SHUFFLED_F1
