"""``sitrep compare``: one story of the database side by side, outlet by outlet."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from sitrep.cli.options import DbOption, TableOrJson, out


def compare(
    story: Annotated[int, typer.Argument(help="The story's id (as `sitrep stories` lists them).")],
    db: DbOption = None,
    outlets: Annotated[
        Path | None,
        typer.Option(help="Your own outlet table (outlets.tsv; docs/stories.md) instead of the shipped one."),
    ] = None,
    fmt: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="Output format (JSON: docs/stories.md).")
    ] = TableOrJson.table,
) -> None:
    """A story side by side: per outlet the events it reports and leaves out, asserted or attributed, whom it
    quotes, the words it uses and when it first reported."""
    from sitrep.errors import InputError
    from sitrep.export.merged import story_documents
    from sitrep.store import Store
    from sitrep.stories.compare import compare as side_by_side
    from sitrep.stories.merge import merge_documents
    from sitrep.stories.outlets import default_outlets, load_outlets

    table = load_outlets(outlets) if outlets is not None else default_outlets()
    with Store(db) as store:
        documents, stories = story_documents(store, {story})
        if not stories:
            raise InputError(f"no story {story} in {store.name}: `sitrep stories --db …` lists them")
    comparison = side_by_side(str(story), documents, merge_documents(documents, stories), outlets=table)
    if fmt is TableOrJson.json:
        sys.stdout.write(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        from sitrep.stories.view import render_comparison

        render_comparison(comparison, out)
