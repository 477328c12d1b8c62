"""extract(): the contract around the coder — offsets, odd input, batches, the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep import Article, Document, Extractor, InputError, extract
from sitrep.article import MAX_CHARS
from sitrep.schema import validate_document

FRAGMENTS = [
    "Russian troops attacked Kharkiv on Tuesday.",
    "The ministry said Israeli jets bombed Gaza, according to officials.",
    "“We will not negotiate,” he said.",
    "Iran threatened to cut ties with Bahrain last month.",
    "Kyiv was shelled by Russian forces overnight.",
    "Zelensky invited Putin to talks in Istanbul.",
    "!!! ??? …",
    "\n\n",
    "Les troupes russes ont attaqué la ville.",
    "NATO and the EU imposed sanctions on Belarus\u00a0and Russia.",
    "\u200bUN\u00adHCR called on both sides to stop.",
]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def all_spans(doc: Document) -> list[tuple[int, int, str]]:
    spans = [(s.start, s.end, doc.text[s.start : s.end]) for s in doc.sentences]
    spans += [(a.start, a.end, a.text) for a in doc.actors]
    for e in doc.events:
        spans += [
            (e.trigger.start, e.trigger.end, e.trigger.text),
            (e.evidence.start, e.evidence.end, e.evidence.text),
        ]
        for ref in (e.source, e.target, e.attribution.speaker):
            if ref is not None:
                spans.append((ref.start, ref.end, ref.text))
        if e.attribution.cue is not None:
            spans.append((e.attribution.cue.start, e.attribution.cue.end, e.attribution.cue.text))
    return spans


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=30), min_size=1, max_size=6),
    st.sampled_from([" ", "\n", "  "]),
)
def test_every_offset_slices_the_text(extractor: Extractor, parts: list[str], glue: str) -> None:
    doc = extractor(glue.join(parts), published=dt.date(2023, 5, 5))
    validate_document(doc.to_dict())
    for start, end, text in all_spans(doc):
        assert 0 <= start <= end <= len(doc.text)
        assert doc.text[start:end] == text


@pytest.mark.parametrize(
    "text", ["", "   \n\t ", "...!?;", "—", "\x00\x01\x02 Russia attacked Ukraine. \x07"]
)
def test_odd_input_gives_a_document(extractor: Extractor, text: str) -> None:
    doc = extractor(text, published="2023-01-02")
    assert doc.text == text
    validate_document(json.loads(json.dumps(doc.to_dict())))


def test_control_characters_are_noted(extractor: Extractor) -> None:
    doc = extractor("Russia\x07 attacked Ukraine.")
    assert any("control characters" in n for n in doc.notes)


def test_empty_text_is_noted(extractor: Extractor) -> None:
    doc = extractor("  ")
    assert doc.events == () and any("empty" in n for n in doc.notes)


def test_non_english_text_is_not_coded(extractor: Extractor) -> None:
    doc = extractor("Die russischen Truppen haben die Stadt am Dienstag angegriffen und die Brücke zerstört.")
    assert doc.language == "de" and doc.events == ()
    assert any("identified as 'de'" in n and "English only" in n for n in doc.notes)


def test_one_megabyte_of_text(extractor: Extractor) -> None:
    paragraph = "Russian troops attacked Kharkiv on Tuesday, officials said. The city council met.\n\n"
    text = paragraph * (1_000_000 // len(paragraph))
    doc = extractor(text, published="2022-03-01")
    assert len(doc.events) >= 1000


def test_too_long_text_is_refused(extractor: Extractor) -> None:
    with pytest.raises(InputError, match="limit"):
        extractor("a" * (MAX_CHARS + 1))


def test_the_model_accepts_every_text_under_the_limit(extractor: Extractor) -> None:
    assert extractor.nlp.max_length >= MAX_CHARS


def test_too_long_article_is_refused_where_it_is_made() -> None:
    with pytest.raises(InputError, match="limit"):
        Article("a" * (MAX_CHARS + 1))


def test_bad_publication_date(extractor: Extractor) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        extractor("Russia attacked Ukraine.", published="25/02/2022")


def test_pipe_keeps_order_and_ids(extractor: Extractor) -> None:
    articles = [Article(f"Russia attacked Ukraine. Item {n}.", id=str(n)) for n in range(40)]
    docs = list(extractor.pipe(articles))
    assert [d.id for d in docs] == [str(n) for n in range(40)]


def test_default_id_is_a_content_hash(extractor: Extractor) -> None:
    a = extractor("Russia attacked Ukraine.")
    b = extractor("Russia attacked Ukraine.")
    assert a.id == b.id and len(a.id) == 16


def test_module_level_extract() -> None:
    doc = extract("Russia attacked Ukraine.", published="2022-02-24", source="Test Wire", title="T")
    assert doc.to_dict()["schema"] == "sitrep.document/1"
    assert doc.source == "Test Wire" and doc.events[0].cameo_root == "19"


def test_a_document_reads_back_from_its_dict() -> None:
    from sitrep.records import document_from_dict

    document = Extractor()(
        "MOSCOW, March 2. /TASS/. Russian forces struck a depot in Kharkiv on Monday, the ministry said. "
        'Moscow calls its invasion a "special military operation".'
    )
    assert document.events and document.quotes and document.framing
    assert document_from_dict(document.to_dict()) == document
