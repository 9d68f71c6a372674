"""Every route of the app, walked as anonymous, viewer, editor and admin: who may see
and do what. The table below is the rule book; a route missing from it fails the first
test, so a new route cannot ship without a decision about who may use it.

Allowed requests are sent with valid input where that is cheap, else with input the
route refuses as bad (400) *after* the permission check: either way the status shows
the request got past the guard. Refused requests must change nothing in the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile.services import accounts
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from casefile.web.auth import CSRF_HEADER, every_route
from web_support import Seeded, dump, event_id, sign_in

seeded = web_support.seeded  # fixture

ROLES = ("anonymous", "viewer", "editor", "admin")
USER_OF = {"viewer": "Vera", "editor": "Dana", "admin": "root"}
# Who holds each permission (services.accounts.PERMISSIONS, restated: a change there
# must be a deliberate change here too).
HOLDERS = {
    "public": set(ROLES),
    "read": {"viewer", "editor", "admin"},
    "ingest": {"editor", "admin"},
    "review": {"editor", "admin"},
    "link": {"editor", "admin"},
    "manage_users": {"admin"},
    "manage_documents": {"admin"},
}


@dataclass(frozen=True)
class Rule:
    permission: str
    ok: int  # the status an allowed user gets for this request
    # How to send it: path (with {kz}, {arrest}), and form / json / files
    path: str
    form: dict[str, str] | None = None
    json: Any = None
    files: dict[str, Any] | None = None
    signed_in: int | None = None  # the status when signed in, if not `ok`


# (method, route path) -> rule. Form posts answer with a redirect (303) when done.
TABLE: dict[tuple[str, str], Rule] = {
    # signing in
    ("GET", "/login"): Rule("public", 200, "/login", signed_in=303),  # already in
    ("POST", "/login"): Rule("public", 403, "/login", form={"name": "x", "password": "y"}),
    ("POST", "/logout"): Rule("read", 303, "/logout", form={"next": ""}),
    # the interface's language: anyone may choose it (the sign-in page offers it)
    ("POST", "/language"): Rule("public", 303, "/language",
                                form={"language": "ru", "next": "/login?next=/"}),
    # the second factor: the code form needs a pending sign-in (none here)
    ("GET", "/login/code"): Rule("public", 303, "/login/code"),
    ("POST", "/login/code"): Rule("public", 403, "/login/code", form={"code": "123456"}),
    ("GET", "/account/2fa"): Rule("read", 200, "/account/2fa"),
    ("GET", "/account/password"): Rule("read", 200, "/account/password"),
    ("POST", "/account/password"): Rule("read", 400, "/account/password", form={
        "current": "not the password", "new": "a new passphrase 1", "again": "a new passphrase 1"}),
    ("POST", "/account/2fa"): Rule("read", 400, "/account/2fa", form={"code": "abcdef"}),
    # pages
    ("GET", "/"): Rule("read", 200, "/"),
    ("GET", "/cases"): Rule("read", 200, "/cases?q=Marat"),
    ("GET", "/cases/{person_id}"): Rule("read", 200, "/cases/1"),
    ("GET", "/cases.csv"): Rule("read", 200, "/cases.csv?sort=-facts"),
    ("GET", "/cases.json"): Rule("read", 200, "/cases.json?country=KZ"),
    ("GET", "/report"): Rule("read", 200, "/report?country=KZ&from=2020&to=2024"),
    ("GET", "/report.pdf"): Rule("read", 200, "/report.pdf?from=2023"),
    ("GET", "/documents"): Rule("read", 200, "/documents"),
    ("GET", "/documents/new"): Rule("ingest", 200, "/documents/new"),
    ("GET", "/documents/{sha256}"): Rule("read", 200, "/documents/{kz}"),
    ("GET", "/documents/{sha256}/original"): Rule("read", 200, "/documents/{kz}/original"),
    # a scanned page's image: this document is no scan, so "no such page" past the guard
    ("GET", "/documents/{sha256}/page-image"): Rule(
        "read", 404, "/documents/{kz}/page-image?page=1"),
    ("GET", "/organisations"): Rule("read", 200, "/organisations?q=DCK&designated=1&all=1"),
    ("GET", "/organisations/{organisation_id}"): Rule("read", 200, "/organisations/1"),
    ("GET", "/search"): Rule("read", 200, "/search?q=arrested"),
    ("GET", "/review"): Rule("read", 200, "/review"),
    ("GET", "/review/links"): Rule("read", 200, "/review/links"),
    ("GET", "/facts/{kind}/{fact_id}"): Rule("read", 200, "/facts/event/{arrest}"),
    ("POST", "/facts/{kind}/{fact_id}/{action}"): Rule(
        "review", 303, "/facts/event/{arrest}/accept", form={"version": "1"}),
    # right after that acceptance, the caller's last decision: undone
    ("POST", "/review/undo"): Rule("review", 303, "/review/undo", form={"next": ""}),
    ("POST", "/review/bulk"): Rule("review", 400, "/review/bulk", form={"action": "accept"}),
    ("POST", "/facts/{kind}/{fact_id}"): Rule(
        "review", 303, "/facts/event/{arrest}", form={"agent": "the court"}),
    ("POST", "/documents/{sha256}/facts"): Rule(
        "review", 303, "/documents/{kz}/facts",
        form={"quote": "DCK was banned", "type": "restriction", "participant": "DCK",
              "participant_kind": "organisation"}),
    ("POST", "/documents"): Rule("ingest", 400, "/documents", form={"text": " "}),
    ("POST", "/links/{proposal_id}/{action}"): Rule(
        "link", 404, "/links/999/accept", form={"next": ""}),
    ("POST", "/merges/{merge_id}/split"): Rule("link", 404, "/merges/999/split", form={"next": ""}),
    # who may see a record
    ("POST", "/documents/{sha256}/access"): Rule(
        "review", 303, "/documents/{kz}/access", form={"access_level": "internal"}),
    ("POST", "/documents/{sha256}/published"): Rule(
        "review", 400, "/documents/{kz}/published", form={"published": "2023-13-01"}),
    ("POST", "/facts/{kind}/{fact_id}/access"): Rule(
        "review", 303, "/facts/event/{arrest}/access", form={"access_level": "confidential"}),
    ("POST", "/cases/{person_id}/protect"): Rule(
        "review", 303, "/cases/1/protect", form={"protected": "1"}),
    ("PUT", "/api/documents/{sha256}/access"): Rule(
        "review", 200, "/api/documents/{kz}/access", json={"access": "internal"}),
    # A month 13: refused before the re-extraction a good date starts (no pipeline here).
    ("PUT", "/api/documents/{sha256}/published"): Rule(
        "review", 400, "/api/documents/{kz}/published", json={"published": "2023-13-01"}),
    ("PUT", "/api/facts/{kind}/{fact_id}/access"): Rule(
        "review", 200, "/api/facts/event/{arrest}/access", json={"access": "confidential"}),
    ("PUT", "/api/persons/{person_id}/protected"): Rule(
        "review", 200, "/api/persons/1/protected", json={"protected": True}),
    # publication consent (services/consent.py)
    ("POST", "/cases/{person_id}/consent"): Rule(
        "review", 303, "/cases/1/consent", form={"given": "1", "given_by": "family"}),
    ("GET", "/api/persons/{person_id}/consent"): Rule("read", 200, "/api/persons/1/consent"),
    ("PUT", "/api/persons/{person_id}/consent"): Rule(
        "review", 200, "/api/persons/1/consent", json={"given": False, "given_by": "lawyer"}),
    # drafts (casefile.advocacy): reading, so every reader, of what they may see
    ("GET", "/cases/{person_id}/draft"): Rule("read", 200, "/cases/1/draft?kind=urgent-action"),
    ("GET", "/cases/{person_id}/draft/file"): Rule(
        "read", 200, "/cases/1/draft/file?format=docx&demand=fair-trial"),
    # accounts (admins)
    ("GET", "/users"): Rule("manage_users", 200, "/users"),
    ("GET", "/views"): Rule("manage_users", 200, "/views"),
    ("POST", "/users"): Rule("manage_users", 303, "/users", form={
        "name": "newbie", "role": "viewer", "clearance": "public",
        "password": "a long enough passphrase"}),
    ("POST", "/roles/2fa"): Rule(
        "manage_users", 303, "/roles/2fa", form={"role": "viewer", "required": ""}),
    ("POST", "/users/{name}/access"): Rule(
        "manage_users", 303, "/users/Bek/access", form={"clearance": "internal"}),
    ("POST", "/users/{name}/{action}"): Rule(
        "manage_users", 303, "/users/Bek/disable", form={"next": ""}),
    # the API
    ("GET", "/api/openapi.json"): Rule("public", 200, "/api/openapi.json"),
    ("GET", "/api/docs"): Rule("public", 200, "/api/docs"),
    ("GET", "/docs/oauth2-redirect"): Rule("public", 200, "/docs/oauth2-redirect"),
    ("GET", "/api/me"): Rule("read", 200, "/api/me"),
    ("GET", "/api/dashboard"): Rule("read", 200, "/api/dashboard"),
    ("GET", "/api/cases"): Rule("read", 200, "/api/cases"),
    ("GET", "/api/cases/{person_id}"): Rule("read", 200, "/api/cases/1"),
    ("GET", "/api/search"): Rule("read", 200, "/api/search?q=arrested"),
    ("GET", "/api/documents"): Rule("read", 200, "/api/documents"),
    ("POST", "/api/documents"): Rule("ingest", 400, "/api/documents", json={"text": " "}),
    ("POST", "/api/documents/upload"): Rule(
        "ingest", 400, "/api/documents/upload", files={"file": ("empty.txt", b"")}),
    ("GET", "/api/documents/{sha256}"): Rule("read", 200, "/api/documents/{kz}"),
    ("POST", "/api/documents/{sha256}/facts"): Rule(
        "review", 201, "/api/documents/{kz}/facts",
        json={"quote": "DCK was banned", "type": "restriction", "participant": "DCK",
              "participant_kind": "organisation"}),
    ("GET", "/api/organisations"): Rule("read", 200, "/api/organisations"),
    ("GET", "/api/organisations/{organisation_id}"): Rule("read", 200, "/api/organisations/1"),
    ("GET", "/api/review"): Rule("read", 200, "/api/review"),
    ("GET", "/api/facts/{kind}/{fact_id}"): Rule("read", 200, "/api/facts/event/{arrest}"),
    ("POST", "/api/facts/{kind}/{fact_id}/accept"): Rule(
        "review", 200, "/api/facts/event/{arrest}/accept", json={}),
    ("POST", "/api/facts/{kind}/{fact_id}/reject"): Rule(
        "review", 200, "/api/facts/event/{arrest}/reject", json={}),
    ("PATCH", "/api/facts/{kind}/{fact_id}"): Rule(
        "review", 200, "/api/facts/event/{arrest}", json={"agent": "the court"}),
    ("GET", "/api/links/proposals"): Rule("read", 200, "/api/links/proposals"),
    ("POST", "/api/links/proposals/{proposal_id}/{action}"): Rule(
        "link", 404, "/api/links/proposals/999/reject", json={}),
    ("GET", "/api/persons/{person_id}/merges"): Rule("read", 200, "/api/persons/1/merges"),
    ("POST", "/api/merges"): Rule("link", 201, "/api/merges", json={"kept": 1, "merged": 2}),
    ("POST", "/api/merges/{merge_id}/split"): Rule("link", 404, "/api/merges/999/split",
                                                   json={}),
    # case curation (services/curation.py): bad input refused after the guard
    ("GET", "/curation"): Rule("read", 200, "/curation"),
    ("POST", "/cases/{person_id}/curate"): Rule(
        "review", 400, "/cases/1/curate", form={"verdict": "not_a_clue"}),
    ("GET", "/facts/{kind}/{fact_id}/move"): Rule(
        "review", 200, "/facts/event/{arrest}/move?q=Petrova"),
    ("POST", "/facts/{kind}/{fact_id}/move"): Rule(
        "review", 400, "/facts/event/{arrest}/move", form={"target": "abc"}),
    ("POST", "/curation/{curation_id}/undo"): Rule(
        "review", 404, "/curation/999/undo", form={"next": ""}),
    ("GET", "/api/curations"): Rule("read", 200, "/api/curations"),
    ("POST", "/api/persons/{person_id}/verdict"): Rule(
        "review", 400, "/api/persons/1/verdict", json={"verdict": "not_a_clue"}),
    ("POST", "/api/facts/{kind}/{fact_id}/move"): Rule(
        "review", 404, "/api/facts/event/{arrest}/move", json={"target": 999999}),
    ("POST", "/api/curations/{curation_id}/undo"): Rule(
        "review", 404, "/api/curations/999/undo", json={}),
    ("GET", "/api/links/queue"): Rule("read", 200, "/api/links/queue"),
    # possible facts (services/possible_facts.py): none in these documents, so an answer
    # is "not found" past the guard
    ("GET", "/review/possible"): Rule("read", 200, "/review/possible"),
    ("POST", "/review/possible/{possible_id}/{action}"): Rule(
        "review", 404, "/review/possible/999/accept", form={"next": ""}),
    ("GET", "/api/possible"): Rule("read", 200, "/api/possible"),
    ("POST", "/api/possible/{possible_id}/accept"): Rule(
        "review", 404, "/api/possible/999/accept", json={}),
    ("POST", "/api/possible/{possible_id}/reject"): Rule(
        "review", 404, "/api/possible/999/reject", json={}),
    # interventions (services/interventions.py): one added to case 1, then missing ids
    # refused after the guard
    ("GET", "/cases/{person_id}/interventions/new"): Rule(
        "review", 200, "/cases/1/interventions/new"),
    ("POST", "/cases/{person_id}/interventions"): Rule(
        "review", 303, "/cases/1/interventions", form={"kind": "letter", "text": "Invented"}),
    ("GET", "/interventions/{intervention_id}/edit"): Rule(
        "review", 404, "/interventions/999/edit"),
    ("POST", "/interventions/{intervention_id}"): Rule(
        "review", 404, "/interventions/999", form={"kind": "letter"}),
    ("POST", "/interventions/{intervention_id}/delete"): Rule(
        "review", 404, "/interventions/999/delete", form={"next": ""}),
    ("GET", "/interventions/{intervention_id}/file"): Rule(
        "read", 404, "/interventions/999/file"),
    ("GET", "/api/cases/{person_id}/interventions"): Rule(
        "read", 200, "/api/cases/1/interventions"),
    ("POST", "/api/cases/{person_id}/interventions"): Rule(
        "review", 201, "/api/cases/1/interventions", json={"kind": "appeal"}),
    ("GET", "/api/interventions/{intervention_id}"): Rule(
        "read", 404, "/api/interventions/999"),
    ("PATCH", "/api/interventions/{intervention_id}"): Rule(
        "review", 404, "/api/interventions/999", json={"outcome": "x"}),
    ("DELETE", "/api/interventions/{intervention_id}"): Rule(
        "review", 404, "/api/interventions/999"),
    # alerts (services/alerts.py) and the calendar feed: its secret address is its own
    # credential (anyone may try one; a wrong one is not found)
    ("GET", "/api/alerts"): Rule("read", 200, "/api/alerts?within=3m"),
    ("GET", "/calendar.ics"): Rule("read", 200, "/calendar.ics"),
    ("GET", "/calendar/{token}.ics"): Rule("public", 404, "/calendar/cal_nothing.ics"),
    ("GET", "/account/calendar"): Rule("read", 200, "/account/calendar"),
    ("POST", "/account/calendar"): Rule("read", 200, "/account/calendar", form={"x": ""}),
    ("POST", "/account/calendar/revoke"): Rule(
        "read", 303, "/account/calendar/revoke", form={"x": ""}),
    # correcting documents (services/document_changes.py): a bad address is refused
    # after the guard; last in the table (the rules above need the documents): the
    # second document is withdrawn, restored and deleted
    ("POST", "/documents/{sha256}/metadata"): Rule(
        "review", 400, "/documents/{kz}/metadata", form={"url": "javascript:alert(1)"}),
    ("PATCH", "/api/documents/{sha256}"): Rule(
        "review", 400, "/api/documents/{kz}", json={"url": "ftp://example.org/x"}),
    ("POST", "/api/documents/{sha256}/withdraw"): Rule(
        "review", 200, "/api/documents/{ru}/withdraw", json={"reason": "duplicate"}),
    ("POST", "/documents/{sha256}/restore"): Rule(
        "manage_documents", 303, "/documents/{ru}/restore", form={"next": ""}),
    ("POST", "/api/documents/{sha256}/restore"): Rule(
        "manage_documents", 404, "/api/documents/{ru}/restore", json={}),
    ("POST", "/documents/{sha256}/withdraw"): Rule(
        "review", 404, "/documents/{missing}/withdraw", form={"reason": "duplicate"}),
    ("POST", "/documents/{sha256}/delete"): Rule(
        "manage_documents", 404, "/documents/{missing}/delete", form={"with_reviewed": "1"}),
    ("POST", "/api/documents/{sha256}/delete"): Rule(
        "manage_documents", 200, "/api/documents/{ru}/delete", json={"with_reviewed": True}),
    ("GET", "/documents/withdrawn"): Rule("manage_documents", 200, "/documents/withdrawn"),
    ("GET", "/api/documents/withdrawn"): Rule(
        "manage_documents", 200, "/api/documents/withdrawn"),
}  # fmt: skip
UNSAFE = {key for key in TABLE if key[0] not in ("GET", "HEAD")}


class NoPipeline:
    """The ingest routes are sent input refused before extraction: loading spaCy once
    per app would make this walk take minutes."""

    def get(self) -> Any:
        raise AssertionError("the extraction pipeline was not meant to be needed")


@pytest.fixture
def app_client(seeded: Seeded) -> Iterator[TestClient]:
    app = create_app(seeded.db_path)
    app.state.pipeline = NoPipeline()
    with TestClient(app, follow_redirects=False) as client:
        yield client


def test_every_route_has_a_rule_in_the_table(tmp_path):
    app = create_app(tmp_path / "routes.db")
    found = set()
    for route in every_route(app.routes):
        path = getattr(route, "path", "")
        if path.startswith("/static"):
            continue  # the mounted stylesheet and script: public files
        for method in getattr(route, "methods", None) or ():
            if method != "HEAD":
                found.add((method, path))
    assert len(found) > 40
    assert found - TABLE.keys() == set(), "routes without a rule: add them to TABLE"
    assert TABLE.keys() - found == set(), "rules for routes that no longer exist"


def send(client: TestClient, method: str, rule: Rule, values: dict[str, Any]) -> Any:
    path = rule.path.format(**values)
    return client.request(method, path, data=rule.form, json=rule.json, files=rule.files)


def expected_status(role: str, method: str, path: str, rule: Rule) -> int:
    if role in HOLDERS[rule.permission]:
        return rule.signed_in if rule.signed_in and role != "anonymous" else rule.ok
    if role == "anonymous":
        if path.startswith("/api"):
            return 401
        return 303 if method == "GET" else 401  # a page sends you to sign in
    return 403


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_table_says(role, app_client, seeded):
    values = {"kz": seeded.kz, "arrest": event_id(seeded.db_path, "arrest", "Marat"),
              "ru": seeded.ru, "missing": "f" * 64}
    sign_in(app_client, seeded.db_path, USER_OF.get(role))
    problems = []
    for (method, path), rule in TABLE.items():
        if (method, path) == ("POST", "/logout"):
            continue  # signs this client out: checked on its own below
        before = dump(seeded.db_path) if role not in HOLDERS[rule.permission] else None
        response = send(app_client, method, rule, values)
        want = expected_status(role, method, path, rule)
        if response.status_code != want:
            problems.append(f"{role} {method} {path}: {response.status_code}, want {want}")
        if want == 303 and role == "anonymous":
            assert response.headers["location"].startswith("/login?next=")
        if before is not None:
            assert dump(seeded.db_path) == before, f"{role} {method} {path} changed data"
        if path.startswith("/api") and response.status_code >= 400:
            assert response.json()["error"]["status"] == response.status_code
    assert problems == []
    logout = app_client.post("/logout", data={"next": ""})
    assert logout.status_code == expected_status(role, "POST", "/logout", TABLE["POST", "/logout"])
    if role != "anonymous":  # signed out: the next page sends us to the sign-in form
        assert app_client.get("/cases").status_code == 303


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_a_change_with_the_session_cookie_needs_the_anti_forgery_token(
    role, app_client, seeded
):
    values = {"kz": seeded.kz, "arrest": event_id(seeded.db_path, "arrest", "Marat"),
              "ru": seeded.ru, "missing": "f" * 64}
    sign_in(app_client, seeded.db_path, USER_OF[role])
    good = app_client.headers.pop(CSRF_HEADER)
    before = dump(seeded.db_path)
    for key in sorted(UNSAFE - {("POST", "/login")}):
        for token in (None, "forged" + good[6:]):
            if token is not None:
                app_client.headers[CSRF_HEADER] = token
            response = send(app_client, key[0], TABLE[key], values)
            assert response.status_code in (403, 415), f"{key} with token {token!r}"
            app_client.headers.pop(CSRF_HEADER, None)
    assert dump(seeded.db_path) == before
    # The form field works as well as the header.
    arrest = values["arrest"]
    response = app_client.post(f"/facts/event/{arrest}/accept", data={"csrf_token": good})
    assert response.status_code == 303


def test_api_tokens_need_no_anti_forgery_token_and_keep_their_role(app_client, seeded):
    with SQLiteStore(seeded.db_path) as store:
        viewer = accounts.new_token(store, "Vera", "test").token
        editor = accounts.new_token(store, "Dana", "test").token
    arrest = event_id(seeded.db_path, "arrest", "Marat")
    as_viewer = {"Authorization": f"Bearer {viewer}"}
    refused = app_client.post(f"/api/facts/event/{arrest}/accept", json={}, headers=as_viewer)
    assert refused.status_code == 403 and "viewer" in refused.json()["error"]["message"]
    accepted = app_client.post(f"/api/facts/event/{arrest}/accept", json={},
                               headers={"Authorization": f"Bearer {editor}"})  # fmt: skip
    assert accepted.status_code == 200 and accepted.json()["reviewed_by"] == "Dana"
    for bad in ("Bearer nope", "Basic dXNlcjpwYXNz", "Bearer ", f"Bearer {viewer}x"):
        response = app_client.get("/api/cases", headers={"Authorization": bad})
        assert response.status_code == 401, bad
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_disabled_user_is_signed_out_at_once(app_client, seeded):
    sign_in(app_client, seeded.db_path, "Vera")
    assert app_client.get("/cases").status_code == 200
    with SQLiteStore(seeded.db_path) as store:
        accounts.disable_user(store, "Vera", "root")
    assert app_client.get("/cases").status_code == 303
    assert app_client.get("/api/cases").status_code == 401
