"""sitrep: a news-event engine — who did what to whom, who says so, and in whose words.

The public names (:data:`__all__`) are loaded lazily (PEP 562): ``import sitrep`` costs next to nothing, and
a name's module (spaCy with it, for :class:`Extractor`) is imported the first time the name is used.
``sitrep.ingest`` and ``sitrep.export`` are the functions, as ``from sitrep import ingest, export`` gives
them, even once the subpackages of the same names have been imported (``sys.modules`` holds those).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from sitrep._version import __version__

if TYPE_CHECKING:
    from sitrep.article import Article, Failure
    from sitrep.errors import ConfigError, DataFileError, InputError, ModelError, SitrepError, StoreError
    from sitrep.export import FORMATS as EXPORT_FORMATS
    from sitrep.export import ExportResult, export
    from sitrep.export.query import ExportFilter
    from sitrep.ingest.base import ReadOptions
    from sitrep.ingest.readers import read_sources
    from sitrep.ingest.runner import IngestOptions, IngestReport, ingest
    from sitrep.nlp import DEFAULT_MODEL, SHIPPED_MODEL, load_model
    from sitrep.pipeline import Extractor, extract
    from sitrep.places.gazetteer import Gazetteer
    from sitrep.records import (
        Actor,
        ActorRef,
        Attribution,
        Document,
        Event,
        FramingCue,
        Location,
        Place,
        Quote,
        Sentence,
        Span,
    )
    from sitrep.store import Store

__all__ = [
    "DEFAULT_MODEL",
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
    "Gazetteer",
    "IngestOptions",
    "IngestReport",
    "InputError",
    "Location",
    "ModelError",
    "Place",
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

_SOURCES: dict[str, tuple[str, str]] = {
    "Article": ("sitrep.article", "Article"),
    "Failure": ("sitrep.article", "Failure"),
    "ConfigError": ("sitrep.errors", "ConfigError"),
    "DataFileError": ("sitrep.errors", "DataFileError"),
    "InputError": ("sitrep.errors", "InputError"),
    "ModelError": ("sitrep.errors", "ModelError"),
    "SitrepError": ("sitrep.errors", "SitrepError"),
    "StoreError": ("sitrep.errors", "StoreError"),
    "EXPORT_FORMATS": ("sitrep.export", "FORMATS"),
    "ExportResult": ("sitrep.export", "ExportResult"),
    "export": ("sitrep.export", "export"),
    "ExportFilter": ("sitrep.export.query", "ExportFilter"),
    "ReadOptions": ("sitrep.ingest.base", "ReadOptions"),
    "read_sources": ("sitrep.ingest.readers", "read_sources"),
    "IngestOptions": ("sitrep.ingest.runner", "IngestOptions"),
    "IngestReport": ("sitrep.ingest.runner", "IngestReport"),
    "ingest": ("sitrep.ingest.runner", "ingest"),
    "DEFAULT_MODEL": ("sitrep.nlp", "DEFAULT_MODEL"),
    "SHIPPED_MODEL": ("sitrep.nlp", "SHIPPED_MODEL"),
    "load_model": ("sitrep.nlp", "load_model"),
    "Extractor": ("sitrep.pipeline", "Extractor"),
    "extract": ("sitrep.pipeline", "extract"),
    "Actor": ("sitrep.records", "Actor"),
    "ActorRef": ("sitrep.records", "ActorRef"),
    "Attribution": ("sitrep.records", "Attribution"),
    "Document": ("sitrep.records", "Document"),
    "Event": ("sitrep.records", "Event"),
    "FramingCue": ("sitrep.records", "FramingCue"),
    "Location": ("sitrep.records", "Location"),
    "Place": ("sitrep.records", "Place"),
    "Gazetteer": ("sitrep.places.gazetteer", "Gazetteer"),
    "Quote": ("sitrep.records", "Quote"),
    "Sentence": ("sitrep.records", "Sentence"),
    "Span": ("sitrep.records", "Span"),
    "Store": ("sitrep.store", "Store"),
}
"""Where each public name (but ``__version__``) lives: name → (module, attribute)."""

_FUNCTIONS_NAMED_LIKE_SUBPACKAGES = frozenset({"export", "ingest"})


if not TYPE_CHECKING:  # mypy sees the imports above, and so reports a name that is not there

    def __getattr__(name: str) -> Any:
        source = _SOURCES.get(name)
        if source is None:
            raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
        module, attribute = source
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value  # the next look-up is a plain one
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The package's module type: importing ``sitrep.ingest`` or ``sitrep.export`` does not replace the
    functions of those names here (the import system sets a subpackage as its parent's attribute)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _FUNCTIONS_NAMED_LIKE_SUBPACKAGES and isinstance(value, types.ModuleType):
            return  # the name is looked up through __getattr__: the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
