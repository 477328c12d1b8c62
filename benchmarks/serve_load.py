"""`sitrep serve` under load: a generated database of 1,000,000 events, 200 concurrent clients.

    python benchmarks/serve_load.py [--events 1000000] [--clients 200] [--seconds 60] [--think 1.0]
                                    [--workers 2] [--postgres postgresql://…] [--paint]

Generates a database of invented events (``--events``; 10 per article, articles grouped 1–8 to a story, 40
outlets, 60 countries with a skewed spread, real CAMEO codes and PLOVER types, three years of dates) unless
it exists already (``--db``, default benchmarks/build/serve-<events>.db; ``--postgres URL`` generates into an
empty PostgreSQL database instead). Starts ``sitrep serve`` on it as a user would (``--workers`` processes),
then runs ``--clients`` concurrent clients for ``--seconds``. Each client repeats: one request drawn from the
mix below, then a pause drawn from an exponential distribution with mean ``--think`` seconds (0: no pause, a
closed loop where every client fires as fast as the server answers — a stress figure, not a user one).

    list       /api/v1/events (first page, no filter)
    filter     /api/v1/events with one or two filters (country, root, source country + root, outlet,
               date range, actor, min_confidence, modality)
    page       /api/v1/events?cursor=… (the page after a filtered first page: keyset, as deep as any)
    facets     /api/v1/facets with a random filter (all eight facets)
    timeline   /api/v1/timeline by root, plover or QuadClass per day, week or month, with a random filter
    dashboard  / (the HTML page: totals, timeline, map and pairs, all from the facet cube)

Reported per kind: requests, errors, p50/p95/p99 latency (ms); plus the server's start-up, the first facet
request (which builds the in-memory facet cube), requests/s overall, and with ``--paint`` the dashboard's
first contentful paint and time until its charts and map are drawn, in Chromium. The clients run on the same
machine as the server, so they take CPU from it: the figures are upper bounds of what the server needs.
Results go to benchmarks/results/serve_load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from serve.browser import FIRST_PAINT, browser, running_server  # noqa: E402

console = Console(stderr=True)

COUNTRIES = [
    "RUS",
    "UKR",
    "USA",
    "CHN",
    "ISR",
    "PSE",
    "IRN",
    "SYR",
    "TUR",
    "GBR",
    "FRA",
    "DEU",
    "IND",
    "PAK",
    "AFG",
    "IRQ",
    "SAU",
    "YEM",
    "EGY",
    "LBY",
    "SDN",
    "SSD",
    "ETH",
    "SOM",
    "KEN",
    "NGA",
    "MLI",
    "NER",
    "BFA",
    "COD",
    "VEN",
    "COL",
    "MEX",
    "BRA",
    "ARG",
    "JPN",
    "KOR",
    "PRK",
    "TWN",
    "PHL",
    "MMR",
    "THA",
    "IDN",
    "AUS",
    "CAN",
    "POL",
    "BLR",
    "GEO",
    "ARM",
    "AZE",
    "KAZ",
    "SRB",
    "HUN",
    "ITA",
    "ESP",
    "LBN",
    "JOR",
    "QAT",
    "ARE",
    "ZAF",
]
SECTORS = ["GOV", "MIL", "REB", "COP", "OPP", "CVL", "BUS", "MED", "JUD", "LEG"]
CAMEO = [
    ("010", "Make statement", 1, 0.0, "CONSULT"),
    ("020", "Appeal", 1, 3.0, "REQUEST"),
    ("036", "Express intent to meet", 1, 4.0, "CONSULT"),
    ("042", "Make a visit", 1, 1.9, "CONSULT"),
    ("043", "Host a visit", 1, 2.8, "CONSULT"),
    ("051", "Praise or endorse", 1, 3.4, "SUPPORT"),
    ("061", "Cooperate economically", 2, 6.4, "COOPERATE"),
    ("071", "Provide economic aid", 2, 7.4, "AID"),
    ("112", "Accuse", 3, -2.0, "ACCUSE"),
    ("111", "Criticize or denounce", 3, -2.0, "ACCUSE"),
    ("130", "Threaten", 3, -4.4, "THREATEN"),
    ("141", "Demonstrate or rally", 3, -6.5, "PROTEST"),
    ("163", "Impose embargo or sanctions", 4, -8.0, "SANCTION"),
    ("173", "Arrest or detain", 4, -5.0, "COERCE"),
    ("190", "Use conventional military force", 4, -10.0, "ASSAULT"),
    ("193", "Fight with small arms", 4, -10.0, "ASSAULT"),
    ("194", "Fight with artillery and tanks", 4, -10.0, "ASSAULT"),
    ("195", "Employ aerial weapons", 4, -10.0, "ASSAULT"),
    ("183", "Conduct suicide bombing", 4, -10.0, "ASSAULT"),
]
OUTLETS = [f"Outlet {i:02d}" for i in range(40)]
MODALITIES = ["asserted"] * 14 + ["negated", "intended", "conditional", "hypothetical"]
START = dt.date(2023, 1, 1)
DAYS = 3 * 365


def skewed(rng: random.Random, items: list[Any]) -> Any:
    """An item with a Zipf-like skew: the first ones far more often (as real event data is)."""
    return items[min(len(items) - 1, int(rng.paretovariate(1.1)) - 1)]


# -- the database ------------------------------------------------------------------------------------------


def generate(db: str, events: int, seed: int) -> None:
    from sqlalchemy import create_engine, insert

    from sitrep.article import content_id
    from sitrep.store import Store, schema
    from sitrep.store.url import database_url

    Store(db).close()  # the schema, at the latest version
    engine = create_engine(database_url(db))
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    per_article = 10
    articles = events // per_article
    batch_articles, batch_events, batch_members = [], [], []
    story, left_in_story = 0, 0
    stories: list[dict[str, Any]] = []
    with Progress(console=console, transient=True) as progress, engine.begin() as conn:
        task = progress.add_task("generating", total=articles)
        for n in range(articles):
            if left_in_story == 0:
                story += 1
                left_in_story = rng.randint(1, 8)
                story_day = START + dt.timedelta(days=rng.randrange(DAYS))
                stories.append(
                    {
                        "id": story,
                        "articles": 0,
                        "first_published": story_day,
                        "last_published": story_day,
                        "dates": "{}",
                        "centroid": "{}",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            left_in_story -= 1
            published = story_day + dt.timedelta(days=rng.randrange(3))
            stories[-1]["articles"] += 1
            stories[-1]["last_published"] = max(stories[-1]["last_published"], published)
            outlet = skewed(rng, OUTLETS)
            text = f"Invented report {n} for the load benchmark. " * 4
            article_id = content_id(text)  # as sitrep stores every article: under the hash of its text
            batch_articles.append(
                {
                    "id": article_id,
                    "external_id": f"r{n}",
                    "url": f"https://outlet{OUTLETS.index(outlet)}.example/{n}",
                    "source": outlet,
                    "title": f"Invented report {n}",
                    "published": published,
                    "language": "en",
                    "status": "coded",
                    "origin": "benchmark",
                    "chars": len(text),
                    "text": text,
                    "n_events": per_article,
                    "n_quotes": 0,
                    "n_framing": 0,
                    "coder": "benchmark",
                    "ingested_at": now,
                    "updated_at": now,
                }
            )
            batch_members.append({"article_id": article_id, "story_id": story, "position": n})
            for k in range(per_article):
                cameo, name, quad, goldstein, plover = rng.choice(CAMEO)
                source, target = skewed(rng, COUNTRIES), skewed(rng, COUNTRIES)
                s_sector, t_sector = rng.choice(SECTORS), rng.choice(SECTORS)
                speaker = rng.random() < 0.3
                batch_events.append(
                    {
                        "article_id": article_id,
                        "event_id": f"e{k + 1}",
                        "sentence": k,
                        "date": published,
                        "date_precision": "article",
                        "cameo": cameo,
                        "cameo_root": cameo[:2],
                        "cameo_name": name,
                        "quad_class": quad,
                        "goldstein": goldstein,
                        "plover": plover,
                        "source_text": f"{source} {s_sector.lower()}",
                        "source_start": 0,
                        "source_end": 5,
                        "source_code": source + s_sector,
                        "source_country": source,
                        "source_sector": s_sector,
                        "target_text": f"{target} {t_sector.lower()}",
                        "target_start": 10,
                        "target_end": 15,
                        "target_code": target + t_sector if rng.random() < 0.8 else None,
                        "target_country": target if rng.random() < 0.8 else None,
                        "target_sector": t_sector,
                        "trigger_text": "struck",
                        "trigger_start": 6,
                        "trigger_end": 9,
                        "evidence_start": 0,
                        "evidence_end": 40,
                        "modality": rng.choice(MODALITIES),
                        "attribution": "speaker" if speaker else "outlet",
                        "speaker_text": "an official" if speaker else None,
                        "confidence": round(rng.random(), 3),
                        "rule": "verbs.tsv:1",
                    }
                )
            if len(batch_events) >= 20_000:
                conn.execute(insert(schema.articles), batch_articles)
                conn.execute(insert(schema.events), batch_events)
                batch_articles, batch_events = [], []
            progress.advance(task)
        if batch_articles:
            conn.execute(insert(schema.articles), batch_articles)
            conn.execute(insert(schema.events), batch_events)
        conn.execute(insert(schema.stories), stories)
        for i in range(0, len(batch_members), 50_000):
            conn.execute(insert(schema.story_articles), batch_members[i : i + 50_000])
    with engine.begin() as conn:  # the planner's statistics, committed (a rolled-back ANALYZE keeps none)
        conn.exec_driver_sql("ANALYZE")
    engine.dispose()


# -- the load ----------------------------------------------------------------------------------------------


def random_filter(rng: random.Random) -> dict[str, str]:
    choice = rng.randrange(8)
    if choice == 0:
        return {"country": skewed(rng, COUNTRIES)}
    if choice == 1:
        return {"root": rng.choice(CAMEO)[0][:2]}
    if choice == 2:
        return {"source_country": skewed(rng, COUNTRIES), "root": rng.choice(["19", "11", "04", "17"])}
    if choice == 3:
        return {"outlet": skewed(rng, OUTLETS)}
    if choice == 4:
        start = START + dt.timedelta(days=rng.randrange(DAYS - 30))
        return {"since": start.isoformat(), "until": (start + dt.timedelta(days=30)).isoformat()}
    if choice == 5:
        return {"actor": skewed(rng, COUNTRIES) + rng.choice(SECTORS)}
    if choice == 6:
        return {"min_confidence": rng.choice(["0.5", "0.8", "0.9"])}
    return {"modality": rng.choice(["asserted", "negated", "intended"])}


KINDS = ["list", "filter", "page", "facets", "timeline", "dashboard"]


async def one_request(client: httpx.AsyncClient, kind: str, rng: random.Random) -> tuple[int, float]:
    params: dict[str, str] = {}
    path = "/api/v1/events"
    if kind == "filter":
        params = random_filter(rng)
    elif kind == "page":
        params = random_filter(rng)
        first = await client.get(path, params=params)
        following = first.json()["meta"]["next"]
        if following:
            params = {**params, "cursor": following}
    elif kind == "facets":
        path, params = "/api/v1/facets", random_filter(rng)
    elif kind == "timeline":
        path = "/api/v1/timeline"
        params = {
            **random_filter(rng),
            "by": rng.choice(["root", "plover", "quad"]),
            "interval": rng.choice(["day", "week", "month"]),
        }
    elif kind == "dashboard":
        path = "/"
    started = time.perf_counter()
    response = await client.get(path, params=params)
    await response.aread()
    return response.status_code, (time.perf_counter() - started) * 1000


async def load(base: str, clients: int, seconds: float, think: float, seed: int) -> dict[str, Any]:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(i: int, client: httpx.AsyncClient) -> None:
        rng = random.Random(seed * 1000 + i)
        await asyncio.sleep(rng.random() * max(think, 0.5))  # clients arrive spread out
        while time.monotonic() < deadline:
            kind = KINDS[rng.randrange(len(KINDS))]
            try:
                status, ms = await one_request(client, kind, rng)
            except httpx.HTTPError:
                errors[kind] += 1
                continue
            if status != 200:
                errors[kind] += 1
            latencies[kind].append(ms)
            if think > 0:
                await asyncio.sleep(rng.expovariate(1 / think))

    started = time.monotonic()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        await asyncio.gather(*(client_loop(i, client) for i in range(clients)))
    elapsed = time.monotonic() - started
    out: dict[str, Any] = {"seconds": round(elapsed, 1), "kinds": {}}
    total = 0
    for kind in KINDS:
        values = sorted(latencies[kind])
        total += len(values)
        if not values:
            continue
        q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
        out["kinds"][kind] = {
            "requests": len(values),
            "errors": errors[kind],
            "p50_ms": round(q[49], 1),
            "p95_ms": round(q[94], 1),
            "p99_ms": round(q[98], 1),
            "max_ms": round(values[-1], 1),
        }
    out["requests_per_second"] = round(total / elapsed, 1)
    return out


def first_paint(base: str) -> dict[str, float]:
    """The dashboard in Chromium: first contentful paint, and until its charts and map are drawn (ms)."""
    with browser() as chromium:
        runs = []
        for _ in range(3):
            page = chromium.new_page(viewport={"width": 1366, "height": 768})
            started = time.perf_counter()
            page.goto(base + "/")
            page.locator("#map path.leaflet-interactive").first.wait_for(timeout=30_000)
            page.locator("#timeline svg").first.wait_for(timeout=30_000)
            drawn = (time.perf_counter() - started) * 1000
            fcp = page.evaluate(FIRST_PAINT)
            runs.append((float(fcp), drawn))
            page.close()
    best = min(runs, key=lambda r: r[1])
    return {"first_contentful_paint_ms": round(best[0], 1), "charts_and_map_drawn_ms": round(best[1], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", help="SQLite file (default: benchmarks/build/serve-<events>.db)")
    parser.add_argument("--postgres", help="an empty PostgreSQL database URL to generate into and serve")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a client's requests (s)")
    parser.add_argument("--workers", type=int, default=2, help="sitrep serve --workers")
    parser.add_argument("--paint", action="store_true", help="also time the dashboard in Chromium")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    if args.postgres:
        db = args.postgres
        from sqlalchemy import create_engine, text

        from sitrep.store.url import database_url

        probe = create_engine(database_url(db))
        with probe.connect() as conn:
            has = conn.execute(text("SELECT to_regclass('events') IS NOT NULL")).scalar()
            count = conn.execute(text("SELECT count(*) FROM events")).scalar() if has else 0
        probe.dispose()
        if count != args.events:
            started = time.perf_counter()
            generate(db, args.events, args.seed)
            console.print(f"generated {args.events:,} events in {time.perf_counter() - started:.0f} s")
    else:
        path = Path(args.db or ROOT / "benchmarks" / "build" / f"serve-{args.events}.db")
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            started = time.perf_counter()
            generate(str(path), args.events, args.seed)
            console.print(
                f"generated {args.events:,} events in {time.perf_counter() - started:.0f} s → {path}"
            )
        db = str(path)

    result: dict[str, Any] = {
        "events": args.events,
        "clients": args.clients,
        "think_s": args.think,
        "workers": args.workers,
        "database": "postgresql" if args.postgres else "sqlite",
    }
    started = time.perf_counter()
    with running_server(db, "--workers", str(args.workers)) as base:
        result["startup_s"] = round(time.perf_counter() - started, 2)
        warm = time.perf_counter()
        for _ in range(args.workers * 3):  # every worker builds its cube before the clients come
            httpx.get(base + "/api/v1/facets", timeout=300).raise_for_status()
        result["first_facets_s"] = round(time.perf_counter() - warm, 2)
        console.print(
            f"serving {args.events:,} events at {base}; {args.clients} clients for {args.seconds:.0f} s"
        )
        result["load"] = asyncio.run(load(base, args.clients, args.seconds, args.think, args.seed))
        if args.paint:
            result["dashboard"] = first_paint(base)

    table = Table(title=f"sitrep serve: {args.events:,} events, {args.clients} clients, think {args.think} s")
    for column in ("kind", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, row in result["load"]["kinds"].items():
        table.add_row(
            kind, *(str(row[k]) for k in ("requests", "errors", "p50_ms", "p95_ms", "p99_ms", "max_ms"))
        )
    Console().print(table)
    Console().print(
        f"{result['load']['requests_per_second']} requests/s · start-up {result['startup_s']} s · "
        f"first facets (cube build) {result['first_facets_s']} s"
        + (f" · dashboard {result['dashboard']}" if "dashboard" in result else "")
    )
    out = ROOT / "benchmarks" / "results" / "serve_load.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.read_text()) if out.exists() else []
    out.write_text(json.dumps([*previous, result], indent=2) + "\n")


if __name__ == "__main__":
    main()
