"""``relparty_relations``: what kind of amount a clause states, and the service or goods involved.

Kind triggers come from ``patterns/kinds.jsonl`` (label = kind, id = detail or nature):
"revenues", "net sales", "sold" -> revenue; "purchases", "cost of revenues", "billed", "rent
expense" -> cost; "due from", "receivable", "prepayment" -> receivable; "due to", "payable",
"deposits from" -> payable; "loans to", "borrowed", "repaid", "guarantee" -> other.
Service verbs come from ``patterns/services.jsonl``: "provided X to", "purchased X from",
"purchased from P X, which", "to sell X to", "sales of X to".

Results: ``doc._.rp_triggers`` and ``doc._.rp_services`` (lists of :class:`Trigger` and
:class:`Service`), ``doc.spans["rp_kinds"]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from relparty.components.lexicon import Mark, lowers, marks, words
from spacy.language import Language
from spacy.tokens import Doc, Span

KINDS = {"REVENUE": "revenue", "COST": "cost", "RECEIVABLE": "receivable", "PAYABLE": "payable", "OTHER": "other",
         "BALANCE": "balance"}  # "balance": owed one way or the other; assembly reads which from the flow before it
_SUBJECTS = {"company", "group", "we", "it", "they", "subsidiary", "subsidiaries", "partnership", "registrant", "bank"}
_STOP = {".", ";", ",", "(", ":", "which", "that", "pursuant", "under", "during", "for", "in", "at", "and", "of"}


@dataclass
class Trigger:
    kind: str
    detail: str | None
    tok_start: int
    tok_end: int


@dataclass
class Service:
    direction: str  # revenue | cost
    text: str
    tok_start: int
    tok_end: int


for _name in ("rp_triggers", "rp_services"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("relparty_relations", default_config={"span_groups": True})
def make_relations(nlp: Language, name: str, span_groups: bool) -> RelationFinder:
    return RelationFinder(span_groups)


class RelationFinder:
    def __init__(self, span_groups: bool = True) -> None:
        self.span_groups = span_groups  # doc.spans groups, for display only

    def __call__(self, doc: Doc) -> Doc:
        found = sorted(marks(doc, KINDS), key=lambda s: (s.start, -(s.end - s.start)))
        triggers: list[Trigger] = []
        for sp in found:
            if triggers and sp.start < triggers[-1].tok_end:
                continue  # keep the longest trigger at a position ("amounts due from" over "due")
            triggers.append(Trigger(KINDS[sp.label_], sp.id_ or None, sp.start, sp.end))
        doc._.rp_triggers = triggers
        if self.span_groups:
            doc.spans["rp_kinds"] = [Span(doc, t.tok_start, t.tok_end, label=t.kind.upper()) for t in triggers]
        doc._.rp_services = [s for v in marks(doc, ("SERVICE_VERB",)) if (s := self._service(doc, v)) is not None]
        return doc

    def _service(self, doc: Doc, verb: Mark) -> Service | None:
        direction = verb.id_ or "revenue"
        n = len(doc)
        j = verb.end
        prev = doc[verb.start - 1] if verb.start > 0 else None
        if (j < n and lowers(doc)[j] in ("to", "from", "by") and prev is not None and prev.pos_ != "PRON"
                and prev.lower_ not in _SUBJECTS and prev.is_alpha):
            # passive or heading: "Outsourcing services purchased from related parties"
            k = verb.start
            i = k
            while i > 0 and k - i < 8 and doc[i - 1].is_alpha or (i > 0 and words(doc)[i - 1] in ("&", "-")):
                if doc[i - 1].is_sent_start or lowers(doc)[i - 1] in _STOP or lowers(doc)[i - 1] in ("were", "was", "are", "is"):
                    if doc[i - 1].is_sent_start and doc[i - 1].is_alpha and lowers(doc)[i - 1] not in _STOP:
                        i -= 1
                    break
                i -= 1
            if i < k:
                return Service(direction, doc[i:k].text, i, k)
            return None
        if lowers(doc)[verb.end - 1] in ("from", "to") or (j < n and lowers(doc)[j] in ("from", "to")):
            # "purchased from Shenyang Yunrongxin project development services, which ..."
            if lowers(doc)[verb.end - 1] not in ("from", "to"):
                j += 1
            while j < n and (words(doc)[j][:1].isupper() or lowers(doc)[j] in ("&", "co.", ",", "ltd", "ltd.")) and not doc[j].is_sent_start:
                if words(doc)[j] == "," and (j + 1 >= n or not words(doc)[j + 1][:1].isupper()):
                    break
                j += 1
        if j < n and lowers(doc)[j] in ("the", "a", "an", "certain", "its"):
            j += 1
        k = j
        while k < n and k - j < 10 and lowers(doc)[k] not in _STOP and lowers(doc)[k] not in ("to", "from", "by", "with") and not doc[k].is_sent_start and "\n" not in words(doc)[k]:
            k += 1
        # "office space for management and administrative services": allow "and" inside a list of goods
        while k < n and lowers(doc)[k] in (",", "and") and k + 1 < n and doc[k + 1].is_lower and lowers(doc)[k + 1] not in _STOP and not doc[k + 1].is_sent_start:
            k += 1
            while k < n and lowers(doc)[k] not in _STOP and lowers(doc)[k] not in ("to", "from", "by", "with") and "\n" not in words(doc)[k]:
                k += 1
        if k == j:
            return None
        phrase = doc[j:k]
        if phrase[0].text[:1].isdigit() or any(t.text[:1] in "$¥€£" for t in phrase) or phrase[0].lower_ in ("loans", "loan", "a", "an", "approximately"):
            return None
        return Service(direction, phrase.text, j, k)
