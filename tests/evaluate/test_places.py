"""The place scorer: matching, neutral spans, distances, AUC and the gold folder reader."""

from __future__ import annotations

import pytest
from support import TEST_DATA

from sitrep.errors import InputError
from sitrep.evaluate.places import (
    MAX_KM,
    CorpusScores,
    GoldPlaces,
    GoldToponym,
    auc,
    km,
    read_place_gold,
    score_article,
)
from sitrep.records import Place

TEXT = "Troops left Kharkiv for Izium, the Kenyan Embassy said, and then Lviv."


def place(
    text: str, lat: float | None, lon: float | None, country: str | None, gid: int | None = None
) -> Place:
    start = TEXT.index(text)
    return Place(
        "p",
        start,
        start + len(text),
        text,
        0,
        text,
        gid,
        lat,
        lon,
        country,
        None,
        None,
        None,
        "city",
        None,
        1.0,
        "prior",
    )


def gold(text: str, lat: float, lon: float, gid: str | None, country: str) -> GoldToponym:
    start = TEXT.index(text)
    return GoldToponym(start, start + len(text), text, lat, lon, gid, country)


def test_distances_and_the_error_curve() -> None:
    assert km(50.45, 30.52, 49.98, 36.25) == pytest.approx(413, abs=5)  # Kyiv to Kharkiv
    assert auc([0.0, 0.0]) == 0.0
    assert auc([MAX_KM, MAX_KM]) == pytest.approx(1.0)
    assert 0 < auc([0.0, 100.0, 5000.0]) < 1


def test_matching_neutral_spans_and_resolution() -> None:
    article = GoldPlaces(
        "a",
        "t",
        TEXT,
        None,
        None,
        (
            gold("Kharkiv", 49.98, 36.25, "706483", "UA"),
            gold("Izium", 49.21, 37.26, "707292", "UA"),
            gold("Lviv", 49.84, 24.02, "702550", "UA"),
        ),
        ((TEXT.index("Kenyan Embassy"), TEXT.index("Kenyan Embassy") + len("Kenyan Embassy")),),
    )
    found = [
        place("Kharkiv", 0.0, 0.0, "UKR", 706483),  # the same GeoNames id: 0 km whatever the point
        place("Izium", 40.0, -100.0, "USA"),  # a namesake far away
        place("Kenyan", -1.0, 37.0, "KEN"),  # on a neutral span: counts neither way
    ]
    scores = CorpusScores()
    score_article(article, found, scores)
    figures = scores.to_dict()
    assert figures["recognition"] == {"precision": 1.0, "recall": round(2 / 3, 4), "f1": 0.8}
    assert figures["acc161_matched"] == 0.5 and figures["acc161_all"] == round(1 / 3, 4)
    assert figures["country_accuracy"] == 0.5
    assert ("a", "Lviv", "not found") in scores.misses


def test_the_gold_folder_is_read_and_checked() -> None:
    gold_set = read_place_gold(TEST_DATA / "places-gold")
    assert [g.id for g in gold_set] == ["t:1", "t:2"]
    assert sum(len(g.toponyms) for g in gold_set) == 5 and gold_set[1].neutral
    with pytest.raises(InputError, match=r"gold_places\.jsonl"):
        read_place_gold(TEST_DATA / "plover_gold.json")
