"""Coding mentions, rule by rule, on hand-built parses (independent of the statistical model)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from sitrep.actors.coder import ActorCoder
from sitrep.actors.index import ActorIndex

Parse = Callable[..., Doc]  # the ``parse`` fixture (tests/actors/conftest.py)
DAY = dt.date(2024, 3, 1)


@pytest.fixture(scope="module")
def coder() -> ActorCoder:
    return ActorCoder()


def codes(actors: ActorIndex, doc: Doc, i: int) -> list[str | None]:
    return [r.code for r in actors.refs(doc[i])]


def test_adjectives_and_their_conjuncts_give_one_code_each(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "Russian and Belarusian troops crossed the border.",
        [
            ("Russian", "ADJ", "amod", 3),
            ("and", "CCONJ", "cc", 2),
            ("Belarusian", "ADJ", "conj", 0),
            ("troops", "NOUN", "nsubj", 4, "troop"),
            ("crossed", "VERB", "ROOT", 4),
            ("the", "DET", "det", 6),
            ("border", "NOUN", "obj", 4),
            (".", "PUNCT", "punct", 4),
        ],
        plural={3},
    )
    actors = coder.analyse(doc, DAY)
    refs = actors.refs(doc[3])
    assert [(r.text, r.code) for r in refs] == [
        ("Russian and Belarusian troops", "RUSMIL"),
        ("Russian and Belarusian troops", "BLRMIL"),
    ]
    assert codes(actors, doc, 6) == []  # "the border": no role word, no country


def test_a_possessive_country_and_a_role_word(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "Ukraine's army advanced.",
        [
            ("Ukraine", "PROPN", "nmod:poss", 2),
            ("'s", "PART", "case", 0),
            ("army", "NOUN", "nsubj", 3),
            ("advanced", "VERB", "ROOT", 3),
            (".", "PUNCT", "punct", 3),
        ],
        ents=[(0, 1, "LOC")],
    )
    actors = coder.analyse(doc, DAY)
    assert codes(actors, doc, 2) == ["UKRMIL"]
    assert codes(actors, doc, 0) == ["UKR"]  # the possessor, an inner mention


def test_a_place_after_the_phrase_gives_its_country(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "The troops of Russia withdrew.",
        [
            ("The", "DET", "det", 1),
            ("troops", "NOUN", "nsubj", 4, "troop"),
            ("of", "ADP", "case", 3),
            ("Russia", "PROPN", "nmod", 1),
            ("withdrew", "VERB", "ROOT", 4),
            (".", "PUNCT", "punct", 4),
        ],
        ents=[(3, 4, "LOC")],
        plural={1},
    )
    actors = coder.analyse(doc, DAY)
    assert codes(actors, doc, 1) == ["RUSMIL"]
    assert codes(actors, doc, 3) == ["RUS"]


@pytest.mark.parametrize(("head", "code"), [("side", ["RUS"]), ("plan", [])])
def test_a_country_head_stands_for_the_country(
    parse: Parse, coder: ActorCoder, head: str, code: list[str]
) -> None:
    doc = parse(
        f"The Russian {head} failed.",
        [
            ("The", "DET", "det", 2),
            ("Russian", "ADJ", "amod", 2),
            (head, "NOUN", "nsubj", 3),
            ("failed", "VERB", "ROOT", 3),
            (".", "PUNCT", "punct", 3),
        ],
    )
    assert codes(coder.analyse(doc, DAY), doc, 2) == code


@pytest.mark.parametrize(
    ("day", "code", "sector"), [(dt.date(2022, 2, 25), "UKRGOV", "GOV"), (dt.date(2018, 1, 1), "UKR", None)]
)
def test_a_known_person_is_coded_by_the_office_held_that_day(
    parse: Parse, coder: ActorCoder, day: dt.date, code: str, sector: str | None
) -> None:
    doc = parse(
        "Zelensky spoke.",
        [("Zelensky", "PROPN", "nsubj", 1), ("spoke", "VERB", "ROOT", 1), (".", "PUNCT", "punct", 1)],
        ents=[(0, 1, "PER")],
    )
    (ref,) = coder.analyse(doc, day).refs(doc[0])
    assert (ref.code, ref.sector, ref.name) == (code, sector, "Volodymyr Zelensky")


def test_a_role_names_the_office_holder(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "The Ukrainian president spoke.",
        [
            ("The", "DET", "det", 2),
            ("Ukrainian", "ADJ", "amod", 2),
            ("president", "NOUN", "nsubj", 3),
            ("spoke", "VERB", "ROOT", 3),
            (".", "PUNCT", "punct", 3),
        ],
    )
    (ref,) = coder.analyse(doc, dt.date(2022, 2, 25)).refs(doc[2])
    assert (ref.code, ref.name) == ("UKRGOV", "Volodymyr Zelensky")
