"""Extraction: from a document's text to events, people and organisations."""
