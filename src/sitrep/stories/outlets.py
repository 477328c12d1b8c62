"""Outlet metadata: who published a report (``outlets.tsv``), so a side-by-side view can set state media
beside the others. An article's outlet is found from its ``source`` (the credited name, or a web host as some
corpora give it) and its URL's host."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from sitrep.datafile import Row, check_unique, read_table
from sitrep.ingest.base import hostname

COLUMNS = ("outlet", "domains", "aliases", "country", "ownership", "language", "note")
OWNERSHIPS = ("state", "public", "private", "party")
_HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet: its name, web hosts, home country (ISO3), ownership and language."""

    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]
    country: str
    ownership: str
    language: str
    rule: str
    """``outlets.tsv:LINE``: where the entry is."""

    def to_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "country": self.country,
            "ownership": self.ownership,
            "language": self.language,
        }


class Outlets:
    """The outlet table, with lookups by name and by web host."""

    def __init__(self, entries: Iterable[Outlet]) -> None:
        self.entries = tuple(entries)
        self._names = {_name_key(name): o for o in self.entries for name in (o.name, *o.aliases)}
        self._domains = {d: o for o in self.entries for d in o.domains}

    def find(self, source: str | None = None, url: str | None = None) -> Outlet | None:
        """The outlet of an article credited to ``source`` (a name or a web host) or read from ``url``."""
        for candidate in (source, host(url)):
            if not candidate:
                continue
            found = self._names.get(_name_key(candidate)) or self._by_host(candidate)
            if found is not None:
                return found
        return None

    def _by_host(self, text: str) -> Outlet | None:
        name = host(text)
        if not name or not _HOST.match(name):
            return None
        parts = name.split(".")
        for i in range(len(parts) - 1):
            found = self._domains.get(".".join(parts[i:]))
            if found is not None:
                return found
        return None


def host(url: str | None) -> str | None:
    """The web host of a URL (or of a bare host), without "www."; ``None`` for none or a malformed URL."""
    if not url:
        return None
    text = url.strip()
    name = hostname(text if "//" in text else f"//{text}")
    return name.rstrip(".").removeprefix("www.") or None if name else None


def _name_key(name: str) -> str:
    return " ".join(name.lower().removeprefix("the ").split())


def _outlet(row: Row) -> Outlet:
    name = row.required("outlet")
    domains = row.values("domains")
    for domain in domains:
        if not _HOST.match(domain) or domain.startswith("www."):
            raise row.error(f"a domain is a lower-case web host without 'www.', got {domain!r}")
    country = row.required("country")
    if not _COUNTRY.match(country):
        raise row.error(f"country must be an ISO 3166-1 alpha-3 code (three capitals), got {country!r}")
    ownership = row.required("ownership")
    if ownership not in OWNERSHIPS:
        raise row.error(f"ownership must be one of {', '.join(OWNERSHIPS)}, got {ownership!r}")
    language = row.required("language")
    if not _LANGUAGE.match(language):
        raise row.error(f"language must be an ISO 639-1 code (two lower-case letters), got {language!r}")
    return Outlet(
        name, domains, row.values("aliases"), country, ownership, language, f"{row.path.name}:{row.line}"
    )


def load_outlets(path: Path) -> Outlets:
    """Load and check an outlet table; a bad entry raises :class:`~sitrep.errors.DataFileError` with
    ``file:line``; a name, alias or domain given twice is refused."""
    rows = list(read_table(path, COLUMNS))
    entries = [_outlet(row) for row in rows]
    keys: list[tuple[Row, str]] = []
    for row, outlet in zip(rows, entries, strict=True):
        names = dict.fromkeys(_name_key(n) for n in (outlet.name, *outlet.aliases))
        keys += [(row, f"name {n!r}") for n in names]
        keys += [(row, f"domain {d!r}") for d in outlet.domains]
    check_unique(keys, "outlet name or domain")
    return Outlets(entries)


@cache
def default_outlets() -> Outlets:
    """The outlet table shipped with sitrep."""
    with resources.as_file(resources.files("sitrep.stories") / "data" / "outlets.tsv") as path:
        return load_outlets(path)
