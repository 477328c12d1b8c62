"""The actor stages: code every mention of the article, then bind "I" and "we" in quotes to their speakers."""

from __future__ import annotations

from typing import ClassVar

from sitrep.actors.coder import ActorCoder
from sitrep.stages import ArticleState


class ActorStage:
    """Codes every actor mention of the parsed article against the dictionaries (``mentions``)."""

    name: ClassVar[str] = "actors"

    def __init__(self, coder: ActorCoder) -> None:
        self.coder = coder
        self.requires = frozenset({"doc", "base"})
        self.assigns = frozenset({"mentions"})

    def __call__(self, state: ArticleState) -> None:
        state.mentions = self.coder.analyse(state.doc, state.base)


class VoiceStage:
    """Inside a direct quote, "I", "we" and "our troops" are the speaker's (``actors``: a new index;
    ``mentions`` is left as it was)."""

    name: ClassVar[str] = "voices"

    def __init__(self) -> None:
        self.requires = frozenset({"mentions", "quotes"})
        self.assigns = frozenset({"actors"})

    def __call__(self, state: ArticleState) -> None:
        assert state.mentions is not None
        state.actors = state.mentions.voiced(state.quotes)
