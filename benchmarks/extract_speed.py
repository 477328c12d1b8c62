"""What event coding costs on top of parsing: sentences/s of ``sitrep extract`` vs a bare parse.

    python benchmarks/extract_speed.py [--model NAME] [--data ../shared/data] [--repeat 3]

Both sides use the same sitrep pipeline (model, syntok sentences, entity ruler) on the same texts (the
running texts of UD English-EWT test and GUM news when the gold data is present, else examples/ repeated).
"parse" runs ``nlp.pipe`` only; "extract" runs ``Extractor.pipe``: parse, actors, dates, events, records.
With 2 processes the texts are split in two halves, each coded by a worker that loads its own copy, for both
sides alike. The best of ``--repeat`` runs counts, after a warm-up. Target (issue 3): coding adds ≤ 20 %.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common import ROOT, make_parser
from speed import load_texts

from sitrep.actors.entities import default_entity_patterns
from sitrep.article import Article
from sitrep.nlp.model import load_model
from sitrep.pipeline import Extractor


def _work(job: tuple[str, str | None, list[str]]) -> tuple[float, int, int]:
    """Run one side on ``texts`` in this process; (seconds, sentences, events)."""
    side, model, texts = job
    if side == "parse":
        nlp = load_model(model, entity_patterns=default_entity_patterns())  # as the Extractor loads it
        list(nlp.pipe(texts[:5]))
        start = time.perf_counter()
        sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=32))
        return time.perf_counter() - start, sentences, 0
    extractor = Extractor(model)
    list(extractor.pipe(Article(t) for t in texts[:5]))
    start = time.perf_counter()
    sentences = events = 0
    for document in extractor.pipe(Article(t, published=None) for t in texts):
        sentences += len(document.sentences)
        events += len(document.events)
    return time.perf_counter() - start, sentences, events


def measure(side: str, model: str | None, texts: list[str], processes: int) -> tuple[float, int, int]:
    if processes == 1:
        return _work((side, model, texts))
    halves = [texts[i::processes] for i in range(processes)]
    with ProcessPoolExecutor(processes) as pool:
        results = list(pool.map(_work, [(side, model, h) for h in halves]))
    # Workers run side by side: the wall time is the slowest worker's.
    return max(r[0] for r in results), sum(r[1] for r in results), sum(r[2] for r in results)


def main() -> int:
    parser = make_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extract_speed.json")
    args = parser.parse_args()
    texts = load_texts(args.data)
    rows = []
    for processes in (1, 2):
        seconds: dict[str, float] = {}
        for side in ("parse", "extract"):
            best = min(measure(side, args.model, texts, processes) for _ in range(args.repeat))
            seconds[side] = best[0]
            row = {
                "side": side,
                "processes": processes,
                "texts": len(texts),
                "sentences": best[1],
                "events": best[2],
                "seconds": round(best[0], 2),
                "sentences_per_s": round(best[1] / best[0]),
            }
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
        overhead = seconds["extract"] / seconds["parse"] - 1
        rows.append({"side": "overhead", "processes": processes, "coding_adds": round(overhead, 3)})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"cpus": os.cpu_count(), "rows": rows}, indent=2) + "\n", encoding="utf-8")
    print("| side | processes | sentences/s | events |")
    print("|---|---|---|---|")
    for r in rows:
        if r["side"] == "overhead":
            print(f"| coding adds | {r['processes']} | {r['coding_adds']:+.1%} of the parse time | |")
        else:
            print(f"| {r['side']} | {r['processes']} | {r['sentences_per_s']:,} | {r['events']:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
