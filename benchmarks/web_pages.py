"""The web UI's main pages in Chromium: screenshots for docs/web.md, and how fast each page is drawn.

    python benchmarks/web_pages.py [--db news.db] [--out docs/img]

Without ``--db`` it ingests the articles the browser tests use (tests/serve/conftest.py: invented reports of
one strike by three outlets, and a few other stories) into a temporary database. It starts ``sitrep serve``
as a user would, opens each main page in Debian's Chromium (Playwright, no browser download) at 1366×768 and
at a phone's 390×844, and writes ``docs/img/<page>.png`` and ``docs/img/<page>-phone.png``. Printed per page:
the first contentful paint and the time until the page's charts, map or network are drawn (ms), and any
console error or outside request (there should be none).
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from serve.browser import FIRST_PAINT, Watch, browser, running_server  # noqa: E402

PAGES = [
    ("dashboard", "/", "#map path.leaflet-interactive"),
    ("events", "/events", "#events-table"),
    ("article", "/articles/wire-1", "#article-text .hl"),
    ("actor", "/actors/RUSMIL", "#network canvas"),
    ("story", "/stories/{story}", "table.side-by-side"),
    ("api", "/api/docs", "#swagger-ui .title"),
]


def seeded(folder: Path) -> Path:
    from sitrep.cli import main

    articles = runpy.run_path(str(ROOT / "tests" / "serve" / "conftest.py"))["ARTICLES"]
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    db = folder / "news.db"
    if main(["ingest", str(source), "--db", str(db)]) != 0:
        raise SystemExit("ingest failed")
    return db


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", help="a sitrep database to show (default: the browser tests' articles)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    table = Table(title="sitrep web UI in Chromium")
    for column in ("page", "viewport", "first paint ms", "drawn ms", "problems"):
        table.add_column(column, justify="left" if column in ("page", "viewport", "problems") else "right")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(args.db) if args.db else seeded(Path(folder))
        with running_server(db) as base, browser() as chromium:
            from urllib.request import urlopen

            with urlopen(base + "/api/v1/stories?limit=1000") as response:
                stories = json.loads(response.read())["data"]
            story = max(stories, key=lambda s: s["articles"])["id"] if stories else 1
            for name, path, ready in PAGES:
                for suffix, viewport in (("", (1366, 768)), ("-phone", (390, 844))):
                    context = chromium.new_context(
                        viewport={"width": viewport[0], "height": viewport[1]}, is_mobile=bool(suffix)
                    )
                    page = context.new_page()
                    watch = Watch(base)
                    watch.attach(page)
                    started = time.perf_counter()
                    page.goto(base + path.format(story=story))
                    page.locator(ready).first.wait_for(timeout=30_000)
                    drawn = (time.perf_counter() - started) * 1000
                    page.wait_for_load_state("networkidle")
                    fcp = page.evaluate(FIRST_PAINT)
                    page.screenshot(path=str(args.out / f"{name}{suffix}.png"), full_page=not suffix)
                    table.add_row(
                        name,
                        f"{viewport[0]}×{viewport[1]}",
                        f"{fcp:.0f}",
                        f"{drawn:.0f}",
                        "; ".join(watch.problems()) or "none",
                    )
                    context.close()
    Console().print(table)
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
