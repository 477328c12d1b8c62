"""Stories: the reports of one story, from many outlets, grouped together.

:mod:`~sitrep.stories.group` places articles in stories (TF-IDF, time windows, an inverted index for the
candidate search; settings in ``stories/data/settings.tsv``); :mod:`~sitrep.stories.assign` does it for the
articles of a store. See docs/stories.md.
"""

from sitrep.stories.assign import StoryReport, assign_stories
from sitrep.stories.group import Grouper, StoryInput, StorySettings, default_settings, group, load_settings

__all__ = [
    "Grouper",
    "StoryInput",
    "StoryReport",
    "StorySettings",
    "assign_stories",
    "default_settings",
    "group",
    "load_settings",
]
