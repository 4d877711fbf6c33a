"""Layout: the page's blocks, read before any language rule runs.

The reader gives clean text with one line per rendered line. Filings flatten three things
into that shape, and each must reach the pipeline as what it is:

- **prose**, often hard-wrapped and with values glued to words ("totalled\\n$410,000,\\n
  $385,500and\\n$402,750for\\n2021,\\n2022and\\n2023,respectively"): lines that do not end a
  sentence are joined to the next one (the newline becomes a space: offsets hold) and glue is
  split at digit→letter and nil→letter boundaries ("$385,500and" → "$385,500 and": an inserted
  space maps to the character after it);
- **inline-XBRL streams**: one tagged value per line inside a sentence ("purchases of\\n$1,234\\n
  from X"); joined like prose;
- **tables**: one cell per line (``cells``: a label line, then one line per value) or a row per
  line with ``|`` between cells (``pipes``); never joined, so the table reader sees every cell
  on its own line.

A number that is the page's last characters, with nothing after it ("… payable\\n$\\n10,283" or
"RMB2," where a truncated page stops) may itself be cut (GOLD.md, "Numbers exactly as written"):
it is taken off the laid-out text, with the currency mark right before it, and a warning says so.
A number followed by a line break, or a bare year, was written whole.

``lay_out(source)`` returns a :class:`Layout`: the new :class:`~relparty.readers.SourceText`
(its offsets still map every character to the ORIGINAL input), the blocks, and warnings. Time
is linear in the length of the text: each line is classified once by anchored regexes, and a
line longer than ``MAX_LINE`` characters is left as it is (with a warning).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from relparty.cells import CURRENCY_MARK, VALUE
from relparty.readers import SourceText, offset_array

__all__ = ["Block", "BlockKind", "Layout", "MAX_LINE", "lay_out", "classify_line", "cut_tail"]

BlockKind = Literal["prose", "cells", "pipes", "xbrl"]
LineClass = Literal["cell", "pipe", "glue", "prose", "long"]
MAX_LINE = 20_000  # a "line" longer than this is debris or a whole page without breaks: left as it is


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    start: int  # in the laid-out text
    end: int


@dataclass(frozen=True)
class Layout:
    source: SourceText  # the laid-out text; offsets into the original input
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.source.text


# One cell on its own line: a value, a year, a date, a currency or unit, a marker, or nothing.
# a note marker or a run of them ("(b)", "(ii)", "(5) (8)", "(*1)"): a cell, never glue
_MARKS = r"\((?:[a-z]|[ivx]{1,5}|\d{1,2}|\*{1,3}\d{0,2})\)(?:[ \t]?\((?:[a-z]|[ivx]{1,5}|\d{1,2}|\*{1,3}\d{0,2})\)){0,5}"
_CELL = re.compile(
    rf"(?:{VALUE}|\(?(?:19|20)\d\d\)?|(?:{CURRENCY_MARK})(?:\s*[’']000)?|{_MARKS}|"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+(?:19|20)\d\d|\d{1,2}\s+[A-Z][a-z]{2,8}\s+(?:19|20)\d\d|[*|\s]*)\s*",
)
# A line that starts with a value glued to what follows: "$385,500and", "2023,respectively",
# "$410,000,", "niland", "nil;" (a cell never ends with a comma or runs into a word).
_GLUE = re.compile(rf"(?:{VALUE}|\(?(?:19|20)\d\d)(?:,\s*$|,?(?!(?:st|nd|rd|th)\b)[a-z]|[;)]\s*\S|[;)]\s*$)|(?i:nil)[a-z]{{2,}}\b")
_LEADS_WITH_VALUE = re.compile(rf"(?:{CURRENCY_MARK})?\s*(?:\d|nil\b)", re.I)
_VALUE_THEN_WORD = re.compile(rf"(?:{VALUE})\s+[a-z]")
_ENDS_WITH_MARK = re.compile(rf"(?:^|[\s(:])(?:{CURRENCY_MARK})\s*$")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"”’)]*\s*$")
_PIPE_ROW = re.compile(r"\S[^|\n]*\s\|\s+\S")
# Glue inside prose: a number run into a word ("500and", "2023,respectively"), "nil" run into a
# word ("niland"). Ordinals ("3rd") and glued scale words ("2.5bn") are not glue. The split goes
# where a match ends: the digit, "digit," or "nil" before it is consumed rather than looked behind
# for, so the engine tries one cheap first character at each position instead of three look-behinds.
# Every branch begins with a character (a digit, "n"), not with an assertion: the engine then skips in
# one test each character that begins none (a leading look-ahead or ``\b`` is tried at every
# character: six times as slow). "nil" as a word start: the character before its "n" is no word
# character (a look-behind after the "n", which is ``\b`` before it); the same splits. The digit
# branches and the "nil" branch are two patterns: one alternation of both first characters lost
# the engine's fast scan for a first character (twice as slow as the two). Their matches never
# overlap (digits and commas, or "nil"), so the two in turn find what the one found.
_SPLIT_DIGIT = re.compile(r"\d(?=[a-z]{2,})(?!(?:st|nd|rd|th|bn|mn|mm|k)\b)|\d,(?=[A-Za-z])", re.I)
_SPLIT_NIL = re.compile(r"n(?<!\w.)il(?=[a-z]{2,}\b)", re.I)


def glue_ends(text: str, a: int = 0, b: int | None = None) -> list[int]:
    """Where glue ends in ``text[a:b]``: the ends of the split patterns' matches, in order."""
    b = len(text) if b is None else b
    ends = [m.end() for m in _SPLIT_DIGIT.finditer(text, a, b)]
    more = [m.end() for m in _SPLIT_NIL.finditer(text, a, b)]
    return sorted(ends + more) if more else ends


# the page's last characters: a number (or its start) with nothing after it but spaces; the
# currency mark and the line break or spaces right before it go with it
_CUT_TAIL = re.compile(rf"(?:(?:{CURRENCY_MARK})[ \t]*\n?[ \t]*)?(?P<n>\(?\d[\d,.]*)[ \t]*\Z")
_CUT_IN_ITSELF = re.compile(r".*,|\([^)]*|.*,\d{1,2}")  # "2," "(1" "1,3": a number stopped short
_WHOLE_YEAR = re.compile(r"(?:19|20)\d\d")
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_OPEN_WORD = re.compile(rf"(?:\b(?:to|of|was|were|is|are|by|at|and|totall?ed|amounted)|(?:^|[\s(:])(?:{CURRENCY_MARK}))\s*$", re.I)
_TAIL = 200  # characters of the page's end that the check reads


def cut_tail(text: str, original: str) -> tuple[int, str] | None:
    """A number cut by the page end: where it starts in ``text`` (the clean text of
    ``original``), and the number; None when the page does not end inside one.

    The original must end with the number, nothing after it but spaces (a line break after it
    shows it was written whole; a reader that dropped the page's tail leaves nothing cut). The
    number is cut when it is cut in itself ("2,", "(1", "1,3"), or when it ends a sentence that
    the page stopped inside ("... which amounted to RMB11,321", "... purchases of\\n$1,234"). The
    last cell of a table is the table reader's to judge (a row cut short: ``relparty.components.tables``)."""
    end = text[-_TAIL:].rstrip(" \t")[-1:]
    if not (end.isdigit() or end == ",") or not original[-_TAIL:].rstrip(" \t").endswith(end):
        return None  # the page ends in a word, a stop or a line break: the common case, decided at once
    m = _CUT_TAIL.search(text, max(0, len(text) - _TAIL))
    if m is None or not original[-_TAIL:].rstrip(" \t").endswith(m.group("n")):
        return None
    n = m.group("n")
    if n.endswith("."):
        return None  # "... was $5.": the sentence ended
    if _CUT_IN_ITSELF.fullmatch(n):
        return m.start(), n
    if _WHOLE_YEAR.fullmatch(n):
        return None  # "... and December 31, 2022": a year has no more digits to lose
    line_start = text.rfind("\n", 0, m.start()) + 1
    head = text[line_start : m.start()]
    if head.strip():  # words before it on its line: prose, unless a table row ("Rent   1,200   1,300", "a | 1")
        return (m.start(), n) if _LETTERS.search(head) and "|" not in head and "\t" not in head \
            and not head.endswith("  ") else None
    prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    prev = text[prev_start : max(prev_start, line_start - 1)]
    if len(prev.split()) >= 3 and classify_line(prev) in ("prose", "glue") and _OPEN_WORD.search(prev):
        return m.start(), n  # a value on a line of its own inside a sentence: "... purchases of" / "$1,234"
    return None


def classify_line(line: str) -> LineClass:
    """The class of one line of clean text (the reader has trimmed its edge pipes)."""
    s = line.strip()
    if len(s) > MAX_LINE:
        return "long"
    if _CELL.fullmatch(s):
        return "cell"
    if "|" in s and _PIPE_ROW.match(s):  # (the pattern needs a pipe: most lines are told at once)
        return "pipe"
    if _GLUE.match(s):
        return "glue"
    return "prose"


def _joins(lines: list[str], kinds: list[LineClass], cells_between: Callable[[int], bool] | None = None) -> list[bool]:
    """For each break between line i and i+1: whether it is a break inside a sentence. ``cells_between(i)``:
    whether the page had an empty table cell between the two lines (the reader left it out)."""
    out = [False] * max(0, len(lines) - 1)

    def column_after(k: int) -> bool:  # another value right under a value: a table's column, not one tagged value
        return k < len(lines) and kinds[k] == "cell" and bool(_LEADS_WITH_VALUE.match(lines[k].lstrip()))

    for i in range(len(lines) - 1):
        prev, nxt = lines[i].rstrip(), lines[i + 1].lstrip()
        a, b = kinds[i], kinds[i + 1]
        if a in ("cell", "pipe", "long") or b in ("pipe", "long") or _ENDS_SENTENCE.search(prev):
            continue
        if b == "glue":  # "... totalled" / "$385,500and"
            out[i] = True
        elif a == "glue" and (nxt[:1].islower() or b == "cell" and i + 2 < len(lines) and kinds[i + 2] == "glue"):
            out[i] = True  # "2022and" / "2023" / "niland" / "RMB4,000at the two dates"
        elif b == "prose" and (nxt[:1].islower() or _VALUE_THEN_WORD.match(nxt)):
            # a wrapped sentence; "was £" / "5,000 for the year"; not two cells of a header that the page wrapped
            # over lines ("Associates" / "|" / "personnel"): short words with an empty cell between them
            out[i] = not (cells_between is not None and len(prev.split()) <= _CELL_WORDS
                          and len(nxt.split()) <= _CELL_WORDS and cells_between(i))
        elif b == "cell" and _LEADS_WITH_VALUE.match(nxt) and not column_after(i + 2) and (
            _ENDS_WITH_MARK.search(prev) or (i + 2 < len(lines) and kinds[i + 2] in ("prose", "glue")
                                             and lines[i + 2].lstrip()[:1].islower() and len(prev.split()) >= 3)):
            out[i] = True  # "... of £" / "nil"; an inline-XBRL value: "purchases of" / "$1,234" / "from X"
            if i + 2 < len(lines) and not _ENDS_SENTENCE.search(nxt):
                out[i + 1] = out[i + 1] or lines[i + 2].lstrip()[:1].islower()
        elif (k := _inline_run(lines, kinds, i)) is not None:
            for m in range(i, k):
                out[m] = True
    return out


_ENDS_STOP = re.compile(r"[.!?;][\"”’)]*\s*$")
_RUN_MAX = 8  # lines of one inline-XBRL run inside a sentence ("$46,164" / "(" / "$65,808" / "for" / "2019")
_RESUMES = re.compile(r"\)[.,;]|[),]?\s*[a-z]{2,}\b(?!\.)")  # the sentence goes on: ") in consulting fees", ")."; not "iii."


def _inline_run(lines: list[str], kinds: list[LineClass], i: int) -> int | None:
    """Where the sentence that line ``i`` leaves open resumes after a run of tagged values and short fragments
    ("the Company incurred" / "$46,164" / "(" / "$65,808" / "for" / "2019" / ") in consulting fees ..."), or
    None: the run holds a value, never two values in a row (a table's column), and ends in a line that goes on
    in lower case or closes the aside."""
    if len(lines[i].split()) < 3 or kinds[i] not in ("prose", "glue"):
        return None
    value, last_value = False, False
    for m in range(i + 1, min(len(lines), i + 1 + _RUN_MAX)):
        t = lines[m].strip()
        if not t:
            return None  # an empty cell: a table's row, not values tagged inside a sentence
        is_value = kinds[m] == "cell" and bool(_LEADS_WITH_VALUE.match(t))
        if kinds[m] == "cell" or (kinds[m] == "prose" and len(t.split()) <= 3 and not _ENDS_STOP.search(t)
                                  and not t.startswith(")")):  # "for", "was", "November 30, 2019:"
            if is_value and last_value:
                return None
            value, last_value = value or is_value, is_value
            continue
        return m if value and m > i + 1 and _RESUMES.match(t) else None
    return None


_CELL_WORDS = 4  # at most this many words on each of two lines that an empty cell keeps apart
_EMPTY_CELL = re.compile(r"\n[ \t]*\|[ \t|]*(?=\n)")


def _cells_between(source: SourceText, starts: list[int], ends: list[int]) -> Callable[[int], bool]:
    """Whether the original page had a line of only pipes (an empty cell) between clean lines ``i`` and ``i + 1``."""
    def between(i: int) -> bool:
        a, b = source.offsets[max(0, ends[i] - 1)], source.offsets[starts[i + 1]]
        return b - a < 4096 and _EMPTY_CELL.search(source.original, a, b) is not None
    return between


def lay_out(source: SourceText) -> Layout:
    """The layout of a read page: joined prose, split glue, blocks (see the module docstring)."""
    cut = cut_tail(source.text, source.original)
    cut_warning: tuple[str, ...] = ()
    if cut is not None:
        source = replace(source, text=source.text[: cut[0]], offsets=source.offsets[: cut[0] + 1])
        cut_warning = (f"the page ends inside a number; {cut[1]!r} was not read (it may be cut)",)
    text = source.text
    if "\n" not in text and len(text) <= MAX_LINE:
        laid, inserted = _split_glue(source, [(0, len(text))])
        return Layout(laid, (Block("prose", 0, len(laid.text)),) if text else (), cut_warning)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    ends = [s - 1 for s in starts[1:]] + [len(text)]
    lines = [text[s:e] for s, e in zip(starts, ends)]
    kinds = [classify_line(x) for x in lines]
    joins = _joins(lines, kinds, _cells_between(source, starts, ends))
    warnings = cut_warning + tuple(f"a line of {len(lines[i])} characters was left as it is (longer than {MAX_LINE})"
                                   for i in range(len(lines)) if kinds[i] == "long")
    # logical lines: runs of lines joined at breaks inside a sentence
    logical: list[tuple[int, int, BlockKind]] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(joins) and joins[j]:
            j += 1
        kind: BlockKind
        if j > i and any(kinds[k] == "cell" for k in range(i, j + 1)):
            kind = "xbrl"
        elif kinds[i] == "pipe":
            kind = "pipes"
        elif kinds[i] == "cell" and j == i:
            kind = "cells"
        else:
            kind = "prose"
        logical.append((starts[i], ends[j], kind))
        i = j + 1
    if any(joins):  # each joined line break becomes a space (one for one: offsets hold); pieces, not a
        # UTF-32 copy of the text, which took four such copies at once (a 10 MB note: 140 MB)
        pieces, prev = [], 0
        for k, j in enumerate(joins):
            if j:
                pieces.append(text[prev : ends[k]])
                pieces.append(" ")
                prev = ends[k] + 1
        pieces.append(text[prev:])
        text = "".join(pieces)
        del pieces
    joined = replace(source, text=text)
    blocks = _blocks(logical, lines, starts)
    del lines, starts, ends, kinds, joins, logical  # a list entry per line: freed before the glue copies the text
    laid, inserted = _split_glue(joined, [(b.start, b.end) for b in blocks if b.kind in ("prose", "xbrl")])
    if inserted:
        blocks = [Block(b.kind, b.start + bisect_left(inserted, b.start), b.end + bisect_left(inserted, b.end))
                  for b in blocks]
    return Layout(laid, tuple(blocks), warnings)


def _blocks(logical: list[tuple[int, int, BlockKind]], lines: list[str], starts: list[int]) -> list[Block]:
    """Logical lines into blocks: a table is a run of cell lines with the short label lines
    between them (at least two cells); a pipe table a run of pipe rows; the rest prose."""
    out: list[Block] = []
    n = len(logical)
    k = 0
    no_table_until = -1  # lines k..here are in a run of table-like lines with fewer than two cells
    while k < n:
        s, e, kind = logical[k]
        if kind == "pipes":
            m = k
            while m + 1 < n and logical[m + 1][2] == "pipes":
                m += 1
            out.append(Block("pipes", s, logical[m][1]))
            k = m + 1
            continue
        if k > no_table_until and kind in ("cells", "prose") and _tableish(logical, k):
            m, cells = k, int(kind == "cells")
            while m + 1 < n and _tableish(logical, m + 1):
                m += 1
                cells += logical[m][2] == "cells"
            if cells >= 2:
                out.append(Block("cells", s, logical[m][1]))
                k = m + 1
                continue
            no_table_until = m  # a run from any later line of it ends at m too, with no more cells
        if out and out[-1].kind == kind and kind in ("prose", "xbrl"):
            out[-1] = Block(kind, out[-1].start, e)
        else:
            out.append(Block(kind, s, e))
        k += 1
    return out


def _tableish(logical: list[tuple[int, int, BlockKind]], k: int) -> bool:
    s, e, kind = logical[k]
    return kind == "cells" or (kind == "prose" and e - s <= 160)


def _split_glue(source: SourceText, ranges: list[tuple[int, int]]) -> tuple[SourceText, list[int]]:
    """A space inserted at each glue boundary inside ``ranges`` (it maps to the character after
    it); the positions, in the text before, where spaces went in."""
    text = source.text
    at: list[int] = []
    for a, b in ranges:
        if b - a > MAX_LINE * 50:
            continue
        at.extend(glue_ends(text, a, b))
    if not at:
        return source, at
    pieces, prev = [], 0
    for p in at:
        pieces.append(text[prev:p])
        pieces.append(" ")
        prev = p
    pieces.append(text[prev:])
    old = source.offsets  # the inserted space maps where the character after it does
    offsets = offset_array()
    prev = 0
    for p in at:
        offsets.extend(old[prev:p])
        offsets.append(old[p])
        prev = p
    offsets.extend(old[prev:])
    return replace(source, text="".join(pieces), offsets=offsets), at
