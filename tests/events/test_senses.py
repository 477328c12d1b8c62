"""Words that look like event words but are not acts: modifiers, parts of names, conditions on the
predicate's own part of speech and relation (``pos=``, ``dep=``, ``slot!=``), on parses built by hand."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from support import append_line, assert_bad_entry_reported, code_parse

from sitrep import Extractor
from sitrep.events.patterns import load_patterns
from sitrep.quotes.cues import default_speech_cues
from sitrep.records import Event

DAY = dt.date(2022, 2, 25)
PATTERNS = Path(__file__).resolve().parents[2] / "src" / "sitrep" / "events" / "data"
SPEECH = Path(__file__).resolve().parents[2] / "src" / "sitrep" / "quotes" / "data"

ARMED = """
The the DET det 3
armed arm ADJ amod 3 tag=JJ
forces force NOUN nsubj 4
shelled shell VERB ROOT 0 tag=VBD
Kelvar Kelvar PROPN obj 4 ent=GPE
. . PUNCT punct 4
"""


def events(extractor: Extractor, text: str, table: str) -> tuple[Event, ...]:
    return code_parse(extractor, text, table, DAY).events


def custom(tmp_path: Path, verbs: str, *, min_actors: int | None = None) -> Extractor:
    folder = tmp_path / "patterns"
    shutil.copytree(PATTERNS, folder)
    for path in SPEECH.glob("*.tsv"):
        shutil.copy(path, folder)
    append_line(folder / "verbs.tsv", verbs)
    if min_actors is not None:
        settings = folder / "event-settings.tsv"
        text = settings.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^min_actors\t\d", f"min_actors\t{min_actors}", text)
        settings.write_text(text, encoding="utf-8")
    return Extractor(patterns=folder)


def test_a_participle_modifying_a_noun_is_not_an_act(extractor: Extractor) -> None:
    found = events(extractor, "The armed forces shelled Kelvar.", ARMED)
    assert [e.cameo_root for e in found] == ["19"], "'armed forces' is not military aid"


def test_a_verb_the_parser_took_for_a_modifier_is_still_an_act(extractor: Extractor) -> None:
    [event] = events(
        extractor,
        "Ruritania mobilized army reservists.",
        """
        Ruritania Ruritania PROPN nsubj 4 ent=GPE
        mobilized mobilize ADJ amod 4 tag=VBD
        army army NOUN compound 4
        reservists reservist NOUN ROOT 0
        . . PUNCT punct 4
        """,
    )
    assert event.cameo_root == "15"


def test_an_event_word_inside_a_name_is_not_a_predicate(extractor: Extractor) -> None:
    found = events(
        extractor,
        "The Swift Support Brigade shelled Kelvar.",
        """
        The the DET det 4
        Swift Swift PROPN compound 4 ent=ORG+
        Support support NOUN compound 4 ent=ORG+
        Brigade Brigade PROPN nsubj 5 ent=ORG
        shelled shell VERB ROOT 0 tag=VBD
        Kelvar Kelvar PROPN obj 5 ent=GPE
        . . PUNCT punct 5
        """,
    )
    assert [e.trigger.text for e in found] == ["shelled"]


def test_an_entry_may_ask_for_the_modifier_relation(tmp_path: Path) -> None:
    # the test entry's event has no actors: keep it (min_actors 0)
    extractor = custom(tmp_path, "arm\tdep=amod pos=adj\t072\t-\ttest entry", min_actors=0)
    codes = sorted(e.cameo for e in events(extractor, "The armed forces shelled Kelvar.", ARMED))
    assert codes[0] == "072"


def test_a_negative_condition_excludes_a_sense(tmp_path: Path) -> None:
    table = """
    Kelvar Kelvar PROPN nsubj 2 ent=GPE
    warned warn VERB ROOT 0 tag=VBD
    {0} {0} PROPN obj 2 ent=GPE
    . . PUNCT punct 2
    """
    extractor = custom(tmp_path, "warn\tobj!=ostania\t-\t\ttest entry: only warning Ostania is an event")
    assert events(extractor, "Kelvar warned Ruritania.", table.format("Ruritania")) == ()
    [event] = events(extractor, "Kelvar warned Ostania.", table.format("Ostania"))
    assert event.cameo_root == "13"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("attack\tobj!=*\t190\tobj\t", "write obj=- or obj=*"),
        ("attack\tpos=*\t190\tobj\t", "pos takes values, not * or -"),
    ],
)
def test_bad_conditions_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    def load(folder: Path) -> object:
        return load_patterns(folder, speech=default_speech_cues())

    assert_bad_entry_reported(load, PATTERNS, tmp_path, "verbs.tsv", line, message)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Ruritanian troops attacked enemy positions near the river.", ["190"]),
        ("The new sanctions target Ukraine's defence minister.", ["163"]),
        ("The militia traded fire with Russian troops on Monday.", ["190"]),
        ("North Korea launched a ballistic missile on Tuesday morning.", ["150"]),
        ("Iran armed the rebels.", ["072"]),
        ("The protesters said they were not armed.", []),
        ("Ruritania moved to reinforce its claim to the islands.", []),
        ("Ostania reinforced its troops on the border.", ["154"]),
        ("The militia did not defend the town.", []),
        ("Several hundred rebel fighters marched through the main square.", ["150"]),
        ("Thousands of students marched to the parliament.", ["141"]),
        ("Rebels and soldiers engaged in artillery fire, with shells falling on houses.", ["190"]),
        ("Ruritania broke with its old ally.", ["160"]),
        ("Iran called the decision baseless.", ["111"]),
        ("Kenyan police dispersed the crowd outside parliament.", ["175"]),
        ("North Korea launched a missile into the sea on Friday.", ["150"]),
        ("Russia launched missiles into Ukraine.", ["195"]),
        ("The president assured citizens that there was nothing to fear.", []),
        ("The minister called the new rules a sensible step.", []),
        ("The blast damaged power lines, and the lines were severed.", []),
        ("The launch threatens peace in the region, Japan said.", []),
        ("Doctors released the minister from hospital on Friday.", []),
    ],
)
def test_senses_in_the_verb_entries(extractor: Extractor, text: str, codes: list[str]) -> None:
    assert [e.cameo for e in extractor(text).events] == codes


@pytest.mark.parametrize(
    "text",
    [
        "Ruritanian jets bombed the market and wounded 40 people.",
        "Ruritanian jets bombed the market, killing 12 people.",
    ],
)
def test_a_consequence_is_part_of_the_act(extractor: Extractor, text: str) -> None:
    [event] = extractor(text).events
    assert event.cameo_root == "19" and event.trigger.text == "bombed"


@pytest.mark.parametrize(
    "text",
    [
        "No soldiers were killed in the shelling.",
        "Nobody attacked the Ukrainian convoy.",
        "No one is going to attack Ukraine.",
    ],
)
def test_a_subject_that_denies_the_act_negates_it(extractor: Extractor, text: str) -> None:
    assert [e.modality for e in extractor(text).events] == ["negated"]


def test_a_participle_after_its_subject_is_an_act(tmp_path: Path) -> None:
    # the parse gives the act no actor: keep such events (min_actors 0) to see the act itself
    [event] = events(
        custom(tmp_path, "# no extra entry", min_actors=0),
        "Russia's military struck depots in Kharkiv.",
        """
        Russia Russia PROPN nmod:poss 3 ent=GPE
        's 's PART case 1
        military military ADJ advmod 4
        struck strike VERB amod 5 tag=VBD
        depots depot NOUN ROOT 0
        in in ADP case 7
        Kharkiv Kharkiv PROPN nmod 5 ent=GPE
        . . PUNCT punct 5
        """,
    )
    assert event.cameo_root == "19" and event.trigger.text == "struck"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # a participle on a noun names what was seized, even where the parser does not read it as passive
        (
            "The army demanded that the 40 hostages seized in March, who are believed to be in the hills, "
            "are freed.",
            ["100", "181", "0841"],
        ),
        # a reporter's question is not an appeal
        ("Asked for comment on the border dispute, the spokesman said nothing.", []),
        # a prediction is not a threat; a conditional act of the speaker's own side still is
        ("Analysts warn that the fighting could spread to the capital.", []),
        ("The general warned that his troops would strike if the rebels advanced.", ["138"]),
        ("Ruritania warned Ostania against any incursion.", ["130"]),
        # the object of a relative clause is the noun it modifies
        ("The ministry rejected a charge the rebels deny.", ["016", "016"]),
        ("She thanked the donors for the loyalty this gift demonstrates to the town.", ["051"]),
        ("Students demonstrated in the capital on Friday.", ["141"]),
        # the use of weapons by someone is an attack by them
        ("A source reported the use of rocket launchers by the rebels.", ["190"]),
        # a coup: overthrowing or ousting a government; "X's ouster" is done to X
        ("The army overthrew the elected government in 2021.", ["170"]),
        ("The vote followed the Egyptian president's ouster by the army last July.", ["170"]),
        # suspending aid or air links reduces relations; intelligence is military aid (PLOVER dev review)
        ("The charity suspended aid deliveries to the region on Monday.", ["162"]),
        ("Italy announced a suspension of air links with Serbia.", ["160"]),
        ("The United States is providing military intelligence to Ukraine.", ["072"]),
        # event nouns of military force
        ("The Israeli military escalation in Gaza continued on Monday.", ["190"]),
        ("Repeated violations of Afghan airspace by Pakistan angered Kabul.", ["190"]),
        ("A response by the Pakistani army followed.", ["190"]),
        # taking part in demonstrations is protesting
        ("About 100 people took part in demonstrations across the capital.", ["141"]),
        # an army that flees retreats; civilians fleeing is no act between political actors
        ("After three days of fighting, the Ostanian army fled the city.", ["0874"]),
        ("Thousands of civilians fled the city.", []),
        # welcoming back refugees lets them return
        ("The Ostanian government welcomed back the refugees on Monday.", ["075"]),
        # consulting the population is a referendum, not a meeting
        ("In consulting the population, the Ostanian government hopes to settle the matter.", []),
        # overrunning troops is attacking them; seizing control of a town takes the town
        ("The militia overran the border guards at dawn.", ["190"]),
        ("The militia seized control of Varna on Sunday.", ["192"]),
        # an act noun coded on its own: the imposition of sanctions
        ("The EU's imposition of sanctions on Ruritania angered its rulers.", ["163"]),
        # a clause with "after" is an act of its own, not the consequence of the act before
        ("The militia took the town of Varna after overrunning the border guards.", ["192", "190"]),
    ],
)
def test_senses_reviewed_on_real_news(extractor: Extractor, text: str, codes: list[str]) -> None:
    assert [e.cameo for e in extractor(text).events] == codes


@pytest.mark.parametrize(
    ("text", "code", "modality"),
    [
        (
            "The rules forbid every Ostanian firm from trading with the listed banks.",
            "163",
            "asserted",
        ),
        ("Ruritania wants to deter Ostanian ships from visiting the reef.", "170", "hypothetical"),
    ],
)
def test_forbidding_and_deterring_code_the_matrix(
    extractor: Extractor, text: str, code: str, modality: str
) -> None:
    assert [(e.cameo, e.modality) for e in extractor(text).events][-1] == (code, modality)


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        (
            "The two ministers discussed ways to protect refugees in the camps and to end the fighting.",
            "protect",
            "hypothetical",
        ),
        (
            "The two ministers discussed ways to protect refugees in the camps and to end the fighting.",
            "end",
            "hypothetical",
        ),
        (
            "Ostania made fresh efforts to resume the ceasefire negotiations with Ruritania.",
            "resume the ceasefire negotiations",
            "intended",
        ),
        ("Ruritanian troops attacked enemy positions near the river.", "attacked", "asserted"),
        # an infinitive on an adjective that weighs the act
        (
            '"It is dangerous to hold such talks with Uganda now," the minister said.',
            "hold such talks",
            "hypothetical",
        ),
    ],
)
def test_an_infinitive_on_a_noun_of_purpose_is_sought_not_done(
    extractor: Extractor, text: str, trigger: str, modality: str
) -> None:
    found = {e.trigger.text: e.modality for e in extractor(text).events}
    assert found[trigger] == modality


def test_a_purpose_cue_needs_a_modality(tmp_path: Path) -> None:
    def load(folder: Path) -> object:
        return load_patterns(folder, speech=default_speech_cues())

    assert_bad_entry_reported(
        load, PATTERNS, tmp_path, "cues.tsv", "way\tpurpose\t\t", "intended or hypothetical"
    )


def test_an_act_with_no_actor_is_no_event_unless_the_settings_say_so(tmp_path: Path) -> None:
    text = "Over 16,000 have been killed since the war began."
    assert [e.trigger.text for e in Extractor()(text).events] == []
    kept = custom(tmp_path, "# no extra entry", min_actors=0)(text).events
    assert [e.trigger.text for e in kept] == ["killed"]
