"""Speakers: who a verb of saying or an "according to" phrase names, coded by the actor coder (so "he" and
"the ministry" resolve to the actor last in focus)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from sitrep.records import ActorRef

if TYPE_CHECKING:
    from sitrep.actors.index import ActorIndex

SUBJECTS = ("nsubj", "nsubj:pass", "csubj")


def speaker(verb: Token, actors: ActorIndex) -> ActorRef | None:
    """The subject of the verb of saying (through "was quoted as saying" and "by X" in the passive)."""
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in SUBJECTS and not (child.lower_ == "it" and child.dep_ == "nsubj:pass"):
                return actors.speaker_ref(child)
        for child in current.children:
            if child.dep_ in ("obl:agent", "obl") and any(
                c.dep_ == "case" and c.lower_ == "by" for c in child.children
            ):
                return actors.speaker_ref(child)
        if current.dep_ in ("advcl", "xcomp", "conj") and current.head is not current:
            current = current.head
        else:
            break
    # '"…," Volodymyr Zelensky said': the parser sometimes hangs the name before the verb elsewhere.
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.pos_ in ("PROPN", "NOUN", "PRON") and before.head is not verb:
        refs = actors.refs(before)
        if refs:
            return refs[0]
    # '"…," said Sergei Lavrov': the parser sometimes hangs an inverted subject as an object or aside.
    for child in verb.rights:
        inverted = child.dep_ in ("obj", "parataxis", "appos", "dep") and child.pos_ in ("PROPN", "NOUN")
        if inverted and child.i - verb.i <= 3:
            return actors.speaker_ref(child)
    return None


def source(phrase: Token, actors: ActorIndex) -> ActorRef:
    """Who "according to" names: an actor, or the owner of a document ("a statement by Mr. Stoltenberg's
    office", "the ministry's report"), else the phrase itself without a code."""
    owners = [
        t
        for t in phrase.subtree
        if t.i != phrase.i and t.dep_ in ("nmod", "nmod:poss") and t.pos_ in ("NOUN", "PROPN")
    ]
    for token in (phrase, *owners):
        if refs := actors.refs(token):
            return refs[0]
    return actors.uncoded_ref(phrase)
