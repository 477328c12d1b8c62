"""Reported speech: direct quotes (in quote marks), indirect ones ("said that …", "according to X, …") and
mixed ones, each with its speaker and the word that introduces it.

1. Quote marks are paired on the raw text (:mod:`sitrep.quotes.marks`).
2. Every verb of saying and "according to" is found with its speaker and the clauses it reports
   (:mod:`sitrep.quotes.reports`); events read their attribution from these reports.
3. A quote that stands as a sentence ("'…,' X said", "X said: '…'") takes the verb of saying next to it:
   after the closing mark in the same sentence, else before the opening mark. A quote with no verb of its own
   continues the speaker of a quote just before it ("the person last in focus").
4. A quote inside a sentence ("called the measures 'long overdue'") takes the verb that governs it, if that
   is a verb of saying or naming (``speech`` and ``naming`` cues in ``speech.tsv``); otherwise a short one is
   scare quotes, a framing cue.
5. A verb of saying with a clause ("said that …", "…, the ministry said") or "according to X" gives an
   indirect quote; a quoted stretch inside it makes it mixed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from sitrep.quotes.cues import SpeechCues
from sitrep.quotes.marks import Marked, find_marked
from sitrep.quotes.reports import quotable, reports_at, span, speech_verb
from sitrep.quotes.speakers import speaker
from sitrep.records import ActorRef, Quote, QuoteKind, Report, Span

if TYPE_CHECKING:
    from sitrep.actors.index import ActorIndex

_ENDS_CLAUSE = frozenset(",?!—–-…")
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_QUOTE_MARKS = frozenset('"“”«»„')


@dataclass(frozen=True, slots=True)
class _Found:
    kind: QuoteKind
    start: int
    end: int
    speaker: ActorRef | None
    cue: Span | None


@dataclass(frozen=True, slots=True)
class QuoteResult:
    quotes: tuple[Quote, ...]
    scare_quotes: tuple[Span, ...]
    """Short quoted stretches in narrative that nobody is said to say: the outlet's distance from a word."""
    reports: tuple[Report, ...] = ()
    """Every verb of saying and "according to" phrase, with its speaker and the clauses it reports."""


class QuoteFinder:
    """Finds the quotes of a parsed article. Build once with the speech cues; nothing per article is kept."""

    def __init__(self, cues: SpeechCues) -> None:
        self.cues = cues

    def find(self, doc: Doc, actors: ActorIndex) -> QuoteResult:
        return _Search(self.cues, doc, actors).run()


class _Search:
    """One article's search for quotes: made per call, so the finder holds nothing per article."""

    def __init__(self, cues: SpeechCues, doc: Doc, actors: ActorIndex) -> None:
        self.cues = cues
        self.doc = doc
        self.actors = actors
        # doc.text is rebuilt from the tokens on every access: read it once.
        self.text = doc.text
        self.marked = find_marked(self.text)
        self.marks = [(m.open_at, m.close_at + 1 if m.close_at is not None else m.end) for m in self.marked]
        sentences = [(s.start, s.start_char) for s in doc.sents]
        self.starts = [char for _, char in sentences]
        self.sentence_tokens = [token for token, _ in sentences]
        self.reports = reports_at(doc, actors, cues)
        self.said_by = {token.i: report.speaker for token, report in self.reports if report.kind == "speech"}

    def run(self) -> QuoteResult:
        doc, text = self.doc, self.text
        found: list[_Found] = []
        scare: list[Span] = []
        partial: list[tuple[Marked, Token | None]] = []
        for mark in self.marked:
            tokens = _tokens(doc, mark.start, mark.end)
            if not tokens:
                continue
            if self._stands_alone(mark, tokens):
                found.append(self._direct(mark, tokens, found))
            else:
                partial.append((mark, self._governor(tokens)))
        cues = {q.cue.start for q in found if q.cue is not None}
        indirect = [q for q in self._indirect() if q.cue is None or q.cue.start not in cues]
        for mark, verb in partial:
            holder = next((q for q in indirect if q.start <= mark.start and mark.end <= q.end), None)
            if holder is not None:
                indirect[indirect.index(holder)] = _Found(
                    "mixed", holder.start, holder.end, holder.speaker, holder.cue
                )
                continue
            words = len(text[mark.start : mark.end].split())
            if verb is not None:
                found.append(_Found("direct", mark.start, mark.end, self._speaker(verb), span(doc, [verb])))
            elif words <= self.cues.scare_quote_words:
                scare.append(Span(mark.start, mark.end, text[mark.start : mark.end]))
            else:
                found.append(_Found("direct", mark.start, mark.end, None, None))
        found.extend(indirect)
        found.sort(key=lambda q: (q.start, -q.end))
        quotes = tuple(
            Quote(
                id=f"q{n}",
                kind=q.kind,
                start=q.start,
                end=q.end,
                text=text[q.start : q.end],
                speaker=q.speaker,
                cue=q.cue,
                sentence=max(bisect.bisect_right(self.starts, q.start) - 1, 0),
            )
            for n, q in enumerate(found, 1)
        )
        return QuoteResult(quotes, tuple(scare), tuple(report for _, report in self.reports))

    def _speaker(self, verb: Token) -> ActorRef | None:
        """The speaker of a verb of saying (found with its report) or of naming."""
        if verb.i in self.said_by:
            return self.said_by[verb.i]
        return speaker(verb, self.actors)

    # --- direct quotes --------------------------------------------------------------------------------

    def _stands_alone(self, mark: Marked, tokens: Sequence[Token]) -> bool:
        """Whether the quote is said as a sentence of its own (not a few words inside the narrative)."""
        text = self.text
        first = text[mark.start]
        if not (first.isupper() or first.isdigit() or first in "[(…." or mark.paragraphs > 1):
            return False
        i = mark.open_at - 1
        while i >= 0 and text[i] in " \t\u00a0":
            i -= 1
        if i < 0 or text[i] in "\n.:,;!?—–-":
            return True
        # "X said 'We …'": the word before the quote is a verb of saying.
        doc = self.doc
        return doc[_token_at(doc, i)].lemma_.lower() in self.cues.speech

    def _direct(self, mark: Marked, tokens: Sequence[Token], earlier: Sequence[_Found]) -> _Found:
        text = self.text
        verb = None
        if mark.close_at is not None and (
            text[mark.end - 1] in _ENDS_CLAUSE or text[mark.close_at - 1] == "," or self._lower_after(mark)
        ):
            verb = self._speech_after(mark)
        if verb is None:
            verb = self._speech_before(mark, tokens[0])
        if verb is not None:
            return _Found("direct", mark.start, mark.end, self._speaker(verb), span(self.doc, [verb]))
        # No verb of its own: the speaker of a quote that ended in this or the previous sentence goes on.
        starts = self.starts
        here = bisect.bisect_right(starts, mark.start) - 1
        for previous in reversed(earlier):
            if here - (bisect.bisect_right(starts, previous.end) - 1) <= 1 and previous.speaker is not None:
                return _Found("direct", mark.start, mark.end, previous.speaker, None)
        return _Found("direct", mark.start, mark.end, None, None)

    def _lower_after(self, mark: Marked) -> bool:
        assert mark.close_at is not None
        rest = self.text[mark.close_at + 1 : mark.close_at + 40].lstrip(" ,")
        return bool(rest) and rest[0].islower()

    def _speech_after(self, mark: Marked) -> Token | None:
        assert mark.close_at is not None
        doc, window = self.doc, self.cues.frame_window
        at = _token_at(doc, mark.close_at)
        after = [t for t in doc[at : at + window + 2] if t.idx > mark.close_at][:window]
        for token in after:
            if token.text in ('"', "“", "«", "„") or (token.is_sent_start and token.idx > mark.close_at + 2):
                break
            if token.text in (".", "\n") or (token.is_space and "\n" in token.text):
                break
            if speech_verb(token, self.cues):
                return token
        return None

    def _sentence_start(self, token: int) -> int:
        """The first token of the sentence holding token ``token`` (Token.sent walks the whole doc)."""
        index = bisect.bisect_right(self.sentence_tokens, token) - 1
        return self.sentence_tokens[index] if index >= 0 else 0

    def _speech_before(self, mark: Marked, first: Token) -> Token | None:
        doc = self.doc
        start = self._sentence_start(first.i)
        if first.i == start or self.text[doc[start].idx : mark.open_at].strip() == "":
            # The quote opens its sentence: "X said:" may end the sentence before.
            previous = self._sentence_start(start - 1) if start > 0 else start
            if start > 0 and self.text[: mark.open_at].rstrip().endswith(":"):
                start = previous
        before = [t for t in doc[start : first.i] if t.idx < mark.open_at][-self.cues.frame_window :]
        for token in reversed(before):
            if speech_verb(token, self.cues):
                return token
        return None

    # --- quotes inside a sentence ---------------------------------------------------------------------

    def _governor(self, tokens: Sequence[Token]) -> Token | None:
        """The verb of saying or naming a partial quote hangs from: "called the measures 'long overdue'",
        "condemned the 'barbaric' strike" (through the nouns and adjectives between)."""
        inside = {t.i for t in tokens}
        attach = next((t for t in tokens if t.head.i not in inside), None)
        if attach is None:
            return None
        head = attach.head
        for _ in range(4):
            if head.pos_ in ("VERB", "AUX"):
                lemma = head.lemma_.lower()
                return head if lemma in self.cues.speech or lemma in self.cues.naming else None
            if head.head is head:
                return None
            head = head.head
        return None

    # --- indirect quotes ------------------------------------------------------------------------------

    def _indirect(self) -> list[_Found]:
        quoted = [(m.start, m.end) for m in self.marked]
        found: list[_Found] = []
        verbs: set[int] = set()
        for token, report in self.reports:
            if _inside(token.idx, quoted) or not quotable(token, report, self.cues):
                continue
            if report.kind == "source":
                if token.i not in verbs:  # a verb of saying heading the phrase has had its turn
                    found.extend(self._according_to(token, report, quoted))
                continue
            verbs.add(token.i)
            tail = self._tail(token, report, quoted)
            clause = _clause(token, self.cues.addressee)
            if tail is not None:
                found.append(tail)
            elif clause is not None:
                found.extend(self._reported(clause, report, quoted))
            elif token.dep_ == "parataxis" and not _inside(token.head.idx, quoted):
                found.extend(self._preceding(token, report))
        return found

    def _tail(self, verb: Token, report: Report, quoted: list[tuple[int, int]]) -> _Found | None:
        """ "Rebels shelled the town, the army's press office said on Monday." (and "…, added the army"):
        a verb of saying after the last comma of its sentence, with only its speaker (a noun phrase) between
        the comma and the verb, or after it, and no verb after it, reports the whole sentence before the
        comma, however the parser hung the pieces. Its speaker is the head of that noun phrase."""
        doc = self.doc
        start = self._sentence_start(verb.i)
        end = verb.i + 1
        while end < len(doc) and not doc[end].is_sent_start:
            end += 1
        comma = next((i for i in range(verb.i - 1, start, -1) if doc[i].text == ","), None)
        if comma is None or comma - start < 3:
            return None
        between = doc[comma + 1 : verb.i]
        after = [t for t in doc[verb.i + 1 : end] if not (t.is_punct or t.is_space)]
        if any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in between):
            return None
        if any(t.pos_ in ("VERB", "AUX") or t.lower_ in ("that", "to") for t in after):
            return None
        if any(t.text not in (".", "\n") and t.is_punct for t in doc[verb.i + 1 : end]):
            return None
        if not between and any(t.pos_ == "ADP" for t in after):
            return None  # '"…," X, a nurse, told a reporter by phone': not a speaker after the verb
        before = doc[start:comma]
        if any(t.text in _QUOTE_MARKS or speech_verb(t, self.cues) for t in before):
            return None  # a quote or a report of its own: "The army said …, the agency reported."
        phrase = list(between) or after
        nouns = [t for t in phrase if t.pos_ in ("NOUN", "PROPN", "PRON")]
        if not nouns:
            return None
        inside = {t.i for t in phrase}
        who = next((t for t in nouns if t.head.i not in inside), nouns[-1])
        tokens = _trimmed(list(doc[start:comma]))
        if len(tokens) < 3:
            return None
        first, last = _around(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), self.marks)
        if _covered(first, last, quoted):
            return None
        # "the press office of the interior ministry": the owner speaks for it when it is the one coded.
        owners = [t for t in phrase if t.head.i == who.i and t.dep_ in ("nmod", "nmod:poss")]
        coded = next((t for t in (who, *owners) if self.actors.refs(t)), who)
        return _Found("indirect", first, last, self.actors.speaker_ref(coded), report.cue)

    def _reported(self, clause: Token, report: Report, quoted: list[tuple[int, int]]) -> list[_Found]:
        tokens = _trimmed(list(clause.subtree), marker=True)
        if not tokens:
            return []
        start, end = _around(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), self.marks)
        if _covered(start, end, quoted):
            return []
        return [_Found("indirect", start, end, report.speaker, report.cue)]

    def _preceding(self, verb: Token, report: Report) -> list[_Found]:
        """ "Russia will respond, the ministry said": the clause the speech verb is set beside."""
        head = verb.head
        own = {t.i for t in verb.subtree}
        tokens = _trimmed([t for t in head.subtree if t.i not in own and t.i < verb.left_edge.i])
        if len(tokens) < 3:
            return []
        start, end = _around(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), self.marks)
        return [_Found("indirect", start, end, report.speaker, report.cue)]

    def _according_to(self, phrase: Token, report: Report, quoted: list[tuple[int, int]]) -> list[_Found]:
        head = phrase.head
        own = {t.i for t in phrase.subtree}
        tokens = _trimmed([t for t in head.subtree if t.i not in own])
        left = phrase.left_edge.i
        while left < phrase.i and phrase.doc[left].is_punct:  # the comma before it is often hung from it
            left += 1
        start = self._sentence_start(phrase.i)
        rest = phrase.doc[phrase.right_edge.i + 1 : phrase.right_edge.i + 3]
        if (
            left > start + 2
            and phrase.doc[left - 1].text == ","
            and all(t.is_punct or t.is_space or t.is_sent_start for t in rest)
        ):
            # "…, according to the air force." closes its sentence: it vouches for all of it before the comma.
            tokens = _trimmed(list(phrase.doc[start : left - 1]))
        if len(tokens) < 2:
            return []
        start, end = _around(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), self.marks)
        if _covered(start, end, quoted):
            return []
        return [_Found("indirect", start, end, report.speaker, report.cue or span(self.doc, [phrase]))]


def _clause(verb: Token, addressee: frozenset[str]) -> Token | None:
    """The clause a verb of saying reports: its complement, or a that-clause the parser hung from a phrase
    in between ("said in a statement that …")."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    if verb.lemma_.lower() not in addressee:
        # "said its jets struck 200 targets", misparsed as an object with a clause on it.
        for child in verb.children:
            if child.dep_ == "obj" and any(
                c.dep_ == "acl" and c.pos_ == "VERB" and (c.tag_ in _FINITE or _has(c, "obj"))
                for c in child.children
            ):
                return child
    for child in verb.children:
        if (child.dep_.startswith("obl") or child.dep_ in ("obj", "iobj")) and child.i > verb.i:
            for clause in child.children:
                if clause.dep_ in ("acl", "acl:relcl", "ccomp") and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
                ):
                    return clause
    return None


def _trimmed(tokens: list[Token], marker: bool = False) -> list[Token]:
    """``tokens`` without punctuation and spaces at either end (and a leading "that" when ``marker``)."""
    first, last = 0, len(tokens)
    while first < last and (
        tokens[first].is_punct or tokens[first].is_space or (marker and tokens[first].dep_ == "mark")
    ):
        first += 1
    while last > first and (tokens[last - 1].is_punct or tokens[last - 1].is_space):
        last -= 1
    return tokens[first:last]


def _has(token: Token, dep: str) -> bool:
    return any(c.dep_ == dep for c in token.children)


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    found = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in found if not t.is_space] if found is not None else []


def _token_at(doc: Doc, char: int) -> int:
    found = doc.char_span(char, char + 1, alignment_mode="expand")
    return found.start if found is not None and len(found) else 0


def _around(start: int, end: int, quoted: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """A reported clause widened to take in whole any quoted stretch it cuts ("ready to negotiate 'as soon
    as … weapons.'" ends after the quoted words, not before their full stop)."""
    for s, e in quoted:
        if s < end < e:
            end = e
        if s < start < e:
            start = s
    return start, end


def _inside(char: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= char < end for start, end in spans)


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``start:end`` lies in quote marks, but for a few characters (then the direct quote stands for
    it)."""
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return (end - start) - inside <= 3
