"""The result of reading one file in a batch: an extraction, or an error naming the problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from relparty.models import NoteExtraction

INTERNAL_ERROR = "internal error"  # how a warning about a part that could not be read begins


def failed_parts(extraction: NoteExtraction | None) -> int:
    """How many parts of a note (a sentence, a table row, a stage) failed with an internal error:
    such a note counts as failed in a batch's summary, though the rest of it was read."""
    return sum(w.message.startswith(INTERNAL_ERROR) for w in extraction.warnings) if extraction else 0


@dataclass
class FileResult:
    """One input file's outcome. ``error`` is set (and ``extraction`` may be None) when it failed."""

    path: str
    extraction: NoteExtraction | None = None
    error: str | None = None
    text: str | None = None  # the original text as read (for review exports); None if unreadable
    warnings: list[str] = field(default_factory=list)  # file-level warnings (e.g. cp1252 fallback)
    filing: Any = None  # a whole filing: its relparty.models.filings.FilingExtraction (sections, tag reconciliation)

    @property
    def ok(self) -> bool:
        return self.error is None and self.extraction is not None
