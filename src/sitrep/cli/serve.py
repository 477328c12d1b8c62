"""``sitrep serve``: the HTTP API and web UI over a database, read-only, on localhost by default."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated, Any

import typer

from sitrep.cli.options import DbOption, err
from sitrep.errors import ConfigError

TOKEN_ENV = "SITREP_TOKEN"


def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on. 127.0.0.1 keeps the server to this machine.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar=TOKEN_ENV,
            show_envvar=True,
            help="Turn on the write endpoint (POST /api/v1/articles) for requests bearing this token.",
        ),
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private", help="Let the write endpoint fetch URLs on private and loopback addresses."
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option(help="Server processes (each answers requests on its own core; 1 on a laptop).")
    ] = 1,
    log_level: Annotated[
        str, typer.Option(help="uvicorn's log level: critical, error, warning, info.")
    ] = "info",
) -> None:
    """Serve the JSON API (/api/v1, docs at /api/docs) and the web UI over the database (docs/web.md)."""
    if not 0 <= port <= 65535:
        raise ConfigError(f"--port {port}: must be between 0 and 65535")
    if not 1 <= workers <= 64:
        raise ConfigError(f"--workers {workers}: must be between 1 and 64")
    if log_level not in ("critical", "error", "warning", "info", "debug"):
        raise ConfigError(f"--log-level {log_level}: use critical, error, warning, info or debug")
    if token is not None and len(token) < 16:
        raise ConfigError(
            "--token: use at least 16 characters (e.g. `python -c 'import secrets; "
            "print(secrets.token_urlsafe())'`)"
        )
    import uvicorn

    from sitrep.serve import ServeSettings, create_app, open_readonly
    from sitrep.store.url import database_url

    engine, name = open_readonly(db)
    settings = ServeSettings(db=database_url(db), name=name, token=token, allow_private=allow_private)
    if not _is_loopback(host):
        err.print(
            f"[yellow]warning:[/] listening on {host}: anyone who can reach this machine can read {name}"
        )
    writes = "on (token required)" if token else "off"
    err.print(
        f"serving {name} read-only at http://{_url_host(host)}:{port}/ (writes {writes}); Ctrl-C stops",
        highlight=False,
    )
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "server_header": False,
        "proxy_headers": False,
    }
    if workers == 1:
        uvicorn.run(create_app(engine, settings), **options)
        return
    engine.dispose()
    os.environ["SITREP_SERVE_DB"] = settings.db
    os.environ["SITREP_SERVE_TOKEN"] = token or ""
    os.environ["SITREP_SERVE_ALLOW_PRIVATE"] = "1" if allow_private else ""
    uvicorn.run("sitrep.serve.app:app_from_environment", factory=True, workers=workers, **options)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
