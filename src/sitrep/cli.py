"""The ``sitrep`` command. Thin: parses options, calls the library, prints.

Exit codes: 0 success; 1 unexpected sitrep error; 2 bad option or data file; 3 bad input; 4 model problem;
130 interrupted. Errors print as one line on stderr (``error: ...``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from sitrep import __version__
from sitrep.errors import SitrepError

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
    from sitrep.nlp.model import load_model
    from sitrep.nlp.view import doc_to_conllu, doc_to_dict, render_doc
    from sitrep.textio import read_text

    text = read_text(path)
    with err.status("loading the model…"):
        nlp = load_model(model)
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
    from sitrep.nlp.model import choose_model, load_model
    from sitrep.nlp.view import render_model

    choice = choose_model(model)
    with err.status("loading the model…"):
        nlp = load_model(model)
    render_model(nlp, choice, out)


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
