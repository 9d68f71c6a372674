"""Review through the pages, without JavaScript: the queue, accepting, rejecting, editing,
adding a fact the machine missed, adding documents, and who decided."""

from __future__ import annotations

import re

import web_support
from web_support import count_testid, event_id, sign_in

client, seeded = web_support.client, web_support.seeded  # fixtures


def queue_facts(client) -> list[str]:
    return re.findall(r'data-testid="review-item" data-fact="([\w-]+)"', client.get("/review").text)


def test_queue_lists_unreviewed_facts_oldest_first(client, seeded):
    facts = queue_facts(client)
    assert len(set(facts)) == 7
    # The Kazakh statement was stored first, its arrest first of all.
    assert facts[0] == f"event-{event_id(seeded.db_path, 'arrest', 'Marat')}"


def test_accepting_records_who_and_leaves_the_queue(client, seeded):
    arrest = event_id(seeded.db_path, "arrest", "Marat")
    sign_in(client, seeded.db_path, "Aigerim")
    response = client.post(
        f"/facts/event/{arrest}/accept",
        data={"version": "1", "next": "/review"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/review"
    assert f"event-{arrest}" not in queue_facts(client)
    page = client.get(f"/facts/event/{arrest}").text
    assert 'data-testid="review-status"' in page and "accepted · Aigerim" in page
    assert re.search(
        r'data-testid="history-entry"><td><time datetime="[\dT:+-]+">[^<]+ UTC</time></td>'
        r"<td>Aigerim</td><td>accept<", page
    )
    # Reviewed facts are shown as such on the case and document pages too.
    assert "accepted · Aigerim" in client.get(f"/documents/{seeded.kz}").text


def test_rejecting_a_fact_takes_it_out_of_the_case(client, seeded):
    sentence = event_id(seeded.db_path, "sentence", "Zholdybayev")
    client.post(f"/facts/event/{sentence}/reject", data={"version": "1"})
    cases = client.get("/cases?country=KZ").text
    assert 'data-testid="case-status">detained<' in cases  # the arrest alone stands
    assert client.get("/cases?status=imprisoned").text.count('data-testid="case-row"') == 0
    document = client.get(f"/documents/{seeded.kz}").text
    assert f'href="#fact-event-{sentence}"' not in document  # no highlight
    assert re.search(rf'class="fact review-rejected" id="fact-event-{sentence}"', document)


def test_editing_every_field_through_the_form(client, seeded):
    arrest = event_id(seeded.db_path, "arrest", "Petrova")
    form = {
        "version": "1",
        "type": "arrest",
        "participant": "Anna Petrova",
        "date": "2024-05-04",
        "term": "P15D",
        "term_kind": "administrative_detention",
        "charges": "hooliganism\n  petty  hooliganism ",
        "agent": "the police",
    }
    response = client.post(f"/facts/event/{arrest}", data=form, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(f"/facts/event/{arrest}").text
    assert "edited · Dana" in page
    for change in ("5 May 2024 → 4 May 2024", "the FSB → the police", "— → 15 days"):
        assert change in page
    api = client.get(f"/api/facts/event/{arrest}").json()
    assert api["charges"] == ["hooliganism", "petty hooliganism"]
    assert api["term_kind"] == "administrative_detention" and api["version"] == 2


def test_changing_the_participant_moves_the_event_to_another_case(client, seeded):
    release = event_id(seeded.db_path, "release", "Petrova")
    client.post(f"/facts/event/{release}", data={"participant": "Ivan Sidorov"})
    assert "Ivan Sidorov" in client.get("/cases").text
    # Arrested, then charged: still detained once the release belongs to someone else.
    assert 'data-testid="case-status">detained<' in client.get("/cases?country=RU").text


def test_adding_a_missed_fact_by_quote_and_by_offsets(client, seeded):
    response = client.post(
        f"/documents/{seeded.kz}/facts",
        data={
            "quote": "eight persons have been convicted",
            "type": "conviction",
            "participant": "Eight Unnamed",
            "date": "2023",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    added = int(re.search(r"#fact-event-(\d+)$", response.headers["location"])[1])
    page = client.get(f"/documents/{seeded.kz}").text
    assert f'href="#fact-event-{added}"' in page and "accepted · Dana" in page
    start = seeded.kz_builder.document.text.index("DCK was banned")
    client.post(
        f"/documents/{seeded.kz}/facts",
        data={
            "start": str(start),
            "end": str(start + 3),
            "type": "restriction",
            "participant": "DCK",
            "participant_kind": "organisation",
        },
    )
    api = client.get(f"/api/documents/{seeded.kz}").json()
    quotes = {(e["type"], e["evidence"]["quote"]) for e in api["events"]}
    assert ("restriction", "DCK") in quotes and (
        "conviction",
        "eight persons have been convicted",
    ) in quotes


def test_the_signed_in_user_is_shown_in_the_header_and_a_typed_name_is_gone(client, seeded):
    page = client.get("/review").text
    assert 'data-testid="signed-in-as">Dana<' in page and "recorded as <b>Dana</b>" in page
    assert 'data-testid="reviewer-input"' not in page
    assert client.post("/reviewer", data={"reviewer": "Ана"}).status_code in (404, 405)


def test_next_must_be_a_path_on_this_site(client, seeded):
    arrest = event_id(seeded.db_path, "arrest", "Marat")
    response = client.post(
        f"/facts/event/{arrest}/accept", data={"next": "//evil.example/x"}, follow_redirects=False
    )
    assert response.headers["location"] == f"/facts/event/{arrest}"


def test_adding_a_document_by_pasting_text_runs_the_pipeline(client):
    text = "Almaty, 3 March 2024. The police arrested Dauren Serikov, a blogger, on 2 March 2024."
    response = client.post(
        "/documents",
        data={
            "text": text,
            "title": "Serikov detained",
            "publisher": "Test Desk",
            "published": "2024-03-03",
            "language": "en",
        },
        files={"file": ("", b"", "application/octet-stream")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert 'data-testid="document-title">Serikov detained<' in page
    assert "Test Desk" in page and "2024-03-03" in page
    assert count_testid(page, "highlight") >= 1  # the arrest, found by the real pipeline
    assert count_testid(client.get("/documents").text, "document-row") == 3


def test_uploading_a_file(client):
    data = b"# Update on Lena Ugrova\n\nLena Ugrova was detained on 4 April 2024 in Minsk.\n"
    response = client.post(
        "/documents", files={"file": ("update.md", data, "text/markdown")}, follow_redirects=False
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert 'data-testid="document-title">Update on Lena Ugrova<' in page  # from the heading
    again = client.post(
        "/documents", files={"file": ("copy.md", data, "text/markdown")}, follow_redirects=False
    )
    # same bytes, stored once; the landing says what extracting them again changed
    assert again.headers["location"] == response.headers["location"] + "?reextracted=0.0.0"
