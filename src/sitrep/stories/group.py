"""Grouping articles into stories: one pass over a stream, each article joining an earlier story or opening
one, then a few rounds that move the batch's articles to the story that fits them best.

Each article becomes a sparse vector of term frequencies (sublinear; title and first line counted more, words
capitalised inside a sentence, names, counted more; stop words dropped; coded actors and places added when
``actor_weight`` is set), weighed by IDF when compared. A story keeps the sum of its members' vectors (its
centroid) and the dates of its dated members. A new article is compared with the stories that share one of its
heaviest terms (an inverted index from term to story, so the search never looks at all pairs), among those
inside the time window; it joins the most similar one when the cosine similarity reaches the threshold, else
it opens a new story. The document frequencies grow with the stream, so the grouping depends only on the
articles and their order: the same stream gives the same stories. Settings: ``stories/data/settings.tsv``
(docs/stories.md).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path

from sitrep.datafile import read_settings, read_table

DATA = Path(__file__).parent / "data"
SETTINGS_FILE = "settings.tsv"
STOPWORDS_FILE = "stopwords.tsv"
SETTINGS = (
    "threshold",
    "window_days",
    "title_weight",
    "lead_weight",
    "name_weight",
    "actor_weight",
    "vector_terms",
    "query_terms",
    "common_share",
    "refine_rounds",
    "posting_limit",
    "candidates",
)
MAX_TERM = 64
"""Longer words (run-together URLs, base64) are no terms."""
COMMON_AFTER = 50
"""Below this many articles seen, no term counts as common."""

_WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")
_SENTENCE_END = frozenset('.!?\n"”:')


@dataclass(frozen=True, slots=True)
class StorySettings:
    """The numbers of story grouping (``stories/data/settings.tsv``)."""

    threshold: float = 0.225
    window_days: int = 7
    title_weight: float = 2.0
    lead_weight: float = 2.0
    name_weight: float = 3.0
    actor_weight: float = 0.0
    vector_terms: int = 150
    query_terms: int = 30
    common_share: float = 0.2
    refine_rounds: int = 2
    posting_limit: int = 1000
    candidates: int = 50
    stopwords: frozenset[str] = frozenset()


def load_settings(folder: Path | None = None) -> StorySettings:
    """Read ``settings.tsv`` and ``stopwords.tsv`` from ``folder`` (the shipped data by default)."""
    folder = folder or DATA
    rows = read_settings(folder / SETTINGS_FILE, SETTINGS)
    words = frozenset(row.required("word").lower() for row in read_table(folder / STOPWORDS_FILE, ("word",)))
    return StorySettings(
        threshold=rows["threshold"].number("value", 0.0, 1.0),
        window_days=rows["window_days"].whole("value", 0, 36500),
        title_weight=rows["title_weight"].number("value", 0.0, 100.0),
        lead_weight=rows["lead_weight"].number("value", 0.0, 100.0),
        name_weight=rows["name_weight"].number("value", 0.0, 100.0),
        actor_weight=rows["actor_weight"].number("value", 0.0, 100.0),
        vector_terms=rows["vector_terms"].whole("value", 1, 100_000),
        query_terms=rows["query_terms"].whole("value", 1, 100_000),
        common_share=rows["common_share"].number("value", 0.0, 1.0),
        refine_rounds=rows["refine_rounds"].whole("value", 0, 100),
        posting_limit=rows["posting_limit"].whole("value", 1, 10_000_000),
        candidates=rows["candidates"].whole("value", 1, 10_000_000),
        stopwords=words,
    )


@cache
def default_settings() -> StorySettings:
    return load_settings()


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What grouping reads of an article."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    actors: tuple[str, ...] = ()
    """Coded actor codes or names and places (optional)."""


def term_counts(article: StoryInput, settings: StorySettings) -> dict[str, float]:
    """The article's weighted term counts: title and first line counted more, names more."""
    counts: defaultdict[str, float] = defaultdict(float)
    stop = settings.stopwords
    text = article.text
    lead_end = text.find("\n", 0, 400)
    lead_end = lead_end if lead_end > 0 else 0

    def add(source: str, weight: float, offset: int | None) -> None:
        for match in _WORD.finditer(source):
            word = match.group().replace("’", "'")
            low = word.lower()
            if low in stop or (len(low) < 2 and not low.isdigit()) or len(low) > MAX_TERM:
                continue
            w = weight
            if word[0].isupper() and settings.name_weight != 1.0:
                start = match.start()
                before = source[max(0, start - 3) : start].rstrip(" '‘\"“(")
                if before and before[-1] not in _SENTENCE_END:
                    w *= settings.name_weight
            if offset is not None and match.start() < offset:
                w *= settings.lead_weight
            counts[low.removesuffix("'s")] += w

    if article.title:
        add(article.title, settings.title_weight, None)
    add(text, 1.0, lead_end)
    if settings.actor_weight:
        for actor in article.actors:
            counts["@" + actor.lower()] += settings.actor_weight
    return dict(counts)


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values())) or 1.0


@dataclass
class _Story:
    centroid: dict[str, float]
    size: int
    dates: Counter[dt.date] = field(default_factory=Counter)
    """Publication date → dated articles of that date."""


@dataclass
class _Placed:
    """An article of the current batch: what refinement needs to move it."""

    id: str
    vector: dict[str, float]
    published: dt.date | None
    story: int


class Grouper:
    """The state of one grouping: document frequencies, stories and the inverted index.

    :meth:`add` places articles one at a time; :meth:`refine` then moves the articles of this batch (never the
    stored ones) to the story that fits them best, a few rounds; :meth:`restore` loads a story from a previous
    grouping (its centroid and dates), so a new batch joins the stored stories without grouping them again."""

    def __init__(self, settings: StorySettings | None = None) -> None:
        self.settings = settings or default_settings()
        self.df: Counter[str] = Counter()
        self.docs = 0
        self.stories: dict[int, _Story] = {}
        self.index: defaultdict[str, dict[int, None]] = defaultdict(dict)
        """Term → the stories indexed under it, the most recently joined last."""
        self._common_set: set[str] = set()
        self._common_at = -1
        self.next_id = 1
        self.stored: set[int] = set()
        self.batch: list[_Placed] = []
        self.changed: set[int] = set()
        self._idf: dict[str, float] = {}
        self._idf_docs = -1
        self._norms: dict[int, float] = {}

    # -- state ------------------------------------------------------------------------------------------

    def restore(
        self, story: int, centroid: Mapping[str, float], size: int, dates: Mapping[dt.date, int] | None = None
    ) -> None:
        """Load a stored story."""
        self.stories[story] = _Story(dict(centroid), size, Counter(dates or {}))
        for term in self._index_terms(centroid):
            self.index[term][story] = None
        self.stored.add(story)
        self.next_id = max(self.next_id, story + 1)

    def restore_frequencies(self, df: Mapping[str, int], docs: int) -> None:
        self.df.update(df)
        self.docs += docs

    def centroid(self, story: int) -> dict[str, float]:
        return self.stories[story].centroid

    def size(self, story: int) -> int:
        return self.stories[story].size

    def dates(self, story: int) -> dict[dt.date, int]:
        return dict(sorted(self.stories[story].dates.items()))

    # -- grouping ---------------------------------------------------------------------------------------

    def idf(self, term: str) -> float:
        # The IDF of a term is computed once and kept until the stream has grown by 1%: the weights then
        # move slowly, and the centroid norms need not be computed again for every article.
        if self.docs - self._idf_docs > max(0, self._idf_docs // 100):
            self._idf.clear()
            self._norms.clear()
            self._idf_docs = self.docs
        value = self._idf.get(term)
        if value is None:
            value = self._idf[term] = math.log((self.docs + 1) / (self.df.get(term, 0) + 1)) + 1.0
        return value

    def vector(self, counts: Mapping[str, float]) -> dict[str, float]:
        """The article's sublinear term frequencies (unit length), its heaviest terms by TF-IDF only; IDF is
        applied when vectors are compared, so early articles are weighed with the frequencies known later."""
        tf = {t: 1.0 + math.log(c) if c >= 1 else c for t, c in counts.items() if c > 0}
        top = sorted(tf.items(), key=lambda kv: (-kv[1] * self.idf(kv[0]), kv[0]))[
            : self.settings.vector_terms
        ]
        norm = _norm(dict(top))
        return {t: w / norm for t, w in top}

    def similarity(self, vec: Mapping[str, float], story: int) -> float:
        """Cosine similarity of an article's vector and a story's centroid, weighted by the current IDF."""
        centroid = self.stories[story].centroid
        dot = 0.0
        for term, weight in vec.items():
            other = centroid.get(term)
            if other is not None:
                dot += weight * other * self.idf(term) ** 2
        if dot <= 0:
            return 0.0
        a = math.sqrt(sum((w * self.idf(t)) ** 2 for t, w in vec.items()))
        b = self._norms.get(story)
        if b is None:
            b = self._norms[story] = math.sqrt(sum((w * self.idf(t)) ** 2 for t, w in centroid.items()))
        return dot / (a * b) if a and b else 0.0

    def add(self, article: StoryInput) -> int:
        """Place one article; return its story id (which :meth:`refine` may change)."""
        counts = term_counts(article, self.settings)
        self.docs += 1
        self.df.update(counts.keys())
        vec = self.vector(counts)
        best, score = self._best(vec, article.published)
        if best is None or score < self.settings.threshold:
            best = self._open()
        self._join(best, vec, article.published)
        self.batch.append(_Placed(article.id, vec, article.published, best))
        return best

    def refine(self, rounds: int | None = None) -> dict[str, int]:
        """Move each article of this batch, in order, to the story that fits it best (its own story without
        it counts too; below the threshold everywhere it opens a story of its own), ``rounds`` times (the
        ``refine_rounds`` setting by default). Stories left empty are dropped and the stories this batch
        opened are numbered again by their first article. Returns article id → story id for the batch."""
        for _ in range(self.settings.refine_rounds if rounds is None else rounds):
            moved = 0
            for placed in self.batch:
                self._leave(placed.story, placed.vector, placed.published)
                best, score = self._best(placed.vector, placed.published)
                if best is None or score < self.settings.threshold:
                    best = placed.story if self.stories[placed.story].size == 0 else self._open()
                moved += best != placed.story
                placed.story = best
                self._join(best, placed.vector, placed.published)
            if not moved:
                break
        self._renumber()
        return {placed.id: placed.story for placed in self.batch}

    def _open(self) -> int:
        story = self.next_id
        self.next_id += 1
        self.stories[story] = _Story({}, 0)
        return story

    def _renumber(self) -> None:
        for story in [s for s, state in self.stories.items() if state.size == 0 and s not in self.stored]:
            del self.stories[story]
        new = sorted(
            {p.story for p in self.batch} - self.stored,
            key=lambda s: min(i for i, p in enumerate(self.batch) if p.story == s),
        )
        first = max(self.stored, default=0) + 1
        mapping = {old: first + i for i, old in enumerate(new)}
        if all(old == new_id for old, new_id in mapping.items()):
            self.next_id = first + len(new)
            return
        self.stories = {mapping.get(s, s): state for s, state in self.stories.items()}
        self._norms.clear()
        for term, members in self.index.items():
            self.index[term] = {mapping.get(s, s): None for s in members if s in mapping or s in self.stories}
        for placed in self.batch:
            placed.story = mapping.get(placed.story, placed.story)
        self.changed = {mapping.get(s, s) for s in self.changed if s in mapping or s in self.stories}
        self.next_id = first + len(new)

    def _best(self, vec: Mapping[str, float], published: dt.date | None) -> tuple[int | None, float]:
        query = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[: self.settings.query_terms]
        shared: defaultdict[int, float] = defaultdict(float)
        common = self._common()
        for term, _ in query:
            if term not in common:
                posted = self.index.get(term)
                if posted:
                    weight = self.idf(term)
                    for story in islice(reversed(posted), self.settings.posting_limit):
                        shared[story] += weight
        # Only the stories sharing the most (IDF-weighed) search terms are compared in full.
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], -kv[0]))

        candidates: list[int] = []
        for story, _ in ranked:
            state = self.stories.get(story)
            if state is None or not state.size or not self._in_window(state, published):
                continue
            candidates.append(story)
            if len(candidates) >= self.settings.candidates:
                break
        best: int | None = None
        best_score = -1.0
        for story in sorted(candidates):
            score = self.similarity(vec, story)
            if score > best_score:
                best, best_score = story, score
        return best, best_score

    def _common(self) -> set[str]:
        """The terms too common to search by, computed again each time the stream grows by 1%."""
        if self.docs < COMMON_AFTER:
            return set()
        if self.docs - self._common_at >= max(1, self._common_at // 100):
            limit = self.settings.common_share * self.docs
            self._common_set = {t for t, n in self.df.items() if n > limit} if limit < self.docs else set()
            self._common_at = self.docs
        return self._common_set

    def _in_window(self, story: _Story, published: dt.date | None) -> bool:
        if published is None or not story.dates:
            return True
        days = self.settings.window_days
        return any(abs((d - published).days) <= days for d in story.dates)

    def _join(self, story: int, vec: Mapping[str, float], published: dt.date | None) -> None:
        self._norms.pop(story, None)
        state = self.stories[story]
        centroid = state.centroid
        for term, weight in vec.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        keep = self.settings.vector_terms * 3
        if len(centroid) > keep:
            kept = dict(sorted(centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:keep])
            for term in centroid.keys() - kept.keys():
                self.index[term].pop(story, None)
            state.centroid = centroid = kept
        for term in self._index_terms(vec):
            posted = self.index[term]
            posted.pop(story, None)
            posted[story] = None  # most recently joined last
        state.size += 1
        if published is not None:
            state.dates[published] += 1
        self.changed.add(story)

    def _leave(self, story: int, vec: Mapping[str, float], published: dt.date | None) -> None:
        self._norms.pop(story, None)
        state = self.stories[story]
        state.size -= 1
        if state.size == 0:
            state.centroid = {}
        else:
            for term, weight in vec.items():
                if term in state.centroid:
                    left = state.centroid[term] - weight
                    if left > 1e-9:
                        state.centroid[term] = left
                    else:
                        del state.centroid[term]
        if published is not None:
            state.dates[published] -= 1
            if state.dates[published] <= 0:
                del state.dates[published]
        self.changed.add(story)

    def _index_terms(self, vec: Mapping[str, float]) -> list[str]:
        return [
            t for t, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[: self.settings.query_terms]
        ]


def group(articles: Sequence[StoryInput], settings: StorySettings | None = None) -> list[int]:
    """Story ids for ``articles`` grouped in the given order from an empty state, refined (1, 2, … by first
    article)."""
    grouper = Grouper(settings)
    for article in articles:
        grouper.add(article)
    placed = grouper.refine()
    return [placed[article.id] for article in articles]
