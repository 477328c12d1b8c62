"""Reading analyst data files: tab-separated tables with a header, comments and ``file:line`` errors.

Analyst knowledge (actors, patterns, lexicons) lives in plain ``.tsv`` files that people edit by hand. The
format is the same everywhere:

* lines starting with ``#`` and blank lines are ignored;
* the first other line is the header: the column names, separated by tabs;
* every following line is one entry with exactly as many tab-separated fields as the header;
* a field holding several values separates them with ``|``.

Thresholds and confidence values live in settings files (:func:`read_settings`): a ``name``, ``value``,
``note`` table with one line per setting.

Any problem raises :class:`~sitrep.errors.DataFileError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.errors import DataFileError


@dataclass(frozen=True, slots=True)
class Row:
    """One entry of a data file, with where it came from."""

    path: Path
    line: int
    fields: dict[str, str]

    def get(self, column: str) -> str:
        return self.fields[column]

    def required(self, column: str) -> str:
        value = self.fields[column]
        if not value:
            raise self.error(f"column '{column}' must not be empty")
        return value

    def values(self, column: str) -> tuple[str, ...]:
        """The ``|``-separated values of a column, stripped, empty ones dropped."""
        return tuple(v.strip() for v in self.fields[column].split("|") if v.strip())

    def number(self, column: str, low: float, high: float) -> float:
        """The column as a decimal number in ``low..high``."""
        value = self.fields[column]
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if not low <= number <= high:
            raise self.error(f"column '{column}' must be a number from {low:g} to {high:g}, got {value!r}")
        return number

    def whole(self, column: str, low: int, high: int) -> int:
        """The column as a whole number in ``low..high``."""
        value = self.fields[column]
        try:
            number = int(value)
        except ValueError:
            raise self.error(
                f"column '{column}' must be a whole number from {low} to {high}, got {value!r}"
            ) from None
        if not low <= number <= high:
            raise self.error(f"column '{column}' must be a whole number from {low} to {high}, got {value!r}")
        return number

    def date(self, column: str) -> dt.date | None:
        value = self.fields[column]
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(f"column '{column}' must be a date YYYY-MM-DD, got {value!r}") from None

    def error(self, message: str) -> DataFileError:
        return DataFileError(self.path, self.line, message)


def read_table(path: Path, columns: Sequence[str]) -> Iterator[Row]:
    """Yield the rows of a data file whose header must be exactly ``columns``."""
    try:
        handle = path.open("rb")
    except OSError as err:
        raise DataFileError(path, 0, f"cannot read the file: {err.strerror or err}") from err
    header: list[str] | None = None
    with handle:
        for line_no, data in enumerate(handle, start=1):
            try:
                line = data.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as err:
                raise DataFileError(path, line_no, f"not UTF-8 text ({err.reason})") from err
            if line_no == 1:
                line = line.removeprefix("\ufeff")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = [c.strip() for c in cells]
                if header != list(columns):
                    raise DataFileError(
                        path,
                        line_no,
                        f"header must be {' TAB '.join(columns)!r}, got {' TAB '.join(header)!r}",
                    )
                continue
            if len(cells) != len(header):
                raise DataFileError(
                    path, line_no, f"expected {len(header)} tab-separated fields, found {len(cells)}"
                )
            yield Row(path, line_no, {name: cell.strip() for name, cell in zip(header, cells, strict=True)})
    if header is None:
        raise DataFileError(path, 1, "no header line found")


def check_unique(rows: list[tuple[Row, str]], what: str) -> None:
    """Raise a ``file:line`` error at the second row that repeats a key (naming where the first one is)."""
    seen: dict[str, int] = {}
    for row, key in rows:
        if key in seen:
            raise row.error(f"duplicate {what} {key!r} (first at line {seen[key]})")
        seen[key] = row.line


SETTING_COLUMNS = ("name", "value", "note")


def read_settings(path: Path, names: Sequence[str]) -> dict[str, Row]:
    """The rows of a settings file (columns ``name``, ``value``, ``note``), by name: every one of ``names``
    exactly once, and no other. The caller reads each value (``Row.number``, ``Row.whole``, ...)."""
    rows: dict[str, Row] = {}
    last = 1
    for row in read_table(path, SETTING_COLUMNS):
        name = row.required("name")
        if name not in names:
            raise row.error(f"unknown setting {name!r}: the settings are {', '.join(names)}")
        if name in rows:
            raise row.error(f"duplicate setting {name!r} (first at line {rows[name].line})")
        rows[name] = row
        last = row.line
    missing = [name for name in names if name not in rows]
    if missing:
        raise DataFileError(
            path, last, f"missing setting{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        )
    return rows
