"""Stories in the store: group the articles not in a story yet, or all of them again.

:func:`assign_stories` loads the stored stories (their centroids and dates) and the term frequencies into a
:class:`~sitrep.stories.group.Grouper`, places each ungrouped article in stream order (publication date,
undated last, then the order they were stored), refines the batch (its articles move to the story that
fits them best; stored articles never move), and writes the new memberships, the stories that changed and
the frequencies in one transaction. Stories already stored are never regrouped, so an article keeps its
story; re-ingesting an article changes nothing. ``rebuild=True`` forgets every story and groups all the
stored articles from scratch (after a change of settings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sitrep.errors import StoreError
from sitrep.store import Store
from sitrep.stories.group import Grouper, StoryInput, StorySettings, default_settings, term_counts


@dataclass(frozen=True, slots=True)
class StoryReport:
    """What a grouping did."""

    articles: int
    """Articles placed in a story."""
    opened: int
    """Stories opened."""
    joined: int
    """Articles that joined a story that existed before this grouping."""


def assign_stories(
    store: Store,
    settings: StorySettings | None = None,
    *,
    rebuild: bool = False,
    advance: Callable[[int], None] | None = None,
    total: Callable[[int], None] | None = None,
) -> StoryReport:
    """Put every stored article that is in no story into one (all of them again with ``rebuild``)."""
    settings = settings or default_settings()
    if rebuild:
        store.clear_stories()
    for _ in range(ATTEMPTS):
        report = _assign(store, settings, advance, total)
        if report is not None:
            return report
    raise StoreError(f"stories: another process kept grouping the same articles ({ATTEMPTS} attempts)")


ATTEMPTS = 5
"""How many times grouping starts again when another process grouped some of the same articles first."""


def _assign(
    store: Store,
    settings: StorySettings,
    advance: Callable[[int], None] | None,
    total: Callable[[int], None] | None,
) -> StoryReport | None:
    """One grouping of the ungrouped articles from the stored state; None if another process wrote first."""
    grouper = Grouper(settings)
    stories, df, grouped = store.story_state()
    for story in stories:
        grouper.restore(story["id"], story["centroid"], story["articles"], story["dates"])
    grouper.restore_frequencies(df, grouped)
    before = set(grouper.stories)
    rows = store.ungrouped(with_actors=settings.actor_weight > 0)
    if total is not None:
        total(len(rows))
    changed_terms: set[str] = set()
    for row in rows:
        article = StoryInput(
            id=row["id"],
            text=row["text"],
            title=row["title"],
            published=row["published"] if isinstance(row["published"], dt.date) else None,
            actors=row["actors"],
        )
        changed_terms.update(term_counts(article, settings))
        grouper.add(article)
        if advance is not None:
            advance(1)
    placed = grouper.refine()
    members = [(row["id"], placed[row["id"]]) for row in rows]
    joined = sum(1 for _, story in members if story in before)
    if members:
        saved = store.save_stories(
            [
                {
                    "id": story,
                    "articles": grouper.size(story),
                    "dates": grouper.dates(story),
                    "centroid": {t: round(w, 6) for t, w in grouper.centroid(story).items()},
                }
                for story in sorted(grouper.changed)
                if story in grouper.stories
            ],
            members,
            {term: grouper.df[term] for term in changed_terms},
        )
        if not saved:
            return None
    return StoryReport(len(members), len(grouper.stories) - len(before), joined)
