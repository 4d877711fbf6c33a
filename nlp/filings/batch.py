"""Whole filings inside a batch (``relparty extract``): a primary document or an EDGAR folder is detected and
read as a filing; its sections' records are gathered into the file's one NoteExtraction.

Each record keeps the heading of its section (``section``), every span points into the document as given, and
the extraction carries the filing's provenance. A filing with no related-party section gives no facts and one
file warning ("no related-party note or section found"). The review export shows where each section is.
"""

from __future__ import annotations

import os
from typing import Any

from relparty.filings.folder import is_filing_folder, read_folder
from relparty.filings.read import NO_NOTE, looks_like_filing, read_document
from relparty.models import NoteExtraction
from relparty.models.filings import FilingExtraction
from relparty.results import FileResult

__all__ = ["take_filings", "combined", "is_filing_dir"]


def is_filing_dir(path: str) -> bool:
    return os.path.isdir(path) and is_filing_folder(path)


def combined(fx: FilingExtraction, note: str | None) -> NoteExtraction:
    """One NoteExtraction for the whole filing: every section's records (each naming its section)."""
    out = NoteExtraction(source=fx.source, note=note, length=fx.length, provenance=fx.provenance)
    for n in fx.notes:
        for r in n.records:
            r.section = r.section or n.section
        out.records += n.records
        out.warnings += n.warnings
    out.warnings += [w for w in fx.warnings if NO_NOTE not in w.message]
    if len(fx.notes) == 1:
        out.section, out.section_start, out.section_end = fx.notes[0].section, fx.notes[0].section_start, fx.notes[0].section_end
    return out


def take_filings(ex: Any, results: list[FileResult]) -> None:
    """Read in place every result that is a whole filing (its ``extraction`` set; the rest are left to the caller)."""
    for r in results:
        fx: FilingExtraction | None = None
        if r.error is not None and is_filing_dir(r.path):
            r.error = None
            fx = read_folder(r.path, extractor=ex)
        elif r.error is None and r.text is not None and looks_like_filing(r.text):
            fx = read_document(r.text, source=r.path, extractor=ex)
        if fx is None:
            continue
        from pathlib import Path

        r.extraction = combined(fx, Path(r.path).stem if r.path else None)
        r.filing = fx
        if any(NO_NOTE in w.message for w in fx.warnings) or not fx.sections and not fx.notes:
            r.warnings.append(f"{NO_NOTE}; no facts are given")
        r.text = None  # the review shows each evidence passage and where the section is, not the whole document
