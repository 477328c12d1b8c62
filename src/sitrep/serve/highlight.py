"""An article's text cut into segments for the article page: where events, actors, quotes, speakers and
framing cues lie, each segment carrying every mark that covers it (marks overlap: a trigger inside a quote).

A mark is ``(kind, id, start, end, label)``; the page draws each kind in its own style and shows the labels —
the rule and the confidence of an event, a quote's speaker, a framing cue's category and alternatives — on
hover. Offsets are the stored character offsets into ``articles.text``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Mark:
    kind: str  # trigger | actor | quote | speaker | framing
    id: str
    start: int
    end: int
    label: str


def marks(article: dict[str, Any]) -> list[Mark]:
    """Every mark of a stored article (as :func:`sitrep.serve.queries.article` returns it)."""
    out: list[Mark] = []
    for event in article.get("events", []):
        if event["attribution"] == "speaker":
            voice = "claimed by " + (event.get("speaker_text") or "a speaker")
        else:
            voice = "asserted by the outlet"
        label = (
            f"{event['event_id']}: CAMEO {event['cameo']} {event['cameo_name']} · "
            f"{event.get('plover') or 'no PLOVER type'} · {event['modality']}, {voice}"
            f" · rule {event['rule']} · confidence {event['confidence']:.2f}"
        )
        out.append(Mark("trigger", event["event_id"], event["trigger_start"], event["trigger_end"], label))
        for side in ("source", "target"):
            start, end = event.get(f"{side}_start"), event.get(f"{side}_end")
            if start is not None and end is not None:
                code = event.get(f"{side}_code") or "uncoded"
                out.append(
                    Mark(
                        "actor",
                        f"{event['event_id']}-{side}",
                        start,
                        end,
                        f"{side} of {event['event_id']}: {code}",
                    )
                )
    for quote in article.get("quotes", []):
        speaker = quote.get("speaker_text") or "no speaker found"
        out.append(
            Mark(
                "quote",
                quote["quote_id"],
                quote["char_start"],
                quote["char_end"],
                f"{quote['quote_id']} ({quote['kind']} quote) · speaker: {speaker}",
            )
        )
        if quote.get("speaker_start") is not None and quote.get("speaker_end") is not None:
            out.append(
                Mark(
                    "speaker",
                    f"{quote['quote_id']}-speaker",
                    quote["speaker_start"],
                    quote["speaker_end"],
                    f"speaker of {quote['quote_id']}: {quote.get('speaker_code') or 'uncoded'}",
                )
            )
    for cue in article.get("framing", []):
        alternatives = (cue.get("alternatives") or "").replace(";", ", ")
        out.append(
            Mark(
                "framing",
                f"f{cue['cue_index']}",
                cue["char_start"],
                cue["char_end"],
                f"framing: {cue['category']} “{cue['term']}”"
                + (f" · alternatives: {alternatives}" if alternatives else "")
                + f" · rule {cue['rule']}",
            )
        )
    text_length = len(article.get("text") or "")
    return [m for m in out if 0 <= m.start < m.end <= text_length]


def segments(article: dict[str, Any]) -> list[dict[str, Any]]:
    """The text as consecutive segments, each ``{"text", "kinds", "ids", "title"}`` (no marks: empty)."""
    text: str = article.get("text") or ""
    found = marks(article)
    cuts = sorted({0, len(text), *(m.start for m in found), *(m.end for m in found)})
    out: list[dict[str, Any]] = []
    for start, end in itertools.pairwise(cuts):
        covering = [m for m in found if m.start <= start and end <= m.end]
        out.append(
            {
                "text": text[start:end],
                "start": start,
                "kinds": sorted({m.kind for m in covering}),
                "ids": [m.id for m in covering],
                "title": "\n".join(dict.fromkeys(m.label for m in covering)),
            }
        )
    return out
