"""``sitrep extract`` and ``sitrep show`` (``sitrep.cli.extract``): one text, a JSON-lines batch read by
ingest's own reader, and the highlighted article."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import EXAMPLES, REPO

from sitrep.article import MAX_CHARS, Failure
from sitrep.cli import main
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers import read_sources

# --- one text ---------------------------------------------------------------------------------------------


def test_extract_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Russian troops attacked Kharkiv on Tuesday.", encoding="utf-8")
    assert main(["extract", str(path), "--published", "2022-03-04", "--source", "Wire"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "Wire" and data["events"][0]["date"] == "2022-03-01"


def test_extract_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Russian troops attacked Kharkiv on Tuesday.", encoding="utf-8")
    assert main(["extract", str(path), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "Events" in out and "RUSMIL" in out


def test_extract_table_shows_quotes_and_framing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_model_env: None
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        '"Our forces will liberate every town," the Russian defence minister said of the special military '
        "operation in Kiev.",
        encoding="utf-8",
    )
    assert main(["extract", str(article), "--published", "2022-03-01", "--format", "table"]) == 0
    shown = capsys.readouterr().out
    assert "Quotes" in shown and "Framing cues" in shown
    assert "Kiev" in shown and "pro-russia" in shown and "euphemism" in shown


def test_extract_stdin() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sitrep", "extract", "-", "--published", "2022-02-25"],
        input="Russia attacked Ukraine.",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["events"][0]["cameo_root"] == "19"


def test_extract_bad_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Russia attacked Ukraine.", encoding="utf-8")
    assert main(["extract", str(path), "--published", "Feb 25"]) == 3
    assert capsys.readouterr().err.count("error:") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a.txt", "--jsonl", "b.jsonl"], "give either a PATH or --jsonl FILE, not both"),
        (["a.txt", "--field", "text=body"], "--field renames the fields of a --jsonl file"),
        (
            ["--jsonl", "b.jsonl", "--field", "body"],
            "--field body: expected NAME=COLUMN with NAME one of id, ",
        ),
    ],
)
def test_extract_bad_options_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


# --- a JSON-lines batch -----------------------------------------------------------------------------------

BATCH = [
    json.dumps({"id": "one", "text": "Russia attacked Ukraine.", "published": "2022-02-24"}),
    "{not json",
    json.dumps({"id": "two", "text": "Iran threatened Israel.", "source": "Wire"}),
    json.dumps({"id": "three", "text": "Syria condemned Turkey.", "published": "yesterday"}),
    json.dumps({"id": "four", "text": ""}),
    json.dumps({"id": "five", "text": "a" * (MAX_CHARS + 1)}),
    "",
    json.dumps({"id": 6, "text": "Russia attacked Ukraine.", "title": 7}),
    json.dumps(["a list"]),
]


def write_batch(path: Path) -> Path:
    path.write_text("\n".join(BATCH) + "\n", encoding="utf-8")
    return path


def test_jsonl_keeps_order_and_reports_bad_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_batch(tmp_path / "in.jsonl")
    assert main(["extract", "--jsonl", str(path)]) == 3
    captured = capsys.readouterr()
    docs = [json.loads(line) for line in captured.out.splitlines()]
    assert [d["id"] for d in docs] == ["one", "two", "three", "6"]
    assert docs[0]["published"] == "2022-02-24" and docs[1]["source"] == "Wire"
    # As ingest reads it: a bad date, or a title that is not a string, is left out; the article is kept.
    assert docs[2]["published"] is None and docs[3]["title"] is None
    errors = captured.err.splitlines()
    assert errors == [
        f"error: {path}:2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"error: {path}:5: no text (empty or only white space)",
        f"error: {path}:6: text is {MAX_CHARS + 1:,} characters, over the size cap of {MAX_CHARS:,}",
        f"error: {path}:9: not a JSON object (a list)",
        f"error: 4 line(s) of {path} could not be read (see the messages above)",
    ]


def test_jsonl_is_read_as_ingest_reads_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same lines are refused, for the same reasons, as ``sitrep ingest`` quarantines."""
    path = write_batch(tmp_path / "in.jsonl")
    read = list(read_sources([str(path)], ReadOptions()))
    assert main(["extract", "--jsonl", str(path)]) == 3
    captured = capsys.readouterr()
    quarantined = [f"error: {item}" for item in read if isinstance(item, Failure)]
    assert captured.err.splitlines()[:-1] == quarantined
    assert len(captured.out.splitlines()) == len(read) - len(quarantined)


def test_jsonl_field_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"key": "k1", "body": "Russia attacked Ukraine.", "date": "2022-02-24", "text": "no"})
        + "\n",
        encoding="utf-8",
    )
    args = ["--field", "text=body", "--field", "published=date", "--field", "id=key"]
    assert main(["extract", "--jsonl", str(path), *args]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["id"], doc["text"], doc["published"]) == ("k1", "Russia attacked Ukraine.", "2022-02-24")


def test_jsonl_gzipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "z", "text": "Iran threatened Israel."}) + "\n")
    assert main(["extract", "--jsonl", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "z"


def test_jsonl_from_stdin_names_lines_dash() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sitrep", "extract", "--jsonl", "-"],
        input="\n".join(BATCH[:3]) + "\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 3
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["one", "two"]
    assert done.stderr.splitlines()[0].startswith("error: -:2: not valid JSON")


@pytest.mark.parametrize(("name", "message"), [("missing.jsonl", "no such file"), ("", "is a folder")])
def test_jsonl_that_is_no_file_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    path = tmp_path / name
    assert main(["extract", "--jsonl", str(path)]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: {message}") and err.count("\n") == 1


# --- show -------------------------------------------------------------------------------------------------


def test_show_highlights_a_text_and_a_saved_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_model_env: None
) -> None:
    example = EXAMPLES / "kyiv-talks.txt"
    assert main(["show", str(example), "--published", "2022-02-25"]) == 0
    shown = capsys.readouterr().out
    assert "severed" in shown and "key:" in shown and "scare quotes" in shown
    assert main(["extract", str(example), "--published", "2022-02-25"]) == 0
    saved = tmp_path / "doc.json"
    saved.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["show", str(saved)]) == 0
    assert capsys.readouterr().out == shown


def test_show_refuses_a_broken_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "doc.json"
    saved.write_text(json.dumps({"schema": "sitrep.document/1", "text": "x"}), encoding="utf-8")
    assert main(["show", str(saved)]) == 3
    assert "does not match sitrep.document/1" in capsys.readouterr().err
