"""Finding the lexicon's terms in a parsed article.

Terms are split into words by the model's own tokenizer, so "neo-Nazis" or "people's republic" line up with
the article's tokens. A ``lemma`` entry compares each word by its dictionary form (the model's lemma, or a
base form made from the word: "liberated" → liberate); ``word`` compares the words in any case; ``case``
exactly.
Where terms overlap, the longest wins; a stretch of text gives one cue. A term listed under several conflicts
("occupation forces", "martyr") is given to the conflict the article is about: the one with the most actors
from its ``countries`` (``conflicts.tsv``) and the most cues of its own, else the first in the file.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from spacy.tokens import Doc, Token

from sitrep.framing.lexicon import Entry, Lexicon
from sitrep.nlp.forms import base_forms
from sitrep.records import FramingCue

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


def _fold(word: str) -> str:
    return word.translate(_APOSTROPHES)


class FramingMatcher:
    """Finds framing cues. Build once per lexicon (``tokenize`` is the model's tokenizer), then call."""

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
        tokens = [t for t in doc if not t.is_space]
        hits: list[tuple[int, int, list[Entry]]] = []
        position = 0
        while position < len(tokens):
            length, entries = self._at(tokens, position)
            if not entries:
                position += 1
                continue
            first, last = tokens[position], tokens[position + length - 1]
            hits.append((first.idx, last.idx + len(last.text), entries))
            position += length
        score: Counter[str] = Counter()
        present = Counter(c for c in countries if c)
        for conflict in self.lexicon.conflicts.values():
            score[conflict.id] += sum(present[c] for c in conflict.countries)
        for _, _, entries in hits:
            if len({e.conflict for e in entries}) == 1:
                score[entries[0].conflict] += 1
        cues = []
        for start, end, entries in hits:
            entry = max(entries, key=lambda e: score[e.conflict]) if len(entries) > 1 else entries[0]
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

    def _at(self, tokens: Sequence[Token], position: int) -> tuple[int, list[Entry]]:
        """The length of the longest term at ``position`` and every entry with a term of that length there
        (in file order)."""
        first = tokens[position]
        lower = _fold(first.lower_)
        keys = dict.fromkeys([lower, _fold(first.lemma_.lower()), *base_forms(lower)])
        best, entries = 0, list[Entry]()
        for key in keys:
            for words, entry in self._index.get(key, ()):
                if len(words) < best:
                    break
                if entry in entries:
                    continue
                if position + len(words) <= len(tokens) and all(
                    _same(tokens[position + n], word, entry.match) for n, word in enumerate(words)
                ):
                    if len(words) > best:
                        best, entries = len(words), []
                    entries.append(entry)
        entries.sort(key=lambda e: self._order[e.rule])
        return best, entries


def _same(token: Token, word: str, match: str) -> bool:
    if match == "case":
        return _fold(token.text) == word
    lower = _fold(token.lower_)
    if lower == word:
        return True
    if match == "word":
        return False
    return _fold(token.lemma_.lower()) == word or word in base_forms(lower)
