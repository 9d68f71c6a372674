"""Russian law makes media mark "foreign agents" and banned organisations with a
footnote: "«Вельск»*" in the text, "*Организация, выполняющая функции иностранного
агента" below it. Each mark is a designation of what it follows (a restriction, for a
person), with the footnote as evidence."""

from __future__ import annotations

import re

from casefile.extract.doc import AnnotatedDoc
from casefile.extract.events import designation_event, person_event
from casefile.extract.ru.designations import label_in

_FOOTNOTE = re.compile(r"^[ \t]*(\*+)[ \t]*(\S[^\n]*)$", re.MULTILINE)
_CLOSING = "»\"”“ "


def footnote_designations(doc: AnnotatedDoc) -> None:
    text = doc.text
    footnotes = {}
    for match in _FOOTNOTE.finditer(text):
        label = label_in(match.group(2))
        if label is not None:
            footnotes[match.group(1)] = (label, match.start(2), match.end(2))
    if not footnotes:
        return
    done: set[tuple[str, str]] = set()
    for mention in doc.mentions:
        end = mention.end
        while end < len(text) and text[end] in _CLOSING and text[end] != " ":
            end += 1
        stars = re.match(r"\*+", text[end:])
        if stars is None or stars.group(0) not in footnotes:
            continue
        label, start, stop = footnotes[stars.group(0)]
        if (mention.entity, label) in done:
            continue
        done.add((mention.entity, label))
        if mention.kind == "organisation":
            designation_event(doc, mention.entity, (start, stop), label)
        else:
            person_event(doc, mention.entity, "restriction", (start, stop), label=label)
