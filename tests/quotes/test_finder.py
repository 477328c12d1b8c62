"""Quotes, speakers, attribution and modality, pattern by pattern, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep import Document, Extractor, Quote
from sitrep.quotes import find_marked

PUBLISHED = dt.date(2022, 2, 25)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def code(extractor: Extractor, text: str) -> Document:
    document = extractor(text, published=PUBLISHED)
    for quote in document.quotes:
        assert document.text[quote.start : quote.end] == quote.text
        if quote.cue is not None:
            assert document.text[quote.cue.start : quote.cue.end] == quote.cue.text
        if quote.speaker is not None:
            assert document.text[quote.speaker.start : quote.speaker.end] == quote.speaker.text
    return document


def one(document: Document) -> Quote:
    assert len(document.quotes) == 1, [(q.kind, q.text) for q in document.quotes]
    return document.quotes[0]


# --- quote marks on raw text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('"We are ready," he said.', ["We are ready"]),
        ("“We are ready,” he said.", ["We are ready"]),
        ("«Nous sommes prêts», a dit Macron.", ["Nous sommes prêts"]),
        ("He said ‘we will fight’ and left.", ["we will fight"]),
        ("Ukraine’s army and the soldiers’ families don't agree.", []),
        ('A 5" gun and "a word".', ["a word"]),
        (
            '"The first paragraph.\n\n"The second paragraph," she said.',
            ['The first paragraph.\n\n"The second paragraph'],
        ),
        ('He said "never closed\n\nNext paragraph.', ["never closed"]),
    ],
)
def test_quote_marks_pair_by_position(text: str, quoted: list[str]) -> None:
    assert [text[m.start : m.end] for m in find_marked(text)] == quoted


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,:\n\"'“”‘’«»„‹›[]…-")), max_size=80))
def test_quote_marks_never_fail_and_never_overlap(text: str) -> None:
    found = find_marked(text)
    last = -1
    for mark in found:
        assert 0 <= mark.open_at < mark.start < mark.end <= len(text)
        assert mark.open_at > last
        assert not text[mark.start].isspace() and not text[mark.end - 1].isspace()
        last = mark.close_at if mark.close_at is not None else mark.end - 1


# --- direct quotes ----------------------------------------------------------------------------------------


def test_quote_then_speaker(extractor: Extractor) -> None:
    quote = one(
        code(extractor, '"We are ready for talks," Ukrainian President Volodymyr Zelensky said on Friday.')
    )
    assert (quote.kind, quote.text) == ("direct", "We are ready for talks")
    assert quote.speaker is not None and quote.speaker.code == "UKRGOV"
    assert quote.cue is not None and quote.cue.text == "said"


def test_speaker_colon_then_quote(extractor: Extractor) -> None:
    quote = one(code(extractor, 'Zelensky said: "We will not surrender. Our troops will defend Kyiv."'))
    assert quote.kind == "direct"
    assert quote.text == "We will not surrender. Our troops will defend Kyiv."
    assert quote.speaker is not None and quote.speaker.code == "UKRGOV"


def test_inverted_speaker(extractor: Extractor) -> None:
    quote = one(
        code(extractor, '"We are ready for talks," said Sergei Lavrov, the Russian foreign minister.')
    )
    assert quote.speaker is not None and quote.speaker.code == "RUSGOV"
    assert quote.speaker.text == "Sergei Lavrov"


def test_quote_over_several_sentences(extractor: Extractor) -> None:
    quote = one(
        code(
            extractor,
            '"The shelling went on all night. Two schools were hit. We need help," '
            "the mayor of Kharkiv said.",
        )
    )
    assert quote.text.startswith("The shelling") and quote.text.endswith("We need help")
    assert quote.speaker is not None and quote.speaker.text.startswith("the mayor")


def test_quote_over_several_paragraphs(extractor: Extractor) -> None:
    text = (
        'President Zelensky addressed parliament on Friday. He said: "The enemy came at night.\n\n'
        '"We will rebuild every town," he added.'
    )
    document = code(extractor, text)
    quote = document.quotes[0]
    assert quote.kind == "direct"
    assert quote.text.startswith("The enemy came") and quote.text.endswith("every town")
    assert quote.speaker is not None and quote.speaker.code == "UKRGOV"


def test_quote_with_an_omission(extractor: Extractor) -> None:
    quote = one(
        code(extractor, '"Sanctions will stay […] until the troops leave," the German chancellor said.')
    )
    assert "[…]" in quote.text
    assert quote.speaker is not None and quote.speaker.code == "DEUGOV"


def test_partial_quote_in_narrative(extractor: Extractor) -> None:
    document = code(extractor, 'Biden called the measures "long overdue".')
    quote = one(document)
    assert (quote.kind, quote.text) == ("direct", "long overdue")
    assert quote.speaker is not None and quote.speaker.code == "USAGOV"
    assert quote.cue is not None and quote.cue.text == "called"
    assert not document.events, "naming is speech, not an event"


def test_speaker_continues_into_the_next_quote(extractor: Extractor) -> None:
    document = code(extractor, '"This is a war crime," a witness said. "They bombed the hospital."')
    assert len(document.quotes) == 2
    first, second = document.quotes
    assert second.speaker == first.speaker and second.cue is None


def test_speaker_through_coreference(extractor: Extractor) -> None:
    document = code(
        extractor,
        'Zelensky spoke in Kyiv on Friday. "The enemy attacked our cities," he told a news briefing.',
    )
    quote = one(document)
    assert quote.cue is not None and quote.cue.text == "told"
    assert quote.speaker is not None and quote.speaker.text == "he" and quote.speaker.code == "UKRGOV"


def test_the_ministry_said(extractor: Extractor) -> None:
    document = code(
        extractor,
        "Russia's defence ministry published a map of the front. "
        "Russian forces took two villages, the ministry said.",
    )
    quote = one(document)
    assert quote.kind == "indirect"
    assert quote.speaker is not None and quote.speaker.code == "RUSGOV"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "A farmer was wounded in a clash near the northern border town, "
            "the press office of the Ukrainian interior ministry said on Tuesday.",
            "A farmer was wounded in a clash near the northern border town",
            "the Ukrainian interior ministry",
        ),
        (
            "The strike seemed to be a longer-range rocket than those tested last month based on its "
            "altitude, Russia's defence ministry said.",
            "The strike seemed to be a longer-range rocket than those tested last month "
            "based on its altitude",
            "Russia's defence ministry",
        ),
        (
            "No shells landed in the villages, added the command.",
            "No shells landed in the villages",
            "the command",
        ),
    ],
)
def test_speaker_at_the_end_of_the_sentence(
    extractor: Extractor, text: str, content: str, speaker: str
) -> None:
    """However the parser hangs "…, X said on Monday.", the whole sentence before the comma is what X says."""
    quote = one(code(extractor, text))
    assert (quote.kind, quote.text) == ("indirect", content)
    assert quote.speaker is not None and quote.speaker.text == speaker


def test_a_report_inside_the_sentence_keeps_its_own_speaker(extractor: Extractor) -> None:
    document = code(
        extractor, "The army said the vote had gone calmly in the north, the news agency reported."
    )
    inner = [q for q in document.quotes if q.text == "the vote had gone calmly in the north"]
    assert [q.speaker.text if q.speaker else None for q in inner] == ["The army"]
    # the agency's report, if the parse gives it one, is of the army's statement, never under another speaker
    outer = [q for q in document.quotes if q.text.startswith("The army said")]
    assert all(q.speaker is not None and q.speaker.text == "the news agency" for q in outer)


def test_according_to_at_the_end_of_the_sentence(extractor: Extractor) -> None:
    """ "…, according to X." vouches for the whole sentence before it, even hung from a noun (nmod)."""
    quote = one(
        code(
            extractor,
            "Russia launched 20 drones against Ukraine overnight on May 2, according to Ukraine’s navy.",
        )
    )
    assert (quote.kind, quote.text) == (
        "indirect",
        "Russia launched 20 drones against Ukraine overnight on May 2",
    )
    assert quote.speaker is not None and quote.speaker.text == "Ukraine’s navy"
    assert quote.cue is not None and quote.cue.text == "according to"


def test_a_quote_nobody_says_is_kept(extractor: Extractor) -> None:
    quote = one(code(extractor, 'The banner read: "No to war, no to lies, no to the draft."'))
    assert quote.kind == "direct" and quote.speaker is None


@pytest.mark.parametrize(
    "text",
    [
        'He said "unbalanced and never closed',
        '“Curly open, straight close" and ‘a single’ one.',
        "»Reversed guillemets« she said, ‹nested›.",
        '"""',
        "”",
        "«",
        'Nothing "',
    ],
)
def test_odd_quote_marks_never_fail(extractor: Extractor, text: str) -> None:
    code(extractor, text)


# --- indirect and mixed -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The Russian defence ministry said its forces had destroyed 20 Ukrainian tanks.",
            "said",
            "its forces",
        ),
        ("The minister stressed that Moscow would not negotiate under pressure.", "stressed", "Moscow would"),
        ("The Pentagon announced that it would send 3,000 troops to Poland.", "announced", "it would send"),
        ("Kyiv warned that Russia was massing troops near the border.", "warned", "Russia was massing"),
        ("Hamas claimed that its fighters had fired rockets at Tel Aviv.", "claimed", "its fighters"),
        ("Lavrov denied that Russian troops had attacked civilians.", "denied", "Russian troops"),
        ("The ministry said in a statement that the strikes hit military sites.", "said", "the strikes"),
        ("The president told reporters that the sanctions would stay.", "told", "the sanctions"),
    ],
)
def test_indirect_speech(extractor: Extractor, text: str, cue: str, content: str) -> None:
    quote = one(code(extractor, text))
    assert quote.kind == "indirect"
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.text.startswith(content)
    assert quote.speaker is not None


def test_according_to(extractor: Extractor) -> None:
    quote = one(
        code(extractor, "According to Ukrainian officials, Russian forces shelled Kharkiv overnight.")
    )
    assert quote.kind == "indirect"
    assert quote.cue is not None and quote.cue.text == "According to"
    assert quote.speaker is not None and quote.speaker.code == "UKRGOV"
    assert quote.text == "Russian forces shelled Kharkiv overnight"


def test_according_to_a_document_names_its_author(extractor: Extractor) -> None:
    quote = one(
        code(extractor, "NATO ministers will meet on Monday, according to a statement by the Kremlin.")
    )
    assert quote.speaker is not None and quote.speaker.code == "RUSGOV"


def test_mixed_quote(extractor: Extractor) -> None:
    quote = one(
        code(
            extractor,
            'Lavrov said Moscow was ready to negotiate "as soon as Ukraine\'s army lays down its weapons."',
        )
    )
    assert quote.kind == "mixed"
    assert quote.text.startswith("Moscow was ready") and quote.text.endswith('weapons."')
    assert quote.speaker is not None and quote.speaker.code == "RUSGOV"


# --- attribution of events --------------------------------------------------------------------------------


def test_event_in_a_quote_is_coded_for_its_content(extractor: Extractor) -> None:
    document = code(
        extractor,
        '"We have broken off diplomatic ties with Russia," Ukrainian President Volodymyr Zelensky said.',
    )
    quote = one(document)
    (event,) = document.events
    assert event.cameo == "161"
    assert event.source is not None and event.source.code == "UKR" and event.source.text == "We"
    assert event.target is not None and event.target.code == "RUS"
    assert event.attribution.kind == "speaker"
    assert event.attribution.quote == quote.id
    assert event.attribution.speaker is not None and event.attribution.speaker.code == "UKRGOV"


def test_our_troops_in_a_quote(extractor: Extractor) -> None:
    document = code(extractor, 'Zelensky said: "Our troops will defend Kyiv."')
    (event,) = document.events
    assert event.source is not None and event.source.code == "UKRMIL"


def test_narrated_events_belong_to_the_outlet(extractor: Extractor) -> None:
    document = code(extractor, "Russian troops crossed the border on Thursday.")
    assert document.quotes == ()
    assert all(e.attribution.kind == "outlet" and e.attribution.quote is None for e in document.events)


def test_indirect_speech_attributes_its_events(extractor: Extractor) -> None:
    document = code(extractor, "According to Ukrainian officials, Russian forces shelled Kharkiv overnight.")
    (event,) = document.events
    assert event.attribution.kind == "speaker"
    assert event.attribution.quote == document.quotes[0].id
    assert event.attribution.cue is not None and event.attribution.cue.text == "According to"


# --- modality ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Russian forces attacked Kharkiv.", "asserted"),
        ("Russian forces did not attack Kharkiv.", "negated"),
        ("Moscow denied attacking Kharkiv.", "negated"),
        ("Lavrov denied that Russian troops had attacked Kharkiv.", "negated"),
        ("Russia will attack Kyiv.", "intended"),
        ("Russia is planning to attack Kyiv.", "intended"),
        ("Turkey is ready to mediate between Russia and Ukraine.", "intended"),
        ("NATO will impose sanctions on Moscow if Russia invades.", "conditional"),
        ("Moscow is ready to negotiate as soon as Kyiv lays down its arms.", "conditional"),
        ("Kyiv will join the talks unless Moscow attacks.", "conditional"),
        ("Russia could attack Kyiv.", "hypothetical"),
        ("Israel may strike Iran.", "hypothetical"),
    ],
)
def test_modality(extractor: Extractor, text: str, modality: str) -> None:
    document = code(extractor, text)
    first = document.events[0]
    assert first.modality == modality, [(e.cameo, e.trigger.text, e.modality) for e in document.events]


def test_threats_and_intents_follow_plover(extractor: Extractor) -> None:
    """PLOVER has no modality field; its types carry it: a future hostile act is a THREATEN, a readiness to
    cooperate an AGREE."""
    threat = code(extractor, "Russia will attack Kyiv.").events[0]
    assert (threat.cameo_root, threat.plover) == ("13", "THREATEN")
    ready = code(extractor, "Turkey is ready to mediate between Russia and Ukraine.").events[0]
    assert ready.plover == "AGREE"


# --- nothing per article on the finder ------------------------------------------------------------------


def test_the_finder_keeps_nothing_per_article(extractor: Extractor) -> None:
    first = 'The minister said the talks had failed. "We are ready," Zelensky said.'
    second = 'According to Kyiv, Russian troops crossed the border. "It is over," a witness said.'
    alone = code(extractor, second)
    code(extractor, first)
    after = code(extractor, second)
    assert after.quotes == alone.quotes and after.events == alone.events
    [stage] = [s for s in extractor.stages if s.name == "quotes"]
    assert set(vars(stage.finder)) == {"cues"}  # type: ignore[attr-defined]


def test_a_state_broadcaster_is_a_coded_speaker(extractor: Extractor) -> None:
    """State media quoted as the source of a report are coded as their state's media (organisations.tsv)."""
    document = code(extractor, "Shelling resumed near the port on Monday, TRTWorld reported.")
    assert [(q.speaker.text, q.speaker.code) for q in document.quotes if q.speaker] == [
        ("TRTWorld", "TURMEDTRT")
    ]
