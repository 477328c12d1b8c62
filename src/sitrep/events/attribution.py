"""Who vouches for an event: read from what the quote stage found, never from speech cues of its own.

The quote stage gives the article's quotes (regions of text) and its reports (every verb of saying or
"according to", with its speaker and the clauses it reports). An event is reported by the nearest clause
above its predicate that a report covers; it is attributed to the innermost quote its trigger lies in, else to
that report, else to the outlet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from sitrep.records import OUTLET, Attribution, Quote, Report

_DEPTH = 8
"""How many heads up from a predicate the search for a reporting clause goes."""


@dataclass(frozen=True, slots=True)
class Reports:
    """One article's reports, indexed by the clauses they cover (made per article, never kept)."""

    beside: dict[int, list[Report]]
    """Reports set beside a clause ("..., the ministry said"; "according to X"), by where the clause's head
    starts, in text order."""
    below: dict[int, Report]
    """The report of a clause that hangs from a verb of saying ("said (that) ..."), by the clause head."""
    speech: frozenset[int]
    """Where the article's verbs of saying start."""

    @classmethod
    def of(cls, reports: Sequence[Report]) -> Reports:
        beside: dict[int, list[Report]] = defaultdict(list)
        below: dict[int, Report] = {}
        for report in sorted(reports, key=lambda r: r.at):
            for clause in report.clauses:
                below.setdefault(clause, report)
            if report.beside is not None:
                beside[report.beside].append(report)
        return cls(dict(beside), below, frozenset(r.at for r in reports if r.kind == "speech"))

    def reporting(self, token: Token) -> Report | None:
        """The report whose clause holds the predicate ``token``: the nearest clause up the parse that a
        report covers; at one clause, a cue set beside it (the first in the text) before the verb it hangs
        from. A verb of saying that is itself the event ("..., Kyiv warned") does not report itself."""
        current = token
        for _ in range(_DEPTH):
            for report in self.beside.get(current.idx, ()):
                if report.kind != "speech" or report.at != token.idx:
                    return report
            head = current.head
            if head is current:
                break
            below = self.below.get(current.idx)
            if below is not None:
                return below
            current = head
        return None


def attribution(trigger: int, report: Report | None, quotes: Sequence[Quote]) -> Attribution:
    """The attribution of an event whose trigger starts at ``trigger``: the innermost quote it lies in (with
    the report's speaker and cue where the quote has no speaker), else its report, else the outlet."""
    reported = OUTLET if report is None else Attribution("speaker", report.speaker, report.cue)
    holders = [q for q in quotes if q.start <= trigger < q.end]
    if not holders:
        return reported
    quote = min(holders, key=lambda q: q.end - q.start)
    speaker = quote.speaker or reported.speaker
    cue = quote.cue if quote.speaker is not None or reported.cue is None else reported.cue
    return Attribution("speaker", speaker, cue, quote.id)
