"""The audit review workbook: sheets Facts, Records, Warnings, Notes and Reconciliation (openpyxl).

Every sheet has a frozen, styled header row, an autofilter over its data, column widths fitted to
the content and number formats for amounts, dates and character offsets. Blank amounts (a slot
whose number the page dropped) are marked ``TRUE`` in the ``blank`` column and their row is
highlighted. Text from the notes is untrusted: it is always written as a string cell, never a
formula, and text that starts like a formula gets a leading apostrophe (``safe_cell``).

The Reconciliation sheet holds, for each note with ``NAME.details*.txt`` pages beside its file, one
row per reconciliation item (``relparty.reconcile``), its status cell coloured: agree green, differ red,
blank-in-text amber, text-only and tagged-only grey.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from relparty.exports.cells import safe_cell
from relparty.exports.rows import (
    FACT_COLUMNS,
    NOTE_COLUMNS,
    RECONCILIATION_SHEET_COLUMNS,
    RECORD_COLUMNS,
    WARNING_COLUMNS,
    Cell,
    Row,
    fact_rows,
    no_details_row,
    note_reconciliation_rows,
    note_row,
    reconciliations,
    record_rows,
    warning_rows,
)
from relparty.results import FileResult

__all__ = ["write_workbook", "KIND_FILLS", "BLANK_FILL", "STATUS_FILLS", "MAX_CELL_CHARS"]

MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
_TRUNCATED = " …[truncated]"
_SURROGATES = re.compile("[\ud800-\udfff]")

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="37474F")
HEADER_BORDER = Border(bottom=Side(style="medium", color="263238"))
BLANK_FILL = PatternFill("solid", fgColor="FFCDD2")  # the whole row of a blank amount
BLANK_FONT = Font(bold=True, color="B71C1C")
KIND_FILLS = {  # the HTML review's palette
    "revenue": PatternFill("solid", fgColor="C8E6C9"),
    "cost": PatternFill("solid", fgColor="FFE0B2"),
    "receivable": PatternFill("solid", fgColor="BBDEFB"),
    "payable": PatternFill("solid", fgColor="E1BEE7"),
    "other": PatternFill("solid", fgColor="E0E0E0"),
}
STATUS_FILLS = {  # the status cell of a Reconciliation row (the HTML review uses the same palette)
    "agree": PatternFill("solid", fgColor="C8E6C9"),
    "differ": PatternFill("solid", fgColor="FFCDD2"),
    "blank-in-text": PatternFill("solid", fgColor="FFE082"),
    "text-only": PatternFill("solid", fgColor="E0E0E0"),
    "tagged-only": PatternFill("solid", fgColor="E0E0E0"),
}

INT_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "#,##0"
AMOUNT_FRACTION_FORMAT = "#,##0.00##"

_INT_COLUMNS = {"start", "end", "amount_start", "amount_end", "party_start", "party_end", "period_months",
                "length", "records", "facts", "blanks", "warnings", "slots", "text_start", "text_end",
                "tagged_start", "tagged_end"}
_MAX_WIDTH = {"evidence": 90, "warnings": 70, "message": 70, "amounts": 70, "error": 60, "text_evidence": 90,
              "tagged_reason": 70, "tagged_members": 50, "match": 70, "page": 50}
_DEFAULT_MAX_WIDTH = 40


def _text(value: str) -> str:
    """A string fit for a cell: no characters XML forbids, within Excel's length, inert."""
    s = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    s = _SURROGATES.sub("\ufffd", s)
    s = str(safe_cell(s))
    if len(s) > MAX_CELL_CHARS:
        s = s[: MAX_CELL_CHARS - len(_TRUNCATED)] + _TRUNCATED
    return s


def _width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, Decimal):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_sheet(ws: Worksheet, columns: Sequence[str], rows: Sequence[Row]) -> None:
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(vertical="center")
    widths = [len(c) + 3 for c in columns]  # room for the filter button

    for r, row in enumerate(rows, start=2):
        blank = bool(row.get("blank"))
        for c, name in enumerate(columns, start=1):
            value = row.get(name)
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = _text(value)
                cell.data_type = "s"  # never a formula, whatever the text
            else:
                cell.value = value
            if isinstance(value, bool):
                pass
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, Decimal):
                cell.number_format = AMOUNT_FORMAT if value == value.to_integral_value() else AMOUNT_FRACTION_FORMAT
            elif isinstance(value, int) and name in _INT_COLUMNS:
                cell.number_format = INT_FORMAT
            if blank:
                cell.fill = BLANK_FILL
                if name in ("blank", "amount"):
                    cell.font = BLANK_FONT
            elif name == "kind" and isinstance(value, str) and value in KIND_FILLS:
                cell.fill = KIND_FILLS[value]
            elif name == "status" and isinstance(value, str) and value in STATUS_FILLS:
                cell.fill = STATUS_FILLS[value]
            widths[c - 1] = max(widths[c - 1], _width(value) + 2)

    for c, name in enumerate(columns, start=1):
        cap = _MAX_WIDTH.get(name, _DEFAULT_MAX_WIDTH)
        ws.column_dimensions[get_column_letter(c)].width = max(8, min(widths[c - 1], cap))
    ws.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows)) + 1}"


def reconciliation_sheet_rows(results: list[FileResult]) -> tuple[list[Row], bool]:
    """The Reconciliation rows of ``results`` (one per item of each note with details pages beside it),
    and whether any note had such pages; without any, the one row saying so."""
    recs = reconciliations(results)
    if not recs:
        return [no_details_row()], False
    return [row for r, rec in recs for row in note_reconciliation_rows(r, rec)], True


def write_workbook(results: list[FileResult], path: Path, reconciliation: bool | None = None) -> None:
    """Write the review workbook: Facts, Records, Warnings, Notes, then Reconciliation.

    ``reconciliation``: True always adds the Reconciliation sheet (a row saying so when no note has
    ``NAME.details*.txt`` pages beside it), False never, None (the default) when some note has them."""
    results = list(results)  # read several times
    wb = Workbook()
    facts = wb.active
    assert facts is not None
    facts.title = "Facts"
    _write_sheet(facts, FACT_COLUMNS, list(fact_rows(results)))
    _write_sheet(wb.create_sheet("Records"), RECORD_COLUMNS, [row for r in results for row in record_rows(r)])
    _write_sheet(wb.create_sheet("Warnings"), WARNING_COLUMNS, [row for r in results for row in warning_rows(r)])
    _write_sheet(wb.create_sheet("Notes"), NOTE_COLUMNS, [note_row(r) for r in results])
    if reconciliation is not False:
        rows, found = reconciliation_sheet_rows(results)
        if found or reconciliation:
            _write_sheet(wb.create_sheet("Reconciliation"), RECONCILIATION_SHEET_COLUMNS, rows)
    wb.save(Path(path))
