"""Scoring quotes against span-annotated data (``sitrep.evaluate.quotes``); the command is tested in
tests/cli/test_evaluate.py."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from support import REPO

from sitrep import ActorRef, Document, Quote, Span
from sitrep.article import Article
from sitrep.errors import InputError
from sitrep.evaluate.quotes import evaluate_quotes, read_quote_gold
from sitrep.pipeline import Extractor

TEXT = '"We are ready," the minister said. Officials said the talks had failed.'


def gold_line(attributions: list[dict[str, object]], text: str = TEXT) -> str:
    return json.dumps({"id": "t1", "text": text, "published": "2022-02-25", "attributions": attributions})


class Canned:
    """An extractor that returns documents with the given quotes, to test the scoring alone."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes

    def pipe(self, articles: Iterable[Article]) -> Iterator[Document]:
        for article in articles:
            yield Document(id=article.id or "x", text=article.text, published=None, quotes=tuple(self.quotes))


def quote(start: int, end: int, speaker: tuple[int, int] | None, kind: str = "direct") -> Quote:
    ref = (
        ActorRef(speaker[0], speaker[1], TEXT[speaker[0] : speaker[1]], None, None, None, None)
        if speaker
        else None
    )
    return Quote(f"q{start}", kind, start, end, TEXT[start:end], ref, Span(0, 1, '"'), 0)  # type: ignore[arg-type]


def score(tmp_path: Path, attributions: list[dict[str, object]], found: list[Quote]) -> dict[str, object]:
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line(attributions) + "\n", encoding="utf-8")
    return evaluate_quotes(read_quote_gold(path), Canned(found)).to_dict()


MINISTER: dict[str, object] = {
    "content": [[1, 13]],
    "source": [[16, 28]],
    "cue": [[29, 33]],
    "kind": "direct",
}
OFFICIALS: dict[str, object] = {
    "content": [[50, 71]],
    "source": [[35, 44]],
    "cue": [[45, 49]],
    "kind": "indirect",
}


def test_exact_and_overlap_scores(tmp_path: Path) -> None:
    assert (TEXT[1:13], TEXT[16:28], TEXT[35:44]) == ("We are ready", "the minister", "Officials")
    assert TEXT[50:71] == "the talks had failed."
    found = [
        quote(1, 14, (16, 28)),  # the trailing comma is trimmed: an exact match, speaker right
        quote(54, 70, (35, 44), "indirect"),  # overlaps only: "talks had failed"
        quote(35, 44, None),  # a false quote
    ]
    scores = score(tmp_path, [MINISTER, OFFICIALS], found)
    assert scores["exact"] == {"precision": round(1 / 3, 4), "recall": 0.5, "f1": 0.4}
    assert scores["overlap"] == {"precision": round(2 / 3, 4), "recall": 1.0, "f1": 0.8}
    assert scores["speaker_accuracy"] == 1.0 and scores["speaker_judged"] == 2
    assert scores["recall_by_kind"] == {"direct": 1.0, "indirect": 1.0}


def test_wrong_speaker_and_misses_are_counted(tmp_path: Path) -> None:
    scores = score(tmp_path, [MINISTER, OFFICIALS], [quote(1, 13, (35, 44))])
    assert scores["speaker_accuracy"] == 0.0
    assert scores["overlap"] == {"precision": 1.0, "recall": 0.5, "f1": round(2 / 3, 4)}
    assert scores["misses"] == [{"article": "t1", "text": "the talks had failed"}]


def test_a_discontinuous_quote_is_two_pieces(tmp_path: Path) -> None:
    text = '"We are ready," he said, "but not at any price."'
    path = tmp_path / "gold.jsonl"
    line = gold_line([{"content": [[1, 13], [26, 46]], "source": [[16, 18]], "cue": [[19, 23]]}], text)
    path.write_text(line + "\n", encoding="utf-8")
    (record,) = read_quote_gold(path)
    assert [text[s:e] for s, e in record.attributions[0].content] == ["We are ready", "but not at any price"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        (json.dumps({"text": 3, "attributions": []}), "string 'text'"),
        (json.dumps({"text": "abc", "attributions": [{"content": []}]}), "at least one [start, end] piece"),
        (json.dumps({"text": "abc", "attributions": [{"content": [[0, 9]]}]}), "outside the text"),
        (json.dumps({"text": "abc", "attributions": [{"content": [[0, "2"]]}]}), "two integers"),
        (
            json.dumps({"text": "abc", "attributions": [{"content": [[0, 2]], "kind": "free"}]}),
            "kind must be",
        ),
        (json.dumps({"text": "abc", "published": "soon", "attributions": []}), "YYYY-MM-DD"),
    ],
)
def test_bad_gold_is_reported_with_its_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line([MINISTER]) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_quote_gold(path)
    assert str(info.value).startswith(f"{path}:3: ")
    assert message in str(info.value)


def test_held_out_floors(no_model_env: None) -> None:
    """Floors under the figures measured on the held-out set (docs/quotes.md): a regression gate."""
    gold = read_quote_gold(REPO / "benchmarks" / "data" / "quotes-heldout.jsonl")
    scores = evaluate_quotes(gold, Extractor()).to_dict()
    assert scores["gold_pieces"] == 105
    assert scores["exact"]["f1"] >= 0.92
    assert scores["overlap"]["f1"] >= 0.98
    assert scores["speaker_accuracy"] >= 0.94
    assert scores["cue_accuracy"] >= 0.95
