"""Scoring event merging (``sitrep.evaluate.merging``) on a folder written here (not the gold data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sitrep.evaluate.merging import evaluate_merging
from sitrep.pipeline import Extractor
from sitrep.records import Document

TEXTS = {
    "a1": "Russian forces struck a power station in Kharkiv on Monday.",
    "a2": "Russian forces struck a power station in Kharkiv on Monday, officials said.",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dev")
    articles = [
        {"id": key, "text": text, "published": "2026-03-03", "source": f"outlet {key}", "story": "s1"}
        for key, text in TEXTS.items()
    ]
    # Gold: "struck" in both is one event; "said" is another; "station" is no sitrep event (unmatched).
    mentions: list[dict[str, Any]] = [
        {"id": "a1", "start": 15, "end": 21, "text": "struck", "event": "e1"},
        {"id": "a1", "start": 30, "end": 37, "text": "station", "event": "e3"},
        {"id": "a2", "start": 15, "end": 21, "text": "struck", "event": "e1"},
        {"id": "a2", "start": 70, "end": 74, "text": "said", "event": "e2"},
    ]
    for name, rows in (("articles.jsonl", articles), ("event_mentions.jsonl", mentions)):
        (root / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for m in mentions:
        assert TEXTS[m["id"]][m["start"] : m["end"]] == m["text"]
    return root


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    extractor = Extractor()
    return {
        key: extractor(text, published="2026-03-03", source=f"outlet {key}", id=key)
        for key, text in TEXTS.items()
    }


def test_sitrep_mode_matches_triggers_and_scores_the_rest_as_singletons(
    folder: Path, documents: dict[str, Document]
) -> None:
    result = evaluate_merging(folder, mode="sitrep", documents=documents)
    assert (result.gold_mentions, result.gold_events) == (4, 3)
    # Both "struck" triggers match and merge; "station" and "said" match no event and stay alone.
    assert result.matched == 2
    assert result.matched_share == 0.5
    assert result.matched_scores is not None and result.matched_scores.conll_f1 == pytest.approx(1.0)
    assert result.scores.b_cubed.precision == 1.0
    assert result.predicted_events == 3


def test_stories_given_by_the_caller_are_used(folder: Path, documents: dict[str, Document]) -> None:
    apart = evaluate_merging(folder, mode="sitrep", documents=documents, stories={"a1": "x", "a2": "y"})
    # Other stories, but same code, actors and date: the cross-story rule still merges the strike.
    assert apart.matched_scores is not None and apart.matched_scores.muc.recall == 1.0
