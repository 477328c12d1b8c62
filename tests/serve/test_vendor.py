"""The vendored web assets (src/sitrep/serve/static/vendor, written by training/vendor_web.py): hashes,
licences, content. No network: the checks re-read the committed files."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import REPO

VENDOR = REPO / "src" / "sitrep" / "serve" / "static" / "vendor"
SCRIPT = REPO / "training" / "vendor_web.py"
COLUMNS = ["path", "package", "version", "license", "sha256", "integrity"]


def rows() -> list[dict[str, str]]:
    lines = [
        line for line in (VENDOR / "vendor.tsv").read_text(encoding="utf-8").splitlines() if line[:1] != "#"
    ]
    assert lines[0].split("\t") == COLUMNS
    return [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]


def run_check(root: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "--check"]
    if root is not None:
        command += ["--root", str(root)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_every_row_exists_and_matches_its_sha256() -> None:
    table = rows()
    assert len(table) > 20
    for row in table:
        path = VENDOR / row["path"]
        assert path.is_file(), row["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"], row["path"]
        assert re.fullmatch(r"\d+\.\d+\.\d+", row["version"]), row
        assert row["integrity"].startswith("sha512-"), row
        assert row["license"], row


def test_every_package_has_a_licence_file() -> None:
    table = rows()
    listed = {row["path"] for row in table}
    for package in {row["package"] for row in table}:
        licence = f"licenses/{package}-LICENSE"
        assert licence in listed, package
        assert (VENDOR / licence).stat().st_size > 100, package


def test_the_ui_files_are_all_there() -> None:
    listed = {row["path"] for row in rows()}
    expected = {
        "htmx.min.js",
        "vega.min.js",
        "vega-lite.min.js",
        "vega-embed.min.js",
        "vega-interpreter.min.js",
        "leaflet/leaflet.js",
        "leaflet/leaflet.css",
        "leaflet/images/marker-icon.png",
        "leaflet/images/layers.png",
        "cytoscape.min.js",
        "swagger-ui/swagger-ui-bundle.js",
        "swagger-ui/swagger-ui.css",
        "countries-110m.geojson",
    }
    assert expected <= listed
    assert (VENDOR / "README.md").is_file()
    assert "Made with Natural Earth" in (VENDOR / "README.md").read_text(encoding="utf-8")


def test_total_size_stays_small() -> None:
    assert sum((VENDOR / row["path"]).stat().st_size for row in rows()) < 5_000_000


def test_check_passes_on_the_committed_files() -> None:
    result = run_check()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("damage", ["tamper", "delete", "add"])
def test_check_fails_on_a_damaged_copy(tmp_path: Path, damage: str) -> None:
    root = tmp_path / "vendor"
    shutil.copytree(VENDOR, root)
    assert run_check(root).returncode == 0
    if damage == "tamper":
        with (root / "htmx.min.js").open("ab") as handle:
            handle.write(b"\nalert(1);\n")
    elif damage == "delete":
        (root / "leaflet" / "images" / "marker-icon.png").unlink()
    else:
        (root / "extra.js").write_text("// not vendored by the script\n", encoding="utf-8")
    result = run_check(root)
    assert result.returncode != 0
    assert {"tamper": "htmx.min.js", "delete": "marker-icon.png", "add": "extra.js"}[damage] in result.stderr


def test_check_fails_without_vendor_tsv(tmp_path: Path) -> None:
    assert run_check(tmp_path / "nowhere").returncode != 0


# -- the country shapes --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def countries() -> dict[str, Any]:
    path = VENDOR / "countries-110m.geojson"
    assert path.stat().st_size < 1_000_000
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    result: list[list[list[list[float]]]] = geometry["coordinates"]
    return result


def signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def test_countries_are_a_feature_collection_with_iso3_and_name(countries: dict[str, Any]) -> None:
    assert countries["type"] == "FeatureCollection"
    features = countries["features"]
    assert len(features) > 150
    for feature in features:
        assert feature["type"] == "Feature"
        properties = feature["properties"]
        assert set(properties) == {"iso3", "name"}
        assert re.fullmatch(r"[A-Z]{3}", properties["iso3"]), properties
        assert isinstance(properties["name"], str) and properties["name"], properties
    codes = {feature["properties"]["iso3"] for feature in features}
    assert {"UKR", "RUS", "USA", "FRA", "NOR", "ISR", "PSE", "XKX", "CHN", "GBR", "TWN", "ESH"} <= codes


def test_country_rings_are_closed_rounded_and_rfc7946_wound(countries: dict[str, Any]) -> None:
    for feature in countries["features"]:
        for polygon in polygons(feature["geometry"]):
            for position, ring in enumerate(polygon):
                name = feature["properties"]["name"]
                assert len(ring) >= 4 and ring[0] == ring[-1], name
                assert all(round(value, 2) == value for point in ring for value in point), name
                assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring), name
                # RFC 7946: exterior rings counter-clockwise, holes clockwise
                assert (signed_area(ring) > 0) == (position == 0), (name, position)


# -- the JavaScript and CSS ----------------------------------------------------------------------------------


def test_scripts_and_styles_are_not_empty_and_point_at_no_missing_source_map() -> None:
    for row in rows():
        if not row["path"].endswith((".js", ".css")):
            continue
        path = VENDOR / row["path"]
        text = path.read_text(encoding="utf-8")
        assert len(text) > 1000, row["path"]
        for target in re.findall(r"sourceMappingURL=([\w./-]+)", text):
            assert (path.parent / target).is_file(), (row["path"], target)


def test_leaflet_css_urls_point_at_vendored_files() -> None:
    css = VENDOR / "leaflet" / "leaflet.css"
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)", css.read_text(encoding="utf-8"))
    files = [url for url in urls if not url.startswith(("#", "data:"))]
    assert files
    for url in files:
        assert (css.parent / url).is_file(), url


def test_vega_interpreter_defines_the_global_expression_interpreter() -> None:
    text = (VENDOR / "vega-interpreter.min.js").read_text(encoding="utf-8")
    assert "vega.expressionInterpreter = " in text
    assert not re.search(r"^\s*(import|export)\b", text, flags=re.MULTILINE)


NODE_CHECK = r"""
const vm = require('vm'), fs = require('fs'), path = require('path');
const dir = process.argv[2];
const globals = {console, setTimeout, clearTimeout, setInterval, clearInterval, structuredClone, URL,
                 TextEncoder, TextDecoder, performance, queueMicrotask};
// No eval or new Function in this context, as under a Content-Security-Policy without 'unsafe-eval'
const ctx = vm.createContext(globals, {codeGeneration: {strings: false, wasm: false}});
ctx.globalThis = ctx; ctx.self = ctx;
for (const f of ['vega.min.js', 'vega-lite.min.js', 'vega-interpreter.min.js'])
  vm.runInContext(fs.readFileSync(path.join(dir, f), 'utf8'), ctx, {filename: f});
vm.runInContext(`(async () => {
  const spec = vegaLite.compile({data: {values: [{a: 1, b: 2}, {a: 2, b: 5}, {a: 3, b: 7}]},
    transform: [{calculate: 'datum.a * 10 + datum.b', as: 'c'}, {filter: 'datum.c > 15'}],
    mark: 'bar', encoding: {x: {field: 'a', type: 'ordinal'}, y: {field: 'c', type: 'quantitative'}}}).spec;
  let native = 'ran';
  try { new vega.View(vega.parse(spec), {renderer: 'none'}); } catch (e) { native = 'blocked'; }
  const runtime = vega.parse(spec, null, {ast: true});
  const view = new vega.View(runtime, {renderer: 'none', expr: vega.expressionInterpreter});
  await view.runAsync();
  console.log(JSON.stringify({native, values: view.data('data_0').map(d => d.c)}));
})().catch(e => { console.log(JSON.stringify({error: String(e)})); });`, ctx);
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_vega_runs_without_eval_through_the_interpreter(tmp_path: Path) -> None:
    script = tmp_path / "check.cjs"
    script.write_text(NODE_CHECK, encoding="utf-8")
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, str(script), str(VENDOR)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"native": "blocked", "values": [25, 37]}
