"""``sitrep extract`` and ``sitrep show``: code one article (or a JSON-lines batch) and print or draw it."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from sitrep.cli.options import (
    DictionariesOption,
    FieldOption,
    LexiconOption,
    ModelOption,
    PatternsOption,
    SliceCharsOption,
    TableOrJson,
    TimeBudgetOption,
    budget_seconds,
    err,
    field_mapping,
    out,
    slice_size,
)
from sitrep.errors import ConfigError, InputError, TimeBudgetError
from sitrep.terminal import shown

if TYPE_CHECKING:
    from sitrep.article import Article, Failure
    from sitrep.ingest.base import ReadOptions
    from sitrep.pipeline import Extractor


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
            help="Read articles from a JSON-lines file (- for stdin), read as 'sitrep ingest' reads one "
            "(fields id, text, published, source, url, title; --field renames them), and write one "
            "document per line.",
        ),
    ] = None,
    field: FieldOption = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format (one text).")] = (
        TableOrJson.json
    ),
    model: ModelOption = None,
    dictionaries: DictionariesOption = None,
    patterns: PatternsOption = None,
    lexicon: LexiconOption = None,
    time_budget: TimeBudgetOption = 120.0,
    slice_chars: SliceCharsOption = 100_000,
) -> None:
    """Code events, quotes, framing cues, actors and dates in news text: one text, or a JSON-lines batch
    with --jsonl."""
    from sitrep.article import parse_published
    from sitrep.ingest.base import ReadOptions
    from sitrep.pipeline import Extractor

    if jsonl is not None and path is not None:
        raise ConfigError("give either a PATH or --jsonl FILE, not both")
    if field and jsonl is None:
        raise ConfigError("--field renames the fields of a --jsonl file; give --jsonl FILE too")
    day = parse_published(published)
    budget = budget_seconds(time_budget)
    slice_chars = slice_size(slice_chars)
    options = ReadOptions(fields=field_mapping(field or []))
    if jsonl is not None and jsonl != "-":
        _check_file(jsonl)
    with err.status("loading the model…"):
        extractor = Extractor(
            model,
            dictionaries=dictionaries,
            patterns=patterns,
            lexicon=lexicon,
            time_budget=budget,
            slice_chars=slice_chars,
        )
    if jsonl is not None:
        failed = _extract_jsonl(extractor, jsonl, options)
        if failed:
            raise InputError(f"{failed} line(s) of {jsonl} could not be read (see the messages above)")
        return
    from sitrep.textio import read_text

    text = read_text(path or "-")
    document = extractor(text, published=day, source=source, url=url, title=title)
    if fmt is TableOrJson.json:
        sys.stdout.write(json.dumps(document.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from sitrep.render import render_document

        render_document(document, out)


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


def _check_file(path: str) -> None:
    """Refuse a missing file or a folder before the model is loaded.

    :raises InputError: ``path`` is not a file.
    """
    if not Path(path).exists():
        raise InputError(f"{path}: no such file")
    if Path(path).is_dir():
        raise InputError(f"{path}: is a folder, not a JSON-lines file")


def _extract_jsonl(extractor: Extractor, source: str, options: ReadOptions) -> int:
    """Code each line of a JSON-lines file, read by ingest's JSONL reader; a line it cannot use is reported
    on stderr (``error: FILE:LINE: reason``) and skipped. Returns the count of such lines."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from sitrep.article import Failure

    articles: list[Article] = []
    failed = 0
    for item in _read_jsonl(source, options):
        if isinstance(item, Failure):
            failed += 1
            err.print(f"[bold red]error:[/] {escape(shown(item))}", highlight=False, soft_wrap=True)
        else:  # extract writes the record's own id, when it has one, as the document's id
            articles.append(dataclasses.replace(item, id=item.external_id) if item.external_id else item)
    progress = Progress(
        TextColumn("coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[events]} events"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,  # a batch run from a script keeps stderr to its messages
    )
    events = 0
    with progress:
        task = progress.add_task("coding", total=len(articles), events=0)
        for article, document in extractor.pipe_budgeted(articles):
            progress.update(task, advance=1)
            if isinstance(document, TimeBudgetError):  # reported and skipped; the lines after it are coded
                failed += 1
                err.print(
                    f"[bold red]error:[/] {escape(shown(article.origin or '-'))}: {escape(str(document))}",
                    highlight=False,
                    soft_wrap=True,
                )
                continue
            sys.stdout.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
            events += len(document.events)
            progress.update(task, events=events)
    return failed


def _read_jsonl(source: str, options: ReadOptions) -> Iterator[Article | Failure]:
    """The articles and failures of the JSON-lines file ``source``; ``-`` is standard input, whose lines are
    named ``-:LINE``."""
    from sitrep.ingest.readers.tabular import read_jsonl

    if source != "-":
        yield from read_jsonl(source, options)
        return
    # The reader reads files (it seeks nothing, but opens by name): standard input is copied to one first.
    with tempfile.TemporaryDirectory(prefix="sitrep-") as folder:
        spooled = str(Path(folder) / "stdin.jsonl")
        with Path(spooled).open("wb") as handle:
            shutil.copyfileobj(sys.stdin.buffer, handle)
        for item in read_jsonl(spooled, options):
            yield _renamed(item, spooled, "-")


def _renamed(item: Article | Failure, old: str, new: str) -> Article | Failure:
    """``item`` with the file name ``old`` at the start of its origin replaced by ``new``."""
    from sitrep.article import Failure

    if isinstance(item, Failure):
        return dataclasses.replace(item, source=new + item.source.removeprefix(old))
    if item.origin is None:
        return item
    return dataclasses.replace(item, origin=new + item.origin.removeprefix(old))
