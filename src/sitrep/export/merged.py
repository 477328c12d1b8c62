"""Merged-event ids for export: the reports of one real event across a story's articles share one id
(:mod:`sitrep.stories.merge`), so the GDELT export writes one event with its counts of mentions, sources
and articles, the mentions export points every mention at it, and the document JSONL gives each event its
``merged`` id. Merged events are computed here, from the stored documents of the stories involved; they
are not stored."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sitrep.records import Document, document_from_dict
from sitrep.store import Store

MergedIds = dict[tuple[str, str], str]
"""``(article id, event id)`` → merged-event id."""


def story_documents(store: Store, stories: Collection[int]) -> tuple[list[Document], dict[str, str]]:
    """The stored documents of ``stories``, in the order their articles were grouped, and each document's
    story (as a string): what merging and comparing a story read."""
    members = [(article, story) for article, story in store.story_members() if story in stories]
    stored: dict[str, dict[str, Any]] = {}
    ids = [article for article, _ in members]
    for start in range(0, len(ids), 500):
        stored.update({d["id"]: d for d in store.documents(ids[start : start + 500])})
    documents = [document_from_dict(stored[a]) for a in ids if a in stored]
    return documents, {article: str(story) for article, story in members}


def merged_ids(store: Store, articles: Collection[str] | None = None) -> MergedIds:
    """The merged-event id of every event of the stories that hold ``articles`` (all stories when ``None``).
    Every article of such a story is read, so the ids do not depend on which of its articles are exported.
    Articles in no story yet (before grouping) have no merged ids."""
    from sitrep.stories.merge import merge_documents  # spaCy's stop words: loaded only when merging

    story_of = dict(store.story_members())
    chosen = story_of if articles is None else articles
    documents, stories = story_documents(store, {story_of[a] for a in chosen if a in story_of})
    if not documents:
        return {}
    merged = merge_documents(documents, stories)
    found = {(m.article, m.event): event.id for event in merged for m in event.mentions if m.event}
    for document in documents:
        # Events of one trigger (joined subjects: "Brazil and Argentina signed …") are one mention.
        by_trigger = {
            e.trigger.start: found[(document.id, e.id)]
            for e in document.events
            if (document.id, e.id) in found
        }
        for event in document.events:
            if (document.id, event.id) not in found and event.trigger.start in by_trigger:
                found[(document.id, event.id)] = by_trigger[event.trigger.start]
    return found
