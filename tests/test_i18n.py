"""The interface in English and Russian: the catalogue is complete and current, plurals
take Russian's three forms, the switch is remembered, and every page rendered in Russian
leaves no interface English behind (the records themselves stay in their language)."""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import web_support
from casefile import i18n
from casefile.model import PartialDate
from casefile.services import wording
from casefile.services.countries import country_name
from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from casefile.web.auth import CSRF_HEADER
from casefile.web.formatting import language_name, number, two_decimals
from casefile.web.language import LANGUAGE_COOKIE, from_accept_language
from test_web_links import add_doc
from web_support import KZ_TEXT, RU_TEXT, USERS, Seeded, event_id, sign_in

seeded = web_support.seeded  # fixtures
client = web_support.client
ROOT = Path(__file__).resolve().parent.parent


def _extractor():
    spec = importlib.util.spec_from_file_location("extract_messages",
                                                  ROOT / "scripts" / "extract_messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _catalog(path: Path, locale: str | None = None):
    from babel.messages.pofile import read_po

    with path.open("rb") as po:
        return read_po(po, locale=locale)


def _ids(catalog) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id))
            for m in catalog if m.id}  # fmt: skip


# -- the catalogue ------------------------------------------------------------------


def test_the_russian_catalogue_translates_every_string_and_none_is_fuzzy():
    russian = _catalog(i18n.po_path("ru"), "ru")
    assert len(_ids(russian)) > 300
    assert _extractor().untranslated(russian) == []
    assert russian.num_plurals == 3


def test_the_template_and_the_catalogue_hold_what_the_sources_mark_today():
    """A string wrapped since the last extraction (or one no longer used) fails here:
    run scripts/extract_messages.py and translate what it reports."""
    extracted = _ids(_extractor().extract())
    assert _ids(_catalog(i18n.LOCALE_DIR / "messages.pot")) == extracted
    assert _ids(_catalog(i18n.po_path("ru"), "ru")) == extracted


@pytest.mark.parametrize(("n", "cases", "sources"), [
    (1, "1 дело", "1 источник"), (2, "2 дела", "2 источника"), (5, "5 дел", "5 источников"),
    (21, "21 дело", "21 источник"), (11, "11 дел", "11 источников"),
])  # fmt: skip
def test_russian_plurals_take_their_three_forms(n, cases, sources):
    token = i18n.set_language("ru")
    try:
        assert i18n.ngettext("%(num)s case", "%(num)s cases", n) % {"num": n} == cases
        assert i18n.ngettext("%(num)s source", "%(num)s sources", n) % {"num": n} == sources
    finally:
        i18n.reset_language(token)
    assert i18n.ngettext("%(num)s case", "%(num)s cases", n) % {"num": n} == (
        f"{n} case" if n == 1 else f"{n} cases")


def test_terms_dates_and_countries_follow_the_language():
    def said() -> tuple[str, ...]:
        return (wording.term_in_words("P7Y"), wording.term_in_words("P1Y6M"),
                wording.term_in_words("P21D"), wording.sentence_in_words("P2Y", "prison"),
                wording.date_in_words(PartialDate.parse("--01-31")),
                wording.date_in_words(PartialDate.parse("2021-03")),
                wording.date_in_words(PartialDate.parse("2023-11-30")),
                wording.date_in_words(None), country_name("KZ"), number(12345),
                two_decimals(0.5), language_name("ru"), language_name("xx"))  # fmt: skip

    assert said() == ("7 years", "1 year 6 months", "21 days", "2 years prison",
                      "31 January, year unknown", "March 2021", "30 November 2023",
                      "undated", "Kazakhstan", "12,345", "0.50", "Russian", "xx")  # fmt: skip
    token = i18n.set_language("ru")
    try:
        assert said() == ("7 лет", "1 год 6 месяцев", "21 день", "лишение свободы, 2 года",
                          "31 января, год неизвестен", "март 2021", "30 ноября 2023",
                          "без даты", "Казахстан", "12\xa0345", "0,50", "русский",
                          "xx")  # fmt: skip
    finally:
        i18n.reset_language(token)


# -- the switch ---------------------------------------------------------------------


def test_accept_language_decides_until_the_visitor_chooses(seeded: Seeded):
    assert from_accept_language("de-DE,ru;q=0.8,en;q=0.5") == "ru"
    assert from_accept_language("en-GB,ru;q=0.9") == "en"
    assert from_accept_language("de, fr;q=0.5") is None
    with TestClient(create_app(seeded.db_path)) as client:
        page = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
        assert '<html lang="ru">' in page and "Вход" in page
        assert '<html lang="en">' in client.get("/login").text
        assert '<html lang="en">' in client.get("/login", headers={"Accept-Language": "de"}).text


def test_the_switch_is_remembered_in_a_cookie_and_by_the_account(seeded: Seeded):
    with TestClient(create_app(seeded.db_path), follow_redirects=False) as client:
        # anonymous, on the sign-in page: a cookie, and back to where the switch was
        switched = client.post("/language", data={"language": "ru", "next": "/login?next=/"})
        assert switched.status_code == 303 and switched.headers["location"] == "/login?next=/"
        assert client.cookies.get(LANGUAGE_COOKIE) == "ru"
        page = client.get("/login", headers={"Accept-Language": "en"}).text
        assert '<html lang="ru">' in page and 'data-testid="language-ru" aria-current' in page
        # signed in: the account keeps it too; a new browser signing in gets it back
        sign_in(client, seeded.db_path, "Dana")
        token = client.headers.pop(CSRF_HEADER)  # as from another site: refused, unkept
        assert client.post("/language", data={"language": "ru"}).status_code == 403
        with SQLiteStore(seeded.db_path) as store:
            assert store.user_language("Dana") is None
        client.headers[CSRF_HEADER] = token
        assert client.post("/language", data={"language": "ru", "next": "//evil.example"}
                           ).headers["location"] == "/"  # fmt: skip
        with SQLiteStore(seeded.db_path) as store:
            assert store.user_language("Dana") == "ru"
            assert store.user_language("Vera") is None
    with TestClient(create_app(seeded.db_path), follow_redirects=False) as fresh:
        form = fresh.get("/login").text
        login_token = re.search(r'name="login_token" value="([^"]+)"', form)
        assert login_token is not None
        signed = fresh.post("/login", data={"name": "Dana", "password": web_support.PASSWORD,
                                            "login_token": login_token.group(1), "next": "/"})
        assert signed.status_code == 303 and fresh.cookies.get(LANGUAGE_COOKIE) == "ru"
        home = fresh.get("/").text
        assert '<html lang="ru">' in home
        # the switch's form carries the anti-forgery token of the session
        switch = home[home.index('data-testid="language-switch"'):]
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', switch)
        assert csrf is not None
        assert fresh.post("/language", data={"language": "de", "csrf_token": csrf.group(1)}
                          ).status_code == 400  # fmt: skip
        back = fresh.post("/language", data={"language": "en", "next": "/cases",
                                             "csrf_token": csrf.group(1)})
        assert back.status_code == 303 and fresh.cookies.get(LANGUAGE_COOKIE) == "en"
        assert '<html lang="en">' in fresh.get("/cases").text


# -- no English left ----------------------------------------------------------------

# Pages walked signed in as the admin (every form shown), in Russian. The sign-in page
# is walked signed out.
PAGES = ("/", "/cases", "/cases?q=Marat", "/cases?country=KZ&status=imprisoned",
         "/cases/1", "/cases/2", "/documents", "/documents/new", "/documents/{kz}",
         "/documents/{ru}", "/documents/withdrawn", "/organisations",
         "/organisations?q=DCK&designated=1&all=1", "/organisations/1", "/search?q=arrested",
         "/search?q=nothingfoundhere", "/review", "/review?type=charge&sort=confidence",
         "/facts/event/{arrest}", "/facts/statistic/1", "/users", "/views",
         "/account/password", "/account/2fa", "/404", "/cases/1/draft", "/report",
         "/report?country=KZ&from=2023&to=2023",
         # error pages whose message a service raised (404, 400)
         "/documents/" + "0" * 64, "/facts/event/999999", "/cases?country=XYZ",
         "/review?min_confidence=high")  # fmt: skip

# Words on a Russian page that are not interface English: names of things, formats,
# commands, the other language's name on the switch.
NOT_ENGLISH = {"casefile", "English", "CSV", "JSON", "SHA", "API", "URL", "TOTP", "PDF",
               "Word", "Aegis", "FreeOTP", "Google", "Authenticator", "MiB", "txt", "md",
               "html", "pdf", "docx", "png", "jpg", "tif", "sha", "j", "k", "a", "r", "e", "en",
               "ru", "kz", "ISO", "UTC",
               # values the walk's requests give, echoed by their error pages
               "XYZ", "high"}  # fmt: skip


def _record_words(seeded: Seeded) -> set[str]:
    """Every word the seeded records hold: texts, titles, names, quotes, user names."""
    words = set(re.findall(r"[A-Za-z]+", " ".join((KZ_TEXT, RU_TEXT, SISTER_TEXT))))
    extra = ("Statement on Zholdybayev Petrova released Rights Watch Democratic Choice DCK FSB"
             " movement agency participating in an extremist organization treason persons"
             " convicted the FSB " + " ".join(USERS))  # fmt: skip
    # The example table of authorities: addressees are data, shown as the table has them.
    from casefile.advocacy.authorities import load_authorities

    table = " ".join(a.label for a in load_authorities())
    return words | set(extra.split()) | set(re.findall(r"[A-Za-z]+", table))


def _english_left(page: str, allowed: set[str]) -> list[str]:
    """The Latin-letter words a reader of `page` sees (text, titles, labels, placeholders)
    that are neither record content nor allowed."""
    page = re.sub(r"(?s)<(script|style|code)\b.*?</\1>", " ", page)
    attributes = re.findall(r'\b(?:title|aria-label|placeholder|alt|data-selected)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    seen = html.unescape(" ".join([text, *attributes]))
    seen = re.sub(r"\b[0-9a-f]{12,64}\b", " ", seen)  # document hashes
    seen = re.sub(r"otpauth://\S+|\b[A-Z2-7]{16,}\b", " ", seen)  # a TOTP key and its link
    seen = re.sub(r"\b[A-Z]{2}\b", " ", seen)  # country codes
    seen = re.sub(r"\{\w+\}", " ", seen)  # placeholders a script fills (data-selected)
    seen = re.sub(r"\bP\d+[YMWD]\b|https://", " ", seen)  # formats the forms take
    return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", seen)
                   if w not in allowed and w.strip("'-") not in allowed})  # fmt: skip


SISTER_TEXT = "Olga Petrova was detained on 3 May 2024."


def person_id(db_path: Path, name: str) -> int:
    with SQLiteStore(db_path) as store:
        conn = store.conn
        row = conn.execute("SELECT id FROM persons WHERE name = ?", (name,)).fetchone()
    assert row is not None, name
    return int(row[0])


def test_every_page_in_russian_leaves_no_interface_english(seeded: Seeded, make_extraction):
    allowed = NOT_ENGLISH | _record_words(seeded)
    values = {"kz": seeded.kz, "ru": seeded.ru,
              "arrest": event_id(seeded.db_path, "arrest", "Marat")}  # fmt: skip
    left: dict[str, list[str]] = {}
    with TestClient(create_app(seeded.db_path)) as client:
        client.cookies.set(LANGUAGE_COOKIE, "ru")
        login = client.get("/login").text
        assert '<html lang="ru">' in login
        left["/login"] = _english_left(login, allowed)
        sign_in(client, seeded.db_path, "root")
        client.cookies.set(LANGUAGE_COOKIE, "ru")
        for path in PAGES:
            response = client.get(path.format(**values))
            assert response.status_code in (200, 400, 404), path
            assert '<html lang="ru">' in response.text, path
            left[path] = _english_left(response.text, allowed)
        # a page a form answers with: protecting a person whose surname another case shares
        sister = (make_extraction(SISTER_TEXT, published="2024-05-04", title="Sister",
                                  language="en")
                  .person("Olga Petrova", roles=["relative"], country="RU")
                  .event("arrest", "Olga Petrova", "was detained on 3 May 2024", "2024-05-03"))
        with SQLiteStore(seeded.db_path) as store:
            store.save_extraction(sister.build(), sister.original)
        anna = person_id(seeded.db_path, "Anna Petrova")
        protected = client.post(f"/cases/{anna}/protect", data={"protected": "1"})
        assert protected.status_code == 200 and 'data-testid="protect-notice"' in protected.text
        left["POST /cases/{anna}/protect"] = _english_left(protected.text, allowed)
        # curation: a verdict, the list of them, the move form; a link proposal's queue
        olga = person_id(seeded.db_path, "Olga Petrova")
        client.post(f"/cases/{olga}/curate", data={"verdict": "not_victim"})
        add_doc(seeded.db_path, make_extraction, "Жолдыбаева задержали 5 января.",
                "Жолдыбаев", "Жолдыбаева задержали")
        for path in ("/curation", f"/cases/{olga}", "/review", "/review/links",
                     f"/facts/event/{values['arrest']}/move?q=Petrova",
                     f"/facts/event/{values['arrest']}/move?q=Nobody"):
            response = client.get(path)
            assert response.status_code == 200, path
            left[path] = _english_left(response.text, allowed)
        assert 'data-testid="link-reason"' in client.get("/review/links").text
        # interventions (an appeal with a file and a response) and the calendar page,
        # before and after an address is made; the dashboard with an alert on it
        marat = person_id(seeded.db_path, "Marat Zholdybayev")
        added = client.post(f"/cases/{marat}/interventions",
                            data={"kind": "urgent_action", "date": "2024-02", "sender": "DCK",
                                  "addressee": "FSB", "text": "Rights Watch",
                                  "response": "released", "access_level": "internal"},
                            files={"file": ("a.txt", b"Invented", "text/plain")})  # fmt: skip
        assert added.status_code == 200, added.text[:200]  # followed to the case page
        edit = re.search(r'href="(/interventions/\d+/edit)"', added.text)
        assert edit is not None and 'data-testid="intervention"' in added.text
        left["POST /cases/{marat}/interventions"] = _english_left(added.text, allowed)
        client.app.state.clock = lambda: dt.date(2030, 2, 15)  # Marat's 7 years end
        with SQLiteStore(seeded.db_path) as store:
            for event in list(store.iter_events()):
                store.conn.execute("UPDATE events SET review_status = 'accepted' WHERE id = ?",
                                   (event.id,))  # fmt: skip
        for path in (f"/cases/{marat}/interventions/new", edit.group(1), "/account/calendar",
                     "/"):
            response = client.get(path)
            assert response.status_code == 200, path
            left[path + " (interventions, alerts)"] = _english_left(response.text, allowed)
        assert 'data-testid="alert"' in client.get("/").text
        made = client.post("/account/calendar", data={"x": ""})
        left["POST /account/calendar"] = _english_left(made.text, allowed)
    left = {path: words for path, words in left.items() if words}
    assert left == {}, "\n".join(f"{path}: {' '.join(words)}" for path, words in left.items())


def test_error_pages_speak_russian_and_the_api_stays_english(client):
    client.cookies.set(LANGUAGE_COOKIE, "ru")
    page = client.get("/404")
    assert page.status_code == 404 and "<h1>Не найдено</h1>" in page.text
    assert "страницы /404 не существует" in page.text
    api = client.get("/api/404")
    assert api.json()["error"]["message"] == "there is no page at /api/404"


def test_errors_the_services_raise_are_shown_in_russian_and_stay_english_elsewhere(client):
    client.cookies.set(LANGUAGE_COOKIE, "ru")
    missing = client.get("/documents/" + "0" * 64)
    assert missing.status_code == 404 and "нет документа 000000000000" in missing.text
    bad = client.get("/cases?country=XYZ")
    assert bad.status_code == 400
    assert "страна: двухбуквенный код ISO, например KZ, а не &#39;XYZ&#39;" in bad.text
    # a message inside another (a date's problem inside the field's) is translated whole
    typed = client.get("/cases?date_from=2024-13")
    assert typed.status_code == 400 and "error-message" in typed.text
    assert not re.search(r"[A-Za-z]{4,}", _message(typed.text).replace("YYYY", "")), typed.text
    api = client.get("/api/documents/" + "0" * 64)
    assert api.status_code == 404 and api.json()["error"]["message"] == "no document 000000000000"
    client.cookies.set(LANGUAGE_COOKIE, "en")
    assert "no document 000000000000" in client.get("/documents/" + "0" * 64).text


def _message(page: str) -> str:
    found = re.search(r'data-testid="error-message"[^>]*>(.*?)</p>', page, re.S)
    assert found is not None
    return html.unescape(found.group(1))


def test_stored_timestamps_are_shown_in_words_in_utc_and_kept_for_machines(client, seeded):
    """No raw "2026-01-01T00:00:00+00:00" on a page (the walk above fails on its "T"):
    the reader's language, UTC said; the machine value in <time datetime>, and as
    stored in exports and the API."""
    english = client.get("/documents").text
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[\d:]+\+00:00">\w+ \d{1,2}, \d{4},'
                     r' \d{1,2}:\d\d\s[AP]M UTC</time>', english), english  # fmt: skip
    client.cookies.set(LANGUAGE_COOKIE, "ru")
    russian = client.get("/documents").text
    assert re.search(r"<time datetime=\"[^\"]+\">\d{1,2} [а-я]+ \d{4}\sг\., \d\d:\d\d UTC</time>",
                     russian), russian  # fmt: skip
    stored = client.get("/api/documents").json()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+(\+00:00|Z)",
                        str(_first_value(stored, "ingested_at")))


def _first_value(data: object, key: str) -> object:
    """The first value of `key` anywhere in a JSON answer."""
    if isinstance(data, dict):
        if key in data:
            return data[key]
        data = list(data.values())
    if isinstance(data, list):
        for item in data:
            found = _first_value(item, key)
            if found is not None:
                return found
    return None


def test_stored_keywords_are_shown_in_russian(client):
    client.cookies.set(LANGUAGE_COOKIE, "ru")
    assert "экстремистская" in client.get("/organisations/1").text  # a designation's label
    dashboard = client.get("/").text
    assert "лишение свободы, 7 лет" in dashboard and "в заключении" in dashboard
    assert "Казахстан" in client.get("/cases").text


def test_the_english_interface_is_unchanged_by_the_catalogue(client):
    page = client.get("/cases").text
    assert '<html lang="en">' in page and ">Cases</h1>" in page and "2 cases" in page
