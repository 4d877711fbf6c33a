"""``relparty_tables``: tables that the page text flattened into one cell per line.

    For the years ended December 31,      <- header: kind of period and month/day
    2022 / 2023 / 2023                    <- one line per column (a repeated year in another
    RMB / RMB / US$                          currency is a convenience translation: dropped)
    Revenue from related parties:         <- a section label (ends with ":")
    Xiaomi(a)                             <- a row label naming the party (footnote marks dropped)
    2,295,569 / 1,403,354 / 197,000       <- the row's values, one per column ("—" is zero)

A row becomes a record when its label (or its section, or the caption before the header)
says the kind (the same kind triggers as the narrative) and it has exactly one value per
column; rows without a label (totals), "Total" rows and rows with missing cells are left out.
Rows written on one line ("Lease rentals paid   39   37   35") are read too.

Result: ``doc._.rp_table_rows`` (list of :class:`TableRow`), ``doc.spans["rp_tables"]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from relparty.components.lexicon import char_spans, doc_text
from relparty.components.periods import month_end
from relparty.patterns import load_lexicon
from relparty.vocabulary import currency_marks_pattern, currency_of, month_numbers, months_pattern, scale_units_pattern
from spacy.language import Language
from spacy.tokens import Doc

_MONTHS = months_pattern()
_MARK = currency_marks_pattern()  # every code and sign of patterns/vocabulary.json
_HEADER = re.compile(
    r"^(?:for\s+(?:the\s+)?|during\s+(?:the\s+)?)?(?:(?P<fy>(?:fiscal\s+)?years?)|(?P<mo>\w+)[\s-]+months?|(?P<q>quarters?))"
    r"(?:\s+periods?)?\s+ended\b[\s,]*(?P<rest>.*)$|^(?P<asof>as\s+(?:of|at)|balance\s+as\s+(?:of|at))\b[\s,]*(?P<rest2>.*)$",
    re.I,
)
_MONTH_DAY = re.compile(rf"^(?P<m>{_MONTHS})\.?\s+(?P<d>\d{{1,2}}),?(?:\s*(?P<y>(?:19|20)\d\d))?[\s,]*$", re.I)
_YEAR = re.compile(r"^(?:fiscal\s+)?((?:19|20)\d\d)\s*(?:\(unaudited\))?$", re.I)
_CURRENCY = re.compile(rf"^({_MARK})(?:\s*[’']000|\s+in\s+(?:{scale_units_pattern()}))?$", re.I)
_VALUE = rf"(?:(?:{_MARK})\s*)?" + r"(?:\(?\d{1,3}(?:,\d{3})+(?:\.\d+)?\)?|\(?\d+(?:\.\d+)?\)?|[—–-]|nil)"
_VALUE_LINE = re.compile(rf"^{_VALUE}$", re.I)
_TRAILING_VALUES = re.compile(rf"(?:\s{{2,}}|^\s*)(?P<vals>{_VALUE}(?:\s{{2,}}{_VALUE})*)\s*\*?\s*$", re.I)
_SPLIT_VALUES = re.compile(r"\s{2,}")
_FOOTNOTE = re.compile(r"\s*(?:\((?:[a-z]|[ivx]+|\d{1,2})\)|\*+)+\s*$")
_ITEM = re.compile(r"^\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)$")
_SKIP_LINE = re.compile(r"^[\s|]*$|^\(?unaudited\)?$", re.I)
_HEADER_FILLER = re.compile(r"^\(?(?:un)?audited\)?$|^(?:transactions?|relationship|nature|notes?|balances?|amount|amounts)$", re.I)
_TOTAL = re.compile(r"^(?:sub-?)?total\b", re.I)
_MONTH_NUM = month_numbers()
_NUMBER_WORDS = load_lexicon("lexicon")["number_words"]


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


@dataclass
class _Header:
    periods: list[tuple[date, int | None]]
    keep: list[int]  # column indices kept (convenience translations dropped)
    currencies: list[str | None]
    ncols: int


if not Doc.has_extension("rp_table_rows"):
    Doc.set_extension("rp_table_rows", default=None)


@Language.factory("relparty_tables", default_config={"span_groups": True})
def make_tables(nlp: Language, name: str, span_groups: bool) -> TableReader:
    return TableReader(span_groups)


def _lines(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]


_LEADING_MARK = re.compile(rf"^(?:{_MARK})\s*", re.I)


def _value(raw: str) -> Decimal | None:
    s = _LEADING_MARK.sub("", raw.strip())
    if s in ("—", "–", "-") or s.lower() == "nil":
        return Decimal(0)
    s = s.strip("()").replace(",", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


class TableReader:
    def __init__(self, span_groups: bool = True) -> None:
        self.span_groups = span_groups  # doc.spans groups, for display only

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        rows: list[TableRow] = []
        if "\n" in text and re.search(r"\n\s*(?:19|20)\d\d\s*\n", text):
            rows = self._read(text)
        doc._.rp_table_rows = rows
        if self.span_groups:
            doc.spans["rp_tables"] = char_spans(doc, ((r.start, r.end) for r in rows), "TABLE_ROW")
        return doc

    def _header(self, lines: list[tuple[int, int, str]], i: int) -> tuple[_Header, int] | None:
        s, e, line = lines[i]
        m = _HEADER.match(line.strip().lstrip("|").strip())
        if not m:
            return None
        if m.group("asof"):
            months: int | None = None
            rest = m.group("rest2")
        elif m.group("fy"):
            months, rest = 12, m.group("rest")
        elif m.group("q"):
            months, rest = 3, m.group("rest")
        else:
            w = m.group("mo").lower()
            months = _NUMBER_WORDS.get(w) or (int(w) if w.isdigit() else None)
            if months is None:
                return None
            rest = m.group("rest")
        month_day: tuple[int, int] | None = None
        dates: list[date] = []
        currencies: list[str | None] = []

        def take_md(t: str) -> bool:
            nonlocal month_day
            md = _MONTH_DAY.match(t)
            if not md:
                return False
            month_day = (_MONTH_NUM[md.group("m").lower().rstrip(".")], int(md.group("d")))
            if md.group("y"):
                dates.append(_mk(int(md.group("y")), month_day))
            return True

        if rest.strip():
            if not take_md(rest.strip()):
                return None
        j = i + 1
        while j < len(lines):
            t = lines[j][2].strip().lstrip("|").strip()
            if _SKIP_LINE.match(t) or _HEADER_FILLER.match(t):
                j += 1
                continue
            again = _HEADER.match(t)
            if again and not dates and (again.group("asof") is not None) == (months is None):
                rest_again = (again.group("rest2") if again.group("asof") else again.group("rest")).strip()
                if not rest_again or take_md(rest_again):
                    j += 1  # "As of" / "As of December 31," on two lines
                    continue
            if take_md(t):
                j += 1
                continue
            y = _YEAR.match(t)
            if y and month_day is not None:
                dates.append(_mk(int(y.group(1)), month_day))
                j += 1
                continue
            c = _CURRENCY.match(t)
            if c and dates:
                currencies.append(currency_of(c.group(1)))
                j += 1
                continue
            break
        if not dates:
            return None
        n = len(dates)
        cur = currencies if len(currencies) == n else [currencies[0] if currencies else None] * n
        keep = [k for k in range(n) if not (k > 0 and dates[k] in dates[:k] and cur[k] != cur[dates.index(dates[k])])]
        periods = [(dates[k], months) for k in keep]
        return _Header(periods, keep, [cur[k] for k in keep], n), j

    def _read(self, text: str) -> list[TableRow]:
        lines = _lines(text)
        rows: list[TableRow] = []
        i = 0
        header: _Header | None = None
        caption: tuple[int, int] | None = None
        section: tuple[str, int] | None = None
        label: tuple[int, int, str] | None = None
        cells: list[tuple[int, int, str]] = []
        pending_captions: list[tuple[int, int] | None] = []
        col_captions: list[tuple[int, int]] = []

        def flush() -> None:
            nonlocal label, cells
            if header is not None and label is not None and len(cells) == header.ncols and not _TOTAL.match(label[2]):
                kept = []
                for k in header.keep:
                    s, e, raw = cells[k]
                    v = _value(raw)
                    if v is None:
                        break
                    kept.append(Cell(abs(v), header.currencies[header.keep.index(k)], s, e, raw))
                else:
                    parts = len(col_captions) or 1
                    width = len(kept) // parts
                    for g in range(parts):
                        cap = col_captions[g] if col_captions else caption
                        rows.append(TableRow(label[2], label[0], label[1], section[0] if section else None,
                                             section[1] if section else None, cap[0] if cap else None,
                                             cap[1] if cap else None, kept[g * width : (g + 1) * width],
                                             header.periods[g * width : (g + 1) * width], label[0], cells[-1][1]))
            label, cells = None, []

        while i < len(lines):
            s, e, raw = lines[i]
            t = raw.strip()
            core = t.lstrip("|").strip()
            if _SKIP_LINE.match(core):
                i += 1
                continue
            got = self._header(lines, i)
            if got is not None:
                groups = [c for c in pending_captions if c is not None]
                if label is not None and not cells:
                    groups.append((label[0], label[1]))
                pending_captions = []
                if label is not None and not cells:
                    caption = (label[0], label[1])  # "Purchase from related parties" right before the header
                elif section is not None and (not rows or section[1] > rows[-1].start):
                    caption = (section[1], section[1] + len(section[0]))  # "Due from related parties:" before it
                flush()
                section = None
                label = None
                header, i = got
                # "Amounts due from ... / Amounts due to ..." above one header: each caption owns
                # an equal share of the columns, in order
                col_captions = groups if len(groups) >= 2 and len(header.keep) % len(groups) == 0 else []
                continue
            if header is None:
                if len(core) < 160:
                    caption = (s, e)
                i += 1
                continue
            if header is not None and label is not None and len(cells) >= header.ncols and _ITEM.match(core):
                flush()  # "(2)" after a full row is the next item's marker, not a value
                i += 1
                continue
            if _VALUE_LINE.match(core) or (all(_VALUE_LINE.match(p) for p in _SPLIT_VALUES.split(core)) and "  " in core):
                if label is not None:  # values with no label (a total row) are not a party's
                    off = s + raw.find(core)
                    for p in _SPLIT_VALUES.split(core):
                        ps = text.find(p, off, e)
                        cells.append((ps, ps + len(p), p))
                        off = ps + len(p)
                    if len(cells) >= header.ncols:
                        flush()
                i += 1
                continue
            if t.startswith("|(") or len(core) > 160 or core.endswith(".") and len(core) > 60:
                flush()
                header, section = None, None
                caption = None
                i += 1
                continue
            if label is not None and cells:
                flush()
            tv = _TRAILING_VALUES.search(core) if "  " in core else None
            if tv and tv.start() > 0:
                lab = core[: tv.start()].strip()
                ls = s + raw.find(core)
                label = (ls, ls + len(lab), _FOOTNOTE.sub("", lab))
                off = ls + tv.start("vals")
                for p in _SPLIT_VALUES.split(tv.group("vals").strip()):
                    ps = text.find(p, off, e)
                    cells.append((ps, ps + len(p), p))
                    off = ps + len(p)
                i += 1
                continue
            ls = s + raw.find(core)
            if label is not None and not cells:
                pending_captions.append((label[0], label[1]))
            else:
                pending_captions = []
            if core.endswith(":"):
                section = (core[:-1], ls)
                label = None
            elif label is not None and not cells:
                # a label with no values, followed by another label, was a section heading
                section = (label[2], label[0])
                label = (ls, ls + len(core), _FOOTNOTE.sub("", core))
            else:
                label = (ls, ls + len(core), _FOOTNOTE.sub("", core))
            i += 1
        flush()
        return rows


def _mk(y: int, md: tuple[int, int]) -> date:
    try:
        return date(y, md[0], md[1])
    except ValueError:
        return month_end(y, md[0])
