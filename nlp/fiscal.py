"""A filer's fiscal calendar: which day "fiscal 2023" or a bare "2023" ends on.

A note that says "$217 million in 2023" means the filer's fiscal year 2023, not the calendar year. Three
things settle its last day, each read from the filing (never guessed from a file name):

- an **anchor**: one fiscal year's last day (a 10-K's period of report; for a 10-Q, the first fiscal year end
  on or after its period, from ``dei:CurrentFiscalYearEndDate``);
- that year's **label**: ``dei:DocumentFiscalYearFocus`` ("2023" for the year ended February 2, 2024); without
  it, the anchor's calendar year;
- the **rule** of the year's end: a fixed day ("August 31"), or a 52/53-week year ending on a weekday, either
  the one *nearest* a month's end ("the Friday nearest the end of January") or the *last* one of a month
  ("the last Saturday of September"). The filing's own sentence decides; without one, an anchor that is not
  a month's last day but within a week of one is read as "nearest" that month end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from relparty.vocabulary import month_numbers, months_pattern

__all__ = ["FiscalCalendar", "calendar_for", "stated_rule", "WEEKDAYS"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = "|".join(WEEKDAYS)


def _month_last(y: int, m: int) -> date:
    return date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)


@dataclass(frozen=True)
class FiscalCalendar:
    """Fiscal year ``label`` ends on ``anchor``; other years follow ``rule`` ("fixed", "nearest", "last")."""

    anchor: date
    label: int
    rule: str = "fixed"
    weekday: int | None = None  # 0 = Monday; for "nearest" and "last"
    month: int = 12  # the month the year nominally ends in (January for "the Friday nearest January 31")
    how: str = ""  # where each part was read: "dei:DocumentFiscalYearFocus+period of report+text: ..."

    def end(self, label: int) -> date:
        """The last day of fiscal year ``label``."""
        shift = label - self.label
        if self.rule == "fixed":
            y = self.anchor.year + shift
            last = _month_last(y, self.anchor.month)
            return last if self.anchor == _month_last(self.anchor.year, self.anchor.month) else \
                self.anchor.replace(year=y, day=min(self.anchor.day, last.day))
        base = self._nominal_year() + shift
        last = _month_last(base, self.month)
        assert self.weekday is not None
        if self.rule == "last":
            return last - timedelta(days=(last.weekday() - self.weekday) % 7)
        return last + timedelta(days=(self.weekday - last.weekday() + 3) % 7 - 3)

    def _nominal_year(self) -> int:
        """The calendar year of the month end nearest the anchor (an anchor of February 2, 2024 for
        "nearest the end of January" belongs to January 2024)."""
        if self.rule == "fixed":
            return self.anchor.year
        return min((self.anchor.year + k for k in (-1, 0, 1)),
                   key=lambda y: abs((_month_last(y, self.month) - self.anchor).days))


_NEAREST = re.compile(
    rf"(?i)\b(?:ends?|ending|ended|close[sd]?)\s+on\s+the\s+({_WD})\s+(?:that\s+is\s+)?(?:nearest|closest)\s+(?:to\s+)?"
    rf"(?:the\s+(?:end|last\s+day)\s+of\s+)?({months_pattern()})\.?(?:\s+(\d{{1,2}}))?")
_LAST = re.compile(rf"(?i)\b(?:ends?|ending|ended|close[sd]?)\s+on\s+the\s+last\s+({_WD})\s+(?:of|in)\s+({months_pattern()})\b")


_ABOUT = re.compile(r"(?i)\bfiscal\s+year|\b5[23]-?\s*(?:or\s+5[23]-?\s*)?weeks?\b")
_WINDOW = 400  # characters after "fiscal year" or "52- or 53-week" where the rule is looked for
_MAX_WINDOWS = 200


def stated_rule(text: str) -> tuple[str, int, int, str] | None:
    """A 52/53-week rule the text states: (rule, weekday, month, the words), the first one found. Looked for only
    near "fiscal year" or "52- or 53-week" (a whole 10 MB filing is not searched with the rule's pattern)."""
    for n, about in enumerate(_ABOUT.finditer(text)):
        if n >= _MAX_WINDOWS:
            break
        a, b = about.start(), min(len(text), about.start() + _WINDOW)
        found = [(m, "nearest") for m in [_NEAREST.search(text, a, b)] if m] + \
            [(m, "last") for m in [_LAST.search(text, a, b)] if m]
        if found:
            m, rule = min(found, key=lambda x: x[0].start())
            return rule, WEEKDAYS.index(m.group(1).lower()), month_numbers()[m.group(2).lower()], m.group(0)
    return None


def calendar_for(anchor: date, label: int | None = None, text_rule: tuple[str, int, int, str] | None = None,
                 how: str = "") -> FiscalCalendar:
    """The calendar of fiscal year ``label`` ending on ``anchor``; a stated 52/53-week rule whose weekday is the
    anchor's wins, else the anchor's own shape decides. Without a label, a year is named by the calendar year
    of its (nominal) month end: a year ending January 3, 2025 "nearest December 31" is 2024."""
    last = _month_last(anchor.year, anchor.month)
    if text_rule is not None and text_rule[1] == anchor.weekday():
        rule, wd, month, words = text_rule
        cal = FiscalCalendar(anchor, 0, rule, wd, month, f"{how}+text: {words}".lstrip("+"))
    elif anchor != last and anchor.day <= 7:  # February 2: the weekday nearest the end of January
        month = 12 if anchor.month == 1 else anchor.month - 1
        cal = FiscalCalendar(anchor, 0, "nearest", anchor.weekday(), month, f"{how}+near a month end".lstrip("+"))
    elif anchor != last and last.day - anchor.day <= 6:  # September 28: the weekday nearest September 30
        cal = FiscalCalendar(anchor, 0, "nearest", anchor.weekday(), anchor.month, f"{how}+near a month end".lstrip("+"))
    else:
        cal = FiscalCalendar(anchor, 0, "fixed", None, anchor.month, how)
    return replace(cal, label=cal._nominal_year() if label is None else label)
