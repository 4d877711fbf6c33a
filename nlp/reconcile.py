"""Reconcile a note's extraction with the tagged "(Details)" pages of the same filing.

An auditor's first check: do the narrative and the tagged values agree? Narrative facts (``ex.facts()``)
are matched to tagged facts by party (member names, aliases included), kind (the row label, or the
member line when the row is generic), period (the column) and value (after scale: "RMB2" in a note
whose statements are in thousands equals "¥ 2" on a page in thousands). Every pair or single gets a
status: ``agree``, ``differ`` (both values shown), ``blank-in-text`` (the narrative slot is blank, the
tagged value is known: the blank is reported, never filled), ``text-only``, ``tagged-only``.

A tagged value whose column the page leaves ambiguous is placed when exactly one narrative fact
explains it (same party, period among its candidate columns, equal value); the reason is recorded on
the reconciled copy (``placed_by="text"``), and the row's other values are re-placed around it.

This module gives data (:class:`~relparty.models.Reconciliation`); exports present it:
``relparty.exports.rows.reconciliation_rows`` (a sheet: dicts keyed by ``RECONCILIATION_COLUMNS``) and
``relparty.exports.reconciliation.reconciliation_html`` (an escaped HTML section). :func:`details_for` pairs
a note file ``NAME.txt`` with the ``NAME.details*.txt`` pages beside it.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from relparty.details.reader import place_row, read_details_file
from relparty.models import (
    Amount,
    Balance,
    Column,
    Counterparty,
    DetailsPage,
    Fact,
    NoteExtraction,
    Period,
    PeriodAmount,
    Reconciliation,
    ReconciliationItem,
    TaggedFact,
    TextSpan,
    Transaction,
)
from relparty.models.details import STATUSES
from relparty.numbers import plain_number
from relparty.vocabulary import (
    currency_marks_pattern,
    exact_scales_pattern,
    glued_scales_pattern,
    scale_of,
    scale_words_pattern,
)

__all__ = [
    "details_for",
    "extraction_from_facts",
    "is_details_file",
    "load_extraction",
    "reconcile",
    "reconcile_beside",
    "tagged_kinds",
]

# --- names -----------------------------------------------------------------------------------------

_ABBR = {"co": "company", "ltd": "limited", "corp": "corporation", "inc": "incorporated", "intl": "international",
         "tech": "technology", "grp": "group", "hldgs": "holdings", "hldg": "holding"}
_STOP = {"the", "of", "and", "a", "an", "member", "mr", "ms", "mrs", "dr", "its"}
_QUOTED = re.compile(r"\(\s*[\"“”']([^\"“”']+)[\"“”']\s*\)")
_WORD = re.compile(r"[a-z0-9]+")


def _tokens(name: str) -> frozenset[str]:
    s = re.sub(r"(?i)\[member\]", " ", name).lower()
    out = set()
    for w in _WORD.findall(s):
        w = _ABBR.get(w, w)
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w not in _STOP:
            out.add(w)
    return frozenset(out)


def _variants(name: str) -> list[frozenset[str]]:
    """A member label and the short names it defines in quotes: 'ZTE9 ... Wuxi ("ZTE9")' -> both."""
    out = [_tokens(_QUOTED.sub(" ", name))]
    out += [_tokens(q) for q in _QUOTED.findall(name)]
    return [t for t in out if t]


_LEGAL_WORDS = _tokens("company limited corporation incorporated group holding holdings international technology "
                       "information services service network software engineering plc llc lp partnership trust")


def _name_score(a: frozenset[str], b: frozenset[str]) -> float:
    """3 for the same name; when one name's words are all in the other: 1.5-2 if the shorter one keeps
    distinctive words ("Shanghai Keshen" in "Shanghai Keshen Information Technology Co., Ltd"), else 1-1.5;
    0 when neither name is inside the other."""
    if not a or not b:
        return 0.0
    if a == b:
        return 3.0
    small, big = (a, b) if len(a) <= len(b) else (b, a)
    if not small <= big:
        return 0.0
    overlap = len(small) / len(big)
    distinct = small - _LEGAL_WORDS
    if len(distinct) >= 2 or (len(distinct) == 1 and len(next(iter(distinct))) >= 5):
        return 1.5 + overlap / 2
    return 1.0 + overlap / 2 if distinct else 0.0


NAMED, PARTIAL, WEAK = 3, 2, 1  # party match classes


def _party_class(score: float) -> int:
    return NAMED if score >= 3 else PARTIAL if score >= 1.5 else WEAK if score > 0 else 0


# --- kinds -----------------------------------------------------------------------------------------

_KIND_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("receivable", re.compile(r"due from|receivable|prepaid|prepayment|deposits? paid|advances? to|loans? to")),
    ("payable", re.compile(r"due to|payable|accrued|deposits? (?:received|from)|advances? from|loans? from|borrowings? from"
                           r"|contract liabilit")),
    ("revenue", re.compile(r"revenue|\bsales?\b|\bsold\b|income|provided to|rendered to|fees? (?:earned|charged to)"
                           r"|royalt(?:y|ies) (?:income|received)|commission")),
    ("cost", re.compile(r"purchase|provided by|rendered by|received from|fees? (?:paid|charged)|expense|\bcosts?\b"
                        r"|\brent(?:al)?\b|royalt(?:y|ies) paid|charged by|compensation|salar|wages|bonus|pension"
                        r"|subsid|consult|management fee")),
    ("other", re.compile(r"\bloans?\b|borrow|repay|advance|\bfunds?\b|guarantee|dividend|capital|investment|netting"
                         r"|acqui|dispos|contribut|transfer|\bdebt\b|payment")),
]
_NOT_AN_AMOUNT_KIND = re.compile(r"allowance|provision|impairment|reversal|balance at (?:beginning|end)")


def _kinds_of(label: str) -> set[str] | None:
    s = label.lower()
    if _NOT_AN_AMOUNT_KIND.search(s):
        return set()
    found = {k for k, rx in _KIND_RULES if rx.search(s)}
    return found or None


def tagged_kinds(fact: TaggedFact) -> set[str] | None:
    """The narrative kinds a tagged row can stand for, from its label or, for a generic label
    ("Amount of transaction"), from its member lines; None when neither says."""
    kinds = _kinds_of(fact.row)
    if kinds is None and fact.members:
        kinds = _kinds_of(" ".join(fact.members))
    return kinds


# --- narrative facts -------------------------------------------------------------------------------

_SCALE_WORD = re.compile(rf"(?i)\b({scale_words_pattern()}|{glued_scales_pattern()}|{exact_scales_pattern()})\b")  # the vocabulary's scale words
_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_AGGREGATE = re.compile(r"(?i)\s*(?:the |other |all |certain |its )?(?:related part(?:y|ies)|shareholders|directors"
                        r"|key management(?: personnel)?)\s*")


@dataclass
class _Text:
    i: int
    fact: Fact
    names: list[frozenset[str]]
    aggregate: bool
    written: str  # the amount as written
    scaled: bool  # a scale word is written ("RMB1.0 million"): the note's implicit scale does not apply
    tolerance: Decimal  # half a unit of the last written digit, in units, when a scale word is written
    topic: frozenset[str]  # words of its service / detail
    context: frozenset[str]  # words of every sentence the note gives about this party (roles: "chief executive officer")
    paired: bool = False

    def value(self, scale: int) -> Decimal | None:
        a = self.fact.amount
        if a is None:
            return None
        return a if self.scaled else a * scale


def _written_amounts(ex: NoteExtraction) -> tuple[dict[tuple, str], dict[str, str]]:
    """The amounts as written, keyed by their span (or, without one, by what the fact says), and party types."""
    texts: dict[tuple, str] = {}
    types: dict[str, str] = {}
    for rec in ex.records:
        types[rec.counterparty.name] = rec.counterparty.type
        for pa in rec.amounts:
            a = pa.amount
            key = ((a.span.start, a.span.end) if a.span is not None else
                   (rec.counterparty.name, rec.kind, pa.period.end, pa.period.months, a.value))
            texts[key] = a.text
    return texts, types


def _texts(ex: NoteExtraction) -> list[_Text]:
    written, types = _written_amounts(ex)
    facts = ex.facts()
    context: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        context[f.counterparty] |= _tokens(f.evidence)
    out: list[_Text] = []
    for i, f in enumerate(facts):
        key = ((f.amount_start, f.amount_end) if f.amount_start is not None else
               (f.counterparty, f.kind, f.period_end, f.period_months, f.amount))
        w = written.get(key, "")
        m = _SCALE_WORD.search(w)
        tol = Decimal(0)
        if m:
            num = _NUMBER.search(w)
            decimals = len(num.group(1)) if num and num.group(1) else 0
            tol = Decimal(scale_of(m.group(1)) or 1) / (Decimal(10) ** decimals) / 2
        names = [t for t in (_tokens(n) for n in [f.counterparty, *f.aliases]) if t]
        aggregate = types.get(f.counterparty) == "aggregate" or bool(_AGGREGATE.fullmatch(f.counterparty))
        out.append(_Text(i, f, names, aggregate, w or (_money(f.amount) if f.amount is not None else ""), bool(m), tol,
                         _tokens(" ".join(x for x in (f.service, f.detail) if x)), frozenset(context[f.counterparty])))
    return out


# --- tagged facts ----------------------------------------------------------------------------------


@dataclass
class _Tag:
    page: int
    fact: TaggedFact  # a copy: reconciliation may narrow its columns
    kinds: set[str] | None
    members: list[list[frozenset[str]]]
    topic: frozenset[str]
    paired: bool = False


@dataclass
class _Row:
    page: int
    cells: list[TaggedFact]  # every cell of the row (money or not), page order; money ones are _Tag copies
    pins: dict[int, int] = field(default_factory=dict)


_GENERIC = _tokens("related party parties company group entity entities affiliate affiliates other others subsidiary "
                   "subsidiaries shareholder shareholders minimum maximum total services materials products")


def _party_score(t: _Text, g: _Tag) -> float:
    """How well a narrative party fits a tagged row's members: 3 same name or alias, 1.5-2 one name inside
    the other, 1 a role member ("Chief Executive Officer") named in the text's sentences about the party
    (or a total row against an aggregate party), 0.5 an aggregate party against rows split by type, 0 none."""
    if not g.fact.members:
        return 1.0 if t.aggregate else 0.0
    best = max((_name_score(a, b) for variants in g.members for a in variants for b in t.names), default=0.0)
    if best == 0 and any(len(v) >= 2 and not v <= _GENERIC and v <= t.context for variants in g.members for v in variants):
        return 1.0
    if best == 0 and t.aggregate:
        return 0.5
    return best


def _period_ok(t: _Text, col: Column) -> bool:
    return col.period_end == t.fact.period_end and col.period_months == t.fact.period_months


def _currency_ok(t: _Text, col: Column) -> bool:
    return t.fact.currency is None or col.currency is None or t.fact.currency == col.currency


def _equal(t: _Text, g: _Tag, scale: int, exact: bool = False) -> bool:
    """Same amount (signs aside: the text's kind carries the direction). Unless ``exact``, an amount written
    with a scale word ("RMB1.0 million") also equals what rounds to it."""
    a, b = t.value(scale), g.fact.value
    if a is None or b is None or t.fact.blank:
        return False
    diff = abs(abs(a) - abs(b))
    return diff <= Decimal("1e-9") * max(Decimal(1), abs(b)) or (not exact and diff < t.tolerance)


@dataclass
class _Edge:
    t: _Text
    g: _Tag
    col: int
    kind_ok: bool
    party: float

    @property
    def tier(self) -> tuple[bool, bool, int]:
        """Named or partly named party first, then a kind that fits the row, then how well the names match."""
        cls = _party_class(self.party)
        return cls >= PARTIAL, self.kind_ok, cls

    def priority(self) -> tuple:
        strong, kind_ok, cls = self.tier
        return (not strong, not kind_ok, -cls, -self.party, -len(self.t.topic & self.g.topic), self.t.i)


class _Matcher:
    """Finds the narrative facts that can stand for a tagged fact; texts are indexed by period."""

    def __init__(self, texts: list[_Text], pages: Sequence[DetailsPage], scale: int) -> None:
        self.pages, self.scale = pages, scale
        self.by_period: dict[tuple[date, int | None], list[_Text]] = defaultdict(list)
        for t in texts:
            self.by_period[(t.fact.period_end, t.fact.period_months)].append(t)

    def cols(self, g: _Tag) -> list[Column]:
        page = self.pages[g.page]
        return [page.columns[c - 1] for c in g.fact.columns if 0 < c <= len(page.columns)]

    def edges(self, g: _Tag, free_only: bool = True, equal: bool | None = True,
              only: _Text | None = None, exact: bool = False) -> list[_Edge]:
        """Narrative facts (free ones, or ``only``) that can stand for ``g`` in one of its candidate columns;
        ``equal``: True for equal values only, False for different ones, None for either."""
        out: list[_Edge] = []
        for col in self.cols(g):
            if col.period_end is None:
                continue
            for t in self.by_period.get((col.period_end, col.period_months), ()):
                if (only is not None and t is not only) or (free_only and t.paired) or not _currency_ok(t, col):
                    continue
                if equal is not None and _equal(t, g, self.scale, exact) != equal:
                    continue
                party = _party_score(t, g)
                if party > 0:
                    out.append(_Edge(t, g, col.n, g.kinds is not None and t.fact.kind in g.kinds, party))
        return out


def _infer_scale(texts: list[_Text], tags: list[_Tag], pages: Sequence[DetailsPage]) -> tuple[int, str]:
    page_scales = [s for p in pages for s in {p.scales.get(c.symbol or "", 1) for c in p.columns if c.symbol}]
    page_scale = max(set(page_scales), key=page_scales.count) if page_scales else 1
    plain = [t for t in texts if not t.scaled and t.fact.amount not in (None, Decimal(0))]
    if not plain:
        return page_scale, f"no amount without a scale word in the text; the details page's scale (x{page_scale:,}) is assumed"
    counts = {}
    for scale in (1, 1_000, 1_000_000):
        m = _Matcher(plain, pages, scale)
        counts[scale] = sum(1 for g in tags if m.edges(g))
    best = max(counts.values())
    if best == 0:
        return page_scale, (f"no text amount equals a tagged value at any scale; the details page's scale "
                            f"(x{page_scale:,}) is assumed")
    winners = [s for s, c in counts.items() if c == best]
    scale = page_scale if page_scale in winners else winners[0]
    others = ", ".join(f"x{s:,}: {c}" for s, c in counts.items() if s != scale)
    return scale, (f"text amounts without a scale word read x{scale:,}: {best} tagged values equal a text amount at "
                   f"this scale ({others})")


# --- the reconciliation ----------------------------------------------------------------------------


def _money(v: Decimal | None) -> str:
    return "blank" if v is None else plain_number(v, grouped=True)


def _period(col: Column | None = None, f: Fact | None = None) -> str:
    end, months = (col.period_end, col.period_months) if col is not None else (f.period_end, f.period_months) if f else (None, None)
    if end is None:
        return "no date"
    return f"{months} months to {end.isoformat()}" if months else f"at {end.isoformat()}"


def _describe_text(t: _Text) -> str:
    return f"text {t.written or _money(t.fact.amount)!r} ({t.fact.counterparty}, {t.fact.kind}, {_period(f=t.fact)})"


def reconcile(extraction: NoteExtraction, pages: Sequence[DetailsPage] | DetailsPage, scale: int | None = None) -> Reconciliation:
    """Reconcile one note's extraction with the details pages of the same filing.

    ``scale``: the multiplier of narrative amounts written without a scale word (1000 for a note whose
    statements are in thousands); inferred from the amounts when None, and the reason is recorded.
    """
    if isinstance(pages, DetailsPage):
        pages = [pages]
    pages = list(pages)
    rec = Reconciliation(note=extraction.note, source=extraction.source, pages=[p.source for p in pages])
    texts = _texts(extraction)
    rows: dict[tuple[int, int], _Row] = {}
    tags: list[_Tag] = []
    for pi, page in enumerate(pages):
        if not page.columns:
            rec.warnings.append(f"details page {page.source or pi + 1}: no columns were read; its values have no period")
        cells = sorted([*page.facts, *page.cells], key=lambda f: f.span.start)
        for cell in cells:
            row = rows.setdefault((pi, cell.row_span.start), _Row(pi, []))
            cell = cell.model_copy(deep=True)  # the pages given stay as they were read
            row.cells.append(cell)
            if cell.kind == "money":
                tags.append(_Tag(pi, cell, tagged_kinds(cell), [_variants(m) for m in cell.members],
                                 frozenset().union(*(_tokens(x) for x in [cell.row, *cell.members]))))
    if scale is None:
        scale, rec.scale_reason = _infer_scale(texts, tags, pages)
    else:
        rec.scale_reason = f"given: text amounts without a scale word read x{scale:,}"
    rec.scale = scale
    m = _Matcher(texts, pages, scale)
    row_of = {id(g.fact): rows[(g.page, g.fact.row_span.start)] for g in tags}
    items: list[ReconciliationItem] = []

    def pair(edge: _Edge, status: str, message: str) -> None:
        edge.t.paired = edge.g.paired = True
        f, col = edge.t.fact, pages[edge.g.page].columns[edge.col - 1]
        how = {NAMED: "same name", PARTIAL: "one name inside the other",
               WEAK: "a role or aggregate, named in the text's sentences"}.get(_party_class(edge.party), "")
        why = [f"party {f.counterparty!r} ~ members {edge.g.fact.members or '(none: a total)'} ({how})",
               f"kind {f.kind} {'fits' if edge.kind_ok else 'does NOT fit'} row {edge.g.fact.row!r}",
               _period(col)]
        items.append(_item(status, message, edge.t, edge.g, pages[edge.g.page], scale, "; ".join(why)))

    # 1. agree (placed values equal to a text amount), then let the text place ambiguous values, repeat
    while True:
        edges = [e for g in tags if g.fact.placed and not g.paired for e in m.edges(g)]
        for e in sorted(edges, key=_Edge.priority):
            if not e.t.paired and not e.g.paired:
                note = "" if e.kind_ok else f" (but the text says {e.t.fact.kind}, the tag {e.g.fact.row!r})"
                if not _equal(e.t, e.g, scale, exact=True):
                    note += " (after rounding to the text's precision)"
                if e.g.fact.placed_by == "text":
                    note += f" [column {e.col} found with the text's help]"
                pair(e, "agree", f"text {e.t.written!r} = tagged {e.g.fact.text!r}{note}")
        if not _place_by_text(m, tags, row_of, pages, rec):
            break

    # 2. differ / blank-in-text: a placed value and the one narrative slot of its party, kind and period
    options: dict[int, list[_Edge]] = {}
    claims: dict[int, int] = defaultdict(int)
    for g in tags:
        if g.fact.placed and not g.paired:
            es = [e for e in m.edges(g, equal=None) if e.kind_ok and _party_class(e.party) >= PARTIAL]
            options[id(g)] = es
            for e in es:
                claims[e.t.i] += 1
    for g in tags:
        es = options.get(id(g), [])
        if len(es) == 1 and claims[es[0].t.i] == 1:
            e = es[0]
            if e.t.fact.blank:
                pair(e, "blank-in-text", f"blank in text, tagged {e.g.fact.text} ({_money(e.g.fact.value)})")
            else:
                pair(e, "differ", f"text {e.t.written!r} ({_money(e.t.value(scale))}) vs tagged {e.g.fact.text!r} "
                                  f"({_money(e.g.fact.value)})")

    # 3. what is left: tagged-only and text-only, each saying what could be seen
    for g in tags:
        if not g.paired:
            items.append(_item("tagged-only", _tagged_only_message(m, g), None, g, pages[g.page], scale, ""))
    for t in texts:
        if not t.paired:
            items.append(_item("text-only", _text_only_message(m, t, tags, rows, pages), t, None, None, scale, ""))
    order = {s: i for i, s in enumerate(STATUSES)}
    items.sort(key=lambda it: (order[it.status], it.party or "", it.period_end or date.min))
    rec.items = items
    return rec


def _place_by_text(m: _Matcher, tags: list[_Tag], row_of: dict[int, _Row], pages: Sequence[DetailsPage],
                   rec: Reconciliation) -> bool:
    """Pin each ambiguous tagged value that exactly one free narrative fact explains; re-place its row."""
    proposals: dict[int, tuple[_Tag, _Edge]] = {}
    for g in tags:
        if g.paired or g.fact.placed or not g.fact.columns:
            continue
        es = m.edges(g, exact=True)
        if not es:
            continue
        best = max(e.tier for e in es)
        top = [e for e in es if e.tier == best]
        if len({e.t.i for e in top}) == 1 and len({e.col for e in top}) == 1:
            proposals[id(g)] = (g, top[0])
    best_for: dict[int, tuple] = {}
    for _, e in proposals.values():
        best_for[e.t.i] = max(best_for.get(e.t.i, e.tier), e.tier)
    changed = False
    for g, e in proposals.values():
        rivals = [p for p in proposals.values() if p[1].t is e.t]
        if len(rivals) > 1 and (e.tier < best_for[e.t.i] or sum(p[1].tier == e.tier for p in rivals) > 1):
            continue  # one narrative fact explains two tagged values equally well: leave both ambiguous
        row = row_of[id(g.fact)]
        idx = next(i for i, c in enumerate(row.cells) if c is g.fact)
        pins = {**row.pins, idx: e.col}
        cands = place_row(pages[g.page], row.cells, pins)
        if cands is None:
            rec.warnings.append(f"{_describe_text(e.t)} would place tagged {g.fact.text!r} in column {e.col}, "
                                f"but the row's order does not allow it")
            continue
        row.pins = pins
        page = pages[g.page]
        for i, (cell, cols) in enumerate(zip(row.cells, cands)):
            if cols == cell.columns:
                continue
            cell.columns = cols
            if len(cols) == 1:
                col = page.columns[cols[0] - 1]
                cell.period_end, cell.period_months = col.period_end, col.period_months
                cell.placed_by = "text"
                if i == idx:
                    cell.reason = (f"placed by the text: {_describe_text(e.t)} is the only narrative amount that "
                                   f"explains it among its columns")
                else:
                    cell.reason = f"placed by order once {g.fact.text!r} was placed by the text"
                currencies = {col.currency}
            else:
                cell.reason = (f"{cell.reason}; narrowed to columns {', '.join(map(str, cols))} once {g.fact.text!r} "
                               f"was placed by the text")
                currencies = {page.columns[c - 1].currency for c in cols}
            if cell.kind == "money" and cell.currency is None and len(currencies) == 1:
                cell.currency = currencies.pop()
        changed = True
    return changed


def _tagged_only_message(m: _Matcher, g: _Tag) -> str:
    f = g.fact
    convenience = ""
    cols = m.cols(g)
    if cols and all(c.currency == "USD" for c in cols):
        others = [c for c in m.pages[g.page].columns if c.currency not in (None, "USD")]
        if any(o.period_end == c.period_end and o.period_months == c.period_months for c in cols for o in others):
            convenience = " (a convenience-translation column)"
    if not f.placed:
        equal = m.edges(g, free_only=False)
        if equal:
            where = "; ".join(sorted({f"column {e.col}: {_describe_text(e.t)}" for e in equal}))
            return f"ambiguous (columns {', '.join(map(str, f.columns))}); text amounts equal to it: {where}"
        return f"ambiguous (columns {', '.join(map(str, f.columns))}); no text amount equals it{convenience}"
    near = [e for e in m.edges(g, equal=None) if e.kind_ok]
    if near:
        shown = "; ".join(sorted({_describe_text(e.t) for e in near}))
        return f"no single text amount to compare with; the text has: {shown}{convenience}"
    return f"no text fact for this party, kind and period{convenience}"


def _text_only_message(m: _Matcher, t: _Text, tags: list[_Tag], rows: dict[tuple[int, int], _Row],
                       pages: Sequence[DetailsPage]) -> str:
    maybe = [g for g in tags if not g.fact.placed and m.edges(g, free_only=False, equal=None, only=t)]
    if t.fact.blank:
        if maybe:
            return f"blank in text; tagged {', '.join(g.fact.text for g in maybe)} may be in this period (ambiguous columns)"
        return "blank in text; no tagged value for it"
    if maybe:
        eq = [g for g in maybe if _equal(t, g, m.scale)]
        if eq:
            return "equal tagged values whose column is ambiguous: " + "; ".join(
                f"{g.fact.text!r} in {g.fact.row!r} (columns {', '.join(map(str, g.fact.columns))})" for g in eq)
    if t.fact.amount == 0:
        empty = _empty_in_row(m, t, tags, rows, pages)
        return "zero in text; nothing tagged" + (" (the tagged row leaves this column empty)" if empty else
                                                 " (empty cells are not tagged)")
    return "no tagged value for this party, kind and period"


def _empty_in_row(m: _Matcher, t: _Text, tags: list[_Tag], rows: dict[tuple[int, int], _Row],
                  pages: Sequence[DetailsPage]) -> bool:
    for g in tags:
        if _party_class(_party_score(t, g)) < PARTIAL or g.kinds is None or t.fact.kind not in g.kinds:
            continue
        page = pages[g.page]
        col = next((c for c in page.columns if _period_ok(t, c) and _currency_ok(t, c)), None)
        if col is None:
            continue
        row = rows[(g.page, g.fact.row_span.start)]
        if all(col.n not in c.columns for c in row.cells):
            return True
    return False


def _item(status: str, message: str, t: _Text | None, g: _Tag | None, page: DetailsPage | None, scale: int,
          match: str) -> ReconciliationItem:
    f = t.fact if t else None
    tf = g.fact if g else None
    party = f.counterparty if f else (" | ".join(tf.members) if tf and tf.members else None)
    kind = f.kind if f else ("/".join(sorted(g.kinds)) if g and g.kinds else None)
    if f is not None:
        end, months = f.period_end, f.period_months
    else:
        end, months = (tf.period_end, tf.period_months) if tf else (None, None)
    return ReconciliationItem(status=status, message=message, party=party, kind=kind, period_end=end,
                              period_months=months, text_fact=f, text_value=t.value(scale) if t else None,
                              tagged=tf, page=page.source if page else None, match=match)


# --- pairing files, curated facts ------------------------------------------------------------------


def details_for(note_path: str | Path) -> list[Path]:
    """The details pages of a note file: ``NAME.details*.txt`` beside ``NAME.txt`` (or ``NAME.gold.json``), sorted."""
    p = Path(note_path)
    stem = next((p.name[: -len(x)] for x in (".gold.json", ".json", ".txt", ".html", ".htm") if p.name.endswith(x)), p.name)
    if ".details" in stem:
        return []
    return sorted(q for q in p.parent.glob(f"{glob_escape(stem)}.details*.txt") if q.is_file())


def reconcile_beside(note_path: str | Path, extraction: NoteExtraction, scale: int | None = None) -> Reconciliation | None:
    """For batch runs and exports: reconcile a note file's extraction with the ``NAME.details*.txt`` pages
    beside it; None when there are none. Unreadable pages give warnings (in the pages), not exceptions."""
    paths = details_for(note_path)
    if not paths:
        return None
    pages = [read_details_file(p) for p in paths]
    rec = reconcile(extraction, pages, scale=scale)
    rec.warnings = [f"{Path(p.source or '').name}: {w.message}" for p in pages for w in p.warnings] + rec.warnings
    return rec


def glob_escape(s: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", s)


def is_details_file(path: str | Path) -> bool:
    name = Path(path).name
    return ".details" in name and name.endswith(".txt")


# a number is read from its first digit only (not again from each later digit: quadratic in a run of digits)
_WRITTEN_SCALED = re.compile(rf"(?i)(?:(?:{currency_marks_pattern()})\s?)?(?<![\d,])(\d[\d,]*(?:\.\d+)?)\s*({scale_words_pattern()})\b")


def extraction_from_facts(facts: Iterable[dict], note: str | None = None, source: str | None = None,
                          text: str | None = None) -> NoteExtraction:
    """A NoteExtraction from flat facts in the GOLD.md shape (e.g. a ``NAME.gold.json``), to check
    details pages against curated facts. ``text``: the note, to point the evidence spans into it."""
    records = []
    for f in facts:
        amount = f.get("amount")
        blank = bool(f.get("blank")) or amount is None
        evidence = f.get("evidence") or ""
        start = text.find(evidence) if text and evidence else -1
        ev = TextSpan(start=max(start, 0), end=max(start, 0) + (len(evidence) if start >= 0 else 0),
                      text=evidence if start >= 0 else "")
        written = "" if blank else _written(Decimal(str(amount)), evidence)
        a = Amount(value=None if blank else Decimal(str(amount)), blank=blank, currency=f.get("currency"), text=written)
        period = Period(end=date.fromisoformat(f["period_end"]), months=f.get("period_months"))
        party = Counterparty(name=f["counterparty"], aliases=list(f.get("aliases") or []),
                             type="aggregate" if _AGGREGATE.fullmatch(f["counterparty"].strip()) else "entity")
        pa = PeriodAmount(period=period, amount=a)
        if f["kind"] in ("receivable", "payable"):
            records.append(Balance(kind=f["kind"], counterparty=party, nature=f.get("detail"), service=f.get("service"),
                                   amounts=[pa], evidence=ev))
        else:
            records.append(Transaction(kind=f["kind"], counterparty=party, service=f.get("service"),
                                       detail=f.get("detail"), amounts=[pa], evidence=ev))
    return NoteExtraction(note=note, source=source, length=len(text or ""), records=records)


def _written(amount: Decimal, evidence: str) -> str:
    """The amount as the evidence writes it when a scale word is there ("RMB1.0 million"), else the number."""
    for mm in _WRITTEN_SCALED.finditer(evidence):
        value = Decimal(mm.group(1).replace(",", "")) * (scale_of(mm.group(2)) or 1)
        if value == amount:
            return mm.group(0)
    return f"{amount:,}"


def load_extraction(path: str | Path) -> NoteExtraction:
    """A note file: ``*.json`` holding facts (GOLD.md shape) or a NoteExtraction; anything else is read as a note
    and extracted. Raises OSError / ValueError when the file cannot be read (missing, binary, bad JSON)."""
    p = Path(path)
    if p.suffix == ".json":
        data = json.loads(p.read_text(encoding="utf-8"))
        note = p.name.split(".")[0]
        if isinstance(data, dict) and "records" in data:
            return NoteExtraction.model_validate(data)
        facts = data.get("facts", []) if isinstance(data, dict) else data
        txt = p.with_name(note + ".txt")
        return extraction_from_facts(facts, note=note, source=str(p),
                                     text=txt.read_text(encoding="utf-8") if txt.is_file() else None)
    from relparty.api import extract
    from relparty.files import read_note

    got = read_note(str(p))
    if got.text is None:
        raise ValueError(got.error or "unreadable note")
    return extract(got.text, source=str(p))
