"""``sitrep eval``: score sitrep against gold-standard data (:mod:`sitrep.evaluate`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli.options import ModelOption, TableOrJson, err, out

app = typer.Typer(help="Score sitrep against gold-standard data.", no_args_is_help=True)


@app.command("plover")
def eval_plover(
    path: Annotated[Path, typer.Argument(help="PLOVER gold records: a JSON list or JSON lines.")],
    model: ModelOption = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")] = TableOrJson.table,
    misses: Annotated[int, typer.Option(help="How many missed records to list (table format).")] = 20,
) -> None:
    """Event type, source, target and full-triple accuracy on PLOVER gold-standard records."""
    from rich.progress import Progress

    from sitrep.evaluate.plover import evaluate_plover, read_gold
    from sitrep.pipeline import Extractor
    from sitrep.render import render_plover

    records = read_gold(path)
    with err.status("loading the model…"):
        extractor = Extractor(model)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("coding gold sentences", total=len(records))
        scores = evaluate_plover(records, extractor, lambda n: progress.advance(task, n))
    if fmt is TableOrJson.json:
        sys.stdout.write(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        render_plover(scores, out, misses)


@app.command("quotes")
def eval_quotes(
    path: Annotated[
        Path, typer.Argument(help="Span-annotated attribution data: JSON lines (format: docs/quotes.md).")
    ],
    model: ModelOption = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")] = TableOrJson.table,
    misses: Annotated[int, typer.Option(help="How many missed quotes to list (table format).")] = 20,
) -> None:
    """Exact and overlap precision/recall/F1 of quote content spans, and speaker and cue accuracy."""
    from rich.progress import Progress

    from sitrep.evaluate.quotes import evaluate_quotes, read_quote_gold
    from sitrep.pipeline import Extractor
    from sitrep.render import render_quote_scores

    gold = read_quote_gold(path)
    with err.status("loading the model…"):
        extractor = Extractor(model)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("coding articles", total=len(gold))
        scores = evaluate_quotes(gold, extractor, lambda n: progress.advance(task, n))
    if fmt is TableOrJson.json:
        sys.stdout.write(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        render_quote_scores(scores, out, misses)
