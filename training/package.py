"""Install a trained spaCy pipeline as sitrep's shipped model (package data).

    python training/package.py training/runs/model/model-best [--ner training/runs/ner/model-best]

Copies the pipeline into ``src/sitrep/models/en_sitrep_news``, optionally replacing its ``ner`` component by
one trained separately (with its own embedded tok2vec), and writes the model's meta: name, version, licence
(CC BY-SA 4.0, the licence of the training data), sources and a description. Accuracy figures are added by
``benchmarks/accuracy.py --write-meta``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "sitrep" / "models" / "en_sitrep_news"

SOURCES = [
    {
        "name": "Universal Dependencies English-EWT",
        "url": "https://universaldependencies.org/treebanks/en_ewt/",
        "license": "CC BY-SA 4.0",
        "author": "Silveira et al.; Universal Dependencies contributors",
    },
    {
        "name": "Universal NER English-EWT (UNER v1)",
        "url": "https://www.universalner.org/",
        "license": "CC BY-SA 4.0",
        "author": "Mayhew et al. (NAACL 2024)",
    },
]

LICENSE_TEXT = """The sitrep news pipeline (en_sitrep_news) is trained on:

- Universal Dependencies English-EWT (tokens, tags, morphology, lemmas, dependencies), CC BY-SA 4.0
- Universal NER English-EWT (PER/ORG/LOC entities), CC BY-SA 4.0

As a work derived from that data, the trained pipeline in this folder is distributed under the
Creative Commons Attribution-ShareAlike 4.0 International licence:
https://creativecommons.org/licenses/by-sa/4.0/

The sitrep code that loads and uses it is MIT-licensed (see LICENSE at the repository root).
How it was trained: training/README.md in the sitrep repository.
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pipeline", type=Path, help="a trained pipeline folder (model-best)")
    parser.add_argument(
        "--ner", type=Path, help="a separately trained pipeline whose 'ner' replaces the joint one"
    )
    parser.add_argument("--version", default="0.1.0")
    args = parser.parse_args()
    if not (args.pipeline / "meta.json").is_file():
        print(f"error: {args.pipeline} is not a spaCy pipeline folder", file=sys.stderr)
        return 2
    nlp = spacy.load(args.pipeline)
    if args.ner:
        ner_source = spacy.load(args.ner)
        if "ner" in nlp.pipe_names:
            nlp.remove_pipe("ner")
        nlp.add_pipe("ner", source=ner_source)
    nlp.meta.update(
        name="sitrep_news",
        version=args.version,
        description=(
            "sitrep's English news pipeline: tokenizer, tagger, morphologizer, trainable lemmatizer, "
            "dependency parser (UD English-EWT) and PER/ORG/LOC NER (UNER English-EWT), trained from scratch "
            "on 2 CPU cores. sitrep adds syntok sentence starts and a dictionary-fed entity ruler "
            "at load time."
        ),
        author="sitrep developers",
        license="CC BY-SA 4.0",
        sources=SOURCES,
        url="training/README.md",
    )
    nlp.meta.pop("performance", None)  # dev-set scores of the training run; ours are in sitrep_accuracy
    if TARGET.exists():
        shutil.rmtree(TARGET)
    nlp.to_disk(TARGET)
    (TARGET / "LICENSE").write_text(LICENSE_TEXT, encoding="utf-8")
    size = sum(p.stat().st_size for p in TARGET.rglob("*") if p.is_file())
    print(json.dumps({"installed": str(TARGET.relative_to(ROOT)), "pipes": nlp.pipe_names, "bytes": size}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
