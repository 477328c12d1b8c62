"""Dates: date expressions in news text ("on Friday", "a day earlier", "Feb. 24"), resolved against the
article's publication date."""

from sitrep.dates.resolve import DateRef, Lexicon, default_lexicon, find_dates, load_lexicon, resolve_phrase

__all__ = ["DateRef", "Lexicon", "default_lexicon", "find_dates", "load_lexicon", "resolve_phrase"]
