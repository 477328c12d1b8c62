"""Events: the pattern files and the coder that turns parsed sentences into CAMEO/PLOVER events."""

from sitrep.events.coder import EventCoder
from sitrep.events.patterns import Patterns, default_patterns, load_patterns

__all__ = ["EventCoder", "Patterns", "default_patterns", "load_patterns"]
