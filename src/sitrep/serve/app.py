"""The web application: a JSON API under ``/api/v1`` and web pages over the same query functions.

Every page has a JSON twin at the same path with ``.json`` appended (or with ``Accept: application/json``).
API lists share one envelope — ``{"data": [...], "meta": {"count", "limit", "next", "filters"}, "links":
{"self", "next"}}`` — and every error, whatever raised it, has one shape: ``{"error": {"status", "code",
"message", "parameter"}}`` (docs/api.md). Pages send a strict Content-Security-Policy: no inline script or
style, nothing from another origin.
"""

from __future__ import annotations

import csv
import hmac
import io
import json
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException

from sitrep._version import __version__
from sitrep.errors import SitrepError
from sitrep.serve import queries
from sitrep.serve.cube import Cube
from sitrep.serve.filters import FILTER_NAMES, FilterError, Filters, parse_filters
from sitrep.serve.highlight import segments
from sitrep.serve.writes import WriteSettings, add_article

HERE = Path(__file__).parent
API = "/api/v1"

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The Content-Security-Policy of every response: only this server's own files; no inline code."""

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_parameter",
    500: "server_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error answered in the one error shape."""

    def __init__(self, status: int, message: str, *, parameter: str | None = None) -> None:
        self.status = status
        self.message = message
        self.parameter = parameter
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """How ``sitrep serve`` runs: the database, and who may write (``token``; None: nobody)."""

    db: str
    name: str
    token: str | None = None
    allow_private: bool = False


def create_app(engine: Engine, settings: ServeSettings) -> FastAPI:
    """The application over the read-only ``engine`` (:func:`sitrep.serve.db.open_readonly`)."""
    cube = Cube(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # each server process reads the events into its cube before it answers anyone (seconds for a
        # million events), so no request waits behind the first build
        await anyio.to_thread.run_sync(cube.totals)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="sitrep",
        version=__version__,
        description="Events, quotes, framing cues and stories coded by sitrep (docs/api.md).",
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{API}/openapi.json",
    )
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        version=__version__, db_name=settings.name, writes=settings.token is not None
    )
    templates.env.filters["query"] = _query_string
    app.state.cube = cube
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # -- plumbing ---------------------------------------------------------------------------------------

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Any]) -> Response:
        head = request.method == "HEAD"
        if head:  # HEAD is GET without the body, on every page and endpoint
            request.scope["method"] = "GET"
        response: Response = await call_next(request)
        if head:
            body = getattr(response, "body_iterator", None)
            if body is not None and hasattr(body, "aclose"):
                await body.aclose()
            response = Response(status_code=response.status_code, headers=dict(response.headers))
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "public, max-age=86400"
        return response

    def wants_json(request: Request) -> bool:
        if request.url.path.startswith(API) or request.url.path.endswith(".json"):
            return True
        accept = request.headers.get("accept", "")
        return "application/json" in accept and "text/html" not in accept

    def error_response(request: Request, status: int, message: str, parameter: str | None = None) -> Response:
        body = {
            "status": status,
            "code": ERROR_CODES.get(status, "error"),
            "message": message,
            "parameter": parameter,
        }
        if wants_json(request):
            return JSONResponse({"error": body}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"error": body}, status_code=status)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> Response:
        return error_response(request, error.status, error.message, error.parameter)

    @app.exception_handler(FilterError)
    async def _filter_error(request: Request, error: FilterError) -> Response:
        return error_response(request, 422, error.reason, error.parameter)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> Response:
        first = error.errors()[0] if error.errors() else {}
        location = [str(x) for x in first.get("loc", ()) if x not in ("query", "body", "path")]
        return error_response(
            request, 422, str(first.get("msg", "invalid request")), ".".join(location) or None
        )

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        messages = {404: "no such page", 405: "method not allowed"}
        detail = error.detail if isinstance(error.detail, str) else None
        if error.status_code in messages and detail in ("Not Found", "Method Not Allowed", None):
            detail = messages[error.status_code]
        return error_response(request, error.status_code, detail or "error")

    @app.exception_handler(SQLAlchemyError)
    async def _database(request: Request, error: SQLAlchemyError) -> Response:
        return error_response(request, 503, f"the database cannot answer ({error.__class__.__name__})")

    @app.exception_handler(SitrepError)
    async def _sitrep(request: Request, error: SitrepError) -> Response:
        return error_response(request, 400, str(error))

    @app.exception_handler(Exception)
    async def _server(request: Request, error: Exception) -> Response:
        return error_response(request, 500, f"server error ({error.__class__.__name__})")

    def filters_of(request: Request) -> Filters:
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        return parse_filters(params)

    def int_param(request: Request, name: str, default: int | None = None) -> int | None:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return default
        if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 9:
            raise FilterError(name, f"{raw[:20]!r} is not a whole number")
        return int(raw)

    def choice(request: Request, name: str, options: tuple[str, ...], default: str) -> str:
        raw = request.query_params.get(name) or default
        if raw not in options:
            raise FilterError(name, f"must be one of {', '.join(o or '(none)' for o in options)}")
        return raw

    def page_envelope(request: Request, page: queries.Page, f: Filters) -> dict[str, Any]:
        following = None
        if page.next:
            pairs = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
            following = f"{request.url.path}?{urlencode([*pairs, ('cursor', page.next)])}"
        return {
            "data": page.rows,
            "meta": {"count": len(page.rows), "limit": page.limit, "next": page.next, "filters": f.to_dict()},
            "links": {
                "self": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
                "next": following,
            },
        }

    def paged(request: Request, query: Callable[..., queries.Page]) -> tuple[Filters, queries.Page]:
        f = filters_of(request)
        page = read(query, f, cursor=request.query_params.get("cursor"), limit=int_param(request, "limit"))
        return f, page

    def twin_or_page(
        request: Request,
        raw: str,
        load: Callable[[str], dict[str, Any]],
        template: str,
        page: str,
        **extra: Callable[[dict[str, Any]], Any],
    ) -> Response:
        """One object's page (``/kind/ID``) or its JSON twin (``/kind/ID.json`` or ``Accept``)."""
        as_json = raw.endswith(".json")
        found = load(raw.removesuffix(".json") if as_json else raw)
        if as_json or wants_json(request):
            return JSONResponse(one(found))
        context = {"data": found, "page": page, **{k: make(found) for k, make in extra.items()}}
        return templates.TemplateResponse(request, template, context)

    def one(data: Any, **meta: Any) -> dict[str, Any]:
        return {"data": data, "meta": meta}

    def html_or_json(request: Request, template: str, payload: dict[str, Any], **extra: Any) -> Response:
        if wants_json(request):
            return JSONResponse(payload)
        return templates.TemplateResponse(request, template, {**payload, **extra})

    def read(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with engine.connect() as conn:
            return fn(conn, *args, **kwargs)

    # -- API ---------------------------------------------------------------------------------------------

    def events_payload(request: Request) -> dict[str, Any]:
        f, page = paged(request, queries.events_page)
        return page_envelope(request, page, f)

    @app.get(f"{API}/events", tags=["events"], summary="Events (one row per mention), newest first")
    def api_events(request: Request) -> JSONResponse:
        return JSONResponse(events_payload(request))

    @app.get(f"{API}/events/export.{{fmt}}", tags=["events"], summary="Every matching event, streamed")
    def api_export(request: Request, fmt: str) -> Response:
        if fmt not in ("jsonl", "csv"):
            raise ApiError(404, "export formats: export.jsonl, export.csv")
        f = filters_of(request)

        def rows() -> Iterator[dict[str, Any]]:
            with engine.connect() as conn:
                yield from queries.stream_events(conn, f)

        if fmt == "jsonl":
            body = (json.dumps(r, ensure_ascii=False) + "\n" for r in rows())
            return StreamingResponse(
                body,
                media_type="application/x-ndjson",
                headers={"Content-Disposition": 'attachment; filename="events.jsonl"'},
            )
        return StreamingResponse(
            _csv_lines(rows()),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="events.csv"'},
        )

    @app.get(f"{API}/articles", tags=["articles"], summary="Articles, newest first")
    def api_articles(request: Request) -> JSONResponse:
        f, page = paged(request, queries.articles_page)
        return JSONResponse(page_envelope(request, page, f))

    def article_data(article_id: str) -> dict[str, Any]:
        found = read(queries.article, article_id)
        if found is None:
            raise ApiError(404, f"no article {article_id[:80]!r}")
        return dict(found)

    @app.get(f"{API}/articles/{{article_id}}", tags=["articles"], summary="One article with all it holds")
    def api_article(article_id: str) -> JSONResponse:
        return JSONResponse(one(article_data(article_id)))

    @app.post(
        f"{API}/articles",
        tags=["articles"],
        summary="Ingest a text or a URL (needs the token)",
        status_code=201,
    )
    async def api_add_article(request: Request) -> JSONResponse:
        _authorise(request, settings.token)
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "the body must be a JSON object") from None
        result = add_article(body, WriteSettings(settings.db, settings.allow_private))
        cube.invalidate()
        return JSONResponse(one(result), status_code=201)

    @app.get(f"{API}/quotes", tags=["quotes"], summary="Quotes with their speakers")
    def api_quotes(request: Request) -> JSONResponse:
        f, page = paged(request, queries.quotes_page)
        return JSONResponse(page_envelope(request, page, f))

    @app.get(f"{API}/framing", tags=["framing"], summary="Framing cues")
    def api_framing(request: Request) -> JSONResponse:
        f, page = paged(request, queries.framing_page)
        return JSONResponse(page_envelope(request, page, f))

    @app.get(f"{API}/actors", tags=["actors"], summary="Coded actors by number of events")
    def api_actors(request: Request) -> JSONResponse:
        f = filters_of(request)
        rows = read(queries.actors_list, f, limit=int_param(request, "limit"))
        return JSONResponse({"data": rows, "meta": {"count": len(rows), "filters": f.to_dict()}})

    def actor_data(request: Request, code: str) -> dict[str, Any]:
        f = filters_of(request)
        found = read(queries.actor, code, f)
        if found is None:
            raise ApiError(404, f"no events with the actor code {code[:40]!r}")
        return dict(found)

    @app.get(f"{API}/actors/{{code}}", tags=["actors"], summary="One actor: events over time, counterparts")
    def api_actor(request: Request, code: str) -> JSONResponse:
        return JSONResponse(one(actor_data(request, code)))

    @app.get(f"{API}/stories", tags=["stories"], summary="Stories, most recent first")
    def api_stories(request: Request) -> JSONResponse:
        f, page = paged(request, queries.stories_page)
        return JSONResponse(page_envelope(request, page, f))

    def story_id(story: str) -> int:
        if not story.isascii() or not story.isdigit() or len(story) > 12:
            raise ApiError(404, f"no story {story[:20]!r}")
        return int(story)

    def story_data(story: str) -> dict[str, Any]:
        from sitrep.serve.stories import story_comparison

        found = story_comparison(engine, story_id(story))
        if found is None:
            raise ApiError(404, f"no story {story}")
        return found

    @app.get(f"{API}/stories/{{story}}", tags=["stories"], summary="A story side by side, outlet by outlet")
    def api_story(story: str) -> JSONResponse:
        return JSONResponse(one(story_data(story)))

    @app.get(
        f"{API}/stories/{{story}}/events",
        tags=["stories", "events"],
        summary="A story's merged events, each with every report of it (mentions)",
    )
    def api_story_events(story: str) -> JSONResponse:
        from sitrep.serve.stories import story_events

        found = story_events(engine, story_id(story))
        if found is None:
            raise ApiError(404, f"no story {story}")
        return JSONResponse({"data": found, "meta": {"count": len(found), "story": int(story)}})

    def facets_payload(request: Request) -> dict[str, Any]:
        f = filters_of(request)
        names = [n for raw in request.query_params.getlist("facet") for n in raw.split(",") if n] or [
            n for n in queries.FACETS if n != "day"
        ]
        for name in names:
            if name not in queries.FACETS:
                raise FilterError("facet", f"{name[:30]!r} is not one of {', '.join(queries.FACETS)}")
        top = int_param(request, "top", 20)
        if top is None or not 1 <= top <= 1000:
            raise FilterError("top", "must be between 1 and 1000")
        data = {name: cube.facet(f, name, top=top) for name in names}
        return {"data": data, "meta": {"filters": f.to_dict(), "top": top, "source": cube.last_source}}

    @app.get(f"{API}/facets", tags=["facets"], summary="Event counts by dimension")
    def api_facets(request: Request) -> JSONResponse:
        return JSONResponse(facets_payload(request))

    def timeline_payload(request: Request) -> dict[str, Any]:
        f = filters_of(request)
        by = choice(request, "by", ("root", "plover", "quad", ""), "quad")
        interval = choice(request, "interval", ("day", "week", "month"), "day")
        data = cube.timeline(f, by, interval)
        return {
            "data": data,
            "meta": {"filters": f.to_dict(), "by": by or None, "interval": interval, "count": len(data)},
        }

    @app.get(f"{API}/timeline", tags=["facets"], summary="Events per day, week or month")
    def api_timeline(request: Request) -> JSONResponse:
        return JSONResponse(timeline_payload(request))

    @app.get(f"{API}/places", tags=["facets"], summary="Where the events happened: located places by count")
    def api_places(request: Request) -> JSONResponse:
        f = filters_of(request)
        top = int_param(request, "top", 500)
        if top is None or not 1 <= top <= 5000:
            raise FilterError("top", "must be between 1 and 5000")
        data = read(queries.event_places, f, top=top)
        return JSONResponse({"data": data, "meta": {"filters": f.to_dict(), "top": top, "count": len(data)}})

    @app.get(f"{API}/summary", tags=["facets"], summary="What the database holds")
    def api_summary() -> JSONResponse:
        return JSONResponse(one(cube.totals()))

    @app.get("/api/docs", include_in_schema=False)
    def api_docs(request: Request) -> Response:
        return templates.TemplateResponse(request, "api_docs.html", {})

    # -- pages (each with its JSON twin) -------------------------------------------------------------------

    def dashboard(request: Request) -> Response:
        f = filters_of(request)
        summary = cube.totals()
        interval = _interval(summary.get("first_event"), summary.get("last_event"), f)
        by = choice(request, "by", ("quad", "root", "plover"), "quad")
        payload = {
            "data": {
                "summary": summary,
                "interval": interval,
                "by": by,
                "timeline": cube.timeline(f, by, interval),
                "actor_pairs": cube.facet(f, "actor_pair", top=15),
                "countries": cube.facet(f, "source_country", top=250),
                "targets": cube.facet(f, "target_country", top=250),
                "pairs": cube.facet(f, "country_pair", top=15),
                "roots": cube.facet(f, "root", top=20),
            },
            "meta": {"filters": f.to_dict()},
        }
        return html_or_json(request, "dashboard.html", payload, filters=f, page="dashboard")

    app.get("/", include_in_schema=False)(dashboard)
    app.get("/index.json", include_in_schema=False)(dashboard)

    def events_view(request: Request) -> Response:
        f = filters_of(request)
        payload = events_payload(request)
        if wants_json(request):
            return JSONResponse(payload)
        if request.headers.get("hx-request") == "true" and request.query_params.get("cursor"):
            return templates.TemplateResponse(request, "_event_rows.html", {**payload, "filters": f})
        facets = {
            n: cube.facet(f, n, top=12) for n in ("root", "plover", "modality", "attribution", "outlet")
        }
        return templates.TemplateResponse(
            request,
            "events.html",
            {**payload, "facets": facets, "filters": f, "page": "events", "filter_names": FILTER_NAMES},
        )

    app.get("/events", include_in_schema=False)(events_view)
    app.get("/events.json", include_in_schema=False)(events_view)

    @app.get("/articles/{article_id}", include_in_schema=False)
    def article_view(request: Request, article_id: str) -> Response:
        return twin_or_page(request, article_id, article_data, "article.html", "articles", segments=segments)

    def articles_view(request: Request) -> Response:
        f, page = paged(request, queries.articles_page)
        return html_or_json(
            request, "articles.html", page_envelope(request, page, f), filters=f, page="articles"
        )

    app.get("/articles", include_in_schema=False)(articles_view)
    app.get("/articles.json", include_in_schema=False)(articles_view)

    @app.get("/actors/{code}", include_in_schema=False)
    def actor_view(request: Request, code: str) -> Response:
        return twin_or_page(request, code, lambda c: actor_data(request, c), "actor.html", "actors")

    def actors_view(request: Request) -> Response:
        f = filters_of(request)
        rows = read(queries.actors_list, f, limit=int_param(request, "limit", 100))
        return html_or_json(
            request,
            "actors.html",
            {"data": rows, "meta": {"count": len(rows), "filters": f.to_dict()}},
            filters=f,
            page="actors",
        )

    app.get("/actors", include_in_schema=False)(actors_view)
    app.get("/actors.json", include_in_schema=False)(actors_view)

    def stories_view(request: Request) -> Response:
        f, page = paged(request, queries.stories_page)
        return html_or_json(
            request, "stories.html", page_envelope(request, page, f), filters=f, page="stories"
        )

    app.get("/stories", include_in_schema=False)(stories_view)
    app.get("/stories.json", include_in_schema=False)(stories_view)

    @app.get("/stories/{story}", include_in_schema=False)
    def story_view(request: Request, story: str) -> Response:
        return twin_or_page(request, story, story_data, "story.html", "stories")

    return app


ENVIRONMENT = ("SITREP_SERVE_DB", "SITREP_SERVE_TOKEN", "SITREP_SERVE_ALLOW_PRIVATE")
"""How ``sitrep serve --workers N`` hands its settings to each worker (:func:`app_from_environment`)."""


def app_from_environment() -> FastAPI:
    """The application as a uvicorn worker process builds it (``sitrep serve --workers N``).

    The database, token and ``--allow-private`` come from :data:`ENVIRONMENT`, which the command that started
    the workers sets."""
    import os

    from sitrep.serve.db import open_readonly

    db = os.environ["SITREP_SERVE_DB"]
    engine, name = open_readonly(db)
    token = os.environ.get("SITREP_SERVE_TOKEN") or None
    allow_private = os.environ.get("SITREP_SERVE_ALLOW_PRIVATE") == "1"
    return create_app(engine, ServeSettings(db=db, name=name, token=token, allow_private=allow_private))


def _authorise(request: Request, token: str | None) -> None:
    if token is None:
        raise ApiError(
            403, "writes are off: start `sitrep serve` with --token (or $SITREP_TOKEN) to allow them"
        )
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise ApiError(401, "a write needs the header `Authorization: Bearer <token>`")


def _interval(first: str | None, last: str | None, f: Filters) -> str:
    """The dashboard timeline's bucket: days for up to 3 months, weeks up to 3 years, else months."""
    import datetime as dt

    try:
        start = f.since or dt.date.fromisoformat(first or "")
        end = f.until or dt.date.fromisoformat(last or "")
    except ValueError:
        return "day"
    days = (end - start).days
    return "day" if days <= 92 else "week" if days <= 3 * 366 else "month"


def _csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer: Any = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run as a formula (``= + - @`` and tab/CR leads escaped)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def _query_string(pairs: list[tuple[str, str]], **changes: Any) -> str:
    """A query string from filter pairs with some changed (for links in templates)."""
    out = [(k, v) for k, v in pairs if k not in changes]
    for key, value in changes.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        out += [(key, str(v)) for v in values]
    return urlencode(out)
