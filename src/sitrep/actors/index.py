"""The actor index of one article: every mention, coded, with its antecedents."""

from sitrep.actors.coder import ArticleActors as ActorIndex

__all__ = ["ActorIndex"]
