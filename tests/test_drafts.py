"""Drafts from a case (issue 12, item 2): the Zhylanbayev statement of the dev corpus,
ingested at run time and its facts accepted through the review service, drafted as PDF
(read back with poppler's pdftotext) and DOCX (read back with python-docx): his name,
the sentence's term, its date, the charges, the movement's designation and a citation of
the source are there. Every expected value is derived at run time from the gold file and
the stored facts; the publisher and address given at ingest are invented.

The other tests use invented cases: only accepted facts unless asked, marked when asked;
clearance; protected persons; an urgent action pseudonymises whoever has not consented.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casefile import i18n
from casefile.advocacy.authorities import Authority, load_authorities
from casefile.advocacy.drafts import build_draft
from casefile.advocacy.render import render
from casefile.model import PartialDate
from casefile.services import consent, review
from casefile.services.access import FULL, Viewer
from casefile.services.errors import InvalidInput, PersonNotFound
from casefile.services.wording import date_in_words, term_in_words
from casefile.store.sqlite import SQLiteStore

DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "dev"
STATEMENT = DEV / "kz-zhylanbayev.txt"
GOLD = DEV / "kz-zhylanbayev.gold.json"
PUBLISHER, URL = "Invented Rights Monitor", "https://example.org/kz/statement-1"
PUBLISHED = "2023-12-04"


def norm(text: str) -> str:
    """Letters and digits only: a PDF's line breaks and hyphenation do not count."""
    return re.sub(r"[\W_]+", "", text.casefold())


def in_english(fn, *args):  # type: ignore[no-untyped-def]
    token = i18n.set_language("en")
    try:
        return fn(*args)
    finally:
        i18n.reset_language(token)


def accept_all(store: SQLiteStore) -> None:
    for kind, table in (("event", "events"), ("statistic", "statistics")):
        for (fact_id,) in store.conn.execute(
                f"SELECT id FROM {table} WHERE review_status = 'unreviewed'").fetchall():
            review.accept(store, kind, fact_id, review.Reviewer("Dana"))


def pdf_text(data: bytes, tmp_path: Path) -> str:
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, timeout=60).stdout.decode("utf-8")  # fmt: skip


def docx_text(data: bytes) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def needs_pdf() -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed (make ocr installs it)")
    try:
        import weasyprint  # noqa: F401
    except OSError as err:
        pytest.skip(f"WeasyPrint cannot load pango ({err}); make draft-pdf installs it")


@pytest.mark.skipif(not STATEMENT.exists(), reason="../shared/corpus/dev is not here")
def test_zhylanbayev_appeal_as_pdf_and_docx(db_path: Path, tmp_path: Path, casefile_main) -> None:
    needs_pdf()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    done = casefile_main("ingest", str(STATEMENT), "--published", PUBLISHED,
                         "--publisher", PUBLISHER, "--url", URL, "--access", "public")
    assert done.code == 0, done.err
    [victim] = [p["name"] for p in gold["persons"]]
    [sentence_gold] = [e for e in gold["events"] if e["type"] == "sentence"]
    [designation] = [e for e in gold["events"] if e["type"] == "designation"]
    with SQLiteStore(db_path) as store:
        accept_all(store)
        [person] = store.find_persons(victim)
        events = store.person_events(person.id)
        sentences = [e.event for e in events if e.event.type == "sentence"]
        assert sentences, "the extractor found no sentence: nothing to draft from"
        sentence = sentences[0]
        assert sentence.term == sentence_gold["term"]
        assert sentence.date == PartialDate.parse(sentence_gold["date"])
        drafted = build_draft(store, person.id, Viewer("Vera", "public"),
                              demands=["release", "fair-trial"])  # fmt: skip
        pdf = render(drafted, "pdf")
        docx = render(drafted, "docx")
    expected = {
        "name": person.name,
        "term": in_english(term_in_words, sentence.term),
        "date": in_english(date_in_words, sentence.date),
        "organisation": designation["participant"],
        "label": designation["label"],
        "publisher": PUBLISHER,
        "url": URL,
        "published": in_english(date_in_words, PartialDate.parse(PUBLISHED)),
        **{f"charge {i}": c for i, c in enumerate(sentence.charges)},
    }
    assert sentence.charges and set(sentence.charges) & set(sentence_gold["charges"])
    assert person.name == victim
    for shown in (pdf_text(pdf, tmp_path), docx_text(docx)):
        text = norm(shown)
        missing = [k for k, v in expected.items() if norm(v) not in text]
        assert not missing, f"missing from the draft: {missing}\n{shown}"
        assert "[unreviewed]" not in shown
    assert pdf.startswith(b"%PDF") and docx.startswith(b"PK")


# -- invented cases -------------------------------------------------------------------

TEXT = (
    "Lev Orandi, a teacher from Karvel, was arrested by the security service on 3 March"
    " 2024. He was charged with treason under Article 301 of the Criminal Code on 5 March"
    " 2024. On 9 July 2024 the Karvel City Court sentenced Lev Orandi to 6 years in"
    " prison. Dina Orandi, his sister, was detained on 4 March 2024."
)


@pytest.fixture
def orandi(db_path: Path, make_extraction) -> dict[str, int]:
    ex = make_extraction(TEXT, published="2024-07-10", language="en", title="Karvel",
                         publisher="Invented Gazette", url="https://example.org/karvel")
    ex.person("Lev Orandi", country="KZ").person("Dina Orandi", country="KZ")
    ex.event("arrest", "Lev Orandi", "Lev Orandi, a teacher from Karvel, was arrested",
             "2024-03-03", agent="the security service")  # fmt: skip
    ex.event("charge", "Lev Orandi", "He was charged with treason under Article 301",
             "2024-03-05", charges=["treason"],
             articles=["Article 301 of the Criminal Code"])  # fmt: skip
    ex.event("sentence", "Lev Orandi", "the Karvel City Court sentenced Lev Orandi to 6 years",
             "2024-07-09", term="P6Y", term_kind="prison", agent="the Karvel City Court")
    ex.event("arrest", "Dina Orandi", "Dina Orandi, his sister, was detained", "2024-03-04")
    ex.statistic(12, "teachers detained", "Lev Orandi, a teacher")
    with SQLiteStore(db_path) as store:
        store.save_extraction(ex.build(), ex.original)
        store.set_document_level(ex.document.sha256, 1, "Dana", "2026-01-01T00:00:00+00:00")
        ids = {n: store.find_persons(n)[0].id for n in ("Lev Orandi", "Dina Orandi")}
        charge = store.conn.execute("SELECT id FROM events WHERE type = 'charge'").fetchone()[0]
        arrest = store.conn.execute("SELECT id FROM events WHERE type = 'arrest'"
                                    " AND participant_name = 'Lev Orandi'").fetchone()[0]
        review.accept(store, "event", arrest, review.Reviewer("Dana"))
        review.accept(store, "event", charge, review.Reviewer("Dana"))
    return ids


def md(store: SQLiteStore, person: int, viewer: Viewer = FULL, **kw) -> str:  # type: ignore[no-untyped-def]
    return render(build_draft(store, person, viewer, **kw), "md").decode("utf-8")


def test_only_accepted_facts_unless_asked_and_then_marked(db_path: Path, orandi) -> None:
    with SQLiteStore(db_path) as store:
        text = md(store, orandi["Lev Orandi"], demands=["release", "drop-charges"])
        assert "treason" in text and "Article 301 of the Criminal Code" in text
        assert "6 years" not in text  # the sentence is not reviewed yet
        assert "[unreviewed]" not in text and "teachers detained" not in text
        assert "Invented Gazette, 10 July 2024, https://example.org/karvel" in text
        assert "drop all charges against Lev Orandi" in text
        assert "President of the Republic of Kazakhstan" in text  # the example table
        asked = md(store, orandi["Lev Orandi"], unreviewed=True)
        assert "sentenced to 6 years in prison" in asked and "by the Karvel City Court" in asked
        marked = [line for line in asked.splitlines() if line.endswith("[unreviewed]")]
        assert len(marked) == 2 and any("6 years" in m for m in marked)  # and the statistic
        assert "12 teachers detained" in asked
        assert "no reviewer has checked" in asked
        # Rejected: never, even when unreviewed facts are asked for.
        sentence = store.conn.execute("SELECT id FROM events WHERE type = 'sentence'").fetchone()
        review.reject(store, "event", sentence[0], review.Reviewer("Dana"))
        assert "6 years" not in md(store, orandi["Lev Orandi"], unreviewed=True)


def test_clearance_and_protection(db_path: Path, orandi) -> None:
    lev = orandi["Lev Orandi"]
    with SQLiteStore(db_path) as store:
        with pytest.raises(PersonNotFound):  # the document is internal
            build_draft(store, lev, Viewer("Pia", "public"))
        assert "Lev Orandi" in md(store, lev, Viewer("Ian", "internal"))
        store.set_person_protected(lev, True, "Dana", "2026-01-01T00:00:00+00:00")
        internal = md(store, lev, Viewer("Ian", "internal"))
        assert "Orandi" not in internal.replace("Dina Orandi", "")
        assert re.search(r"Person [0-9A-F]{6} was arrested", internal)
        assert "Lev Orandi" in md(store, lev, FULL)  # a letter: named for who may see him


def test_urgent_action_pseudonymises_without_consent_and_says_so(db_path: Path, orandi) -> None:
    lev = orandi["Lev Orandi"]
    with SQLiteStore(db_path) as store:
        public = md(store, lev, kind="urgent-action")
        assert "Orandi" not in public and "persons who have not agreed to be named" in public
        assert "consent to be named not recorded" in public
        letter = md(store, lev, kind="appeal")
        assert "Lev Orandi" in letter and "not agreed" not in letter
        assert "Orandi" not in md(store, lev, kind="appeal", for_publication=True)
        consent.record_consent(store, lev, given=True, given_by="family",
                               by=review.Reviewer("Dana"))  # fmt: skip
        named = md(store, lev, kind="urgent-action")
        assert "Lev Orandi was arrested" in named and "consent to be named" not in named


def test_bad_input_and_templates(db_path: Path, orandi, tmp_path: Path) -> None:
    lev = orandi["Lev Orandi"]
    with SQLiteStore(db_path) as store:
        with pytest.raises(InvalidInput, match="demand"):
            build_draft(store, lev, FULL, demands=["free pizza"])
        with pytest.raises(InvalidInput, match="appeal or urgent-action"):
            build_draft(store, lev, FULL, kind="poem")
        mine = tmp_path / "mine.md.j2"
        mine.write_text("# To {{ draft.addressee.title }}\n\n{% for f in draft.facts %}"
                        "- {{ f.text }} {{ f.cite }}\n{% endfor %}", encoding="utf-8")
        own = [Authority("KZ", "any", "Invented Ombudsman")]
        made = build_draft(store, lev, FULL, authorities=own)
        text = render(made, "md", mine).decode("utf-8")
        assert text.startswith("# To Invented Ombudsman") and "- Lev Orandi was arrested" in text
        mine.write_text("{{ draft.no_such_field }}", encoding="utf-8")
        with pytest.raises(InvalidInput, match="no_such_field"):
            render(made, "md", mine)
        mine.write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
        with pytest.raises(InvalidInput):  # the sandbox
            render(made, "md", mine)
    table = tmp_path / "authorities.csv"
    table.write_text("country,kind,title\nKZZ,appeal,Someone\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="row 2: country"):
        load_authorities(table)
    table.write_text("country,title\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="missing kind"):
        load_authorities(table)


def test_cli_writes_each_format(db_path: Path, orandi, tmp_path: Path, casefile_main) -> None:
    shown = casefile_main("draft", "appeal", "Lev Orandi", "--demand", "medical-care")
    assert shown.code == 0 and "adequate medical care" in shown.out
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        if fmt == "pdf" and shutil.which("pdftotext") is None:
            continue
        out = tmp_path / f"a.{fmt}"
        done = casefile_main("draft", "urgent-action", "Lev Orandi", "--format", fmt,
                             "-o", str(out))  # fmt: skip
        assert done.code == 0 and out.read_bytes().startswith(magic)
        assert "pseudonym" in done.err  # the notices
    for bad in (("draft", "appeal", "Lev Orandi", "--format", "odt"),
                ("draft", "appeal", "Nobody Here"),
                ("draft", "appeal", "Lev Orandi", "--authorities", str(tmp_path / "none.csv"))):
        failed = casefile_main(*bad)
        assert failed.code == 1 and len(failed.err.strip().splitlines()) == 1, failed.err
