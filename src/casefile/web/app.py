"""The ASGI application: `create_app(db_path)` wires routes, templates, static files and
the error pages; `serve()` runs it under uvicorn.

Every failure a request can cause becomes a 4xx page (or, under /api, a JSON error
`{"error": {"status": ..., "message": ...}}`); an unexpected exception is a bare 500
page without a traceback.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from casefile.i18n import N_, Msg, gettext, in_language
from casefile.services.cases import refresh_case_records
from casefile.services.errors import (
    Forbidden,
    InvalidInput,
    NotFound,
    NotSignedIn,
    PersonNotFound,
    TooLarge,
    TooManyAttempts,
    UnsupportedMediaType,
)
from casefile.sources import MAX_BYTES, SourceError
from casefile.store import (
    FactNotFound,
    PossibleNotFound,
    StoreError,
    VersionConflict,
    open_store,
)
from casefile.store.failures import storage_failure
from casefile.web import (
    access_pages,
    advocacy_pages,
    alert_pages,
    api,
    curation_api,
    curation_pages,
    document_pages,
    intervention_pages,
    language,
    link_pages,
    login_pages,
    pages,
    possible_pages,
    published_pages,
    report_pages,
    review_pages,
    user_pages,
)
from casefile.web.auth import check_every_route
from casefile.web.context import (
    STATIC_DIR,
    PipelineHolder,
    StorePool,
    WebSettings,
    templates,
)
from casefile.web.hosts import LOOPBACK_NAMES, HostCheck
from casefile.web.ratelimit import LoginLimiter

log = logging.getLogger("casefile.web")

# A request body may hold a document at the source size limit plus its form fields.
MAX_BODY_BYTES = MAX_BYTES + 256 * 1024


def create_app(
    db_path: str | Path,
    *,
    config: Path | None = None,
    demo: bool = False,
    secure_cookies: bool | None = None,
    limiter: LoginLimiter | None = None,
    allowed_hosts: frozenset[str] | None = None,
    port: int | None = None,
) -> FastAPI:
    """The web application over the store at `db_path` (created and migrated if need be).

    `config` is a casefile.toml for the extraction pipeline that added documents go
    through; the pipeline is loaded on the first upload, not at start-up. `demo` signs
    loopback visitors in as the demo admin (login_pages.py); `secure_cookies` None sets
    the Secure flag when a request came over https. `allowed_hosts` are the Host names
    answered (web/hosts.py; `port` is the one served on, if known); None answers any
    name, except in demo mode, which answers only loopback names.
    """
    with open_store(db_path) as store:  # fail now, not on the first request
        refresh_case_records(store)
    # So does a bad [extract] or [link] (the thresholds of linking after an upload): read
    # now, though the pipeline loads on the first upload.
    from casefile.extract.pipeline import load_config

    load_config(config)
    app = FastAPI(
        title="casefile",
        summary="Human-rights case records with every fact pointing at its source.",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = WebSettings(db=str(db_path), demo=demo, secure_cookies=secure_cookies)
    app.state.limiter = limiter or LoginLimiter()
    app.state.stores = StorePool(str(db_path))
    app.state.pipeline = PipelineHolder(config)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(login_pages.router, include_in_schema=False)
    app.include_router(language.router, include_in_schema=False)
    # Before review_pages: /facts/{kind}/{id}/access is not a decision /{action}.
    app.include_router(access_pages.pages, include_in_schema=False)
    app.include_router(published_pages.pages, include_in_schema=False)
    # before the read pages and the API: /documents/withdrawn is not a document's id
    app.include_router(document_pages.pages, include_in_schema=False)
    app.include_router(document_pages.api)
    app.include_router(pages.router, include_in_schema=False)  # pages are not the API
    app.include_router(report_pages.router, include_in_schema=False)
    # before review_pages: /facts/{kind}/{id}/move is not a decision /{action}
    app.include_router(curation_pages.router, include_in_schema=False)
    app.include_router(intervention_pages.pages, include_in_schema=False)
    app.include_router(intervention_pages.api)
    app.include_router(alert_pages.pages, include_in_schema=False)
    app.include_router(alert_pages.api)
    app.include_router(review_pages.router, include_in_schema=False)
    app.include_router(link_pages.router, include_in_schema=False)
    app.include_router(possible_pages.pages, include_in_schema=False)
    app.include_router(possible_pages.api)
    app.include_router(user_pages.router, include_in_schema=False)
    app.include_router(curation_api.router)
    app.include_router(api.router)
    app.include_router(access_pages.api)
    app.include_router(published_pages.api)
    app.include_router(advocacy_pages.pages, include_in_schema=False)
    app.include_router(advocacy_pages.api)
    check_every_route(app)
    _add_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodySizeLimit, limit=MAX_BODY_BYTES)
    # outside the body limit, whose refusal is a page in the visitor's language too
    app.add_middleware(language.LanguageMiddleware)
    if allowed_hosts is None and demo:
        allowed_hosts = LOOPBACK_NAMES
    if allowed_hosts is not None:  # outermost: a refused name reaches nothing else
        app.add_middleware(HostCheck, allowed=allowed_hosts, port=port)
    return app


# -- errors -------------------------------------------------------------------------

_STATUS_OF: list[tuple[type[Exception], int]] = [
    (Forbidden, 403),
    (TooLarge, 413),
    (UnsupportedMediaType, 415),
    (InvalidInput, 400),
    (SourceError, 400),
    (NotFound, 404),
    (PersonNotFound, 404),
    (FactNotFound, 404),
    # decided already, replaced by a re-extraction, or above the reader's clearance
    (PossibleNotFound, 404),
    (VersionConflict, 409),
]

_OTHER_TITLE = N_("Error")
_TITLES = {
    400: N_("Bad request"),
    401: N_("Sign in first"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Too large"),
    415: N_("Unsupported media type"),
    422: N_("Bad request"),
    429: N_("Too many attempts"),
    500: N_("Internal error"),
    507: N_("Disk full"),
}


def error_response(
    request: Request, status: int, message: str | BaseException, **extra: Any
) -> Response:
    """The error as JSON under /api (English, as the rest of the API), else as a page in
    the reader's language (a message raised as an `i18n.Msg` is translated there)."""
    if request.url.path.startswith("/api"):
        return JSONResponse(
            {"error": {"status": status, "message": str(message), **extra}}, status_code=status
        )
    return templates.TemplateResponse(
        request,
        "error.html",
        {"status": status, "title": gettext(_TITLES.get(status, _OTHER_TITLE)),
         "message": in_language(message)},  # fmt: skip
        status_code=status,
    )


def _add_error_handlers(app: FastAPI) -> None:
    def status_handler(status: int) -> Callable[[Request, Exception], Awaitable[Response]]:
        async def handle(request: Request, exc: Exception) -> Response:
            return error_response(request, status, exc)

        return handle

    # Most specific first: Starlette picks the handler of the nearest class in the MRO,
    # so TooLarge finds 413 before InvalidInput's 400.
    for cls, status in _STATUS_OF:
        app.add_exception_handler(cls, status_handler(status))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "")
        if exc.status_code == 404 and message == "Not Found":
            message = gettext("there is no page at %(path)s") % {"path": request.url.path}
        return error_response(request, exc.status_code, message)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [_problem(e) for e in exc.errors()]
        message = "; ".join(problems) or gettext("the request is not valid")
        status = 422 if request.url.path.startswith("/api") else 400
        return error_response(request, status, message)

    async def unexpected(request: Request, exc: Exception) -> Response:
        disk = storage_failure(exc)
        if disk is not None:
            log.error("the disk refused a write on %s %s: %s", request.method,
                      request.url.path, exc)  # fmt: skip
            return error_response(request, 507, disk)
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, gettext("something went wrong on our side"))

    async def store_refused(request: Request, exc: Exception) -> Response:
        # A refused write (a quote that is not the text, and the like) is the request's
        # fault; a full disk is not, and is said so (507) rather than blamed on it.
        if storage_failure(exc) is not None:
            return await unexpected(request, exc)
        return error_response(request, 400, exc)

    async def not_signed_in(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api"):
            response = error_response(request, 401, exc)
            response.headers["WWW-Authenticate"] = 'Bearer realm="casefile"'
            return response
        if request.method in ("GET", "HEAD"):  # back here once signed in
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?{urlencode({'next': target})}", status_code=303)
        return error_response(
            request, 401, gettext("sign in first (your session may have ended)")
        )

    async def too_many(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, TooManyAttempts)
        response = error_response(request, 429, exc, retry_after=exc.retry_after)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    app.add_exception_handler(NotSignedIn, not_signed_in)
    app.add_exception_handler(TooManyAttempts, too_many)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StoreError, store_refused)
    # Here rather than left to `Exception`: that one is Starlette's last resort, which
    # re-raises after answering; a full disk is an expected condition, answered 507.
    app.add_exception_handler(sqlite3.Error, unexpected)
    app.add_exception_handler(psycopg.Error, unexpected)
    app.add_exception_handler(Exception, unexpected)


def _problem(error: Any) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query"))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg"))


class BodySizeLimit:
    """Refuse a request body over `limit` bytes: at once when Content-Length says so,
    else (chunked uploads) as soon as that many bytes have arrived."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def refusal(self) -> str:
        return gettext("the request is larger than %(limit)s bytes") % {"limit": self.limit}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            response = error_response(Request(scope), 413, self.refusal())
            await response(scope, receive, send)
            return
        seen = 0
        too_large = started = replaced = False
        refusal = error_response(Request(scope), 413, self.refusal())

        async def counted() -> Message:
            nonlocal seen, too_large
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                too_large = True
                raise TooLarge(Msg("the request is larger than %(limit)s bytes", limit=self.limit))
            return message

        async def answer(message: Message) -> None:
            # Whoever was reading the body may turn our exception into a 400 of its own
            # (FastAPI's "error parsing the body", the multipart parser's): the answer to
            # a body over the limit is 413, whatever they made of it.
            nonlocal started, replaced
            if replaced:
                return  # the rest of the response we replaced
            if message["type"] == "http.response.start":
                started = True
                if too_large:
                    replaced = True
                    await refusal(scope, receive, send)
                    return
            await send(message)

        try:
            await self.app(scope, counted, answer)
        except TooLarge:
            if started:
                if replaced:
                    return
                raise
            await refusal(scope, receive, send)


class SecurityHeaders:
    """Headers on every response: no framing (clickjacking a review button), no MIME
    sniffing, no referrer leaving the site (case URLs name people), no caching of pages
    that hold records (a shared machine's browser cache), and a Content-Security-Policy
    that runs only our own script and style files, so that a record that got past the
    template's escaping still could not run as script.

    The API's documentation page (FastAPI's Swagger UI, which holds no records) loads
    its script from a CDN and starts it inline: it gets a policy of its own."""

    CONTENT_POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    )
    DOCS_POLICY = (
        "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net;"
        " style-src 'self' https://cdn.jsdelivr.net; img-src 'self' data:"
        " https://fastapi.tiangolo.com; frame-ancestors 'none'; form-action 'self';"
        " base-uri 'none'; object-src 'none'"
    )
    DOCS_PATHS = frozenset({"/api/docs"})
    HEADERS = [
        (b"x-frame-options", b"DENY"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
    ]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        static = path.startswith("/static/")
        policy = self.DOCS_POLICY if path in self.DOCS_PATHS else self.CONTENT_POLICY

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(self.HEADERS)
                headers.append((b"content-security-policy", policy.encode()))
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


__all__ = ["create_app", "error_response"]
