"""A stored story for the story page and ``/api/v1/stories/{id}``: its outlets side by side (the same
comparison as ``sitrep compare``, :mod:`sitrep.stories.compare`) and its merged events with every mention,
read through the server's read-only connection. Merged events are computed when asked, story by story."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from sitrep.records import Document, document_from_dict
from sitrep.store import schema
from sitrep.store.rows import stored_document


def _story(engine: Engine, story: int) -> tuple[Any, list[Any], list[Document]] | None:
    m, a, s = schema.story_articles, schema.articles, schema.stories
    with engine.connect() as conn:
        header = conn.execute(select(s).where(s.c.id == story)).first()
        if header is None:
            return None
        rows = conn.execute(
            select(a.c.id, a.c.text, a.c.document, a.c.title, a.c.source, a.c.url, a.c.published)
            .select_from(m.join(a, a.c.id == m.c.article_id))
            .where(m.c.story_id == story)
            .order_by(m.c.position)
        ).all()
    documents = [document_from_dict(stored_document(r.document, r.text)) for r in rows if r.document]
    return header, list(rows), documents


def story_events(engine: Engine, story: int) -> list[dict[str, Any]] | None:
    """The merged events of story ``story``, each with its mentions; ``None`` if there is no such story."""
    from sitrep.stories.merge import merge_documents

    found = _story(engine, story)
    if found is None:
        return None
    _, _, documents = found
    return [m.to_dict() for m in merge_documents(documents, {d.id: str(story) for d in documents})]


def story_comparison(engine: Engine, story: int) -> dict[str, Any] | None:
    """The story ``story`` compared outlet by outlet, with its articles listed; ``None`` if there is none."""
    from sitrep.stories.compare import compare
    from sitrep.stories.merge import merge_documents

    found = _story(engine, story)
    if found is None:
        return None
    header, rows, documents = found
    stories = {d.id: str(story) for d in documents}
    comparison = compare(str(story), documents, merge_documents(documents, stories)).to_dict()
    merged = {m["id"]: m for m in comparison["merged_events"]}
    for view in comparison["outlets"]:
        for reported in view["reported"]:
            reported["date"] = merged.get(reported["merged"], {}).get("date")
    comparison["articles"] = [
        {
            "id": r.id,
            "title": r.title,
            "outlet": r.source,
            "url": r.url,
            "published": r.published.isoformat() if r.published else None,
        }
        for r in rows
    ]
    comparison["first_published"] = header.first_published.isoformat() if header.first_published else None
    comparison["last_published"] = header.last_published.isoformat() if header.last_published else None
    comparison["title"] = next((r.title for r in rows if r.title), None)
    return comparison
