"""What the coder reads of a parse: entities cut at quote marks, phrase heads and phrases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from sitrep.actors.coder import ActorCoder
from sitrep.actors.view import ArticleView, is_phrase_head

Parse = Callable[..., Doc]  # the ``parse`` fixture (tests/actors/conftest.py)
DAY = dt.date(2024, 3, 1)


@pytest.fixture(scope="module")
def coder() -> ActorCoder:
    return ActorCoder()


def test_a_name_is_cut_at_a_quote_mark(parse: Parse, coder: ActorCoder) -> None:
    text = 'They blamed Russia," Zelensky said.'
    doc = parse(
        text,
        [
            ("They", "PRON", "nsubj", 1),
            ("blamed", "VERB", "ccomp", 6),
            ("Russia", "PROPN", "obj", 1),
            (",", "PUNCT", "punct", 1),
            ('"', "PUNCT", "punct", 6),
            ("Zelensky", "PROPN", "nsubj", 6),
            ("said", "VERB", "ROOT", 6),
            (".", "PUNCT", "punct", 6),
        ],
        ents=[(2, 6, "PER")],  # the NER ran one name over the closing quote
    )
    view = ArticleView(doc, coder.dictionary.words)
    russia, zelensky = view.entity(doc[2]), view.entity(doc[5])
    assert russia is not None and zelensky is not None
    assert (russia.text, zelensky.text) == ("Russia", "Zelensky")
    assert [r.code for r in coder.analyse(doc, DAY).refs(doc[5])] == ["UKRGOV"]


def test_phrase_heads_and_inner_tokens(parse: Parse) -> None:
    doc = parse(
        "Ukraine's army advanced.",
        [
            ("Ukraine", "PROPN", "nmod:poss", 2),
            ("'s", "PART", "case", 0),
            ("army", "NOUN", "nsubj", 3),
            ("advanced", "VERB", "ROOT", 3),
            (".", "PUNCT", "punct", 3),
        ],
    )
    assert [t.text for t in doc if is_phrase_head(t)] == ["army"]


def test_a_phrase_takes_its_modifiers_possessor_and_whole_name(parse: Parse, coder: ActorCoder) -> None:
    doc = parse(
        "The Russian foreign minister Sergei Lavrov's visit ended.",
        [
            ("The", "DET", "det", 3),
            ("Russian", "ADJ", "amod", 3),
            ("foreign", "ADJ", "amod", 3),
            ("minister", "NOUN", "nmod:poss", 7),
            ("Sergei", "PROPN", "appos", 3),
            ("Lavrov", "PROPN", "flat", 4),
            ("'s", "PART", "case", 3),
            ("visit", "NOUN", "nsubj", 8),
            ("ended", "VERB", "ROOT", 8),
            (".", "PUNCT", "punct", 8),
        ],
        ents=[(4, 6, "PER")],
    )
    view = ArticleView(doc, coder.dictionary.words)
    assert view.phrase(doc[4]).text == "Sergei Lavrov"
    assert view.phrase(doc[3]).text == "The Russian foreign minister"
    assert view.phrase(doc[7]).text == "The Russian foreign minister Sergei Lavrov's visit"
