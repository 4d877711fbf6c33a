"""Windows: a very long note read as bounded pieces, so that memory does not grow with its length.

The reader and the layout run over the whole note (both are linear, and both must see the whole
page: its header rows, its footer, how its lines join). The pipeline then reads the laid-out text
in **windows** of at most ``WINDOW`` characters, one Doc each. A window is cut only where a
paragraph or a table begins (the start of a laid-out line that is not inside a table, preferably
the first line of a block), so that no sentence and no table is split. Each window reads up to
``LEAD`` characters before its own part again (its *lead*, also starting at such a boundary): the
party definitions, the period headers and the paragraph topic that the part may refer back to. A
window keeps only the records that lie in its own part (their first amount, else their evidence,
starts there); the records of its lead were kept by the window before. Every span still points
into the ORIGINAL text: a window's ``SourceText`` is a slice of the whole one's text and offsets.

A note of at most ``WINDOW`` characters (every real note seen so far is under 60,000) is one
window: it is read exactly as before. A text with no boundary in reach (one line of megabytes)
is cut at a line break, else a space, else anywhere, with a warning naming the offset. A table
longer than a window is cut between two of its lines; the window that begins inside it reads the
table's first lines (its *head*: up to ``HEAD_LINES`` lines, ``HEAD`` characters, the column
headers, and the short line before the table, its caption) before its own part, so that its rows are still read under their columns (without it
every row after the cut was read as prose: a warning per amount, and no record).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from relparty.layout import Layout
from relparty.models import Balance, Transaction
from relparty.readers import SourceText

__all__ = ["WINDOW", "LEAD", "HEAD", "HEAD_LINES", "Window", "plan_windows", "window_source", "in_part"]

WINDOW = 100_000  # laid-out characters of one window's own part, at most
LEAD = 20_000  # characters read again before a window's part, as its context, at most
HEAD = 2_000  # characters of a table's first lines read before a window that begins inside the table
HEAD_LINES = 3  # lines of them, at most
CAPTION = 300  # characters of the line before such a table (its caption), read with its head, at most


@dataclass(frozen=True)
class Window:
    start: int  # where the window's text begins (its lead), in the laid-out text
    part: int  # where its own part begins
    end: int
    forced: bool = False  # the part ends where no paragraph or table begins
    head: tuple[int, int] | None = None  # the first lines of the table the window begins inside, read first

    @property
    def whole(self) -> bool:
        """Everything the window reads is its own part (no lead, no head)."""
        return self.part == self.start and self.head is None


def _boundaries(laid: Layout) -> tuple[list[int], list[int]]:
    """Where a window may begin: the starts of blocks (``good``), and the starts of the lines
    inside prose blocks (``fair``: paragraphs; a table's lines are never cut between)."""
    text = laid.text
    good = sorted({b.start for b in laid.blocks if b.start > 0})
    fair: list[int] = []
    for b in laid.blocks:
        if b.kind != "prose":
            continue
        at = text.find("\n", b.start, b.end)
        while at != -1:
            fair.append(at + 1)
            at = text.find("\n", at + 1, b.end)
    return good, sorted(set(fair) | set(good))


def _last_in(points: list[int], lo: int, hi: int) -> int | None:
    """The last point in ``(lo, hi]``, or None."""
    k = bisect_right(points, hi) - 1
    return points[k] if k >= 0 and points[k] > lo else None


def _first_from(points: list[int], lo: int, hi: int) -> int:
    """The first point in ``[lo, hi)``, else ``hi``."""
    k = bisect_left(points, lo)
    return points[k] if k < len(points) and points[k] < hi else hi


def plan_windows(laid: Layout, window: int = WINDOW, lead: int = LEAD) -> list[Window]:
    """The windows of a laid-out note (one window when it is at most ``window`` characters)."""
    text = laid.text
    n = len(text)
    if n <= window:
        return [Window(0, 0, n)]
    good, cuts = _boundaries(laid)
    block_starts = [b.start for b in laid.blocks]
    out: list[Window] = []
    part = 0
    while part < n:
        limit = part + window
        forced = False
        if limit >= n:
            end = n
        else:
            half = part + window // 2
            end = _last_in(good, half, limit) or _last_in(cuts, part, limit) or 0
            if not end:
                forced = True
                nl = text.rfind("\n", part + 1, limit)
                sp = text.rfind(" ", part + 1, limit)
                end = nl + 1 if nl > part else sp + 1 if sp > part else limit
        start = 0 if part <= lead else _first_from(cuts, part - lead, part)  # the text's start is a boundary too
        out.append(Window(start, part, end, forced, _table_head(laid, block_starts, start)))
        part = end
    return out


def _table_head(laid: Layout, block_starts: list[int], at: int) -> tuple[int, int] | None:
    """The head of the table that ``at`` is inside (past its first line): the short line before
    the table (its caption: "Amounts due from related parties:") and its first lines; else None."""
    k = bisect_right(block_starts, at) - 1
    if k < 0 or laid.blocks[k].kind == "prose" or not laid.blocks[k].start < at < laid.blocks[k].end:
        return None
    b, text = laid.blocks[k], laid.text
    end = b.start
    for _ in range(HEAD_LINES):
        nl = text.find("\n", end, min(at, b.start + HEAD))
        if nl == -1:
            break
        end = nl + 1
    if end == b.start:
        return None
    caption = text.rfind("\n", 0, max(0, b.start - 1)) + 1
    return (caption if b.start - caption <= CAPTION else b.start, end)


def window_source(source: SourceText, w: Window) -> SourceText:
    """A window's text as a ``SourceText`` whose offsets still map into the whole original."""
    if w.start == 0 and w.end == len(source.text):
        return source
    if w.head is None:
        return replace(source, text=source.text[w.start : w.end], offsets=source.offsets[w.start : w.end + 1])
    h0, h1 = w.head  # the table's head, then the window: the head's offsets are before the part's
    return replace(source, text=source.text[h0:h1] + source.text[w.start : w.end],
                   offsets=source.offsets[h0:h1] + source.offsets[w.start : w.end + 1])


def in_part(record: Transaction | Balance, source: SourceText, w: Window) -> bool:
    """Whether ``record`` (read in window ``w``) lies in the window's own part: its first amount
    (else its evidence) starts at or after the part's first character in the original."""
    if w.whole:
        return True
    first = next((pa.amount.span for pa in record.amounts if pa.amount.span is not None), None)
    at = first.start if first is not None else record.evidence.start
    return at >= source.offsets[w.part]
