"""Which stored events to export: :class:`ExportFilter`, the command-line options checked.

An :class:`ExportFilter` is a :class:`~sitrep.store.EventFilter` whose values have been checked and
normalised (dates, ISO3 countries sitrep knows, CAMEO roots, outlets, modalities); the store reads the
events it selects (:meth:`~sitrep.store.Store.events`), in ``(date, article_id, event_id)`` order, fetched
in batches so memory stays bounded however large the store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass

from sitrep.article import day_option
from sitrep.errors import ConfigError
from sitrep.export.countries import default_countries
from sitrep.records import MODALITIES
from sitrep.store import EventFilter, EventRow, Store

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ROOT = re.compile(r"^(0[1-9]|1[0-9]|20)$")


def _split(values: Iterable[str]) -> tuple[str, ...]:
    """Comma-separated items of every value, stripped, empty ones dropped, first occurrence kept."""
    items = (item.strip() for value in values for item in value.split(","))
    return tuple(dict.fromkeys(item for item in items if item))


@dataclass(frozen=True, slots=True)
class ExportFilter(EventFilter):
    """Which stored events to export: an :class:`~sitrep.store.EventFilter` with checked values. Empty
    fields do not filter.

    ``since`` / ``until`` bound the event date (inclusive). ``countries`` are ISO3 codes: an event matches
    when its source's or its target's country is one of them. ``cameo_roots`` are two-digit CAMEO roots
    (``"19"``, ``"20"``). ``sources`` are outlet names, matched exactly but ignoring case. Items given as
    ``"19,20"`` are split at commas (countries, roots and modalities: outlet names may hold commas).
    ``modalities`` keep events of those modalities only (``asserted`` for what the sources report as
    having happened). ``min_confidence`` (0 to 1) keeps events whose confidence is at least that. Bad values
    raise :class:`~sitrep.errors.ConfigError`.
    """

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
                raise ConfigError(f"--{name} must be a date YYYY-MM-DD, got {value!r}")
        if self.since and self.until and self.since > self.until:
            raise ConfigError(f"--since {self.since} is after --until {self.until}: no event can match")
        countries = tuple(dict.fromkeys(c.upper() for c in _split(_strings("country", self.countries))))
        for code in countries:
            if not _ISO3.match(code):
                raise ConfigError(f"--country {code!r}: give ISO 3166 alpha-3 codes such as UKR or RUS")
        known = default_countries()
        unknown = [c for c in countries if c not in known]
        if unknown:
            raise ConfigError(
                f"--country {', '.join(unknown)}: not an ISO3 code sitrep knows (e.g. UKR, RUS)"
            )
        roots = _split(_strings("cameo-root", self.cameo_roots))
        for root in roots:
            if not _ROOT.match(root):
                raise ConfigError(f"--cameo-root {root!r}: give two-digit CAMEO roots, 01 to 20 (e.g. 19)")
        sources = tuple(dict.fromkeys(s.strip() for s in _strings("source", self.sources) if s.strip()))
        object.__setattr__(self, "countries", countries)
        object.__setattr__(self, "cameo_roots", roots)
        modalities = _split(_strings("modality", self.modalities))
        for modality in modalities:
            if modality not in MODALITIES:
                raise ConfigError(f"--modality {modality!r}: give one of {', '.join(MODALITIES)}")
        object.__setattr__(self, "sources", sources)
        object.__setattr__(self, "modalities", modalities)
        floor = self.min_confidence
        if floor is not None and (
            isinstance(floor, bool) or not isinstance(floor, int | float) or not 0 <= floor <= 1
        ):
            raise ConfigError(f"--min-confidence must be a number from 0 to 1, got {floor!r}")

    @classmethod
    def from_options(
        cls,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        countries: str | Sequence[str] | None = None,
        cameo_roots: str | Sequence[str] | None = None,
        sources: str | Sequence[str] | None = None,
        modalities: str | Sequence[str] | None = None,
        min_confidence: float | None = None,
    ) -> ExportFilter:
        """A filter from command-line values: dates as ``YYYY-MM-DD``, lists as repeated or comma-separated
        values (``"UKR,RUS"``). Raises :class:`~sitrep.errors.ConfigError` naming the bad option."""
        return cls(
            since=_date("since", since),
            until=_date("until", until),
            countries=_tuple(countries),
            cameo_roots=_tuple(cameo_roots),
            sources=_tuple(sources),
            modalities=_tuple(modalities),
            min_confidence=min_confidence,
        )


def _strings(option: str, values: object) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, tuple | list):
        raise ConfigError(f"--{option} values must be a list of strings, got {values!r}")
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(f"--{option} values must be strings, got {value!r}")
    return tuple(values)


def _tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _date(option: str, value: str | dt.date | None) -> dt.date | None:
    return day_option(option, value)


def select_events(
    store: Store, flt: ExportFilter | None = None, *, with_text: bool = False
) -> Generator[EventRow, None, None]:
    """The stored events matching ``flt``, each joined with its article, ordered by date, article, event:
    :meth:`Store.events <sitrep.store.Store.events>` with an export filter."""
    return store.events(flt or ExportFilter(), with_text=with_text)
