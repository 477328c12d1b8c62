"""Modality rules on parses built by hand: negation, intention, condition, obligation and the demand rule."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from support import code_parse

from sitrep import Extractor
from sitrep.events.patterns import default_patterns
from sitrep.records import Event

DAY = dt.date(2022, 2, 25)
PATTERNS = Path(__file__).resolve().parents[2] / "src" / "sitrep" / "events" / "data"
SPEECH = Path(__file__).resolve().parents[2] / "src" / "sitrep" / "quotes" / "data"


def events(extractor: Extractor, text: str, table: str, day: dt.date = DAY) -> tuple[Event, ...]:
    return code_parse(extractor, text, table, day).events


NOT = """
Russia Russia PROPN nsubj 4 ent=GPE
did do AUX aux 4 tag=VBD
not not PART advmod 4 tag=RB
attack attack VERB ROOT 0 tag=VB
Ukraine Ukraine PROPN obj 4 ent=GPE
. . PUNCT punct 4
"""

IF = """
Russia Russia PROPN nsubj 3 ent=GPE
will will AUX aux 3 tag=MD
attack attack VERB ROOT 0 tag=VB
Ukraine Ukraine PROPN obj 3 ent=GPE
if if SCONJ mark 7
talks talk NOUN nsubj 7 morph=Number=Plur
fail fail VERB advcl 3 tag=VBP
. . PUNCT punct 3
"""

MUST = """
Russia Russia PROPN nsubj 2 ent=GPE
said say VERB ROOT 0 tag=VBD
Sudan Sudan PROPN nsubj 5 ent=GPE
must must AUX aux 5 tag=MD
return return VERB ccomp 2 tag=VB
the the DET det 7
helicopter helicopter NOUN obj 5
. . PUNCT punct 2
"""


def test_negation(extractor: Extractor) -> None:
    [event] = events(extractor, "Russia did not attack Ukraine.", NOT)
    assert event.cameo_root == "19" and event.modality == "negated"


def test_a_condition_beats_an_intention(extractor: Extractor) -> None:
    [event] = events(extractor, "Russia will attack Ukraine if talks fail.", IF)
    assert event.modality == "conditional"
    assert event.cameo_root == "13", "a hostile act announced for the future is a threat"


def test_the_modality_order_is_data(extractor: Extractor, tmp_path: Path) -> None:
    folder = tmp_path / "patterns"
    shutil.copytree(PATTERNS, folder)
    for path in SPEECH.glob("*.tsv"):
        shutil.copy(path, folder)
    settings = folder / "event-settings.tsv"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace(
            "negated|conditional|hypothetical|intended|asserted",
            "intended|negated|conditional|hypothetical|asserted",
        ),
        encoding="utf-8",
    )
    custom = Extractor(patterns=folder)
    [event] = events(custom, "Russia will attack Ukraine if talks fail.", IF)
    assert event.modality == "intended"


def test_x_said_y_must_is_a_demand_by_x(extractor: Extractor) -> None:
    [event] = events(extractor, "Russia said Sudan must return the helicopter.", MUST, dt.date(2001, 5, 1))
    assert event.cameo_root == "10" and event.plover == "REQUEST"
    assert event.source is not None and event.source.code == "RUS"
    assert event.target is not None and event.target.code == "SDN"
    assert event.rule.startswith("complements.tsv:") and "+verbs.tsv:" in event.rule
    assert event.attribution.speaker is not None and event.attribution.speaker.code == "RUS"


def test_must_without_a_speaker_is_hypothetical(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Sudan must return the helicopter.",
        """
        Sudan Sudan PROPN nsubj 3 ent=GPE
        must must AUX aux 3 tag=MD
        return return VERB ROOT 0 tag=VB
        the the DET det 5
        helicopter helicopter NOUN obj 3
        . . PUNCT punct 3
        """,
        dt.date(2001, 5, 1),
    )
    assert event.modality == "hypothetical" and event.cameo_root == "08"
    assert event.source is not None and event.source.code == "SDN"


def test_the_content_of_a_demand_is_hypothetical(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Iran demanded that Kuwait return the helicopter.",
        """
        Iran Iran PROPN nsubj 2 ent=GPE
        demanded demand VERB ROOT 0 tag=VBD
        that that SCONJ mark 5
        Kuwait Kuwait PROPN nsubj 5 ent=GPE
        return return VERB ccomp 2 tag=VB
        the the DET det 7
        helicopter helicopter NOUN obj 5
        . . PUNCT punct 2
        """,
    )
    returned = next(e for e in found if e.cameo_root == "08")
    assert returned.modality == "hypothetical"
    demand = next(e for e in found if e.cameo_root == "10")
    assert demand.modality == "asserted"


def test_reported_content_is_not_asked_for(extractor: Extractor) -> None:
    found = events(
        extractor,
        "Iran said Kuwait returned the helicopter.",
        """
        Iran Iran PROPN nsubj 2 ent=GPE
        said say VERB ROOT 0 tag=VBD
        Kuwait Kuwait PROPN nsubj 4 ent=GPE
        returned return VERB ccomp 2 tag=VBD
        the the DET det 6
        helicopter helicopter NOUN obj 4
        . . PUNCT punct 2
        """,
    )
    [returned] = found
    assert returned.modality == "asserted" and returned.attribution.kind == "speaker"


def test_shipped_order_is_the_documented_one() -> None:
    order = default_patterns().settings.modality_order
    assert order == ("negated", "conditional", "hypothetical", "intended", "asserted")
