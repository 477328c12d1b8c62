"""Quality gates for the NLP models on the gold data (run in CI; skipped without ../shared/data).

Floors are pinned a little under the figures measured by benchmarks/accuracy.py and benchmarks/models.py
(docs/nlp.md, training/README.md), so a changed or broken model or adapter that loses accuracy fails the
build.
Both the default (spaCy's en_core_web_sm through the UD adapter) and the shipped en_sitrep_news are gated.
EPSILON absorbs run-to-run noise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from sitrep.actors.entities import default_entity_patterns
from sitrep.evaluate.nlp import Scores, evaluate
from sitrep.nlp.conllu import attach_entities, group_sentences, read_conllu, read_iob2
from sitrep.nlp.model import DEFAULT_MODEL, SHIPPED_MODEL, load_model

EPSILON = 0.005
FLOORS = {
    SHIPPED_MODEL: {
        "ewt": {"upos": 0.93, "lemma": 0.94, "las": 0.79, "sent_f": 0.77},
        "gum": {"upos": 0.935, "lemma": 0.95, "las": 0.76, "sent_f": 0.92},
        "uner": {"ents_f": 0.615, "PER_f": 0.675, "LOC_f": 0.675, "ORG_f": 0.445},
        "relations": {"obj": 0.83, "obl": 0.665, "ccomp": 0.69},
    },
    DEFAULT_MODEL: {
        "ewt": {"upos": 0.91, "lemma": 0.93, "las": 0.725, "sent_f": 0.77},
        "gum": {"upos": 0.95, "lemma": 0.96, "las": 0.74, "sent_f": 0.92},
        "uner": {"ents_f": 0.565, "PER_f": 0.615, "LOC_f": 0.70, "ORG_f": 0.385},
        "relations": {"obj": 0.90, "obl": 0.74, "ccomp": 0.81},
    },
}

pytestmark = pytest.mark.gold
MODELS = list(FLOORS)


@pytest.fixture(scope="module", params=MODELS)
def model(request: pytest.FixtureRequest) -> tuple[str, Language]:
    name = str(request.param)
    return name, load_model(name, entity_patterns=default_entity_patterns())


@pytest.fixture(scope="module")
def ewt_scores(model: tuple[str, Language], gold_data: Path) -> tuple[str, Scores]:
    sentences = list(read_conllu(gold_data / "ud-english-ewt/en_ewt-ud-test.conllu"))
    attach_entities(sentences, read_iob2(gold_data / "uner-english-ewt/en_ewt-ud-test.iob2"))
    return model[0], evaluate(model[1], group_sentences(sentences, max_sentences=None))


@pytest.fixture(scope="module")
def gum_scores(model: tuple[str, Language], gold_data: Path) -> tuple[str, Scores]:
    sentences = list(read_conllu(gold_data / "ud-english-gum-news/gum_news.conllu"))
    return model[0], evaluate(model[1], group_sentences(sentences, max_sentences=None))


def check(scores: dict[str, float | int], floors: dict[str, float]) -> None:
    low = {k: (scores[k], floor) for k, floor in floors.items() if float(scores[k]) < floor - EPSILON}
    assert not low, f"below the pinned floors (score, floor): {low}"


def test_ewt_syntax_gate(ewt_scores: tuple[str, Scores]) -> None:
    name, scores = ewt_scores
    check(scores.as_dict(), FLOORS[name]["ewt"])


def test_gum_news_syntax_gate(gum_scores: tuple[str, Scores]) -> None:
    name, scores = gum_scores
    check(scores.as_dict(), FLOORS[name]["gum"])


def test_gum_news_relations_the_coders_read(gum_scores: tuple[str, Scores]) -> None:
    name, scores = gum_scores
    check({r: scores.relation_las(r) for r in FLOORS[name]["relations"]}, FLOORS[name]["relations"])


def test_uner_entities_gate(ewt_scores: tuple[str, Scores]) -> None:
    name, scores = ewt_scores
    check(scores.as_dict(), FLOORS[name]["uner"])
