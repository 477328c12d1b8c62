"""Events merged across reports: the mentions of one real event, in many articles, become one merged event.

Each event a :class:`~sitrep.records.Document` holds is one *mention* (one sentence of one article). A mention
joins the merged event it scores best against, if that score reaches ``threshold``; else it opens a new one.
The score is a weighted sum of features (docs/merging.md), read from ``data/merge-settings.tsv``:

* trigger lemma (same or not), context (Jaccard of the content words of the two sentences);
* CAMEO code (same code, same root, other root), source and target actor codes (either way round for the
  symmetric roots), event date proximity.

Mentions merge within their story; across stories only when dated close and coded alike (same code, same
actor codes, ``cross_story_days``). Merging is incremental (:class:`Merger`: new articles join the merged
events already there) and deterministic: a merged event's id is derived from its first mention, so the same
articles in the same order give the same ids, and adding articles later keeps the ids already given.
Disagreements between reports (asserted by one outlet, attributed by another; other dates, codes, modality)
stay visible as :class:`Conflict` values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from spacy.lang.en.stop_words import STOP_WORDS

from sitrep.datafile import read_settings, read_table
from sitrep.records import Document, Event

_T = TypeVar("_T")

SETTINGS_FILE = "merge-settings.tsv"
LEMMAS_FILE = "merge-lemmas.tsv"
LEMMA_COLUMNS = ("lemmas", "note")
SETTINGS = (
    "threshold",
    "weight_lemma",
    "weight_context",
    "weight_cameo",
    "weight_actors",
    "weight_date",
    "cameo_same_root",
    "cameo_other_root",
    "actor_same_country",
    "symmetric_roots",
    "date_window_days",
    "date_max_gap_days",
    "linkage",
    "same_sentence",
    "weak_lemmas",
    "weak_lemma_credit",
    "cross_story",
    "cross_story_days",
    "cross_story_threshold",
)


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """The numbers of merging (``merge-settings.tsv``; docs/merging.md explains each)."""

    threshold: float
    weight_lemma: float
    weight_context: float
    weight_cameo: float
    weight_actors: float
    weight_date: float
    cameo_same_root: float
    cameo_other_root: bool
    actor_same_country: float
    symmetric_roots: frozenset[str]
    date_window_days: int
    date_max_gap_days: int
    linkage: str
    same_sentence: bool
    weak_lemmas: frozenset[str]
    weak_lemma_credit: float
    cross_story: bool
    cross_story_days: int
    cross_story_threshold: float
    families: Mapping[str, str] = field(default_factory=dict)
    """Trigger lemma → the first lemma of its family (``merge-lemmas.tsv``): lemmas that name one kind of
    event ("earthquake", "quake")."""
    source: str = ""
    """The settings file, for messages."""

    def canonical(self, lemma: str) -> str:
        return self.families.get(lemma, lemma)


def load_merge_settings(path: Path) -> MergeSettings:
    """Read and check a merge settings file; a bad entry raises :class:`DataFileError` with ``file:line``."""
    rows = read_settings(path, SETTINGS)
    linkage = rows["linkage"].required("value")
    if linkage not in ("average", "single"):
        raise rows["linkage"].error(f"column 'value' must be 'average' or 'single', got {linkage!r}")
    roots = rows["symmetric_roots"].values("value")
    for root in roots:
        if not re.fullmatch(r"[012][0-9]", root):
            raise rows["symmetric_roots"].error(f"a CAMEO root is two digits 01..20, got {root!r}")
    window = rows["date_window_days"].whole("value", 1, 3650)
    gap = rows["date_max_gap_days"].whole("value", 0, 3650)
    if gap < window - 1:
        raise rows["date_max_gap_days"].error(f"must be at least date_window_days - 1 ({window - 1})")
    return MergeSettings(
        threshold=rows["threshold"].number("value", -10, 10),
        weight_lemma=rows["weight_lemma"].number("value", 0, 10),
        weight_context=rows["weight_context"].number("value", 0, 10),
        weight_cameo=rows["weight_cameo"].number("value", 0, 10),
        weight_actors=rows["weight_actors"].number("value", 0, 10),
        weight_date=rows["weight_date"].number("value", 0, 10),
        cameo_same_root=rows["cameo_same_root"].number("value", 0, 1),
        cameo_other_root=bool(rows["cameo_other_root"].whole("value", 0, 1)),
        actor_same_country=rows["actor_same_country"].number("value", -1, 1),
        symmetric_roots=frozenset(roots),
        date_window_days=window,
        date_max_gap_days=gap,
        linkage=linkage,
        same_sentence=bool(rows["same_sentence"].whole("value", 0, 1)),
        weak_lemmas=frozenset(stem(w) for w in rows["weak_lemmas"].values("value")),
        weak_lemma_credit=rows["weak_lemma_credit"].number("value", 0, 1),
        families=load_lemma_families(path.parent / LEMMAS_FILE),
        cross_story=bool(rows["cross_story"].whole("value", 0, 1)),
        cross_story_days=rows["cross_story_days"].whole("value", 0, 3650),
        cross_story_threshold=rows["cross_story_threshold"].number("value", -10, 10),
        source=str(path),
    )


def load_lemma_families(path: Path) -> dict[str, str]:
    """``merge-lemmas.tsv``: one family of trigger words a line (``|``-separated, stemmed as triggers are);
    each word maps to the family's first. A word in two families is a ``file:line`` error."""
    families: dict[str, str] = {}
    where: dict[str, int] = {}
    for row in read_table(path, LEMMA_COLUMNS):
        words = list(dict.fromkeys(stem(w) for w in row.values("lemmas")))
        if len(words) < 2:
            raise row.error("a family needs at least two words")
        for word in words:
            if word in where:
                raise row.error(f"{word!r} is already in the family at line {where[word]}")
            where[word] = row.line
            families[word] = words[0]
    return families


@cache
def default_merge_settings() -> MergeSettings:
    """The settings shipped with sitrep (loaded once)."""
    with resources.as_file(resources.files("sitrep.stories") / "data" / SETTINGS_FILE) as path:
        return load_merge_settings(path)


@dataclass(frozen=True, slots=True)
class Mention:
    """One report of an event: an event of one article (``article[start:end] == text``, its trigger)."""

    article: str
    start: int
    end: int
    text: str
    sentence: int
    story: str
    outlet: str | None
    event: str | None = None
    """The event's id in its document (``None`` for mentions that are not sitrep events)."""
    attribution: str = "outlet"
    """``outlet`` (the outlet asserts it) or ``speaker`` (it reports someone saying so)."""
    speaker: str | None = None
    modality: str = "asserted"
    confidence: float | None = None
    date: dt.date | None = None
    cameo: str | None = None
    source: str | None = None
    target: str | None = None
    lemma: str = ""
    context: frozenset[str] = frozenset()
    """The content words around the mention (its sentence, less stop words and the trigger)."""

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.article, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "event": self.event,
            "sentence": self.sentence,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "outlet": self.outlet,
            "story": self.story,
            "attribution": self.attribution,
            "speaker": self.speaker,
            "modality": self.modality,
            "confidence": self.confidence,
            "date": self.date.isoformat() if self.date else None,
            "cameo": self.cameo,
            "source": self.source,
            "target": self.target,
        }


@dataclass(frozen=True, slots=True)
class Conflict:
    """Reports of one merged event that disagree on ``field``: each value with the outlets that give it."""

    field: str
    values: tuple[tuple[str, tuple[str, ...]], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "values": {value: list(outlets) for value, outlets in self.values}}


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real event and every report of it. Coding fields are the mentions' most common values."""

    id: str
    story: str
    """The story of the first mention (``stories`` lists all)."""
    stories: tuple[str, ...]
    cameo: str | None
    source: str | None
    target: str | None
    date: dt.date | None
    mentions: tuple[Mention, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def num_mentions(self) -> int:
        return len(self.mentions)

    @property
    def num_articles(self) -> int:
        return len({m.article for m in self.mentions})

    @property
    def num_sources(self) -> int:
        """Distinct outlets; an article of unknown outlet counts as a source of its own."""
        return len({m.outlet or f"article:{m.article}" for m in self.mentions})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "story": self.story,
            "stories": list(self.stories),
            "cameo": self.cameo,
            "source": self.source,
            "target": self.target,
            "date": self.date.isoformat() if self.date else None,
            "num_mentions": self.num_mentions,
            "num_sources": self.num_sources,
            "num_articles": self.num_articles,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "mentions": [m.to_dict() for m in self.mentions],
        }


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+")
_SUFFIXES = ("ies", "ied", "ing", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude lemma: lower case, one common suffix cut, then a final "e" of a longer word (``quake``,
    ``quakes`` → ``quak``; ``strikes``, ``striking`` → ``strik``)."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) >= 5 else word


def context_words(text: str, *, leave_out: Iterable[str] = ()) -> frozenset[str]:
    """The stemmed content words of ``text``: no stop words, nothing in ``leave_out`` (stemmed)."""
    left = {stem(w) for w in leave_out}
    words = (stem(w) for w in _WORD.findall(text) if w.lower() not in STOP_WORDS)
    return frozenset(w for w in words if w not in left)


def document_mentions(document: Document, story: str, *, outlet: str | None = None) -> list[Mention]:
    """The mentions of a document's events, in text order (``outlet`` defaults to ``document.source``)."""
    found = []
    for event in sorted(document.events, key=lambda e: (e.trigger.start, e.trigger.end, e.id)):
        found.append(event_mention(document, event, story, outlet=outlet or document.source))
    return found


def event_mention(document: Document, event: Event, story: str, *, outlet: str | None) -> Mention:
    sentence = document.sentences[event.sentence] if event.sentence < len(document.sentences) else None
    around = document.text[sentence.start : sentence.end] if sentence else event.evidence.text
    words = _WORD.findall(event.trigger.text)
    speaker = event.attribution.speaker
    return Mention(
        article=document.id,
        start=event.trigger.start,
        end=event.trigger.end,
        text=event.trigger.text,
        sentence=event.sentence,
        story=story,
        outlet=outlet,
        event=event.id,
        attribution=event.attribution.kind,
        speaker=(speaker.name or speaker.text) if speaker else None,
        modality=event.modality,
        confidence=event.confidence,
        date=event.date,
        cameo=event.cameo,
        source=event.source.code if event.source else None,
        target=event.target.code if event.target else None,
        lemma=stem(words[0]) if words else event.trigger.text.lower(),
        context=context_words(around, leave_out=words),
    )


def merged_id(first: Mention) -> str:
    """The stable id of the merged event whose first mention is ``first``."""
    digest = hashlib.sha256(f"{first.article}\t{first.start}\t{first.end}".encode()).hexdigest()
    return "me-" + digest[:16]


class Merger:
    """Merges mentions into merged events, incrementally: :meth:`add` more at any time."""

    def __init__(self, settings: MergeSettings | None = None) -> None:
        self.settings = settings or default_merge_settings()
        self._groups: list[list[Mention]] = []
        self._by_story: dict[str, list[int]] = defaultdict(list)
        self._by_cameo: dict[str, list[int]] = defaultdict(list)
        self._seen: set[tuple[str, int, int]] = set()

    def add(self, mentions: Iterable[Mention]) -> None:
        """Add mentions in order; one already added (same article and offsets) is skipped."""
        for mention in mentions:
            if mention.key in self._seen:
                continue
            self._seen.add(mention.key)
            best = self._best(mention)
            if best is None:
                best = len(self._groups)
                self._groups.append([])
                if mention.cameo:
                    self._by_cameo[mention.cameo].append(best)
            group = self._groups[best]
            group.append(mention)
            if best not in self._by_story[mention.story]:
                self._by_story[mention.story].append(best)

    def add_documents(self, documents: Iterable[Document], stories: Mapping[str, str]) -> None:
        """Add the events of documents; ``stories`` maps each document's id to its story (a document with no
        story is a story of its own)."""
        for document in documents:
            self.add(document_mentions(document, stories.get(document.id, f"article:{document.id}")))

    def merged(self) -> tuple[MergedEvent, ...]:
        """The merged events, in order of their first mention's arrival."""
        return tuple(_merged(group) for group in self._groups)

    def _best(self, mention: Mention) -> int | None:
        s = self.settings
        best: int | None = None
        best_score = float("-inf")
        for i in self._by_story.get(mention.story, ()):
            value = self._group_score(mention, self._groups[i])
            if value is not None and value >= s.threshold and value > best_score:
                best, best_score = i, value
        if s.cross_story and mention.cameo:
            for i in self._by_cameo.get(mention.cameo, ()):
                group = self._groups[i]
                if any(m.story == mention.story for m in group) or not all(
                    _alike_across(mention, m, s) for m in group
                ):
                    continue
                value = self._group_score(mention, group)
                if value is not None and value >= s.cross_story_threshold and value > best_score:
                    best, best_score = i, value
        return best

    def _group_score(self, mention: Mention, group: list[Mention]) -> float | None:
        scores = [pair_score(mention, other, self.settings) for other in group]
        if any(v is None for v in scores):
            return None
        values = [v for v in scores if v is not None]
        return max(values) if self.settings.linkage == "single" else sum(values) / len(values)


def merge_documents(
    documents: Iterable[Document], stories: Mapping[str, str], *, settings: MergeSettings | None = None
) -> tuple[MergedEvent, ...]:
    """The merged events of ``documents`` (in the order given; ``stories``: document id → story id)."""
    merger = Merger(settings)
    merger.add_documents(documents, stories)
    return merger.merged()


def pair_score(a: Mention, b: Mention, s: MergeSettings) -> float | None:
    """How alike two mentions are (the weighted features); ``None`` when they can never be one event."""
    total = 0.0
    if a.article == b.article and (a.key == b.key or (a.sentence == b.sentence and not s.same_sentence)):
        return None
    if a.lemma and s.canonical(a.lemma) == s.canonical(b.lemma):
        total += s.weight_lemma * (s.weak_lemma_credit if a.lemma in s.weak_lemmas else 1.0)
    if a.context or b.context:
        total += s.weight_context * len(a.context & b.context) / len(a.context | b.context)
    if a.cameo and b.cameo:
        if a.cameo == b.cameo:
            total += s.weight_cameo
        elif a.cameo[:2] == b.cameo[:2]:
            total += s.weight_cameo * s.cameo_same_root
        elif not s.cameo_other_root:
            return None
        else:
            total -= s.weight_cameo
    actors = _actor_agreement(a, b, s)
    if actors is not None:
        total += s.weight_actors * actors
    if a.date and b.date:
        gap = abs((a.date - b.date).days)
        if gap > s.date_max_gap_days:
            return None
        total += s.weight_date * max(0.0, 1 - gap / s.date_window_days)
    return total


def _actor_agreement(a: Mention, b: Mention, s: MergeSettings) -> float | None:
    def agreement(pairs: list[tuple[str | None, str | None]]) -> tuple[float, int]:
        known = [(x, y) for x, y in pairs if x and y]
        return sum(_code_agreement(x, y, s) for x, y in known), len(known)

    same, known = agreement([(a.source, b.source), (a.target, b.target)])
    symmetric = bool(a.cameo and b.cameo and a.cameo[:2] in s.symmetric_roots and b.cameo[:2] == a.cameo[:2])
    if symmetric:
        swapped, known_swapped = agreement([(a.source, b.target), (a.target, b.source)])
        if known_swapped and swapped / known_swapped > (same / known if known else -1):
            same, known = swapped, known_swapped
    if not known:
        return None
    return same / known


def _code_agreement(x: str, y: str, s: MergeSettings) -> float:
    """1 for the same code, ``actor_same_country`` for codes of one country ("RUS", "RUSMIL"), else -1."""
    if x == y:
        return 1.0
    return s.actor_same_country if x[:3] == y[:3] else -1.0


def _alike_across(a: Mention, b: Mention, s: MergeSettings) -> bool:
    """Across stories: same code, same known actor codes, dates close."""
    if not (a.cameo and a.cameo == b.cameo and a.date and b.date):
        return False
    if abs((a.date - b.date).days) > s.cross_story_days:
        return False
    agreement = _actor_agreement(a, b, s)
    return agreement is not None and agreement == 1.0


def _most_common(values: list[_T]) -> _T | None:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in values if v is not None and counts[v] == top)


def _merged(group: list[Mention]) -> MergedEvent:
    first = group[0]
    stories = tuple(dict.fromkeys(m.story for m in group))
    return MergedEvent(
        id=merged_id(first),
        story=first.story,
        stories=stories,
        cameo=_most_common([m.cameo for m in group]),
        source=_most_common([m.source for m in group]),
        target=_most_common([m.target for m in group]),
        date=_most_common([m.date for m in group]),
        mentions=tuple(group),
        conflicts=conflicts(group),
    )


def _attribution(m: Mention) -> str:
    return (
        "asserted by the outlet" if m.attribution == "outlet" else f"attributed to {m.speaker or 'a speaker'}"
    )


def conflicts(mentions: Iterable[Mention]) -> tuple[Conflict, ...]:
    """Where the reports disagree: attribution, modality, date, CAMEO code, actors."""
    mentions = list(mentions)
    fields: list[tuple[str, Any]] = [
        ("attribution", _attribution),
        ("modality", lambda m: m.modality),
        ("date", lambda m: m.date.isoformat() if m.date else None),
        ("cameo", lambda m: m.cameo),
        ("source", lambda m: m.source),
        ("target", lambda m: m.target),
    ]
    found = []
    for name, read in fields:
        outlets: dict[str, list[str]] = {}
        for m in mentions:
            value = read(m)
            if value is None:
                continue
            who = m.outlet or m.article
            if who not in outlets.setdefault(value, []):
                outlets[value].append(who)
        if len(outlets) > 1:
            found.append(Conflict(name, tuple((v, tuple(o)) for v, o in outlets.items())))
    return tuple(found)
