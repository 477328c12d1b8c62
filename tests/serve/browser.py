"""Real Chromium for the web UI's tests and screenshots: Debian's /usr/bin/chromium driven by Playwright.

No browser is ever downloaded: Playwright is pointed at the system Chromium with ``executable_path``, started
headless with background networking off (the machine's network is closed; Chromium's own update and sync
calls would fail and count as external requests). :class:`Watch` records what a page did that it should not:
console errors, uncaught exceptions, requests to any origin but the server's own.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.request import urlopen

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--metrics-recording-only",
    "--no-default-browser-check",
]

FIRST_PAINT = "performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)[0] || -1"
"""A script that gives a page's first contentful paint in milliseconds (-1 before it)."""


def chromium_path() -> str | None:
    """Debian's Chromium (``$SITREP_CHROMIUM`` overrides), or None."""
    own = os.environ.get("SITREP_CHROMIUM")
    if own:
        return own
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(db: Path | str, *extra: str) -> Iterator[str]:
    """``sitrep serve`` on a free localhost port, as a user starts it; yields its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "sitrep",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--log-level",
        "warning",
        *extra,
    ]
    # the server writes to a file: a pipe nobody reads could fill and stall it
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urlopen(base + "/api/v1/summary", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if process.poll() is not None:
                        log.seek(0)
                        raise RuntimeError(f"sitrep serve exited: {log.read()[-2000:]}") from None
                    if time.monotonic() > deadline:
                        raise RuntimeError("sitrep serve did not start within 60 s") from None
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class Watch:
    """What went wrong on a page: console errors, page errors, requests that left the server."""

    base: str
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on(
            "console",
            lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(self.base + "/") or url.startswith("data:") or url.startswith("blob:"):
                r.continue_()
            else:
                self.external.append(url)
                r.abort()

        page.route("**/*", route)

    def problems(self) -> list[str]:
        return self.console + self.errors + self.external + self.failed


@contextlib.contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium (Playwright's sync API) on Debian's binary."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium not found (Debian's chromium package; `make install` installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()
