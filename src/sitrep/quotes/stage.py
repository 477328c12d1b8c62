"""The quote stage: quotes with their speakers, and scare quotes."""

from __future__ import annotations

from typing import ClassVar

from sitrep.quotes.finder import QuoteFinder
from sitrep.stages import ArticleState


class QuoteStage:
    """Finds the quotes of the article and who says them (``quotes``), and scare quotes (``scare_quotes``)."""

    name: ClassVar[str] = "quotes"

    def __init__(self, finder: QuoteFinder) -> None:
        self.finder = finder
        self.requires = frozenset({"doc", "mentions"})
        self.assigns = frozenset({"quotes", "scare_quotes"})

    def __call__(self, state: ArticleState) -> None:
        assert state.mentions is not None
        found = self.finder.find(state.doc, state.mentions)
        state.quotes = found.quotes
        state.scare_quotes = found.scare_quotes
