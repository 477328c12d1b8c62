"""A gzipped table that inflates far past its own size (a "zip bomb") is read only so far: the records
before the cap are kept, and the rest of the file is one ``too-large`` failure."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sitrep.article import Article, Failure
from sitrep.ingest import base
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers.tabular import read_csv, read_jsonl


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "MIN_INFLATED_BYTES", 64 * 1024)


def bomb(path: Path, first: list[str], filler: bytes, size: int) -> None:
    """A gzip file whose first lines are ``first`` and then ``size`` bytes of one repeated line."""
    with gzip.open(path, "wb", compresslevel=9) as out:
        for line in first:
            out.write(line.encode("utf-8") + b"\n")
        block = filler * (1024 * 1024 // len(filler))
        for _ in range(size // len(block)):
            out.write(block)


def test_a_jsonl_bomb_keeps_its_first_records_and_stops(tmp_path: Path, small_cap: None) -> None:
    path = tmp_path / "dump.jsonl.gz"
    good = [json.dumps({"text": f"Troops shelled town number {n} on Monday."}) for n in range(3)]
    filler = (json.dumps({"text": "Officials said nothing new today about the talks."}) + "\n").encode()
    bomb(path, good, filler, 40 * 1024 * 1024)
    assert path.stat().st_size * base.MAX_INFLATION < 40 * 1024 * 1024  # it does inflate past the cap
    out = list(read_jsonl(str(path), ReadOptions()))
    articles = [o for o in out if isinstance(o, Article)]
    failures = [o for o in out if isinstance(o, Failure)]
    assert [a.text for a in articles[:3]] == [json.loads(g)["text"] for g in good]
    assert len(failures) == 1 and failures[0].kind == "too-large"
    assert "uncompressed" in failures[0].reason and "the rest is not read" in failures[0].reason
    # read up to the cap (100 times the file's size), not the 40 MB the file holds
    assert len(articles) * len(filler) <= base.MAX_INFLATION * path.stat().st_size
    assert len(articles) < 40 * 1024 * 1024 // len(filler) // 2


def test_a_csv_bomb_stops_too(tmp_path: Path, small_cap: None) -> None:
    path = tmp_path / "dump.csv.gz"
    bomb(
        path, ["text", "Troops shelled the town on Monday."], b"Officials said nothing new today.\n", 40 << 20
    )
    out = list(read_csv(str(path), ReadOptions()))
    assert isinstance(out[0], Article)
    assert isinstance(out[-1], Failure) and out[-1].kind == "too-large"


def test_an_ordinary_gzipped_dump_is_read_whole(tmp_path: Path, small_cap: None) -> None:
    path = tmp_path / "news.jsonl.gz"
    rows = [
        json.dumps({"text": f"Report {n}: troops moved near the river, officials said."}) for n in range(500)
    ]
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("\n".join(rows) + "\n")
    out_records = list(read_jsonl(str(path), ReadOptions()))
    assert len(out_records) == 500 and all(isinstance(o, Article) for o in out_records)


def _page(n: int) -> bytes:
    return (
        f"<html><head><title>Report {n}</title></head><body><article><p>Troops moved near the river on "
        f"Monday, officials in town number {n} said, and talks were set for the following week.</p>"
        "</article></body></html>"
    ).encode()


def warc_bomb(path: Path, *, filler_records: int, filler_body: int, one_stream: bool = False) -> None:
    """Two archived pages, then ``filler_records`` responses of ``filler_body`` zero bytes each: gzipped
    record by record (as WARC asks), or as one gzip stream."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=not one_stream)

    def response(uri: str, body: bytes, media_type: str) -> None:
        headers = StatusAndHeaders("200 OK", [("Content-Type", media_type)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
        )

    for n in range(2):
        response(f"https://gazette.example/{n}", _page(n), "text/html")
    for n in range(filler_records):
        response(f"https://gazette.example/blob/{n}", bytes(filler_body), "application/octet-stream")
    data = raw.getvalue()
    path.write_bytes(gzip.compress(data, compresslevel=9) if one_stream else data)


@pytest.mark.parametrize("engine", ["fastwarc", "warcio"])
def test_a_warc_record_that_inflates_past_the_cap_ends_the_archive(
    tmp_path: Path, small_cap: None, engine: str
) -> None:
    from sitrep.ingest.readers.warc import read

    path = tmp_path / "crawl.warc.gz"
    warc_bomb(path, filler_records=1, filler_body=40 << 20)
    assert path.stat().st_size * base.MAX_INFLATION < 40 << 20
    out = list(read(str(path), ReadOptions(), engine))  # type: ignore[arg-type]
    assert [type(o) for o in out] == [Article, Article, Failure]
    failure = out[-1]
    assert isinstance(failure, Failure) and failure.kind == "too-large"
    assert "after 2 records; the rest is not read" in failure.reason


def test_a_warc_of_countless_small_records_in_one_gzip_stream_stops_too(
    tmp_path: Path, small_cap: None
) -> None:
    from sitrep.ingest.readers.warc import read

    path = tmp_path / "crawl.warc.gz"
    warc_bomb(path, filler_records=4000, filler_body=4096, one_stream=True)
    out = list(read(str(path), ReadOptions(), "fastwarc"))
    assert sum(isinstance(o, Article) for o in out) == 2
    assert isinstance(out[-1], Failure) and out[-1].kind == "too-large"


def test_an_ordinary_warc_gz_is_read_whole(tmp_path: Path, small_cap: None) -> None:
    from sitrep.ingest.readers.warc import read

    path = tmp_path / "crawl.warc.gz"
    warc_bomb(path, filler_records=3, filler_body=100)
    out = list(read(str(path), ReadOptions(), "fastwarc"))
    assert [type(o) for o in out] == [Article, Article]


def test_the_cap_is_an_option(tmp_path: Path, small_cap: None) -> None:
    path = tmp_path / "news.jsonl.gz"
    rows = [json.dumps({"text": f"Report {n}: troops moved near the river."}) for n in range(3000)]
    path.write_bytes(gzip.compress(("\n".join(rows) + "\n").encode(), compresslevel=9))
    ratio = len(gzip.decompress(path.read_bytes())) / path.stat().st_size
    assert 5 < ratio < 100  # read whole at the default cap, cut short at a cap of 2
    assert all(isinstance(o, Article) for o in read_jsonl(str(path), ReadOptions()))
    out = list(read_jsonl(str(path), ReadOptions(max_inflation=2)))
    assert isinstance(out[-1], Failure) and out[-1].kind == "too-large"
    assert "--max-inflation" in out[-1].reason and 0 < len(out) - 1 < 3000


@pytest.mark.parametrize("value", ["1", "0", "100001", "x"])
def test_a_bad_max_inflation_exits_2(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sitrep.cli import main

    assert main(["ingest", "nothing.txt", "--db", "sqlite://", "--max-inflation", value]) == 2
    assert "--max-inflation" in capsys.readouterr().err
