"""``sitrep spark`` on local[2], and ``sitrep load``: the same documents as ``extract`` and ``ingest``,
failures as rows, re-runs that skip what is finished, a killed run finished by the next, loads that store
each article once. Correctness only: speed is benchmarks/spark_speed.py's business."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from sitrep.cli import main
from sitrep.errors import ConfigError, InputError
from sitrep.export.tables import arrow_schema
from sitrep.ingest.runner import CoderSettings, IngestOptions, ingest
from sitrep.nlp import SHIPPED_MODEL
from sitrep.records import document_from_dict
from sitrep.scale.load import load
from sitrep.scale.output import Output
from sitrep.scale.spark import SparkOptions, SparkReport, check_java, check_pyspark, run
from sitrep.scale.tables import PARTITION, TABLES, schemas
from sitrep.store import Store
from sitrep.store.rows import stored_document

SOURCES = [
    ("Russian", "Ukrainian", "Kyiv", "the Kremlin"),
    ("Israeli", "Iranian", "Tehran", "the prime minister's office"),
    ("Turkish", "Greek", "Athens", "the presidency"),
    ("Chinese", "Japanese", "Tokyo", "the foreign ministry"),
]
LEADS = [
    "{a} troops shelled {b} positions near the border on Monday, officials in {city} said.",
    "The {a} foreign minister met his {b} counterpart on Tuesday to discuss a ceasefire.",
    "{a} police arrested dozens of protesters outside the {b} embassy on Friday.",
    "The {a} government imposed new sanctions on {b} banks on Wednesday, {office} said.",
]
TAILS = [
    '"We will not accept these demands," a spokesman for {office} told reporters.',
    "{b} officials said they were ready to resume negotiations if the attacks stopped.",
    "The United Nations called for restraint and offered to host new talks in Geneva.",
]
FRENCH = (
    "Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs touchés par la "
    "sécheresse."
)


def report(n: int) -> str:
    """The n-th invented wire report (distinct for every n)."""
    a, b, city, office = SOURCES[n % len(SOURCES)]
    fill = {"a": a, "b": b, "city": city, "office": office}
    lead = LEADS[(n // 4) % len(LEADS)].format(**fill)
    tail = " ".join(t.format(**fill) for t in TAILS[: 1 + n % len(TAILS)])
    return f"{lead} {tail} (Report {n}.)"


def write_jsonl(path: Path, numbers: range, *, extra: tuple[str, ...] = ()) -> None:
    lines = [
        json.dumps({"text": report(n), "published": f"2024-03-{1 + n % 28:02d}", "source": "Harbour Times"})
        for n in numbers
    ]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")


def write_warc(path: Path, numbers: range) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in numbers:
            body = (
                f"<!doctype html><html><head><title>Report {n}</title></head><body><article><h1>Report {n}"
                f"</h1><p>{report(n)}</p><p>Diplomats from both delegations said the talks would go on "
                "next week.</p></article></body></html>"
            ).encode()
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://harbour.example/{n}",
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http,
                )
            )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """JSONL (with a French article and a line that is not JSON), CSV, Parquet, a WARC archive and a folder
    of texts and a binary file."""
    import pyarrow as pa

    folder = tmp_path_factory.mktemp("corpus")
    write_jsonl(folder / "a.jsonl", range(0, 6), extra=(json.dumps({"text": FRENCH}), "{not json"))
    write_jsonl(folder / "b.jsonl", range(6, 12))
    with (folder / "c.csv").open("w", encoding="utf-8") as handle:
        handle.write("text,published\n")
        for n in range(12, 16):
            handle.write(f'"{report(n).replace(chr(34), chr(34) * 2)}",2024-04-01\n')
    pq.write_table(
        pa.table({"text": [report(n) for n in range(16, 20)], "published": ["2024-04-02"] * 4}),
        folder / "d.parquet",
    )
    write_warc(folder / "e.warc.gz", range(20, 23))
    pages = folder / "pages"
    pages.mkdir()
    for n in range(23, 26):
        (pages / f"{n}.txt").write_text(report(n), encoding="utf-8")
    (pages / "broken.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    return folder


def inputs(corpus: Path) -> list[str]:
    return [str(corpus / n) for n in ("a.jsonl", "b.jsonl", "c.csv", "d.parquet", "e.warc.gz", "pages")]


OPTIONS = SparkOptions(files_per_shard=2)


@pytest.fixture(scope="module")
def coded(spark: Any, corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SparkReport]:
    """The corpus coded once on Spark: (output folder, report)."""
    out = tmp_path_factory.mktemp("spark") / "out"
    return out, run(inputs(corpus), str(out), OPTIONS, spark=spark)


def table(out: Path, name: str) -> list[dict[str, Any]]:
    return ds.dataset(str(out / name), format="parquet", partitioning="hive").to_table().to_pylist()  # type: ignore[no-any-return]


def test_every_article_coded_once_and_failures_are_rows(coded: tuple[Path, SparkReport]) -> None:
    out, result = coded
    documents = table(out, "documents")
    assert len(documents) == 26 + 1  # 26 reports and the French article
    assert len({d["id"] for d in documents}) == len(documents)
    assert {d["status"] for d in documents} == {"coded", "not-coded"}
    french = [d for d in documents if d["status"] == "not-coded"]
    assert len(french) == 1 and french[0]["language"] == "fr"
    failures = table(out, "failures")
    kinds = sorted(f["kind"] for f in failures)
    assert kinds == ["binary", "malformed"], failures
    assert any(f["source"].endswith("a.jsonl:8") for f in failures)
    events = table(out, "events")
    assert events and {e["article_id"] for e in events} <= {d["id"] for d in documents}
    assert (result.failures, result.articles) == (2, 27)
    # a folder of 4 files, 2 to a shard: 2 shards; every other input is a shard of its own
    assert result.shards == 5 + 2
    assert len(Output(str(out)).finished()) == 7
    # one model per Python worker (local[2]: at most two), not one per task
    assert 1 <= result.model_loads <= 2


def test_tables_have_the_store_and_export_schemas(coded: tuple[Path, SparkReport]) -> None:
    out, _ = coded
    expected = schemas()
    for name in TABLES:
        found = ds.dataset(str(out / name), format="parquet", partitioning="hive").schema
        assert found.remove(found.get_field_index(PARTITION)).equals(expected[name]), name
    assert expected["events"].equals(arrow_schema())  # `sitrep export --format parquet`'s schema


def test_a_document_coded_on_spark_is_the_one_extract_gives(
    coded: tuple[Path, SparkReport], corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = coded
    assert main(["extract", "--jsonl", str(corpus / "b.jsonl")]) == 0
    extracted = capsys.readouterr().out.splitlines()
    by_id = {d["id"]: d for d in table(out, "documents")}
    spark_lines = []
    for line in extracted:
        row = by_id[json.loads(line)["id"]]
        document = document_from_dict(stored_document(row["document"], row["text"]))
        spark_lines.append(json.dumps(document.to_dict(), ensure_ascii=False))
    assert len(extracted) == 6
    assert spark_lines == extracted  # byte for byte


def test_a_document_coded_on_spark_is_the_one_ingest_stores(
    coded: tuple[Path, SparkReport], corpus: Path, tmp_path: Path
) -> None:
    out, _ = coded
    db = tmp_path / "ingest.db"
    with Store(db) as store:
        ingest([str(corpus / "a.jsonl"), str(corpus / "e.warc.gz")], store, IngestOptions())
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("SELECT id, document FROM articles WHERE document IS NOT NULL"))
    spark_documents = {d["id"]: d["document"] for d in table(out, "documents") if d["document"]}
    assert len(stored) == 6 + 3
    assert {i: spark_documents[i] for i in stored} == stored


def test_uris_are_listed_and_read_by_spark(
    spark: Any, coded: tuple[Path, SparkReport], corpus: Path, tmp_path: Path
) -> None:
    out, _ = coded
    uris = [f"file://{corpus}/*.jsonl", f"file://{corpus / 'e.warc.gz'}", f"file://{corpus / 'gone'}"]
    result = run(uris, str(tmp_path / "out"), OPTIONS, spark=spark)
    assert (result.shards, result.articles) == (4, 7 + 6 + 3)
    failures = table(tmp_path / "out", "failures")
    assert sorted(f["reason"] for f in failures) == [
        "no such file or folder",
        "not valid JSON (Expecting property name enclosed in double quotes at column 2)",
    ]
    assert any(f["source"].startswith("file:") and f["source"].endswith("a.jsonl:8") for f in failures)
    documents = table(tmp_path / "out", "documents")
    assert all(d["origin"].startswith("file:") for d in documents)
    local = {d["id"]: d["document"] for d in table(out, "documents")}
    assert {d["id"]: d["document"] for d in documents} == {d["id"]: local[d["id"]] for d in documents}


def test_a_job_with_another_model_loads_it_in_the_workers_that_live_on(
    spark: Any, coded: tuple[Path, SparkReport], corpus: Path, tmp_path: Path
) -> None:
    out, _ = coded
    options = replace(OPTIONS, coder=CoderSettings(model=SHIPPED_MODEL))
    result = run([str(corpus / "b.jsonl")], str(tmp_path / "out"), options, spark=spark)
    assert result.model_loads == 1
    [coder] = {d["coder"] for d in table(tmp_path / "out", "documents")}
    assert "sitrep_news" in coder and coder not in {d["coder"] for d in table(out, "documents")}


def test_a_rerun_skips_every_finished_shard(
    spark: Any, coded: tuple[Path, SparkReport], corpus: Path
) -> None:
    out, _ = coded
    again = run(inputs(corpus), str(out), OPTIONS, spark=spark)
    assert (again.skipped, again.results, again.replaced) == (again.shards, (), 0)


def test_the_command_codes_reports_and_exits_3_for_quarantined_inputs(
    spark: Any, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["spark", str(corpus / "a.jsonl"), "--out", str(out)]) == 3
    captured = capsys.readouterr()
    assert "coded 1 shard (0 finished before): 7 articles" in captured.out
    assert "1 input(s) quarantined" in captured.err
    assert main(["spark", str(corpus / "a.jsonl"), "--out", str(out)]) == 0  # finished: nothing to code
    assert "coded 0 shards (1 finished before)" in capsys.readouterr().out
    assert spark.sparkContext.parallelize([1, 2]).count() == 2  # the running session was left running
    assert main(["spark", str(corpus / "a.jsonl"), "--out", str(out), "--conf", "nonsense"]) == 2
    assert main(["load", str(out), "--db", str(tmp_path / "a.db")]) == 0
    assert "loaded 1 shard: 7 articles (6 coded, 1 not coded, 0 already stored)" in capsys.readouterr().out


def test_load_is_idempotent_and_feeds_stats_stories_and_export(
    coded: tuple[Path, SparkReport], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = coded
    db = str(tmp_path / "loaded.db")
    with Store(db) as store:
        first = load(str(out), store)
        second = load(str(out), store)
        assert store.count("articles") == 27
        assert store.count("failures") == 2
        events = store.count("events")
    assert (first.counts.articles_read, first.counts.articles_unchanged) == (27, 0)
    assert (second.counts.articles_read, second.counts.articles_unchanged, second.counts.failures) == (
        27,
        27,
        0,
    )
    assert events == len(table(out, "events"))
    assert main(["stories", "--db", db]) == 0
    assert main(["stats", "--db", db]) == 0
    exported = tmp_path / "events.parquet"
    assert main(["export", "--db", db, "--format", "parquet", "-o", str(exported)]) == 0
    assert pq.read_schema(exported).equals(arrow_schema())
    assert pq.read_table(exported).num_rows == events
    capsys.readouterr()


def test_load_into_postgresql(coded: tuple[Path, SparkReport], postgres_url: str) -> None:
    out, _ = coded
    with Store(postgres_url) as store:
        load(str(out), store)
        load(str(out), store)
        assert (store.count("articles"), store.count("failures")) == (27, 2)


def test_load_refuses_a_folder_that_is_not_spark_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(tmp_path / "x.db") as store, pytest.raises(InputError, match="no finished shards"):
        load(str(tmp_path), store)
    assert main(["load", str(tmp_path), "--db", str(tmp_path / "x.db")]) == 3
    assert "no finished shards" in capsys.readouterr().err


def test_a_killed_run_is_finished_by_the_next_every_article_once(spark: Any, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for shard in range(6):
        write_jsonl(folder / f"{shard}.jsonl", range(100 + 12 * shard, 112 + 12 * shard))
    out = tmp_path / "out"
    command = [sys.executable, "-c", "import sys; from sitrep.cli import main; sys.exit(main())"]
    process = subprocess.Popen(
        [*command, "spark", str(folder), "--out", str(out), "--master", "local[1]"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the JVM and Python workers are killed with it
    )
    output = Output(str(out))
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and process.poll() is None:
            finished = output.finished()
            half = {shard for _, shard in output.shards_written()} - set(finished)
            if finished and half:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the run ended (or never started) before it could be killed half-way")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finished = output.finished()
    assert 1 <= len(finished) < 6
    result = run([str(folder)], str(out), OPTIONS, spark=spark)
    assert result.skipped == len(finished) and result.replaced >= 1
    assert len(result.results) == 6 - len(finished)
    ids = [d["id"] for d in table(out, "documents")]
    assert len(ids) == len(set(ids)) == 72
    assert len(output.finished()) == 6


def test_the_same_command_runs_under_spark_submit(spark: Any, corpus: Path, tmp_path: Path) -> None:
    import pyspark

    import sitrep

    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    script = Path(sitrep.__file__).with_name("__main__.py")
    path = os.pathsep.join(
        p for p in [str(Path(sitrep.__file__).parent.parent), os.environ.get("PYTHONPATH")] if p
    )
    env = {
        **os.environ,
        "PYSPARK_PYTHON": sys.executable,
        "PYSPARK_DRIVER_PYTHON": sys.executable,
        "PYTHONPATH": path,
    }
    out = tmp_path / "out"
    done = subprocess.run(
        [
            str(submit),
            "--master",
            "local[1]",
            str(script),
            "spark",
            str(corpus / "b.jsonl"),
            "--out",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "coded 1 shard (0 finished before): 6 articles" in done.stdout
    assert len(table(out, "documents")) == 6


def test_missing_java_or_pyspark_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": report(1)}) + "\n", encoding="utf-8")
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-java"))
    with pytest.raises(ConfigError, match="needs Java 17 or newer"):
        check_java()
    monkeypatch.setattr("sitrep.scale.spark._active", lambda: None)  # as if no session were running here
    assert main(["spark", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "out")]) == 2
    assert "needs Java 17" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(ConfigError, match=r"pip install 'sitrep\[spark\]'"):
        check_pyspark()
