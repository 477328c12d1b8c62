"""Reading one text: encodings, empty and binary input, size cap."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from sitrep.errors import InputError
from sitrep.textio import decode, read_text


def test_utf8_with_and_without_bom() -> None:
    assert decode("Kyiv — Київ".encode(), name="x") == "Kyiv — Київ"
    assert decode(codecs.BOM_UTF8 + b"Kyiv", name="x") == "Kyiv"


def test_utf16_with_bom() -> None:
    assert decode("Київ said".encode("utf-16"), name="x") == "Київ said"


def test_cp1251_is_rejected_with_a_reason() -> None:
    with pytest.raises(InputError, match=r"x: not UTF-8 text \(bad byte at position 0\)"):
        decode("Київ".encode("cp1251"), name="x")


def test_binary_is_rejected() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="x")


def test_read_text_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match="is a folder"):
        read_text(str(tmp_path))
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        read_text(str(empty))
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 101)
    with pytest.raises(InputError, match="larger than"):
        read_text(str(big), max_bytes=100)
