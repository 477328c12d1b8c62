"""Entity patterns for the ``sitrep_entity_ruler``: names recognised as PER, ORG or LOC by exact spelling.

The NLP layer only knows their shape; where the names come from is for the caller to say (the
:class:`~sitrep.pipeline.Extractor` builds them from its own actor dictionary with
:func:`sitrep.actors.entities.entity_patterns`). Matching is on exact spelling (``ORTH``), so "US" matches the
country and "us" does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import Any

LABELS = frozenset({"PER", "ORG", "LOC"})
_ONTONOTES = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}


@dataclass(frozen=True, slots=True)
class EntityPattern:
    """A name to recognise: its kind (``PER``, ``ORG`` or ``LOC``), its exact spelling and an id (the code it
    stands for, kept as the entity's ``ent_id_``)."""

    label: str
    text: str
    id: str

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"entity pattern label must be PER, ORG or LOC, got {self.label!r}")


def ruler_patterns(patterns: Iterable[EntityPattern], model_labels: Set[str]) -> list[dict[str, Any]]:
    """Patterns as spaCy's ``entity_ruler`` takes them, labelled the way the model labels its entities
    (``PERSON``/``GPE`` for an OntoNotes-style model that lacks PER/ORG/LOC)."""
    relabel = not set(model_labels) >= LABELS
    return [
        {"label": _ONTONOTES[p.label] if relabel else p.label, "pattern": p.text, "id": p.id}
        for p in patterns
    ]
