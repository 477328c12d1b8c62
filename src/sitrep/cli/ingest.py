"""``sitrep ingest``: read articles from many sources, code them, and store them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from sitrep.cli.options import (
    DbOption,
    DictionariesOption,
    FieldOption,
    LexiconOption,
    ModelOption,
    PatternsOption,
    SliceCharsOption,
    TimeBudgetOption,
    budget_seconds,
    err,
    field_mapping,
    out,
    slice_size,
)
from sitrep.errors import InputError
from sitrep.terminal import shown


def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, URLs, feeds (.rss/.atom/.xml), WARC archives, JSONL, CSV or Parquet files.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes that code articles.")] = 1,
    max_chars: Annotated[
        int, typer.Option(help="Size cap: longer article texts are quarantined (at most 2,000,000).")
    ] = 2_000_000,
    timeout: Annotated[
        float, typer.Option(help="Seconds allowed for each network step of a fetch (above 0, at most 3600).")
    ] = 20.0,
    deadline: Annotated[
        float,
        typer.Option(
            help="Seconds allowed for a whole fetch, however slowly the server sends (at most 3600)."
        ),
    ] = 60.0,
    max_inflation: Annotated[
        int,
        typer.Option(
            help="How many times its own size a gzipped JSONL/CSV file or .warc.gz may grow when read "
            "(always at least 256 MB); past it, the rest of the file is one too-large failure (2 to 100000).",
        ),
    ] = 100,
    time_budget: TimeBudgetOption = 120.0,
    slice_chars: SliceCharsOption = 100_000,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Also fetch addresses on private, loopback and link-local networks (refused by default).",
        ),
    ] = False,
    field: FieldOption = None,
    recode: Annotated[
        bool, typer.Option(help="Code every article again, even those this coder already stored.")
    ] = False,
    model: ModelOption = None,
    dictionaries: DictionariesOption = None,
    patterns: PatternsOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Read articles from files, folders, URLs, feeds and WARC archives, code them, and store them.

    Bad inputs are quarantined with their reason (exit 3 at the end); everything else is stored.

    Run it again after an interruption: articles already stored are not coded twice."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from sitrep.article import Failure
    from sitrep.ingest.base import ReadOptions
    from sitrep.ingest.runner import CoderSettings, IngestOptions
    from sitrep.ingest.runner import ingest as run_ingest
    from sitrep.store import RunCounts, Store

    options = IngestOptions(
        workers=workers,
        read=ReadOptions(
            max_chars=max_chars,
            timeout=timeout,
            deadline=deadline,
            max_inflation=max_inflation,
            allow_private=allow_private,
            fields=field_mapping(field or []),
        ),
        coder=CoderSettings(
            model, dictionaries, patterns, lexicon, budget_seconds(time_budget), slice_size(slice_chars)
        ),
        recode=recode,
    )
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.fields[read]:,}[/] articles"),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TextColumn("[cyan]{task.fields[events]:,}[/] events"),
        TextColumn("[red]{task.fields[failures]:,}[/] failures"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    with Store(db) as store:
        with progress:
            task = progress.add_task("ingest", total=None, read=0, rate=0.0, events=0, failures=0)
            started = progress.get_time()

            def report(counts: RunCounts, outcome: object) -> None:
                if isinstance(outcome, Failure):
                    progress.console.print(
                        f"[yellow]quarantined:[/] {escape(shown(outcome))}", highlight=False, soft_wrap=True
                    )
                elapsed = max(progress.get_time() - started, 1e-6)
                progress.update(
                    task,
                    read=counts.articles_read,
                    rate=counts.articles_read / elapsed,
                    events=counts.events,
                    failures=counts.failures,
                )

            progress.console.print(f"loading the model ({workers} worker{'s' * (workers > 1)})…")
            result = run_ingest(sources, store, options, progress=report)
        from sitrep.cli.stories import group_with_progress

        grouped = group_with_progress(store)
        c = result.counts
        rate = c.articles_read / result.seconds if result.seconds else 0.0
        out.print(
            f"stored {c.articles_read:,} articles ({c.articles_coded:,} coded, {c.articles_not_coded:,} "
            f"not coded, {c.articles_unchanged:,} already stored) with {c.events:,} events in "
            f"{result.seconds:.1f} s ({rate:.1f} articles/s) → {escape(shown(store.name))} "
            f"(run {result.run_id}); "
            f"{grouped.articles:,} grouped into stories ({grouped.opened:,} new)",
            highlight=False,
            soft_wrap=True,
        )
    if c.failures:
        raise InputError(
            f"{c.failures:,} input(s) quarantined (listed above, and in the failures table of run "
            f"{result.run_id}); everything else is stored"
        )
