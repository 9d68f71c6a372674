"""The candidates the event model would score for a short invented text, read by feature."""

from __future__ import annotations

from casefile.ingest import Metadata, document_from_text
from casefile.learn.candidates import candidates
from casefile.learn.dataset import annotate, rules_pipeline


def feature_values(text: str, language: str, prefix: str) -> dict[tuple[str, str], set[str]]:
    """For each candidate (type, participant), the values of its `PREFIX=VALUE` features
    (not their conjunctions with the type)."""
    document = document_from_text(text, Metadata(None, language))
    doc = next(annotate(rules_pipeline(), [document]))
    return {
        (c.type, c.participant): {k.split("=")[1] for k in c.features
                                  if k.startswith(f"{prefix}=") and "&" not in k}
        for c in candidates(doc)
    }
