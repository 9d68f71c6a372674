"""A protected person stays masked for a reader without confidential clearance in every
spelling a text or a search may use (issue 9, finding 3): diacritics, underscores,
Russian case endings, a file name, a publisher, a role quote, a search highlight; and
an unprotected relative who shares the surname keeps her name everywhere.

All text is invented. Uladzimir Lipkovich is protected; Nina Lipkovich, his wife, is not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from casefile.store.sqlite import SQLiteStore
from casefile.web import create_app
from web_support import add_users, sign_in

EN_TEXT = (
    "Uladzímir Lipkovich, a lawyer, was detained in Minsk on 3 March 2024. "
    "Lipkovich said the charges were invented. "
    "His wife Nina Lipkovich was detained on 4 March 2024."
)
RU_TEXT = "Суд оштрафовал Владимира Липковича 5 апреля 2024 года за пикет."
PSEUDONYM = re.compile(r"Person [0-9A-F]{6}")
# What an internal reader must never see: any spelling of his given name or of his name.
REAL = re.compile(r"uladz|Уладз|Владимир|Lipkovich|Липкович", re.IGNORECASE)
USERS = {"Ian": ("viewer", "internal"), "Cora": ("viewer", "confidential"),
         "Ines": ("editor", "internal"), "Dana": ("editor", "confidential")}  # fmt: skip
NOW = "2026-01-01T00:00:00+00:00"


def leaks(body: str) -> list[str]:
    """Spellings of the protected name in `body` (Nina's own name excepted)."""
    return REAL.findall(re.sub("Nina Lipkovich", "", body, flags=re.IGNORECASE))


def ids_of(db: Path, sql: str) -> list[int]:
    with SQLiteStore(db) as store:
        return [row[0] for row in store.conn.execute(sql)]


class Lipkovich:
    def __init__(self, db: Path, en: str, ru: str, uladzimir: int, nina: int) -> None:
        self.db, self.en, self.ru, self.uladzimir, self.nina = db, en, ru, uladzimir, nina


def seed(db: Path, make_extraction, *, with_nina: bool = True,
         source_name: str = "uladzimir_lipkovich.txt") -> Lipkovich:  # fmt: skip
    en = make_extraction(
        EN_TEXT,
        published="2024-03-05",
        title=None,
        language="en",
        publisher="Uladzimir Lipkovich's blog",
        source_name=source_name,
    )
    en.person(
        "Uladzimir Lipkovich",
        roles=["lawyer"],
        country="BY",
        aliases=["Владимир Липкович"],
        evidence=[en.evidence("Uladzímir Lipkovich, a lawyer")],
    )
    en.event(
        "arrest",
        "Uladzimir Lipkovich",
        "Uladzímir Lipkovich, a lawyer, was detained in Minsk on 3 March 2024",
        "2024-03-03",
    )
    en.event("charge", "Uladzimir Lipkovich", "Lipkovich said the charges were invented")
    if with_nina:
        en.person("Nina Lipkovich", country="BY")
        en.event(
            "arrest", "Nina Lipkovich", "Nina Lipkovich was detained on 4 March 2024", "2024-03-04"
        )
    ru = make_extraction(
        RU_TEXT, published="2024-04-06", title="Штраф", language="ru", source_name="shtraf.txt"
    )
    ru.person("Владимир Липкович", country="BY")
    ru.event("sentence", "Владимир Липкович", "Суд оштрафовал Владимира Липковича",
             "2024-04-05")  # fmt: skip
    with SQLiteStore(db) as store:
        store.save_extraction(en.build(), en.original)
        store.save_extraction(ru.build(), ru.original)
        for sha in (en.document.sha256, ru.document.sha256):
            store.set_document_level(sha, 1, "test", NOW)
        add_users(store, USERS)
    uladzimir = ids_of(db, "SELECT id FROM persons WHERE name = 'Uladzimir Lipkovich'")
    # The Russian spelling is his alias: the fine is his.
    assert ids_of(db, "SELECT person_id FROM events WHERE type = 'sentence'") == uladzimir
    nina = ids_of(db, "SELECT id FROM persons WHERE name = 'Nina Lipkovich'") or [0]
    return Lipkovich(db, en.document.sha256, ru.document.sha256, uladzimir[0], nina[0])


def protect(seeded: Lipkovich) -> None:
    with SQLiteStore(seeded.db) as store:
        store.set_person_protected(seeded.uladzimir, True, "test", NOW)


@pytest.fixture
def lipkovich(db_path, make_extraction) -> Lipkovich:
    return seed(db_path, make_extraction)


@pytest.fixture
def internal(lipkovich) -> Iterator[tuple[Lipkovich, TestClient]]:
    protect(lipkovich)
    with TestClient(create_app(lipkovich.db), follow_redirects=False) as client:
        sign_in(client, lipkovich.db, "Ian")
        yield lipkovich, client


@pytest.mark.parametrize("q", ["Uladzímir", "Lipkovich_", "Lipkóvich", "Липковича",
                               "LIPKOVICH", "uladzimir_lipkovich"])  # fmt: skip
def test_a_search_in_any_spelling_of_the_name_finds_nothing(internal, q):
    _, client = internal
    found = client.get("/api/search", params={"q": q}).json()
    assert found["documents"] == [] and found["events"] == [], q
    assert client.get("/api/cases", params={"q": q}).json()["total"] == 0, q
    assert not PSEUDONYM.search(client.get("/search", params={"q": q}).text), q


def test_other_searches_still_work_and_never_highlight_inside_a_mask(internal):
    _, client = internal
    found = client.get("/api/search", params={"q": "detained"}).json()
    assert len(found["events"]) == 2 and len(found["documents"]) == 1
    snippet = found["documents"][0]["snippet"]
    assert "[[detained]]" in snippet and not leaks(snippet), snippet
    assert "Nina Lipkovich" in snippet  # the relative keeps her name
    assert re.search(r"(?<!\[\[)Person [0-9A-F]{6}, a lawyer", snippet), snippet
    page = client.get("/search", params={"q": "detained"}).text
    assert "<mark>detained</mark>" in page and not leaks(page)
    # Nina is found by her given name, and her case lists under her own name.
    cases = client.get("/api/cases", params={"q": "Nina"}).json()["items"]
    assert "Nina Lipkovich" in {c["name"] for c in cases} and not leaks(str(cases))


def test_highlights_are_dropped_where_they_touch_a_mask():
    from casefile.link.mentions import marked

    plain = "Uladzimir Lipkovich was detained"
    out = marked(plain, [(0, 9), (24, 32)], [(0, 19, "Person AB12CD")], "[[", "]]")
    assert out == "Person AB12CD was [[detained]]"


def test_every_page_and_api_masks_all_spellings_and_nina_keeps_her_name(internal):
    seeded, client = internal
    paths = [f"/cases/{seeded.uladzimir}", f"/api/cases/{seeded.uladzimir}",
             f"/cases/{seeded.nina}", f"/api/cases/{seeded.nina}",
             f"/documents/{seeded.en}", f"/api/documents/{seeded.en}",
             f"/documents/{seeded.ru}", f"/api/documents/{seeded.ru}",
             "/documents", "/api/documents", "/cases", "/api/cases", "/", "/review",
             "/api/review?size=50", "/search?q=detained", "/api/search?q=oshtrafoval",
             "/api/search?q=Суд", "/api/search?q=lawyer"]  # fmt: skip
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not leaks(response.text), (path, leaks(response.text))
    # Nina keeps her name in her case, in the document, and in texts about both.
    for path in (f"/cases/{seeded.nina}", f"/documents/{seeded.en}", "/cases"):
        assert "Nina Lipkovich" in client.get(path).text, path
    assert "Nina Person" not in client.get(f"/documents/{seeded.en}").text
    # "Lipkovich said", in his own event, is him: masked in the quote and in the text.
    document = client.get(f"/api/documents/{seeded.en}").json()
    said = [e for e in document["events"] if "said the charges" in e["evidence"]["quote"]]
    assert said and PSEUDONYM.match(said[0]["evidence"]["quote"]), said
    text = document["document"]["text"]
    assert PSEUDONYM.search(text.split(" said the charges")[0][-14:]), text
    # Russian case endings: "Владимира Липковича" is the alias "Владимир Липкович".
    russian = client.get(f"/api/documents/{seeded.ru}").json()["document"]["text"]
    assert PSEUDONYM.search(russian) and "Суд оштрафовал Person" in russian
    # The file name, title and publisher are his name too.
    listed = client.get("/api/documents").json()["items"]
    assert not leaks(json.dumps(listed, ensure_ascii=False))
    assert client.get(f"/documents/{seeded.en}/original").status_code == 404  # as if missing


def test_a_confidential_reader_sees_the_names(lipkovich):
    protect(lipkovich)
    with TestClient(create_app(lipkovich.db)) as client:
        sign_in(client, lipkovich.db, "Cora")
        page = client.get(f"/documents/{lipkovich.en}").text
        assert "Uladzímir Lipkovich" in page and "uladzimir_lipkovich.txt" in page
        assert client.get("/api/search?q=Lipkóvich").json()["events"]


def test_the_role_quote_on_his_own_case_is_masked(lipkovich):
    from casefile.services.access import Viewer
    from casefile.services.cases import case_view

    protect(lipkovich)
    with SQLiteStore(lipkovich.db) as store:
        view = case_view(store, lipkovich.uladzimir, viewer=Viewer("Ian", "internal"))
    person = view.timeline.person
    quotes = [a.evidence.quote for a in person.role_assertions if a.evidence]
    assert quotes and PSEUDONYM.match(quotes[0]) and not leaks(" ".join(quotes)), quotes
    assert PSEUDONYM.fullmatch(person.name) and person.aliases == ()


def test_without_a_relative_the_surname_alone_is_masked_even_in_a_file_name(
    db_path, make_extraction
):
    seeded = seed(db_path, make_extraction, with_nina=False,
                  source_name="lipkovich-statement.txt")  # fmt: skip
    protect(seeded)
    with TestClient(create_app(seeded.db)) as client:
        sign_in(client, seeded.db, "Ian")
        for path in (f"/api/documents/{seeded.en}", "/api/documents",
                     f"/documents/{seeded.en}", f"/cases/{seeded.uladzimir}"):  # fmt: skip
            body = client.get(path).text
            assert not leaks(body) and "abkovich" not in body.lower(), path
        assert "-statement.txt" in client.get("/api/documents").text


def test_protecting_tells_which_cases_share_the_surname(lipkovich, casefile_script):
    shown = casefile_script("access", "protect", str(lipkovich.uladzimir), "--by", "ada")
    assert shown.code == 0, shown.err
    assert re.search(r"notice: 1 other case\(s\) share this person's surname", shown.out)
    assert f"#{lipkovich.nina} Nina Lipkovich" in shown.out
    with TestClient(create_app(lipkovich.db), follow_redirects=False) as client:
        sign_in(client, lipkovich.db, "Dana")
        off = client.put(f"/api/persons/{lipkovich.uladzimir}/protected",
                         json={"protected": False}).json()  # fmt: skip
        assert off["notice"] is None and off["shared_surname"] == []
        on = client.put(f"/api/persons/{lipkovich.uladzimir}/protected",
                        json={"protected": True}).json()  # fmt: skip
        assert on["shared_surname"] == [{"id": lipkovich.nina, "name": "Nina Lipkovich"}]
        assert "Nina Lipkovich" in on["notice"]
        client.put(f"/api/persons/{lipkovich.uladzimir}/protected", json={"protected": False})
        sign_in(client, lipkovich.db, "Ines")  # internal: reads the name until protected
        form = client.post(f"/cases/{lipkovich.uladzimir}/protect", data={"protected": "1"})
        assert form.status_code == 200, form.text
        assert "Nina Lipkovich" in form.text and f'href="/cases/{lipkovich.nina}"' in form.text
        # Asked again, now that the name is hidden from her, the answer tells nothing.
        again = client.put(f"/api/persons/{lipkovich.uladzimir}/protected",
                           json={"protected": True}).json()  # fmt: skip
        assert again["notice"] is None and again["shared_surname"] == []


def test_a_person_without_namesakes_is_protected_without_a_notice(db_path, make_extraction,
                                                                  casefile_script):  # fmt: skip
    seeded = seed(db_path, make_extraction, with_nina=False)
    shown = casefile_script("access", "protect", str(seeded.uladzimir))
    assert shown.code == 0 and "notice" not in shown.out
    with TestClient(create_app(seeded.db), follow_redirects=False) as client:
        sign_in(client, seeded.db, "Dana")
        client.put(f"/api/persons/{seeded.uladzimir}/protected", json={"protected": False})
        form = client.post(f"/cases/{seeded.uladzimir}/protect", data={"protected": "1"})
        assert form.status_code == 303


# -- the matcher on its own ----------------------------------------------------------------


def test_the_matcher_finds_the_forms_a_text_writes_a_name_in():
    from casefile.link.mentions import build_index

    index = build_index({7: ["Uladzimir Lipkovich", "Владимир Липкович"]}, [])
    cases = {
        "Uladzímir Lipkovich spoke.": "Uladzímir Lipkovich",
        "Lipkovich_Uladzimir.pdf": "Lipkovich_Uladzimir",
        "Суд оштрафовал Владимира Липковича вчера.": "Владимира Липковича",
        "Липковичу отказали.": "Липковичу",
        "Lipkovich, Uladzimir (lawyer)": "Lipkovich, Uladzimir",
        "U. Lipkovich and В. Липкович": "U. Lipkovich",
        "Kara Lip\u00adkovich": "Lip\u00adkovich",
        "Uladzi\u0301mir said": "Uladzi\u0301mir",
    }
    for text, expected in cases.items():
        found = index.find(text)
        assert found and text[found[0][0] : found[0][1]] == expected, (text, found)
        assert all(pid == 7 for _, _, pid in found)
    # Not a name: a lower-case word, or a shorter word whose stem happens to agree.
    anna = build_index({3: ["Anna Ugrova"]}, [])
    assert anna.find("An arrest was made.") == []
    assert index.find("the lipkovich case") == []
    assert index.find("lipkovich_case.txt", any_case=True)


def test_a_shared_surname_is_masked_alone_only_where_it_is_his():
    from casefile.link.mentions import build_index

    index = build_index({7: ["Uladzimir Lipkovich"]}, [(8, "Nina Lipkovich")])
    text = "Lipkovich and his wife Nina Lipkovich were detained."
    assert index.find(text) == []  # whose "Lipkovich"? neither is masked
    mine = index.find(text, about=7)  # his own event's quote: the first is him
    assert [text[a:b] for a, b, _ in mine] == ["Lipkovich"]
    full = index.find("Uladzimir Lipkovich and Nina Lipkovich", about=7)
    assert [(a, b) for a, b, _ in full] == [(0, 19)]
    assert index.shared_with[7] == {8: ("Nina Lipkovich", frozenset({"lipkovich"}))}
    assert index.mentions(["lipkóvich"]) and index.mentions(["Uladzimir_"])
    assert not index.mentions(["Nina"]) and not index.mentions(["U"])


def test_an_export_below_confidential_masks_every_spelling_and_keeps_nina(
    lipkovich, casefile_script
):
    protect(lipkovich)
    for fmt in ("json", "csv"):
        internal = casefile_script("export", "--clearance", "internal", "--format", fmt)
        assert internal.code == 0, internal.err
        assert not leaks(internal.out), (fmt, leaks(internal.out))
        assert PSEUDONYM.search(internal.out)
    data = json.loads(casefile_script("export", "--clearance", "internal").out)
    assert "Nina Lipkovich" in json.dumps(data, ensure_ascii=False)
    [english] = [d for d in data["documents"] if d["sha256"] == lipkovich.en]
    assert PSEUDONYM.match(english["publisher"]) and ".txt" in english["source_name"]
    named = casefile_script("export", "--real-names")
    assert "uladzimir_lipkovich.txt" in named.out and "Владимира Липковича" in named.out


def test_a_fact_highlight_is_never_cut_inside_a_mask():
    from casefile.services.documents import Highlight, segments

    text = "Uladzimir Lipkovich said so."
    masks = [(0, 19, "Person AB12CD")]
    quote = Highlight("event-1", "charge", 10, 24, "unreviewed")  # "Lipkovich said"
    cut = segments(text, [quote], masks)
    shown = [(seg.text, bool(seg.facts)) for seg in cut if seg.text]
    assert shown == [("Person AB12CD", True), (" said", True), (" so.", False)]


def test_a_quote_is_masked_as_its_place_in_the_document(lipkovich, make_extraction):
    """Whose lone "Lipkovich" is the records' word: his own event's evidence. Every quote
    over that place (hers too) and the document's text mask it alike, and a quote that
    cuts "Uladzimir | Lipkovich" is read with the text around it."""
    text = ("Lipkovich and his wife Nina Lipkovich were detained on 6 May 2024. "
            "Later Uladzimir Lipkovich said nothing.")  # fmt: skip
    doc = make_extraction(text, published="2024-05-07", title="May", language="en")
    doc.person("Uladzimir Lipkovich").person("Nina Lipkovich")
    doc.event("arrest", "Uladzimir Lipkovich",
              "Lipkovich and his wife Nina Lipkovich were detained on 6 May 2024", "2024-05-06")
    doc.event("charge", "Nina Lipkovich", "Lipkovich and his wife Nina Lipkovich were detained")
    doc.event("release", "Nina Lipkovich", "Lipkovich said nothing")  # fmt: skip
    with SQLiteStore(lipkovich.db) as store:
        store.save_extraction(doc.build(), doc.original)
        store.set_document_level(doc.document.sha256, 1, "test", NOW)
    protect(lipkovich)
    with TestClient(create_app(lipkovich.db)) as client:
        sign_in(client, lipkovich.db, "Ian")
        shown = client.get(f"/api/documents/{doc.document.sha256}").json()
        masked = shown["document"]["text"]
        assert not leaks(masked), masked
        assert re.fullmatch(r"Person \w{6} and his wife Nina Lipkovich were detained on 6 May"
                            r" 2024\. Later Person \w{6} said nothing\.", masked), masked
        quotes = {e["evidence"]["quote"] for e in shown["events"]}
        nina = client.get(f"/api/cases/{lipkovich.nina}").text
        for quote in quotes:
            assert quote in masked, quote  # each quote as the text shows its place
        assert not leaks(nina) and "Person" in nina
        assert "Lipkovich said nothing" not in client.get(f"/cases/{lipkovich.nina}").text
