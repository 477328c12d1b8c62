"""Budgets: a server that trickles its answer is cut off at the fetch deadline; a (gzipped) JSONL file of
endless blank lines is cut off after a run of them."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from hostile_support import Run, report_text, stored, write

from sitrep.article import MAX_RUN, Article, Failure
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.readers import read_sources
from sitrep.ingest.readers.tabular import MAX_BLANK_RUN


class _Trickle(http.server.BaseHTTPRequestHandler):
    """Sends one byte every 50 ms: each read is quick, the whole is slow. The body trickles, or with
    ``headers_too`` the status line comes and then a header that never ends."""

    headers_too: ClassVar[bool] = False

    def do_GET(self) -> None:
        try:
            if self.headers_too:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            else:
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
            for _ in range(200):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


class _TrickleHeaders(_Trickle):
    headers_too = True


def _serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/slow"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def trickle() -> Iterator[str]:
    yield from _serve(_Trickle)


@pytest.fixture
def trickle_headers() -> Iterator[str]:
    yield from _serve(_TrickleHeaders)


def test_a_trickling_server_is_cut_off_at_the_deadline(trickle: str) -> None:
    started = time.monotonic()
    [item] = read_sources([trickle], ReadOptions(timeout=2, deadline=1, allow_private=True))
    assert time.monotonic() - started < 3
    assert isinstance(item, Failure) and item.kind == "unreachable" and "deadline of 1s" in item.reason


def test_a_server_trickling_its_headers_is_cut_off_at_the_deadline(trickle_headers: str) -> None:
    started = time.monotonic()
    [item] = read_sources([trickle_headers], ReadOptions(timeout=2, deadline=1, allow_private=True))
    assert time.monotonic() - started < 2.5  # the headers alone would take 10 s
    assert isinstance(item, Failure) and item.kind == "unreachable" and "deadline of 1s" in item.reason


def test_endless_blank_lines_are_cut_off(tmp_path: Path) -> None:
    lines = json.dumps({"text": report_text(1)}) + "\n" + "\n" * (MAX_BLANK_RUN * 50) + "{}\n"
    path = write(tmp_path / "blank.jsonl.gz", gzip.compress(lines.encode()))
    started = time.monotonic()
    items = list(read_sources([str(path)], ReadOptions()))
    assert time.monotonic() - started < 2
    assert isinstance(items[0], Article)
    assert isinstance(items[1], Failure) and items[1].kind == "malformed" and "blank lines" in items[1].reason
    assert len(items) == 2


def test_a_bad_deadline_is_exit_2(sitrep: Run, tmp_path: Path) -> None:
    ran = sitrep("ingest", str(tmp_path), "--deadline", "inf", "--db", str(tmp_path / "s.db"))
    assert ran.code == 2 and "--deadline must be a number of seconds" in ran.err


def test_a_tag_with_200000_attributes_is_read_quickly(tmp_path: Path) -> None:
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(200_000))
    body = " ".join(report_text(n) for n in range(3))
    page = f"<!doctype html><html><body><article><p {attributes}>{body}</p></article></body></html>"
    path = write(tmp_path / "attrs.html", page)
    started = time.monotonic()
    [item] = read_sources([str(path)], ReadOptions())
    assert time.monotonic() - started < 5
    assert isinstance(item, Article) and item.text.startswith("Russian forces attacked")


def test_pathological_runs_are_capped_before_coding(sitrep: Run, tmp_path: Path) -> None:
    write(tmp_path / "in" / "quotes.txt", report_text(1) + " " + '"' * 100_000)
    write(tmp_path / "in" / "brackets.txt", report_text(2) + " " + "[" * 10_000 + "]" * 10_000)
    db = str(tmp_path / "s.db")
    started = time.monotonic()
    ran = sitrep("ingest", str(tmp_path / "in"), "--db", db)
    assert time.monotonic() - started < 20
    assert ran.code == 0, ran.err
    texts = [str(row["text"]) for row in stored(db).values()]
    assert len(texts) == 2 and all(len(text) < 1_000 for text in texts)
    assert any('"' * MAX_RUN in text for text in texts)
