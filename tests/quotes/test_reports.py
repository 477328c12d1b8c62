"""Reports: every verb of saying and "according to" with its speaker and the clauses it reports, on parses
built by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from support import hand_parse, run_stages

from sitrep import Extractor
from sitrep.records import Report, Span
from sitrep.stages import ArticleState

DAY = dt.date(2022, 2, 25)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def quoted(extractor: Extractor, text: str, table: str) -> ArticleState:
    stages = [s for s in extractor.stages if s.name in ("actors", "quotes")]
    return run_stages(stages, hand_parse(extractor.nlp.vocab, text, table), DAY)


def test_a_verb_of_saying_and_its_clause(extractor: Extractor) -> None:
    state = quoted(
        extractor,
        "Kyiv denied that Russia withdrew.",
        """
        Kyiv Kyiv PROPN nsubj 2 ent=GPE
        denied deny VERB ROOT 0 tag=VBD
        that that SCONJ mark 5
        Russia Russia PROPN nsubj 5 ent=GPE
        withdrew withdraw VERB ccomp 2 tag=VBD
        . . PUNCT punct 2
        """,
    )
    [report] = state.reports
    assert (report.kind, report.at, report.cue, report.negated) == ("speech", 5, Span(5, 11, "denied"), True)
    assert report.clauses == (state.text.index("withdrew"),) and report.beside is None
    assert report.speaker is not None and report.speaker.code == "UKR"
    [quote] = state.quotes
    assert (quote.kind, quote.text, quote.speaker, quote.cue) == (
        "indirect",
        "Russia withdrew",
        report.speaker,
        report.cue,
    )


def test_according_to_is_set_beside_its_clause(extractor: Extractor) -> None:
    state = quoted(
        extractor,
        "Russia withdrew, according to Kyiv.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        withdrew withdraw VERB ROOT 0 tag=VBD
        , , PUNCT punct 6
        according accord VERB case 6 tag=VBG
        to to ADP fixed 4
        Kyiv Kyiv PROPN obl 2 ent=GPE
        . . PUNCT punct 2
        """,
    )
    [report] = state.reports
    at, beside = state.text.index("Kyiv"), state.text.index("withdrew")
    assert report == Report("source", at, Span(17, 29, "according to"), report.speaker, False, (), beside)
    assert report.speaker is not None and report.speaker.code == "UKR"
    assert [q.text for q in state.quotes] == ["Russia withdrew"]


def test_a_verb_of_saying_the_tagger_missed_is_a_report_but_no_quote(extractor: Extractor) -> None:
    state = quoted(
        extractor,
        "Officials say Russia withdrew.",
        """
        Officials official NOUN nsubj 2 morph=Number=Plur
        say say INTJ ROOT 0 tag=VBP
        Russia Russia PROPN nsubj 4 ent=GPE
        withdrew withdraw VERB ccomp 2 tag=VBD
        . . PUNCT punct 2
        """,
    )
    [report] = state.reports
    assert report.cue == Span(10, 13, "say") and report.clauses == (state.text.index("withdrew"),)
    assert state.quotes == ()
