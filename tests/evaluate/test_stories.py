"""Story scoring: B-cubed, complete and exact shares, clusters per story, per corpus, shuffles."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from stories.test_group import ELECTION, FLOOD, STRIKE

from sitrep.errors import InputError
from sitrep.evaluate.stories import (
    evaluate_stories,
    read_story_gold,
    score_clusters,
    shuffled,
    with_actors,
)


def test_a_perfect_grouping_scores_one() -> None:
    s = score_clusters([1, 1, 2], ["a", "a", "b"])
    assert (s.precision, s.recall, s.f1, s.complete, s.exact, s.clusters_per_story) == (1, 1, 1, 1, 1, 1)


def test_bcubed_by_hand() -> None:
    # gold {1,2,3} {4}; predicted {1,2} {3,4}
    s = score_clusters(["x", "x", "y", "y"], ["a", "a", "a", "b"])
    assert s.precision == pytest.approx((1 + 1 + 0.5 + 0.5) / 4)
    assert s.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert s.complete == 0.5  # b is in one cluster, a is split
    assert s.exact == 0.0  # b's cluster also holds an article of a
    assert s.clusters_per_story == 1.0


def test_everything_in_one_cluster_is_complete_but_imprecise() -> None:
    s = score_clusters([0] * 4, ["a", "a", "b", "c"])
    assert s.recall == 1 and s.complete == 1 and s.precision == pytest.approx(0.375)
    assert s.clusters_per_story == pytest.approx(1 / 3)


def _gold_file(tmp_path: Path) -> Path:
    rows = [
        ("g1", STRIKE[0], "2025-05-12", "s1", "wire"),
        ("g2", FLOOD[0], "2025-05-12", "s2", "wire"),
        ("g3", STRIKE[1], "2025-05-13", "s1", "wire"),
        ("g4", ELECTION[0], None, "s3", "papers"),
        ("g5", FLOOD[1], None, "s2", "wire"),
        ("g6", STRIKE[2], None, "s1", "papers"),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": i, "text": t, "title": None, "published": d, "story": s, "corpus": c}) + "\n"
            for i, t, d, s, c in rows
        ),
        "utf-8",
    )
    return path


def test_evaluate_stories_per_corpus_and_shuffles(tmp_path: Path) -> None:
    _gold_file(tmp_path)
    gold = read_story_gold(tmp_path)
    scores = evaluate_stories(gold, shuffles=3, seed=7)
    assert scores.overall.f1 == 1.0 and scores.overall.clusters_per_story == 1.0
    assert set(scores.per_corpus) == {"wire", "papers"}
    assert scores.per_corpus["papers"].stories == 2
    assert len(scores.shuffles) == 3
    data = scores.to_dict()
    assert data["shuffles"]["count"] == 3 and data["shuffles"]["f1"] == [1.0, 1.0]


def test_shuffles_keep_dates_in_order_and_undated_last(tmp_path: Path) -> None:
    gold = read_story_gold(_gold_file(tmp_path))
    seen = set()
    for seed in range(20):
        order = [g.article.id for g in shuffled(gold, random.Random(seed))]
        assert order[0] == "g1" or order[0] == "g2"
        assert order[2] == "g3" and set(order[3:]) == {"g4", "g5", "g6"}
        seen.add(tuple(order))
    assert len(seen) > 1


def test_a_line_without_a_story_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "t"}\n', "utf-8")
    with pytest.raises(InputError, match=r"bad.jsonl:1: not a story-gold article"):
        read_story_gold(path)


def test_with_actors_attaches_each_articles_actors(tmp_path: Path) -> None:
    gold = read_story_gold(_gold_file(tmp_path))
    coded = with_actors(gold, [[f"ACT{i}"] for i in range(len(gold))])
    assert [g.article.actors for g in coded][:2] == [("ACT0",), ("ACT1",)]
    assert [g.story for g in coded] == [g.story for g in gold]
