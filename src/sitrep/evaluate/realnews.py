"""Reading hand-coded news in the ``realnews`` gold format (docs/evaluation.md): a folder of articles, the
events a coder would list, the quotes with their speakers, and the datelines. Every line is checked; a bad one
raises :class:`~sitrep.errors.InputError` with ``file:line``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.article import Article, parse_published
from sitrep.errors import InputError
from sitrep.textio import read_text

ARTICLES = "articles.jsonl"
EVENTS = "gold_events.jsonl"
QUOTES = "gold_quotes.jsonl"
DATELINES = "datelines.jsonl"
LOCATIONS = "gold_event_locations.jsonl"

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldActor:
    """A referent as the annotator accepts it: code prefixes, name fragments, fragments not to count."""

    text: str
    accept: tuple[str, ...]
    hints: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    optional: bool = False
    mentions: tuple[Span, ...] = ()
    """For speakers: the spans of the mentions that govern the quote."""

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(a[:3] for a in self.accept)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    article: str
    start: int
    end: int
    source: GoldActor
    target: GoldActor | None
    cameo: tuple[str, ...]
    roots: tuple[str, ...]
    plover: tuple[str, ...]
    symmetric: bool
    by_code: bool
    anchors: tuple[Span, ...]
    required: bool
    modality: str
    desc: str


@dataclass(frozen=True, slots=True)
class GoldLocation:
    """Where a gold event happened (``gold_event_locations.jsonl``): scored on the country (ISO alpha-3, or
    one of ``accept``), and for precision ``city`` on the point (within 161 km, or the same GeoNames id)."""

    precision: str
    country: str
    accept: tuple[str, ...]
    lat: float | None
    lon: float | None
    geonameid: int | None
    found: str
    """sentence, article or dateline"""


@dataclass(frozen=True, slots=True)
class GoldQuote:
    id: str
    article: str
    kind: str
    start: int
    end: int
    speaker: GoldActor


@dataclass(frozen=True, slots=True)
class GoldSet:
    """A gold folder read and checked: the articles and, by article id, their gold."""

    folder: Path
    articles: tuple[Article, ...]
    events: dict[str, tuple[GoldEvent, ...]]
    quotes: dict[str, tuple[GoldQuote, ...]]
    datelines: dict[str, tuple[Span, ...]]
    locations: dict[str, GoldLocation] = field(default_factory=dict)
    """Gold event id → where it happened; events whose location is null are left out (not scored)."""


def jsonl_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line of a JSON Lines gold file; ``file:line`` errors."""
    for number, line in enumerate(read_text(str(path)).splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{number}: not JSON: {err.msg}") from None
        if not isinstance(item, dict):
            raise InputError(f"{path}:{number}: not a JSON object")
        yield number, item


class _Line:
    """One gold line's fields, with ``file:line`` errors."""

    def __init__(self, path: Path, number: int, item: dict[str, Any]) -> None:
        self.where = f"{path}:{number}"
        self.item = item

    def error(self, message: str) -> InputError:
        return InputError(f"{self.where}: {message}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.item.get(key, default)
        if not isinstance(value, str):
            raise self.error(f"'{key}' must be a string")
        return value

    def count(self, key: str) -> int:
        value = self.item.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.error(f"'{key}' must be a non-negative integer")
        return value

    def strings(self, key: str, value: object = None) -> tuple[str, ...]:
        value = self.item.get(key, []) if value is None else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"'{key}' must be a list of strings")
        return tuple(value)

    def spans(self, value: object, key: str) -> tuple[Span, ...]:
        ok = isinstance(value, list) and all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(n, int) for n in v) for v in value
        )
        if not ok:
            raise self.error(f"'{key}' must be a list of [start, end] pairs")
        assert isinstance(value, list)
        return tuple((int(a), int(b)) for a, b in value)

    def actor(self, key: str, *, nullable: bool = False) -> GoldActor | None:
        value = self.item.get(key)
        if value is None and nullable:
            return None
        if not isinstance(value, dict):
            raise self.error(f"'{key}' must be an actor object")
        sub = _Line.__new__(_Line)
        sub.where, sub.item = f"{self.where}: {key}", value
        return GoldActor(
            text=sub.text("text", ""),
            accept=tuple(a.upper() for a in sub.strings("accept")),
            hints=tuple(h.lower() for h in sub.strings("hints")),
            exclude=tuple(h.lower() for h in sub.strings("exclude")),
            optional=bool(value.get("optional", False)),
            mentions=sub.spans(value.get("mentions", []), "mentions"),
        )


def _folder_of(path: Path) -> Path:
    if path.is_dir():
        return path
    if path.is_file() and path.name in {ARTICLES, EVENTS, QUOTES, DATELINES}:
        return path.parent
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    raise InputError(f"{path}: give a gold folder (with {ARTICLES} and {EVENTS}) or one of its files")


def read_gold(path: Path) -> GoldSet:
    """Read a gold folder (or any file of one): articles, events, quotes and datelines, checked."""
    folder = _folder_of(path)
    for name in (ARTICLES, EVENTS):
        if not (folder / name).is_file():
            raise InputError(f"{folder}: no {name}: not a realnews gold folder")
    articles: list[Article] = []
    texts: dict[str, str] = {}
    for number, item in jsonl_lines(folder / ARTICLES):
        line = _Line(folder / ARTICLES, number, item)
        ident, text = line.text("id"), line.text("text")
        if ident in texts:
            raise line.error(f"article id {ident!r} is repeated")
        published = item.get("published")
        articles.append(
            Article(
                text,
                parse_published(published if isinstance(published, str) else None),
                item.get("source") if isinstance(item.get("source"), str) else None,
                item.get("url") if isinstance(item.get("url"), str) else None,
                item.get("title") if isinstance(item.get("title"), str) else None,
                ident,
            )
        )
        texts[ident] = text

    def located(line: _Line) -> tuple[str, int, int]:
        article = line.text("article")
        if article not in texts:
            raise line.error(f"article {article!r} is not in {ARTICLES}")
        start, end = line.count("start"), line.count("end")
        if not start <= end <= len(texts[article]):
            raise line.error(f"span [{start}, {end}) lies outside the article")
        return article, start, end

    events: dict[str, list[GoldEvent]] = {}
    for number, item in jsonl_lines(folder / EVENTS):
        line = _Line(folder / EVENTS, number, item)
        article, start, end = located(line)
        cameo = line.strings("cameo")
        if not cameo:
            raise line.error("'cameo' must list at least one code")
        source = line.actor("source")
        assert source is not None
        events.setdefault(article, []).append(
            GoldEvent(
                id=line.text("id"),
                article=article,
                start=start,
                end=end,
                source=source,
                target=line.actor("target", nullable=True),
                cameo=cameo,
                roots=line.strings("roots") or tuple(sorted({c[:2] for c in cameo})),
                plover=line.strings("plover"),
                symmetric=bool(item.get("symmetric", False)),
                by_code=item.get("type_by") == "code",
                anchors=line.spans(item.get("anchor", []), "anchor"),
                required=item.get("recall", True) is not False,
                modality=line.text("modality", "asserted"),
                desc=line.text("desc", ""),
            )
        )
    quotes: dict[str, list[GoldQuote]] = {}
    if (folder / QUOTES).is_file():
        for number, item in jsonl_lines(folder / QUOTES):
            line = _Line(folder / QUOTES, number, item)
            article, start, end = located(line)
            speaker = line.actor("speaker")
            assert speaker is not None
            quotes.setdefault(article, []).append(
                GoldQuote(line.text("id"), article, line.text("kind", "direct"), start, end, speaker)
            )
    datelines: dict[str, list[Span]] = {}
    if (folder / DATELINES).is_file():
        for number, item in jsonl_lines(folder / DATELINES):
            line = _Line(folder / DATELINES, number, item)
            article, start, end = located(line)
            datelines.setdefault(article, []).append((start, end))
    locations: dict[str, GoldLocation] = {}
    if (folder / LOCATIONS).is_file():
        for number, item in jsonl_lines(folder / LOCATIONS):
            where = item.get("location")
            if not isinstance(where, dict):
                continue
            try:
                geonameid = where.get("geonameid")
                locations[str(item["id"])] = GoldLocation(
                    str(where["precision"]),
                    str(where.get("country") or ""),
                    tuple(str(c) for c in item.get("accept_countries") or ()),
                    None if where.get("lat") is None else float(where["lat"]),
                    None if where.get("lon") is None else float(where["lon"]),
                    int(geonameid) if geonameid else None,
                    str(where.get("from") or "sentence"),
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(f"{folder / LOCATIONS}:{number}: a location needs id and precision") from exc
    if not articles:
        raise InputError(f"{folder / ARTICLES}: no articles")
    return GoldSet(
        folder,
        tuple(articles),
        {k: tuple(v) for k, v in events.items()},
        {k: tuple(v) for k, v in quotes.items()},
        {k: tuple(v) for k, v in datelines.items()},
        locations,
    )
