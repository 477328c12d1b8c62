"""``sitrep/__init__.py``: an explicit, lazy public API (PEP 562), and imports that leave spaCy out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sitrep

SRC = Path(__file__).resolve().parent.parent / "src"

PUBLIC = {
    "EXPORT_FORMATS": "sitrep.export:FORMATS",
    "DEFAULT_MODEL": "sitrep.nlp:DEFAULT_MODEL",
    "SHIPPED_MODEL": "sitrep.nlp:SHIPPED_MODEL",
    "Actor": "sitrep.records:Actor",
    "ActorRef": "sitrep.records:ActorRef",
    "Article": "sitrep.article:Article",
    "Attribution": "sitrep.records:Attribution",
    "ConfigError": "sitrep.errors:ConfigError",
    "DataFileError": "sitrep.errors:DataFileError",
    "Document": "sitrep.records:Document",
    "Event": "sitrep.records:Event",
    "ExportFilter": "sitrep.export.query:ExportFilter",
    "ExportResult": "sitrep.export:ExportResult",
    "Extractor": "sitrep.pipeline:Extractor",
    "Failure": "sitrep.article:Failure",
    "FramingCue": "sitrep.records:FramingCue",
    "Gazetteer": "sitrep.places.gazetteer:Gazetteer",
    "Location": "sitrep.records:Location",
    "Place": "sitrep.records:Place",
    "IngestOptions": "sitrep.ingest.runner:IngestOptions",
    "IngestReport": "sitrep.ingest.runner:IngestReport",
    "InputError": "sitrep.errors:InputError",
    "ModelError": "sitrep.errors:ModelError",
    "Quote": "sitrep.records:Quote",
    "ReadOptions": "sitrep.ingest.base:ReadOptions",
    "Sentence": "sitrep.records:Sentence",
    "SitrepError": "sitrep.errors:SitrepError",
    "Span": "sitrep.records:Span",
    "Store": "sitrep.store:Store",
    "StoreError": "sitrep.errors:StoreError",
    "__version__": "sitrep._version:__version__",
    "export": "sitrep.export:export",
    "extract": "sitrep.pipeline:extract",
    "ingest": "sitrep.ingest.runner:ingest",
    "load_model": "sitrep.nlp:load_model",
    "read_sources": "sitrep.ingest.readers:read_sources",
}
"""Every public name and where it is defined: a name added to or dropped from ``__all__`` fails here."""


def test_all_is_the_public_api() -> None:
    assert sorted(sitrep.__all__) == sorted(PUBLIC)
    assert len(set(sitrep.__all__)) == len(sitrep.__all__)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_public_name_resolves_to_its_definition(name: str) -> None:
    module, attribute = PUBLIC[name].split(":")
    __import__(module)
    assert getattr(sitrep, name) is getattr(sys.modules[module], attribute)


def test_dir_lists_the_public_names() -> None:
    assert set(sitrep.__all__) <= set(dir(sitrep))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nonesuch'"):
        _ = sitrep.Nonesuch  # type: ignore[attr-defined]
    assert not hasattr(sitrep, "pipeline_")


def test_ingest_and_export_stay_the_functions_once_their_packages_are_imported() -> None:
    import sitrep.export.tables
    import sitrep.ingest.readers  # noqa: F401
    from sitrep import export, ingest

    assert callable(export) and callable(ingest)
    assert export is sys.modules["sitrep.export"].export
    assert ingest is sys.modules["sitrep.ingest.runner"].ingest


LIGHT_IMPORTS = (
    "sitrep",
    "sitrep.store",
    "sitrep.store.stats",
    "sitrep.export",
    "sitrep.ingest",
    "sitrep.ingest.readers",
    "sitrep.ingest.readers.feed",
    "sitrep.ingest.readers.html",
    "sitrep.ingest.readers.tabular",
    "sitrep.ingest.readers.text",
    "sitrep.ingest.readers.url",
    "sitrep.ingest.readers.warc",
    "sitrep.ingest.runner",
)


def _modules_after(statement: str) -> dict[str, object]:
    """``sitrep.__version__`` and whether spaCy was imported, after ``statement`` in a fresh interpreter."""
    probe = (
        f"{statement}\n"
        "import json, sys\n"
        "print(json.dumps({'spacy': 'spacy' in sys.modules, 'version': sys.modules['sitrep'].__version__}))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env, timeout=120
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_package_its_store_export_and_ingest_load_no_spacy() -> None:
    seen = _modules_after("\n".join(f"import {module}" for module in LIGHT_IMPORTS))
    assert seen == {"spacy": False, "version": sitrep.__version__}


def test_the_probe_sees_spacy_when_it_is_loaded() -> None:
    """The check above can fail: naming the Extractor loads the pipeline, and spaCy with it."""
    assert _modules_after("import sitrep\nsitrep.Extractor")["spacy"] is True
