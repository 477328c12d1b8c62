"""``sitrep export``: the stored events in the field's formats."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sitrep.cli.options import DbOption, err
from sitrep.errors import ConfigError
from sitrep.terminal import shown


class ExportFormat(StrEnum):
    gdelt = "gdelt"
    gdelt_mentions = "gdelt-mentions"
    plover = "plover"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE (default: standard output).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(help="ISO3 country of the source or target actor (repeat, or UKR,RUS)."),
    ] = None,
    cameo_root: Annotated[
        list[str] | None, typer.Option(help="Two-digit CAMEO root, 01-20 (repeat, or 18,19,20).")
    ] = None,
    source: Annotated[list[str] | None, typer.Option(help="Outlet name (repeat for several).")] = None,
    modality: Annotated[
        list[str] | None,
        typer.Option(
            help="Only events of this modality: asserted, negated, intended, conditional, hypothetical "
            "(repeat, or asserted,intended)."
        ),
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(help="Only events whose confidence is at least this (0 to 1).", min=0.0, max=1.0),
    ] = None,
    uncoded: Annotated[
        bool,
        typer.Option(
            help="Keep events with no coded actor in the GDELT and PLOVER formats (left out by default)."
        ),
    ] = False,
    header: Annotated[bool, typer.Option(help="Add a header row to the GDELT tables.")] = False,
    db: DbOption = None,
) -> None:
    """Write the stored events as GDELT 2.0 events or mentions, PLOVER JSONL, CSV, document JSONL or
    Parquet."""
    from sitrep.export import export as run_export
    from sitrep.export.query import ExportFilter
    from sitrep.store import Store

    flt = ExportFilter.from_options(since, until, country, cameo_root, source, modality, min_confidence)
    if fmt is ExportFormat.parquet and output is None:
        raise ConfigError("--format parquet needs -o FILE (Parquet is not written to a terminal)")
    if output is not None and not output.parent.exists():
        raise ConfigError(f"-o {output}: the folder {output.parent} does not exist")
    with Store(db) as store:
        result = run_export(
            store,
            fmt.value,
            flt,
            output if output is not None else sys.stdout,
            header=header,
            uncoded=uncoded,
        )
    where = str(output) if output is not None else "standard output"
    reasons = ", ".join(f"{n:,} {why}" for why, n in result.skipped_by) or f"{result.skipped:,}"
    note = f"; left out {result.skipped:,} events ({reasons})" if result.skipped else ""
    err.print(f"wrote {result.rows:,} {fmt.value} rows to {escape(shown(where))}{note}", highlight=False)
