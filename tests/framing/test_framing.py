"""The framing lexicon (shipped data and loader) and the matcher, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
from support import assert_bad_entry_reported, copy_folder

from sitrep import DataFileError, Document, Extractor, FramingCue
from sitrep.framing import default_lexicon, load_lexicon
from sitrep.framing.lexicon import CATEGORIES, Entry
from sitrep.quotes.cues import default_speech_cues

DATA = Path(str(resources.files("sitrep.framing") / "data"))
PUBLISHED = dt.date(2023, 11, 2)

SIDES = {
    "russia-ukraine": ("pro-russia", "pro-ukraine"),
    "israel-palestine": ("pro-israel", "pro-palestine"),
    "china-taiwan": ("pro-beijing", "pro-taipei"),
    "korean-peninsula": ("pro-pyongyang", "pro-seoul"),
    "general": ("state", "armed-group"),
}
MIN_ENTRIES_PER_SIDE = 10
"""Symmetry: every side of every conflict has at least this many entries signalling its wording."""


def entry(term: str, conflict: str | None = None) -> Entry:
    """The shipped entry with ``term`` among its variants (in ``conflict``, if given)."""
    found = [e for e in default_lexicon().entries if term in e.terms and conflict in (None, e.conflict)]
    assert len(found) == 1, [e.rule for e in found]
    return found[0]


def line_of(item: Entry) -> int:
    return int(item.rule.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def code(extractor: Extractor, text: str) -> Document:
    document = extractor(text, published=PUBLISHED)
    for cue in document.framing:
        assert document.text[cue.start : cue.end] == cue.text
    return document


def found(document: Document, category: str | None = None) -> list[tuple[str, str]]:
    """(text, term) of the cues, optionally of one category."""
    return [(c.text, c.term) for c in document.framing if category in (None, c.category)]


def cue_at(document: Document, text: str) -> FramingCue:
    cues = [c for c in document.framing if c.text == text and c.category != "scare_quotes"]
    assert len(cues) == 1, [(c.text, c.term, c.conflict) for c in document.framing]
    return cues[0]


# --- the shipped lexicon --------------------------------------------------------------------------------


def test_shipped_lexicon_loads_with_its_conflicts() -> None:
    lexicon = default_lexicon()
    assert {c: lexicon.conflicts[c].sides for c in lexicon.conflicts} == SIDES
    assert lexicon.conflicts["russia-ukraine"].countries == ("RUS", "UKR")
    assert lexicon.conflicts["israel-palestine"].countries == ("ISR", "PSE")
    assert lexicon.conflicts["china-taiwan"].countries == ("CHN", "TWN")
    assert lexicon.conflicts["korean-peninsula"].countries == ("PRK", "KOR")
    assert lexicon.conflicts["general"].countries == ()
    assert all(c.note for c in lexicon.conflicts.values())
    assert len(lexicon.entries) >= 190


def test_shipped_lexicon_is_symmetric() -> None:
    assert default_lexicon().uncovered() == []


@pytest.mark.parametrize(
    ("conflict", "side"),
    [(conflict, side) for conflict, sides in SIDES.items() for side in sides],
    ids=lambda value: str(value),
)
def test_every_side_has_its_share_of_entries(conflict: str, side: str) -> None:
    entries = [e for e in default_lexicon().entries if e.conflict == conflict and side in e.signals]
    assert len(entries) >= MIN_ENTRIES_PER_SIDE, (
        f"{conflict}: only {len(entries)} entries signal {side}; the lexicon must record every side's "
        f"wording with comparable care (at least {MIN_ENTRIES_PER_SIDE})"
    )


@pytest.mark.parametrize("category", [c for c in CATEGORIES if c != "scare_quotes"])
def test_every_lexicon_category_is_used(category: str) -> None:
    assert any(e.category == category for e in default_lexicon().entries)


def test_every_entry_has_a_note_and_names_its_line() -> None:
    lines = (DATA / "lexicon.tsv").read_text(encoding="utf-8").splitlines()
    for item in default_lexicon().entries:
        assert item.note.strip(), item.rule
        assert item.rule.startswith("lexicon.tsv:")
        assert lines[line_of(item) - 1].split("\t")[0].split("|")[0] == item.term, item.rule


def test_a_term_may_repeat_only_across_conflicts() -> None:
    seen = Counter((t.lower(), e.conflict) for e in default_lexicon().entries for t in e.terms)
    assert [key for key, n in seen.items() if n > 1] == []
    # "occupation force" is in three conflicts: the matcher decides per article (tests below).
    assert {e.conflict for e in default_lexicon().entries if "occupation force" in e.terms} == {
        "russia-ukraine",
        "israel-palestine",
        "general",
    }


# --- the loader: bad entries at file:line ---------------------------------------------------------------

ORC_LINE = line_of(entry("orc"))
GENERAL_LINE = int(default_lexicon().conflicts["general"].rule.rsplit(":", 1)[1])


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        (
            "lexicon.tsv",
            "foo\tlemma\tpropaganda\t\tgeneral\tstate\tA note.",
            "category must be one of euphemism, loaded_label, contested_name, title, dehumanising, "
            "got 'propaganda'",
        ),
        (
            "lexicon.tsv",
            "foo\tlemma\tscare_quotes\t\tgeneral\tstate\tA note.",
            "got 'scare_quotes'",
        ),
        (
            "lexicon.tsv",
            "foo\tfuzzy\teuphemism\t\tgeneral\tstate\tA note.",
            "match must be one of lemma, word, case, got 'fuzzy'",
        ),
        (
            "lexicon.tsv",
            "foo\tlemma\teuphemism\t\tkorea\tstate\tA note.",
            "conflict 'korea' is not in conflicts.tsv (russia-ukraine, israel-palestine, china-taiwan, "
            "korean-peninsula, general)",
        ),
        (
            "lexicon.tsv",
            "foo\tlemma\teuphemism\t\tgeneral\tpro-russia\tA note.",
            "signals 'pro-russia' is not a side of general (state, armed-group)",
        ),
        (
            "lexicon.tsv",
            "foo\tlemma\teuphemism\t\tgeneral\t\tA note.",
            "column 'signals' must name at least one side",
        ),
        ("lexicon.tsv", "\tlemma\teuphemism\t\tgeneral\tstate\tA note.", "column 'term' must not be empty"),
        (
            "lexicon.tsv",
            " | \tlemma\teuphemism\t\tgeneral\tstate\tA note.",
            "column 'term' must not be empty",
        ),
        (
            "lexicon.tsv",
            "special  operation\tlemma\teuphemism\t\tgeneral\tstate\tA note.",
            "term 'special  operation' must be words separated by single spaces",
        ),
        (
            "lexicon.tsv",
            "Foo bar\tlemma\teuphemism\t\tgeneral\tstate\tA note.",
            "a lemma term is written in lower case, got 'Foo bar' (use match=case for case)",
        ),
        (
            "lexicon.tsv",
            "orc\tlemma\tdehumanising\t\trussia-ukraine\tpro-ukraine\tA note.",
            f"duplicate term 'orc (russia-ukraine)' (first at line {ORC_LINE})",
        ),
        (
            "lexicon.tsv",
            "Goblin|ORC\tcase\tdehumanising\t\trussia-ukraine\tpro-ukraine\tA note.",
            f"duplicate term 'orc (russia-ukraine)' (first at line {ORC_LINE})",
        ),
        ("lexicon.tsv", "foo\tlemma\teuphemism\t\tgeneral\tstate\t", "column 'note' must not be empty"),
        ("lexicon.tsv", "foo\tlemma\teuphemism\tgeneral\tstate", "expected 7 tab-separated fields, found 5"),
        ("conflicts.tsv", "korea\tnorth\t\tA note.", "a conflict needs at least two sides"),
        (
            "conflicts.tsv",
            "korea\tnorth|south\tukr\tA note.",
            "country 'ukr' must be an ISO 3166 alpha-3 code (UKR, RUS)",
        ),
        (
            "conflicts.tsv",
            "Korea\tnorth|south\t\tA note.",
            "conflict 'Korea' must be lower-case words joined by '-'",
        ),
        (
            "conflicts.tsv",
            "korea\tnorth|North\t\tA note.",
            "side 'North' must be lower-case words joined by '-'",
        ),
        ("conflicts.tsv", "korea\tnorth|north\t\tA note.", "a side is listed twice"),
        (
            "conflicts.tsv",
            "general\tstate|armed-group\t\tA note.",
            f"duplicate conflict 'general' (first at line {GENERAL_LINE})",
        ),
        ("conflicts.tsv", "korea\tnorth|south", "expected 4 tab-separated fields, found 2"),
        ("scare-quotes.tsv", "Show\tbefore\tname: a show", "word 'Show' must be lower-case words"),
        (
            "scare-quotes.tsv",
            "show\tnearby\tname: a show",
            "kind must be one of attribution, document, before, after",
        ),
        ("scare-quotes.tsv", "tv show\tafter\tname: a show", "a after word is one word (a lemma)"),
        ("scare-quotes.tsv", "gazette\tbefore\ta paper", "the note of a before word starts with 'name:'"),
        ("scare-quotes.tsv", "show\tbefore\tname: again", "duplicate word and kind 'show before'"),
        ("scare-quote-settings.tsv", "saying_before\t3\tagain", "duplicate setting 'saying_before'"),
        ("scare-quotes.tsv", "maybe\twhole\tan answer", "the note of a whole word starts with 'name:'"),
        ("scare-quote-settings.tsv", "report_sentences\t1\tagain", "duplicate setting 'report_sentences'"),
    ],
)
def test_bad_entries_name_file_and_line(tmp_path: Path, file: str, line: str, message: str) -> None:
    assert_bad_entry_reported(load_lexicon, DATA, tmp_path, file, line, message)


def test_the_same_term_in_another_conflict_is_fine(tmp_path: Path) -> None:
    folder = copy_folder(DATA, tmp_path)
    with (folder / "lexicon.tsv").open("a", encoding="utf-8") as handle:
        handle.write("orc\tlemma\tdehumanising\t\tgeneral\tstate\tA note.\n")
    assert len(load_lexicon(folder).entries) == len(default_lexicon().entries) + 1


def test_an_empty_lexicon_is_refused(tmp_path: Path) -> None:
    folder = copy_folder(DATA, tmp_path)
    (folder / "lexicon.tsv").write_text(
        "term\tmatch\tcategory\talternatives\tconflict\tsignals\tnote\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="the lexicon has no entries"):
        load_lexicon(folder)


# --- a lexicon of your own ------------------------------------------------------------------------------

USER_CONFLICTS = """\
# An invented war, for tests.
conflict\tsides\tcountries\tnote
north-south\tnorth|south\t\tInvented war between the North and the South.
east-west\teast|west\t\tInvented conflict with no entries yet.
"""
USER_LEXICON = """\
term\tmatch\tcategory\talternatives\tconflict\tsignals\tnote
horde\tlemma\tdehumanising\tsoldiers\tnorth-south\tsouth\tSouthern word for northern soldiers.
grey horde\tlemma\tdehumanising\tnorthern army\tnorth-south\tsouth\tSouthern name for the northern army.
liberation march\tlemma\teuphemism\tinvasion\tnorth-south\tnorth\tNorthern name for the invasion.
border settlement\tword\teuphemism\tannexation\tnorth-south\tnorth\tNorthern wording for the annexation.
Upper Land\tcase\tcontested_name\tthe North\tnorth-south\tsouth\tSouthern name for the North.
"""


@pytest.fixture
def user_lexicon(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicon"
    folder.mkdir()
    (folder / "conflicts.tsv").write_text(USER_CONFLICTS, encoding="utf-8")
    (folder / "lexicon.tsv").write_text(USER_LEXICON, encoding="utf-8")
    return folder


def test_uncovered_names_the_sides_without_entries(user_lexicon: Path) -> None:
    assert load_lexicon(user_lexicon).uncovered() == [("east-west", "east"), ("east-west", "west")]


def test_a_user_lexicon_works_end_to_end(user_lexicon: Path) -> None:
    own = Extractor(lexicon=user_lexicon)
    text = (
        "The grey hordes crossed the river near Kiev. The North called it a liberation march and a border "
        "settlement; the South spoke of border settlements and of the Upper Land, never the upper land. "
        "A horde followed."
    )
    document = code(own, text)
    assert found(document) == [
        ("grey hordes", "grey horde"),  # the longest term wins over "horde" inside it
        ("liberation march", "liberation march"),
        ("border settlement", "border settlement"),  # word: not "border settlements"
        ("Upper Land", "Upper Land"),  # case: not "upper land"
        ("horde", "horde"),
    ]
    assert {c.conflict for c in document.framing} == {"north-south"}
    assert document.framing[0].rule == "lexicon.tsv:3"
    assert document.framing[0].alternatives == ("northern army",)
    assert document.framing_summary()["by_signals"] == {"north": 2, "south": 3}


# --- the matcher on parsed text -------------------------------------------------------------------------


def test_lemma_terms_match_inflected_forms(extractor: Extractor) -> None:
    assert entry("special military operation").match == "lemma"
    document = code(extractor, "Russia widened its special military operations in the east.")
    assert found(document) == [("special military operations", "special military operation")]
    document = code(extractor, "The orcs shelled the town. The Orc retreated.")
    assert found(document) == [("orcs", "orc"), ("Orc", "orc")]
    assert entry("liberate").match == "lemma"
    document = code(extractor, "Troops liberated two villages and were liberating a third.")
    assert found(document) == [("liberated", "liberate"), ("liberating", "liberate")]
    document = code(extractor, "The ministry announced a regrouping of forces near Kharkiv.")
    assert found(document) == [("regrouping of forces", "regrouping of force")]


def test_case_terms_match_only_the_exact_case(extractor: Extractor) -> None:
    assert entry("Kiev").match == "case"
    assert entry("SMO").match == "case"
    document = code(extractor, "Officials in Kiev spoke of the SMO.")
    assert found(document) == [("Kiev", "Kiev"), ("SMO", "SMO")]
    document = code(extractor, "A sign read KIEV, another kiev; the smo was not mentioned.")
    assert found(document) == []


def test_word_terms_match_in_any_case(extractor: Extractor) -> None:
    assert entry("Haram al-Sharif").match == "word"
    document = code(extractor, "Worshippers gathered at the Haram al-Sharif, at the HARAM AL-SHARIF gate.")
    assert found(document) == [
        ("Haram al-Sharif", "Haram al-Sharif"),
        ("HARAM AL-SHARIF", "Haram al-Sharif"),
    ]


def test_multi_word_and_hyphenated_terms(extractor: Extractor) -> None:
    document = code(extractor, "The envoy accused neo-Nazis and so-called people's republics of lying.")
    assert found(document) == [
        ("neo-Nazis", "neo-nazi"),
        ("so-called people's republics", "so-called republic"),
    ]
    document = code(extractor, "The senator condemned the pay-to-slay payments and the Al-Aqsa Flood.")
    assert found(document) == [("pay-to-slay", "pay to slay"), ("Al-Aqsa Flood", "Al-Aqsa Flood")]


def test_curly_apostrophes_match_straight_ones(extractor: Extractor) -> None:
    assert "putin's war" in entry("putin's war").terms
    assert "Donetsk People's Republic" in entry("Donetsk People's Republic").terms
    document = code(extractor, "Putin’s war reached the Donetsk People’s Republic, the mayor wrote.")
    assert found(document) == [
        ("Putin’s war", "putin's war"),
        ("Donetsk People’s Republic", "Donetsk People's Republic"),
    ]


def test_the_longest_term_wins(extractor: Extractor) -> None:
    assert entry("terrorist").conflict == "general"
    document = code(extractor, "The minister called Russia a terrorist state.")
    assert [(c.text, c.term, c.conflict) for c in document.framing] == [
        ("terrorist state", "terrorist state", "russia-ukraine")
    ]
    document = code(extractor, "The Kiev regime rejected the offer.")
    assert found(document) == [("Kiev regime", "kiev regime")]  # not Kiev, not regime


def test_offsets_slice_the_text(extractor: Extractor) -> None:
    text = (
        "🇺🇦 Officials in Kiev — and in Zaporozhye — said the occupiers’ “regrouping of forces”\n\nwas a "
        'retreat.  Putin’s war goes on, and the Kremlin recognised the "republics".'
    )
    document = code(extractor, text)  # code() checks text[start:end] == cue.text for every cue
    assert found(document) == [
        ("Kiev", "Kiev"),
        ("Zaporozhye", "Zaporozhye"),
        ("occupiers", "occupier"),
        ("regrouping of forces", "regrouping of force"),
        ("Putin’s war", "putin's war"),
        ("republics", "republics"),
    ]
    assert [c.start for c in document.framing] == sorted(c.start for c in document.framing)


def test_both_sides_of_a_conflict_in_one_text(extractor: Extractor) -> None:
    document = code(extractor, "Moscow's special military operation went on as the orcs shelled Kharkiv.")
    assert {side for c in document.framing for side in c.signals} == {"pro-russia", "pro-ukraine"}
    assert document.framing_summary()["by_signals"] == {"pro-russia": 1, "pro-ukraine": 1}


def test_framing_summary_counts(extractor: Extractor) -> None:
    document = code(
        extractor, 'The special military operation went on, and the orcs shelled the "liberated" town.'
    )
    assert [(c.text, c.category) for c in document.framing] == [
        ("special military operation", "euphemism"),
        ("orcs", "dehumanising"),
        ("liberated", "loaded_label"),  # liberate signals both sides
        ("liberated", "scare_quotes"),  # and the outlet keeps its distance from it
    ]
    assert document.framing_summary() == {
        "total": 4,
        "by_category": {"dehumanising": 1, "euphemism": 1, "loaded_label": 1, "scare_quotes": 1},
        "by_signals": {"outlet": 1, "pro-russia": 2, "pro-ukraine": 2},
        "by_conflict": {"russia-ukraine": 3},
    }
    data = document.to_dict()
    assert data["framing_summary"] == document.framing_summary()
    assert set(data["framing"][0]) == {
        "text",
        "start",
        "end",
        "term",
        "category",
        "alternatives",
        "signals",
        "conflict",
        "note",
        "rule",
    }
    assert data["framing"][0]["alternatives"] == ["invasion", "war"]
    assert data["framing"][0]["rule"] == entry("special military operation").rule


@pytest.mark.parametrize(
    ("text", "conflict", "signals"),
    [
        (
            "Israeli occupation forces raided Jenin in the West Bank, Palestinian officials said.",
            "israel-palestine",
            ("pro-palestine",),
        ),
        (
            "Russian occupation forces shelled Kherson overnight, Ukraine said.",
            "russia-ukraine",
            ("pro-ukraine",),
        ),
    ],
)
def test_a_term_in_several_conflicts_goes_to_the_articles_conflict(
    extractor: Extractor, text: str, conflict: str, signals: tuple[str, ...]
) -> None:
    cue = cue_at(code(extractor, text), "occupation forces")
    assert (cue.conflict, cue.signals, cue.rule) == (
        conflict,
        signals,
        entry("occupation force", conflict).rule,
    )


def test_without_countries_the_cues_of_a_conflict_decide(extractor: Extractor) -> None:
    document = code(extractor, "The jihadists called the bomber a martyr and vowed holy war.")
    assert [(c.text, c.conflict, c.signals) for c in document.framing] == [
        ("martyr", "general", ("armed-group",)),
        ("holy war", "general", ("armed-group",)),
    ]


def test_a_longer_term_of_another_conflict_does_not_take_the_cue(extractor: Extractor) -> None:
    document = code(
        extractor, "Russian forces liberated territory near Kharkiv, the Russian defence ministry said."
    )
    assert [c.conflict for c in document.framing if c.start == document.text.index("liberated")] == [
        "russia-ukraine"
    ]


# --- scare quotes ---------------------------------------------------------------------------------------


def test_scare_quotes_are_a_cue_of_the_outlet(extractor: Extractor) -> None:
    document = code(extractor, 'On Monday the Kremlin recognised the two breakaway "republics".')
    assert document.quotes == ()
    [cue] = document.framing
    assert (cue.text, cue.term, cue.category, cue.signals, cue.conflict, cue.rule) == (
        "republics",
        "republics",
        "scare_quotes",
        ("outlet",),
        None,
        "quotes",
    )
    assert cue.alternatives == () and cue.note
    assert document.framing_summary()["by_conflict"] == {}


def test_quoted_words_someone_says_are_a_quote_not_scare_quotes(extractor: Extractor) -> None:
    document = code(extractor, 'Biden called the measures "long overdue".')
    assert [(q.kind, q.text) for q in document.quotes] == [("direct", "long overdue")]
    assert found(document, "scare_quotes") == []


def test_a_longer_quoted_stretch_is_not_scare_quotes(extractor: Extractor) -> None:
    words = "people's republics in the east"
    assert len(words.split()) > default_speech_cues().scare_quote_words
    document = code(extractor, f'On Monday the Kremlin recognised the two breakaway "{words}".')
    assert found(document, "scare_quotes") == []
    assert [q.text for q in document.quotes] == [words]


def test_neutral_text_gives_no_cues(extractor: Extractor) -> None:
    document = code(extractor, "The two delegations met in Geneva on Tuesday.")
    assert document.framing == ()
    assert document.framing_summary() == {"total": 0, "by_category": {}, "by_signals": {}, "by_conflict": {}}


# --- scare quotes that are not the outlet's (sitrep.framing.scare) ----------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # attributed: an attribution verb or noun above the quoted words, or a verb of saying just before
        ('The opposition accused the two ministers of "collusion" with the banks.', "accuse"),
        ('The senator blamed "greed" for the collapse of the pension fund.', "blame"),
        ('The union repeated its claim that the deal was a "betrayal" of nurses.', "claim (noun)"),
        (
            'The mayor wrote to residents, saying the levy should pay for "real repairs" and not offices.',
            "near",
        ),
        # names and titles: capitalised, or a naming word before or after the marks
        ('The governor appeared on "Meet the Voters" on Sunday morning.', "capitalised title"),
        ('The council elected Robert "Bobby" Lane as its chair on Tuesday.', "nickname"),
        ('The court jailed Vincent "the Chin" Smith for ten years.', "nickname between names"),
        ('The army launched operation "desert wind" at dawn.', "operation before"),
        ('The "stay at home" policy ended in May after two months.', "policy after"),
        # mentions: the word as a word, a vote, "as"
        ('The minister used the word "genocide" twice in the debate.', "the word"),
        ('The president urged citizens to vote "no" in the referendum.', "vote"),
        ('Many members still oppose any legal status as "amnesty" for migrants.', "as"),
        # a quoted yes or no, alone in the marks, is an answer or a vote (whole)
        ('Asked whether he would run again, the mayor gave a firm "yes" on Friday.', "yes"),
        ('The measure passed without a single "no" vote in the chamber.', "no"),
        # more attribution verbs: reading a text out, a finding, an attack in words
        ('The chair then read out the old "oath of loyalty" to the new members.', "read"),
        ('The inquiry found "serious failings" in the way the prison was run.', "find"),
        ('Critics assailed the new tax as a blatant "cash grab" by the treasury.', "assail"),
        ('The club lashed out at the press and "armchair experts" after the defeat.', "lash"),
        # an attribution noun as the subject of the quoted words' clause
        ('The statement from the ministry would permit "limited" exports of grain.', "subject noun"),
        # a clause below a document noun carries the document's words
        ('Reporters obtained a draft strategy whose first aim is to contain "rival" powers.', "document"),
        # an attribution noun a few words before, whatever the parse (noun_before)
        ('The floods have prompted urgent calls to avert a regional "food emergency" this winter.', "noun"),
        # a quoted verb phrase of several words (verb_phrase_words)
        ('The striker "lost his temper" and the referee sent him off.', "verb phrase"),
        # a longer quote in the same sentence (quote_in_sentence_words)
        (
            'The mayor attacked the council for "stalling" on the budget, saying residents "deserve better '
            'than endless meetings."',
            "quote beside",
        ),
        # a pronoun subject carries on the report of the sentence before (report_sentences)
        (
            "The agency noted that it lacked the staff to inspect every farm. It set out four goals that "
            'growers must meet to sell "organic produce" abroad.',
            "pronoun carries on",
        ),
        # a capitalised name with a possessive ending
        ('Even "Bull\'s" allies were surprised by the vote.', "possessive name"),
    ],
)
def test_quoted_words_that_are_someones_or_a_name_are_no_scare_quotes(
    extractor: Extractor, text: str, reason: str
) -> None:
    assert found(code(extractor, text), "scare_quotes") == [], reason


@pytest.mark.parametrize(
    "text",
    [
        'On Monday the Kremlin recognised the two breakaway "republics".',
        'The search for a "grand bargain" on taxes failed in the summer.',
        # the subject of a verb of saying is not its words
        'Officials have certified the records. But "birthers" have demanded more proof.',
        # so-called keeps the cue, even under an attribution verb
        'The ad accused the president of going on a so-called "apology tour" abroad.',
        # a pronoun subject with no report before it carries nothing on
        'The ministry published its figures on Monday. It wants to build more "affordable" flats next year.',
        # a document's topic is not its words, and a bill's jargon is not a document's prose
        'The board approved an audit of the "ghost" payrolls at the port.',
        'Lawmakers passed a bill that extends the "doc fix" for a month.',
        # a single quoted verb may be the outlet's distance (only phrases of several words are accounts)
        'Troops "liberated" the village on Tuesday.',
    ],
)
def test_the_outlets_own_distance_stays_a_scare_quote(extractor: Extractor, text: str) -> None:
    assert len(found(code(extractor, text), "scare_quotes")) == 1


def test_scare_quote_rules_come_from_the_lexicon_folder(tmp_path: Path) -> None:
    folder = copy_folder(DATA, tmp_path)
    (folder / "scare-quotes.tsv").write_text(
        "word\tkind\tnote\nrepublic\tafter\tname: test\n", encoding="utf-8"
    )
    lexicon = load_lexicon(folder)
    assert lexicon.scare.after == {"republic"} and lexicon.scare.attribution == frozenset()
    (folder / "scare-quotes.tsv").unlink()
    assert load_lexicon(folder).scare.after == default_lexicon().scare.after  # the shipped rules


# --- China-Taiwan and the Korean peninsula: both sides alike -------------------------------------------


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        (
            "Beijing vowed the reunification of Taiwan province and condemned the Taiwan separatists.",
            [
                ("reunification", "pro-beijing"),
                ("Taiwan province", "pro-beijing"),
                ("Taiwan separatists", "pro-beijing"),
            ],
        ),
        (
            "Taipei warned that Communist China plans the annexation of Taiwan by grey-zone tactics.",
            [
                ("Communist China", "pro-taipei"),
                ("annexation of Taiwan", "pro-taipei"),
                ("grey-zone tactics", "pro-taipei"),
            ],
        ),
        (
            "Pyongyang said the US imperialists and the south Korean puppet army staged war rehearsals.",
            [
                ("US imperialists", "pro-pyongyang"),
                ("south Korean puppet", "pro-pyongyang"),
                ("war rehearsals", "pro-pyongyang"),
            ],
        ),
        (
            "Seoul called the launch a provocation by the Kim regime, the hermit kingdom's latest.",
            [
                ("provocation", "pro-pyongyang|pro-seoul"),
                ("Kim regime", "pro-seoul"),
                ("hermit kingdom", "pro-seoul"),
            ],
        ),
    ],
)
def test_new_conflicts_flag_each_sides_wording(
    extractor: Extractor, text: str, cues: list[tuple[str, str]]
) -> None:
    document = code(extractor, text)
    got = [(c.text, "|".join(sorted(c.signals))) for c in document.framing if c.category != "scare_quotes"]
    assert got == cues
    assert {c.conflict for c in document.framing if c.category != "scare_quotes"} <= {
        "china-taiwan",
        "korean-peninsula",
    }
