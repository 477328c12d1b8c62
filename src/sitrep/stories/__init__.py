"""Stories: the reports of one story, from many outlets, grouped together.

:mod:`~sitrep.stories.group` places articles in stories (TF-IDF, time windows, an inverted index for the
candidate search; settings in ``stories/data/settings.tsv``); :mod:`~sitrep.stories.assign` does it for the
articles of a store. :mod:`~sitrep.stories.merge` merges the reports of one event across articles
(docs/merging.md); :mod:`~sitrep.stories.outlets` says who published a report (``stories/data/outlets.tsv``);
:mod:`~sitrep.stories.compare` and :mod:`~sitrep.stories.view` set a story's outlets side by side. See
docs/stories.md.
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
