"""The fixed vocabularies pages show through the ``label`` filter (web/formatting.py),
marked here so that the string extractor (scripts/extract_messages.py) finds them: a
value is stored as a keyword and shown as its label in the interface's language.

Term kinds are translated apart (pgettext "term kind" in services/wording.py): "fine"
and "death" are event types too, and say different things there.
"""

from __future__ import annotations

from casefile.i18n import N_, NP_

EVENT_TYPES = (
    N_("arrest"), N_("search"), N_("investigation"), N_("charge"), N_("trial"),
    N_("conviction"), N_("sentence"), N_("acquittal"), N_("appeal"), N_("release"),
    N_("fine"), N_("restriction"), N_("ill treatment"), N_("harassment"),
    N_("disappearance"), N_("death"), N_("designation"),
)  # fmt: skip
CASE_STATUSES = (
    N_("unknown"), N_("at risk"), N_("released"), N_("under investigation"), N_("on trial"),
    N_("convicted"), N_("restricted"), N_("sentenced"), N_("sentenced (non-custodial)"),
    N_("detained"), N_("disappeared"), N_("imprisoned"), N_("deceased"),
)  # fmt: skip
PERSON_ROLES = (
    N_("activist"), N_("journalist"), N_("blogger"), N_("human rights defender"),
    N_("lawyer"), N_("politician"), N_("opposition member"), N_("religious believer"),
    N_("academic"), N_("artist"), N_("athlete"), N_("student"), N_("trade unionist"),
    N_("civil servant"), N_("relative"), N_("other"),
)  # fmt: skip
REVIEW_STATUSES = (N_("unreviewed"), N_("accepted"), N_("rejected"), N_("edited"))
ACCESS_LEVELS = (N_("public"), N_("internal"), N_("confidential"))
USER_ROLES = (N_("admin"), N_("editor"), N_("viewer"))
FACT_KINDS = (N_("event"), N_("statistic"), N_("person"), N_("organisation"))
TERM_KINDS = (
    NP_("term kind", "prison"), NP_("term kind", "restricted freedom"),
    NP_("term kind", "suspended"), NP_("term kind", "administrative detention"),
    NP_("term kind", "fine"), NP_("term kind", "death"), NP_("term kind", "life"),
    NP_("term kind", "other"),
)
# The review history (fact page): decisions, and the fields they changed.
DECISIONS = (N_("accept"), N_("reject"), N_("edit"), N_("add"), N_("undo"))
FACT_FIELDS = (
    N_("type"), N_("participant"), N_("date"), N_("term"), N_("term kind"), N_("charges"),
    N_("agent"), N_("count"), N_("what"), N_("period"), N_("review status"), N_("version"),
)  # fmt: skip
# How a protected record was shown (the views page).
VIEWED_VIA = (N_("page"), N_("api"), N_("original"))
# An organisation's designation, or a person's listing, as the extractors label it (the
# same English words whichever the document's language).
DESIGNATIONS = (
    NP_("designation", "banned"), NP_("designation", "extremist"),
    NP_("designation", "terrorist"), NP_("designation", "undesirable"),
    NP_("designation", "foreign agent"), NP_("designation", "shut down"),
    NP_("designation", "suspended"), NP_("designation", "liquidated"),
)
# A case's curation (services/curation.py's words for its actions).
CURATIONS = (N_("not a person"), N_("not a victim"), N_("event moved"))
