"""Who says so: quotes with their speakers, and the reports (verbs of saying, "according to") that events read
their attribution from."""

from sitrep.quotes.cues import SpeechCues, default_speech_cues, load_speech_cues
from sitrep.quotes.finder import QuoteFinder, QuoteResult
from sitrep.quotes.marks import Marked, find_marked
from sitrep.quotes.reports import find_reports

__all__ = [
    "Marked",
    "QuoteFinder",
    "QuoteResult",
    "SpeechCues",
    "default_speech_cues",
    "find_marked",
    "find_reports",
    "load_speech_cues",
]
