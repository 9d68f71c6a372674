"""A spaCy component that starts a sentence after every blank line.

Headlines, datelines and list items carry no full stop; without this the parser glues
them onto the next sentence, and a headline's date or name leaks into its events.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPHS = "casefile_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    text = doc.text
    for token in doc[:-1]:
        blank_line = "\n\n" in token.whitespace_ or (
            token.is_space and token.text.count("\n") >= 2
        )
        if blank_line or (token.is_space and "\n" in token.text and _ends_a_line(text, token.idx)):
            doc[token.i + 1].is_sent_start = True
    return doc


def _ends_a_line(text: str, newline_at: int) -> bool:
    """A single line break ends a sentence after a short line (a heading) or a full stop,
    but not inside hard-wrapped prose."""
    line_start = text.rfind("\n", 0, newline_at) + 1
    line = text[line_start:newline_at].rstrip()
    return len(line) < 60 or line.endswith((".", "!", "?", "”", '"', ":"))
