"""The state-changing half of the crawl: each POST / PUT / PATCH / DELETE route of the
route table, sent by an editor of public clearance with a valid anti-forgery token and a
plausible body, naming a record hidden from him (and, to compare, a missing one).

A route is swept through the record in its path, or through record ids in its body
(`BODY_RECORDS`); ingest routes are tried with a copy of a hidden document's text
(`UPLOAD_ROUTES`); the few routes that name no record say why in `NO_RECORD_ROUTES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from canary_crawl import (
    AppRoute,
    fill_path,
    id_of,
    level_of_symbol,
    record_param,
    record_symbols,
)
from canary_world import World

# How each state-changing route is sent: "form" or "json", and the body, which may
# depend on the record named (a quote from the document, a field of the fact's kind).
BodyOf = Callable[[World, str], dict[str, Any]]


@dataclass(frozen=True)
class Body:
    kind: str  # "form" or "json"
    of: BodyOf


def _fixed(kind: str, **fields: Any) -> Body:
    return Body(kind, lambda world, symbol: dict(fields))


def _quote_of(world: World, symbol: str) -> str:
    return world.texts.get(symbol, "Nothing here at all")[:24]


def _new_fact(world: World, symbol: str) -> dict[str, Any]:
    return {"quote": _quote_of(world, symbol), "type": "trial", "participant": "Swept Person"}


def _edit(world: World, symbol: str) -> dict[str, Any]:
    return {"what": "swept"} if symbol.startswith("statistic:") else {"agent": "swept"}


BODIES: dict[str, Body] = {
    "POST /documents/{sha256}/access": _fixed("form", access_level="public"),
    "POST /documents/{sha256}/published": _fixed("form", published="2024-01-01"),
    "POST /documents/{sha256}/metadata": _fixed("form", title="Swept", language="ru"),
    "POST /documents/{sha256}/withdraw": _fixed("form", reason="swept"),
    "POST /documents/{sha256}/restore": _fixed("form"),
    "POST /documents/{sha256}/delete": _fixed("form", with_reviewed="1"),
    "PATCH /api/documents/{sha256}": _fixed("json", title="Swept", language="ru"),
    "POST /api/documents/{sha256}/withdraw": _fixed("json", reason="swept"),
    "POST /api/documents/{sha256}/restore": _fixed("json"),
    "POST /api/documents/{sha256}/delete": _fixed("json", with_reviewed=True),
    "POST /facts/{kind}/{fact_id}/access": _fixed("form", access_level="public"),
    "POST /cases/{person_id}/protect": _fixed("form", protected="1"),
    "POST /facts/{kind}/{fact_id}/{action}": _fixed("form", next=""),
    "POST /facts/{kind}/{fact_id}": Body("form", _edit),
    "POST /documents/{sha256}/facts": Body("form", _new_fact),
    "POST /links/{proposal_id}/{action}": _fixed("form", next=""),
    "POST /merges/{merge_id}/split": _fixed("form", next=""),
    "POST /users/{name}/access": _fixed("form", clearance="confidential"),
    "POST /users/{name}/{action}": _fixed("form", next=""),
    "PUT /api/documents/{sha256}/access": _fixed("json", access="public"),
    "PUT /api/documents/{sha256}/published": _fixed("json", published="2024-01-01"),
    "PUT /api/facts/{kind}/{fact_id}/access": _fixed("json", access="public"),
    "PUT /api/persons/{person_id}/protected": _fixed("json", protected=True),
    "POST /cases/{person_id}/consent": _fixed("form", given="1", given_by="family"),
    "PUT /api/persons/{person_id}/consent": _fixed("json", given=True, given_by="family"),
    "POST /api/documents/{sha256}/facts": Body("json", _new_fact),
    "POST /api/facts/{kind}/{fact_id}/accept": _fixed("json"),
    "POST /api/facts/{kind}/{fact_id}/reject": _fixed("json"),
    "PATCH /api/facts/{kind}/{fact_id}": Body("json", _edit),
    "POST /api/links/proposals/{proposal_id}/{action}": _fixed("json"),
    "POST /api/merges/{merge_id}/split": _fixed("json"),
    # records in the body: the field swept, the other one a visible person
    "POST /api/merges": _fixed("json"),
    "POST /review/bulk": _fixed("form", action="reject"),
    "POST /cases/{person_id}/curate": _fixed("form", verdict="not_person"),
    # the event in the path is swept; the case it would move to is one the sweeper sees
    "POST /facts/{kind}/{fact_id}/move": Body(
        "form", lambda world, symbol: {"target": world.id("person:plain")}),
    "POST /curation/{curation_id}/undo": _fixed("form", next=""),
    "POST /api/persons/{person_id}/verdict": _fixed("json", verdict="not_person"),
    "POST /api/facts/{kind}/{fact_id}/move": Body(
        "json", lambda world, symbol: {"target": int(world.id("person:plain"))}),
    "POST /api/curations/{curation_id}/undo": _fixed("json"),
    # (an intervention's field "kind" is given by Body: _fixed takes `kind` itself)
    "POST /cases/{person_id}/interventions": Body(
        "form", lambda world, symbol: {"kind": "letter", "text": "swept"}),
    "POST /interventions/{intervention_id}": Body(
        "form", lambda world, symbol: {"kind": "letter", "text": "swept"}),
    "POST /interventions/{intervention_id}/delete": _fixed("form", next=""),
    "POST /api/cases/{person_id}/interventions": Body(
        "json", lambda world, symbol: {"kind": "appeal", "text": "swept"}),
    "PATCH /api/interventions/{intervention_id}": _fixed("json", text="swept"),
    "DELETE /api/interventions/{intervention_id}": _fixed("json"),
    "POST /review/possible/{possible_id}/{action}": _fixed("form", next=""),
    "POST /api/possible/{possible_id}/accept": _fixed("json"),
    "POST /api/possible/{possible_id}/reject": _fixed("json"),
}
# route -> {body field: record family}; the other fields get VISIBLE_PERSON
BODY_RECORDS = {"POST /api/merges": {"kept": "person", "merged": "person"},
                "POST /review/bulk": {"event": "event"}}
VISIBLE_PERSON = "person:plain"
UPLOAD_ROUTES = ("POST /documents", "POST /api/documents", "POST /api/documents/upload")
NO_RECORD_ROUTES = {
    "POST /login": "signing in names an account, not a record (test_web_auth.py)",
    "POST /logout": "ends the caller's own session",
    "POST /language": "chooses the interface's language (a cookie, and the caller's own"
    " preference)",
    "POST /users": "adds an account (admins only): names no existing record",
    "POST /login/code": "the second step of the caller's own sign-in (test_totp.py)",
    "POST /account/password": "changes the caller's own password (test_credentials.py)",
    "POST /account/2fa": "enrols the caller's own second factor (test_totp.py)",
    "POST /review/undo": "undoes the caller's own last decision; a fact since raised above"
    " their clearance counts as none (test_web_review_queue.py)",
    "POST /roles/2fa": "sets a role's two-factor requirement (admins only): a role, not a"
    " record (test_users_2fa.py)",
    "POST /account/calendar": "makes the caller's own calendar address (test_calendar.py)",
    "POST /account/calendar/revoke": "revokes the caller's own calendar address"
    " (test_calendar.py)",
}


@dataclass(frozen=True)
class SweepCase:
    route: AppRoute
    symbol: str  # the record named (hidden from the sweeper, or missing)
    action: str | None = None  # a Literal path parameter's value
    field: str = ""  # the body field naming it, for BODY_RECORDS routes

    @property
    def id(self) -> str:
        parts = [self.route.key, self.symbol, self.action or "", self.field]
        return "|".join(p for p in parts if p)

    def missing(self) -> SweepCase:
        return SweepCase(self.route, self.symbol.split(":")[0] + ":missing", self.action,
                         self.field)  # fmt: skip

    def request(self, world: World) -> tuple[str, str, dict[str, Any]]:
        """method, path, and the keyword arguments of TestClient.request."""
        body = BODIES[self.route.key]
        data = body.of(world, self.symbol)
        if self.field:
            for name in BODY_RECORDS[self.route.key]:
                data[name] = int(id_of(world, self.symbol if name == self.field
                                       else VISIBLE_PERSON))  # fmt: skip
        path = fill_path(self.route, world, self.symbol, self.action)
        kwargs = {"json": data} if body.kind == "json" else {"data": data}
        return self.route.method, path, kwargs


def sweep_cases(routes: Iterable[AppRoute], clearance: int) -> list[SweepCase]:
    """Each state-changing route with each record hidden from a user of `clearance`
    (each action), and with a missing record where no record is hidden."""
    out: list[SweepCase] = []
    for route in routes:
        if route.method in ("GET", "HEAD", "OPTIONS"):
            continue
        param = record_param(route)
        actions: tuple[str | None, ...] = route.choices("action") or (None,)
        if param is not None:
            symbols = record_symbols(param)
            fields = [""]
        elif route.key in BODY_RECORDS:
            families = set(BODY_RECORDS[route.key].values())
            symbols = [s for f in families for s in record_symbols_of(f)]
            fields = list(BODY_RECORDS[route.key])
        else:
            continue
        hidden = [s for s in symbols if (level_of_symbol(s) or 0) > clearance]
        missing = [s for s in symbols if s.endswith(":missing")]
        for symbol in hidden or missing[:1]:
            out += [SweepCase(route, symbol, action, f) for action in actions for f in fields]
    return out


def record_symbols_of(family: str) -> list[str]:
    return [s for s in record_symbols(_PARAM_OF[family]) if s.startswith(f"{family}:")]


_PARAM_OF = {"person": "person_id", "document": "sha256", "organisation": "organisation_id",
             "event": "fact_id", "statistic": "fact_id", "proposal": "proposal_id",
             "merge": "merge_id", "user": "name", "intervention": "intervention_id"}  # fmt: skip
