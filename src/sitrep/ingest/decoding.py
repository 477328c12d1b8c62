"""Bytes → text for every reader, with a named reason for every rejection.

Rules of :func:`decode_bytes`, in order:

1. A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); bytes that do not match their BOM are
   rejected.
2. NUL bytes (without a BOM) mean a binary file: rejected as ``binary``.
3. Valid UTF-8 is UTF-8 (plain ASCII included).
4. Not UTF-8, but a real share of it is: *mixed encodings*, rejected. "A real share" means the bytes hold
   valid multi-byte UTF-8 sequences that make up at least :data:`MIXED_SHARE` of the non-ASCII bytes, or
   any UTF-8 general-punctuation sequence (``E2 80 xx``/``E2 81 xx``: dashes, curly quotes, ellipsis),
   which no single-byte encoding produces in real text. A few accidental two-byte "UTF-8" pairs are normal
   in legacy text (cp1251 ``Мі`` is ``CC B3``), so a lone pair does not make a text mixed; a mostly
   single-byte text with a small UTF-8 insertion is decoded as the single-byte encoding (a few garbled
   characters).
5. Otherwise one legacy encoding, detected with ``charset_normalizer`` (cp1251, cp1252/latin-1 and the
   other single- and multi-byte encodings it knows) and decoded; when nothing fits, rejected.

:func:`decode_http` puts a declared charset (HTTP ``Content-Type``, ``<meta charset>``) before detection
when the bytes decode cleanly in it.

Rejections raise :class:`DecodeError`, an :class:`~sitrep.errors.InputError` whose ``kind`` is the
:data:`~sitrep.article.FailureKind` readers report (``binary`` or ``encoding``) and whose ``reason`` is
the one-line message without the input's name.
"""

from __future__ import annotations

import codecs
import re

from sitrep.article import FailureKind
from sitrep.errors import InputError

MIXED_SHARE = 0.2
"""Share of the non-ASCII bytes that valid UTF-8 sequences must cover for a non-UTF-8 text to be *mixed*."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_UTF8_PUNCTUATION = re.compile(rb"\xe2[\x80\x81][\x80-\xbf]")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_LATIN1_LABELS = frozenset({"iso8859-1", "ascii", "cp1252"})
"""Charsets servers declare by default (WHATWG reads all three as windows-1252)."""


class DecodeError(InputError):
    """Bytes that cannot be read as text; ``kind`` is ``binary`` or ``encoding``."""

    def __init__(self, name: str, reason: str, kind: FailureKind = "encoding") -> None:
        self.name = name
        self.reason = reason
        self.kind: FailureKind = kind
        super().__init__(f"{name}: {reason}")


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """``(text, encoding used)`` for ``data``, by the rules in the module docstring.

    :raises DecodeError: binary data, mixed encodings, or no encoding fits.
    """
    bom = _from_bom(data, name)
    if bom is not None:
        return bom
    if b"\x00" in data:
        raise DecodeError(name, "looks like a binary file (NUL bytes), not text", "binary")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first_bad = err.start
    if _looks_mixed(data):
        raise DecodeError(
            name, f"mixed encodings: valid UTF-8 in places, invalid bytes at position {first_bad}"
        )
    encoding = _detect_legacy(data)
    if encoding is None:
        raise DecodeError(
            name,
            f"not UTF-8 and no other encoding fits (bad byte at position {first_bad}); "
            "convert it first, e.g. with iconv",
        )
    return data.decode(encoding), encoding


def decode_http(body: bytes, content_type_charset: str | None, name: str) -> tuple[str, str]:
    """``(text, encoding used)`` for a web page or response body.

    A BOM wins (as in browsers); then the declared charset, when Python knows it and the body decodes in it
    without error; then :func:`decode_bytes`. One exception: a body declared ISO-8859-1, US-ASCII or
    windows-1252 (the defaults servers send without looking) that is valid UTF-8 with non-ASCII characters
    in it is read as UTF-8.

    :raises DecodeError: as :func:`decode_bytes`.
    """
    bom = _from_bom(body, name)
    if bom is not None:
        return bom
    encoding = normalize_charset(content_type_charset)
    if encoding is not None and not (b"\x00" in body and not encoding.startswith(("utf-16", "utf-32"))):
        if encoding in _LATIN1_LABELS:
            if _NON_ASCII.search(body):
                try:
                    return body.decode("utf-8"), "utf-8"
                except UnicodeDecodeError:
                    pass
            for candidate in ("cp1252", "latin-1"):  # cp1252 leaves five bytes undefined
                try:
                    return body.decode(candidate), candidate
                except UnicodeDecodeError:
                    continue
        try:
            return body.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    return decode_bytes(body, name)


def normalize_charset(label: str | None) -> str | None:
    """Python's codec name for a charset label (``"ISO-8859-1"`` → ``"iso8859-1"``), or None if unknown."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """``("text/html", "utf-8")`` for ``"text/html; charset=UTF-8"``; ``("", None)`` for nothing."""
    if not value:
        return "", None
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return mime.strip().lower(), charset


def _from_bom(data: bytes, name: str) -> tuple[str, str] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise DecodeError(
                    name,
                    f"has a {encoding} byte-order mark but is not valid {encoding} "
                    f"(bad byte at position {err.start})",
                ) from err
    return None


def _looks_mixed(data: bytes) -> bool:
    """True when valid UTF-8 is a real share of a text that is not all UTF-8 (see the module docstring)."""
    if _UTF8_PUNCTUATION.search(data):
        return True
    non_ascii = len(data) - len(data.translate(None, _HIGH_BYTES))
    needed = MIXED_SHARE * non_ascii
    covered = 0
    for match in _UTF8_SEQUENCE.finditer(data):
        covered += match.end() - match.start()
        if covered >= needed:
            return True
    return False


def _detect_legacy(data: bytes) -> str | None:
    """The single legacy encoding ``data`` is in, or None when nothing fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding.startswith("utf"):
        return None
    encoding = best.encoding
    text = data.decode(encoding)
    if encoding != "cp1252":
        # Western text often decodes the same in several code pages; report the common one.
        try:
            if data.decode("cp1252") == text:
                return "cp1252"
        except UnicodeDecodeError:
            pass
    return encoding
