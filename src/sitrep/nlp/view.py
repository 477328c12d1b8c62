"""Ways to look at a parsed Doc: a dict for JSON, CoNLL-U, and Rich renderings for the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.nlp.model import ModelChoice, entity_kind
from sitrep.nlp.pins import check_pins, pinned_packages

_KIND_STYLE = {"PER": "bold cyan", "ORG": "bold magenta", "LOC": "bold green"}


def doc_to_dict(doc: Doc) -> dict[str, Any]:
    """The NLP layer's view of a text; every offset indexes ``text``."""
    return {
        "text": doc.text,
        "sentences": [
            {"index": i, "start": s.start_char, "end": s.end_char} for i, s in enumerate(doc.sents)
        ],
        "tokens": [
            {
                "i": t.i,
                "start": t.idx,
                "end": t.idx + len(t),
                "text": t.text,
                "lemma": t.lemma_,
                "pos": t.pos_,
                "tag": t.tag_,
                "morph": str(t.morph),
                "head": t.head.i,
                "dep": t.dep_,
            }
            for t in doc
            if not t.is_space
        ],
        "entities": [
            {
                "text": e.text,
                "start": e.start_char,
                "end": e.end_char,
                "label": e.label_,
                "kind": entity_kind(e.label_),
            }
            for e in doc.ents
        ],
    }


def doc_to_conllu(doc: Doc) -> str:
    """CoNLL-U, one block a sentence; whitespace tokens are left out."""
    lines: list[str] = []
    for n, sent in enumerate(doc.sents, start=1):
        words = [t for t in sent if not t.is_space]
        index = {t.i: k for k, t in enumerate(words, start=1)}
        lines.append(f"# sent_id = {n}")
        lines.append("# text = " + " ".join(sent.text.split()))
        for k, t in enumerate(words, start=1):
            head = 0 if t.head.i == t.i else index.get(t.head.i, 0)
            dep = "root" if head == 0 else t.dep_
            space = "" if t.whitespace_ else "SpaceAfter=No"
            ent = f"NER={t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else ""
            misc = "|".join(x for x in (ent, space) if x) or "_"
            lines.append(
                "\t".join(
                    [
                        str(k),
                        t.text,
                        t.lemma_ or "_",
                        t.pos_ or "_",
                        t.tag_ or "_",
                        str(t.morph) or "_",
                        str(head),
                        dep or "_",
                        "_",
                        misc,
                    ]
                )
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def highlighted(doc: Doc) -> Text:
    """The text with entities coloured by kind."""
    text = Text(doc.text)
    for ent in doc.ents:
        text.stylize(_KIND_STYLE.get(entity_kind(ent.label_) or "", "bold"), ent.start_char, ent.end_char)
    return text


def render_doc(doc: Doc, console: Console) -> None:
    console.print(
        Panel(highlighted(doc), title="text · entities: [cyan]PER[/] [magenta]ORG[/] [green]LOC[/]")
    )
    for n, sent in enumerate(doc.sents, start=1):
        table = Table(title=f"sentence {n}", title_justify="left", show_edge=False, pad_edge=False)
        for column in ("#", "token", "lemma", "pos", "tag", "dep", "head", "entity"):
            table.add_column(column, no_wrap=True)
        for t in sent:
            if t.is_space:
                continue
            head = "—" if t.head.i == t.i else f"{t.head.i - sent.start + 1} {t.head.text}"
            ent = f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else ""
            table.add_row(
                str(t.i - sent.start + 1),
                t.text,
                t.lemma_,
                t.pos_,
                t.tag_,
                t.dep_,
                head,
                Text(ent, style=_KIND_STYLE.get(entity_kind(t.ent_type_) or "", "")),
            )
        console.print(table)


def render_model(nlp: Language, choice: ModelChoice, console: Console) -> None:
    meta = nlp.meta
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    table.add_row("model", f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '')}")
    table.add_row("chosen by", choice.source + (f" ({choice.path})" if choice.path else ""))
    table.add_row("pipeline", " → ".join(nlp.pipe_names))
    if "ner" in nlp.pipe_names:
        table.add_row("entity labels", ", ".join(getattr(nlp.get_pipe("ner"), "labels", ())))
    table.add_row("licence", str(meta.get("license", "unknown")))
    package = f"{meta.get('lang', '')}_{meta.get('name', '')}"
    if package in pinned_packages() and nlp.path is not None:
        problems = check_pins(package, Path(nlp.path))
        table.add_row(
            "files",
            Text("differ from the official release: " + "; ".join(problems), style="bold red")
            if problems
            else Text("identical to the official release (published SHA-256 pins)", style="green"),
        )
    for source in meta.get("sources", []):
        if isinstance(source, dict):
            table.add_row("trained on", f"{source.get('name', '')} ({source.get('license', '')})")
    parts: list[Any] = [table]
    perf = meta.get("sitrep_accuracy") or {}
    if perf:
        for test_set, scores in perf.items():
            acc = Table(title=f"measured on {test_set}", title_justify="left")
            for metric in scores:
                acc.add_column(metric, justify="right")
            acc.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in scores.values()))
            parts.append(acc)
    console.print(Panel(Group(*parts), title="sitrep NLP model"))
