"""sitrep: a news-event engine — who did what to whom, who says so, and in whose words."""

from sitrep.errors import ConfigError, DataFileError, InputError, ModelError, SitrepError
from sitrep.nlp import SHIPPED_MODEL, load_model
from sitrep.pipeline import Article, Extractor, extract
from sitrep.records import Actor, ActorRef, Attribution, Document, Event, FramingCue, Quote, Sentence, Span

__version__ = "0.1.0"

__all__ = [
    "SHIPPED_MODEL",
    "Actor",
    "ActorRef",
    "Article",
    "Attribution",
    "ConfigError",
    "DataFileError",
    "Document",
    "Event",
    "Extractor",
    "FramingCue",
    "InputError",
    "ModelError",
    "Quote",
    "Sentence",
    "SitrepError",
    "Span",
    "__version__",
    "extract",
    "load_model",
]
