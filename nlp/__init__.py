"""relparty: related-party notes of financial filings into structured, auditable records."""

from relparty.api import Extractor, extract
from relparty.batch import extract_files
from relparty.details.reader import read_details
from relparty.models import Fact, NoteExtraction
from relparty.reconcile import reconcile

__version__ = "0.1.0"
__all__ = ["Extractor", "Fact", "NoteExtraction", "extract", "extract_files", "read_details", "reconcile", "__version__"]
