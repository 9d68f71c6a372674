"""Accounts in the web app, for admins ("manage_users"): the list, adding a user,
changing role or clearance, disabling and enabling. The rules (names, password length,
the last admin) are services.accounts'; every change is audited there, as the admin."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from casefile.services import accounts
from casefile.web.auth import ManageUsers
from casefile.web.context import StoreDep, require_form, templates

router = APIRouter(default_response_class=HTMLResponse)

FormText = Annotated[str, Form(max_length=1_100)]
FormRoutes = [Depends(require_form)]
Name = Annotated[str, Path(max_length=64)]


@router.get("/users", name="users")
def users(request: Request, store: StoreDep, principal: ManageUsers) -> Response:
    return templates.TemplateResponse(
        request, "users.html", {"users": accounts.list_users(store),
                                "roles": ("viewer", "editor", "admin"),
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
