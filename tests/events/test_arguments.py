"""Sources and targets from the parse, on parses built by hand."""

from __future__ import annotations

import datetime as dt

from support import code_parse, hand_parse

from sitrep import Extractor
from sitrep.events.arguments import Arguments, misparsed
from sitrep.events.patterns import default_patterns
from sitrep.records import Event

DAY = dt.date(2022, 2, 25)


def events(extractor: Extractor, text: str, table: str) -> tuple[Event, ...]:
    return code_parse(extractor, text, table, DAY).events


def pair(event: Event) -> tuple[str | None, str | None]:
    return (event.source.code if event.source else None, event.target.code if event.target else None)


def test_the_passive_swaps_source_and_target(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Ukraine was attacked by Russia.",
        """
        Ukraine Ukraine PROPN nsubj:pass 3 ent=GPE
        was be AUX aux:pass 3 tag=VBD
        attacked attack VERB ROOT 0 tag=VBN
        by by ADP case 5
        Russia Russia PROPN obl:agent 3 ent=GPE
        . . PUNCT punct 3
        """,
    )
    assert event.cameo_root == "19" and pair(event) == ("RUS", "UKR")


def test_the_active_voice(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Russia attacked Ukraine.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        attacked attack VERB ROOT 0 tag=VBD
        Ukraine Ukraine PROPN obj 2 ent=GPE
        . . PUNCT punct 2
        """,
    )
    assert pair(event) == ("RUS", "UKR")


def test_a_particle_parsed_as_a_preposition(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Ukraine broke off ties with Russia.",
        """
        Ukraine Ukraine PROPN nsubj 2 ent=GPE
        broke break VERB ROOT 0 tag=VBD
        off off ADP case 4
        ties tie NOUN obl 2 morph=Number=Plur
        with with ADP case 6
        Russia Russia PROPN nmod 4 ent=GPE
        . . PUNCT punct 2
        """,
    )
    assert event.cameo == "161" and pair(event) == ("UKR", "RUS")


def test_particles_and_owners_come_from_the_data(extractor: Extractor) -> None:
    doc = hand_parse(
        extractor.nlp.vocab,
        "Ukraine broke off ties with Russia.",
        """
        Ukraine Ukraine PROPN nsubj 2
        broke break VERB ROOT 0 tag=VBD
        off off ADP case 4
        ties tie NOUN obl 2
        with with ADP case 6
        Russia Russia PROPN nmod 4
        . . PUNCT punct 2
        """,
    )
    shipped = Arguments(
        frozenset(default_patterns().cue_words("particle")), frozenset(default_patterns().cue_words("owner"))
    )
    assert [t.text for t in shipped.prep_children(doc[1], "with")] == ["Russia"]
    assert Arguments(frozenset(), frozenset()).prep_children(doc[1], "with") == []


def test_a_verb_taken_for_an_adjective_is_read_as_subject_verb_object(extractor: Extractor) -> None:
    doc = hand_parse(
        extractor.nlp.vocab,
        "Britain mobilized reservists",
        """
        Britain Britain PROPN compound 3
        mobilized mobilize ADJ amod 3 tag=JJ
        reservists reservist NOUN ROOT 0 morph=Number=Plur
        """,
    )
    assert misparsed(doc[1]) == (doc[0], doc[2])
    assert misparsed(doc[2]) is None
