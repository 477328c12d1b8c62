"""What the benchmark scripts share: the command-line options for the model and the gold data."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from sitrep.nlp.model import ModelChoice, choose_model

ROOT = Path(__file__).resolve().parent.parent


def make_parser(doc: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--model", help="pipeline name or folder (default: $SITREP_MODEL, else the shipped model)"
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("SITREP_DATA", ROOT.parent / "shared/data")),
        help="the shared gold data folder (default: $SITREP_DATA, else ../shared/data)",
    )
    return parser


def model_target(name: str | None) -> tuple[ModelChoice, str]:
    """The chosen model and what to hand to ``spacy.load`` for it."""
    choice = choose_model(name)
    return choice, str(choice.path) if choice.path else choice.name
