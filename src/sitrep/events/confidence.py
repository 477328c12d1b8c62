"""What an event's ``confidence`` is: the probability that the event is right, from a logistic model.

"Right" is the lenient verdict of ``sitrep eval events``: the type is right and at least one actor names
the right referent (docs/evaluation.md). The model reads the event record — which pattern files coded it,
whether its actors are present and coded, its modality, who vouches for it, its quad class, whether it is in
the article's lead — and three shares over all the events of its article (:class:`ArticleProfile`), which
tell conflict and diplomacy news from domestic politics. Everything is read off event records, so the same
features can be computed from sitrep's JSON output when the model is fitted
(``benchmarks/fit_confidence.py``)::

    confidence = 1 / (1 + exp(-(Σ weight(feature) × value(feature))))

where an indicator feature (``bias``, ``quad:4`` …) has the value 1 when the event has it, and an
``article:`` share its value from 0 to 1. The weights are data (``confidence.tsv`` beside the pattern files:
``feature``, ``weight``, ``note``), fitted on events we annotated ourselves; the figures and the reliability
table are in docs/events.md. The event coder scores an article's events once it has coded them all
(:meth:`ConfidenceModel.scored`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
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
        "sentence:lead": "in one of the article's first three sentences",
        "article:conflict-share": "share (0-1) of the article's events that are conflict (quad class 3 or 4)",
        "article:cross-border-share": "share (0-1) of the article's events whose source and target are coded "
        "with different countries",
        "article:two-actors-share": "share (0-1) of the article's events whose source and target both have a "
        "code or a country",
    }
)
"""Every feature the model knows, with what it means. ``article:`` features are shares from 0 to 1; every
other feature is an indicator (1 when the event has it)."""

LEAD_SENTENCES = 3
"""``sentence:lead``: the event's sentence is one of the article's first this many (index 0, 1, 2)."""


def _coded(actor: ActorRef) -> bool:
    return bool(actor.code or actor.country)


def _cross_border(event: Event) -> bool:
    source, target = event.source, event.target
    return bool(
        source is not None
        and target is not None
        and source.country
        and target.country
        and source.country != target.country
    )


def _two_actors(event: Event) -> bool:
    return (
        event.source is not None
        and event.target is not None
        and _coded(event.source)
        and _coded(event.target)
    )


@dataclass(frozen=True, slots=True)
class ArticleProfile:
    """What all the events of one article say about the kind of news it is (the ``article:`` features).

    Events in conflict and diplomacy news, with acts between coded actors of different countries, are right
    about three times as often as those in domestic politics; no single event record tells the two apart.
    """

    conflict_share: float
    """The share of the events that are verbal or material conflict (quad class 3 or 4)."""
    cross_border_share: float
    """The share of the events whose source and target are coded with different countries."""
    two_actors_share: float
    """The share of the events whose source and target both have a code or a country."""

    @classmethod
    def of(cls, events: Sequence[Event]) -> ArticleProfile:
        """The profile of an article from all its events (all shares 0 for an article without events)."""
        total = len(events) or 1
        return cls(
            conflict_share=sum(e.quad_class >= 3 for e in events) / total,
            cross_border_share=sum(_cross_border(e) for e in events) / total,
            two_actors_share=sum(_two_actors(e) for e in events) / total,
        )


def event_features(event: Event, article: ArticleProfile) -> dict[str, float]:
    """The features of ``event`` in an article with profile ``article``, with their values: 1 for each
    indicator the event has (``bias`` always), and the three ``article:`` shares."""
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
    if event.sentence < LEAD_SENTENCES:
        found.append("sentence:lead")
    values = {f: 1.0 for f in found if f in FEATURES}
    values["article:conflict-share"] = article.conflict_share
    values["article:cross-border-share"] = article.cross_border_share
    values["article:two-actors-share"] = article.two_actors_share
    return values


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """Logistic weights by feature; a feature missing from the file weighs 0."""

    weights: Mapping[str, float]

    def probability(self, features: Mapping[str, float]) -> float:
        """The logistic of the weighted sum of the feature values."""
        total = sum(self.weights.get(f, 0.0) * value for f, value in features.items())
        return 1.0 / (1.0 + math.exp(-total))

    def score(self, event: Event, article: ArticleProfile) -> float:
        """The probability that ``event`` is right, rounded to two decimals."""
        return round(self.probability(event_features(event, article)), 2)

    def scored(self, events: Sequence[Event]) -> list[Event]:
        """All the events of one article, each with its ``confidence`` set."""
        article = ArticleProfile.of(events)
        return [replace(e, confidence=self.score(e, article)) for e in events]


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
