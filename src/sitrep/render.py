"""Drawing documents and scores in the terminal (Rich)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sitrep.records import ActorRef, Document
from sitrep.terminal import shown

if TYPE_CHECKING:  # the layers above, whose results are drawn here
    from sitrep.evaluate.calibration import Reliability
    from sitrep.evaluate.events import EventScores
    from sitrep.evaluate.places import PlaceScores
    from sitrep.evaluate.plover import PloverScores
    from sitrep.evaluate.quotes import QuoteScores
    from sitrep.store.stats import Stats

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
    for column in (
        "#",
        "source",
        "CAMEO / PLOVER",
        "target",
        "date · where",
        "modality · said by",
        "trigger · rule",
    ):
        events.add_column(column, overflow="fold")
    for event in document.events:
        code = Text(f"{event.cameo} ", style=_QUAD_STYLE.get(event.quad_class, ""))
        code.append(event.cameo_name)
        code.append(f"\n{event.plover or '—'}", style="magenta")
        if event.plover_mode:
            code.append(f" ({event.plover_mode})", style="magenta")
        when = Text(event.date.isoformat())
        when.append(f"\n{event.date_text or event.date_precision}", style="dim")
        if event.location is not None:
            when.append(
                f"\n{shown(event.location.name or '')} ({event.location.country or '—'})", style="blue"
            )
        said = Text(event.modality, style="bold" if event.modality != "asserted" else "")
        if event.attribution.kind == "speaker":
            who = event.attribution.speaker
            said.append(f"\n{who.text if who else '?'}", style="italic")
            if who and who.code:
                said.append(f" {who.code}", style="cyan")
            if event.attribution.cue:
                said.append(f" ({event.attribution.cue.text})", style="dim")
            if event.attribution.quote:
                said.append(f" {event.attribution.quote}", style="green")
        else:
            said.append("\noutlet", style="dim")
        why = Text(f"“{event.trigger.text}”")
        why.append(f"\n{event.rule}", style="dim")
        events.add_row(event.id, _actor(event.source), code, _actor(event.target), when, said, why)
    actors = Table(title="Actors", expand=True, title_justify="left")
    for column in ("id", "mention", "code", "name", "kind", "refers to"):
        actors.add_column(column, overflow="fold")
    for a in document.actors:
        actors.add_row(
            a.id, Text(shown(a.text)), a.code or "—", Text(shown(a.name or "")), a.kind, a.refers_to or ""
        )
    parts: list[Text | Table] = [head]
    parts.append(events if document.events else Text("No events found.", style="dim"))
    if document.quotes:
        quotes = Table(title="Quotes", expand=True, title_justify="left")
        for column in ("id", "kind", "speaker", "cue", "text"):
            quotes.add_column(column, overflow="fold")
        for q in document.quotes:
            speaker = _actor(q.speaker) if q.speaker else Text("—", style="dim")
            quotes.add_row(
                Text(q.id, style="green"),
                q.kind,
                speaker,
                Text(shown(q.cue.text)) if q.cue else "—",
                Text(shown(_clip(q.text, 200))),
            )
        parts.append(quotes)
    if document.framing:
        parts.append(_framing_table(document))
    if document.actors:
        parts.append(actors)
    if document.places:
        places = Table(title="Places", expand=True, title_justify="left")
        for column in ("id", "mention", "resolved to", "country", "kind", "rule"):
            places.add_column(column, overflow="fold")
        for p in document.places:
            to = f"{p.name} ({p.lat:.2f}, {p.lon:.2f})" if p.lat is not None and p.lon is not None else "—"
            places.add_row(
                p.id, Text(shown(p.text)), Text(shown(to)), p.country or "—", p.kind or "—", p.rule
            )
        parts.append(places)
    for note in document.notes:
        parts.append(Text(f"note: {note}", style="yellow"))
    console.print(Panel(Group(*parts), title="sitrep", title_align="left"))


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _framing_table(document: Document) -> Table:
    summary = document.framing_summary()
    sides = ", ".join(f"{k} {v}" for k, v in summary["by_signals"].items())
    table = Table(title=f"Framing cues: {summary['total']} ({sides})", expand=True, title_justify="left")
    for column in ("wording", "category", "signals", "neutral alternatives", "note"):
        table.add_column(column, overflow="fold")
    for f in document.framing:
        table.add_row(
            Text(f.text, style="bold magenta"),
            f.category.replace("_", " "),
            ", ".join(f.signals) + (f"\n{f.conflict}" if f.conflict else ""),
            ", ".join(f.alternatives) or "—",
            Text(f.note, style="dim"),
        )
    return table


_LAYERS = (
    ("quotes", "italic green", "quote"),
    ("actors", "cyan", "actor"),
    ("framing", "bold magenta underline", "framing cue"),
    ("places", "underline blue", "place"),
)


def render_article(document: dict[str, Any], console: Console) -> None:
    """The article text with its spans highlighted (quotes, actors, event triggers, framing cues), then a
    short key to the events and cues. Takes ``Document.to_dict()`` output, so a saved JSON document can be
    shown without coding it again."""
    text = Text(document["text"])
    for layer, style, _ in _LAYERS:
        for item in document.get(layer) or []:
            text.stylize(style, item["start"], item["end"])
    for event in document.get("events") or []:
        trigger = event["trigger"]
        text.stylize(f"reverse {_QUAD_STYLE.get(event['quad_class'], '')}", trigger["start"], trigger["end"])
    title = document.get("title") or document.get("id") or "article"
    legend = Text("key: ", style="dim")
    for _, style, name in _LAYERS:
        legend.append(name, style=style)
        legend.append("  ")
    legend.append("event trigger", style="reverse")
    legend.append(" (green cooperation … red conflict)", style="dim")
    parts: list[Text] = [text, Text(""), legend]
    for event in document.get("events") or []:
        line = Text(f"{event['id']} ", style="bold")
        line.append(
            f"“{event['trigger']['text']}” ", style=f"reverse {_QUAD_STYLE.get(event['quad_class'], '')}"
        )
        src, tgt = event.get("source"), event.get("target")
        line.append(f"{(src or {}).get('code') or '—'} → {(tgt or {}).get('code') or '—'} ")
        line.append(f"{event['cameo']} {event['cameo_name']}")
        if event.get("plover"):
            line.append(f" · {event['plover']}", style="magenta")
        if event["modality"] != "asserted":
            line.append(f" · {event['modality']}", style="bold")
        where = event.get("location")
        if where:
            line.append(
                f" · in {shown(where.get('name') or '?')} ({where.get('country') or '—'}, "
                f"{where['precision']}, from {where['from']})",
                style="blue",
            )
        attribution = event["attribution"]
        if attribution["kind"] == "speaker":
            who = attribution.get("speaker") or {}
            line.append(f" · said by {who.get('text', '?')}", style="italic green")
        else:
            line.append(" · outlet", style="dim")
        parts.append(line)
    resolved = [p for p in document.get("places") or [] if p.get("lat") is not None]
    if resolved:
        line = Text("places: ", style="dim")
        line.append(
            "; ".join(
                f"{shown(p['text'])} → {shown(p['name'] or '')} ({p['country'] or '—'}, {p['kind']})"
                for p in resolved
            ),
            style="blue",
        )
        parts.append(line)
    for cue in document.get("framing") or []:
        line = Text("  ")
        line.append(cue["text"], style="bold magenta underline")
        line.append(f" {cue['category'].replace('_', ' ')} · {', '.join(cue['signals'])}", style="magenta")
        if cue["alternatives"]:
            line.append(f" · neutral: {', '.join(cue['alternatives'])}", style="dim")
        parts.append(line)
    console.print(Panel(Group(*parts), title=str(title), title_align="left"))


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


def render_quote_scores(scores: QuoteScores, console: Console, misses: int = 20) -> None:
    table = Table(
        title=f"Quotes: {scores.articles} articles, {scores.gold} gold pieces, {scores.found} found",
        title_justify="left",
    )
    for column in ("content spans", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column != "content spans" else "left")
    for name, prf in (("exact", scores.exact), ("overlap", scores.overlap)):
        table.add_row(name, f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}")
    console.print(table)
    accuracy = Table(title="Of the overlapping matches", title_justify="left")
    accuracy.add_column("measure")
    accuracy.add_column("value", justify="right")
    accuracy.add_column("judged", justify="right")
    accuracy.add_row("speaker accuracy", f"{scores.speaker_accuracy:.3f}", str(scores.with_source))
    accuracy.add_row("cue accuracy", f"{scores.cue_accuracy:.3f}", str(scores.with_cue))
    for kind, total in sorted(scores.gold_kinds.items()):
        accuracy.add_row(f"recall of {kind} quotes", f"{scores.recalled_kinds[kind] / total:.3f}", str(total))
    console.print(accuracy)
    if scores.misses and misses:
        table = Table(title=f"Missed (first {min(misses, len(scores.misses))} of {len(scores.misses)})")
        table.add_column("article")
        table.add_column("gold content", overflow="fold")
        for article, text in scores.misses[:misses]:
            table.add_row(Text(shown(article)), Text(shown(_clip(text, 160))))
        console.print(table)


def render_stats(stats: Stats, console: Console, name: str) -> None:
    """``sitrep stats``: totals, then events by CAMEO root, country pair, outlet and day."""
    head = Text()
    head.append(shown(name), style="bold")
    head.append(
        f"  {stats.articles:,} articles ({stats.articles_coded:,} coded, "
        f"{stats.articles_not_coded:,} not coded)"
        f" · {stats.events:,} events · {stats.quotes:,} quotes · {stats.framing:,} framing cues"
        f" · {stats.failures:,} failures · {stats.runs:,} runs",
        style="dim",
    )
    console.print(head)
    if not stats.events:
        console.print("no events stored yet")
        return
    total = stats.events

    def bar(n: int, most: int) -> Text:
        width = max(1, round(20 * n / most)) if most else 0
        return Text("█" * width, style="cyan")

    roots = Table(title="Events by CAMEO root", title_justify="left")
    for column in ("root", "name", "events", "share", ""):
        roots.add_column(column, justify="right" if column in ("events", "share") else "left")
    most = max(n for _, _, n in stats.by_root)
    for root, label, n in stats.by_root:
        roots.add_row(root, label, f"{n:,}", f"{n / total:.0%}", bar(n, most))
    pairs = Table(title="Events by country pair (source → target)", title_justify="left")
    for column in ("source", "target", "events", ""):
        pairs.add_column(column, justify="right" if column == "events" else "left")
    most = max(n for _, _, n in stats.by_pair)
    for source, target, n in stats.by_pair:
        pairs.add_row(source, target, f"{n:,}", bar(n, most))
    located = Table(title="Events by where they happened (country)", title_justify="left")
    for column in ("country", "events", ""):
        located.add_column(column, justify="right" if column == "events" else "left")
    most = max((n for _, n in stats.by_location), default=1)
    for country, n in stats.by_location:
        located.add_row(country, f"{n:,}", bar(n, most))
    outlets = Table(title="By outlet", title_justify="left")
    for column in ("outlet", "articles", "events"):
        outlets.add_column(column, justify="left" if column == "outlet" else "right")
    for outlet, articles, n in stats.by_outlet:
        outlets.add_row(Text(shown(outlet)), f"{articles:,}", f"{n:,}")
    days = Table(title="Events by day", title_justify="left")
    for column in ("day", "events", ""):
        days.add_column(column, justify="right" if column == "events" else "left")
    most = max(n for _, n in stats.by_day)
    for day, n in stats.by_day:
        days.add_row(day, f"{n:,}", bar(n, most))
    console.print(roots, pairs, located, outlets, days)


def render_event_scores(scores: EventScores, console: Console, *, verbose: bool = False) -> None:
    """The real-news event scores: the figures, one row per article, and with ``verbose`` every wrong and
    missed event with its sentence."""
    total = scores.total
    figures = Table(title=f"Events: {total.articles} articles, {total.required} required gold events")
    figures.add_column("measure")
    figures.add_column("value", justify="right")
    figures.add_column("of", justify="right")
    counts = total.verdicts
    figures.add_row("strict precision (C)", f"{total.strict_precision:.3f}", str(total.predicted))
    figures.add_row("lenient precision (C+P)", f"{total.lenient_precision:.3f}", str(total.predicted))
    figures.add_row("lenient recall", f"{total.lenient_recall:.3f}", str(total.required))
    figures.add_row("strict recall", f"{total.strict_recall:.3f}", str(total.required))
    figures.add_row("quotes found", f"{total.quotes_found_share:.3f}", str(total.quotes))
    figures.add_row("speaker right and coded", f"{total.speaker_accuracy:.3f}", str(total.quotes_found))
    figures.add_row("speaker right, coded or not", f"{total.person_accuracy:.3f}", str(total.quotes_found))
    where = total.location_scores()
    if where["located_gold"]:
        figures.add_row(
            "location: country right", f"{where['country_accuracy']:.3f}", str(where["located_gold"])
        )
        figures.add_row(
            "location: city within 161 km", f"{where['city_within_161km']:.3f}", str(where["city_gold"])
        )
    console.print(figures)
    console.print(
        f"verdicts: C {counts['C']} · P {counts['P']} · T {counts['T']} (type only) · "
        f"W {counts['W']} (wrong)",
        highlight=False,
    )
    table = Table(title="By article", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("article", overflow="ellipsis", max_width=18, no_wrap=True)
    for name in ("pred", "C", "P", "T", "W", "strict", "lenient", "recall", "quotes", "speakers"):
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    for article in scores.articles:
        t = article.tally
        table.add_row(
            article.id,
            str(t.predicted),
            *(str(t.verdicts[v]) for v in ("C", "P", "T", "W")),
            f"{t.strict_precision:.2f}",
            f"{t.lenient_precision:.2f}",
            f"{t.recalled_lenient}/{t.required}",
            f"{t.quotes_found}/{t.quotes}",
            f"{t.speaker_right}/{t.quotes_found}",
        )
    console.print(table)
    modal = Table(title="By the output's modality (what --modality keeps)", box=box.SIMPLE_HEAD)
    for name in ("modality", "pred", "C", "P", "T", "W", "strict", "lenient"):
        modal.add_column(name, justify="right" if name != "modality" else "left")
    for modality, c in sorted(scores.by_output_modality.items(), key=lambda kv: -sum(kv[1].values())):
        n = sum(c.values())
        modal.add_row(
            modality,
            str(n),
            *(str(c[v]) for v in ("C", "P", "T", "W")),
            f"{c['C'] / n:.2f}",
            f"{(c['C'] + c['P']) / n:.2f}",
        )
    console.print(modal)
    _render_reliability(scores.reliability, console)
    if not verbose:
        return
    for article in scores.articles:
        wrong = [j for j in article.judged if j.counted and j.verdict != "C"]
        if not wrong and not article.missed:
            continue
        console.rule(article.id)
        for j in wrong:
            e = j.event
            source = e.source.code or e.source.text if e.source else "—"
            target = e.target.code or e.target.text if e.target else "—"
            if j.gold is None:
                gold = "no gold event here"
            elif j.verdict == "W":
                gold = f"type wrong for gold {j.gold.id}: {j.gold.desc}"
            else:
                gold = f"gold {j.gold.id}: {j.gold.desc}"
            console.print(
                Text.assemble(
                    (f"{j.verdict} ", "bold red" if j.verdict == "W" else "bold yellow"),
                    f"{e.cameo} {source} → {target} [source {j.source}, target {j.target}] ",
                    (f"“{e.trigger.text}” ({e.rule}); {gold}", "dim"),
                )
            )
            console.print(Text("    " + article.sentence_at(e.trigger.start).strip(), style="italic"))
        for g in article.missed:
            console.print(Text.assemble(("missed ", "bold magenta"), f"{g.id}: {g.desc}"))
            console.print(Text("    " + article.text[g.start : g.end], style="italic"))


def _render_reliability(reliability: Reliability, console: Console) -> None:
    title = f"Confidence and outcome (C or P): ECE {reliability.ece:.3f} · Brier {reliability.brier:.3f}"
    console.print(reliability_table(reliability, title, right="right (C+P)"))


def reliability_table(reliability: Reliability, title: str, *, right: str = "right") -> Table:
    """The reliability table: bins of confidence against the share of events right in each."""
    table = Table(title=title)
    for name in ("confidence", "events", "mean confidence", right):
        table.add_column(name, justify="right")
    for b in reliability.bins:
        if b.count:
            table.add_row(
                f"{b.low:.1f}–{b.high:.1f}", str(b.count), f"{b.mean_confidence:.2f}", f"{b.right_share:.2f}"
            )
    return table


def render_place_scores(scores: PlaceScores, console: Console, misses: int = 20) -> None:
    """Place-name recognition and resolution, one row per corpus and one for all (every figure, and those
    over all gold, are in ``--format json``)."""
    table = Table(title="Places: found (P/R/F1) and resolved (within 161 km, AUC: 0 is perfect)")
    for name in ("corpus", "gold", "P", "R", "F1", "acc@161", "AUC", "km", "country"):
        table.add_column(name, justify="left" if name == "corpus" else "right", no_wrap=True)
    for name, c in scores.to_dict().items():
        table.add_row(
            name,
            str(c["gold"]),
            f"{c['recognition']['precision']:.2f}",
            f"{c['recognition']['recall']:.2f}",
            f"{c['recognition']['f1']:.3f}",
            f"{c['acc161_matched']:.3f}",
            f"{c['auc_matched']:.2f}",
            "" if c["median_km"] is None else f"{c['median_km']:.0f}",
            f"{c['country_accuracy']:.3f}",
        )
    console.print(table)
    shown = [m for c in scores.corpora.values() for m in c.misses][:misses]
    if shown:
        wrong = Table(title=f"First {len(shown)} wrong or missed toponyms", box=box.SIMPLE_HEAD)
        for name in ("article", "gold", "found"):
            wrong.add_column(name)
        for article, text, found in shown:
            wrong.add_row(article, text, found)
        console.print(wrong)
