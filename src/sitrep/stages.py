"""The coder as declared stages, and the one object that holds what an article gathers on its way.

A :class:`Stage` is a small callable that reads some fields of an :class:`ArticleState` (its ``requires``)
and sets others (its ``assigns``). The :class:`~sitrep.pipeline.Extractor` runs its stages in order on one
state per article; :func:`check_order` proves, when the Extractor is built, that every field a stage reads
was set by the start of the run or by a stage before it, and that no two stages set the same field. Nothing
per-article lives anywhere else: coders hold only what they loaded (dictionaries, patterns, lexicons), so an
Extractor can be shared and its stages reordered, replaced or tested one by one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from sitrep.article import Article
from sitrep.errors import ConfigError
from sitrep.records import Event, FramingCue, Location, Place, Quote, Report, Span

if TYPE_CHECKING:  # the types of later layers, for annotations only: nothing here imports them at run time
    from spacy.tokens import Doc

    from sitrep.actors.index import ActorIndex
    from sitrep.dates.resolve import DateRef


@dataclass(slots=True)
class ArticleState:
    """Everything one article gathers on its way through the stages; made anew for every article.

    The first five fields are set when the state is made (:data:`GIVEN`); every other field is set by exactly
    one stage, and is ``None`` (or empty) until then.
    """

    article: Article
    text: str
    doc: Doc
    base: dt.date
    """The day relative dates are resolved against: the publication date, else the run date."""
    dated: bool
    """Whether the article has a publication date (``base`` is then that date)."""
    notes: list[str] = field(default_factory=list)
    """Why parts of the article were not coded, for the document's ``notes``."""
    mentions: ActorIndex | None = None
    """Every actor mention of the article, coded, with antecedents resolved backwards only."""
    quotes: tuple[Quote, ...] = ()
    scare_quotes: tuple[Span, ...] = ()
    """Short quoted stretches in narrative that nobody is said to say."""
    reports: tuple[Report, ...] = ()
    """Every word of saying (and "according to") with its speaker and the clauses it reports."""
    actors: ActorIndex | None = None
    """``mentions`` with "I", "we" and "our …" inside quotes bound to the quote's speaker."""
    dates: tuple[DateRef, ...] = ()
    events: tuple[Event, ...] = ()
    framing: tuple[FramingCue, ...] = ()
    places: tuple[Place, ...] = ()
    locations: dict[str, Location] = field(default_factory=dict)
    """Each located event's location, by event id (set on the events when the document is made)."""


GIVEN: frozenset[str] = frozenset({"article", "text", "doc", "base", "dated", "notes"})
"""The fields an :class:`ArticleState` has from the start, before any stage runs."""

FIELDS: frozenset[str] = frozenset(f.name for f in fields(ArticleState))


@runtime_checkable
class Stage(Protocol):
    """One step of the coder. ``requires`` and ``assigns`` name :class:`ArticleState` fields; they are read
    per instance, since a stage's needs may depend on its options."""

    name: ClassVar[str]
    requires: frozenset[str]
    assigns: frozenset[str]

    def __call__(self, state: ArticleState) -> None: ...


def check_order(stages: Sequence[Stage]) -> None:
    """Raise :class:`~sitrep.errors.ConfigError` listing every problem with running ``stages`` in this order:
    a field a stage reads that nothing before it sets, a field two stages set, a field no state has."""
    problems: list[str] = []
    assigned_by: dict[str, str] = dict.fromkeys(GIVEN, "the article")
    later: dict[str, str] = {}
    for stage in stages:
        for name in sorted(stage.assigns):
            later.setdefault(name, stage.name)
    for stage in stages:
        for name in sorted((stage.requires | stage.assigns) - FIELDS):
            problems.append(f"stage {stage.name!r} names {name!r}, which is not a field of ArticleState")
        for name in sorted(stage.requires & FIELDS):
            if name in assigned_by:
                continue
            if name in later and later[name] != stage.name:
                problems.append(
                    f"stage {stage.name!r} requires {name!r}, "
                    f"which stage {later[name]!r} assigns only after it"
                )
            else:
                problems.append(f"stage {stage.name!r} requires {name!r}, which no stage assigns")
        for name in sorted(stage.assigns & FIELDS):
            if name in assigned_by:
                problems.append(
                    f"stage {stage.name!r} assigns {name!r}, which {_who(assigned_by[name])} already assigns"
                )
            else:
                assigned_by[name] = stage.name
    if problems:
        count = f"{len(problems)} problems" if len(problems) > 1 else "1 problem"
        raise ConfigError(f"the stages cannot run in this order ({count}): " + "; ".join(problems))


def _who(name: str) -> str:
    return name if name == "the article" else f"stage {name!r}"
