"""The audit review workbook: sheets Facts, Records, Warnings, Notes and Reconciliation (openpyxl).

The workbook is streamed (openpyxl's write-only mode): each file's rows are written as it comes and
nothing of earlier files is kept, so memory does not grow with the batch. It is deterministic: no
time stamps (the document properties and every zip entry carry :data:`EPOCH`), so the same results
give the same bytes.

Every sheet has a frozen, styled header row, an autofilter over its data, column widths set per
column and number formats for amounts, dates and character offsets. Blank amounts (a slot whose
number the page dropped) are marked ``TRUE`` in the ``blank`` column and their row is highlighted.
Each Facts row links to its note's row in the Notes sheet and, when ``review_link`` is given, to
its place in the HTML review (the only formulas of the workbook: relparty's own ``HYPERLINK`` cells,
whose arguments it builds from row numbers and the review's file name, never from note text).
Text from the notes is untrusted: it is always written as a string cell, never a formula, and text
that starts like a formula gets a leading apostrophe (``safe_cell``).

The Reconciliation sheet holds, for each note with ``NAME.details*.txt`` pages beside its file, one
row per reconciliation item (``relparty.reconcile``), its status cell coloured: agree green, differ red,
blank-in-text amber, text-only and tagged-only grey.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from relparty.exports.cells import safe_cell
from relparty.exports.rows import (
    FACT_COLUMNS,
    NOTE_COLUMNS,
    RECONCILIATION_SHEET_COLUMNS,
    RECORD_COLUMNS,
    WARNING_COLUMNS,
    Row,
    no_details_row,
    note_fact_rows,
    note_reconciliation_rows,
    note_row,
    reconciliation_of,
    record_rows,
    warning_rows,
)
from relparty.results import FileResult

__all__ = ["write_workbook", "WorkbookWriter", "KIND_FILLS", "BLANK_FILL", "STATUS_FILLS", "MAX_CELL_CHARS",
           "LINK_COLUMNS", "FACT_SHEET_COLUMNS", "EPOCH"]

EPOCH = datetime(2000, 1, 1)  # every time stamp of the file: the same results give the same bytes
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # zip's earliest date (the entries' times)
#: Facts-sheet columns after the facts view's: the file, and links to the note's row and the review.
LINK_COLUMNS: tuple[str, ...] = ("file", "note_row", "review")

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

_INT_COLUMNS = {"start", "end", "amount_start", "amount_end", "scale", "party_start", "party_end", "period_months",
                "length", "records", "facts", "blanks", "warnings", "slots", "text_start", "text_end",
                "tagged_start", "tagged_end"}
# Column widths are set before the rows stream by (write-only mode cannot fit them afterwards).
_WIDTHS = {"evidence": 90, "warnings": 60, "message": 70, "amounts": 70, "error": 50, "text_evidence": 90,
           "tagged_reason": 60, "tagged_members": 40, "match": 60, "page": 40, "counterparty": 40, "aliases": 28,
           "service": 30, "detail": 24, "line_item": 24, "file": 40, "source": 40, "note": 28, "kind": 12,
           "period_end": 12, "amount": 16, "currency": 10, "blank": 8, "record": 12, "party_type": 12,
           "level": 11, "status": 14, "note_row": 10, "review": 10, "text_amount": 16, "tagged_amount": 16}


FACT_SHEET_COLUMNS: tuple[str, ...] = (*FACT_COLUMNS, *LINK_COLUMNS)
ReviewLink = Callable[[int, int], str | None]  # (note index from 1, fact number from 1) -> href in the review


def _text(value: str) -> str:
    """A string fit for a cell: no characters XML forbids, within Excel's length, inert."""
    s = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    s = _SURROGATES.sub("\ufffd", s)
    s = str(safe_cell(s))
    if len(s) > MAX_CELL_CHARS:
        s = s[: MAX_CELL_CHARS - len(_TRUNCATED)] + _TRUNCATED
    return s


def _formula_text(value: str) -> str:
    """A string argument of relparty's own HYPERLINK formulas (quotes doubled, nothing XML forbids)."""
    return ILLEGAL_CHARACTERS_RE.sub("", _SURROGATES.sub("", value)).replace('"', '""')


def hyperlink(target: str, label: str) -> str:
    """``=HYPERLINK("target","label")``: relparty's own link cell (``target`` is a sheet row or a review page)."""
    return f'=HYPERLINK("{_formula_text(target)}","{_formula_text(label)}")'


class _Sheet:
    """One write-only sheet: a styled header, rows as they come, the autofilter at the end."""

    def __init__(self, wb: Workbook, title: str, columns: Sequence[str]) -> None:
        self.ws: Any = wb.create_sheet(title)
        self.columns = tuple(columns)
        self.rows = 0
        for c, name in enumerate(self.columns, start=1):
            self.ws.column_dimensions[get_column_letter(c)].width = max(8, _WIDTHS.get(name, len(name) + 6))
        self.ws.freeze_panes = "A2"
        header = []
        for name in self.columns:
            cell = WriteOnlyCell(self.ws, value=name)
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
            cell.alignment = Alignment(vertical="center")
            header.append(cell)
        self.ws.append(header)

    def add(self, row: Row, links: dict[str, str] | None = None) -> None:
        blank = bool(row.get("blank"))
        out: list[Any] = []
        for name in self.columns:
            value = row.get(name)
            if links is not None and name in links:
                out.append(links[name])  # =HYPERLINK(...) built by relparty
                continue
            if isinstance(value, str):
                value = _text(value)
            style = blank or isinstance(value, (date, Decimal)) or (
                isinstance(value, int) and not isinstance(value, bool) and name in _INT_COLUMNS) or (
                name in ("kind", "status") and isinstance(value, str))
            if not style:
                out.append(value)
                continue
            cell = WriteOnlyCell(self.ws, value=value)
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(value, Decimal):
                cell.number_format = AMOUNT_FORMAT if value == value.to_integral_value() else AMOUNT_FRACTION_FORMAT
            elif isinstance(value, int) and not isinstance(value, bool) and name in _INT_COLUMNS:
                cell.number_format = INT_FORMAT
            if blank:
                cell.fill = BLANK_FILL
                if name in ("blank", "amount"):
                    cell.font = BLANK_FONT
            elif name == "kind" and isinstance(value, str) and value in KIND_FILLS:
                cell.fill = KIND_FILLS[value]
            elif name == "status" and isinstance(value, str) and value in STATUS_FILLS:
                cell.fill = STATUS_FILLS[value]
            out.append(cell)
        self.ws.append(out)
        self.rows += 1

    def finish(self) -> None:
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(self.columns))}{max(1, self.rows) + 1}"


class WorkbookWriter:
    """The review workbook, one file's result at a time (:meth:`add`), written at :meth:`close`.

    ``reconciliation``: True always adds the Reconciliation sheet (a row saying so when no note has
    ``NAME.details*.txt`` pages beside it), False never, None (the default) when some note has them.
    ``review_link(note_index, fact_number)`` gives the href of a fact in the HTML review (see
    :func:`relparty.exports.html.review_link`); without it the Facts sheet's ``review`` column is empty."""

    def __init__(self, path: str | os.PathLike[str], *, reconciliation: bool | None = None,
                 review_link: ReviewLink | None = None) -> None:
        self.path = Path(path)
        self.reconciliation = reconciliation
        self.review_link = review_link
        self.wb = Workbook(write_only=True)
        self.facts = _Sheet(self.wb, "Facts", FACT_SHEET_COLUMNS)
        self.records = _Sheet(self.wb, "Records", RECORD_COLUMNS)
        self.warnings = _Sheet(self.wb, "Warnings", WARNING_COLUMNS)
        self.notes = _Sheet(self.wb, "Notes", NOTE_COLUMNS)
        self.rec: _Sheet | None = None
        self.n_notes = 0
        self.n_facts = 0

    def add(self, result: FileResult) -> None:
        self.n_notes += 1
        note_at = f"#'Notes'!A{self.n_notes + 1}"
        for row in note_fact_rows(result):
            self.n_facts += 1
            links = {"note_row": hyperlink(note_at, "note")}
            href = self.review_link(self.n_notes, self.n_facts) if self.review_link is not None else None
            if href is not None:
                links["review"] = hyperlink(href, f"#{self.n_facts}")
            self.facts.add({**row, "file": result.path}, links)
        for row in record_rows(result):
            self.records.add(row)
        for row in warning_rows(result):
            self.warnings.add(row)
        self.notes.add(note_row(result))
        if self.reconciliation is not False:
            rec = reconciliation_of(result)
            if rec is not None:
                sheet = self._reconciliation_sheet()
                for row in note_reconciliation_rows(result, rec):
                    sheet.add(row)

    def _reconciliation_sheet(self) -> _Sheet:
        if self.rec is None:
            self.rec = _Sheet(self.wb, "Reconciliation", RECONCILIATION_SHEET_COLUMNS)
        return self.rec

    def close(self) -> None:
        if self.reconciliation and self.rec is None:
            self._reconciliation_sheet().add(no_details_row())
        for sheet in (self.facts, self.records, self.warnings, self.notes, self.rec):
            if sheet is not None:
                sheet.finish()
        save_deterministic(self.wb, self.path)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry the same time and mode, whatever the clock or the temp files say."""

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None, compresslevel: Any = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        super().writestr(self._info(name), data)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None, compresslevel: Any = None) -> None:
        with open(filename, "rb") as src, self.open(self._info(arcname or os.fspath(filename)), "w", force_zip64=True) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def save_deterministic(wb: Workbook, path: Path) -> None:
    """Save ``wb`` with :data:`EPOCH` as its creation and modification time and as every entry's time
    (openpyxl's own ``save`` stamps the time of the run)."""
    wb.properties.created = wb.properties.modified = EPOCH
    wb.properties.creator = "relparty"
    archive = _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()


def write_workbook(results: Iterable[FileResult], path: Path, reconciliation: bool | None = None,
                   review_link: ReviewLink | None = None) -> None:
    """Write the review workbook: Facts, Records, Warnings, Notes, then Reconciliation (streamed: see
    :class:`WorkbookWriter`)."""
    writer = WorkbookWriter(path, reconciliation=reconciliation, review_link=review_link)
    for r in results:
        writer.add(r)
    writer.close()
