"""GDELT 2.0 exports: the event table (61 columns) and the mentions table (16 columns), tab-separated.

sitrep stores one row per event *mention* (an event found in one sentence of one article). GDELT's event
table has one row per event, with counts of the reports: stored events with the same date, Actor1Code,
Actor2Code, EventCode and ActionGeo country are one GDELT event. Its ``GLOBALEVENTID`` is derived from that
key (the first 15 hex digits of its SHA-256), so exporting the same events again gives the same ids. The
mentions table has one row per stored event, carrying the id of the GDELT event it belongs to.

Fields sitrep cannot fill are left empty, never invented: ``AvgTone`` (sitrep measures no tone), known
group, ethnic and religion codes. ``ActionGeo_*`` is the event's location (:mod:`sitrep.places.locate`):
type 1 for a country, 2/3 for a US state/city, 5/4 for a division/city elsewhere, FIPS 10-4 country and
ADM1 codes, the GeoNames id as the feature id; ``ActionGeo_Type`` is 0 when the text does not say where.
Actor geography is the actor's country, at country level, with GDELT's FIPS 10-4 codes. See docs/export.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO
from urllib.parse import urlsplit

from sitrep.export.countries import Country, default_countries

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR),
    *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO),
    *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO),
    "DATEADDED",
    "SOURCEURL",
)
"""The GDELT 2.0 event table's columns, in GDELT's order."""
assert len(EVENT_COLUMNS) == 61

MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)
"""The GDELT 2.0 mentions table's columns, in GDELT's order."""
assert len(MENTION_COLUMNS) == 16

GEO_COUNTRY = 1
"""GDELT's ``*Geo_Type`` for a match at country level (0 means no place)."""
MENTION_WEB = 1
"""GDELT's ``MentionType`` for a web article."""

Key = tuple[str, str, str, str, str]
"""A GDELT event's identity: (date YYYYMMDD, Actor1Code, Actor2Code, EventCode, ActionGeo country)."""


# -- small helpers ---------------------------------------------------------------------------------------


def host(url: str | None) -> str:
    """The host of ``url`` without ``www.`` (``""`` when there is none)."""
    if not url:
        return ""
    try:
        name = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return name.removeprefix("www.")


def outlet(row: Mapping[str, Any]) -> str:
    """Who published the article: its outlet, else its URL's host, else ``""``."""
    return str(row["outlet"] or "") or host(row["url"])


def number(value: float | int | None) -> str:
    """A number as GDELT writes it: no exponent, no trailing zeros (``2.8``, ``-10``, ``0``)."""
    if value is None:
        return ""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def timestamp(value: dt.datetime | dt.date) -> str:
    """``YYYYMMDDHHMMSS`` in UTC; a date is taken at 00:00:00, a naive time as UTC (SQLite stores UTC)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.strftime("%Y%m%d%H%M%S")
    return value.strftime("%Y%m%d") + "000000"


def fraction_date(day: dt.date) -> str:
    """GDELT's FractionDate: the year plus day-of-year / 365, four decimals (capped at .9999 so that the
    last day of a year does not read as the next year)."""
    part = min(day.timetuple().tm_yday / 365, 0.9999)
    return f"{day.year + part:.4f}"


def event_key(row: Mapping[str, Any], action_country: str = "") -> Key:
    """The key that merges stored events into one GDELT event."""
    date: dt.date = row["date"]
    return (
        date.strftime("%Y%m%d"),
        str(row["source_code"] or ""),
        str(row["target_code"] or ""),
        str(row["cameo"]),
        action_country or str(row.get("location_fips") or ""),
    )


def row_key(row: Mapping[str, Any], merged: Mapping[tuple[str, str], str] | None = None) -> Key:
    """The key of a stored event: its merged event's id where merging gave it one (the reports of one real
    event across a story's articles, :mod:`sitrep.export.merged`), else :func:`event_key`."""
    if merged:
        found = merged.get((str(row["article_id"]), str(row["event_id"])))
        if found is not None:
            return ("merged", found, "", "", "")
    return event_key(row)


def global_event_id(key: Key) -> int:
    """A stable GLOBALEVENTID for a key: the first 15 hex digits of its SHA-256 (fits a signed 64-bit int)."""
    digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()
    return int(digest[:15], 16)


def clean_field(value: object) -> str:
    """A field for a tab-separated line: tabs and line breaks become spaces."""
    text = "" if value is None else str(value)
    if any(c in text for c in "\t\r\n\v\f\x85\u2028\u2029"):
        text = " ".join(text.replace("\t", " ").splitlines())
    return text


def tsv_writer(out: TextIO) -> Any:
    """A csv writer for GDELT files: tabs, ``\\n``, no quoting (fields are cleaned with spaces instead)."""
    return csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None)


# -- the event table -------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """The stored mentions of one GDELT event, as they are read."""

    key: Key
    first: Mapping[str, Any]
    mentions: int = 0
    articles: set[str] = field(default_factory=set)
    outlets: set[str] = field(default_factory=set)
    root: bool = False
    added: dt.datetime | None = None
    source_row: Mapping[str, Any] | None = None
    names: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)

    def add(self, row: Mapping[str, Any]) -> None:
        self.mentions += 1
        self.articles.add(str(row["article_id"]))
        self.outlets.add(outlet(row) or str(row["origin"] or row["article_id"]))
        self.root = self.root or row["sentence"] == 0
        added = _utc(row["ingested_at"])
        if added is not None and (self.added is None or added > self.added):
            self.added = added
        if self.source_row is None or _report_order(row) < _report_order(self.source_row):
            self.source_row = row
        for side in ("source", "target"):
            for column, found in (("name", self.names), ("text", self.texts), ("sector", self.sectors)):
                value = row[f"{side}_{column}"]
                if value and side not in found:
                    found[side] = str(value)

    def name(self, side: str) -> str:
        """The actor's name in the first mention that names it, else its text in the first mention."""
        return self.names.get(side) or self.texts.get(side) or ""


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _report_order(row: Mapping[str, Any]) -> tuple[dt.date, dt.datetime, str, str]:
    """Which report of an event came first: earliest publication, then ingestion, then article, event."""
    published: dt.date = row["published"] or dt.date.max
    ingested = _utc(row["ingested_at"]) or dt.datetime.max.replace(tzinfo=dt.UTC)
    return published, ingested, str(row["article_id"]), str(row["event_id"])


def _actor(group: _Group, side: str) -> list[str]:
    row = group.first
    code = row[f"{side}_code"]
    if not code:
        return [""] * len(_ACTOR)  # GDELT lists coded actors only
    return [
        code,
        clean_field(group.name(side)).upper(),
        row[f"{side}_country"] or "",
        "",  # KnownGroupCode: sitrep does not code known groups separately
        "",  # EthnicCode
        "",  # Religion1Code
        "",  # Religion2Code
        group.sectors.get(side, ""),
        "",  # Type2Code
        "",  # Type3Code
    ]


def _geo(country: Country | None) -> list[str]:
    if country is None:
        return ["0", "", "", "", "", "", "", ""]
    return [
        str(GEO_COUNTRY),
        country.name,
        country.fips,
        country.fips,  # GDELT puts the country code in ADM1 for a country-level match
        "",
        number(country.lat),
        number(country.lon),
        country.fips,  # and uses it as the feature id
    ]


GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY, GEO_WORLD_STATE = 2, 3, 4, 5
"""GDELT's other ``*Geo_Type`` values."""


def action_geo(row: Mapping[str, Any], countries: Mapping[str, Country]) -> list[str]:
    """The eight ``ActionGeo_*`` fields of a stored event: its location, as GDELT writes places. A country is
    a country-level match (as actors are); a place in no country (the high seas) is left empty, as GDELT
    has no way to write it."""
    precision = row.get("location_precision")
    country = countries.get(str(row.get("location_country") or ""))
    if not precision or country is None:
        return _geo(None)
    if precision == "country":
        return _geo(country)
    fips = str(row.get("location_fips") or country.fips)
    adm1 = str(row.get("location_adm1") or "")
    # FIPS splits Palestine into GZ and WE, which are GeoNames' divisions of it: the code alone says it
    adm1_code = fips + adm1.split(".", 1)[1] if "." in adm1 and fips not in ("GZ", "WE") else fips
    us = fips == "US"
    kind = {
        "city": GEO_US_CITY if us else GEO_WORLD_CITY,
        "adm1": GEO_US_STATE if us else GEO_WORLD_STATE,
    }.get(str(precision), GEO_WORLD_STATE)  # a region or a country's sea: below the country, not a city
    full = ", ".join(part for part in (str(row.get("location_name") or ""), country.name) if part)
    return [
        str(kind),
        full,
        fips,
        adm1_code,
        "",
        number(row.get("location_lat")),
        number(row.get("location_lon")),
        str(row.get("location_geonameid") or adm1_code),
    ]


def event_row(group: _Group, countries: Mapping[str, Country]) -> list[str]:
    """The 61 fields of one merged GDELT event."""
    row = group.first
    date: dt.date = row["date"]
    cameo = str(row["cameo"])
    source = group.source_row or row
    fields = [
        str(global_event_id(group.key)),
        date.strftime("%Y%m%d"),
        date.strftime("%Y%m"),
        str(date.year),
        fraction_date(date),
        *_actor(group, "source"),
        *_actor(group, "target"),
        "1" if group.root else "0",
        cameo,
        cameo[:3],
        cameo[:2],
        str(row["quad_class"]),
        number(row["goldstein"]),
        str(group.mentions),
        str(len(group.outlets)),
        str(len(group.articles)),
        "",  # AvgTone: sitrep measures no tone
        *_geo(countries.get(row["source_country"] or "") if row["source_code"] else None),
        *_geo(countries.get(row["target_country"] or "") if row["target_code"] else None),
        *action_geo(row, countries),
        timestamp(group.added) if group.added else "",
        source["url"] or source["origin"] or "",
    ]
    assert len(fields) == len(EVENT_COLUMNS)
    return [clean_field(f) for f in fields]


def merge_events(
    rows: Iterable[Mapping[str, Any]],
    countries: Mapping[str, Country],
    merged: Mapping[tuple[str, str], str] | None = None,
) -> Iterator[list[str]]:
    """GDELT event rows from stored event rows in date order (as :func:`select_events` gives them).

    Without ``merged``, events merge by day, actor codes and CAMEO code: groups never span dates, so only one
    day's groups are held at a time. With ``merged`` (merged-event ids, :mod:`sitrep.export.merged`), the
    reports of one merged event are one GDELT event whatever their dates, and all groups are held to the end.
    Events come in the order of their first mention.
    """
    day: dt.date | None = None
    groups: dict[Key, _Group] = {}
    for row in rows:
        if row["date"] != day and not merged:
            for group in groups.values():
                yield event_row(group, countries)
            groups = {}
            day = row["date"]
        key = row_key(row, merged)
        if key not in groups:
            groups[key] = _Group(key, row)
        groups[key].add(row)
    for group in groups.values():
        yield event_row(group, countries)


def write_events(
    rows: Iterable[Mapping[str, Any]],
    out: TextIO,
    *,
    header: bool = False,
    countries: Mapping[str, Country] | None = None,
    merged: Mapping[tuple[str, str], str] | None = None,
) -> int:
    """Write the GDELT 2.0 event table for ``rows`` (stored events in date order); return the rows written.
    ``merged``: merged-event ids, so that the reports of one event across articles are one GDELT event.

    GDELT files have no header line; ``header=True`` writes one with :data:`EVENT_COLUMNS`.
    """
    writer = tsv_writer(out)
    if header:
        writer.writerow(EVENT_COLUMNS)
    written = 0
    for fields in merge_events(rows, countries if countries is not None else default_countries(), merged):
        writer.writerow(fields)
        written += 1
    return written


# -- the mentions table ----------------------------------------------------------------------------------


def _offset(value: int | None) -> str:
    return "-1" if value is None else str(value)


def mention_row(row: Mapping[str, Any], merged: Mapping[tuple[str, str], str] | None = None) -> list[str]:
    """The 16 fields of one stored event as a GDELT mention (its GLOBALEVENTID the one its event has in the
    event table written with the same ``merged``)."""
    published: dt.date | None = row["published"]
    ingested: dt.datetime | None = row["ingested_at"]
    mentioned = published or ingested
    confidence = max(0, min(100, round(float(row["confidence"]) * 100)))
    fields = [
        str(global_event_id(row_key(row, merged))),
        timestamp(row["date"]),
        timestamp(mentioned) if mentioned else "",
        str(MENTION_WEB),
        outlet(row),
        row["url"] or row["origin"] or "",
        str(int(row["sentence"]) + 1),  # GDELT counts sentences from 1
        _offset(row["source_start"]),
        _offset(row["target_start"]),
        _offset(row["trigger_start"]),
        "1",  # InRawText: sitrep reads the original text
        str(confidence),
        str(row["chars"]),
        "",  # MentionDocTone: sitrep measures no tone
        "",  # MentionDocTranslationInfo: nothing is translated
        "",  # Extras
    ]
    assert len(fields) == len(MENTION_COLUMNS)
    return [clean_field(f) for f in fields]


def write_mentions(
    rows: Iterable[Mapping[str, Any]],
    out: TextIO,
    *,
    header: bool = False,
    merged: Mapping[tuple[str, str], str] | None = None,
) -> int:
    """Write the GDELT 2.0 mentions table: one line per stored event; return the rows written."""
    writer = tsv_writer(out)
    if header:
        writer.writerow(MENTION_COLUMNS)
    written = 0
    for row in rows:
        writer.writerow(mention_row(row, merged))
        written += 1
    return written
