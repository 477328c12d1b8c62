"""The words around a name that say it is a place (``data/words.tsv``), loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from sitrep.datafile import read_table

WORDS_FILE: Final = Path(__file__).resolve().parent / "data" / "words.tsv"

ROLES: Final = (
    "before",
    "before-weak",
    "verb",
    "city-of",
    "division",
    "direction",
    "feature",
    "said-in",
    "generic-domain",
)


@dataclass(frozen=True, slots=True)
class PlaceWords:
    before: frozenset[str]
    """A place name follows ("in", "near"…)."""
    weak: frozenset[str]
    """A place name may follow ("of", "left"…): taken only for a large city, a division or a country."""
    city_of: frozenset[str]
    division: frozenset[str]
    direction: frozenset[str]
    feature: frozenset[str]
    said_in: frozenset[str]
    generic_domain: frozenset[str]
    """Two-letter domains that say nothing of an outlet's country (``.co``, ``.tv``, ``.io``)."""


def load_words(path: Path = WORDS_FILE) -> PlaceWords:
    """Read a place-words file; a bad entry raises :class:`~sitrep.errors.DataFileError` at its line."""
    roles: dict[str, set[str]] = {role: set() for role in ROLES}
    for row in read_table(path, ("word", "role", "note")):
        word, role = row.required("word"), row.required("role")
        if role not in roles:
            raise row.error(f"column 'role' must be one of {', '.join(ROLES)}, got {role!r}")
        if word != word.lower() or " " in word:
            raise row.error(f"column 'word' must be one lower-case word, got {word!r}")
        roles[role].add(word)
    return PlaceWords(
        before=frozenset(roles["before"]),
        weak=frozenset(roles["before-weak"] | roles["verb"]),
        city_of=frozenset(roles["city-of"]),
        division=frozenset(roles["division"]),
        direction=frozenset(roles["direction"]),
        feature=frozenset(roles["feature"]),
        said_in=frozenset(roles["said-in"]),
        generic_domain=frozenset(roles["generic-domain"]),
    )


@cache
def WORDS() -> PlaceWords:  # noqa: N802 - read as a constant loaded on first use
    """The shipped place words."""
    return load_words()
