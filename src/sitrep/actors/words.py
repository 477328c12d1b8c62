"""The actor coder's closed-class words and numbers: ``words.tsv`` and ``settings.tsv``, dictionary files.

Pronouns, the prepositions that make a phrase a place, the heads that stand for a country and how many
sentences back an antecedent may be are analyst knowledge like the dictionaries themselves, so they live next
to them (``docs/dictionaries.md``) and travel with a ``--dictionaries`` copy. What stays in Python is the UD
contract: part-of-speech and dependency labels, which the NLP layer guarantees.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitrep.datafile import Row, check_unique, read_table
from sitrep.errors import DataFileError

WORD_COLUMNS = ("word", "class", "note")
SETTING_COLUMNS = ("name", "value", "note")

WORD_CLASSES = (
    "pronoun_person",
    "pronoun_thing",
    "pronoun_plural",
    "pronoun_i",
    "pronoun_we",
    "possessive_we",
    "country_head",
    "locative",
    "place_after",
    "name_break",
    "dateline_agency",
    "indefinite",
    "weapon",
    "group_head",
)
SETTINGS = ("lookback", "long_lookback")


@dataclass(frozen=True, slots=True)
class ActorWords:
    """The closed-class words (lower-case) and the numbers the actor coder reads; see ``words.tsv``."""

    pronoun_person: frozenset[str]
    pronoun_thing: frozenset[str]
    pronoun_plural: frozenset[str]
    pronoun_i: frozenset[str]
    pronoun_we: frozenset[str]
    possessive_we: frozenset[str]
    country_head: frozenset[str]
    locative: frozenset[str]
    place_after: frozenset[str]
    name_break: frozenset[str]
    dateline_agency: frozenset[str]
    """News agencies whose names stand in datelines ("(Reuters) –", "/TASS/.")."""
    indefinite: frozenset[str]
    """Determiners that bring in someone new ("a witness"): such a phrase takes no antecedent."""
    group_head: frozenset[str]
    """Head nouns of a description of a group ("the Lebanese group", "the movement"): with a country word and
    no role word, they stand for that country's group named shortly before."""
    weapon: frozenset[str]
    """Role words (``agents.tsv`` terms) for weapons and war machines ("drone", "warship"): with no country
    word of their own they stay uncoded, since either side of a war fires them."""
    lookback: int
    """How many sentences back a pronoun or a role phrase without a country looks for its antecedent."""
    long_lookback: int
    """How many sentences back a surname alone looks for the full name."""


def _word(row: Row) -> tuple[str, str]:
    word = row.required("word")
    kind = row.required("class")
    if kind not in WORD_CLASSES:
        raise row.error(f"class must be one of {', '.join(WORD_CLASSES)}, got {kind!r}")
    if kind == "weapon":
        # An agents.tsv term, which may be several words ("fighter plane").
        if word != word.lower() or word != " ".join(word.split()):
            raise row.error(f"a weapon term is lower-case words with single spaces, got {word!r}")
    elif word != word.lower() or any(c.isspace() for c in word):
        raise row.error(f"word must be one lower-case token without spaces, got {word!r}")
    return kind, word


def _setting(row: Row) -> tuple[str, int]:
    name = row.required("name")
    if name not in SETTINGS:
        raise row.error(f"name must be one of {', '.join(SETTINGS)}, got {name!r}")
    value = row.required("value")
    if not value.isascii() or not value.isdigit():
        raise row.error(f"value must be a whole number, 0 or more, got {value!r}")
    return name, int(value)


def load_words(folder: Path) -> ActorWords:
    """Load and check ``words.tsv`` and ``settings.tsv`` in ``folder``."""
    word_rows = list(read_table(folder / "words.tsv", WORD_COLUMNS))
    entries = [_word(row) for row in word_rows]
    check_unique(
        [(row, f"{word} ({kind})") for row, (kind, word) in zip(word_rows, entries, strict=True)], "word"
    )
    classes: dict[str, set[str]] = {kind: set() for kind in WORD_CLASSES}
    for kind, word in entries:
        classes[kind].add(word)

    path = folder / "settings.tsv"
    setting_rows = list(read_table(path, SETTING_COLUMNS))
    values = [_setting(row) for row in setting_rows]
    check_unique([(row, name) for row, (name, _) in zip(setting_rows, values, strict=True)], "setting")
    settings = dict(values)
    missing = [name for name in SETTINGS if name not in settings]
    if missing:
        end = setting_rows[-1].line + 1 if setting_rows else 1
        raise DataFileError(path, end, f"missing setting(s): {', '.join(missing)}")
    return ActorWords(
        pronoun_person=frozenset(classes["pronoun_person"]),
        pronoun_thing=frozenset(classes["pronoun_thing"]),
        pronoun_plural=frozenset(classes["pronoun_plural"]),
        pronoun_i=frozenset(classes["pronoun_i"]),
        pronoun_we=frozenset(classes["pronoun_we"]),
        possessive_we=frozenset(classes["possessive_we"]),
        country_head=frozenset(classes["country_head"]),
        locative=frozenset(classes["locative"]),
        place_after=frozenset(classes["place_after"]),
        name_break=frozenset(classes["name_break"]),
        dateline_agency=frozenset(classes["dateline_agency"]),
        indefinite=frozenset(classes["indefinite"]),
        weapon=frozenset(classes["weapon"]),
        group_head=frozenset(classes["group_head"]),
        lookback=settings["lookback"],
        long_lookback=settings["long_lookback"],
    )
