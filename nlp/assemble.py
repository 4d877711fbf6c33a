"""Assembly: a processed Doc into records (transactions and balances) with evidence spans.

Per sentence, each amount list is given
- a kind: the nearest kind trigger before it in the sentence (else just after it);
- periods: the period group of the sentence that fits (in order when a sentence has as many
  lists as groups, else the nearest), else the last fitting group of an earlier sentence
  ("The Company had the following transactions for the years ended ...:");
- a party: the one named right after the trigger ("due from X", "purchases from X"), else the
  nearest named in the sentence, else the party the paragraph is about (the last one named),
  else "related parties";
- a service: the goods or services phrase of the sentence or of the paragraph's topic.
Slots pair with periods in order; one amount with "each of"/"both" stands for every period;
counts that cannot be reconciled give a warning naming the sentence and no guessed facts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from datetime import date

from relparty.components.amounts import AmountList, Slot
from relparty.components.clauses import (
    GOVERNING_VERBS,
    PURPOSE_OBJECTS,
    PURPOSE_RULES,
    WEAK_NOUNS,
    Service,
    Trigger,
    clause_of,
    interest_balance,
    kind_for,
)
from relparty.components.lexicon import doc_text, lowers, sentence_bounds, starts, token_chars, words
from relparty.components.linking import Link, Linker
from relparty.components.mentions import Mention, Party, counterparty_name
from relparty.components.periods import PeriodGroup
from relparty.components.tables import TableRow, assemble_tables, footnote_of
from relparty.models import (
    Amount,
    Balance,
    Counterparty,
    ExtractionWarning,
    Period,
    PeriodAmount,
    TextSpan,
    Transaction,
)
from relparty.patterns import load_lexicon
from relparty.readers import SourceText
from relparty.results import INTERNAL_ERROR
from relparty.vocabulary import flat_alternation
from spacy.tokens import Doc

BALANCE_KINDS = ("receivable", "payable")
NEGATED_KIND_WINDOW = 4  # tokens between a negation and the kind it negates: "no other material purchases"
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
MAX_EVIDENCE = 1200


def _tok_start(x: Trigger) -> int:
    return x.tok_start


def _char_start(x: Mention) -> int:
    return x.start

_THE_YEAR = re.compile(r"\b(?:during|for|in|over)\s+the\s+(?:fiscal\s+)?(?:year|period)\b(?!\s+(?:ended|ending))", re.I)
_NATURES = {
    "deposit": "deposits", "deposits": "deposits", "prepayment": "prepayment", "prepayments": "prepayment",
    "loan": "loan", "loans": "loan", "advances": "advances", "interest": "interest",
}


@dataclass
class _Context:
    linker: Linker
    services: dict[tuple[str, str], str] = field(default_factory=dict)  # (party, direction) -> service
    last_service: dict[str, str] = field(default_factory=dict)  # direction -> service
    flow_group: PeriodGroup | None = None
    last_flow_kind: str | None = None
    last_other: str | None = None  # the detail of the last `other` flow ("loan received"), for a balance's direction
    instant_group: PeriodGroup | None = None
    clauses: list[int] = field(default_factory=list)
    self_starts: list[int] = field(default_factory=list)  # where the note names the filer ("the Trust")
    cut_period: int | None = None  # the token where a period is cut off by the page end (doc._.rp_cut_period)
    governed: dict[int, tuple[Trigger, str]] = field(default_factory=dict)  # amount list start -> its trigger and rule
    parts: set[int] = field(default_factory=set)  # amount lists that are parts of an aggregate ("of which $A ...")


def assemble(doc: Doc, src: SourceText) -> tuple[list[Transaction | Balance], list[ExtractionWarning]]:
    records: list[Transaction | Balance] = []
    warnings: list[ExtractionWarning] = []
    parties: dict[str, Party] = doc._.rp_parties or {}
    mentions: list[Mention] = doc._.rp_party_mentions or []
    lists: list[AmountList] = doc._.rp_amount_lists or []
    groups: list[PeriodGroup] = doc._.rp_period_groups or []
    triggers: list[Trigger] = doc._.rp_triggers or []
    services: list[Service] = doc._.rp_services or []
    ctx = _Context(Linker(doc, parties, mentions), clauses=doc._.rp_clauses or [],
                   self_starts=sorted(a for a, _, _ in doc._.rp_self_mentions or []), cut_period=doc._.rp_cut_period)
    table_spans = sorted((r.start, r.end) for r in (doc._.rp_table_rows or []))
    li = gi = ti = mi = si = 0
    tok_starts, toks = starts(doc), words(doc)
    # the first token where a list, group, trigger or service not taken yet starts, and the first
    # character of such a mention: a sentence that ends before both holds none of them
    next_tok, next_char = _next_starts((lists, li), (groups, gi), (triggers, ti), (services, si)), _first_char(mentions, mi)
    for s, e in sentence_bounds(doc):
        s_start, s_end = tok_starts[s], tok_starts[e - 1] + len(toks[e - 1])  # token_chars(doc, s, e)
        if next_tok >= e and next_char >= s_end:
            ctx.linker.begin_sentence(s_start, s_end)  # only a heading matters here: it resets the topic
            continue  # nothing starts in this sentence: no record, and the context stays as it is
        s_lists, li = _take(lists, li, s, e)
        s_groups, gi = _take(groups, gi, s, e)
        s_trig, ti = _take(triggers, ti, s, e)
        s_serv, si = _take(services, si, s, e)
        s_ment, mi = _take_chars(mentions, mi, s_start, s_end)
        next_tok, next_char = _next_starts((lists, li), (groups, gi), (triggers, ti), (services, si)), _first_char(mentions, mi)
        ctx.linker.begin_sentence(s_start, s_end)
        if s_lists and table_spans:
            s_lists = [x for x in s_lists if not _in_spans(table_spans, tok_starts[x.tok_start])]
        if s_lists:
            sent = Sentence(doc, s, e, s_start, s_end)  # what the records read of their sentence
            windows = _Windows(doc, s_lists, s_groups, s_trig, s_serv, s_ment) if len(s_lists) > MANY_LISTS else None
            for n, al in enumerate(s_lists):
                try:
                    if windows is None:
                        recs, warn = _record(doc, src, sent, al, n, s_lists, s_groups, s_trig, s_serv, s_ment, parties, ctx)
                    else:
                        recs, warn = _record(doc, src, sent, *windows.around(al), parties, ctx)  # (al, n, lists, ...)
                except MemoryError:
                    raise
                except Exception as err:  # contained to this amount list: the rest of the note is read
                    # its sentence, at most MAX_EVIDENCE characters of it around the list: a run-on sentence's whole
                    # span in each of its lists' warnings held it thousands of times (a 1 MB note took 2.3 GB)
                    a_start, a_end = token_chars(doc, al.tok_start, al.tok_end)
                    recs, warn = [], _unit_failed("an amount list of this sentence", err, src.span(
                        max(s_start, a_start - MAX_EVIDENCE // 2), min(s_end, a_end + MAX_EVIDENCE // 2)))
                for rec in recs:
                    records.append(rec)
                    if rec.kind in ("revenue", "cost"):
                        ctx.last_flow_kind = rec.kind
                    elif rec.kind == "other":
                        ctx.last_other = rec.detail
                if warn is not None:
                    warnings.append(warn)
        _update_context(ctx, s_ment, s_serv, s_groups, doc_text(doc), s_start)
        if ctx.linker.at_heading or not s_lists:
            # a heading's loan ("Loans from officers"), or a sentence's ("Mr. Vance has lent the Company
            # funds"), directs the balances after it; a heading without one directs none
            # "X provided a loan to the Company": the filer is the object, it received the loan
            loan = next((_toward_the_filer(doc, (t, ""), ctx)[0].detail for t in reversed(s_trig)
                         if t.kind == "other" and t.detail in _LOANS), None)
            if loan is not None or ctx.linker.at_heading:
                ctx.last_other = loan
    prose = len(records)
    records.extend(assemble_tables(doc, src, warnings))
    _footnote_parties(doc, src, records[:prose], records[prose:])
    # readings of the amounts that the note did not decide ("kr": SEK, NOK, DKK or ISK)
    warnings.extend(ExtractionWarning(message=m, span=src.span(a, b)) for m, a, b in doc._.rp_amount_warnings or [])
    return records, warnings


def _footnote_parties(doc: Doc, src: SourceText, prose: list[Transaction | Balance], table: list[Transaction | Balance]) -> None:
    """ "Management compensation (1)" ... "(1) As of June 30, 2019, $2.6 million is payable or accrued for key management
    compensation": a sentence of a row's footnote that names no party of its own is about that row's party (here
    key management personnel, the party of a pay table's rows). Changes the prose records in place."""
    rows: list[TableRow] = doc._.rp_table_rows or []
    orphans = [r for r in prose if (r.counterparty.rule or "").endswith("link.none")]
    if not rows or not orphans or not table:
        return
    by_row = {rec.evidence.start: rec.counterparty for rec in table}
    text = doc_text(doc)
    for row in rows:
        span = footnote_of(text, row)
        party = by_row.get(src.span(row.start, row.end).start)
        if span is None or party is None or party.type == "aggregate":
            continue
        a, b = src.span(*span).start, src.span(*span).end
        for rec in orphans:
            if a <= rec.evidence.start and rec.evidence.end <= b:
                rec.counterparty = party.model_copy(update={"rule": f"{rec.counterparty.rule}+link.footnote-row"})


_NEVER = 1 << 62  # past every token and character


def _next_starts(*taken: tuple[list, int]) -> int:  # type: ignore[type-arg]
    """The first token where an item not taken yet starts: of ``items[i]`` for each ``(items, i)`` (items in
    token order), or ``_NEVER`` when every list is taken to its end."""
    return min((items[i].tok_start for items, i in taken if i < len(items)), default=_NEVER)


def _first_char(mentions: list[Mention], i: int) -> int:
    """The first character of ``mentions[i]`` (mentions in text order), or ``_NEVER`` past the last one."""
    return mentions[i].start if i < len(mentions) else _NEVER


class Sentence:
    """What a record reads of its sentence (tokens ``start..end``, characters ``start_char..end_char``):
    a spaCy ``Span`` of it would make a Token object per token each time its text is read."""

    __slots__ = ("doc", "start", "end", "start_char", "end_char", "_text")

    def __init__(self, doc: Doc, start: int, end: int, start_char: int, end_char: int) -> None:
        self.doc, self.start, self.end, self.start_char, self.end_char = doc, start, end, start_char, end_char
        self._text: str | None = None

    @property
    def text(self) -> str:
        """``doc[start:end].text``: the Doc's text between the first and last token's characters."""
        if self._text is None:
            self._text = doc_text(self.doc)[self.start_char : self.end_char]
        return self._text


def _unit_failed(what: str, err: Exception, span: TextSpan) -> ExtractionWarning:
    """The warning for a part of a note that failed: it names the part (its span) and the error;
    the batch summary counts the note as failed (``relparty.results.failed_parts``)."""
    return ExtractionWarning(message=f"{INTERNAL_ERROR} in {what}, skipped: {type(err).__name__}: {err}", span=span)


MANY_LISTS = 32  # a sentence with more amount lists than this is read in windows around each list
WINDOW = 200  # tokens either side of a list in such a sentence


def _in_spans(spans: list[tuple[int, int]], char: int) -> bool:
    """Is ``char`` inside one of ``spans`` (sorted, not overlapping: the table rows)?"""
    k = bisect_right(spans, (char, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= char < spans[k][1]


class _Windows:
    """For a run-on sentence with many amount lists (hostile or flattened input), the lists,
    periods, triggers, services and mentions within ``WINDOW`` tokens of each list, found by
    bisection: without it each list looked at every item of the sentence, which made one long
    sentence quadratic. Real sentences have far fewer lists and are read whole."""

    def __init__(self, doc: Doc, lists: list[AmountList], groups: list[PeriodGroup], trig: list[Trigger],
                 serv: list[Service], ment: list[Mention]) -> None:
        self.doc = doc
        self.items = (lists, groups, trig, serv)
        self.keys = [[x.tok_start for x in xs] for xs in self.items]
        self.ment, self.ment_keys = ment, [m.start for m in ment]

    def around(self, al: AmountList) -> tuple:  # type: ignore[type-arg]
        lo, hi = max(0, al.tok_start - WINDOW), min(len(self.doc), al.tok_end + WINDOW)
        lists, groups, trig, serv = (xs[bisect_left(ks, lo):bisect_left(ks, hi)] for xs, ks in zip(self.items, self.keys))
        c_lo, c_hi = token_chars(self.doc, lo, hi)
        ment = self.ment[bisect_left(self.ment_keys, c_lo):bisect_left(self.ment_keys, c_hi)]
        return al, next(k for k, x in enumerate(lists) if x is al), lists, groups, trig, serv, ment


def _take(items: list, i: int, start: int, end: int) -> tuple[list, int]:  # type: ignore[no-untyped-def]
    """The items (in token order from ``i`` on) that start in tokens ``start..end``; the next ``i``."""
    out = []
    while i < len(items) and items[i].tok_start < end:
        if items[i].tok_start >= start:
            out.append(items[i])
        i += 1
    return out, i


def _take_chars(items: list[Mention], i: int, start: int, end: int) -> tuple[list[Mention], int]:
    out = []
    while i < len(items) and items[i].start < end:
        if items[i].start >= start:
            out.append(items[i])
        i += 1
    return out, i


def _update_context(ctx: _Context, ments: list[Mention], servs: list[Service], groups: list[PeriodGroup], text: str,
                    s_start: int) -> None:
    ctx.linker.end_sentence(ments)
    topic = ctx.linker.topic.key if ctx.linker.topic is not None else None
    for s in servs:
        ctx.last_service[s.direction] = s.text
        if topic:
            ctx.services[(topic, s.direction)] = s.text
    for kind in ("flow", "instant"):
        own = [g for g in groups if g.kind == kind]
        if not own:
            continue
        # a period inside a parenthesised aside, "$12.6 million ($7.0 million in 2019 and none in 2018)", is the
        # aside's: the sentence's own period, outside it, stays the one the next sentences read
        last = next((g for g in reversed(own) if _open_aside(text, max(s_start, g.start - _ASIDE_REACH), g.start) < 0),
                    own[-1])
        if kind == "flow":
            ctx.flow_group = last
        else:
            ctx.instant_group = last


def _open_aside(text: str, lo: int, at: int) -> int:
    """Where a "(" opened in ``text[lo:at]`` and not closed before ``at`` stands, or -1."""
    opened = text.rfind("(", lo, at)
    return -1 if opened < 0 or text.rfind(")", opened, at) >= 0 else opened


def _record(doc: Doc, src: SourceText, sent: Sentence, al: AmountList, n: int, s_lists: list[AmountList],
            s_groups: list[PeriodGroup], s_trig: list[Trigger], s_serv: list[Service], s_ment: list[Mention],
            parties: dict[str, Party], ctx: _Context):  # type: ignore[no-untyped-def]
    a_start, a_end = token_chars(doc, al.tok_start, al.tok_end)
    ev_start, ev_end = sent.start_char, _trim_end(sent)
    if ev_end - ev_start > MAX_EVIDENCE:  # a run-on "sentence" (tables, debris): the clause around the amounts
        ev_start, ev_end = max(ev_start, a_start - MAX_EVIDENCE // 2), min(ev_end, a_end + MAX_EVIDENCE // 2)
    evidence = src.span(ev_start, ev_end)
    if al.not_amount:
        return [], ExtractionWarning(message=f"{al.not_amount}: {al_text(doc, al)!r}", span=evidence)
    # only what is near the amounts can govern them: windows keep long sentences linear
    s_trig = s_trig[bisect_left(s_trig, al.tok_start - 80, key=_tok_start) : bisect_right(s_trig, al.tok_end + 15, key=_tok_start)]
    s_ment = s_ment[bisect_left(s_ment, a_start - 600, key=_char_start) : bisect_right(s_ment, a_end + 300, key=_char_start)]
    if al.negation == "after":  # "no purchases from X", "did not receive any rental income": the kind it negates
        negated = next((t for t in s_trig if 0 <= t.tok_start - al.tok_end <= NEGATED_KIND_WINDOW), None) or next(
            (t for t in s_trig if al.tok_start < t.tok_start < al.tok_end), None)  # "did not purchase any goods"
        if negated is not None and negated.text in WEAK_NOUNS:
            # "did not earn any development fees": the governing verb inside the negation decides, as in "earned fees"
            verb = next((t for t in s_trig if al.tok_start <= t.tok_start < negated.tok_start and t.text in GOVERNING_VERBS
                         and t.kind in ("revenue", "cost")), None)
            negated = verb or negated
        chosen = (negated, "negation.kind-after") if negated is not None else None
    else:
        chosen = _trigger_for(doc, sent, al, s_trig, s_lists[max(0, n - 1) : n + 1], s_groups, ctx)
    if chosen is None and al.negation:
        return [], None  # a negation of no kind ("no fixed terms of repayment") is no amount, and no news
    if chosen is None:
        return [], ExtractionWarning(message=f"amounts with no kind of transaction or balance: {al_text(doc, al)!r}", span=evidence)
    trig, kind_rule = chosen
    kind = trig.kind
    trig_end = trig.tok_end  # after the trigger and the direction word it takes ("balances due to")
    if kind == "balance" and trig.tok_end < len(doc) and words(doc)[trig.tok_end].lower() in ("to", "from"):
        trig_end += 1
        kind = "payable" if words(doc)[trig.tok_end].lower() == "to" else "receivable"  # "balances due to X"
        trig, kind_rule = replace(trig, kind=kind), f"{kind_rule}+due-to-from"
    if kind == "balance" and al.negation:
        return [], None
    if kind == "balance":  # "the total balance outstanding for these services": the direction of the context
        kind, why = _balance_direction(ctx)
        if kind is None:
            return [], ExtractionWarning(message=f"a balance whose direction the note does not say: {al_text(doc, al)!r}",
                                         span=evidence)
        trig, kind_rule = replace(trig, kind=kind), f"{kind_rule}+{why}"
    cut = ctx.cut_period
    if (cut is not None and sent.start <= cut < sent.end and al.tok_start < cut
            and not any(al.tok_end <= g.tok_start < cut for g in s_groups)):
        # "... were $3,000 for the year ended" at the end of the page: its period is lost, never borrowed
        return [], ExtractionWarning(message=f"period cut off by the page end; amounts left out: {al_text(doc, al)!r}",
                                     span=evidence)
    group = _group_for(al, n, s_lists, _own_periods(doc_text(doc), sent, a_start, s_groups), kind, ctx)
    own_group = group is not None and any(g is group for g in s_groups)
    if (doc._.rp_dateless and any(sent.start <= k < sent.end for k in doc._.rp_dateless)
            and (not own_group or (kind in BALANCE_KINDS and group is not None and group.kind != "instant"))):
        # "... remained unpaid at year end" where neither the sentence nor its paragraph dates the year end
        return [], ExtractionWarning(message=f"a year or period end that the sentence and its paragraph do not date; "
                                             f"amounts left out: {al_text(doc, al)!r}", span=evidence)
    if al.negation and not own_group:
        return [], None  # GOLD.md: a negation is a zero only where its sentence names the kind and the period
    if group is None and src.period is not None and kind not in BALANCE_KINDS and _THE_YEAR.search(sent.text):
        # "During the year, the Company incurred ...": the year of the page's own header
        end, months = src.period
        group = PeriodGroup("flow", [(end, months)], sent.start, sent.start, sent.start_char, sent.start_char)
    if group is None:
        return [], ExtractionWarning(message=f"amounts with no period or date: {al_text(doc, al)!r}", span=evidence)
    periods = group.periods
    slots = al.resolved(len(periods))
    if (al.clause_after and own_group and sum(not s.blank for s in slots) == 1 and len(periods) > 1
            and not _RESPECTIVELY.search(doc_text(doc), a_start, min(sent.end_char, a_end + 300))):
        # "notes payable at June 30, 2012 and December 31, 2011 ... totaling $471,201, and were extended": without
        # "respectively" the ", and" starts a clause, and the one amount is that of each date (GOLD.md)
        slots = [s for s in slots if not s.blank]
    t_end = token_chars(doc, trig.tok_start, trig.tok_end)[1] if trig.tok_end > 0 else 0
    links: list[Link] = []
    natures: list[str] = []
    if len(slots) == len(periods):
        pairs = list(zip(slots, periods))
    elif len(slots) == 1 and (group.distributive or al.negation or (own_group and not al.rate
                                                                     and not _RESPECTIVELY.search(sent.text))):
        # GOLD.md: one amount written for a list of periods or dates is that amount for each of them
        pairs = [(slots[0], p) for p in periods]
    elif len(periods) == 1 and (links := ctx.linker.respective(t_end, a_start, s_ment, len(slots), sent.text) or []):
        pairs = [(slot, periods[0]) for slot in slots]  # "respectively" over parties: one amount each
    elif len(periods) == 1 and kind in BALANCE_KINDS and (natures := _respective_natures(doc, sent, a_start, len(slots))):
        pairs = [(slot, periods[0]) for slot in slots]  # "principal and accrued interest ... $200,000 and $9,333, respectively"
    elif len(periods) == 1 and (kin := _respective_kinds(doc, sent, al, len(slots), s_trig, s_lists)):
        # "Accrued interest and interest expense ... as of and for the nine months ended September 30, 2010 totaled
        # $75,251 and $39,354, respectively": one amount per kind named, each read at the period's end or for it
        link = ctx.linker.party_for(t_end, a_start, s_ment, sent.end_char)
        # the kinds' one period is the one named before the amounts ("as of and for the nine months ended ..."), not
        # a date after them that the first kind's class would pick
        kg = max((g for g in s_groups if g.tok_end <= al.tok_start and g.kind in ("flow", "instant") and len(g.periods) == 1),
                 key=lambda g: g.tok_end, default=group)
        kg_span = src.span(kg.start, kg.end)
        return [_make_record(src, sent, al, tg.kind, tg, kind_rule + "+respectively.kinds", link,
                             [_period_amount(src, kg_span, slot, kg.periods[0], tg.kind)], evidence, s_serv, ctx)
                for tg, slot in zip(kin, slots)], None
    elif _cut_off(doc, sent, group):
        # the page ends inside this sentence: pair what the text still shows, in order
        pairs = list(zip(slots, periods))
        if not pairs:
            return [], ExtractionWarning(message=f"sentence cut off; amounts left out: {al_text(doc, al)!r}", span=evidence)
    else:
        return [], ExtractionWarning(
            message=f"{len(slots)} amounts for {len(periods)} periods; left out: {al_text(doc, al)!r}", span=evidence
        )
    if not group.explicit_day and src.fiscal is not None:
        # "$217 million in 2023" in a filing whose fiscal 2023 ended February 2, 2024: the filer's calendar
        pairs = [(slot, (src.fiscal.end(end.year), months)) for slot, (end, months) in pairs]
    elif not group.explicit_day and src.period is not None and src.period[0].month != 12:
        # "fiscal years 2011, 2010 and 2009" on a page for the year ended Sep. 30, 2011: the page says the day
        pe = src.period[0]
        pairs = [(slot, (_with_month_day(end, pe.month, pe.day), months)) for slot, (end, months) in pairs]
    period_span = src.span(group.start, group.end)  # one frozen TextSpan for the periods of this record
    amounts = [_period_amount(src, period_span, slot, period, kind) for slot, period in pairs]
    rec_rule = kind_rule
    if natures:  # one balance per nature, each its own amount, the same party
        links = [ctx.linker.party_for(t_end, a_start, s_ment, sent.end_char)] * len(amounts)
        rec_rule += "+respectively.natures"
    if not links and len(slots) == 1 and (links := ctx.linker.each(a_start, a_end, s_ment) or []):
        parts = [amounts] * len(links)  # "A and B were each paid $30,000": that amount for each party
    elif not links:
        list_end = token_chars(doc, al.aside_end - 1, al.aside_end)[1] if al.aside_end else a_end
        links = [ctx.linker.party_for(t_end, a_start, s_ment, sent.end_char, list_end)]
        parts = [amounts]
    else:
        parts = [[pa] for pa in amounts]
    trigs = [replace(trig, detail=nat) for nat in natures] or [trig] * len(parts)
    recs = [_make_record(src, sent, al, kind, tg, rec_rule, link, part, evidence, s_serv, ctx)
            for tg, link, part in zip(trigs, links, parts)]
    also = _coordinated(doc, trig_end, kind, s_trig) if al.negation == "after" else None
    if also is not None:  # "no amount due from or due to X", "no sales to or purchases from X": zero for both
        t2 = replace(trig, kind=also)
        recs += [_make_record(src, sent, al, also, t2, kind_rule + "+negation.coordinated", link, part, evidence, s_serv, ctx)
                 for link, part in zip(links, parts)]
    return recs, None


def _coordinated(doc: Doc, end: int, kind: str, s_trig: list[Trigger]) -> str | None:
    """The other kind one negation also covers: "due from or due to", "due to or from", "owed to or
    by", "receivables from or payables to" (balances), "sales to or purchases from" (flows); None
    when the negated kind is not coordinated with another of its class."""
    low, n = lowers(doc), len(doc)
    p = end + 1 if end < n and low[end] in ("to", "from", "by") else end  # "no receivables from or payables to"
    p = p + 1 if p < n and low[p] == "," else p
    if p >= n or low[p] not in ("or", "and", "nor"):
        return None
    p += 1
    same_class = BALANCE_KINDS if kind in BALANCE_KINDS else ("revenue", "cost") if kind in ("revenue", "cost") else ()
    nxt = next((t for t in s_trig if p <= t.tok_start <= p + 1), None)
    if nxt is not None:
        return nxt.kind if nxt.kind in same_class and nxt.kind != kind else None
    if p < n and low[p] in ("due", "owed", "owing"):
        p += 1
    if kind in BALANCE_KINDS and p < n and low[p] in ("to", "from", "by"):
        other = "payable" if low[p] == "to" else "receivable"
        return other if other != kind else None
    return None


def _respective_kinds(doc: Doc, sent: Sentence, al: AmountList, n: int, s_trig: list[Trigger],
                      s_lists: list[AmountList]) -> list[Trigger]:
    """The kinds a list's amounts pair with "respectively" at one period, in order, when as many kind triggers as
    amounts are coordinated right before one another ("accrued interest and interest expense", "sales to and amounts
    due from", "rent expense and management fees"); [] otherwise."""
    text = doc_text(doc)
    a_start = token_chars(doc, al.tok_start, al.tok_end)[0]
    if n < 2 or not _RESPECTIVELY.search(text, a_start, min(sent.end_char, a_start + 400)):
        return []
    low = lowers(doc)
    # the triggers after the list before this one: "purchases from, and royalty payments made to, affiliates totaled
    # $34.4 million and $118.5 million ..., as compared to $33.6 million and $131.2 million" pair with the first list
    since = max((x.tok_end for x in s_lists if x.tok_end <= al.tok_start), default=sent.start)
    before = [interest_balance(t) for t in s_trig if since <= t.tok_start and t.tok_end <= al.tok_start]
    for i in range(len(before) - n + 1):
        chain = before[i : i + n]
        if all(_COORDINATED.fullmatch(" ".join(low[a.tok_end : b.tok_start])) for a, b in zip(chain, chain[1:])) and all(
                t.kind in _FLIP for t in chain):
            return chain
    return []


# "accrued interest and interest expense", "sales to and amounts due from", "rent expense and management fees"
_COORDINATED = re.compile(r"(?:(?:to|from|with|by|of) )?(?:, )?and(?: [a-z-]+){0,2}|,")


def _period_amount(src: SourceText, period_span: TextSpan, slot: Slot, period: tuple[date, int | None],
                   kind: str) -> PeriodAmount:
    """One slot's amount at one period; GOLD.md: balances "for the year ended ..." are balances at its last day."""
    end, months = period
    return PeriodAmount(period=Period(end=end, months=None if kind in BALANCE_KINDS else months, span=period_span),
                        amount=Amount(value=slot.value, blank=slot.blank, currency=slot.currency, text=slot.text,
                                      span=src.span(slot.start, slot.end)))


def _make_record(src: SourceText, sent: Sentence, al: AmountList, kind: str, trig: Trigger, kind_rule: str, link: Link,
                 amounts: list[PeriodAmount], evidence: TextSpan, s_serv: list[Service],
                 ctx: _Context) -> Transaction | Balance:
    party, mention = link.party, link.mention
    cp = Counterparty(
        name=counterparty_name(party.name) if party else "related parties",
        aliases=list(party.aliases) if party else [],
        type=party.type if party else "aggregate",  # type: ignore[arg-type]
        span=src.span(party.start, party.end) if party and party.end > party.start else None,
        mention=src.span(mention.start, mention.end) if mention is not None and mention.end > mention.start else None,
        rule=f"{mention.rule}/{link.rule}" if mention is not None else link.rule,
    )
    rule = f"{kind_rule}/{trig.rule}" if trig.rule else kind_rule
    if kind in BALANCE_KINDS:
        context = ctx.services.get((party.key, "cost")) or ctx.services.get((party.key, "revenue")) if party else None
        return Balance(kind=kind, counterparty=cp, nature=trig.detail or _nature(sent, al), amounts=amounts,  # type: ignore[arg-type]
                       evidence=evidence, service=context, kind_rule=rule)
    service = None
    if kind in ("revenue", "cost"):
        service = _service_for(kind, s_serv, party, ctx)
    return Transaction(kind=kind, counterparty=cp, service=service, detail=trig.detail if kind == "other" or trig.detail else None,  # type: ignore[arg-type]
                       amounts=amounts, evidence=evidence, kind_rule=rule)


def _balance_direction(ctx: _Context) -> tuple[str | None, str]:
    """A balance that does not say its direction: that of the flow before it (cost -> payable), of a
    loan named before it or in the heading ("Loans from officers", "Mr. Vance has lent the Company")."""
    if ctx.last_other in ("loan received", "loan repaid", "note issued"):
        return "payable", "balance.after-loan-received"
    if ctx.last_other in ("loan provided", "loan collected"):
        return "receivable", "balance.after-loan-provided"
    if ctx.last_flow_kind in ("revenue", "cost"):
        return ("payable" if ctx.last_flow_kind == "cost" else "receivable"), "balance.after-flow"
    return None, ""


def _with_month_day(d: date, month: int, day: int) -> date:
    try:
        return date(d.year, month, day)
    except ValueError:
        return d


def _cut_off(doc: Doc, sent: Sentence, group: PeriodGroup) -> bool:
    """The sentence is the last of the page and stops without its full stop, right after the dates."""
    tail = doc_text(doc)[sent.start_char :].rstrip()
    return sent.end >= len(doc) - 1 and not tail.endswith((".", ":", ";", "!", "?", ")")) and group.tok_end >= sent.end - 2


def al_text(doc: Doc, al: AmountList) -> str:
    return doc[al.tok_start : al.tok_end].text


def _trim_end(sent: Sentence) -> int:
    end = sent.end_char
    while end > sent.start_char and doc_text(sent.doc)[end - 1].isspace():
        end -= 1
    return end


def _trigger_for(doc: Doc, sent: Sentence, al: AmountList, trig: list[Trigger], s_lists: list[AmountList],
                 s_groups: list[PeriodGroup], ctx: _Context) -> tuple[Trigger, str] | None:
    """The kind trigger that governs ``al`` (:func:`relparty.components.clauses.kind_for`), and its rule."""
    kinds = {g.kind for g in s_groups if g.kind != "comparative"}
    if doc._.rp_dateless and any(sent.start <= k < sent.end for k in doc._.rp_dateless):
        kinds.add("instant")  # "... and $300 remained unpaid at year end": a date, if an unknown one
    prev_list_end = max((x.tok_end for x in s_lists if x.tok_end <= al.tok_start), default=-1)
    clause = clause_of(ctx.clauses, sent.start, sent.end, al.tok_start)
    chosen = kind_for(al.tok_start, al.tok_end, trig, prev_list_end, kinds == {"flow"}, kinds == {"instant"}, clause,
                      lowers(doc))
    if chosen is not None and chosen[0].rule in PURPOSE_RULES and not _for_work(doc, sent, al, chosen[0], clause, ctx):
        rest = [t for t in trig if t is not chosen[0]]  # "received ... from" is revenue only for work the company did
        chosen = kind_for(al.tok_start, al.tok_end, rest, prev_list_end, kinds == {"flow"}, kinds == {"instant"}, clause)
    if chosen is not None and chosen[1] == "kind.before" and (outer := _aside_owner(doc, al, s_lists)) is not None \
            and outer.tok_start in ctx.governed:
        # "R$ 32,359 during 2019 (R$ 50,310 in 2018)": the comparative in the aside has its amount's kind, not the
        # kind of the last trigger before it
        t, rule = ctx.governed[outer.tok_start]
        chosen = (t, f"{rule}+kind.of-aside-owner")
    if chosen is not None:
        chosen = _toward_the_filer(doc, chosen, ctx)
    part = _aggregate_of(doc, al, s_lists, clause, ctx)
    if part is not None and (chosen is None or not _own_predicate(chosen, clause)):
        chosen = (part[0], f"{part[1]}+kind.of-which-part")
    if chosen is not None:
        ctx.governed[al.tok_start] = chosen
    return chosen


def _aside_owner(doc: Doc, al: AmountList, s_lists: list[AmountList]) -> AmountList | None:
    """The list whose parenthesis, right after it or after its period, holds ``al`` ("$65 (2022 - $58)", "R$ 32,359
    during 2019 (R$ 50,310 in 2018)"), or None."""
    prev = [x for x in s_lists if x.tok_end <= al.tok_start]
    if not prev:
        return None
    p, w = prev[-1], words(doc)
    opened = next((k for k in range(al.tok_start - 1, max(p.tok_end, al.tok_start - 8) - 1, -1) if w[k] in ("(", ")")), None)
    if opened is None or w[opened] != "(" or opened - p.tok_end > _ASIDE_AFTER:
        return None
    return p


_ASIDE_AFTER = 6  # tokens from a list's end to the parenthesis of its comparatives ("during the year 2019 (")


# the steps of relparty.components.clauses.kind_for that read an amount's own predicate in its own clause
_OWN_STEPS = ("kind.spanning", "kind.state", "kind.post-other", "kind.subject-clause", "kind.verb-after")


def _own_predicate(chosen: tuple[Trigger, str], clause: tuple[int, int]) -> bool:
    t, rule = chosen
    return rule.split("/")[0].split("+")[0] in _OWN_STEPS or (rule.startswith("kind.own") and t.tok_start >= clause[0])


def _aggregate_of(doc: Doc, al: AmountList, s_lists: list[AmountList], clause: tuple[int, int],
                  ctx: _Context) -> tuple[Trigger, str] | None:
    """The trigger of the aggregate that ``al`` is a part of: "a note of $1.1 million owed to X, of which $1.0
    million is the upfront payment, and $140 thousand is for liabilities due to Y" (both parts), by the list
    right before "of which" (or before the part that this one continues with "and"); None for no part."""
    low = lowers(doc)
    k = al.tok_start - 1
    while k > clause[0] and low[k] in ("approximately", "about", "roughly", "some", "nearly"):
        k -= 1
    prev = [x for x in s_lists if x.tok_end <= al.tok_start]
    if not prev or k < 1:
        return None
    p = prev[-1]
    if low[k] == "which" and low[k - 1] == "of" and p.tok_end <= k - 1 and p.tok_start not in ctx.parts:
        aggregate = ctx.governed.get(p.tok_start)
    elif low[k] == "and" and p.tok_start in ctx.parts:
        aggregate = ctx.governed.get(p.tok_start)  # the part before this one carries the aggregate's trigger
    else:
        return None
    if aggregate is None:
        return None
    ctx.parts.add(al.tok_start)
    t, rule = aggregate
    return t, rule.split("+kind.of-which-part")[0]


_LOANS = ("loan received", "loan provided", "loan repaid", "loan collected")
_LOAN_FLIP = {"loan provided": "loan received", "loan received": "loan provided",
              "loan repaid": "loan collected", "loan collected": "loan repaid"}
_LOAN_PREP = {"loan provided": "to", "loan repaid": "to", "loan received": "from", "loan collected": "from"}
_FLIP = {"revenue": "cost", "cost": "revenue", "receivable": "payable", "payable": "receivable"}
_TRADE_VERBS = frozenset({"purchased", "bought", "acquired", "sold", "supplied", "delivered", "provided", "rendered"})
_TO_SELF = re.compile(r"[^.;]{0,60}?\bto\s+$")
_TO_US = re.compile(r"\s+us\b|[^.;]{0,60}?\bto\s+us\b")  # "paid us", "paid $5,000 to us" (the filer in the first person)
_US = re.compile(r"\s+us\b")
_TOWARD_WORDS = frozenset({"paid", "fees", "fee", "owed", "owes"})
# "owes X $5 for amounts advanced to the Company": a verb in the gap takes the "to" (patterns/lexicon.json)
_GAP_TO_VERB = re.compile(r"\b(?:" + flat_alternation(load_lexicon("lexicon")["to_taking_verbs"]) + r")\b", re.I)
_POSSESSIVE = re.compile(r"\s*['’]s?\b")


_WORD = re.compile(r"\w+")


def _word_end(text: str, at: int) -> int:
    """The end of the word that starts at ``at``."""
    m = _WORD.match(text, at)
    return m.end() if m else at


def _toward_the_filer(doc: Doc, chosen: tuple[Trigger, str], ctx: _Context) -> tuple[Trigger, str]:
    """ "fees paid by X to the Trust", "due to the Partnership", "X charged the Partnership fees": the
    filer is the object, so the direction is the other way round (the filer earned, is owed, paid)."""
    t, rule = chosen
    if t.kind in ("revenue", "cost") and t.text in _TRADE_VERBS and _trade_with_filer(doc, t, ctx):
        # "Orla purchased products from the Company" (the filer sold), "Orla sold raw materials to us" (the
        # filer bought): the party is the subject, the filer the object of the trade
        return replace(t, kind=_FLIP[t.kind]), rule + "+kind.trade-toward-filer"
    text = doc_text(doc)
    t_start, t_end = token_chars(doc, t.tok_start, t.tok_end)
    if t.kind in _FLIP and (t.text in _TOWARD_WORDS and _TO_US.match(text, t_end, t_end + 70)
                            or t.text.endswith(" to") and _US.match(text, t_end, t_end + 5)):
        # "X paid us $5,000", "fees paid to us by X", "amounts owed to us": the filer is paid, is owed
        return replace(t, kind=_FLIP[t.kind]), rule + "+kind.toward-filer"
    if (t.kind not in _FLIP and t.detail not in _LOAN_FLIP) or not ctx.self_starts:
        return chosen
    if t.kind == "other" and t.rule != "other.lent-to-us" and (inner := _filer_inside(text, t_start, t_end, t.detail, ctx)):
        # a trigger with a gap that holds the filer after its preposition: "Orla received $5 from the Company
        # as repayment" (the filer repaid), "Orla paid $5 to the Company as repayment" (the filer collected)
        return replace(t, detail=_LOAN_FLIP[t.detail]), rule + inner
    k = bisect_left(ctx.self_starts, t_end)
    if k == len(ctx.self_starts) or ctx.self_starts[k] - t_end > 60:
        return chosen
    between = text[t_end : ctx.self_starts[k]]
    right_after = not between.strip() or between.strip().lower() == "the"
    if t.kind == "other":
        # the filer as the object: "X lent $50,000 to the Company", "X extended a loan to the Company", "X repaid
        # the Company $5,000" (the filer borrowed, was repaid); "X borrowed $5 from the Company" (the filer lent)
        prep = _LOAN_PREP[t.detail]
        object_ = (re.fullmatch(rf"[^.;]{{0,60}}?\b{prep}\s+(?:the\s+)?", between)
                   or (right_after and (t.text.endswith(f" {prep}") or (prep == "to" and t.detail == "loan repaid"))))
        if object_ and t.rule != "other.lent-to-us":
            return replace(t, detail=_LOAN_FLIP[t.detail]), rule + "+kind.loan-toward-filer"
        return chosen
    if right_after and t.text in ("charged", "billed") and t.kind in ("revenue", "cost"):
        # "Orla billed the Company $5,000", "X charged the Partnership fees": the filer was charged, a cost
        return (replace(t, kind="cost"), rule + "+kind.toward-filer"
                ) if t.kind == "revenue" else chosen
    if right_after and t.text == "paid" and t.kind == "cost" and not _POSSESSIVE.match(text, _word_end(text, ctx.self_starts[k])):
        # "Orla paid the Company $5,000": the filer is the one paid ("paid the Company's CEO" is not)
        return replace(t, kind="revenue"), rule + "+kind.toward-filer"
    if (right_after and t.text.endswith(" to")) or (
            not right_after and _TO_SELF.fullmatch(between.removesuffix("the ")) and t.text in _TOWARD_WORDS
            and not _GAP_TO_VERB.search(between)):
        return replace(t, kind=_FLIP[t.kind]), rule + "+kind.toward-filer"
    return chosen


def _trade_with_filer(doc: Doc, t: Trigger, ctx: _Context) -> bool:
    """The trade verb's object is the filer: "purchased products from the Company", "sold ... to us"
    (from for a purchase, to for a sale; the filer within 60 characters, no stop between)."""
    text = doc_text(doc)
    t_end = token_chars(doc, t.tok_start, t.tok_end)[1]
    prep = "from" if t.kind == "cost" else "to"
    if re.match(rf"[^.;]{{0,50}}?\b{prep}\s+us\b", text[t_end : t_end + 60]):
        return True
    k = bisect_left(ctx.self_starts, t_end)
    return (k < len(ctx.self_starts) and ctx.self_starts[k] - t_end <= 60
            and re.fullmatch(rf"[^.;]{{0,50}}?\b{prep}\s+(?:the\s+)?", text[t_end : ctx.self_starts[k]]) is not None)


def _filer_inside(text: str, t_start: int, t_end: int, detail: str | None, ctx: _Context) -> str | None:
    """The rule suffix when a loan trigger's gap names the filer right after the preposition of the loan's
    direction ("from the Company" for a loan collected or received, "to the Company" for one repaid or
    provided), the filer being the other side; None otherwise."""
    if detail not in _LOAN_PREP:
        return None
    k = bisect_left(ctx.self_starts, t_start + 1)
    prep = _LOAN_PREP[detail]
    while k < len(ctx.self_starts) and ctx.self_starts[k] < t_end:
        if re.search(rf"\b{prep}\s+(?:the\s+)?$", text[t_start : ctx.self_starts[k]], re.I):
            return "+kind.loan-toward-filer"
        k += 1
    return None


# "received $5 from X for testing work performed", "... for administrative services fees", "... for office rent": what
# the company did or let (patterns/lexicon.json "receipt_for_nouns"); "for the purchase of shares" is no such receipt
_FOR_WORK = re.compile(
    r"\bfor\b[^.;]{0,60}?\b(?:work|services?|testing|consulting)\s+(?:performed|rendered|provided|done)\b"
    r"|\bfor\s+(?:the\s+|its\s+|their\s+|our\s+)?(?:[a-z][\w-]*\s+){0,4}(?:"
    + flat_alternation(load_lexicon("lexicon")["receipt_for_nouns"]) + r")\b")


def _for_work(doc: Doc, sent: Sentence, al: AmountList, trig: Trigger, clause: tuple[int, int], ctx: _Context) -> bool:
    """A receipt's purpose after the amount says work the company did or a thing it let (:data:`_FOR_WORK`), read
    to the end of the clause that holds the trigger's "from" (a comparative's ";" inside the gap, "received $117,868
    (2023 - $75,853; 2022 - $185,068) from X for ...", ends no clause of the receipt)."""
    objects = PURPOSE_OBJECTS.get(trig.rule, frozenset())
    if any(w in objects for w in lowers(doc)[trig.tok_start + 1 : al.tok_start]):
        return True  # "received management fees of $5 from X": what was received says it was earned
    end = max(clause[1], clause_of(ctx.clauses, sent.start, sent.end, trig.tok_end - 1)[1])
    return _FOR_WORK.search(doc_text(doc), token_chars(doc, al.tok_end, al.tok_end)[0],
                            token_chars(doc, end - 1, end)[1]) is not None


def _group_for(al: AmountList, n: int, s_lists: list[AmountList], s_groups: list[PeriodGroup], kind: str,
               ctx: _Context) -> PeriodGroup | None:
    comp = [g for g in s_groups if g.kind == "comparative" and (
        al.tok_end <= g.tok_start <= al.tok_end + 1 if g.trailing else g.tok_end <= al.tok_start <= g.tok_end + 1)]
    main_groups = [g for g in s_groups if g.kind != "comparative"]
    if comp:
        return _comparative_periods(comp[0], al, main_groups, kind, ctx)
    lead = [g for g in main_groups if g.leads and g.tok_end + 1 <= al.tok_start <= g.tok_end + 2]
    if lead:
        return lead[0]  # "(year ended 31 December 2021: £0.1m": the period that labels it
    s_groups = main_groups
    follow = [g for g in s_groups if 0 <= g.tok_start - al.tok_end <= 2 or _after_aside(al, g)]
    if follow and (kind == "other" or (follow[0].kind == "instant") == (kind in BALANCE_KINDS) or follow[0].kind == "event"):
        return follow[0]  # "¥ 614 million during March 31, 2009, ¥ 311 million during the year ended ...": its own period
    want = ("instant", "event") if kind in BALANCE_KINDS else ("flow",) if kind in ("revenue", "cost") else ("flow", "instant", "event")
    fit = [g for g in s_groups if g.kind in want] or ([g for g in s_groups if g.kind != "event"] if kind != "other" else [])
    if kind in BALANCE_KINDS and len(s_lists) == 1 and any(g.kind == "instant" for g in fit):
        # "As of September 30, 2024, ... a receivable of $3,200 from X, which was collected in October 2024": the
        # balance's date is its as-of date, not the day of a later event
        fit = [g for g in fit if g.kind == "instant"]
    if not fit:
        fallback = ctx.instant_group if kind in BALANCE_KINDS else ctx.flow_group
        return fallback if not s_groups or kind == "other" else None
    if len(fit) == len(s_lists):
        return fit[n]
    if len(fit) == 1:
        return fit[0]

    def dist(g: PeriodGroup) -> tuple[int, int]:
        if g.tok_start >= al.tok_end:
            return (g.tok_start - al.tok_end, 0)
        return (al.tok_start - g.tok_end, 1)

    return min(fit, key=dist)



def _own_periods(text: str, sent: Sentence, a_start: int, groups: list[PeriodGroup]) -> list[PeriodGroup]:
    """The sentence's periods less those inside a parenthesised aside the amounts are not in: in "$3.7 million
    ($3.8 million in 2019 and $2.8 million in 2018) for the year ended December 31, 2020" the two years are the
    comparatives', so the first amount's period is the year after them, not the first year by position. An aside
    is looked for within :data:`_ASIDE_REACH` characters of the period (asides are short)."""
    if not any(text.find("(", max(sent.start_char, g.start - _ASIDE_REACH), g.start) >= 0 for g in groups):
        return groups
    return [g for g in groups if not _in_aside_without(text, sent, g, a_start)]


_ASIDE_REACH = 200


def _in_aside_without(text: str, sent: Sentence, g: PeriodGroup, at: int) -> bool:
    """Whether period ``g`` lies inside a "(...)" of its sentence that does not hold character ``at``."""
    opened = _open_aside(text, max(sent.start_char, g.start - _ASIDE_REACH), g.start)
    if opened < 0:
        return False
    closed = text.find(")", g.end, min(sent.end_char, g.end + _ASIDE_REACH))
    return closed >= 0 and not opened < at < closed


def _after_aside(al: AmountList, g: PeriodGroup) -> bool:
    """The period follows the amounts once a parenthesised aside is skipped: "¥ 470 million
    ($ 5,663 thousand) during the year ended March 31, 2011"."""
    return bool(al.aside_end) and 0 <= g.tok_start - al.aside_end <= 2


def _comparative_periods(comp: PeriodGroup, al: AmountList, main: list[PeriodGroup], kind: str,
                         ctx: _Context) -> PeriodGroup:
    """Periods of a comparative "(June 30, 2023 - $72,000 and $144,000)": the durations of the
    sentence's own period phrase, at the comparative date (a balance: the date itself)."""
    if kind in BALANCE_KINDS:
        return comp
    before = [g for g in main if g.tok_end <= comp.tok_start and g.kind == "flow"] or [g for g in main if g.kind == "flow"]
    base = before[-1] if before else ctx.flow_group
    if base is None:
        return comp
    months = list(dict.fromkeys(m for _, m in base.periods))
    periods = [(d, m) for m in months for d, _ in comp.periods]
    return PeriodGroup("flow", periods, comp.tok_start, comp.tok_end, comp.start, comp.end, base.distributive, True)


def _service_for(kind: str, servs: list[Service], party: Party | None, ctx: _Context) -> str | None:
    own = [s for s in servs if s.direction == kind]
    if own:
        return own[0].text
    if party is not None and (party.key, kind) in ctx.services:
        return ctx.services[(party.key, kind)]
    return None


_NATURE_WORD = (r"(?:(?:the|its|outstanding|unpaid|accrued|total)\s+)*(?P<n{k}>principal|interest|loans?|advances?|notes?"
                r"|fees|expenses|salar(?:y|ies)|compensation|deposits?|reimbursements?|rent)\b")
# "the outstanding principal and accrued interest due to Mr. Smith were $200,000 and $9,333, respectively"
_NATURE_PAIR = re.compile(rf"\b{_NATURE_WORD.format(k=1)}(?:\s*,\s*{_NATURE_WORD.format(k=2)})?\s*,?\s+and\s+"
                          rf"{_NATURE_WORD.format(k=3)}", re.I)


def _respective_natures(doc: Doc, sent: Sentence, a_start: int, n: int) -> list[str]:
    """The natures a balance's amounts pair with "respectively" at one date, in order ("principal
    and accrued interest", "loans, accrued interest and fees"), when there are as many as amounts."""
    text = doc_text(doc)  # a window around the amounts: a run-on sentence costs the same per list
    if not _RESPECTIVELY.search(text, a_start, min(sent.end_char, a_start + 400)):
        return []
    pairs = list(_NATURE_PAIR.finditer(text, max(sent.start_char, a_start - 300), a_start))
    if not pairs:
        return []
    m = pairs[-1]  # the last pair before the amounts
    got = [m.group(g).lower() for g in ("n1", "n2", "n3") if m.group(g)]
    accrued = "accrued" in m.group(0).lower().split()
    natures = ["accrued interest" if g == "interest" and accrued else _NATURES.get(g, g) for g in got]
    return natures if len(natures) == n and len(set(natures)) == n else []


def _nature(sent: Sentence, al: AmountList) -> str | None:
    for w in lowers(sent.doc)[al.tok_end : min(sent.end, al.tok_end + 8)]:
        if w in _NATURES:
            return _NATURES[w]
    return None


__all__ = ["assemble", "assemble_tables"]  # assemble_tables: relparty.components.tables, re-exported
