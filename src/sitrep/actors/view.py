"""What the actor coder reads of a parsed article: sentence numbers, named entities (cut where no name runs
on), noun phrases, and the UD relations that decide them.

The UD contract lives here, in one place: which parts of speech head a mention and which dependents belong to
its phrase. The NLP layer guarantees UD labels; English words the coder reads are data (``words.tsv``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from sitrep.actors.lookup import Coding
from sitrep.actors.words import ActorWords
from sitrep.records import Actor

# The UD contract: which parts of speech head a mention and which dependents belong to its phrase.
HEAD_POS = frozenset({"NOUN", "PROPN", "PRON"})
NOT_HEAD_DEPS = frozenset(
    {"compound", "flat", "flat:name", "fixed", "amod", "det", "case", "nmod:desc", "goeswith", "nmod:poss"}
)
"""A token with one of these relations is part of a bigger phrase: it is coded as an inner mention."""
LEFT_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "nmod:desc",
        "nmod:poss",
        "nummod",
        "flat",
        "flat:name",
        "det:poss",
        "case",
        "cc",
        "conj",
    }
)
"""Dependents left of a head that belong to its phrase."""


def is_phrase_head(token: Token) -> bool:
    """Whether ``token`` heads a noun phrase of its own (a phrase mention, a possible antecedent)."""
    return token.pos_ in HEAD_POS and token.dep_ not in NOT_HEAD_DEPS


def bare_modifier(token: Token) -> bool:
    """A word before its noun that the parser labelled ``nmod`` with no preposition ("Azerbaijani armed
    forces" read as a noun modifier): a modifier like an adjective."""
    before = token.dep_ == "nmod" and token.i < token.head.i
    return before and not any(c.dep_ == "case" for c in token.children)


SPACED_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
"""Dashes that, with a space on each side, separate a dateline or an aside from a phrase."""


class ArticleView:
    """What the actor coder reads of one parsed article: sentence numbers, entities (cut where no name runs
    on) and phrases. Built once per article; never changed."""

    def __init__(self, doc: Doc, words: ActorWords) -> None:
        self.doc = doc
        self.sentences: tuple[Span, ...] = tuple(doc.sents)
        self._sentence_of: dict[int, int] = {
            token.i: index for index, sent in enumerate(self.sentences) for token in sent
        }
        self._ent_at: dict[int, Span] = {
            i: piece
            for ent in doc.ents
            for piece in _pieces(ent, words.name_break)
            for i in range(piece.start, piece.end)
        }

    def sentence(self, token: Token) -> int:
        return self._sentence_of.get(token.i, 0)

    def entity(self, token: Token) -> Span | None:
        """The named entity ``token`` is part of."""
        return self._ent_at.get(token.i)

    def entity_text(self, token: Token) -> str:
        entity = self.entity(token)
        return entity.text if entity is not None else token.text

    def phrase(self, head: Token) -> Span:
        """The noun phrase headed by ``head``: its determiners, modifiers, possessor and name parts, and the
        whole of a named entity it is part of."""
        doc = self.doc
        start = head.i
        for child in head.lefts:
            if (child.dep_ in LEFT_DEPS or bare_modifier(child)) and child.i < start:
                start = min(start, child.left_edge.i)
        end = head.i + 1
        for child in head.rights:
            between = doc[head.i + 1 : child.i]
            if (
                child.dep_ in ("flat", "flat:name", "fixed")
                and child.i + 1 > end
                and not any(t.is_punct for t in between)
            ):
                end = child.right_edge.i + 1
            else:
                break
        ent = self._ent_at.get(head.i)
        if ent is not None:
            start, end = min(start, ent.start), max(end, ent.end)
        for i in range(head.i - 1, start - 1, -1):
            # A dash with spaces on both sides ends what comes before it ("BEIRUT - Israeli strikes").
            dash = doc[i]
            spaced = i > 0 and bool(dash.whitespace_) and bool(doc[i - 1].whitespace_)
            if spaced and dash.is_punct and dash.text in SPACED_DASHES:
                start = i + 1
                break
        while start < head.i and doc[start].dep_ in ("cc", "case", "fixed", "punct", "mark"):
            start += 1
        return doc[start:end]

    def locative(self, token: Token, words: ActorWords) -> bool:
        """Whether the phrase headed by ``token`` is a place ("in Georgia")."""
        return any(c.dep_ == "case" and c.lower_ in words.locative for c in token.children)


def make_actor(
    view: ArticleView, number: int, span: Span, head: Token, coding: Coding, refers_to: str | None = None
) -> Actor:
    """The actor record ``a<number>`` of a mention spanning ``span``."""
    return Actor(
        id=f"a{number}",
        start=span.start_char,
        end=span.end_char,
        text=span.text,
        sentence=view.sentence(head),
        code=coding.code,
        country=coding.country,
        sector=coding.sector,
        name=coding.name,
        kind=coding.kind,
        refers_to=refers_to,
        actor_from=coding.actor_from,
    )


def _pieces(entity: Span, breaks: frozenset[str]) -> list[Span]:
    """An entity cut at quote marks and line breaks, which no name crosses: the model sometimes runs one
    over a closing quote ('Russia," Ukrainian President Volodymyr Zelensky')."""
    if not any(t.text in breaks or "\n" in t.text for t in entity):
        return [entity]
    pieces, start = [], entity.start
    doc = entity.doc
    for i in range(entity.start, entity.end + 1):
        if i == entity.end or doc[i].text in breaks or "\n" in doc[i].text:
            first, last = start, i
            while first < last and (doc[first].is_punct or doc[first].is_space):
                first += 1
            while last > first and (doc[last - 1].is_punct or doc[last - 1].is_space):
                last -= 1
            if last > first:
                pieces.append(Span(doc, first, last, label=entity.label))
            start = i + 1
    return pieces
