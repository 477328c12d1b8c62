"""Build the spaCy training and evaluation corpora from ``../shared/data``.

    python training/convert.py --data ../shared/data --out training/corpus

writes ``train.spacy`` and ``dev.spacy`` (UD English-EWT syntax joined with UNER English-EWT entities) and
``test.spacy``. GUM news is never converted for training: its annotation licence is non-commercial and it
is used for evaluation only, straight from the CoNLL-U file, by ``benchmarks/accuracy.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from sitrep.nlp.conllu import attach_entities, group_sentences, read_conllu, read_iob2, to_doc

SPLITS = {
    "train": ("ud-english-ewt/en_ewt-ud-train.conllu", "uner-english-ewt/en_ewt-ud-train.draft.iob2"),
    "dev": ("ud-english-ewt/en_ewt-ud-dev.conllu", "uner-english-ewt/en_ewt-ud-dev.iob2"),
    "test": ("ud-english-ewt/en_ewt-ud-test.conllu", "uner-english-ewt/en_ewt-ud-test.iob2"),
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--out", type=Path, default=Path("training/corpus"), help="where the .spacy files go")
    parser.add_argument("--max-sentences", type=int, default=10, help="sentences per training document")
    args = parser.parse_args()
    if not (args.data / "ud-english-ewt").is_dir():
        print(f"error: {args.data} has no ud-english-ewt/ folder (set --data or DATA=...)", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("en").vocab
    for split, (conllu, iob2) in SPLITS.items():
        sentences = list(read_conllu(args.data / conllu))
        unmatched = attach_entities(sentences, read_iob2(args.data / iob2))
        limit = args.max_sentences if split == "train" else None
        docs = [
            to_doc(vocab, group, with_ents=True, whitespace_tokens=True)
            for group in group_sentences(sentences, max_sentences=limit)
        ]
        DocBin(docs=docs, store_user_data=False).to_disk(args.out / f"{split}.spacy")
        words = sum(len(d) for d in docs)
        print(
            f"{split}: {len(sentences)} sentences, {words} words, {len(docs)} docs, "
            f"{unmatched} sentences without entity annotation"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
