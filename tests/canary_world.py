"""The canary world: invented documents at each access level, each holding words no
other record holds (canaries), a protected person, spellings merged across levels,
link proposals, and the accounts that read them.

Every record is named by a symbol ("person:confidential", "event:raised") that exists
before the database does, so that the canary tests can be parametrised per record at
collection time and a leak marked per case. `build_world` makes the database with the
real store and services and resolves each symbol to its id.

Facts are built by hand (tests/conftest.py's ExtractionBuilder): the NLP pipeline is not
what these tests are about, and hand-built facts make every id and level certain.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from casefile.model import Event, Extraction, Provenance
from casefile.services import calendar_feed, curation, interventions, linking
from casefile.services.review import Reviewer
from casefile.store.base_interventions import NewFile
from casefile.store.base_security import level_of
from casefile.store.sqlite import SQLiteStore
from conftest import ExtractionBuilder
from web_support import add_users

AT = "2026-01-01T00:00:00+00:00"
LEVELS = ("public", "internal", "confidential")
PROTECTED = "protected"  # a canary level: hidden from everyone below confidential clearance
# A canary level: a withdrawn document's words, hidden from every reader whatever their
# clearance; only admins see the document (its page, the withdrawn list), to restore it.
WITHDRAWN = "withdrawn"
# Canaries a reader of their level need not see: an alias the extractor gave a person is
# stored without the document that gave it, so it is shown only where a visible record
# spells it (services/visibility.py), and this one is spelled by none.
UNATTESTED = {"Марроуби"}

# --- the canaries: word -> what holds it --------------------------------------------
# Public words are what every reader may see (they prove the crawl reads real records);
# the others must never reach a reader below their level.
CANARIES: dict[str, dict[str, str]] = {
    "public": {
        "Wendhollow": "a public person's surname",
        "Glimmerfen": "a public organisation",
        "Larkspire": "a public document's publisher and title",
        "Fernbrake": "a second public person",
        "Oakhurst": "the public case's intervention (its addressee)",
    },
    "internal": {
        "Marrowby": "the internal person's surname (Latin)",
        "Ottoline": "the internal person's given name",
        "Марроуби": "the internal person's surname (Cyrillic alias)",
        "Thistlegrave": "the internal organisation",
        "Fenwhistle": "the internal document's quote (a charge)",
        "Pellinor": "the internal document's title",
        "Ashcombe": "the internal document's publisher",
        "quorral": "the internal document's URL",
        "tallowmere": "the internal document's file name",
        "Brindlecote": "a public document's statistic raised to internal",
        "Wickerham": "an intervention on the public case raised to internal",
    },
    "confidential": {
        "Quillitch": "the confidential-only person (Latin)",
        "Квиллич": "the confidential-only person (Cyrillic)",
        "Velmora": "the confidential document's quote",
        "Вендхоллоу": "the public person's confidential Cyrillic spelling, merged into"
        " their public case",
        "Morrowgate": "the public person's confidential role quote",
        "trade_unionist": "the public person's role known only from the confidential document",
        "trade unionist": "the same role as a page labels it",
        "Nightjar": "the confidential organisation",
        "Gorsemoor": "the confidential document's title",
        "Corvane": "the confidential document's publisher",
        "vantrell": "the confidential document's URL",
        "brackwater": "the confidential document's file name",
        "Harrowgild": "a public document's event raised to confidential (its charge)",
        # A country is a two-letter code: matched as a word of its own (see `holds`).
        "QZ": "the plain person's country, which only the confidential document gives",
        "Глиммерфен": "the public organisation's Cyrillic name, which only the"
        " confidential document gives",
        "GWX": "the public organisation's acronym, which only the confidential document"
        " gives",
        "Sablethorn": "the confidential case's intervention",
    },
    WITHDRAWN: {
        "Brockhollow": "the withdrawn document's person",
        "Kestrelmoor": "the withdrawn document's organisation",
        "Hollyquist": "the withdrawn document's title",
        "Saltmarrow": "the withdrawn document's publisher",
        "dunmerrow": "the withdrawn document's URL",
        "yarrowdene": "the withdrawn document's file name",
    },
    PROTECTED: {
        "Radoslav": "the protected person's given name",
        "Vyshkovich": "the protected person's surname",
        "Радослав": "the protected person's given name (Cyrillic)",
        "Вышкович": "the protected person's surname (Cyrillic)",
    },
}


WITHDRAWN_LEVEL = 3  # above every clearance (store.base_documents.WITHDRAWN)


def canary_level(level: str) -> int:
    """The clearance a canary needs: a protected name needs confidential; a withdrawn
    document's words more than any clearance gives."""
    if level == WITHDRAWN:
        return WITHDRAWN_LEVEL
    return level_of("confidential") if level == PROTECTED else level_of(level)


def fold(text: str) -> str:
    """Case and diacritics dropped: a canary shown as "VYSHKÓVICH" is still shown."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Canaries this short are read as words of their own: "qz" inside a session token is
# no sighting of the country QZ.
_SHORT = 3


def holds(folded: str, word: str) -> bool:
    """Whether text already `fold`ed holds the canary `word`."""
    word = fold(word)
    if len(word) > _SHORT:
        return word in folded
    return re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", folded) is not None


def hidden_canaries(clearance: str) -> dict[str, str]:
    """The canaries a reader of `clearance` must never see, with what holds each."""
    mine = level_of(clearance)
    return {word: what for level, words in CANARIES.items() if canary_level(level) > mine
            for word, what in words.items()}  # fmt: skip


# --- the records ----------------------------------------------------------------------

PUBLIC_TEXT = (
    "Kasimir Wendhollow, a journalist with the Glimmerfen Watch newsletter, was arrested"
    " on 4 February 2025. "
    "Radoslav Vyshkovich, a human rights defender, was detained on 3 March 2025. "
    "Kazimir Wendhollow was fined on 6 March 2025. "
    "Kasimir Wendhollow was questioned on 7 March 2025. "
    "Nine people were detained at the rally. "
    "Supporters of Radoslav Vyshkóvich gathered outside the court. "
    "Друзья Радослава Вышковича собрались у суда. "
    "Vyshkovich was released on 20 March 2025. "
    "The Glimmerfen Watch was banned as extremist on 9 March 2025."
)
PLAIN_TEXT = "Lukas Fernbrake, a student, was searched on 5 March 2025 by the police."
INTERNAL_TEXT = (
    "Ottoline Marrowby, a lawyer for the Thistlegrave Union, was charged with Fenwhistle"
    " conspiracy on 10 April 2025. "
    "The Thistlegrave Union was raided on 11 April 2025."
)
WITHDRAWN_TEXT = (
    "Tamsin Brockhollow, a teacher, was detained on 2 June 2025. "
    "The Kestrelmoor Club was searched on 3 June 2025."
)
CONFIDENTIAL_TEXT = (
    "Serafim Quillitch was threatened after he smuggled the Velmora ledgers out. "
    "Серафим Квиллич был задержан 12 мая 2025 года. "
    "Kasimir Wendhollow quietly chaired the Morrowgate strike committee. "
    "Казимир Вендхоллоу был арестован 14 мая 2025 года. "
    "Радослав Вышкович был допрошен 15 мая 2025 года. "
    "The Nightjar Collective was banned on 16 May 2025. "
    "Lukas Fernbrake fled to Qazeria. "
    "Редакцию Глиммерфен Вотч (GWX) обыскали 18 мая 2025 года."
)


@dataclass(frozen=True)
class Record:
    symbol: str  # "family:name"
    level: int  # the least clearance that may know the record exists

    @property
    def family(self) -> str:
        return self.symbol.split(":")[0]


def _records(level: int, *symbols: str) -> list[Record]:
    return [Record(s, level) for s in symbols]


# Every record the world holds; test_canaries checks that no row lacks a symbol.
RECORDS: list[Record] = [
    *_records(0, "document:public", "document:plain", "person:public", "person:protected",
              "person:public-spelling", "person:plain", "organisation:public",
              "event:public-arrest", "event:protected-arrest", "event:protected-release",
              "event:spelling-fine", "event:public-designation", "event:plain-search",
              "proposal:public", "merge:public", "intervention:public"),
    *_records(1, "document:internal", "person:internal", "organisation:internal",
              "event:internal-charge", "event:internal-raid", "statistic:raised",
              "proposal:internal", "curation:internal", "intervention:raised"),
    *_records(2, "document:confidential", "person:confidential",
              "person:confidential-spelling", "person:protected-cyrillic",
              "organisation:confidential", "event:confidential-harassment",
              "event:confidential-arrest", "event:confidential-spelling-arrest",
              "event:protected-questioning", "event:confidential-designation",
              "event:confidential-org-search", "event:raised", "proposal:confidential",
              "merge:confidential", "merge:protected", "curation:confidential",
              "intervention:confidential"),
    *_records(WITHDRAWN_LEVEL, "document:withdrawn", "person:withdrawn",
              "organisation:withdrawn", "event:withdrawn-arrest", "event:withdrawn-search"),
    # possible facts (services/possible_facts.py): a document's level is theirs; the
    # protected one is a public record whose names are masked below confidential
    *_records(0, "possible:public", "possible:protected"),
    *_records(1, "possible:internal"),
    *_records(2, "possible:confidential"),
    *_records(WITHDRAWN_LEVEL, "possible:withdrawn"),
    *_records(0, "user:root", "user:Pia", "user:Ian", "user:Ed", "user:Cy"),
    # Each user's own calendar address (the crawl sends each reader only theirs: the
    # address is a credential, canary_crawl.OWN_PARAMS), and one revoked since.
    *_records(0, "calendar:root", "calendar:Pia", "calendar:Ian", "calendar:Ed", "calendar:Cy"),
    *_records(WITHDRAWN_LEVEL, "calendar:revoked"),
]  # fmt: skip
LEVEL_OF = {r.symbol: r.level for r in RECORDS}
FAMILIES = sorted({r.family for r in RECORDS})

# The accounts: a viewer per clearance below confidential, an editor at public, and an
# admin of confidential clearance as the control that does see every canary.
USERS = {"root": ("admin", "confidential"), "Pia": ("viewer", "public"), "Cy": ("viewer",
         "confidential"),
         "Ian": ("viewer", "internal"), "Ed": ("editor", "public")}  # fmt: skip
# Whose responses must hold nothing above their clearance; Cy, of confidential clearance,
# for the withdrawn document, which no clearance shows.
READERS = ("Pia", "Ian", "Ed", "Cy")
CONTROL = "root"
SWEEPER = "Ed"  # tries every state-changing route on records hidden from him


def clearance_of(user: str) -> str:
    return USERS[user][1]


@dataclass
class World:
    db_path: Path
    ids: dict[str, str]  # symbol -> id as it appears in a path ("12", a sha256, a name)
    texts: dict[str, str]  # document symbol -> its text

    def id(self, symbol: str) -> str:
        return self.ids[symbol]


def _public(b: type[ExtractionBuilder]) -> ExtractionBuilder:
    # The protected name in the title (masked today) and the file name (not: finding 3).
    doc = b(PUBLIC_TEXT, published="2025-03-21", language="en",
            title="Larkspire weekly: Radoslav Vyshkovich detained",
            publisher="Larkspire Bulletin", url="https://larkspire.example/weekly",
            source_name="radoslav_vyshkovich_larkspire.txt")  # fmt: skip
    wendhollow = doc.evidence("Kasimir Wendhollow, a journalist")
    vyshkovich = doc.evidence("Radoslav Vyshkovich, a human rights defender")
    return (
        doc.person("Kasimir Wendhollow", roles=["journalist"], country="BY",
                   evidence=[wendhollow])
        .person("Radoslav Vyshkovich", roles=["human_rights_defender"], country="BY",
                evidence=[vyshkovich])
        .person("Kazimir Wendhollow", country="BY")
        .organisation("Glimmerfen Watch", kind="newsletter")
        .event("arrest", "Kasimir Wendhollow", "Kasimir Wendhollow, a journalist with the"
               " Glimmerfen Watch newsletter, was arrested on 4 February 2025", "2025-02-04")
        .event("arrest", "Radoslav Vyshkovich",
               "Radoslav Vyshkovich, a human rights defender, was detained on 3 March 2025",
               "2025-03-03")
        .event("fine", "Kazimir Wendhollow", "Kazimir Wendhollow was fined on 6 March 2025",
               "2025-03-06")
        .event("investigation", "Kasimir Wendhollow",
               "Kasimir Wendhollow was questioned on 7 March 2025", "2025-03-07",
               charges=["Harrowgild espionage"])
        .statistic(9, "Brindlecote marchers detained", "Nine people were detained")
        .event("release", "Vyshkovich", "Vyshkovich was released on 20 March 2025",
               "2025-03-20")
        .event("designation", "Glimmerfen Watch", "The Glimmerfen Watch was banned as extremist",
               "2025-03-09", participant_kind="organisation", label="extremist")
    )  # fmt: skip


def _plain(b: type[ExtractionBuilder]) -> ExtractionBuilder:
    # Names no protected person in its text, so its original is served; but its
    # publisher is the protected person's family.
    doc = b(PLAIN_TEXT, published="2025-03-06", title="Fernbrake searched", language="en",
            publisher="The Vyshkovich family blog", source_name="larkspire_short.txt")  # fmt: skip
    # No country: the only one Fernbrake has is the confidential document's.
    return doc.person("Lukas Fernbrake", roles=["student"]).event(
        "search", "Lukas Fernbrake", "Lukas Fernbrake, a student, was searched on 5 March 2025",
        "2025-03-05", agent="the police")  # fmt: skip


def _internal(b: type[ExtractionBuilder]) -> ExtractionBuilder:
    doc = b(INTERNAL_TEXT, published="2025-04-12", title="Pellinor hearing notes",
            language="en", publisher="Ashcombe Ledger", url="https://quorral.example/notes",
            source_name="tallowmere_notes.txt")  # fmt: skip
    return (
        doc.person("Ottoline Marrowby", aliases=["Оттолина Марроуби"], roles=["lawyer"],
                   country="BY", evidence=[doc.evidence("Ottoline Marrowby, a lawyer")])
        .organisation("Thistlegrave Union", kind="union")
        .event("charge", "Ottoline Marrowby", "Ottoline Marrowby, a lawyer for the"
               " Thistlegrave Union, was charged with Fenwhistle conspiracy on 10 April 2025",
               "2025-04-10", charges=["Fenwhistle conspiracy"])
        .event("search", "Thistlegrave Union", "The Thistlegrave Union was raided on 11 April"
               " 2025", "2025-04-11", participant_kind="organisation")
    )  # fmt: skip


def _confidential(b: type[ExtractionBuilder]) -> ExtractionBuilder:
    doc = b(CONFIDENTIAL_TEXT, published="2025-05-17", title="Gorsemoor source debrief",
            language="en", publisher="Corvane Dispatch", url="https://vantrell.example/debrief",
            source_name="brackwater_debrief.txt")  # fmt: skip
    role_quote = doc.evidence("Kasimir Wendhollow quietly chaired the Morrowgate strike committee")
    return (
        doc.person("Serafim Quillitch", aliases=["Серафим Квиллич"], country="BY")
        .person("Kasimir Wendhollow", roles=["trade_unionist"], evidence=[role_quote])
        .person("Казимир Вендхоллоу", country="BY")
        .person("Радослав Вышкович", country="BY")
        .organisation("Nightjar Collective", kind="movement")
        .person("Lukas Fernbrake", country="QZ")
        .organisation("Glimmerfen Watch", aliases=["Глиммерфен Вотч", "GWX"])
        .event("harassment", "Serafim Quillitch", "Serafim Quillitch was threatened after he"
               " smuggled the Velmora ledgers out")
        .event("arrest", "Серафим Квиллич", "Серафим Квиллич был задержан 12 мая 2025 года",
               "2025-05-12")
        .event("arrest", "Казимир Вендхоллоу", "Казимир Вендхоллоу был арестован 14 мая 2025"
               " года", "2025-05-14")
        .event("investigation", "Радослав Вышкович", "Радослав Вышкович был допрошен 15 мая"
               " 2025 года", "2025-05-15")
        .event("designation", "Nightjar Collective", "The Nightjar Collective was banned on 16"
               " May 2025", "2025-05-16", participant_kind="organisation", label="banned")
        .event("search", "Глиммерфен Вотч", "Редакцию Глиммерфен Вотч (GWX) обыскали 18 мая"
               " 2025 года", "2025-05-18", participant_kind="organisation")
    )  # fmt: skip


def _withdrawn(b: type[ExtractionBuilder]) -> ExtractionBuilder:
    # Public until withdrawn: what hides it from every reader is the withdrawal alone.
    doc = b(WITHDRAWN_TEXT, published="2025-06-04", title="Hollyquist wrong upload",
            language="en", publisher="Saltmarrow Gazette", url="https://dunmerrow.example/x",
            source_name="/srv/uploads/yarrowdene_withdrawn.txt")  # fmt: skip
    return (
        doc.person("Tamsin Brockhollow", roles=["teacher"], country="BY",
                   evidence=[doc.evidence("Tamsin Brockhollow, a teacher")])
        .organisation("Kestrelmoor Club", kind="club")
        .event("arrest", "Tamsin Brockhollow", "Tamsin Brockhollow, a teacher, was detained on"
               " 2 June 2025", "2025-06-02")
        .event("search", "Kestrelmoor Club", "The Kestrelmoor Club was searched on 3 June 2025",
               "2025-06-03", participant_kind="organisation")
    )  # fmt: skip


# symbol -> (builder, level); and each fact's symbol by (document, position in its list)
DOCUMENTS = {"document:public": (_public, 0), "document:plain": (_plain, 0),
             "document:internal": (_internal, 1), "document:confidential": (_confidential, 2),
             "document:withdrawn": (_withdrawn, 0)}
EVENT_SYMBOLS = {
    "document:public": ["event:public-arrest", "event:protected-arrest", "event:spelling-fine",
                        "event:raised", "event:protected-release",
                        "event:public-designation"],
    "document:plain": ["event:plain-search"],
    "document:internal": ["event:internal-charge", "event:internal-raid"],
    "document:confidential": ["event:confidential-harassment", "event:confidential-arrest",
                              "event:confidential-spelling-arrest",
                              "event:protected-questioning", "event:confidential-designation",
                              "event:confidential-org-search"],
    "document:withdrawn": ["event:withdrawn-arrest", "event:withdrawn-search"],
}  # fmt: skip
PERSON_NAMES = {"person:public": "Kasimir Wendhollow", "person:protected": "Radoslav Vyshkovich",
                "person:public-spelling": "Kazimir Wendhollow", "person:plain": "Lukas Fernbrake",
                "person:internal": "Ottoline Marrowby", "person:confidential": "Serafim Quillitch",
                "person:confidential-spelling": "Казимир Вендхоллоу",
                "person:protected-cyrillic": "Радослав Вышкович",
                "person:withdrawn": "Tamsin Brockhollow"}  # fmt: skip
ORGANISATION_NAMES = {"organisation:public": "Glimmerfen Watch",
                      "organisation:internal": "Thistlegrave Union",
                      "organisation:confidential": "Nightjar Collective",
                      "organisation:withdrawn": "Kestrelmoor Club"}  # fmt: skip


# symbol -> (document, type, participant, quote): what the model almost said of each
POSSIBLE = {
    "possible:public": ("document:public", "trial", "Kasimir Wendhollow",
                        "Kasimir Wendhollow was questioned on 7 March 2025"),
    "possible:protected": ("document:public", "charge", "Radoslav Vyshkovich",
                           "Supporters of Radoslav Vyshkóvich gathered outside the court"),
    "possible:internal": ("document:internal", "trial", "Ottoline Marrowby",
                          "charged with Fenwhistle conspiracy"),
    "possible:confidential": ("document:confidential", "arrest", "Serafim Quillitch",
                              "Serafim Quillitch was threatened after he smuggled the Velmora"
                              " ledgers out"),
    "possible:withdrawn": ("document:withdrawn", "charge", "Tamsin Brockhollow",
                           "Tamsin Brockhollow, a teacher, was detained on 2 June 2025"),
}  # fmt: skip


def _with_possible(symbol: str, built: ExtractionBuilder) -> Extraction:
    extraction = built.build()
    extraction.possible_events = [
        Event(kind, who, built.evidence(quote), Provenance("casefile", "canary", 0.3))
        for document, kind, who, quote in POSSIBLE.values() if document == symbol
    ]  # fmt: skip
    return extraction


def build_world(db_path: Path) -> World:
    """The canary database at `db_path`, through the real store and services."""
    ids: dict[str, str] = {}
    texts: dict[str, str] = {}
    with SQLiteStore(db_path) as store:
        for symbol, (make, level) in DOCUMENTS.items():
            built = make(ExtractionBuilder)
            store.save_extraction(_with_possible(symbol, built), built.original, "canary")
            store.set_document_level(built.document.sha256, level, "canary", AT)
            ids[symbol], texts[symbol] = built.document.sha256, built.document.text
        conn = store.conn
        for doc_symbol, symbols in EVENT_SYMBOLS.items():
            rows = conn.execute("SELECT id FROM events WHERE document_sha256 = ? ORDER BY id",
                                (ids[doc_symbol],)).fetchall()  # fmt: skip
            assert len(rows) == len(symbols), doc_symbol
            ids.update({s: str(r[0]) for s, r in zip(symbols, rows, strict=True)})
        for symbol, (document, kind, who, _) in POSSIBLE.items():
            (possible,) = conn.execute(
                "SELECT id FROM possible_events WHERE document_sha256 = ? AND type = ? AND"
                " participant_name = ?", (ids[document], kind, who)).fetchone()  # fmt: skip
            ids[symbol] = str(possible)
        [(statistic,)] = conn.execute("SELECT id FROM statistics").fetchall()
        ids["statistic:raised"] = str(statistic)
        for symbol, name in PERSON_NAMES.items():
            (pid,) = conn.execute("SELECT id FROM persons WHERE name = ?", (name,)).fetchone()
            ids[symbol] = str(pid)
        for symbol, name in ORGANISATION_NAMES.items():
            (oid,) = conn.execute("SELECT id FROM organisations WHERE name = ?",
                                  (name,)).fetchone()  # fmt: skip
            ids[symbol] = str(oid)
        # A fact above its document: the public statement's questioning is confidential,
        # its statistic internal.
        store.set_fact_level("event", int(ids["event:raised"]), 2, "canary", AT)
        store.set_fact_level("statistic", int(statistic), 1, "canary", AT)
        store.set_person_protected(int(ids["person:protected"]), True, "canary", AT)
        person = {s: int(v) for s, v in ids.items() if s.startswith("person:")}
        for symbol, (a, b) in {"proposal:public": ("person:public", "person:plain"),
                               "proposal:internal": ("person:public", "person:internal"),
                               "proposal:confidential": ("person:internal",
                                                         "person:confidential")}.items():
            proposal = store.propose_link(person[a], person[b], 0.8)
            assert proposal is not None
            ids[symbol] = str(proposal)
        for symbol, (kept, merged) in {
            "merge:public": ("person:public", "person:public-spelling"),
            "merge:confidential": ("person:public", "person:confidential-spelling"),
            "merge:protected": ("person:protected", "person:protected-cyrillic"),
        }.items():
            ids[symbol] = str(linking.merge(store, person[kept], person[merged], "analyst").id)
        # Curations, undone so that the world's facts stand as above: the confidential
        # person said to be no victim, an internal event moved to the public person.
        marked = store.mark_person(person["person:confidential"], "not_victim", "canary", AT)
        ids["curation:confidential"] = str(store.undo_curation(marked.id, "canary", AT).id)
        moved = curation.move_event(store, int(ids["event:internal-charge"]),
                                    person["person:public"], Reviewer("canary"))  # fmt: skip
        ids["curation:internal"] = str(store.undo_curation(moved.id, "canary", AT).id)
        store.withdraw_document(ids["document:withdrawn"], "canary", "a wrong upload", AT)
        add_users(store, USERS)
        ids.update({f"user:{name}": name for name in USERS})
        _interventions(store, ids)
        revoked = calendar_feed.new_address(store, "Cy", "canary").token
        ids["calendar:revoked"] = revoked
        for name in USERS:
            ids[f"calendar:{name}"] = calendar_feed.new_address(store, name, "canary").token
        from casefile.services.cases import refresh_case_records

        refresh_case_records(store)
    missing = {r.symbol for r in RECORDS} - ids.keys()
    assert not missing, missing
    return World(db_path, ids, texts)


def _interventions(store: SQLiteStore, ids: dict[str, str]) -> None:
    """An appeal on the public case naming the protected person (with a file naming him:
    not served below confidential clearance), one on it raised to internal, one on the
    confidential case."""
    public, confidential = int(ids["person:public"]), int(ids["person:confidential"])
    canary = Reviewer("canary")
    made = interventions.add(store, public, {
        "kind": "appeal", "date": "2025-03-01", "sender": "Larkspire friends",
        "addressee": "the Oakhurst tribunal",
        "text": "We ask the tribunal to free Kasimir Wendhollow; Radoslav Vyshkovich saw it."},
        canary, NewFile("vyshkovich_appeal.txt", "text/plain",
                        b"Radoslav Vyshkovich witnessed the arrest."))  # fmt: skip
    ids["intervention:public"] = str(made.id)
    raised = interventions.add(store, public, {
        "kind": "letter", "text": "A Wickerham letter for staff only.",
        "access_level": "internal"}, canary)  # fmt: skip
    ids["intervention:raised"] = str(raised.id)
    hidden = interventions.add(store, confidential, {
        "kind": "urgent_action", "addressee": "the Sablethorn office",
        "response": "Sablethorn replied."}, canary)  # fmt: skip
    ids["intervention:confidential"] = str(hidden.id)


# Tables of records and the family their ids belong to: every row must have a symbol.
RECORD_TABLES = {"persons": ("person", "id"), "organisations": ("organisation", "id"),
                 "events": ("event", "id"), "statistics": ("statistic", "id"),
                 "documents": ("document", "sha256"), "link_proposals": ("proposal", "id"),
                 "person_merges": ("merge", "id"), "users": ("user", "name"),
                 "curations": ("curation", "id"),
                 "interventions": ("intervention", "id"),
                 "possible_events": ("possible", "id")}  # fmt: skip


def unnamed_rows(world: World) -> list[str]:
    """Rows of the record tables that no symbol names (the crawl would not reach them)."""
    conn = sqlite3.connect(world.db_path)
    try:
        out = []
        for table, (family, column) in RECORD_TABLES.items():
            known = {v for s, v in world.ids.items() if s.startswith(f"{family}:")}
            for (value,) in conn.execute(f"SELECT {column} FROM {table}"):  # noqa: S608
                if str(value) not in known:
                    out.append(f"{table}.{column}={value}")
        return out
    finally:
        conn.close()
