"""The JSON Schema of sitrep's output, and a validator for it.

``document.schema.json`` (JSON Schema draft 2020-12, shipped in this package) describes
``Document.to_dict()``: the contract documented in ``docs/schema.md``. Validating needs the optional
``jsonschema`` package; loading the schema does not::

    from sitrep.schema import validate_document

    validate_document(document.to_dict())  # raises sitrep.InputError on the first violation
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from sitrep.errors import ConfigError, InputError

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

__all__ = ["SCHEMA_FILE", "document_schema", "validate_document"]

SCHEMA_FILE = "document.schema.json"
"""Name of the schema file inside the ``sitrep.schema`` package."""


@cache
def _schema() -> dict[str, Any]:
    text = files(__package__ or "sitrep.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def document_schema() -> dict[str, Any]:
    """The JSON Schema of a document (``sitrep.document/1``), as a fresh dict the caller may change."""
    return copy.deepcopy(_schema())


@cache
def _validator() -> Validator:
    try:
        import jsonschema
    except ImportError as err:
        raise ConfigError("validating needs the jsonschema package: pip install jsonschema") from err
    cls = jsonschema.Draft202012Validator
    return cls(_schema(), format_checker=cls.FORMAT_CHECKER)


def validate_document(data: dict[str, Any]) -> None:
    """Check ``data`` (e.g. ``Document.to_dict()`` or a parsed JSON line) against the document schema.

    Raises :class:`sitrep.InputError` naming the path and reason of the most relevant violation
    (e.g. ``$.events[0].modality: 'maybe' is not one of [...]``), or :class:`sitrep.ConfigError` when the
    ``jsonschema`` package is not installed.
    """
    validator = _validator()
    from jsonschema.exceptions import best_match

    error = best_match(validator.iter_errors(data))
    if error is not None:
        raise InputError(f"document does not match sitrep.document/1 at {error.json_path}: {error.message}")
