"""relparty: related-party notes of financial filings into structured, auditable records."""

from relparty.api import Extractor, extract
from relparty.batch import extract_files
from relparty.details.reader import read_details
from relparty.filings import read_filing
from relparty.frames import to_frame
from relparty.models import Fact, NoteExtraction
from relparty.reconcile import reconcile


def _installed_version() -> str:
    """The version of the installed distribution: pyproject.toml's ``version`` is the one source."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("relparty")
    except PackageNotFoundError:  # imported from a checkout that was never installed
        return "0+unknown"


__version__ = _installed_version()
__all__ = ["Extractor", "Fact", "NoteExtraction", "extract", "extract_files", "read_details", "read_filing", "reconcile", "to_frame", "__version__"]
