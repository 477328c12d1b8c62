"""The JSON Schema of the output contract: valid itself, matched by Document.to_dict(), strict on mistakes."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from support import REPO

from sitrep.errors import ConfigError, InputError
from sitrep.records import SCHEMA, Actor, Attribution, Document, Event, Sentence, Span
from sitrep.schema import document_schema, validate_document

TEXT = "Kyiv severed diplomatic ties with Moscow, the foreign ministry said. He called it overdue."


def _span(text: str, word: str) -> Span:
    start = text.index(word)
    return Span(start, start + len(word), word)


def _document() -> Document:
    first_end = TEXT.index(".") + 1
    kyiv = _span(TEXT, "Kyiv")
    moscow = _span(TEXT, "Moscow")
    ministry = _span(TEXT, "the foreign ministry")
    he = _span(TEXT, "He")
    actors = (
        Actor("a1", kyiv.start, kyiv.end, kyiv.text, 0, "UKR", "UKR", None, "Kyiv", "country"),
        Actor("a2", moscow.start, moscow.end, moscow.text, 0, "RUS", "RUS", None, "Moscow", "country"),
        Actor(
            "a3", ministry.start, ministry.end, ministry.text, 0, "UKRGOV", "UKR", "GOV", None, "organisation"
        ),
        Actor(
            "a4", he.start, he.end, he.text, 1, "UKRGOV", "UKR", "GOV", None, "organisation", refers_to="a3"
        ),
    )
    event = Event(
        id="e1",
        sentence=0,
        source=actors[0].ref(),
        target=actors[1].ref(),
        cameo="161",
        cameo_root="16",
        cameo_name="Reduce or break diplomatic relations",
        plover="SANCTION",
        plover_mode="withdraw",
        plover_context=("diplomatic",),
        goldstein=-4.0,
        quad_class=4,
        trigger=_span(TEXT, "severed"),
        date=dt.date(2022, 2, 24),
        date_text=None,
        date_precision="article",
        modality="asserted",
        attribution=Attribution("speaker", actors[2].ref(), _span(TEXT, "said")),
        confidence=0.8,
        rule="verbs.tsv:212",
        evidence=Span(0, first_end, TEXT[:first_end]),
    )
    return Document(
        id="test-1",
        text=TEXT,
        published=dt.date(2022, 2, 24),
        title="Kyiv cuts ties",
        source="Example Wire",
        url="https://example.invalid/kyiv",
        sentences=(Sentence(0, 0, first_end), Sentence(1, first_end + 1, len(TEXT))),
        actors=actors,
        events=(event,),
        notes=(),
    )


def _docs_example() -> dict[str, Any]:
    markdown = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    found = re.search(r"```json\n(.*?)```", markdown, re.DOTALL)
    assert found is not None, "docs/schema.md has no ```json example"
    example: dict[str, Any] = json.loads(found.group(1))
    return example


def test_schema_is_valid_draft_2020_12() -> None:
    schema = document_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema"]["const"] == SCHEMA


def test_every_object_is_closed_and_described() -> None:
    schema = document_schema()
    objects = [schema, *schema["$defs"].values()]
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
        for name, prop in obj["properties"].items():
            assert prop.get("description"), name


def test_document_schema_returns_a_copy() -> None:
    document_schema()["properties"].clear()
    assert "events" in document_schema()["properties"]


def test_hand_built_document_validates() -> None:
    data = _document().to_dict()
    validate_document(data)
    # The record's own invariant, which the schema cannot check: offsets index the text.
    event = data["events"][0]
    for span in (event["trigger"], event["evidence"], event["source"], event["attribution"]["cue"]):
        assert TEXT[span["start"] : span["end"]] == span["text"]


def test_minimal_document_validates() -> None:
    validate_document(Document(id="empty", text="", published=None).to_dict())


def _set_modality(d: dict[str, Any]) -> None:
    d["events"][0]["modality"] = "maybe"


def _drop_rule(d: dict[str, Any]) -> None:
    del d["events"][0]["rule"]


def _drop_notes(d: dict[str, Any]) -> None:
    del d["notes"]


def _extra_field(d: dict[str, Any]) -> None:
    d["actors"][0]["colour"] = "blue"


def _country_name(d: dict[str, Any]) -> None:
    d["events"][0]["target"]["country"] = "Russia"


def _numeric_cameo(d: dict[str, Any]) -> None:
    d["events"][0]["cameo"] = 161


def _bad_date(d: dict[str, Any]) -> None:
    d["events"][0]["date"] = "2022-02-30"


def _bad_actor_id(d: dict[str, Any]) -> None:
    d["actors"][0]["id"] = "x1"


def _wrong_schema(d: dict[str, Any]) -> None:
    d["schema"] = "sitrep.document/2"


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (_set_modality, "$.events[0].modality"),
        (_drop_rule, "$.events[0]"),
        (_drop_notes, "$"),
        (_extra_field, "$.actors[0]"),
        (_country_name, "$.events[0].target.country"),
        (_numeric_cameo, "$.events[0].cameo"),
        (_bad_date, "$.events[0].date"),
        (_bad_actor_id, "$.actors[0].id"),
        (_wrong_schema, "$.schema"),
    ],
)
def test_mutations_are_rejected(mutate: Callable[[dict[str, Any]], None], where: str) -> None:
    data = copy.deepcopy(_document().to_dict())
    mutate(data)
    with pytest.raises(InputError) as caught:
        validate_document(data)
    assert f" at {where}: " in str(caught.value)


def test_docs_example_validates() -> None:
    example = _docs_example()
    validate_document(example)
    text = example["text"]
    for actor in example["actors"]:
        assert text[actor["start"] : actor["end"]] == actor["text"]
    for event in example["events"]:
        for key in ("trigger", "evidence", "source", "target"):
            span = event[key]
            assert text[span["start"] : span["end"]] == span["text"]


def test_validating_without_jsonschema_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sitrep.schema

    sitrep.schema._validator.cache_clear()
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    try:
        with pytest.raises(ConfigError, match="pip install jsonschema"):
            validate_document({})
    finally:
        sitrep.schema._validator.cache_clear()
