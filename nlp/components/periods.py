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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date

from relparty.components.lexicon import (
    Mark,
    doc_text,
    lowers,
    marks,
    sentence_bounds,
    token_chars,
    tokens_lower_in,
    tokens_starting_with,
    words,
)
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
    range: bool = False  # "from March 3, 2022 to December 31, 2022": one flow between two dates
    leads: bool = False  # "(year ended 31 December 2021: £0.1m; ...": a label of the amounts right after it
    trailing: bool = False  # a comparative after its amount, "($184 - August 31, 2018)": the dash and the dates


if not Doc.has_extension("rp_period_groups"):
    Doc.set_extension("rp_period_groups", default=None)
if not Doc.has_extension("rp_cut_period"):  # the token of a period anchor whose dates the page end cut off
    Doc.set_extension("rp_cut_period", default=None)
if not Doc.has_extension("rp_dateless"):  # tokens of "at year end" anchors whose date neither sentence nor paragraph says
    Doc.set_extension("rp_dateless", default=None)


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
                groups += self._comparatives(doc, k)
        groups.sort(key=lambda g: g.tok_start)
        comp = [(g.tok_start, g.tok_end) for g in groups]
        ci, comp_end = 0, -1  # a sweep: marks come in start order, comparatives sorted by start
        dateless: list[Mark] = []
        after_end: list[int] = []
        for mk in sorted(marks(doc, ("FLOW", "INSTANT", "EVENT", "YEARS")), key=lambda s: (s.start, -s.end)):
            while ci < len(comp) and comp[ci][0] <= mk.start:
                comp_end = max(comp_end, comp[ci][1])
                ci += 1
            if mk.start < comp_end:  # inside a comparative (was a pass over all of them per mark)
                continue
            if mk.start < taken_until:
                continue
            g = self._group(doc, mk, fy_end)
            if g is None:
                if mk.label_ == "INSTANT" and mk.id_ in _DATELESS:
                    before = _word_before(doc, mk.start)
                    if before in _AT:
                        dateless.append(mk)  # "unpaid at year end": the date its sentence or paragraph says
                    elif before in _AFTER:
                        after_end.append(mk.start)  # "subsequent to year end": a date after the period, unknown
                continue
            if g.kind == "flow" and fy_end is None and g.explicit_day and g.periods and g.periods[0][1] == 12:
                fy_end = (g.periods[0][0].month, g.periods[0][0].day)
            groups.append(g)
            taken_until = g.tok_end
        groups.sort(key=lambda g: g.tok_start)
        doc._.rp_dateless = after_end
        if dateless:
            groups = sorted(groups + _date_the_dateless(doc, dateless, groups), key=lambda g: g.tok_start)
        doc._.rp_cut_period = _cut_anchor(doc, groups)
        groups = _merge_mixed(doc, groups)
        groups = _same_periods(doc, groups)
        _mark_leads(doc, groups)
        _date_year_only_comparatives(doc, groups)
        doc._.rp_period_groups = groups
        if self.span_groups:
            doc.spans["rp_periods"] = [Span(doc, g.tok_start, g.tok_end, label=g.kind.upper()) for g in groups]
        return doc

    def _comparatives(self, doc: Doc, k: int) -> list[PeriodGroup]:
        """Parenthesised comparatives: "(" date [-–—:] amounts ")", the date of the amounts after it;
        a list of them "(2022 – $58; 2021 – $51)" separated by ";" or ",": one group each."""
        out: list[PeriodGroup] = []
        start = k
        ws = words(doc)
        while True:
            dates, end, explicit = self._dates(doc, start + 1, None)
            if not dates and start == k:
                return self._trailing_comparative(doc, k)
            if not dates or end >= len(doc) or ws[end] not in _COMPARATIVE_DASHES:
                return out
            out.append(PeriodGroup("comparative", [(d, None) for d in dates], start, end + 1,
                                   *token_chars(doc, start, end + 1), False, explicit))
            nxt = next((i for i in range(end + 1, min(len(doc), end + 10)) if ws[i] in (";", ",", ")")), None)
            if nxt is None or ws[nxt] == ")":
                return out
            start = nxt

    def _trailing_comparative(self, doc: Doc, k: int) -> list[PeriodGroup]:
        """A comparative written amount first, "($184 - August 31, 2018)": the group is the dash and the dates,
        right after the amount it dates (``trailing``)."""
        ws = words(doc)
        dash = next((i for i in range(k + 2, min(len(doc), k + 2 + _TRAILING_AMOUNT_TOKENS)) if ws[i] in _COMPARATIVE_DASHES), None)
        if dash is None or ws[dash] == ":" or not any(w[:1].isdigit() for w in ws[k + 1 : dash]):
            return []
        dates, end, explicit = self._dates(doc, dash + 1, None)
        if not dates or end >= len(doc) or ws[end] != ")":
            return []
        return [PeriodGroup("comparative", [(d, None) for d in dates], dash, end, *token_chars(doc, dash, end), False,
                            explicit, trailing=True)]

    # ------------------------------------------------------------------------------------------
    def _group(self, doc: Doc, mk: Mark, fy_end: tuple[int, int] | None) -> PeriodGroup | None:
        label = mk.label_
        start = mk.start
        if label == "FLOW" and mk.id_ == "range":
            return self._range(doc, mk)
        if label == "FLOW" and mk.id_[:1] in ("q", "h") and mk.id_[1:].isdigit():
            return self._part_of_year(doc, mk, fy_end)
        if label == "INSTANT" and mk.id_ == "year-end":  # "at year-end 2022": the fiscal year's last day
            dates, end, explicit = self._dates(doc, mk.end, fy_end)
            if not dates:
                return None
            return PeriodGroup("instant", [(d, None) for d in dates], start, end, *token_chars(doc, start, end),
                               self._distributive(doc, start), True)
        if label == "FLOW":
            if mk.id_ in ("months", "months-dated"):
                if mk.id_ == "months-dated" and (mk.end >= len(doc) or lowers(doc)[mk.end] not in self.months):
                    return None  # "three months June 30, 2022": a month right after the duration, "ended" left out
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
            if not dates or (mk.id_ == "months-dated" and not explicit):
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
        distributive = self._distributive(doc, start) or _each_after(doc, mk.end)
        return PeriodGroup(kind, periods, start, end, *token_chars(doc, start, end), distributive, explicit)

    def _range(self, doc: Doc, mk: Mark) -> PeriodGroup | None:
        """ "from March 3, 2022 to December 31, 2022", "between February 1, 2023 and August 20, 2023":
        one flow that ends on the second date and lasts the months between (rounded)."""
        first = self._date_at(doc, mk.end)
        if first is None or first[0][2] is None:
            return None
        (y1, m1, d1), k = first
        k = _after_aside(doc, k)  # "from March 3, 2022 (inception) to December 31, 2022"
        if k >= len(doc) or lowers(doc)[k] not in _RANGE_TO.get(lowers(doc)[mk.start], ()):
            return None
        second = self._date_at(doc, k + 1)
        if second is None or second[0][2] is None:
            return None
        (y2, m2, d2), end = second
        try:
            a, b = date(y1, m1, d1), date(y2, m2, d2)  # type: ignore[arg-type]
        except ValueError:
            return None
        if b <= a:
            return None
        months = max(1, round(((b - a).days + 1) / 30.4375))
        return PeriodGroup("flow", [(b, months)], mk.start, end, *token_chars(doc, mk.start, end), False, True, True)

    def _part_of_year(self, doc: Doc, mk: Mark, fy_end: tuple[int, int] | None) -> PeriodGroup | None:
        """ "the third quarter of 2022" (3 months to 2022-09-30), "the first half of 2023" (6 months to
        2023-06-30); quarters of a fiscal year that ends in another month count from its end."""
        dates, end, _ = self._dates(doc, mk.end, None)
        if not dates or any(d.month != 12 or d.day != 31 for d in dates):
            return None  # "the third quarter of fiscal 2022" only; not "of March 31, 2022"
        n = int(mk.id_[1:])
        months = 3 if mk.id_[0] == "q" else 6
        last_month = fy_end[0] if fy_end else 12
        periods = []
        for d in dates:
            back = months * ((12 // months) - n)  # months from the part's end to the year's end
            m_index = d.year * 12 + (last_month - 1) - back
            periods.append((month_end(m_index // 12, m_index % 12 + 1), months))
        return PeriodGroup("flow", periods, mk.start, end, *token_chars(doc, mk.start, end), False, True)

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
            elif w.isdecimal() and 0 < int(w) <= 24:
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
        low = lowers(doc)
        # filler between anchor and dates: "the", "fiscal", "both", "each of the years"
        while j < n and low[j] in _FILLER:
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
            while k < n and low[k] in (",", "and", "or") and seen < 3:
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
        """ "each of" / "both" just before the period phrase: one amount for every period."""
        window = set(lowers(doc)[max(0, start - 4) : start])
        return bool(window & {"each", "both"})


_COMPARATIVE_DASHES = ("-", "–", "—", ":", "−")
_TRAILING_AMOUNT_TOKENS = 4  # "($ 1,184.5 thousand - ...": the amount of a comparative written amount first


def _after_aside(doc: Doc, k: int) -> int:
    """The token after a short parenthesis at ``k`` ("(inception)", "(date of incorporation)"), else ``k``."""
    low = lowers(doc)
    if k < len(doc) and low[k] == "(":
        for j in range(k + 1, min(len(doc), k + 7)):
            if low[j] == ")":
                return j + 1
            if low[j][:1].isdigit() or low[j] in ("$", "(", "."):
                break
    return k


_RANGE_TO = {"from": ("to", "through", "until", "-", "–"), "between": ("and",)}
_FILLER = {"the", "fiscal", "both", "each", "of", "years", "year", "calendar"}
_MIXED_GAP = {",", "and", "for", "the", "period", "in", "during"}


_DATELESS = {"year-end": 12, "period-end": 0}  # the anchor and the months of the flow that dates it (0: any)
_AT = {"at", "of", "by"}  # "at year end", "as of year-end", "by the end of the year"


_AFTER = {"to", "after", "since", "following"}  # "subsequent to year end", "after the year end"


def _word_before(doc: Doc, k: int) -> str:
    """The word before an anchor, past "the" ("at the end of the year": "at")."""
    low = lowers(doc)
    k -= 1
    if k >= 0 and low[k] == "the":
        k -= 1
    return low[k] if k >= 0 else ""


def _date_the_dateless(doc: Doc, anchors: list[Mark], groups: list[PeriodGroup]) -> list[PeriodGroup]:
    """ "at year end" with no date: the last day of its sentence's own period ("during 2023 ... unpaid
    at year end": 2023-12-31; "for the year ended June 30, 2024 ...": 2024-06-30), else the one date
    its paragraph states; else none (``doc._.rp_dateless`` keeps the anchor): a date is never taken
    from an earlier paragraph. "at period end" takes the sentence's period whatever its length.
    ("subsequent to year end" is kept in ``doc._.rp_dateless`` by the caller: a date after the period.)"""
    bounds = sentence_bounds(doc)
    text = doc_text(doc)
    out: list[PeriodGroup] = []
    for mk in anchors:
        s, e = next(((a, b) for a, b in bounds if a <= mk.start < b), (0, len(doc)))
        months = _DATELESS[mk.id_]
        own = {d for g in groups if s <= g.tok_start < e and g.kind == "flow"
               for d, m in g.periods if not months or m == months}
        dates = own
        if not own:  # the paragraph's one statement date: its balance dates and year ends, none other
            a, b = token_chars(doc, mk.start, mk.end)
            p_start, p_end = text.rfind("\n", 0, a) + 1, text.find("\n", b)
            p_end = len(text) if p_end < 0 else p_end
            dates = {d for g in groups if p_start <= g.start < p_end and g.kind in ("flow", "instant", "comparative")
                     for d, m in g.periods if g.kind != "flow" or not months or m == months}
        if len(dates) == 1:
            out.append(PeriodGroup("instant", [(next(iter(dates)), None)], mk.start, mk.end,
                                   *token_chars(doc, mk.start, mk.end), False, True))
        else:
            doc._.rp_dateless.append(mk.start)
    return out


def _each_after(doc: Doc, k: int) -> bool:
    """ "at both March 31, 2024 and ...", "in each of the years 2023, 2022": filler after the anchor
    that makes one amount stand for every date."""
    low = lowers(doc)
    while k < len(doc) and low[k] in _FILLER:
        if low[k] in ("both", "each"):
            return True
        k += 1
    return False


def _merge_mixed(doc: Doc, groups: list[PeriodGroup]) -> list[PeriodGroup]:
    """Two flow phrases joined into one list, one of them a date range: "In 2023 and for the period
    from March 3, 2022 to December 31, 2022" is one list of two periods, in order."""
    out: list[PeriodGroup] = []
    for g in groups:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == g.kind == "flow" and (_is_range(prev) or _is_range(g))
                and 0 < g.tok_start - prev.tok_end <= 4 and "and" in lowers(doc)[prev.tok_end : g.tok_start]
                and all(w in _MIXED_GAP for w in lowers(doc)[prev.tok_end : g.tok_start])):
            out[-1] = PeriodGroup("flow", prev.periods + g.periods, prev.tok_start, g.tok_end, prev.start, g.end,
                                  False, True)
            continue
        out.append(g)
    return out


def _is_range(g: PeriodGroup) -> bool:
    return g.range


def _date_year_only_comparatives(doc: Doc, groups: list[PeriodGroup]) -> None:
    """A comparative that names only a year ("(2022 - $15,100)") is the sentence's own period one
    year (or more) earlier: the month and day of the nearest period phrase of its sentence
    ("for the nine months ended 31 March 2023": 2022-03-31)."""
    if not any(g.kind == "comparative" and not g.explicit_day for g in groups):
        return
    bounds = sentence_bounds(doc)
    firsts = [a for a, _ in bounds]
    dated = [m for m in groups if m.kind != "comparative" and m.explicit_day]  # in token order, as the groups
    keys = [m.tok_start for m in dated]
    for g in groups:  # each comparative's sentence and its dated phrases by bisection: a window of
        # thousands of comparatives scanned every sentence and every group for each (quadratic)
        if g.kind != "comparative" or g.explicit_day:
            continue
        k = bisect_right(firsts, g.tok_start) - 1
        s, e = bounds[k] if k >= 0 and g.tok_start < bounds[k][1] else (0, len(doc))
        main = dated[bisect_left(keys, s) : bisect_left(keys, e)]
        if not main:
            continue
        base = min(main, key=lambda m: abs(m.tok_start - g.tok_start)).periods[0][0]
        g.periods = [(_same_day(d.year, base), months) for d, months in g.periods]
        g.explicit_day = True


_LEX = load_lexicon("lexicon")
_SAME_WORDS = frozenset(_LEX["same_period_words"])  # "the same periods in 2022", "the corresponding period of the prior year"
_PRIOR_WORDS = frozenset(_LEX["prior_year_words"])  # "of the prior year", "last year"
_SAME_HEADS = frozenset({"period", "periods", "quarter", "quarters"})
_SAME_REACH = 60  # tokens back, within the sentence, to the period phrase whose periods are meant


def _same_periods(doc: Doc, groups: list[PeriodGroup]) -> list[PeriodGroup]:
    """ "$2.5 million and $8.5 million for the three and nine months ended September 30, 2023, as compared to $2.6
    million and $10.2 million for the same periods in 2022": the phrase is the periods of the flow phrase before it in
    its sentence, in the year it names (or the year before, "of the prior year", "last year"); it replaces the bare
    year phrase it holds ("in 2022")."""
    low = lowers(doc)
    found: list[PeriodGroup] = []
    bounds = sentence_bounds(doc)
    firsts = [a for a, _ in bounds]
    starts = [g.tok_start for g in groups]  # in token order
    for k in tokens_lower_in(doc, _SAME_WORDS):
        if k < 1 or k + 2 >= len(low) or low[k + 1] not in _SAME_HEADS:
            continue
        j, year, back = k + 2, None, 0
        if j < len(low) and low[j] in ("in", "of", "for", "during"):
            j += 1
        if j < len(low) and (y := _YEAR.match(low[j])):
            year, j = int(y.group(0)), j + 1
        else:
            if j < len(low) and low[j] == "the":
                j += 1
            if j < len(low) and low[j] in _PRIOR_WORDS:
                j += 1
                if j < len(low) and low[j] in ("fiscal", "financial"):
                    j += 1
                if j < len(low) and low[j] == "year":
                    back, j = 1, j + 1
        if year is None and not back:
            continue  # "the same period" alone: which year is not said
        si = bisect_right(firsts, k) - 1
        s0 = max(bounds[si][0] if si >= 0 else 0, k - _SAME_REACH)
        b = next((g for g in reversed(groups[bisect_left(starts, s0) : bisect_left(starts, k)])
                  if g.kind == "flow" and not g.range and g.tok_end <= k and g.periods), None)
        if b is None:
            continue
        start = k - 1 if low[k - 1] == "the" else k
        if start > 0 and low[start - 1] in _PERIOD_PREPS:
            start -= 1
        periods = [(_same_day(year if year is not None else d.year - back, d), m) for d, m in b.periods]
        a, e = token_chars(doc, start, j)
        found.append(PeriodGroup("flow", periods, start, j, a, e, b.distributive, b.explicit_day))
    if not found:
        return groups
    f_starts = [g.tok_start for g in found]  # in token order, and apart

    def inside(g: PeriodGroup) -> bool:
        i = bisect_right(f_starts, g.tok_start) - 1
        return i >= 0 and g.tok_end <= found[i].tok_end

    return sorted([g for g in groups if not inside(g)] + found, key=lambda g: g.tok_start)


def _same_day(year: int, base: date) -> date:
    try:
        return date(year, base.month, base.day)
    except ValueError:  # 29 February
        return month_end(year, base.month)


def _cut_anchor(doc: Doc, groups: list[PeriodGroup]) -> int | None:
    """A period anchor at the very end of the page with no dates after it ("... for the year ended"):
    the page cut the period off. Its token, or None."""
    ws = words(doc)
    k = len(ws) - 1
    while k >= 0 and (ws[k].isspace() or ws[k] in ("|", ",")):
        k -= 1
    if k < 0 or ws[k] in (".", ";", ":", "!", "?", ")"):
        return None
    # the anchor is the last word: a fragment after it ("ended M") is a date the page began to write,
    # which the sentence before may complete (seed gold: globespecialtymetals-2014-r25)
    anchors = [m for m in marks(doc, ("FLOW", "INSTANT", "YEARS")) if m.end == k + 1]
    if not anchors:
        return _cut_in_anchor(doc, k, groups)
    if any(g.tok_end >= anchors[0].start for g in groups):
        return None
    return anchors[0].start


_PERIOD_PREPS = frozenset({"for", "during", "in", "through", "over"})
_PERIOD_WORDS = ("the", "three", "six", "nine", "twelve", "months", "month", "year", "years", "period", "periods",
                 "quarter", "quarters", "fiscal", "ended", "ending")


def _cut_in_anchor(doc: Doc, k: int, groups: list[PeriodGroup]) -> int | None:
    """The page ends inside a period phrase's first words ("... and $18,218 and $8,147 for t", "during the ni"):
    the preposition's token, when every word after it begins a period word; None otherwise."""
    low = lowers(doc)
    j = k
    while j >= 0 and k - j < 3 and low[j].isalpha() and any(w.startswith(low[j]) for w in _PERIOD_WORDS):
        j -= 1
    if j == k or j < 0 or low[j] not in _PERIOD_PREPS or any(g.tok_end > j for g in groups):
        return None
    return j


def _mark_leads(doc: Doc, groups: list[PeriodGroup]) -> None:
    """A period phrase inside parentheses that a colon or dash ends labels the amounts after it:
    "(year ended 31 December 2021: £0.1m; 6 months ended 31 December 2020: £0.2m)"."""
    ws = words(doc)
    for g in groups:
        if (g.kind != "comparative" and g.tok_end < len(ws) and ws[g.tok_end] in _COMPARATIVE_DASHES
                and g.tok_start > 0 and ws[g.tok_start - 1] in ("(", ";")):
            g.leads = True
