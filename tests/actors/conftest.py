"""Hand-built parses for the actor tests: a rule is tested on the tree it reads, not on what a model makes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
import spacy
from spacy.tokens import Doc

HandToken = tuple[str, str, str, int] | tuple[str, str, str, int, str]
"""(word, UD POS, UD relation, index of the head token — its own index for a root[, lemma])."""


@pytest.fixture(scope="session")
def parse() -> Callable[..., Doc]:
    """``parse(text, tokens, ents=[(start, end, "PER")], plural={i})``: a spaCy ``Doc`` of ``text`` with
    exactly the given tokens, tree, entities (token ranges) and plural nouns; each root starts a sentence."""
    vocab = spacy.blank("en").vocab

    def build(
        text: str,
        tokens: Sequence[HandToken],
        *,
        ents: Sequence[tuple[int, int, str]] = (),
        plural: set[int] | frozenset[int] = frozenset(),
    ) -> Doc:
        words = [t[0] for t in tokens]
        spaces, at = [], 0
        for word in words:
            start = text.index(word, at)
            assert not text[at:start].strip(), f"{text[at:start]!r} is between tokens"
            at = start + len(word)
            spaces.append(text[at : at + 1] == " ")
        assert at == len(text.rstrip()), "the tokens do not cover the text"
        iob = ["O"] * len(words)
        for start, end, label in ents:
            iob[start] = f"B-{label}"
            for i in range(start + 1, end):
                iob[i] = f"I-{label}"
        doc = Doc(
            vocab,
            words=words,
            spaces=spaces,
            pos=[t[1] for t in tokens],
            deps=[t[2] for t in tokens],
            heads=[t[3] for t in tokens],
            lemmas=[t[4] if len(t) == 5 else t[0].lower() for t in tokens],
            morphs=["Number=Plur" if i in plural else "" for i in range(len(words))],
            ents=iob,
        )
        assert doc.text == text.rstrip()
        return doc

    return build
