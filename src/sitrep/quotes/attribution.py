"""Attributing events to the quotes they sit in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sitrep.records import Attribution, Event, Quote


def attribute(events: Sequence[Event], quotes: Sequence[Quote]) -> list[Event]:
    """Each event inside a quote (its trigger in the quote's span) is said by that quote's speaker, with the
    quote's cue and id; the innermost quote counts ("X said Y claimed …"). An event the coder attributed from
    the parse keeps its speaker when the quote has none. Events outside every quote are unchanged: the outlet
    narrates them, or the coder found a speaker the quote finder did not."""
    out: list[Event] = []
    for event in events:
        at = event.trigger.start
        holders = [q for q in quotes if q.start <= at < q.end]
        if not holders:
            out.append(event)
            continue
        quote = min(holders, key=lambda q: q.end - q.start)
        coded = event.attribution
        speaker = quote.speaker or coded.speaker
        cue = quote.cue if quote.speaker is not None or coded.cue is None else coded.cue
        out.append(replace(event, attribution=Attribution("speaker", speaker, cue, quote.id)))
    return out
