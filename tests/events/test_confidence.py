"""The confidence model: features of an event and its article, the weights file and its loader."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sitrep import Extractor
from sitrep import events as events_package
from sitrep.errors import DataFileError
from sitrep.events.confidence import (
    CONFIDENCE_FILE,
    FEATURES,
    ArticleProfile,
    ConfidenceModel,
    event_features,
    load_confidence,
)
from sitrep.records import Event

HEADER = "feature\tweight\tnote\n"
SHARES = ("article:conflict-share", "article:cross-border-share", "article:two-actors-share")


def indicators(event: Event) -> set[str]:
    """The indicator features of ``event`` (those with the value 1, the article shares left out)."""
    values = event_features(event, ArticleProfile.of([event]))
    return {name for name, value in values.items() if name not in SHARES and value == 1.0}


def test_features_of_an_asserted_attack_by_one_country_on_another(extractor: Extractor) -> None:
    [event] = [e for e in extractor("Russian troops attacked Ukrainian villages.").events]
    assert indicators(event) == {"bias", "quad:4", "sentence:lead"}


def test_features_of_a_reported_and_negated_event(extractor: Extractor) -> None:
    document = extractor("Russia did not attack Ukraine, the ministry said.")
    [event] = [e for e in document.events if e.cameo_root == "19"]
    assert {"modality:negated", "attribution:speaker"} <= indicators(event)


def test_features_of_an_event_with_no_target(extractor: Extractor) -> None:
    [event] = [e for e in extractor("Unknown gunmen attacked on Sunday.").events if e.cameo_root == "19"]
    assert {"source:uncoded", "target:none"} <= indicators(event)


def test_every_feature_an_event_has_is_known(extractor: Extractor) -> None:
    document = extractor("Egypt's foreign minister met his Qatari counterpart. Qatar condemned Israel.")
    assert document.events
    profile = ArticleProfile.of(document.events)
    for event in document.events:
        assert set(event_features(event, profile)) <= set(FEATURES)


ARTICLE = (
    "Russian troops attacked Ukrainian villages. Ukraine condemned Russia. France praised Germany. "
    "The mayor met residents on Sunday. Police arrested two men."
)


def test_the_article_features_are_shares_of_the_articles_events_as_documented(extractor: Extractor) -> None:
    document = extractor(ARTICLE)
    coded = [(e.sentence, e.cameo_root, e.quad_class) for e in document.events]
    assert coded == [(0, "19", 4), (1, "11", 3), (2, "05", 1), (3, "04", 1), (4, "17", 4)]
    # Conflict (quad 3 or 4): the attack, the condemnation, the arrest. Different countries: the attack,
    # the condemnation, the praise (the mayor and the residents take Ukraine from the context). Both actors
    # coded: all but the arrest of "two men".
    assert ArticleProfile.of(document.events) == ArticleProfile(
        conflict_share=3 / 5, cross_border_share=3 / 5, two_actors_share=4 / 5
    )
    for event in document.events:
        values = event_features(event, ArticleProfile.of(document.events))
        assert values["article:conflict-share"] == pytest.approx(0.6)
        assert values["article:cross-border-share"] == pytest.approx(0.6)
        assert values["article:two-actors-share"] == pytest.approx(0.8)
        assert ("sentence:lead" in values) == (event.sentence < 3)


def test_an_article_without_events_has_a_profile_of_zeros() -> None:
    assert ArticleProfile.of([]) == ArticleProfile(0.0, 0.0, 0.0)


def test_the_probability_is_the_logistic_of_the_weighted_sum() -> None:
    model = ConfidenceModel({"bias": 1.0, "target:none": -2.0, "article:conflict-share": 2.0})
    assert model.probability({"bias": 1.0}) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert model.probability({"bias": 1.0, "target:none": 1.0}) == pytest.approx(1 / (1 + math.exp(1.0)))
    assert model.probability({"bias": 1.0, "quad:4": 1.0}) == model.probability({"bias": 1.0})  # no weight
    # A share counts its weight times its value: 1 + 2 x 0.25.
    share = model.probability({"bias": 1.0, "article:conflict-share": 0.25})
    assert share == pytest.approx(1 / (1 + math.exp(-1.5)))


def test_the_coder_scores_an_event_with_its_articles_profile(extractor: Extractor) -> None:
    model = load_confidence(Path(events_package.__file__).parent / "data" / CONFIDENCE_FILE)
    document = extractor(ARTICLE)
    profile = ArticleProfile.of(document.events)
    for event in document.events:
        assert event.confidence == model.score(event, profile)
    alone = extractor("Russian troops attacked Ukrainian villages.").events[0]
    assert (alone.trigger, alone.cameo) == (document.events[0].trigger, document.events[0].cameo)
    assert alone.confidence != document.events[0].confidence  # another article, another profile


def test_the_shipped_weights_load_and_give_probabilities(extractor: Extractor) -> None:
    for event in extractor("Russian troops attacked Ukrainian villages. Unknown gunmen attacked.").events:
        assert 0 < event.confidence < 1


def test_a_weights_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "confidence.tsv"
    path.write_text(
        "# a comment\n" + HEADER + "bias\t0.5\tevery event\nsource:none\t-1.25\t\n", encoding="utf-8"
    )
    model = load_confidence(path)
    assert dict(model.weights) == {"bias": 0.5, "source:none": -1.25}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("bias\t0.5\t\nsourse:none\t-1\t\n", r"confidence\.tsv:3: unknown feature 'sourse:none'"),
        ("bias\t0.5\t\nbias\t0.2\t\n", r"confidence\.tsv:3: duplicate feature 'bias' \(first at line 2\)"),
        ("bias\tlots\t\n", r"confidence\.tsv:2: column 'weight' must be a number from -20 to 20"),
        ("source:none\t-1\t\n", r"confidence\.tsv:2: no 'bias' row"),
        ("bias\t0.5\t\narticle:conflict\t2\t\n", r"confidence\.tsv:3: unknown feature 'article:conflict'"),
        (
            "bias\t0.5\t\n\n# a comment\narticle:cross-border-share\t25\t\n",
            r"confidence\.tsv:5: column 'weight' must be a number from -20 to 20",
        ),
    ],
)
def test_a_bad_weights_file_names_file_and_line(tmp_path: Path, rows: str, message: str) -> None:
    path = tmp_path / "confidence.tsv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        load_confidence(path)
