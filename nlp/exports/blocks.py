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


def _cell_rows(text: str, lines: list[_Line]) -> list[Box]:
    """One cell per line: a line that is not a value (a label) starts a row; values follow it.
    A currency mark on its own line joins the value under it, a lone ")" or "%" the value above."""
    rows: list[Box] = []
    pending: int | None = None  # start of a currency mark waiting for its value
    for ln in lines:
        core = _inner(text, ln.start, ln.end)
        is_value = _is_value(core)
        start = pending if pending is not None else ln.start
        if not core and rows and rows[-1].children and pending is None:
            cell = rows[-1].children[-1]  # a line of nothing but pipes and spaces: joins the cell above
            cell.end = rows[-1].end = ln.stop
            cell.children += _seps(text, ln.start, ln.stop)
            continue
        if _CLOSES_CELL.fullmatch(core) and rows and rows[-1].children and pending is None:
            cell = rows[-1].children[-1]
            cell.end = rows[-1].end = ln.stop
            cell.children += _seps(text, ln.start, ln.stop)
            continue
        if is_value and _CURRENCY_ONLY.fullmatch(core):
            pending = start
            if not rows:
                rows.append(Box("row", start, start))
            continue
        pending = None
        cell = Box("cell", start, ln.stop, _seps(text, start, ln.stop), numeric=is_value)
        if not is_value or not rows:
            rows.append(Box("row", start, ln.stop, [cell]))
        else:
            rows[-1].children.append(cell)
            rows[-1].end = ln.stop
    if pending is not None and rows:  # a mark with no value after it: a cell of its own
        rows[-1].children.append(Box("cell", pending, lines[-1].stop, _seps(text, pending, lines[-1].stop)))
        rows[-1].end = lines[-1].stop
    return [r for r in rows if r.end > r.start]


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
