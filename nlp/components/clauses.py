"""``relparty_clauses``: what kind of amount a clause states, in which direction, and by which rule.

Kind triggers come from ``patterns/kinds.jsonl`` and ``patterns/clauses.jsonl`` (label = kind, id =
detail or nature, ``rule`` = the rule's id): "revenues", "net sales", "sold" -> revenue;
"purchases", "cost of revenues", "rent expense" -> cost; "due from", "receivable", "owed us" ->
receivable; "due to", "payable", "was owing to", "had not yet been paid" -> payable; "loans to",
"borrowed", "repaid", "guarantee", "advanced by", "written down", "donation" -> other.
Service verbs come from ``patterns/services.jsonl``.

Sentences are split into clauses (at ";" and at a comma before "and", "but", "while", "which",
"whereas"); :func:`kind_for` then chooses, for one amount list, the trigger that governs it:
1. ``kind.spanning``: a trigger around the amounts ("signed a $150,000 note payable to", "got
   RMB600 back in cash from", "received $0.5 million from ... for work performed");
2. ``kind.state``: a state after the amounts in its clause ("had been accrued within accounts
   payable", "had not yet been paid at year end"): a balance, whatever flow word came before;
3. ``kind.post-other``: an ``other`` flow named after the amounts in its clause ("paid out $38,000
   of the accrued director fees");
4. ``kind.own``: the clause's own trigger before the amounts; a governing verb beats a weak noun
   ("earned advisory fees of": revenue although it says "fees"), a head noun beats a participle
   inside its phrase ("the cost of crude oil sold of $2.0 million": cost);
5. ``kind.before`` / ``kind.after``: the sentence's trigger before the amounts, else just after them.
The chosen trigger's ``rule`` and the step's id travel with the record (``kind_rule``).

Results: ``doc._.rp_triggers``, ``doc._.rp_services`` and ``doc._.rp_clauses`` (clause starts, as
token indices), ``doc.spans["rp_kinds"]``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from relparty.components.lexicon import Mark, lowers, marks, tokens_lower_in, words
from relparty.components.lexicon import starts as doc_starts
from relparty.patterns import load_lexicon
from spacy.language import Language
from spacy.tokens import Doc, Span

_LEX = load_lexicon("lexicon")  # the word lists of patterns/lexicon.json, read once

KINDS = {"REVENUE": "revenue", "COST": "cost", "RECEIVABLE": "receivable", "PAYABLE": "payable", "OTHER": "other",
         "BALANCE": "balance"}  # "balance": owed one way or the other; assembly reads which from the context
BALANCE_KINDS = ("receivable", "payable")
_SUBJECTS = {"company", "group", "we", "it", "they", "subsidiary", "subsidiaries", "partnership", "registrant", "bank"}
_STOP = {".", ";", ",", "(", ":", "which", "that", "pursuant", "under", "during", "for", "in", "at", "and", "of"}
_CLAUSE_AFTER_COMMA = {"and", "but", "while", "which", "whereas", "whilst"}


_NET_OF_REACH = 6  # tokens between the head trigger and a deduction "net of ..." that it governs


def _after_net_of(low: list[str], start: int) -> bool:
    """The trigger at ``start`` is the deduction of a "net of" phrase ("net of receivables", "net of the
    amounts due to")."""
    k = start - 1
    if k >= 0 and low[k] in ("the", "any", "related", "amounts", "amount"):
        k -= 1
    return k >= 1 and low[k] == "of" and low[k - 1] == "net"


@dataclass
class Trigger:
    kind: str
    detail: str | None
    tok_start: int
    tok_end: int
    rule: str = ""  # the id of the pattern that made it
    text: str = ""  # its words, lower case


@dataclass
class Service:
    direction: str  # revenue | cost
    text: str
    tok_start: int
    tok_end: int


for _name in ("rp_triggers", "rp_services", "rp_clauses"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("relparty_clauses", default_config={"span_groups": True})
def make_clauses(nlp: Language, name: str, span_groups: bool) -> ClauseFinder:
    return ClauseFinder(span_groups)


class ClauseFinder:
    def __init__(self, span_groups: bool = True) -> None:
        self.span_groups = span_groups  # doc.spans groups, for display only

    def __call__(self, doc: Doc) -> Doc:
        low = lowers(doc)
        found = [(sp.start, sp.end, sp.label_, sp.id_, sp.rule) for sp in marks(doc, KINDS)] + gap_triggers(doc)
        found.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        in_name = _in_names(doc)
        triggers: list[Trigger] = []
        for start, end, label, detail, rule in found:
            if triggers and start < triggers[-1].tok_end:
                continue  # keep the longest trigger at a position ("amounts due from" over "due")
            if in_name(start, end):
                continue  # "Orla Acquisition Corp.", "Lumo Services Ltd.": a capitalised word of a name is no kind
            if rule == "subj.owed-us" and end < len(low) and low[end] in ("’s", "'s", "’", "'"):
                continue  # "owed the Company’s Chief Executive Officer": the officer is owed
            if _after_net_of(low, start) and triggers and start - triggers[-1].tok_end <= _NET_OF_REACH:
                continue  # "trade accounts payable, net of receivables": the head before "net of" is the kind
            triggers.append(Trigger(KINDS[label], detail or None, start, end, rule, " ".join(low[start:end])))
        triggers = interest_bases(triggers, low)
        doc._.rp_triggers = triggers
        doc._.rp_clauses = clause_starts(doc)
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


_INTEREST_ON = frozenset(_LEX["interest_base_preps"])  # "interest ... on the loans from X"
_BASE_DETERMINERS = frozenset(_LEX["interest_base_determiners"])
_BASE_REACH = 8  # tokens from an interest trigger's end to the loan it is on
_LENT_BY_US = frozenset(("loan provided", "loan"))


def interest_bases(triggers: list[Trigger], low: list[str]) -> list[Trigger]:
    """An interest trigger (rule ``interest.*``) and the loan it is on: "accrued interest of $900 on the loan
    from X", "interest charged on the notes payable to X". The loan ("on [the] loans from") names what the
    interest is charged on, not a flow of its own: it is dropped, and a loan the company made ("on the loan to
    X", "on the loans receivable") makes the interest income (rule ``interest.on-loan-to``)."""
    if not any(_is_interest(t) for t in triggers):
        return triggers
    out: list[Trigger] = []
    interest: int | None = None  # index in ``out`` of the last interest trigger
    for t in triggers:
        k = t.tok_start - 1
        while k >= 0 and low[k] in _BASE_DETERMINERS:
            k -= 1
        base = (interest is not None and k >= 0 and low[k] in _INTEREST_ON and t.kind != "revenue"
                and -1 <= k - out[interest].tok_end <= _BASE_REACH and (t.kind != "other" or (t.detail or "").startswith("loan")))
        if base and interest is not None:
            lent = t.kind == "receivable" or (t.kind == "other" and t.detail in _LENT_BY_US)
            if lent and out[interest].kind == "cost":
                out[interest] = replace(out[interest], kind="revenue", detail="interest income",
                                        rule="interest.on-loan-to")
            continue
        if _is_interest(t):
            interest = len(out)
        out.append(t)
    return out


def _is_interest(t: Trigger) -> bool:
    """An interest trigger: its rule (``interest.*``) or its nature ("Interest income from loan to X")."""
    return t.rule.startswith("interest.") or t.detail in ("interest income", "interest expense")


_NAMES = ("legal", "name", "alias", "known")  # mentions by a proper name (not "a company controlled by ...")


def _in_names(doc: Doc):  # type: ignore[no-untyped-def]
    """A test: do tokens ``s..e``, all capitalised, lie inside a party's proper name? (bisection over
    the name mentions, which come sorted by start)."""
    names = [(m.start, m.end) for m in doc._.rp_party_mentions or [] if m.how in _NAMES]
    if not names:
        return lambda s, e: False
    starts_ = [a for a, _ in names]
    w = words(doc)
    tok_starts = doc_starts(doc)

    def test(s: int, e: int) -> bool:
        if not all(x[:1].isupper() for x in w[s:e]):
            return False
        a, b = tok_starts[s], tok_starts[e - 1] + len(w[e - 1])
        k = bisect_right(starts_, a) - 1
        return k >= 0 and names[k][0] < a and b <= names[k][1]  # inside, not its first word ("Sales to ...")

    return test


@dataclass(frozen=True)
class GapRule:
    """A trigger with a gap: a head word, at most ``max_gap`` tokens, a tail word ("signed a $150,000
    note", "got RMB600 back"); the trigger spans head to tail, amounts and all. From ``patterns/gaps.json``."""

    rule: str
    label: str
    heads: tuple[str, ...]
    tails: frozenset[str]
    max_gap: int
    min_gap: int = 0
    id: str = ""
    gap_words: str = "any"  # any | lower (only lower-case words, hyphens and commas: "granted unsecured loans")
    stops: frozenset[str] = frozenset()  # words the gap cannot hold ("received $5 from X for work ... loan": no)
    gap_needs: frozenset[str] = frozenset()  # words one of which the gap must hold ("received $5 from X as a loan")
    needs_purpose: bool = False  # the trigger stands only when a purpose of work follows ("... from X for services")
    purpose_objects: frozenset[str] = frozenset()  # words in the gap that are that purpose ("received management fees of $5 from X")


_GAP_KEYS = {"rule", "label", "heads", "tails", "max_gap", "min_gap", "id", "gap_words", "stops", "gap_needs",
             "needs_purpose", "purpose_objects"}


def load_gap_rules() -> list[GapRule]:
    """``patterns/gaps.json``; a row with a key it does not know, or without one it needs, is an error."""
    out = []
    for n, row in enumerate(load_lexicon("gaps")):
        unknown = set(row) - _GAP_KEYS
        if unknown or not {"rule", "label", "heads", "tails", "max_gap"} <= set(row) or row["label"] not in KINDS:
            raise ValueError(f"gaps.json row {n}: unknown keys {sorted(unknown)} or a missing key or label")
        out.append(GapRule(**{**row, "heads": tuple(row["heads"]), "tails": frozenset(row["tails"]),
                              "stops": frozenset(row.get("stops", ())), "gap_needs": frozenset(row.get("gap_needs", ())),
                              "purpose_objects": frozenset(row.get("purpose_objects", ()))}))
    return out


GAP_RULES = load_gap_rules()
_GAP_BY_HEAD: dict[str, list[GapRule]] = {}
for _g in GAP_RULES:
    for _h in _g.heads:
        _GAP_BY_HEAD.setdefault(_h, []).append(_g)
_GAP_HEADS = tuple(_GAP_BY_HEAD)
#: rules of receipts that are revenue only for work the company did or a thing it let (assembly reads the purpose)
PURPOSE_RULES = frozenset(g.rule for g in GAP_RULES if g.needs_purpose)
#: per such rule, the words that state the purpose inside the gap itself ("received rent of $5 from X")
PURPOSE_OBJECTS = {g.rule: g.purpose_objects for g in GAP_RULES if g.needs_purpose}


def gap_triggers(doc: Doc) -> list[tuple[int, int, str, str, str]]:
    """(start, end, label, id, rule) of every gap rule's trigger: each head looks at most ``max_gap``
    tokens ahead, within its sentence, so this is linear in the note."""
    low, w, n = lowers(doc), words(doc), len(doc)
    out = []
    for k in tokens_lower_in(doc, _GAP_HEADS):
        for g in _GAP_BY_HEAD[low[k]]:
            j, used = k + 1, 0  # ``used``: gap tokens outside parentheses
            while j < n and used <= g.max_gap:
                if low[j] == "(" and g.gap_words == "any":
                    close = _aside_end(low, j)  # "received $117,868 (2023 - $75,853; 2022 - $185,068) from X": an aside
                    if close is not None:
                        j = close + 1
                        continue
                if low[j] in g.tails and j > k + g.min_gap:
                    if not g.gap_needs or not g.gap_needs.isdisjoint(low[k + 1 : j]):
                        out.append((k, j + 1, g.label, g.id, g.rule))
                    break
                if (low[j] in (".", ";") or low[j] in g.stops or doc[j].is_sent_start
                        or (g.gap_words == "lower" and not w[j].islower() and w[j] not in ("-", ","))):
                    break
                j, used = j + 1, used + 1
    return out


_ASIDE_MAX = 24  # tokens of a parenthesised aside inside a gap (a comparative, a converted amount)


def _aside_end(low: list[str], j: int) -> int | None:
    """The index of the ")" closing the "(" at ``j`` within ``_ASIDE_MAX`` tokens and before a sentence stop."""
    for m in range(j + 1, min(len(low), j + 1 + _ASIDE_MAX)):
        if low[m] == ")":
            return m
        if low[m] in ("(", "."):
            return None
    return None


_CLAUSE_AFTER_REACH = 20  # tokens from a clause's opening amounts to the kind named after them (asides between)
_CLAUSE_AFTER_WORDS = 2  # ... of which outside the asides: "$5,000 (C$6,600) in management fees", not "in 2022 are included in"


def _words_outside_asides(gap: list[str]) -> int:
    """How many of the tokens ``gap`` lie outside parentheses (the gap may start inside the aside that holds the
    amounts, a comparative's: what comes before its ")" is the aside's too)."""
    depth, n = 0, 0
    for w in gap:
        if w == "(":
            depth += 1
        elif w == ")":
            n = n if depth else 0
            depth = max(0, depth - 1)
        elif depth == 0:
            n += 1
    return n
_ASIDE_TOKENS = 40  # a parenthesised aside is short: an unclosed "(" stops holding clauses after this many tokens


def clause_starts(doc: Doc) -> list[int]:
    """Token indices where a clause starts inside a sentence: after ";" and at a comma followed by
    "and", "but", "while", "which", "whereas" or "of which" (the comma's token)."""
    low = lowers(doc)
    out = []
    opened = -1  # the last "(" not closed yet: a ";" in "(2019-$135,666; C$180,000)" starts no clause
    for k in tokens_lower_in(doc, (";", ",", "(", ")")):
        if low[k] in ("(", ")"):
            opened = k if low[k] == "(" else -1
            continue
        if 0 <= opened and k - opened <= _ASIDE_TOKENS:
            continue
        if low[k] == ";":
            out.append(k + 1)
        elif k + 1 < len(low) and (low[k + 1] in _CLAUSE_AFTER_COMMA
                                   or (low[k + 1] == "of" and k + 2 < len(low) and low[k + 2] == "which")):
            out.append(k)  # ", of which $1,200 remained unpaid": a clause of its own
    return out


def clause_of(clauses: list[int], s: int, e: int, tok: int) -> tuple[int, int]:
    """The clause (token bounds) of sentence ``s..e`` holding token ``tok``."""
    k = bisect_right(clauses, tok)
    start = clauses[k - 1] if k and clauses[k - 1] > s else s
    end = clauses[k] if k < len(clauses) and clauses[k] < e else e
    return start, end


WEAK_NOUNS = frozenset(_LEX["weak_kind_words"])  # "fees", "charges": the verb of the clause decides
PARTICIPLES = frozenset(_LEX["kind_participles"])  # "sold", "purchased": inside a head noun's phrase
GOVERNING_VERBS = frozenset(_LEX["governing_kind_verbs"])  # "earned", "incurred": they decide over a weak noun
WEAK_HEADED_RULES = frozenset(_LEX["weak_headed_rules"])  # "fees from": a weak noun's phrase, the verb still decides


#: a loan stated at a date is its balance: whose debt it is by the loan's way
LOAN_BALANCE = {"loan received": "payable", "loan provided": "receivable", "note issued": "payable"}  # at a date: the balance


_COPULAS = frozenset(("was", "were", "is", "are", "remained", "remains"))
_SUBJECT_START = frozenset((",", "and", "while", "whereas", "but", "whilst", ";"))


def kind_for(al_start: int, al_end: int, trig: list[Trigger], prev_list_end: int, flow_only: bool, instant_only: bool,
             clause: tuple[int, int], low: list[str] | None = None) -> tuple[Trigger, str] | None:
    """The trigger that governs the amounts at tokens ``al_start..al_end``, and the step's rule id.
    A loan stated at a date ("Loans from A stood at $45,000 at December 31, 2023") is its balance.
    With the note's lower-case words ``low``, an amount that is the subject of its own clause takes
    the kind its verb states (:func:`_subject_kind`)."""
    if not flow_only:
        trig = [interest_balance(t) for t in trig]
    own = _subject_kind(al_start, al_end, trig, low, flow_only, instant_only) if low is not None else None
    chosen = own or _kind_for(al_start, al_end, trig, prev_list_end, flow_only, instant_only, clause, low)
    if chosen is not None and chosen[0].kind == "balance":
        # "entered into notes with X, that had a combined balance of $460,000": the loan or note named before the
        # balance in its sentence says whose debt it is
        loan = [t for t in trig if t.tok_end <= chosen[0].tok_start and t.kind == "other" and t.detail in LOAN_BALANCE]
        if loan:
            return (replace(chosen[0], kind=LOAN_BALANCE[loan[-1].detail or ""], detail="loan"),
                    chosen[1] + "+kind.loan-balance")
    if chosen is not None and instant_only and chosen[0].kind == "other" and chosen[0].detail in LOAN_BALANCE:
        t = chosen[0]
        return replace(t, kind=LOAN_BALANCE[t.detail], detail="loan"), chosen[1] + "+kind.loan-balance"
    return chosen


def interest_balance(t: Trigger) -> Trigger:
    """ "Accrued interest on the note was $900 at December 31, 2023": interest stated where the periods do not
    say a flow is the accrued balance (payable; receivable when it is on a loan the company made)."""
    if not t.rule.startswith("interest.accrued") and t.rule != "interest.on-loan-to" or t.kind not in ("revenue", "cost"):
        return t
    return replace(t, kind="receivable" if t.kind == "revenue" else "payable", detail="accrued interest",
                   rule=t.rule + "+interest.balance")


def _subject_kind(al_start: int, al_end: int, trig: list[Trigger], low: list[str], flow_only: bool = False,
                  instant_only: bool = False) -> tuple[Trigger, str] | None:
    """ "there was no amount due from X, and $5,000 was due to Y", "no sales to X while $40 was owed to Y": an
    amount that starts a coordinated clause as its subject ("and", "while", a comma before it), its copula
    right after it and a balance or flow trigger right after that, is that trigger's, not the earlier
    clause's (each clause its own kind and, by the trigger, its own party)."""
    if al_start == 0 or low[al_start - 1] not in _SUBJECT_START or al_end + 1 >= len(low) or low[al_end] not in _COPULAS:
        return None
    k = al_end + 1
    if k < len(low) and low[k] in ("still", "also", "then"):
        k += 1
    t = next((t for t in trig if t.tok_start == k), None)
    if t is None or t.kind == "other" and t.tok_end - t.tok_start < 2:
        return None
    if (flow_only and t.kind in ("receivable", "payable", "balance")) or (instant_only and t.kind in ("revenue", "cost")):
        return None  # the periods say the other class: the usual steps decide
    return t, "kind.subject-clause"


def _kind_for(al_start: int, al_end: int, trig: list[Trigger], prev_list_end: int, flow_only: bool, instant_only: bool,
              clause: tuple[int, int], low: list[str] | None = None) -> tuple[Trigger, str] | None:
    if flow_only and any(t.kind in ("revenue", "cost", "other") for t in trig):
        trig = [t for t in trig if t.kind not in BALANCE_KINDS and t.kind != "balance"]  # periods say: a flow
    elif instant_only and any(t.kind in BALANCE_KINDS or t.kind == "balance" for t in trig):
        trig = [t for t in trig if t.kind not in ("revenue", "cost")]  # dates say: a balance
    c_start, c_end = clause
    spanning = [t for t in trig if t.tok_start < al_start and t.tok_end > al_start]
    if spanning:
        return spanning[-1], "kind.spanning"
    after_in_clause = [t for t in trig if al_end <= t.tok_start < c_end and t.tok_start - al_end <= 12]
    state = [t for t in after_in_clause if t.rule.startswith("state.")]
    if state:
        return state[0], "kind.state"
    before = [t for t in trig if t.tok_end <= al_start]
    # "an outstanding balance of $6,500 owed to the CEO for expenses paid on behalf of the Company": the
    # direction right after the amount says whose balance it is (before what was paid for)
    toward = [t for t in after_in_clause if t.kind in BALANCE_KINDS and t.tok_start == al_end and t.tok_end - t.tok_start >= 2]
    if toward and (not before or before[-1].kind == "balance") and not flow_only:
        return toward[0], "kind.direction-after"
    post = [t for t in after_in_clause if t.rule.startswith("post.")]
    if post:
        return post[0], "kind.post-other"
    right_after = [t for t in trig if 0 <= t.tok_start - al_end <= 3 and t.tok_end - t.tok_start == 2
                   and t.kind in ("revenue", "cost")]
    if right_after and (not before or before[-1].tok_end - before[-1].tok_start == 1):
        return right_after[0], "kind.verb-after"  # "a fee of RMB2.5 million charged to related parties"
    if before and prev_list_end >= 0 and 0 <= before[-1].tok_start - prev_list_end <= 3:
        # "$40 was owing to two directors and $30 was owing to a former officer": the trigger before this
        # list governs the list before it; this list has its own right after it
        parallel = [t for t in trig if 0 <= t.tok_start - al_end <= 3 and t.tok_end - t.tok_start >= 2
                    and t.kind == before[-1].kind and t.tok_start < c_end]
        if parallel:
            return parallel[0], "kind.parallel-after"
    if before and not any(t.tok_start >= c_start for t in before):
        # "incurred $134,298 in management fees with A; $5,000 in management fees with B": a clause that opens with
        # its amounts and names its kind after them is not the clause before it
        lead = [t for t in trig if al_end <= t.tok_start < c_end and t.tok_start - al_end <= _CLAUSE_AFTER_REACH
                and t.kind != "other" and not t.rule.startswith("post.")
                and low is not None and _words_outside_asides(low[al_end : t.tok_start]) <= _CLAUSE_AFTER_WORDS]
        if lead:
            return lead[0], "kind.clause-after"
    if before:
        own = [t for t in before if t.tok_start >= max(prev_list_end, c_start)] or [t for t in before if t.tok_start >= prev_list_end]
        if own:
            chosen = governing(own)
            if weak(chosen) and chosen.kind in ("revenue", "cost"):
                passive = [t for t in after_in_clause if t.tok_start - al_end <= 2 and t.kind in ("revenue", "cost")
                           and (t.text in GOVERNING_VERBS or t.tok_end - t.tok_start == 2) and not t.text.startswith("received")]
                if passive:
                    # "Management fees of $600 were earned from X", "... were charged to X": the verb after the amount
                    return passive[0], "kind.own+passive-verb"
                verb = [t for t in before if t.tok_end <= own[0].tok_start and t.text in GOVERNING_VERBS
                        and t.kind in ("revenue", "cost")] if not after_in_clause else []
                if verb:
                    # "we earned $0.2 million in management fees ..., and $0.6 million for the nine months": the verb
                    # before the list before governs this list's weak noun too
                    return verb[-1], "kind.own+governing-verb"
            return chosen, "kind.own"
        return before[-1], "kind.before"
    after = [t for t in trig if t.tok_start >= al_end and t.tok_start - al_end <= 12]
    return (after[0], "kind.after") if after else None


def weak(t: Trigger) -> bool:
    """A trigger headed by a weak noun ("fees", "fees from"): a governing verb of its clause decides over it."""
    return t.text in WEAK_NOUNS or t.text.split(" ", 1)[0].lower() in WEAK_NOUNS and t.rule in WEAK_HEADED_RULES


def governing(cands: list[Trigger]) -> Trigger:
    """Among the triggers of one clause: the last; a balance trigger outranks a flow one before it;
    a weak noun ("fees") yields to the verb before it ("earned"); a participle ("sold") to the head
    noun whose phrase it is in ("cost of crude oil sold"); a loan to the interest on it ("interest expense for
    borrowings")."""
    if len(cands) > 1:
        last = cands[-1]
        head = cands[-2]
        if (weak(last) and last.kind in ("revenue", "cost") and head.kind in ("revenue", "cost")
                and head.text in GOVERNING_VERBS):
            cands = cands[:-1]
        elif (head.kind in ("revenue", "cost") and head.tok_end - head.tok_start == 1 and last.tok_start == head.tok_end + 1
              and last.kind in ("revenue", "cost") and last.text.split(" ", 1)[0].lower() in _OBJECT_NOUNS):
            cands = cands[:-1]  # "Purchases of services to X": the head noun says which way, its object's "to" does not
        elif last.kind in BALANCE_KINDS and head.text in _SETTLING_VERBS and 0 <= last.tok_start - head.tok_end <= 4:
            cands = cands[:-1]  # "repaid the outstanding note due to X": the repayment, not the balance it ends
        elif weak(last) and last.kind == "cost" and head.rule in _PAY_RULES and last.tok_start - head.tok_end <= 3:
            cands = cands[:-1]  # "key management salaries, variable compensation and benefits": the pay, not a cost
        elif last.text in PARTICIPLES and head.kind in ("revenue", "cost") and (
                head.tok_end - head.tok_start >= 2 or head.tok_end == last.tok_start):
            cands = cands[:-1]
        elif last.detail in LOAN_BALANCE and head.kind in ("revenue", "cost") and _is_interest(head):
            cands = cands[:-1]  # "interest expense for short-term borrowings due to X": the interest, not the loan
    return best(cands)


def best(cands: list[Trigger]) -> Trigger:
    """Among the triggers of one clause, the last; a balance trigger outranks a flow one before it."""
    last = cands[-1]
    flow_like = last.kind != "other" or last.rule in _PAY_RULES  # "payable ... for key management compensation"
    for t in reversed(cands):
        if t.kind in BALANCE_KINDS:
            return t if last.kind not in BALANCE_KINDS and flow_like else last
    return last


_OBJECT_NOUNS = frozenset({"services", "service", "goods", "products", "materials"})  # what a "purchases of" names
_SETTLING_VERBS = frozenset({"repaid", "collected"})  # verbs whose object a balance phrase names ("repaid the note due to X")
_PAY_RULES = frozenset({"other.key-management-pay"})  # `other` flows that a balance trigger before them outranks
