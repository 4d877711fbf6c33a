"""Rows for the review exports: facts, records, warnings, per-note summaries and reconciliations.

One place decides what a row holds, so the workbook (``relparty.exports.xlsx``), the CSV export and
the HTML review (``relparty.exports.html``) show the same values. Rows are dicts keyed by the
``*_COLUMNS`` names and hold typed values (``str``, ``int``, ``Decimal``, ``bool``, ``date`` or
``None``); each writer formats them for its medium and makes text cells inert (``safe_cell``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from relparty.exports.cells import safe_cell
from relparty.models import ExtractionWarning, Fact, NoteExtraction, PeriodAmount, Reconciliation
from relparty.models.details import STATUSES
from relparty.numbers import plain_number
from relparty.reconcile import reconcile_beside
from relparty.results import FileResult

Cell = str | int | Decimal | bool | date | None
Row = dict[str, Cell]

#: The Facts sheet and the CSV export: one row per fact (GOLD.md's flat view) plus its warnings.
FACT_COLUMNS: tuple[str, ...] = (
    "note",
    "counterparty",
    "aliases",
    "kind",
    "service",
    "detail",
    "period_end",
    "period_months",
    "amount",
    "blank",
    "currency",
    "scale",
    "evidence",
    "start",
    "end",
    "amount_start",
    "amount_end",
    "warnings",
    "party_mention",
    "party_rule",
    "kind_rule",
    # provenance (a whole filing: relparty.filings); empty for a note read on its own
    "source",
    "filer",
    "cik",
    "form",
    "period_of_report",
    "fiscal_year_end",
    "section",
    "section_start",
    "section_end",
)

PROVENANCE_COLUMNS: tuple[str, ...] = FACT_COLUMNS[FACT_COLUMNS.index("source"):]

#: The Records sheet: one row per transaction or balance, its amounts summarised in one cell.
RECORD_COLUMNS: tuple[str, ...] = (
    "note",
    "record",
    "kind",
    "counterparty",
    "aliases",
    "party_type",
    "service",
    "detail",
    "line_item",
    "amounts",
    "slots",
    "blanks",
    "evidence",
    "start",
    "end",
    "party_start",
    "party_end",
    "party_mention",
    "party_rule",
    "kind_rule",
)

#: The Warnings sheet: extraction warnings, file-level warnings and read errors.
WARNING_COLUMNS: tuple[str, ...] = ("note", "file", "level", "message", "evidence", "start", "end")

#: The Notes sheet: one row per input file.
NOTE_COLUMNS: tuple[str, ...] = (
    "note",
    "file",
    "source",
    "length",
    "records",
    "facts",
    "blanks",
    "warnings",
    "error",
)

#: The columns of a reconciliation item's row (:func:`reconciliation_rows`).
RECONCILIATION_COLUMNS: tuple[str, ...] = (
    "note", "status", "message", "party", "kind", "period_end", "period_months",
    "text_amount", "text_value", "text_blank", "text_currency", "text_evidence", "text_start", "text_end",
    "tagged_text", "tagged_value", "tagged_currency", "tagged_row", "tagged_members", "tagged_columns",
    "tagged_placed_by", "tagged_reason", "tagged_start", "tagged_end", "page", "match",
)


def reconciliation_rows(rec: Reconciliation) -> list[dict[str, str | int | Decimal | bool | date | None]]:
    """One dict per item keyed by exactly :data:`RECONCILIATION_COLUMNS`, typed like the other export rows
    (``str``, ``int``, ``Decimal``, ``bool``, ``date`` or ``None``): a workbook sheet, CSV or JSONL."""
    out: list[dict[str, str | int | Decimal | bool | date | None]] = []
    for it in rec.items:
        f, g = it.text_fact, it.tagged
        out.append({
            "note": rec.note,
            "status": it.status,
            "message": it.message,
            "party": it.party,
            "kind": it.kind,
            "period_end": it.period_end,
            "period_months": it.period_months,
            "text_amount": f.amount if f else None,
            "text_value": it.text_value,
            "text_blank": f.blank if f else None,
            "text_currency": f.currency if f else None,
            "text_evidence": f.evidence if f else None,
            "text_start": f.amount_start if f else None,
            "text_end": f.amount_end if f else None,
            "tagged_text": g.text if g else None,
            "tagged_value": g.value if g else None,
            "tagged_currency": g.currency if g else None,
            "tagged_row": g.row if g else None,
            "tagged_members": " | ".join(g.members) if g else None,
            "tagged_columns": " ".join(map(str, g.columns)) if g else None,
            "tagged_placed_by": g.placed_by if g else None,
            "tagged_reason": g.reason if g else None,
            "tagged_start": g.span.start if g else None,
            "tagged_end": g.span.end if g else None,
            "page": it.page,
            "match": it.match,
        })
    return out


#: The Reconciliation sheet: one row per reconciliation item of a note with its details pages (the note first).
RECONCILIATION_SHEET_COLUMNS: tuple[str, ...] = RECONCILIATION_COLUMNS

#: The one row of a Reconciliation sheet when no note has ``NAME.details*.txt`` pages beside it.
NO_DETAILS_MESSAGE = "no details pages (NAME.details*.txt) were found beside the notes"

LIST_SEP = "; "  # aliases
WARNING_SEP = " | "  # warning messages (they may contain "; " themselves)


def note_name(result: FileResult) -> str:
    """The note's name: the extraction's, else the file's stem."""
    if result.extraction is not None and result.extraction.note:
        return result.extraction.note
    return Path(result.path).stem or result.path


def _overlaps(w: ExtractionWarning, start: int, end: int) -> bool:
    s = w.span
    if s is None:
        return False
    if s.start == s.end:  # a zero-width warning names a point; it belongs to the sentence holding it
        return start <= s.start < end and s.start > 0
    return s.start < end and start < s.end


def fact_warnings(fact: Fact, extraction: NoteExtraction) -> list[str]:
    """The fact's own warnings, then those of the note whose sentence overlaps the fact's evidence."""
    out = list(fact.warnings)
    for w in extraction.warnings:
        if _overlaps(w, fact.start, fact.end) and w.message not in out:
            out.append(w.message)
    return out


def fact_row(fact: Fact, warnings: Iterable[str] = ()) -> Row:
    """One Facts row; ``warnings`` are the messages to show with it (see :func:`fact_warnings`)."""
    return {
        "note": fact.note,
        "counterparty": fact.counterparty,
        "aliases": LIST_SEP.join(fact.aliases) or None,
        "kind": fact.kind,
        "service": fact.service,
        "detail": fact.detail,
        "period_end": fact.period_end,
        "period_months": fact.period_months,
        "amount": fact.amount,
        "blank": fact.blank,
        "currency": fact.currency,
        "scale": fact.scale,
        "evidence": fact.evidence,
        "start": fact.start,
        "end": fact.end,
        "amount_start": fact.amount_start,
        "amount_end": fact.amount_end,
        "warnings": WARNING_SEP.join(warnings) or None,
        "party_mention": fact.party_mention,
        "party_rule": fact.party_rule,
        "kind_rule": fact.kind_rule,
        **{c: getattr(fact, c) for c in PROVENANCE_COLUMNS},
    }


def note_fact_rows(result: FileResult) -> list[Row]:
    """The Facts rows of one file (none if it failed)."""
    ex = result.extraction
    if ex is None:
        return []
    name = note_name(result)
    rows = []
    for f in ex.facts():
        row = fact_row(f, fact_warnings(f, ex))
        row["note"] = f.note or name
        rows.append(row)
    return rows


def fact_rows(results: Iterable[FileResult]) -> Iterator[Row]:
    for r in results:
        yield from note_fact_rows(r)


def format_amount(value: Decimal | None, currency: str | None = None) -> str:
    """``USD 4,891,024`` (thousands separated); ``blank`` for a dropped amount."""
    if value is None:
        return "blank"
    s = plain_number(value, grouped=True)
    return f"{currency} {s}" if currency else s


def period_label(pa: PeriodAmount) -> str:
    p = pa.period
    return f"{p.end.isoformat()} ({p.months}m)" if p.months else p.end.isoformat()


def record_rows(result: FileResult) -> list[Row]:
    """The Records rows of one file: transactions and balances as extracted (before de-duplication)."""
    ex = result.extraction
    if ex is None:
        return []
    name = note_name(result)
    rows: list[Row] = []
    for rec in ex.records:
        party = rec.counterparty
        detail = rec.detail if rec.record == "transaction" else rec.nature
        amounts = LIST_SEP.join(
            f"{period_label(pa)}: {format_amount(pa.amount.value, pa.amount.currency)}" for pa in rec.amounts
        )
        rows.append({
            "note": name,
            "record": rec.record,
            "kind": rec.kind,
            "counterparty": party.name,
            "aliases": LIST_SEP.join(party.aliases) or None,
            "party_type": party.type,
            "service": getattr(rec, "service", None),
            "detail": detail,
            "line_item": getattr(rec, "line_item", None),
            "amounts": amounts or None,
            "slots": len(rec.amounts),
            "blanks": sum(1 for pa in rec.amounts if pa.amount.blank),
            "evidence": rec.evidence.text,
            "start": rec.evidence.start,
            "end": rec.evidence.end,
            "party_start": party.span.start if party.span else None,
            "party_end": party.span.end if party.span else None,
            "party_mention": party.mention.text if party.mention else None,
            "party_rule": party.rule,
            "kind_rule": rec.kind_rule,
        })
    return rows


def warning_rows(result: FileResult) -> list[Row]:
    """The Warnings rows of one file: its read error, file-level warnings, then extraction warnings."""
    name = note_name(result)
    rows: list[Row] = []

    def add(level: str, message: str, w: ExtractionWarning | None = None) -> None:
        span = w.span if w is not None else None
        rows.append({
            "note": name,
            "file": result.path,
            "level": level,
            "message": message,
            "evidence": (span.text or None) if span is not None else None,
            "start": span.start if span is not None else None,
            "end": span.end if span is not None else None,
        })

    if result.error:
        add("error", result.error)
    for msg in result.warnings:
        add("file", msg)
    if result.extraction is not None:
        for w in result.extraction.warnings:
            add("extraction", w.message, w)
    return rows


def note_row(result: FileResult) -> Row:
    """The Notes row of one file: counts of records, facts, blanks and warnings (= its Warnings rows)."""
    ex = result.extraction
    facts = ex.facts() if ex is not None else []
    return {
        "note": note_name(result),
        "file": result.path,
        "source": ex.source if ex is not None else None,
        "length": ex.length if ex is not None else (len(result.text) if result.text is not None else None),
        "records": len(ex.records) if ex is not None else 0,
        "facts": len(facts),
        "blanks": sum(1 for f in facts if f.blank),
        "warnings": len(warning_rows(result)),
        "error": result.error,
    }


# --- reconciliation with the details pages ----------------------------------------------------


def reconciliation_of(result: FileResult) -> Reconciliation | None:
    """The reconciliation of a note with the ``NAME.details*.txt`` pages beside its file; None when the
    note has no extraction or no details pages (see :func:`relparty.reconcile.reconcile_beside`)."""
    if result.extraction is None:
        return None
    return reconcile_beside(Path(result.path), result.extraction)


def reconciliations(results: Iterable[FileResult]) -> list[tuple[FileResult, Reconciliation]]:
    """Each note that has details pages beside it, with its reconciliation (input order)."""
    out = []
    for r in results:
        rec = reconciliation_of(r)
        if rec is not None:
            out.append((r, rec))
    return out


def note_reconciliation_rows(result: FileResult, rec: Reconciliation) -> list[Row]:
    """The Reconciliation rows of one note: :func:`reconciliation_rows`, the note named as
    in the other sheets when the extraction has no name."""
    rows: list[Row] = []
    for row in reconciliation_rows(rec):
        row["note"] = row["note"] or note_name(result)
        rows.append(row)
    return rows


def no_details_row() -> Row:
    """The row a Reconciliation sheet holds when no note has details pages beside it."""
    row: Row = dict.fromkeys(RECONCILIATION_SHEET_COLUMNS)
    row["message"] = NO_DETAILS_MESSAGE
    return row


def reconciliation_totals(recs: Iterable[Reconciliation]) -> dict[str, int]:
    """Items per status (every status, in :data:`relparty.models.details.STATUSES` order) summed over ``recs``."""
    totals = dict.fromkeys(STATUSES, 0)
    for rec in recs:
        for status, n in rec.counts().items():
            totals[status] += n
    return totals


# --- CSV ---------------------------------------------------------------------------------------


def csv_value(value: Cell) -> str:
    """A CSV field: ISO dates, plain decimals, ``true``/``false``, empty for None; text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(safe_cell(value))


def csv_rows(results: Iterable[FileResult]) -> Iterator[list[str]]:
    """The Facts CSV as lists of fields: the header, then one row per fact."""
    yield list(FACT_COLUMNS)
    for row in fact_rows(results):
        yield [csv_value(row[c]) for c in FACT_COLUMNS]


def write_facts_csv(results: Iterable[FileResult], path: Path) -> None:
    """The Facts columns as UTF-8 CSV with a header row (RFC 4180 quoting)."""
    with open(path, "w", encoding="utf-8", errors="replace", newline="") as fh:
        csv.writer(fh).writerows(csv_rows(results))
