"""The analyst data-file reader: format rules and file:line errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.datafile import read_settings, read_table
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


def test_settings_are_read_by_name(tmp_path: Path) -> None:
    path = write(tmp_path, "# numbers\nname\tvalue\tnote\nwindow\t12\t\nshare\t0.5\thalf\n")
    rows = read_settings(path, ("window", "share"))
    assert rows["window"].whole("value", 1, 100) == 12 and rows["share"].number("value", 0, 1) == 0.5


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("name\tvalue\tnote\nwindow\t12\t\nwindow\t13\t\nshare\t1\t\n", 3, "duplicate setting 'window'"),
        ("name\tvalue\tnote\nwidth\t12\t\n", 2, "unknown setting 'width'"),
        ("name\tvalue\tnote\nwindow\t12\t\n", 2, "missing setting share"),
    ],
)
def test_bad_settings(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataFileError, match=message) as info:
        read_settings(path, ("window", "share"))
    assert info.value.line == line


def test_numbers_are_checked(tmp_path: Path) -> None:
    [row] = read_table(write(tmp_path, "value\n1.5\n"), ["value"])
    with pytest.raises(DataFileError, match=r":2: column 'value' must be a number from 0 to 1, got '1.5'"):
        row.number("value", 0, 1)
    with pytest.raises(DataFileError, match=r"must be a whole number from 0 to 9, got '1.5'"):
        row.whole("value", 0, 9)
