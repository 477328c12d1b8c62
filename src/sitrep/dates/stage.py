"""The date stage: every date phrase of the article, resolved against its publication date."""

from __future__ import annotations

from typing import ClassVar

from sitrep.dates.resolve import Lexicon, default_lexicon, find_dates
from sitrep.stages import ArticleState


class DateStage:
    """Finds and resolves the article's date phrases (``dates``)."""

    name: ClassVar[str] = "dates"

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.requires = frozenset({"text", "base"})
        self.assigns = frozenset({"dates"})

    def __call__(self, state: ArticleState) -> None:
        state.dates = tuple(find_dates(state.text, state.base, self.lexicon))
