"""Drawing documents and scores in the terminal (Rich)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sitrep.events.evaluate import PloverScores
from sitrep.records import ActorRef, Document

_QUAD_STYLE = {1: "green", 2: "bold green", 3: "yellow", 4: "bold red"}


def _actor(ref: ActorRef | None) -> Text:
    if ref is None:
        return Text("—", style="dim")
    text = Text(ref.text)
    text.append(f"\n{ref.code or '?'}", style="bold cyan" if ref.code else "dim")
    if ref.name and ref.name != ref.text:
        text.append(f" {ref.name}", style="dim")
    return text


def render_document(document: Document, console: Console) -> None:
    """Events (with actors, date, modality and who says so), then the actors, of one document."""
    head = Text()
    head.append(document.title or document.id, style="bold")
    meta = [
        x for x in (document.source, document.published and document.published.isoformat(), document.url) if x
    ]
    if meta:
        head.append("  " + " · ".join(meta), style="dim")
    events = Table(title="Events", expand=True, show_lines=True, title_justify="left")
    for column in ("#", "source", "CAMEO / PLOVER", "target", "date", "modality · said by", "trigger · rule"):
        events.add_column(column, overflow="fold")
    for event in document.events:
        code = Text(f"{event.cameo} ", style=_QUAD_STYLE.get(event.quad_class, ""))
        code.append(event.cameo_name)
        code.append(f"\n{event.plover or '—'}", style="magenta")
        if event.plover_mode:
            code.append(f" ({event.plover_mode})", style="magenta")
        when = Text(event.date.isoformat())
        when.append(f"\n{event.date_text or event.date_precision}", style="dim")
        said = Text(event.modality, style="bold" if event.modality != "asserted" else "")
        if event.attribution.kind == "speaker":
            who = event.attribution.speaker
            said.append(f"\n{who.text if who else '?'}", style="italic")
            if event.attribution.cue:
                said.append(f" ({event.attribution.cue.text})", style="dim")
        else:
            said.append("\noutlet", style="dim")
        why = Text(f"“{event.trigger.text}”")
        why.append(f"\n{event.rule}", style="dim")
        events.add_row(event.id, _actor(event.source), code, _actor(event.target), when, said, why)
    actors = Table(title="Actors", expand=True, title_justify="left")
    for column in ("id", "mention", "code", "name", "kind", "refers to"):
        actors.add_column(column, overflow="fold")
    for a in document.actors:
        actors.add_row(a.id, a.text, a.code or "—", a.name or "", a.kind, a.refers_to or "")
    parts: list[Text | Table] = [head]
    parts.append(events if document.events else Text("No events found.", style="dim"))
    if document.actors:
        parts.append(actors)
    for note in document.notes:
        parts.append(Text(f"note: {note}", style="yellow"))
    console.print(Panel(Group(*parts), title="sitrep", title_align="left"))


def render_plover(scores: PloverScores, console: Console, misses: int = 20) -> None:
    table = Table(title=f"PLOVER gold records: {scores.records}", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in (
        ("event type", scores.type_accuracy),
        ("source", scores.source_accuracy),
        ("target", scores.target_accuracy),
        ("source + type + target", scores.triple_accuracy),
    ):
        table.add_row(name, f"{value:.3f}")
    table.add_row("events per sentence", f"{scores.events_per_sentence:.2f}")
    console.print(table)
    types = Table(title="By gold type", title_justify="left")
    types.add_column("type")
    types.add_column("right", justify="right")
    types.add_column("records", justify="right")
    for name, (right, total) in sorted(scores.by_type.items()):
        types.add_row(name, str(right), str(total))
    console.print(types)
    missed = scores.misses()[:misses]
    if missed:
        table = Table(title=f"Misses (first {len(missed)} of {len(scores.misses())})", title_justify="left")
        for column in ("record", "gold", "found", "source", "target", "text"):
            table.add_column(column, overflow="fold")
        for r in missed:
            src = r.best.source.code if r.best and r.best.source else None
            tgt = r.best.target.code if r.best and r.best.target else None
            table.add_row(
                r.record.id,
                f"{r.record.type}\n{'|'.join(r.record.sources)} → {'|'.join(r.record.targets)}",
                ", ".join(r.found) or "—",
                f"{src or '—'} {'✓' if r.source_ok else '✗'}",
                f"{tgt or '—'} {'✓' if r.target_ok else '✗'}",
                r.record.text[:160],
            )
        console.print(table)
