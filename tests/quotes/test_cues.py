"""The quote finder's data files: speech.tsv and quote-settings.tsv."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from support import append_line, assert_bad_entry_reported, hand_parse, run_stages

from sitrep import Extractor
from sitrep.quotes.cues import default_speech_cues, load_speech_cues

SRC = Path(__file__).resolve().parents[2] / "src" / "sitrep"
DATA = SRC / "quotes" / "data"


def test_shipped_cues_load() -> None:
    cues = default_speech_cues()
    assert {"say", "tell", "deny"} <= set(cues.speech) and {"call", "describe"} <= set(cues.naming)
    assert cues.speech["deny"].negated and not cues.speech["say"].negated
    assert [c.words for c in cues.sources] == [("according", "to")]
    assert "tell" in cues.addressee and "say" not in cues.addressee
    assert (cues.scare_quote_words, cues.frame_window) == (4, 12)


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        ("speech.tsv", "mutter\tgrumble\t\t", "kind must be one of speech, source, naming, addressee"),
        ("speech.tsv", "mutter\tspeech\tperhaps\t", "a speech cue's value must be asserted or negated"),
        ("speech.tsv", "point out\tspeech\t\t", "a speech cue is one word"),
        ("speech.tsv", "Say\tspeech\t\t", "must be lower-case words"),
        ("speech.tsv", "say\tspeech\tasserted\t", "duplicate cue and kind 'say speech'"),
        ("speech.tsv", "ask\taddressee\tnegated\t", "an addressee entry has no value"),
        ("quote-settings.tsv", "frame_window\t12\t", "duplicate setting 'frame_window'"),
        ("quote-settings.tsv", "patience\t3\t", "unknown setting 'patience'"),
    ],
)
def test_bad_entries_name_file_and_line(tmp_path: Path, file: str, line: str, message: str) -> None:
    assert_bad_entry_reported(load_speech_cues, DATA, tmp_path, file, line, message)


def test_a_verb_of_saying_added_to_a_patterns_folder_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "patterns"
    shutil.copytree(SRC / "events" / "data", folder)
    for path in DATA.glob("*.tsv"):
        shutil.copy(path, folder)
    append_line(folder / "speech.tsv", "quip\tspeech\t\tinvented for this test")
    extractor = Extractor(patterns=folder)
    doc = hand_parse(
        extractor.nlp.vocab,
        "Russia attacked Kharkiv, the minister quipped.",
        """
        Russia Russia PROPN nsubj 2 ent=GPE
        attacked attack VERB ROOT 0 tag=VBD
        Kharkiv Kharkiv PROPN obj 2 ent=GPE
        , , PUNCT punct 7
        the the DET det 6
        minister minister NOUN nsubj 7
        quipped quip VERB parataxis 2 tag=VBD
        . . PUNCT punct 2
        """,
    )
    state = run_stages(extractor.stages, doc, dt.date(2022, 2, 25))
    [quote] = state.quotes
    assert (quote.text, quote.cue and quote.cue.text) == ("Russia attacked Kharkiv", "quipped")
    [event] = state.events
    assert event.attribution.quote == quote.id and event.attribution.cue == quote.cue
    plain = run_stages(Extractor().stages, doc, dt.date(2022, 2, 25))
    assert plain.quotes == () and plain.events[0].attribution.kind == "outlet"
