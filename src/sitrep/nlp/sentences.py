"""News sentence boundaries from syntok, set before the parser.

spaCy's parser decides sentence boundaries as a side effect of parsing, and on news it splits badly around
quotes and abbreviations. syntok's rule-based segmenter knows "U.S.", "Feb. 24", "Mr." and keeps a quote
together with its attribution (``"...," he said.``). This component marks the first token of each syntok
sentence as a sentence start; in ``strict`` mode (the default) every other token is marked as *not* a
start, so the parser only parses inside those sentences. In ``hint`` mode the parser may still add boundaries.
"""

from __future__ import annotations

from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc
from syntok import segmenter

SentenceMode = Literal["strict", "hint"]


def sentence_start_offsets(text: str) -> list[int]:
    """Character offsets at which syntok starts a sentence, in increasing order."""
    starts: list[int] = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            if sentence:
                starts.append(sentence[0].offset)
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
        inside: bool | None = False if self.mode == "strict" else None
        pending = 0
        first = True
        for token in doc:
            if token.is_space:
                # Whitespace belongs to the sentence before it, never starts one (unless it opens the doc).
                token.is_sent_start = first
                first = False
                continue
            end = token.idx + len(token)
            is_start = first
            while pending < len(starts) and starts[pending] < end:
                is_start = True
                pending += 1
            token.is_sent_start = True if is_start else inside
            first = False
        return doc


@Language.factory(
    "sitrep_sentences",
    default_config={"mode": "strict"},
    assigns=["token.is_sent_start"],
)
def make_syntok_sentences(nlp: Language, name: str, mode: SentenceMode) -> SyntokSentences:
    return SyntokSentences(mode=mode)
