"""Security: no fetch of private, loopback or link-local addresses (first request, redirects, feed entry
links) unless ``--allow-private``; passwords masked in every database URL form; CSV cells that a
spreadsheet would run as formulas escaped; names printed on a terminal with their controls escaped."""

from __future__ import annotations

import http.server
import io
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from hostile_support import Run, failures, report_text, stored, write

from sitrep.article import Failure
from sitrep.errors import RefusedError
from sitrep.export.tables import TABLE_COLUMNS, write_csv
from sitrep.ingest.base import ReadOptions
from sitrep.ingest.http import check_url, fetch, make_client
from sitrep.store.url import redact
from sitrep.terminal import shown

PAGE = (
    "<!doctype html><html><head><title>Port strike ends</title></head><body><article><p>"
    + report_text(7)
    + "</p><p>Dock workers returned to work on Wednesday after a deal was reached, union leaders said.</p>"
    "</article></body></html>"
).encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []  # the paths asked for, by every test of the module

    def do_GET(self) -> None:
        _Handler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def local() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/article"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/",
        "http://localhost/",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "file:///etc/passwd",
        "gopher://example.org/",
    ],
)
def test_check_url_refuses(url: str) -> None:
    with pytest.raises(RefusedError):
        check_url(url, allow_private=False)


def test_check_url_allows_public_and_private_on_request() -> None:
    check_url("http://93.184.216.34/", allow_private=False)
    check_url("https://[2606:4700::1]/", allow_private=False)
    check_url("http://127.0.0.1/", allow_private=True)
    with pytest.raises(RefusedError, match="only http and https"):
        check_url("file:///etc/passwd", allow_private=True)


def test_a_loopback_url_is_refused_without_the_flag(sitrep: Run, local: str, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    ran = sitrep("ingest", local, "--db", db)
    assert ran.code == 3
    assert stored(db) == {}
    [(source, kind, reason)] = failures(db)
    assert (source, kind) == (local, "refused") and "--allow-private" in reason
    ran = sitrep("ingest", local, "--db", db, "--allow-private")
    assert ran.code == 0, ran.err
    assert len(stored(db)) == 1


def test_a_redirect_to_a_private_address_is_refused() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://169.254.169.254/latest/meta-data/"})

    options = ReadOptions()
    with make_client(options, transport=httpx.MockTransport(answer)) as client:
        result = fetch("http://news.invalid/story", options, client)
    assert isinstance(result, Failure) and result.kind == "refused"
    assert "169.254.169.254" in result.reason


def test_a_feed_entry_linking_to_loopback_is_refused(local: str, tmp_path: Path) -> None:
    from sitrep.ingest.readers import read_sources

    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>Inside</title><link>{local}</link><description>Teaser.</description></item>"
        "</channel></rss>"
    )
    path = write(tmp_path / "wire.rss", feed)
    [item] = read_sources([str(path)], ReadOptions(timeout=2))
    assert isinstance(item, Failure) and item.kind == "refused"


@pytest.mark.parametrize(
    ("url", "hidden"),
    [
        ("postgresql://u:p@ss:w0rd@db.example/x", "p@ss:w0rd"),
        ("postgresql://:secret@db.example/x", "secret"),
        ("postgresql://u@db.example/x?password=hunter2&sslmode=require", "hunter2"),
        ("postgresql://u:pw@db.example/x?sslpassword=key1", "key1"),
    ],
)
def test_passwords_are_masked_in_every_form(url: str, hidden: str) -> None:
    masked = redact(url)
    assert hidden not in masked and "***" in masked and "db.example" in masked


def test_an_unreachable_database_prints_no_password(sitrep: Run) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ran = sitrep("stats", "--db", f"postgresql://u:p@ss:w0rd@127.0.0.1:{port}/x")
    assert ran.code in (2, 5) and "w0rd" not in ran.err and "p@ss" not in ran.err
    assert ran.err.startswith("error: --db postgresql://u:***@127.0.0.1")


def test_csv_cells_that_look_like_formulas_are_escaped() -> None:
    row = dict.fromkeys(TABLE_COLUMNS) | {
        "article_id": '=HYPERLINK("http://x")',
        "outlet": "+cmd",
        "title": "@SUM(A1)",
        "source_text": "-2+3",
        "target_text": "\tTab",
        "goldstein": -2.0,
    }
    out = io.StringIO()
    write_csv([row], out)
    body = out.getvalue().splitlines()[1]
    for cell in ("'=HYPERLINK", "'+cmd", "'@SUM(A1)", "'-2+3", "'\tTab"):
        assert cell in body, cell
    assert ",-2.0," in body  # numbers are never changed


def test_names_with_escape_sequences_are_shown_escaped(sitrep: Run, tmp_path: Path) -> None:
    assert shown("a\x1b[2Jb\nc\u202e") == "a\\x1b[2Jb\\nc\\u202e"
    folder = tmp_path / "in"
    write(folder / "evil\x1b]0;owned\x07\nerror: forged.txt", "")
    write(folder / "good.txt", report_text(1))
    ran = sitrep("ingest", str(folder), "--db", str(tmp_path / "s.db"))
    assert ran.code == 3
    assert "\x1b" not in ran.err and "\x07" not in ran.err
    assert not any(line.startswith("error: forged") for line in ran.err.splitlines())


def test_rich_markup_in_titles_and_outlets_is_shown_not_applied(sitrep: Run, tmp_path: Path) -> None:
    record = {"text": report_text(4), "title": "[red]Breaking[/red] news", "source": "[link=http://x]Wire"}
    path = write(tmp_path / "a.jsonl", json.dumps(record) + "\n")
    db = str(tmp_path / "s.db")
    assert sitrep("ingest", str(path), "--db", db).code == 0
    ran = sitrep("stories", "--db", db)
    assert ran.code == 0
    assert "[red]Breaking[/red]" in ran.out and "[link=http://x]Wire" in ran.out
    ran = sitrep("stats", "--db", db)
    assert ran.code == 0


def test_a_name_that_rebinds_to_loopback_is_refused_before_a_request_is_sent(
    local: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: the name answers a public address to the check, then loopback to the connection. The
    # connection goes to the address checked in its own lookup, so the loopback server never sees a request.
    real = socket.getaddrinfo
    answers: list[str] = []

    def rebinding(host: str, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.example":
            return real(host, *args, **kwargs)
        answers.append(host)
        address = "93.184.216.34" if len(answers) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    served_before = len(_Handler.requests)
    url = local.replace("127.0.0.1", "rebind.example")
    options = ReadOptions(timeout=2)
    with make_client(options) as client:
        result = fetch(url, options, client)
    assert isinstance(result, Failure) and result.kind == "refused", result
    assert "127.0.0.1" in result.reason and "moment of connecting" in result.reason
    assert len(answers) == 2 and len(_Handler.requests) == served_before  # checked twice, never sent


def test_a_proxy_in_the_environment_is_used_and_names_are_still_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sitrep.ingest.http import _direct_transport

    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    assert _direct_transport(ReadOptions()) is None  # httpx's transport, through the proxy
    with make_client(ReadOptions(timeout=2)) as client:
        refused = fetch("http://127.0.0.1:9/", ReadOptions(timeout=2), client)
    assert isinstance(refused, Failure) and refused.kind == "refused"
    monkeypatch.delenv("HTTPS_PROXY")
    for name in ("HTTP_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert _direct_transport(ReadOptions()) is not None
    assert _direct_transport(ReadOptions(allow_private=True)) is not None  # the deadline still applies
