"""Speed of the NLP layer: words/s and sentences/s with 1 and 2 processes (figures for training/README.md).

    python benchmarks/speed.py [--model NAME] [--data ../shared/data] [--repeat 3]

Texts: the running texts of UD English-EWT test and GUM news when the gold data is present, else the
articles in examples/ repeated. Each setting is run ``--repeat`` times after one warm-up; the best run counts.
"bare spaCy" is the model as trained; "sitrep" adds syntok sentence starts and the entity ruler.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import spacy
from common import ROOT, make_parser, model_target
from spacy.language import Language

from sitrep.actors.entities import default_entity_patterns
from sitrep.nlp.conllu import group_sentences, raw_text, read_conllu
from sitrep.nlp.model import add_entity_ruler


def load_texts(data: Path) -> list[str]:
    files = [data / "ud-english-ewt/en_ewt-ud-test.conllu", data / "ud-english-gum-news/gum_news.conllu"]
    if all(f.is_file() for f in files):
        return [raw_text(g) for f in files for g in group_sentences(list(read_conllu(f)), max_sentences=None)]
    examples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    return examples * max(1, 400 // len(examples))


def run(nlp: Language, texts: list[str], n_process: int) -> tuple[float, int, int]:
    start = time.perf_counter()
    words = sents = 0
    for doc in nlp.pipe(texts, batch_size=64, n_process=n_process):
        words += sum(1 for t in doc if not t.is_space)
        sents += sum(1 for _ in doc.sents)
    return time.perf_counter() - start, words, sents


def speed_row(texts: list[str], n_process: int, best: tuple[float, int, int]) -> dict[str, Any]:
    """One measured setting as a row of figures."""
    seconds, words, sents = best
    return {
        "processes": n_process,
        "texts": len(texts),
        "words": words,
        "sentences": sents,
        "seconds": round(seconds, 2),
        "words_per_s": round(words / seconds),
        "sentences_per_s": round(sents / seconds),
    }


def main() -> int:
    parser = make_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "speed.json")
    args = parser.parse_args()
    choice, model = model_target(args.model)
    texts = load_texts(args.data)
    bare = spacy.load(model)
    full = spacy.load(model)
    full.add_pipe("sitrep_sentences", before="parser")
    add_entity_ruler(full, default_entity_patterns())
    rows = []
    for label, nlp in (("bare spaCy", bare), ("sitrep", full)):
        for n_process in (1, 2):
            run(nlp, texts[:20], n_process)  # warm-up (and worker start-up for 2 processes)
            best = min(run(nlp, texts, n_process) for _ in range(args.repeat))
            row = {"pipeline": label, **speed_row(texts, n_process, best)}
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"model": choice.name, "cpus": os.cpu_count(), "rows": rows}, indent=2) + "\n",
        encoding="utf-8",
    )
    print("| pipeline | processes | words/s | sentences/s |")
    print("|---|---|---|---|")
    for r in rows:
        print(f"| {r['pipeline']} | {r['processes']} | {r['words_per_s']:,} | {r['sentences_per_s']:,} |")
    print("\n(words: tokens, punctuation included, whitespace excluded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
