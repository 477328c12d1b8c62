"""The false-alarm rate of scare-quote cues, against hand judgements
(benchmarks/data/scare-quotes-judged.tsv).

    python benchmarks/scare_quotes.py [--data ../shared/data] [--stories 300] [--show]

Codes the real-news dev set (all articles) and the first ``--stories`` articles of stories-dev with
``sitrep extract --jsonl`` and looks every ``scare_quotes`` cue up in the judgements by (article, start, end).
Stories-dev is reported by blocks of 100 articles in stream order (articles 1-100 were the first set judged,
101-200 and 201-300 the extension), then all together.
A false alarm is a cue judged ``attributed``, ``name`` or ``mention``; the rate is false alarms / judged cues.
Also reported: how many of the quotes judged ``distancing`` are still found. A cue with no judgement is
counted apart; ``--show`` prints it with its context on the terminal, to be judged and added to the file
(offsets and verdict only: the texts are the outlets' copyright).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from common import ROOT, make_parser

JUDGED = ROOT / "benchmarks" / "data" / "scare-quotes-judged.tsv"
FALSE = ("attributed", "name", "mention")
VERDICTS = ("distancing", *FALSE)
BLOCK = 100
"""Stories-dev articles per reported block."""


def judgements() -> dict[tuple[str, str, int, int], str]:
    found = {}
    lines = [
        line for line in JUDGED.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")
    ]
    for line in lines[1:]:
        name, article, start, end, verdict = line.split("\t")
        assert verdict in VERDICTS, line
        found[(name, article, int(start), int(end))] = verdict
    return found


def extract(articles: Path) -> list[dict[str, Any]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    command = [sys.executable, "-m", "sitrep", "extract", "--jsonl", str(articles)]
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines()]


def main() -> None:
    parser = make_parser(__doc__)
    parser.add_argument(
        "--stories", type=int, default=300, help="how many stories-dev articles (default 300)"
    )
    parser.add_argument("--show", action="store_true", help="print unjudged cues with their context")
    options = parser.parse_args()
    judged = judgements()
    with tempfile.TemporaryDirectory() as folder:
        stories = Path(folder) / "stories.jsonl"
        with (options.data / "stories-dev" / "articles.jsonl").open(encoding="utf-8") as handle:
            lines = [json.loads(line) for _, line in zip(range(options.stories), handle, strict=False)]
        keep = ("id", "text", "title", "published", "source", "url")  # story and corpus are the gold
        stories.write_text(
            "".join(json.dumps({k: d[k] for k in keep}) + "\n" for d in lines), encoding="utf-8"
        )
        coded = extract(stories)
        sets = {"realnews-dev": ("realnews-dev", extract(options.data / "realnews-dev" / "articles.jsonl"))}
        for first in range(0, len(coded), BLOCK):
            block = coded[first : first + BLOCK]
            sets[f"stories {first + 1}-{first + len(block)}"] = ("stories-dev", block)
        if len(coded) > BLOCK:
            sets[f"stories 1-{len(coded)}"] = ("stories-dev", coded)
    print(
        f"{'set':<18}{'cues':>6}{'distancing':>12}{'attributed':>12}{'name':>6}{'mention':>9}{'unjudged':>10}"
        f"{'false alarms':>14}{'distancing kept':>17}"
    )
    for label, (name, documents) in sets.items():
        ids = {document["id"] for document in documents}
        counts: Counter[str] = Counter()
        for document in documents:
            for cue in document["framing"]:
                if cue["category"] != "scare_quotes":
                    continue
                verdict = judged.get((name, document["id"], cue["start"], cue["end"]), "unjudged")
                counts[verdict] += 1
                if verdict == "unjudged" and options.show:
                    text = document["text"]
                    context = text[max(0, cue["start"] - 150) : cue["end"] + 60].replace("\n", " ")
                    print(
                        f"  {name}\t{document['id']}\t{cue['start']}\t{cue['end']}\t{context}",
                        file=sys.stderr,
                    )
        total = sum(counts.values())
        judged_cues = total - counts["unjudged"]
        false = sum(counts[v] for v in FALSE)
        rate = f"{false}/{judged_cues} = {false / judged_cues:.0%}" if judged_cues else "-"
        true_all = sum(
            1 for key, v in judged.items() if key[:2] in {(name, i) for i in ids} and v == "distancing"
        )
        print(
            f"{label:<18}{total:>6}{counts['distancing']:>12}{counts['attributed']:>12}{counts['name']:>6}"
            f"{counts['mention']:>9}{counts['unjudged']:>10}{rate:>14}{counts['distancing']:>11}/{true_all}"
        )


if __name__ == "__main__":
    main()
