"""Which language a request is answered in, and the switch that chooses it.

The visitor's choice (the switch in the page header) is kept in a cookie; without one,
the browser's Accept-Language decides, then English. A signed-in user's choice is also
kept with the account (services/accounts.py) and set again at each sign-in, so it follows
them to another browser. The chosen language becomes the context's (casefile.i18n) for
the whole request: templates, flash messages and error pages alike.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from casefile.i18n import DEFAULT_LANGUAGE, LANGUAGES, Msg, reset_language, set_language
from casefile.services import accounts
from casefile.services.errors import InvalidInput
from casefile.web.auth import AuthDep, check_csrf
from casefile.web.context import StoreDep

LANGUAGE_COOKIE = "casefile_language"
COOKIE_SECONDS = 365 * 24 * 3600


def from_accept_language(header: str) -> str | None:
    """The first offered language of `header` ("ru-RU,ru;q=0.9,en;q=0.8") by weight."""
    offers: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        language = tag.strip().split("-")[0].lower()
        if language in LANGUAGES and weight > 0:
            offers.append((-weight, position, language))
    return min(offers)[2] if offers else None


def language_of(cookie: str | None, accept_language: str | None) -> str:
    if cookie in LANGUAGES:
        return str(cookie)
    return from_accept_language(accept_language or "") or DEFAULT_LANGUAGE


class LanguageMiddleware:
    """Sets the request's language for everything that runs inside it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.url.path.startswith("/api"):
            # The API answers scripts: its messages stay English whatever the browser says.
            language = DEFAULT_LANGUAGE
        else:
            language = language_of(request.cookies.get(LANGUAGE_COOKIE),
                                   request.headers.get("accept-language"))  # fmt: skip
        scope.setdefault("state", {})["language"] = language
        token = set_language(language)
        try:
            await self.app(scope, receive, send)
        finally:
            reset_language(token)


def remember_language(response: Response, request: Request, language: str) -> None:
    settings = request.app.state.settings
    secure = (settings.secure_cookies if settings.secure_cookies is not None
              else request.url.scheme == "https")  # fmt: skip
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=COOKIE_SECONDS, httponly=True,
                        samesite="lax", secure=secure)  # fmt: skip


def local_next(raw: str | None) -> str:
    """Back to the page the switch was on: only a path on this site."""
    if raw and raw.startswith("/") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return "/"


router = APIRouter()


@router.post("/language")
async def switch_language(
    request: Request,
    store: StoreDep,
    principal: AuthDep,
    language: Annotated[str, Form(max_length=10)],
    next: Annotated[str, Form(max_length=2000)] = "/",  # noqa: A002 (the form's name)
) -> Response:
    """Anyone may choose (the sign-in page has the switch too): it changes only how this
    browser's pages read and, signed in, the account's preference: that write, like
    every change made with the session cookie, needs the anti-forgery token."""
    if language not in LANGUAGES:
        raise InvalidInput(Msg(
            "language: one of %(items)s, not %(language)s",
            items=', '.join(LANGUAGES), language=repr(language[:20]),
        ))
    if principal is not None:
        if principal.via == "session":
            await check_csrf(request, principal.csrf or "")
        accounts.set_preferred_language(store, principal.user, language)
    response = RedirectResponse(local_next(next), status_code=303)
    remember_language(response, request, language)
    return response
