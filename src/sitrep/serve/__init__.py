"""``sitrep serve``: a JSON API and web pages over a sitrep database, read-only, offline (docs/api.md,
docs/web.md).

:func:`create_app` builds the application over an engine from :func:`open_readonly`; the query functions
behind every route are in :mod:`sitrep.serve.queries`, facets and timelines from memory in
:mod:`sitrep.serve.cube`.
"""

from __future__ import annotations

from sitrep.serve.app import ServeSettings, create_app
from sitrep.serve.db import open_readonly
from sitrep.serve.filters import FilterError, Filters, parse_filters

__all__ = ["FilterError", "Filters", "ServeSettings", "create_app", "open_readonly", "parse_filters"]
