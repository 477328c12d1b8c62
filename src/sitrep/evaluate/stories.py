"""Scoring story grouping against gold stories (stories-dev's ``articles.jsonl``, with ``story``, ``corpus``).

sitrep groups the articles in stream order (``story`` and ``corpus`` are dropped first); the grouping is
compared with the gold stories by B-cubed precision, recall and F1 (the headline figure), the share of gold
stories complete in one cluster and reproduced exactly, and the number of clusters per gold story, overall
and per corpus. The order of articles that share a date (or have none) says nothing about their stories, so
the stream is also grouped again with that order shuffled (seeded), and the range of each figure reported.
Format and scoring: docs/evaluation.md#stories.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sitrep.errors import InputError
from sitrep.stories.group import StoryInput, StorySettings, group


@dataclass(frozen=True, slots=True)
class GoldArticle:
    article: StoryInput
    story: str
    corpus: str


@dataclass(frozen=True, slots=True)
class ClusterScores:
    """How a grouping compares with the gold stories."""

    articles: int
    stories: int
    clusters: int
    precision: float
    recall: float
    f1: float
    complete: float
    exact: float

    @property
    def clusters_per_story(self) -> float:
        return self.clusters / self.stories if self.stories else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "stories": self.stories,
            "clusters": self.clusters,
            "bcubed": {"precision": self.precision, "recall": self.recall, "f1": self.f1},
            "complete": self.complete,
            "exact": self.exact,
            "clusters_per_story": self.clusters_per_story,
        }


@dataclass(frozen=True, slots=True)
class StoryScores:
    overall: ClusterScores
    per_corpus: dict[str, ClusterScores]
    shuffles: list[ClusterScores] = field(default_factory=list)
    """The overall scores of each shuffled order (empty without ``--shuffles``)."""
    seed: int = 0

    def spread(self, metric: Callable[[ClusterScores], float]) -> tuple[float, float]:
        """(lowest, highest) of a figure over the stream order and the shuffles."""
        values = [metric(s) for s in (self.overall, *self.shuffles)]
        return min(values), max(values)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "overall": self.overall.to_dict(),
            "per_corpus": {name: s.to_dict() for name, s in sorted(self.per_corpus.items())},
        }
        if self.shuffles:
            data["shuffles"] = {
                "count": len(self.shuffles),
                "seed": self.seed,
                "f1": list(self.spread(lambda s: s.f1)),
                "precision": list(self.spread(lambda s: s.precision)),
                "recall": list(self.spread(lambda s: s.recall)),
                "complete": list(self.spread(lambda s: s.complete)),
                "clusters_per_story": list(self.spread(lambda s: s.clusters_per_story)),
            }
        return data


def score_clusters(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> ClusterScores:
    """B-cubed P/R/F1, complete and exact shares, of a predicted grouping against gold labels (same order)."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    n = len(gold)
    pred_size = Counter(predicted)
    gold_size = Counter(gold)
    both = Counter(zip(predicted, gold, strict=True))
    precision = (
        sum(both[(p, g)] / pred_size[p] for p, g in zip(predicted, gold, strict=True)) / n if n else 0.0
    )
    recall = sum(both[(p, g)] / gold_size[g] for p, g in zip(predicted, gold, strict=True)) / n if n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    clusters_of: defaultdict[Hashable, set[Hashable]] = defaultdict(set)
    for p, g in zip(predicted, gold, strict=True):
        clusters_of[g].add(p)
    complete = sum(1 for g, cs in clusters_of.items() if len(cs) == 1)
    exact = sum(
        1 for g, cs in clusters_of.items() if len(cs) == 1 and pred_size[next(iter(cs))] == gold_size[g]
    )
    stories = len(gold_size)
    return ClusterScores(
        articles=n,
        stories=stories,
        clusters=len(pred_size),
        precision=precision,
        recall=recall,
        f1=f1,
        complete=complete / stories if stories else 0.0,
        exact=exact / stories if stories else 0.0,
    )


def with_actors(gold: Sequence[GoldArticle], actors: Sequence[Sequence[str]]) -> list[GoldArticle]:
    """The gold articles with the coded actors of each (codes and names, in article order) attached."""
    return [
        GoldArticle(replace(g.article, actors=tuple(a)), g.story, g.corpus)
        for g, a in zip(gold, actors, strict=True)
    ]


def read_story_gold(path: Path) -> list[GoldArticle]:
    """The articles of a stories-dev ``articles.jsonl`` (or a folder holding it), in stream order."""
    if path.is_dir():
        path = path / "articles.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"{path}: cannot read the file: {error.strerror or error}") from None
    found: list[GoldArticle] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            published = record.get("published")
            article = StoryInput(
                id=str(record["id"]),
                text=str(record["text"]),
                title=record.get("title"),
                published=dt.date.fromisoformat(published) if published else None,
            )
            found.append(GoldArticle(article, str(record["story"]), str(record.get("corpus") or "all")))
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"{path}:{number}: not a story-gold article ({error})") from None
    if not found:
        raise InputError(f"{path}: no articles")
    return found


def shuffled(gold: Sequence[GoldArticle], rng: random.Random) -> list[GoldArticle]:
    """The stream with the order among articles of the same date (and among the undated) shuffled; dated
    articles stay in date order, undated ones last."""
    by_date: dict[dt.date | None, list[GoldArticle]] = defaultdict(list)
    for item in gold:
        by_date[item.article.published].append(item)
    order = sorted(d for d in by_date if d is not None) + ([None] if None in by_date else [])
    result: list[GoldArticle] = []
    for day in order:
        block = list(by_date[day])
        rng.shuffle(block)
        result += block
    return result


def evaluate_stories(
    gold: Sequence[GoldArticle],
    settings: StorySettings | None = None,
    *,
    shuffles: int = 0,
    seed: int = 0,
    grouper: Callable[[Sequence[StoryInput]], list[int]] | None = None,
    advance: Callable[[int], None] | None = None,
) -> StoryScores:
    """Group the gold articles in stream order (and ``shuffles`` seeded reorderings) and score them."""
    run = grouper or (lambda articles: group(articles, settings))

    def score(stream: Sequence[GoldArticle]) -> tuple[ClusterScores, Mapping[str, ClusterScores]]:
        labels = run([g.article for g in stream])
        if advance is not None:
            advance(1)
        overall = score_clusters(labels, [g.story for g in stream])
        by_corpus: defaultdict[str, tuple[list[int], list[str]]] = defaultdict(lambda: ([], []))
        for label, item in zip(labels, stream, strict=True):
            by_corpus[item.corpus][0].append(label)
            by_corpus[item.corpus][1].append(item.story)
        return overall, {name: score_clusters(p, g) for name, (p, g) in by_corpus.items()}

    overall, per_corpus = score(gold)
    rng = random.Random(seed)
    others = [score(shuffled(gold, rng))[0] for _ in range(shuffles)]
    return StoryScores(overall, dict(per_corpus), others, seed)
