"""Exports over a database whose articles are in stories: the reports of one event across articles are one
GDELT event, every mention points at it, and the document JSONL gives each event its merged id (texts written
for this test: two outlets report one strike)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sitrep.cli import main
from sitrep.export import export
from sitrep.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS
from sitrep.export.query import ExportFilter
from sitrep.store import Store

ARTICLES = [
    {
        "id": "t-1",
        "source": "TASS",
        "published": "2026-03-02",
        "text": "MOSCOW, March 2. /TASS/. Russian forces struck a fuel depot in Kharkiv on Monday, "
        "the Russian Defence Ministry said.",
    },
    {
        "id": "k-1",
        "source": "Kyiv Independent",
        "published": "2026-03-02",
        "text": "Russian forces shelled a fuel depot in Kharkiv on Monday, killing two workers, "
        "the governor said.",
    },
    {
        "id": "b-1",
        "source": "Reuters",
        "published": "2026-03-03",
        "text": "Brazil signed a trade agreement with Argentina in Buenos Aires on Tuesday, officials said.",
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("merged")
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    path = str(folder / "news.db")
    assert main(["ingest", str(source), "--db", path]) == 0
    return path


def _rows(db: str, fmt: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    out = io.StringIO()
    with Store(db) as store:
        export(store, fmt, ExportFilter(), out)
    return [
        dict(zip(columns, line, strict=True))
        for line in csv.reader(io.StringIO(out.getvalue()), delimiter="\t")
    ]


def test_two_outlets_reports_of_one_strike_are_one_gdelt_event(db: str) -> None:
    events = _rows(db, "gdelt", EVENT_COLUMNS)
    strikes = [e for e in events if e["EventRootCode"] == "19"]
    assert len(strikes) == 1
    assert (strikes[0]["NumArticles"], strikes[0]["NumSources"]) == ("2", "2")
    mentions = _rows(db, "gdelt-mentions", MENTION_COLUMNS)
    ids = {e["GLOBALEVENTID"] for e in events}
    assert {m["GLOBALEVENTID"] for m in mentions} <= ids
    assert sum(m["GLOBALEVENTID"] == strikes[0]["GLOBALEVENTID"] for m in mentions) == int(
        strikes[0]["NumMentions"]
    )


def test_the_document_jsonl_gives_each_event_its_merged_id(db: str, tmp_path: Path) -> None:
    out = io.StringIO()
    with Store(db) as store:
        export(store, "jsonl", ExportFilter(), out)
        as_ingested = store.external_ids()  # the JSONL ids the fixture gave: t-1, k-1 …
    documents = {as_ingested[d["id"]]: d for d in map(json.loads, out.getvalue().splitlines())}
    strike_ids = {
        e["merged"] for key in ("t-1", "k-1") for e in documents[key]["events"] if e["cameo_root"] == "19"
    }
    assert len(strike_ids) == 1 and None not in strike_ids
    assert all(e["merged"] for d in documents.values() for e in d["events"])
