"""sitrep: a news-event engine — who did what to whom, who says so, and in whose words."""

from sitrep.errors import ConfigError, DataFileError, InputError, ModelError, SitrepError
from sitrep.nlp import SHIPPED_MODEL, load_model

__version__ = "0.1.0"

__all__ = [
    "SHIPPED_MODEL",
    "ConfigError",
    "DataFileError",
    "InputError",
    "ModelError",
    "SitrepError",
    "__version__",
    "load_model",
]
