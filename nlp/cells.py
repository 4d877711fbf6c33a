"""Cell classes of flattened tables and page lines: ``patterns/cells.json`` composed with the one
vocabulary of currencies and months.

Every regex here is built from data: the number, dash, year, note-marker, relationship-letter
and unit fragments from ``patterns/cells.json`` (validated: unknown keys are rejected), the
currency marks and month names from the vocabulary. The layout stage and the table reader read
their cells with these, so a currency added to the vocabulary is a table header, a value prefix
and a line-end mark at once.
"""

from __future__ import annotations

import json
import re
from functools import cache

from pydantic import BaseModel, ConfigDict, Field
from relparty.patterns import PATTERN_DIR
from relparty.vocabulary import currency_marks, currency_of, currency_words, literal_alternation, month_numbers

__all__ = ["CellClasses", "cell_classes", "CURRENCY_MARK", "CURRENCY_WORD", "MONTH", "MONTH_FIRST", "VALUE", "currency_iso", "month_number", "stack_columns"]


class CellClasses(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    comment: str = Field("", alias="_comment")
    number: str
    dash: str
    nil: list[str]
    year: str
    note_marker: str
    footnote_number: str
    relationship_letter: str
    unit: str
    column_words: list[str]
    total: str
    adjustment: str  # a row that adjusts the rows above ("Less: allowance for credit losses"): no party's fact
    compensation_caption: str  # a table of key management pay: its rows are "other", not costs
    pay_section: str  # a section row that is key management ("Key management personnel"): its pay rows are "other"
    pay_label: str  # a row label of pay ("Salaries, social security benefits and other benefits") under such a section
    party_nouns: list[str]  # the last word of a described party in a row label ("to a fellow subsidiary")
    related_party_context: str  # words that make a table a related parties' one (rows with no named party)
    others: list[str]
    country_names: list[str]  # a descriptor cell ("Chile", "Foreign") that is a row's country, not its party
    enumerator: str  # an item's number before a heading ("1) For the year ended ...", "(b) As of ..."): not its words
    item_marker: str  # a line that is only an item's number in a table ("i.", "iv.", "b)"): neither label nor section
    unrelated_context: str  # a table caption of parties that are not related ("Notes payable to unrelated parties")
    terms_tail: str  # a loan's terms after its party in a row label ("from a Founder, 7.2% annual interest, due on ...")


@cache
def cell_classes() -> CellClasses:
    cc = CellClasses.model_validate(json.loads((PATTERN_DIR / "cells.json").read_text(encoding="utf-8")))
    for name in ("number", "dash", "year", "note_marker", "footnote_number", "relationship_letter", "unit", "total", "adjustment",
                 "compensation_caption", "pay_section", "pay_label", "related_party_context", "enumerator", "item_marker", "unrelated_context", "terms_tail"):
        if re.compile(getattr(cc, name)).groups:
            raise ValueError(f"cells.json: {name!r} must not capture groups")
    return cc


@cache
def _currency_marks() -> dict[str, str]:
    """Written currency mark (lower case) -> ISO code, from the vocabulary (patterns/vocabulary.json)."""
    return {m.lower(): iso for m, iso in currency_marks().items()}


def currency_iso(mark: str) -> str | None:
    """The ISO code of a currency cell ("RMB", "US$", "€", "Rs."), or None."""
    return currency_of(mark)


def _months() -> dict[str, int]:
    return {k.rstrip("."): v for k, v in month_numbers().items()}


def month_number(name: str) -> int | None:
    return _months().get(name.lower().rstrip("."))


_cc = cell_classes()
# marks with letters match in any case ("Rmb", "rs."); one-letter codes are not marks of a cell
CURRENCY_MARK = "(?i:" + literal_alternation([m for m in _currency_marks() if len(m) > 1 or not m.isalpha()]) + ")"
# a currency written out in words, a whole cell ("U.S. Dollars", "Renminbi")
CURRENCY_WORD = "(?i:" + literal_alternation(list(currency_words())) + ")"
MONTH = "(?i:" + literal_alternation(list(_months())) + ")"
# the first letters of the month names, in any case: a look-ahead before MONTH that lets a search
# skip in one test each character no month name starts with (else it tries every name there)
MONTH_FIRST = "(?i:[" + "".join(sorted({re.escape(k[0]) for k in _months()})) + "])"
NIL = "(?i:" + literal_alternation(_cc.nil) + ")"
VALUE = rf"(?:(?:{CURRENCY_MARK})\s*)?(?:{_cc.number})|{_cc.dash}|{NIL}\b"


def _continues(cell: str) -> bool:
    """A header cell that goes on from the cell over it: it starts in lower case ("receivable", "of the Company")
    or with a dash ("– Loans")."""
    t = cell.lstrip()
    return bool(t) and (t[0].islower() or t[0] in "-–—")


def stack_columns(cells: list[str], n: int) -> tuple[list[list[int]], int] | None:
    """The columns of a header that the page wrapped over several lines, read one line of cells after the
    other: the last ``n`` cells are the bottom line, one per column, and a cell that goes on from the cell
    over it (:func:`_continues`) takes, in order, the next cell of the line above, which holds exactly those
    cells ("Key management / Other related / Board of directors / Associates / personnel / parties / of the
    Company" over 4 columns: "Associates", "Key management personnel", "Other related parties", "Board of
    directors of the Company"). Each column's cell indices, top to bottom, and the index of the first cell
    taken; None when the lines do not add up (a cell would go on from nothing)."""
    if n < 1 or len(cells) < n:
        return None
    cols = [[i] for i in range(len(cells) - n, len(cells))]
    pos = len(cells) - n
    need = [c for c in range(n) if _continues(cells[cols[c][0]])]
    while need:
        if pos < len(need):
            return None
        for c, i in zip(need, range(pos - len(need), pos)):
            cols[c].insert(0, i)
        pos -= len(need)
        need = [c for c in need if _continues(cells[cols[c][0]])]
    return cols, pos
