"""The result of reading one file in a batch: an extraction, or an error naming the problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from relparty.models import NoteExtraction


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
