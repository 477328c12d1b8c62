"""The ``sitrep`` command. Thin: parses options, calls the library, prints.

Exit codes: 0 success; 1 unexpected sitrep error; 2 bad option or data file; 3 bad input; 4 model problem;
130 interrupted. Errors print as one line on stderr (``error: ...``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from sitrep._version import __version__
from sitrep.errors import ConfigError, InputError, SitrepError

app = typer.Typer(
    name="sitrep",
    help="A news-event engine: who did what to whom, who says so, and in whose words.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", help="spaCy pipeline name or folder (default: $SITREP_MODEL, else the shipped one)"
    ),
]


DictionariesOption = Annotated[
    Path | None, typer.Option(help="A folder with your own actor dictionary files.")
]
PatternsOption = Annotated[Path | None, typer.Option(help="A folder with your own event-pattern files.")]
LexiconOption = Annotated[
    Path | None, typer.Option(help="A folder with your own framing lexicon (conflicts.tsv, lexicon.tsv).")
]


class ParseFormat(StrEnum):
    table = "table"
    json = "json"
    conllu = "conllu"


def _version(value: bool) -> None:
    if value:
        out.print(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """sitrep reads news reports and records events, claims and framing, with evidence offsets."""


@app.command()
def parse(
    path: Annotated[str, typer.Argument(help="A UTF-8 text file, or - for standard input.")] = "-",
    model: ModelOption = None,
    fmt: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.table,
) -> None:
    """Run the NLP layer on one text: sentences, tokens, lemmas, dependencies, entities."""
    from sitrep.actors.entities import default_entity_patterns
    from sitrep.nlp.model import load_model
    from sitrep.nlp.view import doc_to_conllu, doc_to_dict, render_doc
    from sitrep.textio import read_text

    text = read_text(path)
    with err.status("loading the model…"):
        nlp = load_model(model, entity_patterns=default_entity_patterns())
    doc = nlp(text)
    if fmt is ParseFormat.json:
        sys.stdout.write(json.dumps(doc_to_dict(doc), ensure_ascii=False, indent=2) + "\n")
    elif fmt is ParseFormat.conllu:
        sys.stdout.write(doc_to_conllu(doc))
    else:
        render_doc(doc, out)


@app.command("model")
def model_info(model: ModelOption = None) -> None:
    """Show which NLP pipeline sitrep uses, its components, licence and measured accuracy."""
    from sitrep.actors.entities import default_entity_patterns
    from sitrep.nlp.model import choose_model, load_model
    from sitrep.nlp.view import render_model

    choice = choose_model(model)
    with err.status("loading the model…"):
        nlp = load_model(model, entity_patterns=default_entity_patterns())
    render_model(nlp, choice, out)


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"


@app.command()
def extract(
    path: Annotated[str | None, typer.Argument(help="A UTF-8 text file, or - for standard input.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD: the base for relative dates.")
    ] = None,
    source: Annotated[str | None, typer.Option(help="The outlet's name.")] = None,
    url: Annotated[str | None, typer.Option(help="The article's address.")] = None,
    title: Annotated[str | None, typer.Option(help="The article's title.")] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            help="Read articles from a JSON-lines file (fields id, text, published, source, url, title; "
            "- for stdin) and write one document per line.",
        ),
    ] = None,
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format (one text).")] = (
        ExtractFormat.json
    ),
    model: ModelOption = None,
    dictionaries: DictionariesOption = None,
    patterns: PatternsOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Code events, quotes, framing cues, actors and dates in news text: one text, or a JSON-lines batch
    with --jsonl."""
    from sitrep.article import parse_published
    from sitrep.pipeline import Extractor

    if jsonl is not None and path is not None:
        raise ConfigError("give either a PATH or --jsonl FILE, not both")
    day = parse_published(published)
    with err.status("loading the model…"):
        extractor = Extractor(model, dictionaries=dictionaries, patterns=patterns, lexicon=lexicon)
    if jsonl is not None:
        failed = _extract_jsonl(extractor, jsonl)
        if failed:
            raise InputError(f"{failed} line(s) of {jsonl} could not be coded (see the messages above)")
        return
    from sitrep.textio import read_text

    text = read_text(path or "-")
    document = extractor(text, published=day, source=source, url=url, title=title)
    if fmt is ExtractFormat.json:
        sys.stdout.write(json.dumps(document.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from sitrep.render import render_document

        render_document(document, out)


@app.command()
def show(
    path: Annotated[
        str,
        typer.Argument(
            help="A UTF-8 text file, a document JSON written by 'sitrep extract', or - for stdin."
        ),
    ] = "-",
    published: Annotated[
        str | None, typer.Option(help="Publication date YYYY-MM-DD (for a text file).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="The outlet's name (for a text file).")] = None,
    title: Annotated[str | None, typer.Option(help="The article's title (for a text file).")] = None,
    model: ModelOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Print an article with its quotes, actors, event triggers and framing cues highlighted."""
    from sitrep.render import render_article
    from sitrep.textio import read_text

    text = read_text(path)
    document = _saved_document(text)
    if document is None:
        from sitrep.article import parse_published
        from sitrep.pipeline import Extractor

        day = parse_published(published)
        with err.status("loading the model…"):
            extractor = Extractor(model, lexicon=lexicon)
        document = extractor(text, published=day, source=source, title=title).to_dict()
    render_article(document, out)


def _saved_document(text: str) -> dict[str, Any] | None:
    """The document, when ``text`` is the JSON of one (``sitrep extract`` output); else None."""
    from sitrep.records import SCHEMA
    from sitrep.schema import validate_document

    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return None
    validate_document(data)
    return data


def _extract_jsonl(extractor: Any, source: str) -> int:
    """Code each line of a JSON-lines file; a bad line is reported on stderr and skipped. Returns the count
    of bad lines."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from sitrep.article import Article
    from sitrep.textio import decode

    if source == "-":
        raw = sys.stdin.buffer.read()
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as error:
            raise InputError(f"{source}: cannot read: {error.strerror or error}") from None
    lines = decode(raw, name=source).splitlines()
    articles: list[tuple[int, Article]] = []
    failed = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise InputError("not a JSON object")
            articles.append((number, Article.from_mapping(data)))
        except (json.JSONDecodeError, InputError) as error:
            failed += 1
            err.print(f"[bold red]error:[/] {escape(source)}:{number}: {escape(str(error))}", highlight=False)
    progress = Progress(
        TextColumn("coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    events = 0
    with progress:
        task = progress.add_task("coding", total=len(articles), events=0)
        for document in extractor.pipe(a for _, a in articles):
            sys.stdout.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
            events += len(document.events)
            progress.update(task, advance=1, events=events)
    return failed


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file or postgresql://user:pass@host/name (default: $SITREP_DB, else ./sitrep.db).",
    ),
]


@app.command()
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, URLs, feeds (.rss/.atom/.xml), WARC archives, JSONL or CSV files.",
            show_default=False,
        ),
    ],
    db: DbOption = None,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes that code articles.")] = 1,
    max_chars: Annotated[
        int, typer.Option(help="Size cap: longer article texts are quarantined (at most 2,000,000).")
    ] = 2_000_000,
    timeout: Annotated[float, typer.Option(help="Seconds allowed for each network step of a fetch.")] = 20.0,
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            help="JSONL/CSV field mapping NAME=COLUMN, e.g. --field text=body --field published=date "
            "(names: id, text, title, published, url, source).",
        ),
    ] = None,
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
        read=ReadOptions(max_chars=max_chars, timeout=timeout, fields=_field_mapping(field or [])),
        coder=CoderSettings(model, dictionaries, patterns, lexicon),
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
                        f"[yellow]quarantined:[/] {escape(str(outcome))}", highlight=False, soft_wrap=True
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
        c = result.counts
        rate = c.articles_read / result.seconds if result.seconds else 0.0
        out.print(
            f"stored {c.articles_read:,} articles ({c.articles_coded:,} coded, {c.articles_not_coded:,} "
            f"not coded, {c.articles_unchanged:,} already stored) with {c.events:,} events in "
            f"{result.seconds:.1f} s ({rate:.1f} articles/s) → {store.name} (run {result.run_id})",
            highlight=False,
            soft_wrap=True,
        )
    if c.failures:
        raise InputError(
            f"{c.failures:,} input(s) quarantined (listed above, and in the failures table of run "
            f"{result.run_id}); everything else is stored"
        )


def _field_mapping(pairs: list[str]) -> dict[str, str]:
    names = ("id", "text", "title", "published", "url", "source")
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not column or name not in names:
            raise ConfigError(f"--field {pair}: expected NAME=COLUMN with NAME one of {', '.join(names)}")
        mapping[name] = column
    return mapping


class ExportFormat(StrEnum):
    gdelt = "gdelt"
    gdelt_mentions = "gdelt-mentions"
    plover = "plover"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


@app.command()
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
    header: Annotated[bool, typer.Option(help="Add a header row to the GDELT tables.")] = False,
    db: DbOption = None,
) -> None:
    """Write the stored events as GDELT 2.0 events or mentions, PLOVER JSONL, CSV, document JSONL or
    Parquet."""
    from sitrep.export import export as run_export
    from sitrep.export.query import ExportFilter
    from sitrep.store import Store

    flt = ExportFilter.from_options(since, until, country, cameo_root, source, modality)
    if fmt is ExportFormat.parquet and output is None:
        raise ConfigError("--format parquet needs -o FILE (Parquet is not written to a terminal)")
    if output is not None and not output.parent.exists():
        raise ConfigError(f"-o {output}: the folder {output.parent} does not exist")
    with Store(db) as store:
        result = run_export(
            store, fmt.value, flt, output if output is not None else sys.stdout, header=header
        )
    where = str(output) if output is not None else "standard output"
    reasons = ", ".join(f"{n:,} {why}" for why, n in result.skipped_by) or f"{result.skipped:,}"
    note = f"; left out {result.skipped:,} events ({reasons})" if result.skipped else ""
    err.print(f"wrote {result.rows:,} {fmt.value} rows to {escape(where)}{note}", highlight=False)


@app.command()
def stats(
    db: DbOption = None,
    top: Annotated[int, typer.Option(help="Rows in each breakdown.")] = 15,
) -> None:
    """Counts in the database: events by CAMEO root, country pair, outlet and day."""
    from sitrep.render import render_stats
    from sitrep.store import Store
    from sitrep.store.stats import collect

    with Store(db) as store:
        render_stats(collect(store, top=top), out, store.name)


eval_app = typer.Typer(help="Score sitrep against gold-standard data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("plover")
def eval_plover(
    path: Annotated[Path, typer.Argument(help="PLOVER gold records: a JSON list or JSON lines.")],
    model: ModelOption = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExtractFormat.table,
    misses: Annotated[int, typer.Option(help="How many missed records to list (table format).")] = 20,
) -> None:
    """Event type, source, target and full-triple accuracy on PLOVER gold-standard records."""
    from rich.progress import Progress

    from sitrep.events.evaluate import evaluate_plover, read_gold
    from sitrep.pipeline import Extractor
    from sitrep.render import render_plover

    records = read_gold(path)
    with err.status("loading the model…"):
        extractor = Extractor(model)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("coding gold sentences", total=len(records))
        scores = evaluate_plover(records, extractor, lambda n: progress.advance(task, n))
    if fmt is ExtractFormat.json:
        sys.stdout.write(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        render_plover(scores, out, misses)


@eval_app.command("quotes")
def eval_quotes(
    path: Annotated[
        Path, typer.Argument(help="Span-annotated attribution data: JSON lines (format: docs/quotes.md).")
    ],
    model: ModelOption = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExtractFormat.table,
    misses: Annotated[int, typer.Option(help="How many missed quotes to list (table format).")] = 20,
) -> None:
    """Exact and overlap precision/recall/F1 of quote content spans, and speaker and cue accuracy."""
    from rich.progress import Progress

    from sitrep.pipeline import Extractor
    from sitrep.quotes.evaluate import evaluate_quotes, read_quote_gold
    from sitrep.render import render_quote_scores

    gold = read_quote_gold(path)
    with err.status("loading the model…"):
        extractor = Extractor(model)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("coding articles", total=len(gold))
        scores = evaluate_quotes(gold, extractor, lambda n: progress.advance(task, n))
    if fmt is ExtractFormat.json:
        sys.stdout.write(json.dumps(scores.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        render_quote_scores(scores, out, misses)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sitrep`` console script; returns the exit code."""
    try:
        app(args=argv, prog_name="sitrep", standalone_mode=True)
    except SitrepError as error:
        err.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
        return error.exit_code
    except KeyboardInterrupt:
        err.print("interrupted")
        return 130
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0
