"""The framing stage: the lexicon's cues in the article, and its scare quotes as cues (less the quoted words
that are someone's, a name or a mention: :mod:`sitrep.framing.scare`)."""

from __future__ import annotations

from typing import ClassVar

from sitrep.framing.matcher import FramingMatcher
from sitrep.framing.scare import not_scare
from sitrep.records import FramingCue
from sitrep.stages import ArticleState

SCARE_NOTE = "Words in quote marks that nobody in the sentence is said to say: the outlet keeps its distance."


class FramingStage:
    """Finds the lexicon's framing cues, in the conflict the article's actors point to, plus scare quotes
    (``framing``, in text order)."""

    name: ClassVar[str] = "framing"

    def __init__(self, matcher: FramingMatcher) -> None:
        self.matcher = matcher
        self.requires = frozenset({"doc", "actors", "events", "quotes", "scare_quotes", "reports"})
        self.assigns = frozenset({"framing"})

    def __call__(self, state: ArticleState) -> None:
        assert state.actors is not None
        listed = state.actors.listed(state.events, state.quotes)  # the document's actors
        cues = self.matcher(state.doc, (a.country for a in listed))
        reports = {r.at: r.kind for r in state.reports}
        rules = self.matcher.lexicon.scare
        cues += [
            FramingCue(
                s.start, s.end, s.text, s.text, "scare_quotes", (), ("outlet",), SCARE_NOTE, None, "quotes"
            )
            for s in state.scare_quotes
            if not_scare(state.doc, s, rules, reports) is None
        ]
        cues.sort(key=lambda f: (f.start, f.end))
        state.framing = tuple(cues)
