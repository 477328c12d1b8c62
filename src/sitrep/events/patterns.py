"""The event-pattern data files (``verbs.tsv``, ``nouns.tsv``, ``complements.tsv``, ``cues.tsv``,
``event-settings.tsv``), and the quote finder's files that sit beside them (``speech.tsv``,
``quote-settings.tsv``: :mod:`sitrep.quotes.cues`).

The format is documented in ``docs/patterns.md``. Every entry keeps its ``file:line`` as ``rule`` so an event
can say which line produced it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from sitrep.datafile import Row, check_unique, read_settings, read_table
from sitrep.events.confidence import CONFIDENCE_FILE, ConfidenceModel, load_confidence
from sitrep.ontology import Ontology, default_ontology
from sitrep.quotes.cues import SpeechCues, default_speech_cues, load_speech_cues
from sitrep.records import MODALITIES, Modality

VERB_COLUMNS = ("lemma", "requires", "code", "target", "note")
NOUN_COLUMNS = ("lemma", "requires", "code", "source", "target", "note")
COMPLEMENT_COLUMNS = ("matrix", "roots", "code", "modality", "actors", "note")
CUE_COLUMNS = ("cue", "kind", "value", "note")

CUE_KINDS = (
    "aux",
    "negation",
    "condition",
    "particle",
    "owner",
    "reason",
    "purpose",
    "reciprocal",
    "doer",
    "claim",
)
AUX_VALUES = frozenset({"intended", "hypothetical", "obligation", "conditional"})
SETTINGS_FILE = "event-settings.tsv"
SETTINGS = (
    "modality_order",
    "trigger_gap",
    "modifier_deps",
    "name_labels",
    "consequence_roots",
    "shared_target_roots",
    "min_actors",
)
SPECIAL_PLACES = frozenset({"obj", "iobj", "that", "poss", "by", "-", "subject", "speaker"})
SELF_SLOTS = frozenset({"pos", "dep"})
"""Conditions on the predicate itself, not on a dependent: its part of speech and its own relation."""

_CONDITION = re.compile(r"^(?P<slot>[a-z:_]+)(?P<op>!?=)(?P<value>\*|-|[a-z0-9'.:\-]+(?:\|[a-z0-9'.:\-]+)*)$")
_PLACE = re.compile(r"^[a-z]+$")
_LEMMA = re.compile(r"^[a-z0-9'.\-]+(?: [a-z0-9'.\-]+)*$")
_ROOT = re.compile(r"^\d\d$")


@dataclass(frozen=True, slots=True)
class Condition:
    """``slot=value``: ``lemmas`` is ``None`` for ``*`` (anything); ``absent`` for ``-`` (nothing there);
    ``negated`` for ``slot!=value`` (none of these lemmas there). For the slots ``pos`` and ``dep`` the values
    are the predicate's own part of speech and relation, not a dependent's lemmas."""

    slot: str
    lemmas: frozenset[str] | None
    absent: bool = False
    negated: bool = False


@dataclass(frozen=True, slots=True)
class VerbPattern:
    lemma: str
    conditions: tuple[Condition, ...]
    code: str
    """A CAMEO code, ``noun`` for a light verb, or ``-``: no event (the use is speech, not an act)."""
    target: tuple[str, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class NounPattern:
    lemma: str
    conditions: tuple[Condition, ...]
    code: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class ComplementRule:
    matrix: str
    roots: frozenset[str] | None
    code: str
    """A CAMEO code, or ``=`` to keep the complement's."""
    modality: Modality
    actors: str
    rule: str


@dataclass(frozen=True, slots=True)
class Cue:
    words: tuple[str, ...]
    kind: str
    value: str
    rule: str


@dataclass(frozen=True, slots=True)
class EventSettings:
    """The event coder's numbers (``event-settings.tsv``)."""

    modality_order: tuple[Modality, ...]
    """All modalities, strongest first: when cues give an event several, the first wins."""
    trigger_gap: int
    """A trigger of several words further apart than this many tokens is cut to its first word."""
    modifier_deps: frozenset[str]
    """A predicate attached to a noun by one of these relations ("the armed forces") is a modifier, not an
    act: only an entry that asks for the relation (``dep=amod``) codes it."""
    name_labels: frozenset[str]
    """A word inside a name of several words with one of these entity labels ("the Rapid Support Forces")
    is part of the name, not a predicate."""
    consequence_roots: frozenset[str]
    shared_target_roots: frozenset[str]
    min_actors: int
    """How many of source and target (coded or not) an event needs to be output: an act with no one doing
    it and no one it is done to ("over 16,000 have been killed") is no event record."""
    """Roots of acts joined by "and" under one subject that share a target ("fired tear gas and detained
    protesters")."""
    """CAMEO roots of acts that, joined without a subject of their own to another act of these roots ("killed
    25 people and wounded 40", "struck the town, killing 25"), are its consequence: one event, not two."""


@dataclass(frozen=True, slots=True, eq=False)
class Patterns:
    """Everything a patterns folder holds: the event patterns, and the quote finder's speech cues."""

    verbs: dict[str, tuple[VerbPattern, ...]]
    nouns: dict[str, tuple[NounPattern, ...]]
    complements: dict[str, tuple[ComplementRule, ...]]
    cues: tuple[Cue, ...]
    settings: EventSettings
    speech: SpeechCues
    confidence: ConfidenceModel
    """The logistic model of an event's confidence (``confidence.tsv``)."""

    def cue_words(self, kind: str) -> dict[str, Cue]:
        """Single-word cues of one kind, by lemma."""
        return {" ".join(c.words): c for c in self.cues if c.kind == kind}


def _rule(row: Row) -> str:
    return f"{row.path.name}:{row.line}"


def _conditions(row: Row) -> tuple[Condition, ...]:
    conditions = []
    for item in row.get("requires").split():
        m = _CONDITION.match(item)
        if not m:
            raise row.error(
                f"bad condition {item!r} in requires: expected slot=lemma|lemma, slot!=lemma|lemma, "
                "slot=* or slot=-"
            )
        value = m["value"]
        if m["op"] == "!=":
            if value in ("*", "-"):
                raise row.error(f"bad condition {item!r} in requires: write {m['slot']}=- or {m['slot']}=*")
            conditions.append(Condition(m["slot"], frozenset(value.split("|")), negated=True))
        elif m["slot"] in SELF_SLOTS and value in ("*", "-"):
            raise row.error(f"bad condition {item!r} in requires: {m['slot']} takes values, not * or -")
        elif value == "*":
            conditions.append(Condition(m["slot"], None))
        elif value == "-":
            conditions.append(Condition(m["slot"], None, absent=True))
        else:
            conditions.append(Condition(m["slot"], frozenset(value.split("|"))))
    return tuple(conditions)


def _places(row: Row, column: str, default: tuple[str, ...]) -> tuple[str, ...]:
    places = row.values(column)
    for place in places:
        if place not in SPECIAL_PLACES and not _PLACE.match(place):
            raise row.error(f"{column} {place!r} must be obj, iobj, that, poss, by, - or a preposition")
    return places or default


def _code(row: Row, column: str, ontology: Ontology, special: frozenset[str]) -> str:
    code = row.required(column)
    if code in special:
        return code
    if code not in ontology.codes:
        raise row.error(f"{code!r} is not a CAMEO code in cameo.tsv")
    return code


def _lemma(row: Row, column: str) -> str:
    lemma = row.required(column)
    if not _LEMMA.match(lemma):
        raise row.error(f"{column} {lemma!r} must be lower case")
    return lemma


def _verb(row: Row, ontology: Ontology) -> VerbPattern:
    return VerbPattern(
        lemma=_lemma(row, "lemma"),
        conditions=_conditions(row),
        code=_code(row, "code", ontology, frozenset({"noun", "-"})),
        target=_places(row, "target", ("obj",)),
        rule=_rule(row),
    )


def _noun(row: Row, ontology: Ontology) -> NounPattern:
    for column in ("source", "target"):
        if {"speaker", "subject"} & set(row.values(column)):
            raise row.error(f"{column}: speaker and subject are places of verbs.tsv only")
    return NounPattern(
        lemma=_lemma(row, "lemma"),
        conditions=_conditions(row),
        code=_code(row, "code", ontology, frozenset()),
        source=_places(row, "source", ("poss", "by")),
        target=_places(row, "target", ("of",)),
        rule=_rule(row),
    )


def _complement(row: Row, ontology: Ontology) -> ComplementRule:
    roots_text = row.required("roots")
    roots: frozenset[str] | None = None
    if roots_text != "*":
        roots = frozenset(row.values("roots"))
        bad = [r for r in roots if not _ROOT.match(r)]
        if bad:
            raise row.error(f"roots must be two-digit CAMEO roots or *, got {bad[0]!r}")
    modality = cast(Modality, row.required("modality"))
    if modality not in MODALITIES:
        raise row.error(f"modality must be one of {', '.join(MODALITIES)}, got {modality!r}")
    actors = row.get("actors") or "subject"
    if actors not in ("subject", "object", "speaker"):
        raise row.error(f"actors must be subject, object or speaker, got {actors!r}")
    return ComplementRule(
        matrix=_lemma(row, "matrix"),
        roots=roots,
        code=_code(row, "code", ontology, frozenset({"="})),
        modality=modality,
        actors=actors,
        rule=_rule(row),
    )


def _cue(row: Row) -> Cue:
    words = tuple(_lemma(row, "cue").split())
    kind = row.required("kind")
    if kind in ("speech", "source", "naming"):
        raise row.error(f"{kind} cues are the quote finder's: they belong in speech.tsv")
    if kind not in CUE_KINDS:
        raise row.error(f"kind must be one of {', '.join(CUE_KINDS)}, got {kind!r}")
    value = row.get("value")
    if kind == "aux" and value not in AUX_VALUES:
        raise row.error(f"an aux cue's value must be one of {', '.join(sorted(AUX_VALUES))}, got {value!r}")
    if kind == "purpose" and value not in ("intended", "hypothetical"):
        raise row.error(f"a purpose cue's value must be intended or hypothetical, got {value!r}")
    if kind == "doer" and not re.fullmatch(r"[A-Z]{3}", value or ""):
        raise row.error(f"a doer cue's value is a sector code of three capitals (JUD, COP), got {value!r}")
    if kind not in ("aux", "purpose", "doer") and value:
        raise row.error(f"a {kind} cue has no value, got {value!r}")
    if kind in ("particle", "owner", "reason", "purpose", "reciprocal", "doer", "claim") and len(words) > 1:
        raise row.error(f"a {kind} is one word, got {' '.join(words)!r}")
    return Cue(words=words, kind=kind, value=value, rule=_rule(row))


def _settings(folder: Path) -> EventSettings:
    rows = read_settings(folder / SETTINGS_FILE, SETTINGS)
    order_row = rows["modality_order"]
    order = order_row.values("value")
    if sorted(order) != sorted(MODALITIES):
        raise order_row.error(f"modality_order must list {', '.join(MODALITIES)} once each, in any order")
    return EventSettings(
        modality_order=cast(tuple[Modality, ...], order),
        trigger_gap=rows["trigger_gap"].whole("value", 0, 100),
        modifier_deps=frozenset(rows["modifier_deps"].values("value")),
        name_labels=frozenset(rows["name_labels"].values("value")),
        consequence_roots=_roots(rows["consequence_roots"]),
        shared_target_roots=_roots(rows["shared_target_roots"]),
        min_actors=rows["min_actors"].whole("value", 0, 2),
    )


def _roots(row: Row) -> frozenset[str]:
    roots = row.values("value")
    bad = [r for r in roots if not _ROOT.match(r)]
    if bad:
        raise row.error(f"{row.get('name')} must list two-digit CAMEO roots, got {bad[0]!r}")
    return frozenset(roots)


def _group(items: list[Any], key: str) -> dict[str, tuple[Any, ...]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        grouped[getattr(item, key)].append(item)
    return {k: tuple(v) for k, v in grouped.items()}


def load_patterns(
    folder: Path, ontology: Ontology | None = None, *, speech: SpeechCues | None = None
) -> Patterns:
    """Load and check the pattern files in ``folder``, and the quote finder's files beside them."""
    onto = ontology if ontology is not None else default_ontology()
    verb_rows = list(read_table(folder / "verbs.tsv", VERB_COLUMNS))
    verbs = [_verb(row, onto) for row in verb_rows]
    check_unique(
        [(row, f"{v.lemma} {row.get('requires')}") for row, v in zip(verb_rows, verbs, strict=True)],
        "lemma and requires",
    )
    noun_rows = list(read_table(folder / "nouns.tsv", NOUN_COLUMNS))
    nouns = [_noun(row, onto) for row in noun_rows]
    check_unique(
        [(row, f"{n.lemma} {row.get('requires')}") for row, n in zip(noun_rows, nouns, strict=True)],
        "lemma and requires",
    )
    comp_rows = list(read_table(folder / "complements.tsv", COMPLEMENT_COLUMNS))
    complements = [_complement(row, onto) for row in comp_rows]
    check_unique(
        [(row, f"{c.matrix} {row.get('roots')}") for row, c in zip(comp_rows, complements, strict=True)],
        "matrix and roots",
    )
    cue_rows = list(read_table(folder / "cues.tsv", CUE_COLUMNS))
    cues = [_cue(row) for row in cue_rows]
    check_unique(
        [(row, f"{' '.join(c.words)} {c.kind}") for row, c in zip(cue_rows, cues, strict=True)],
        "cue and kind",
    )
    return Patterns(
        verbs=_group(verbs, "lemma"),
        nouns=_group(nouns, "lemma"),
        complements=_group(complements, "matrix"),
        cues=tuple(cues),
        settings=_settings(folder),
        speech=load_speech_cues(folder) if speech is None else speech,
        confidence=load_confidence(folder / CONFIDENCE_FILE),
    )


@cache
def default_patterns() -> Patterns:
    """The patterns shipped with sitrep, with the shipped speech cues (loaded once)."""
    with resources.as_file(resources.files("sitrep.events") / "data") as folder:
        return load_patterns(folder, speech=default_speech_cues())
