"""The article's context: datelines are metadata, never actors; a mention whose words name no country takes
the article's country and says so (``actor_from``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from sitrep.actors.coder import ActorCoder
from sitrep.actors.context import dateline_pattern, find_dateline

DAY = dt.date(2024, 3, 1)
Parse = Callable[..., Doc]


@pytest.fixture(scope="module")
def coder() -> ActorCoder:
    return ActorCoder()


@pytest.mark.parametrize(
    ("text", "dateline", "country", "places"),
    [
        ("LIMA, Peru (AP) — Officials said the road was open.", "LIMA, Peru (AP) —", "PER", ["LIMA", "Peru"]),
        (
            "A title\nYEREVAN, March 4. /TASS/. The ministry said so.",
            "YEREVAN, March 4. /TASS/.",
            "ARM",
            ["YEREVAN"],
        ),
        ("(Reuters) – Two ships collided near the port.", "(Reuters) –", None, []),
        ("Byline here\n\nQUITO - Troops left the town on Monday.", "QUITO -", "ECU", ["QUITO"]),
        ("Nairobi, Kenya – Police closed the road.", "Nairobi, Kenya –", "KEN", ["Nairobi", "Kenya"]),
        ("Dakar, Oct. 9 (Xinhua) -- The talks ended.", "Dakar, Oct. 9 (Xinhua) --", "SEN", ["Dakar"]),
        ("HANOI and MANILA -- The two navies met.", "HANOI and MANILA --", "VNM", ["HANOI", "MANILA"]),
    ],
)
def test_a_dateline_is_found_by_its_shape(
    coder: ActorCoder, text: str, dateline: str, country: str | None, places: list[str]
) -> None:
    pattern = dateline_pattern(coder.dictionary.words.dateline_agency)
    found = find_dateline(text, pattern, coder.lookup)
    assert found is not None
    assert (text[found.start : found.end], found.country) == (dateline, country)
    assert [text[start:end] for start, end in found.places] == places  # what the places stage reads


@pytest.mark.parametrize(
    "text",
    [
        "The army said - without giving details - that it had left.",
        "Police Chief Omar Ali: we will not leave the town.",
        "Protesters marched in Lima on Monday.",
        "Peru: protesters march on the capital\nThousands marched on Monday.",
    ],
)
def test_an_ordinary_first_line_is_no_dateline(coder: ActorCoder, text: str) -> None:
    pattern = dateline_pattern(coder.dictionary.words.dateline_agency)
    assert find_dateline(text, pattern, coder.lookup) is None


def test_a_dateline_is_no_actor_but_gives_the_country(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "QUITO - The army closed the road.",
        [
            ("QUITO", "PROPN", "nsubj", 5),
            ("-", "PUNCT", "punct", 0),
            ("The", "DET", "det", 3),
            ("army", "NOUN", "nsubj", 4),
            ("closed", "VERB", "ROOT", 4),
            ("the", "DET", "det", 6),
            ("road", "NOUN", "obj", 4),
            (".", "PUNCT", "punct", 4),
        ],
        ents=[(0, 1, "LOC")],
    )
    actors = coder.analyse(doc, DAY)
    assert actors.mention(doc[0]) is None
    (army,) = actors.refs(doc[3])
    assert (army.code, army.actor_from) == ("ECUMIL", "dateline")


def test_an_unknown_official_takes_the_country_the_article_names(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "Kenyan police fired tear gas. Spokesman Paul Otieno denied it.",
        [
            ("Kenyan", "ADJ", "amod", 1),
            ("police", "NOUN", "nsubj", 2),
            ("fired", "VERB", "ROOT", 2),
            ("tear", "NOUN", "compound", 4),
            ("gas", "NOUN", "obj", 2),
            (".", "PUNCT", "punct", 2),
            ("Spokesman", "NOUN", "compound", 7),
            ("Paul", "PROPN", "nsubj", 9),
            ("Otieno", "PROPN", "flat", 7),
            ("denied", "VERB", "ROOT", 9),
            ("it", "PRON", "obj", 9),
            (".", "PUNCT", "punct", 9),
        ],
        ents=[(7, 9, "PER")],
    )
    actors = coder.analyse(doc, DAY)
    (official,) = actors.refs(doc[7])
    assert (official.code, official.name, official.actor_from) == ("KENGOV", "Paul Otieno", "article")
    (police,) = actors.refs(doc[1])
    assert (police.code, police.actor_from) == ("KENCOP", None)


def test_an_indefinite_role_phrase_takes_no_antecedent(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "The Peruvian minister spoke. A minister resigned.",
        [
            ("The", "DET", "det", 2),
            ("Peruvian", "ADJ", "amod", 2),
            ("minister", "NOUN", "nsubj", 3),
            ("spoke", "VERB", "ROOT", 3),
            (".", "PUNCT", "punct", 3),
            ("A", "DET", "det", 6),
            ("minister", "NOUN", "nsubj", 7),
            ("resigned", "VERB", "ROOT", 7),
            (".", "PUNCT", "punct", 7),
        ],
    )
    actors = coder.analyse(doc, DAY)
    mention = actors.mention(doc[6])
    assert mention is not None and mention.actor.refers_to is None
    assert (mention.actor.code, mention.actor.actor_from) == ("PERGOV", "article")


def test_a_title_just_before_a_name_gives_its_organisation(parse: Parse, coder: ActorCoder) -> None:
    # The tagger read "Houthi" as a verb and hung the title apart from the name: the words still count.
    doc = parse(
        "Houthi military spokesman Ali Saleh said so.",
        [
            ("Houthi", "VERB", "ccomp", 5),
            ("military", "ADJ", "amod", 2),
            ("spokesman", "NOUN", "obj", 0),
            ("Ali", "PROPN", "nsubj", 5),
            ("Saleh", "PROPN", "flat", 3),
            ("said", "VERB", "ROOT", 5),
            ("so", "ADV", "advmod", 5),
            (".", "PUNCT", "punct", 5),
        ],
        ents=[(0, 1, "ORG"), (3, 5, "PER")],
    )
    (speaker,) = coder.analyse(doc, DAY).refs(doc[3])
    assert (speaker.code, speaker.name, speaker.actor_from) == ("NSAHOUTHI", "Ali Saleh", None)


def test_state_media_armed_forces_and_breakaway_entities_are_known(coder: ActorCoder) -> None:
    lookup = coder.lookup
    assert lookup.organisation("KCNA") == ("PRKMEDKCNA", "PRK", "Korean Central News Agency")
    idf = lookup.organisation("the IDF")
    assert idf is not None and idf[0] == "ISRMIL"
    assert lookup.organisation("Luhansk People's Republic") == (
        "UKRREBLPR",
        "UKR",
        "Luhansk People's Republic",
    )
    spokesman = lookup.person("Geng Shuang", dt.date(2019, 5, 1))
    assert spokesman is not None and spokesman.code == "CHNGOV"
