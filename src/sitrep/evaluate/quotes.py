"""Scoring quotes against span-annotated attribution data (the format is in ``docs/quotes.md``).

Each gold record is an article with its attributions: content spans (one or more pieces), and optionally the
source (speaker) and cue spans and a kind. A content piece is one unit: a direct quote interrupted by "he
said" is two pieces, as sitrep finds two quotes there. Spans are compared after trimming spaces, quote marks
and end punctuation. A found quote and a gold piece *match exactly* when their trimmed spans are equal, and
*overlap* when they share a character; each is matched at most once (largest overlap first). The speaker is
right when the found speaker's span overlaps the gold source; the cue likewise.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sitrep.article import Article, parse_published
from sitrep.errors import InputError
from sitrep.records import Document, Quote
from sitrep.textio import read_text

MAX_GOLD_BYTES = 1 << 30
"""Largest gold file read (1 GiB)."""

_TRIM = frozenset(" \t\r\n\u00a0\"'“”‘’„«»‹›.,;:")

Piece = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: tuple[Piece, ...]
    source: tuple[Piece, ...]
    cue: tuple[Piece, ...]
    kind: str | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    published: str | None
    attributions: tuple[GoldAttribution, ...]
    line: int


class _Extracts(Protocol):
    def pipe(self, articles: Iterable[Article]) -> Iterator[Document]: ...


@dataclass(frozen=True, slots=True)
class Prf:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, matched_found: int, found: int, matched_gold: int, gold: int) -> Prf:
        p = matched_found / found if found else 0.0
        r = matched_gold / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(round(p, 4), round(r, 4), round(f, 4))

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(slots=True)
class QuoteScores:
    articles: int = 0
    gold: int = 0
    found: int = 0
    exact_found: int = 0
    exact_gold: int = 0
    overlap_found: int = 0
    overlap_gold: int = 0
    with_source: int = 0
    speaker_right: int = 0
    with_cue: int = 0
    cue_right: int = 0
    gold_kinds: Counter[str] = field(default_factory=Counter)
    recalled_kinds: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str]] = field(default_factory=list)
    """(article id, gold content text) for gold pieces no quote overlaps."""

    @property
    def exact(self) -> Prf:
        return Prf.of(self.exact_found, self.found, self.exact_gold, self.gold)

    @property
    def overlap(self) -> Prf:
        return Prf.of(self.overlap_found, self.found, self.overlap_gold, self.gold)

    @property
    def speaker_accuracy(self) -> float:
        """Of the overlapping matches whose gold has a source, the share with the speaker right."""
        return round(self.speaker_right / self.with_source, 4) if self.with_source else 0.0

    @property
    def cue_accuracy(self) -> float:
        return round(self.cue_right / self.with_cue, 4) if self.with_cue else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "gold_pieces": self.gold,
            "found_quotes": self.found,
            "exact": self.exact.to_dict(),
            "overlap": self.overlap.to_dict(),
            "speaker_accuracy": self.speaker_accuracy,
            "speaker_judged": self.with_source,
            "cue_accuracy": self.cue_accuracy,
            "cue_judged": self.with_cue,
            "recall_by_kind": {
                kind: round(self.recalled_kinds[kind] / total, 4)
                for kind, total in sorted(self.gold_kinds.items())
            },
            "misses": [{"article": a, "text": t} for a, t in self.misses],
        }


def _pieces(value: object, where: str, text: str, required: bool) -> tuple[Piece, ...]:
    if value is None or value == []:
        if required:
            raise InputError(f"{where}: must have at least one [start, end] piece")
        return ()
    if not isinstance(value, list):
        raise InputError(f"{where}: must be a list of [start, end] pieces")
    pieces = []
    for item in value:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in item)
        ):
            raise InputError(f"{where}: each piece must be [start, end] (two integers), got {item!r}")
        start, end = item
        if not 0 <= start < end <= len(text):
            raise InputError(f"{where}: piece [{start}, {end}] is outside the text (length {len(text)})")
        pieces.append((start, end))
    return tuple(pieces)


def read_quote_gold(path: Path) -> list[GoldArticle]:
    """Read span-annotated articles: JSON lines, one article per line (blank lines skipped)."""
    lines = read_text(str(path), max_bytes=MAX_GOLD_BYTES).splitlines()
    articles = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise InputError(f"{where}: each line must be an object with a string 'text'")
        text = data["text"]
        raw = data.get("attributions")
        if not isinstance(raw, list):
            raise InputError(f"{where}: 'attributions' must be a list")
        attributions = []
        for n, item in enumerate(raw):
            if not isinstance(item, dict):
                raise InputError(f"{where}: attribution {n} must be an object")
            kind = item.get("kind")
            if kind is not None and kind not in ("direct", "indirect", "mixed"):
                raise InputError(f"{where}: attribution {n}: kind must be direct, indirect or mixed")
            attributions.append(
                GoldAttribution(
                    content=_pieces(item.get("content"), f"{where}: attribution {n} content", text, True),
                    source=_pieces(item.get("source"), f"{where}: attribution {n} source", text, False),
                    cue=_pieces(item.get("cue"), f"{where}: attribution {n} cue", text, False),
                    kind=kind,
                )
            )
        published = data.get("published")
        try:
            parse_published(published)
        except InputError as error:
            raise InputError(f"{where}: {error}") from None
        articles.append(
            GoldArticle(str(data.get("id", number)), text, published, tuple(attributions), number)
        )
    if not articles:
        raise InputError(f"{path}: no articles")
    return articles


def _trim(text: str, start: int, end: int) -> Piece:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _overlap(a: Piece, b: Piece) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _touches(span: Piece | None, pieces: Iterable[Piece]) -> bool:
    return span is not None and any(_overlap(span, p) > 0 for p in pieces)


def evaluate_quotes(
    gold: list[GoldArticle], extractor: _Extracts, progress: Callable[[int], None] | None = None
) -> QuoteScores:
    scores = QuoteScores()
    articles = (Article(g.text, parse_published(g.published), id=g.id) for g in gold)
    for record, document in zip(gold, extractor.pipe(articles), strict=True):
        _score(record, document.quotes, scores)
        if progress is not None:
            progress(1)
    return scores


def _score(record: GoldArticle, quotes: tuple[Quote, ...], scores: QuoteScores) -> None:
    text = record.text
    scores.articles += 1
    units = [(a, _trim(text, s, e)) for a in record.attributions for s, e in a.content]
    units = [(a, p) for a, p in units if p[1] > p[0]]
    found = [(q, _trim(text, q.start, q.end)) for q in quotes]
    scores.gold += len(units)
    scores.found += len(found)
    for attribution, _ in units:
        if attribution.kind:
            scores.gold_kinds[attribution.kind] += 1
    exact_pairs = {(i, j) for i, (_, g) in enumerate(units) for j, (_, f) in enumerate(found) if g == f}
    scores.exact_gold += len({i for i, _ in exact_pairs})
    scores.exact_found += len({j for _, j in exact_pairs})
    pairs = sorted(
        ((_overlap(g, f), i, j) for i, (_, g) in enumerate(units) for j, (_, f) in enumerate(found)),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_found: set[int] = set()
    for size, i, j in pairs:
        if size == 0:
            break
        if i in used_gold or j in used_found:
            continue
        used_gold.add(i)
        used_found.add(j)
        attribution, quote = units[i][0], found[j][0]
        if attribution.kind:
            scores.recalled_kinds[attribution.kind] += 1
        if attribution.source:
            scores.with_source += 1
            speaker = (quote.speaker.start, quote.speaker.end) if quote.speaker else None
            scores.speaker_right += _touches(speaker, attribution.source)
        if attribution.cue:
            scores.with_cue += 1
            cue = (quote.cue.start, quote.cue.end) if quote.cue else None
            scores.cue_right += _touches(cue, attribution.cue)
    scores.overlap_gold += len(used_gold)
    scores.overlap_found += len(used_found)
    for i, (_, (start, end)) in enumerate(units):
        if i not in used_gold:
            scores.misses.append((record.id, text[start:end]))
