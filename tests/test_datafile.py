"""The analyst data-file reader: format rules and file:line errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.datafile import read_table
from sitrep.errors import ConfigError, DataFileError


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "table.tsv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_reads_rows_skipping_comments_and_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "# about\nname\tdate\n\nZelensky|Zelenskyy\t2019-05-20\n# note\nLavrov\t\n")
    rows = list(read_table(path, ["name", "date"]))
    assert [r.line for r in rows] == [4, 6]
    assert rows[0].values("name") == ("Zelensky", "Zelenskyy")
    assert rows[0].date("date") == dt.date(2019, 5, 20)
    assert rows[1].date("date") is None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name\tdate\nA\t2019-05-20\tEXTRA\n", 2, "expected 2 tab-separated fields, found 3"),
        ("name\tdate\nA\n", 2, "expected 2 tab-separated fields, found 1"),
        ("name\twhen\nA\tB\n", 1, "header must be"),
        ("# only comments\n", 1, "no header line"),
    ],
)
def test_format_errors_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as info:
        list(read_table(path, ["name", "date"]))
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert message in str(info.value)
    assert isinstance(info.value, ConfigError)


def test_value_errors_name_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "name\tdate\nA\t2019-5-20\n")
    row = next(iter(read_table(path, ["name", "date"])))
    with pytest.raises(DataFileError, match=r"table.tsv:2: column 'date' must be a date"):
        row.date("date")
    row2 = next(iter(read_table(write(tmp_path, "name\tdate\n\t2019-05-20\n"), ["name", "date"])))
    with pytest.raises(DataFileError, match=r":2: column 'name' must not be empty"):
        row2.required("name")


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, b"name\tdate\nA\t\nMoskva \xcc\xee\xf1\xea\xe2\xe0\t\n")
    with pytest.raises(DataFileError, match=r"table.tsv:3: not UTF-8"):
        list(read_table(path, ["name", "date"]))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read the file"):
        list(read_table(tmp_path / "nope.tsv", ["name"]))
