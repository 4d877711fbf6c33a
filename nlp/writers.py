"""Streaming output writers (JSON Lines, JSON, CSV) and atomic output files.

A batch renders each file's result to a text chunk where it was extracted (in a worker process
with ``--jobs``), see :func:`render`; a :class:`StreamWriter` then writes the chunks in order as
they come, so nothing but the current chunk is held in memory.

- ``jsonl``: one JSON object per line: a :class:`~relparty.models.Fact` (``--view facts``) or a
  :class:`~relparty.models.NoteExtraction` (``--view records``);
- ``json``: the same objects as one JSON array, one object per line;
- ``csv``: the facts view, one row per fact, columns = the :class:`~relparty.models.Fact` fields. Every
  cell goes through :func:`relparty.exports.cells.safe_cell`, so note text never becomes a formula.

:func:`atomic_output` / :func:`atomic_path` (from ``relparty.atomic``, which every export uses) write to a
temporary file beside the target and rename it into place only when the writing succeeded: an
interrupted or failed run never leaves a half-written file where the output goes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import IO, Literal

from relparty.atomic import atomic_output, atomic_path
from relparty.exports import rows as _rows
from relparty.models import Fact
from relparty.results import FileResult, failed_parts

__all__ = [
    "FACT_COLUMNS",
    "FORMATS",
    "STREAM_FORMATS",
    "VIEWS",
    "Rendered",
    "StreamWriter",
    "atomic_output",
    "atomic_path",
    "csv_cell",
    "render",
]

Format = Literal["jsonl", "json", "csv"]
View = Literal["facts", "records"]
STREAM_FORMATS: tuple[str, ...] = ("jsonl", "json", "csv")
FORMATS: tuple[str, ...] = (*STREAM_FORMATS, "xlsx", "html", "parquet", "arrow")  # files, not streams
VIEWS: tuple[str, ...] = ("facts", "records")
FACT_COLUMNS: tuple[str, ...] = _rows.FACT_COLUMNS  # one definition: the workbook's Facts sheet
LIST_SEP = "; "  # aliases in one CSV cell
WARNING_SEP = " | "  # warning messages in one CSV cell (they may contain "; " themselves)


# --- rendering one file's result ---------------------------------------------------------------


@dataclass
class Rendered:
    """One file's result, rendered for a stream writer, with the counts the summary needs."""

    path: str
    error: str | None = None
    warnings: list[str] = field(default_factory=list)  # file-level warnings (e.g. cp1252 fallback)
    records: int = 0
    facts: int = 0
    notes_warnings: int = 0  # extraction warnings
    failed_parts: int = 0  # parts of the note (sentences, table rows) that failed: the note counts as failed
    payload: str = ""  # the chunk to write ("" for a failed file)


def csv_cell(value: object) -> str:
    """A CSV field, as the review exports write it (``relparty.exports.rows.csv_value``: made inert,
    ISO dates, plain decimals, ``true``/``false``, empty for None); lists joined by ``"; "``."""
    if isinstance(value, list):
        value = LIST_SEP.join(str(v) for v in value)
    return _rows.csv_value(value)  # type: ignore[arg-type]


def _fact_cells(fact: Fact) -> list[str]:
    """One fact's CSV fields in the Facts columns (its own warnings only)."""
    return [_rows.csv_value(WARNING_SEP.join(fact.warnings) if c == "warnings" else getattr(fact, c)) for c in FACT_COLUMNS]


def _fact_rows_csv(result: FileResult) -> list[list[str]]:
    """The result's facts as CSV fields, exactly as the review exports write them (``safe_cell``
    on every text cell; a fact's warnings include the note warnings about its sentence)."""
    return list(_rows.csv_rows([result]))[1:]


def _csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def render(result: FileResult, fmt: str, view: str) -> Rendered:
    """Render one file's result as a chunk of ``fmt`` (jsonl, json, csv) in ``view`` (facts, records)."""
    out = Rendered(result.path, error=result.error, warnings=list(result.warnings))
    ex = result.extraction
    if result.error is not None or ex is None:
        if out.error is None:
            out.error = "no extraction"
        return out
    facts = ex.facts()
    out.records, out.facts, out.notes_warnings = len(ex.records), len(facts), len(ex.warnings)
    out.failed_parts = failed_parts(ex)
    if fmt == "csv":
        if view != "facts":
            raise ValueError("the CSV format holds the facts view only")
        out.payload = _csv_text(_fact_rows_csv(result))
    elif fmt in ("jsonl", "json"):
        objs = [f.model_dump_json() for f in facts] if view == "facts" else [ex.model_dump_json()]
        out.payload = "".join(o + "\n" for o in objs) if fmt == "jsonl" else ",\n".join(objs)
    else:
        raise ValueError(f"not a streaming format: {fmt!r}")
    return out


# --- writing the chunks ------------------------------------------------------------------------


class StreamWriter:
    """Writes rendered chunks to an open text file as they come: a header, the chunks (with a
    separator between non-empty ones), a footer at :meth:`close`."""

    def __init__(self, fh: IO[str], fmt: str, *, flush_each: bool = False, bom: bool = False) -> None:
        """``bom``: begin with U+FEFF (UTF-8's byte-order mark), by which Excel on Windows knows a CSV is UTF-8."""
        if fmt not in STREAM_FORMATS:
            raise ValueError(f"not a streaming format: {fmt!r}")
        self.fh = fh
        self.fmt = fmt
        self.flush_each = flush_each
        self._first = True
        if bom:
            fh.write("\ufeff")
        if fmt == "json":
            fh.write("[\n")
        elif fmt == "csv":
            fh.write(_csv_text([list(FACT_COLUMNS)]))

    def add(self, payload: str) -> None:
        if not payload:
            return
        if self.fmt == "json" and not self._first:
            self.fh.write(",\n")
        self.fh.write(payload)
        self._first = False
        if self.flush_each:
            self.fh.flush()

    def close(self) -> None:
        if self.fmt == "json":
            self.fh.write("]\n" if self._first else "\n]\n")
        self.fh.flush()
