"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
"""The repository root."""
EXAMPLES = REPO / "examples"
TEST_DATA = Path(__file__).resolve().parent / "data"
"""Fixture files written for the tests (tests/data)."""


def copy_folder(source: Path, tmp_path: Path) -> Path:
    """A writable copy of a shipped data folder, for tests that break an entry."""
    folder = tmp_path / "data"
    shutil.copytree(source, folder)
    return folder


def append_line(path: Path, line: str) -> int:
    """Append one line to a data file; return its line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def assert_bad_entry_reported(
    load: Callable[[Path], object], source: Path, tmp_path: Path, file: str, line: str, message: str
) -> None:
    """Append a bad ``line`` to ``file`` in a copy of ``source``: loading must fail at that file:line."""
    from sitrep.errors import DataFileError

    folder = copy_folder(source, tmp_path)
    line_no = append_line(folder / file, line)
    with pytest.raises(DataFileError) as info:
        load(folder)
    assert info.value.path == folder / file
    assert info.value.line == line_no
    assert message in str(info.value)
    assert str(info.value).startswith(f"{folder / file}:{line_no}: ")
