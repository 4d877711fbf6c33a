"""relparty: related-party notes of financial filings into structured, auditable records."""

from models import Fact, NoteExtraction
from nlp.api import Extractor, extract

__version__ = "0.1.0"
__all__ = ["Extractor", "Fact", "NoteExtraction", "extract", "__version__"]
