"""Getting case records out of (and later into) a store in open formats."""

from casefile.exchange.export import FORMATS, ExportFormat, export

__all__ = ["FORMATS", "ExportFormat", "export"]
