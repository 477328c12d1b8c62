"""Scoring place names against toponym-resolution gold (the ``places-dev`` format, docs/places.md).

The field's protocol: each gold toponym is matched to the found place that overlaps it most, one to one;
precision leaves out found places that overlap only a *neutral* span (a demonym, a language, a homonym the
annotators chose not to score). Resolution is scored on the matched toponyms and over all gold (an unmatched
gold counts as the largest error, 20,039 km): accuracy within 161 km, mean and median error, and the AUC of
the error curve (errors sorted, each mapped to ln(1 + km) / ln(20,039), area by the trapezoidal rule; 0 is
perfect). The same GeoNames id counts as 0 km. Country accuracy is on matched toponyms with a gold country.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

from sitrep.article import Article, parse_published
from sitrep.errors import InputError
from sitrep.evaluate.realnews import jsonl_lines
from sitrep.records import Document, Place

MAX_KM = 20_039.0
"""Half the Earth's circumference: the error of a toponym with no point."""
NEAR_KM = 161.0
"""100 miles: the field's threshold for a right resolution."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class GoldPlaces:
    id: str
    corpus: str
    text: str
    title: str | None
    published: str | None
    toponyms: tuple[GoldToponym, ...]
    neutral: tuple[tuple[int, int], ...]
    url: str | None = None
    source: str | None = None


class _Extracts(Protocol):
    def pipe(self, articles: Iterable[Article]) -> Iterator[Document]: ...


def read_place_gold(path: Path) -> list[GoldPlaces]:
    """The gold of a ``places-dev`` folder (``articles.jsonl``, ``gold_places.jsonl``, optional
    ``neutral_spans.jsonl``), or of the folder holding the file ``path`` names."""
    folder = path if path.is_dir() else path.parent
    articles = folder / "articles.jsonl"
    gold_file = folder / "gold_places.jsonl"
    for needed in (articles, gold_file):
        if not needed.is_file():
            raise InputError(
                f"{needed}: missing (a places gold folder holds articles.jsonl and gold_places.jsonl)"
            )
    toponyms: dict[str, list[GoldToponym]] = defaultdict(list)
    for number, g in jsonl_lines(gold_file):
        try:
            toponyms[str(g["article"])].append(
                GoldToponym(
                    int(g["start"]),
                    int(g["end"]),
                    str(g["text"]),
                    None if g.get("lat") is None else float(g["lat"]),
                    None if g.get("lon") is None else float(g["lon"]),
                    None if g.get("geonameid") is None else str(g["geonameid"]),
                    g.get("country") or None,
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{gold_file}:{number}: a gold toponym needs article, start, end, text") from exc
    neutral: dict[str, list[tuple[int, int]]] = defaultdict(list)
    neutral_file = folder / "neutral_spans.jsonl"
    if neutral_file.is_file():
        for _number, n in jsonl_lines(neutral_file):
            neutral[str(n["article"])].append((int(n["start"]), int(n["end"])))
    out = []
    for number, a in jsonl_lines(articles):
        if "id" not in a or "text" not in a:
            raise InputError(f"{articles}:{number}: an article needs id and text")
        aid = str(a["id"])
        out.append(
            GoldPlaces(
                aid,
                str(a.get("corpus") or aid.split(":", 1)[0]),
                str(a["text"]),
                a.get("title"),
                a.get("published"),
                tuple(toponyms.get(aid, ())),
                tuple(neutral.get(aid, ())),
                a.get("url") if isinstance(a.get("url"), str) else None,
                a.get("source") if isinstance(a.get("source"), str) else None,
            )
        )
    return out


def iso2(iso3: str) -> str | None:
    """The alpha-2 code of an alpha-3 one (gold toponyms give alpha-2, sitrep alpha-3)."""
    from sitrep.places.gazetteer import default_gazetteer

    return "XK" if iso3 == "XKX" else default_gazetteer().iso2(iso3)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6,371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def error_km(place: Place, gold: GoldToponym) -> float:
    if gold.geonameid is not None and place.geonameid is not None and str(place.geonameid) == gold.geonameid:
        return 0.0
    if place.lat is None or place.lon is None or gold.lat is None or gold.lon is None:
        return MAX_KM
    return km(place.lat, place.lon, gold.lat, gold.lon)


def auc(errors: list[float]) -> float:
    """Area under the sorted, log-scaled error curve, in [0, 1]; 0 is perfect."""
    if not errors:
        return 0.0
    ys = sorted(math.log1p(e) / math.log1p(MAX_KM) for e in errors)
    if len(ys) == 1:
        return ys[0]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(ys))
    return area / (len(ys) - 1)


@dataclass(slots=True)
class CorpusScores:
    articles: int = 0
    gold: int = 0
    found: int = 0
    neutral: int = 0
    matched: int = 0
    exact: int = 0
    errors: list[float] = field(default_factory=list)
    with_country: int = 0
    country_right: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    """(article, gold text, what was found or "not found")"""

    def to_dict(self) -> dict[str, Any]:
        scored = self.found - self.neutral
        p = self.matched / scored if scored else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        ep = self.exact / scored if scored else 0.0
        er = self.exact / self.gold if self.gold else 0.0
        everything = self.errors + [MAX_KM] * (self.gold - self.matched)
        ordered = sorted(self.errors)
        return {
            "articles": self.articles,
            "gold": self.gold,
            "found": self.found,
            "on_neutral_spans": self.neutral,
            "recognition": _prf(p, r),
            "recognition_exact": _prf(ep, er),
            "matched": self.matched,
            "acc161_matched": _share(sum(e <= NEAR_KM for e in self.errors), len(self.errors)),
            "acc161_all": _share(sum(e <= NEAR_KM for e in everything), len(everything)),
            "auc_matched": round(auc(self.errors), 4),
            "auc_all": round(auc(everything), 4),
            "mean_km": round(sum(self.errors) / len(self.errors), 1) if self.errors else None,
            "median_km": round(ordered[len(ordered) // 2], 1) if ordered else None,
            "country_accuracy": _share(self.country_right, self.with_country),
        }


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _share(n: int, d: int) -> float:
    return round(n / d, 4) if d else 0.0


@dataclass(slots=True)
class PlaceScores:
    corpora: dict[str, CorpusScores] = field(default_factory=dict)

    @property
    def all(self) -> CorpusScores:
        total = CorpusScores()
        for c in self.corpora.values():
            for f in fields(CorpusScores):  # counts add, lists join
                setattr(total, f.name, getattr(total, f.name) + getattr(c, f.name))
        return total

    def to_dict(self, *, misses: int = 0) -> dict[str, Any]:
        out: dict[str, Any] = {name: c.to_dict() for name, c in sorted(self.corpora.items())}
        out["all"] = self.all.to_dict()
        if misses:
            out["misses"] = [
                {"article": a, "gold": g, "found": f}
                for c in self.corpora.values()
                for a, g, f in c.misses[:misses]
            ]
        return out


def score_article(gold: GoldPlaces, places: Iterable[Place], scores: CorpusScores) -> None:
    """Add one article's found ``places`` to ``scores``."""
    found = list(places)
    scores.articles += 1
    scores.gold += len(gold.toponyms)
    scores.found += len(found)
    pairs = []
    for gi, g in enumerate(gold.toponyms):
        for pi, p in enumerate(found):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                pairs.append((overlap, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_gold: set[int] = set()
    used_found: set[int] = set()
    for _overlap, gi, pi in pairs:
        if gi in used_gold or pi in used_found:
            continue
        used_gold.add(gi)
        used_found.add(pi)
        g, p = gold.toponyms[gi], found[pi]
        scores.matched += 1
        scores.exact += (g.start, g.end) == (p.start, p.end)
        error = error_km(p, g)
        scores.errors.append(error)
        if g.country:
            scores.with_country += 1
            scores.country_right += p.country is not None and iso2(p.country) == g.country
        if error > NEAR_KM:
            scores.misses.append(
                (gold.id, g.text, f"{p.name} ({p.country}, {p.kind}, {p.rule}) {error:.0f} km")
            )
    for pi, p in enumerate(found):
        if pi in used_found:
            continue
        if any(min(e, p.end) - max(s, p.start) > 0 for s, e in gold.neutral):
            scores.neutral += 1
    for gi, g in enumerate(gold.toponyms):
        if gi not in used_gold:
            scores.misses.append((gold.id, g.text, "not found"))


def evaluate_places(
    gold: list[GoldPlaces], extractor: _Extracts, advance: Callable[[int], None] | None = None
) -> PlaceScores:
    """Code every gold article with ``extractor`` and score its places, by corpus."""
    scores = PlaceScores()
    articles = (Article(g.text, parse_published(g.published), g.source, g.url, g.title, g.id) for g in gold)
    for g, document in zip(gold, extractor.pipe(articles), strict=True):
        score_article(g, document.places, scores.corpora.setdefault(g.corpus, CorpusScores()))
        if advance is not None:
            advance(1)
    return scores
