"""Whole filings: the related-party sections of a 10-K, 10-Q, 20-F, 40-F, proxy or prospectus, located and read.

``read_filing(path_or_text)`` reads a primary document (inline XBRL or plain HTML, an SGML submission) or an
EDGAR filing folder; ``locate_sections(text)`` only says where the sections are.
"""

from relparty.filings.folder import read_filing
from relparty.filings.locate import locate
from relparty.filings.read import MAX_FILING_BYTES, looks_like_filing, read_document
from relparty.filings.visible import visible_text
from relparty.models.filings import FilingExtraction, FilingSection


def locate_sections(text: str) -> list[FilingSection]:
    """The related-party sections of a document's text (offsets: visible text and document)."""
    return locate(visible_text(text))


__all__ = ["FilingExtraction", "FilingSection", "MAX_FILING_BYTES", "locate_sections", "looks_like_filing",
           "read_document", "read_filing"]
