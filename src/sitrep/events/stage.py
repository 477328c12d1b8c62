"""The event stage: CAMEO/PLOVER events from the parse, attributed from what the quote stage found."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from sitrep.events.coder import EventCoder
from sitrep.stages import ArticleState


class EventStage:
    """Codes the article's events (``events``), numbered ``e1, e2, …`` in text order. Who says so comes from
    the quote stage: the quotes an event lies in, and the reports (verbs of saying, "according to") above
    it."""

    name: ClassVar[str] = "events"

    def __init__(self, coder: EventCoder) -> None:
        self.coder = coder
        self.requires = frozenset({"doc", "actors", "quotes", "reports", "dates", "base", "dated"})
        self.assigns = frozenset({"events"})

    def __call__(self, state: ArticleState) -> None:
        assert state.actors is not None
        events = self.coder.code(
            state.doc,
            state.actors,
            state.dates,
            state.base,
            state.dated,
            quotes=state.quotes,
            reports=state.reports,
        )
        state.events = tuple(replace(e, id=f"e{n}") for n, e in enumerate(events, 1))
