"""Quote marks: which stretches of a text are in quotation marks.

Works on the raw text, before any parsing, and never fails: straight (``"``), curly (“ ”), low (‘„’),
guillemets (« » and ‹ ›) and single quotes (‘ ’, ') are paired by where they stand (an opening mark before a
word, a closing mark after one). A quote left open at the end of a paragraph continues when the next
paragraph opens with a quote mark (the newspaper convention for quotes running over several paragraphs);
otherwise it ends with the paragraph and is marked ``closed=False``.
"""

from __future__ import annotations

from dataclasses import dataclass

_DOUBLE_OPEN = {'"': '"', "“": "”", "„": "“”", "«": "»", "‹": "›", "»": "«", "”": "”"}
"""Opening mark → the marks that can close it. ``"`` and ``”`` also open (sloppy or Swedish usage), ``»``
opens a quote closed by ``«`` (Danish and German usage)."""
_SINGLE_OPEN = {"‘": "’'", "'": "'’", "‚": "‘’"}
_BEFORE_OPEN = frozenset("([{—–-/:;,\u00a0 \t\n\r\u2009\u202f")
_PUNCT_AFTER_CLOSE = frozenset(' \t\r\n.,;:!?)]}—–-\u00a0\u2009\u202f"”’»›…')
_TRIM_END = frozenset(", \t\r\n\u00a0")


@dataclass(frozen=True, slots=True)
class Marked:
    """A stretch in quote marks: ``text[start:end]`` is the content, without marks, surrounding spaces or a
    trailing comma. ``open_at``/``close_at`` are the marks' offsets (``close_at`` is ``None`` when the quote
    was never closed)."""

    start: int
    end: int
    open_at: int
    close_at: int | None
    paragraphs: int = 1

    @property
    def closed(self) -> bool:
        return self.close_at is not None


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (
        before in _BEFORE_OPEN or before in _DOUBLE_OPEN or before in _SINGLE_OPEN
    ) and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after in _PUNCT_AFTER_CLOSE or not after.isalnum())


def _single_closes(text: str, i: int) -> bool:
    # An apostrophe ("Ukraine’s", "don't") has a letter on both sides; a closing single quote does not.
    after = text[i + 1] if i + 1 < len(text) else " "
    return _closes(text, i) and not after.isalpha()


def find_marked(text: str) -> list[Marked]:
    """The quoted stretches of ``text``, in order and not overlapping."""
    found: list[Marked] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _DOUBLE_OPEN and _opens(text, i):
            closers, single = _DOUBLE_OPEN[ch], False
        elif ch in _SINGLE_OPEN and _opens(text, i) and (i == 0 or not text[i - 1].isalnum()):
            closers, single = _SINGLE_OPEN[ch], True
        else:
            i += 1
            continue
        marked, i = _scan(text, i, closers, single)
        if marked is not None:
            found.append(marked)
    return found


def _scan(text: str, opened: int, closers: str, single: bool) -> tuple[Marked | None, int]:
    """Scan from the opening mark at ``opened`` to its closing mark; return the quote and where to go on."""
    n = len(text)
    i = opened + 1
    paragraphs = 1
    while i < n:
        ch = text[i]
        if ch in closers and (_single_closes(text, i) if single else _closes(text, i)):
            return _marked(text, opened, i, i, paragraphs), i + 1
        if ch == "\n":
            # A paragraph ends inside the quote: it goes on if the next paragraph opens with a quote mark.
            j = i
            while j < n and text[j].isspace():
                j += 1
            if not single and j < n and text[j] == text[opened] and _opens(text, j):
                paragraphs += 1
                i = j + 1
                continue
            if single:
                # An unclosed single quote is most likely an apostrophe: no quote.
                return None, opened + 1
            return _marked(text, opened, None, i, paragraphs), i
        i += 1
    if single:
        return None, opened + 1
    return _marked(text, opened, None, n, paragraphs), n


def _marked(text: str, opened: int, closed: int | None, end: int, paragraphs: int) -> Marked | None:
    start = opened + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    if end <= start:
        return None
    return Marked(start, end, opened, closed, paragraphs)
