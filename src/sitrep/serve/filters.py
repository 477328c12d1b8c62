"""What a request asks for: :class:`Filters` parsed from query parameters, and the SQL they become.

Every filter of the API and the web UI is a query parameter (docs/api.md): ``since``/``until`` (event
dates, ``YYYY-MM-DD``, inclusive), ``root`` (CAMEO root), ``plover`` (PLOVER type), ``quad`` (QuadClass),
``country`` (either side's ISO3), ``source_country``, ``target_country``, ``actor`` (either side's actor
code), ``outlet``, ``modality``, ``attribution`` (``outlet`` or ``speaker``), ``min_confidence``, ``q``
(text search) and ``story``. A parameter may repeat or hold comma-separated values; the values of one
parameter combine with OR, parameters with AND. Values only ever reach SQL as bound parameters.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from sitrep.errors import SitrepError
from sitrep.records import MODALITIES
from sitrep.store import schema

MAX_VALUES = 100
"""Most values one filter parameter may hold."""

MAX_TEXT = 200
"""Longest text search (characters)."""


class FilterError(SitrepError):
    """A query parameter that cannot be used (HTTP 422 with the parameter's name)."""

    exit_code = 2

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.reason = message
        super().__init__(f"{parameter}: {message}")


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO3 = re.compile(r"[A-Z]{3}")
_ROOT = re.compile(r"\d{2}")
_CODE = re.compile(r"[A-Za-z0-9_.:-]{1,32}")
_PLOVER = re.compile(r"[A-Z_]{2,32}")
ATTRIBUTIONS = ("outlet", "speaker")


@dataclass(frozen=True, slots=True)
class Filters:
    """Which events (and, where they apply, articles, quotes and framing cues) a request is about."""

    since: dt.date | None = None
    until: dt.date | None = None
    root: tuple[str, ...] = field(default=())
    plover: tuple[str, ...] = field(default=())
    quad: tuple[int, ...] = field(default=())
    country: tuple[str, ...] = field(default=())
    source_country: tuple[str, ...] = field(default=())
    target_country: tuple[str, ...] = field(default=())
    actor: tuple[str, ...] = field(default=())
    outlet: tuple[str, ...] = field(default=())
    modality: tuple[str, ...] = field(default=())
    attribution: tuple[str, ...] = field(default=())
    min_confidence: float | None = None
    q: str | None = None
    story: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The filters that are set, as the API echoes them (``meta.filters``)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None or value == ():
                continue
            out[f.name] = value.isoformat() if isinstance(value, dt.date) else value
            if isinstance(value, tuple):
                out[f.name] = list(value)
        return out

    def query_pairs(self) -> list[tuple[str, str]]:
        """The filters as query parameters again (for links: next page, export, the JSON twin)."""
        pairs: list[tuple[str, str]] = []
        for name, value in self.to_dict().items():
            if isinstance(value, list):
                pairs += [(name, str(v)) for v in value]
            else:
                pairs.append((name, str(value)))
        return pairs

    def without(self, *names: str) -> Filters:
        """These filters less the named ones (a facet counts its own dimension without its own filter)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in names:
            values[name] = None if name in ("since", "until", "min_confidence", "q", "story") else ()
        return Filters(**values)

    @property
    def fields_set(self) -> frozenset[str]:
        return frozenset(self.to_dict())


FILTER_NAMES = tuple(f.name for f in fields(Filters))


def parse_filters(params: Mapping[str, Sequence[str]]) -> Filters:
    """:class:`Filters` from query parameters (each name → its values, in order). Raises
    :class:`FilterError` naming the first parameter that cannot be used."""

    def values(name: str) -> list[str]:
        found = [v.strip() for raw in params.get(name, ()) for v in raw.split(",") if v.strip()]
        if len(found) > MAX_VALUES:
            raise FilterError(name, f"at most {MAX_VALUES} values")
        return found

    def one(name: str) -> str | None:
        found = [v.strip() for v in params.get(name, ()) if v.strip()]
        if len(found) > 1:
            raise FilterError(name, "give it once")
        return found[0] if found else None

    def checked(name: str, pattern: re.Pattern[str], what: str, *, upper: bool = False) -> tuple[str, ...]:
        out = []
        for value in values(name):
            value = value.upper() if upper else value
            if not pattern.fullmatch(value):
                raise FilterError(name, f"{_shown(value)} is not {what}")
            out.append(value)
        return tuple(dict.fromkeys(out))

    def date(name: str) -> dt.date | None:
        value = one(name)
        if value is None:
            return None
        if not _DATE.fullmatch(value):
            raise FilterError(name, f"{_shown(value)} is not a date (YYYY-MM-DD)")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise FilterError(name, f"{_shown(value)} is not a date (YYYY-MM-DD)") from None

    since, until = date("since"), date("until")
    if since and until and since > until:
        raise FilterError("until", "is before since")
    quad = []
    for value in values("quad"):
        if value not in {"1", "2", "3", "4"}:
            raise FilterError("quad", f"{_shown(value)} is not a QuadClass (1–4)")
        quad.append(int(value))
    modality = checked("modality", re.compile("|".join(MODALITIES)), f"one of {', '.join(MODALITIES)}")
    attribution = checked("attribution", re.compile("outlet|speaker"), "outlet or speaker")
    outlets = values("outlet")
    for value in outlets:
        if len(value) > MAX_TEXT:
            raise FilterError("outlet", f"longer than {MAX_TEXT} characters")
    confidence: float | None = None
    raw = one("min_confidence")
    if raw is not None:
        try:
            confidence = float(raw)
        except ValueError:
            raise FilterError("min_confidence", f"{_shown(raw)} is not a number") from None
        if not math.isfinite(confidence) or not 0.0 <= confidence <= 1.0:
            raise FilterError("min_confidence", "must be between 0 and 1")
    q = one("q")
    if q is not None and len(q) > MAX_TEXT:
        raise FilterError("q", f"longer than {MAX_TEXT} characters")
    story: int | None = None
    raw = one("story")
    if raw is not None:
        if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
            raise FilterError("story", f"{_shown(raw)} is not a story id")
        story = int(raw)
    return Filters(
        since=since,
        until=until,
        root=checked("root", _ROOT, "a two-digit CAMEO root"),
        plover=checked("plover", _PLOVER, "a PLOVER type", upper=True),
        quad=tuple(dict.fromkeys(quad)),
        country=checked("country", _ISO3, "an ISO3 country code", upper=True),
        source_country=checked("source_country", _ISO3, "an ISO3 country code", upper=True),
        target_country=checked("target_country", _ISO3, "an ISO3 country code", upper=True),
        actor=checked("actor", _CODE, "an actor code"),
        outlet=tuple(dict.fromkeys(outlets)),
        modality=modality,
        attribution=attribution,
        min_confidence=confidence,
        q=q,
        story=story,
    )


def _shown(value: str) -> str:
    return repr(value[:40] + ("…" if len(value) > 40 else ""))


def like_pattern(text: str) -> str:
    """``text`` as a ``LIKE … ESCAPE '\\'`` pattern matching it anywhere (its own ``%`` and ``_`` literal)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def text_search(q: str, *columns: Any) -> ColumnElement[bool]:
    """``q`` anywhere in any of ``columns``, ignoring case; ``%``, ``_`` and ``\\`` match themselves."""
    pattern = like_pattern(q)
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


def event_conditions(f: Filters) -> list[ColumnElement[bool]]:
    """The filters as conditions on ``events`` joined with ``articles``."""
    e, a = schema.events, schema.articles
    where: list[ColumnElement[bool]] = []
    if f.since is not None:
        where.append(e.c.date >= f.since)
    if f.until is not None:
        where.append(e.c.date <= f.until)
    if f.root:
        where.append(e.c.cameo_root.in_(f.root))
    if f.plover:
        where.append(e.c.plover.in_(f.plover))
    if f.quad:
        where.append(e.c.quad_class.in_(f.quad))
    if f.country:
        where.append(or_(e.c.source_country.in_(f.country), e.c.target_country.in_(f.country)))
    if f.source_country:
        where.append(e.c.source_country.in_(f.source_country))
    if f.target_country:
        where.append(e.c.target_country.in_(f.target_country))
    if f.actor:
        where.append(or_(e.c.source_code.in_(f.actor), e.c.target_code.in_(f.actor)))
    if f.outlet:
        where.append(outlet_condition(f.outlet))
    if f.modality:
        where.append(e.c.modality.in_(f.modality))
    if f.attribution:
        where.append(e.c.attribution.in_(f.attribution))
    if f.min_confidence is not None:
        where.append(e.c.confidence >= f.min_confidence)
    if f.q:
        where.append(
            text_search(
                f.q,
                e.c.trigger_text,
                e.c.source_text,
                e.c.target_text,
                e.c.source_name,
                e.c.target_name,
                e.c.cameo_name,
                a.c.title,
            )
        )
    if f.story is not None:
        where.append(in_story(e.c.article_id, f.story))
    return where


def outlet_condition(outlets: Iterable[str]) -> ColumnElement[bool]:
    """Articles of these outlets (exact names, ignoring case; ``(unknown)`` for articles with none)."""
    a = schema.articles
    names = [o.lower() for o in outlets]
    condition: ColumnElement[bool] = func.lower(a.c.source).in_(names)
    if "(unknown)" in names:
        condition = or_(condition, a.c.source.is_(None))
    return condition


def in_story(article_id: Any, story: int) -> ColumnElement[bool]:
    m = schema.story_articles
    return exists(select(m.c.article_id).where(and_(m.c.article_id == article_id, m.c.story_id == story)))


def article_conditions(f: Filters) -> list[ColumnElement[bool]]:
    """The filters that apply to articles themselves: publication dates, outlet, title/URL search, story;
    event filters keep the articles with at least one such event."""
    a, e = schema.articles, schema.events
    where: list[ColumnElement[bool]] = []
    if f.since is not None:
        where.append(a.c.published >= f.since)
    if f.until is not None:
        where.append(a.c.published <= f.until)
    if f.outlet:
        where.append(outlet_condition(f.outlet))
    if f.q:
        where.append(text_search(f.q, a.c.title, a.c.url))
    if f.story is not None:
        where.append(in_story(a.c.id, f.story))
    event_only = f.without("since", "until", "outlet", "q", "story")
    if event_only.fields_set:
        inner = select(e.c.article_id).where(e.c.article_id == a.c.id)
        for condition in event_conditions(event_only):
            inner = inner.where(condition)
        where.append(exists(inner))
    return where
