"""The actor stages: ActorStage assigns the index; VoiceStage assigns a new one and leaves it alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from spacy.tokens import Doc

from sitrep.actors.coder import ActorCoder
from sitrep.actors.stage import ActorStage, VoiceStage
from sitrep.article import Article
from sitrep.records import ActorRef, Quote
from sitrep.stages import ArticleState

Parse = Callable[..., Doc]  # the ``parse`` fixture (tests/actors/conftest.py)
TEXT = '"We will win," Zelensky said.'


def test_voices_make_a_new_index_and_leave_the_mentions_alone(parse: Parse) -> None:
    doc = parse(
        TEXT,
        [
            ('"', "PUNCT", "punct", 6),
            ("We", "PRON", "nsubj", 3),
            ("will", "AUX", "aux", 3),
            ("win", "VERB", "ccomp", 6),
            (",", "PUNCT", "punct", 3),
            ('"', "PUNCT", "punct", 6),
            ("Zelensky", "PROPN", "nsubj", 6),
            ("said", "VERB", "ROOT", 6),
            (".", "PUNCT", "punct", 6),
        ],
        ents=[(6, 7, "PER")],
    )
    day = dt.date(2024, 3, 1)
    state = ArticleState(article=Article(TEXT, day), text=TEXT, doc=doc, base=day, dated=True)
    ActorStage(ActorCoder())(state)
    mentions = state.mentions
    assert mentions is not None
    speaker = mentions.speaker_ref(doc[6])
    assert speaker.code == "UKRGOV"
    state.quotes = (Quote("q1", "direct", 1, 12, TEXT[1:12], speaker, None, 0),)
    listed = mentions.listed()

    VoiceStage()(state)

    assert state.mentions is mentions and mentions.listed() == listed and mentions.refs(doc[1]) == []
    assert state.actors is not None and state.actors is not mentions
    assert [(r.text, r.code) for r in state.actors.refs(doc[1])] == [("We", "UKR")]
    assert isinstance(speaker, ActorRef)
