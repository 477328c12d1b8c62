"""Reported speech: direct quotes (in quote marks), indirect ones ("said that …", "according to X, …") and
mixed ones, each with its speaker and the word that introduces it.

1. Quote marks are paired on the raw text (:mod:`sitrep.quotes.marks`).
2. A quote that stands as a sentence ("'…,' X said", "X said: '…'") takes the speech verb next to it: after
   the closing mark in the same sentence, else before the opening mark. A quote with no verb of its own
   continues the speaker of a quote just before it ("the person last in focus").
3. A quote inside a sentence ("called the measures 'long overdue'") takes the verb that governs it, if that
   is a verb of saying or naming (``speech`` and ``naming`` cues in ``cues.tsv``); otherwise a short one is
   scare quotes, a framing cue.
4. A verb of saying with a clause ("said that …", "…, the ministry said") or "according to X" gives an
   indirect quote; a quoted stretch inside it makes it mixed.

Speakers are the subjects of those verbs, coded by the actor coder, so "he" and "the ministry" resolve to the
actor last in focus.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.actors.coder import ArticleActors
from sitrep.events.patterns import Patterns
from sitrep.quotes.marks import Marked, find_marked
from sitrep.records import ActorRef, Quote, QuoteKind, Span

SCARE_QUOTE_WORDS = 4
"""Quoted words in narrative, with no one to say them, up to this many are scare quotes (a framing cue)."""
_FRAME_WINDOW = 12
"""How many tokens after a closing mark (or before an opening one) a speech verb may stand."""
_ENDS_CLAUSE = frozenset(",?!—–-…")
_SUBJECTS = ("nsubj", "nsubj:pass", "csubj")
_ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})


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


class QuoteFinder:
    """Finds the quotes of a parsed article. Build once with the pattern set (for its cue words)."""

    def __init__(self, patterns: Patterns) -> None:
        self.speech = patterns.cue_words("speech")
        self.naming = patterns.cue_words("naming")
        self.sources = [c.words for c in patterns.cues if c.kind == "source"]
        self._source_firsts = frozenset(words[0] for words in self.sources)
        self._marks: list[tuple[int, int]] = []
        self._sentence_tokens: list[int] = []
        self._text = ""

    def find(self, doc: Doc, actors: ArticleActors) -> QuoteResult:
        # doc.text is rebuilt from the tokens on every access: read it once.
        text = self._text = doc.text
        marked = find_marked(text)
        # Per-article state, read by the helpers below (an Extractor codes one article at a time).
        self._marks = [(m.open_at, m.close_at + 1 if m.close_at is not None else m.end) for m in marked]
        sentences = [(s.start, s.start_char) for s in doc.sents]
        starts = [char for _, char in sentences]
        self._sentence_tokens = [token for token, _ in sentences]
        found: list[_Found] = []
        scare: list[Span] = []
        partial: list[tuple[Marked, Token | None]] = []
        for mark in marked:
            tokens = _tokens(doc, mark.start, mark.end)
            if not tokens:
                continue
            if self._stands_alone(text, mark, tokens):
                found.append(self._direct(doc, mark, tokens, actors, found, starts))
            else:
                partial.append((mark, self._governor(tokens)))
        cues = {q.cue.start for q in found if q.cue is not None}
        indirect = [
            q for q in self._indirect(doc, actors, marked) if q.cue is None or q.cue.start not in cues
        ]
        for mark, verb in partial:
            holder = next((q for q in indirect if q.start <= mark.start and mark.end <= q.end), None)
            if holder is not None:
                indirect[indirect.index(holder)] = _Found(
                    "mixed", holder.start, holder.end, holder.speaker, holder.cue
                )
                continue
            words = len(text[mark.start : mark.end].split())
            if verb is not None:
                found.append(
                    _Found("direct", mark.start, mark.end, self._speaker(verb, actors), _span(doc, [verb]))
                )
            elif words <= SCARE_QUOTE_WORDS:
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
                sentence=max(bisect.bisect_right(starts, q.start) - 1, 0),
            )
            for n, q in enumerate(found, 1)
        )
        return QuoteResult(quotes, tuple(scare))

    # --- direct quotes --------------------------------------------------------------------------------

    def _stands_alone(self, text: str, mark: Marked, tokens: Sequence[Token]) -> bool:
        """Whether the quote is said as a sentence of its own (not a few words inside the narrative)."""
        first = text[mark.start]
        if not (first.isupper() or first.isdigit() or first in "[(…." or mark.paragraphs > 1):
            return False
        i = mark.open_at - 1
        while i >= 0 and text[i] in " \t\u00a0":
            i -= 1
        if i < 0 or text[i] in "\n.:,;!?—–-":
            return True
        # "X said 'We …'": the word before the quote is a verb of saying.
        doc = tokens[0].doc
        return doc[_token_at(doc, i)].lemma_.lower() in self.speech

    def _direct(
        self,
        doc: Doc,
        mark: Marked,
        tokens: Sequence[Token],
        actors: ArticleActors,
        earlier: Sequence[_Found],
        starts: Sequence[int],
    ) -> _Found:
        text = self._text
        verb = None
        if mark.close_at is not None and (
            text[mark.end - 1] in _ENDS_CLAUSE or text[mark.close_at - 1] == "," or self._lower_after(mark)
        ):
            verb = self._speech_after(doc, mark)
        if verb is None:
            verb = self._speech_before(doc, mark, tokens[0])
        if verb is not None:
            return _Found("direct", mark.start, mark.end, self._speaker(verb, actors), _span(doc, [verb]))
        # No verb of its own: the speaker of a quote that ended in this or the previous sentence goes on.
        here = bisect.bisect_right(starts, mark.start) - 1
        for previous in reversed(earlier):
            if here - (bisect.bisect_right(starts, previous.end) - 1) <= 1 and previous.speaker is not None:
                return _Found("direct", mark.start, mark.end, previous.speaker, None)
        return _Found("direct", mark.start, mark.end, None, None)

    def _lower_after(self, mark: Marked) -> bool:
        assert mark.close_at is not None
        rest = self._text[mark.close_at + 1 : mark.close_at + 40].lstrip(" ,")
        return bool(rest) and rest[0].islower()

    def _speech_after(self, doc: Doc, mark: Marked) -> Token | None:
        assert mark.close_at is not None
        at = _token_at(doc, mark.close_at)
        after = [t for t in doc[at : at + _FRAME_WINDOW + 2] if t.idx > mark.close_at][:_FRAME_WINDOW]
        for token in after:
            if token.text in ('"', "“", "«", "„") or (token.is_sent_start and token.idx > mark.close_at + 2):
                break
            if token.text in (".", "\n") or (token.is_space and "\n" in token.text):
                break
            if self._is_speech(token):
                return token
        return None

    def _sentence_start(self, token: int) -> int:
        """The first token of the sentence holding token ``token`` (Token.sent walks the whole doc)."""
        index = bisect.bisect_right(self._sentence_tokens, token) - 1
        return self._sentence_tokens[index] if index >= 0 else 0

    def _speech_before(self, doc: Doc, mark: Marked, first: Token) -> Token | None:
        start = self._sentence_start(first.i)
        if first.i == start or self._text[doc[start].idx : mark.open_at].strip() == "":
            # The quote opens its sentence: "X said:" may end the sentence before.
            previous = self._sentence_start(start - 1) if start > 0 else start
            if start > 0 and self._text[: mark.open_at].rstrip().endswith(":"):
                start = previous
        before = [t for t in doc[start : first.i] if t.idx < mark.open_at][-_FRAME_WINDOW:]
        for token in reversed(before):
            if self._is_speech(token):
                return token
        return None

    def _is_speech(self, token: Token) -> bool:
        return token.pos_ in ("VERB", "AUX") and (
            token.lemma_.lower() in self.speech or token.lower_ in self.speech
        )

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
                return head if lemma in self.speech or lemma in self.naming else None
            if head.head is head:
                return None
            head = head.head
        return None

    # --- indirect quotes ------------------------------------------------------------------------------

    def _indirect(self, doc: Doc, actors: ArticleActors, marked: Sequence[Marked]) -> list[_Found]:
        quoted = [(m.start, m.end) for m in marked]
        found: list[_Found] = []
        for token in doc:
            if self._is_speech(token) and not _inside(token.idx, quoted):
                clause = _clause(token)
                if clause is not None:
                    found.extend(self._reported(doc, token, clause, actors, quoted))
                elif token.dep_ == "parataxis" and not _inside(token.head.idx, quoted):
                    found.extend(self._preceding(doc, token, actors))
            elif token.dep_.startswith("obl") and self._according(token) and not _inside(token.idx, quoted):
                found.extend(self._according_to(doc, token, actors, quoted))
        return found

    def _reported(
        self, doc: Doc, verb: Token, clause: Token, actors: ArticleActors, quoted: list[tuple[int, int]]
    ) -> list[_Found]:
        tokens = _trimmed(list(clause.subtree), marker=True)
        if not tokens:
            return []
        start, end = _around(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), self._marks)
        if _covered(start, end, quoted):
            return []
        return [_Found("indirect", start, end, self._speaker(verb, actors), _span(doc, [verb]))]

    def _preceding(self, doc: Doc, verb: Token, actors: ArticleActors) -> list[_Found]:
        """ "Russia will respond, the ministry said": the clause the speech verb is set beside."""
        head = verb.head
        own = {t.i for t in verb.subtree}
        tokens = _trimmed([t for t in head.subtree if t.i not in own and t.i < verb.left_edge.i])
        if len(tokens) < 3:
            return []
        start, end = _around(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), self._marks)
        return [_Found("indirect", start, end, self._speaker(verb, actors), _span(doc, [verb]))]

    def _according(self, token: Token) -> bool:
        if not any(c.lower_ in self._source_firsts for c in token.children):
            return False
        words = tuple(t.lower_ for t in token.subtree if not t.is_punct)[:3]
        return any(words[: len(cue)] == cue for cue in self.sources)

    def _according_to(
        self, doc: Doc, phrase: Token, actors: ArticleActors, quoted: list[tuple[int, int]]
    ) -> list[_Found]:
        head = phrase.head
        own = {t.i for t in phrase.subtree}
        tokens = _trimmed([t for t in head.subtree if t.i not in own])
        if len(tokens) < 2:
            return []
        start, end = _around(tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), self._marks)
        if _covered(start, end, quoted):
            return []
        cue_tokens = [t for t in phrase.children if t.dep_ == "case" and t.i < phrase.i]
        cue_tokens += [c for t in cue_tokens for c in t.children if c.dep_ == "fixed"]
        cue_tokens.sort(key=lambda t: t.i)
        return [
            _Found("indirect", start, end, self._source(phrase, actors), _span(doc, cue_tokens or [phrase]))
        ]

    @staticmethod
    def _source(phrase: Token, actors: ArticleActors) -> ActorRef:
        """Who "according to" names: an actor, or the owner of a document ("a statement by Mr. Stoltenberg's
        office", "the ministry's report"), else the phrase itself without a code."""
        owners = [
            t
            for t in phrase.subtree
            if t.i != phrase.i and t.dep_ in ("nmod", "nmod:poss") and t.pos_ in ("NOUN", "PROPN")
        ]
        for token in (phrase, *owners):
            if refs := actors.refs(token):
                return refs[0]
        return actors.uncoded_ref(phrase)

    # --- speakers -------------------------------------------------------------------------------------

    @staticmethod
    def _speaker(verb: Token, actors: ArticleActors) -> ActorRef | None:
        """The subject of the verb of saying (through "was quoted as saying" and "by X" in the passive)."""
        current = verb
        for _ in range(3):
            for child in current.children:
                if child.dep_ in _SUBJECTS and not (child.lower_ == "it" and child.dep_ == "nsubj:pass"):
                    return actors.speaker_ref(child)
            for child in current.children:
                if child.dep_ in ("obl:agent", "obl") and any(
                    c.dep_ == "case" and c.lower_ == "by" for c in child.children
                ):
                    return actors.speaker_ref(child)
            if current.dep_ in ("advcl", "xcomp", "conj") and current.head is not current:
                current = current.head
            else:
                break
        # '"…," Volodymyr Zelensky said': the parser sometimes hangs the name before the verb elsewhere.
        before = verb.doc[verb.i - 1] if verb.i > 0 else None
        if before is not None and before.pos_ in ("PROPN", "NOUN", "PRON") and before.head is not verb:
            refs = actors.refs(before)
            if refs:
                return refs[0]
        # '"…," said Sergei Lavrov': the parser sometimes hangs an inverted subject as an object or aside.
        for child in verb.rights:
            inverted = child.dep_ in ("obj", "parataxis", "appos", "dep") and child.pos_ in ("PROPN", "NOUN")
            if inverted and child.i - verb.i <= 3:
                return actors.speaker_ref(child)
        return None


def _clause(verb: Token) -> Token | None:
    """The clause a verb of saying reports: its complement, or a that-clause the parser hung from a phrase
    in between ("said in a statement that …")."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    if verb.lemma_.lower() not in _ADDRESSEE_VERBS:
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
    span = doc.char_span(start, end, alignment_mode="expand")
    return [t for t in span if not t.is_space] if span is not None else []


def _token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None and len(span) else 0


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


def _span(doc: Doc, tokens: Sequence[Token]) -> Span:
    first, last = tokens[0], tokens[-1]
    return Span(first.idx, last.idx + len(last.text), doc[first.i : last.i + 1].text)
