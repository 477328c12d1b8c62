"""The confidence model: features read off an event, the logistic weights file and its loader."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sitrep import Extractor
from sitrep.errors import DataFileError
from sitrep.events.confidence import FEATURES, ConfidenceModel, event_features, load_confidence

HEADER = "feature\tweight\tnote\n"


def test_features_of_an_asserted_attack_by_one_country_on_another(extractor: Extractor) -> None:
    [event] = [e for e in extractor("Russian troops attacked Ukrainian villages.").events]
    assert event_features(event) == ("bias", "quad:4")


def test_features_of_a_reported_and_negated_event(extractor: Extractor) -> None:
    document = extractor("Russia did not attack Ukraine, the ministry said.")
    [event] = [e for e in document.events if e.cameo_root == "19"]
    assert "modality:negated" in event_features(event)
    assert "attribution:speaker" in event_features(event)


def test_features_of_an_event_with_no_target(extractor: Extractor) -> None:
    [event] = [e for e in extractor("Unknown gunmen attacked on Sunday.").events if e.cameo_root == "19"]
    assert {"source:uncoded", "target:none"} <= set(event_features(event))


def test_every_feature_an_event_has_is_known(extractor: Extractor) -> None:
    document = extractor("Egypt's foreign minister met his Qatari counterpart. Qatar condemned Israel.")
    assert document.events
    for event in document.events:
        assert set(event_features(event)) <= set(FEATURES)


def test_the_probability_is_the_logistic_of_the_summed_weights() -> None:
    model = ConfidenceModel({"bias": 1.0, "target:none": -2.0})
    assert model.probability(("bias",)) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert model.probability(("bias", "target:none")) == pytest.approx(1 / (1 + math.exp(1.0)))
    assert model.probability(("bias", "quad:4")) == model.probability(("bias",))  # no weight: 0


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
    ],
)
def test_a_bad_weights_file_names_file_and_line(tmp_path: Path, rows: str, message: str) -> None:
    path = tmp_path / "confidence.tsv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        load_confidence(path)
