"""Scoring events and quotes against hand-coded real news (the ``realnews`` gold format).

The gold folder is read by :mod:`sitrep.evaluate.realnews`. The matching rules are the ones the gold was
written for (they are spelled out in ``docs/evaluation.md``):

* a predicted event is placed by its trigger's start and compared with the gold events of that sentence (only
  the anchored ones when the offset falls in an ``anchor`` span);
* its type is right when its CAMEO root or its PLOVER type is accepted (root-01 gold codes and
  ``type_by: code`` events need the code itself);
* each of its actors is **R** (right), **U** (uncoded but naming the referent), **-** (rightly absent) or
  **X** (wrong or missing); the verdict is **C** (type and both actors right), **P** (type and one actor
  usable), **T** (type only) or **W** (wrong);
* ``strict precision = C / predicted``, ``lenient precision = (C + P) / predicted``; recall is a one-to-one
  maximum matching of the required gold events to C (strict) or C-or-P (lenient) predictions.

Root-01 predictions (plain statements) that match no gold event are not counted: the gold does not list
plain statements.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sitrep.article import Article
from sitrep.errors import InputError
from sitrep.evaluate.calibration import Reliability, reliability
from sitrep.evaluate.realnews import GoldActor, GoldEvent, GoldQuote, GoldSet, Span, read_gold
from sitrep.records import ActorRef, Document, Event, Quote

Verdict = Literal["C", "P", "T", "W"]
ActorVerdict = Literal["R", "U", "-", "X"]
VERDICTS: tuple[Verdict, ...] = ("C", "P", "T", "W")
_RANK: dict[str, int] = {"C": 3, "P": 2, "T": 1, "W": 0}

__all__ = [
    "ArticleScore",
    "EventScores",
    "GoldActor",
    "GoldEvent",
    "GoldQuote",
    "GoldSet",
    "Judged",
    "Tally",
    "evaluate_documents",
    "evaluate_events",
    "hint_in",
    "judge_actor",
    "judge_event",
    "max_matching",
    "read_gold",
    "score_document",
    "type_right",
]


# --------------------------------------------------------------------------------------------- matching


def hint_in(hint: str, text: str) -> bool:
    """Whether a gold name fragment occurs in ``text`` (lower-cased): at a word start, whole-word when short,
    and the whole text for ``=x``."""
    text = text.lower()
    if hint.startswith("="):
        return text.strip() == hint[1:]
    pattern = r"(?<!\w)" + re.escape(hint) + (r"(?!\w)" if len(hint) <= 3 else "")
    return re.search(pattern, text) is not None


def _capitalised_hint_in(hint: str, text: str) -> bool:
    """Like :func:`hint_in`, but only where the words matched start with a capital (a name, not a role)."""
    if hint.startswith("="):
        return hint_in(hint, text) and text[:1].isupper()
    pattern = r"(?<!\w)" + re.escape(hint) + (r"(?!\w)" if len(hint) <= 3 else "")
    return any(text[m.start()].isupper() for m in re.finditer(pattern, text, re.IGNORECASE))


@dataclass(frozen=True, slots=True)
class Mention:
    """A predicted actor as the scorer reads it: its words, its resolved name and codes."""

    start: int
    end: int
    words: tuple[str, ...]
    """The mention's text, its dictionary name, and the text and name of what it refers to."""
    code: str | None
    country: str | None


def mention(ref: ActorRef, document: Document) -> Mention:
    words = [ref.text] + ([ref.name] if ref.name else [])
    by_id = {a.id: a for a in document.actors}
    seen: set[str] = set()
    current = by_id.get(ref.actor or "")
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.id != ref.actor:
            words += [current.text] + ([current.name] if current.name else [])
        current = by_id.get(current.refers_to or "")
    return Mention(ref.start, ref.end, tuple(words), ref.code, ref.country)


def _accepted(found: Mention, gold: GoldActor) -> bool:
    if found.code is not None and any(found.code.startswith(a) for a in gold.accept):
        return True
    return found.code is None and found.country is not None and found.country in gold.accept


def _in_datelines(found: Mention, datelines: Sequence[Span]) -> bool:
    return any(s <= found.start < e for s, e in datelines)


def judge_actor(
    found: Mention | None,
    gold: GoldActor | None,
    other: GoldActor | None,
    datelines: Sequence[Span] = (),
    *,
    role: Literal["source", "target"] = "source",
) -> ActorVerdict:
    """R, U, - or X for one predicted actor against the gold actor of its role (``other``: the other's)."""
    if found is None:
        absent_ok = gold is None or (role == "target" and gold.optional)
        return "-" if absent_ok else "X"
    if gold is None or _in_datelines(found, datelines):
        return "X"
    own = found.words[:1]  # "its own words": the mention as written
    if any(hint_in(x, w) for x in gold.exclude for w in own):
        return "X"
    if other is not None and not any(hint_in(h, w) for h in gold.hints for w in own):
        across = gold.countries != other.countries
        match = _capitalised_hint_in if across else hint_in
        if any(match(h, w) for h in other.hints for w in own):
            return "X"
    if _accepted(found, gold):
        return "R"
    uncoded = found.code is None and found.country is None
    if uncoded and any(hint_in(h, w) for h in gold.hints for w in found.words):
        return "U"
    return "X"


def type_right(event: Event, gold: GoldEvent) -> bool:
    code = event.cameo
    if gold.by_code:
        return any(code.startswith(c.rstrip("x")) for c in gold.cameo)
    statements = [c for c in gold.cameo if c.startswith("01")]
    if statements and any(code.startswith(c.rstrip("x")) for c in statements):
        return True
    others = {r for r in gold.roots if r != "01"}
    if event.cameo_root in others:
        return True
    return event.plover is not None and event.plover in gold.plover


def judge_event(
    event: Event, gold: GoldEvent, document: Document, datelines: Sequence[Span] = ()
) -> tuple[Verdict, ActorVerdict, ActorVerdict]:
    """The verdict of one predicted event against one gold event, with its source and target verdicts."""
    if not type_right(event, gold):
        return "W", "X", "X"
    source = mention(event.source, document) if event.source else None
    target = mention(event.target, document) if event.target else None
    options = [(source, target)]
    if gold.symmetric:
        options.append((target, source))
    best: tuple[Verdict, ActorVerdict, ActorVerdict] = ("T", "X", "X")
    for s, t in options:
        sv = judge_actor(s, gold.source, gold.target, datelines, role="source")
        tv = judge_actor(t, gold.target, gold.source, datelines, role="target")
        verdict: Verdict
        if sv == "R" and tv in ("R", "-"):
            verdict = "C"
        elif "R" in (sv, tv) or "U" in (sv, tv):
            verdict = "P"
        else:
            verdict = "T"
        if _RANK[verdict] > _RANK[best[0]]:
            best = (verdict, sv, tv)
    return best


def place(event: Event, document: Document) -> int:
    """The offset a predicted event is placed by: its trigger, else its evidence, else its sentence."""
    if event.trigger.end > event.trigger.start:
        return event.trigger.start
    if event.evidence.end > event.evidence.start:
        return event.evidence.start
    sentences = document.sentences
    return sentences[event.sentence].start if 0 <= event.sentence < len(sentences) else 0


def candidates(offset: int, golds: Sequence[GoldEvent]) -> list[GoldEvent]:
    here = [g for g in golds if g.start <= offset < g.end]
    anchored = [g for g in here if any(s <= offset < e for s, e in g.anchors)]
    return anchored or here


def max_matching(edges: dict[int, list[int]]) -> dict[int, int]:
    """A maximum one-to-one matching of left nodes to right nodes (augmenting paths); right → left."""
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges.get(left, ()):
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in edges:
        augment(left, set())
    return owner


# --------------------------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class Judged:
    """A predicted event, its best verdict and the gold event that gave it (``None`` for W without gold)."""

    article: str
    event: Event
    verdict: Verdict
    source: ActorVerdict
    target: ActorVerdict
    gold: GoldEvent | None
    counted: bool
    """False for root-01 predictions that match no gold event (plain statements are not in the gold)."""


@dataclass(slots=True)
class Tally:
    """Counts for one article or for all."""

    articles: int = 0
    predicted: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    required: int = 0
    recalled_lenient: int = 0
    recalled_strict: int = 0
    quotes: int = 0
    quotes_found: int = 0
    speaker_right: int = 0
    person_right: int = 0
    located: Counter[str] = field(default_factory=Counter)
    """Located gold events by where their place is found (sentence, article, dateline)."""
    country_right: Counter[str] = field(default_factory=Counter)
    cities: int = 0
    city_right: int = 0
    located_found: int = 0
    """Located gold events that a prediction (C or P) was matched to."""
    cities_found: int = 0

    def add(self, other: Tally) -> None:
        self.located_found += other.located_found
        self.cities_found += other.cities_found
        self.located.update(other.located)
        self.country_right.update(other.country_right)
        self.cities += other.cities
        self.city_right += other.city_right
        self.articles += other.articles
        self.predicted += other.predicted
        self.verdicts.update(other.verdicts)
        self.required += other.required
        self.recalled_lenient += other.recalled_lenient
        self.recalled_strict += other.recalled_strict
        self.quotes += other.quotes
        self.quotes_found += other.quotes_found
        self.speaker_right += other.speaker_right
        self.person_right += other.person_right

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return round(a / b, 4) if b else 0.0

    @property
    def strict_precision(self) -> float:
        return self._ratio(self.verdicts["C"], self.predicted)

    @property
    def lenient_precision(self) -> float:
        return self._ratio(self.verdicts["C"] + self.verdicts["P"], self.predicted)

    @property
    def lenient_recall(self) -> float:
        return self._ratio(self.recalled_lenient, self.required)

    @property
    def strict_recall(self) -> float:
        return self._ratio(self.recalled_strict, self.required)

    @property
    def quotes_found_share(self) -> float:
        return self._ratio(self.quotes_found, self.quotes)

    @property
    def speaker_accuracy(self) -> float:
        return self._ratio(self.speaker_right, self.quotes_found)

    @property
    def person_accuracy(self) -> float:
        return self._ratio(self.person_right, self.quotes_found)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "predicted": self.predicted,
            "verdicts": {v: self.verdicts[v] for v in VERDICTS},
            "strict_precision": self.strict_precision,
            "lenient_precision": self.lenient_precision,
            "required_gold": self.required,
            "lenient_recall": self.lenient_recall,
            "strict_recall": self.strict_recall,
            "gold_quotes": self.quotes,
            "quotes_found": self.quotes_found_share,
            "speaker_accuracy": self.speaker_accuracy,
            "person_accuracy": self.person_accuracy,
            "location": self.location_scores(),
        }

    def location_scores(self) -> dict[str, Any]:
        """Event location: country right over located gold events (all, and by where the place is found),
        point within 161 km over gold events of precision city."""
        located = sum(self.located.values())
        return {
            "located_gold": located,
            "country_accuracy": self._ratio(sum(self.country_right.values()), located),
            "country_by_from": {
                found: self._ratio(self.country_right[found], n) for found, n in sorted(self.located.items())
            },
            "city_gold": self.cities,
            "city_within_161km": self._ratio(self.city_right, self.cities),
            "found_gold": self.located_found,
            "country_accuracy_of_found": self._ratio(sum(self.country_right.values()), self.located_found),
            "city_within_161km_of_found": self._ratio(self.city_right, self.cities_found),
        }


@dataclass(frozen=True, slots=True)
class ArticleScore:
    id: str
    tally: Tally
    judged: tuple[Judged, ...]
    missed: tuple[GoldEvent, ...]
    """Required gold events no C-or-P prediction was matched to."""
    text: str
    sentences: tuple[Span, ...] = ()
    """The document's sentences (start, end), to show a prediction in its sentence."""

    def sentence_at(self, offset: int) -> str:
        """The text of the document's sentence holding ``offset`` (the whole text if there are none)."""
        for start, end in self.sentences:
            if start <= offset < end:
                return self.text[start:end]
        return self.text


@dataclass(frozen=True, slots=True)
class EventScores:
    total: Tally
    articles: tuple[ArticleScore, ...]
    modality: dict[str, Counter[str]]
    """Gold modality → counts of the modality of the predictions matched to it (lenient)."""

    @property
    def reliability(self) -> Reliability:
        """How well ``confidence`` predicts the lenient verdict (C or P) of the counted predictions."""
        return reliability(
            (j.event.confidence, j.verdict in ("C", "P"))
            for a in self.articles
            for j in a.judged
            if j.counted
        )

    @property
    def by_output_modality(self) -> dict[str, Counter[str]]:
        """The output's modality → verdict counts of its counted predictions: the precision an export that
        keeps only one modality (``--modality asserted``) would have."""
        out: dict[str, Counter[str]] = {}
        for a in self.articles:
            for j in a.judged:
                if j.counted:
                    out.setdefault(j.event.modality, Counter())[j.verdict] += 1
        return out

    def to_dict(self, *, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            **self.total.to_dict(),
            "by_article": {a.id: a.tally.to_dict() for a in self.articles},
            "modality": {g: dict(c) for g, c in sorted(self.modality.items())},
            "by_output_modality": {
                m: {
                    "predicted": sum(c.values()),
                    "verdicts": {v: c[v] for v in VERDICTS},
                    "strict_precision": round(c["C"] / sum(c.values()), 4),
                    "lenient_precision": round((c["C"] + c["P"]) / sum(c.values()), 4),
                }
                for m, c in sorted(self.by_output_modality.items())
            },
            "reliability": self.reliability.to_dict(),
        }
        if details:
            out["wrong"] = [
                {
                    "article": j.article,
                    "event": j.event.id,
                    "verdict": j.verdict,
                    "source": j.source,
                    "target": j.target,
                    "gold": j.gold.id if j.gold else None,
                    "cameo": j.event.cameo,
                    "trigger": j.event.trigger.text,
                    "rule": j.event.rule,
                }
                for a in self.articles
                for j in a.judged
                if j.counted and j.verdict != "C"
            ]
            out["missed"] = [{"gold": g.id, "desc": g.desc} for a in self.articles for g in a.missed]
        return out


def _score_locations(
    judged: Sequence[Judged], golds: Sequence[GoldEvent], gold: GoldSet, tally: Tally
) -> None:
    """Event locations: each located gold event is right on the country when a prediction matched to it
    (C or P) is located in its country or an accepted one, and — for precision ``city`` — on the point
    when that location lies within 161 km of the gold point or has its GeoNames id. No prediction counts
    as wrong."""
    from sitrep.evaluate.places import NEAR_KM, km

    for g in golds:
        where = gold.locations.get(g.id)
        if where is None:
            continue
        tally.located[where.found] += 1
        found = [
            j.event.location
            for j in judged
            if j.gold is g and j.verdict in ("C", "P") and j.event.location is not None
        ]
        matched = [j for j in judged if j.gold is g and j.verdict in ("C", "P")]
        tally.located_found += bool(matched)
        tally.cities_found += bool(matched) and where.precision == "city"
        countries = {where.country, *where.accept} - {""}
        if any(loc.country in countries for loc in found):
            tally.country_right[where.found] += 1
        if where.precision == "city":
            tally.cities += 1
            tally.city_right += any(
                (where.geonameid is not None and loc.geonameid == where.geonameid)
                or (
                    loc.lat is not None
                    and loc.lon is not None
                    and where.lat is not None
                    and where.lon is not None
                    and km(loc.lat, loc.lon, where.lat, where.lon) <= NEAR_KM
                )
                for loc in found
            )


def score_document(document: Document, gold: GoldSet) -> ArticleScore:
    """Score one document against the gold of the article with its id."""
    golds = gold.events.get(document.id, ())
    datelines = gold.datelines.get(document.id, ())
    tally = Tally(articles=1, required=sum(g.required for g in golds))
    judged: list[Judged] = []
    lenient: dict[int, list[int]] = {}
    strict: dict[int, list[int]] = {}
    index = {g.id: i for i, g in enumerate(golds)}
    for n, event in enumerate(document.events):
        best: tuple[Verdict, ActorVerdict, ActorVerdict, GoldEvent | None] = ("W", "X", "X", None)
        for g in candidates(place(event, document), golds):
            verdict, sv, tv = judge_event(event, g, document, datelines)
            if verdict in ("C", "P") and g.required:
                lenient.setdefault(n, []).append(index[g.id])
                if verdict == "C":
                    strict.setdefault(n, []).append(index[g.id])
            if _RANK[verdict] > _RANK[best[0]] or best[3] is None:
                best = (verdict, sv, tv, g)
        counted = not (event.cameo_root == "01" and best[0] == "W")
        judged.append(Judged(document.id, event, best[0], best[1], best[2], best[3], counted))
        if counted:
            tally.predicted += 1
            tally.verdicts[best[0]] += 1
    lenient_match = max_matching(lenient)
    tally.recalled_lenient = len(lenient_match)
    tally.recalled_strict = len(max_matching(strict))
    missed = tuple(g for i, g in enumerate(golds) if g.required and i not in lenient_match)
    _score_quotes(document, gold.quotes.get(document.id, ()), datelines, tally)
    _score_locations(judged, golds, gold, tally)
    sentences = tuple((s.start, s.end) for s in document.sentences)
    return ArticleScore(document.id, tally, tuple(judged), missed, document.text, sentences)


def _overlaps_enough(a: Span, b: Span) -> bool:
    shorter = min(a[1] - a[0], b[1] - b[0])
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shorter > 0 and shared * 2 >= shorter


def _score_quotes(
    document: Document, golds: Sequence[GoldQuote], datelines: Sequence[Span], tally: Tally
) -> None:
    found: Sequence[Quote] = document.quotes
    edges = {
        i: [j for j, g in enumerate(golds) if _overlaps_enough((q.start, q.end), (g.start, g.end))]
        for i, q in enumerate(found)
    }
    matching = max_matching(edges)
    tally.quotes += len(golds)
    tally.quotes_found += len(matching)
    for j, i in matching.items():
        speaker, gold = found[i].speaker, golds[j].speaker
        if speaker is None:
            continue
        who = mention(speaker, document)
        if _in_datelines(who, datelines):
            continue
        person = any(s < who.end and who.start < e for s, e in gold.mentions) or any(
            hint_in(h, w) for h in gold.hints for w in who.words
        )
        tally.person_right += person
        tally.speaker_right += person and who.code is not None and _accepted(who, gold)


def evaluate_documents(documents: Iterable[Document], gold: GoldSet) -> EventScores:
    """Score documents (one per gold article, matched by id) against ``gold``."""
    known = {a.id for a in gold.articles if a.id is not None}
    total = Tally()
    scores: list[ArticleScore] = []
    modality: dict[str, Counter[str]] = {}
    seen: set[str] = set()
    for document in documents:
        if document.id not in known:
            raise InputError(f"document {document.id!r} is not an article of the gold set {gold.folder}")
        seen.add(document.id)
        score = score_document(document, gold)
        scores.append(score)
        total.add(score.tally)
        for j in score.judged:
            if j.gold is not None and j.verdict in ("C", "P"):
                modality.setdefault(j.gold.modality, Counter())[j.event.modality] += 1
    missing = sorted(known - seen)
    if missing:
        raise InputError(f"no document for {len(missing)} gold article(s): {', '.join(missing[:5])}")
    return EventScores(total, tuple(scores), modality)


class _Extracts(Protocol):
    def pipe(self, articles: Iterable[Article]) -> Iterator[Document]: ...


def evaluate_events(
    gold: GoldSet, extractor: _Extracts, progress: Callable[[int], None] | None = None
) -> EventScores:
    """Code every gold article with ``extractor`` and score the documents."""

    def coded() -> Iterator[Document]:
        for document in extractor.pipe(gold.articles):
            yield document
            if progress is not None:
                progress(1)

    return evaluate_documents(coded(), gold)
