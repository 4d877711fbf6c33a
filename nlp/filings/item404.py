"""Item 404 of Regulation S-K in a proxy, prospectus or Item 13: who, why related, what interest, or "none".

For each sentence of a located section (not a financial-statement note) that reports a transaction, the
fields Item 404(a) asks for: the related person, the basis of the relationship ("the brother of our Chief
Executive Officer", "a director"), the person's interest ("owns 30% of ...", "is employed as ..."), and the
amount as written. Sentences of the review policy (what must be approved, the $120,000 threshold itself) are
skipped. A sentence saying no transaction was reported gives one record with ``no_transactions`` set,
unless it only excepts what follows ("Except as disclosed below, ...").
"""

from __future__ import annotations

import re

from relparty.models.filings import FilingSection, Item404
from relparty.readers import SourceText

__all__ = ["item404", "sentences"]

_SENT = re.compile(r"[^.!?\n]*(?:[.!?](?=\s|$)|\n|$)")
_NONE = re.compile(
    r"(?i)\b(?:(?:there (?:were|was|have been|has been|are|is) no|(?:had|have|has) no|did not (?:have|engage in|enter into) any|"
    r"not (?:been )?(?:a )?party to any|no such)\s+(?:\w+[\s,]+){0,3}?(?:related[- ](?:person|party)\s+)?transactions?"
    r"|\bno (?:related[- ](?:person|party) )?transactions? (?:were|was|have been|has been|to be) (?:reported|disclosed|entered)"
    r"|\bno (?:related[- ](?:person|party) )?transactions? (?:that|which) (?:would be|are|were) (?:required to be )?(?:reportable|disclosed|reported))")
_EXCEPT = re.compile(r"(?i)^\W*(?:except|other than|apart from|save)\b")
_POLICY = re.compile(r"(?i)\b(?:polic(?:y|ies)|must|shall|will (?:review|consider)|is required to|are required to|"
                     r"(?:approv|ratif)(?:e|al|es)\b|reviews? (?:and|or) approv|defined as|consists? of any person|means)\b")
_MONEY = re.compile(r"(?:US\$|\$|USD\s?)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand))?")
_TITLE = r"(?:Mr|Ms|Mrs|Dr|Messrs)\.\s+"
_NAME = re.compile(rf"(?:{_TITLE})?[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-zA-Z'’-]+){{1,2}}|{_TITLE}[A-Z][a-zA-Z'’-]+")
_KIN = (r"(?:brother|sister|son|daughter|spouse|wife|husband|father|mother|brother-in-law|sister-in-law|son-in-law|"
        r"daughter-in-law|father-in-law|mother-in-law|stepson|stepdaughter|child|children|cousin|nephew|niece|"
        r"immediate family member)")
_ROLE = (r"(?:(?:our|the Company['’]s|its|a|an|the|former)\s+)(?:(?:co-)?founder|director|chairman|chair|president|CEO|CFO|COO|"
         r"(?:chief|senior|executive) [\w ]{0,40}?officer|officer|employee|member of (?:our|the) board(?: of directors)?|"
         r"(?:beneficial )?(?:owner|holder) of (?:more than|over|approximately) \d+%[^,.;]*|(?:significant|principal|"
         r"controlling) (?:stockholder|shareholder))")
_KIN_OF = re.compile(rf"(?i)\b(?:(?:the|a|an|his|her|whose)\s+)?{_KIN}(?:\s+and\s+{_KIN})?\s+of\s+[^,.;()]+")
_RELATION = re.compile(rf"(?i)\b(?:(?:the|a|an|his|her|whose)\s+)?{_KIN}(?:\s+and\s+{_KIN})?\s+of\s+[^,.;()]+(?:,\s+{_ROLE}[^,.;]*)?|\b(?:is|was|as|serves as|served as)\s+{_ROLE}"
                       rf"|,\s+{_ROLE}[^,.;]*")
_INTEREST = re.compile(
    r"(?i)\b(?:(?:has|had|holds|held|have) (?:a|an) (?:\w+ ){0,3}?interest in [^.;]+|(?:owns|owned|holds|held|controls|controlled)"
    r" (?:approximately |about |more than |over )?(?:\d+(?:\.\d+)?%|a majority|all|substantially all)[^.;]*"
    r"|(?:is|was|has been|were|are) employed (?:by|as|at) [^.;]+|receiv(?:ed|es) (?:total |aggregate |annual )?(?:cash )?"
    r"(?:compensation|fees|salary|payments?)[^.;]*|(?:is|was) (?:a |the )?(?:partner|principal|member|managing member|"
    r"general partner|trustee|officer|director) (?:of|at|in) [^.;]+)")


def sentences(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _SENT.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            out.append((s, e))
    return out


def _first_name(s: str) -> str | None:
    for m in _NAME.finditer(s):
        name = m.group(0)
        if name.split()[0] in ("The", "Our", "In", "During", "On", "For", "Since", "As", "Under", "This", "These", "We",
                               "Each", "Audit", "Board", "Company"):
            continue
        return name
    return None


def item404(st: SourceText, section: FilingSection) -> list[Item404]:
    """Item 404 records of one section's text (``st``: the section as the extractor read it)."""
    if section.kind == "note":
        return []
    text = st.text
    out: list[Item404] = []
    for s, e in sentences(text):
        sent = text[s:e]
        if len(sent) < 20:
            continue
        none = _NONE.search(sent)
        if none and not _EXCEPT.search(sent):
            out.append(Item404(no_transactions=True, section=section.n, evidence=st.span(s, e)))
            continue
        if _POLICY.search(sent) or "$120,000" in sent and not _MONEY.search(sent.replace("$120,000", "")):
            continue
        rel, interest, money = _RELATION.search(sent), _INTEREST.search(sent), _MONEY.search(sent)
        if not (rel or interest) or not (money or interest):
            continue
        kin = _KIN_OF.search(sent)
        person = kin.group(0).strip() if kin else _first_name(sent)
        if person is None:
            continue
        out.append(Item404(related_person=person, relationship=rel.group(0).strip(" ,") if rel else None,
                           interest=interest.group(0).strip() if interest else None,
                           amount=money.group(0) if money else None, section=section.n, evidence=st.span(s, e)))
    return out
