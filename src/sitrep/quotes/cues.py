"""The quote finder's data: the words that say who says so (``speech.tsv``) and its numbers
(``quote-settings.tsv``).

Both files sit beside the event patterns (a ``--patterns`` folder holds them too); the format is documented in
``docs/patterns.md``. A bad entry raises :class:`~sitrep.errors.DataFileError` with ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.datafile import Row, check_unique, read_settings, read_table

SPEECH_FILE = "speech.tsv"
SETTINGS_FILE = "quote-settings.tsv"
SPEECH_COLUMNS = ("cue", "kind", "value", "note")
KINDS = ("speech", "source", "naming", "addressee")
VALUES = ("asserted", "negated")
SETTINGS = ("scare_quote_words", "frame_window")

_WORDS = re.compile(r"^[a-z0-9'.\-]+(?: [a-z0-9'.\-]+)*$")


@dataclass(frozen=True, slots=True)
class Cue:
    """One entry of ``speech.tsv``."""

    words: tuple[str, ...]
    kind: str
    negated: bool
    """A cue that denies what it reports ("denied that ..."): the events reported under it are negated."""
    rule: str


@dataclass(frozen=True, slots=True, eq=False)
class SpeechCues:
    """Everything the quote finder knows about words, loaded once."""

    speech: dict[str, Cue]
    """Verbs of saying, by lemma."""
    naming: dict[str, Cue]
    """Verbs that give quoted words to their subject (called the measures "long overdue"), by lemma."""
    sources: tuple[Cue, ...]
    """Prepositional attribution ("according to"), by its words."""
    addressee: frozenset[str]
    """Verbs of saying whose object is the person told ("told reporters ..."), by lemma."""
    scare_quote_words: int
    """Quoted words in narrative, with no one to say them, up to this many are scare quotes."""
    frame_window: int
    """How many tokens after a closing mark (or before an opening one) a verb of saying may stand."""


def _cue(row: Row) -> Cue:
    text = row.required("cue")
    if not _WORDS.match(text):
        raise row.error(f"cue {text!r} must be lower-case words separated by single spaces")
    kind = row.required("kind")
    if kind not in KINDS:
        raise row.error(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    value = row.get("value")
    if kind == "addressee":
        if value:
            raise row.error(f"an addressee entry has no value, got {value!r}")
    elif (value or "asserted") not in VALUES:
        raise row.error(f"a {kind} cue's value must be asserted or negated, got {value!r}")
    if kind != "source" and " " in text:
        raise row.error(f"a {kind} cue is one word (a lemma), got {text!r}")
    return Cue(
        words=tuple(text.split()), kind=kind, negated=value == "negated", rule=f"{row.path.name}:{row.line}"
    )


def load_speech_cues(folder: Path) -> SpeechCues:
    """Load and check ``speech.tsv`` and ``quote-settings.tsv`` in ``folder``."""
    rows = list(read_table(folder / SPEECH_FILE, SPEECH_COLUMNS))
    cues = [_cue(row) for row in rows]
    check_unique(
        [(row, f"{' '.join(c.words)} {c.kind}") for row, c in zip(rows, cues, strict=True)], "cue and kind"
    )
    settings = read_settings(folder / SETTINGS_FILE, SETTINGS)

    def words(kind: str) -> dict[str, Cue]:
        return {" ".join(c.words): c for c in cues if c.kind == kind}

    return SpeechCues(
        speech=words("speech"),
        naming=words("naming"),
        sources=tuple(c for c in cues if c.kind == "source"),
        addressee=frozenset(words("addressee")),
        scare_quote_words=settings["scare_quote_words"].whole("value", 1, 100),
        frame_window=settings["frame_window"].whole("value", 1, 100),
    )


@cache
def default_speech_cues() -> SpeechCues:
    """The cues shipped with sitrep (loaded once)."""
    with resources.as_file(resources.files("sitrep.quotes") / "data") as folder:
        return load_speech_cues(folder)
