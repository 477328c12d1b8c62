"""Who vouches for an event: read from the quote stage's quotes and reports, on parses built by hand (so the
rules are tested independently of the statistical model)."""

from __future__ import annotations

import datetime as dt

from support import code_parse, hand_parse, run_stages

from sitrep import Extractor
from sitrep.events.attribution import Reports, attribution
from sitrep.records import OUTLET, ActorRef, Attribution, Event, Quote, Report, Span
from sitrep.stages import ArticleState

DAY = dt.date(2022, 2, 25)


def coded(extractor: Extractor, text: str, table: str, day: dt.date = DAY) -> ArticleState:
    return code_parse(extractor, text, table, day)


def attack(state: ArticleState) -> Event:
    [event] = [e for e in state.events if e.cameo_root == "19"]
    return event


REPORTED = """
The the DET det 2
ministry ministry NOUN nsubj 3
said say VERB ROOT 0 tag=VBD
Russia Russia PROPN nsubj 5 ent=GPE
attacked attack VERB ccomp 3 tag=VBD
Kharkiv Kharkiv PROPN obj 5 ent=GPE
. . PUNCT punct 3
"""


def test_a_reported_clause_is_said_by_the_speaker(extractor: Extractor) -> None:
    state = coded(extractor, "The ministry said Russia attacked Kharkiv.", REPORTED)
    event = attack(state)
    assert event.source is not None and event.source.code == "RUS"
    [quote] = state.quotes
    assert (quote.kind, quote.text) == ("indirect", "Russia attacked Kharkiv")
    said = event.attribution
    assert said.kind == "speaker" and said.quote == quote.id
    assert said.cue == Span(13, 17, "said") and said.speaker == quote.speaker
    assert said.speaker is not None and said.speaker.text == "The ministry"
    assert event.modality == "asserted"


def test_a_speaker_set_beside_the_clause(extractor: Extractor) -> None:
    state = coded(
        extractor,
        "Russia attacked Kharkiv, the ministry said.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        attacked attack VERB ROOT 0 tag=VBD
        Kharkiv Kharkiv PROPN obj 2 ent=GPE
        , , PUNCT punct 7
        the the DET det 6
        ministry ministry NOUN nsubj 7
        said say VERB parataxis 2 tag=VBD
        . . PUNCT punct 2
        """,
    )
    said = attack(state).attribution
    assert said.kind == "speaker" and said.cue is not None and said.cue.text == "said"
    assert said.speaker is not None and said.speaker.text == "the ministry"


def test_according_to(extractor: Extractor) -> None:
    state = coded(
        extractor,
        "Russia attacked Kharkiv, according to Ukraine.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        attacked attack VERB ROOT 0 tag=VBD
        Kharkiv Kharkiv PROPN obj 2 ent=GPE
        , , PUNCT punct 7
        according accord VERB case 7 tag=VBG
        to to ADP fixed 5
        Ukraine Ukraine PROPN obl 2 ent=GPE
        . . PUNCT punct 2
        """,
    )
    said = attack(state).attribution
    assert said.cue is not None and said.cue.text == "according to"
    assert said.speaker is not None and said.speaker.code == "UKR"


def test_denied_negates_what_it_reports(extractor: Extractor) -> None:
    state = coded(
        extractor,
        "Ukraine denied that its troops attacked Belgorod.",
        """
        Ukraine Ukraine PROPN nsubj 2 ent=GPE
        denied deny VERB ROOT 0 tag=VBD
        that that SCONJ mark 6
        its its PRON nmod:poss 5
        troops troop NOUN nsubj 6 morph=Number=Plur
        attacked attack VERB ccomp 2 tag=VBD
        Belgorod Belgorod PROPN obj 6 ent=GPE
        . . PUNCT punct 2
        """,
    )
    event = attack(state)
    assert event.modality == "negated"
    assert event.attribution.cue is not None and event.attribution.cue.text == "denied"
    assert event.attribution.speaker is not None and event.attribution.speaker.code == "UKR"


def test_the_nearest_report_above_the_event_counts(extractor: Extractor) -> None:
    state = coded(
        extractor,
        "Kyiv said Moscow claimed Ukraine attacked Belgorod.",
        """
        Kyiv Kyiv PROPN nsubj 2 ent=GPE
        said say VERB ROOT 0 tag=VBD
        Moscow Moscow PROPN nsubj 4 ent=GPE
        claimed claim VERB ccomp 2 tag=VBD
        Ukraine Ukraine PROPN nsubj 6 ent=GPE
        attacked attack VERB ccomp 4 tag=VBD
        Belgorod Belgorod PROPN obj 6 ent=GPE
        . . PUNCT punct 2
        """,
    )
    said = attack(state).attribution
    assert said.cue is not None and said.cue.text == "claimed"
    assert said.speaker is not None and said.speaker.text == "Moscow"
    inner = next(q for q in state.quotes if q.id == said.quote)
    assert inner.text == "Ukraine attacked Belgorod"


def test_a_mistagged_verb_of_saying_attributes_events_but_makes_no_quote(extractor: Extractor) -> None:
    state = coded(
        extractor,
        "Officials say Russia attacked Kharkiv.",
        """
        Officials official NOUN nsubj 2 morph=Number=Plur
        say say INTJ ROOT 0 tag=VBP
        Russia Russia PROPN nsubj 4 ent=GPE
        attacked attack VERB ccomp 2 tag=VBD
        Kharkiv Kharkiv PROPN obj 4 ent=GPE
        . . PUNCT punct 2
        """,
    )
    assert state.quotes == ()
    said = attack(state).attribution
    assert said.kind == "speaker" and said.quote is None
    assert said.speaker is not None and said.speaker.text == "Officials"


def test_narrated_events_belong_to_the_outlet(extractor: Extractor) -> None:
    state = coded(
        extractor,
        "Russia attacked Kharkiv.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        attacked attack VERB ROOT 0 tag=VBD
        Kharkiv Kharkiv PROPN obj 2 ent=GPE
        . . PUNCT punct 2
        """,
    )
    assert attack(state).attribution == OUTLET


def test_a_verb_of_saying_does_not_report_itself(extractor: Extractor) -> None:
    doc = hand_parse(
        extractor.nlp.vocab,
        "Russia attacked Kharkiv, Kyiv warned.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        attacked attack VERB ROOT 0 tag=VBD
        Kharkiv Kharkiv PROPN obj 2 ent=GPE
        , , PUNCT punct 6
        Kyiv Kyiv PROPN nsubj 6 ent=GPE
        warned warn VERB parataxis 2 tag=VBD
        . . PUNCT punct 2
        """,
    )
    up_to_quotes = [s for s in extractor.stages if s.name in ("actors", "quotes")]
    [report] = run_stages(up_to_quotes, doc, DAY).reports
    assert (report.at, report.beside, report.clauses) == (doc[5].idx, doc[1].idx, ())
    index = Reports.of([report])
    assert index.reporting(doc[1]) == report
    assert index.reporting(doc[5]) is None


# --- attribution(): quotes first, then the report, then the outlet ---------------------------------------

SPEAKER = ActorRef(0, 6, "Russia", "RUS", "RUS", None, "Russia", "a1")
OTHER = ActorRef(40, 44, "Kyiv", "UKR", "UKR", None, "Kyiv", "a2")
SAID = Span(7, 11, "said")
REPORT = Report("speech", 7, SAID, SPEAKER, False, (12,), None)


def quote(id: str, start: int, end: int, speaker: ActorRef | None, cue: Span | None) -> Quote:
    return Quote(id, "direct", start, end, "x" * (end - start), speaker, cue, 0)


def test_outside_quotes_the_report_vouches() -> None:
    assert attribution(20, REPORT, ()) == Attribution("speaker", SPEAKER, SAID, None)
    assert attribution(20, None, ()) == OUTLET


def test_the_innermost_quote_wins() -> None:
    outer = quote("q1", 10, 60, OTHER, Span(61, 65, "told"))
    inner = quote("q2", 15, 30, SPEAKER, SAID)
    assert attribution(20, None, [outer, inner]) == Attribution("speaker", SPEAKER, SAID, "q2")
    assert attribution(40, None, [outer, inner]).quote == "q1"


def test_a_quote_without_speaker_takes_the_reports() -> None:
    nobody = quote("q1", 10, 60, None, None)
    assert attribution(20, REPORT, [nobody]) == Attribution("speaker", SPEAKER, SAID, "q1")
    assert attribution(20, None, [nobody]) == Attribution("speaker", None, None, "q1")
