"""Finding the lexicon's terms in a parsed article.

Terms are split into words by the model's own tokenizer, so "neo-Nazis" or "people's republic" line up with
the article's tokens. A ``lemma`` entry compares each word by its dictionary form (the model's lemma, or a
base form made from the word: "liberated" → liberate); ``word`` compares the words in any case; ``case``
exactly.
A stretch of text gives one cue. Where terms of several conflicts match ("occupation forces", "martyr";
"liberated territory" and "liberate"), the conflict the article is about wins: the one with the most actors
from its ``countries`` (``conflicts.tsv``) and the most cues of its own; then the longest term; then the first
in the file.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Doc

from sitrep.framing.lexicon import Entry, Lexicon
from sitrep.nlp.forms import base_forms
from sitrep.records import FramingCue

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def _fold(word: str) -> str:
    return word.translate(_APOSTROPHES)


@lru_cache(maxsize=500_000)
def _forms(lower: str) -> tuple[str, ...]:
    """Base forms of a lower-cased word ("liberated" → liberate), remembered across articles."""
    return tuple(base_forms(lower))


class FramingMatcher:
    """Finds framing cues. Build once per lexicon (``tokenize`` is the model's tokenizer), then call; it keeps
    nothing per article."""

    def __init__(self, lexicon: Lexicon, tokenize: Callable[[str], Doc]) -> None:
        self.lexicon = lexicon
        # first word → [(words, entry)], longest first
        self._index: dict[str, list[tuple[tuple[str, ...], Entry]]] = defaultdict(list)
        for entry in lexicon.entries:
            for term in entry.terms:
                words = tuple(_fold(t.text) for t in tokenize(term) if not t.is_space)
                if entry.match != "case":
                    words = tuple(w.lower() for w in words)
                self._index[words[0].lower()].append((words, entry))
        self._order = {entry.rule: n for n, entry in enumerate(lexicon.entries)}
        for items in self._index.values():
            items.sort(key=lambda item: -len(item[0]))

    def __call__(self, doc: Doc, countries: Iterable[str | None] = ()) -> list[FramingCue]:
        """The cues of a parsed article; ``countries`` are the article's actors' countries (with repeats)."""
        words = [
            _Word(_fold(t.text), _fold(t.lower_), _fold(t.lemma_.lower()), t.idx, t.idx + len(t.text))
            for t in doc
            if not t.is_space
        ]
        at = [self._at(words, position) for position in range(len(words))]
        # First the article's conflict: its actors' countries, and the terms only one conflict has.
        score: Counter[str] = Counter()
        present = Counter(c for c in countries if c)
        for conflict in self.lexicon.conflicts.values():
            score[conflict.id] += sum(present[c] for c in conflict.countries)
        for _, _, matches in _scan(words, at, lambda m: max(m, key=lambda x: x[0])):
            if len({entry.conflict for _, entry in matches}) == 1:
                score[matches[0][1].conflict] += 1
        order = self._order

        # Then each cue: the term of the article's conflict, the longest, the first in the file.
        def choose(matches: list[tuple[int, Entry]]) -> tuple[int, Entry]:
            return max(matches, key=lambda m: (score[m[1].conflict], m[0], -order[m[1].rule]))

        cues = []
        for start, end, matches in _scan(words, at, choose):
            entry = choose(matches)[1]
            cues.append(
                FramingCue(
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    term=entry.term,
                    category=entry.category,
                    alternatives=entry.alternatives,
                    signals=entry.signals,
                    note=entry.note,
                    conflict=entry.conflict,
                    rule=entry.rule,
                )
            )
        return cues

    def _at(self, words: Sequence[_Word], position: int) -> list[tuple[int, Entry]]:
        """Every (length, entry) whose term matches at ``position``."""
        first = words[position]
        keys = dict.fromkeys([first.lower, first.lemma, *_forms(first.lower)])
        found: dict[str, tuple[int, Entry]] = {}
        for key in keys:
            for term, entry in self._index.get(key, ()):
                if entry.rule in found and found[entry.rule][0] >= len(term):
                    continue
                if position + len(term) <= len(words) and all(
                    self._same(words[position + n], word, entry.match) for n, word in enumerate(term)
                ):
                    found[entry.rule] = (len(term), entry)
        return list(found.values())

    def _same(self, token: _Word, word: str, match: str) -> bool:
        if match == "case":
            return token.text == word
        if token.lower == word:
            return True
        if match == "word":
            return False
        return token.lemma == word or word in _forms(token.lower)


class _Word(NamedTuple):
    """A token's strings, read once (spaCy makes a new object on every token access)."""

    text: str
    lower: str
    lemma: str
    start: int
    end: int


def _scan(
    words: Sequence[_Word],
    at: Sequence[list[tuple[int, Entry]]],
    choose: Callable[[list[tuple[int, Entry]]], tuple[int, Entry]],
) -> Iterator[tuple[int, int, list[tuple[int, Entry]]]]:
    """(start, end, matches) of the chosen term at each position, left to right without overlaps; the
    matches are those of the chosen term's length."""
    position = 0
    while position < len(words):
        matches = at[position]
        if not matches:
            position += 1
            continue
        length = choose(matches)[0]
        yield words[position].start, words[position + length - 1].end, [m for m in matches if m[0] == length]
        position += length
