"""Signing in and out.

The sign-in form carries its own anti-forgery token (a random value in a short-lived
cookie, repeated in the form): without it another site could sign a visitor in as the
attacker, and what they then typed would be recorded in the attacker's name.

Two-factor sign-in (services/twofactor.py): for an enrolled user the right password
makes a pending session, good for five minutes and only for the code form
(`/login/code`, guarded by that session's own anti-forgery token); the right code
replaces it by an ordinary session with a new id. Wrong codes count against the limits
like wrong passwords, and for such a user only the right code clears the account's
count (else the password would buy five more guesses at the code). A user whose role
requires a second factor and who has none is sent to enrolment after the password.

Demo mode (`casefile serve --demo`, what `make run` does): a visitor from this machine
(loopback) who opens the sign-in page is signed in at once as the `demo` admin, named
in the header as such; visitors from elsewhere get the ordinary form. A demo app
answers only requests sent to a loopback name (web/hosts.py), so that a page on another
site cannot reach the demo admin by pointing its own name at 127.0.0.1.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casefile.i18n import gettext, ngettext
from casefile.services import accounts, sessions, twofactor
from casefile.services.errors import Forbidden, TooManyAttempts
from casefile.store.base import Store
from casefile.store.base_security import User
from casefile.web.auth import ENROL_PATH, SESSION_COOKIE, AuthDep, Enrolling, is_loopback
from casefile.web.context import StoreDep, WebSettings, local_path, require_form, templates
from casefile.web.language import remember_language
from casefile.web.ratelimit import LoginLimiter

router = APIRouter(default_response_class=HTMLResponse)

LOGIN_COOKIE = "casefile_login"
FormText = Annotated[str, Form(max_length=2_000)]


@router.get("/login", name="login")
def login_form(request: Request, store: StoreDep, principal: AuthDep, next: str = "/") -> Response:
    target = local_path(next, "/")
    if principal is not None and principal.via == "session":
        return RedirectResponse(target, status_code=303)
    settings: WebSettings = request.app.state.settings
    if settings.demo and is_loopback(request):
        user = accounts.demo_admin(store, "casefile serve --demo")
        return signed_in(request, store, user, target)
    return _form(request, target, None, 200)


@router.post("/login", dependencies=[Depends(require_form)])
def login(
    request: Request,
    store: StoreDep,
    name: FormText = "",
    password: FormText = "",
    next: FormText = "/",
    login_token: FormText = "",
) -> Response:
    cookie = request.cookies.get(LOGIN_COOKIE, "")
    if not cookie or not secrets.compare_digest(cookie.encode(), login_token.encode()):
        raise Forbidden(gettext("the sign-in form is out of date: reload the page and try again"))
    limiter: LoginLimiter = request.app.state.limiter
    address = client_address(request)
    refuse_when_limited(limiter, name, address)
    user = accounts.authenticate_password(store, name.strip(), password)
    if user is None:
        limiter.failed(name, address)
        return _form(request, local_path(next, "/"), gettext("wrong name or password"), 401)
    if user.totp:
        return _ask_for_code(request, store, user, local_path(next, "/"))
    limiter.succeeded(name)
    return signed_in(request, store, user, local_path(next, "/"))


@router.get("/login/code", name="login_code")
def code_form(request: Request, store: StoreDep, next: str = "/") -> Response:
    record = sessions.lookup_pending(store, request.cookies.get(SESSION_COOKIE, ""))
    if record is None:  # expired, or no password given yet
        return RedirectResponse(f"/login?{urlencode({'next': local_path(next, '/')})}", 303)
    return _code_form(request, record.csrf, local_path(next, "/"), None, 200)


@router.post("/login/code", dependencies=[Depends(require_form)])
def code(
    request: Request,
    store: StoreDep,
    code: FormText = "",
    next: FormText = "/",
    csrf_token: FormText = "",
) -> Response:
    session_id = request.cookies.get(SESSION_COOKIE, "")
    record = sessions.lookup_pending(store, session_id)
    if record is None or not secrets.compare_digest(record.csrf.encode(), csrf_token.encode()):
        raise Forbidden(
            gettext("the sign-in has expired or the form is out of date: sign in again")
        )
    limiter: LoginLimiter = request.app.state.limiter
    name, address = record.user.name, client_address(request)
    refuse_when_limited(limiter, name, address)
    target = local_path(next, "/")
    if not twofactor.check_code(store, record.user, code):
        limiter.failed(name, address)
        return _code_form(request, record.csrf, target, gettext("wrong or already used code"),
                          401)  # fmt: skip
    limiter.succeeded(name)
    sessions.end(store, session_id)
    return signed_in(request, store, record.user, target)


@router.post("/logout", name="logout")
def logout(request: Request, store: StoreDep, principal: Enrolling) -> Response:
    if principal.via == "session":
        sessions.end(store, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def signed_in(request: Request, store: Store, user: User, target: str) -> Response:
    new = sessions.start(store, user)
    if user.must_enrol_2fa and user.name != accounts.DEMO_USER:
        target = ENROL_PATH  # nothing else is open to them until enrolled
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE, new.session_id, max_age=int(sessions.SESSION_LIFETIME.total_seconds()),
        path="/", httponly=True, samesite="lax", secure=secure_cookies(request),
    )  # fmt: skip
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    preferred = accounts.preferred_language(store, user)
    if preferred is not None:  # the account's choice, whichever browser signs in
        remember_language(response, request, preferred)
    return response


def _ask_for_code(request: Request, store: Store, user: User, target: str) -> Response:
    pending = sessions.start(store, user, pending="totp")
    response = RedirectResponse(f"/login/code?{urlencode({'next': target})}", status_code=303)
    response.set_cookie(
        SESSION_COOKIE, pending.session_id,
        max_age=int(sessions.PENDING_LIFETIME.total_seconds()), path="/", httponly=True,
        samesite="lax", secure=secure_cookies(request),
    )  # fmt: skip
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


def _code_form(request: Request, csrf: str, target: str, error: str | None,
               status: int) -> Response:  # fmt: skip
    return templates.TemplateResponse(
        request, "login_code.html", {"next": target, "error": error, "csrf": csrf},
        status_code=status,
    )  # fmt: skip


def client_address(request: Request) -> str:
    """The client as the server sees it: the TCP peer, or what a --trusted-proxy says
    (uvicorn sets it; web/hosts.py)."""
    return request.client.host if request.client else "unknown"


def _failed_sign_ins(minutes: int) -> str:
    return ngettext("too many failed sign-ins; try again in %(num)d minute",
                    "too many failed sign-ins; try again in %(num)d minutes", minutes)


def refuse_when_limited(limiter: LoginLimiter, name: str, address: str,
                        message: Callable[[int], str] = _failed_sign_ins) -> None:
    """TooManyAttempts while the limiter holds this name or address back; `message`
    words it for the minutes left."""
    wait = limiter.retry_after(name, address)
    if wait:
        minutes = wait // 60 + 1
        raise TooManyAttempts(message(minutes) % {"num": minutes}, wait)


def secure_cookies(request: Request) -> bool:
    """Secure cookies when asked to (`serve --secure-cookies`, behind a TLS proxy), else
    when this request came over https."""
    settings: WebSettings = request.app.state.settings
    if settings.secure_cookies is not None:
        return settings.secure_cookies
    return request.url.scheme == "https"


def _form(request: Request, target: str, error: str | None, status: int) -> Response:
    token = secrets.token_urlsafe(24)
    response = templates.TemplateResponse(
        request, "login.html",
        {"next": target, "error": error, "login_token": token},
        status_code=status,
    )  # fmt: skip
    # SameSite=Strict: only our own sign-in page can have set it and send it back.
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path="/login", httponly=True,
                        samesite="strict", secure=secure_cookies(request))  # fmt: skip
    return response
