"""What the store writes, and the table rows it becomes: outcomes → ``articles`` rows, documents → child rows.

An article's row holds its metadata, its text and, when coded, its whole ``sitrep.document/1`` JSON without
the text (:func:`document_json`; :func:`stored_document` puts the text back when it is read). The
document's actors, events, quotes and framing cues are also spread over the child tables, one row each
(:func:`child_rows`), for SQL; every span is a pair of character offsets into the article's text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Table

from sitrep.article import Article, Failure, content_id
from sitrep.records import ActorRef, Document, Location
from sitrep.store import schema

CHILD_TABLES = (schema.actors, schema.events, schema.quotes, schema.framing)
"""The tables whose rows belong to one article and are replaced together with it."""


@dataclass(frozen=True, slots=True)
class Coded:
    """An article and the document sitrep coded from it."""

    article: Article
    document: Document
    language: str
    coder: str
    """What coded it (sitrep version and model); a different coder recodes the article on re-ingest."""


@dataclass(frozen=True, slots=True)
class NotCoded:
    """An article stored without coding (not English), with the reason."""

    article: Article
    language: str
    reason: str


@dataclass(frozen=True, slots=True)
class Refreshed:
    """An article already stored by the same coder: only its metadata is updated."""

    article: Article


Outcome = Coded | NotCoded | Refreshed | Failure


@dataclass(frozen=True, slots=True)
class RunCounts:
    articles_read: int = 0
    articles_coded: int = 0
    articles_unchanged: int = 0
    articles_not_coded: int = 0
    events: int = 0
    failures: int = 0


def counts_values(counts: RunCounts) -> dict[str, int]:
    """The ``runs`` columns that hold ``counts``."""
    return asdict(counts)


def article_id(article: Article) -> str:
    """The store's id for an article: its ``id`` when a library caller gave one, else the hash of its text
    (ingest always stores the hash: a record's own id is its ``external_id``)."""
    return article.id or content_id(article.text)


def metadata_values(article: Article) -> dict[str, Any]:
    """The ``articles`` columns a re-ingest of the same text refreshes."""
    return {
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "origin": article.origin,
        "external_id": article.external_id,
    }


def article_values(outcome: Coded | NotCoded) -> dict[str, Any]:
    """The ``articles`` columns for a coded or not-coded article (all but its id and run bookkeeping)."""
    article = outcome.article
    values: dict[str, Any] = {
        **metadata_values(article),
        "language": outcome.language,
        "chars": len(article.text),
        "text": article.text,
    }
    if isinstance(outcome, Coded):
        doc = outcome.document
        return values | {
            "status": "coded",
            "reason": None,
            "document": document_json(doc),
            "notes": json.dumps(list(doc.notes), ensure_ascii=False),
            "n_events": len(doc.events),
            "n_quotes": len(doc.quotes),
            "n_framing": len(doc.framing),
            "coder": outcome.coder,
        }
    return values | {
        "status": "not-coded",
        "reason": outcome.reason,
        "document": None,
        "notes": None,
        "n_events": 0,
        "n_quotes": 0,
        "n_framing": 0,
        "coder": "",
    }


def document_json(doc: Document) -> str:
    """The ``articles.document`` value: the document's JSON without its text (the row holds the text)."""
    stored = doc.to_dict()
    del stored["text"]
    return json.dumps(stored, ensure_ascii=False)


def stored_document(document: str, text: str) -> dict[str, Any]:
    """A stored document as a ``sitrep.document/1`` dict, its text put back."""
    data: dict[str, Any] = json.loads(document)
    data["text"] = text
    return data


def _ref(prefix: str, ref: ActorRef | None) -> dict[str, Any]:
    return {
        f"{prefix}_text": ref.text if ref else None,
        f"{prefix}_start": ref.start if ref else None,
        f"{prefix}_end": ref.end if ref else None,
        f"{prefix}_code": ref.code if ref else None,
        f"{prefix}_country": ref.country if ref else None,
    }


def _location(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {column.name: None for column in schema.LOCATION_COLUMNS}
    return {
        "location_place": location.place,
        "location_name": location.name,
        "location_country": location.country,
        "location_fips": location.country_fips,
        "location_adm1": location.adm1,
        "location_lat": location.lat,
        "location_lon": location.lon,
        "location_geonameid": location.geonameid,
        "location_precision": location.precision,
        "location_from": location.found,
    }


def child_rows(ident: str, doc: Document) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
    """The rows of the article ``ident`` in each child table: actors, events, quotes, framing."""
    yield (
        schema.actors,
        [
            {
                "article_id": ident,
                "actor_id": a.id,
                "sentence": a.sentence,
                "text": a.text,
                "char_start": a.start,
                "char_end": a.end,
                "code": a.code,
                "country": a.country,
                "sector": a.sector,
                "name": a.name,
                "kind": a.kind,
                "refers_to": a.refers_to,
            }
            for a in doc.actors
        ],
    )
    event_rows = []
    for e in doc.events:
        speaker = e.attribution.speaker
        event_rows.append(
            {
                "article_id": ident,
                "event_id": e.id,
                "sentence": e.sentence,
                "date": e.date,
                "date_text": e.date_text,
                "date_precision": e.date_precision,
                "cameo": e.cameo,
                "cameo_root": e.cameo_root,
                "cameo_name": e.cameo_name,
                "quad_class": e.quad_class,
                "goldstein": e.goldstein,
                "plover": e.plover,
                "plover_mode": e.plover_mode,
                "plover_context": ";".join(e.plover_context) or None,
                "source_actor": e.source.actor if e.source else None,
                "source_sector": e.source.sector if e.source else None,
                "source_name": e.source.name if e.source else None,
                **_ref("source", e.source),
                "target_actor": e.target.actor if e.target else None,
                "target_sector": e.target.sector if e.target else None,
                "target_name": e.target.name if e.target else None,
                **_ref("target", e.target),
                "trigger_text": e.trigger.text,
                "trigger_start": e.trigger.start,
                "trigger_end": e.trigger.end,
                "evidence_start": e.evidence.start,
                "evidence_end": e.evidence.end,
                "modality": e.modality,
                "attribution": e.attribution.kind,
                **_ref("speaker", speaker),
                "cue_text": e.attribution.cue.text if e.attribution.cue else None,
                "quote_id": e.attribution.quote,
                "confidence": e.confidence,
                "rule": e.rule,
                **_location(e.location),
            }
        )
    yield schema.events, event_rows
    yield (
        schema.quotes,
        [
            {
                "article_id": ident,
                "quote_id": q.id,
                "kind": q.kind,
                "sentence": q.sentence,
                "text": q.text,
                "char_start": q.start,
                "char_end": q.end,
                **_ref("speaker", q.speaker),
                "cue_text": q.cue.text if q.cue else None,
                "cue_start": q.cue.start if q.cue else None,
                "cue_end": q.cue.end if q.cue else None,
            }
            for q in doc.quotes
        ],
    )
    yield (
        schema.framing,
        [
            {
                "article_id": ident,
                "cue_index": n,
                "text": f.text,
                "char_start": f.start,
                "char_end": f.end,
                "term": f.term,
                "category": f.category,
                "alternatives": ";".join(f.alternatives) or None,
                "signals": ";".join(f.signals) or None,
                "conflict": f.conflict,
                "rule": f.rule,
            }
            for n, f in enumerate(doc.framing, 1)
        ],
    )
