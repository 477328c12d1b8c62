"""PLOVER export: JSON Lines, one record per stored event mention, in the PLOVER / POLECAT data model.

Field names follow the PLOVER data model as POLECAT publishes it (``event_type``, ``mode``, ``context``,
``source_actor`` / ``source_agent`` / ``source_country``, ``event_text``, ``story_date``, ``publisher``,
``headline``), with CAMEO and sitrep's own fields added as extras. Events PLOVER cannot express are left out
and counted: those with no PLOVER type (CAMEO 01 and 02 have none), and — as docs/schema.md says a PLOVER
export should — those whose modality is ``negated``, ``conditional`` or ``hypothetical`` (PLOVER has no
modality field; its types carry only assertion and intent).
"""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from sitrep.export.gdelt import outlet

PLOVER_MODALITIES = frozenset({"asserted", "intended"})
"""Modalities a PLOVER record can express; other events are skipped by the PLOVER export."""

NO_TYPE = "no PLOVER type (CAMEO 01, 02)"
NOT_ASSERTED = "negated, conditional or hypothetical"

_CACHE = 256


class _Sentences:
    """Sentence offsets of recently seen articles (parsed from the stored document JSON once each)."""

    def __init__(self) -> None:
        self._cache: OrderedDict[str, list[tuple[int, int]]] = OrderedDict()

    def text(self, row: Mapping[str, Any]) -> str:
        ident = str(row["article_id"])
        spans = self._cache.get(ident)
        if spans is None:
            document = json.loads(row["article_document"] or "{}")
            spans = [(int(s["start"]), int(s["end"])) for s in document.get("sentences", [])]
            self._cache[ident] = spans
            if len(self._cache) > _CACHE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(ident)
        index = int(row["sentence"])
        text: str = row["article_text"]
        if 0 <= index < len(spans):
            start, end = spans[index]
            return text[start:end]
        return text[row["evidence_start"] : row["evidence_end"]]


def skip_reason(row: Mapping[str, Any]) -> str | None:
    """Why the PLOVER export leaves a stored event out, or ``None`` when it is exported."""
    if not row["plover"]:
        return NO_TYPE
    if row["modality"] not in PLOVER_MODALITIES:
        return NOT_ASSERTED
    return None


def plover_record(row: Mapping[str, Any], event_text: str) -> dict[str, Any]:
    """One PLOVER record for a stored event row (with its article's metadata) and its sentence."""
    published = row["published"]
    context = str(row["plover_context"] or "")
    return {
        "id": f"{row['article_id']}-{row['event_id']}",
        "date": row["date"].isoformat(),
        "event_type": row["plover"],
        "mode": row["plover_mode"] or None,
        "context": [c for c in context.split(";") if c],
        "source_actor": row["source_text"],
        "source_agent": row["source_sector"],
        "source_country": row["source_country"],
        "source_code": row["source_code"],
        "target_actor": row["target_text"],
        "target_agent": row["target_sector"],
        "target_country": row["target_country"],
        "target_code": row["target_code"],
        "event_text": event_text,
        "trigger": row["trigger_text"],
        "story_date": published.isoformat() if published else None,
        "publisher": outlet(row) or None,
        "headline": row["title"],
        "url": row["url"],
        "language": row["language"],
        "cameo_code": row["cameo"],
        "goldstein": row["goldstein"],
        "quad_class": row["quad_class"],
        "modality": row["modality"],
        "attribution": {"kind": row["attribution"], "speaker": row["speaker_text"]},
        "confidence": row["confidence"],
        "location": _location(row),
    }


def _location(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The event's location in the record (POLECAT's geolocation: name, country, point, GeoNames id)."""
    if not row.get("location_precision"):
        return None
    return {
        "name": row["location_name"],
        "country": row["location_country"],
        "adm1": row["location_adm1"],
        "lat": row["location_lat"],
        "lon": row["location_lon"],
        "geonameid": row["location_geonameid"],
        "precision": row["location_precision"],
        "from": row["location_from"],
    }


def write_plover(rows: Iterable[Mapping[str, Any]], out: TextIO) -> tuple[int, Counter[str]]:
    """Write PLOVER JSON Lines for ``rows`` (stored events selected ``with_text``).

    Returns the records written and the events skipped, counted by reason (:data:`NO_TYPE`,
    :data:`NOT_ASSERTED`).
    """
    sentences = _Sentences()
    skipped: Counter[str] = Counter()
    written = 0
    for row in rows:
        reason = skip_reason(row)
        if reason is not None:
            skipped[reason] += 1
            continue
        record = plover_record(row, sentences.text(row))
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written, skipped
