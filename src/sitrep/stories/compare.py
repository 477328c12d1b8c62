"""One story side by side: for each outlet, what it reported and how — the merged events it reports and those
it leaves out, whether it asserts each or attributes it to a speaker, whom it quotes, the framing cues it uses
(with their alternatives) and when it first reported. Pure functions over documents and merged events; the
store and the command line (``sitrep compare``) feed them."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sitrep.records import ActorRef, Document
from sitrep.stories.merge import MergedEvent
from sitrep.stories.outlets import Outlet, Outlets, default_outlets, host


@dataclass(frozen=True, slots=True)
class Reported:
    """How one outlet reports one merged event."""

    merged: str
    cameo: str | None
    source: str | None
    target: str | None
    mentions: int
    asserted: int
    """Mentions in the outlet's own voice."""
    attributed: tuple[str, ...]
    """Who the outlet attributes it to, one entry per attributed mention (a speaker's code or words)."""
    modalities: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "merged": self.merged,
            "cameo": self.cameo,
            "source": self.source,
            "target": self.target,
            "mentions": self.mentions,
            "asserted": self.asserted,
            "attributed": list(self.attributed),
            "modalities": list(self.modalities),
        }


@dataclass(frozen=True, slots=True)
class Wording:
    """A framing cue an outlet uses, how often, and the words others would use."""

    term: str
    category: str
    conflict: str | None
    signals: tuple[str, ...]
    alternatives: tuple[str, ...]
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "category": self.category,
            "conflict": self.conflict,
            "signals": list(self.signals),
            "alternatives": list(self.alternatives),
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class OutletView:
    """One outlet's coverage of the story."""

    outlet: str
    """The outlet's name from the outlet table, else the article's ``source`` (or its URL's host)."""
    known: Outlet | None
    articles: tuple[str, ...]
    first_report: dt.date | None
    reported: tuple[Reported, ...]
    left_out: tuple[str, ...]
    """Merged events that other outlets report and this one does not (ids)."""
    speakers: tuple[tuple[str, int], ...]
    """Who it quotes (a speaker's name or words, with its code: :func:`speaker_label`) and how many quotes."""
    wording: tuple[Wording, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "country": self.known.country if self.known else None,
            "ownership": self.known.ownership if self.known else None,
            "articles": list(self.articles),
            "first_report": self.first_report.isoformat() if self.first_report else None,
            "reported": [r.to_dict() for r in self.reported],
            "left_out": list(self.left_out),
            "speakers": [{"speaker": s, "quotes": n} for s, n in self.speakers],
            "wording": [w.to_dict() for w in self.wording],
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    """A story side by side: its merged events and one view per outlet."""

    story: str
    merged: tuple[MergedEvent, ...]
    outlets: tuple[OutletView, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.story,
            "merged_events": [
                {
                    "id": m.id,
                    "cameo": m.cameo,
                    "source": m.source,
                    "target": m.target,
                    "date": m.date.isoformat() if m.date else None,
                    "num_mentions": m.num_mentions,
                    "num_sources": m.num_sources,
                    "num_articles": m.num_articles,
                    "conflicts": [c.to_dict() for c in m.conflicts],
                }
                for m in self.merged
            ],
            "outlets": [o.to_dict() for o in self.outlets],
        }


def outlet_name(document: Document, outlets: Outlets) -> tuple[str, Outlet | None]:
    """The name an article's outlet goes by in a comparison, and its table entry if it has one."""
    known = outlets.find(document.source, document.url)
    if known is not None:
        return known.name, known
    return document.source or host(document.url) or f"article {document.id}", None


def compare(
    story: str,
    documents: Sequence[Document],
    merged: Iterable[MergedEvent],
    *,
    outlets: Outlets | None = None,
) -> Comparison:
    """The story ``story`` side by side: ``documents`` are its articles, ``merged`` the merged events of their
    events (``sitrep.stories.merge``)."""
    table = outlets if outlets is not None else default_outlets()
    events = tuple(m for m in merged if any(x.article in {d.id for d in documents} for x in m.mentions))
    by_outlet: dict[str, list[Document]] = defaultdict(list)
    known: dict[str, Outlet | None] = {}
    for document in documents:
        name, entry = outlet_name(document, table)
        by_outlet[name].append(document)
        known[name] = entry
    views = [
        _view(name, known[name], docs, events)
        for name, docs in sorted(by_outlet.items(), key=lambda kv: (_first(kv[1]) or dt.date.max, kv[0]))
    ]
    return Comparison(story, events, tuple(views))


def _view(
    name: str, known: Outlet | None, documents: list[Document], merged: Sequence[MergedEvent]
) -> OutletView:
    ids = {d.id for d in documents}
    reported: list[Reported] = []
    left_out: list[str] = []
    for event in merged:
        mine = [m for m in event.mentions if m.article in ids]
        if not mine:
            if event.num_sources > 0:
                left_out.append(event.id)
            continue
        reported.append(
            Reported(
                merged=event.id,
                cameo=event.cameo,
                source=event.source,
                target=event.target,
                mentions=len(mine),
                asserted=sum(m.attribution == "outlet" for m in mine),
                attributed=tuple(
                    m.speaker or "an unnamed speaker" for m in mine if m.attribution != "outlet"
                ),
                modalities=tuple(sorted({m.modality for m in mine})),
            )
        )
    speakers: Counter[str] = Counter()
    wording: dict[tuple[str, str], list[Any]] = {}
    for document in documents:
        for quote in document.quotes:
            if quote.speaker is not None:
                speakers[speaker_label(quote.speaker)] += 1
        for cue in document.framing:
            key = (cue.term, cue.category)
            if key in wording:
                wording[key][0] += 1
            else:
                wording[key] = [1, cue]
    return OutletView(
        outlet=name,
        known=known,
        articles=tuple(sorted(ids)),
        first_report=_first(documents),
        reported=tuple(reported),
        left_out=tuple(left_out),
        speakers=tuple(sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0]))),
        wording=tuple(
            Wording(cue.term, cue.category, cue.conflict, cue.signals, cue.alternatives, count)
            for count, cue in sorted(wording.values(), key=lambda v: (-v[0], v[1].term))
        ),
    )


def speaker_label(ref: ActorRef) -> str:
    """How a speaker is shown: the person's or body's name (else the words), with the code when coded:
    "Dmitry Peskov (RUSGOV)", "the governor"."""
    label = ref.name or ref.text or "?"
    return f"{label} ({ref.code})" if ref.code else label


def _first(documents: Iterable[Document]) -> dt.date | None:
    dates = [d.published for d in documents if d.published is not None]
    return min(dates) if dates else None


def stories_of(documents: Iterable[Document], stories: Mapping[str, str]) -> dict[str, list[Document]]:
    """Documents grouped by their story (``stories``: document id → story id)."""
    out: dict[str, list[Document]] = defaultdict(list)
    for document in documents:
        story = stories.get(document.id)
        if story is not None:
            out[story].append(document)
    return dict(out)
