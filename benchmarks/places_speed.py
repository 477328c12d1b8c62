"""What places cost in ``sitrep extract``: articles/s with and without the place stages, and the
gazetteer's load time and memory.

    python benchmarks/places_speed.py [--data ../shared/data] [--repeat 3]

Texts: the articles of ``realnews-dev`` and ``places-dev`` when the gold data is present (real news, with
their place names), else the articles in examples/ repeated. Both sides use one Extractor's model and data:
"without" runs the default stages less ``places`` and ``locations``; "with" runs them all. The texts are
parsed once and the stages timed on the same parses, then the whole ``Extractor.pipe`` (parse included) is
timed, which is what a user sees. The best of ``--repeat`` runs counts. Target (issue 19): places add ≤ 20 %
to ``extract``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, make_parser

from sitrep.article import Article
from sitrep.pipeline import Extractor


def load_articles(data: Path) -> list[Article]:
    texts: list[str] = []
    for name in ("realnews-dev", "places-dev"):
        path = data / name / "articles.jsonl"
        if path.is_file():
            texts += [
                json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line
            ]
    if not texts:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))] * 50
    return [Article(text) for text in texts]


def timed(extractor: Extractor, articles: list[Article], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _document in extractor.pipe(articles):
            pass
        best = min(best, time.perf_counter() - start)
    return best


def gazetteer_cost() -> dict[str, float]:
    """Load time and peak RSS of a fresh process that loads only the gazetteer."""
    code = (
        "import time, resource; t = time.perf_counter();"
        "from sitrep.places.gazetteer import default_gazetteer; g = default_gazetteer(); g.lookup('Kyiv');"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    seconds, rss = out.split()
    base = subprocess.run(
        [
            sys.executable,
            "-c",
            "import resource, numpy; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        "load_s": round(float(seconds), 3),
        "peak_rss_mb": round(int(rss) / 1024, 1),
        "rss_over_python_and_numpy_mb": round((int(rss) - int(base)) / 1024, 1),
    }


def main() -> None:
    parser = make_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    gazetteer = gazetteer_cost()  # first: a child process started later would report this one's peak memory
    articles = load_articles(args.data)
    with_places = Extractor(args.model)
    stages = tuple(s for s in with_places.stages if s.name not in ("places", "locations"))
    without = Extractor(args.model, stages=stages)
    timed(with_places, articles[:20], 1)  # warm-up: the model, the gazetteer, the data files
    plain = timed(without, articles, args.repeat)
    placed = timed(with_places, articles, args.repeat)
    chars = sum(len(a.text) for a in articles)
    report = {
        "articles": len(articles),
        "characters": chars,
        "without_places_s": round(plain, 2),
        "with_places_s": round(placed, 2),
        "articles_per_s_without": round(len(articles) / plain, 1),
        "articles_per_s_with": round(len(articles) / placed, 1),
        "places_add": f"{(placed / plain - 1) * 100:+.1f} %",
        "gazetteer": gazetteer,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
