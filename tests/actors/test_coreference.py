"""Antecedents: pronouns, role phrases and surnames take an earlier mention within the look-back, never a
later one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from sitrep.actors.coder import ActorCoder
from sitrep.actors.coreference import Mention, pronoun_antecedent, recent, role_antecedent, same_person
from sitrep.records import Actor

Parse = Callable[..., Doc]  # the ``parse`` fixture (tests/actors/conftest.py)
DAY = dt.date(2024, 3, 1)


@pytest.fixture(scope="module")
def coder() -> ActorCoder:
    return ActorCoder()


def mention(
    number: int,
    sentence: int,
    code: str | None,
    *,
    sector: str | None = None,
    kind: str = "group",
    person: bool = False,
    plural: bool = False,
    name: str | None = None,
) -> Mention:
    actor = Actor(f"a{number}", number * 10, number * 10 + 5, "x", sentence, code, None, sector, name, kind)
    return Mention(actor, number, person, plural)


HISTORY = [
    mention(1, 0, "UKRGOV", sector="GOV", kind="person", person=True, name="Olena Testenko"),
    mention(2, 1, "RUSMIL", sector="MIL", plural=True),
    mention(3, 2, "RUS", kind="country"),
    mention(4, 2, None, sector="GOV"),
]


def test_recent_walks_back_within_the_look_back() -> None:
    assert [m.actor.id for m in recent(HISTORY, 3, 3)] == ["a4", "a3", "a2", "a1"]
    assert [m.actor.id for m in recent(HISTORY, 3, 1)] == ["a4", "a3"]
    assert [m.actor.id for m in recent(HISTORY, 2, 0)] == ["a4", "a3"]


@pytest.mark.parametrize(("kind", "found"), [("person", "a1"), ("thing", "a4"), ("plural", "a3")])
def test_a_pronoun_takes_the_last_compatible_mention(kind: str, found: str) -> None:
    earlier = pronoun_antecedent(HISTORY, kind, 100, 3, 3)  # type: ignore[arg-type]
    assert earlier is not None and earlier.actor.id == found


def test_nothing_at_or_after_the_pronoun_is_an_antecedent() -> None:
    assert pronoun_antecedent(HISTORY, "person", 10, 3, 3) is None  # a1 starts at 10


def test_a_role_phrase_takes_the_last_coded_mention_of_its_sector() -> None:
    earlier = role_antecedent(HISTORY, "GOV", True, 3, 3)
    assert earlier is not None and earlier.actor.code == "UKRGOV"  # a4 is GOV but uncoded and not a person
    assert role_antecedent(HISTORY, "GOV", False, 3, 3) is None
    assert role_antecedent(HISTORY, "MIL", False, 5, 2) is None  # too far back


def test_a_surname_takes_the_earlier_full_name() -> None:
    earlier = same_person(HISTORY, "Testenko", 40, 40)
    assert earlier is not None and earlier.actor.name == "Olena Testenko"
    assert same_person(HISTORY, "Testenko", 41, 40) is None


def he_left(parse: Parse, fillers: int) -> Doc:
    """ "Zelensky spoke." then ``fillers`` sentences "Rain fell.", then "He left." """
    tokens: list[tuple[str, str, str, int]] = [
        ("Zelensky", "PROPN", "nsubj", 1),
        ("spoke", "VERB", "ROOT", 1),
        (".", "PUNCT", "punct", 1),
    ]
    for _ in range(fillers):
        n = len(tokens)
        tokens += [
            ("Rain", "NOUN", "nsubj", n + 1),
            ("fell", "VERB", "ROOT", n + 1),
            (".", "PUNCT", "punct", n + 1),
        ]
    n = len(tokens)
    tokens += [
        ("He", "PRON", "nsubj", n + 1),
        ("left", "VERB", "ROOT", n + 1),
        (".", "PUNCT", "punct", n + 1),
    ]
    text = "Zelensky spoke. " + "Rain fell. " * fillers + "He left."
    return parse(text, tokens, ents=[(0, 1, "PER")])


@pytest.mark.parametrize(("fillers", "code"), [(0, ["UKRGOV"]), (2, ["UKRGOV"]), (3, [])])
def test_he_is_the_last_person_within_three_sentences(
    parse: Parse, coder: ActorCoder, fillers: int, code: list[str]
) -> None:
    doc = he_left(parse, fillers)
    actors = coder.analyse(doc, DAY)
    he = len(doc) - 3
    assert [r.code for r in actors.refs(doc[he])] == code
    if code:
        mention = actors.mention(doc[he])
        assert mention is not None and mention.actor.refers_to == actors.refs(doc[0])[0].actor


def test_a_definite_role_phrase_takes_the_earlier_mention(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "Russian troops advanced. The troops withdrew.",
        [
            ("Russian", "ADJ", "amod", 1),
            ("troops", "NOUN", "nsubj", 2, "troop"),
            ("advanced", "VERB", "ROOT", 2),
            (".", "PUNCT", "punct", 2),
            ("The", "DET", "det", 5),
            ("troops", "NOUN", "nsubj", 6, "troop"),
            ("withdrew", "VERB", "ROOT", 6),
            (".", "PUNCT", "punct", 6),
        ],
        plural={1, 5},
    )
    actors = coder.analyse(doc, DAY)
    ((first,), (second,)) = actors.refs(doc[1]), actors.refs(doc[5])
    assert (first.code, second.code) == ("RUSMIL", "RUSMIL")
    mention = actors.mention(doc[5])
    assert mention is not None and mention.actor.refers_to == first.actor


def test_a_weapon_takes_neither_an_earlier_actor_nor_the_article_country(
    parse: Parse, coder: ActorCoder
) -> None:
    doc = parse(
        "Polish soldiers fired. The drones fell.",
        [
            ("Polish", "ADJ", "amod", 1),
            ("soldiers", "NOUN", "nsubj", 2, "soldier"),
            ("fired", "VERB", "ROOT", 2),
            (".", "PUNCT", "punct", 2),
            ("The", "DET", "det", 5),
            ("drones", "NOUN", "nsubj", 6, "drone"),
            ("fell", "VERB", "ROOT", 6, "fall"),
            (".", "PUNCT", "punct", 6),
        ],
        plural={1, 5},
    )
    actors = coder.analyse(doc, DAY)
    assert [r.code for r in actors.refs(doc[1])] == ["POLMIL"]
    assert all(r.code is None for r in actors.refs(doc[5]))


def test_a_description_of_a_group_is_the_group_named_before(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "Hezbollah struck. The Lebanese group withdrew. Lebanese factions met.",
        [
            ("Hezbollah", "PROPN", "nsubj", 1),
            ("struck", "VERB", "ROOT", 1, "strike"),
            (".", "PUNCT", "punct", 1),
            ("The", "DET", "det", 5),
            ("Lebanese", "ADJ", "amod", 5),
            ("group", "NOUN", "nsubj", 6),
            ("withdrew", "VERB", "ROOT", 6, "withdraw"),
            (".", "PUNCT", "punct", 6),
            ("Lebanese", "ADJ", "amod", 9),
            ("factions", "NOUN", "nsubj", 10, "faction"),
            ("met", "VERB", "ROOT", 10, "meet"),
            (".", "PUNCT", "punct", 10),
        ],
        ents=[(0, 1, "ORG")],
        plural={9},
    )
    actors = coder.analyse(doc, DAY)
    [hezbollah] = actors.refs(doc[0])
    assert hezbollah.code == "LBNREBHEZ"
    assert [r.code for r in actors.refs(doc[5])] == ["LBNREBHEZ"]
    assert all(r.code != "LBNREBHEZ" for r in actors.refs(doc[9]))
