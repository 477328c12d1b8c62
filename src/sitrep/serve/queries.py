"""The query functions behind every API route and web page (one set: a page and its JSON twin read the same).

Lists are keyset-paginated in a stable order — events and articles newest first, then by id — so a page
never repeats or skips a row however the database grows meanwhile: a page's ``next`` cursor holds the sort
key of its last row. There is no hard cap: :func:`stream_events` walks every matching event for the
export endpoints.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import itertools
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, Select, String, desc, func, or_, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from sitrep.serve.filters import FilterError, Filters, article_conditions, event_conditions, text_search
from sitrep.store import schema

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000

e, a = schema.events, schema.articles

_ARTICLE_LABELS: dict[str, Any] = {
    "external_id": a.c.external_id,
    "outlet": a.c.source,
    "url": a.c.url,
    "published": a.c.published,
    "title": a.c.title,
}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list: its rows (JSON-ready dicts) and the cursor of the next page, if any."""

    rows: list[dict[str, Any]]
    next: str | None
    limit: int


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _row(mapping: Any) -> dict[str, Any]:
    return {key: jsonable(value) for key, value in mapping.items()}


# -- cursors ----------------------------------------------------------------------------------------------


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps([jsonable(k) for k in key], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, kinds: Sequence[type]) -> list[Any] | None:
    """The sort key a cursor holds, checked against ``kinds`` (``dt.date`` values may be ``None``)."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise FilterError("cursor", "not a cursor this server gave") from None
    if not isinstance(key, list) or len(key) != len(kinds):
        raise FilterError("cursor", "not a cursor this server gave")
    out: list[Any] = []
    for value, kind in zip(key, kinds, strict=True):
        if kind is dt.date:
            try:
                out.append(None if value is None else dt.date.fromisoformat(value))
            except (TypeError, ValueError):
                raise FilterError("cursor", "not a cursor this server gave") from None
        elif not isinstance(value, kind) or isinstance(value, bool):
            raise FilterError("cursor", "not a cursor this server gave")
        else:
            out.append(value)
    return out


def check_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise FilterError("limit", f"must be between 1 and {MAX_LIMIT}")
    return limit


# -- events -----------------------------------------------------------------------------------------------


def _events_select(f: Filters, *extra: ColumnElement[bool]) -> Select[Any]:
    query = select(*e.c, *(column.label(label) for label, column in _ARTICLE_LABELS.items())).select_from(
        e.join(a, e.c.article_id == a.c.id)
    )
    for condition in [*event_conditions(f), *extra]:
        query = query.where(condition)
    return query


_EVENT_KEY = (e.c.date, e.c.article_id, e.c.event_id)


def _branches(f: Filters) -> list[tuple[Filters, list[ColumnElement[bool]]]]:
    """``f`` as filters without either-side conditions, each with the side conditions of one branch.

    ``country`` and ``actor`` match an event on either side — an OR that no index reads in page order. Each
    is split into "the source matches" and "the target matches and the source does not"; the branches are
    disjoint, each is read in page order from its own index, and their pages merge into the page of ``f``.
    """
    sides: list[list[list[ColumnElement[bool]]]] = []
    for values, source, target in ((f.country, e.c.source_country, e.c.target_country),
                                   (f.actor, e.c.source_code, e.c.target_code)):  # fmt: skip
        if values:
            sides.append(
                [[source.in_(values)], [target.in_(values), or_(source.is_(None), source.not_in(values))]]
            )
    if not sides:
        return [(f, [])]
    plain = replace(f, country=(), actor=())
    return [(plain, [c for part in combination for c in part]) for combination in itertools.product(*sides)]


def events_page(conn: Connection, f: Filters, *, cursor: str | None = None, limit: int | None = None) -> Page:
    """Events matching ``f``, newest first (date, then article and event id, descending)."""
    limit = check_limit(limit)
    key = decode_cursor(cursor, (dt.date, str, str))
    rows: list[dict[str, Any]] = []
    for plain, extra in _branches(f):
        query = _events_select(plain, *extra)
        if key is not None:
            query = query.where(tuple_(*_EVENT_KEY) < tuple_(*key))
        query = query.order_by(*(desc(c) for c in _EVENT_KEY)).limit(limit + 1)
        rows += [_row(r._mapping) for r in conn.execute(query)]
    rows.sort(key=lambda r: (r["date"], r["article_id"], r["event_id"]), reverse=True)
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    following = encode_cursor((last["date"], last["article_id"], last["event_id"])) if more and last else None
    return Page(rows, following, limit)


def stream_events(conn: Connection, f: Filters, *, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every event matching ``f``, in the order of :func:`events_page`, read ``batch`` rows at a time."""
    cursor: str | None = None
    while True:
        page = events_page(conn, f, cursor=cursor, limit=batch)
        yield from page.rows
        if page.next is None:
            return
        cursor = page.next


def count_events(conn: Connection, f: Filters) -> int:
    query = select(func.count()).select_from(e.join(a, e.c.article_id == a.c.id))
    for condition in event_conditions(f):
        query = query.where(condition)
    return int(conn.execute(query).scalar() or 0)


# -- articles ---------------------------------------------------------------------------------------------

_NO_DATE = dt.date(1, 1, 1)
_ARTICLE_LIST = (
    a.c.id,
    a.c.external_id,
    a.c.title,
    a.c.source.label("outlet"),
    a.c.url,
    a.c.published,
    a.c.language,
    a.c.status,
    a.c.reason,
    a.c.chars,
    a.c.n_events,
    a.c.n_quotes,
    a.c.n_framing,
    a.c.ingested_at,
)


def _keyset(
    conn: Connection,
    query: Select[Any],
    order: Sequence[Any],
    names: Sequence[str],
    kinds: Sequence[type],
    cursor: str | None,
    limit: int,
) -> Page:
    """The rows of ``query`` in descending ``order`` after ``cursor``; the next cursor holds the last row's
    ``names`` (a date first: undated rows sort as the year 1)."""
    key = decode_cursor(cursor, kinds)
    if key is not None:
        query = query.where(tuple_(*order) < tuple_(key[0] or _NO_DATE, *key[1:]))
    query = query.order_by(*(desc(c) for c in order)).limit(limit + 1)
    rows = [_row(r._mapping) for r in conn.execute(query)]
    more = len(rows) > limit
    rows = rows[:limit]
    following = encode_cursor(tuple(rows[-1][n] for n in names)) if more and rows else None
    return Page(rows, following, limit)


def articles_page(
    conn: Connection, f: Filters, *, cursor: str | None = None, limit: int | None = None
) -> Page:
    """Articles matching ``f``, newest publication first (undated last), then by id descending."""
    limit = check_limit(limit)
    published = func.coalesce(a.c.published, _NO_DATE)
    query = select(*_ARTICLE_LIST, published.label("_sort"))
    for condition in article_conditions(f):
        query = query.where(condition)
    page = _keyset(conn, query, (published, a.c.id), ("_sort", "id"), (dt.date, str), cursor, limit)
    for row in page.rows:
        row.pop("_sort", None)
    return page


def article(conn: Connection, article_id: str) -> dict[str, Any] | None:
    """One stored article with its text, events, actors, quotes, framing cues and story, or ``None``.

    ``article_id`` is sitrep's id (the hash of the text) or the id the article had in its JSONL/CSV record
    (``external_id``; the first stored, if several records shared it)."""
    columns = (*_ARTICLE_LIST, a.c.text, a.c.origin, a.c.notes)
    found = conn.execute(select(*columns).where(a.c.id == article_id)).first()
    if found is None:
        found = conn.execute(
            select(*columns).where(a.c.external_id == article_id).order_by(a.c.ingested_at, a.c.id).limit(1)
        ).first()
    if found is None:
        return None
    out = _row(found._mapping)
    article_id = out["id"]
    out["notes"] = json.loads(out["notes"]) if out.get("notes") else []

    def children(table: Any, order: Any) -> list[dict[str, Any]]:
        rows = conn.execute(select(table).where(table.c.article_id == article_id).order_by(*order))
        return [{k: v for k, v in _row(r._mapping).items() if k != "article_id"} for r in rows]

    out["events"] = children(e, (e.c.trigger_start, e.c.event_id))
    out["actors"] = children(schema.actors, (schema.actors.c.char_start,))
    out["quotes"] = children(schema.quotes, (schema.quotes.c.char_start,))
    out["framing"] = children(schema.framing, (schema.framing.c.cue_index,))
    m = schema.story_articles
    story = conn.execute(select(m.c.story_id).where(m.c.article_id == article_id)).scalar()
    out["story"] = int(story) if story is not None else None
    return out


# -- quotes and framing -----------------------------------------------------------------------------------


def _child_page(
    conn: Connection,
    table: Any,
    key_column: Any,
    key_kind: type,
    f: Filters,
    extra: list[Any],
    cursor: str | None,
    limit: int | None,
) -> Page:
    limit = check_limit(limit)
    query = select(table, a.c.source.label("outlet"), a.c.title, a.c.published, a.c.url).select_from(
        table.join(a, table.c.article_id == a.c.id)
    )
    for condition in [*article_conditions(f.without("q")), *extra]:
        query = query.where(condition)
    published = func.coalesce(a.c.published, _NO_DATE)
    order = (published, table.c.article_id, key_column)
    names = ("published", "article_id", key_column.name)
    return _keyset(conn, query, order, names, (dt.date, str, key_kind), cursor, limit)


def quotes_page(conn: Connection, f: Filters, *, cursor: str | None = None, limit: int | None = None) -> Page:
    """Quotes of the articles matching ``f`` (``q`` searches the quote and its speaker)."""
    q = schema.quotes
    extra: list[Any] = []
    if f.q:
        extra.append(text_search(f.q, q.c.text, q.c.speaker_text))
    if f.actor:
        extra.append(q.c.speaker_code.in_(f.actor))
    if f.country:
        extra.append(q.c.speaker_country.in_(f.country))
    return _child_page(conn, q, q.c.quote_id, str, f, extra, cursor, limit)


def framing_page(
    conn: Connection, f: Filters, *, cursor: str | None = None, limit: int | None = None
) -> Page:
    """Framing cues of the articles matching ``f`` (``q`` searches the cue's words and term)."""
    fr = schema.framing
    extra: list[Any] = []
    if f.q:
        extra.append(text_search(f.q, fr.c.text, fr.c.term))
    return _child_page(conn, fr, fr.c.cue_index, int, f, extra, cursor, limit)


# -- actors -----------------------------------------------------------------------------------------------


def actors_list(conn: Connection, f: Filters, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Coded actors of the events matching ``f`` by how many events they take part in (either side)."""
    limit = check_limit(limit)
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    countries: dict[str, str | None] = {}
    for side in ("source", "target"):
        code, name, country = e.c[f"{side}_code"], e.c[f"{side}_name"], e.c[f"{side}_country"]
        query = (
            select(code, func.max(name), func.max(country), func.count())
            .select_from(e.join(a, e.c.article_id == a.c.id))
            .where(code.is_not(None))
            .group_by(code)
        )
        for condition in event_conditions(f):
            query = query.where(condition)
        for row in conn.execute(query):
            counts[row[0]] += int(row[3])
            if row[1]:
                names.setdefault(row[0], row[1])
            countries.setdefault(row[0], row[2])
    both = (  # an event with the code on both sides counts once
        select(e.c.source_code, func.count())
        .select_from(e.join(a, e.c.article_id == a.c.id))
        .where(e.c.source_code == e.c.target_code)
        .group_by(e.c.source_code)
    )
    for condition in event_conditions(f):
        both = both.where(condition)
    for row in conn.execute(both):
        counts[row[0]] -= int(row[1])
    return [
        {"code": code, "name": names.get(code), "country": countries.get(code), "events": n}
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    ]


def actor(conn: Connection, code: str, f: Filters, *, top: int = 30) -> dict[str, Any] | None:
    """One actor code: its names, events by month and role, and its counterparts (the network)."""
    scoped = replace(f, actor=(code,))
    total = count_events(conn, scoped)
    if total == 0:
        return None
    month = func.substr(func.cast(e.c.date, String), 1, 7)
    series: list[dict[str, Any]] = []
    counterparts: Counter[tuple[str, str]] = Counter()
    names: Counter[str] = Counter()
    tone: dict[str, list[float]] = {}
    for side, other in (("source", "target"), ("target", "source")):
        base = select().select_from(e.join(a, e.c.article_id == a.c.id)).where(e.c[f"{side}_code"] == code)
        for condition in event_conditions(f):
            base = base.where(condition)
        for row in conn.execute(
            base.add_columns(month.label("month"), e.c.quad_class, func.count()).group_by(
                month, e.c.quad_class
            )
        ):
            series.append({"month": row.month, "role": side, "quad_class": row.quad_class, "events": row[2]})
        query = (
            base.add_columns(e.c[f"{other}_code"], func.count(), func.avg(e.c.goldstein))
            .where(e.c[f"{other}_code"].is_not(None))
            .group_by(e.c[f"{other}_code"])
        )
        for row in conn.execute(query):
            counterparts[(side, row[0])] += int(row[1])
            tone.setdefault(row[0], []).append(float(row[2]))
        for row in conn.execute(
            base.add_columns(e.c[f"{side}_text"], func.count()).group_by(e.c[f"{side}_text"])
        ):
            names[row[0]] += int(row[1])
    network: dict[str, dict[str, Any]] = {}
    for (side, other_code), n in counterparts.most_common():
        entry = network.setdefault(other_code, {"code": other_code, "as_target": 0, "as_source": 0})
        entry["as_target" if side == "source" else "as_source"] += n
    edges = sorted(network.values(), key=lambda x: -(x["as_target"] + x["as_source"]))[:top]
    for edge in edges:
        values = tone.get(edge["code"], [])
        edge["goldstein"] = round(sum(values) / len(values), 2) if values else None
    return {
        "code": code,
        "events": total,
        "names": [{"text": t, "events": n} for t, n in names.most_common(10)],
        "series": sorted(series, key=lambda s: (s["month"] or "", s["role"], s["quad_class"])),
        "counterparts": edges,
    }


# -- stories ----------------------------------------------------------------------------------------------


def stories_page(
    conn: Connection, f: Filters, *, cursor: str | None = None, limit: int | None = None
) -> Page:
    """Stories, most recently published first, with their outlets (``since``/``until`` bound the stories'
    publication dates, ``outlet`` keeps stories with an article from one of those outlets)."""
    limit = check_limit(limit)
    s, m = schema.stories, schema.story_articles
    last = func.coalesce(s.c.last_published, _NO_DATE)
    query = select(s.c.id, s.c.articles, s.c.first_published, s.c.last_published, last.label("_sort"))
    if f.since is not None:
        query = query.where(s.c.last_published >= f.since)
    if f.until is not None:
        query = query.where(s.c.first_published <= f.until)
    if f.outlet or f.q:
        inner = select(m.c.story_id).select_from(m.join(a, a.c.id == m.c.article_id))
        for condition in article_conditions(Filters(outlet=f.outlet, q=f.q)):
            inner = inner.where(condition)
        query = query.where(s.c.id.in_(inner))
    page = _keyset(conn, query, (last, s.c.id), ("_sort", "id"), (dt.date, int), cursor, limit)
    rows = page.rows
    ids = [r["id"] for r in rows]
    outlets: dict[int, Counter[str]] = {i: Counter() for i in ids}
    titles: dict[int, str] = {}
    if ids:
        members = conn.execute(
            select(m.c.story_id, a.c.source, a.c.title)
            .select_from(m.join(a, a.c.id == m.c.article_id))
            .where(m.c.story_id.in_(ids))
            .order_by(m.c.position)
        )
        for member in members:
            outlets[member.story_id][member.source or "(unknown)"] += 1
            if member.story_id not in titles and member.title:
                titles[member.story_id] = member.title
    for row in rows:
        row.pop("_sort", None)
        row["title"] = titles.get(row["id"])
        row["outlets"] = dict(outlets[row["id"]].most_common())
    return page


# -- facets and timeline (straight from SQL; sitrep.serve.cube answers most of them from memory) -----------

FACETS: dict[str, tuple[Any, ...]] = {
    "root": (e.c.cameo_root,),
    "plover": (e.c.plover,),
    "quad": (e.c.quad_class,),
    "country_pair": (e.c.source_country, e.c.target_country),
    "source_country": (e.c.source_country,),
    "target_country": (e.c.target_country,),
    "actor": (e.c.source_code,),  # counted on both sides: see facet_sql
    "actor_pair": (e.c.source_code, e.c.target_code),
    "outlet": (a.c.source,),
    "modality": (e.c.modality,),
    "attribution": (e.c.attribution,),
    "day": (e.c.date,),
}
"""The dimensions events can be counted by; a facet counts its own dimension with its own filter left out."""

FACET_FILTER = {
    "root": ("root",),
    "plover": ("plover",),
    "quad": ("quad",),
    "country_pair": ("source_country", "target_country"),
    "source_country": ("source_country",),
    "target_country": ("target_country",),
    "actor": ("actor",),
    "actor_pair": (),
    "outlet": ("outlet",),
    "modality": ("modality",),
    "attribution": ("attribution",),
    "day": (),
}


def event_places(conn: Connection, f: Filters, *, top: int) -> list[dict[str, Any]]:
    """Where the events matching ``f`` happened: one row per located place (name, point, country,
    precision) with its number of events, most first, at most ``top``."""
    columns = (
        e.c.location_name,
        e.c.location_lat,
        e.c.location_lon,
        e.c.location_country,
        e.c.location_precision,
    )
    n = func.count().label("events")
    query = select(*columns, n).select_from(e.join(a, e.c.article_id == a.c.id))
    query = query.where(e.c.location_lat.is_not(None))
    for condition in event_conditions(f):
        query = query.where(condition)
    query = query.group_by(*columns).order_by(n.desc(), *columns).limit(top)
    names = ("name", "lat", "lon", "country", "precision", "events")
    return [dict(zip(names, (jsonable(v) for v in row), strict=True)) for row in conn.execute(query)]


def facet_sql(conn: Connection, f: Filters, name: str, *, top: int) -> list[dict[str, Any]]:
    """The counts of one facet for ``f`` (its own filter left out), largest first, at most ``top``."""
    flt = f.without(*FACET_FILTER[name])
    sides = [(e.c.source_code,), (e.c.target_code,)] if name == "actor" else [FACETS[name]]
    counts: Counter[tuple[Any, ...]] = Counter()
    for columns in sides:
        query = select(*columns, func.count()).select_from(e.join(a, e.c.article_id == a.c.id))
        for condition in event_conditions(flt):
            query = query.where(condition)
        for row in conn.execute(query.group_by(*columns)):
            counts[tuple(jsonable(v) for v in row[:-1])] += int(row[-1])
    return facet_rows(name, counts, top)


def facet_rows(name: str, counts: Counter[tuple[Any, ...]], top: int) -> list[dict[str, Any]]:
    if name == "actor":
        counts = Counter({k: n for k, n in counts.items() if k[0] is not None})
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], [str(v) for v in kv[0]]))
    if name == "day":
        ordered = sorted(counts.items(), key=lambda kv: str(kv[0][0]))
    out = []
    for key, n in ordered[:top] if name != "day" else ordered:
        value: Any = list(key) if len(key) > 1 else key[0]
        if name == "outlet" and value is None:
            value = "(unknown)"
        out.append({"value": value, "events": n})
    return out


def timeline_sql(conn: Connection, f: Filters, by: str, interval: str) -> list[dict[str, Any]]:
    """Events per ``interval`` (``day``, ``week`` or ``month``) split by ``by`` (``root``, ``plover``,
    ``quad`` or nothing)."""
    counts: Counter[tuple[str, Any]] = Counter()
    group = FACETS[by][0] if by else None
    columns = [e.c.date] + ([group] if group is not None else [])
    query = select(*columns, func.count()).select_from(e.join(a, e.c.article_id == a.c.id))
    for condition in event_conditions(f):
        query = query.where(condition)
    for row in conn.execute(query.group_by(*columns)):
        day = row[0] if isinstance(row[0], dt.date) else dt.date.fromisoformat(str(row[0]))
        counts[(bucket(day, interval), row[1] if group is not None else None)] += int(row[-1])
    return timeline_rows(counts)


def bucket(day: dt.date, interval: str) -> str:
    if interval == "month":
        return day.strftime("%Y-%m-01")
    if interval == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.isoformat()


def timeline_rows(counts: Counter[tuple[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"period": period, "group": group, "events": n}
        for (period, group), n in sorted(counts.items(), key=lambda kv: (kv[0][0], str(kv[0][1])))
    ]


def totals(conn: Connection) -> dict[str, Any]:
    """What the database holds: counts, first and last event dates."""
    first, last, n = conn.execute(
        select(func.min(e.c.date), func.max(e.c.date), func.count()).select_from(e)
    ).one()
    return {
        "events": int(n),
        "articles": int(conn.execute(select(func.count()).select_from(a)).scalar() or 0),
        "stories": int(conn.execute(select(func.count()).select_from(schema.stories)).scalar() or 0),
        "first_event": jsonable(first),
        "last_event": jsonable(last),
    }


def outlets(conn: Connection) -> list[str]:
    return [
        r[0] or "(unknown)"
        for r in conn.execute(select(a.c.source).group_by(a.c.source).order_by(a.c.source))
    ]
