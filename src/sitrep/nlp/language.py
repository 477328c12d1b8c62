"""Language identification per article, with py3langid (langid.py's model, shipped inside the package).

sitrep codes English only. An article identified as another language with confidence is stored with its
language and the reason it was not coded; an article too short or too mixed to tell is coded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

SAMPLE_CHARS = 5000
"""Characters of the text the identifier reads (from the start): enough, and fast on long articles."""
MIN_CHARS = 40
"""Shorter texts are too short to tell; they are coded as English."""
MIN_CONFIDENCE = 0.80
"""Below this probability the guess is not trusted and the article is coded as English."""


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """An ISO 639-1 code (``und`` when the text is too short) and its probability."""

    language: str
    confidence: float

    @property
    def codable(self) -> bool:
        """True when the article is to be coded: English, or not confidently anything else."""
        return self.language in ("en", "und") or self.confidence < MIN_CONFIDENCE

    @property
    def reason(self) -> str:
        """Why the article is not coded (empty when it is)."""
        if self.codable:
            return ""
        return (
            f"language: identified as {self.language!r} (p={self.confidence:.2f}); sitrep codes English only"
        )


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> LanguageGuess:
    """The language of ``text`` (its first :data:`SAMPLE_CHARS` characters)."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return LanguageGuess("und", 0.0)
    language, confidence = _identifier().classify(sample)
    return LanguageGuess(str(language), float(confidence))
