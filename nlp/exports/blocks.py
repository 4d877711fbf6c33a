"""The review's view of a note's lines: what the reader hid, and the tables the layout found.

The review shows a note's text exactly, character for character, but not as a wall of EDGAR markup: the
lines the reader drops (rulers, header rows, the page's date row, the definition footer: see
``relparty.readers.dropped_lines``) are folded away, and the flattened tables the layout stage classifies
(``relparty.layout``: ``cells``, one cell per line, and ``pipes``, a row per line with ``|`` between cells)
are laid out as tables. :func:`note_boxes` gives the boxes (folds, tables, rows, cells, separators) in
offsets of the ORIGINAL text; they nest and tile the ranges they cover, so a renderer can wrap them around
every character without losing or reordering one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

from relparty.cells import CURRENCY_MARK
from relparty.files import reader_kind
from relparty.layout import classify_line, lay_out
from relparty.readers import DroppedLine, dropped_lines, looks_like_html, read_text

__all__ = ["Box", "BoxKind", "MAX_REVIEW_CHARS", "note_boxes"]

BoxKind = Literal["fold", "table", "row", "fold-row", "cell", "sep"]
MAX_REVIEW_CHARS = 5_000_000  # a longer note is shown as flat text (as the extractor read only its start)

_CURRENCY_ONLY = re.compile(rf"(?:{CURRENCY_MARK})\s*")
_CLOSES_CELL = re.compile(r"[)%]+")  # "(3,211" / ")": the page broke a negative over two lines
_WORDS = re.compile(r"\S+(?: \S+)*")  # a line's pieces between runs of two or more spaces


@dataclass
class Box:
    """Characters ``[start, end)`` of the original text wrapped in one element; ``children`` nest inside."""

    kind: BoxKind
    start: int
    end: int
    children: list[Box] = field(default_factory=list)
    reasons: tuple[str, ...] = ()  # a fold: what its lines are ("ruler", "header row", ...)
    columns: int = 0  # a table: the most cells of a row
    numeric: bool = False  # a cell that holds a value (aligned right)


@dataclass(frozen=True)
class _Line:
    start: int  # of the line
    end: int  # before its newline
    stop: int  # after its newline (the next line's start)
    dropped: str | None  # the reader's reason, when it drops the line


def _lines(text: str, dropped: list[DroppedLine]) -> list[_Line]:
    reasons = {d.start: d.reason for d in dropped}
    footer = next((d.start for d in dropped if d.reason == "footer"), None)
    out: list[_Line] = []
    pos = 0
    while pos < len(text):
        if footer is not None and pos >= footer:
            out.append(_Line(pos, len(text), len(text), "footer"))
            break
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        out.append(_Line(pos, end, len(text) if nl < 0 else nl + 1, reasons.get(pos)))
        pos = end + 1
    return out


def _inner(text: str, a: int, b: int) -> str:
    return text[a:b].strip().strip("|").strip()


def _is_value(core: str) -> bool:
    return bool(core) and classify_line(core) == "cell"


def _foldable(text: str, lines: list[_Line]) -> bool:
    """A run of dropped lines is folded when it holds more than a stray pipe or two."""
    return any(ln.dropped not in (None, "empty") or len(text[ln.start:ln.end].strip()) > 3 for ln in lines)


def _seps(text: str, a: int, b: int) -> list[Box]:
    """The pipes and newlines of ``[a, b)``: hidden in a table, still in the page's text."""
    return [Box("sep", i, i + 1) for i in range(a, b) if text[i] in "|\n"]


def _pipe_row(text: str, ln: _Line) -> Box:
    bounds = [ln.start] + [i + 1 for i in range(ln.start, ln.end) if text[i] == "|"] + [ln.stop]
    pieces = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1) if bounds[k + 1] > bounds[k]]
    merged: list[list[int]] = []
    for a, b in pieces:
        if merged and not _inner(text, merged[-1][0], merged[-1][1]):
            merged[-1][1] = b  # a leading pipe (or an empty piece) joins the next cell
        elif merged and not _inner(text, a, b) and b == ln.stop:
            merged[-1][1] = b  # a trailing pipe and the newline end the last cell
        else:
            merged.append([a, b])
    cells = [Box("cell", a, b, _seps(text, a, b), numeric=_is_value(_inner(text, a, b))) for a, b in merged]
    return Box("row", ln.start, ln.stop, cells)


def _split_values(text: str, ln: _Line) -> list[int] | None:
    """Where the 2nd, 3rd... cells of a line of several values start ("   19,357     20,990"), or None."""
    parts = [(m.start(), m.group()) for m in _WORDS.finditer(text, ln.start, ln.end)]
    if len(parts) < 2 or not all(_is_value(p) for _, p in parts):
        return None
    return [a for a, _ in parts[1:]]


def _cell_rows(text: str, lines: list[_Line]) -> list[Box]:
    """One cell per line: a line that is not a value (a label) starts a row; values follow it (a line of
    several values gives a cell each). A currency mark on its own line joins the value under it, a lone
    ")" or "%" the value above, a blank line the cell above. Rows tile the lines: no character is left out."""
    rows: list[Box] = []
    open_at: int | None = None  # the first character not yet in a cell (marks waiting for their value)
    waiting_mark = False

    def cell(a: int, b: int, numeric: bool) -> Box:
        return Box("cell", a, b, _seps(text, a, b), numeric=numeric)

    def extend_last(ln: _Line) -> None:
        last = rows[-1].children[-1]
        last.children += _seps(text, last.end, ln.stop)
        last.end = rows[-1].end = ln.stop

    for ln in lines:
        core = _inner(text, ln.start, ln.end)
        if open_at is None and rows and rows[-1].children and (not core or _CLOSES_CELL.fullmatch(core)):
            extend_last(ln)  # a blank line, or ")" of "(3,211" / ")": the page broke the cell
            continue
        if not core:
            open_at = ln.start if open_at is None else open_at
            continue
        splits = _split_values(text, ln)
        is_value = splits is not None or _is_value(core)
        if is_value and _CURRENCY_ONLY.fullmatch(core):
            open_at = ln.start if open_at is None else open_at
            waiting_mark = True
            continue
        start = ln.start if open_at is None else open_at
        if not is_value and waiting_mark and rows:  # marks with no value under them: a cell of the row above
            rows[-1].children.append(cell(start, ln.start, True))
            rows[-1].end = start = ln.start
        open_at, waiting_mark = None, False
        bounds = [start, *(splits or []), ln.stop]
        cells = [cell(bounds[k], bounds[k + 1], is_value) for k in range(len(bounds) - 1)]
        if not is_value or not rows:
            rows.append(Box("row", start, ln.stop, cells))
        else:
            rows[-1].children += cells
            rows[-1].end = ln.stop
    if open_at is not None:
        if rows:
            rows[-1].children.append(cell(open_at, lines[-1].stop, waiting_mark))
            rows[-1].end = lines[-1].stop
        else:
            rows.append(Box("row", open_at, lines[-1].stop, [cell(open_at, lines[-1].stop, False)]))
    return rows


def _table(text: str, kind: str, lines: list[_Line]) -> Box:
    rows: list[Box] = []
    run: list[_Line] = []

    def flush() -> None:
        if not run:
            return
        if kind == "pipes":
            for ln in run:
                if not _inner(text, ln.start, ln.end) and rows and rows[-1].kind == "row":
                    cell = rows[-1].children[-1]  # a stray pipe: joins the row above, as separators
                    cell.end = rows[-1].end = ln.stop
                    cell.children += _seps(text, ln.start, ln.stop)
                else:
                    rows.append(_pipe_row(text, ln))
        else:
            rows.extend(_cell_rows(text, run))
        run.clear()

    for ln in lines:
        if ln.dropped is not None and not _foldable(text, [ln]):
            run.append(ln)  # a stray pipe: only separators, hidden with the row it is in
            continue
        if ln.dropped is not None:
            flush()
            fold = Box("fold", ln.start, ln.stop, reasons=(ln.dropped,))
            if rows and rows[-1].kind == "fold-row":  # consecutive hidden lines: one fold
                rows[-1].end = fold.end
                rows[-1].children[0].end = fold.end
                rows[-1].children[0].reasons += (ln.dropped,)
            else:
                rows.append(Box("fold-row", ln.start, ln.stop, [fold]))
        else:
            run.append(ln)
    flush()
    columns = max((len(r.children) for r in rows if r.kind == "row"), default=1)
    return Box("table", lines[0].start, lines[-1].stop, rows, columns=columns)


def _table_ranges(text: str, path: str) -> list[tuple[int, int, str]]:
    """The layout's table blocks as ranges of the original text: (start, end, "cells" | "pipes")."""
    laid = lay_out(read_text(text, reader_kind(path)))
    src = laid.source
    out = []
    for b in laid.blocks:
        if b.kind in ("cells", "pipes") and b.end > b.start:
            out.append((src.to_original(b.start), src.offsets[b.end - 1] + 1, b.kind))
    return out


def note_boxes(text: str, path: str = "") -> list[Box]:
    """The top-level boxes of a note's text (folds and tables), in order; ``[]`` for HTML, for a note the
    extractor did not read as it is (NUL bytes, lone surrogates) and for one longer than
    :data:`MAX_REVIEW_CHARS`, which the review shows as flat text."""
    if (reader_kind(path) == "html" or looks_like_html(text) or len(text) > MAX_REVIEW_CHARS or "\x00" in text
            or re.search("[\ud800-\udfff]", text)):
        return []
    lines = _lines(text, dropped_lines(text))
    starts = [ln.start for ln in lines]
    tables = []
    for a, b, kind in _table_ranges(text, path):
        i, j = bisect_right(starts, a) - 1, bisect_right(starts, b - 1) - 1
        if tables and i <= tables[-1][1]:
            continue  # never two tables over one line
        tables.append((i, j, kind))
    out: list[Box] = []
    k = 0
    for i, j, kind in [*tables, (len(lines), len(lines), "")]:
        run: list[_Line] = []
        for ln in lines[k:i]:  # between tables: folds of hidden lines
            if ln.dropped is not None:
                run.append(ln)
                continue
            if run and _foldable(text, run):
                out.append(Box("fold", run[0].start, run[-1].stop, reasons=tuple(x.dropped or "" for x in run)))
            run = []
        if run and _foldable(text, run):
            out.append(Box("fold", run[0].start, run[-1].stop, reasons=tuple(x.dropped or "" for x in run)))
        if kind:
            out.append(_table(text, kind, lines[i:j + 1]))
        k = j + 1
    return out
