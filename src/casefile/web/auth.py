"""Who is asking, and may they: the one dependency every route declares.

A request is signed in by an API token (`Authorization: Bearer ...`, for scripts) or by
the session cookie a sign-in set. `needs(permission)` resolves the principal, checks
the role's permission (services.accounts.PERMISSIONS) and, for a state-changing request
made with the session cookie, the anti-forgery token: the form field `csrf_token` or the
`X-CSRF-Token` header. Requests with a bearer token are exempt, since a browser never
adds that header to a cross-site request by itself. A JSON request with only the cookie
must carry the header, which another site cannot set without our CORS consent.

A user whose role requires two-factor sign-in and who has not enrolled may, signed in
with the session cookie, do nothing but enrol (routes declared `Enrolling`) or sign out
(services/twofactor.py).

`create_app` refuses to start if a route declares no rule (`check_every_route`).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine, Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Request
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from casefile.i18n import Msg
from casefile.services import accounts, sessions
from casefile.services.access import Viewer, viewer_of
from casefile.services.errors import Forbidden, NotSignedIn
from casefile.services.review import Reviewer
from casefile.sources import MAX_BYTES
from casefile.store.base_security import User
from casefile.web.context import StoreDep

SESSION_COOKIE = "casefile_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost", "testclient"})


@dataclass(frozen=True)
class Principal:
    user: User
    via: Literal["session", "token"]
    csrf: str | None  # the session's anti-forgery token; None for API tokens

    @property
    def reviewer(self) -> Reviewer:
        return Reviewer(self.user.name, self.user.clearance)

    @property
    def viewer(self) -> Viewer:
        """What the services show this user (services.access)."""
        return viewer_of(self.user)

    @property
    def demo(self) -> bool:
        return self.user.name == accounts.DEMO_USER

    @property
    def must_enrol(self) -> bool:
        """Signed in by password, and held at the enrolment page until enrolled."""
        return self.via == "session" and self.user.must_enrol_2fa and not self.demo

    def may(self, permission: str) -> bool:
        return accounts.may(self.user, permission)


def authenticate(request: Request, store: StoreDep) -> Principal | None:
    """The principal of this request, or None for an anonymous one. A bearer token that
    is not valid is an error, not anonymity: a script should hear that it is wrong."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    principal: Principal | None = None
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotSignedIn(Msg("send the API token as 'Authorization: Bearer <token>'"))
        user = accounts.authenticate_token(store, token.strip())
        if user is None:
            raise NotSignedIn(Msg("the API token is not valid (revoked, or its user disabled)"))
        principal = Principal(user, "token", None)
    else:
        record = sessions.lookup(store, request.cookies.get(SESSION_COOKIE, ""))
        if record is not None:
            principal = Principal(record.user, "session", record.csrf)
    request.state.principal = principal
    return principal


AuthDep = Annotated[Principal | None, Depends(authenticate)]


Guard = Callable[..., Coroutine[Any, Any, Principal]]


ENROL_PATH = "/account/2fa"


def needs(permission: str, *, while_enrolling: bool = False) -> Guard:
    """A dependency: the principal, if signed in with `permission` (and, for a change
    made with the session cookie, the right anti-forgery token). Unless
    `while_enrolling`, a user who must enrol in two-factor sign-in first is refused."""
    if not any(permission in allowed for allowed in accounts.PERMISSIONS.values()):
        raise ValueError(f"no role has the permission {permission!r}")

    async def guard(request: Request, principal: AuthDep) -> Principal:
        if principal is None:
            raise NotSignedIn(Msg("sign in first"))
        if principal.must_enrol and not while_enrolling:
            raise Forbidden(Msg(
                "your role (%(role)s) signs in with a second factor: set it up at %(ENROL_PATH)s "
                "first",
                role=principal.user.role, ENROL_PATH=ENROL_PATH,
            ))  # fmt: skip
        if not principal.may(permission):
            raise Forbidden(
                Msg(
                    "%(name)s (%(role)s) may not %(permission)s",
                    name=principal.user.name, role=principal.user.role, permission=permission,
                )
            )
        if request.method not in SAFE_METHODS and principal.via == "session":
            await check_csrf(request, principal.csrf or "")
        return principal

    guard.permission = permission  # type: ignore[attr-defined]  # read by check_every_route
    return guard


async def check_csrf(request: Request, expected: str) -> None:
    sent = request.headers.get(CSRF_HEADER, "")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not sent and kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # The same limits as the document form, which may carry a whole pasted text;
        # Starlette keeps the parsed form, so the route reads this one.
        form = await request.form(max_files=1, max_fields=50, max_part_size=MAX_BYTES + 1)
        sent = str(form.get(CSRF_FIELD) or "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden(
            Msg(
                "this form is out of date or did not come from casefile: reload the page and try "
                "again (API clients: send the X-CSRF-Token header, or use a bearer token)"
            )
        )


Read = Annotated[Principal, Depends(needs("read"))]
Ingest = Annotated[Principal, Depends(needs("ingest"))]
Review = Annotated[Principal, Depends(needs("review"))]
Link = Annotated[Principal, Depends(needs("link"))]
ManageUsers = Annotated[Principal, Depends(needs("manage_users"))]
# restore and delete documents, see withdrawn ones (services.document_changes)
ManageDocuments = Annotated[Principal, Depends(needs("manage_documents"))]
# Enrolling in two-factor sign-in, and signing out: open to a user who must enrol.
Enrolling = Annotated[Principal, Depends(needs("read", while_enrolling=True))]

# Routes anyone may reach: signing in (the code form checks its own pending session),
# and the API's description (it holds no data).
# Choosing the interface's language is open to anyone too (the sign-in page offers it).
# A calendar feed's secret address is its own credential (web/alert_pages.py).
PUBLIC_ROUTES = frozenset({"/login", "/login/code", "/api/openapi.json", "/api/docs",
                           "/docs/oauth2-redirect", "/language",
                           "/calendar/{token}.ics"})  # fmt: skip


def route_permission(route: APIRoute) -> str | None:
    """The permission a route's dependencies demand (None: none found)."""
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        found = getattr(dependant.call, "permission", None)
        if isinstance(found, str):
            return found
        pending.extend(dependant.dependencies)
    return None


def every_route(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """The app's routes, flattened: FastAPI 0.16x keeps an included router as one entry
    (`original_router`) whose routes carry their full paths (no include prefix here)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from every_route(included.routes)
        else:
            yield route


def check_every_route(app: FastAPI) -> None:
    """A route without a permission, and not public on purpose, is a bug: refuse."""
    for route in every_route(app.routes):
        path = getattr(route, "path", "")
        if path in PUBLIC_ROUTES or path.startswith("/static"):
            continue
        if not isinstance(route, APIRoute) or route_permission(route) is None:
            raise RuntimeError(f"route {path} declares no permission (web/auth.py needs)")


def is_loopback(request: Request) -> bool:
    return request.client is not None and request.client.host in LOOPBACK
