"""``sitrep stats``: counts of what the database holds, drawn as tables or written as JSON."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from sitrep.cli.options import DbOption, TableOrJson, out
from sitrep.errors import ConfigError

MAX_TOP = 10_000
"""The most rows ``stats --top`` shows in a breakdown."""


def stats(
    db: DbOption = None,
    top: Annotated[int, typer.Option(help=f"Rows in each breakdown (1 to {MAX_TOP:,}).")] = 15,
    fmt: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="Output format (JSON: docs/cli.md).")
    ] = TableOrJson.table,
) -> None:
    """Counts in the database: events by CAMEO root, country pair, outlet and day."""
    from sitrep.store import Store
    from sitrep.store.stats import collect

    if not 1 <= top <= MAX_TOP:
        raise ConfigError(f"--top must be between 1 and {MAX_TOP:,}, got {top}")

    with Store(db) as store:
        figures = collect(store, top=top)
        name = store.name
    if fmt is TableOrJson.json:
        sys.stdout.write(json.dumps(figures.to_dict(name), ensure_ascii=False, indent=2) + "\n")
    else:
        from sitrep.render import render_stats

        render_stats(figures, out, name)
