"""Shared fixtures. Tests never touch the network; gold-data tests need ../shared/data."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from spacy.language import Language

REPO = Path(__file__).resolve().parent.parent


def gold_data_dir() -> Path:
    return Path(os.environ.get("SITREP_DATA") or REPO.parent / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def gold_data() -> Path:
    """The shared gold data; skipped on a user's clone without it, required in CI."""
    folder = gold_data_dir()
    if not (folder / "ud-english-ewt").is_dir():
        reason = f"gold data not found at {folder} (set SITREP_DATA to the shared/data folder)"
        if os.environ.get("CI"):
            pytest.fail("CI must run the gold gates: " + reason)
        pytest.skip(reason)
    return folder


@pytest.fixture(scope="session")
def nlp() -> Language:
    from sitrep.nlp.model import load_model

    return load_model()


@pytest.fixture
def no_model_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("SITREP_MODEL", raising=False)
    yield


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
