"""``relparty_amounts``: amount mentions and the lists of slots they stand in, blanks included.

Reads the lexicon marks (CURRENCY, SCALE, NIL) that the span ruler set, and numbers.
A *unit* is a currency mark with a number ("RMB3,350", "$1.2 million", "(14,186)"), a currency
mark with a nil word ("RMB nil"), a bare number or nil word inside a list that has a currency,
or a currency mark with no number at all ("were and RMB as of": a blank slot).
A *list* is a run of units joined by separators (",", "and"); separators with no unit between
them are blank slots, so "RMB2, and RMB1" may be 2, blank, 1 and "of , RMB321 and , for" is
blank, 321, blank. ", and" is either an Oxford comma or a blank slot: the list records it as an
optional blank, settled later against the number of periods.

Results: ``doc._.rp_amount_lists`` (list of :class:`AmountList`) and ``doc.spans["rp_amounts"]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from relparty.components.lexicon import (
    Mark,
    doc_text,
    lowers,
    marks_by_start,
    sentence_bounds,
    starts,
    token_chars,
    tokens_lower_in,
    tokens_starting_with,
    words,
)
from relparty.patterns import load_lexicon
from relparty.vocabulary import (
    currency_marks_pattern,
    prefixed_scales,
    scale_words_pattern,
    shared_sign_reading,
    shared_signs,
)
from spacy.language import Language
from spacy.tokens import Doc, Span

OPENERS = {
    "of", "were", "was", "are", "is", "totaled", "totalled", "totaling", "totalling", "amounted",
    "to", "approximately", "about", "be", "been", "reached", "aggregating", "aggregated",
}
MODIFIERS = {"approximately", "about", "approx.", "around", "roughly", "nearly", "over", "only", "a", "total", "of"}
TERMINATORS = {
    "as", "for", "during", "in", "at", "respectively", "which", "were", "was", "are", "is", ",",
    ".", ";", ")", "on", "through", "under", "from", "to", "the", "\n", "and",
}
LONE_SIGN_ENDS = {"for", "during", "in", "as", "at", "on", ",", ".", ";", "\n"}
_PREFIXED = prefixed_scales()  # "K€172": a scale glued before the mark
COMPARATIVE_DASHES = ("-", "–", "—", ":", "−")
_COMPARATIVE_REACH = 30  # tokens from the amount to its comparative's nil word ("$12 owing to the directors (2021 – nil)")
# a negation stands for a zero amount: "no purchases" (the kind follows it), "did not receive any rental
# income" (the kind follows "any"), "owed nothing at", "and none at year-end 2023" (the kind is before it)
NEGATION_BEFORE_ENDS = {"at", "as", "in", "for", "during", "on", ".", ",", ";"}
_OWED = {"owed", "owes", "owe", "owing", "due"}
_YEARLIKE = re.compile(r"^(19|20)\d\d$")
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$|^\.\d+$")
# a note that writes decimal commas ("€1.234,5 thousand", "1.234.567", "1,5 million"): "." groups
# thousands and "," marks the decimals; the other style ("1,234.5", "1,234") says the opposite.
# "96.810.370-9" (a Chilean tax number) is no number of either style
_COMMA_STYLE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d+(?![\d,]|\.\d)|(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d,\-]|\.\d)"
                          rf"|(?i:(?<![\d.,])\d{{1,3}},\d{{1,2}}\s?(?:{scale_words_pattern()})\b)")
_POINT_STYLE = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]|\.\d)")  # "1,234" counts here too
_EITHER_STYLE = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")  # "1.234", "1.234,567": read apart by the two styles
_COMMA_WHOLE = re.compile(r"^\d{1,3}(?:\.\d{3})+$|^\d+$")
_COMMA_ONE = re.compile(r"^(\d{1,3}(?:\.\d{3})*|\d+),(\d+)$")


# a note that groups thousands with spaces: a currency mark before "1 234 567" or "12 500" ("RMB 1 234 567", "€ 12 500")
_SPACE_STYLE = re.compile(rf"(?:{currency_marks_pattern()})[ \t]?\d{{1,3}}(?: \d{{3}})+(?!\d|,\d)")
_GROUP3 = re.compile(r"^\d{3}(?:\.\d+)?$")
# words after a number that count things, not money: "10 500 shares" stays two numbers in a spaced note
_COUNTED = frozenset(("shares", "share", "units", "options", "warrants", "employees", "persons", "people", "days", "months",
                      "years", "square", "sq", "hectares", "tons", "tonnes", "barrels", "vessels", "stores", "%", "percent"))


def decimal_comma_style(text: str) -> bool:
    """Does the note write decimal commas? It writes more numbers of that style than of the other."""
    comma = len(_COMMA_STYLE.findall(text)) if "," in text or "." in text else 0
    return comma > 0 and comma > len(_POINT_STYLE.findall(text))


@dataclass
class Slot:
    value: Decimal | None
    blank: bool
    currency: str | None
    start: int  # character offsets in doc_text(doc)
    end: int
    text: str
    tok_start: int
    tok_end: int


@dataclass
class AmountList:
    slots: list[Slot]
    tok_start: int
    tok_end: int
    currency: str | None
    optional_blanks: list[tuple[int, int]] = field(default_factory=list)  # (insert index, char)
    aside_end: int = 0  # end token of a "(...)" right after the list (a conversion), when there is one
    droppable: list[int] = field(default_factory=list)  # blank slots a stray "and" made ("$17,100 and for")
    negation: str | None = None  # "after": "no purchases" (the kind follows); "before": "owed nothing", "none at"
    not_amount: str | None = None  # why the list is not an amount of the note ("a bound", "a third party's")
    rate: bool = False  # "a fixed daily fee of Euro 685", "$5,000 a month": a rate, not the amount of a period
    clause_after: bool = False  # "$471,201, and were extended": ", and" then a verb (its trailing blanks only if "respectively")

    def resolved(self, wanted: int) -> list[Slot]:
        """The slots, with optional blanks filled in (or stray blanks dropped) when that makes ``wanted``."""
        if len(self.slots) == wanted:
            return list(self.slots)
        if self.optional_blanks and len(self.slots) + len(self.optional_blanks) == wanted:
            out = list(self.slots)
            for index, char in sorted(self.optional_blanks, reverse=True):
                out.insert(index, _blank(self.currency, char, self.slots[0].tok_start))
            return out
        if self.droppable and len(self.slots) - len(self.droppable) == wanted:
            return [s for k, s in enumerate(self.slots) if k not in self.droppable]
        return list(self.slots)


def _blank(currency: str | None, char: int, tok: int) -> Slot:
    return Slot(None, True, currency, char, char, "", tok, tok)


if not Doc.has_extension("rp_amount_lists"):
    Doc.set_extension("rp_amount_lists", default=None)
if not Doc.has_extension("rp_amount_warnings"):  # (message, start char, end char): readings the note did not decide
    Doc.set_extension("rp_amount_warnings", default=None)


@Language.factory("relparty_amounts", default_config={"span_groups": True})
def make_amounts(nlp: Language, name: str, span_groups: bool) -> AmountFinder:
    return AmountFinder(span_groups)


@dataclass
class _Unit:
    s: int  # token start
    e: int  # token end (exclusive)
    value: Decimal | None
    currency: str | None
    blank: bool = False
    bare: bool = False


class AmountFinder:
    _dated: set[int]
    _currency: Callable[[Mark], str | None]
    _comma: bool | None

    def __init__(self, span_groups: bool = True) -> None:
        self.span_groups = span_groups  # doc.spans groups, for display only

    def __call__(self, doc: Doc) -> Doc:
        marks = marks_by_start(doc, ("CURRENCY", "SCALE", "NIL"))
        doc._.rp_amount_warnings = []
        self._currency = _currency_reader(doc, marks)
        self._comma = None  # the note's decimal style, read the first time a number could be of either
        self._spaced: bool | None = None  # does the note group thousands with spaces? read the first time it matters
        self._dated = set()
        for g in doc._.rp_period_groups or []:  # tokens of dates are never amounts
            self._dated.update(range(g.tok_start, g.tok_end))
        units = _drop_conversions(doc, self._units(doc, marks))
        lists = self._lists(doc, units, marks)
        _mark_not_amounts(doc, lists)
        negations = _negations(doc, lists)
        if negations:
            lists = sorted(lists + negations, key=lambda al: al.tok_start)
        doc._.rp_amount_lists = lists
        if self.span_groups:
            doc.spans["rp_amounts"] = [
                Span(doc, s.tok_start, s.tok_end, label="AMOUNT") for al in lists for s in al.slots if not s.blank
            ]
        return doc

    # --- units --------------------------------------------------------------------------------
    def _units(self, doc: Doc, marks: dict[int, list[Mark]]) -> list[_Unit]:
        units: list[_Unit] = []
        n = len(doc)
        i = 0
        digits = tokens_starting_with(doc, "0123456789.")
        digit_set = set(digits)
        parens = [k for k in tokens_starting_with(doc, "(") if k + 1 in digit_set and words(doc)[k] == "("]
        candidates = sorted(set(marks) | digit_set | set(parens))
        ci = 0
        while ci < len(candidates):
            i = candidates[ci]
            ci += 1
            if (units and i < units[-1].e) or i in self._dated:
                continue
            kinds: dict[str, Mark] = {}
            for m in marks.get(i, []):  # longest first: "Rs." over "Rs"
                kinds.setdefault(m.label_, m)
            if "CURRENCY" in kinds:
                cur = kinds["CURRENCY"]
                j = cur.end
                u = self._number_at(doc, j, marks, marked=True)
                if u is not None:
                    val, end = u
                    first, factor = self._prefixed_scale(doc, i)
                    units.append(_Unit(first, end, val * factor, self._currency(cur)))
                elif j < n and "NIL" in {m.label_ for m in marks.get(j, [])}:
                    units.append(_Unit(i, j + 1, Decimal(0), self._currency(cur)))
                elif j < n and "SCALE" in {m.label_ for m in marks.get(j, [])}:
                    continue  # "in RMB thousands": a unit statement, not an amount
                elif self._blank_ok(doc, i, j) or self._lone_slot(doc, i, j, marks):
                    units.append(_Unit(i, j, None, self._currency(cur), blank=True))
                continue
            if "NIL" in kinds:
                units.append(_Unit(i, i + 1, Decimal(0), None, bare=True))
                continue
            u = self._number_at(doc, i, marks)
            if u is not None and _YEARLIKE.match(words(doc)[i]):
                continue  # a bare 2021 is a year, not an amount
            if u is not None:
                val, end = u
                cur = None
                if end < n:  # "1.2 million US dollars", "34 yuan"
                    for m in marks.get(end, []):
                        if m.label_ == "CURRENCY" and words(doc)[end][:1].isalpha():
                            cur, end = self._currency(m), m.end
                units.append(_Unit(i, end, val, cur, bare=cur is None))
        return units

    @staticmethod
    def _prefixed_scale(doc: Doc, i: int) -> tuple[int, int]:
        """A scale glued before the currency mark at token ``i`` ("K€172": €172,000): the amount's first token and
        the factor (``i`` and 1 when there is none)."""
        if i > 0 and (f := _PREFIXED.get(words(doc)[i - 1])) is not None and starts(doc)[i] == starts(doc)[i - 1] + 1:
            return i - 1, f
        return i, 1

    def _number_at(self, doc: Doc, j: int, marks: dict[int, list[Mark]], marked: bool = False) -> tuple[Decimal, int] | None:
        """The number at token ``j`` (after a currency mark when ``marked``) and the token after it."""
        w = words(doc)
        n = len(w)
        paren = j < n and w[j] == "("
        k = j + 1 if paren else j
        read = None
        if k < n and self._either_style(w, k) and (self._comma or (self._comma is None and self._comma_style(doc))):
            read = self._comma_number(doc, k)
        if read is None and (k >= n or not _NUMBER.match(w[k])):
            return None
        last = read[1] - 1 if read is not None else k
        nxt = w[last + 1].lower() if last + 1 < n else ""
        if nxt in ("%", "percent", "per"):
            return None
        if read is not None:
            value, end = read
        else:
            end = self._space_groups(doc, k, marked)
            try:
                value = Decimal("".join(w[k:end]).replace(",", ""))
            except InvalidOperation:
                return None
        if paren and end < n and w[end] == ")":
            end += 1
        for m in marks.get(end, []):
            if m.label_ == "SCALE":
                value *= Decimal(m.id_)
                end = m.end
                break
        return value, end

    def _space_groups(self, doc: Doc, k: int, marked: bool) -> int:
        """The token after a number whose thousands are grouped by single spaces ("1 234 567": three tokens),
        in a note that writes its amounts so (:data:`_SPACE_STYLE`): after a currency mark, or bare unless
        a count follows ("10 500 shares"); ``k + 1`` for a number of one token. "2023 2022" never groups
        (a group after the first has three digits, the first at most three)."""
        w, n = words(doc), len(doc)
        e = k + 1
        if not (w[k].isdigit() and len(w[k]) <= 3) or e >= n or not _GROUP3.match(w[e]):
            return e
        st, text = starts(doc), doc_text(doc)
        while e < n and _GROUP3.match(w[e]) and "." not in w[e - 1] and st[e] == st[e - 1] + len(w[e - 1]) + 1 \
                and text[st[e] - 1] == " ":
            e += 1
        if e == k + 1 or (e < n and w[e][:1].isdigit()):
            return k + 1  # "1 234 5678": no grouping of thousands
        if self._spaced is None:
            self._spaced = bool(_SPACE_STYLE.search(text))
        if not self._spaced or (not marked and e < n and lowers(doc)[e] in _COUNTED):
            return k + 1
        return e

    @staticmethod
    def _either_style(w: list[str], k: int) -> bool:
        """A number the two decimal styles read apart: "1.234", "1.234,5", or "1" "," "5"."""
        return bool(_EITHER_STYLE.match(w[k])) or (
            w[k].isdigit() and k + 2 < len(w) and w[k + 1] == "," and w[k + 2].isdigit() and len(w[k + 2]) <= 2)

    def _comma_style(self, doc: Doc) -> bool:
        self._comma = decimal_comma_style(doc_text(doc))
        return self._comma

    def _comma_number(self, doc: Doc, k: int) -> tuple[Decimal, int] | None:
        """A number of a decimal-comma note at token ``k`` and the token after it: "1.234" (1234),
        "1.234,567" (one token), "1.234" "," "5" and "1" "," "5" written without spaces (1234.5, 1.5)."""
        w = words(doc)
        one = _COMMA_ONE.match(w[k])
        if one is not None:
            return Decimal(f"{one.group(1).replace('.', '')}.{one.group(2)}"), k + 1
        if not _COMMA_WHOLE.match(w[k]):
            return None
        whole = w[k].replace(".", "")
        st = starts(doc)
        if (k + 2 < len(w) and w[k + 1] == "," and w[k + 2].isdigit() and len(w[k + 2]) <= 2 and st[k + 1] == st[k] + len(w[k])
                and st[k + 2] == st[k + 1] + 1):
            return Decimal(f"{whole}.{w[k + 2]}"), k + 3
        return (Decimal(whole), k + 1) if "." in w[k] else None

    def _blank_ok(self, doc: Doc, i: int, j: int) -> bool:
        """A currency mark with no number is a blank slot inside a list ("were and RMB as of")."""
        before = lowers(doc)[i - 1] if i > 0 else ""
        after = lowers(doc)[j] if j < len(doc) else ""
        if before in (",", "and") and after in TERMINATORS | {"and"}:
            return True
        if before in OPENERS and after in LONE_SIGN_ENDS:
            return True  # "lease cost was approximately $ for the year": a lone sign ends the clause
        if before in COMPARATIVE_DASHES and i - 1 in self._dated and after == ")":
            return True  # "(September 30, 2022 - $)": a blank comparative
        # "accrued $ and $1,957": a mark with no number, then another amount of the same list
        return after in (",", "and") and j + 1 < len(doc) and (words(doc)[j + 1][:1].isdigit() or words(doc)[j + 1][:1] in "$¥€£")

    def _lone_slot(self, doc: Doc, i: int, j: int, marks: dict[int, list[Mark]]) -> bool:
        """A lone mark that is a slot on its own, though no list holds it: its conversion aside is a lone mark too
        ("$ (C$ ) in management fees", "$(C$ )"), or a direction follows it ("comprised of $ due to A, $ due to B")."""
        w = words(doc)
        before = lowers(doc)[i - 1] if i > 0 else ""
        if j + 2 < len(doc) and w[j] == "(" and w[j + 2] == ")" and any(m.label_ == "CURRENCY" and m.end == j + 2
                                                                        for m in marks.get(j + 1, [])):
            return True
        return j < len(doc) and lowers(doc)[j] in _OWED and before in OPENERS | {",", "and", ";"}

    # --- lists --------------------------------------------------------------------------------
    def _lists(self, doc: Doc, units: list[_Unit], marks: dict[int, list[Mark]]) -> list[AmountList]:
        groups: list[list[_Unit]] = []
        gaps: list[list[list[str]]] = []
        for u in units:
            if groups and u.s - groups[-1][-1].e <= 8:  # a list's separators are a few tokens at most
                prev = groups[-1][-1]
                gap = words(doc)[prev.e : u.s]
                between = _drop_conversion_asides(_drop_percent_asides([w.lower() for w in gap if not w.isspace()]))
                seps = [w for w in between if w not in MODIFIERS]
                if all(w in (",", "and", ";") for w in seps) and len(seps) <= 3 and not any("\n" in w for w in gap):
                    groups[-1].append(u)
                    gaps[-1].append(seps)
                    continue
            groups.append([u])
            gaps.append([])
        groups, gaps = _semicolon_lists(groups, gaps)
        out: list[AmountList] = []
        for g, gs in zip(groups, gaps):
            al = self._make_list(doc, g, gs, marks, out[-1] if out else None)
            if al is not None:
                out.append(al)
        return out

    def _make_list(self, doc: Doc, g: list[_Unit], gaps: list[list[str]], marks: dict[int, list[Mark]],
                   prev: AmountList | None = None) -> AmountList | None:
        currency = next((u.currency for u in g if u.currency), None)
        if currency is None and not self._nil_list(doc, g):
            return None  # bare numbers only: not money
        if currency is None and prev is not None and self._comparative_nil(doc, g) and g[0].s - prev.tok_end <= _COMPARATIVE_REACH:
            currency = prev.currency  # "$12 owing to X (2021 – nil)": the comparative's nil is in the amount's currency
        slots: list[Slot] = []
        optional: list[tuple[int, int]] = []
        # leading blanks: "of , RMB321", "were and RMB"
        lead = self._leading(doc, g[0].s)
        for char in lead:
            slots.append(_blank(currency, char, g[0].s))
        for k, u in enumerate(g):
            if k:
                seps = gaps[k - 1]
                if seps == [",", "and"]:
                    optional.append((len(slots), starts(doc)[u.s] - 1 if u.s else 0))
                else:
                    for _ in range(max(0, len(seps) - 1)):
                        slots.append(_blank(currency, _sep_char(doc, g[k - 1].e, u.s), u.s))
            slots.append(self._slot(doc, u, currency))
        trailing = self._trailing(doc, g[-1].e)
        tail = _trailing_words(doc, g[-1].e)
        droppable = [len(slots) + k for k in range(len(trailing))]
        for char in trailing:
            slots.append(_blank(currency, char, g[-1].e))
        if trailing and len(g) == 1 and tail == [",", "and"]:
            optional.append((len(slots), trailing[0]))  # "RMB700, and were": one slot dropped, or two
        before = lowers(doc)[g[0].s - 1] if g[0].s else ""
        if (all(s.blank for s in slots) and not lead and len(g) < 2 and before not in OPENERS
                and not (before in COMPARATIVE_DASHES and g[0].s - 1 in self._dated)
                and not self._lone_slot(doc, g[0].s, g[0].e, marks)):
            return None  # one lone currency mark is not a slot; "totaled $ and $ at" is two
        aside = 0
        e = g[-1].e
        if e < len(doc) and words(doc)[e] == "(":
            for k in range(e + 1, min(len(doc), e + 12)):
                if words(doc)[k] == ")":
                    aside = k + 1
                    break
        nxt = g[-1].e + len(tail)
        clause = bool(trailing) and tail == [",", "and"] and nxt < len(doc) and lowers(doc)[nxt] in _CLAUSE_VERBS
        return AmountList(slots, g[0].s - (1 if lead else 0), g[-1].e, currency, optional, aside, droppable,
                          clause_after=clause)

    def _nil_list(self, doc: Doc, g: list[_Unit]) -> bool:
        """ "were nil and nil as of": nil words after an opener are amounts without a currency; so is the nil word of a
        comparative, after its date's dash ("(2021 – nil)", "(2021: nil)")."""
        if not (all(u.value == 0 and words(doc)[u.s].isalpha() for u in g) and g[0].s > 0):
            return False
        return lowers(doc)[g[0].s - 1] in OPENERS or self._comparative_nil(doc, g)

    def _comparative_nil(self, doc: Doc, g: list[_Unit]) -> bool:
        return g[0].s > 0 and lowers(doc)[g[0].s - 1] in COMPARATIVE_DASHES and g[0].s - 1 in self._dated

    def _slot(self, doc: Doc, u: _Unit, currency: str | None) -> Slot:
        start, end = token_chars(doc, u.s, u.e)
        value = None if u.blank else u.value
        return Slot(value, u.blank, u.currency or currency, start, end, doc_text(doc)[start:end], u.s, u.e)

    def _leading(self, doc: Doc, s: int) -> list[int]:
        """Blank slots before the first unit: an opener followed by separators only."""
        k = s - 1
        seps: list[int] = []
        while k >= 0 and lowers(doc)[k] in (",", "and"):
            seps.append(k)
            k -= 1
        if not seps or k < 0 or lowers(doc)[k] not in OPENERS:
            return []
        seps.reverse()
        sep_words = [lowers(doc)[x] for x in seps]
        n = 1 if sep_words in ([","], ["and"], [",", "and"]) else len(sep_words)
        return [doc[seps[0]].idx] * n

    def _trailing(self, doc: Doc, e: int) -> list[int]:
        """Blank slots after the last unit: "RMB6 and , were", "RMB4 and as of"."""
        k = e
        words: list[str] = []
        while k < len(doc) and lowers(doc)[k] in (",", "and") and len(words) < 3:
            words.append(lowers(doc)[k])
            k += 1
        if "and" not in words or k >= len(doc):
            return []
        if lowers(doc)[k] not in TERMINATORS or lowers(doc)[k] in ("the", "to", "from"):
            return []
        if "," not in words and lowers(doc)[k] in ("is", "are", "was", "were", "which"):
            return []  # "$4,785 and is included": a second verb, not an empty slot
        blanks = words.count("and") + max(0, words.count(",") - 1)
        return [starts(doc)[k]] * blanks


_CLAUSE_VERBS = frozenset({"was", "were", "is", "are", "has", "have", "had", "will", "would", "may", "can"})


def _trailing_words(doc: Doc, e: int) -> list[str]:
    out: list[str] = []
    while e < len(doc) and lowers(doc)[e] in (",", "and") and len(out) < 3:
        out.append(lowers(doc)[e])
        e += 1
    return out


_BASE_REACH = 4  # tokens from "upon which royalties are based" to the amounts it says are the base ("were $109,526,118")


_BASE_VERBS = frozenset(load_lexicon("lexicon")["base_verbs"])
_COPULA_WORDS = frozenset({"is", "are", "was", "were"})


def _base_end(doc: Doc, k: int) -> int | None:
    """After "upon which" / "on which" at token ``k``: the end of "royalties are based" (one to three words, a copula,
    a verb of reckoning), or None."""
    low = lowers(doc)
    for j in range(k, min(len(low) - 1, k + 4)):
        if low[j] in _COPULA_WORDS and j > k:
            return j + 2 if low[j + 1] in _BASE_VERBS else None
        if not low[j].isalpha():
            return None
    return None


def _mark_not_amounts(doc: Doc, lists: list[AmountList]) -> None:
    """Lists that are not amounts of the note: a bound ("under $50,000", "less than £0.1m": BOUND marks
    of patterns/money.jsonl right before the list) or a balance of parties the note says are not
    related ("noteholders (not related parties) had $4.1 million": an UNRELATED mark shortly before)."""
    found = marks_by_start(doc, ("BOUND", "UNRELATED", "RATE", "BASE"))
    if not found:
        return
    rates = sorted(m.start for ms in found.values() for m in ms if m.label_ == "RATE")
    for al in lists:
        end = al.aside_end or al.tok_end
        k = bisect_left(rates, al.tok_start - 6)  # rates sorted: the first at or after the window's start
        al.rate = (k < len(rates) and rates[k] < al.tok_start) or bisect_left(rates, end) < bisect_right(rates, end + 1)
    bound_ends = {m.end for ms in found.values() for m in ms if m.label_ == "BOUND"}
    unrelated = sorted(m.end for ms in found.values() for m in ms if m.label_ == "UNRELATED"
                       and (m.id_ != "third party" or not _third_party_is_news(doc, m.start)))
    bases = sorted(e for ms in found.values() for m in ms if m.label_ == "BASE" and (e := _base_end(doc, m.end)) is not None)
    prev_end = 0
    for al in lists:
        k = bisect_left(bases, max(prev_end, al.tok_start - _BASE_REACH))
        if al.tok_start in bound_ends:
            al.not_amount = "a bound, not an amount"
        elif k < len(bases) and bases[k] <= al.tok_start:
            # "Gross sales upon which royalties are based were $109,526,118": the base a fee is reckoned on
            al.not_amount = "the base a fee is reckoned on, not an amount with the party"
        elif any(prev_end <= e <= al.tok_start and al.tok_start - e <= 15 for e in unrelated):
            al.not_amount = "an amount of parties the note says are not related"
        prev_end = al.tok_end


_THIRD_PARTY_NEWS = frozenset(load_lexicon("lexicon")["third_party_news"])


def _third_party_is_news(doc: Doc, k: int) -> bool:
    """A third party's amount is the related party's news when the sentence says the related party stands
    behind it ("a third-party company, RMB3.0 million, which Mr. Ma has guaranteed") or paid it for the
    filer ("paid third-party vendors $5,000 on behalf of the Company"): patterns/lexicon.json."""
    bounds = sentence_bounds(doc)
    i = bisect_right(bounds, (k, len(doc) + 1)) - 1
    a, b = bounds[i] if i >= 0 else (0, len(doc))
    return any(w in _THIRD_PARTY_NEWS for w in lowers(doc)[a:b])


def _negations(doc: Doc, lists: list[AmountList]) -> list[AmountList]:
    """Zero by negation: a zero-amount list at each negation cue outside the amount lists. Assembly
    keeps it only where the sentence names the kind and the period."""
    low = lowers(doc)
    taken = {k for al in lists for k in range(al.tok_start, al.tok_end)}
    out: list[AmountList] = []
    for i in tokens_lower_in(doc, ("no", "not", "nothing", "none")):
        if i in taken:
            continue
        w = low[i]
        end = i + 1
        if w == "not":  # "did not receive any", "has not made any"
            k = next((k for k in range(i + 1, min(len(doc), i + 4)) if low[k] == "any"), None)
            if k is None:
                continue
            end = k + 1
        elif w != "no" and (i + 1 >= len(doc) or low[i + 1] not in NEGATION_BEFORE_ENDS) and not (
                w == "nothing" and i and low[i - 1] in _OWED and i + 1 < len(doc) and low[i + 1] in ("to", "from", "by")):
            continue  # "none of the directors": not a zero for a period; "owed nothing to X at": one
        a, b = token_chars(doc, i, i + 1)
        slot = Slot(Decimal(0), False, None, a, b, doc_text(doc)[a:b], i, i + 1)
        out.append(AmountList([slot], i, end, None, negation="after" if w in ("no", "not") else "before"))
    return out


def _currency_reader(doc: Doc, marks: dict[int, list[Mark]]) -> Callable[[Mark], str | None]:
    """The ISO code of a CURRENCY mark; a shared sign ("¥") by what the note says (JPY in a note
    that says "yen" or "Japan", else CNY: ``shared_signs`` of patterns/vocabulary.json)."""
    shared = shared_signs()
    if not any(m.text in shared for ms in marks.values() for m in ms if m.label_ == "CURRENCY"):
        return lambda m: m.id_ or None
    lowered = doc_text(doc).lower()
    said: set[str] = set()
    readings: dict[str, tuple[str, str | None] | None] = {}  # a sign's reading in this note, read once

    def read(m: Mark) -> str | None:
        sign = m.text
        if sign not in shared:
            reading = None
        elif sign in readings:
            reading = readings[sign]
        else:  # the note's words decide it: the same for every amount of the note (a search of the whole note)
            reading = readings[sign] = shared_sign_reading(sign, lowered)
        if reading is None:
            return m.id_ or None
        iso, why = reading
        if why is not None and sign not in said:  # "kr": SEK, NOK, DKK or ISK; said once a note
            said.add(sign)
            doc._.rp_amount_warnings.append((why, *token_chars(doc, m.start, m.end)))
        return iso

    return read


def _drop_conversions(doc: Doc, units: list[_Unit]) -> list[_Unit]:
    """ "$134,298 (C$180,000)", "RMB0.3 million (US$48,000)": the amount in parentheses right after
    another, in another currency, is a convenience translation of it, not an amount of its own.
    Inside a comparative "(2019-$135,666; C$180,000)" the translation follows a ";"."""
    out: list[_Unit] = []
    w = words(doc)
    for u in units:
        prev = out[-1] if out else None
        if prev is not None and u.currency and prev.currency:
            gap = w[prev.e : u.s]
            if u.s >= 1 and u.currency != prev.currency and (gap in (["("], [";"], [","]) or gap == [")", "("]):
                continue
            if (gap == ["("] and u.e < len(w) and w[u.e] == ")" and _mark(w, prev) != _mark(w, u)
                    and not w[u.s][:1].isdigit()):
                continue  # "USD $250,000 ($334,738)": the same amount in the other mark the page uses, in parentheses
        out.append(u)
    return out


def _mark(w: list[str], u: _Unit) -> str:
    """How an amount's currency is written: its sign with a code before it ("USD $" of "USD $250,000")."""
    code = w[u.s - 1] if u.s and w[u.s - 1].isalpha() and w[u.s - 1].isupper() and len(w[u.s - 1]) == 3 else ""
    return f"{code} {w[u.s]}" if not w[u.s][:1].isdigit() else code


def _drop_percent_asides(words: list[str]) -> list[str]:
    """ "$211,090 or 12.9% and $273,405": the "or 12.9%" aside is not a list separator."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in ("or", "(") and i + 2 < len(words) and words[i + 2] in ("%", "percent"):
            i += 3
            if i < len(words) and words[i] == ")":
                i += 1
            continue
        out.append(words[i])
        i += 1
    return out


def _drop_conversion_asides(words: list[str]) -> list[str]:
    """ "$13,587,536 (RMB98.4 million) and $13,736,110": the translation dropped between two amounts
    leaves its parentheses, which do not part the list."""
    if not words or words[0] != "(" or ")" not in words:
        return words
    return words[words.index(")") + 1 :]


def _semicolon_lists(groups: list[list[_Unit]], gaps: list[list[list[str]]]) -> tuple[list[list[_Unit]], list[list[list[str]]]]:
    """ "Royalty fees of $5,476,306; $3,449,822; and $2,944,102": a list whose items a ";" separates is one list when
    it ends in "; and" (each ";" read as a comma); elsewhere a ";" ends the list ("$5,000; $3,000 was owed")."""
    out_g: list[list[_Unit]] = []
    out_s: list[list[list[str]]] = []
    for g, gs in zip(groups, gaps):
        if not any(";" in x for x in gs):
            out_g.append(g)
            out_s.append(gs)
        elif gs[-1] == [";", "and"] and all(x in ([";"], [";", "and"]) or ";" not in x for x in gs):
            out_g.append(g)
            out_s.append([["," if w == ";" else w for w in x] for x in gs])
        else:
            start = 0
            for k, x in enumerate(gs):
                if ";" in x:
                    out_g.append(g[start : k + 1])
                    out_s.append(gs[start:k])
                    start = k + 1
            out_g.append(g[start:])
            out_s.append(gs[start:])
    return out_g, out_s


def _sep_char(doc: Doc, a: int, b: int) -> int:
    """Where a blank slot between tokens a..b sits: just before the last separator."""
    return starts(doc)[b - 1] if b - 1 >= a else starts(doc)[b]
