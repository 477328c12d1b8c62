"""The records that cross stages: frozen dataclasses whose offsets index the article text.

``Document.to_dict()`` gives the JSON contract documented in ``docs/schema.md`` and checked against
``sitrep/schema/document.schema.json``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

SCHEMA = "sitrep.document/1"

Modality = Literal["asserted", "negated", "intended", "conditional", "hypothetical"]
MODALITIES: tuple[Modality, ...] = ("asserted", "negated", "intended", "conditional", "hypothetical")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article: ``text == article[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Actor:
    """One mention of an actor. ``code`` is ``None`` for actors no dictionary knows (they are kept)."""

    id: str
    start: int
    end: int
    text: str
    sentence: int
    code: str | None
    country: str | None
    sector: str | None
    name: str | None
    kind: str
    """``person``, ``organisation``, ``country`` or ``group`` (a role phrase such as "Russian troops")."""
    refers_to: str | None = None
    """For pronouns and short mentions ("he", "the ministry"): the id of the mention they stand for."""
    actor_from: str | None = None
    """Where the country came from when the mention's own words name none: ``dateline`` (the article's
    dateline place) or ``article`` (the country the article is mostly about); ``None`` for the mention's own
    words or its antecedent's."""

    def ref(self) -> ActorRef:
        return ActorRef(
            start=self.start,
            end=self.end,
            text=self.text,
            code=self.code,
            country=self.country,
            sector=self.sector,
            name=self.name,
            actor=self.id,
            actor_from=self.actor_from,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "name": self.name,
            "kind": self.kind,
            "refers_to": self.refers_to,
            "actor_from": self.actor_from,
        }


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as an event's source or target (a copy of the mention's coding, with its id)."""

    start: int
    end: int
    text: str
    code: str | None
    country: str | None
    sector: str | None
    name: str | None
    actor: str | None = None
    actor_from: str | None = None
    """As :attr:`Actor.actor_from`: ``dateline`` or ``article`` where the country came from the context;
    on an event's source found outside its clause, ``owner`` or ``event`` (``Matcher._means_owner``), or
    ``implied`` (the doer an agentless passive implies, an empty span at the trigger: ``doer`` cues)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "name": self.name,
            "actor": self.actor,
            "actor_from": self.actor_from,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who vouches for an event: the outlet itself, or a speaker the article reports."""

    kind: Literal["outlet", "speaker"] = "outlet"
    speaker: ActorRef | None = None
    cue: Span | None = None
    quote: str | None = None
    """The id of the quote (direct, indirect or mixed) the event sits in."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "quote": self.quote,
        }


OUTLET = Attribution()


QuoteKind = Literal["direct", "indirect", "mixed"]


@dataclass(frozen=True, slots=True)
class Quote:
    """Reported speech: what was said (``text == article[start:end]``, without the quote marks), by whom,
    and the word that says so.

    ``direct``: in quote marks; ``indirect``: reported ("said that …", "according to X, …"); ``mixed``: a
    reported clause holding quoted words ("said the measures were 'long overdue'").
    """

    id: str
    kind: QuoteKind
    start: int
    end: int
    text: str
    speaker: ActorRef | None
    cue: Span | None
    sentence: int
    """The sentence where the quote starts."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """A word of saying in the article and the clauses it reports, as the quote stage found them: what events
    read their attribution from. Not part of the document: its offsets point at tokens of the parse.

    ``kind`` is ``speech`` (a verb of saying: "said that ...", "..., the ministry said") or ``source``
    ("according to X, ...").
    """

    kind: Literal["speech", "source"]
    at: int
    """Where the cue's token starts: the verb of saying, or the head of the "according to" phrase."""
    cue: Span | None
    """The cue's words ("said", "according to"); ``None`` where the parse does not hang them from the
    phrase they introduce."""
    speaker: ActorRef | None
    negated: bool
    """The cue denies what it reports ("denied that ..."): events reported under it are negated."""
    clauses: tuple[int, ...]
    """Where the heads of the clauses that hang from the verb of saying start ("said (that) ...", "said:
    ..."). A clause is its head's subtree in the parse."""
    beside: int | None
    """Where the head of the clause the cue is set beside starts ("..., the ministry said"; "according to X,
    ...")."""


@dataclass(frozen=True, slots=True)
class FramingCue:
    """Wording that frames: a lexicon term (or words in scare quotes) at ``article[start:end]``."""

    start: int
    end: int
    text: str
    term: str
    """The lexicon entry's term (its first variant); for scare quotes, the quoted words."""
    category: str
    alternatives: tuple[str, ...]
    signals: tuple[str, ...]
    """Whose usage the wording typically signals: sides of ``conflict`` (``outlet`` for scare quotes)."""
    note: str
    conflict: str | None
    rule: str
    """``lexicon.tsv:LINE``, or ``quotes`` for scare quotes."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "term": self.term,
            "category": self.category,
            "alternatives": list(self.alternatives),
            "signals": list(self.signals),
            "conflict": self.conflict,
            "note": self.note,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Place:
    """A place name in the article and what it resolves to (:mod:`sitrep.places`).

    ``kind`` is the gazetteer entry's feature kind (country, capital, city, adm1, adm2, region, sea, river,
    crossing, base); a demonym ("Russian") resolves to its country. A name the gazetteer cannot resolve keeps
    its span with every resolved field ``None`` and ``rule`` saying why."""

    id: str
    start: int
    end: int
    text: str
    sentence: int
    name: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None
    """ISO 3166-1 alpha-3, as actors' countries are coded."""
    country_fips: str | None
    """FIPS 10-4, as GDELT writes countries (Ukraine ``UP``)."""
    adm1: str | None
    """GeoNames first-level code (``UA.05``), as GDELT's ADM1Code writes it without the dot (``UP05``)."""
    adm1_name: str | None
    kind: str | None
    population: int | None
    score: float
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
            "name": self.name,
            "geonameid": self.geonameid,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "country_fips": self.country_fips,
            "adm1": self.adm1,
            "adm1_name": self.adm1_name,
            "kind": self.kind,
            "population": self.population,
            "score": self.score,
            "rule": self.rule,
        }


LocationFrom = Literal["sentence", "article", "dateline"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened: one of the document's places, how precisely it places the event
    (``precision``: city, adm1, country, region, sea) and where in the text it was found (``from``:
    the event's own sentence, elsewhere in the article, or the dateline)."""

    place: str
    """The id of the :class:`Place`."""
    name: str | None
    lat: float | None
    lon: float | None
    country: str | None
    country_fips: str | None
    adm1: str | None
    geonameid: int | None
    precision: str
    found: LocationFrom
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "country_fips": self.country_fips,
            "adm1": self.adm1,
            "geonameid": self.geonameid,
            "precision": self.precision,
            "from": self.found,
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    sentence: int
    source: ActorRef | None
    target: ActorRef | None
    cameo: str
    cameo_root: str
    cameo_name: str
    plover: str | None
    plover_mode: str | None
    plover_context: tuple[str, ...]
    goldstein: float
    quad_class: int
    trigger: Span
    date: dt.date
    date_text: str | None
    date_precision: str
    modality: Modality
    attribution: Attribution
    confidence: float
    rule: str
    evidence: Span
    location: Location | None = None
    """Where the act happened (:mod:`sitrep.places.locate`); ``None`` when the text does not say."""
    merged: str | None = None
    """The merged event this one is a report of (``sitrep.stories.merge``): set in documents exported from a
    database, where the article is in a story; ``None`` otherwise."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sentence": self.sentence,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "cameo_name": self.cameo_name,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "plover_context": list(self.plover_context),
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "trigger": self.trigger.to_dict(),
            "date": self.date.isoformat(),
            "date_text": self.date_text,
            "date_precision": self.date_precision,
            "location": self.location.to_dict() if self.location else None,
            "modality": self.modality,
            "attribution": self.attribution.to_dict(),
            "confidence": self.confidence,
            "rule": self.rule,
            "evidence": self.evidence.to_dict(),
            "merged": self.merged,
        }


@dataclass(frozen=True, slots=True)
class Document:
    """One article and everything sitrep found in it."""

    id: str
    text: str
    published: dt.date | None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    language: str = "en"
    sentences: tuple[Sentence, ...] = ()
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    framing: tuple[FramingCue, ...] = ()
    places: tuple[Place, ...] = ()
    notes: tuple[str, ...] = ()
    """Why parts of the article were not coded (e.g. "language: not English"); empty normally."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "url": self.url,
            "language": self.language,
            "text": self.text,
            "sentences": [s.to_dict() for s in self.sentences],
            "actors": [a.to_dict() for a in self.actors],
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "framing": [f.to_dict() for f in self.framing],
            "framing_summary": self.framing_summary(),
            "places": [p.to_dict() for p in self.places],
            "notes": list(self.notes),
        }

    def framing_summary(self) -> dict[str, Any]:
        """Counts of the framing cues by category, by the side they signal, and by conflict."""
        by_category: Counter[str] = Counter(f.category for f in self.framing)
        by_signals: Counter[str] = Counter(side for f in self.framing for side in f.signals)
        by_conflict: Counter[str] = Counter(f.conflict for f in self.framing if f.conflict)
        return {
            "total": len(self.framing),
            "by_category": dict(sorted(by_category.items())),
            "by_signals": dict(sorted(by_signals.items())),
            "by_conflict": dict(sorted(by_conflict.items())),
        }


# -- reading documents back ----------------------------------------------------------------------------


def document_from_dict(data: dict[str, Any]) -> Document:
    """The :class:`Document` a ``sitrep.document/1`` dict (``Document.to_dict``, the JSON output, the store)
    describes: the inverse of ``to_dict``."""

    def span(d: dict[str, Any] | None) -> Span | None:
        return Span(d["start"], d["end"], d["text"]) if d else None

    def ref(d: dict[str, Any] | None) -> ActorRef | None:
        if not d:
            return None
        return ActorRef(
            d["start"],
            d["end"],
            d["text"],
            d["code"],
            d["country"],
            d["sector"],
            d["name"],
            d.get("actor"),
            d.get("actor_from"),
        )

    def location(d: dict[str, Any] | None) -> Location | None:
        if not d:
            return None
        return Location(
            d["place"],
            d["name"],
            d["lat"],
            d["lon"],
            d["country"],
            d["country_fips"],
            d["adm1"],
            d["geonameid"],
            d["precision"],
            d["from"],
            d["rule"],
        )

    def event(d: dict[str, Any]) -> Event:
        a = d["attribution"]
        return Event(
            id=d["id"],
            sentence=d["sentence"],
            source=ref(d["source"]),
            target=ref(d["target"]),
            cameo=d["cameo"],
            cameo_root=d["cameo_root"],
            cameo_name=d["cameo_name"],
            plover=d["plover"],
            plover_mode=d["plover_mode"],
            plover_context=tuple(d["plover_context"]),
            goldstein=d["goldstein"],
            quad_class=d["quad_class"],
            trigger=Span(d["trigger"]["start"], d["trigger"]["end"], d["trigger"]["text"]),
            date=dt.date.fromisoformat(d["date"]),
            date_text=d["date_text"],
            date_precision=d["date_precision"],
            modality=d["modality"],
            attribution=Attribution(a["kind"], ref(a["speaker"]), span(a["cue"]), a["quote"]),
            confidence=d["confidence"],
            rule=d["rule"],
            evidence=Span(d["evidence"]["start"], d["evidence"]["end"], d["evidence"]["text"]),
            location=location(d.get("location")),
            merged=d.get("merged"),
        )

    published = data.get("published")
    return Document(
        id=data["id"],
        text=data["text"],
        published=dt.date.fromisoformat(published) if published else None,
        title=data.get("title"),
        source=data.get("source"),
        url=data.get("url"),
        language=data.get("language", "en"),
        sentences=tuple(Sentence(s["index"], s["start"], s["end"]) for s in data.get("sentences", ())),
        actors=tuple(
            Actor(
                a["id"],
                a["start"],
                a["end"],
                a["text"],
                a["sentence"],
                a["code"],
                a["country"],
                a["sector"],
                a["name"],
                a["kind"],
                a.get("refers_to"),
                a.get("actor_from"),
            )
            for a in data.get("actors", ())
        ),
        events=tuple(event(e) for e in data.get("events", ())),
        quotes=tuple(
            Quote(
                q["id"],
                q["kind"],
                q["start"],
                q["end"],
                q["text"],
                ref(q["speaker"]),
                span(q["cue"]),
                q["sentence"],
            )
            for q in data.get("quotes", ())
        ),
        framing=tuple(
            FramingCue(
                f["start"],
                f["end"],
                f["text"],
                f["term"],
                f["category"],
                tuple(f["alternatives"]),
                tuple(f["signals"]),
                f["note"],
                f["conflict"],
                f["rule"],
            )
            for f in data.get("framing", ())
        ),
        places=tuple(Place(**p) for p in data.get("places", ())),
        notes=tuple(data.get("notes", ())),
    )
