"""The framing lexicon: loaded wording, euphemisms and contested names, in two data files analysts edit.

``conflicts.tsv`` lists the conflicts the lexicon covers and the sides whose wording it records;
``lexicon.tsv`` holds the entries. The format is documented in ``docs/framing.md``; a bad entry raises
:class:`~sitrep.errors.DataFileError` with ``file:line``.

The lexicon is meant to be symmetric: for every conflict, entries for the wording of each side.
:meth:`Lexicon.uncovered` lists the (conflict, side) pairs that have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.datafile import Row, check_unique, read_table
from sitrep.errors import DataFileError
from sitrep.framing.scare import SCARE_FILE, ScareRules, default_scare_rules, load_scare_rules

CONFLICT_COLUMNS = ("conflict", "sides", "countries", "note")
LEXICON_COLUMNS = ("term", "match", "category", "alternatives", "conflict", "signals", "note")

CATEGORIES: tuple[str, ...] = (
    "euphemism",
    "loaded_label",
    "contested_name",
    "title",
    "dehumanising",
    "scare_quotes",
)
"""Framing categories. ``scare_quotes`` is found from quote marks, not from lexicon entries."""
MATCH_MODES: tuple[str, ...] = ("lemma", "word", "case")
"""``lemma``: each word by its dictionary form, any case; ``word``: the exact words, any case; ``case``: the
exact words in the exact case."""

_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_TERM = re.compile(r"^[\w'’.\-]+(?: [\w'’.\-]+)*$")


@dataclass(frozen=True, slots=True)
class Conflict:
    id: str
    sides: tuple[str, ...]
    countries: tuple[str, ...]
    note: str
    rule: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon line: its term variants and what the wording signals."""

    terms: tuple[str, ...]
    """Variants, as written in the file ("special military operation", "special operation")."""
    match: str
    category: str
    alternatives: tuple[str, ...]
    conflict: str
    signals: tuple[str, ...]
    note: str
    rule: str
    """``lexicon.tsv:LINE``: where the entry is."""

    @property
    def term(self) -> str:
        return self.terms[0]


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    conflicts: dict[str, Conflict]
    entries: tuple[Entry, ...]
    scare: ScareRules = field(default_factory=default_scare_rules)
    """The words that tell scare quotes from attributed words, names and mentions (``scare-quotes.tsv``)."""

    def uncovered(self) -> list[tuple[str, str]]:
        """(conflict, side) pairs with no entry signalling that side's wording: the lexicon is not
        symmetric there."""
        covered = {(e.conflict, side) for e in self.entries for side in e.signals}
        return [
            (c.id, side) for c in self.conflicts.values() for side in c.sides if (c.id, side) not in covered
        ]


def _rule(row: Row) -> str:
    return f"{row.path.name}:{row.line}"


def _conflict(row: Row) -> Conflict:
    ident = row.required("conflict")
    if not _ID.match(ident):
        raise row.error(f"conflict {ident!r} must be lower-case words joined by '-'")
    sides = row.values("sides")
    if len(sides) < 2:
        raise row.error("a conflict needs at least two sides (sides: side|side)")
    for side in sides:
        if not _ID.match(side):
            raise row.error(f"side {side!r} must be lower-case words joined by '-'")
    if len(set(sides)) != len(sides):
        raise row.error("a side is listed twice")
    countries = row.values("countries")
    for country in countries:
        if not _ISO3.match(country):
            raise row.error(f"country {country!r} must be an ISO 3166 alpha-3 code (UKR, RUS)")
    return Conflict(ident, sides, countries, row.get("note"), _rule(row))


def _entry(row: Row, conflicts: dict[str, Conflict]) -> Entry:
    terms = row.values("term")
    if not terms:
        raise row.error("column 'term' must not be empty")
    match = row.required("match")
    if match not in MATCH_MODES:
        raise row.error(f"match must be one of {', '.join(MATCH_MODES)}, got {match!r}")
    for term in terms:
        if not _TERM.match(term):
            raise row.error(f"term {term!r} must be words separated by single spaces")
        if match == "lemma" and term != term.lower():
            raise row.error(f"a lemma term is written in lower case, got {term!r} (use match=case for case)")
    category = row.required("category")
    if category not in CATEGORIES or category == "scare_quotes":
        allowed = ", ".join(c for c in CATEGORIES if c != "scare_quotes")
        raise row.error(f"category must be one of {allowed}, got {category!r}")
    conflict = row.required("conflict")
    if conflict not in conflicts:
        raise row.error(f"conflict {conflict!r} is not in conflicts.tsv ({', '.join(conflicts)})")
    signals = row.values("signals")
    if not signals:
        raise row.error("column 'signals' must name at least one side")
    for side in signals:
        if side not in conflicts[conflict].sides:
            raise row.error(
                f"signals {side!r} is not a side of {conflict} ({', '.join(conflicts[conflict].sides)})"
            )
    note = row.required("note")
    return Entry(terms, match, category, row.values("alternatives"), conflict, signals, note, _rule(row))


def load_lexicon(folder: Path) -> Lexicon:
    """Load and check ``conflicts.tsv`` and ``lexicon.tsv`` in ``folder``, and its ``scare-quotes.tsv`` and
    ``scare-quote-settings.tsv`` if it has them (else the shipped ones)."""
    conflict_rows = list(read_table(folder / "conflicts.tsv", CONFLICT_COLUMNS))
    conflicts_list = [_conflict(row) for row in conflict_rows]
    check_unique([(row, c.id) for row, c in zip(conflict_rows, conflicts_list, strict=True)], "conflict")
    conflicts = {c.id: c for c in conflicts_list}
    rows = list(read_table(folder / "lexicon.tsv", LEXICON_COLUMNS))
    entries = [_entry(row, conflicts) for row in rows]
    keys: list[tuple[Row, str]] = []
    for row, entry in zip(rows, entries, strict=True):
        for term in entry.terms:
            folded = term.lower().replace("’", "'").replace("‘", "'")
            keys.append((row, f"{folded} ({entry.conflict})"))
    check_unique(keys, "term")
    if not entries:
        raise DataFileError(folder / "lexicon.tsv", 1, "the lexicon has no entries")
    own = (folder / SCARE_FILE).exists()
    return Lexicon(conflicts, tuple(entries), load_scare_rules(folder) if own else default_scare_rules())


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped with sitrep (loaded once)."""
    with resources.as_file(resources.files("sitrep.framing") / "data") as folder:
        return load_lexicon(folder)
