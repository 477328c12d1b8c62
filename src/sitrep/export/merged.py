"""Merged-event ids for export: the reports of one real event across a story's articles share one id
(:mod:`sitrep.stories.merge`), so the GDELT export writes one event with its counts of mentions, sources
and articles, the mentions export points every mention at it, and the document JSONL gives each event its
``merged`` id. Merged events are computed here, from the stored documents of the stories involved; they
are not stored."""

from __future__ import annotations

from collections.abc import Collection

from sitrep.records import document_from_dict
from sitrep.store import Store

MergedIds = dict[tuple[str, str], str]
"""``(article id, event id)`` → merged-event id."""


def merged_ids(store: Store, articles: Collection[str] | None = None) -> MergedIds:
    """The merged-event id of every event of the stories that hold ``articles`` (all stories when ``None``).
    Every article of such a story is read, so the ids do not depend on which of its articles are exported.
    Articles in no story yet (before grouping) have no merged ids."""
    from sitrep.stories.merge import merge_documents  # spaCy's stop words: loaded only when merging

    members = store.story_members()
    story_of = dict(members)
    chosen = story_of if articles is None else articles
    wanted = {story_of[a] for a in chosen if a in story_of}
    ids = [article for article, story in members if story in wanted]
    if not ids:
        return {}
    stored = {}
    for start in range(0, len(ids), 500):
        stored.update({d["id"]: d for d in store.documents(ids[start : start + 500])})
    documents = [document_from_dict(stored[a]) for a in ids if a in stored]
    stories = {article: str(story_of[article]) for article in ids}
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
