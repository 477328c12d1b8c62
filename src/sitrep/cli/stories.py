"""``sitrep stories``: group stored articles into stories, list them, or write article → story lines."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from sitrep.cli.options import DbOption, err, out
from sitrep.terminal import shown

if TYPE_CHECKING:
    from sitrep.store import Store
    from sitrep.stories import StoryReport


class StoriesFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


def group_with_progress(store: Store, *, rebuild: bool = False) -> StoryReport:
    """Group the store's ungrouped articles (all with ``rebuild``) under a progress bar."""
    from rich.progress import Progress

    from sitrep.stories import assign_stories

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("grouping stories", total=None)
        return assign_stories(
            store,
            rebuild=rebuild,
            advance=lambda n: progress.advance(task, n),
            total=lambda n: progress.update(task, total=n),
        )


def stories(
    db: DbOption = None,
    since: Annotated[
        str | None, typer.Option(help="Only stories with an article published on or after YYYY-MM-DD.")
    ] = None,
    fmt: Annotated[
        StoriesFormat,
        typer.Option("--format", "-f", help="table: one row per story; jsonl: one line per article."),
    ] = StoriesFormat.table,
    rebuild: Annotated[
        bool,
        typer.Option(
            help="Forget every story and group all stored articles again (after a settings change)."
        ),
    ] = False,
    events: Annotated[
        bool,
        typer.Option(
            help="Also count each story's merged events (reports of one event across its articles merged; "
            "reads every listed story's documents)."
        ),
    ] = False,
) -> None:
    """Group the stored articles into stories (those not in one yet), then list the stories.

    Each story shows its outlets and article counts (with --events, its merged events too); --format jsonl
    writes {"id", "story"} per article."""
    from rich.table import Table
    from rich.text import Text

    from sitrep.article import day_option
    from sitrep.store import Store

    day = day_option("since", since)
    with Store(db) as store:
        report = group_with_progress(store, rebuild=rebuild)
        if report.articles:
            err.print(
                f"grouped {report.articles:,} articles: {report.opened:,} new stories, "
                f"{report.joined:,} joined stories already stored",
                highlight=False,
            )
        if fmt is StoriesFormat.jsonl:
            wanted = None if day is None else {s["id"] for s in store.story_summaries(day)}
            as_ingested = store.external_ids()  # the id as ingested: the record's own id when it had one
            for article, label in store.story_members():
                if wanted is None or label in wanted:
                    ident = as_ingested.get(article, article)
                    sys.stdout.write(json.dumps({"id": ident, "story": label}, ensure_ascii=False) + "\n")
            return
        summaries = store.story_summaries(day)
        merged_counts: dict[int, int] = {}
        if events:
            from sitrep.export.merged import merged_ids

            listed = {s["id"] for s in summaries}
            story_of = {a: label for a, label in store.story_members() if label in listed}
            ids = merged_ids(store, list(story_of))
            per_story: dict[int, set[str]] = {}
            for (article, _), merged in ids.items():
                per_story.setdefault(story_of[article], set()).add(merged)
            merged_counts = {label: len(found) for label, found in per_story.items()}
    columns = ["story", "articles", *(["events"] if events else []), "outlets", "first", "last", "title"]
    table = Table(title=f"{len(summaries):,} stories", title_justify="left")
    for column in columns:
        table.add_column(column, justify="right" if column in ("story", "articles", "events") else "left")
    for story in summaries:
        outlets = ", ".join(
            f"{name} ({n})" if n > 1 else name
            for name, n in sorted(story["outlets"].items(), key=lambda kv: (-kv[1], kv[0]))
        )
        table.add_row(
            str(story["id"]),
            str(story["articles"]),
            *([str(merged_counts.get(story["id"], 0))] if events else []),
            Text(shown(outlets)),
            str(story["first_published"] or ""),
            str(story["last_published"] or ""),
            Text(shown((story["title"] or "")[:80])),
        )
    out.print(table)
