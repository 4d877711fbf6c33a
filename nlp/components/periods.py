"""``relparty_periods``: the periods and dates that amounts are stated for.

Anchors come from ``patterns/periods.jsonl`` (FLOW "years ended" / "months ended" / "quarter
ended" / "fiscal 2020", INSTANT "as of" / "at", EVENT "on", YEARS "in" / "during" / "for");
after an anchor a list of dates is read: "December 31, 2022, 2023 and 2024", "2022,2023 and
2024", "2021 ,2022 and 2023", "March 31, 2014 and June 30, 2013", "January 2021". A year alone
takes the month and day of the date before it. Durations are read before "months ended":
"three and nine months ended" gives 3 and 9 months for every date. "each of" / "both" before a
period phrase marks it distributive: one amount stands for every period.

Result: ``doc._.rp_period_groups`` (list of :class:`PeriodGroup`), ``doc.spans["rp_periods"]``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from relparty.components.lexicon import Mark, lowers, marks, token_chars, tokens_starting_with, words
from relparty.patterns import load_lexicon
from relparty.vocabulary import month_numbers
from spacy.language import Language
from spacy.tokens import Doc, Span

_YEAR = re.compile(r"^(19|20)\d\d$")
_DAY = re.compile(r"^\d{1,2}$")


@dataclass
class PeriodGroup:
    kind: str  # "flow" | "instant" | "event"
    periods: list[tuple[date, int | None]]
    tok_start: int
    tok_end: int
    start: int  # characters in doc_text(doc)
    end: int
    distributive: bool = False
    explicit_day: bool = True


if not Doc.has_extension("rp_period_groups"):
    Doc.set_extension("rp_period_groups", default=None)


@Language.factory("relparty_periods", default_config={"span_groups": True})
def make_periods(nlp: Language, name: str, span_groups: bool) -> PeriodFinder:
    return PeriodFinder(span_groups)


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


class PeriodFinder:
    def __init__(self, span_groups: bool = True) -> None:
        self.span_groups = span_groups  # doc.spans groups, for display only
        lex = load_lexicon("lexicon")
        self.months: dict[str, int] = month_numbers()
        self.numbers: dict[str, int] = lex["number_words"]

    def __call__(self, doc: Doc) -> Doc:
        groups: list[PeriodGroup] = []
        fy_end: tuple[int, int] | None = None
        taken_until = -1
        for k in tokens_starting_with(doc, "("):  # "(December 31, 2023 - $230,153)", "(2023: €0.3 million)"
            if words(doc)[k] == "(" and k + 1 < len(doc):
                g = self._comparative(doc, k)
                if g is not None:
                    groups.append(g)
        groups.sort(key=lambda g: g.tok_start)
        comp = [(g.tok_start, g.tok_end) for g in groups]
        for mk in sorted(marks(doc, ("FLOW", "INSTANT", "EVENT", "YEARS")), key=lambda s: (s.start, -s.end)):
            if any(a <= mk.start < b for a, b in comp):
                continue
            if mk.start < taken_until:
                continue
            g = self._group(doc, mk, fy_end)
            if g is None:
                continue
            if g.kind == "flow" and fy_end is None and g.explicit_day and g.periods and g.periods[0][1] == 12:
                fy_end = (g.periods[0][0].month, g.periods[0][0].day)
            groups.append(g)
            taken_until = g.tok_end
        groups.sort(key=lambda g: g.tok_start)
        doc._.rp_period_groups = groups
        if self.span_groups:
            doc.spans["rp_periods"] = [Span(doc, g.tok_start, g.tok_end, label=g.kind.upper()) for g in groups]
        return doc

    def _comparative(self, doc: Doc, k: int) -> PeriodGroup | None:
        """A parenthesised comparative: "(" date [-–—:] amounts ")": the date of the amounts after it."""
        dates, end, explicit = self._dates(doc, k + 1, None)
        if not dates or end >= len(doc) or words(doc)[end] not in ("-", "–", "—", ":", "−"):
            return None
        return PeriodGroup("comparative", [(d, None) for d in dates], k, end + 1, *token_chars(doc, k, end + 1),
                           False, explicit)

    # ------------------------------------------------------------------------------------------
    def _group(self, doc: Doc, mk: Mark, fy_end: tuple[int, int] | None) -> PeriodGroup | None:
        label = mk.label_
        start = mk.start
        if label == "FLOW":
            if mk.id_ == "months":
                durations, start = self._durations(doc, mk.start)
                if not durations:
                    return None
            elif mk.id_ == "fiscal":  # "fiscal 2020 and 2019"; "fiscal years ended" is its own mark
                if mk.end >= len(doc) or not _YEAR.match(words(doc)[mk.end]):
                    return None
                durations = [12]
            else:
                durations = [int(mk.id_)]
            j = mk.end
            dates, end, explicit = self._dates(doc, j, fy_end)
            if not dates:
                return None
            periods = [(d, m) for m in durations for d in dates]
            kind = "flow"
        elif label == "INSTANT":
            dates, end, explicit = self._dates(doc, mk.end, None)
            if not dates or not explicit:
                return None
            periods = [(d, None) for d in dates]
            kind = "instant"
        elif label == "EVENT":
            dates, end, explicit = self._dates(doc, mk.end, None, allow_year_only=False)
            if not dates:
                return None
            periods = [(d, None) for d in dates]
            kind = "event"
        else:  # YEARS: "in 2019 and 2020", "during 2021", "in January 2021"
            dates, end, explicit = self._dates(doc, mk.end, fy_end)
            if not dates:
                return None
            if explicit:  # "in January 2021", "on July 1, 2023": a dated event
                periods = [(d, None) for d in dates]
                kind = "event"
            else:
                periods = [(d, 12) for d in dates]
                kind = "flow"
        distributive = self._distributive(doc, start)
        return PeriodGroup(kind, periods, start, end, *token_chars(doc, start, end), distributive, explicit)

    def _durations(self, doc: Doc, k: int) -> tuple[list[int], int]:
        """Durations written before "months ended": "three and nine", "three-month", "6"."""
        out: list[int] = []
        i = k - 1
        start = k
        while i >= 0:
            w = lowers(doc)[i]
            if w in ("-", "and", ",", "or"):
                i -= 1
                continue
            if w in self.numbers:
                out.append(self.numbers[w])
            elif w.isdigit() and 0 < int(w) <= 24:
                out.append(int(w))
            else:
                break
            start = i
            i -= 1
        out.reverse()
        return out, start

    def _date_at(self, doc: Doc, i: int) -> tuple[tuple[int, int | None, int | None], int] | None:
        """One date item at token i: (year, month, day) and the next token index."""
        ws, low = words(doc), lowers(doc)
        n = len(ws)
        if i >= n:
            return None
        w = low[i]
        if w in self.months:
            m = self.months[w]
            j = i + 1
            if j < n and _DAY.match(ws[j]):
                d = int(ws[j])
                j += 1
                if j < n and ws[j] == ",":
                    j += 1
                if j < n and _YEAR.match(ws[j]) and 1 <= d <= 31:
                    return (int(ws[j]), m, d), j + 1
                return None
            if j < n and _YEAR.match(ws[j]):
                return (int(ws[j]), m, None), j + 1
            return None
        if _DAY.match(ws[i]) and i + 2 < n and low[i + 1] in self.months and _YEAR.match(ws[i + 2]):
            return (int(ws[i + 2]), self.months[low[i + 1]], int(ws[i])), i + 3
        if _YEAR.match(ws[i]):
            nxt = ws[i + 1] if i + 1 < n else ""
            if nxt in ("%",) or (nxt == "," and i + 2 < n and re.match(r"^\d{3}\b", ws[i + 2])):
                return None
            return (int(ws[i]), None, None), i + 1
        return None

    def _dates(
        self, doc: Doc, j: int, fy_end: tuple[int, int] | None, allow_year_only: bool = True
    ) -> tuple[list[date], int, bool]:
        n = len(doc)
        # skip "the", "fiscal" between anchor and dates ("as of the end of"? no)
        while j < n and lowers(doc)[j] in ("the", "fiscal"):
            j += 1
        items: list[tuple[int, int | None, int | None]] = []
        end = j
        k = j
        while True:
            got = self._date_at(doc, k)
            if got is None:
                break
            item, k2 = got
            items.append(item)
            end = k2
            k = k2
            # separators
            seen = 0
            while k < n and lowers(doc)[k] in (",", "and", "or") and seen < 3:
                k += 1
                seen += 1
            if not seen:
                break
        if not items:
            return [], j, False
        explicit = any(m is not None for _, m, _ in items)
        if not allow_year_only and not explicit:
            return [], j, False
        out: list[date] = []
        month, day = fy_end if fy_end else (12, 31)
        have_day = False
        for y, m, d in items:
            if m is not None:
                month, day, have_day = m, d if d is not None else 0, d is not None
            try:
                out.append(date(y, month, day) if have_day or (m is None and day) else month_end(y, month))
            except ValueError:
                out.append(month_end(y, month))
        return out, end, explicit

    def _distributive(self, doc: Doc, start: int) -> bool:
        window = set(lowers(doc)[max(0, start - 4) : start])
        return bool(window & {"each", "both"})
