"""Linking person and organisation mentions across documents, scripts and spellings.

Pure functions and dataclasses, no I/O: the store persists `LinkResult`, `Link`,
`Entity` and the `EntityBook` journal.
"""

from casefile.link.linker import LinkResult, Mention, link
from casefile.link.matcher import AUTO, PROPOSE, score, score_names
from casefile.link.orgs import OrgMatcher, acronym, org_key
from casefile.link.records import Decision, Entity, EntityBook, Link, Operation
from casefile.link.russian import NameKey, parse_name
from casefile.link.translit import fold, to_latin

__all__ = [
    "AUTO",
    "PROPOSE",
    "Decision",
    "Entity",
    "EntityBook",
    "Link",
    "LinkResult",
    "Mention",
    "NameKey",
    "Operation",
    "OrgMatcher",
    "acronym",
    "fold",
    "link",
    "org_key",
    "parse_name",
    "score",
    "score_names",
    "to_latin",
]
