"""``sitrep eval``: score sitrep against gold-standard data (:mod:`sitrep.evaluate`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from sitrep.cli.options import DictionariesOption, ModelOption, PatternsOption, TableOrJson, err, out

if TYPE_CHECKING:
    from sitrep.evaluate.merging import MergingScores
    from sitrep.pipeline import Extractor

app = typer.Typer(help="Score sitrep against gold-standard data.", no_args_is_help=True)

FormatOption = Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")]
Scores = TypeVar("Scores")


def _score(
    what: str,
    total: int,
    extractor: Callable[[], Extractor],
    evaluate: Callable[[Extractor, Callable[[int], None]], Scores],
) -> Scores:
    """Build the Extractor (with a spinner), then run ``evaluate`` under a progress bar of ``total`` items."""
    from rich.progress import Progress

    with err.status("loading the model…"):
        built = extractor()
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task(what, total=total)
        return evaluate(built, lambda n: progress.advance(task, n))


def _print_json(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command("plover")
def eval_plover(
    path: Annotated[Path, typer.Argument(help="PLOVER gold records: a JSON list or JSON lines.")],
    model: ModelOption = None,
    fmt: FormatOption = TableOrJson.table,
    misses: Annotated[int, typer.Option(help="How many missed records to list (table format).")] = 20,
) -> None:
    """Event type, source, target and full-triple accuracy on PLOVER gold-standard records."""
    from sitrep.evaluate.plover import evaluate_plover, read_gold
    from sitrep.pipeline import Extractor
    from sitrep.render import render_plover

    records = read_gold(path)
    scores = _score(
        "coding gold sentences",
        len(records),
        lambda: Extractor(model),
        lambda extractor, advance: evaluate_plover(records, extractor, advance),
    )
    if fmt is TableOrJson.json:
        _print_json(scores.to_dict())
    else:
        render_plover(scores, out, misses)


@app.command("quotes")
def eval_quotes(
    path: Annotated[
        Path, typer.Argument(help="Span-annotated attribution data: JSON lines (format: docs/quotes.md).")
    ],
    model: ModelOption = None,
    fmt: FormatOption = TableOrJson.table,
    misses: Annotated[int, typer.Option(help="How many missed quotes to list (table format).")] = 20,
) -> None:
    """Exact and overlap precision/recall/F1 of quote content spans, and speaker and cue accuracy."""
    from sitrep.evaluate.quotes import evaluate_quotes, read_quote_gold
    from sitrep.pipeline import Extractor
    from sitrep.render import render_quote_scores

    gold = read_quote_gold(path)
    scores = _score(
        "coding articles",
        len(gold),
        lambda: Extractor(model),
        lambda extractor, advance: evaluate_quotes(gold, extractor, advance),
    )
    if fmt is TableOrJson.json:
        _print_json(scores.to_dict())
    else:
        render_quote_scores(scores, out, misses)


@app.command("events")
def eval_events(
    path: Annotated[
        Path,
        typer.Argument(
            help="A folder of hand-coded news (articles.jsonl, gold_events.jsonl, gold_quotes.jsonl; "
            "format: docs/evaluation.md), or one of its files."
        ),
    ],
    model: ModelOption = None,
    dictionaries: DictionariesOption = None,
    patterns: PatternsOption = None,
    fmt: FormatOption = TableOrJson.table,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every wrong and missed event with its sentence.")
    ] = False,
) -> None:
    """Strict and lenient precision and recall of events, quotes found and speakers, per article."""
    from sitrep.evaluate.events import evaluate_events, read_gold
    from sitrep.pipeline import Extractor
    from sitrep.render import render_event_scores

    gold = read_gold(path)
    scores = _score(
        "coding articles",
        len(gold.articles),
        lambda: Extractor(model, dictionaries=dictionaries, patterns=patterns),
        lambda extractor, advance: evaluate_events(gold, extractor, advance),
    )
    if fmt is TableOrJson.json:
        _print_json(scores.to_dict(details=verbose))
    else:
        render_event_scores(scores, out, verbose=verbose)


@app.command("places")
def eval_places(
    path: Annotated[
        Path,
        typer.Argument(
            help="A folder of place-annotated articles (articles.jsonl, gold_places.jsonl, "
            "neutral_spans.jsonl; format: docs/places.md), or one of its files."
        ),
    ],
    model: ModelOption = None,
    fmt: FormatOption = TableOrJson.table,
    misses: Annotated[int, typer.Option(help="How many wrong or missed toponyms to list.")] = 20,
) -> None:
    """Place names: recognition P/R/F1 (neutral spans left out), accuracy within 161 km, AUC, mean and
    median error, and country accuracy, by corpus."""
    from sitrep.evaluate.places import evaluate_places, read_place_gold
    from sitrep.pipeline import Extractor
    from sitrep.render import render_place_scores

    gold = read_place_gold(path)
    scores = _score(
        "coding articles",
        len(gold),
        lambda: Extractor(model),
        lambda extractor, advance: evaluate_places(gold, extractor, advance),
    )
    if fmt is TableOrJson.json:
        _print_json(scores.to_dict(misses=misses))
    else:
        render_place_scores(scores, out, misses)


@app.command("stories")
def eval_stories(
    path: Annotated[
        Path,
        typer.Argument(help="Articles with gold stories: stories-dev's articles.jsonl, or its folder."),
    ],
    shuffles: Annotated[
        int, typer.Option(help="Also group the stream this many times with same-date/undated order shuffled.")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the shuffles.")] = 0,
    actors: Annotated[
        float,
        typer.Option(
            help="Code the articles first (minutes) and add their actors as features with this weight "
            "(0: text only, the settings' actor_weight is then used as is)."
        ),
    ] = 0.0,
    merging: Annotated[
        str,
        typer.Option(
            help="Also score event merging on the folder's event_mentions.jsonl (ECB+, gold stories): "
            "'gold' merges the gold mentions (about a minute), 'sitrep' codes the articles and merges "
            "sitrep's events (minutes), 'none' skips it (docs/merging.md)."
        ),
    ] = "none",
    model: ModelOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """B-cubed P/R/F1, complete and exact stories, clusters per gold story, per corpus, over shuffles; with
    --merging, event merging (MUC, B-cubed, CEAF-e, CoNLL F1)."""
    from rich.progress import Progress
    from rich.table import Table

    from sitrep.evaluate.stories import evaluate_stories, read_story_gold, with_actors
    from sitrep.stories import default_settings

    if shuffles < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--shuffles")
    if merging not in ("none", "gold", "sitrep"):
        raise typer.BadParameter("choose none, gold or sitrep", param_hint="--merging")
    if actors < 0:
        raise typer.BadParameter("must be 0 or more", param_hint="--actors")
    gold = read_story_gold(path)
    settings = default_settings()
    if actors:
        import dataclasses

        from sitrep.article import Article
        from sitrep.pipeline import Extractor

        def code(extractor: Extractor, advance: Callable[[int], None]) -> list[list[str]]:
            found: list[list[str]] = []
            texts = (
                Article(g.article.text, title=g.article.title, published=g.article.published) for g in gold
            )
            for document in extractor.pipe(texts):
                found.append([v for a in document.actors for v in (a.code, a.name) if v])
                advance(1)
            return found

        gold = with_actors(gold, _score("coding articles", len(gold), lambda: Extractor(model), code))
        settings = dataclasses.replace(settings, actor_weight=actors)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("grouping articles", total=shuffles + 1)
        scores = evaluate_stories(
            gold, settings, shuffles=shuffles, seed=seed, advance=lambda n: progress.advance(task, n)
        )
    merged = None
    if merging != "none":
        from sitrep.evaluate.merging import evaluate_merging
        from sitrep.pipeline import Extractor

        folder = path if path.is_dir() else path.parent
        with Progress(console=err, transient=True) as progress:
            progress.add_task(f"merging events ({merging} mentions)", total=None)
            if merging == "gold":
                merged = evaluate_merging(folder, mode="gold", nlp=Extractor(model).nlp)
            else:
                merged = evaluate_merging(folder, mode="sitrep", extractor=Extractor(model))
    if fmt is TableOrJson.json:
        _print_json(scores.to_dict() | ({"merging": merged.to_dict()} if merged is not None else {}))
        return
    table = Table(title=f"Stories: {scores.overall.articles} articles, {scores.overall.stories} gold stories")
    for column in ("corpus", "articles", "B³ P", "B³ R", "B³ F1", "complete", "exact", "clusters/story"):
        table.add_column(column, justify="left" if column == "corpus" else "right")
    for name, s in [("all", scores.overall), *sorted(scores.per_corpus.items())]:
        table.add_row(
            name,
            str(s.articles),
            f"{s.precision:.3f}",
            f"{s.recall:.3f}",
            f"{s.f1:.3f}",
            f"{s.complete:.2f}",
            f"{s.exact:.2f}",
            f"{s.clusters_per_story:.2f}",
        )
    out.print(table)
    if scores.shuffles:
        low, high = scores.spread(lambda s: s.f1)
        c_low, c_high = scores.spread(lambda s: s.clusters_per_story)
        out.print(
            f"over the stream order and {len(scores.shuffles)} shuffles (seed {seed}): "
            f"B³ F1 {low:.3f}–{high:.3f}, "
            f"clusters per story {c_low:.2f}–{c_high:.2f}",
            highlight=False,
        )
    if merged is not None:
        _render_merging(merged)


def _render_merging(merged: MergingScores) -> None:
    from rich.table import Table

    title = (
        f"Event merging ({merged.mode} mentions): {merged.gold_mentions} gold mentions, "
        f"{merged.gold_events} gold events, matched {merged.matched_share:.3f}"
    )
    table = Table(title=title)
    for column in ("mentions", "MUC F", "B³ F", "CEAF-e F", "CoNLL F1"):
        table.add_column(column, justify="right" if column != "mentions" else "left")
    rows = [("all gold", merged.scores)]
    if merged.matched_scores is not None:
        rows.append(("matched only", merged.matched_scores))
    for name, s in rows:
        table.add_row(
            name, f"{s.muc.f1:.3f}", f"{s.b_cubed.f1:.3f}", f"{s.ceaf_e.f1:.3f}", f"{s.conll_f1:.3f}"
        )
    out.print(table)
    out.print(f"merged events per gold event: {merged.events_per_gold_event:.2f}", highlight=False)
