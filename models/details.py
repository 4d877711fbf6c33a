"""Tagged "(Details)" pages and their reconciliation with the narrative note (DETAILS.md).

A details page is EDGAR's rendering of the XBRL-tagged amounts of a note. Its text rendering drops
empty body cells, so a value's column is often known only as a set of candidates: ``columns`` lists
EVERY column the value can occupy given the text alone, and a value is placed (``period_end`` set)
only when that set has one column. Ambiguity is data: it is kept and shown, never resolved by guessing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field
from relparty.models.facts import Fact, JsonNumber
from relparty.models.records import ExtractionWarning, TextSpan

CellKind = Literal["money", "percent", "count", "duration", "date", "text"]
Status = Literal["agree", "differ", "blank-in-text", "text-only", "tagged-only"]
STATUSES: tuple[str, ...] = ("agree", "differ", "blank-in-text", "text-only", "tagged-only")


class Column(BaseModel):
    """One value column of the page: its date, its period (from the header group) and its unit."""

    n: int = Field(ge=1)
    header: str | None = None  # "12 Months Ended"; None for a balance date
    label: str = ""  # the date as written ("Dec. 31, 2021")
    period_end: date | None = None
    period_months: int | None = None
    currency: str | None = None  # ISO code of the column's money unit ("CNY")
    symbol: str | None = None  # the mark its money values carry ("¥")
    units: list[str] = Field(default_factory=list)  # every unit line as written ("CNY (¥)", "Item", "shares")
    extra: list[str] = Field(default_factory=list)  # other header lines (member names...)
    span: TextSpan | None = None


class TaggedFact(BaseModel):
    """One value cell of a details page. ``columns``: every column the value can occupy."""

    note: str | None = None
    row: str
    members: list[str] = Field(default_factory=list)
    text: str  # the cell as written ("¥ (2,839)")
    number: JsonNumber = None  # the number as written, parentheses negative, no scale
    value: JsonNumber = None  # the number with the page's scale applied (None when the scale is unknowable)
    kind: CellKind = "money"
    unit: str | None = None  # the row's unit suffix ("¥" of "Net revenue | ¥")
    currency: str | None = None  # ISO code when every candidate column has the same money unit
    columns: list[int] = Field(default_factory=list)
    period_end: date | None = None
    period_months: int | None = None
    placed_by: Literal["order", "text"] | None = None  # how the single column was found; None while ambiguous
    reason: str = ""  # why ``columns`` is what it is, in words
    span: TextSpan  # the value's characters in the page text
    row_span: TextSpan  # the row label line (identifies the row)
    warnings: list[str] = Field(default_factory=list)

    @property
    def placed(self) -> bool:
        return len(self.columns) == 1


class DetailsPage(BaseModel):
    """Everything read out of one details page."""

    source: str | None = None
    note: str | None = None
    length: int = 0
    title: str | None = None
    scale_line: str | None = None
    scales: dict[str, int] = Field(default_factory=dict)  # "¥" -> 1000
    columns: list[Column] = Field(default_factory=list)
    facts: list[TaggedFact] = Field(default_factory=list)  # money cells
    cells: list[TaggedFact] = Field(default_factory=list)  # percentages, counts, durations, dates: not facts
    truncated: bool = False
    warnings: list[ExtractionWarning] = Field(default_factory=list)

    def placed(self) -> list[TaggedFact]:
        return [f for f in self.facts if f.placed]

    def ambiguous(self) -> list[TaggedFact]:
        return [f for f in self.facts if not f.placed]


class ReconciliationItem(BaseModel):
    """A narrative fact and the tagged fact it was paired with, or one of them alone, with a status."""

    status: Status
    message: str  # what an auditor reads: "blank in text, tagged ¥ 2 (2,000)"
    party: str | None = None
    kind: str | None = None
    period_end: date | None = None
    period_months: int | None = None
    text_fact: Fact | None = None
    text_value: JsonNumber = None  # the narrative amount in units (note scale applied)
    tagged: TaggedFact | None = None  # as reconciled: its columns may have been narrowed by the text
    page: str | None = None  # source of the details page
    match: str = ""  # why the two were paired


class Reconciliation(BaseModel):
    """A note's extraction reconciled with the details pages of the same filing."""

    note: str | None = None
    source: str | None = None
    pages: list[str | None] = Field(default_factory=list)
    scale: int = 1  # narrative amounts without a scale word are multiplied by this
    scale_reason: str = ""
    items: list[ReconciliationItem] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def counts(self) -> dict[str, int]:
        c = Counter(i.status for i in self.items)
        return {s: c.get(s, 0) for s in STATUSES}
