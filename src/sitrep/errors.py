"""sitrep's exception tree, in one place.

Every error sitrep raises on purpose is a :class:`SitrepError`. Third-party errors are translated at the
boundary (``raise ... from err``) so callers catch one family. The command line turns each class into one
line on stderr and the exit code given in :data:`EXIT_CODES` (documented in ``docs/cli.md``)::

    SitrepError
    ├── ConfigError        bad option or setting (exit 2)
    │   └── DataFileError  a bad entry in an analyst data file, with file:line (exit 2)
    ├── InputError         an input that cannot be read or used (exit 3)
    │   └── RefusedError   an address sitrep will not fetch (private, loopback, not http(s)) (exit 3)
    ├── ModelError         the NLP model cannot be found or loaded (exit 4)
    └── StoreError         the database cannot be opened, migrated or written (exit 5)

``sitrep ingest`` also exits 3 when some inputs were quarantined (the rest of the batch is stored).
"""

from __future__ import annotations

from pathlib import Path


class SitrepError(Exception):
    """Base class of every error sitrep raises on purpose."""

    exit_code = 1


class ConfigError(SitrepError):
    """An option, setting or environment variable has a value sitrep cannot use."""

    exit_code = 2


class DataFileError(ConfigError):
    """An analyst data file (dictionary, lexicon, pattern list) has a bad entry.

    The message starts with ``file:line:`` so editors and terminals can jump to the entry.
    """

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = message
        super().__init__(f"{self.path}:{line}: {message}")


class InputError(SitrepError):
    """An input (file, text, article) cannot be read or used."""

    exit_code = 3


class RefusedError(InputError):
    """An address sitrep will not fetch: not ``http``/``https``, or a host on a private, loopback,
    link-local, multicast, reserved or unspecified address (unless ``--allow-private``)."""


class TimeBudgetError(InputError):
    """An article took longer to code than its time budget (``--time-budget``): a pathological text is
    quarantined as a ``coding`` failure instead of holding a worker for minutes."""


class ModelError(SitrepError):
    """The NLP model cannot be found, loaded, or does not provide what sitrep needs."""

    exit_code = 4


class StoreError(SitrepError):
    """The database cannot be reached, opened, migrated or written."""

    exit_code = 5


EXIT_CODES: dict[type[SitrepError], int] = {
    SitrepError: SitrepError.exit_code,
    ConfigError: ConfigError.exit_code,
    DataFileError: DataFileError.exit_code,
    InputError: InputError.exit_code,
    RefusedError: RefusedError.exit_code,
    ModelError: ModelError.exit_code,
    StoreError: StoreError.exit_code,
}
"""Exit code of the ``sitrep`` command for each error class (0 is success, 130 an interrupt)."""
