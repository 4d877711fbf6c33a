"""Read the text rendering of an EDGAR "(Details)" page into a :class:`DetailsPage` (see DETAILS.md).

Layout: ``|`` / title / optional scale line / header groups (``|12 Months Ended``) / one header cell per
column (``|``, a date, units) / body lines (row labels, member lines, line-item headings, values) /
the ``X - Definition`` footer. The rendering drops empty body cells, so each value gets every column
it can occupy (:func:`relparty.details.placement.candidate_columns`); it is placed only when that is one.
Everything is one pass over the lines; odd input gives warnings and whatever could be read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import regex as re
from relparty.details.placement import candidate_columns
from relparty.models import Column, DetailsPage, ExtractionWarning, TaggedFact, TextSpan
from relparty.vocabulary import load_vocabulary, month_numbers

__all__ = ["read_details", "read_details_file", "allowed_columns", "note_name", "parse_value", "place_row", "value_mark",
           "ParsedValue"]

MAX_CHARS = 5_000_000

_MONTHS = month_numbers()
_DATE = re.compile(r"(?i)([A-Z][a-z]{2})[a-z]*\.?\s+(\d{1,2}),\s+(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_GROUP = re.compile(r"(?i)(\d+)\s+(Months?|Weeks?)\s+Ended")
_SCALES = {**{s.unit: s.value for s in load_vocabulary().scales}, "units": 1}
_SCALE_PART = re.compile(rf"(?i)(.+?)\s+in\s+({'|'.join(_SCALES)})")
_CURRENCY_UNIT = re.compile(r"([A-Z]{3})\s*\((.+?)\)")
_TITLE_UNIT = re.compile(r"\s+-\s+([A-Z]{3})\s*\(([^)]+)\)")
_HEADING = re.compile(r"(?i)\[(?:line items|abstract|table|axis|domain|roll forward|table text block)\]\s*$")
_MEMBER_SUFFIX = re.compile(r"(?i)\[member\]\s*$")
_FOOTNOTE = re.compile(r"(?:\s*\[\d+\])+\s*$")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_GENERIC_MARK = r"[A-Za-z]{0,3}\p{Sc}"
_DURATION = re.compile(
    r"(?i)\d+(?:\.\d+)?\s+(?:years?|months?|weeks?|days?|hours?)(?:\s+\d+(?:\.\d+)?\s+(?:years?|months?|weeks?|days?|hours?))*")
_BOOL = re.compile(r"(?i)true|false")
_COUNT_LABEL = re.compile(r"(?i)\bnumber of\b|^\s*no\.\s+of\b|\(in shares\)|\bshares? (?:issued|outstanding|granted|held)\b")
_UNIT_WORD = re.compile(r"[A-Za-z]{1,20}")


def note_name(source: str | None) -> str | None:
    """``cloopen-2021-revenue`` for ``.../cloopen-2021-revenue.details.txt``: the key the scorer uses."""
    if not source:
        return None
    name = Path(str(source)).name
    for suffix in (".details.txt", ".txt", ".htm", ".html"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


# --- values ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedValue:
    """A body cell understood: its kind, the number as written (sign applied) and its currency mark."""

    kind: str  # money / percent / duration / date / text (money may become count by its row)
    number: Decimal | None = None
    mark: str | None = None


def _money_re(marks: Iterator[str] | list[str] = ()) -> re.Pattern:
    known = sorted({m for m in marks if m}, key=len, reverse=True)
    mark = "|".join([re.escape(m) for m in known] + [_GENERIC_MARK])
    return re.compile(
        rf"(?P<mark>{mark})?\s*(?P<open>\()?\s*(?P<minus>-)?\s*(?P<num>{_NUM})\s*(?P<pct>%)?\s*(?P<close>\))?\s*(?P<pct2>%)?")


_DEFAULT_MONEY = _money_re()


def parse_value(s: str, money_re: re.Pattern | None = None) -> ParsedValue | None:
    """A body cell (``¥ 17,800``, ``(65)``, ``81.40%``, ``3 months``, ``Dec. 31, 2022``) or None for a label."""
    s = _FOOTNOTE.sub("", s).strip()
    if not s:
        return None
    m = (money_re or _DEFAULT_MONEY).fullmatch(s)
    if m and bool(m.group("open")) == bool(m.group("close")):
        try:
            n = Decimal(m.group("num").replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
            return None
        if m.group("open") or m.group("minus"):
            n = -n
        if m.group("pct") or m.group("pct2"):
            return ParsedValue("percent", n, None)
        return ParsedValue("money", n, m.group("mark"))
    if _DURATION.fullmatch(s):
        return ParsedValue("duration")
    if _parse_date(s) is not None:
        return ParsedValue("date")
    if _BOOL.fullmatch(s):
        return ParsedValue("text")
    return None


def _parse_date(s: str) -> date | None:
    m = _DATE.fullmatch(s.strip())
    try:
        if m:
            month = _MONTHS.get(m.group(1).lower()[:3])
            return date(int(m.group(3)), month, int(m.group(2))) if month else None
        m = _ISO_DATE.fullmatch(s.strip())
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


# --- lines ---------------------------------------------------------------------------------------


@dataclass
class _Line:
    start: int  # offset of the line in the text
    raw: str  # without the line break
    piped: bool
    content: str
    c_start: int  # offset of ``content`` in the text

    @property
    def span(self) -> TextSpan:
        return TextSpan(start=self.c_start, end=self.c_start + len(self.content), text=self.content)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        raw = text[pos:end].rstrip("\r")
        piped = raw.startswith("|")
        body = raw[1:] if piped else raw
        lead = len(body) - len(body.lstrip())
        content = body.strip()
        out.append(_Line(pos, raw, piped, content, pos + int(piped) + lead))
        pos = end + 1
    return out


def _is_footer(lines: list[_Line], i: int) -> bool:
    if lines[i].content == "X":
        nxt = lines[i + 1].content if i + 1 < len(lines) else ""
        return i + 1 >= len(lines) or nxt.startswith(("- ", "+ ")) or nxt in ("-", "+")
    return not lines[i].piped and lines[i].content.startswith(("- Definition", "- References", "+ References"))


# --- header --------------------------------------------------------------------------------------


@dataclass
class _Header:
    title: str | None = None
    scale_line: str | None = None
    scales: dict[str, int] = field(default_factory=dict)
    groups: list[tuple[str, int | None]] = field(default_factory=list)  # ("12 Months Ended", 12)
    columns: list[Column] = field(default_factory=list)
    body: int = 0  # index of the first body line


def _scale_line(s: str) -> dict[str, int] | None:
    out: dict[str, int] = {}
    for part in s.split(","):
        m = _SCALE_PART.fullmatch(part.strip())
        if not m:
            return None
        out[m.group(1).strip()] = _SCALES[m.group(2).lower()]
    return out or None


def _unit_of(s: str) -> tuple[str, str] | None:
    m = _CURRENCY_UNIT.fullmatch(s.strip())
    return (m.group(1), m.group(2).strip()) if m else None


def _read_header(lines: list[_Line], warn: list[ExtractionWarning]) -> _Header:
    h = _Header()
    i = 0
    while i < len(lines) and not lines[i].raw.strip():
        i += 1
    if i < len(lines) and lines[i].piped and not lines[i].content:
        i += 1
    elif i < len(lines):
        warn.append(ExtractionWarning(message="the page does not start with the '|' line of a details page", span=lines[i].span))
    while i < len(lines) and not lines[i].content:
        i += 1
    if i < len(lines) and not lines[i].piped and not _is_footer(lines, i):
        h.title = lines[i].content
        i += 1
    if i < len(lines) and not lines[i].piped and lines[i].content:
        scales = _scale_line(lines[i].content)
        if scales is not None:
            h.scale_line, h.scales = lines[i].content, scales
            i += 1
    default_unit = None
    if h.title:
        units = list(_TITLE_UNIT.finditer(h.title))
        if units:
            default_unit = (units[-1].group(1), units[-1].group(2).strip())
    while i < len(lines):
        ln = lines[i]
        if not ln.piped:
            if ln.content and not h.columns and _scale_line(ln.content) is not None and h.scale_line is None:
                h.scale_line, h.scales = ln.content, _scale_line(ln.content) or {}
                i += 1
                continue
            if not ln.content:
                i += 1
                continue
            break
        if ln.content:
            g = _GROUP.fullmatch(ln.content)
            if g and not h.columns:
                months = int(g.group(1)) if g.group(2).lower().startswith("month") else None
                if months is None:
                    warn.append(ExtractionWarning(message=f"header group {ln.content!r} is not in months; its columns get no period length",
                                                  span=ln.span))
                h.groups.append((ln.content, months))
                i += 1
                continue
            if _parse_date(ln.content) is not None and not h.columns:
                h.groups.append((ln.content, None))
                i += 1
                continue
            break
        # a header cell: "|" then its lines (a date, units, extra lines) up to the next "|" line
        j = i + 1
        cell: list[_Line] = []
        while j < len(lines) and not lines[j].piped and not _is_footer(lines, j):
            if lines[j].content:
                cell.append(lines[j])
            j += 1
        if not cell or (_parse_date(cell[0].content) is None and _unit_of(cell[0].content) is None):
            break  # not a header cell: a narrative page, or the body
        col = Column(n=len(h.columns) + 1, span=TextSpan(start=ln.start, end=cell[-1].c_start + len(cell[-1].content),
                                                        text="\n".join(c.content for c in cell)))
        rest = cell
        d = _parse_date(cell[0].content)
        if d is not None:
            col.label, col.period_end = cell[0].content, d
            rest = cell[1:]
        for c in rest:
            unit = _unit_of(c.content)
            if unit and col.currency is None:
                col.currency, col.symbol = unit
                col.units.append(c.content)
            elif _UNIT_WORD.fullmatch(c.content) or "/" in c.content:
                col.units.append(c.content)
            else:
                col.extra.append(c.content)
        if col.currency is None and default_unit is not None:
            col.currency, col.symbol = default_unit
            col.units.insert(0, f"{default_unit[0]} ({default_unit[1]})")
        h.columns.append(col)
        i = j
    h.body = i
    _assign_groups(h, warn)
    return h


def _assign_groups(h: _Header, warn: list[ExtractionWarning]) -> None:
    """Header groups span runs of columns; a run ends where the dates go up again (or repeat in the same unit).
    Runs beyond the groups are balance dates (period_months None)."""
    if not h.columns:
        return
    runs: list[list[Column]] = [[h.columns[0]]]
    for prev, col in zip(h.columns, h.columns[1:]):
        a, b = prev.period_end, col.period_end
        if a is not None and b is not None and (b > a or (b == a and prev.units == col.units and prev.extra == col.extra)):
            runs.append([col])
        else:
            runs[-1].append(col)
    if len(runs) < len(h.groups):
        warn.append(ExtractionWarning(
            message=f"{len(h.groups)} header groups but only {len(runs)} runs of dates; groups were given to runs in order"))
    for run, (label, months) in zip(runs, h.groups):
        for col in run:
            col.header = label
            col.period_months = months
    if any(c.period_end is None for c in h.columns):
        warn.append(ExtractionWarning(message="some header cells have no date: their values have no period"))


# --- body ----------------------------------------------------------------------------------------


@dataclass
class _Row:
    label: _Line
    prefix: list[_Line]
    values: list[tuple[_Line, ParsedValue]]
    members: list[str] = field(default_factory=list)


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _split_unit(label: str, symbols: set[str]) -> tuple[str, str | None]:
    """``Net revenue | ¥`` -> (``Net revenue``, ``¥``); a label without a unit tail is kept whole."""
    head, sep, tail = label.rpartition("|")
    tail = tail.strip()
    if not sep or not head.strip() or not tail or len(tail) > 20:
        return label, None
    if tail in symbols or re.fullmatch(_GENERIC_MARK, tail) or _UNIT_WORD.fullmatch(tail) or "/" in tail or tail == "%":
        return head.strip(), tail
    return label, None


def _members(line: str) -> list[str]:
    return [m.strip() for m in line.split("|") if m.strip()]


def _read_body(lines: list[_Line], start: int, money_re: re.Pattern, warn: list[ExtractionWarning]
               ) -> tuple[list[_Row], bool, int]:
    """Rows of the body; whether the footer was reached; how many lines outside the layout were skipped."""
    rows: list[_Row] = []
    pending: list[_Line] = []
    current: _Row | None = None
    skipped = 0
    footer = False
    for i in range(start, len(lines)):
        ln = lines[i]
        if _is_footer(lines, i):
            footer = True
            break
        if not ln.content:
            continue
        if not ln.piped:
            skipped += 1
            continue
        v = parse_value(ln.content, money_re)
        if v is None:
            current = None
            pending.append(ln)
            continue
        if current is None:
            if not pending:
                warn.append(ExtractionWarning(message=f"value {ln.content!r} has no row label; left out", span=ln.span))
                continue
            current = _Row(label=pending[-1], prefix=pending[:-1], values=[])
            pending = []
            rows.append(current)
        current.values.append((ln, v))
    if pending:
        what = ", ".join(repr(p.content) for p in pending[:3])
        msg = (f"the page ends inside the table: {what} had no values and was left out" if not footer
               else f"lines with no values before the footer were left out: {what}")
        warn.append(ExtractionWarning(message=msg, span=pending[0].span))
    return rows, footer, skipped


def _assign_members(rows: list[_Row], title: str | None, warn: list[ExtractionWarning]) -> None:
    """Member/axis lines apply to the rows below them until the next member line; line-item headings
    ("[Line Items]", "[Abstract]", or a caption repeated under each member) are not members."""
    headings: set[str] = set()
    for r in rows:
        plain = [p for p in r.prefix if not _HEADING.search(p.content)]
        if len(plain) >= 2 and not _MEMBER_SUFFIX.search(plain[-1].content):
            headings.add(_norm(plain[-1].content))
    t = _norm(title or "")
    members: list[str] = []
    seen_member = False
    for r in rows:
        plain = [p for p in r.prefix if not _HEADING.search(p.content) and _norm(p.content) not in headings]
        if plain and not seen_member and len(plain) == 1 and not _MEMBER_SUFFIX.search(plain[0].content):
            s = _norm(plain[0].content)
            if len(s.split()) >= 2 and s in t:  # a caption echoing the title, before any member
                plain = []
        if plain:
            if len(plain) > 1:
                warn.append(ExtractionWarning(
                    message=f"{len(plain)} member lines in a row before {r.label.content!r}; the last one applies",
                    span=plain[0].span))
            members = _members(plain[-1].content)
            seen_member = True
        r.members = list(members)


# --- columns of a value --------------------------------------------------------------------------


def allowed_columns(columns: list[Column], mark: str | None, unit: str | None, kind: str) -> list[int]:
    """The columns one value may occupy on its own: money by its mark or its row's currency unit
    (``¥`` only where the column's unit shows ``¥``), counts with a unit where the column lists it."""
    every = [c.n for c in columns]
    symbols = {c.symbol for c in columns if c.symbol}
    if kind == "money":
        want = mark or (unit if unit in symbols else None)
        if want is None or not symbols:
            return every
        return [c.n for c in columns if c.symbol == want or (c.symbol is None and not c.units)]
    if kind == "count":
        if unit and any(unit in c.units for c in columns):
            return [c.n for c in columns if unit in c.units]
        if unit is None:  # EDGAR lists a column's units in its header: a count sits where "Item", "shares"... is listed
            counted = [c.n for c in columns if any(_unit_of(u) is None for u in c.units)]
            if counted:
                return counted
    return every


def value_mark(page: DetailsPage, fact: TaggedFact) -> str | None:
    """The currency mark a tagged value carries as written (``¥`` of ``¥ (2,839)``)."""
    symbols = sorted({c.symbol for c in page.columns if c.symbol})
    v = parse_value(fact.text, _money_re(symbols) if symbols else _DEFAULT_MONEY)
    return v.mark if v is not None else None


def place_row(page: DetailsPage, cells: list[TaggedFact], pins: dict[int, int] | None = None) -> list[list[int]] | None:
    """Candidate columns of the cells of one row (in page order), given pins (cell index -> column)."""
    allowed = [allowed_columns(page.columns, value_mark(page, f), f.unit, f.kind) or [c.n for c in page.columns]
               for f in cells]
    return candidate_columns(allowed, len(page.columns), pins)


def _row_kind(label: str, unit: str | None, values: list[ParsedValue], symbols: set[str]) -> str:
    """money unless the row's unit or label says it counts things (shares, items) and no value has a mark."""
    if unit is not None and (unit in symbols or re.fullmatch(_GENERIC_MARK, unit)):
        return "money"
    if any(v.mark for v in values):
        return "money"
    if unit is not None:
        return "count"
    return "count" if _COUNT_LABEL.search(label) else "money"


def _scale_for(scales: dict[str, int], symbols: set[str]) -> int | None:
    found = {scales.get(s, 1) for s in symbols} if symbols else {1}
    return found.pop() if len(found) == 1 else None


def _placement_reason(k: int, n: int, cols: list[int]) -> str:
    if not n:
        return "the page has no column header: the value cannot be placed"
    if len(cols) == 1:
        return ("the row holds a value for every column" if k == n
                else f"{k} values for {n} columns: order, currency marks and units leave one column")
    return f"{k} values for {n} columns: it can be in columns {', '.join(map(str, cols))}"


def read_details(text: str | bytes, source: str | None = None) -> DetailsPage:
    """Read one details page (text rendering). Never raises on bad input: warnings say what was odd."""
    warn: list[ExtractionWarning] = []
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
        warn.append(ExtractionWarning(message="input was bytes; decoded as UTF-8 with replacement"))
    if not isinstance(text, str):
        return DetailsPage(source=source, note=note_name(source),
                           warnings=[ExtractionWarning(message=f"input is not text but {type(text).__name__}")])
    if "\x00" in text or "\ufffd" in text[:4096]:
        text = text.replace("\x00", " ")
        warn.append(ExtractionWarning(message="input looks binary (NUL bytes or undecodable characters); read what could be read"))
    if len(text) > MAX_CHARS:
        warn.append(ExtractionWarning(message=f"input longer than {MAX_CHARS} characters; only the start was read"))
        text = text[:MAX_CHARS]
    page = DetailsPage(source=source, note=note_name(source), length=len(text))
    if not text.strip():
        page.warnings = warn + [ExtractionWarning(message="empty page")]
        return page
    if text.lstrip()[:1] == "<":
        warn.append(ExtractionWarning(message="input looks like HTML; the details reader reads the text rendering of the page"))
    lines = _lines(text)
    h = _read_header(lines, warn)
    page.title, page.scale_line, page.scales, page.columns = h.title, h.scale_line, h.scales, h.columns
    if not h.columns:
        warn.append(ExtractionWarning(message="no column header with dates: this does not look like a details page "
                                              "(a narrative note?); values cannot be placed"))
    elif h.title and "(details)" not in h.title.lower():
        warn.append(ExtractionWarning(message=f"the title {h.title!r} does not say (Details)"))
    symbols = {c.symbol for c in h.columns if c.symbol}
    money_re = _money_re(sorted(symbols)) if symbols else _DEFAULT_MONEY
    rows, footer, skipped = _read_body(lines, h.body, money_re, warn)
    page.truncated = not footer
    if not footer and rows:
        warn.append(ExtractionWarning(message="no definition footer: the page may be cut off; the last value may be incomplete"))
    if skipped:
        warn.append(ExtractionWarning(message=f"{skipped} lines outside the table layout (no leading '|') were skipped"))
    _assign_members(rows, h.title, warn)
    n = len(h.columns)
    col_by_n = {c.n: c for c in h.columns}
    for r in rows:
        label, unit = _split_unit(r.label.content, symbols)
        row_kind = _row_kind(label, unit, [v for _, v in r.values], symbols)
        kinds = [row_kind if v.kind == "money" else v.kind for _, v in r.values]
        allowed = []
        for (ln, v), kind in zip(r.values, kinds):
            cols = allowed_columns(h.columns, v.mark, unit, kind)
            if v.mark and not cols:
                warn.append(ExtractionWarning(message=f"mark {v.mark!r} of {ln.content!r} matches no column unit", span=ln.span))
                cols = [c.n for c in h.columns]
            allowed.append(cols)
        cands = candidate_columns(allowed, n) if n else [[] for _ in allowed]
        if cands is None:
            warn.append(ExtractionWarning(
                message=f"row {label!r}: its {len(r.values)} values cannot be placed in order in {n} columns; "
                        "each value lists every column its mark allows", span=r.label.span))
            cands = [sorted(a) for a in allowed]
        for (ln, v), kind, cols in zip(r.values, kinds, cands):
            fact = TaggedFact(note=page.note, row=label, members=list(r.members), text=ln.content, number=v.number,
                              kind=kind, unit=unit, columns=cols, span=ln.span, row_span=r.label.span,
                              reason=_placement_reason(len(r.values), n, cols))
            cset = [col_by_n[c] for c in cols]
            currencies = {c.currency for c in cset}
            fact.currency = currencies.pop() if kind == "money" and len(currencies) == 1 else None
            if v.number is not None:
                if kind == "money":
                    scale = _scale_for(h.scales, {v.mark} if v.mark else {c.symbol for c in cset if c.symbol})
                elif kind == "count" and unit:
                    scale = h.scales.get(unit, 1)
                else:
                    scale = 1
                if scale is None:
                    fact.warnings.append("its candidate columns have different scales: the value is left unscaled (None)")
                else:
                    fact.value = v.number * scale
            if len(cols) == 1:
                c = col_by_n[cols[0]]
                fact.period_end, fact.period_months, fact.placed_by = c.period_end, c.period_months, "order"
            (page.facts if kind == "money" else page.cells).append(fact)
    if page.truncated and page.facts and rows and rows[-1].values:
        last = rows[-1].values[-1][0]
        for f in page.facts:
            if f.span.start == last.c_start:
                f.warnings.append("last value before the page was cut off: it may be incomplete")
    page.warnings = warn
    return page


def read_details_file(path: str | Path, max_bytes: int = MAX_CHARS * 4) -> DetailsPage:
    """Read a details page file. Unreadable, binary or odd files give a page with warnings, never an exception."""
    from relparty.files import decode_note

    p = Path(path)
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as e:
        return DetailsPage(source=str(p), note=note_name(str(p)), warnings=[
            ExtractionWarning(message=f"cannot read {p}: {(e.strerror or str(e)).lower()}")])
    too_large = len(data) > max_bytes
    text, error, notes = decode_note(data[:max_bytes])
    page = read_details(text if text is not None else data[:max_bytes], source=str(p))
    extra = [ExtractionWarning(message=m) for m in notes]
    if error:
        extra.append(ExtractionWarning(message=f"{error}; read what could be read"))
    if too_large:
        extra.append(ExtractionWarning(message=f"file larger than {max_bytes:,} bytes; only the start was read"))
    page.warnings = extra + page.warnings
    return page
