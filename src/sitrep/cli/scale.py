"""``sitrep spark`` (code many articles on Apache Spark, into Parquet tables) and ``sitrep load``
(import those tables into the store)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from sitrep.cli.options import (
    DbOption,
    DictionariesOption,
    FieldOption,
    LexiconOption,
    ModelOption,
    PatternsOption,
    err,
    field_mapping,
    out,
)
from sitrep.errors import ConfigError, InputError
from sitrep.terminal import shown


def spark(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="JSONL, CSV or Parquet files, WARC archives, folders of saved pages or texts; local paths, "
            "globs, or URIs of any Hadoop file system Spark knows (hdfs://, s3a://, file://).",
            show_default=False,
        ),
    ],
    output: Annotated[
        str, typer.Option("--out", "-o", help="Output folder for the Parquet tables (created).")
    ],
    master: Annotated[
        str | None,
        typer.Option(help="Spark master: local[2], spark://HOST:7077, yarn (default: local[*])."),
    ] = None,
    partitions: Annotated[
        int | None, typer.Option(help="Spark tasks (default: one per input shard).")
    ] = None,
    files_per_shard: Annotated[
        int, typer.Option(help="Saved pages or texts of a folder coded as one shard.")
    ] = 200,
    conf: Annotated[
        list[str] | None,
        typer.Option("--conf", help="A Spark setting KEY=VALUE, e.g. spark.executor.memory=4g (repeat)."),
    ] = None,
    max_chars: Annotated[
        int, typer.Option(help="Size cap: longer article texts are quarantined (at most 2,000,000).")
    ] = 2_000_000,
    field: FieldOption = None,
    model: ModelOption = None,
    dictionaries: DictionariesOption = None,
    patterns: PatternsOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Code articles on Apache Spark into Parquet tables (documents, events, actors, quotes, framing,
    failures), one partition per input shard.

    Run it again after an interruption: finished shards are skipped, half-written ones replaced. Bad inputs
    are rows of the failures table (exit 3 at the end). Import the tables with 'sitrep load'."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from sitrep.ingest.base import ReadOptions, plural
    from sitrep.ingest.runner import CoderSettings
    from sitrep.scale.spark import SparkOptions, run
    from sitrep.scale.worker import ShardResult

    options = SparkOptions(
        master=master,
        partitions=partitions,
        files_per_shard=files_per_shard,
        read=ReadOptions(max_chars=max_chars, fields=field_mapping(field or [])),
        coder=CoderSettings(model, dictionaries, patterns, lexicon),
        conf=tuple(_setting(pair) for pair in conf or []),
    )
    progress = Progress(
        TextColumn("shards"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("[bold]{task.fields[articles]:,}[/] articles"),
        TextColumn("[cyan]{task.fields[events]:,}[/] events"),
        TextColumn("[red]{task.fields[failures]:,}[/] failures"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    with progress:
        task = progress.add_task("spark", total=None, articles=0, events=0, failures=0)
        totals: dict[str, Any] = {"articles": 0, "events": 0, "failures": 0}

        def planned(todo: int, done: int) -> None:
            progress.update(task, total=todo)
            note = f" ({done:,} finished before, skipped)" if done else ""
            progress.console.print(f"{todo:,} shards to code{note}; starting Spark…", highlight=False)

        def report(result: ShardResult) -> None:
            for key in totals:
                totals[key] += getattr(result, key)
            progress.update(task, advance=1, **totals)

        result = run(inputs, output, options, progress=report, planned=planned)
    loads = result.model_loads
    replaced = f", {result.replaced:,} half-written replaced" if result.replaced else ""
    out.print(
        f"coded {plural(len(result.results), 'shard')} ({result.skipped:,} finished before{replaced}): "
        f"{plural(result.articles, 'article')}, {plural(result.events, 'event')}, "
        f"{plural(result.failures, 'failure')} in {result.seconds:.1f} s ({plural(loads, 'model load')}) → "
        f"{escape(shown(output))}",
        highlight=False,
        soft_wrap=True,
    )
    if result.failures:
        raise InputError(
            f"{result.failures:,} input(s) quarantined (rows of {output}/failures); everything else is coded"
        )


def load(
    folder: Annotated[
        str, typer.Argument(help="The output folder of 'sitrep spark --out'.", show_default=False)
    ],
    db: DbOption = None,
) -> None:
    """Import the Parquet tables of 'sitrep spark' into the database, then group the new articles into
    stories. Loading twice stores every article once."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from sitrep.ingest.base import plural
    from sitrep.scale.load import load as run_load
    from sitrep.store import RunCounts, Store

    progress = Progress(
        TextColumn("loading"),
        BarColumn(),
        TextColumn("[bold]{task.fields[read]:,}[/] articles"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    with Store(db) as store:
        with progress:
            task = progress.add_task("load", total=None, read=0)

            def report(counts: RunCounts) -> None:
                progress.update(task, read=counts.articles_read)

            result = run_load(folder, store, progress=report)
        from sitrep.cli.stories import group_with_progress

        grouped = group_with_progress(store)
        c = result.counts
        out.print(
            f"loaded {plural(result.shards, 'shard')}: {c.articles_read:,} articles "
            f"({c.articles_coded:,} coded, {c.articles_not_coded:,} not coded, "
            f"{c.articles_unchanged:,} already stored) with "
            f"{c.events:,} events, {c.failures:,} failures → {escape(shown(store.name))} "
            f"(run {result.run_id}); "
            f"{grouped.articles:,} grouped into stories ({grouped.opened:,} new)",
            highlight=False,
            soft_wrap=True,
        )


def _setting(pair: str) -> tuple[str, str]:
    key, sep, value = pair.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"--conf {pair}: expected KEY=VALUE, e.g. spark.executor.memory=4g")
    return key.strip(), value
