"""Scoring the event coder against PLOVER gold-standard records (PLOVER's gsr format).

Each gold record is one sentence with one event: ``event`` (a PLOVER type), ``source`` and ``target``
(lists of ``{actorText, code}``, or an empty string), ``text``. sitrep codes the sentence and the record
counts as

* **type** right when some event sitrep found in the sentence has the gold PLOVER type;
* **source** / **target** right when the best such event's actor has one of the gold codes' country part (the
  first three letters: "USA" matches "USAGOV"); a record without a gold target counts as a target match when
  sitrep gives none or any;
* **triple** right when type, source and target all are.

Old PLOVER labels in the gold files are read as today's: DEMAND → REQUEST, DISAPPROVE → ACCUSE, FIGHT →
ASSAULT, INVESTIGATE → ACCUSE.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.article import Article
from sitrep.errors import InputError
from sitrep.pipeline import Extractor
from sitrep.records import ActorRef, Document, Event

OLD_LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class RecordResult:
    record: GoldRecord
    found: tuple[str, ...]
    """PLOVER types of the events sitrep found ("-" for events with a CAMEO code and no PLOVER type)."""
    type_ok: bool
    source_ok: bool
    target_ok: bool
    best: Event | None

    @property
    def triple_ok(self) -> bool:
        return self.type_ok and self.source_ok and self.target_ok


@dataclass(frozen=True, slots=True)
class PloverScores:
    results: tuple[RecordResult, ...]
    by_type: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def records(self) -> int:
        return len(self.results)

    def _share(self, attr: str) -> float:
        return sum(getattr(r, attr) for r in self.results) / self.records if self.results else 0.0

    @property
    def type_accuracy(self) -> float:
        return self._share("type_ok")

    @property
    def source_accuracy(self) -> float:
        return self._share("source_ok")

    @property
    def target_accuracy(self) -> float:
        return self._share("target_ok")

    @property
    def triple_accuracy(self) -> float:
        return self._share("triple_ok")

    @property
    def events_per_sentence(self) -> float:
        return sum(len(r.found) for r in self.results) / self.records if self.results else 0.0

    def misses(self) -> list[RecordResult]:
        return [r for r in self.results if not r.triple_ok]

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "type_accuracy": round(self.type_accuracy, 4),
            "source_accuracy": round(self.source_accuracy, 4),
            "target_accuracy": round(self.target_accuracy, 4),
            "triple_accuracy": round(self.triple_accuracy, 4),
            "events_per_sentence": round(self.events_per_sentence, 3),
            "by_type": {k: {"right": v[0], "records": v[1]} for k, v in sorted(self.by_type.items())},
            "misses": [
                {
                    "id": r.record.id,
                    "gold": r.record.type,
                    "gold_source": list(r.record.sources),
                    "gold_target": list(r.record.targets),
                    "found": list(r.found),
                    "source": r.best.source.code if r.best and r.best.source else None,
                    "target": r.best.target.code if r.best and r.best.target else None,
                    "rule": r.best.rule if r.best else None,
                }
                for r in self.misses()
            ],
        }


def _codes(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(a.get("code", "")) for a in value if isinstance(a, dict) and a.get("code"))


def read_gold(path: Path) -> list[GoldRecord]:
    """The event records of a PLOVER gold file (a JSON list, or JSON lines); documentation records skipped."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read: {err}") from None
    try:
        data = json.loads(raw)
        items = data if isinstance(data, list) else [data]
    except json.JSONDecodeError:
        try:
            items = [json.loads(line) for line in raw.splitlines() if line.strip()]
        except json.JSONDecodeError as err:
            raise InputError(f"{path}: not JSON or JSON lines: {err}") from None
    records = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise InputError(f"{path}: record {n} is not a JSON object")
        event = item.get("event")
        if event == "DOCUMENT" or not item.get("text"):
            continue
        if not isinstance(event, str):
            raise InputError(f"{path}: record {n} has no 'event'")
        published = None
        if isinstance(item.get("date"), str):
            try:
                published = dt.date.fromisoformat(item["date"][:10])
            except ValueError:
                published = None
        records.append(
            GoldRecord(
                id=str(item.get("id", n)),
                text=str(item["text"]),
                type=OLD_LABELS.get(event, event),
                sources=_codes(item.get("source")),
                targets=_codes(item.get("target")),
                published=published,
            )
        )
    if not records:
        raise InputError(f"{path}: no event records")
    return records


def _matches(ref: ActorRef | None, gold: Sequence[str]) -> bool:
    if ref is None or ref.code is None:
        return False
    return any(ref.code[:3] == code[:3] for code in gold)


def score_record(record: GoldRecord, document: Document) -> RecordResult:
    events = list(document.events)
    found = tuple(e.plover or "-" for e in events)
    typed = [e for e in events if e.plover == record.type]

    def rank(e: Event) -> tuple[bool, bool]:
        return (_matches(e.source, record.sources), _matches(e.target, record.targets))

    best = max(typed, key=rank) if typed else None
    if best is None:
        return RecordResult(record, found, False, False, not record.targets, None)
    source_ok = _matches(best.source, record.sources) if record.sources else True
    target_ok = _matches(best.target, record.targets) if record.targets else True
    return RecordResult(record, found, True, source_ok, target_ok, best)


def evaluate_plover(
    records: Iterable[GoldRecord],
    extractor: Extractor,
    progress: Callable[[int], None] | None = None,
) -> PloverScores:
    records = list(records)
    articles = [Article(r.text, r.published, id=r.id) for r in records]
    results = []
    for record, document in zip(records, extractor.pipe(articles), strict=True):
        results.append(score_record(record, document))
        if progress is not None:
            progress(1)
    by_type: dict[str, tuple[int, int]] = {}
    for r in results:
        right, total = by_type.get(r.record.type, (0, 0))
        by_type[r.record.type] = (right + r.type_ok, total + 1)
    return PloverScores(tuple(results), by_type)
