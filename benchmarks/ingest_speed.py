"""Ingest speed: articles/s of ``sitrep ingest`` into SQLite with 1 and 2 workers, and where the time goes.

    python benchmarks/ingest_speed.py [--articles 3000] [--kind html|txt|jsonl] [--workers 1 2] [--model NAME]

Generates ``--articles`` invented wire reports (about 10 sentences each, from templates; no gold data
needed) as saved HTML pages with navigation and footer boilerplate (``--kind html``, the default), plain
text files or one JSONL file, then ingests them into a fresh SQLite database once per worker count.

Reported per run: wall seconds (model loading included), articles/s, events, and the split of the time:
- ``nlp``: seconds the workers spent identifying languages and coding (summed over workers);
- ``read``: seconds the main process spent reading (files, trafilatura's HTML extraction);
- ``write``: seconds the main process spent writing to the database;
- ``outside NLP``: the share of the wall time not covered by NLP work, ``1 - nlp / (workers × wall)``:
  model loading, reading, writing, process overhead, and workers waiting for work.
Results go to benchmarks/results/ingest_speed.json.
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import tempfile
import time
from pathlib import Path

from common import ROOT, make_parser

from sitrep.ingest.runner import CoderSettings, IngestOptions, ingest
from sitrep.store import Store

COUNTRIES = [
    ("Russian", "Moscow", "the Kremlin"),
    ("Ukrainian", "Kyiv", "the presidential office"),
    ("Israeli", "Jerusalem", "the prime minister's office"),
    ("Iranian", "Tehran", "the foreign ministry"),
    ("Turkish", "Ankara", "the presidency"),
    ("Polish", "Warsaw", "the defence ministry"),
    ("German", "Berlin", "the chancellery"),
    ("Chinese", "Beijing", "the foreign ministry"),
]
LEADS = [
    "{a} troops shelled {b} positions near the border on {day}, officials in {bcity} said.",
    "The {a} foreign minister met his {b} counterpart in {acity} on {day} to discuss a ceasefire.",
    "{a} authorities accused {b} officials of spreading false reports about the talks on {day}.",
    "{a} police arrested dozens of protesters outside the {b} embassy in {acity} on {day}.",
    "The {a} government imposed new sanctions on {b} banks on {day}, {aoffice} said.",
    "{a} leaders praised {b} mediators for their efforts to secure a prisoner exchange on {day}.",
]
BODY = [
    '"We will not accept these demands," a spokesman for {aoffice} told reporters in {acity}.',
    "{b} officials said they were ready to resume negotiations if the attacks stopped.",
    "The statement did not say how many people had been hurt in the latest incident.",
    "Analysts in {bcity} said the move was likely to deepen the crisis between the two countries.",
    "{a} state media described the operation as a necessary response to provocations.",
    'A senior {b} diplomat called the accusations "absurd" and demanded an apology.',
    "Both sides have traded blame for the collapse of earlier talks.",
    "{aoffice} said the decision had been taken after weeks of consultations with allies.",
    "Humanitarian groups urged both governments to protect civilians and allow aid convoys through.",
    "The United Nations called for restraint and offered to host a new round of talks in Geneva.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta name="date" content="{date}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<aside>Most read: markets close higher; weather warning for the weekend</aside>
<footer>© {outlet}. All rights reserved. Contact us. Privacy policy.</footer></body></html>"""


def generate(n: int, rng: random.Random) -> tuple[str, str, str, str]:
    """(title, outlet, date, body) of the n-th invented report."""
    (a, acity, aoffice), (b, bcity, _) = rng.sample(COUNTRIES, 2)
    fill = {"a": a, "b": b, "acity": acity, "bcity": bcity, "aoffice": aoffice, "day": rng.choice(DAYS)}
    lead = rng.choice(LEADS).format(**fill)
    body = [s.format(**fill) for s in rng.sample(BODY, 8)]
    paragraphs = [lead, *(" ".join(body[i : i + 2]) for i in range(0, 8, 2)), f"(Report {n}.)"]
    outlet = rng.choice(["Harbour Times", "Planet Wire", "The Evening Ledger", "Northern Post"])
    date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return lead[:60], outlet, date, "\n\n".join(paragraphs)


def write_inputs(folder: Path, count: int, kind: str, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    if kind == "jsonl":
        path = folder / "articles.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(count):
                title, outlet, date, body = generate(n, rng)
                record = {"text": body, "title": title, "source": outlet, "published": date}
                out.write(json.dumps(record) + "\n")
        return [str(path)]
    for n in range(count):
        title, outlet, date, body = generate(n, rng)
        if kind == "txt":
            (folder / f"{n:05d}.txt").write_text(body, encoding="utf-8")
        else:
            paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
            page = PAGE.format(title=title, outlet=outlet, date=date, paragraphs=paragraphs)
            (folder / f"{n:05d}.html").write_text(page, encoding="utf-8")
    return [str(folder)]


def main() -> int:
    parser = make_parser(__doc__)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--kind", choices=["html", "txt", "jsonl"], default="html")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "ingest_speed.json")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sitrep-ingest-bench-"))
    try:
        sources = write_inputs(work / "in", args.articles, args.kind)
        runs = []
        for workers in args.workers:
            db = work / f"bench-{workers}.db"
            options = IngestOptions(workers=workers, coder=CoderSettings(model=args.model))
            with Store(db) as store:
                started = time.perf_counter()
                report = ingest(sources, store, options)
                wall = time.perf_counter() - started
            c = report.counts
            outside = 1 - report.nlp_seconds / (workers * wall)
            run = {
                "workers": workers,
                "articles": c.articles_read,
                "coded": c.articles_coded,
                "events": c.events,
                "failures": c.failures,
                "wall_s": round(wall, 2),
                "articles_per_s": round(c.articles_read / wall, 1),
                "nlp_s": round(report.nlp_seconds, 2),
                "read_s": round(report.read_seconds, 2),
                "write_s": round(report.write_seconds, 2),
                "outside_nlp_share": round(outside, 3),
                "db_mb": round(db.stat().st_size / 1e6, 1),
            }
            runs.append(run)
            print(
                f"{workers} worker(s): {run['articles']} articles in {wall:.1f} s "
                f"= {run['articles_per_s']}/s, "
                f"{c.events} events; nlp {run['nlp_s']} s, read {run['read_s']} s, write {run['write_s']} s; "
                f"outside NLP {outside:.1%}"
            )
        result = {
            "kind": args.kind,
            "articles": args.articles,
            "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
            "runs": runs,
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
