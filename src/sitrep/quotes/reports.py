"""Reports: every verb of saying and every "according to" phrase of the article, with its speaker and the
clauses it reports, in the parse. Quotes are made from them (:mod:`sitrep.quotes.finder`) and events read
their attribution from them: this is the one place that decides who says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from sitrep.quotes.cues import Cue, SpeechCues
from sitrep.quotes.speakers import source, speaker
from sitrep.records import Report, Span

if TYPE_CHECKING:
    from sitrep.actors.index import ActorIndex

VERBS = ("VERB", "AUX")
REPORTED = ("ccomp", "parataxis")
"""The dependency labels of a clause that hangs from a verb of saying and is what it says."""


def speech_cue(token: Token, cues: SpeechCues) -> Cue | None:
    """The ``speech`` entry of ``token``, if it is a verb of saying: its lemma is one, whatever the tagger
    made of it ("say" is sometimes tagged as an interjection), or its word is one and it is tagged a verb."""
    found = cues.speech.get(token.lemma_.lower())
    if found is None and token.pos_ in VERBS:
        found = cues.speech.get(token.lower_)
    return found


def source_cue(token: Token, cues: SpeechCues) -> Cue | None:
    """The ``source`` entry ("according to") whose words open the oblique phrase headed by ``token``."""
    # "…, according to the air force." is sometimes hung from a noun before it (nmod) rather than the verb.
    if not (token.dep_.startswith("obl") or token.dep_ == "nmod"):
        return None
    words = tuple(t.lower_ for t in token.subtree if not t.is_punct)[:3]
    return next((cue for cue in cues.sources if words[: len(cue.words)] == cue.words), None)


def speech_verb(token: Token, cues: SpeechCues) -> bool:
    """Whether ``token`` is a verb of saying that the tagger takes for a verb: what a quote needs."""
    return token.pos_ in VERBS and speech_cue(token, cues) is not None


def quotable(token: Token, report: Report, cues: SpeechCues) -> bool:
    """Whether a report is sure enough to make a quote of: its verb of saying is tagged a verb, or its
    "according" hangs from the phrase it introduces. (Events take their attribution from every report: a
    mistagged verb of saying still says who vouches for what it reports.)"""
    if report.kind == "speech":
        return token.pos_ in VERBS
    return any(c.lower_ == cue.words[0] for c in token.children for cue in cues.sources)


def find_reports(doc: Doc, actors: ActorIndex, cues: SpeechCues) -> list[Report]:
    """Every report of the article, in text order."""
    return [report for _, report in reports_at(doc, actors, cues)]


def reports_at(doc: Doc, actors: ActorIndex, cues: SpeechCues) -> list[tuple[Token, Report]]:
    """Every report of the article with the token of its cue, in text order."""
    reports: list[tuple[Token, Report]] = []
    for token in doc:
        if (said := speech_cue(token, cues)) is not None:
            beside = token.head.idx if token.dep_ == "parataxis" and token.head is not token else None
            reports.append(
                (
                    token,
                    Report(
                        kind="speech",
                        at=token.idx,
                        cue=span(doc, [token]),
                        speaker=speaker(token, actors),
                        negated=said.negated,
                        clauses=tuple(c.idx for c in token.children if c.dep_ in REPORTED),
                        beside=beside,
                    ),
                )
            )
        if (according := source_cue(token, cues)) is not None:
            words = [t for t in token.children if t.dep_ == "case" and t.i < token.i]
            words += [c for t in words for c in t.children if c.dep_ == "fixed"]
            words.sort(key=lambda t: t.i)
            reports.append(
                (
                    token,
                    Report(
                        kind="source",
                        at=token.idx,
                        cue=span(doc, words) if words else None,
                        speaker=source(token, actors),
                        negated=according.negated,
                        clauses=(),
                        beside=token.head.idx if token.head is not token else None,
                    ),
                )
            )
    return reports


def span(doc: Doc, tokens: Sequence[Token]) -> Span:
    first, last = tokens[0], tokens[-1]
    return Span(first.idx, last.idx + len(last.text), doc[first.i : last.i + 1].text)
