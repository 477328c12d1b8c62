"""Long texts are parsed in slices (``SLICE_CHARS``) joined into one Doc; runs are capped in the Extractor.

The slice size is made small here (``extractor.slice_chars``) so that short texts exercise the long-text
path and the tests stay fast.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitrep import Article, Extractor
from sitrep.article import MAX_RUN, SLICE_CHARS, cap_runs
from sitrep.pipeline import slices

PARAGRAPHS = [
    "Russian troops attacked Kharkiv on Tuesday, local officials said. The governor said two people were "
    "killed and eleven wounded.",
    "“We will not negotiate under fire,” the foreign minister told reporters in Kyiv. He accused Moscow of "
    "sabotaging the talks.",
    "Iran threatened to cut ties with Bahrain last month. The United Nations urged both governments to "
    "show restraint.",
    "Police arrested dozens of protesters outside parliament on Saturday, witnesses said. Opposition "
    "leaders called for a general strike.",
    "Zelensky invited Putin to talks in Istanbul. The Kremlin rejected the proposal as a provocation, "
    "according to state media.",
    "The European Union imposed new sanctions on Belarus on Friday. The central bank in Minsk said the "
    "measures were “economic warfare”.",
    "Israeli jets bombed targets in Gaza overnight, the army said. Aid agencies delivered food and "
    "medicine to the besieged city on Wednesday.",
]


def news(paragraphs: int) -> str:
    """``paragraphs`` paragraphs of the sentences above, separated by blank lines."""
    return "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(paragraphs))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def small_slices(extractor: Extractor) -> Iterator[Extractor]:
    extractor.slice_chars = 600
    yield extractor
    extractor.slice_chars = SLICE_CHARS


def spans(data: Any) -> Iterator[dict[str, Any]]:
    """Every ``{"start", "end", "text"}`` mapping in a document's JSON."""
    if isinstance(data, dict):
        if isinstance(data.get("start"), int) and isinstance(data.get("text"), str):
            yield data
        for value in data.values():
            yield from spans(value)
    elif isinstance(data, list):
        for value in data:
            yield from spans(value)


def test_slices_cover_the_text_and_prefer_paragraph_breaks() -> None:
    text = news(12)
    cuts = slices(text, 600)
    assert cuts[0][0] == 0 and cuts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(cuts))
    assert all(0 < end - start <= 600 for start, end in cuts)
    assert all(text[:end].endswith("\n\n") for _, end in cuts[:-1])


@pytest.mark.parametrize(
    ("text", "ending"),
    [
        ("A line of words.\n" * 100, "\n"),
        ("Words and more words. " * 100, ". "),
        ("and on " * 100, " "),
    ],
)
def test_slices_fall_back_to_lines_then_sentences_then_spaces(text: str, ending: str) -> None:
    cuts = slices(text, 500)
    assert len(cuts) > 1
    assert all(text[:end].endswith(ending) for _, end in cuts[:-1])
    assert "".join(text[start:end] for start, end in cuts) == text


def test_slices_cut_hard_without_any_break() -> None:
    text = "\U0001f600" * 1_050
    assert slices(text, 500) == [(0, 500), (500, 1000), (1000, 1050)]
    assert slices("short", 500) == [(0, 5)]


def test_a_sliced_text_is_coded_as_the_whole(extractor: Extractor, small_slices: Extractor) -> None:
    text = news(14)
    assert len(slices(text, small_slices.slice_chars)) > 3
    sliced = small_slices(text, published="2024-03-05").to_dict()
    small_slices.slice_chars = len(text)
    whole = small_slices(text, published="2024-03-05").to_dict()
    assert sliced["events"] and sliced["quotes"] and sliced["actors"]
    # The one known difference: the parser attaches the punctuation next to a cut (a sentence's final
    # ".", an opening quote mark) differently, and an event's evidence span follows the parse.
    evidence = [
        (a.pop("evidence"), b.pop("evidence")) for a, b in zip(sliced["events"], whole["events"], strict=True)
    ]
    assert sliced == whole
    differ = [(a, b) for a, b in evidence if a != b]
    assert len(differ) <= len(slices(text, 600))
    for a, b in differ:
        assert a["text"].strip("“”.") == b["text"].strip("“”.")


def test_a_sliced_text_is_coded_as_its_parts_shifted(small_slices: Extractor) -> None:
    text = news(10)
    document = small_slices(text, published="2024-03-05")
    found = {(e.cameo, e.trigger.start, e.trigger.end) for e in document.events}
    quoted = {(q.kind, q.start, q.end) for q in document.quotes}
    parts_found: set[tuple[str, int, int]] = set()
    parts_quoted: set[tuple[str, int, int]] = set()
    for start, end in slices(text, small_slices.slice_chars):
        part = small_slices(text[start:end], published="2024-03-05")
        parts_found |= {(e.cameo, e.trigger.start + start, e.trigger.end + start) for e in part.events}
        parts_quoted |= {(q.kind, q.start + start, q.end + start) for q in part.quotes}
    assert found and found == parts_found
    assert quoted and quoted == parts_quoted


def test_offsets_and_ids_of_a_sliced_text(small_slices: Extractor) -> None:
    text = news(11)
    document = small_slices(text, published="2024-03-05")
    data = document.to_dict()
    checked = list(spans(data))
    assert len(checked) > 50
    for span in checked:
        assert text[span["start"] : span["end"]] == span["text"]
    assert data["text"] == text
    for kind in ("events", "quotes", "actors"):
        ids = [item["id"] for item in data[kind]]
        assert ids and len(ids) == len(set(ids))
    sentences = [(s.start, s.end) for s in document.sentences]
    assert sentences == sorted(sentences)
    assert [s.index for s in document.sentences] == list(range(len(sentences)))


def test_a_text_under_the_threshold_is_not_sliced(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = news(6)
    before = extractor(text, published="2024-03-05").to_dict()

    def refuse(*_: object) -> None:
        raise AssertionError("a short text was sliced")

    monkeypatch.setattr("sitrep.pipeline.slices", refuse)
    monkeypatch.setattr(extractor, "slice_chars", len(text))
    assert extractor(text, published="2024-03-05").to_dict() == before


def test_pipe_keeps_order_with_long_and_short_texts(small_slices: Extractor) -> None:
    texts = [news(1), news(9), news(2), news(12), news(1)]
    documents = list(small_slices.pipe(Article(t) for t in texts))
    assert [d.text for d in documents] == texts
    assert all(d.events for d in documents)


def test_the_extractor_caps_runs(extractor: Extractor) -> None:
    text = "Russia attacked Ukraine " + "[" * 5_000 + " on Monday."
    document = extractor(text, published="2024-03-05")
    assert document.text == "Russia attacked Ukraine " + "[" * MAX_RUN + " on Monday."
    assert any("cut to" in note for note in document.notes)
    for span in spans(document.to_dict()):
        assert document.text[span["start"] : span["end"]] == span["text"]
    plain = extractor(news(1), published="2024-03-05")
    assert not any("cut to" in note for note in plain.notes)


def test_cap_runs_cuts_a_character_and_a_space_too() -> None:
    assert cap_runs("Russia attacked Ukraine" + ". " * 1_000) == "Russia attacked Ukraine" + ". " * MAX_RUN
    assert cap_runs("x" + "-" * 100 + "y") == "x" + "-" * MAX_RUN + "y"
    kept = "Wait... what? - - - Fine!! " + ". " * MAX_RUN + news(2)
    assert cap_runs(kept) == kept


@pytest.mark.parametrize("command", ["extract", "ingest"])
@pytest.mark.parametrize("value", ["0", "999", "2000001", "many"])
def test_a_bad_slice_size_exits_2(command: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    from sitrep.cli import main

    args = [command, "-"] if command == "extract" else [command, "nothing.txt", "--db", "sqlite://"]
    assert main([*args, "--slice-chars", value]) == 2
    assert "--slice-chars" in capsys.readouterr().err


def test_the_slice_size_option_reaches_the_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sitrep.pipeline
    from sitrep.cli import main

    limits: list[int] = []
    real = sitrep.pipeline.slices

    def spy(text: str, limit: int = SLICE_CHARS) -> list[tuple[int, int]]:
        limits.append(limit)
        return real(text, limit)

    monkeypatch.setattr(sitrep.pipeline, "slices", spy)
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(PARAGRAPHS * 4), encoding="utf-8")
    assert len(path.read_text(encoding="utf-8")) > 1_000
    assert main(["extract", str(path), "--slice-chars", "1000"]) == 0
    assert limits == [1000]
    document = json.loads(capsys.readouterr().out)
    assert document["text"] == path.read_text(encoding="utf-8") and document["events"]
