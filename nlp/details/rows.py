"""Rows of tagged facts for CSV and workbook exports (typed like ``relparty.exports.rows``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from relparty.models import DetailsPage

Cell = str | int | Decimal | bool | date | None

#: One row per tagged value: where it is, what it is, and every column it can occupy.
TAGGED_COLUMNS: tuple[str, ...] = (
    "note", "row", "members", "text", "value", "number", "kind", "unit", "currency", "columns", "placed",
    "period_end", "period_months", "reason", "start", "end", "warnings", "page",
)


def tagged_rows(pages: Iterable[DetailsPage], cells: bool = False) -> list[dict[str, Cell]]:
    """The money facts of the pages (and, with ``cells``, the percentages, counts... too)."""
    out: list[dict[str, Cell]] = []
    for page in pages:
        for f in [*page.facts, *page.cells] if cells else page.facts:
            out.append({
                "note": f.note or page.note,
                "row": f.row,
                "members": " | ".join(f.members),
                "text": f.text,
                "value": f.value,
                "number": f.number,
                "kind": f.kind,
                "unit": f.unit,
                "currency": f.currency,
                "columns": " ".join(map(str, f.columns)),
                "placed": f.placed,
                "period_end": f.period_end,
                "period_months": f.period_months,
                "reason": f.reason,
                "start": f.span.start,
                "end": f.span.end,
                "warnings": "; ".join(f.warnings),
                "page": page.source,
            })
    return out
