"""Item 404 of Regulation S-K in a proxy, prospectus or Item 13: who, why related, what interest, or "none".

For each sentence of a located section (not a financial-statement note) that reports a transaction, the
fields Item 404(a) asks for: the related person, the basis of the relationship, the person's interest, and
the amount as written. Sentences of the review policy (what must be approved, the $120,000 threshold itself)
are skipped. A sentence saying no transaction was reported gives one record with ``no_transactions`` set,
unless it only excepts what follows ("Except as disclosed below, ...").

The section is read in two passes, so a relationship stated once serves the sentences after it:

1. **Relationships** (the basis), each tied to a person and to the entities it names:
   - an appositive role: "Josh Mandel-Brehm, our Chief Executive Officer,", "Dr. Shah, one of our directors,";
   - a family tie: "the brother-in-law of our CEO", "the daughter and son of Jen-Hsun Huang", "Dr. Bourla's
     sister-in-law", "a family member of a director";
   - a copula: "JB Straubel is the Chief Executive Officer of Redwood", "Mr. Rodgers was appointed as the CEO of
     SunPower Inc.", "Elon Musk is an executive officer, director and/or significant shareholder of SpaceX, X and
     TBC" (each entity named after "of" is tied to the person);
   - ownership of the filer: "owns approximately 10% of our common stock", "holds more than 5% of our voting
     securities".
2. **Records**: a sentence with an amount (or with a person's interest, such as employment) gives one record.
   Its person is the one the sentence names with a relationship, else the person tied to an entity the sentence
   names ("SpaceX incurred expenses of $2.4 million": Elon Musk), else the relationship stated last in the same
   paragraph. Its interest is the sentence's own ("is employed by the Company", "a 40% interest in", "owns
   approximately 10% of Redwood", "his interest in the transaction was an amount of approximately $50,000"),
   else the one stated for that person or entity before.
3. **Amounts**: every amount of the sentence, read by the notes' own grammar (the amount lists and period phrases
   of ``relparty_amounts`` and ``relparty_periods``), each with its period: a list followed by its own period
   ("$150,000 and $45,000 in 2023 and $140,000 and $40,000 in 2022": both amounts of a list in its year), a
   list and a period list of the same length ("$310,000, $295,000 and $280,000 in 2024, 2023 and 2022,
   respectively"), one amount for each of several periods ("in each of 2023 and 2022 ... $130,000"), else no
   period. Each goes to the record of the person whose clause holds it (the text from that person's mention to
   the next person's; amounts before the first mention are the first person's). Not amounts: the $120,000
   threshold, a price per share or unit, a range ("between $10 and $14"), what the amounts stage sets aside
   (a bound: "exceeds $120,000"); share counts and percentages are no amount lists at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from relparty.components.amounts import AmountList
from relparty.components.periods import PeriodGroup
from relparty.models import Amount, Period
from relparty.models.filings import FilingSection, Item404, Item404Amount
from relparty.readers import SourceText

__all__ = ["item404", "sentences"]

# --- sentences -------------------------------------------------------------------------------------
_ABBREV = re.compile(r"(?:\b(?:Mr|Ms|Mrs|Dr|Messrs|Mmes|Jr|Sr|St|Inc|Corp|Co|Ltd|No|Nos|U\.S|L\.P|L\.L\.C|N\.A|P\.C|"
                     r"vs|approx|Prof|Gov|Sen|Rep|Hon)|\b[A-Z])\.$")
_END = re.compile(r"[.!?](?=\s|$)|\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds: at a full stop (not after "Mr.", "Inc.", an initial "J."), "!" , "?" or a line end."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        e = m.end()
        if m.group(0) == "." and _ABBREV.search(text, max(start, e - 8), e):
            nxt = text[e:e + 3].lstrip()
            if nxt[:1].islower() or nxt[:1].isupper() or nxt[:1].isdigit():
                continue  # "Mr. Rodgers", "Inc. and", "Jorge J. Conde"
        _add(out, text, start, e)
        start = e
    _add(out, text, start, len(text))
    return out


def _add(out: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


# --- vocabulary of Item 404 sections -----------------------------------------------------------------
_NONE = re.compile(
    r"(?i)\b(?:(?:there (?:were|was|have been|has been|are|is) no|(?:had|have|has) no|did not (?:have|engage in|enter into) any|"
    r"not (?:been )?(?:a )?party to any|no such)\s+(?:\w+[\s,]+){0,3}?(?:related[- ](?:person|party)\s+)?transactions?"
    r"|\bno (?:related[- ](?:person|party) )?transactions? (?:were|was|have been|has been|to be) (?:reported|disclosed|entered)"
    r"|\bno (?:related[- ](?:person|party) )?transactions? (?:that|which) (?:would be|are|were) (?:required to be )?(?:reportable|disclosed|reported))")
_EXCEPT = re.compile(r"(?i)^\W*(?:except|other than|apart from|save)\b")
_POLICY = re.compile(r"(?i)\b(?:polic(?:y|ies)|must|shall|will (?:review|consider)|is required to|are required to|"
                     r"(?:approv|ratif)(?:e|al|es)\b|reviews? (?:and|or) approv|defined as|consists? of any person|means|provided that|"
                     r"pre-approv\w*|(?:do|does|will) not exceed)\b")
_THRESHOLD = re.compile(r"\$\s?120,000|\$\s?1[02]0,000\b")
_MONEY = re.compile(r"(?:(?:approximately|about|in excess of|more than|less than|up to|over|exceed(?:ed)?)\s+)?"
                    r"(?:US\$|\$|USD\s?|Cdn\$|C\$)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand))?")
_PER_UNIT = re.compile(r"\s*(?:per|a|each)\s+(?:share|unit|note|warrant|hour|month)\b")  # a price, not an amount involved
_TITLE = r"(?:Mr|Ms|Mrs|Dr|Messrs|Prof)\.\s+"
# a character inside a clause: not ";" nor a full stop, but the stop of "Mr.", "Inc.", an initial "J." or "5.5"
_NS = (r"(?:[^.;]|(?:(?<=Mr)|(?<=Ms)|(?<=Mrs)|(?<=Dr)|(?<=Jr)|(?<=Inc)|(?<=Ltd)|(?<=Corp)|(?<=Co)|(?<=L)|(?<=P)"
       r"|(?<=\b[A-Z]))\.(?=\s*[\w(,])|\.(?=\d))")
_CLAUSE_END = r"(?=,\s+(?:which|who|that|and|as)\b|[.;]\s|[.;]?$)"  # a relative clause or the sentence's end
_ORG = r"(?:the\s+)?(?:[A-Z]|[a-z][A-Z])[\w.&'’-]*(?:\s+(?:of\s+|&\s+|de\s+)?[A-Z0-9][\w.&'’()-]*)*"
_OF_LIST = rf"{_ORG}(?:(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+){_ORG})*"
_CAP = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,3}(?=\s+[A-Z][a-z])|Mc[A-Z][a-z]+|[A-Z]\.)"
_PERSON = rf"(?:{_TITLE}(?:[A-Z][a-zA-Z'’-]+\s+)?[A-Z][a-zA-Z'’-]+|{_CAP}(?:\s+{_CAP}){{1,3}}(?:,\s+(?:ScD|PhD|Ph\.D\.|M\.D\.|MD|Jr\.))?)"
_NOT_PERSON = frozenset("The Our In During On For Since As Under This These We Each Audit Board Company Series Item "
                        "Certain Any All Such Additionally Also Tesla Apple Pursuant Except Related Transactions Policy "
                        "Other Director Directors Named Executive Chief Common Preferred Stock".split())
_KIN = (r"(?:brother-in-law|sister-in-law|son-in-law|daughter-in-law|father-in-law|mother-in-law|brother|sister|son|"
        r"daughter|spouse|wife|husband|father|mother|stepson|stepdaughter|stepchild|child|children|cousin|nephew|niece|"
        r"grandson|granddaughter|(?:immediate )?family members?|relatives?)")
_ROLE_WORD = (r"(?i:(?:co-)?founder|director|chairman|chairwoman|chair|president|CEO|CFO|COO|CTO|"
              r"(?:chief|senior|executive|general) [\w ]{0,40}?(?:officer|counsel)|officer|employee|executive officer|"
              r"(?:general |limited |managing |operating )?partner|managing member|manager|trustee|"
              r"member of (?:our|the|its) board(?: of directors)?|member of (?:our|the) [A-Z]?\w+ Committee|"
              r"(?:significant|principal|controlling|major|former) (?:stockholder|shareholder)|stockholder|shareholder|"
              r"(?:beneficial )?(?:owner|holder) of (?:more than|over|approximately|at least) (?:\d+(?:\.\d+)?%|five percent)[^,.;]*)")
_DET = r"(?:our|the Company['’]s|its|a|an|the|one of our|a former|our former|the former|an independent)"
_APPOSITIVE = re.compile(rf"(?P<p>{_PERSON}),\s+(?P<r>{_DET}\s+(?:[\w-]+\s+){{0,3}}?{_ROLE_WORD}"
                         rf"(?:\s+(?:and|or|and/or)\s+(?:{_DET}\s+)?(?:[\w-]+\s+){{0,3}}?{_ROLE_WORD})*"
                         rf"(?:\s+of\s+{_OF_LIST})?)(?=\s*[,;.)]|\s+(?:is|was|are|were|has|had)\b)")
_KIN_OF = re.compile(rf"(?i:(?:the|a|an|his|her|whose|one)\s+)?(?i:{_KIN})(?:\s+and\s+(?i:{_KIN}))?\s+of\s+"
                     rf"(?P<of>{_PERSON}|(?i:{_DET}\s+(?:[\w-]+\s+){{0,3}}?{_ROLE_WORD}))"
                     rf"(?P<app>,\s+{_DET}\s+[^,.;()]+?(?=,|\s+(?:is|was|are|were)\b))?")
_NAME_BEFORE = re.compile(rf"(?P<p>{_PERSON}),\s+$")
_KIN_POSS = re.compile(rf"(?P<of>{_PERSON})['’]s\s+(?P<k>(?i:{_KIN}))")
_COPULA = re.compile(rf"(?P<p>{_PERSON}|(?i:{_DET}\s+(?:[\w-]+\s+){{0,3}}?{_ROLE_WORD}))\s+"
                     r"(?:was appointed(?: as)?|was named(?: as)?|has served as|also serves as|also served as|is also|"
                     r"was also|has been|had been|serves as|served as|became|is|was)\s+"
                     rf"(?P<r>(?:the|a|an|our|its)?\s*(?:[\w/-]+,?\s+){{0,6}}?{_ROLE_WORD}"
                     rf"(?:(?:,\s+(?:and/or\s+|and\s+|or\s+)?|,?\s+(?:and/or|and|or)\s+)(?:[\w/-]+\s+){{0,3}}?{_ROLE_WORD})*)"
                     rf"(?:\s+(?:of|at|on the board of(?: directors of)?)\s+(?P<of>{_OF_LIST}))?")
_OWNS_US = re.compile(r"(?i)\b(?:beneficially\s+)?(?:owns?|owned|holds?|held|controls?|controlled)\s+(?:in the aggregate,\s+)?"
                      r"(?:approximately |about |more than |over |at least )?(?:\d+(?:\.\d+)?%|five percent)(?: or more)?\s+of\s+"
                      r"(?:our|the Company['’]s|its|the outstanding|our outstanding)\b[^,.;]*")
_INTEREST = re.compile(
    rf"(?i)\b(?:(?:has|had|holds|held|have|owns|owned|with) (?:a|an) (?:approximately |about )?\d+(?:\.\d+)?% (?:\w+ ){{0,2}}?interest in {_NS}+?{_CLAUSE_END}"
    rf"|(?:\w+['’]s |(?:his|her|their|the related person['’]s) )interests? in (?:the|this|these|such|each) transactions?{_NS}*?"
    r"(?:was|were|is|of|amounted to|totaled)\s+(?:an amount of\s+)?(?:approximately |about )?\$\s?[\d,.]+(?:\s?(?:million|billion|thousand))?"
    rf"|(?:(?:has|had|holds|held|have) (?:a|an) (?:\w+ ){{0,3}}?interest in {_NS}+?{_CLAUSE_END})"
    r"|(?:owns|owned|holds|held|controls|controlled) (?:approximately |about |more than |over )?(?:\d+(?:\.\d+)?%|a majority|all|substantially all)"
    rf" of (?!our\b|the Company|its\b|the outstanding|our outstanding){_NS}*"
    rf"|(?:is|was|has been|were|are) (?:also )?employed (?:by|as|at|with) {_NS}+?(?=\s+and\s+(?-i:{_TITLE}|[A-Z])|[.;]|$)"
    rf"|(?:received|receives|earned|was paid|were paid) (?:total |aggregate |annual )?(?:cash )?(?:compensation|fees|salary|payments?){_NS}*"
    rf"|(?:the )?total (?:annual )?compensation (?:for {_NS}+? )?of {_NS}+?(?:was|were|did not){_NS}*"
    rf"|(?:is|was) (?:a |the )?(?:managing member|general partner|partner|principal|member|trustee) (?:of|at|in) {_NS}+"
    rf"|does not have a (?:direct |indirect )?(?:financial |material )?interest{_NS}*)")


_LOOK_BACK = 40  # sentences searched back for an interest stated before a record
_WINDOW = 50  # relationships searched back for the person of a record (bounded: linear in the section)
MAX_SENTENCE = 1_500  # characters; a longer "sentence" is a flattened table or debris, not read for Item 404


_ROLE_PARTY = re.compile(rf"\b(?:to|from|with|by)\s+(?P<p>(?:a|an|one of our|certain of our|our|a former)\s+(?:[\w-]+\s+){{0,2}}?"
                         rf"{_ROLE_WORD})(?=[\s,.;)])")


@dataclass
class _Basis:
    person: str
    relationship: str
    entities: tuple[str, ...] = ()
    paragraph: int = 0
    start: int = 0
    end: int = 0


def _clean_person(p: str) -> str | None:
    p = p.strip(" ,")
    first = p.split()[0] if p.split() else ""
    return None if not p or first in _NOT_PERSON else p


def _of_text(of: str) -> str:
    """The names after "of", without the sentence's own full stop ("of Redwood." -> "Redwood"; "Inc." kept)."""
    of = of.strip(" ,")
    return of[:-1] if of.endswith(".") and not _ABBREV.search(of[-8:]) else of


def _entities(of: str | None) -> tuple[str, ...]:
    """ "SpaceX, X, xAI and TBC" -> the names; "the Company" and lower-case phrases are no entity."""
    if not of:
        return ()
    of = re.split(r"(?i)(?<!\s)\s+(?:in|since|from|until|prior|and as a result|which|that|who)\b", of)[0]
    parts = [_of_text(x) for x in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+or\s+", of)]
    return tuple(x for x in parts if (x[:1].isupper() or x[1:2].isupper()) and x.lower() not in ("the company", "us")
                 and len(x) < 80)


def _bases(text: str, sents: list[tuple[int, int]], paras: list[int]) -> list[_Basis]:
    """Every relationship the section states outside its policy sentences, in text order; a match inside
    another ("Jen-Hsun Huang, our President" inside "the daughter and son of Jen-Hsun Huang, our President")
    is part of it."""
    out: list[_Basis] = []
    for k, (s, e) in enumerate(sents):
        sent = text[s:e]
        if len(sent) > MAX_SENTENCE or _POLICY.search(sent):
            continue
        found: list[_Basis] = []
        for a, b, person, rel, ents in _candidates(sent):  # in order of priority: family ties first
            if person and not any(f.start <= s + a < f.end for f in found):
                found.append(_Basis(person, rel.strip(" ,"), ents, paras[k], s + a, s + b))
        out += sorted(found, key=lambda x: x.start)
    return out


def _candidates(sent: str) -> Iterator[tuple[int, int, str | None, str, tuple[str, ...]]]:
    """(start, end, person, relationship, entities) of every relationship pattern in one sentence."""
    for m in _KIN_OF.finditer(sent):
        rel = re.sub(r"(?i)^(?:the|a|an|his|her|whose|one)\s+", "", m.group(0).strip(" ,"))
        name = _NAME_BEFORE.search(sent, max(0, m.start() - 60), m.start())
        if name and _clean_person(name.group("p")):  # "Daniel Park, the brother-in-law of our CEO,"
            yield name.start(), m.end(), _clean_person(name.group("p")), rel, ()
        else:
            yield m.start(), m.end(), m.group(0).split(",")[0].strip(), rel, ()
    for m in _KIN_POSS.finditer(sent):
        yield m.start(), m.end(), m.group(0), f"{m.group('k')} of {m.group('of')}", ()
    for m in _APPOSITIVE.finditer(sent):
        r = m.group("r")
        yield m.start(), m.end(), _clean_person(m.group("p")), r, _entities(r.split(" of ", 1)[1]) if " of " in r else ()
    for m in _COPULA.finditer(sent):
        rel = m.group("r").strip() + (f" of {_of_text(m.group('of'))}" if m.group("of") else "")
        yield m.start(), m.end(), _clean_person(m.group("p")), rel, _entities(m.group("of"))
    for m in _OWNS_US.finditer(sent):
        yield m.start(), m.end(), _first_person(sent[:m.start()]), m.group(0), ()
    for m in _ROLE_PARTY.finditer(sent):
        yield m.start("p"), m.end("p"), m.group("p"), m.group("p"), ()


def _first_person(s: str) -> str | None:
    for m in re.finditer(_PERSON, s):
        p = _clean_person(m.group(0))
        if p:
            return p
    return None


def _paragraphs(text: str, sents: list[tuple[int, int]]) -> list[int]:
    """The paragraph (line) number of each sentence."""
    out, n, last = [], 0, 0
    for s, _ in sents:
        n += text.count("\n", last, s)
        last = s
        out.append(n)
    return out


def _amount(sent: str) -> re.Match[str] | None:
    for m in _MONEY.finditer(sent):
        if not _THRESHOLD.search(m.group(0)) and not _PER_UNIT.match(sent, m.end()):
            return m
    return None


def _record_bases(sent: str, start: int, para: int, bases: list[_Basis], starts: list[int],
                  para_before: list[str]) -> list[_Basis]:
    """The relationships the records of this sentence rest on (see the module's step 2): those the
    sentence states itself (one record per person), else one from before: the person or an entity of theirs
    named in the sentence, a relationship stated in its paragraph, a person or entity named earlier in its
    paragraph ("TBC is party to agreements with Tesla. Tesla incurred expenses of $3.6 million")."""
    end = start + len(sent)
    k = bisect_left(starts, start)
    here: list[_Basis] = []
    for b in bases[k:bisect_left(starts, end)]:
        if all(h.person != b.person for h in here):
            here.append(b)
    if here:
        return here
    before = bases[max(0, k - _WINDOW):k][::-1]  # the relationships stated last before the sentence, latest first
    for test in (lambda b: _mentions(sent, b.person),
                 lambda b: any(_mentions(sent, x) for x in b.entities),
                 lambda b: b.paragraph == para,
                 lambda b: any(_mentions(p, x) for p in para_before for x in (b.person, *b.entities))):
        pick = next((b for b in before if test(b)), None)
        if pick is not None:
            return [pick]
    return []


def _mentions(sent: str, name: str) -> bool:
    """The sentence names ``name`` (or its surname after a title: "Mr. Huang" for "Jen-Hsun Huang")."""
    if not name:
        return False
    full, surname, titled = _name_patterns(name)
    if name in sent and full.search(sent):
        return True
    return titled is not None and surname in sent and bool(titled.search(sent))


@lru_cache(maxsize=4096)
def _name_patterns(name: str) -> tuple[re.Pattern[str], str, re.Pattern[str] | None]:
    full = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    words = [w for w in re.sub(_TITLE, "", name).split() if w[:1].isupper() and len(w) > 2 and not w.endswith(".")]
    if len(words) >= 2 or (len(words) == 1 and re.match(_TITLE, name)):
        return full, words[-1], re.compile(rf"{_TITLE}{re.escape(words[-1])}\b")
    return full, "", None


_RANGE = re.compile(r"(?i)\bbetween\s+(?:approximately\s+|about\s+)?$")


def _follows(g: PeriodGroup, al: AmountList) -> bool:
    return 0 <= g.tok_start - al.tok_end <= 2 or bool(al.aside_end and 0 <= g.tok_start - al.aside_end <= 2)


def _periods_for(al: AmountList, n: int, lists: list[AmountList], groups: list[PeriodGroup]) -> PeriodGroup | None:
    """The period phrase of one amount list of a sentence: the one right after it; else, when no period of the
    sentence follows an amount ("In 2023, we paid $X"), the sentence's only one or the n-th of as many as there
    are lists; else none ("$2.4 million in 2024 and $0.1 million through February 2025": the second has none)."""
    follow = [g for g in groups if _follows(g, al)]
    if follow:
        return follow[0]
    if any(_follows(g, x) for g in groups for x in lists):
        return None
    if len(groups) == 1:
        return groups[0]
    if len(groups) == len(lists):
        return groups[n]
    return None


def _dated(st: SourceText, group: PeriodGroup, d: tuple[date, int | None]) -> tuple[date, int | None]:
    """A period as the notes date it: a bare year in the filer's fiscal calendar ("fiscal 2026" of a year ending in
    January), or on the day of the page's own period when that is not December 31."""
    end, months = d
    if not group.explicit_day and st.fiscal is not None:
        return st.fiscal.end(end.year), months
    if not group.explicit_day and st.period is not None and st.period[0].month != 12:
        pe = st.period[0]
        try:
            return date(end.year, pe.month, pe.day), months
        except ValueError:  # February 29 in a year without it
            return date(end.year, pe.month, 28), months
    return end, months


def _amounts(st: SourceText, s: int, e: int, lists: list[AmountList],
             groups: list[PeriodGroup]) -> list[tuple[int, int, Item404Amount]]:
    """Every amount of the sentence ``[s, e)`` with its period: (start, end, amount), in text order."""
    text = st.text
    mine = [al for al in lists if al.slots and s <= al.slots[0].start < e and not al.not_amount]
    periods = [g for g in groups if s <= g.start < e and g.kind in ("flow", "event", "instant")]
    out: list[tuple[int, int, Item404Amount]] = []
    for n, al in enumerate(mine):
        first = al.slots[0].start
        if len(al.slots) == 2 and _RANGE.search(text, max(s, first - 40), first):
            continue  # "between $10.00 and $14.00": a range, not two amounts
        group = _periods_for(al, n, mine, periods)
        dates = group.periods if group is not None else []
        slots = al.resolved(len(dates)) if dates else list(al.slots)
        if dates and len(slots) == len(dates):
            pairs = list(zip(slots, dates))
        elif len(dates) == 1:
            pairs = [(slot, dates[0]) for slot in slots]  # "salary and bonus of $150,000 and $45,000 in 2023"
        elif len(slots) == 1 and group is not None and group.distributive:
            pairs = [(slots[0], d) for d in dates]  # "in each of 2023 and 2022 she received $130,000"
        else:
            pairs = [(slot, None) for slot in slots]  # no period, or as many amounts as periods it cannot pair
        span = st.span(group.start, group.end) if group is not None else None
        for slot, date_ in pairs:
            if slot.blank or _THRESHOLD.search(slot.text) or _PER_UNIT.match(text, slot.end):
                continue
            if date_ is not None and group is not None:
                end, months = _dated(st, group, date_)
                period: Period | None = Period(end=end, months=months, span=span)
            else:
                period = None
            amount = Amount(value=slot.value, currency=slot.currency, text=slot.text, span=st.span(slot.start, slot.end))
            out.append((slot.start, slot.end, Item404Amount(amount=amount, period=period)))
    return out


def _written(sent: str, end: int) -> str | None:
    """The amount ending at ``end`` of the sentence as written with its qualifier ("approximately $310,000")."""
    for m in _MONEY.finditer(sent, max(0, end - 60), end):
        if m.end() == end:
            return m.group(0).strip(" ,")
    return None


def item404(st: SourceText, section: FilingSection, lists: list[AmountList] | None = None,
            groups: list[PeriodGroup] | None = None) -> list[Item404]:
    """Item 404 records of one section's text (``st``: the section as the extractor read it; ``lists`` and
    ``groups``: the amount lists and period phrases the extractor found in it)."""
    if section.kind == "note":
        return []
    text = st.text
    sents = sentences(text)
    paras = _paragraphs(text, sents)
    bases = _bases(text, sents, paras)
    starts = [b.start for b in bases]
    cache: dict[int, str | None] = {}  # sentence -> its first interest phrase
    out: list[Item404] = []
    para_sents: list[str] = []
    for k, ((s, e), para) in enumerate(zip(sents, paras)):
        sent = text[s:e]
        if k and paras[k - 1] != para:
            para_sents = []
        para_sents.append(sent)
        if len(sent) < 20 or len(sent) > MAX_SENTENCE:
            continue  # too short to say a transaction; longer than any sentence: a flattened table or debris
        none = _NONE.search(sent)
        if none and not _EXCEPT.search(sent):
            out.append(Item404(no_transactions=True, section=section.n, evidence=st.span(s, e)))
            continue
        if _POLICY.search(sent):
            continue
        money = _amount(sent)
        if money is None and _INTEREST.search(sent) is None:
            continue  # no amount and no interest of a person: a description, the threshold alone, a policy
        targets = _record_bases(sent, s, para, bases, starts, para_sents[-_WINDOW // 5:-1])
        shared = _INTEREST.search(sent, 0, max(0, targets[0].start - s)) if targets and targets[0].start > s else None
        amounts = _amounts(st, s, e, lists or [], groups or []) if money is not None else []
        for i, basis in enumerate(targets):
            a = basis.start - s if basis.start >= s else 0
            b = targets[i + 1].start - s if i + 1 < len(targets) and targets[i + 1].start >= s else len(sent)
            m = _INTEREST.search(sent, a, b) or shared or (_INTEREST.search(sent) if len(targets) == 1 else None)
            clause = [x for x in amounts if (i == 0 or a <= x[0] - s) and x[0] - s < b]  # the person's clause
            written = (_written(sent, clause[0][1] - s) or clause[0][2].amount.text) if clause else (
                money.group(0).strip(" ,") if money is not None and not amounts else None)
            if written is None and m is None:
                continue  # this person has neither an amount nor an interest in the sentence
            interest = m.group(0) if m else _interest_before(text, sents, s, basis, cache) or (
                basis.relationship if basis.entities else None)  # a position in the entity that is party to it
            out.append(Item404(related_person=basis.person, relationship=basis.relationship,
                               interest=_trim(interest) if interest else None, amount=written,
                               amounts=[x[2] for x in clause], section=section.n, evidence=st.span(s, e)))
    return out


def _trim(phrase: str) -> str:
    """A phrase without the joining word or stop it was cut at ("People Experience and")."""
    return _of_text(re.sub(r"(?:\s+(?:and|or|,))+$", "", phrase.strip(" ,;")).strip(" ,"))


def _interest_before(text: str, sents: list[tuple[int, int]], upto: int, basis: _Basis,
                     cache: dict[int, str | None]) -> str | None:
    """An interest stated earlier for the same person or entity ("owns 40% of Redwood"), the last one."""
    found = None
    k = bisect_left(sents, (upto, 0))
    for j in range(max(0, k - _LOOK_BACK), k):
        if j not in cache:
            s, e = sents[j]
            m = _INTEREST.search(text, s, e) if e - s <= MAX_SENTENCE else None
            cache[j] = m.group(0) if m else None
        if cache[j] is not None:
            sent = text[sents[j][0]:sents[j][1]]
            if _mentions(sent, basis.person) or any(_mentions(sent, x) for x in basis.entities):
                found = cache[j]
    return found
