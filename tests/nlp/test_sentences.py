"""syntok sentence starts, on a blank pipeline (no model needed)."""

from __future__ import annotations

import pytest
import spacy

from sitrep.nlp.sentences import SyntokSentences, sentence_start_offsets


def starts(text: str, mode: str = "strict") -> list[bool | None]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sitrep_sentences", config={"mode": mode})
    return [t.is_sent_start for t in nlp(text)]


def test_offsets_keep_quote_with_attribution() -> None:
    text = '"We will fight," he said. The U.S. said so on Feb. 24. Mr. Lee left.'
    offsets = sentence_start_offsets(text)
    assert [text[o : o + 5] for o in offsets] == ['"We w', "The U", "Mr. L"]


def test_strict_mode_marks_every_token() -> None:
    flags = starts("Kyiv cut ties. Moscow answered.")
    assert flags == [True, False, False, False, True, False, False]


def test_hint_mode_leaves_the_rest_to_the_parser() -> None:
    flags = starts("Kyiv cut ties. Moscow answered.", mode="hint")
    assert flags == [True, None, None, None, True, None, None]


def test_whitespace_tokens_never_start_a_sentence() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sitrep_sentences")
    doc = nlp("First paragraph ends.\n\nSecond one starts.")
    assert [s.text for s in doc.sents] == ["First paragraph ends.\n\n", "Second one starts."]


@pytest.mark.parametrize("text", ["", " ", "\n\n", "...", '"', "«»", "\x00\x01", "a" * 5000])
def test_odd_input_does_not_crash(text: str) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sitrep_sentences")
    doc = nlp(text)
    if len(doc):
        assert doc[0].is_sent_start


def test_bad_mode_is_rejected() -> None:
    with pytest.raises(ValueError, match="strict"):
        SyntokSentences(mode="loose")  # type: ignore[arg-type]


def test_a_line_break_ends_a_headline() -> None:
    text = "Russia recognises breakaway regions\nMoscow on Monday recognised two regions.\nKyiv protested."
    assert [text[o : o + 6] for o in sentence_start_offsets(text)] == ["Russia", "Moscow", "Kyiv p"]


def test_hard_wrapped_text_is_not_split_at_line_ends() -> None:
    text = (
        "The foreign ministers of the two countries met on Friday in the capital\n"
        "and agreed to resume talks on the disputed border region next month, a\n"
        "spokesman for the ministry said after the meeting ended late at night.\n"
        "Both sides described the talks as constructive and said they hoped to\n"
        "sign an agreement before the end of the year.\n\n"
        "Observers were cautious."
    )
    starts = [text[o : o + 4] for o in sentence_start_offsets(text)]
    assert starts == ["The ", "Both", "Obse"]
