"""relparty: related-party notes of financial filings into structured, auditable records."""

from models import Fact, NoteExtraction
from nlp.api import Extractor, extract
from nlp.batch import extract_files
from nlp.details.reader import read_details
from nlp.reconcile import reconcile

__version__ = "0.1.0"
__all__ = ["Extractor", "Fact", "NoteExtraction", "extract", "extract_files", "read_details", "reconcile", "__version__"]
