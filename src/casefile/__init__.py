"""casefile: human-rights case documentation — documents in, verifiable case records out."""

__version__ = "0.1.0"
