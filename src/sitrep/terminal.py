"""Text from outside (file names, URLs, titles, outlets, feed text) made safe to print on a terminal.

A file name or a feed title can hold an escape sequence (``ESC [ 2 J`` clears the screen; others retitle
the window or forge hyperlinks), a newline that forges a line of output, or a bidirectional override that
reorders what is shown. :func:`shown` writes every such character visibly as a Python-style escape, so
what is printed is what the name is, on one line.

This module imports nothing of sitrep's: every layer may use it.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]"
)
"""C0 and C1 controls (ESC, newline, tab, carriage return, NUL …), DEL, line and paragraph separators,
bidirectional marks and overrides, and lone surrogates."""

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: object) -> str:
    """``text`` (any object, as ``str``) with every control character, line break, bidirectional
    control and lone surrogate written as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``): safe to
    print on a terminal, always one line."""
    value = str(text)
    return _UNSAFE.sub(_escape, value) if _UNSAFE.search(value) else value
