"""Accounts in the web app, for admins ("manage_users"): the list (with who has enrolled
a second factor), adding a user, changing role or clearance, disabling and enabling, and
which roles must sign in with a second factor. The rules (names, password length,
the last admin) are services.accounts'; every change is audited there, as the admin.
For every signed-in user: a new password (which signs them out everywhere) and enrolling
in two-factor sign-in (services.twofactor). For
admins: who viewed protected cases and confidential documents (services.views)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casefile.i18n import Msg, gettext, in_language, ngettext
from casefile.services import accounts, twofactor, views
from casefile.services.errors import InvalidInput
from casefile.store.base_security import User
from casefile.web.auth import ENROL_PATH, SESSION_COOKIE, Enrolling, ManageUsers, Read
from casefile.web.context import StoreDep, require_form, templates
from casefile.web.login_pages import client_address, refuse_when_limited
from casefile.web.ratelimit import LoginLimiter

router = APIRouter(default_response_class=HTMLResponse)

FormText = Annotated[str, Form(max_length=1_100)]
FormRoutes = [Depends(require_form)]
Name = Annotated[str, Path(max_length=64)]


@router.get("/users", name="users")
def users(request: Request, store: StoreDep, principal: ManageUsers) -> Response:
    return templates.TemplateResponse(
        request, "users.html", {"users": accounts.list_users(store),
                                "roles": ("viewer", "editor", "admin"),
                                "requiring_2fa": twofactor.required_roles(store),
                                "clearances": ("public", "internal", "confidential")},
    )  # fmt: skip


@router.post("/users", dependencies=FormRoutes)
def add_user(
    store: StoreDep,
    principal: ManageUsers,
    name: FormText = "",
    role: FormText = "viewer",
    clearance: FormText = "public",
    password: FormText = "",
) -> Response:
    accounts.add_user(store, name, role, principal.user.name, password, clearance)
    return RedirectResponse("/users", status_code=303)


@router.post("/roles/2fa", dependencies=FormRoutes)
def require_2fa(
    store: StoreDep, principal: ManageUsers, role: FormText = "", required: FormText = "",
) -> Response:  # fmt: skip
    """Require (or no longer require) a second factor of a role, as
    `casefile user require-2fa` does; audited by services.twofactor."""
    if required not in ("", "1"):
        raise InvalidInput(Msg(
            "required: 1 or nothing, not %(required)s",
            required=repr(required[:20]),
        ))
    twofactor.require(store, role, required == "1", principal.user.name)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/access", dependencies=FormRoutes)
def set_access(
    name: Name, store: StoreDep, principal: ManageUsers, role: FormText = "",
    clearance: FormText = "",
) -> Response:  # fmt: skip
    accounts.set_access(store, name, principal.user.name, role or None, clearance or None)
    return RedirectResponse("/users", status_code=303)


@router.post("/users/{name}/{action}", dependencies=FormRoutes)
def enable_or_disable(
    name: Name,
    action: Annotated[Literal["disable", "enable"], Path()],
    store: StoreDep,
    principal: ManageUsers,
    next: FormText = "",
) -> Response:
    change = accounts.disable_user if action == "disable" else accounts.enable_user
    change(store, name, principal.user.name)
    return RedirectResponse("/users", status_code=303)


@router.get("/views", name="views")
def view_log(request: Request, store: StoreDep, principal: ManageUsers) -> Response:
    records = list(reversed(views.view_log(store, limit=500, viewer=principal.viewer)))
    return templates.TemplateResponse(request, "views.html", {"records": records})


@router.get("/account/password", name="password")
def password_form(request: Request, principal: Read) -> Response:
    return _password_page(request, None, 200)


def _wrong_passwords(minutes: int) -> str:
    return ngettext("too many wrong passwords; try again in %(num)d minute",
                    "too many wrong passwords; try again in %(num)d minutes", minutes)


@router.post("/account/password", dependencies=FormRoutes)
def change_password(
    request: Request, store: StoreDep, principal: Read, current: FormText = "",
    new: FormText = "", again: FormText = "",
) -> Response:  # fmt: skip
    limiter: LoginLimiter = request.app.state.limiter
    name = principal.user.name
    address = client_address(request)
    # a wrong current password counts as a failed sign-in
    refuse_when_limited(limiter, name, address, _wrong_passwords)
    if new != again:
        return _password_page(request, gettext("the two new passwords differ"), 400)
    try:
        accounts.change_own_password(store, principal.user, current, new)
    except InvalidInput as refused:
        if "current password" in str(refused):
            limiter.failed(name, address)
        return _password_page(request, in_language(refused), 400)
    # Every session of theirs has ended, this one too: sign in with the new password.
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _password_page(request: Request, error: str | None, status: int) -> Response:
    return templates.TemplateResponse(request, "account_password.html", {"error": error},
                                      status_code=status)  # fmt: skip


@router.get(ENROL_PATH, name="enrol_2fa")
def enrol_form(request: Request, store: StoreDep, principal: Enrolling) -> Response:
    return _enrol_page(request, store, principal.user.name, None, 200)


@router.post(ENROL_PATH, dependencies=FormRoutes)
def enrol(request: Request, store: StoreDep, principal: Enrolling,
          code: FormText = "") -> Response:  # fmt: skip
    user = accounts.get_user(store, principal.user.name)
    if user.totp:
        raise InvalidInput(Msg("two-factor sign-in is on already; an admin can reset it"))
    try:
        twofactor.confirm(store, user, code)
    except InvalidInput as wrong:
        # The same secret again, never a new one: a refused request changes nothing.
        offered = twofactor.offered(store, user)
        if offered is None:
            raise InvalidInput(Msg("open the enrolment page first: it shows the key")) from None
        return _render(request, user, offered, in_language(wrong), 400)
    return RedirectResponse(ENROL_PATH, status_code=303)


def _enrol_page(request: Request, store: StoreDep, name: str, error: str | None,
                status: int) -> Response:  # fmt: skip
    user = accounts.get_user(store, name)
    enrolment = None if user.totp else twofactor.offer(store, user)
    return _render(request, user, enrolment, error, status)


def _render(request: Request, user: User, enrolment: twofactor.Enrolment | None,
            error: str | None, status: int) -> Response:  # fmt: skip
    return templates.TemplateResponse(
        request, "account_2fa.html", {"user": user, "enrolment": enrolment, "error": error},
        status_code=status,
    )  # fmt: skip
