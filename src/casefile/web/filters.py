"""The case list's filters from the query string, for the page and the API alike: one
FastAPI dependency. Kept apart from context.py because it needs who is asking (an
organisation filter resolves only among the organisations the user may see), and
web/auth.py already builds on context.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from casefile.services import search
from casefile.services.search import CaseFilters
from casefile.web.auth import Read
from casefile.web.context import QueryText, StoreDep


def case_filters(
    store: StoreDep,
    principal: Read,
    country: QueryText = "",
    status: QueryText = "",
    event_type: QueryText = "",
    organisation: QueryText = "",
    date_from: QueryText = "",
    date_to: QueryText = "",
    q: QueryText = "",
    sort: QueryText = "",
) -> CaseFilters:
    return search.parse_case_filters(
        store, viewer=principal.viewer, country=country, status=status,
        event_type=event_type, organisation=organisation, date_from=date_from,
        date_to=date_to, q=q, sort=sort,
    )  # fmt: skip


CaseFiltersDep = Annotated[CaseFilters, Depends(case_filters)]
