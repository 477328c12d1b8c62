"""Quality gate for the shipped NLP model on the gold data (runs in CI; skipped without ../shared/data).

Floors are pinned a little under the figures measured by benchmarks/accuracy.py (training/README.md), so a
retrained or broken model that loses accuracy fails the build. EPSILON absorbs run-to-run noise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.evaluate.nlp import Scores, evaluate
from sitrep.nlp.conllu import attach_entities, group_sentences, read_conllu, read_iob2

EPSILON = 0.005
FLOORS = {
    "ewt": {"upos": 0.93, "lemma": 0.94, "las": 0.79, "sent_f": 0.77},
    "gum": {"upos": 0.935, "lemma": 0.95, "las": 0.76, "sent_f": 0.92},
    "uner": {"ents_f": 0.615, "PER_f": 0.675, "LOC_f": 0.675, "ORG_f": 0.445},
}

pytestmark = pytest.mark.gold


@pytest.fixture(scope="module")
def ewt_scores(nlp: Language, gold_data: Path) -> Scores:
    sentences = list(read_conllu(gold_data / "ud-english-ewt/en_ewt-ud-test.conllu"))
    attach_entities(sentences, read_iob2(gold_data / "uner-english-ewt/en_ewt-ud-test.iob2"))
    return evaluate(nlp, group_sentences(sentences, max_sentences=None))


@pytest.fixture(scope="module")
def gum_scores(nlp: Language, gold_data: Path) -> Scores:
    sentences = list(read_conllu(gold_data / "ud-english-gum-news/gum_news.conllu"))
    return evaluate(nlp, group_sentences(sentences, max_sentences=None))


def check(scores: dict[str, float | int], floors: dict[str, float]) -> None:
    low = {k: (scores[k], floor) for k, floor in floors.items() if float(scores[k]) < floor - EPSILON}
    assert not low, f"below the pinned floors (score, floor): {low}"


def test_ewt_syntax_gate(ewt_scores: Scores) -> None:
    check(ewt_scores.as_dict(), FLOORS["ewt"])


def test_gum_news_syntax_gate(gum_scores: Scores) -> None:
    check(gum_scores.as_dict(), FLOORS["gum"])


def test_uner_entities_gate(ewt_scores: Scores) -> None:
    check(ewt_scores.as_dict(), FLOORS["uner"])
