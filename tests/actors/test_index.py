"""The actor index: built once, never changed, antecedents only backwards, the listing independent of who
asked what first; quotes give a new, voiced index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

import pytest
from spacy.tokens import Doc

from sitrep.actors.coder import ActorCoder
from sitrep.actors.index import ActorIndex
from sitrep.pipeline import Extractor
from sitrep.records import OUTLET, ActorRef, Event, Quote, Span
from sitrep.stages import ArticleState

DAY = dt.date(2024, 3, 1)
Parse = Callable[..., Doc]  # the ``parse`` fixture (tests/actors/conftest.py)


@pytest.fixture(scope="module")
def coder() -> ActorCoder:
    return ActorCoder()


def index(coder: ActorCoder, doc: Doc) -> ActorIndex:
    return coder.analyse(doc, DAY)


# --- order bug 1: an antecedent is always an earlier mention ------------------------------------------------


def test_a_possessor_never_takes_a_later_mention_as_antecedent(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "The ministry's criticism came before the Ukrainian government met.",
        [
            ("The", "DET", "det", 1),
            ("ministry", "NOUN", "nmod:poss", 3),
            ("'s", "PART", "case", 1),
            ("criticism", "NOUN", "nsubj", 4),
            ("came", "VERB", "ROOT", 4),
            ("before", "SCONJ", "mark", 9),
            ("the", "DET", "det", 8),
            ("Ukrainian", "ADJ", "amod", 8),
            ("government", "NOUN", "nsubj", 9),
            ("met", "VERB", "advcl", 4),
            (".", "PUNCT", "punct", 4),
        ],
    )
    actors = index(coder, doc)
    assert [r.code for r in actors.refs(doc[8])] == ["UKRGOV"]
    (ministry,) = actors.refs(doc[1])
    # No antecedent: the country is the article's (its only one), and the mention says so.
    assert (ministry.text, ministry.sector, ministry.actor_from) == ("The ministry", "GOV", "article")
    mention = actors.mention(doc[1])
    assert mention is not None and mention.actor.refers_to is None


def test_a_possessor_takes_an_earlier_mention_as_antecedent(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "The Ukrainian government met. The ministry's criticism came later.",
        [
            ("The", "DET", "det", 2),
            ("Ukrainian", "ADJ", "amod", 2),
            ("government", "NOUN", "nsubj", 3),
            ("met", "VERB", "ROOT", 3),
            (".", "PUNCT", "punct", 3),
            ("The", "DET", "det", 6),
            ("ministry", "NOUN", "nmod:poss", 8),
            ("'s", "PART", "case", 6),
            ("criticism", "NOUN", "nsubj", 9),
            ("came", "VERB", "ROOT", 9),
            ("later", "ADV", "advmod", 9),
            (".", "PUNCT", "punct", 9),
        ],
    )
    actors = index(coder, doc)
    (government,) = actors.refs(doc[2])
    (ministry,) = actors.refs(doc[6])
    assert ministry.code == "UKRGOV"
    mention = actors.mention(doc[6])
    assert mention is not None and mention.actor.refers_to == government.actor


# --- order bug 2: what is listed does not depend on who asked first -----------------------------------------

TROOPS_IN_GEORGIA = (
    "Russian troops massed in Georgia.",
    [
        ("Russian", "ADJ", "amod", 1),
        ("troops", "NOUN", "nsubj", 2, "troop"),
        ("massed", "VERB", "ROOT", 2),
        ("in", "ADP", "case", 4),
        ("Georgia", "PROPN", "obl", 2),
        (".", "PUNCT", "punct", 2),
    ],
)


def troops_in_georgia(parse: Parse) -> Doc:
    text, tokens = TROOPS_IN_GEORGIA
    return parse(text, tokens, ents=[(4, 5, "LOC")], plural={1})


def event(source: ActorRef | None, target: ActorRef | None) -> Event:
    trigger = Span(15, 21, "massed")
    return Event(
        id="e1",
        sentence=0,
        source=source,
        target=target,
        cameo="154",
        cameo_root="15",
        cameo_name="Mobilize or increase armed forces",
        plover=None,
        plover_mode=None,
        plover_context=(),
        goldstein=-7.2,
        quad_class=4,
        trigger=trigger,
        date=DAY,
        date_text=None,
        date_precision="article",
        modality="asserted",
        attribution=OUTLET,
        confidence=0.5,
        rule="verbs.tsv:1",
        evidence=trigger,
    )


def test_a_place_is_listed_only_when_an_event_refers_to_it(parse: Parse, coder: ActorCoder) -> None:
    doc = troops_in_georgia(parse)
    actors = index(coder, doc)
    (troops,) = actors.refs(doc[1])
    (georgia,) = actors.refs(doc[4])
    assert (troops.code, georgia.code) == ("RUSMIL", "GEO")
    assert [a.text for a in actors.listed()] == ["Russian troops"]
    assert [a.text for a in actors.listed([event(troops, None)])] == ["Russian troops"]
    assert [a.text for a in actors.listed([event(troops, georgia)])] == ["Russian troops", "Georgia"]


def test_an_inner_mention_is_listed_only_when_something_refers_to_it(parse: Parse, coder: ActorCoder) -> None:
    doc = troops_in_georgia(parse)
    actors = index(coder, doc)
    (russian,) = actors.refs(doc[0])  # "Russian" inside "Russian troops", as in "Russian strikes"
    assert (russian.text, russian.code) == ("Russian", "RUS")
    assert "Russian" not in [a.text for a in actors.listed()]
    speaker = Quote("q1", "indirect", 0, 5, "x", russian, None, 0)
    assert [a.text for a in actors.listed(quotes=[speaker])] == ["Russian troops", "Russian"]


def test_asking_changes_nothing(parse: Parse, coder: ActorCoder) -> None:
    doc = troops_in_georgia(parse)
    asked, untouched = index(coder, doc), index(coder, doc)
    before = asked.listed()
    answers = [asked.refs(t) for t in reversed(doc)]
    answers += [[asked.speaker_ref(t), asked.uncoded_ref(t)] for t in doc]
    assert asked.listed() == before == untouched.listed()
    assert dict(asked.mentions) == dict(untouched.mentions)
    assert [asked.refs(t) for t in reversed(doc)] == answers[: len(doc)]


class AskEverything:
    """A stage that asks the index about every token, last first, before anyone else does."""

    name: ClassVar[str] = "ask_everything"
    requires = frozenset({"mentions"})
    assigns: frozenset[str] = frozenset()

    def __call__(self, state: ArticleState) -> None:
        assert state.mentions is not None
        for token in reversed(state.doc):
            state.mentions.refs(token)
            state.mentions.speaker_ref(token)


ARTICLE = (
    "Russian troops shelled Kharkiv from positions near Belgorod on Monday, the Ukrainian army said. "
    "The ministry's statement came before the Ukrainian government met in Kyiv. "
    '"We will answer," President Volodymyr Zelensky said in a video address.'
)


def test_the_document_does_not_depend_on_which_stage_asked_first() -> None:
    plain = Extractor()
    stages = list(plain.stages)
    asking = Extractor(stages=[stages[0], AskEverything(), *stages[1:]])
    first, second = plain(ARTICLE, published=DAY), asking(ARTICLE, published=DAY)
    assert first == second
    assert "Belgorod" not in [a.text for a in first.actors]  # a place no event uses


# --- quotes: a new, voiced index -------------------------------------------------------------------------

QUOTED = '"Our troops will hold and we will win," the minister said.'


def quoted(parse: Parse) -> Doc:
    return parse(
        QUOTED,
        [
            ('"', "PUNCT", "punct", 13),
            ("Our", "PRON", "nmod:poss", 2),
            ("troops", "NOUN", "nsubj", 4, "troop"),
            ("will", "AUX", "aux", 4),
            ("hold", "VERB", "ccomp", 13),
            ("and", "CCONJ", "cc", 8),
            ("we", "PRON", "nsubj", 8),
            ("will", "AUX", "aux", 8),
            ("win", "VERB", "conj", 4),
            (",", "PUNCT", "punct", 4),
            ('"', "PUNCT", "punct", 13),
            ("the", "DET", "det", 12),
            ("minister", "NOUN", "nsubj", 13),
            ("said", "VERB", "ROOT", 13),
            (".", "PUNCT", "punct", 13),
        ],
        plural={2},
    )


def test_voiced_binds_we_and_our_to_the_speaker_in_a_new_index(parse: Parse, coder: ActorCoder) -> None:
    doc = quoted(parse)
    base = index(coder, doc)
    (minister,) = base.refs(doc[12])
    assert (minister.code, minister.sector) == (None, "GOV")
    speaker = ActorRef(
        minister.start, minister.end, minister.text, "UKRGOV", "UKR", "GOV", None, minister.actor
    )
    start = QUOTED.index("Our")
    quote = Quote(
        "q1", "direct", start, QUOTED.index(',"'), QUOTED[start : QUOTED.index(',"')], speaker, None, 0
    )
    listed, troops_before = base.listed(), base.refs(doc[2])

    voiced = base.voiced([quote])

    assert voiced is not base
    assert [(r.text, r.code) for r in voiced.refs(doc[2])] == [("Our troops", "UKRMIL")]
    assert [(r.text, r.code) for r in voiced.refs(doc[6])] == [("we", "UKR")]
    we = voiced.mention(doc[6])
    assert we is not None and we.actor.refers_to == minister.actor
    # The index voiced() was called on is as it was.
    assert base.listed() == listed and base.refs(doc[2]) == troops_before and base.refs(doc[6]) == []
    assert [a.text for a in voiced.listed()] == ["Our troops", "we", "the minister"]


def test_indirect_quotes_and_unknown_speakers_voice_nothing(parse: Parse, coder: ActorCoder) -> None:
    doc = quoted(parse)
    base = index(coder, doc)
    (minister,) = base.refs(doc[12])
    uncoded = Quote("q1", "direct", 1, 36, QUOTED[1:36], minister, None, 0)
    indirect = Quote("q2", "indirect", 1, 36, QUOTED[1:36], minister, None, 0)
    for quote in (uncoded, indirect):
        assert base.voiced([quote]).refs(doc[6]) == []
