"""Reading one text from a file or standard input, with named reasons for every rejection."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from sitrep.errors import InputError

MAX_TEXT_BYTES = 2 * 1024 * 1024  # 2 MB of text: anything longer is not one news article


def decode(data: bytes, *, name: str) -> str:
    """Bytes to text: a BOM decides (UTF-8, UTF-16), else the bytes must be UTF-8."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not text")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(
                    f"{name}: has a {encoding} byte-order mark but is not valid {encoding}"
                ) from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: not UTF-8 text (bad byte at position {err.start}); convert it first, e.g. with iconv"
        ) from err


def read_text(path: str, *, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """The text of ``path`` (``-`` for standard input), decoded and checked."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with Path(path).open("rb") as handle:
                data = handle.read(max_bytes + 1)
    except FileNotFoundError as err:
        raise InputError(f"{name}: no such file") from err
    except IsADirectoryError as err:
        raise InputError(f"{name}: is a folder, not a text file") from err
    except OSError as err:
        raise InputError(f"{name}: cannot be read ({err.strerror or err})") from err
    if len(data) > max_bytes:
        raise InputError(f"{name}: larger than {max_bytes:,} bytes; not one article (split it first)")
    text = decode(data, name=name)
    if not text.strip():
        raise InputError(f"{name}: is empty")
    return text
