"""Readers: EDGAR R-page text, EDGAR/other HTML and plain text into clean text with an offset map.

The clean text is what the pipeline reads; ``SourceText.to_original`` maps any clean offset back
to the character of the ORIGINAL input, so every extracted value points into the file as given.
"""

from __future__ import annotations

import html
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import numpy
from relparty.fiscal import FiscalCalendar
from relparty.models import TextSpan

__all__ = ["DroppedLine", "SourceText", "OFFSET_CODE", "OFFSET_DTYPE", "offset_array", "dropped_lines", "read_text",
           "read_html", "read_plain", "looks_like_html"]

# An offset map holds one machine integer per character: 4 bytes (a C int) reach 2,147,483,647,
# far past the largest input read (20 MB; a whole filing is refused past 200 MB), and halve what
# 8 bytes took (a 10 MB note's two maps, the reader's and the layout's: 160 MB, now 80 MB).
OFFSET_CODE = "i"  # the ``array`` type code of an offset map
OFFSET_DTYPE = numpy.intc  # the same integers as numpy reads them


def offset_array(values: numpy.ndarray | list[int] | None = None) -> array:
    """An offset map (``SourceText.offsets``) of ``values``: one copy of a numpy array's buffer."""
    out = array(OFFSET_CODE)
    if isinstance(values, numpy.ndarray):
        out.frombytes(memoryview(numpy.ascontiguousarray(values, dtype=OFFSET_DTYPE)).cast("B"))
    elif values is not None:
        out.extend(values)
    return out


@dataclass(frozen=True)
class SourceText:
    """Clean text plus, for each clean character (and the end), its offset in ``original``.

    ``period`` is the page's own period from its header rows ("12 Months Ended / Dec. 31, 2020"):
    what "during the year" means in a note that does not repeat the date. ``fiscal`` is the filer's fiscal
    calendar when the source says it (a whole filing's cover tags): the day a bare "2023" ends on.
    """

    text: str
    original: str
    offsets: array  # len(text) + 1 entries (type code ``OFFSET_CODE``)
    period: tuple[date, int] | None = None
    broken_runs: bool = False  # a run of more than LONG_RUN characters without a space was read in pieces
    fiscal: FiscalCalendar | None = None

    def to_original(self, i: int) -> int:
        i = max(0, min(i, len(self.text)))
        return self.offsets[i]

    def span(self, start: int, end: int) -> TextSpan:
        """The original-text span of clean characters ``[start, end)``."""
        if end <= start:
            o = self.to_original(start)
            return TextSpan(start=o, end=o, text="")
        o_start = self.to_original(start)
        o_end = self.offsets[min(end, len(self.text)) - 1] + 1
        return TextSpan(start=o_start, end=o_end, text=self.original[o_start:o_end])


_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " "})  # same length: offsets hold


LONG_RUN = 200
_LONG = re.compile(rf"\S{{{LONG_RUN},}}")


def _break_long_runs(text: str) -> str:
    """A space every 100 characters of a run of more than 200 with no space (binary debris,
    "((((((..."): spaCy's tokenizer is quadratic in the length of such a run. Characters are
    replaced, not inserted, so every offset still maps; no word of a real note is that long."""
    if all(len(w) < LONG_RUN for w in text.split()):  # str.split's white space is the regex's \s
        return text  # no run that long (the common case), told without the regex's scan
    return _LONG.sub(lambda m: "".join(c if i % 100 else " " for i, c in enumerate(m.group(0), 1)), text)


_ODD_SPACES = re.compile("[" + "".join(map(chr, _SPACES)) + "]")  # the characters _SPACES maps


class _Builder:
    """Appends pieces of the original text (or synthetic characters mapped to a position).

    Each piece is one segment (where it starts in the original, its length, kept or synthetic);
    ``build`` spells the segments out into the per-character offset array in a few numpy steps."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.parts: list[str] = []
        # machine integers, not lists of int objects: 17 bytes a segment instead of about 100
        # (an HTML page of 10 MB with a segment every few characters held 800 MB in lists)
        self.origins = array("q")
        self.lengths = array("q")
        self.kept = bytearray()

    def keep(self, start: int, end: int) -> None:
        if end > start:
            self.parts.append(self.original[start:end])
            self.origins.append(start)
            self.lengths.append(end - start)
            self.kept.append(1)

    def put(self, s: str, at: int) -> None:
        if s:
            self.parts.append(s)
            self.origins.append(at)
            self.lengths.append(len(s))
            self.kept.append(0)

    def offsets(self, end_at: int) -> numpy.ndarray:
        """For each built character, its offset in the original; then ``end_at``.

        Built as steps and summed in place: one step per character (1 inside a kept piece, 0
        inside a synthetic one) with a jump where each piece starts; one array of the text's
        length, where the products of ``repeat`` and ``arange`` took five (a 10 MB note: 400 MB)."""
        lengths = numpy.frombuffer(self.lengths, dtype=numpy.int64) if self.lengths else numpy.zeros(0, numpy.int64)
        total = int(lengths.sum())
        out = numpy.empty(total + 1, dtype=OFFSET_DTYPE)  # the map's own integers: no wider copy on the way
        if total:
            kept = numpy.frombuffer(self.kept, dtype=numpy.uint8).astype(OFFSET_DTYPE)
            origins = numpy.frombuffer(self.origins, dtype=numpy.int64)
            out[:-1] = numpy.repeat(kept, lengths)
            firsts = numpy.cumsum(lengths) - lengths
            lasts = origins + (lengths - 1) * kept  # each piece's last offset
            out[firsts] = origins - numpy.concatenate(([0], lasts[:-1]))
            numpy.cumsum(out[:-1], out=out[:-1])
        out[-1] = end_at
        return out

    def build(self, end_at: int) -> SourceText:
        joined = "".join(self.parts)
        if _ODD_SPACES.search(joined):
            joined = joined.translate(_SPACES)  # one character for one: offsets hold
        text = _break_long_runs(joined)
        return SourceText(text, self.original, offset_array(self.offsets(end_at)), broken_runs=text is not joined)


# --- EDGAR R-page text -------------------------------------------------------------------------

_PIPES_ONLY = re.compile(r"[\s|]*")
# cells of dashes, each separated: no ambiguity, so possessive quantifiers match the same lines and keep no
# backtracking state (one repeat state per cell: 10 MB of "---|" took a second and hundreds of MB on a failed match)
_RULER = re.compile(r"[\s|]*+-{3,}+(?:[\s|]++-{3,}+)*+[\s|]*+")
_HEADER_ROW = re.compile(
    r"[\s|]*(?:\d+\s+Months\s+Ended|Months\s+Ended|\d+\s+Months|v\d+(?:\.\d+)+|"
    r"(?:[^\s|][^\n|]*)?\[(?:Abstract|Line Items|Table|Axis|Domain|Member)\])[\s|]*",
)
# the page's own date row ("Dec. 31, 2024 | ||||"): near the top or in a piped header row only; a
# date line further down is a table's column header and is kept
_VERSION_START = re.compile(r"[\s|]*v\d")  # how the header row's one form without "Months" or "[" begins ("v1.2")
# the form an R page's own header writes its dates in ("Sep. 30, 2019", "May 31, 2020"); a month in full ("|September
# 30, 2019", "December 31, 2023") is a table's column header inside the note's text, even near the top
_PAGE_DATE_ROW = re.compile(r"[\s|]*[A-Z][a-z]{2}\.?\s+\d{1,2},\s+\d{4}[\s|]*")
# "|X" then "- Definition": the white space before the X stays on its line (``\s*`` there would run
# from every line start over all the blank lines below it: quadratic in a run of blank lines)
_FOOTER = re.compile(r"^\|?[ \t]*X[ \t]*\n\s*-[ \t]*(?:Definition|References|Details)", re.M)


def _inner(line: str) -> tuple[int, int]:
    """Where ``line`` starts and ends without the table pipes and spaces at its edges."""
    t = line.lstrip()
    while t[:1] == "|":
        t = t.lstrip("|").lstrip()
    u = t.rstrip()
    while u[-1:] == "|":
        u = u.rstrip("|").rstrip()
    s = len(line) - len(t)
    return s, s + len(u)


def _dropped(line: str, line_no: int) -> str | None:
    """Why the reader drops line ``line_no`` (from 1) of a page, or None when it keeps it."""
    if _PIPES_ONLY.fullmatch(line):
        return "empty"
    if "---" in line and _RULER.fullmatch(line):  # a ruler has a run of three dashes
        return "ruler"
    if ("Months" in line or "[" in line or _VERSION_START.match(line)) and _HEADER_ROW.fullmatch(line):  # each form needs one
        return "header row"
    if (line_no <= 8 or "|" in line) and _PAGE_DATE_ROW.fullmatch(line):
        return "date row"
    return None


@dataclass(frozen=True)
class DroppedLine:
    """Characters ``[start, end)`` of the original text (a line with its newline, or the whole footer)
    that the plain and R-page readers leave out, and why: ``empty`` (blank or only pipes), ``ruler``,
    ``header row``, ``date row`` or ``footer`` (the "Definition / References" tail)."""

    start: int
    end: int
    reason: str


def dropped_lines(text: str) -> list[DroppedLine]:
    """What :func:`read_plain` (and :func:`read_rpage`) leave out of ``text``, line by line, in order:
    the review folds these lines away and still shows them exactly."""
    out: list[DroppedLine] = []
    m = _FOOTER.search(text)
    limit = m.start() if m else len(text)
    pos, line_no = 0, 0
    while pos < limit:
        nl = text.find("\n", pos, limit)
        end = limit if nl < 0 else nl
        line_no += 1
        reason = _dropped(text[pos:end], line_no)
        if reason is not None:
            out.append(DroppedLine(pos, min(end + 1, limit) if nl >= 0 else end, reason))
        if nl < 0:
            break
        pos = nl + 1
    if m:
        out.append(DroppedLine(limit, len(text), "footer"))
    return out


def _clean_lines(text: str, b: _Builder) -> None:
    """Append the useful lines of ``text`` (the builder's original) to the builder.

    Lines kept whole, one right after another, go to the builder as one piece with the line break
    between them (the break is the original's: the same text and offsets as a piece per line and a
    line break put between them, in far fewer pieces)."""
    m = _FOOTER.search(text)
    limit = m.start() if m else len(text)
    pos = 0
    run_start, run_end = -1, -1  # the kept characters not yet given to the builder
    line_no = 0
    while pos < limit:
        nl = text.find("\n", pos, limit)
        end = limit if nl < 0 else nl
        line = text[pos:end]
        line_no += 1
        if _dropped(line, line_no) is None:
            s, e = _inner(line)
            if e > s:
                if run_start < 0:
                    run_start = pos + s
                elif pos + s != run_end + 1:  # not right after the line break that ends the run
                    b.keep(run_start, run_end)
                    b.put("\n", pos - 1)
                    run_start = pos + s
                run_end = pos + e
        if nl < 0:
            break
        pos = nl + 1
    if run_start >= 0:
        b.keep(run_start, run_end)


def read_plain(text: str) -> SourceText:
    """Plain text: kept as it is (lines trimmed of EDGAR's table pipes, blank lines dropped)."""
    b = _Builder(text)
    _clean_lines(text, b)
    return b.build(len(text))


_PAGE_MONTHS = re.compile(r"^[\s|]*(\d{1,2})\s+Months\s+Ended\b", re.M)
_PAGE_DATE = re.compile(r"^[\s|]*([A-Z][a-z]{2})\.?\s+(\d{1,2}),\s+((?:19|20)\d\d)\b", re.M)
_MON = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


def page_period(text: str) -> tuple[date, int] | None:
    """The period an EDGAR R page is for, from its header rows: (end date, months)."""
    head = text[:3000]
    if "Months" not in head:
        return None  # no header row of months, which the period needs (told without the line-start scans)
    m, d = _PAGE_MONTHS.search(head), _PAGE_DATE.search(head)
    if not m or not d or d.group(1) not in _MON:
        return None
    try:
        return date(int(d.group(3)), _MON[d.group(1)], int(d.group(2))), int(m.group(1))
    except ValueError:
        return None


def read_rpage(text: str) -> SourceText:
    """EDGAR R-page text: header rows, rulers, [Abstract] rows and the definition footer dropped."""
    return replace(read_plain(text), period=page_period(text))


# --- HTML --------------------------------------------------------------------------------------

# where an HTML token may start: a comment, a tag name (the name read to its end, no further), an entity
_HTML_START = re.compile(r"<!--|<(/?)([a-zA-Z][\w:-]*)|&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
_RAW_TEXT = ("script", "style")  # elements whose content is not text, up to their closing tag
_TAG_WORD = re.compile(r"\w+")


class _NextFrom:
    """The next place a needle (string or pattern) occurs from a position, searching each stretch
    of the text once: positions only move forward, and an answer holds for every position up to
    it (and "none" for every position after a failed search). Without this, 100,000 unclosed
    ``<a`` or ``<!--`` would each search to the end of the text."""

    def __init__(self, text: str, needle: str | re.Pattern[str]) -> None:
        self.text, self.needle = text, needle
        self.asked, self.found, self.found_end = -1, -1, -1  # the last search: from ``asked``, found at ``found`` (-1 none)

    def find(self, pos: int) -> tuple[int, int]:
        """(start, end) of the next occurrence at or after ``pos``, or (-1, -1)."""
        if self.asked >= 0 and pos >= self.asked and (self.found < 0 or pos <= self.found):
            return (self.found, self.found_end) if self.found >= 0 else (-1, -1)
        self.asked = pos
        if isinstance(self.needle, str):
            self.found = self.text.find(self.needle, pos)
            self.found_end = self.found + len(self.needle)
        else:
            m = self.needle.search(self.text, pos)
            self.found, self.found_end = (m.start(), m.end()) if m else (-1, -1)
        return (self.found, self.found_end) if self.found >= 0 else (-1, -1)


def _html_tokens(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, kind, name) of each comment, tag and entity, left to right, in linear time:
    kind is "comment", "raw" (a script or style element with its content), "tag", "/tag" (a
    closing tag) or "entity". A ``<`` that opens nothing closed (an unclosed comment, a tag with
    no ``>`` after it) is text, as is a script whose closing tag never comes (its content is then
    read as text, as a tag-soup reader would)."""
    gt = _NextFrom(text, ">")
    comment_end = _NextFrom(text, "-->")
    raw_end = {n: _NextFrom(text, re.compile(rf"</{n}\s*>", re.I)) for n in _RAW_TEXT}
    pos = 0
    while (m := _HTML_START.search(text, pos)) is not None:
        tok = m.group(0)
        if tok.startswith("&"):
            yield m.start(), m.end(), "entity", ""
            pos = m.end()
            continue
        if tok == "<!--":
            s, e = comment_end.find(m.end())
            if s >= 0:
                yield m.start(), e, "comment", ""
                pos = e
            else:
                pos = m.start() + 1
            continue
        s, e = gt.find(m.end())
        if s < 0:
            pos = m.start() + 1
            continue
        name = m.group(2).lower()
        word = _TAG_WORD.match(name)
        raw = word.group(0) if word else ""
        if not m.group(1) and raw in raw_end:
            rs, re_ = raw_end[raw].find(e)
            if rs >= 0:
                yield m.start(), re_, "raw", raw
                pos = re_
                continue
        yield m.start(), e, "/tag" if m.group(1) else "tag", name
        pos = e


_BLOCK = {
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "blockquote", "pre", "hr", "dt", "dd", "title",
}
_CELL = {"td", "th"}


def looks_like_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<body" in head or "<table" in head or "<div" in head or "<p>" in head


def read_html(text: str) -> SourceText:
    """HTML to text: tags dropped, blocks to lines, cells to ' | ', entities decoded; offsets kept."""
    flat = _Builder(text)
    pos = 0
    for start, end, kind, name in _html_tokens(text):
        _keep_ws(flat, pos, start)
        if kind == "entity":
            flat.put(html.unescape(text[start:end]), start)
        elif kind in ("tag", "/tag"):
            if name in _BLOCK:
                flat.put("\n", start)
            elif name in _CELL and kind == "tag":
                flat.put(" | ", start)
        pos = end
    _keep_ws(flat, pos, len(text))
    mid = flat.build(len(text))
    # second pass: the R-page line cleaning over the flattened text, composed with the first map
    b = _Builder(mid.text)
    _clean_lines(mid.text, b)
    inner = b.build(len(mid.text))
    composed = offset_array(numpy.frombuffer(mid.offsets, dtype=OFFSET_DTYPE)[numpy.frombuffer(inner.offsets, dtype=OFFSET_DTYPE)])
    return SourceText(inner.text, text, composed, broken_runs=inner.broken_runs or mid.broken_runs)


_WS_RUN = re.compile(r"[ \t\r\f\v\u00a0]+")
# white space that folds to one space: a run of two or more, or one character that is not a plain
# space (one plain space is kept as it is: the same text and offsets, one segment fewer per word)
_WS_FOLD = re.compile(r" \s+|[^\S ]\s*")


def _keep_ws(b: _Builder, start: int, end: int) -> None:
    """Keep original text, folding runs of spaces/tabs/newlines (HTML whitespace) into one space."""
    pos = start
    for m in _WS_FOLD.finditer(b.original[start:end]):  # a single plain space is kept as it is
        s, e = start + m.start(), start + m.end()
        b.keep(pos, s)
        b.put(" ", s)
        pos = e
    b.keep(pos, end)


def read_text(text: str, kind: str | None = None) -> SourceText:
    """Pick the reader: ``kind`` in {"html", "rpage", "plain"} or sniffed from the text."""
    if kind == "html" or (kind is None and looks_like_html(text)):
        return read_html(text)
    return read_rpage(text)
