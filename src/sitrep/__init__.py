"""sitrep: a news-event engine — who did what to whom, who says so, and in whose words."""

from sitrep._version import __version__
from sitrep.article import Article, Failure
from sitrep.errors import ConfigError, DataFileError, InputError, ModelError, SitrepError, StoreError
from sitrep.export import FORMATS as EXPORT_FORMATS
from sitrep.export import ExportResult, export
from sitrep.export.query import ExportFilter
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers import read_sources
from sitrep.ingest.runner import IngestOptions, IngestReport, ingest
from sitrep.nlp import SHIPPED_MODEL, load_model
from sitrep.pipeline import Extractor, extract
from sitrep.records import Actor, ActorRef, Attribution, Document, Event, FramingCue, Quote, Sentence, Span
from sitrep.store import Store

__all__ = [
    "EXPORT_FORMATS",
    "SHIPPED_MODEL",
    "Actor",
    "ActorRef",
    "Article",
    "Attribution",
    "ConfigError",
    "DataFileError",
    "Document",
    "Event",
    "ExportFilter",
    "ExportResult",
    "Extractor",
    "Failure",
    "FramingCue",
    "IngestOptions",
    "IngestReport",
    "InputError",
    "ModelError",
    "Quote",
    "ReadOptions",
    "Sentence",
    "SitrepError",
    "Span",
    "Store",
    "StoreError",
    "__version__",
    "export",
    "extract",
    "ingest",
    "load_model",
    "read_sources",
]
