"""Who says so: quotes with their speakers, and the attribution of every event to the outlet or a speaker."""

from sitrep.quotes.attribution import attribute
from sitrep.quotes.finder import QuoteFinder, QuoteResult
from sitrep.quotes.marks import Marked, find_marked

__all__ = ["Marked", "QuoteFinder", "QuoteResult", "attribute", "find_marked"]
