"""The canary crawler: the app's route table read from `app.routes`, the requests to send
each route (every record id of the canary world and a missing one; canary searches in
variant spellings), and the two checks on an answer: which canaries it holds, and its
shape with the ids and the user's own words taken out (a hidden record must answer as a
missing one does).

Nothing here lists routes: a new route is crawled by what its parameters are, and a
parameter the crawler has no values for fails the coverage test.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import subprocess
import tempfile
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote_plus, urlencode

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount, Route

from canary_world import (
    CANARIES,
    LEVEL_OF,
    PROTECTED,
    RECORDS,
    WITHDRAWN,
    World,
    canary_level,
    fold,
    holds,
)
from casefile.web import create_app
from casefile.web.auth import every_route

# --- the route table ---------------------------------------------------------------


@dataclass(frozen=True)
class AppRoute:
    method: str
    path: str
    path_params: tuple[str, ...] = ()
    query_params: tuple[str, ...] = ()
    literals: tuple[tuple[str, tuple[str, ...]], ...] = ()  # Literal path parameters

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def choices(self, param: str) -> tuple[str, ...]:
        return dict(self.literals).get(param, ())


def _flat(dependant: typing.Any, attr: str) -> list[typing.Any]:
    found = list(getattr(dependant, attr))
    for sub in dependant.dependencies:
        found += _flat(sub, attr)
    return found


def app_routes(app: typing.Any) -> tuple[list[AppRoute], list[str]]:
    """Every (method, path) the app answers, with its parameters; and its mounts."""
    routes: list[AppRoute] = []
    mounts: list[str] = []
    for route in every_route(app.routes):
        if isinstance(route, Mount):
            mounts.append(route.path)
            continue
        assert isinstance(route, Route | APIRoute), route
        for method in sorted(route.methods or ()):
            if method == "HEAD":
                continue  # Starlette answers HEAD with GET's route
            if not isinstance(route, APIRoute):
                routes.append(AppRoute(method, route.path))
                continue
            path_fields = _flat(route.dependant, "path_params")
            literals = tuple(
                (f.name, typing.get_args(f.field_info.annotation)) for f in path_fields
                if typing.get_origin(f.field_info.annotation) is typing.Literal
            )  # fmt: skip
            routes.append(AppRoute(
                method, route.path, tuple(re.findall(r"{(\w+)}", route.path)),
                tuple(dict.fromkeys(f.alias for f in _flat(route.dependant, "query_params"))),
                literals,
            ))  # fmt: skip
    return routes, mounts


def route_table() -> tuple[list[AppRoute], list[str]]:
    """The route table of an app over an empty database (for collection time)."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Path(tmp) / "routes.db")
        app.state.stores.close()
        return app_routes(app)


# --- records in paths ----------------------------------------------------------------

# A path parameter naming a record -> the record families whose ids it takes. `kind`
# is the fact family itself, filled with the fact id.
RECORD_PARAMS = {"person_id": ("person",), "sha256": ("document",),
                 "organisation_id": ("organisation",), "fact_id": ("event", "statistic"),
                 "proposal_id": ("proposal",), "merge_id": ("merge",),
                 "name": ("user",), "curation_id": ("curation",),
                 "intervention_id": ("intervention",), "token": ("calendar",),
                 "possible_id": ("possible",)}  # fmt: skip
# Parameters that are the reader's own credential (a calendar address): each reader is
# sent their own, a revoked one and a missing one, never another user's (which would
# read that user's feed, as intended of whoever holds the address).
OWN_PARAMS = {"token": "calendar"}
FACT_KIND = "kind"
MISSING_IDS = {"person": "999999", "document": "f" * 64, "organisation": "999999",
               "event": "999999", "statistic": "999999", "proposal": "999999",
               "merge": "999999", "user": "nobody", "curation": "999999",
               "intervention": "999999", "calendar": "cal_missing",
               "possible": "999999"}  # fmt: skip


def record_param(route: AppRoute) -> str | None:
    found = [p for p in route.path_params if p in RECORD_PARAMS]
    assert len(found) <= 1, f"{route.key}: the crawler fills one record per path"
    return found[0] if found else None


def record_symbols(param: str) -> list[str]:
    """Every record of the families `param` takes, then a missing one of each."""
    families = RECORD_PARAMS[param]
    return [r.symbol for r in RECORDS if r.family in families] + [
        f"{family}:missing" for family in families
    ]


def id_of(world: World, symbol: str) -> str:
    family, name = symbol.split(":", 1)
    return MISSING_IDS[family] if name == "missing" else world.id(symbol)


def fill_path(route: AppRoute, world: World, symbol: str, action: str | None = None) -> str:
    path = route.path
    param = record_param(route)
    if param is not None:
        path = path.replace("{" + param + "}", id_of(world, symbol))
    family = symbol.split(":")[0]
    if "{" + FACT_KIND + "}" in path:
        path = path.replace("{" + FACT_KIND + "}", family)
    if action is not None:
        path = path.replace("{action}", action)
    return path


def level_of_symbol(symbol: str) -> int | None:
    """The least clearance that may know the record (None: a missing record)."""
    return LEVEL_OF.get(symbol)


# --- query parameters ------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """A value for a query parameter. `level`: the clearance a reader needs for it to
    find anything (None: not a probe of hidden records); below it the answer must equal
    the answer to `missing`, a value that matches nothing."""

    symbol: str
    value: str | Callable[[World], str]
    level: int | None = None
    missing: str = ""

    def resolve(self, world: World) -> str:
        return self.value(world) if callable(self.value) else self.value


MISSING_WORD = "Zorblaxian"


def _words(level: str, **variants: str) -> list[Probe]:
    need = canary_level(level)
    return [Probe(f"{level}-{name}", value, need, MISSING_WORD) for name, value in
            variants.items()]  # fmt: skip


# Searches for each hidden canary in the spellings a reader might try: case, diacritics,
# punctuation, the other script, a Russian ending, part of the name.
SEARCHES: list[Probe] = [
    Probe("public-surname", "Wendhollow"), Probe("public-org", "Glimmerfen"),
    Probe("a-verb", "detained"), Probe("empty", ""),
    *_words(WITHDRAWN, surname="Brockhollow", org="Kestrelmoor", title="Hollyquist"),
    *_words(PROTECTED, surname="Vyshkovich", lower="vyshkovich", upper="VYSHKOVICH",
            diacritic="Vyshkóvich", underscore="Vyshkovich_", full="Radoslav Vyshkovich",
            given="Radoslav", given_diacritic="Rádoslav", cyrillic="Вышкович",
            cyrillic_genitive="Вышковича", cyrillic_full="Радослав Вышкович",
            latin_ending="Vyshkovicha", partial="Vyshkov", joined="Radoslav_Vyshkovich",
            other_romanisation="Vyshkovych", prefix="Vyshk*", cyrillic_prefix="Вышков*",
            plural="Vyshkovichs", cyrillic_dative="Вышковичу", given_prefix="Radosl*"),
    *_words("confidential", surname="Quillitch", underscore="quillitch_",
            diacritic="Quíllitch", given="Serafim", cyrillic="Квиллич",
            cyrillic_genitive="Квиллича", merged_spelling="Вендхоллоу",
            merged_given="Казимир", merged_latin="Vendkhollou", quote="Velmora",
            role_quote="Morrowgate",
            role="trade unionist", org="Nightjar", org_full="Nightjar Collective",
            org_alias="Глиммерфен", org_acronym="GWX",
            title="Gorsemoor", publisher="Corvane", url="vantrell", file="brackwater",
            raised_charge="Harrowgild", prefix="Quill*", cyrillic_prefix="Квилл*",
            quote_prefix="Velmor*"),
    *_words("internal", surname="Marrowby", underscore="marrowby_", diacritic="Márrowby",
            given="Ottoline", cyrillic="Марроуби", quote="Fenwhistle", org="Thistlegrave",
            title="Pellinor", publisher="Ashcombe", url="quorral", file="tallowmere",
            raised_statistic="Brindlecote", prefix="Marrow*", quote_prefix="Fenwhist*"),
]  # fmt: skip


# Hidden spellings that transliterate to a visible one (Казимир is Kazimir, Глиммерфен is
# Glimmerfen): search folds scripts, so a reader who may not see them finds what the
# visible spelling finds, which tells nothing of the hidden record. They must answer
# exactly as that visible spelling does.
TRANSLITERATED = {"confidential-merged_given": "Kazimir", "confidential-org_alias": "Glimmerfen"}
SEARCHES = [replace(p, missing=TRANSLITERATED[p.symbol]) if p.symbol in TRANSLITERATED else p
            for p in SEARCHES]  # fmt: skip


def _org_id(symbol: str) -> Callable[[World], str]:
    return lambda world: world.id(symbol)


ORGANISATION_FILTERS: list[Probe] = [
    Probe("id-public", _org_id("organisation:public")),
    Probe("id-internal", _org_id("organisation:internal"), 1, "999999"),
    Probe("id-confidential", _org_id("organisation:confidential"), 2, "999999"),
    Probe("name-public", "Glimmerfen Watch"),
    Probe("name-internal", "Thistlegrave Union", 1, "Zorblax Society"),
    Probe("name-confidential", "Nightjar Collective", 2, "Zorblax Society"),
    Probe("name-confidential-lower", "nightjar collective", 2, "Zorblax Society"),
    # a visible organisation by a name only a hidden document gives it
    Probe("alias-confidential", "Глиммерфен Вотч", 2, "Zorblax Society"),
    Probe("acronym-confidential", "GWX", 2, "Zorblax Society"),
]

# query parameter -> the values it is sent with (besides being left out)
QUERY_VALUES: dict[str, list[Probe]] = {
    "q": SEARCHES,
    "organisation": ORGANISATION_FILTERS,
    "country": [Probe("country", "BY"), Probe("country-confidential", "QZ", 2, "QY")],
    "status": [Probe("status", "detained")],
    "sort": [Probe("sort-facts", "-facts"), Probe("sort-country", "country")],
    "designated": [Probe("designated", "1")],
    "all": [Probe("all", "1")],
    "event_type": [Probe("arrest", "arrest"), Probe("designation", "designation")],
    "date_from": [Probe("from", "2025-05")],
    "date_to": [Probe("to", "2025-04")],
    # the dashboard chart's range (months)
    "from": [Probe("month-from", "2025-05")],
    "to": [Probe("month-to", "2025-04")],
    "page": [Probe("page-2", "2")],
    # one document's possible facts (web/possible_pages.py): a hidden document must
    # answer as a missing one does
    "document": [
        Probe("document-public", lambda w: w.id("document:public")),
        *(Probe(f"document-{name}", lambda w, name=name: w.id(f"document:{name}"), level,
                "f" * 64)
          for name, level in (("internal", 1), ("confidential", 2), ("withdrawn", 3)))],
    "offset": [Probe("offset-1", "1")],
    "limit": [Probe("limit-1", "1")],
    "size": [Probe("size-1", "1")],
    "next": [Probe("next", "/cases")],
    "reextracted": [Probe("reextracted", "2.1.0")],
    # a draft's choices (web/advocacy_pages.py); the record routes are crawled with
    # RECORD_QUERIES below, which ask for the most a draft may show
    "kind": [Probe("kind-urgent", "urgent-action")],
    "demand": [Probe("demand", "investigate")],
    "unreviewed": [Probe("unreviewed", "1")],
    "publication": [Probe("publication", "0")],
    "addressee": [Probe("addressee", "0")],
    "format": [Probe("format-md", "md")],
    # the alerts' window and silence (services/alerts.py)
    "within": [Probe("within-year", "365d"), Probe("within-bad", "soon")],
    "no_news_months": [Probe("no-news-1", "1")],
}
# Routes naming a record whose default answer shows less than it could: the query they
# are crawled with. A draft shows only reviewed facts unless asked.
RECORD_QUERIES = {"GET /cases/{person_id}/draft": "unreviewed=1&publication=0",
                  "GET /cases/{person_id}/draft/file": "unreviewed=1&format=md"}


@dataclass(frozen=True)
class ReadCase:
    """One GET request of the crawl, as symbols (resolved against the world later)."""

    user: str
    route: AppRoute
    symbol: str = ""  # the record in the path
    param: str = ""  # or the query parameter probed
    probe: Probe | None = None

    @property
    def id(self) -> str:
        what = self.symbol or (f"{self.param}={self.probe.symbol}" if self.probe else "plain")
        return f"{self.user}|{self.route.key}|{what}"

    def echo(self, world: World) -> str:
        """The reader's own words in the request, which the answer may repeat."""
        return self.probe.resolve(world) if self.probe else ""

    def url(self, world: World, value: str | None = None) -> str:
        if self.symbol:
            path = fill_path(self.route, world, self.symbol)
            extra = RECORD_QUERIES.get(self.route.key)
            return f"{path}?{extra}" if extra else path
        if self.probe is None:
            return self.route.path
        raw = self.probe.resolve(world) if value is None else value
        return f"{self.route.path}?{urlencode({self.param: raw})}"


def read_cases(routes: Iterable[AppRoute], users: Iterable[str]) -> list[ReadCase]:
    out: list[ReadCase] = []
    for user in users:
        for route in routes:
            if route.method != "GET":
                continue
            param = record_param(route)
            if param in OWN_PARAMS:
                family = OWN_PARAMS[param]
                out += [ReadCase(user, route, symbol=f"{family}:{name}")
                        for name in (user, "revoked", "missing")]  # fmt: skip
            elif param is not None:
                out += [ReadCase(user, route, symbol=s) for s in record_symbols(param)]
            if param is not None:
                continue
            out.append(ReadCase(user, route))
            for name in route.query_params:
                out += [ReadCase(user, route, param=name, probe=p)
                        for p in QUERY_VALUES.get(name, [])]  # fmt: skip
    return out


# --- what an answer holds ------------------------------------------------------------------


def _encodings(value: str) -> set[str]:
    """The forms in which a page or a JSON body may echo a value back."""
    if not value:
        return set()
    return {value, html.escape(value), html.escape(value, quote=False), quote_plus(value),
            quote(value), quote(value, safe=""), json.dumps(value)[1:-1],
            json.dumps(value, ensure_ascii=False)[1:-1]}  # fmt: skip


def pdf_text(pdf: bytes) -> str:
    """A PDF's text as poppler's pdftotext reads it (the report's download)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: make draft-pdf installs it")
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True, timeout=60)  # fmt: skip
    return done.stdout.decode("utf-8", "replace")


def readable_forms(response: typing.Any) -> str:
    """The body and headers as a reader could read them: raw, entities decoded, URLs
    decoded, JSON escapes decoded."""
    raw = response.content.decode("utf-8", "replace")
    if response.headers.get("content-type", "").startswith("application/pdf"):
        raw = pdf_text(response.content)  # its words are compressed: read as a reader would
    forms = [raw, html.unescape(raw), unquote_plus(raw)]
    if "json" in response.headers.get("content-type", ""):
        with contextlib.suppress(ValueError):
            forms.append(json.dumps(response.json(), ensure_ascii=False))
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
    forms += [headers, unquote_plus(headers)]
    return "\n".join(forms)


def what_is_read(response: typing.Any, echo: str = "") -> str:
    """Everything the response lets a reader read, folded, minus their own words echoed
    back (a search box holding the query is not a leak, nor a sighting)."""
    text = readable_forms(response)
    for form in sorted(_encodings(echo), key=len, reverse=True):
        text = text.replace(form, " ")
    return fold(text)


def leaked(response: typing.Any, hidden: dict[str, str], echo: str = "") -> list[str]:
    """The hidden canaries the response holds, besides the reader's own words."""
    folded = what_is_read(response, echo)
    return [f"{word} ({what})" for word, what in hidden.items() if holds(folded, word)]


@dataclass(frozen=True)
class Shape:
    """An answer with the ids and echoed words replaced: what must not tell a hidden
    record from a missing one."""

    status: int
    content_type: str
    location: str
    body: str = field(repr=False)

    def diff(self, other: Shape) -> str:
        for name in ("status", "content_type", "location"):
            if getattr(self, name) != getattr(other, name):
                return f"{name}: {getattr(self, name)!r} != {getattr(other, name)!r}"
        a, b = self.body, other.body
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                  min(len(a), len(b)))  # fmt: skip
        start, end = max(0, at - 80), at + 120
        return f"body differs at {at}: {a[start:end]!r} != {b[start:end]!r}"


def shape(response: typing.Any, replaced: Iterable[str]) -> Shape:
    forms: set[str] = set()
    for value in replaced:
        forms |= _encodings(value)
        if re.fullmatch(r"[0-9a-f]{64}", value):
            forms.add(value[:12])  # messages name a document by its short id
    body = response.content.decode("utf-8", "replace")
    if response.headers.get("content-type", "").startswith("application/pdf"):
        body = pdf_text(response.content)  # compressed streams differ with any word
    location = response.headers.get("location", "")
    for form in sorted(forms, key=len, reverse=True):
        pattern = r"(?<!\w)" + re.escape(form) + r"(?!\w)"
        body = re.sub(pattern, "{X}", body)
        location = re.sub(pattern, "{X}", location)
    return Shape(response.status_code, response.headers.get("content-type", ""), location, body)


ALL_CANARIES = {word: what for words in CANARIES.values() for word, what in words.items()}
