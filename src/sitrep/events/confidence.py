"""What an event's ``confidence`` is: the probability that the event is right, from a logistic model.

"Right" is the lenient verdict of ``sitrep eval events``: the type is right and at least one actor names
the right referent (docs/evaluation.md). The model reads only the event record — which pattern files coded
it, whether its actors are present and coded, its modality, who vouches for it, its quad class — so the
same features can be computed from sitrep's JSON output when the model is fitted
(``benchmarks/fit_confidence.py``)::

    confidence = 1 / (1 + exp(-(bias + Σ weight(feature) for each feature the event has)))

The weights are data (``confidence.tsv`` beside the pattern files: ``feature``, ``weight``, ``note``), fitted
on events we annotated ourselves; the figures and the reliability table are in docs/events.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from sitrep.datafile import read_table
from sitrep.errors import DataFileError
from sitrep.records import ActorRef, Event

CONFIDENCE_FILE = "confidence.tsv"
CONFIDENCE_COLUMNS = ("feature", "weight", "note")

FEATURES: Mapping[str, str] = MappingProxyType(
    {
        "bias": "every event (the intercept)",
        "trigger:noun": "coded from an event noun alone (nouns.tsv, no verb)",
        "trigger:light-verb": "a light verb whose object noun gave the code (verbs.tsv + nouns.tsv)",
        "trigger:complement": "a matrix verb with a verb complement (complements.tsv)",
        "source:none": "no source actor",
        "source:uncoded": "a source with neither code nor country",
        "target:none": "no target actor",
        "target:uncoded": "a target with neither code nor country",
        "actors:none": "neither a source nor a target",
        "actors:none-coded": "actors present, but neither has a code or a country",
        "actors:same-country": "source and target of the same country",
        "actors:context": "an actor whose country came from the article or its dateline (actor_from)",
        "modality:negated": "modality negated",
        "modality:intended": "modality intended",
        "modality:conditional": "modality conditional",
        "modality:hypothetical": "modality hypothetical",
        "attribution:speaker": "reported by a speaker, not in the outlet's own voice",
        "quad:1": "verbal cooperation (CAMEO 01-05)",
        "quad:2": "material cooperation (06-08)",
        "quad:3": "verbal conflict (09-13)",
        "quad:4": "material conflict (14-20)",
    }
)
"""Every feature the model knows, with what it means."""


def _coded(actor: ActorRef) -> bool:
    return bool(actor.code or actor.country)


def event_features(event: Event) -> tuple[str, ...]:
    """The features ``event`` has (``bias`` always)."""
    found = ["bias"]
    files = {part.split(":", 1)[0] for part in event.rule.split("+")}
    if "complements.tsv" in files:
        found.append("trigger:complement")
    elif "nouns.tsv" in files:
        found.append("trigger:light-verb" if "verbs.tsv" in files else "trigger:noun")
    for role, actor in (("source", event.source), ("target", event.target)):
        if actor is None:
            found.append(f"{role}:none")
        elif not _coded(actor):
            found.append(f"{role}:uncoded")
    source, target = event.source, event.target
    if source is None and target is None:
        found.append("actors:none")
    elif not any(a is not None and _coded(a) for a in (source, target)):
        found.append("actors:none-coded")
    if source is not None and target is not None and source.country and source.country == target.country:
        found.append("actors:same-country")
    if any(a is not None and a.actor_from for a in (source, target)):
        found.append("actors:context")
    if event.modality != "asserted":
        found.append(f"modality:{event.modality}")
    if event.attribution.kind != "outlet":
        found.append("attribution:speaker")
    found.append(f"quad:{event.quad_class}")
    return tuple(f for f in found if f in FEATURES)


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """Logistic weights by feature; a feature missing from the file weighs 0."""

    weights: Mapping[str, float]

    def probability(self, features: tuple[str, ...]) -> float:
        total = sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-total))

    def score(self, event: Event) -> float:
        """The probability that ``event`` is right, rounded to two decimals."""
        return round(self.probability(event_features(event)), 2)


def load_confidence(path: Path) -> ConfidenceModel:
    """Read a ``confidence.tsv``; an unknown or repeated feature or a bad weight raises ``DataFileError``
    with ``file:line``."""
    weights: dict[str, float] = {}
    lines: dict[str, int] = {}
    for row in read_table(path, CONFIDENCE_COLUMNS):
        feature = row.required("feature")
        if feature not in FEATURES:
            raise row.error(f"unknown feature {feature!r}: the features are {', '.join(FEATURES)}")
        if feature in weights:
            raise row.error(f"duplicate feature {feature!r} (first at line {lines[feature]})")
        weights[feature] = row.number("weight", -20, 20)
        lines[feature] = row.line
    if "bias" not in weights:
        last = max(lines.values(), default=1)
        raise DataFileError(path, last, "no 'bias' row: the model needs an intercept")
    return ConfidenceModel(MappingProxyType(weights))
