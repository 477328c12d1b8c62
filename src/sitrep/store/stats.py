"""Counts over the store for ``sitrep stats``: events by CAMEO root, country pair, outlet and day."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from sitrep.errors import InputError
from sitrep.store import schema
from sitrep.store.db import Store


@dataclass(frozen=True, slots=True)
class Stats:
    articles: int
    articles_coded: int
    articles_not_coded: int
    events: int
    quotes: int
    framing: int
    failures: int
    runs: int
    by_root: list[tuple[str, str, int]]
    """(CAMEO root, its name, events), most first."""
    by_pair: list[tuple[str, str, int]]
    """(source country, target country, events); ``-`` where an actor has no country."""
    by_outlet: list[tuple[str, int, int]]
    """(outlet, articles, events)."""
    by_day: list[tuple[str, int]]
    """(YYYY-MM-DD, events), by event date."""
    by_location: list[tuple[str, int]] = field(default_factory=list)
    """(ISO alpha-3 country where the events happened, events), most first; ``-`` where the text does not
    say where."""

    def to_dict(self, database: str) -> dict[str, Any]:
        """The figures as ``sitrep stats --format json`` writes them (``docs/cli.md``); ``database`` is the
        store's name, password masked."""
        return {
            "database": database,
            "articles": self.articles,
            "articles_coded": self.articles_coded,
            "articles_not_coded": self.articles_not_coded,
            "events": self.events,
            "quotes": self.quotes,
            "framing": self.framing,
            "failures": self.failures,
            "runs": self.runs,
            "by_root": [{"root": root, "name": name, "events": n} for root, name, n in self.by_root],
            "by_pair": [{"source": s, "target": t, "events": n} for s, t, n in self.by_pair],
            "by_outlet": [{"outlet": o, "articles": a, "events": n} for o, a, n in self.by_outlet],
            "by_day": [{"day": day, "events": n} for day, n in self.by_day],
            "by_location": [{"country": c, "events": n} for c, n in self.by_location],
        }


def collect(store: Store, *, top: int = 15) -> Stats:
    """The counts, with the ``top`` largest rows of each breakdown (all days are kept, newest last)."""
    a, e = schema.articles, schema.events
    with store.connect() as conn:

        def scalar(query: object) -> int:
            return int(conn.execute(query).scalar_one())  # type: ignore[call-overload]

        status: dict[str, int] = {
            str(k): int(n) for k, n in conn.execute(select(a.c.status, func.count()).group_by(a.c.status))
        }
        events = func.count().label("n")
        roots = conn.execute(
            select(e.c.cameo_root, events).group_by(e.c.cameo_root).order_by(events.desc()).limit(top)
        )
        pair = (func.coalesce(e.c.source_country, "-"), func.coalesce(e.c.target_country, "-"))
        pairs = conn.execute(select(*pair, events).group_by(*pair).order_by(events.desc(), *pair).limit(top))
        outlet = func.coalesce(a.c.source, "(no outlet)")
        outlets = conn.execute(
            select(outlet, func.count(a.c.id), func.coalesce(func.sum(a.c.n_events), 0))
            .group_by(outlet)
            .order_by(func.count(a.c.id).desc(), outlet)
            .limit(top)
        )
        days = conn.execute(select(e.c.date, events).group_by(e.c.date).order_by(e.c.date))
        where = func.coalesce(e.c.location_country, "-")
        located = conn.execute(
            select(where, events).group_by(where).order_by(events.desc(), where).limit(top)
        )
        return Stats(
            articles=sum(status.values()),
            articles_coded=int(status.get("coded", 0)),
            articles_not_coded=int(status.get("not-coded", 0)),
            events=scalar(select(func.count()).select_from(e)),
            quotes=scalar(select(func.count()).select_from(schema.quotes)),
            framing=scalar(select(func.count()).select_from(schema.framing)),
            failures=scalar(select(func.count()).select_from(schema.failures)),
            runs=scalar(select(func.count()).select_from(schema.runs)),
            by_root=[(root, _root_name(root), int(n)) for root, n in roots],
            by_pair=[(str(s), str(t), int(n)) for s, t, n in pairs],
            by_outlet=[(str(o), int(n), int(ev)) for o, n, ev in outlets],
            by_day=[(day.isoformat() if hasattr(day, "isoformat") else str(day), int(n)) for day, n in days],
            by_location=[(str(c), int(n)) for c, n in located],
        )


def _root_name(root: str) -> str:
    from sitrep.ontology import default_ontology

    try:
        return default_ontology().root_name(root)
    except InputError:
        return ""
