"""Actor coding: a parsed article → its :class:`~sitrep.actors.index.ActorIndex` of coded mentions.

The work is split along its seams: :mod:`~sitrep.actors.lookup` (names, words and roles → codes, from the
dictionaries), :mod:`~sitrep.actors.view` (what the coder reads of a parse: entities, phrases),
:mod:`~sitrep.actors.mentions` (finding and coding every mention of an article),
:mod:`~sitrep.actors.coreference` (antecedents, earlier mentions only) and :mod:`~sitrep.actors.index` (the
immutable result). :class:`ActorCoder` loads the dictionary once and is shared by every article.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from sitrep.actors.dictionary import ActorDictionary, default_dictionary
from sitrep.actors.index import ActorIndex
from sitrep.actors.lookup import Lookup

ArticleActors = ActorIndex
"""The index's former name, kept for the modules that still import it from here."""


class ActorCoder:
    """Codes the mentions of articles against an :class:`ActorDictionary`. Build once, reuse for every
    article: it holds the dictionary and its lookup tables, nothing about any article."""

    def __init__(self, dictionary: ActorDictionary | None = None) -> None:
        self.dictionary = dictionary if dictionary is not None else default_dictionary()
        self.lookup = Lookup(self.dictionary)

    def analyse(self, doc: Doc, day: dt.date) -> ActorIndex:
        """Find and code the actor mentions of a parsed article (``day`` decides who held which office)."""
        return ActorIndex.build(doc, day, self.lookup, self.dictionary.words)
