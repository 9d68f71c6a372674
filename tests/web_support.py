"""Fixtures for the web, review and search tests: a real SQLite file in tmp_path holding
two hand-built documents (the NLP pipeline is not what these tests are about), accounts
of every role, and the app over it in process, signed in as the editor Dana.

Most tests sign in by making a session directly (`sign_in`): the sign-in form itself,
with its password check, is tested in test_web_auth.py and the browser test."""

from __future__ import annotations

import functools
import html
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casefile.security import passwords
from casefile.services import sessions
from casefile.store import Store, open_store
from casefile.web import create_app
from casefile.web.auth import CSRF_HEADER, SESSION_COOKIE

PASSWORD = "correct horse battery staple"
# name: (role, clearance); Dana is the `client` fixture's user.
USERS = {
    "root": ("admin", "confidential"),
    "Dana": ("editor", "confidential"),
    "Aigerim": ("editor", "confidential"),
    "Bek": ("editor", "confidential"),
    "Vera": ("viewer", "confidential"),
}

KZ_TEXT = (
    "Marat Zholdybayev was arrested on 2 March 2023. "
    "On 30 November 2023 Zholdybayev, the athlete, was sentenced to seven years in prison. "
    "Since January, eight persons have been convicted. "
    "The movement DCK was banned as extremist."
)
RU_TEXT = (
    "Anna Petrova, a journalist, was detained by the FSB on 5 May 2024. "
    "She was charged with treason on 10 May 2024. "
    "On 1 June 2024 Petrova was released. <script>alert(1)</script>"
)


@dataclass
class Seeded:
    db_path: Path
    kz: str  # document sha256
    ru: str
    kz_builder: object
    ru_builder: object


def kz_extraction(make_extraction):
    return (
        make_extraction(
            KZ_TEXT,
            published="2023-12-01",
            title="Statement on Zholdybayev",
            language="en",
            publisher="Rights Watch",
        )
        .person("Marat Zholdybayev", roles=["activist"], country="KZ")
        .organisation("DCK", kind="movement", aliases=["Democratic Choice"])
        .event("arrest", "Marat Zholdybayev", "was arrested on 2 March 2023", "2023-03-02")
        .event(
            "sentence",
            "Zholdybayev",
            "was sentenced to seven years in prison",
            "2023-11-30",
            term="P7Y",
            term_kind="prison",
            charges=["participating in an extremist organization"],
        )
        .event(
            "designation",
            "DCK",
            "DCK was banned as extremist",
            participant_kind="organisation",
            label="extremist",
        )
        .statistic(8, "persons convicted", "eight persons have been convicted", period="2023")
    )


def ru_extraction(make_extraction):
    return (
        make_extraction(RU_TEXT, published="2024-06-02", title="Petrova released", language="en")
        .person("Anna Petrova", roles=["journalist"], country="RU")
        .organisation("FSB", kind="agency")
        .event(
            "arrest",
            "Anna Petrova",
            "was detained by the FSB on 5 May 2024",
            "2024-05-05",
            agent="the FSB",
        )
        .event(
            "charge", "Anna Petrova", "was charged with treason", "2024-05-10", charges=["treason"]
        )
        .event("release", "Petrova", "Petrova was released", "2024-06-01")
    )


@pytest.fixture
def seeded(db_path: Path, make_extraction) -> Seeded:
    kz, ru = kz_extraction(make_extraction), ru_extraction(make_extraction)
    with open_store(db_path) as store:
        store.save_extraction(kz.build(), kz.original)
        store.save_extraction(ru.build(), ru.original)
        add_users(store, USERS)
    return Seeded(db_path, kz.document.sha256, ru.document.sha256, kz, ru)


@functools.cache
def password_hash() -> str:
    """One argon2 hash for every test account (hashing is slow on purpose)."""
    return passwords.hash_password(PASSWORD)


def add_users(store: Store, users: dict[str, tuple[str, str]]) -> None:
    for name, (role, clearance) in users.items():
        store.add_user(name, role, clearance, password_hash(), "test", "2026-01-01T00:00:00+00:00")


def sign_in(client: TestClient, db_path: Path | str, name: str | None) -> TestClient:
    """Sign `client` in as `name` (None: signed out), its requests carrying the session's
    anti-forgery token in X-CSRF-Token."""
    client.cookies.clear()
    client.headers.pop(CSRF_HEADER, None)
    if name is not None:
        with open_store(db_path) as store:
            user = store.get_user(name)
            assert user is not None, name
            new = sessions.start(store, user)
        client.cookies.set(SESSION_COOKIE, new.session_id)
        client.headers[CSRF_HEADER] = new.csrf
    return client


@pytest.fixture
def client(seeded: Seeded) -> Iterator[TestClient]:
    with TestClient(create_app(seeded.db_path)) as test_client:
        yield sign_in(test_client, seeded.db_path, "Dana")


def dump(path: Path) -> list[str]:
    """Every row of the database, to show that a refused request changed nothing."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def count_testid(page: str, testid: str) -> int:
    return page.count(f'data-testid="{testid}"')


def event_id(path: Path, type_: str, participant_like: str) -> int:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT id FROM events WHERE type = ? AND participant_name LIKE ?",
            (type_, f"%{participant_like}%"),
        ).fetchone()
    finally:
        conn.close()
    assert row is not None, f"no {type_} of {participant_like}"
    return int(row[0])


def visible_text(fragment: str) -> str:
    """The text a browser shows for an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))
