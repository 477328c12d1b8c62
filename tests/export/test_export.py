"""``sitrep.export``: every format written from a store (SQLite and PostgreSQL) and read back.

The articles are invented for these tests. The Kharkiv shelling is reported by two outlets, so its GDELT
row merges two mentions; "Japan commented" (CAMEO 010) and "Turkey appealed" (0256) have no PLOVER type;
"Russia did not attack" is negated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from support import assert_bad_entry_reported

from sitrep.actors.dictionary import default_dictionary
from sitrep.article import Article
from sitrep.errors import ConfigError
from sitrep.export import (
    EVENT_COLUMNS,
    FORMATS,
    MENTION_COLUMNS,
    TABLE_COLUMNS,
    ExportFilter,
    default_countries,
    export,
    load_countries,
)
from sitrep.export.gdelt import clean_field, fraction_date, global_event_id, number, tsv_writer
from sitrep.pipeline import Extractor
from sitrep.records import Document, Event
from sitrep.schema import validate_document
from sitrep.store import Coded, NotCoded, Store

DATA = Path(str(resources.files("sitrep.export") / "data"))

ARTICLES = [
    Article(
        "Russian forces shelled the Ukrainian city of Kharkiv on Monday, Ukraine's defence ministry said. "
        "Officials reported damage to homes.",
        published=dt.date(2024, 3, 5),
        source="Outlet A",
        url="https://a.example/1",
        title="Kharkiv shelled",
    ),
    Article(
        "Russian forces shelled the Ukrainian city of Kharkiv on Monday. Ukraine's president Volodymyr "
        "Zelensky met Polish President Andrzej Duda in Warsaw on Tuesday.",
        published=dt.date(2024, 3, 6),
        source="Outlet B",
        url="https://b.example/news/2",
        title="Zelensky in Warsaw",
    ),
    Article(
        "Israeli troops attacked Palestinian fighters in Gaza on Wednesday. Egypt's foreign minister "
        "condemned Israel on Wednesday.",
        published=dt.date(2024, 3, 7),
        source="Outlet C",
        url="https://c.example/3",
        title="Fighting in Gaza",
    ),
    Article(
        "Japan commented on the Chinese plan on Thursday. The United States criticised Iran on Friday.",
        published=dt.date(2024, 3, 8),
        source="Outlet A",
        url="https://a.example/4",
        title="Reactions",
    ),
    Article(
        "Turkey appealed to Russia for a ceasefire on Thursday. Russia did not attack Ukraine on Friday.",
        published=dt.date(2024, 3, 8),
        url="https://www.d.example/5",
        title="Appeal",
    ),
]
FRENCH = Article(
    "Le gouvernement a annoncé mardi une nouvelle réforme des retraites pour les années qui viennent.",
    published=dt.date(2024, 3, 5),
    source="Outlet F",
    url="https://f.example/1",
)

Coding = list[tuple[Article, Document]]


@pytest.fixture(scope="module")
def coded() -> Coding:
    """The invented articles and their documents (the extractor loads once for the module)."""
    extractor = Extractor()
    return list(zip(ARTICLES, extractor.pipe(ARTICLES), strict=True))


@pytest.fixture
def store(db_url: str, coded: Coding) -> Iterator[Store]:
    """A store (SQLite or PostgreSQL) holding the coded articles and one article not coded."""
    with Store(db_url) as opened:
        run = opened.begin_run(["test"], 1, "test-coder")
        outcomes: list[Coded | NotCoded] = [Coded(a, d, "en", "test-coder") for a, d in coded]
        outcomes.append(NotCoded(FRENCH, "fr", "language: not English"))
        opened.write(outcomes, run)
        yield opened


def _events(coded: Coding) -> list[tuple[Article, Event]]:
    return [(article, event) for article, doc in coded for event in doc.events]


def _text(store: Store, fmt: str, flt: ExportFilter | None = None, **options: Any) -> tuple[str, Any]:
    out = io.StringIO()
    result = export(store, fmt, flt or ExportFilter(), out, **options)
    assert result.format == fmt
    return out.getvalue(), result


def _tsv(text: str) -> list[list[str]]:
    assert text.endswith("\n") or not text
    return [line.split("\t") for line in text.splitlines()]


def _gdelt(store: Store, flt: ExportFilter | None = None) -> list[dict[str, str]]:
    text, result = _text(store, "gdelt", flt)
    rows = _tsv(text)
    assert all(len(row) == 61 for row in rows)
    assert result.rows == len(rows)
    return [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in rows]


def _mentions(store: Store, flt: ExportFilter | None = None) -> list[dict[str, str]]:
    rows = _tsv(_text(store, "gdelt-mentions", flt)[0])
    assert all(len(row) == 16 for row in rows)
    return [dict(zip(MENTION_COLUMNS, row, strict=True)) for row in rows]


def _one(rows: list[dict[str, str]], **wanted: str) -> dict[str, str]:
    found = [row for row in rows if all(row[k] == v for k, v in wanted.items())]
    assert len(found) == 1, found
    return found[0]


# -- the fixture itself ------------------------------------------------------------------------------------


def test_the_articles_code_as_the_tests_expect(coded: Coding) -> None:
    events = _events(coded)
    kharkiv = [(a.source, e) for a, e in events if e.cameo == "194"]
    assert {source for source, _ in kharkiv} == {"Outlet A", "Outlet B"}
    assert all(e.source and e.source.code == "RUSMIL" for _, e in kharkiv)
    assert {e.cameo for _, e in events if e.plover is None} == {"010", "0256"}
    assert [e.cameo for _, e in events if e.modality == "negated"] == ["190"]


# -- countries.tsv -----------------------------------------------------------------------------------------


def test_the_country_table_covers_iso_3166_and_the_actor_dictionary() -> None:
    countries = default_countries()
    assert len(countries) >= 249
    dictionary = default_dictionary()
    used = {c.iso3 for c in dictionary.countries} | {o.country for o in dictionary.organisations if o.country}
    assert used - set(countries) == set()
    expected = {"RUS": "RS", "UKR": "UP", "DEU": "GM", "GBR": "UK", "PSE": "WE", "XKX": "KV", "ISR": "IS"}
    assert {iso3: countries[iso3].fips for iso3 in expected} == expected
    assert all(-90 <= c.lat <= 90 and -180 <= c.lon <= 180 for c in countries.values())


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ZZ\tZZ\tNowhere\t1.00\t1.00", "iso3 must be three upper-case letters"),
        ("ZZZ\tzz\tNowhere\t1.00\t1.00", "fips must be two upper-case letters or digits"),
        ("ZZZ\tZZ\t\t1.00\t1.00", "column 'name' must not be empty"),
        ("ZZZ\tZZ\tNowhere\tnorth\t1.00", "lat must be a number"),
        ("ZZZ\tZZ\tNowhere\t91.00\t1.00", "lat must be between -90 and 90"),
        ("ZZZ\tZZ\tNowhere\t1.00\t-180.50", "lon must be between -180 and 180"),
        ("RUS\tRS\tRussia\t61.52\t105.32", "duplicate iso3 'RUS'"),
        ("ZZZ\tZZ\tNowhere\t1.00", "expected 5 tab-separated fields, found 4"),
    ],
)
def test_a_bad_country_entry_is_reported(tmp_path: Path, line: str, message: str) -> None:
    assert_bad_entry_reported(load_countries, DATA, tmp_path, "countries.tsv", line, message)


# -- GDELT -------------------------------------------------------------------------------------------------


def test_gdelt_events_merge_reports_and_fill_the_fields(store: Store, coded: Coding) -> None:
    rows = _gdelt(store)
    events = _events(coded)
    keys = {(e.date, e.source and e.source.code, e.target and e.target.code, e.cameo) for _, e in events}
    assert len(rows) == len(keys) == len(events) - 1  # the two Kharkiv reports are one GDELT event
    row = _one(rows, EventCode="194")
    # the key holds the ActionGeo country: the shelling happened in Kharkiv, Ukraine (FIPS UP)
    assert row["GLOBALEVENTID"] == str(global_event_id(("20240304", "RUSMIL", "UKR", "194", "UP")))
    assert (row["SQLDATE"], row["MonthYear"], row["Year"], row["FractionDate"]) == (
        "20240304",
        "202403",
        "2024",
        "2024.1753",  # day 64 of 2024: 64 / 365
    )
    assert (row["EventBaseCode"], row["EventRootCode"], row["QuadClass"], row["GoldsteinScale"]) == (
        "194",
        "19",
        "4",
        "-10",
    )
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "RUSMIL",
        "RUSSIAN FORCES",
        "RUS",
        "MIL",
    )
    assert (row["Actor2Code"], row["Actor2CountryCode"], row["Actor2Type1Code"]) == ("UKR", "UKR", "")
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("2", "2", "2")
    assert row["IsRootEvent"] == "1"
    assert row["SOURCEURL"] == "https://a.example/1"  # published first
    empty = ("KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code", "Type2Code", "Type3Code")
    assert all(row[f"Actor{n}{name}"] == "" for n in (1, 2) for name in empty)
    assert row["AvgTone"] == ""
    geo1 = [row[f"Actor1Geo_{name}"] for name in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code")]
    assert geo1 == ["1", "Russia", "RS", "RS", ""]
    assert (row["Actor1Geo_Lat"], row["Actor1Geo_Long"], row["Actor1Geo_FeatureID"]) == (
        "61.52",
        "105.32",
        "RS",
    )
    assert (row["Actor2Geo_CountryCode"], row["Actor2Geo_FeatureID"]) == ("UP", "UP")
    assert float(row["Actor2Geo_Lat"]) == pytest.approx(48.38)
    action = [
        row[f"ActionGeo_{name}"] for name in ("Type", "FullName", "CountryCode", "ADM1Code", "FeatureID")
    ]
    assert action == ["4", "Kharkiv, Ukraine", "UP", "UP07", "706483"]  # a world city, GeoNames' Kharkiv
    assert float(row["ActionGeo_Lat"]) == pytest.approx(49.98, abs=0.01)
    assert float(row["ActionGeo_Long"]) == pytest.approx(36.25, abs=0.01)
    assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()

    consult = _one(rows, EventCode="040")
    assert (consult["Actor1Code"], consult["Actor1Name"], consult["Actor2Name"]) == (
        "UKRGOV",
        "VOLODYMYR ZELENSKY",
        "ANDRZEJ DUDA",
    )
    assert (consult["Actor1Type1Code"], consult["IsRootEvent"], consult["NumSources"]) == ("GOV", "0", "1")
    assert _one(rows, EventCode="190", Actor1Code="ISRMIL")["Actor2Geo_CountryCode"] == "WE"
    assert _one(rows, EventCode="0256")["EventBaseCode"] == "025"
    assert _one(rows, EventCode="111", Actor1Code="EGYGOV")["GoldsteinScale"] == "-2"


def test_gdelt_field_formats() -> None:
    assert [number(v) for v in (2.8, -10.0, 0.0, -0.0, 48.38, None)] == ["2.8", "-10", "0", "0", "48.38", ""]
    assert fraction_date(dt.date(2013, 2, 3)) == "2013.0932"  # GDELT: year + day of year / 365
    assert fraction_date(dt.date(2023, 12, 31)) == "2023.9999"  # capped: never the next year
    out = io.StringIO()
    tsv_writer(out).writerow([clean_field("Outlet\tA\r\nnews"), 'say "no"', None])
    assert out.getvalue() == 'Outlet A news\tsay "no"\t\n'


def test_gdelt_ids_are_stable_and_the_header_is_optional(store: Store) -> None:
    first, second = _text(store, "gdelt")[0], _text(store, "gdelt")[0]
    ids = [row[0] for row in _tsv(first)]
    assert first == second and len(set(ids)) == len(ids)
    with_header = _tsv(_text(store, "gdelt", header=True)[0])
    assert with_header[0] == list(EVENT_COLUMNS)
    assert [row[0] for row in with_header[1:]] == ids
    assert _tsv(_text(store, "gdelt-mentions", header=True)[0])[0] == list(MENTION_COLUMNS)


def test_gdelt_mentions_point_at_the_article_text(store: Store, coded: Coding) -> None:
    mentions = _mentions(store)
    events = {row["GLOBALEVENTID"] for row in _gdelt(store)}
    assert len(mentions) == store.count("events") == len(_events(coded))
    assert {row["GLOBALEVENTID"] for row in mentions} == events
    by_url = {a.url: d for a, d in coded}
    for row in mentions:
        doc = by_url[row["MentionIdentifier"]]
        found = [
            e
            for e in doc.events
            if e.sentence + 1 == int(row["SentenceID"]) and e.trigger.start == int(row["ActionCharOffset"])
        ]
        assert len(found) == 1, row
        event = found[0]
        for column, ref in (("Actor1CharOffset", event.source), ("Actor2CharOffset", event.target)):
            offset = int(row[column])
            assert offset == (ref.start if ref else -1)
            if ref:
                assert doc.text[offset:].startswith(ref.text)
        assert doc.text[int(row["ActionCharOffset"]) :].startswith(event.trigger.text)
        assert row["EventTimeDate"] == event.date.strftime("%Y%m%d") + "000000"
        assert row["MentionTimeDate"] == f"{doc.published:%Y%m%d}000000"
        assert row["Confidence"] == str(round(event.confidence * 100))
        assert (row["MentionType"], row["InRawText"], row["MentionDocLen"]) == ("1", "1", str(len(doc.text)))
        assert row["MentionDocTone"] == row["MentionDocTranslationInfo"] == row["Extras"] == ""
    assert {row["MentionSourceName"] for row in mentions} == {"Outlet A", "Outlet B", "Outlet C", "d.example"}
    kharkiv = _one(_gdelt(store), EventCode="194")["GLOBALEVENTID"]
    reports = [row for row in mentions if row["GLOBALEVENTID"] == kharkiv]
    assert {row["MentionSourceName"] for row in reports} == {"Outlet A", "Outlet B"}


# -- PLOVER ------------------------------------------------------------------------------------------------

PLOVER_FIELDS = {
    "id",
    "date",
    "event_type",
    "mode",
    "context",
    "source_actor",
    "source_agent",
    "source_country",
    "target_actor",
    "target_agent",
    "target_country",
    "event_text",
    "story_date",
    "publisher",
    "headline",
    "url",
    "language",
    "cameo_code",
    "goldstein",
    "quad_class",
    "modality",
    "attribution",
}


def test_plover_records_have_the_fields_and_skip_what_plover_cannot_say(store: Store, coded: Coding) -> None:
    text, result = _text(store, "plover")
    records = [json.loads(line) for line in text.splitlines()]
    events = _events(coded)
    exported = [e for _, e in events if e.plover and e.modality in ("asserted", "intended")]
    assert result.rows == len(records) == len(exported) == 6
    assert result.skipped == len(events) - len(exported) == 3
    assert dict(result.skipped_by) == {
        "no PLOVER type (CAMEO 01, 02)": 2,
        "negated, conditional or hypothetical": 1,
    }
    assert all(set(record) >= PLOVER_FIELDS for record in records)
    assert all(record["event_type"] for record in records)
    record = next(r for r in records if r["publisher"] == "Outlet A" and r["event_type"] == "ASSAULT")
    assert record["date"] == "2024-03-04" and record["story_date"] == "2024-03-05"
    assert (record["source_actor"], record["source_agent"], record["source_country"]) == (
        "Russian forces",
        "MIL",
        "RUS",
    )
    assert (record["target_country"], record["cameo_code"], record["quad_class"]) == ("UKR", "194", 4)
    assert record["event_text"] == ARTICLES[0].text.split(" Officials")[0]
    assert record["context"] == ["military"] and record["mode"] == "heavy-weapons"
    assert record["attribution"] == {"kind": "speaker", "speaker": "Ukraine's defence ministry"}
    assert record["headline"] == "Kharkiv shelled" and record["url"] == "https://a.example/1"
    assert record["id"].endswith("-e1")
    for record in records:
        assert isinstance(record["context"], list)
        assert record["event_text"] in next(a.text for a, _ in coded if a.url == record["url"])


# -- CSV, JSON Lines, Parquet ------------------------------------------------------------------------------


def test_csv_has_one_row_per_event(store: Store, coded: Coding) -> None:
    text, result = _text(store, "csv")
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    assert tuple(reader.fieldnames or ()) == TABLE_COLUMNS
    assert result.rows == len(rows) == store.count("events") == len(_events(coded))
    row = next(r for r in rows if r["cameo"] == "040")
    assert (row["outlet"], row["url"], row["title"], row["published"]) == (
        "Outlet B",
        "https://b.example/news/2",
        "Zelensky in Warsaw",
        "2024-03-06",
    )
    assert (row["date"], row["source_code"], row["target_name"], row["quote_id"]) == (
        "2024-03-05",
        "UKRGOV",
        "Andrzej Duda",
        "",
    )


def test_jsonl_round_trips_the_documents(store: Store, coded: Coding) -> None:
    text, result = _text(store, "jsonl")
    documents = [json.loads(line) for line in text.splitlines()]
    assert result.rows == len(documents) == len(coded)  # the article not coded is left out
    expected = {doc.id: doc.to_dict() for _, doc in coded}
    for document in documents:
        validate_document(document)
        # each event's merged-event id is null here: these articles are in no story
        assert all(event["merged"] is None for event in document["events"])
        assert document == expected[document["id"]]
    filtered = [
        json.loads(line) for line in _text(store, "jsonl", ExportFilter(countries=("ISR",)))[0].splitlines()
    ]
    assert [d["url"] for d in filtered] == ["https://c.example/3"]


def test_parquet_keeps_the_types(store: Store, coded: Coding, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    result = export(store, "parquet", ExportFilter(), path)
    table = pq.read_table(path)
    assert result.rows == table.num_rows == len(_events(coded))
    assert tuple(table.column_names) == TABLE_COLUMNS
    types = {field.name: field.type for field in table.schema}
    assert types["date"] == pa.date32() and types["published"] == pa.date32()
    assert types["sentence"] == pa.int64() and types["quad_class"] == pa.int64()
    assert types["goldstein"] == pa.float64() and types["confidence"] == pa.float64()
    assert types["cameo"] == pa.string() and types["outlet"] == pa.string()
    rows = table.to_pylist()
    kharkiv = [r for r in rows if r["cameo"] == "194"]
    assert {r["date"] for r in kharkiv} == {dt.date(2024, 3, 4)}
    assert {r["outlet"] for r in kharkiv} == {"Outlet A", "Outlet B"}
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(ConfigError, match="parquet needs -o FILE"):
        export(store, "parquet", ExportFilter(), io.StringIO())


def test_export_to_a_file(store: Store, tmp_path: Path) -> None:
    for fmt in FORMATS:
        path = tmp_path / f"out.{fmt}"
        result = export(store, fmt, ExportFilter(), path)
        assert path.exists() and result.rows > 0
        if fmt != "parquet":
            assert path.read_text(encoding="utf-8") == _text(store, fmt)[0]
    assert not list(tmp_path.glob("*.part"))
    with pytest.raises(ConfigError, match="does not exist"):
        export(store, "csv", ExportFilter(), tmp_path / "missing" / "out.csv")
    with pytest.raises(ConfigError, match="choose one of gdelt, gdelt-mentions"):
        export(store, "xml", ExportFilter(), io.StringIO())


# -- filters -----------------------------------------------------------------------------------------------

Wanted = Callable[[Article, Event], bool]


def _involves(event: Event, *countries: str) -> bool:
    return any(ref is not None and ref.country in countries for ref in (event.source, event.target))


FILTERS: list[tuple[ExportFilter, Wanted]] = [
    (ExportFilter(since=dt.date(2024, 3, 6)), lambda a, e: e.date >= dt.date(2024, 3, 6)),
    (ExportFilter(until=dt.date(2024, 3, 5)), lambda a, e: e.date <= dt.date(2024, 3, 5)),
    (ExportFilter.from_options(since="2024-03-05", until="2024-03-06"), lambda a, e: e.date.day in (5, 6)),
    (ExportFilter(countries=("UKR",)), lambda a, e: _involves(e, "UKR")),
    (ExportFilter.from_options(countries="isr,pse"), lambda a, e: _involves(e, "ISR", "PSE")),
    (ExportFilter(cameo_roots=("19",)), lambda a, e: e.cameo_root == "19"),
    (ExportFilter.from_options(cameo_roots=["19,11"]), lambda a, e: e.cameo_root in ("19", "11")),
    (ExportFilter(sources=("outlet a",)), lambda a, e: a.source == "Outlet A"),
    (
        ExportFilter.from_options(sources=["OUTLET B", "Outlet C"]),
        lambda a, e: a.source in ("Outlet B", "Outlet C"),
    ),
    (ExportFilter(modalities=("asserted",)), lambda a, e: e.modality == "asserted"),
    (
        ExportFilter.from_options(modalities="negated,intended,conditional,hypothetical"),
        lambda a, e: e.modality != "asserted",
    ),
    (
        ExportFilter(countries=("RUS",), cameo_roots=("19",), since=dt.date(2024, 3, 5)),
        lambda a, e: _involves(e, "RUS") and e.cameo_root == "19" and e.date >= dt.date(2024, 3, 5),
    ),
]


@pytest.mark.parametrize(("flt", "wanted"), FILTERS)
def test_filters_narrow_every_format(store: Store, coded: Coding, flt: ExportFilter, wanted: Wanted) -> None:
    events = _events(coded)
    expected = [(a, e) for a, e in events if wanted(a, e)]
    assert 0 < len(expected) < len(events)
    assert _text(store, "csv", flt)[1].rows == len(expected)
    assert len(_mentions(store, flt)) == len(expected)
    keys = {(e.date, e.source and e.source.code, e.target and e.target.code, e.cameo) for _, e in expected}
    assert len(_gdelt(store, flt)) == len(keys)
    plover = _text(store, "plover", flt)[1]
    assert plover.rows + plover.skipped == len(expected)
    documents = {a.url for a, _ in expected}
    assert _text(store, "jsonl", flt)[1].rows == len(documents)


def test_one_outlet_counts_one_source(store: Store) -> None:
    row = _one(_gdelt(store, ExportFilter(sources=("Outlet B",))), EventCode="194")
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == ("1", "1", "1")
    assert row["SOURCEURL"] == "https://b.example/news/2"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "yesterday"}, "--since must be a date YYYY-MM-DD, got 'yesterday'"),
        ({"until": "2024-13-01"}, "--until must be a date YYYY-MM-DD"),
        ({"since": "2024-03-09", "until": "2024-03-01"}, "--since 2024-03-09 is after --until 2024-03-01"),
        ({"countries": "UK"}, "--country 'UK': give ISO 3166 alpha-3 codes"),
        ({"countries": "UKR,XYZ"}, "--country XYZ: not an ISO3 code sitrep knows"),
        ({"cameo_roots": "21"}, "--cameo-root '21': give two-digit CAMEO roots, 01 to 20"),
        ({"cameo_roots": "19,1"}, "--cameo-root '1'"),
        ({"cameo_roots": "00"}, "--cameo-root '00'"),
        ({"cameo_roots": "ab"}, "--cameo-root 'ab'"),
        ({"modalities": "asserted,denied"}, "--modality 'denied': give one of asserted, negated"),
        ({"min_confidence": 1.5}, "--min-confidence must be a number from 0 to 1, got 1.5"),
        ({"min_confidence": -0.1}, "--min-confidence must be a number from 0 to 1"),
    ],
)
def test_bad_filter_values_are_config_errors(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        ExportFilter.from_options(**options)
    assert message in str(info.value)
    assert info.value.exit_code == 2


def test_a_filter_normalises_its_values() -> None:
    flt = ExportFilter(countries=("ukr, rus", "UKR"), cameo_roots=("19,20",), sources=(" Outlet A ", ""))
    assert (flt.countries, flt.cameo_roots, flt.sources) == (("UKR", "RUS"), ("19", "20"), ("Outlet A",))
    assert ExportFilter().empty and not flt.empty
    with pytest.raises(ConfigError, match="must be a list of strings"):
        ExportFilter(countries="UKR")  # type: ignore[arg-type]


UNCODED = Article(
    "Unknown gunmen attacked a village on Saturday.",
    published=dt.date(2024, 3, 11),
    source="Outlet U",
    url="https://u.example/1",
)


@pytest.fixture
def uncoded_store(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store with one article: an attack between nobody in particular (no country anywhere, so
    no context country either)."""
    [document] = Extractor().pipe([UNCODED])
    with Store(str(tmp_path / "u.db")) as opened:
        opened.write(
            [Coded(UNCODED, document, "en", "test-coder")], opened.begin_run(["test"], 1, "test-coder")
        )
        yield opened


@pytest.mark.parametrize("fmt", ["gdelt", "gdelt-mentions", "plover"])
def test_events_with_no_coded_actor_are_left_out_and_counted(uncoded_store: Store, fmt: str) -> None:
    text, result = _text(uncoded_store, fmt)
    assert result.rows == 0 and text == ""
    assert dict(result.skipped_by) == {"no coded actor": 1}
    kept, all_of_them = _text(uncoded_store, fmt, uncoded=True)
    assert all_of_them.rows == 1 and all_of_them.skipped == 0
    assert len(kept.splitlines()) == 1


def test_csv_keeps_events_with_no_coded_actor(uncoded_store: Store) -> None:
    text, result = _text(uncoded_store, "csv")
    assert result.rows == 1 and result.skipped == 0
    assert "gunmen" in text


def test_min_confidence_keeps_the_events_at_or_above_it(store: Store, coded: Coding) -> None:
    confidences = sorted(e.confidence for _, e in _events(coded))
    floor = confidences[len(confidences) // 2]
    _, result = _text(store, "csv", ExportFilter.from_options(min_confidence=floor))
    assert result.rows == sum(c >= floor for c in confidences)
    _, none = _text(store, "csv", ExportFilter.from_options(min_confidence=1.0))
    assert none.rows == sum(c >= 1.0 for c in confidences)
