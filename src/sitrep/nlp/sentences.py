"""News sentence boundaries from syntok, set before the parser.

spaCy's parser decides sentence boundaries as a side effect of parsing, and on news it splits badly around
quotes and abbreviations. syntok's rule-based segmenter knows "U.S.", "Feb. 24", "Mr." and keeps a quote
together with its attribution (``"...," he said.``). This component marks the first token of each syntok
sentence as a sentence start; in ``strict`` mode (the default) every other token is marked as *not* a
start, so the parser only parses inside those sentences. In ``hint`` mode the parser may still add boundaries.

Line breaks: a blank line always ends a paragraph (and so a sentence). A single line break also does — news
text files usually hold one paragraph, or a headline, per line — unless the text looks hard-wrapped (most
lines of similar, moderate length, as in e-mail or wire copy wrapped at a fixed width), where a line break is
just a space.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from typing import Literal

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from syntok import segmenter

SentenceMode = Literal["strict", "hint"]


_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")


def looks_hard_wrapped(text: str) -> bool:
    """True when the line breaks look like a fixed wrap width rather than paragraph ends."""
    lengths = [len(line.strip()) for line in text.splitlines() if line.strip()]
    if len(lengths) < 4:
        return False
    lengths.sort()
    longest = lengths[int(0.9 * (len(lengths) - 1))]
    return longest <= 100 and statistics.median(lengths) >= 0.6 * longest


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph: split at blank lines, and at line breaks unless hard-wrapped."""
    breaks = _BLANK_LINE if looks_hard_wrapped(text) else _LINE_BREAK
    start = 0
    for match in breaks.finditer(text):
        if match.start() > start:
            yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def sentence_start_offsets(text: str) -> list[int]:
    """Character offsets at which a sentence starts, in increasing order."""
    starts: list[int] = []
    for begin, end in paragraph_spans(text):
        for paragraph in segmenter.analyze(text[begin:end]):
            for sentence in paragraph:
                if sentence:
                    starts.append(begin + sentence[0].offset)
    return starts


class SyntokSentences:
    """A spaCy component: sets ``Token.is_sent_start`` from syntok's segmentation."""

    def __init__(self, mode: SentenceMode = "strict") -> None:
        if mode not in ("strict", "hint"):
            raise ValueError(f"mode must be 'strict' or 'hint', got {mode!r}")
        self.mode = mode

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = sentence_start_offsets(doc.text)
        # Set all flags in one array: Token.is_sent_start's setter scans the whole Doc on every call.
        inside = -1 if self.mode == "strict" else 0
        flags = numpy.zeros((len(doc), 1), dtype="int64")
        pending = 0
        for token in doc:
            first = token.i == 0
            if token.is_space:
                # Whitespace belongs to the sentence before it, never starts one (unless it opens the doc).
                flags[token.i, 0] = 1 if first else -1
                continue
            end = token.idx + len(token)
            is_start = first
            while pending < len(starts) and starts[pending] < end:
                is_start = True
                pending += 1
            flags[token.i, 0] = 1 if is_start else inside
        doc.from_array([SENT_START], flags.view("uint64"))  # type: ignore[arg-type]
        return doc


@Language.factory(
    "sitrep_sentences",
    default_config={"mode": "strict"},
    assigns=["token.is_sent_start"],
)
def make_syntok_sentences(nlp: Language, name: str, mode: SentenceMode) -> SyntokSentences:
    return SyntokSentences(mode=mode)
