"""A story side by side, drawn for a terminal: one column per outlet, one row per merged event."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sitrep.stories.compare import Comparison, OutletView, Reported
from sitrep.terminal import shown

MAX_EVENTS = 40
"""Merged events shown in the grid (the most reported first); the JSON output has all."""


def render_comparison(comparison: Comparison, console: Console) -> None:
    """The outlets of a story with what each reported and how, and a grid of merged events by outlet."""
    outlets = Table(title=f"Story {comparison.story}: {len(comparison.outlets)} outlets", box=box.SIMPLE_HEAD)
    for name in (
        "outlet",
        "country",
        "ownership",
        "articles",
        "first report",
        "events",
        "left out",
        "quotes",
    ):
        outlets.add_column(name, justify="left" if name == "outlet" else "right", overflow="fold")
    for view in comparison.outlets:
        outlets.add_row(
            _safe(view.outlet),
            view.known.country if view.known else "?",
            view.known.ownership if view.known else "?",
            str(len(view.articles)),
            view.first_report.isoformat() if view.first_report else "—",
            str(len(view.reported)),
            str(len(view.left_out)),
            _safe(", ".join(f"{s} ×{n}" for s, n in view.speakers[:3]) or "—"),
        )
    console.print(outlets)
    _render_grid(comparison, console)
    _render_wording(comparison.outlets, console)


def _render_grid(comparison: Comparison, console: Console) -> None:
    events = sorted(comparison.merged, key=lambda m: (-m.num_sources, -m.num_mentions, m.id))[:MAX_EVENTS]
    if not events:
        console.print("No merged events in this story.")
        return
    grid = Table(
        title="Who reports what: asserted (✓), attributed (said by …), or not at all (—)",
        box=box.SIMPLE_HEAD,
    )
    grid.add_column("event", overflow="fold")
    grid.add_column("sources", justify="right")
    for view in comparison.outlets:
        grid.add_column(_safe(view.outlet), overflow="fold")
    for event in events:
        label = f"{event.cameo or '?'} {event.source or '—'} → {event.target or '—'}"
        if event.conflicts:
            label += f" ({', '.join(c.field for c in event.conflicts)} differ)"
        cells = []
        for view in comparison.outlets:
            found = next((r for r in view.reported if r.merged == event.id), None)
            cells.append(_cell(found))
        grid.add_row(_safe(label), str(event.num_sources), *cells)
    console.print(grid)
    if len(comparison.merged) > MAX_EVENTS:
        console.print(
            f"(the {MAX_EVENTS} most reported of {len(comparison.merged)} merged events; "
            "--format json lists all)"
        )


def _safe(text: str) -> Text:
    """Outside text (an outlet, a speaker, a term) as a table cell: controls escaped, no Rich markup."""
    return Text(shown(text))


def _cell(reported: Reported | None) -> Text:
    if reported is None:
        return Text("—", style="dim")
    parts = []
    if reported.asserted:
        parts.append(Text("✓", style="bold green"))
    for speaker in dict.fromkeys(reported.attributed):
        parts.append(Text(f"said by {shown(speaker)}", style="yellow"))
    other = [m for m in reported.modalities if m != "asserted"]
    if other:
        parts.append(Text(f"({', '.join(other)})", style="dim"))
    return Text("; ").join(parts)


def _render_wording(views: tuple[OutletView, ...], console: Console) -> None:
    rows = [(v.outlet, w) for v in views for w in v.wording]
    if not rows:
        return
    table = Table(title="Wording: framing cues each outlet uses", box=box.SIMPLE_HEAD)
    for name in ("outlet", "term", "category", "signals", "others say", "times"):
        table.add_column(name, overflow="fold")
    for outlet, w in rows:
        table.add_row(
            _safe(outlet),
            _safe(w.term),
            w.category,
            ", ".join(w.signals) or "—",
            ", ".join(w.alternatives) or "—",
            str(w.count),
        )
    console.print(table)
