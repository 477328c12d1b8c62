"""The actor dictionaries: countries, organisations and people with dated roles, role words, and the actor
coder's closed-class words.

The files live in ``sitrep/actors/data/`` (``countries.tsv``, ``organisations.tsv``, ``people.tsv``,
``agents.tsv``, ``words.tsv``, ``settings.tsv``); their columns are described in each file's header comment
and in ``docs/dictionaries.md``. Users can point sitrep at their own copies (``load_dictionary(folder)``) to
add actors without touching Python.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.actors.words import ActorWords, load_words
from sitrep.datafile import Row, check_unique, read_table

COUNTRY_COLUMNS = ("iso3", "name", "aliases", "adjectives", "capital", "metonyms")
ORGANISATION_COLUMNS = ("code", "name", "aliases", "kind", "country")
PEOPLE_COLUMNS = ("name", "aliases", "code", "role", "start", "end")
AGENT_COLUMNS = ("term", "sector", "person", "note")
ORGANISATION_KINDS = frozenset(
    {"igo", "ngo", "armed_group", "party", "court", "bloc", "media", "state_body", "breakaway"}
)

_ISO3 = re.compile(r"^[A-Z]{3}$")
_CODE = re.compile(r"^[A-Z]{3}[A-Z0-9]*$")
_SECTOR = re.compile(r"^[A-Z]{3}$")
_TERM = re.compile(r"^[a-z0-9'.\-]+(?: [a-z0-9'.\-]+)*$")


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    metonyms: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Organisation:
    code: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str | None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class PersonRole:
    """One person in one role for one period; a person with three offices has three entries."""

    name: str
    aliases: tuple[str, ...]
    code: str
    role: str
    start: dt.date | None
    end: dt.date | None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Agent:
    """A role word and the sector it gives an actor: "troops" → MIL. ``person``: the word names one person
    ("minister"), not a body ("ministry"); only persons can be "he" or "she"."""

    term: str
    sector: str
    person: bool

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.term.split())


@dataclass(frozen=True, slots=True)
class ActorDictionary:
    countries: tuple[Country, ...]
    organisations: tuple[Organisation, ...]
    people: tuple[PersonRole, ...]
    agents: tuple[Agent, ...] = ()
    words: ActorWords = field(kw_only=True)
    """Pronouns, prepositions, country heads and look-back distances (``words.tsv``, ``settings.tsv``)."""


def _country(row: Row) -> Country:
    iso3 = row.required("iso3")
    if not _ISO3.match(iso3):
        raise row.error(f"iso3 must be three upper-case letters, got {iso3!r}")
    return Country(
        iso3=iso3,
        name=row.required("name"),
        aliases=row.values("aliases"),
        adjectives=row.values("adjectives"),
        capitals=row.values("capital"),
        metonyms=row.values("metonyms"),
    )


def _organisation(row: Row, iso3s: frozenset[str]) -> Organisation:
    code = row.required("code")
    if not _CODE.match(code):
        raise row.error(f"code must be upper-case letters and digits, got {code!r}")
    kind = row.required("kind")
    if kind not in ORGANISATION_KINDS:
        raise row.error(f"kind must be one of {', '.join(sorted(ORGANISATION_KINDS))}, got {kind!r}")
    country = row.get("country") or None
    if country is not None and country not in iso3s:
        raise row.error(f"country {country!r} is not an iso3 code in countries.tsv")
    return Organisation(
        code=code, name=row.required("name"), aliases=row.values("aliases"), kind=kind, country=country
    )


def _person(row: Row, known_prefixes: frozenset[str], org_codes: frozenset[str]) -> PersonRole:
    code = row.required("code")
    if not _CODE.match(code):
        raise row.error(f"code must be upper-case letters and digits, got {code!r}")
    if code[:3] not in known_prefixes and code not in org_codes:
        raise row.error(f"code {code!r} starts with neither a country's iso3 nor an organisation's code")
    start, end = row.date("start"), row.date("end")
    if start and end and end < start:
        raise row.error(f"end {end} is before start {start}")
    return PersonRole(
        name=row.required("name"),
        aliases=row.values("aliases"),
        code=code,
        role=row.required("role"),
        start=start,
        end=end,
    )


def _agent(row: Row) -> Agent:
    term = row.required("term")
    if not _TERM.match(term):
        raise row.error(f"term must be lower-case words separated by single spaces, got {term!r}")
    sector = row.required("sector")
    if not _SECTOR.match(sector):
        raise row.error(f"sector must be three upper-case letters, got {sector!r}")
    person = row.required("person")
    if person not in ("yes", "no"):
        raise row.error(f"person must be yes or no, got {person!r}")
    return Agent(term=term, sector=sector, person=person == "yes")


def load_dictionary(folder: Path) -> ActorDictionary:
    """Load and check the dictionary files in ``folder``."""
    country_rows = list(read_table(folder / "countries.tsv", COUNTRY_COLUMNS))
    countries = tuple(_country(row) for row in country_rows)
    check_unique([(row, c.iso3) for row, c in zip(country_rows, countries, strict=True)], "iso3")
    iso3s = frozenset(c.iso3 for c in countries)

    org_rows = list(read_table(folder / "organisations.tsv", ORGANISATION_COLUMNS))
    organisations = tuple(_organisation(row, iso3s) for row in org_rows)
    check_unique([(row, o.code) for row, o in zip(org_rows, organisations, strict=True)], "code")
    org_codes = frozenset(o.code for o in organisations)
    # Country-like prefixes that are not states: international (IGO...), non-state (NGO..., NSA...).
    prefixes = iso3s | {code[:3] for code in org_codes}

    people = tuple(
        _person(row, prefixes, org_codes) for row in read_table(folder / "people.tsv", PEOPLE_COLUMNS)
    )
    agent_rows = list(read_table(folder / "agents.tsv", AGENT_COLUMNS))
    agents = tuple(_agent(row) for row in agent_rows)
    check_unique([(row, a.term) for row, a in zip(agent_rows, agents, strict=True)], "term")
    return ActorDictionary(
        countries=countries,
        organisations=organisations,
        people=people,
        agents=agents,
        words=load_words(folder),
    )


@cache
def default_dictionary() -> ActorDictionary:
    """The dictionaries shipped with sitrep (loaded once)."""
    with resources.as_file(resources.files("sitrep.actors") / "data") as folder:
        return load_dictionary(folder)
