"""``sitrep parse`` and ``sitrep model``: the NLP layer on its own."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from sitrep.cli.options import ModelOption, err, out


class ParseFormat(StrEnum):
    table = "table"
    json = "json"
    conllu = "conllu"


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


def model_info(model: ModelOption = None) -> None:
    """Show which NLP pipeline sitrep uses, its components, licence and measured accuracy."""
    from sitrep.actors.entities import default_entity_patterns
    from sitrep.nlp.model import choose_model, load_model
    from sitrep.nlp.view import render_model

    choice = choose_model(model)
    with err.status("loading the model…"):
        nlp = load_model(model, entity_patterns=default_entity_patterns())
    render_model(nlp, choice, out)
    from sitrep.places.gazetteer import CREDIT

    out.print(f"[bold]gazetteer[/bold]  {CREDIT}", highlight=False)
