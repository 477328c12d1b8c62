"""The event coder, rule family by rule family, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from support import code_parse

from sitrep import Document, Event, Extractor

PUBLISHED = dt.date(2022, 2, 25)  # a Friday

KYIV = (
    "Ukrainian President Volodymyr Zelensky on Friday invited his Russian counterpart to talks. "
    "A day earlier Kyiv severed diplomatic ties with Moscow. Russia's foreign minister said Moscow was ready "
    "to negotiate as soon as Ukraine's army laid down its weapons. Russian troops crossed the border on "
    "Thursday, and on Monday the Kremlin recognised the two breakaway republics in the east."
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def code(extractor: Extractor, text: str, published: dt.date = PUBLISHED) -> Document:
    return extractor(text, published=published)


def only(document: Document, root: str | None = None) -> Event:
    events = [e for e in document.events if root is None or e.cameo_root == root]
    assert len(events) == 1, [(e.cameo, e.trigger.text, e.rule) for e in document.events]
    return events[0]


def pairs(document: Document) -> Iterator[tuple[str | None, str, str | None]]:
    for e in document.events:
        yield (e.source.code if e.source else None, e.cameo, e.target.code if e.target else None)


# --- the example --------------------------------------------------------------------------------


def test_kyiv_example(extractor: Extractor) -> None:
    doc = code(extractor, KYIV)
    by_trigger = {e.trigger.text: e for e in doc.events}
    invite = by_trigger["invited"]
    assert (invite.source and invite.source.code, invite.cameo, invite.target and invite.target.code) == (
        "UKRGOV",
        "036",
        "RUSGOV",
    )
    assert invite.date == dt.date(2022, 2, 25) and invite.date_text == "on Friday"
    sever = by_trigger["severed"]
    assert sever.cameo == "161" and sever.source and sever.source.country == "UKR"
    assert sever.target and sever.target.country == "RUS"
    assert sever.date == dt.date(2022, 2, 24) and sever.date_precision == "day"
    ready = next(e for e in doc.events if e.trigger.text.startswith("ready"))
    assert ready.cameo == "036" and ready.modality == "conditional"
    assert ready.source and ready.source.country == "RUS"
    assert ready.attribution.kind == "speaker" and ready.attribution.speaker is not None
    assert ready.attribution.speaker.name == "Sergei Lavrov"
    cross = by_trigger["crossed"]
    assert cross.cameo_root == "19" and cross.source and cross.source.code == "RUSMIL"
    assert cross.date == dt.date(2022, 2, 24)
    recognise = by_trigger["recognised"]
    assert recognise.cameo == "054" and recognise.source and recognise.source.code == "RUSGOV"
    assert recognise.target and recognise.target.code is None and "republics" in recognise.target.text
    assert recognise.date == dt.date(2022, 2, 21)
    # Saying is not an event: nothing is coded with the foreign minister as its source.
    assert not any(e.source and e.source.name == "Sergei Lavrov" for e in doc.events)


def test_every_event_names_its_rule_and_offsets_slice_the_text(extractor: Extractor) -> None:
    doc = code(extractor, KYIV)
    for e in doc.events:
        assert e.rule and ".tsv:" in e.rule
        for span in (e.trigger, e.evidence, e.source, e.target):
            if span is not None:
                assert doc.text[span.start : span.end] == span.text
    for a in doc.actors:
        assert doc.text[a.start : a.end] == a.text


# --- rule families --------------------------------------------------------------------------------------


def test_passive_voice_swaps_source_and_target(extractor: Extractor) -> None:
    e = only(code(extractor, "The convoy was attacked by Taliban fighters near Kandahar on Tuesday."), "19")
    assert e.source and e.source.code and e.source.code.startswith("AFG")


def test_passive_target(extractor: Extractor) -> None:
    e = only(code(extractor, "Kyiv was shelled by Russian forces overnight."), "19")
    assert e.source and e.source.code == "RUSMIL"
    assert e.target and e.target.country == "UKR"


@pytest.mark.parametrize(
    ("text", "root", "source", "target"),
    [
        ("Russia launched an offensive against Ukraine on Thursday.", "19", "RUS", "UKR"),
        ("NATO carried out airstrikes against Serbia.", "19", "IGO", "SRB"),
        ("Chinese diplomats held talks with Japan in Geneva.", "04", "CHN", "JPN"),
    ],
)
def test_light_verbs_take_their_code_from_the_noun(
    extractor: Extractor, text: str, root: str, source: str, target: str | None
) -> None:
    e = only(code(extractor, text), root)
    assert e.source and e.source.code and e.source.code.startswith(source)
    if target is not None:
        assert e.target and e.target.code and e.target.code.startswith(target)
    assert "+" in e.rule  # the verb's entry and the noun's


def test_nominal_predicate_with_a_source(extractor: Extractor) -> None:
    doc = code(extractor, "Russia's recognition of the two republics angered Kyiv.")
    assert any(e.cameo == "054" and e.source and e.source.code == "RUS" for e in doc.events)


@pytest.mark.parametrize(
    ("text", "root", "modality"),
    [
        ("Iran threatened to cut ties with Bahrain.", "13", "asserted"),
        ("Israel agreed to meet Egyptian officials next week.", "03", "intended"),
        ("Hamas refused to negotiate with Israel.", "12", "asserted"),
    ],
)
def test_verb_plus_verb(extractor: Extractor, text: str, root: str, modality: str) -> None:
    e = only(code(extractor, text), root)
    assert e.modality == modality
    assert "complements.tsv" in e.rule


def test_negation_is_marked_not_dropped(extractor: Extractor) -> None:
    e = only(code(extractor, "Russia did not attack Ukraine on Monday."))
    assert e.cameo_root == "19" and e.modality == "negated"


def test_future_and_hypothetical(extractor: Extractor) -> None:
    assert only(code(extractor, "France will send troops to Mali.")).modality == "intended"
    assert only(code(extractor, "Turkey could attack Kurdish rebels in Syria.")).modality == "hypothetical"


def test_speech_reports_the_content_not_the_saying(extractor: Extractor) -> None:
    doc = code(extractor, "The ministry said Russian troops attacked Kharkiv on Tuesday.")
    e = only(doc)
    assert e.cameo_root == "19" and e.source and e.source.code == "RUSMIL"
    assert e.target and e.target.text == "Kharkiv"
    assert e.attribution.kind == "speaker" and e.attribution.cue and e.attribution.cue.text == "said"


def test_according_to(extractor: Extractor) -> None:
    e = only(code(extractor, "Israeli jets bombed Gaza overnight, according to Palestinian officials."))
    assert e.attribution.kind == "speaker"
    assert e.attribution.speaker and e.attribution.speaker.country == "PSE"


def test_speaker_after_the_clause(extractor: Extractor) -> None:
    e = only(code(extractor, "NATO will deploy more troops to Estonia, the alliance's chief said."))
    assert e.attribution.kind == "speaker" and e.modality == "intended"


def test_obligation_under_speech_is_a_demand(extractor: Extractor) -> None:
    e = only(
        code(extractor, "Russia said on Tuesday that Sudan must return the helicopter.", dt.date(2001, 5, 1))
    )
    assert e.cameo_root == "10" and e.plover == "REQUEST"
    assert e.source and e.source.code == "RUS" and e.target and e.target.code == "SDN"


# --- actors ---------------------------------------------------------------------------------------------


def test_compound_actors_split(extractor: Extractor) -> None:
    doc = code(extractor, "Russian and Belarusian troops attacked Kyiv.")
    assert {s for s, _, _ in pairs(doc)} == {"RUSMIL", "BLRMIL"}


def test_compound_source_of_talks_talks_with_itself(extractor: Extractor) -> None:
    # talks are reciprocal (cues.tsv): one event, one side as source and the other as target
    doc = code(extractor, "Chinese and American diplomats held talks in Geneva.")
    [event] = doc.events
    assert event.source is not None and event.target is not None
    assert {event.source.country, event.target.country} == {"CHN", "USA"}
    assert event.cameo[:2] == "04"


def test_conjoined_subjects_split(extractor: Extractor) -> None:
    doc = code(extractor, "The United States and Jordan signed a free-trade agreement.")
    assert {s for s, _, _ in pairs(doc)} >= {"USA", "JOR"}


def test_people_are_coded_by_their_role_on_the_day(extractor: Extractor) -> None:
    text = "Zelensky criticised Germany."
    now = only(code(extractor, text, dt.date(2022, 3, 1)))
    assert now.source and now.source.code == "UKRGOV"
    before = only(code(extractor, text, dt.date(2015, 3, 1)))
    assert before.source and before.source.code != "UKRGOV" and before.source.name == "Volodymyr Zelensky"


def test_office_holder_from_title(extractor: Extractor) -> None:
    doc = code(extractor, "The Russian president praised China.", dt.date(2023, 6, 1))
    e = only(doc)
    assert e.source and e.source.code == "RUSGOV" and e.source.name == "Vladimir Putin"


def test_pronouns_and_short_mentions_resolve(extractor: Extractor) -> None:
    text = (
        "Turkish Foreign Minister Hakan Fidan arrived in Baghdad on Monday. "
        "He accused Kurdish militants of attacking a Turkish base."
    )
    doc = code(extractor, text, dt.date(2024, 4, 1))
    accuse = only(doc, "11")
    assert accuse.source and accuse.source.code == "TURGOV" and accuse.source.text == "He"
    pronoun = next(a for a in doc.actors if a.text == "He")
    assert pronoun.refers_to is not None


def test_the_ministry_resolves(extractor: Extractor) -> None:
    text = "Russia's defence ministry announced new drills. The ministry accused NATO of provocations."
    e = only(code(extractor, text), "11")
    assert e.source and e.source.code == "RUSGOV"


def test_unknown_people_are_kept_without_a_code(extractor: Extractor) -> None:
    doc = code(extractor, "Local activist Maria Quenneville criticised the mayor.")
    assert any(a.code is None and a.kind == "person" and "Quenneville" in a.text for a in doc.actors)


# --- dates ----------------------------------------------------------------------------------------------


def test_event_without_date_phrase_takes_the_publication_date(extractor: Extractor) -> None:
    e = only(code(extractor, "Russia attacked Ukraine."))
    assert e.date == PUBLISHED and e.date_precision == "article" and e.date_text is None


def test_without_publication_date_precision_is_unknown(extractor: Extractor) -> None:
    doc = extractor("Russia attacked Ukraine.")
    assert doc.events[0].date_precision == "unknown"
    assert any("no publication date" in note for note in doc.notes)


def test_last_month(extractor: Extractor) -> None:
    e = only(code(extractor, "Last month Chad expelled the French ambassador."))
    assert e.date == dt.date(2022, 1, 1) and e.date_precision == "month"


@pytest.mark.parametrize(
    ("text", "cameo", "source", "target"),
    [
        ("Hezbollah traded fire with Israeli troops on Sunday.", "190", "LBN", "ISR"),
        ("Turkish troops exchanged fire with Syrian forces.", "190", "TUR", "SYR"),
        ("Indian soldiers opened fire at Pakistani posts.", "190", "IND", "PAK"),
        ("Russia used artillery against Ukrainian positions.", "194", "RUS", "UKR"),
        ("Ukrainian forces shot down four Russian drones overnight.", "190", "UKR", "RUS"),
        (
            "Russia's defence minister had telephone conversations with his Turkish counterpart.",
            "041",
            "RUS",
            "TUR",
        ),
        ("The foreign minister contacted his Iranian counterpart.", "040", None, "IRN"),
        ("Soldiers foiled an infiltration attempt by Taliban fighters.", "190", None, "AFG"),
        ("The new sanctions target Iran's defence minister.", "163", None, "IRN"),
        ("Armenia requested Russia's assistance on Monday.", "023", "ARM", "RUS"),
        ("The army launched an operation against Taliban fighters.", "190", None, "AFG"),
        ("Hamas's onslaught on southern Israel began at dawn.", "190", "PSE", "ISR"),
    ],
)
def test_acts_named_by_a_verb_and_its_object(
    extractor: Extractor, text: str, cameo: str, source: str | None, target: str
) -> None:
    e = only(code(extractor, text), cameo[:2])
    assert e.cameo == cameo
    assert e.target and e.target.code and e.target.code.startswith(target)
    if source is not None:
        assert e.source and e.source.code and e.source.code.startswith(source)


@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        ("The Senate approved $95 billion in aid for Ukraine.", "070"),
        ("The army regained control of the town on Monday.", "192"),
        ("Egypt is ready for negotiations with Israel.", "036"),
        ("The government branded the group a terrorist organisation.", "111"),
        ("The soldiers neutralized three militants.", "190"),
        ("The Islamic State group claimed the bombing in Kabul.", "015"),
        ("The Supreme Court disqualified the prime minister from office.", "172"),
        ("Kenya is working in cooperation with Uganda.", "060"),
    ],
)
def test_acts_without_a_coded_target(extractor: Extractor, text: str, cameo: str) -> None:
    assert only(code(extractor, text), cameo[:2]).cameo == cameo


def test_the_target_of_a_purpose_clause_on_the_object(extractor: Extractor) -> None:
    doc = code(extractor, "Russia launched an offensive to retake Ukrainian villages.")
    assert ("RUS", "190", "UKR") in set(pairs(doc))


def test_a_subject_that_is_no_actor_stands_for_its_members(extractor: Extractor) -> None:
    e = only(code(extractor, "A group of Kenyan lawmakers criticised the police."), "11")
    assert e.source and e.source.code and e.source.code.startswith("KEN")


def test_a_headline_verb_the_parser_took_for_a_noun(extractor: Extractor) -> None:
    doc = code(extractor, "Jordan hosts Syrian delegation for border talks\nThe meeting was held in Amman.")
    assert any(
        (source, cameo) == ("JOR", "043") and (target or "").startswith("SYR")
        for source, cameo, target in pairs(doc)
    )


def test_only_a_headline_without_final_punctuation(extractor: Extractor) -> None:
    text = "Jordan hosts Syrian delegation for border talks."
    misparse = """
        Jordan Jordan PROPN compound 2 ent=GPE
        hosts host NOUN nsubj 4 tag=NNS
        Syrian Syrian ADJ amod 4
        delegation delegation NOUN ROOT 0 tag=NN
        for for ADP case 7
        border border NOUN compound 7
        talks talk NOUN nmod 4 tag=NNS
        . . PUNCT punct 4
    """  # the misparse the rule is for: the headline verb taken for a plural noun
    state = code_parse(extractor, text, misparse, PUBLISHED)
    assert not [e for e in state.events if e.trigger.text == "hosts"]
    headline = code_parse(extractor, text[:-1], misparse.replace(". . PUNCT punct 4", ""), PUBLISHED)
    assert [e.cameo for e in headline.events if e.trigger.text == "hosts"] == ["043"]


@pytest.mark.parametrize(
    "text",
    [
        "Russia said that the responsibility lies with Kyiv.",
        "The ministry said Georgia bore full responsibility for the shooting.",
    ],
)
def test_blame_by_whoever_says_so(extractor: Extractor, text: str) -> None:
    e = only(code(extractor, text), "11")
    assert e.cameo == "112" and e.target and e.target.code in ("UKR", "GEO")
    assert e.source is not None and e.source.text.lower() in ("russia", "the ministry")


def test_a_participle_on_a_noun_reads_the_noun_as_its_object(extractor: Extractor) -> None:
    doc = code(extractor, "Israeli jets shot down two missiles launched by Hezbollah at Haifa.")
    launch = next(e for e in doc.events if e.trigger.text == "launched")
    assert launch.cameo == "195"  # launch obj=missile at=*: the missiles are what was launched
    assert launch.source and launch.source.code and launch.source.code.startswith("LBN")


def test_a_gerund_on_a_copular_clause_takes_its_subject(extractor: Extractor) -> None:
    doc = code(extractor, "The rebels are on the move, seizing an airport after defeating Congolese troops.")
    seize = next(e for e in doc.events if e.trigger.text == "seizing")
    assert seize.source is not None and seize.source.text == "The rebels"


@pytest.mark.parametrize("model", [None, "en_sitrep_news"])
def test_a_day_or_month_is_never_an_actor(model: str | None) -> None:
    extractor = Extractor(model=model)
    document = code(extractor, "Ostanian gunboats opened fire on Sunday, the navy said.")
    assert [e.cameo_root for e in document.events] == ["19"]
    assert all(e.target is None or e.target.text != "Sunday" for e in document.events)
    names = code(extractor, "Prime Minister Theresa May met the Ruritanian envoy on Monday.")
    assert any(e.source is not None and "May" in e.source.text for e in names.events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("France urged Russia to free the detained reporters.", ("FRA", "025", "RUS")),
        ("Egypt called on Israel to allow aid into Gaza.", ("EGY", "025", "ISR")),
        ("Japan asked China to return the seized boat.", ("JPN", "025", "CHN")),
    ],
)
def test_the_one_urged_asked_or_called_on_is_the_target(
    extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    """complements.tsv ``actors`` = object: the appeal is addressed to the matrix verb's object (or its
    "on"/"to" phrase), not to whatever the requested act is done to."""
    assert list(pairs(code(extractor, text))) == [expected]


def test_the_noun_a_verb_entry_names_is_part_of_its_event(extractor: Extractor) -> None:
    """ "engaged in artillery fire": one fighting event, not a second one for "fire" (verbs.tsv's in=...)."""
    document = code(extractor, "Rebels and soldiers engaged in artillery fire on Monday.")
    assert [(e.cameo, e.trigger.text) for e in document.events] == [("190", "engaged")]


def test_a_gerund_set_off_by_a_comma_is_an_act_of_its_own(extractor: Extractor) -> None:
    """ "rejected the results, accusing X of fraud" is a rejection and an accusation; "denied attacking"
    (no comma) stays one coded complement."""
    document = code(extractor, "The opposition rejected the results, accusing the commission of fraud.")
    assert [e.cameo_root for e in document.events] == ["12", "11"]
    assert [e.trigger.text for e in code(extractor, "Ruritania denied attacking the convoy.").events] == [
        "denied attacking"
    ]


def test_the_people_dispersed_are_the_target(extractor: Extractor) -> None:
    document = code(extractor, "NAIROBI, Kenya (AP) — Police dispersed the crowd with batons on Friday.")
    assert list(pairs(document)) == [("KENCOP", "175", "KENCVL")]
