"""Accuracy of the NLP layer on the gold data in ../shared/data (figures for training/README.md).

    python benchmarks/accuracy.py [--model NAME] [--data ../shared/data] [--split test|dev] [--write-meta]

``--split dev`` scores EWT/UNER dev instead of test (for choosing between training runs; GUM is then left
out, so that no choice is made on an evaluation-only set).

Scores (see sitrep.evaluate.nlp for the definitions):
* UD English-EWT test and GUM news (evaluation only): UPOS, XPOS, lemma, UAS, LAS, sentence F — with the
  parser alone deciding sentences, with syntok in strict mode (the default), and syntok as a hint;
* UNER English-EWT test: entity P/R/F per label — statistical NER alone, with the dictionary-fed entity ruler
  ahead of the NER (the default), and with the ruler only filling gaps after the NER;
* news clauses (tests/data/news_clauses.tsv, written for sitrep): the share of simple news clauses whose verb
  is parsed as the root with the right subject and object — the domain gap between web text and news.

Writes benchmarks/results/accuracy.json; ``--write-meta`` also stores the headline figures in the shipped
model's meta.json (``sitrep_accuracy``), which ``sitrep model`` shows.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import spacy
from common import ROOT, make_parser, model_target
from spacy.language import Language

from sitrep.actors.entities import default_entity_patterns
from sitrep.evaluate.nlp import check_clauses, evaluate
from sitrep.nlp.conllu import Sentence, attach_entities, group_sentences, read_conllu, read_iob2
from sitrep.nlp.model import add_entity_ruler, add_ud_adapter, shipped_model_path


def variant(model: str, *, sentences: str | None, ruler: str | None) -> Language:
    nlp = spacy.load(model)
    if sentences:
        nlp.add_pipe("sitrep_sentences", before="parser", config={"mode": sentences})
    if ruler:
        add_entity_ruler(nlp, default_entity_patterns(), after_ner=ruler == "after")
    add_ud_adapter(nlp, model)
    return nlp


CLAUSES = ROOT / "tests" / "data" / "news_clauses.tsv"


def documents(sentences: list[Sentence]) -> list[list[Sentence]]:
    return list(group_sentences(sentences, max_sentences=None))


def main() -> int:
    parser = make_parser(__doc__)
    parser.add_argument(
        "--write-meta", action="store_true", help="store headline figures in the shipped model"
    )
    parser.add_argument("--split", choices=["test", "dev"], default="test", help="EWT/UNER split to score")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "accuracy.json")
    args = parser.parse_args()
    if not (args.data / "ud-english-ewt").is_dir():
        print(f"error: no gold data at {args.data} (use --data or SITREP_DATA)", file=sys.stderr)
        return 2
    choice, model = model_target(args.model)

    ewt = list(read_conllu(args.data / f"ud-english-ewt/en_ewt-ud-{args.split}.conllu"))
    attach_entities(ewt, read_iob2(args.data / f"uner-english-ewt/en_ewt-ud-{args.split}.iob2"))
    gum = list(read_conllu(args.data / "ud-english-gum-news/gum_news.conllu")) if args.split == "test" else []
    if args.write_meta and args.split != "test":
        print("error: --write-meta needs --split test", file=sys.stderr)
        return 2
    results: dict[str, dict[str, float | int]] = {}
    runs = [
        ("syntax", "parser sentences", None, None),
        ("syntax", "syntok strict (default)", "strict", None),
        ("syntax", "syntok hint", "hint", None),
        ("entities", "statistical NER only", "strict", None),
        ("entities", "ruler before NER (default)", "strict", "before"),
        ("entities", "ruler after NER", "strict", "after"),
    ]
    for kind, label, sentences, ruler in runs:
        nlp = variant(model, sentences=sentences, ruler=ruler)
        start = time.perf_counter()
        if kind == "syntax":
            for name, data in ((f"EWT {args.split}", ewt), ("GUM news", gum)):
                if not data:
                    continue
                scores = evaluate(nlp, documents(data)).as_dict()
                results.setdefault(f"{name} · {label}", {}).update(
                    {k: v for k, v in scores.items() if not k.startswith(("PER", "ORG", "LOC", "ents"))}
                )
        else:
            scores = evaluate(nlp, documents(ewt)).as_dict()
            results[f"UNER {args.split} · {label}"] = {
                k: v for k, v in scores.items() if k.startswith(("PER", "ORG", "LOC", "ents"))
            }
        print(f"{label}: {time.perf_counter() - start:.1f}s", file=sys.stderr)

    clauses = check_clauses(variant(model, sentences="strict", ruler="before"), CLAUSES)
    results["news clauses"] = {
        "clauses": len(clauses),
        "correct": sum(c.ok for c in clauses),
        "share": round(sum(c.ok for c in clauses) / len(clauses), 4),
    }
    for clause in clauses:
        if not clause.ok:
            print(f"clause missed: {clause.text}  [{clause.found}]", file=sys.stderr)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"model": choice.name, "results": results}, indent=2) + "\n", encoding="utf-8"
    )
    print_markdown(results)
    if args.write_meta:
        write_meta(results)
    return 0


def print_markdown(results: dict[str, dict[str, float | int]]) -> None:
    syntax_cols = ["upos", "xpos", "lemma", "uas", "las", "las_exact", "spacy_uas", "spacy_las", "sent_f"]
    print("| test set · setting | " + " | ".join(syntax_cols) + " |")
    print("|---" * (len(syntax_cols) + 1) + "|")
    for name, scores in results.items():
        if "las" in scores:
            print(f"| {name} | " + " | ".join(f"{scores[c]:.3f}" for c in syntax_cols) + " |")
    print()
    ent_cols = ["ents_p", "ents_r", "ents_f", "PER_f", "ORG_f", "LOC_f"]
    print("| test set · setting | " + " | ".join(ent_cols) + " |")
    print("|---" * (len(ent_cols) + 1) + "|")
    for name, scores in results.items():
        if "ents_f" in scores:
            print(f"| {name} | " + " | ".join(f"{scores.get(c, 0.0):.3f}" for c in ent_cols) + " |")
    if "news clauses" in results:
        c = results["news clauses"]
        share = f"{c['correct']}/{c['clauses']} = {c['share']:.3f}"
        print(f"\nnews clauses parsed right (verb root + nsubj + obj): {share}")


def write_meta(results: dict[str, dict[str, float | int]]) -> None:
    meta_path = shipped_model_path() / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    ewt = results["EWT test · syntok strict (default)"]
    gum = results["GUM news · syntok strict (default)"]
    ner = results["UNER test · ruler before NER (default)"]
    meta["sitrep_accuracy"] = {
        "UD EWT test": {k: ewt[k] for k in ("upos", "lemma", "uas", "las", "spacy_las", "sent_f")},
        "GUM news": {k: gum[k] for k in ("upos", "lemma", "uas", "las", "spacy_las", "sent_f")},
        "UNER EWT test": {
            k: ner[k] for k in ("ents_p", "ents_r", "ents_f", "PER_f", "ORG_f", "LOC_f") if k in ner
        },
        "news clauses": {"share": results["news clauses"]["share"]},
    }
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote sitrep_accuracy into {meta_path}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
