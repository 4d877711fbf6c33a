"""``relparty_tables``: tables that the page text flattened, read as grids and assembled into records.

The one table module: it reads (the spaCy component) and assembles (``assemble_tables``).

    For the years ended December 31,      <- header: kind of period and month/day (or only
    2022 / 2023 / 2023                       a run of year, date or currency cells; or none,
    RMB / RMB / US$                          and the periods of the caption sentence above)
    Revenue from related parties:         <- a section row (ends with ":")
    Xiaomi(a)                             <- a row label naming the party (markers dropped)
    (b)                                   <- a relationship letter or note marker: not a value
    2,295,569 / 1,403,354 / 197,000       <- the row's values, one per column ("—" is zero)

Rows come one cell per line, all on one line ("Lease rentals paid   39   37   35"), or as pipe
rows ("Tenwave Group | 1,200 | 1,300"), which are read cell by cell. A repeated year in another
currency is a convenience translation: dropped. Every row is kept in its :class:`Grid` with its
cells' offsets (``doc._.rp_grids``); a row becomes a :class:`TableRow` (``doc._.rp_table_rows``)
when it has a label and exactly one value per column, is not a total, and its label, section or
caption names a kind that fits the columns (as-of columns: a balance; "ended" columns: a flow).
The last row cut by the page end keeps its complete cells.

Columns that are kinds (rows are parties): nature cells under the periods (``2023 / 2022 / Receivable /
Payable / ...``), under one period heading with its item number ("1) For the year ended December 31,
2016 / Sales and others / Purchase and others / Sales / Others / Purchase of material / ... / Others":
parents over unequal runs of leaves), or above a header of repeated periods ("Assets balance /
Liabilities balance / Transactions / Clients / Other assets / Suppliers / Other liabilities / Revenue
(expenses) / As of September 30, 2022 / As of December 31, 2021 / ..."); each column its period and its
nature, whose words come from the kind triggers (``patterns/kinds.jsonl``); a signed column of two kinds
("(Receivable) Payable", "Revenue (expenses)") is the kind its cell's sign says. Column groups (a flow
group and a balance group) share their years out by the years' order when their widths differ.

Cell classes come from ``relparty.cells`` (``patterns/cells.json`` and the vocabulary).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import combinations
from math import comb

from relparty.cells import (
    CURRENCY_MARK,
    CURRENCY_WORD,
    MONTH,
    MONTH_FIRST,
    VALUE,
    cell_classes,
    currency_iso,
    month_number,
    stack_columns,
)
from relparty.components.clauses import LOAN_BALANCE, Trigger, best, governing
from relparty.components.lexicon import char_spans, doc_text, token_chars
from relparty.components.linking import NAMED as _NAMED
from relparty.components.mentions import Mention, Party, counterparty_name, is_role_group
from relparty.components.periods import PeriodGroup, month_end
from relparty.models import Amount, Balance, Counterparty, ExtractionWarning, Period, PeriodAmount, Transaction
from relparty.patterns import load_lexicon
from relparty.readers import SourceText
from relparty.results import INTERNAL_ERROR
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["Cell", "Grid", "GridRow", "Header", "TableRow", "TableReader", "assemble_tables", "read_grids",
           "MAX_COLUMNS", "MAX_CELL"]

MAX_COLUMNS = 64  # a header of more period columns than this is not a table of a note (read no rows; warn)
MAX_CELL = 20_000  # a line longer than this is not a cell (it ends a table; warn)
MAX_HEADER_LINES = 80

_CC = cell_classes()
# a heading's item number first ("1) For the year ended December 31, 2016", "(b) As of ..."): the heading's words after it
_ENUM = rf"(?:(?:{_CC.enumerator})[ \t]*)?"
_HEADER = re.compile(
    rf"^{_ENUM}(?:for\s+(?:the\s+)?|during\s+(?:the\s+)?)?(?:(?P<fy>(?:fiscal\s+)?years?)|(?P<mo>\w+)[\s-]+months?|(?P<q>quarters?))"
    rf"(?:\s+periods?)?\s+ended\b[\s,]*(?P<rest>.*)$|^{_ENUM}(?P<asof>as\s+(?:of|at)|balance\s+as\s+(?:of|at))\b[\s,]*(?P<rest2>.*)$",
    re.I,
)
# a column group's caption with its nature first: "Balance receivable (payable) at June 30,", "(Receivable) Payable as
# of", "Revenue for the year ended December 31, 2023" (the groups of _HEADER, so that a header reads it the same way)
_GROUP = re.compile(
    r"^(?P<nature>[A-Za-z(][^\d\n|:]{0,60}?)\s+(?:for\s+(?:the\s+)?|during\s+(?:the\s+)?)?(?:(?P<fy>(?:fiscal\s+)?years?)|"
    r"(?P<mo>\w+)[\s-]+months?|(?P<q>quarters?))(?:\s+periods?)?\s+ended\b[\s,]*(?P<rest>.*)$"
    r"|^(?P<nature2>[A-Za-z(][^\d\n|:]{0,60}?)\s+(?P<asof>as\s+(?:of|at)|at)\b[\s,]*(?P<rest2>.*)$",
    re.I,
)
_MONTH_DAY = re.compile(rf"^(?P<m>{MONTH})\.?\s+(?P<d>\d{{1,2}}),?(?:\s*(?P<y>{_CC.year}))?[\s,]*$")
_DAY_MONTH = re.compile(rf"^(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})\.?,?(?:\s*(?P<y>{_CC.year}))?[\s,]*$")
_NUMERIC_DATE = re.compile(rf"^(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.](?P<y>{_CC.year})$")  # "31/12/2019", "31.12.2019"
_YEAR = re.compile(rf"^(?:fiscal\s+)?\(?({_CC.year})\)?\s*(?:\(unaudited\))?$", re.I)
_CURRENCY = re.compile(rf"^\(?(?P<c>{CURRENCY_MARK}|{CURRENCY_WORD})\)?(?:\s*(?:{_CC.unit}))?$")  # "RMB", "U.S. Dollars"
_UNIT = re.compile(rf"^\(?(?:(?:{CURRENCY_MARK})\s*)?(?:{_CC.unit})(?:\s*(?:{CURRENCY_MARK}))?\)?$", re.I)
_VALUE_LINE = re.compile(rf"^(?:{VALUE})$")
# a run of spaces is tried from its start only, and the tail has one way to match: searched over a
# line of many spaces, the pattern is linear (it was quadratic, cubic at the tail)
_TRAILING_VALUES = re.compile(rf"(?:(?<!\s)\s{{2,}}|^\s*)(?P<vals>(?:{VALUE})(?:\s{{2,}}(?:{VALUE}))*)\s*(?:\*\s*)?$")
_SPLIT_VALUES = re.compile(r"\s{2,}")
_MARKER = re.compile(rf"^(?:{_CC.note_marker}|{_CC.relationship_letter})$")  # "(b)", "(ii)", "Note 8": never a value
# each mark is taken whole (a look-ahead and its group, as an atomic group would): the note marker's
# "\*+" repeated by the "+" here backtracked exponentially on a run of stars; and a run of spaces is
# tried from its start only
_FOOTNOTE = re.compile(rf"(?:(?<=\S)|^)\s*(?:(?=({_CC.note_marker}|{_CC.relationship_letter}|{_CC.footnote_number}))\1)+\s*$")
# each mark taken whole (a look-ahead and its group): "\*+" repeated here would backtrack exponentially on a run of stars
_MARKS_LINE = re.compile(rf"^(?:(?=({_CC.note_marker}|{_CC.relationship_letter}|{_CC.footnote_number}))\1[ \t]*){{2,8}}$")
_MARK_ENDS = frozenset(")]*")  # with a digit (``\d``: str.isdecimal), the last character of every mark _FOOTNOTE takes


def _without_marks(label: str) -> str:
    """``label`` without the footnote marks that end it ("Sales to Orla (1)", "Rent*"); the pattern is
    tried only where the label ends as a mark does (most labels end in a letter)."""
    last = label.rstrip()[-1:]
    return _FOOTNOTE.sub("", label) if last in _MARK_ENDS or last.isdecimal() else label


_ONE_MARK = re.compile(rf"^(?:{_CC.footnote_number}|{_CC.relationship_letter})$")  # "(5)": a marker or a negative five
_PERCENT = re.compile(r"^\(?-?\d+(?:\.\d+)?\)?\s*%$")
_ITEM = re.compile(r"^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)$")
_ITEM_LINE = re.compile(rf"^(?:{_CC.item_marker})$")  # "i." / "Interest at 1% per month" / 720,619: the item's number
_SKIP_LINE = re.compile(r"^[\s|]*$|^\(?unaudited\)?$", re.I)
_COLUMN_WORDS = {w.lower() for w in _CC.column_words}
_RELATIONSHIP_WORDS = {w for w in _COLUMN_WORDS if "relationship" in w}
_TOTAL = re.compile(rf"^(?:{_CC.total})", re.I)
_ADJUSTMENT = re.compile(rf"^(?:{_CC.adjustment})", re.I)
_TOTAL_AFTER = re.compile(r"(?i)\s(?:sub-?\s*)?totals?[\s:]*$")  # "Revenues from telecommunication services total"
_OTHERS = {w.lower() for w in _CC.others}
_COUNTRIES = frozenset(w.lower() for w in _CC.country_names)
_COMPENSATION = re.compile(_CC.compensation_caption, re.I)
_PAY_SECTION = re.compile(_CC.pay_section)
_PAY_LABEL = re.compile(_CC.pay_label)
_RELATED = re.compile(_CC.related_party_context)
_UNRELATED = re.compile(_CC.unrelated_context)
RELATED_CONTEXT = 1500  # characters before a table searched for words of related parties
_CUT = re.compile(r"^(?:\S*\d[\d,.]*,|\S*\d{1,3},\d{1,2})$")  # "2," "12,3": a number the page end cut
_NUMBER_WORDS = load_lexicon("lexicon")["number_words"]
# a page with a year or date cell on a line or in a pipe row of its own may hold a table, or one with a
# caption cell ending in a date (``_has_column``: three searches that each fail fast, where their one
# alternation tried every month name at every character, a sixth of the time of a note)
_COLUMN_CELL = (rf"[ \t]*(?:\(?{_CC.year}\)?|{MONTH}\.?\s+\d{{1,2}},?\s+{_CC.year}|\d{{1,2}}\s+{MONTH}\s+{_CC.year}"
                rf"|\d{{1,2}}[/.]\d{{1,2}}[/.]{_CC.year})"
                rf"[ \t]*(?:\n|\||$)")
_COLUMN_AT_START = re.compile(_COLUMN_CELL)
_COLUMN_AFTER = re.compile(rf"[\n|]{_COLUMN_CELL}")
_ENUM_PERIOD = re.compile(rf"(?:^|\n)[ \t|]*(?:{_CC.enumerator})[ \t]*(?i:for|as|during)\s", re.I)
_DATE_CELL_END = re.compile(rf"(?={MONTH_FIRST}){MONTH}\.?\s+\d{{1,2}},?\s+{_CC.year}[ \t]*\|")
_JOIN_LABEL = re.compile(r"(?:\b(?:from|to|by|with|of|for|and|on|in|the|a|an)|[,&-])$", re.I)


@dataclass
class Cell:
    value: Decimal
    currency: str | None
    start: int
    end: int
    text: str


@dataclass
class TableRow:
    label: str
    label_start: int
    label_end: int
    section: str | None
    section_start: int | None
    caption_start: int | None
    caption_end: int | None
    cells: list[Cell]
    periods: list[tuple[date, int | None]]
    start: int
    end: int
    months_known: bool = True  # False: a bare-years header; the row's kind says flow (12) or balance
    compensation: bool = False  # a row of a key management pay table: "other", the component its detail
    related: bool = True  # the table is about related parties (else a row must name its party)
    explicit_day: bool = True
    text_start: int | None = None
    cut: bool = False  # the page's last row, cut short by the page end
    balance_group: bool = False  # the columns of a balance group beside a flow group: a flow row's direction says its kind
    column: tuple[int, int] | None = None  # a nature column's header cell: it says the kind ("Receivable")
    column_parent: tuple[int, int] | None = None  # the nature cell over it ("Receivables" over "Trade receivables")
    party_column: tuple[int, int] | None = None  # a party column's header cell: it names the row's party
    party_name: str | None = None  # the party column's name, its wrapped lines joined ("Key management personnel")
    rule: str = "table.rows"  # the reading that made the row: its records' ``kind_rule`` starts with it


@dataclass
class Header:
    periods: list[tuple[date, int | None]]
    keep: list[int]  # column indices kept (convenience translations dropped)
    currencies: list[str | None]
    ncols: int
    start: int = 0
    end: int = 0
    months_known: bool = True
    notes_column: bool = False  # a "Notes" column between the label and the numbers
    relationship_column: bool = False  # a "Relationship" column: one text cell after the label
    from_caption: bool = False
    explicit_day: bool = True  # False: bare years with no month and day on the page's table (December 31 assumed)
    natures: list[tuple[int, int]] | None = None  # per column: the header cell that names its nature ("Payable")
    groups: list[tuple[int, int]] | None = None  # per column: its group's caption ("Years ended June 30," / "Balance at")
    parents: list[tuple[int, int] | None] | None = None  # per column: the nature cell over it ("Payables")
    parties: list[tuple[int, int]] | None = None  # per column: the header cell that names its party ("Joint ventures")
    party_names: list[str] | None = None  # per column: its party's name where the page wrapped the cell over lines


@dataclass
class GridRow:
    """One row as the page gave it: its label, section and every cell with its offsets."""

    label: str | None
    label_start: int | None
    label_end: int | None
    section: str | None
    cells: list[tuple[int, int, str]]
    status: str = "row"  # row | total | short | long | cut | unlabelled | section
    section_start: int | None = None
    col_captions: list[tuple[int, int]] = field(default_factory=list)  # captions sharing the columns
    text_start: int | None = None  # where the row's text cells start (before its label)


@dataclass
class Grid:
    header: Header
    caption: tuple[int, int] | None
    compensation: bool = False  # a table of key management pay: its rows are "other" (detail: the component)
    related: bool = True  # the page says "related parties" (or the like) before the table or in its caption
    rows: list[GridRow] = field(default_factory=list)


if not Doc.has_extension("rp_table_rows"):
    Doc.set_extension("rp_table_rows", default=None)
if not Doc.has_extension("rp_grids"):
    Doc.set_extension("rp_grids", default=None)
if not Doc.has_extension("rp_table_warnings"):
    Doc.set_extension("rp_table_warnings", default=None)


@Language.factory("relparty_tables", default_config={"span_groups": True})
def make_tables(nlp: Language, name: str, span_groups: bool) -> TableReader:
    return TableReader(span_groups)


def _lines(text: str) -> list[tuple[int, int, str]]:
    """The page's lines; a pipe row ("a | b | c") is read as one line per cell."""
    out: list[tuple[int, int, str]] = []
    for m in re.finditer(r"[^\n]+", text):
        s, line = m.start(), m.group(0)
        if " | " not in line and "\t" not in line or len(line) > MAX_CELL:
            out.append((s, m.end(), line))
            continue
        for c in re.finditer(r"[^|\t]+", line):
            a, b = c.start(), c.end()
            while a < b and line[a].isspace():
                a += 1
            while b > a and line[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((s + a, s + b, line[a:b]))
    return out


def _value(raw: str) -> Decimal | None:
    s = re.sub(rf"^(?:{CURRENCY_MARK})\s*", "", raw.strip())
    if re.fullmatch(_CC.dash, s) or s.lower() in _CC.nil:
        return Decimal(0)
    s = s.strip("()").replace(",", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _mk(y: int, md: tuple[int, int]) -> date:
    try:
        return date(y, md[0], md[1])
    except ValueError:
        return month_end(y, md[0])


def _unit_line(t: str, after_periods: bool) -> bool:
    """A unit line ("(In thousands)", "RMB’000"); after the period cells, a currency with its unit ("USD’000") is
    that column's currency cell, not the unit line."""
    return bool(_UNIT.match(t)) and not (after_periods and _CURRENCY.match(t))


def _month_day(t: str) -> tuple[tuple[int, int], int | None] | None:
    m = _MONTH_DAY.match(t) or _DAY_MONTH.match(t)
    if not m:
        n = _NUMERIC_DATE.match(t) if t[:1].isdigit() else None
        if n is None:
            return None
        a, b = int(n.group("a")), int(n.group("b"))
        # "31/12/2019" (day first) or "12/31/2019" (month first); "06/05/2019" could be either: no date
        md = (b, a) if a > 12 >= b else (a, b) if b > 12 >= a else (a, b) if a == b else None
        return (md, int(n.group("y"))) if md is not None and 1 <= md[0] <= 12 and 1 <= md[1] <= 31 else None
    mon = month_number(m.group("m"))
    if mon is None:
        return None
    return (mon, int(m.group("d"))), (int(m.group("y")) if m.group("y") else None)


class TableReader:
    def __init__(self, span_groups: bool = True) -> None:
        self.span_groups = span_groups  # doc.spans groups, for display only

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        grids: list[Grid] = []
        warnings: list[str] = []
        if "\n" in text and (_has_column(text) or (doc._.rp_period_groups and re.search(r":[ \t]*\n", text))):
            grids, warnings = read_grids(text, doc._.rp_period_groups or [], _kind_words(doc))
        rows = [r for g in grids for r in table_rows(g)]
        doc._.rp_grids = grids
        doc._.rp_table_rows = rows
        doc._.rp_table_warnings = warnings
        if self.span_groups:
            doc.spans["rp_tables"] = char_spans(doc, ((r.start, r.end) for r in rows), "TABLE_ROW")
        return doc


_TOTAL_CELL = re.compile(r"(?mi)^[ \t|]*total[ \t|]*$")  # a "Total" column over parties as columns (``_party_columns``)


def _has_column(text: str) -> bool:
    """A year or date cell on a line or in a pipe row of its own, a pipe cell ending in a date, an
    item's heading of a period on a line of its own ("1) For the year ended ..."), or a "Total" cell."""
    return bool(_COLUMN_AT_START.match(text) or _COLUMN_AFTER.search(text)
                or ("|" in text and _DATE_CELL_END.search(text)) or (")" in text and _ENUM_PERIOD.search(text))
                or _TOTAL_CELL.search(text))


def _kind_words(doc: Doc) -> Kinds:
    """The kinds that the triggers inside a span of the text name (``doc._.rp_triggers``, read on first use)."""
    spans: list[tuple[int, int, str]] = []
    ready = False

    def kinds(a: int, b: int) -> frozenset[str]:
        nonlocal ready
        if not ready:
            spans.extend(sorted((*token_chars(doc, t.tok_start, t.tok_end), t.kind) for t in doc._.rp_triggers or []
                                if t.kind != "balance"))
            ready = True
        out = set()
        for k in range(bisect_left(spans, (a,)), len(spans)):
            if spans[k][0] >= b:
                break
            if spans[k][1] <= b:
                out.add(spans[k][2])
        return frozenset(out)

    return kinds


# --- headers -----------------------------------------------------------------------------------


Kinds = Callable[[int, int], frozenset[str]]  # the kinds that the words between two offsets name ("Payables", "Sales")


def _header(lines: list[tuple[int, int, str]], i: int, caption: str | None, bare: bool = True,
            kinds: Kinds | None = None) -> tuple[Header, int] | None:
    """A header starting at line ``i``: a "For the years ended ..." / "As of ..." line with the
    month and day and the year and currency cells after it, or a bare run of year or date cells
    (with "Notes" or currency cells around them); then, with ``kinds``, the nature columns under
    its periods (:func:`_natures`). A single bare year or date is a header only over natures."""
    line = lines[i][2].strip()
    m = _HEADER.match(line) or _two_groups(lines, i)
    prev = lines[i - 1][2].strip() if i else ""
    if m and kinds is not None and (split := _natures_then_dates(lines, i, m, kinds)) is not None:
        return split
    if m:
        got = _ended_header(lines, i, m)
    elif bare and (_YEAR.match(line) or _month_day(line) or line.lower() in _COLUMN_WORDS) and not (
            _YEAR.match(prev) or _month_day(prev)):  # a run of year cells is read from its first
        got = _bare_header(lines, i, caption, single=kinds is not None)
    else:
        return None
    if got is None:
        return None
    if not m and (split := _split_columns(lines, got[1], got[0])) is not None:
        return split
    if kinds is not None:
        nat = _natures(lines, got[1], got[0], kinds)
        if nat is not None:
            return nat
        above = _natures_above(lines, i, got[0], kinds)
        if above is not None:
            return above, got[1]
    if not m and got[0].ncols < 2:
        return None
    return got


_ONE_DATE = re.compile(rf"(?:{MONTH}\.?\s+\d{{1,2}},?\s+{_CC.year}|\d{{1,2}}\s+{MONTH}\.?,?\s+{_CC.year})(?=\s*[:.]?\s*$)")
_ENDED = re.compile(r"(?i)\b(?:years?|\w+[\s-]+months?|quarters?|periods?)\s+ended\b")
_AS_AT = re.compile(r"(?i)\bas\s+(?:at|of)\b")


def _party_cell(t: str) -> bool:
    """A header cell that may name a party: words, no number, not a unit, marker, currency or column word."""
    return (0 < len(t) <= 80 and t[:1].isupper() and not _has_digit(t) and not t.endswith(":")
            and t.lower() not in _COLUMN_WORDS
            and not (_UNIT.match(t) or _CURRENCY.match(t) or _MARKER.match(t) or _TOTAL.match(t) or _VALUE_LINE.match(t)))


_ASCII_DIGIT = re.compile(r"[0-9]")


def _has_digit(t: str) -> bool:
    """Whether ``t`` holds a digit (``str.isdigit``: superscripts too)."""
    return bool(_ASCII_DIGIT.search(t)) if t.isascii() else any(ch.isdigit() for ch in t)


def _party_columns(lines: list[tuple[int, int, str]], i: int) -> tuple[Header, int] | None:
    """Parties as columns under a caption sentence that ends in the one date of its table ("... for the year
    ended/as at March 31, 2018:" / "Associates and its subsidiaries" / "Joint ventures" / "Tata Sons Ltd, its
    subsidiaries and joint ventures" / "Total" / "Total" / "(In millions)" / rows of kinds): two or more party
    cells, then the total columns (never facts), then a row's label and its values. "Ended" and "as at" both:
    the row's kind says flow or balance."""
    first = lines[i][2].strip()
    m = _HEADER.match(first)
    if m is not None and not m.group("asof"):
        return _parties_over_years(lines, i, m)
    if not first[:1].isupper() or not _header_word_cell(_next_cell(lines, i)) or not _party_cell(first):
        # (tested first: the caption above is read only where a party cell starts and another header
        # cell follows it; a row's label is followed by its values)
        return None
    cap = _above(lines, i)
    d = _ONE_DATE.search(cap)
    if d is None and (y := _caption_year(_caption_line(lines, i))) is not None:
        return _stacked_parties(lines, i, y)
    md = _month_day(" ".join(d.group(0).split())) if d is not None else None  # "March 31, 2018", "31 March 2018"
    if md is None or md[1] is None or not (_ENDED.search(cap) or _AS_AT.search(cap)):
        return None
    got = _parties_then_totals(lines, i)
    if got is None:
        return None
    cells, totals, j = got
    j = _skip_units(lines, j)
    # the next line is a row's label, then a value (or a currency cell before one)
    if j + 1 >= len(lines) or _VALUE_LINE.match(lines[j][2].strip()) or not (
            _VALUE_LINE.match(lines[j + 1][2].strip()) or _CURRENCY.match(lines[j + 1][2].strip())):
        return None
    when = _mk(md[1], md[0])
    flow, instant = bool(_ENDED.search(cap)), bool(_AS_AT.search(cap))
    n = len(cells)
    h = Header([(when, None if instant and not flow else 12)] * n, list(range(n)), [None] * n, n + totals,
               lines[i][0], lines[j - 1][1], months_known=not (flow and instant), parties=cells)
    return h, j


# "Group transactions with related parties during 2017 were as follows:": the one year of the columns
_CAPTION_YEAR = re.compile(r"(?i)\b(?:during|in|for)\s+(?:the\s+(?:fiscal\s+|financial\s+)?year\s+(?:of\s+)?)?(?P<y>(?:19|20)\d\d)\b")
_ANY_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _caption_year(cap: str) -> int | None:
    """The one year a caption sentence gives its columns ("during 2017", "in fiscal year 2018"), or None (no
    year, or more than one: "during 2017 and 2016" names no single column's year)."""
    m = _CAPTION_YEAR.search(cap)
    return int(m.group("y")) if m is not None and len(_ANY_YEAR.findall(cap)) == 1 and cap.rstrip().endswith(":") else None


def _caption_line(lines: list[tuple[int, int, str]], i: int) -> str:
    """The first line of words above line ``i``, over empty cells, units and currencies (at most
    ``MAX_NATURE_LINES`` lines up): a table's caption sentence, or ""."""
    for k in range(i - 1, max(-1, i - 1 - MAX_NATURE_LINES), -1):
        t = lines[k][2].strip()
        if not (_SKIP_LINE.match(t) or _UNIT.match(t) or _CURRENCY.match(t)):
            return t if len(t) <= 400 else ""
    return ""


def _header_word_cell(t: str) -> bool:
    """A line of a wrapped header cell: a party cell, or words that go on from the line over them ("personnel",
    "of the Company")."""
    return _party_cell(t) or (0 < len(t) <= 80 and (t[0].islower() or t[0] in "-–—") and not _has_digit(t)
                              and not (_UNIT.match(t) or _CURRENCY.match(t) or _MARKER.match(t)))


def _next_cell(lines: list[tuple[int, int, str]], i: int) -> str:
    """The first line after line ``i`` that is not an empty cell, a unit or a currency, stripped ("" at the end)."""
    for k in range(i + 1, len(lines)):
        t = lines[k][2].strip()
        if not (_SKIP_LINE.match(t) or _UNIT.match(t) or _CURRENCY.match(t)):
            return t
    return ""


def _stacked_parties(lines: list[tuple[int, int, str]], i: int, year: int) -> tuple[Header, int] | None:
    """Parties as columns, their header cells wrapped over lines, under a caption sentence that gives the one
    year ("Group transactions with related parties during 2017 were as follows:" / "Key management" / "Other
    related" / "Board of directors" / "Associates" / "personnel" / "parties" / "of the Company" / "Net sales" /
    "3,009" / "—" / ...): the first row's values say how many columns there are, and the wrapped cells are put
    together by :func:`~relparty.cells.stack_columns` (every cell taken, one column at least wrapped). The year
    is a whole year ended December 31 (the page gives no day: ``explicit_day`` False); None when the lines are
    no such header."""
    texts: list[tuple[int, int, str]] = []
    j = i
    while j < len(lines) and len(texts) <= 4 * MAX_COLUMNS:
        t = lines[j][2].strip()
        if _SKIP_LINE.match(t) or _UNIT.match(t) or _CURRENCY.match(t):
            j += 1
            continue
        if _VALUE_LINE.match(t):
            break
        if not _header_word_cell(t):
            return None
        texts.append((lines[j][0] + len(lines[j][2]) - len(lines[j][2].lstrip()), lines[j][0] + len(lines[j][2].rstrip()), t))
        j += 1
    n, k = 0, j
    while k < len(lines) and n <= MAX_COLUMNS:
        t = lines[k][2].strip()
        if _VALUE_LINE.match(t):
            n += 1
        elif not (_SKIP_LINE.match(t) or _CURRENCY.match(t)):
            break
        k += 1
    if len(texts) < 3 or n < 2 or n > MAX_COLUMNS:
        return None
    label = texts.pop()  # the first row's label: the last words before its values
    got = stack_columns([x[2] for x in texts], n)
    if got is None or got[1] != 0 or all(len(c) == 1 for c in got[0]):
        return None
    cols = got[0]
    names = [" ".join(texts[x][2] for x in c) for c in cols]
    totals = 0
    while totals < len(names) and _TOTAL.fullmatch(names[-1 - totals]):
        totals += 1
    parties = cols[: len(cols) - totals]
    if len(parties) < 2 or any(not _party_cell(texts[c[0]][2]) or _TOTAL.fullmatch(names[p]) for p, c in enumerate(parties)):
        return None
    spans = [(min(texts[x][0] for x in c), max(texts[x][1] for x in c)) for c in parties]
    m = len(parties)
    after = next(q for q in range(i, len(lines)) if lines[q][0] >= label[0])
    h = Header([(date(year, 12, 31), 12)] * m, list(range(m)), [None] * m, m + totals, lines[i][0], texts[-1][1],
               explicit_day=False, parties=spans)
    h.party_names = [" ".join(nm.split()) for nm in names[:m]]
    return h, after


_WRAPPED_CELL = re.compile(r"(?:\band|\bof|\bthe|,)$")


def _party_cells(lines: list[tuple[int, int, str]], j: int) -> tuple[list[tuple[int, int]], int]:
    """The run of party cells from line ``j`` (a cell the page wrapped, "Beneficial Owner and" / "Subsidiaries",
    joined into one) and the line after it."""
    cells: list[tuple[int, int]] = []
    prev = ""
    while j < len(lines) and len(cells) <= MAX_COLUMNS and _party_cell(t := lines[j][2].strip()):
        raw = lines[j][2]
        a, b = lines[j][0] + len(raw) - len(raw.lstrip()), lines[j][0] + len(raw.rstrip())
        if cells and _WRAPPED_CELL.search(prev):
            cells[-1] = (cells[-1][0], b)
        else:
            cells.append((a, b))
        prev, j = t, j + 1
    return cells, j


def _parties_then_totals(lines: list[tuple[int, int, str]], j: int) -> tuple[list[tuple[int, int]], int, int] | None:
    """Two or more party cells from line ``j``, then one or more "Total" cells: (the party cells, how many totals,
    the line after them), or None."""
    cells, j = _party_cells(lines, j)
    totals = 0
    while j < len(lines) and _TOTAL.fullmatch(lines[j][2].strip()):
        totals, j = totals + 1, j + 1
    return (cells, totals, j) if len(cells) >= 2 and totals else None


def _parties_over_years(lines: list[tuple[int, int, str]], i: int, m: re.Match[str]) -> tuple[Header, int] | None:
    """Parties over the years of each ("Years ended" / "March 31," / "Beneficial Owner and Subsidiaries" /
    "Principal Owners" / "Equity Method Investees" / "Total" / "2011" / "2012" / "2013" x 4 / "2013" (US$) / "(In
    millions)" / "Nature of transactions" / "Rs." ...): one column per party and year, the Total group's and the
    translation's columns no facts."""
    months = _months_of(m)
    rest = (m.group("rest") or "").strip()
    j = i + 1
    md = _month_day(rest) if rest else None
    if md is None and j < len(lines) and (md := _month_day(lines[j][2].strip())) is not None:
        j += 1
    if md is None or md[1] is not None or months is None:
        return None
    got = _parties_then_totals(lines, j)
    if got is None:
        return None
    cells, totals, j = got
    years: list[int] = []
    while j < len(lines) and len(years) <= MAX_COLUMNS and (y := _YEAR.match(lines[j][2].strip())):
        years.append(int(y.group(1)))
        j += 1
    groups = len(cells) + totals
    k = len(years) // groups
    if k < 1 or len(years) - k * groups > k or any(years[g * k:(g + 1) * k] != years[:k] for g in range(groups)):
        return None
    cur: str | None = None
    while j < len(lines) and ((t := lines[j][2].strip()).lower() in _COLUMN_WORDS or _UNIT.match(t) or _CURRENCY.match(t)
                              or _SKIP_LINE.match(t)):
        c = _CURRENCY.match(t)
        cur = cur or (currency_iso(c.group("c")) if c else None)
        j += 1
    periods = [(_mk(y, md[0]), months) for _ in cells for y in years[:k]]
    n = len(periods)
    h = Header(periods, list(range(n)), [cur] * n, len(years), lines[i][0], lines[j - 1][1],
               parties=[c for c in cells for _ in range(k)])
    return h, j


def _split_columns(lines: list[tuple[int, int, str]], j: int, h: Header) -> tuple[Header, int] | None:
    """Dates over columns that split each of them ("12.31.2020 / 12.31.2019 / Taxpayer ID / Company / Relationship /
    Country / Currency / Current / Non-Current / Current / Non-Current"): each date's columns in turn, each column
    its split ("current") as its nature; the descriptor words between are the row's text cells."""
    if h.from_caption or h.natures is not None or len(h.keep) != h.ncols or len(h.periods) < 1:
        return None
    k = j
    while k < len(lines) and k - j < 16 and (_SKIP_LINE.match(t := lines[k][2].strip()) or t.lower() in _COLUMN_WORDS
                                              or t.lower() in _DESCRIPTOR_WORDS):
        k += 1
    splits: list[tuple[int, int, str]] = []
    while k < len(lines) and len(splits) <= 4 * len(h.periods) + 1:
        t = lines[k][2].strip()
        if _SKIP_LINE.match(t):
            k += 1
            continue
        if t.lower() not in _SPLIT_WORDS:
            break
        splits.append(lines[k])
        k += 1
    n = len(h.periods)
    if len(splits) < 2 * n or len(splits) % n:
        return None
    per = len(splits) // n
    first = [x[2].strip().lower() for x in splits[:per]]
    if len(set(first)) != per or any([x[2].strip().lower() for x in splits[c * per : (c + 1) * per]] != first for c in range(n)):
        return None
    while k < len(lines) and (_SKIP_LINE.match(t := lines[k][2].strip()) or _UNIT.match(t) or _CURRENCY.match(t)
                              or _THOUSANDS_MARK.match(t)):
        k += 1  # "ThCh$" / "ThCh$": the unit of each column
    periods = [p for p in h.periods for _ in range(per)]
    return replace(h, periods=periods, keep=list(range(len(periods))), currencies=[c for c in h.currencies for _ in range(per)],
                   ncols=len(periods), end=lines[k - 1][1],
                   natures=[(x[0] + len(x[2]) - len(x[2].lstrip()), x[0] + len(x[2].rstrip())) for x in splits]), k


_SPLIT_WORDS = frozenset({"current", "non-current", "noncurrent", "non current", "short-term", "long-term", "short term",
                          "long term"})


def _split_heading(label: str) -> bool:
    """A subheading that only splits the section's balances by term ("Current", "Non-current:"): it keeps the section."""
    return label.strip(" :").lower() in _SPLIT_WORDS


_DESCRIPTOR_WORDS = frozenset({"taxpayer id", "taxpayer id no.", "company", "rut", "tax number", "name", "entity"})
_THOUSANDS_MARK = re.compile(r"^Th[A-Z][A-Za-z]{0,3}\$?$")  # "ThCh$", "ThUS$", "ThR$": thousands of a currency


def _two_groups(lines: list[tuple[int, int, str]], i: int) -> re.Match[str] | None:
    """Line ``i`` as the first of two column groups' captions, a flow and a balance ("Revenue for the
    year ended December 31, 2023 | Balance at December 31, 2023"), or None."""
    low = lines[i][2].lower()
    if len(low) > 120 or ("ended" not in low and " at" not in low):
        return None  # no words of a period: no group caption (the common line, decided at once)
    g = _GROUP.match(lines[i][2].strip())
    if g is None or i + 1 >= len(lines):
        return None
    nxt = lines[i + 1][2].strip()
    other = _HEADER.match(nxt) or _GROUP.match(nxt)
    return g if other is not None and (other.group("asof") is None) != (g.group("asof") is None) else None


MAX_NATURE_LINES = 40  # header lines read between the periods and the first row's values


def _natures(lines: list[tuple[int, int, str]], j: int, h: Header, kinds: Kinds) -> tuple[Header, int] | None:
    """Nature columns under the periods: ``2021 / 2020 / Receivable / Payable / Receivable /
    Payable`` or ``December 31, 2019 / Receivables / Payables / Trade receivables / Other
    receivables / Other payables / Lease liabilities``: the first row's values say how many
    columns there are; the header cells right before the first row's label lines are the leaf
    natures, one per column, and those before them their parents (each over an equal share).
    Every leaf names a kind (or is "Others"), no line of the first row's labels does; each
    period spans an equal share of the columns (at least two natures each). The periods'
    header, each column its period and nature; or None when the lines are no such header."""
    if h.from_caption or len(h.keep) != h.ncols:
        return None
    texts: list[tuple[int, int, str]] = []
    k = j
    while True:
        if k >= len(lines) or k - j > MAX_NATURE_LINES:
            return None
        t = lines[k][2].strip()
        if _VALUE_LINE.match(t):
            break
        if _SKIP_LINE.match(t) or _UNIT.match(t) or _CURRENCY.match(t) or _MARKER.match(t):
            k += 1
            continue
        if _YEAR.match(t) or _month_day(t) or _HEADER.match(t) or len(t) > 120:
            return None
        texts.append(lines[k])
        k += 1
    v = 0
    while k < len(lines) and v <= MAX_COLUMNS:
        t = lines[k][2].strip()
        if _VALUE_LINE.match(t):
            v += 1
        elif not (_SKIP_LINE.match(t) or _CURRENCY.match(t) or _MARKER.match(t)):
            break
        k += 1
    per = v if len(h.keep) == 1 else v // len(h.keep)
    if v < 2 or v > MAX_COLUMNS or per < 2 or per * len(h.keep) != v:
        return None

    def named(x: tuple[int, int, str]) -> bool:
        return bool(kinds(x[0], x[1]))

    def nature(x: tuple[int, int, str]) -> bool:
        return not x[2].endswith(":") and (named(x) or _without_marks(x[2]).strip(" :").lower() in _OTHERS)

    lead = 0
    while lead < min(3, len(texts)) and not nature(texts[lead]):
        lead += 1  # "Scope / Company": headings of the label columns
    cand = texts[lead:]
    chosen: tuple[list[tuple[int, int, str]], list[tuple[int, int] | None]] | None = None
    for p in range(len(cand) - v):  # the first row keeps at least its label line
        parents, leaves, rest = cand[:p], cand[p : p + v], cand[p + v :]
        if not all(named(x) for x in parents) or not all(nature(x) for x in leaves) or any(nature(x) for x in rest[:-1]):
            continue
        over = _parents_over(parents, leaves, kinds)
        if over is not None:
            chosen = leaves, over  # the most parents that fit: "Receivables / Payables" over four natures
    if chosen is None:
        return None
    leaves, over = chosen
    out = Header([h.periods[c // per] for c in range(v)], list(range(v)), [h.currencies[c // per] for c in range(v)], v,
                 h.start, leaves[-1][1], h.months_known, h.notes_column, h.relationship_column, False, h.explicit_day)
    out.natures, out.parents = [(x[0], x[1]) for x in leaves], over
    after = next(n for n in range(j, len(lines)) if lines[n][0] >= leaves[-1][1])
    return out, after


_FLOW_KINDS = frozenset({"revenue", "cost", "other"})


def _natures_above(lines: list[tuple[int, int, str]], i: int, h: Header, kinds: Kinds) -> Header | None:
    """Nature columns over the periods: ``Assets balance / Liabilities balance / Transactions / Clients /
    Other assets / Suppliers / Other liabilities / Revenue (expenses)`` right above ``As of September 30,
    2022 / As of December 31, 2021 / ... / For the nine-month period ended September 30, 2022 / ... 2021``.
    The header cells right above the periods are the leaf natures, each over an equal share of the
    columns in order, and the run of named cells right above them their parents, all of them
    (:func:`_parents_over`: a named cell that fits over none is a nature too many). Only over
    periods that repeat (else the periods tell the columns apart); every leaf names a kind that fits
    its columns (a balance over as-of columns, a flow over "ended" ones) or is "Others"; the most
    leaves that fit. The periods' header, each column its period and nature; None when none fits."""
    n_cols = len(h.keep)
    if h.from_caption or h.natures is not None or n_cols != h.ncols or n_cols < 2 or len(set(h.periods)) == n_cols:
        return None
    texts: list[tuple[int, int, str]] = []
    k = i - 1
    while k >= 0 and i - k <= MAX_NATURE_LINES and len(texts) <= n_cols + 8:
        t = lines[k][2].strip()
        k -= 1
        if _SKIP_LINE.match(t) or _UNIT.match(t) or _CURRENCY.match(t) or _MARKER.match(t):
            continue
        if _VALUE_LINE.match(t) or _YEAR.match(t) or _month_day(t) or _HEADER.match(t) or len(t) > 60 or t.endswith((":", ".")):
            break
        texts.append(lines[k + 1])
    texts.reverse()
    own = [kinds(x[0], x[1]) for x in texts]
    for n in range(min(len(texts), n_cols), 1, -1):
        if n_cols % n:
            continue
        per, base = n_cols // n, len(texts) - n
        if all(_leaf_fits(texts[base + c], own[base + c], h.periods[c * per : (c + 1) * per]) for c in range(n)):
            leaves = texts[base:]
            above = texts[:base]
            p = 0
            while p < len(above) and own[base - p - 1]:
                p += 1  # the run of named cells right above the leaves: their parents, every one
            over = _parents_over(above[base - p :], leaves, kinds) if p else [None] * n
            if over is None:
                continue
            out = replace(h, natures=[(x[0], x[1]) for x in leaves for _ in range(per)],
                          parents=[over[c] for c in range(n) for _ in range(per)], groups=None)
            return out
    return None


def _leaf_fits(x: tuple[int, int, str], own: frozenset[str], periods: list[tuple[date, int | None]]) -> bool:
    """A leaf nature over these columns: it names a kind that fits them all (a balance over as-of columns,
    a flow over "ended" ones), or is "Others"."""
    if x[2].endswith(":"):
        return False
    if not own:
        return _without_marks(x[2]).strip(" :").lower() in _OTHERS
    instant = {m is None for _, m in periods}
    if len(instant) != 1:
        return False
    return bool(own & (frozenset(BALANCE_KINDS) if instant.pop() else _FLOW_KINDS))


def _skip_units(lines: list[tuple[int, int, str]], j: int) -> int:
    while j < len(lines) and (_SKIP_LINE.match(t := lines[j][2].strip()) or _UNIT.match(t) or _CURRENCY.match(t)):
        j += 1
    return j


def _natures_then_dates(lines: list[tuple[int, int, str]], i: int, m: re.Match[str],
                        kinds: Kinds) -> tuple[Header, int] | None:
    """A flow group whose periods each split into the same nature columns, beside a balance group whose dates
    come after the natures: ``Three Months Ended March 31, / 2017 / 2016 / (Receivable) Payable as of /
    (In thousands) / Incurred / Forgiven / Incurred / Forgiven / March 31, 2017 / December 31, 2016`` is six
    columns, 2017 incurred and forgiven, 2016 incurred and forgiven, then the balances at the two dates, the
    balance group's caption their nature. Every nature names a kind and each period has the same ones, in
    order; None when the lines are no such header."""
    if m.re is not _HEADER or m.group("asof") or (months := _months_of(m)) is None:
        return None
    md = _month_day(m.group("rest").strip())
    if md is None or md[1] is not None:
        return None
    j, years = i + 1, []
    while j < len(lines) and (y := _YEAR.match(lines[j][2].strip())) and len(years) <= MAX_COLUMNS:
        years.append(int(y.group(1)))
        j += 1
    j = _skip_units(lines, j)
    if not years or j >= len(lines) or len(lines[j][2].strip()) > 120:
        return None
    g = _GROUP.match(lines[j][2].strip())
    if g is None or g.group("asof") is None or g.group("rest2").strip():
        return None  # the balance group's caption, its dates written after the natures
    lead = lines[j][0] + len(lines[j][2]) - len(lines[j][2].lstrip())
    caption = (lead + g.start("nature2"), lead + g.end("nature2"))  # "(Receivable) Payable"
    j = _skip_units(lines, j + 1)
    natures: list[tuple[int, int, str]] = []
    while j < len(lines) and len(natures) <= MAX_COLUMNS:
        t = lines[j][2].strip()
        if _VALUE_LINE.match(t) or _YEAR.match(t) or _month_day(t) or _HEADER.match(t) or len(t) > 60:
            break
        natures.append(lines[j])
        j = _skip_units(lines, j + 1)
    k = len(natures) // len(years)
    if k < 2 or k * len(years) != len(natures) or not all(kinds(x[0], x[1]) for x in natures):
        return None
    block = [x[2].strip().lower() for x in natures[:k]]
    if any([x[2].strip().lower() for x in natures[p * k : (p + 1) * k]] != block for p in range(len(years))):
        return None
    dates: list[date] = []
    while j < len(lines) and (d := _month_day(lines[j][2].strip())) is not None and d[1] is not None:
        dates.append(_mk(d[1], d[0]))
        j += 1
    if not dates or len(natures) + len(dates) > MAX_COLUMNS:
        return None
    periods = [(_mk(y, md[0]), months) for y in years for _ in range(k)] + [(d, None) for d in dates]
    h = Header(periods, list(range(len(periods))), [None] * len(periods), len(periods), lines[i][0], lines[j - 1][1])
    h.natures = [(x[0], x[1]) for x in natures] + [caption] * len(dates)
    h.parents = [None] * len(periods)
    return h, j


def _parents_over(parents: list[tuple[int, int, str]], leaves: list[tuple[int, int, str]],
                  kinds: Kinds) -> list[tuple[int, int] | None] | None:
    """Each leaf nature's parent cell: parents share the leaves out equally, in order; one parent
    may stand over the last leaves only, those before it naming their own kinds ("Sales / Dividend
    income / Purchases and others: Raw material / Others"). A leaf that names a kind names its
    parent's; None when the parents do not fit the leaves."""
    v = len(leaves)
    if not parents:
        return [None] * v
    own = [kinds(x[0], x[1]) for x in leaves]
    pk = [kinds(x[0], x[1]) for x in parents]
    if v % len(parents) == 0 and v // len(parents) >= 2:
        w = v // len(parents)
        if all(not own[c] or own[c] & pk[c // w] for c in range(v)):
            return [(parents[c // w][0], parents[c // w][1]) for c in range(v)]
    if len(parents) != 1:
        return _parents_in_runs(parents, own, pk)
    first = v
    while first > 0 and (not own[first - 1] or own[first - 1] & pk[0]):
        first -= 1  # the run of leaves at the end that fit under the one parent
    if v - first < 2 or not any(own[first:]) or not all(own[:first]):
        return None
    return [None] * first + [(parents[0][0], parents[0][1])] * (v - first)


_OTHER_KIND = frozenset({"other"})
MAX_PARTITIONS = 2_000  # ways of sharing the leaves out among their parents tried (a wide header: no such reading)


def _parents_in_runs(parents: list[tuple[int, int, str]], own: list[frozenset[str]],
                     pk: list[frozenset[str]]) -> list[tuple[int, int] | None] | None:
    """Parents over unequal runs of the leaves, in order ("Sales and others: Sales / Others",
    "Purchase and others: Purchase of material / ... / Others"): each run starts with a leaf
    that names a kind of its parent, every leaf that names a kind names its parent's, and a leaf
    that names none ("Others") closes the run before it; a leaf of kind ``other`` ("Purchase of fixed
    assets", a loan) may sit under any parent. The one way of sharing them out that
    fits; None when none or more than one fits."""
    v, n = len(leaves := own), len(parents)
    if n > v or comb(v - 1, n - 1) > MAX_PARTITIONS:
        return None
    fits: list[tuple[int, ...]] = []
    for cut in combinations(range(1, v), n - 1):
        bounds = (0, *cut, v)
        if all(leaves[bounds[g]] & pk[g] and all(not leaves[c] or leaves[c] & pk[g] or leaves[c] == _OTHER_KIND
                                                  for c in range(bounds[g], bounds[g + 1])) for g in range(n)):
            fits.append(bounds)
            if len(fits) > 1:
                return None
    if not fits:
        return None
    b = fits[0]
    return [(parents[g][0], parents[g][1]) for g in range(n) for _ in range(b[g], b[g + 1])]


def _ended_header(lines: list[tuple[int, int, str]], i: int, m: re.Match[str]) -> tuple[Header, int] | None:
    if m.group("asof"):
        months: int | None = None
        rest = m.group("rest2")
    elif m.group("fy"):
        months, rest = 12, m.group("rest")
    elif m.group("q"):
        months, rest = 3, m.group("rest")
    else:
        w = m.group("mo").lower()
        months = _NUMBER_WORDS.get(w) or (int(w) if w.isdecimal() else None)
        if months is None:
            return None
        rest = m.group("rest")
    month_day: tuple[int, int] | None = None
    dates: list[date] = []
    currencies: list[str | None] = []
    durations: list[int | None] = [months]
    spans = [(lines[i][0], lines[i][1])]  # each column group's caption
    of_group: list[int] = []  # the group of each date written in a group's caption
    anchors: list[tuple[int, int]] = []  # the month and day of each as-of caption before the years, when they differ

    def take_md(t: str) -> bool:
        nonlocal month_day
        md = _month_day(t)
        if md is None:
            return False
        month_day = md[0]
        if md[1] is not None:
            dates.append(_mk(md[1], month_day))
            of_group.append(len(durations) - 1)
        return True

    if rest.strip() and not take_md(rest.strip()):
        return None
    j = i + 1
    notes = rel = False
    while j < len(lines) and j - i < MAX_HEADER_LINES + MAX_COLUMNS * 3:
        t = lines[j][2].strip()
        if _SKIP_LINE.match(t) or (t.lower() in _COLUMN_WORDS and not dates) or _unit_line(t, bool(dates)) or (
                not dates and (_ITEM.match(t) or _MARKER.match(t))):  # "Year ended December 31," / "(i)" / "Transactions"
            notes = notes or t.lower() in ("notes", "note")
            rel = rel or t.lower() in _RELATIONSHIP_WORDS
            j += 1
            continue
        again = _HEADER.match(t)
        group = _GROUP.match(t) if len(t) <= 120 else None
        other = again or group
        if other is not None and (other.group("asof") is not None) != (durations[-1] is None) and (
                not dates or len(of_group) == len(dates)):
            # a flow group and a balance group side by side ("Years ended June 30," / "Balance
            # receivable (payable) at June 30,"): the years that follow split between them
            rest_other = (other.group("rest2") if other.group("asof") else other.group("rest")).strip()
            if not rest_other or take_md(rest_other):
                durations.append(_months_of(other))
                spans.append((lines[j][0], lines[j][1]))
                if of_group and of_group[-1] != len(durations) - 1 and rest_other:
                    of_group[-1] = len(durations) - 1  # the date written in this group's caption
                j += 1
                continue
        if again and not dates and (again.group("asof") is not None) == (months is None):
            rest_again = (again.group("rest2") if again.group("asof") else again.group("rest")).strip()
            before = month_day
            if not rest_again or take_md(rest_again):
                if months is None and before is not None and month_day is not None and month_day != before and not dates:
                    # "As of December 31," / "As of June 30" / 2020 / 2021 / 2021: each anchor's year in turn, the
                    # last anchor's for the columns after (its translation)
                    anchors[:] = (anchors or [before]) + [month_day]
                # "As of" / "As of December 31," on two lines; "Three Months Ended June 30," /
                # "Six Months Ended June 30," side by side: the years that follow split between them
                if months is not None:
                    durations.append(_months_of(again) or months)
                j += 1
                continue
        if take_md(t):
            j += 1
            continue
        y = _YEAR.match(t)
        if y and month_day is not None:
            dates.append(_mk(int(y.group(1)), anchors[min(len(dates), len(anchors) - 1)] if anchors else month_day))
            j += 1
            continue
        c = _CURRENCY.match(t)
        if c and dates:
            currencies.append(currency_iso(c.group("c")))
            j += 1
            continue
        break
    if not dates:
        return None
    even = len(durations) > 1 and len(dates) % len(durations) == 0
    runs = _date_runs(dates) if len(spans) > 1 and not of_group else None
    if len(spans) > 1 and len(of_group) == len(dates) and len(set(of_group)) == len(spans):
        cols = of_group  # each group's dates in its caption
    elif runs is not None and len(set(runs)) == len(durations):
        cols = runs  # "Transaction values for the years ended" / "Balance outstanding as at": 2023 2022 2021 | 2023 2022
    elif len(spans) > 1 and not (even and not of_group):
        return None  # column groups whose dates the header does not share out
    elif even:
        cols = [k // (len(dates) // len(durations)) for k in range(len(dates))]
    else:
        cols = [0] * len(dates)
    h = _make_header([(d, durations[g]) for d, g in zip(dates, cols)], currencies, lines[i][0], lines[j - 1][1])
    if len(spans) > 1:
        h.groups = [spans[cols[k]] for k in h.keep]
    h.notes_column, h.relationship_column = notes, rel
    return h, j


def _date_runs(dates: list[date]) -> list[int]:
    """Each date's run: the dates of one column group run one way (2023, 2022, 2021), and the next
    group's start where the order turns back (2023, 2022, 2021, 2023, 2022 is two runs: 0, 0, 0, 1, 1)."""
    out: list[int] = []
    run, way = 0, 0
    for k, d in enumerate(dates):
        if k:
            step = (d > dates[k - 1]) - (d < dates[k - 1])
            if step == 0 or (way and step != way):
                run, way = run + 1, 0
            else:
                way = step
        out.append(run)
    return out


def _months_of(m: re.Match[str]) -> int | None:
    if m.group("asof"):
        return None
    if m.group("fy"):
        return 12
    if m.group("q"):
        return 3
    w = m.group("mo").lower()
    return _NUMBER_WORDS.get(w) or (int(w) if w.isdecimal() else None)


@dataclass
class _HeaderCells:
    """The cells of a bare header's run: years (one month and day for all, or none), dates, currencies."""

    years: list[int] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    currencies: list[str | None] = field(default_factory=list)
    month_day: tuple[int, int] | None = None
    notes: bool = False
    relationship: bool = False
    end: int = 0  # the line after the run


def _header_cells(lines: list[tuple[int, int, str]], i: int) -> _HeaderCells:
    """Read a run of year, date and currency cells from line ``i``. A date cell may be wrapped after
    its day ("September 30," / "2013" / "March 31," / "2013"), or the page may give the months and
    days first and the years after them ("September 30," / "December 31," / "2020" / "2019");
    one month and day over years ("March 31" / "2024" / "2025") is the years' month and day."""
    c = _HeaderCells()
    mds: list[tuple[int, int]] = []  # months and days before any year
    pending: tuple[int, int] | None = None  # a wrapped date cell's month and day, its year next
    pending_j = j = i
    while j < len(lines) and j - i < MAX_HEADER_LINES + MAX_COLUMNS * 3:
        t = lines[j][2].strip()
        low = t.lower()
        if _SKIP_LINE.match(t) or (low in _COLUMN_WORDS and not (c.years or c.dates or mds)) or \
                _unit_line(t, bool(c.years or c.dates)):
            c.notes = c.notes or low in ("notes", "note")
            c.relationship = c.relationship or low in _RELATIONSHIP_WORDS
            j += 1
            continue
        y = _YEAR.match(t)
        md = _month_day(t)
        if md and md[1] is None and not (c.years or c.dates) and pending is None and not c.currencies:
            mds.append(md[0])
        elif md and md[1] is None and pending is None and not c.currencies and (
                (len(mds) == 1 and len(c.years) == 1 and not c.dates) or (c.dates and not c.years)):
            if c.years:  # the first wrapped date cell
                c.dates, c.years, mds = [_mk(c.years[0], mds[0])], [], []
            pending, pending_j = md[0], j
        elif y and pending is not None:
            c.dates.append(_mk(int(y.group(1)), pending))
            pending = None
        elif y and not c.dates and not c.currencies:
            c.years.append(int(y.group(1)))
        elif md and md[1] is not None and not c.years and not c.currencies and not mds:
            c.dates.append(_mk(md[1], md[0]))
        elif (c.years or c.dates) and _CURRENCY.match(t):
            c.currencies.append(currency_iso(_CURRENCY.match(t).group("c")))  # type: ignore[union-attr]
        else:
            break
        j += 1
    c.end = pending_j if pending is not None else j  # a month and day with no year after it is no column
    if len(c.years) + len(c.dates) + len(mds) < 2 and (stacked := _stacked_dates(lines, i)) is not None:
        c.dates, c.years, c.end = stacked[0], [], _currency_cells(lines, stacked[1], c.currencies)
        if not c.currencies:  # the currency cells below a section row ("Due to related parties:" / "RMB" / "RMB")
            _currency_cells(lines, _past_label(lines, c.end), c.currencies)
            c.currencies[len(c.dates):] = []
        return c
    if len(mds) >= 2:  # months and days first, then as many years: dates in order
        c.dates, c.years = ([_mk(y, m) for m, y in zip(mds, c.years)], []) if len(c.years) == len(mds) else ([], [])
    elif mds:
        c.month_day = mds[0]
    return c


def _currency_cells(lines: list[tuple[int, int, str]], j: int, out: list[str | None]) -> int:
    """The currency cells after the period cells ("RMB" / "RMB" / "U.S. Dollars"), into ``out``; the line after them."""
    k = j
    while k < len(lines) and k - j < MAX_COLUMNS * 3:
        t = lines[k][2].strip()
        if (m := _CURRENCY.match(t)) is not None:
            out.append(currency_iso(m.group("c")))
            j = k + 1
        elif not (_SKIP_LINE.match(t) or _unit_line(t, True)):
            break
        k += 1
    return j


def _past_label(lines: list[tuple[int, int, str]], j: int) -> int:
    """The line after a section row of at most three lines that ends in a colon ("Short-term borrowings due to
    related" / "parties:"), else ``j``."""
    k, seen = j, 0
    while k < len(lines) and seen < 3 and k - j < MAX_HEADER_LINES + MAX_COLUMNS * 3:
        t = lines[k][2].strip()
        if not _SKIP_LINE.match(t):
            seen += 1
            if t.endswith(":"):
                return k + 1
        k += 1
    return j


def _stacked_dates(lines: list[tuple[int, int, str]], i: int) -> tuple[list[date], int] | None:
    """A header whose date cells are cut in two, the tops first and then the bottoms ("June 30," /
    "December" / "December 31," / "2015" / "31, 2015" / "2015"): the n-th top and the n-th bottom
    make the n-th date. The bottoms begin at the first cell that begins with a digit."""
    cells: list[tuple[str, int]] = []
    tops = 0  # how many cells come before the first bottom
    j = i
    while j < len(lines) and (not tops or len(cells) < 2 * tops) and j - i < MAX_HEADER_LINES + MAX_COLUMNS * 3:
        t = lines[j][2].strip()
        if not _SKIP_LINE.match(t):
            if t[:1].isdigit():
                if not cells:
                    return None  # the tops begin with a month
                tops = tops or len(cells)
            elif tops or month_number(t.split()[0].rstrip(",.")) is None:
                break
            cells.append((t, j))
        j += 1
    if tops < 2 or len(cells) < 2 * tops:
        return None
    dates = []
    for (top, _), (bottom, _) in zip(cells[:tops], cells[tops : 2 * tops]):
        md = _month_day(f"{top} {bottom}")
        if md is None or md[1] is None or _month_day(bottom) is not None:
            return None  # a bottom that is a whole date is another column, not this one's end
        dates.append(_mk(md[1], md[0]))
    return dates, cells[2 * tops - 1][1] + 1


def _bare_header(lines: list[tuple[int, int, str]], i: int, caption: str | None,
                 single: bool = False) -> tuple[Header, int] | None:
    """``Notes / 2021 / 2022 / 2023 / EUR / EUR / EUR`` or ``December 31, 2022 / December 31, 2023``:
    at least two year or date cells in a run (:func:`_header_cells`). The kind of period and the
    month and day come from the caption when it says them ("for the years ended June 30"), else the
    columns are dates (as of) or years whose kind the rows' kind decides."""
    c = _header_cells(lines, i)
    j = c.end
    if len(c.years) + len(c.dates) < (1 if single else 2):
        return None
    cap = _caption_kind(caption) or _caption_kind(_above(lines, i))
    if c.dates:
        months = cap[0] if cap and cap[0] is not None else None
        periods = [(d, months) for d in c.dates]
        known = True
    else:
        md = c.month_day or (cap[1] if cap and cap[1] else (12, 31))
        months = cap[0] if cap else 12
        periods = [(_mk(y, md), months) for y in c.years]
        known = cap is not None
    h = _make_header(periods, c.currencies, lines[i][0], lines[j - 1][1])
    h.months_known, h.notes_column, h.relationship_column = known, c.notes, c.relationship
    h.explicit_day = bool(c.dates) or c.month_day is not None or bool(cap and cap[1])
    return h, j


_CAPTION_KIND = re.compile(
    rf"\b(?:(?P<fy>years?)|(?P<mo>\w+)[\s-]+months?|(?P<q>quarters?))\s+ended\s+(?P<m>{MONTH})\.?\s+(?P<d>\d{{1,2}})"
    rf"|\b(?P<asof>as\s+(?:of|at))\s+(?P<m2>{MONTH})\.?\s+(?P<d2>\d{{1,2}})"
    # the kind of period with its dates in the cells: "Amount of the transactions of the year ended" / "06/30/2020"
    rf"|\b(?:(?P<fy2>years?)|(?P<mo2>\w+)[\s-]+months?|(?P<q2>quarters?))\s+(?:periods?\s+)?ended\b(?![\s,]*(?:{MONTH}|\d))",
    re.I)


def _above(lines: list[tuple[int, int, str]], i: int) -> str:
    """The lines right above line ``i`` (up to three, unit and currency lines left out), joined:
    a caption sentence wrapped over lines ("... for the years ended" / "December 31, 2018, 2017
    and 2016 are as follows:" / "(In millions of won)")."""
    out: list[str] = []
    k = i - 1
    while k >= 0 and len(out) < 3 and i - k <= 6:
        t = lines[k][2].strip()
        if len(t) > 400 or _YEAR.match(t) or _month_day(t) or _VALUE_LINE.match(t) or _HEADER.match(t):
            break  # a header line that was not read as one is no caption
        if not (_UNIT.match(t) or _CURRENCY.match(t) or _SKIP_LINE.match(t)):
            out.append(t)
        k -= 1
    return " ".join(reversed(out))


def _caption_kind(caption: str | None) -> tuple[int | None, tuple[int, int] | None] | None:
    """(months or None for as-of, (month, day)) that a caption sentence states for its columns."""
    if not caption:
        return None
    m = _CAPTION_KIND.search(caption)
    if not m:
        return None
    if m.group("asof"):
        mon = month_number(m.group("m2"))
        return None, ((mon, int(m.group("d2"))) if mon else None)
    if m.group("fy") or m.group("fy2"):
        months: int | None = 12
    elif m.group("q") or m.group("q2"):
        months = 3
    else:
        w = (m.group("mo") or m.group("mo2")).lower()
        months = _NUMBER_WORDS.get(w) or (int(w) if w.isdecimal() else 12)
    if not m.group("m"):  # the cells give the month and day
        return months, None
    mon = month_number(m.group("m"))
    return months, ((mon, int(m.group("d"))) if mon else None)


def _make_header(periods: list[tuple[date, int | None]], currencies: list[str | None], start: int, end: int) -> Header:
    """A header of these columns; of one period written in two currencies ("2013 / 2013 / 2012" over "USD’000 /
    RMB’000 / RMB’000"), the column in the table's main currency (the most columns') is kept, the other is a
    convenience translation (ties: the first written)."""
    n = len(periods)
    cur = currencies if len(currencies) == n else [currencies[0] if currencies else None] * n
    counts = Counter(c for c in cur if c is not None)
    main = max(counts, key=lambda c: counts[c]) if counts else None  # the first written of the most common
    chosen: dict[tuple[date, int | None], int] = {}
    for k, p in enumerate(periods):
        if p not in chosen or (cur[k] != cur[chosen[p]] and cur[k] == main and cur[chosen[p]] != main):
            chosen[p] = k
    keep = [k for k, p in enumerate(periods) if chosen[p] == k or cur[k] == cur[chosen[p]]]
    return Header([periods[k] for k in keep], keep, [cur[k] for k in keep], n, start, end)


def _widen(h: Header, more: Header) -> None:
    """``more``'s columns appended to ``h``'s (a header continued by the next one)."""
    h.keep.extend(h.ncols + k for k in more.keep)
    h.periods.extend(more.periods)
    h.currencies.extend(more.currencies)
    h.ncols += more.ncols
    h.end = more.end
    h.months_known = h.months_known and more.months_known
    h.explicit_day = h.explicit_day and more.explicit_day
    h.notes_column = h.notes_column or more.notes_column
    h.relationship_column = h.relationship_column or more.relationship_column


def _caption_header(groups: list[PeriodGroup], caption: tuple[int, int] | None, text: str) -> Header | None:
    """The periods of the caption sentence right above rows with no header ("For the years
    ended June 30, 2021, 2022 and 2023, freight bought from related parties was as follows:")."""
    if caption is None or not text[caption[0] : caption[1]].rstrip().endswith(":"):
        return None
    inside = [g for g in groups if caption[0] <= g.start and g.end <= caption[1] and g.kind in ("flow", "instant")]
    if not inside or len(inside[-1].periods) < 2:
        return None
    g = inside[-1]
    h = _make_header(list(g.periods), [], g.start, g.end)
    h.from_caption = True
    return h


def _line_above(text: str, pos: int) -> str:
    """The line above ``pos`` that is not a unit or currency line ("(In millions of won)")."""
    end = pos
    for _ in range(4):
        start = text.rfind("\n", 0, max(0, end - 1)) + 1
        line = text[start:end].strip()
        if not (_UNIT.match(line) or _CURRENCY.match(line) or _SKIP_LINE.match(line)) or start == 0:
            return line[:2000]
        end = start
    return ""


def _rows_follow(lines: list[tuple[int, int, str]], j: int, n: int) -> bool:
    """Right under the caption: a row label and exactly ``n`` value cells (no header cells)."""
    while j < len(lines) and _SKIP_LINE.match(lines[j][2].strip()):
        j += 1
    if j >= len(lines):
        return False
    first = lines[j][2].strip()
    if _header(lines, j, None) is not None or _YEAR.match(first) or _month_day(first) or _CURRENCY.match(first) \
            or _UNIT.match(first) or _VALUE_LINE.match(first) or first.lower() in _COLUMN_WORDS or len(first) > 160:
        return False
    k = j + 1
    while k < len(lines) and k - j <= n + 1 and (_VALUE_LINE.match(lines[k][2].strip()) or _CURRENCY.match(lines[k][2].strip())):
        k += 1
    values = sum(1 for x in range(j + 1, k) if _VALUE_LINE.match(lines[x][2].strip()))
    return values == n and (k >= len(lines) or not _VALUE_LINE.match(lines[k][2].strip()))


# --- the grid reader ---------------------------------------------------------------------------


@dataclass
class _State:
    header: Header | None = None
    caption: tuple[int, int] | None = None
    section: tuple[str, int] | None = None
    label: tuple[int, int, str] | None = None
    cells: list[tuple[int, int, str]] = field(default_factory=list)
    relationship: tuple[int, int, str] | None = None  # the row's "Relationship" cell
    text_start: int | None = None  # the first text cell after the previous row (names, relationships, countries)
    pending_captions: list[tuple[int, int] | None] = field(default_factory=list)
    col_captions: list[tuple[int, int]] = field(default_factory=list)
    grid: Grid | None = None
    marks: set[str] = field(default_factory=set)  # "(5)" read as a value's note marker in this table
    header_line: int | None = None  # the line the grid's header starts on, until its natures above are looked for


def read_grids(text: str, groups: list[PeriodGroup] | None = None, kinds: Kinds | None = None) -> tuple[list[Grid], list[str]]:
    """The page's flattened tables as grids (every row with every cell's offsets), and warnings.
    ``kinds`` says where the text holds kind words: with it, nature columns are read (:func:`_natures`)."""
    lines = _lines(text)
    grids: list[Grid] = []
    warnings: list[str] = []
    groups = groups or []
    group_starts = [g.start for g in groups]  # in text order: a caption's periods found by bisection
    st = _State()
    cut_line = len(lines) - 1 if lines and _CUT.match(lines[-1][2].strip()) else -1

    def flush(status: str | None = None) -> None:
        if st.grid is not None and (st.label is not None or st.cells):
            _add_row(st, status)
        st.label, st.cells, st.relationship, st.text_start = None, [], None, None

    def start_grid(header: Header) -> None:
        groups_ = [c for c in st.pending_captions if c is not None and not _UNIT.match(text[c[0] : c[1]].strip())]
        if st.label is not None and not st.cells and not _UNIT.match(st.label[2].strip()):
            groups_.append((st.label[0], st.label[1]))
        st.pending_captions = []
        if st.label is not None and not st.cells and not _UNIT.match(st.label[2].strip()):
            st.caption = (st.label[0], st.label[1])  # "Purchase from related parties" right before the header
        elif st.section is not None and (st.grid is None or not (valued := [r for r in st.grid.rows if r.cells])
                                         or st.section[1] > _row_start(valued[-1])):
            st.caption = (st.section[1], st.section[1] + len(st.section[0]))  # "Due from related parties:"
        flush()
        st.section, st.label = None, None
        st.header, st.marks = header, set()
        # "Amounts due from ... / Amounts due to ..." above one header: each caption owns an
        # equal share of the columns, in order
        st.col_captions = groups_ if len(groups_) >= 2 and len(header.keep) % len(groups_) == 0 else []
        if not st.col_captions and header.natures is None and header.parties is None \
                and len(set(header.periods)) < len(header.periods) \
                and header.ncols <= MAX_COLUMNS:
            # "2019 / 2018 / 2019 / 2018" in one currency and no captions to share them out: two
            # groups of columns that the page does not tell apart
            warnings.append("a table whose columns repeat the same periods was not read")
            st.header, st.grid = None, None
            return
        if header.ncols > MAX_COLUMNS:
            warnings.append(f"a table of {header.ncols} columns was not read (more than {MAX_COLUMNS})")
            st.header, st.grid = None, None
            return
        above = _line_above(text, header.start)
        st.grid = Grid(header, st.caption, bool(_COMPENSATION.search(above)) or bool(
            st.caption and _COMPENSATION.search(text, st.caption[0], st.caption[1])))
        st.grid.related = bool(_RELATED.search(text, max(0, header.start - RELATED_CONTEXT), header.start)) or bool(
            st.caption and _RELATED.search(text, st.caption[0], st.caption[1]))
        if st.caption and _unrelated(text[st.caption[0] : st.caption[1]]):
            st.grid.related = False  # "Notes payable to unrelated parties" under a related-party note
        grids.append(st.grid)

    i = 0
    while i < len(lines):
        s, e, raw = lines[i]
        core = raw.strip()
        if len(core) > MAX_CELL:
            warnings.append(f"a line of {len(core)} characters ends a table (longer than {MAX_CELL})")
            flush()
            st.header, st.grid, st.section, st.caption = None, None, None, None
            i += 1
            continue
        if _SKIP_LINE.match(core):
            i += 1
            continue
        cap_text = text[st.caption[0] : st.caption[1]] if st.caption else None
        inside_row = st.header is not None and st.label is not None and 0 < len(st.cells) < st.header.ncols
        got = _header(lines, i, cap_text, bare=not inside_row, kinds=kinds)
        if got is not None:
            if st.grid is not None and not st.grid.rows and st.label is None and not st.cells and not st.grid.header.from_caption:
                # "Three Months Ended June 30, / 2024 / 2023 / Six Months Ended June 30, / 2024 / 2023":
                # headers with no row between them are one header, their columns side by side
                _widen(st.grid.header, got[0])
            else:
                start_grid(got[0])
                st.header_line = i
            i = got[1]
            continue
        if (st.header is None or not inside_row) and (pc := _party_columns(lines, i)) is not None:
            start_grid(pc[0])
            i = pc[1]
            continue
        if st.header is None:
            near = groups[bisect_left(group_starts, s) : bisect_right(group_starts, e)]
            ch = _caption_header(near, (s, e), text) if core.endswith(":") and len(core) < 400 else None
            if ch is not None and _rows_follow(lines, i + 1, len(ch.keep)):
                st.caption = (s, e)  # no header under it: the caption sentence's periods are the columns
                start_grid(ch)
            elif len(core) < 160 and not _UNIT.match(core):  # "(In thousands)" is the unit, not the caption
                st.caption = (s, e)
            i += 1
            continue
        if kinds is not None and st.header_line is not None and st.grid is not None and not st.grid.rows:
            # the header is whole (headers side by side widened into one): nature columns above its periods
            above = _natures_above(lines, st.header_line, st.grid.header, kinds)
            if above is not None:
                st.grid.header = st.header = above
        st.header_line = None
        i = _row_line(st, lines, i, text, flush, cut_line)
    if st.header is not None and st.label is not None and 0 < len(st.cells) < st.header.ncols \
            and not text[st.cells[-1][1]:].strip(" \t\n|"):
        flush("cut")  # the page ends inside the last row ("Amounts due from Pengo / — / 2,"): its complete cells
    flush()
    return grids, warnings


def _row_line(st: _State, lines: list[tuple[int, int, str]], i: int, text: str, flush, cut_line: int) -> int:  # type: ignore[no-untyped-def]
    """Read line ``i`` inside a table (a header is set); the next line's index."""
    s, e, raw = lines[i]
    core = raw.strip()
    header = st.header
    assert header is not None
    want = header.ncols + (1 if header.notes_column else 0)
    if i == cut_line and st.label is not None and _CUT.match(core) and not _VALUE_LINE.match(core):
        flush("cut")  # "Amounts due from Pengo / — / 2,": the page ends inside the last number
        return i + 1
    if _PERCENT.match(core):
        return i + 1  # "12%", "(3.5)%": a percentage column
    if core == ")":
        return i + 1  # "(142,228" / ")": a negative the page broke over two lines (also the last of its row)
    if _MARKER.match(core) and st.label is not None and not st.cells:
        return i + 1  # a relationship letter or note marker between the label and the numbers
    if _ONE_MARK.match(core) and st.label is not None and not st.cells and header.ncols >= 2 and i + 1 < len(lines) \
            and not (_VALUE_LINE.match(nxt := lines[i + 1][2].strip()) or _CURRENCY.match(nxt)):
        # "Chan Sze Ho" / "(1)" / "Brokerage commission" / ...: a name's footnote number, then its nature (with one
        # column, "Total" / "(5)" / "Rent paid ..." is a row of a negative five)
        return i + 1
    if st.label is not None and st.cells and (_MARKS_LINE.match(core) or (_ONE_MARK.match(core) and (
            core in st.marks or _overflows(lines, i, len(st.cells), want)))):
        st.marks.add(core)  # the same mark after another value of the table is a marker too
        return i + 1  # "217 / (5) / 447 / (5)", "304 / (5) (8)": a value's note marker, not a value
    if header.relationship_column and st.label is not None and not st.cells and st.relationship is None \
            and not _VALUE_LINE.match(core) and len(core) <= 160:
        st.relationship = (s, e, core)  # "Tenwave Group" / "An affiliate of the CEO" / 1,200
        return i + 1
    if _CURRENCY.match(core) and not _VALUE_LINE.match(core):
        return i + 1  # "$" / "432": the sign of the value after it (the header says the currency)
    if st.label is not None and len(st.cells) >= header.ncols and _ITEM.match(core):
        flush()  # "(2)" after a full row is the next item's marker, not a value
        return i + 1
    if _VALUE_LINE.match(core) or ("  " in core and all(_VALUE_LINE.match(p) for p in _SPLIT_VALUES.split(core))):
        if i + 1 < len(lines) and lines[i + 1][2].strip() == "%":
            return i + 2  # "12" / "%": a percentage column, not an amount
        if st.label is None and st.grid is not None:  # values with no label: a total row
            st.cells.append((s, e, core))
            if len(st.cells) >= header.ncols:
                flush("unlabelled")
            return i + 1
        off = s + raw.find(core)
        for p in _SPLIT_VALUES.split(core):
            ps = text.find(p, off, e)
            st.cells.append((ps, ps + len(p), p))
            off = ps + len(p)
        if len(st.cells) >= want:
            flush()
        return i + 1
    if len(core) > 160 or core.endswith(".") and len(core) > 60:
        flush()
        st.header, st.section, st.caption, st.grid = None, None, None, None
        return i + 1
    if _ITEM_LINE.match(core):
        if st.cells:
            flush()
        return i + 1  # "i." / "Interest at 1% per month" / 720,619: the item's number is not a label
    if st.cells:
        flush()
    if (bullet := _BULLET.match(core)) is not None:
        core = core[bullet.end():]  # "-SZ Century", "- BJ New Internet", "• Orbis Ltd": the list's dash is no part of it
    tv = _TRAILING_VALUES.search(core) if "  " in core else None
    if tv and tv.start() > 0:
        lab = core[: tv.start()].strip()
        ls = s + raw.find(core)
        st.label = (ls, ls + len(lab), _without_marks(lab))
        off = ls + tv.start("vals")
        for p in _SPLIT_VALUES.split(tv.group("vals").strip()):
            ps = text.find(p, off, e)
            st.cells.append((ps, ps + len(p), p))
            off = ps + len(p)
        return i + 1
    ls = s + raw.find(core)
    if st.text_start is None:
        st.text_start = ls
    if st.label is not None and not st.cells:
        st.pending_captions.append((st.label[0], st.label[1]))
    else:
        st.pending_captions = []
    if core.endswith(":"):
        flush()
        if not (st.section is not None and _split_heading(core[:-1])):
            st.section = (core[:-1], ls)  # "Current:" under "Amounts due from related parties:" keeps the section
        st.label = None
    elif st.label is not None and not st.cells and (_JOIN_LABEL.search(st.label[2]) or core[:1].islower()
                                                    or _TOTAL.fullmatch(st.label[2].strip(" :"))):
        # a label on two lines: "Service fees charged by" / "Tenwave Group"; "Total" / "Notes payable to related parties"
        st.label = (st.label[0], ls + len(core), _without_marks(f"{st.label[2]} {core}"))
        st.pending_captions = st.pending_captions[:-1]
    elif st.label is not None and not st.cells:
        # a label with no values, followed by another label, was a section heading
        if st.grid is not None:
            st.grid.rows.append(GridRow(st.label[2], st.label[0], st.label[1], None, [], "section"))
        if not (st.section is not None and _split_heading(st.label[2])):
            st.section = (st.label[2], st.label[0])
        st.label = (ls, ls + len(core), _without_marks(core))
    else:
        st.label = (ls, ls + len(core), _without_marks(core))
    return i + 1


_BULLET = re.compile(r"^[-–•·][ \t]*(?=[A-Za-z(])")


def _overflows(lines: list[tuple[int, int, str]], i: int, have: int, want: int) -> bool:
    """Would the row hold more cells than its columns if line ``i`` ("(5)") and the value lines after it, up
    to the next label, were all values? Then "(5)" is a marker after a value, not a negative five."""
    n = have + 1
    k = i + 1
    while k < len(lines) and k - i <= 3 * want + 3 and n <= want:
        t = lines[k][2].strip()
        if _VALUE_LINE.match(t) or _MARKS_LINE.match(t):
            n += 1
        elif not (_SKIP_LINE.match(t) or _CURRENCY.match(t) or t == ")"):
            break
        k += 1
    return n > want


def _add_row(st: _State, status: str | None) -> None:
    assert st.grid is not None and st.header is not None
    label, cells, h = st.label, list(st.cells), st.header
    if h.notes_column and len(cells) == h.ncols + 1 and _note_like(cells[0][2]):
        cells = cells[1:]  # the "Notes" column's marker
    if status is None:
        if label is None:
            status = "unlabelled"
        elif _TOTAL.match(label[2]) or _TOTAL_AFTER.search(label[2]):
            status = "total"
        elif _ADJUSTMENT.match(label[2]):
            status = "adjustment"  # "Less: allowance for credit losses", "Less: unamortized discount"
        elif len(cells) < h.ncols:
            status = "short"
        elif len(cells) > h.ncols:
            status = "long"
        else:
            status = "row"
    st.grid.rows.append(GridRow(label[2] if label else None, label[0] if label else None, label[1] if label else None,
                                st.section[0] if st.section else None, cells, status))
    if status in ("row", "cut"):
        st.grid.rows[-1].text_start = st.text_start
        st.grid.rows[-1].section_start = st.section[1] if st.section else None
        st.grid.rows[-1].col_captions = list(st.col_captions)


def _unrelated(caption: str) -> bool:
    """A caption of parties that are not related ("Promissory notes payable to unrelated parties"),
    with no related parties named beside them ("due to related and unrelated parties" is related)."""
    return bool(_UNRELATED.search(caption)) and not _RELATED.search(_UNRELATED.sub(" ", caption)) \
        and not _RELATED_AND.search(caption)


_RELATED_AND = re.compile(r"(?i)\brelated\s+(?:and|or|&)\s+(?:unrelated|non-related|third)\b")


def _row_start(r: GridRow) -> int:
    return r.label_start if r.label_start is not None else r.cells[0][0] if r.cells else -1


def _note_like(t: str) -> bool:
    return bool(_MARKER.match(t) or re.fullmatch(r"\d{1,2}(?:\([a-z]\))?", t))


def table_rows(grid: Grid) -> list[TableRow]:
    """The grid's rows that can be facts: labelled, one value per column (the cut last row: its
    complete cells), with each caption of a split header over its share of the columns."""
    out: list[TableRow] = []
    h = grid.header
    for r in grid.rows:
        if r.status not in ("row", "cut") or r.label is None or r.label_start is None or r.label_end is None:
            continue
        kept: list[Cell] = []
        for k in h.keep:
            if k >= len(r.cells):
                break
            s, e, raw = r.cells[k]
            v = _value(raw)
            if v is None:
                kept = []
                break
            kept.append(Cell(abs(v), h.currencies[h.keep.index(k)], s, e, raw))
        if not kept or (r.status == "row" and len(kept) != len(h.keep)):
            continue
        caps, section_start = r.col_captions, r.section_start
        if h.natures is not None:  # one row per nature column: its kind is the column's
            end = r.cells[-1][1] if r.cells else r.label_end
            for c, cell in enumerate(kept):
                par = h.parents[c] if h.parents else None
                out.append(TableRow(r.label, r.label_start, r.label_end, r.section, section_start,
                                    grid.caption[0] if grid.caption else None, grid.caption[1] if grid.caption else None,
                                    [cell], [h.periods[c]], r.label_start, end, h.months_known, grid.compensation,
                                    grid.related, h.explicit_day, r.text_start, r.status == "cut" and c == len(kept) - 1,
                                    column=h.natures[c], column_parent=par, rule="table.kind-columns"))
            continue
        if h.parties is not None:  # one row per party column: its party is the column's
            end = r.cells[-1][1] if r.cells else r.label_end
            for c, cell in enumerate(kept):
                out.append(TableRow(r.label, r.label_start, r.label_end, r.section, section_start,
                                    grid.caption[0] if grid.caption else None, grid.caption[1] if grid.caption else None,
                                    [cell], [h.periods[c]], r.label_start, end, h.months_known, grid.compensation,
                                    grid.related, h.explicit_day, r.text_start, r.status == "cut" and c == len(kept) - 1,
                                    party_column=h.parties[c], party_name=h.party_names[c] if h.party_names else None,
                                    rule="table.party-columns-stacked" if h.party_names else "table.party-columns"))
            continue
        if h.groups is not None and not caps:  # a flow group and a balance group: one row each, its caption
            end = r.cells[-1][1] if r.cells else r.label_end
            c = 0
            while c < len(kept):
                e = c
                while e < len(kept) and h.groups[e] == h.groups[c]:
                    e += 1
                out.append(TableRow(r.label, r.label_start, r.label_end, r.section, section_start, h.groups[c][0],
                                    h.groups[c][1], kept[c:e], h.periods[c:e], r.label_start, end, h.months_known,
                                    grid.compensation, grid.related, h.explicit_day, r.text_start,
                                    r.status == "cut" and e == len(kept), balance_group=h.periods[c][1] is None,
                                    rule="table.column-groups"))
                c = e
            continue
        parts = len(caps) or 1
        width = len(h.keep) // parts
        end = r.cells[-1][1] if r.cells else r.label_end
        for g in range(parts):
            cap = caps[g] if caps else grid.caption
            cells = kept[g * width : (g + 1) * width]
            if not cells:
                continue
            out.append(TableRow(r.label, r.label_start, r.label_end, r.section, section_start,
                                cap[0] if cap else None, cap[1] if cap else None, cells,
                                h.periods[g * width : g * width + len(cells)], r.label_start, end, h.months_known,
                                grid.compensation, grid.related, h.explicit_day, r.text_start, r.status == "cut"))
    return out


# --- assembly: rows into records ---------------------------------------------------------------

BALANCE_KINDS = ("receivable", "payable")
_SIGNED_PAIRS = (frozenset(BALANCE_KINDS), frozenset({"revenue", "cost"}))  # a column of either, its sign says which
_PARTY_PREP = re.compile(r"\b(?:from|to|by|with|of|for)\s+(?P<p>[A-Z][\w&.,'’\- ]*?)\s*$")
# the party after the first preposition of direction ("Sales of goods to a company controlled by
# the CEO": "a company controlled by the CEO"), else after "of"/"for"
# (the phrase may be its head alone: "Accounts receivable from associates")
_PARTY_PREP_LOWER = re.compile(r"^.*?\b(?:from|to|by|with)\s+(?P<p>(?=[a-z])(?:[\w&'’\- ]*?\b)?(?P<n>[A-Za-z]+))\s*(?:,\s*net)?$")
_PARTY_OF_LOWER = re.compile(r"^.*?\b(?:of|for)\s+(?P<p>(?=[a-z])(?:[\w&'’\- ]*?\b)?(?P<n>[A-Za-z]+))\s*(?:,\s*net)?$")
_PARTY_NOUNS = {w.lower() for w in _CC.party_nouns}
_TERMS_TAIL = re.compile(_CC.terms_tail)
_RELATIONSHIP_TAIL = re.compile(r",\s+(?:an?|the)\s+(?:entity|company|affiliate|subsidiary|shareholder|director|member)\b.*$",
                                re.I)
_LABEL_VERB_TAIL = re.compile(r"\b(?:generated|derived|received|paid|charged|incurred|provided|earned)?\s*(?:from|to|by|with)\s*$",
                              re.I)
_MAY_START_EARLIER = re.compile(r"[A-Za-z]{0,9}\s*")


def _label_triggers(r: TableRow, trig_chars: list[tuple[int, int, Trigger]]) -> list[Trigger]:
    lo = bisect_left(trig_chars, r.label_start, key=lambda x: x[0])
    hi = bisect_left(trig_chars, r.label_end, key=lambda x: x[0])
    return [t for _, e, t in trig_chars[lo:hi] if e <= r.label_end]


def _fits(t: Trigger, instant: bool | None) -> bool:
    """The trigger's kind fits the columns: as-of columns a balance, "ended" columns a flow."""
    if instant is None:
        return True
    return (t.kind in BALANCE_KINDS) == instant


def _row_trigger(doc: Doc, r: TableRow, trig_chars: list[tuple[int, int, Trigger]]) -> tuple[Trigger, bool] | None:
    """The kind of a row: from its label, else its section, else the caption; a trigger that
    does not fit the columns ("Data hosting services from X" under "Amount due to related
    parties:" with as-of columns) gives way to the next place that has one that does."""
    text = doc_text(doc)
    instant = None if not r.months_known else r.periods[0][1] is None
    if r.column is not None and text[r.column[0] : r.column[1]].strip().lower() in _SPLIT_WORDS:
        r = replace(r, column=None)  # "Current" / "Non-Current": the label, section or caption says the kind
    if r.column is not None:  # a nature column ("Receivable", "Sales"): its cell, else the one over it, says the kind
        if instant is False and any(t.kind in BALANCE_KINDS for t in _label_triggers(r, trig_chars)):
            return None  # "Related party notes receivable" under an "Incurred" column: a balance has no flow
        for a, b in (r.column, r.column_parent or r.column):
            lo = bisect_left(trig_chars, a, key=lambda x: x[0])
            here = [(s, t) for s, e, t in trig_chars[lo:bisect_left(trig_chars, b, key=lambda x: x[0])]
                    if e <= b and t.kind != "balance"]
            inside = [t for _, t in here]
            fit = [t for t in inside if _fits(t, instant)]
            pair = next((p for p in _SIGNED_PAIRS if {t.kind for t in fit} >= p), None)
            if pair is not None and r.cells:
                # "(Receivable) Payable", "Revenue (expenses)": a parenthesised cell is the kind in parentheses,
                # a plain one the other; a nil flow has no direction: no fact (a nil balance is the plain kind, as before)
                if r.cells[0].value == 0 and pair is not _SIGNED_PAIRS[0]:
                    return None
                neg = re.sub(rf"^(?:{CURRENCY_MARK})\s*", "", r.cells[0].text.strip()).startswith("(")
                way = [t for s, t in here if t.kind in pair and (text[max(0, s - 1) : s] == "(") == neg]
                if way:
                    return way[-1], False
            if fit:
                return best(fit), False
            if inside:
                return None
        return None
    flows: list[str] = []
    flow_trigs: list[Trigger] = []
    for a, b in ((r.label_start, r.label_end), (r.section_start, r.section_start and r.section_start + 200),
                 (r.caption_start, r.caption_end)):
        if a is None or b is None:
            continue
        is_label = (a, b) == (r.label_start, r.label_end)
        if not is_label:
            b = text.find("\n", a)
            b = len(text) if b < 0 else b
        lo = bisect_left(trig_chars, a, key=lambda x: x[0])  # triggers in text order: those from a on, not all
        inside = [t for s, e, t in trig_chars[lo:bisect_left(trig_chars, b, key=lambda x: x[0])]
                  if e <= b and t.kind != "balance"]
        if not r.months_known and r.party_column is None:  # (a caption "for the year ended/as at": other is a flow)
            inside = [t for t in inside if t.kind != "other"]  # a loan under bare year columns: flow or balance?
        if instant and is_label and not any(t.kind in ("revenue", "cost") for t in inside):
            # "Loans to associates" under as-of columns: the loan's balance, receivable ("Interest expense on loans
            # from directors" is a flow's line, whatever the columns say)
            inside = [replace(t, kind=LOAN_BALANCE[t.detail], detail="loan", rule=f"{t.rule}+loan-balance")
                      if t.kind == "other" and t.detail in LOAN_BALANCE else t for t in inside]
        # "Deposits due to customers": a nature word ("customers", "suppliers") right after the direction is its object
        inside = [t for k, t in enumerate(inside) if not (k and t.rule.startswith("nature.") and inside[k - 1].tok_end == t.tok_start
                                                          and inside[k - 1].kind in BALANCE_KINDS)]
        fit = [t for t in inside if _fits(t, instant)]
        if inside and not fit and is_label and not instant:
            return None  # a balance label under "ended" columns: the columns do not say when it was owed
        if is_label:
            flow_trigs = [t for t in inside if t.kind in ("revenue", "cost")]
            flows = [t.kind for t in flow_trigs]
        if instant and {t.kind for t in fit} >= set(BALANCE_KINDS):
            # "Balance receivable (payable)": a row of fees earned is owed to the company, of fees paid owed by it
            way = {"revenue": "receivable", "cost": "payable"}.get(flows[-1]) if flows else None
            pick = [t for t in fit if t.kind == way]
            return (pick[-1], True) if pick else None  # the label said which way
        if fit:
            return (governing(fit) if is_label else best(fit)), is_label
    if instant and r.balance_group and flow_trigs:
        # "Balance at" beside "Revenue for the year ended": the row's flow says which way it is owed
        t = flow_trigs[-1]
        way = "receivable" if t.kind == "revenue" else "payable"
        return Trigger(way, None, t.tok_start, t.tok_end, f"{t.rule}+row-direction", t.text), True
    return None


def assemble_tables(doc: Doc, src: SourceText, warnings: list[ExtractionWarning] | None = None) -> list[Transaction | Balance]:
    """Table rows (``relparty_tables``) into records, with the narrative's kind triggers and parties.
    A row that fails is skipped with a warning naming it (into ``warnings``; raised without them)."""
    rows: list[TableRow] = doc._.rp_table_rows or []
    if not rows:
        return []
    triggers: list[Trigger] = doc._.rp_triggers or []
    parties: dict[str, Party] = doc._.rp_parties or {}
    mentions: list[Mention] = doc._.rp_party_mentions or []
    trig_chars = [(*token_chars(doc, t.tok_start, t.tok_end), t) for t in triggers]
    by_start = sorted(mentions, key=lambda m: m.start)  # a row's label mentions found by bisection
    starts = [m.start for m in by_start]
    out: list[Transaction | Balance] = []
    for r in rows:
        try:
            in_label = by_start[bisect_left(starts, r.label_start):bisect_right(starts, r.label_end)] \
                if r.label_start is not None and r.label_end is not None else []
            in_caption = by_start[bisect_left(starts, r.caption_start):bisect_right(starts, r.caption_end)] \
                if r.caption_start is not None and r.caption_end is not None else []
            # a row's other text cells and its section: their mentions by bisection too (each row
            # looked at every mention of the window: quadratic in a long table)
            in_text = by_start[bisect_left(starts, r.text_start):bisect_right(starts, r.label_start or 0)] \
                if r.text_start is not None else []
            in_section = by_start[bisect_left(starts, r.section_start):bisect_right(starts, r.section_start + len(r.section))] \
                if r.section is not None and r.section_start is not None else []
            rec = _table_row_record(doc, src, r, trig_chars, mentions, parties, in_label, in_caption, (in_text, in_section))
        except MemoryError:
            raise
        except Exception as err:  # contained to this row: the rest of the table and of the note are read
            if warnings is None:
                raise
            warnings.append(ExtractionWarning(message=f"{INTERNAL_ERROR} in a table row, skipped: {type(err).__name__}: {err}",
                                              span=src.span(r.start, r.end)))
            continue
        if rec is not None:
            out.append(rec)
    return out


def _table_row_record(doc: Doc, src: SourceText, r: TableRow, trig_chars: list, mentions: list[Mention],  # type: ignore[type-arg]
                      parties: dict[str, Party], in_label: list[Mention] | None = None,
                      in_caption: list[Mention] | None = None,
                      in_cells: tuple[list[Mention], list[Mention]] | None = None) -> Transaction | Balance | None:
    if r.cut and r.cells and src.span(r.cells[-1].start, r.cells[-1].end).end >= len(src.original.rstrip(" \t")):
        # the cut row's last cell is the page's last characters: it may itself be cut (GOLD.md, FIRST-SIGHT.md)
        r = replace(r, cells=r.cells[:-1], periods=r.periods[: len(r.cells) - 1])
        if not r.cells:
            return None
    if r.compensation and r.related:
        if r.months_known and r.periods[0][1] is None:
            return None  # a balance of pay owed: the prose says to whom
        if not r.explicit_day:
            days = _bare_year_periods(doc, src, r.periods)
            if days is None:
                return None  # bare year columns and no month and day on the page: the period's end is not written
            r = replace(r, periods=days)
        who = _whole_label_group(doc, r, mentions, parties)
        if who is not None and r.section:
            # "Salaries, bonuses, fees and benefits" / "Members of the Board of Directors" / ...: that group's pay
            return _pay_record(src, r, who, r.section.strip(" :").lower())
        if who is None and r.section and r.section_start is not None \
                and (group := _whole_section_group(r, mentions)) is not None:
            # "Officers:" / "Payroll and other short-term benefits" / "Consulting fees": the section's group's pay
            return _pay_record(src, r, group, None, (r.section_start, r.section_start + len(r.section)))
        return _pay_record(src, r)
    if r.related and _COMPENSATION.search(r.label) and (named := _label_party(r.label)) is not None \
            and not (r.months_known and r.periods[0][1] is None):
        # "Compensation to directors employed by the Company" under "Compensation to related parties": their pay
        return _pay_record(src, r, named, "compensation")
    if r.section and _PAY_SECTION.match(r.section.strip()) and _PAY_LABEL.match(r.label.strip()) \
            and r.explicit_day and not (r.months_known and r.periods[0][1] is None):
        # "Key management personnel" / "Salaries, social security benefits and other benefits": their pay, kind other
        sec = r.section.strip(" :")
        a = r.section_start if r.section_start is not None else r.label_start
        return _pay_record(src, r, sec, r.label.strip(" :").lower(), (a, a + len(sec)))
    got = _row_trigger(doc, r, trig_chars)
    if got is None:
        return None
    trig, from_label = got
    balance = trig.kind in BALANCE_KINDS
    periods = r.periods if r.months_known else [(d, None if balance else m) for d, m in r.periods]
    if not r.explicit_day:
        periods = _bare_year_periods(doc, src, periods)
        if periods is None:
            return None  # bare year columns and no month and day on the page: the period's end is not written
    line_item = not from_label and r.column is not None and bool(_label_triggers(r, trig_chars))
    return _row_record(doc, src, r, trig, from_label, balance, periods, mentions, parties, in_label, in_caption, line_item,
                       in_cells=in_cells)


# a full date written on one line ("as at January 31, 2020"; not a header's "June 30," over its "2023" cell)
_PAGE_FULL_DATE = re.compile(rf"\b(?P<m>{MONTH})\.?[ \t]+(?P<d>\d{{1,2}}),?[ \t]+(?:{_CC.year})\b")


# a full date written in numbers ("31/12/2019", "31.12.2018"): its day and month when one of them is over 12
_PAGE_NUMERIC_DATE = re.compile(rf"(?<![\d/.])(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.](?:{_CC.year})(?![\d/.])")


def _numeric_days(text: str) -> set[tuple[int, int]]:
    """(month, day) of every numeric full date of the page whose order is certain (a part over 12 is the day)."""
    out: set[tuple[int, int]] = set()
    for x in _PAGE_NUMERIC_DATE.finditer(text):
        a, b = int(x.group("a")), int(x.group("b"))
        if 12 < a <= 31 and 1 <= b <= 12:
            out.add((b, a))
        elif 12 < b <= 31 and 1 <= a <= 12:
            out.add((a, b))
    return out


def _bare_year_periods(doc: Doc, src: SourceText, periods: list[tuple[date, int | None]]) -> list[tuple[date, int | None]] | None:
    """The periods of bare year columns: each the filer's fiscal year of that name (a filing), the page's own
    period's month and day (an R page for the year ended June 30), else the one month and day that every full date
    the page writes has ("as at January 31, 2020", "January 31, 2019": the years end on January 31); None when the
    page says no day, or more than one."""
    if src.fiscal is not None:
        return [(src.fiscal.end(d.year), m) for d, m in periods]
    if src.period is not None:
        pe = src.period[0]
        return [(_mk(d.year, (pe.month, pe.day)), m) for d, m in periods]
    days = doc.user_data.get("rp_page_days")
    if days is None:  # once a page, not once a row
        days = doc.user_data["rp_page_days"] = sorted({(month_number(x.group("m")) or 0, int(x.group("d")))
                                                       for x in _PAGE_FULL_DATE.finditer(doc_text(doc))}
                                                      | _numeric_days(doc_text(doc)))
    if len(days) != 1:
        return None
    ((mon, day),) = days
    return [(_mk(d.year, (mon, day)), m) for d, m in periods] if mon else None


def _whole_label_group(doc: Doc, r: TableRow, mentions: list[Mention], parties: dict[str, Party]) -> str | None:
    """The group a pay row's label names as written ("Members of the Board of Directors", "Other members of key
    management": a short label holding a role or relational mention), or None."""
    label = " ".join(r.label.split())
    if len(label.split()) > 8 or any(ch.isdigit() for ch in label):
        return None
    inside = any(r.label_start <= m.start and m.end <= r.label_end and m.how in ("role", "relational") for m in mentions)
    return label if inside else None


def _whole_section_group(r: TableRow, mentions: list[Mention]) -> str | None:
    """The group a pay row's section names as a whole ("Officers:", "Directors", "Members of the Board"): a short
    section that one role or relational mention fills, but for a determiner; None otherwise."""
    assert r.section is not None and r.section_start is not None
    name = " ".join(r.section.strip(" :").split())
    if not name or len(name.split()) > 6:
        return None
    a = r.section_start
    b = a + len(r.section.rstrip(" :"))
    fill = any(a <= m.start and m.end <= b and m.how in ("role", "relational") and m.end - m.start >= len(_ARTICLE.sub("", name))
               for m in mentions)
    return name if fill or is_role_group(name) else None


def _pay_record(src: SourceText, r: TableRow, party: str | None = None, detail: str | None = None,
                at: tuple[int, int] | None = None) -> Transaction:
    """A row of a key management pay table: ``other``, the pay component its detail; or a row whose label
    says whose pay it is (``party``: "Compensation to directors employed by the Company")."""
    amounts = [PeriodAmount(period=Period(end=d, months=m or 12), amount=Amount(
        value=c.value, currency=c.currency, text=c.text, span=src.span(c.start, c.end))) for c, (d, m) in zip(r.cells, r.periods)]
    cp = Counterparty(name=party or "key management personnel", aliases=[], type="group",
                      span=src.span(*(at or (r.label_start, r.label_end))) if party else None)
    return Transaction(kind="other", counterparty=cp, service=None, detail=detail or r.label.strip(" :").lower(),
                       amounts=amounts, evidence=src.span(r.start, r.end),
                       kind_rule="table.pay.labelled" if party else "table.pay")


def _row_record(doc: Doc, src: SourceText, r: TableRow, trig: Trigger, from_label: bool, balance: bool,
                periods: list[tuple[date, int | None]], mentions: list[Mention],
                parties: dict[str, Party], in_label: list[Mention] | None = None,
                in_caption: list[Mention] | None = None, line_item: bool = False,
                in_cells: tuple[list[Mention], list[Mention]] | None = None) -> Transaction | Balance | None:
    """``line_item``: a row under nature columns whose label names a kind of its own ("Asset management fees"):
    a line item, not a party's name. ``in_label``, ``in_caption``, ``in_cells``: the mentions in the row's
    label, in its caption, and in its other text cells and its section (None: look among all of ``mentions``)."""
    party = _column_party(doc, r, mentions, parties) if r.party_column is not None else \
        _table_party(doc, r, mentions if in_label is None else in_label, parties, from_label)
    label = r.label if from_label else _RELATIONSHIP_TAIL.sub("", r.label)
    lp = _label_party(label)
    if party is None and lp is None:
        # "Consulting fees (1)" ... "(1) Fees paid to a company having a former director in common with the Company"
        party = _footnote_party(doc_text(doc), r, mentions, parties, from_aggregate=not from_label)
    elif _GENERIC_PARTY.fullmatch(party.name if party is not None else lp or ""):
        # "Purchase of packaging from related parties (note (a))" ... "(a) The Group purchased packaging from a
        # noncontrolling shareholder of a subsidiary": the footnote says who the related parties were
        party = _footnote_party(doc_text(doc), r, mentions, parties, first_named=True) or party
    if party is None and lp is None and r.section and r.section_start is not None:
        # the row's other text cells ("Inversiones X Ltda." / "Related director" / "Chile" / "Tickets sales"),
        # else its section ("Tenwave Group:" / "Sales" / "Purchases")
        in_text, in_section = (mentions, mentions) if in_cells is None else in_cells
        party = _first_named(r.text_start, r.label_start, in_text, parties) or _section_party(r, in_section, parties)
    elif party is None and lp is not None and r.section and r.section_start is not None \
            and (sp := _section_party(r, mentions if in_cells is None else in_cells[1], parties)) is not None \
            and _shortened(lp, sp.name):
        party = sp  # "(e) repayment of a loan due to a related company" under "Transactions with a related company in which ..."
    if party is None and lp is None and r.caption_start is not None and r.caption_end is not None:
        # "Related party transactions with Cencora (in millions):": the one party the caption names
        party = _caption_party(doc_text(doc), r.caption_start, r.caption_end, in_caption or [], parties)
    if party is None and r.label.strip().lower() in _COUNTRIES:
        return None  # "Coca Cola de Argentina" / "Director related" / "Argentina" / ...: the country names no party
    evidence = src.span(r.start, r.end)
    amounts = [
        PeriodAmount(period=Period(end=d, months=m), amount=Amount(value=c.value, currency=c.currency, text=c.text,
                                                                     span=src.span(c.start, c.end)))
        for c, (d, m) in zip(r.cells, periods)
    ]
    named = lp
    if from_label and named == label.strip(" ,"):
        named = None  # "Consulting Fees", "Management Fee Income": the label is the kind's line item, not a name
    others = label.lower().strip(" :") in _OTHERS or (named is not None and named.lower() in _OTHERS)
    if not r.related and not _RELATED.search(r.label):
        return None  # "Net sales", "Services" in a statement of operations: nothing says related parties
    fallback = None if others else named or (label if not from_label and not line_item and not _LINE_ITEM.match(label)
                                             else None)
    cp = Counterparty(name=counterparty_name(party.name if party and not others else fallback or "related parties"),
                      aliases=list(party.aliases) if party and not others else [],
                      type=party.type if party and not others else "entity" if fallback else "aggregate",  # type: ignore[arg-type]
                      span=src.span(*(r.party_column or (r.label_start, r.label_end))))
    rule = f"{r.rule}/{trig.rule}" if trig.rule else r.rule
    # a nature column's words say what the amount is ("Clients", "Other assets", "Purchase of material", "Others")
    column = _without_marks(doc_text(doc)[r.column[0] : r.column[1]]).strip(" :").lower() if r.column else None
    if balance:
        return Balance(kind=trig.kind, counterparty=cp, nature=trig.detail or column, line_item=label,  # type: ignore[arg-type]
                       amounts=amounts, evidence=evidence, kind_rule=rule)
    service = (column if column is not None else _label_service(label, cp.name)) if trig.kind in ("revenue", "cost") else None
    return Transaction(kind=trig.kind, counterparty=cp, service=service, detail=trig.detail,  # type: ignore[arg-type]
                       amounts=amounts, evidence=evidence, kind_rule=rule)


def _column_party(doc: Doc, r: TableRow, mentions: list[Mention], parties: dict[str, Party]) -> Party:
    """The party of a party column: its header cell as written ("Associates and its subsidiaries", "Joint
    operations"), the mention's type when one mention is the whole cell; "Others" is the related parties."""
    assert r.party_column is not None
    a, b = r.party_column
    name = r.party_name or " ".join(doc_text(doc)[a:b].split())
    if name.lower() in _OTHERS:
        return Party(key="related parties", name="related parties", type="aggregate")
    whole = [m for m in mentions if m.start == a and m.end == b]
    return Party(key=f"column:{a}", name=name, type=parties[whole[0].key].type if whole else "group", start=a, end=b)


# a label that is an account's line item, not a name: "Short-term advances", "Accrued interest", "Notes payable"
_LINE_ITEM = re.compile(r"(?i)^(?:(?:short|long)[\s-]+term\s+)?(?:(?:convertible|promissory|secured|unsecured)\s+){0,2}"
                        r"(?:advances|loans?|borrowings|notes?|debts?|amounts?|balances?|deposits?)\b"
                        r"(?!\s+(?:(?:payable|receivable|due|owed)\s+)?(?:from|to|with|of|by)\b)"
                        r"|^(?:accrued|unpaid)\s+(?:interest|expenses|liabilities|salar(?:y|ies)|fees)\b"
                        r"|^(?:non[\s-]?)?current\s+portion\b")


def _table_party(doc: Doc, r: TableRow, mentions: list[Mention], parties: dict[str, Party],
                 from_label: bool = True) -> Party | None:
    """The party of a table row: a mention that is the whole label, else the first name in it
    (unless the label is itself a longer name: "Xiaomi Communication" is not "Xiaomi").
    "Jinan QCY Co., Ltd., an entity influenced by a member of management": Jinan QCY, not the member."""
    text = doc_text(doc)
    inside = [m for m in mentions if r.label_start <= m.start and m.end <= r.label_end and parties[m.key].type != "aggregate"]
    whole = [m for m in inside if text[m.start : m.end].strip() == r.label.strip()]
    if whole:
        return parties[whole[0].key]
    if _label_party(r.label) == r.label:
        return None  # the label is a name of its own
    if (cut := _suffix_name(text, r, inside)) is not None:
        return cut
    named = [m for m in inside if m.how in _NAMED]
    if not from_label:  # the caption says the kind: the label names the party, first thing in it
        first = [m for m in named if m.start == r.label_start]
        return parties[first[0].key] if first else None
    if named:
        return parties[named[0].key]
    return parties[inside[0].key] if inside else None


_NAME_BREAK = re.compile(r"(?i)\b(?:from|to|by|with|of|for|and|on|in)\b|[:(]")


def _suffix_name(text: str, r: TableRow, inside: list[Mention]) -> Party | None:
    """A label that ends in a legal suffix the name finder read alone ("F&U Credit information Co., Ltd.": a
    lower-case word broke the capitalised run) is a name of its own, the whole label."""
    label = r.label.strip()
    end = r.label_start + len(r.label.rstrip())
    legal = [m for m in inside if m.how == "legal" and m.end == end and m.start > r.label_start]
    if not legal or not label[:1].isupper() or _NAME_BREAK.search(text, r.label_start, legal[0].start):
        return None
    return Party(key=f"label:{r.label_start}", name=label, type="entity", start=r.label_start, end=end)


_MARK_ONE = re.compile(rf"{_CC.note_marker}|{_CC.relationship_letter}|{_CC.footnote_number}")
FOOTNOTE_REACH = 4000  # characters after a row searched for its footnote
_MARKER_CELL = re.compile(rf"[ \t|]*\n[\s|]*(?:{_CC.note_marker}|{_CC.relationship_letter}|{_CC.footnote_number})[ \t|]*\n")
_NOTE_LETTER = re.compile(r"(?i)\(notes?\s+(?:\d{1,2}\s*)?(\([a-z]\))\)")
_SENTENCE_END = re.compile(r"[.;](?=\s+[A-Z(])")


def footnote_of(text: str, r: TableRow) -> tuple[int, int] | None:
    """The text of the footnote that a row label's marker points to ("Consulting fees (1)" ... "(1)" / "Fees
    paid to ..."): the first line after the row that is the marker alone, or begins with it, and the words
    after it (the next line when the marker stands alone); None when the label has no marker or the page
    shows no such footnote (cut by the page end)."""
    if r.label_start is None or r.label_end is None:
        return None
    m = _FOOTNOTE.search(text, r.label_start, r.label_end)
    if m is None and r.cells:  # "Sales of products" / "(i)" / 9,497 / ...: the marker in a cell of its own
        m = _MARKER_CELL.match(text, r.label_end, r.cells[0].start)
    one = _MARK_ONE.search(m.group(0).strip()) if m is not None else None
    if one is None:
        return None
    # "(note (f))", "(Notes 21(a))": the footnote below is the letter's ("(f) The Group advanced ...")
    inner = _NOTE_LETTER.fullmatch(one.group(0))
    key = re.escape(inner.group(1) if inner else one.group(0))
    found = re.compile(rf"(?m)^[ \t|]*{key}[ \t]*(?:\n[ \t|]*)?(?P<t>[^\n]*[A-Za-z][^\n]*)").search(
        text, r.end, min(len(text), r.end + FOOTNOTE_REACH))
    return (found.start("t"), found.end("t")) if found is not None else None


def _footnote_party(text: str, r: TableRow, mentions: list[Mention], parties: dict[str, Party],
                    from_aggregate: bool = False, first_named: bool = False) -> Party | None:
    """The party that a row's footnote names, first in it (a name, a role or a described party), for a row whose
    label names none; with ``from_aggregate``, "related parties" when that is all its first sentence names; with
    ``first_named`` (a label of the related parties at large), only when it names that party before any aggregate."""
    span = footnote_of(text, r)
    if span is None:
        return None
    a, b = span
    stop = _SENTENCE_END.search(text, a, b)  # the footnote's first sentence says whose row it is
    end = len(text.rstrip())
    b = stop.start() + 1 if stop is not None else b
    # a mention that the page end cuts ("... purchased components from Cog", "(c) The Group sold products to the
    # companies in which a major shareholder of the Company" and no more, no stop) may be cut mid-name: not a party
    inside = [m for m in mentions if a <= m.start and m.end <= b and (stop is not None or text[m.end:end].strip())]
    named = [m for m in inside if parties[m.key].type != "aggregate"]
    if named and first_named and parties[min(inside, key=lambda m: (m.start, -m.end)).key].type == "aggregate":
        return None  # "(1) ... the service fee charged to related parties represents services to companies ...": the same
    if named:
        return parties[min(named, key=lambda m: (m.start, -m.end)).key]
    # "[1] We receive advances ... from our majority shareholders and other related parties": only the aggregate
    return parties[inside[0].key] if inside and from_aggregate else None


def _first_named(a: int | None, b: int, mentions: list[Mention], parties: dict[str, Party]) -> Party | None:
    if a is None or a >= b:
        return None
    named = [m for m in mentions if a <= m.start and m.end <= b and m.how in _NAMED and parties[m.key].type != "aggregate"]
    # "Associates" / "Orbis Ltd." / "Deposits due to customers": the group heads the named party's rows
    one = [m for m in named if parties[m.key].type != "group"] or named
    return parties[one[0].key] if one else None


_CAPTION_PREP = re.compile(r"(?i)\b(?:with|from|to|by)\s+(?:the\s+)?$")


def _caption_party(text: str, a: int, b: int, mentions: list[Mention], parties: dict[str, Party]) -> Party | None:
    """The party of a caption that names exactly one, after a preposition ("Transactions with Cencora (in
    millions):", "Purchases from X"); a caption naming two or more ("Sales to A and B"), or a bare column
    word read as a name ("Forgiven"), says no row's party."""
    keys = {m.key for m in mentions if a <= m.start and m.end <= b and m.how in _NAMED and parties[m.key].type != "aggregate"}
    if len(keys) != 1:
        return None
    first = min((m for m in mentions if m.key in keys and a <= m.start), key=lambda m: m.start)
    return parties[first.key] if _CAPTION_PREP.search(text, max(a, first.start - 12), first.start) else None


def _section_party(r: TableRow, mentions: list[Mention], parties: dict[str, Party]) -> Party | None:
    """The party a section row names as a whole or first thing in it ("Tenwave Group:",
    "Tenwave Group, an affiliate"), for the kind rows under it that name none."""
    assert r.section is not None and r.section_start is not None
    a, b = r.section_start, r.section_start + len(r.section)
    named = [m for m in mentions if a <= m.start and m.end <= b and m.how in _NAMED and parties[m.key].type != "aggregate"]
    first = [m for m in named if m.start == a]
    if first:
        return parties[first[0].key]
    # "Promissory notes payable to relatives of directors, due on demand:" / "Interest at 1% per month":
    # the one party the section names (roles and kin too), for rows whose labels are terms
    within = [m for m in mentions if a <= m.start and m.end <= b]
    # a role inside a described party ("a related company in which a former director ... is a former director of such
    # company") is part of its description, not a party of its own
    outer = [m for m in within if not any(o is not m and o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
                                          for o in within)]
    inside = {m.key for m in outer if parties[m.key].type != "aggregate" and not _GENERIC_PARTY.fullmatch(parties[m.key].name)}
    return parties[inside.pop()] if len(inside) == 1 else None


_ARTICLE = re.compile(r"(?i)^(?:a|an|the|such|this|that)\s+")


def _shortened(short: str, full: str) -> bool:
    """``short`` is the head of the described party ``full`` named again ("a related company" for "a related company
    in which a former director ... is a director"): its words, article aside, begin ``full``'s and are not all of them."""
    a, b = _ARTICLE.sub("", short.strip()).lower(), _ARTICLE.sub("", full.strip()).lower()
    return bool(a) and b.startswith(a + " ")


_GENERIC_PARTY = re.compile(r"(?i)(?:(?:a|an|the|one|certain|other)\s+)?related[\s-]+part(?:y|ies)")


def _label_party(label: str) -> str | None:
    """The party a row label names: after "from/to/by" (a name, or a described party: "from
    ultimate parent company", "to a fellow subsidiary"), or the label itself when it is a name; a loan's
    terms after the party ("from a Founder, 7.2% annual interest, due on October 20, 2015") are not its name."""
    label = _TERMS_TAIL.sub("", label)
    m = _PARTY_PREP.search(label)
    if m:
        return m.group("p").strip(" ,")
    m = _PARTY_PREP_LOWER.search(label) or _PARTY_OF_LOWER.search(label)
    if m and m.group("n").lower() in _PARTY_NOUNS:
        return m.group("p").strip(" ,")
    parts = label.split()
    if label.lower() in _OTHERS or not parts or label.strip().lower() in _COUNTRIES:
        return None
    if all(w[:1].isupper() or not w[:1].isalpha() for w in parts) and len(parts) <= 8:
        return label
    return None


def _label_service(label: str, party: str) -> str | None:
    s = label
    if party and party in s:
        s = s[: s.index(party)]
    s = s.strip()
    # the verb and preposition a label ends with; searched in its tail (a flattened row's label can
    # run long, and a search from every word of it costs more than the rest of the row)
    cut = max(0, len(s) - 64)
    m = _LABEL_VERB_TAIL.search(s, cut)
    if m is not None and cut and _MAY_START_EARLIER.fullmatch(s, cut, m.start()):
        m = _LABEL_VERB_TAIL.search(s)  # only letters of a verb and spaces before it: it may start before the tail
    if m is not None:
        s = s[: m.start()]
    return s.strip(" ,:") or None
