"""The one write the server offers, off unless ``sitrep serve --token`` is given: ingest a text or a URL.

``POST /api/v1/articles`` with ``{"text": …, "title"?, "url"?, "source"?, "published"?}`` codes and stores a
text; ``{"fetch": "https://…"}`` fetches a page first. Only http(s) URLs to public addresses are fetched,
unless the server runs with ``--allow-private`` (:func:`sitrep.ingest.http.check_url`, on the URL and on every
redirect, as ``sitrep ingest`` fetches). The article goes
through the same ingest as ``sitrep ingest`` (a temporary JSONL file of one line), then into its story.
"""

from __future__ import annotations

import json
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.errors import InputError

MAX_TEXT = 2_000_000
_FIELDS = ("text", "title", "url", "source", "published", "id")
_LOCK = threading.Lock()  # one ingest at a time: the coder is not shared between threads


@dataclass(frozen=True, slots=True)
class WriteSettings:
    db: str
    allow_private: bool = False


def add_article(body: Any, settings: WriteSettings) -> dict[str, Any]:
    """Ingest the article ``body`` describes; returns the run's counts and the stored article's id."""
    if not isinstance(body, dict):
        raise InputError("the body must be a JSON object with `text` or `fetch`")
    unknown = sorted(set(body) - {*_FIELDS, "fetch"})
    if unknown:
        raise InputError(
            f"unknown field {unknown[0]!r}: use text, title, url, source, published, id or fetch"
        )
    if ("text" in body) == ("fetch" in body):
        raise InputError("give either `text` or `fetch`")
    for key, value in body.items():
        if value is not None and not isinstance(value, str):
            raise InputError(f"`{key}` must be a string")
    from sitrep.ingest.base import ReadOptions
    from sitrep.ingest.http import check_url
    from sitrep.ingest.runner import IngestOptions, ingest
    from sitrep.store import Store

    with _LOCK, Store(settings.db) as store, tempfile.TemporaryDirectory() as folder:
        if "fetch" in body:
            url = body["fetch"].strip()
            if not url.lower().startswith(("http://", "https://")):
                raise InputError("`fetch` takes an http:// or https:// URL")
            check_url(url, allow_private=settings.allow_private)
            sources = [url]
        else:
            text = body["text"]
            if not text.strip():
                raise InputError("`text` is empty")
            if len(text) > MAX_TEXT:
                raise InputError(f"`text` is longer than {MAX_TEXT:,} characters")
            path = Path(folder) / "article.jsonl"
            record = {k: v for k, v in body.items() if k in _FIELDS and v is not None}
            path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            sources = [str(path)]
        report = ingest(sources, store, IngestOptions(read=ReadOptions(allow_private=settings.allow_private)))
        from sitrep.stories.assign import assign_stories

        assign_stories(store)
        failures = [f"{f.kind}: {f.reason}" for f in report.failures]
        return {
            "run": report.run_id,
            "articles_coded": report.counts.articles_coded,
            "articles_unchanged": report.counts.articles_unchanged,
            "events": report.counts.events,
            "failures": failures,
        }
