"""The quote stage: quotes with their speakers, scare quotes, and the reports events read attribution from."""

from __future__ import annotations

from typing import ClassVar

from sitrep.quotes.finder import QuoteFinder
from sitrep.stages import ArticleState


class QuoteStage:
    """Finds the quotes of the article and who says them (``quotes``), scare quotes (``scare_quotes``), and
    every verb of saying or "according to" with its speaker and the clauses it reports (``reports``)."""

    name: ClassVar[str] = "quotes"

    def __init__(self, finder: QuoteFinder) -> None:
        self.finder = finder
        self.requires = frozenset({"doc", "mentions"})
        self.assigns = frozenset({"quotes", "scare_quotes", "reports"})

    def __call__(self, state: ArticleState) -> None:
        assert state.mentions is not None
        found = self.finder.find(state.doc, state.mentions)
        state.quotes = found.quotes
        state.scare_quotes = found.scare_quotes
        state.reports = found.reports
