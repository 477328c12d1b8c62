"""Ontology: the CAMEO and PLOVER event tables that sitrep codes events against."""

from sitrep.ontology.tables import (
    QUAD_CLASSES,
    CameoCode,
    Ontology,
    PloverContext,
    PloverMapping,
    PloverType,
    default_ontology,
    load_ontology,
)

__all__ = [
    "QUAD_CLASSES",
    "CameoCode",
    "Ontology",
    "PloverContext",
    "PloverMapping",
    "PloverType",
    "default_ontology",
    "load_ontology",
]
