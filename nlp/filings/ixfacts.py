"""The filing's own tags inside a located section: ``ix:nonFraction`` facts as a details page.

Each fact becomes a :class:`~relparty.models.TaggedFact` placed in the column of its context (its period,
and its unit's currency), so :func:`relparty.reconcile.reconcile` can match the narrative facts with them
and give every pair or single its status. The value is the displayed number with the element's ``scale``
and ``sign`` applied; ``ixt:fixed-zero`` and the other zero formats (a dash, "nil", "none") are 0 and say so:
an R page renders such a cell as a dropped dash, so the blank a reader sees is a known 0 in the filing.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from relparty.filings.visible import Context, IxElement, Visible, strip_tags
from relparty.models import (
    Column,
    DetailsPage,
    Fact,
    NoteExtraction,
    Reconciliation,
    ReconciliationItem,
    TaggedFact,
    TextSpan,
)
from relparty.models.filings import FilingSection

__all__ = ["tagged_page", "reconcile_in_place", "ZERO_FORMATS", "concept_words", "member_words"]

ZERO_FORMATS = ("fixed-zero", "zerodash", "fixed-empty", "numwordsen")  # local names of zero-capable formats
_ZERO_TEXT = re.compile(r"(?i)^\s*(?:[-–—‒―]+|nil|none|no|zero)?\s*$")
_NUMBER = re.compile(r"\d[\d,. ]*")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_MONEY_KINDS = ("iso4217:",)
# axes that name the reporting entity or a slice of it, not a counterparty
_FILER_AXIS = re.compile(r"(?i)ConsolidatedEntitiesAxis|LegalEntityAxis|ConsolidationItemsAxis|SegmentsAxis|"
                         r"ProductOrServiceAxis|StatementGeographicalAxis|RangeAxis|RestatementAxis|ClassOfStockAxis")


def concept_words(name: str) -> str:
    """``us-gaap:RelatedPartyTransactionExpensesFromTransactionsWithRelatedParty`` -> words."""
    local = name.rsplit(":", 1)[-1]
    return " ".join(_CAMEL.findall(local))


def member_words(member: str) -> str:
    """``unp:TTXCompanyMember`` -> ``TTX Company``."""
    local = member.rsplit(":", 1)[-1]
    local = re.sub(r"Member$", "", local)
    return " ".join(_CAMEL.findall(local))


def _months(ctx: Context) -> tuple[date | None, int | None]:
    try:
        if ctx.instant:
            return date.fromisoformat(ctx.instant[:10]), None
        if ctx.end:
            end = date.fromisoformat(ctx.end[:10])
            if ctx.start:
                start = date.fromisoformat(ctx.start[:10])
                return end, max(1, round((end - start).days / 30.44))
            return end, None
    except ValueError:
        return None, None
    return None, None


def _value(el: IxElement, shown: str) -> tuple[Decimal | None, Decimal | None, str | None]:
    """(number as shown, value with scale and sign, a note when a zero format gave it)."""
    fmt = el.attrs.get("format", "")
    local = fmt.rsplit(":", 1)[-1].lower()
    sign = Decimal(-1) if el.attrs.get("sign") == "-" else Decimal(1)
    try:
        scale = int(el.attrs.get("scale", "0") or 0)
    except ValueError:
        scale = 0
    if local in ("fixed-zero", "zerodash", "fixed-empty") or (_ZERO_TEXT.match(shown) and local != "numwordsen"):
        return Decimal(0), Decimal(0), f"{fmt or 'no format'}: shown {shown!r}, a value of 0 (an R page drops it: a blank there is 0)"
    m = _NUMBER.search(shown)
    if not m:
        return None, None, f"{fmt or 'no format'}: {shown!r} is not a number"
    digits = m.group(0).strip().replace(" ", "")
    if "comma-decimal" in local or "numcommadecimal" in local:
        digits = digits.replace(".", "").replace(",", ".")
    else:
        digits = digits.replace(",", "")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        return None, None, f"{shown!r} is not a number"
    return number, sign * number * (Decimal(10) ** scale), None


def tagged_page(vis: Visible, section: FilingSection, source: str | None) -> DetailsPage:
    """The ``ix:nonFraction`` facts inside ``section`` as one details page (columns = their contexts)."""
    inside = [(p.start, p.end) for p in section.parts] or [(section.start, section.end)]
    els = [e for e in vis.ix if e.kind == "nonfraction" and not e.hidden and any(a <= e.vis_start < b for a, b in inside)]
    columns: dict[tuple, Column] = {}
    facts: list[TaggedFact] = []
    cells: list[TaggedFact] = []
    for el in els:
        ctx = vis.contexts.get(el.attrs.get("contextRef", ""))
        end, months = _months(ctx) if ctx else (None, None)
        unit = vis.units.get(el.attrs.get("unitRef", ""), "")
        money = unit.startswith(_MONEY_KINDS) and "/" not in unit
        currency = unit.split(":", 1)[1] if money else None
        key = (end, months, currency)
        if key not in columns:
            columns[key] = Column(n=len(columns) + 1, header=f"{months} Months Ended" if months else None,
                                  label=end.isoformat() if end else "", period_end=end, period_months=months,
                                  currency=currency, units=[unit] if unit else [])
        col = columns[key]
        inner_end = el.inner_end if el.inner_end >= 0 else el.inner_start
        shown = strip_tags(vis.document[el.inner_start:min(inner_end, el.inner_start + 500)])
        number, value, note = _value(el, shown)
        members = [member_words(m) for d, m in (ctx.members if ctx else []) if not _FILER_AXIS.search(d)]
        dims = [d for d, _ in (ctx.members if ctx else [])]
        span = TextSpan(start=el.inner_start, end=max(el.inner_start, inner_end), text=shown)
        fact = TaggedFact(
            note=section.heading, row=concept_words(el.name), members=members, text=shown, number=number, value=value,
            kind="money" if money else "count", unit=unit or None, currency=currency, columns=[col.n],
            period_end=end, period_months=months,
            reason=f"{el.name} in context {el.attrs.get('contextRef', '?')}" + (f" ({', '.join(dims)})" if dims else ""),
            span=span, row_span=span, warnings=[note] if note else [])
        (facts if money and value is not None else cells).append(fact)
    return DetailsPage(source=source, note=section.heading, length=section.end - section.start,
                       title=f"{section.heading} (inline XBRL tags)", columns=list(columns.values()), facts=facts,
                       cells=cells)


# --- reconciliation in place ------------------------------------------------------------------------


def _item(status: str, message: str, fact: Fact | None, tag: TaggedFact | None, page: DetailsPage,
          match: str = "") -> ReconciliationItem:
    end, months = (fact.period_end, fact.period_months) if fact else (tag.period_end, tag.period_months) if tag else (None, None)
    party = fact.counterparty if fact else (" | ".join(tag.members) if tag and tag.members else None)
    return ReconciliationItem(status=status, message=message, party=party, kind=fact.kind if fact else None,
                              period_end=end, period_months=months, text_fact=fact,
                              text_value=fact.amount if fact else None, tagged=tag, page=page.source, match=match)


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    return a is not None and b is not None and abs(abs(a) - abs(b)) <= Decimal("1e-9") * max(Decimal(1), abs(b))


def reconcile_in_place(note: NoteExtraction, page: DetailsPage) -> Reconciliation:
    """The narrative facts of a section and its ``ix:nonFraction`` tags, paired where they stand.

    A narrative amount whose characters are a tagged element's is that tag: ``agree`` when the values are
    equal (the text's scale word and the tag's ``scale`` applied), ``differ`` otherwise. A blank narrative slot
    with a tag of its period inside its sentence is ``blank-in-text`` (the filing knows the value: often 0, a
    dash of ``ixt:fixed-zero``). The rest are ``text-only`` and ``tagged-only``. Statuses are those of
    :func:`relparty.reconcile.reconcile`; the position makes the party and kind match unnecessary."""
    rec = Reconciliation(note=note.note, source=note.source, pages=[page.source], scale=1,
                         scale_reason="in place: each tag is paired with the narrative amount at its characters; "
                                      "inline XBRL values carry their scale, text amounts their scale word")
    facts = note.facts()
    tags = list(page.facts)
    used: set[int] = set()
    done: set[int] = set()
    for i, f in enumerate(facts):
        if f.blank or f.amount_start is None:
            continue
        k = next((k for k, g in enumerate(tags) if k not in used and g.span.start < (f.amount_end or 0)
                  and f.amount_start < g.span.end), None)
        if k is None:
            continue
        g = tags[k]
        used.add(k)
        done.add(i)
        where = f"same characters ({g.span.start}-{g.span.end}); {g.reason}"
        if _same(f.amount, g.value):
            rec.items.append(_item("agree", f"text {f.amount} = tagged {g.text!r} ({g.value})", f, g, page, where))
        elif _same(f.amount, g.number) and g.value is not None:
            rec.items.append(_item("agree", f"text {f.amount} = tagged {g.text!r}; the tag's scale makes it {g.value} "
                                            f"(the statements' unit, not written in the text)", f, g, page, where))
        else:
            rec.items.append(_item("differ", f"text {f.amount} vs tagged {g.text!r} ({g.value})", f, g, page, where))
    for i, f in enumerate(facts):
        if i in done or not f.blank:
            continue
        k = next((k for k, g in enumerate(tags) if k not in used and f.start <= g.span.start < f.end
                  and g.period_end == f.period_end and g.period_months == f.period_months), None)
        if k is not None:
            g = tags[k]
            used.add(k)
            done.add(i)
            zero = " (a zero format: the value is 0)" if g.warnings else ""
            rec.items.append(_item("blank-in-text", f"blank in text, tagged {g.text!r} ({g.value}){zero}", f, g, page,
                                   f"a tag of the same period in the fact's sentence; {g.reason}"))
    for k, g in enumerate(tags):
        if k not in used:
            zero = "; " + g.warnings[0] if g.warnings else ""
            rec.items.append(_item("tagged-only", f"no narrative fact at these characters{zero}", None, g, page, g.reason))
    for i, f in enumerate(facts):
        if i not in done:
            msg = "blank in text; no tag in its sentence" if f.blank else "no tag at these characters"
            rec.items.append(_item("text-only", msg, f, None, page))
    return rec
