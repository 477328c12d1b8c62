"""The ``sitrep`` command. Thin: parses options, calls the library, prints.

One module per command group: :mod:`~sitrep.cli.nlp` (``parse``, ``model``), :mod:`~sitrep.cli.extract`
(``extract``, ``show``), :mod:`~sitrep.cli.ingest`, :mod:`~sitrep.cli.scale` (``spark``, ``load``),
:mod:`~sitrep.cli.export`, :mod:`~sitrep.cli.stories`,
:mod:`~sitrep.cli.stats`, :mod:`~sitrep.cli.serve`,
:mod:`~sitrep.cli.evaluate` (``eval plover``, ``eval quotes``); what they share is in
:mod:`~sitrep.cli.options`. Each command imports the library inside its function, so ``sitrep --version``
and ``sitrep --help`` load neither spaCy nor the coder nor the store.

Exit codes (``docs/cli.md``): 0 success; 1 unexpected sitrep error; 2 bad option, usage or data file; 3 bad
input; 4 model problem; 5 database problem; 130 interrupted (Ctrl-C); 143 terminated (SIGTERM, handled like
Ctrl-C). Errors print as one line on stderr
(``error: ...``).
"""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer
from rich.markup import escape

from sitrep._version import __version__
from sitrep.cli import compare, evaluate, export, extract, ingest, nlp, scale, serve, stats, stories
from sitrep.cli.options import err, out
from sitrep.errors import SitrepError
from sitrep.terminal import shown

__all__ = ["app", "main"]

app = typer.Typer(
    name="sitrep",
    help="A news-event engine: who did what to whom, who says so, and in whose words.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        out.print(f"sitrep {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """sitrep reads news reports and records events, claims and framing, with evidence offsets."""


app.command()(nlp.parse)
app.command("model")(nlp.model_info)
app.command()(extract.extract)
app.command()(extract.show)
app.command()(ingest.ingest)
app.command()(scale.spark)
app.command()(scale.load)
app.command()(export.export)
app.command()(stats.stats)
app.command()(stories.stories)
app.command()(compare.compare)
app.command()(serve.serve)
app.add_typer(evaluate.app, name="eval")

INTERRUPTED = 130
"""Exit code after Ctrl-C."""
TERMINATED = 143
"""Exit code after SIGTERM (128 + 15), what ``timeout``, systemd, Docker and Kubernetes send."""


class _Terminated:
    """SIGTERM, handled like Ctrl-C while a command runs: a ``KeyboardInterrupt`` is raised in the main
    thread, so ``ingest`` flushes its batch and records the run as ``interrupted``."""

    def __init__(self) -> None:
        self.received = False
        self.previous: object = None

    def __enter__(self) -> _Terminated:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, self._handle)
        return self

    def __exit__(self, *_: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)  # type: ignore[arg-type]

    def _handle(self, signum: int, frame: object) -> None:
        self.received = True
        raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``sitrep`` console script; returns the exit code."""
    with _Terminated() as terminated:
        code = _main(argv)
    if terminated.received and code == INTERRUPTED:
        return TERMINATED
    return code


def _main(argv: list[str] | None) -> int:
    try:
        code = app(args=argv, prog_name="sitrep", standalone_mode=False)
    except SitrepError as error:
        return _fail(str(error), error.exit_code)
    except typer.Abort:
        return _fail("aborted", 1)
    except Exception as error:
        usage = _usage_error(error)
        if usage is None:
            raise
        return usage
    except KeyboardInterrupt:
        err.print("interrupted")
        return INTERRUPTED
    except SystemExit as done:  # Typer exits so on a broken pipe
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    if code == INTERRUPTED:  # Typer turns Ctrl-C inside a command into Exit(130)
        err.print("interrupted")
    return code if isinstance(code, int) else 0


def _usage_error(error: Exception) -> int | None:
    """Print a Click usage error (bad option, missing argument, no such command) as one line; return its exit
    code (2). None for any other exception.

    Typer vendors Click in recent versions and uses Click itself in older ones, so the error is recognised by
    its shape (``format_message``, ``exit_code``), not its class.
    """
    show = getattr(error, "format_message", None)
    code = getattr(error, "exit_code", None)
    if not callable(show) or not isinstance(code, int):
        return None
    if type(error).__name__ == "NoArgsIsHelpError":
        return code  # the help is printed already
    path = getattr(getattr(error, "ctx", None), "command_path", None)
    where = f" (see '{path} --help')" if path else ""
    return _fail(str(show()) + where, code)


def _fail(message: str, code: int) -> int:
    """Print ``error: message`` as one line on stderr; return ``code``."""
    line = shown(" ".join(message.split()))
    err.print(f"[bold red]error:[/] {escape(line)}", highlight=False, soft_wrap=True)
    return code
