"""Predicates to candidate events through the pattern files, on parses built by hand."""

from __future__ import annotations

import datetime as dt

from support import code_parse

from sitrep import Extractor
from sitrep.records import Event

DAY = dt.date(2022, 2, 25)


def events(extractor: Extractor, text: str, table: str) -> tuple[Event, ...]:
    return code_parse(extractor, text, table, DAY).events


def test_a_light_verb_takes_its_code_from_the_noun(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Russia launched an offensive against Ukraine.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        launched launch VERB ROOT 0 tag=VBD
        an a DET det 4
        offensive offensive NOUN obj 2
        against against ADP case 6
        Ukraine Ukraine PROPN nmod 4 ent=GPE
        . . PUNCT punct 2
        """,
    )
    assert event.cameo_root == "19" and event.rule.startswith("verbs.tsv:") and "+nouns.tsv:" in event.rule
    assert event.trigger.text == "launched an offensive"
    assert (event.source and event.source.code, event.target and event.target.code) == ("RUS", "UKR")


def test_verb_plus_verb(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Iran threatened to attack Bahrain.",
        """
        Iran Iran PROPN nsubj 2 ent=GPE
        threatened threaten VERB ROOT 0 tag=VBD
        to to PART mark 4
        attack attack VERB xcomp 2 tag=VB
        Bahrain Bahrain PROPN obj 4 ent=GPE
        . . PUNCT punct 2
        """,
    )
    assert event.cameo_root == "13" and event.modality == "asserted"
    assert event.rule.startswith("complements.tsv:") and "+verbs.tsv:" in event.rule
    assert (event.source and event.source.code, event.target and event.target.code) == ("IRN", "BHR")


def test_the_entry_with_most_conditions_wins(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Russia attacked Ukraine with drones.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        attacked attack VERB ROOT 0 tag=VBD
        Ukraine Ukraine PROPN obj 2 ent=GPE
        with with ADP case 5
        drones drone NOUN obl 2 morph=Number=Plur
        . . PUNCT punct 2
        """,
    )
    assert event.cameo == "1952"


def test_a_noun_on_its_own_needs_a_source(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Russia's offensive failed.",
        """
        Russia Russia PROPN nmod:poss 3 ent=GPE
        's 's PART case 1
        offensive offensive NOUN nsubj 4
        failed fail VERB ROOT 0 tag=VBD
        . . PUNCT punct 4
        """,
    )
    assert event.cameo_root == "19" and event.source and event.source.code == "RUS"
