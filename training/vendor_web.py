"""Vendor the web UI's JavaScript, CSS and map data from the npm registry into the package (development only).

    python training/vendor_web.py            # download the pinned packages and rewrite the vendor folder
    python training/vendor_web.py --check    # re-hash the vendored files against vendor.tsv (no network)
    python training/vendor_web.py --check --root DIR

Nothing here runs at install or run time: the web UI serves the files this script wrote and committed under
``src/sitrep/serve/static/vendor/``. For each pinned package (exact version), the script reads the registry's
metadata for that version (``https://registry.npmjs.org/<name>/<version>``), downloads ``dist.tarball``,
checks it against ``dist.integrity`` (SRI sha512) and takes only the named files and the package's licence
files from it. JavaScript and CSS files lose their ``sourceMappingURL`` comments (the maps are not vendored,
so the browser would ask for missing files). The country shapes (``countries-110m.geojson``) are derived from
world-atlas's Natural Earth 1:110m TopoJSON, with ISO 3166-1 numeric ids mapped to alpha-3 codes by
i18n-iso-countries's code table. ``vendor.tsv`` records each written file's package, version, licence, sha256
and the tarball's integrity; ``README.md`` says where everything came from.

Standard library only, so that it runs from a bare checkout.
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import io
import itertools
import json
import re
import shutil
import sys
import tarfile
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "sitrep" / "serve" / "static" / "vendor"
REGISTRY = "https://registry.npmjs.org"
TSV = "vendor.tsv"
README = "README.md"
LICENSES = "licenses"
COLUMNS = ("path", "package", "version", "license", "sha256", "integrity")
TIMEOUT = 120


@dataclass(frozen=True)
class Take:
    """One file (or a glob of files, when ``source`` has ``*``) taken from a package tarball.

    ``source`` is relative to the tarball's top folder (``package/``); ``target`` is relative to the vendor
    folder, and is a folder (ending in ``/``) when ``source`` is a glob. ``transform`` names a function of
    ``TRANSFORMS`` applied to the bytes (after the sourceMappingURL comments are stripped).
    """

    source: str
    target: str
    transform: str | None = None


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    takes: tuple[Take, ...] = ()
    extra_licenses: tuple[str, ...] = ()
    """Licence files besides the package's LICENSE/NOTICE (e.g. the third-party notices of a bundle)."""
    spdx: str | None = None
    """The SPDX id, where package.json's ``license`` is not one (it is then checked to say ``spdx_was``)."""
    spdx_was: str | None = None
    note: str = ""


# The latest stable releases on the registry on 2026-12-06. Vega's packages agree: vega-embed 7.3.0 is built
# and tested against vega ^6.4.0 and vega-lite ^6.4.3 (its devDependencies; its peerDependencies accept any),
# vega-lite 6.5.0 needs vega ^6.4.0 (peer), vega-embed depends on vega-interpreter ^2.3.2, and
# vega-interpreter 2.3.2 comes from the vega 6.4.0 release (devDependency vega 6.4.0).
# htmx.org 4.0.1 is the registry's "latest" (htmx 4; 2.0.11 is the last htmx 2).
PINS: tuple[Pin, ...] = (
    Pin(
        "htmx.org", "4.0.1", (Take("dist/htmx.min.js", "htmx.min.js"),), spdx="0BSD", spdx_was="BSD-0-Clause"
    ),
    Pin("vega", "6.4.0", (Take("build/vega.min.js", "vega.min.js"),)),
    Pin("vega-lite", "6.5.0", (Take("build/vega-lite.min.js", "vega-lite.min.js"),)),
    Pin("vega-embed", "7.3.0", (Take("build/vega-embed.min.js", "vega-embed.min.js"),)),
    Pin(
        "vega-interpreter",
        "2.3.2",
        (Take("build/vega-interpreter.js", "vega-interpreter.min.js", transform="vega_interpreter_global"),),
        note="vega-interpreter 2 ships only an ES module (importing vega-util); the script rewrites it into "
        "a classic script that takes vega-util's functions from the global `vega` (load it after "
        "vega.min.js) and defines `vega.expressionInterpreter`. Not minified (9 KB), despite the file name.",
    ),
    Pin(
        "leaflet",
        "1.9.4",
        (
            Take("dist/leaflet.js", "leaflet/leaflet.js"),
            Take("dist/leaflet.css", "leaflet/leaflet.css"),
            Take("dist/images/*", "leaflet/images/"),
        ),
    ),
    Pin("cytoscape", "3.35.0", (Take("dist/cytoscape.min.js", "cytoscape.min.js"),)),
    Pin(
        "swagger-ui-dist",
        "5.36.0",
        (
            Take("swagger-ui-bundle.js", "swagger-ui/swagger-ui-bundle.js"),
            Take("swagger-ui.css", "swagger-ui/swagger-ui.css"),
        ),
        extra_licenses=("swagger-ui-bundle.js.LICENSE.txt",),
    ),
    # The source of countries-110m.geojson (derive_countries): Natural Earth 1:110m admin-0 countries, v4.1.0.
    Pin("world-atlas", "2.0.2"),
    # Its codes.json maps ISO 3166-1 numeric codes to alpha-3 for the GeoJSON's iso3 property.
    Pin("i18n-iso-countries", "7.14.0"),
)

COUNTRIES = "countries-110m.geojson"
COUNTRIES_FROM = ("world-atlas", "countries-110m.json")
CODES_FROM = ("i18n-iso-countries", "codes.json")
DECIMALS = 2
NO_ID = {"Kosovo": "XKX", "N. Cyprus": "CYP", "Somaliland": "SOM"}
"""Natural Earth shapes without an ISO 3166-1 code (world-atlas gives them no id): Kosovo takes XKX, the
user-assigned code the EU and IMF use (as sitrep's country tables do); Northern Cyprus and Somaliland take the
code of the state that ISO 3166-1 counts them in (CYP, SOM)."""

LICENCE_NAME = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE)(\.(md|txt|markdown))?$", re.IGNORECASE)
SOURCE_MAP_LINE = re.compile(
    rb"^[ \t]*(?://[#@][ \t]*sourceMappingURL=[^\r\n]*|/\*[#@][ \t]*sourceMappingURL=[^\r\n]*?\*/)"
    rb"[ \t]*(?:\r?\n|$)",
    re.MULTILINE,
)


class VendorError(Exception):
    pass


# -- the registry --------------------------------------------------------------------------------------------


@dataclass
class Package:
    """A downloaded, verified package tarball."""

    pin: Pin
    tarball: str
    integrity: str
    license: str
    files: dict[str, bytes] = field(repr=False)
    """Every regular file of the tarball by its path below the top folder."""

    def read(self, path: str) -> bytes:
        try:
            return self.files[path]
        except KeyError:
            raise VendorError(f"{self.pin.name}@{self.pin.version} has no file {path}") from None


def _get(url: str) -> bytes:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "sitrep-vendor"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        data: bytes = response.read()
    return data


def verify_integrity(data: bytes, integrity: str) -> None:
    """Check ``data`` against an SRI string; at least one sha512 hash must be present and match."""
    hashes = [item.split("?", 1)[0] for item in integrity.split()]
    sha512 = [item[len("sha512-") :] for item in hashes if item.startswith("sha512-")]
    if not sha512:
        raise VendorError(f"no sha512 in integrity {integrity!r}")
    digest = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if digest not in sha512:
        raise VendorError(f"integrity mismatch: got sha512-{digest}, expected {integrity}")


def untar(data: bytes) -> dict[str, bytes]:
    """The regular files of an npm tarball by path below its single top folder (usually ``package/``)."""
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            parts = PurePosixPath(member.name).parts
            if len(parts) < 2 or ".." in parts or parts[0] == "/":
                continue
            handle = tar.extractfile(member)
            if handle is not None:
                files["/".join(parts[1:])] = handle.read()
    return files


def fetch(pin: Pin) -> Package:
    quoted = urllib.parse.quote(pin.name, safe="@")
    meta = json.loads(_get(f"{REGISTRY}/{quoted}/{urllib.parse.quote(pin.version)}"))
    if meta.get("name") != pin.name or meta.get("version") != pin.version:
        raise VendorError(
            f"registry answered {meta.get('name')}@{meta.get('version')} for {pin.name}@{pin.version}"
        )
    dist = meta["dist"]
    tarball, integrity = str(dist["tarball"]), str(dist["integrity"])
    data = _get(tarball)
    verify_integrity(data, integrity)
    files = untar(data)
    manifest = json.loads(files["package.json"])
    if manifest.get("name") != pin.name or manifest.get("version") != pin.version:
        raise VendorError(f"{tarball} holds {manifest.get('name')}@{manifest.get('version')}")
    declared = manifest.get("license")
    if not isinstance(declared, str):
        raise VendorError(
            f"{pin.name}@{pin.version}: package.json license is {declared!r}, not an SPDX string"
        )
    if pin.spdx is not None:
        if declared != pin.spdx_was:
            raise VendorError(f"{pin.name}: package.json license is now {declared!r}; review the pin's spdx")
        declared = pin.spdx
    return Package(pin, tarball, integrity, declared, files)


# -- transforms ----------------------------------------------------------------------------------------------


def strip_source_maps(data: bytes) -> bytes:
    """Drop whole-line ``//# sourceMappingURL=`` and ``/*# sourceMappingURL= */`` comments (no maps here)."""
    return SOURCE_MAP_LINE.sub(b"", data)


def vega_interpreter_global(data: bytes) -> bytes:
    """vega-interpreter's ES module as a classic script, defining ``vega.expressionInterpreter``.

    The module's one import (from vega-util) is read from the global ``vega`` (vega.min.js re-exports
    vega-util), and its one export becomes a property of that object. Anything unexpected fails loudly, so
    that a new version whose build differs is looked at rather than mangled.
    """
    text = data.decode("utf-8")
    imports = re.findall(r"^import \{([\w\s,]+)\} from 'vega-util';\n", text, flags=re.MULTILINE)
    exports = re.findall(r"^export \{ (\w+) as expressionInterpreter \};\n", text, flags=re.MULTILINE)
    if len(imports) != 1 or len(exports) != 1:
        raise VendorError(
            "vega-interpreter: expected one import from vega-util and one export; review the transform"
        )
    text = re.sub(
        r"^import \{([\w\s,]+)\} from 'vega-util';\n", r"const {\1} = vega;\n", text, flags=re.MULTILINE
    )
    text = re.sub(
        r"^export \{ (\w+) as expressionInterpreter \};\n",
        r"vega.expressionInterpreter = \1;\n",
        text,
        flags=re.M,
    )
    if re.search(r"^\s*(import|export)\b", text, flags=re.MULTILINE):
        raise VendorError("vega-interpreter: an import or export is left; review the transform")
    head = (
        "// vega-interpreter as a classic script, rewritten from its ES module by training/vendor_web.py.\n"
        "// Load after vega.min.js; defines vega.expressionInterpreter.\n"
        "(function (vega) {\n"
        "'use strict';\n"
        "if (!vega) { throw new Error('vega-interpreter: load vega.min.js first'); }\n"
    )
    return (head + text.rstrip("\n") + "\n})(globalThis.vega);\n").encode("utf-8")


TRANSFORMS: dict[str, Callable[[bytes], bytes]] = {"vega_interpreter_global": vega_interpreter_global}


# -- country shapes ------------------------------------------------------------------------------------------

Ring = list[list[float]]


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """The topology's arcs in degrees (delta-decoded and de-quantized)."""
    transform = topology.get("transform")
    decoded: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        points: list[tuple[float, float]] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        decoded.append(points)
    return decoded


def _round(value: float) -> float:
    rounded = round(value, DECIMALS)
    return 0.0 if rounded == 0 else rounded


def _ring(indexes: Sequence[int], arcs: list[list[tuple[float, float]]]) -> Ring | None:
    """One ring stitched from its arcs, rounded, without repeated points; None when it collapses."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    ring: Ring = []
    for x, y in points:
        point = [_round(x), _round(y)]
        if not ring or ring[-1] != point:
            ring.append(point)
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    if len(ring) < 4 or abs(signed_area(ring)) == 0:
        return None
    return ring


def signed_area(ring: Ring) -> float:
    """Twice the planar signed area (lon/lat as x/y): positive for a counter-clockwise ring."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def _polygon(rings: Sequence[Sequence[int]], arcs: list[list[tuple[float, float]]]) -> list[Ring] | None:
    """A polygon with RFC 7946 winding: exterior ring counter-clockwise, holes clockwise."""
    exterior = _ring(rings[0], arcs)
    if exterior is None:
        return None
    result = [exterior]
    for hole in rings[1:]:
        ring = _ring(hole, arcs)
        if ring is not None:
            result.append(ring)
    for position, ring in enumerate(result):
        if (signed_area(ring) > 0) != (position == 0):
            ring.reverse()
    return result


def derive_countries(atlas: bytes, codes: bytes) -> bytes:
    """Natural Earth 1:110m countries as GeoJSON: properties ``iso3`` and ``name``, 2-decimal coordinates."""
    topology = json.loads(atlas)
    numeric_to_alpha3 = {str(row[2]): str(row[1]) for row in json.loads(codes)}
    arcs = _arcs(topology)
    features: list[dict[str, Any]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = str(geometry["properties"]["name"])
        code = geometry.get("id")
        iso3 = numeric_to_alpha3.get(str(code)) if code is not None else NO_ID.get(name)
        if iso3 is None or not re.fullmatch(r"[A-Z]{3}", iso3):
            raise VendorError(f"no ISO 3166-1 alpha-3 code for {name!r} (id {code!r})")
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            raise VendorError(f"{name}: unexpected geometry type {geometry['type']}")
        kept = [polygon for polygon in (_polygon(rings, arcs) for rings in polygons) if polygon is not None]
        if not kept:
            raise VendorError(f"{name}: every polygon collapsed at {DECIMALS} decimals")
        shape: dict[str, Any] = (
            {"type": "Polygon", "coordinates": kept[0]}
            if len(kept) == 1
            else {"type": "MultiPolygon", "coordinates": kept}
        )
        features.append({"type": "Feature", "properties": {"iso3": iso3, "name": name}, "geometry": shape})
    features.sort(key=lambda feature: (feature["properties"]["iso3"], feature["properties"]["name"]))
    lines = [json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in features]
    return ('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


# -- writing -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    path: str
    data: bytes
    package: Package
    source: str


def licence_target(package: Package, source: str) -> str:
    slug = package.pin.name.lstrip("@").replace("/", "-")
    base = PurePosixPath(source).name
    if LICENCE_NAME.match(base) and base.upper().startswith(("LICENSE", "LICENCE")):
        return f"{LICENSES}/{slug}-LICENSE"
    return f"{LICENSES}/{slug}-{base}"


def outputs(packages: dict[str, Package]) -> list[Output]:
    result: list[Output] = []
    for package in packages.values():
        for take in package.pin.takes:
            if "*" in take.source:
                matches = sorted(path for path in package.files if fnmatch.fnmatchcase(path, take.source))
                if not matches or not take.target.endswith("/"):
                    raise VendorError(
                        f"{package.pin.name}: {take.source} matches nothing or has no folder target"
                    )
                pairs = [(path, take.target + PurePosixPath(path).name) for path in matches]
            else:
                pairs = [(take.source, take.target)]
            for source, target in pairs:
                data = package.read(source)
                if target.endswith((".js", ".css")):
                    data = strip_source_maps(data)
                if take.transform is not None:
                    data = TRANSFORMS[take.transform](data)
                result.append(Output(target, data, package, source))
        licences = sorted(path for path in package.files if "/" not in path and LICENCE_NAME.match(path))
        if not licences:
            raise VendorError(f"{package.pin.name}@{package.pin.version} has no licence file")
        for source in [*licences, *package.pin.extra_licenses]:
            result.append(Output(licence_target(package, source), package.read(source), package, source))
    atlas = packages[COUNTRIES_FROM[0]]
    codes = packages[CODES_FROM[0]]
    data = derive_countries(atlas.read(COUNTRIES_FROM[1]), codes.read(CODES_FROM[1]))
    source = f"{COUNTRIES_FROM[1]} (objects.countries), iso3 from {CODES_FROM[0]}/{CODES_FROM[1]}"
    result.append(Output(COUNTRIES, data, atlas, source))
    paths = [output.path for output in result]
    if len(paths) != len(set(paths)):
        raise VendorError("two files would be written to the same path")
    return sorted(result, key=lambda output: output.path)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tsv(rows: list[Output]) -> str:
    lines = [
        "# Vendored web assets, written by training/vendor_web.py (do not edit; rerun it). sha256: of",
        "# the file as vendored; integrity: the dist.integrity of its npm tarball. --check re-hashes them.",
        "\t".join(COLUMNS),
    ]
    for row in rows:
        pin = row.package.pin
        fields = (
            row.path,
            pin.name,
            pin.version,
            row.package.license,
            sha256(row.data),
            row.package.integrity,
        )
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


README_TEXT = """\
# Vendored web assets

Third-party JavaScript, CSS and map data that sitrep's web UI serves from `/static/vendor/`, so that the UI
works offline and under its Content-Security-Policy (`script-src 'self'`, no CDN). **Generated** by
`training/vendor_web.py` (a development-time script, never run at install or run time): do not edit these
files by hand.

## Provenance

Each file comes from an exact version of an npm package: the script reads the registry's metadata for that
version, downloads its `dist.tarball`, verifies it against `dist.integrity` (SRI sha512) and takes only the
files below plus the package's licence files (`licenses/<package>-LICENSE`, and the NOTICE or bundled
third-party notices where the package has them). `vendor.tsv` lists every file written (licence files too)
with its package, version, SPDX licence (from the package's package.json), sha256 and the tarball's integrity.

Changes made while vendoring:

- `//# sourceMappingURL=` and `/*# sourceMappingURL= */` lines are removed from JavaScript and CSS files: the
  source maps are not vendored, and the browser would otherwise request missing files.
{notes}
- `{countries}` is derived (see below).

Total: {total:,} bytes in {count} files (licence files included).

{table}

Tarballs:

{tarballs}

## Country shapes

`{countries}`: Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.

The Natural Earth 1:110m admin-0 countries (version 4.1.0, public domain), as redistributed in TopoJSON by the
npm package world-atlas (ISC), converted to a GeoJSON FeatureCollection by the script: one feature per Natural
Earth country, properties exactly `{{"iso3": …, "name": …}}` (the name is Natural Earth's short name),
coordinates rounded to 2 decimals (repeated points dropped). world-atlas identifies countries by their ISO
3166-1 numeric code; the alpha-3 code comes from the code table (`codes.json`) of the npm package
i18n-iso-countries (MIT). Shapes without an ISO code: {no_id}. Kosovo takes the user-assigned code that sitrep
uses elsewhere; the others take the code of the state ISO 3166-1 counts them in, so `iso3` is not unique.

Winding: RFC 7946, exterior rings counter-clockwise and holes clockwise (planar, in longitude/latitude).
Leaflet ignores winding. d3-geo, and so Vega's `geoshape` mark, reads polygons with the opposite convention
(exterior clockwise) and would draw each country as the whole globe minus the country: to draw this file with
d3 or Vega, reverse every ring first.

## Using them under the Content-Security-Policy

- Vega without `'unsafe-eval'`: load `vega.min.js`, `vega-lite.min.js`, `vega-interpreter.min.js` and
  `vega-embed.min.js` in that order and embed with `vegaEmbed(el, spec, {{ast: true}})`. With `ast: true`,
  vega-embed parses the spec with `vega.parse(spec, config, {{ast: true}})` and gives the View
  `expr: vega.expressionInterpreter` (the global that `vega-interpreter.min.js` defines; vega-embed 7 falls
  back to `opts.expr`, then to its own bundled copy of vega-interpreter). Without `ast: true`, Vega compiles
  expressions with `new Function`, which the CSP blocks. Plain Vega: `new vega.View(vega.parse(spec, null,
  {{ast: true}}), {{expr: vega.expressionInterpreter}})`.
- vega-embed and its tooltip plugin add inline `<style>` elements, which `style-src 'self'` blocks: pass
  `defaultStyle: false` and `tooltip: {{disableDefaultStyle: true}}` (and style `.vega-embed` and
  `#vg-tooltip-element` from the app's own CSS), or accept unstyled action menus and tooltips.
- htmx 4 adds its indicator CSS as a constructed style sheet (`document.adoptedStyleSheets`), which the CSP
  allows.
- Leaflet finds its marker images through `leaflet.css` (`images/…` beside it).

## Regenerating

Edit the pins (`PINS`) in `training/vendor_web.py`, then, from the repository root:

    python training/vendor_web.py          # needs the npm registry; rewrites this folder
    python training/vendor_web.py --check  # no network: re-hashes every file against vendor.tsv

tests/serve/test_vendor.py runs the check and tests the files' content.
"""


def readme(rows: list[Output], packages: dict[str, Package]) -> str:
    table = [
        "| file | package | version | licence | taken from | bytes |",
        "| --- | --- | --- | --- | --- | ---: |",
    ]
    for row in rows:
        if not row.path.startswith(LICENSES + "/"):
            pin, licence = row.package.pin, row.package.license
            cells = [f"`{row.path}`", pin.name, pin.version, licence, f"`{row.source}`", f"{len(row.data):,}"]
            table.append("| " + " | ".join(cells) + " |")
    return README_TEXT.format(
        notes="\n".join(f"- {p.pin.name}: {p.pin.note}" for p in packages.values() if p.pin.note),
        countries=COUNTRIES,
        total=sum(len(row.data) for row in rows),
        count=len(rows),
        table="\n".join(table),
        tarballs="\n".join(f"- {p.pin.name} {p.pin.version}: {p.tarball}" for p in packages.values()),
        no_id=", ".join(f"{name} → {code}" for name, code in NO_ID.items()),
    )


def write(root: Path, rows: list[Output], packages: dict[str, Package]) -> None:
    """Replace the vendor folder's content (refusing a non-empty folder that this script did not write)."""
    if root.exists():
        if any(root.iterdir()) and not (root / TSV).is_file():
            raise VendorError(f"{root} is not empty and has no {TSV}: not overwriting it")
        shutil.rmtree(root)
    for row in rows:
        target = root / row.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(row.data)
    (root / TSV).write_text(tsv(rows), encoding="utf-8")
    (root / README).write_text(readme(rows, packages), encoding="utf-8")


# -- checking ------------------------------------------------------------------------------------------------


def read_tsv(root: Path) -> list[dict[str, str]]:
    lines = [
        line for line in (root / TSV).read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise VendorError(f"{root / TSV}: the header is not {' '.join(COLUMNS)}")
    rows: list[dict[str, str]] = []
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise VendorError(f"{root / TSV}: row {number} has {len(fields)} fields")
        rows.append(dict(zip(COLUMNS, fields, strict=True)))
    return rows


def check(root: Path) -> list[str]:
    """Problems with the vendored files: missing, changed or unlisted files. Empty when all is well."""
    try:
        rows = read_tsv(root)
    except (OSError, VendorError) as error:
        return [str(error)]
    problems: list[str] = []
    listed = {TSV, README}
    for row in rows:
        path = root / row["path"]
        listed.add(row["path"])
        if not path.is_file():
            problems.append(f"missing: {row['path']}")
        elif sha256(path.read_bytes()) != row["sha256"]:
            problems.append(f"sha256 mismatch: {row['path']}")
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in listed:
            problems.append(f"not in {TSV}: {relative}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="re-hash the vendored files against vendor.tsv")
    parser.add_argument("--root", type=Path, default=VENDOR, help=f"the vendor folder (default {VENDOR})")
    args = parser.parse_args(argv)
    root: Path = args.root
    if args.check:
        problems = check(root)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return 1
        print(f"{root}: {len(read_tsv(root))} files match {TSV}")
        return 0
    packages: dict[str, Package] = {}
    for pin in PINS:
        print(f"fetching {pin.name}@{pin.version}", file=sys.stderr)
        packages[pin.name] = fetch(pin)
    rows = outputs(packages)
    write(root, rows, packages)
    total = sum(len(row.data) for row in rows)
    print(f"wrote {len(rows)} files ({total:,} bytes) to {root}")
    problems = check(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
