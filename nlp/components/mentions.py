"""``relparty_mentions``: the party mentions of a note, each with the rule that made it.

The mention layer (what is a party, and where); choosing which mention gives an amount its party
is :mod:`relparty.components.linking`. Mentions, each resolved to one party:
- legal names: a run of capitalised words ending in a legal suffix from ``patterns/parties.jsonl``
  ("Shanghai Keshen Information Technology Co., Ltd", "Cypress Interstate Pipeline L.L.C.");
- defined short names: ``(“Shanghai Keshen”)``, ``(the “Manager”)``, ``(collectively "Infraserv")``
  and ``, or Shenyang Yunrongxin,`` after a name; every later use of the short name is that party;
- persons ("Mr. Changxun Sun"), roles ("our Chief Executive Officer", "the Company’s COO",
  "the Chief Operating Officer of the Company", "members of its advisory board"), described parties
  ("an entity owned by the family of the Company’s Chief Operating Officer"), groups;
- relational noun phrases by their head (``patterns/mentions.jsonl``): "the equity-method venture",
  "a fellow subsidiary", "the ultimate parent company", "equity-accounted investees"; a compound
  party ("a board member of the Company and an entity he controls") is kept whole;
- capitalised names in party position ("agreements with Marco International", "from Ningbo Shanjin"),
  unless the run is a product, brand, programme or event ("the Vasocoat device line", "the
  Carve-out", "LPG sold"); "the Harlan family" is the family;
- aggregates ("related parties") and anaphora ("this joint venture"), the latter resolved to the
  party mentioned last.
The filer is never a party: "the Trust", "the Partnership", "the Fund", "the Bank", "the
Registrant", and a name the note defines as the filer ("Acme Steel Corp. (“Acme Steel” or the
“Company”)") and its short names are self-references (``doc._.rp_self_mentions``).

Every :class:`Mention` carries ``rule``: the id of the rule that made it (``mention.legal``,
``mention.alias.quoted``, a pattern's ``rule`` ...). The finder is linear in the note's length:
names are looked up by their first word, owners and antecedents by bisection.

Results: ``doc._.rp_party_mentions`` (sorted list of :class:`Mention`), ``doc._.rp_parties``
(key -> :class:`Party`), ``doc._.rp_self_mentions`` and ``doc.spans["rp_parties"]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from relparty.components.lexicon import (
    Mark,
    char_spans,
    doc_text,
    lowers,
    marks,
    starts,
    tokens_lower_in,
    words,
)
from relparty.patterns import load_lexicon, load_patterns
from relparty.vocabulary import prefixed_scales
from spacy.language import Language
from spacy.tokens import Doc, Span

_CONNECTORS = {"&", "of", "de", "du", "la", "da", "-", "and"}


def _last_words(pattern: list[dict[str, Any]]) -> list[str]:
    """The lower-case words a token pattern's last token may be ("entity", "entities", ...)."""
    low = pattern[-1].get("LOWER") if pattern else None
    return list(low.get("IN", ())) if isinstance(low, dict) else [low] if isinstance(low, str) else []


_PARTY_ROWS = load_patterns("parties")
_ROLE_WORDS = frozenset(w for row in _PARTY_ROWS if row["label"] == "ROLE" for w in _last_words(row["pattern"]))
_GROUP_JOINS = frozenset({"and", "&", "other", "former", "independent", "executive", "non-executive", "key", "senior"})


_GENERIC_AGGREGATES = frozenset(load_lexicon("lexicon")["generic_aggregates"])


def counterparty_name(name: str) -> str:
    """The name a record gives its party: a generic aggregate written bare ("affiliates", "Shareholders",
    "the affiliated companies") is "related parties" (GOLD.md: an aggregate with no named party); any
    other name as the note writes it ("Fresenius SE affiliates", "Joint ventures", "a shareholder")."""
    low = " ".join(name.lower().split())
    return "related parties" if low.removeprefix("the ") in _GENERIC_AGGREGATES else name


def is_role_group(text: str) -> bool:
    """``text`` is a bare group of roles, as a heading writes it ("Officers", "Directors and officers", "Independent
    directors"): role words and their joins, the last a plural role."""
    ws = [w.strip(",") for w in text.lower().split()]
    return bool(ws) and len(ws) <= 5 and ws[-1] in _ROLE_WORDS and ws[-1].endswith("s") \
        and all(w in _ROLE_WORDS or w in _GROUP_JOINS for w in ws)


_DEFINITE_RELATED = re.compile(r"(?i)\b(?:the|these|those)\s+related\s+parties$")
_PLURAL_HEAD = re.compile(r"(?i)^(?:(?:certain|several|two|three|four|other|various)\s+)?[a-z-]+(?:ies|s)\b")
_PLURAL_REACH = 1500  # characters from the group's description to "the related parties" that means it
_YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")


def _date_year(doc: Doc, k: int) -> bool:
    """Token ``k`` is the year of a date ("December 31, 2015 Orla Ltd. loaned ..."), not a numbered company's first word."""
    w = words(doc)
    return k >= 2 and w[k - 1] == "," and w[k - 2].isdigit() and _YEAR_TOKEN.fullmatch(w[k]) is not None


_PREFIXED_SCALES = frozenset(prefixed_scales())  # "K" of "K€172"
_TERM_BEFORE = re.compile(r"\b[a-z][a-z-]+\s+(?:[a-z][a-z-]+\s+){0,3}(?P<head>[a-z][a-z-]+)\s*$")
# heads that make the words before a definition a described party, not a term ("a company owned by our CEO (“Orla”)")
_TERM_NOT_HEADS = frozenset(w.lower() for w in load_lexicon("cells")["party_nouns"]) | frozenset(
    w for row in _PARTY_ROWS if row["label"] in ("DESCRIBED", "ROLE", "AGGREGATE")
    for w in _last_words(row["pattern"]))
_QUOTED_ALIAS = re.compile(
    r"\(\s*(?:the\s+|collectively,?\s+(?:the\s+)?|together,?\s+(?:the\s+)?|hereinafter\s+(?:referred\s+to\s+as\s+)?(?:the\s+)?"
    r"|referred\s+to\s+as\s+(?:the\s+)?|formerly\s+known\s+as\s+|also\s+known\s+as\s+|or\s+)?"
    r"[“\"']([^”\"'()\n]{1,60})[”\"']\s*(?:,[^)]{0,80})?\)"
)
# "(“Acme Steel” or the “Company”)", "(together with its subsidiaries, the “Company” or “we”)":
# the name before the parenthesis is the filer; every quoted name inside is one of its short names
_SELF_DEFINITION = re.compile(
    r"\((?=[^()\n]{0,120}?[“\"'](?:Company|Partnership|Trust|Fund|Bank|Registrant|Group|Corporation|Issuer|we|We|us|our)[”\"'])"
    r"[^()\n]{0,140}\)"
)
_QUOTED = re.compile(r"[“\"']([^”\"'()\n]{1,60})[”\"']")
_GROUP_TAIL = re.compile(r",?\s*(?:and|together with)\s+(?:its|their)\s+(?:subsidiaries|affiliates|affiliated\s+entities|consolidated\s+entities)")
_OR_ALIAS = re.compile(r"\s*,\s+or\s+(?:the\s+)?((?:[A-Z][\w&.\-]*\s?){1,5}?)\s*(?=[,)(]|\s+(?:is|was|a|an)\b)")
# "... and an entity he controls", "... and entities controlled by him": one compound party
_COMPOUND_TAIL = re.compile(
    r"\s+and\s+(?:an?\s+|the\s+)?(?:entity|entities|company|companies|firm|firms|trust|trusts)\s+"
    r"(?:(?:he|she|they|which\s+he|which\s+she)\s+(?:controls|controlled|owns|owned|manages|managed)"
    r"|(?:controlled|owned|managed)\s+by\s+(?:him|her|them|that\s+\w+))\b"
)
# the role a relative clause gives the filer's person in a described party ("in which a director is a partner")
_CLAUSE_ROLES = frozenset({"partner", "partners", "director", "directors", "officer", "officers", "shareholder", "shareholders",
                           "owner", "owners", "principal", "principals", "member", "members", "stockholder", "stockholders",
                           "employee", "employees", "executive", "executives", "trustee", "trustees", "beneficiary",
                           "ceo", "cfo", "coo", "cto", "president", "chairman", "chairwoman", "founder", "chief", "financial",
                           "operating", "secretary", "vice"})
_WHICH_REACH = 20  # tokens of a "with which ... are affiliated" clause
_WHICH_PREDICATES = frozenset({"affiliated", "associated", "involved", "connected"})
_HOLDING_VERBS = frozenset({"has", "have", "had", "holds", "hold", "held", "owns", "own", "owned"})
_HOLDING_NOUNS = frozenset({"interest", "interests", "stake", "ownership", "shares", "equity"})


def _holding_end(low: list[str], j: int) -> int | None:
    """The end of a holding's object from token ``j`` on: "a 40% interest", "a significant ownership interest",
    "30% of the shares", "an equity stake" (four words at most before its noun); None when there is none."""
    for k in range(j, min(len(low), j + 5)):
        if low[k] in _HOLDING_NOUNS:
            while k + 1 < len(low) and low[k + 1] in _HOLDING_NOUNS:
                k += 1  # "an ownership interest"
            return k + 1
        if low[k] in (".", ",", ";", ":", "(", "and", "in", "was", "were", "is", "are"):
            return None
    return None


_CLAUSE_PARTICIPLES = frozenset({"owned", "controlled", "managed", "affiliated", "related", "wholly", "majority", "jointly"})
_CLAUSE_ROLE_WORDS = frozenset({"a", "an", "the", "also", "its", "our", "their", "his", "her", "sole", "majority", "principal", "controlling", "managing",
                                "general", "largest", "only", "significant", "major", "beneficial"})
# words that may follow a title used as a party ("due to the CEO for advances", "paid to the CEO and CFO")
_AFTER_TITLE = frozenset({"for", "and", "or", "in", "on", "at", "as", "under", "during", "pursuant", "totaling", "totalling",
                          "amounting", "which", "who", "were", "was", "is", "are", "respectively", "through", "to", "from",
                          "had", "has", "have", "will"})
# a title as the subject of a flow: "the CEO forgave loans of $40,000", "the Chairman advanced $5,000"
_TITLE_SUBJECT_VERBS = frozenset({"forgave", "waived", "loaned", "lent", "advanced", "paid", "provided", "contributed",
                                  "purchased", "sold", "converted", "agreed", "funded", "guaranteed", "invoiced", "billed",
                                  "charged", "repaid", "received", "transferred", "assigned"})
# "key management and their immediate family members", "directors and their close family members": one party
_KIN_TAIL = re.compile(r"\s+and\s+(?:their|its|his|her)\s+(?:immediate\s+|close\s+)?(?:family\s+members|families|relatives"
                       r"|close\s+members\s+of\s+their\s+famil(?:y|ies))\b", re.I)
_OF_CONTINUES = ("the", "our", "its", "his", "her", "their", "a", "an", "one", "two", "three")
_DETERMINERS = ("the", "a", "an", "its", "our", "their", "his", "her", "one", "two", "three", "four", "five", "certain",
                "several", "other", "another", "each")


@dataclass
class Party:
    key: str
    name: str
    type: str = "entity"  # entity | person | group | aggregate
    aliases: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0


@dataclass
class Mention:
    start: int  # characters in doc_text(doc)
    end: int
    key: str
    how: str  # legal | alias | person | role | described | name | aggregate | anaphor | known | relational
    rule: str = ""  # the id of the rule that made it


for _name in ("rp_party_mentions", "rp_parties", "rp_self_mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("relparty_mentions", default_config={"span_groups": True})
def make_mentions(nlp: Language, name: str, span_groups: bool) -> MentionFinder:
    return MentionFinder(span_groups)


_QUOTES = re.compile(r"[“”\"'’‘`]")
_NON_WORD = re.compile(r"[^\w&]+")
_ARTICLE = re.compile(r"^(the|a|an) ")
_WORD_RUN = re.compile(r"(?<![\w&])[\w&]+")


def norm_key(s: str) -> str:
    s = _QUOTES.sub("", s.lower())
    s = _NON_WORD.sub(" ", s).strip()
    return _ARTICLE.sub("", s)


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_&"


def find_names(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    r"""Whole-word occurrences of ``names`` in ``text``, left to right, the longest name where
    several start at one place, none overlapping: what a regex alternation of the names
    (longest first) between ``(?<![\w&])`` and ``(?![\w&])`` finds, without compiling one per note.

    Linear in the text: names are indexed by their first word, and each word of the text is
    looked up once (a name that does not start with a word character is searched for itself)."""
    names = set(names)
    if len(names) <= _FEW_NAMES:  # a few names: one C-speed scan each is faster than a Python pass over the words
        return _find_each(text, names)
    by_first: dict[str, dict[int, set[str]]] = {}  # first word -> name length -> names
    odd: list[str] = []
    for name in names:
        m = _WORD_RUN.match(name)
        if name and m:
            by_first.setdefault(m.group(0), {}).setdefault(len(name), set()).add(name)
        elif name:
            odd.append(name)
    # longest first; one set look-up per length, so many names that share a first word ("Alpha
    # A Ltd.", "Alpha B Ltd.", ...) cost no more per word of the text than the lengths they have
    lengths = {w: sorted(by_len, reverse=True) for w, by_len in by_first.items()}
    found: list[tuple[int, int, str]] = []
    n = len(text)
    for m in _WORD_RUN.finditer(text):
        w = m.group(0)
        for length in lengths.get(w, ()):
            i, j = m.start(), m.start() + length
            if not (j < n and _word_char(text[j])) and text[i:j] in by_first[w][length]:
                found.append((i, -length, text[i:j]))
                break  # the longest at this place
    found += _occurrences(text, odd)
    return _leftmost_longest(found)


_FEW_NAMES = 12


def _occurrences(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    """Every whole-word occurrence of each name, by ``str.find`` (linear in the text for each name)."""
    found: list[tuple[int, int, str]] = []
    n = len(text)
    for name in names:
        i = text.find(name) if name else -1
        while i >= 0:
            j = i + len(name)
            if not (i and _word_char(text[i - 1])) and not (j < n and _word_char(text[j])):
                found.append((i, -len(name), name))
            i = text.find(name, i + 1)
    return found


def _find_each(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    return _leftmost_longest(_occurrences(text, names))


def _leftmost_longest(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    until = 0
    for i, neg, name in sorted(found):
        if i >= until:
            out.append((i, i - neg, name))
            until = i - neg
    return out


class MentionFinder:
    _covered: bytearray

    def __init__(self, span_groups: bool = True) -> None:
        self.span_groups = span_groups  # doc.spans groups, for display only
        lex = load_lexicon("lexicon")
        self.not_name = set(lex["not_name_words"])
        self.preps = set(lex["party_preps"])
        self.document = set(lex["document_words"])
        self.self_words = set(lex["self_words"])
        self.goods_verbs = set(lex["goods_verbs"])
        self.debtor_verbs = set(lex["debtor_verbs"])  # "Kestrel owed us": the name before it is the debtor
        self.debtor_objects = [tuple(o.split()) for o in lex["debtor_objects"]]
        self.single_heads = frozenset(lex["aggregate_single_heads"])  # "an affiliated corporation": one party, as written
        self.role_modifiers = frozenset(lex["role_modifiers"])
        self.time_firsts = frozenset(lex["role_time_possessives"]["first"])
        self.time_nouns = frozenset(lex["role_time_possessives"]["nouns"])
        self.role_coordinates = frozenset(lex["role_coordinates"])  # "directors and management"
        self.role_preps = frozenset(lex["role_preps"])  # "due to directors", "charged by officers"
        self.role_bare_stops = frozenset(lex["role_bare_stops"])  # "to directors, or companies controlled by them"
        # "the spouse of the CEO", "relatives of a director", "family members of our Chairman": the kin are the party
        kin = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(lex["kin_nouns"], key=len, reverse=True))
        kin_mods = "|".join(sorted(lex["kin_modifiers"]))  # "a direct family member of its Chairman"
        self.kin_before = re.compile(rf"(?:\b(?:the|a|an|its|our|their|his|her|two|three|certain|several)\s+)?"
                                     rf"(?:\b(?i:{kin_mods})\s+)?\b(?i:{kin})\s+of\s+$")

    def __call__(self, doc: Doc) -> Doc:
        st = _State(doc, self)
        lex_marks = marks(doc, ("LEGAL_SUFFIX", "PERSON_TITLE", "ROLE", "DESCRIBED", "AGGREGATE", "ANAPHOR", "GROUP_PARTY",
                                "RELATIONAL", "NOT_PARTY", "FAMILY"))
        by_label: dict[str, list[Mark]] = {}
        for m in lex_marks:
            by_label.setdefault(m.label_, []).append(m)
        self._not_parties(st, by_label.get("NOT_PARTY", []))
        self._legal_names(st, by_label.get("LEGAL_SUFFIX", []))
        self._persons(st, by_label.get("PERSON_TITLE", []))
        self._relational(st, by_label.get("RELATIONAL", []) + self._families(doc, by_label.get("FAMILY", [])))
        self._roles(st, by_label.get("ROLE", []))
        for d in by_label.get("DESCRIBED", []):  # "an entity owned by ...", "an affiliate of ..."
            sp = self._described(doc, d)
            if sp is not None and not st.covered[sp.start_char]:
                st.add(sp.start_char, sp.end_char, sp.text, "described", "mention.described", "entity")
        for g in by_label.get("GROUP_PARTY", []):  # "its non-consolidated joint ventures", "our affiliates"
            if g.start >= 2 and lowers(doc)[g.start - 1] in ("and", "with") and st.covered[st.starts[g.start - 1] - 2]:
                continue  # "Corvex Industries LLC and its affiliates": the tail of that name, not a party of its own
            sp = doc[g.start + 1 : g.end]  # named without the possessive, as GOLD.md's examples do
            if not st.covered[g.start_char] and not st.covered[sp.start_char]:
                st.add(sp.start_char, sp.end_char, sp.text, "described", g.rule or "mention.group", "group")
        self._appositive_names(st)
        self._self_definitions(st)
        self._short_names(st)
        self._known(st)  # later mentions of known names and short names anywhere
        self._in_party_position(st, {r.start for r in by_label.get("ROLE", [])})
        self._debtor_subjects(st)
        self._known(st)  # names first seen in party position, used elsewhere
        self._aggregates(st, by_label.get("AGGREGATE", []))
        st.mentions.sort(key=lambda m: (m.start, -m.end))
        self._anaphora(st, by_label.get("ANAPHOR", []))
        self._plural_anaphora(st)
        st.mentions.sort(key=lambda m: (m.start, -m.end))
        doc._.rp_parties = st.parties
        doc._.rp_party_mentions = st.mentions
        doc._.rp_self_mentions = st.self_mentions
        if self.span_groups:
            doc.spans["rp_parties"] = char_spans(doc, ((m.start, m.end) for m in st.mentions), "PARTY")
        return doc

    # --- the steps, in order ------------------------------------------------------------------
    @staticmethod
    def _families(doc: Doc, found: list[Mark]) -> list[Mark]:
        """ "the Harlan family": a capitalised word before "family" makes one relational phrase."""
        w = words(doc)
        return [Mark(doc, m.start - 1, m.end, "RELATIONAL", m.id_, m.rule) for m in found
                if m.start and w[m.start].islower() and w[m.start - 1].istitle() and w[m.start - 1].isalpha()]

    def _not_parties(self, st: _State, found: list[Mark]) -> None:
        """Products, brands, programmes and events named in party position ("the Vasocoat device
        line", "the Carve-out"): the capitalised run before the head word is covered, not a party."""
        doc = st.doc
        w = words(doc)
        for m in found:
            if not w[m.start].islower() and (m.rule != "notparty.event" or (
                    m.end < len(doc) and self._is_name_at(doc, m.end) and lowers(doc)[m.end] not in self.document)):
                # "Vasocoat Device Co.", "Orla Acquisition Corp.": a head word in capitals is part of a name;
                # an event's ends its run ("the Sera Labs Merger", "the Business Combination", "the Merger Agreement")
                continue
            i = m.start
            while i > 0 and self._is_name_at(doc, i - 1) and lowers(doc)[i - 1] not in _DETERMINERS and i > m.start - 5:
                i -= 1
            a, b = (st.starts[i] if i < m.start else m.start_char), m.end_char
            st.not_party.append((a, b, m.rule))
            st.covered[a:b] = b"\x01" * (b - a)

    def _legal_names(self, st: _State, suffixes: list[Mark]) -> None:
        taken: list[tuple[int, int]] = []
        for suf in sorted(suffixes, key=lambda s: (s.start, -s.end)):
            if taken and suf.start < taken[-1][1] and suf.end <= taken[-1][1]:
                continue
            span = self._legal_name(st.doc, suf)
            if span is None:
                continue
            if taken and span.start < taken[-1][1]:
                if span.end <= taken[-1][1]:
                    continue
                st.pop_last()
                taken.pop()
            st.add(span.start_char, span.end_char, span.text, "legal", "mention.legal")
            taken.append((span.start, span.end))

    def _persons(self, st: _State, titles: list[Mark]) -> None:
        """ "Mr. Changxun Sun"; a later "Mr. Sun" is the same person."""
        doc = st.doc
        by_surname: dict[str, str] = {}
        for t in titles:
            j = t.end
            while j < len(doc) and j - t.end < 4 and (doc[j].is_title or doc[j].is_upper) and doc[j].is_alpha:
                j += 1
            if j > t.end:
                sp = doc[t.start : j]
                surname = words(doc)[j - 1]
                known = by_surname.get(surname)
                if known is not None and j - t.end == 1:
                    st.put(Mention(sp.start_char, sp.end_char, known, "person", "mention.person.again"))
                else:
                    p = st.add(sp.start_char, sp.end_char, sp.text, "person", "mention.person", "person")
                    if j - t.end > 1:
                        by_surname.setdefault(surname, p.key)

    def _relational(self, st: _State, heads: list[Mark]) -> None:
        """Relational noun phrases by their head: "the equity-method venture", "a fellow subsidiary";
        the determiner is dropped from the name, an "of the Company" and a compound tail kept."""
        doc, text = st.doc, st.text
        for h in sorted(heads, key=lambda m: (m.start, -m.end)):  # the longest at a place
            if st.covered[h.start_char]:
                continue
            if h.id_ == "after-the" and (h.start == 0 or lowers(doc)[h.start - 1] != "the"):
                continue  # "the Advisor" is the filer's manager; "Advisor" alone, a title or a name's word, is not
            if h.id_ == "not-after-name" and h.start > 0 and (doc[h.start - 1].text in ("&", "-") or (
                    doc[h.start - 1].is_title and "\n" not in text[doc[h.start - 1].idx : h.start_char])):
                continue  # "Smith & Associates", "Acme Associates", "NON-CONSOLIDATED ...": not this group's start
            if h.id_ == "not-after-name" and text[h.start_char : h.end_char].isupper():
                continue  # "INVESTMENTS IN NON-CONSOLIDATED JOINT VENTURES": a heading's topic, not a clause's party
            i = h.start
            if i > 0 and lowers(doc)[i - 1] in _DETERMINERS:
                i -= 1
            end = h.end_char
            tail = _OF_SELF.match(text, end)
            if tail:
                end = tail.end()
            comp = _COMPOUND_TAIL.match(text, end) or _KIN_TAIL.match(text, end)
            if comp:
                end = comp.end()
            start = h.start_char
            if (joined := _AND_RELATED.match(text, end)) is not None:  # "affiliates and other related parties"
                st.add(start, joined.end(), "related parties", "aggregate", "mention.relational.and-related", "aggregate",
                       mention_start=st.starts[i])
                continue
            plural = lowers(doc)[h.end - 1].endswith("s")
            st.add(start, end, text[start:end], "relational", h.rule, "group" if plural or comp else "entity",
                   mention_start=st.starts[i])

    def _roles(self, st: _State, roles: list[Mark]) -> None:
        """Roles with a possessive or determiner: "our Chief Executive Officer", "the Company’s COO"."""
        doc, text = st.doc, st.text
        at = {r.start: r for r in roles}
        for r in sorted(roles, key=lambda s: (s.start, -s.end)):
            if st.covered[r.start_char]:
                continue
            if r.end in at and r.end - r.start == 1 and lowers(doc)[r.start] in self.role_modifiers:
                continue  # "Executive Chairman", "Executive Director": the modifier of the role after it
            sp = self._role(doc, r)
            if sp is not None:
                sp, joined = self._coordinated_role(doc, sp, at)
                if joined:
                    st.add(sp.start_char, sp.end_char, sp.text, "role", "mention.role.coordinated", "group"
                           if lowers(doc)[r.end - 1].endswith("s") else "person")
                    continue
            of = _ROLE_OF.match(text, sp.end_char if sp is not None else r.end_char)
            if of is not None and sp is None and not (lowers(doc)[r.end - 1].endswith("s")
                                                      or (r.start and lowers(doc)[r.start - 1] == "the")):
                of = None  # "a representative director of the Company, Masahiko Goto": a description of a person
            kin = self._kin_before(st, sp.start_char if sp is not None else r.start_char, r)
            if sp is None and of is None and kin is None:
                continue
            start, end, rule = (sp.start_char, sp.end_char, "mention.role") if sp is not None else (r.start_char, r.end_char, "")
            if of is not None:  # "the Chief Operating Officer of the Company", "members of its advisory board"
                if sp is None and r.start and lowers(doc)[r.start - 1] in ("the", "a", "an"):
                    start = st.starts[r.start - 1]
                end, rule = of.end(), "mention.role.of"
            comp = _COMPOUND_TAIL.match(text, end)
            if comp:  # "a board member of the Company and an entity he controls": one party
                end, rule = comp.end(), "mention.role.compound"
            group = lowers(doc)[r.end - 1].endswith("s") or comp is not None
            if kin is not None:  # "the spouse of the CEO": the relative, not the officer
                start, rule = kin, "mention.role.kin"
                group = text[start:r.start_char].split()[0].lower().endswith(("s", "children")) \
                    and not text[start:r.start_char].lower().startswith(("the ", "a ", "an "))
            if (joined := _AND_RELATED.match(text, end)) is not None:
                # "our current majority shareholders and other related parties": the amount is the related parties'
                st.add(start, joined.end(), "related parties", "aggregate", "mention.role.and-related", "aggregate")
                continue
            st.add(start, end, text[start:end], "role", rule, "group" if group else "person")

    def _kin_before(self, st: _State, char: int, r: Mark) -> int | None:
        """Where "the spouse of" / "relatives of" right before the role at ``char`` starts (``r`` with
        "the" before it when there is no other determiner: "the spouse of the CEO"), or None."""
        if r.start and char == r.start_char and lowers(st.doc)[r.start - 1] in ("the", "our", "its", "his", "her"):
            char = st.starts[r.start - 1]
        if not st.text[max(0, char - 60) : char].rstrip().endswith("of"):
            return None  # the pattern ends in "of" and white space: told at once for most roles
        m = self.kin_before.search(st.text, max(0, char - 60), char)
        return m.start() if m is not None and not st.covered[m.start()] else None

    def _term_before(self, text: str, at: int) -> bool:
        """The words right before a definition's parenthesis are a lower-case term ("an original issue discount"),
        two or more of them, the last no party's head ("our subsidiary", "a director")."""
        got = _TERM_BEFORE.search(text, max(0, at - 80), at)
        return got is not None and got.group("head").lower() not in _TERM_NOT_HEADS

    def _appositive_names(self, st: _State) -> None:
        """ "paid Orla, an entity owned by its President, $50": the capitalised run before a comma and
        a singular description is a party the description is about (linking merges the two)."""
        doc = st.doc
        for m in list(st.mentions):
            head = st.text[m.start : m.start + 4].lower()
            described = m.how == "described" and head.startswith(("a ", "an "))
            # "Brian Thom, the Company’s Chief Executive Officer, converted ...": a person's name before one role
            role = m.how == "role" and head.startswith(("the ", "our ", "its ", "a ", "an ")) \
                and not st.text[m.start : m.end].endswith("s")
            if not (described or role):
                continue
            k = _tok_at(st, m.start) - 1  # the token before the description
            if k < 1 or words(doc)[k] != ",":
                continue
            i = k
            while i > 0 and k - i < 5 and self._is_name_at(doc, i - 1) and doc[i - 1].is_alpha:
                i -= 1
            if i == k or st.covered[st.starts[i]] or lowers(doc)[i] in self.not_name or lowers(doc)[i] in self.self_words:
                continue
            if role and (k - i < 2 or any(w in self.not_name or w in self.self_words for w in lowers(doc)[i:k])):
                continue  # a person's name has two words at least ("the Board, the CEO" is no name)
            a, b = st.starts[i], st.starts[k - 1] + len(words(doc)[k - 1])
            st.add(a, b, st.text[a:b], "name", "mention.name.appositive", "person" if role else "entity")

    def _given_filer(self, st: _State) -> None:
        """The filer named by the input's provenance (``doc.user_data["rp_filer"]``: a filing's cover,
        a note's metadata, ``relparty extract --filer``): it and its short name are self-references."""
        names = filer_names(st.doc.user_data.get("rp_filer"))
        if not names:
            return
        keys = {_core_key(norm_key(n)) for n in names}
        for key in [k for k in st.parties if _core_key(k) in keys]:
            st.drop_party(key)  # "Acme Steel Corp." read as a legal name before: the filer
        st.self_names.update(names)

    def _self_definitions(self, st: _State) -> None:
        """ "Acme Steel Corp. (“Acme Steel” or the “Company”)": the filer and its short names are no party."""
        self._given_filer(st)
        text = st.text
        for m in _SELF_DEFINITION.finditer(text):
            names = [q.group(1).strip() for q in _QUOTED.finditer(text, m.start(), m.end())]
            owner = self._owner_before(st, m.start())
            if owner is not None:
                st.self_names.add(owner.name)
                st.self_names.update(owner.aliases)
                st.drop_party(owner.key)
            else:
                sp = self._proper_run_before(st.doc, m.start())
                if sp is not None:
                    st.self_names.add(sp.text)
                    st.self_mentions.append((sp.start_char, sp.end_char, "mention.self.defined"))
                    st.covered[sp.start_char : sp.end_char] = b"\x01" * (sp.end_char - sp.start_char)
            st.self_names.update(n for n in names if n[:1].isupper())
            st.covered[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            st.self_parens.add(m.start())
        doc = st.doc
        for j in tokens_lower_in(doc, self.self_words):  # "the Trust", "the Partnership", "the Company"
            k = j - 1
            if k >= 0 and lowers(doc)[k] == "the" and words(doc)[j][:1].isupper():
                a, b = st.starts[k], st.starts[j] + len(words(doc)[j])
                if not st.covered[a] and not (k + 2 < len(doc) and words(doc)[k + 2][:1].isupper()):
                    st.self_mentions.append((a, b, "mention.self.word"))
        if st.self_names:
            for start, end, _ in find_names(text, st.self_names):
                if not st.covered[start]:
                    st.self_mentions.append((start, end, "mention.self.name"))
                    st.covered[start:end] = b"\x01" * (end - start)

    def _short_names(self, st: _State) -> None:
        """Defined short names, which also name the party before them."""
        text, doc = st.text, st.doc
        for m in _QUOTED_ALIAS.finditer(text):
            if m.start() in st.self_parens:
                continue
            alias = m.group(1).strip()
            owner = self._owner_before(st, m.start())
            if owner is None:
                sp = self._proper_run_before(doc, m.start())
                if sp is None and self._term_before(text, m.start()):
                    # "an original issue discount (“OID”)": a defined term, not a party; nor is "the OID" later on
                    for a, b, _ in find_names(text[m.start() :], [alias]):
                        st.covered[m.start() + a : m.start() + b] = b"\x01" * (b - a)
                if sp is None or st.covered[sp.start_char]:
                    continue
                owner = st.add(sp.start_char, sp.end_char, sp.text, "name", "mention.name.defined")
            if alias and norm_key(alias) != owner.key and alias not in owner.aliases:
                owner.aliases.append(alias)
                st.alias_of.setdefault(norm_key(alias), owner.key)
            st.put(Mention(m.start(1), m.end(1), owner.key, "alias", "mention.alias.quoted"))
        for mt in list(st.mentions):
            if mt.how != "legal":
                continue
            m = _OR_ALIAS.match(text, mt.end)
            if m:
                alias = m.group(1).strip()
                owner = st.parties[mt.key]
                if alias and alias not in owner.aliases and len(alias.split()) <= 5:
                    owner.aliases.append(alias)
                    st.alias_of.setdefault(norm_key(alias), owner.key)
                    st.put(Mention(m.start(1), m.start(1) + len(alias), owner.key, "alias", "mention.alias.or"))
        # a short name first taken for a name of its own is the same party as its owner (one pass)
        moved = {short: owner for short, owner in st.alias_of.items() if short in st.parties and short != owner}
        if moved:
            for mt in st.mentions:
                mt.key = moved.get(mt.key, mt.key)
            for short in moved:
                del st.parties[short]

    def _in_party_position(self, st: _State, role_starts: set[int]) -> None:
        """Capitalised names in party position: "with Marco International", "from Ningbo Shanjin"; a title that
        starts a role ("and Co-Founder") is none."""
        doc = st.doc
        ws = words(doc)
        for k in tokens_lower_in(doc, self.preps):
            j = k + 1
            the = j + 1 < len(doc) and lowers(doc)[j] == "the"  # "paid to the Manager": a defined term
            if the:
                j += 1
            if j < len(ws) and ws[j][0] < "\u0250" and ws[j][0].isupper():  # a capital (Latin scripts)
                sp = self._proper_run(doc, j)
                if sp is None or st.covered[sp.start_char] or sp.start in role_starts:
                    continue
                if the and sp.end - sp.start == 1 and lowers(doc)[sp.start] in self.self_words:
                    st.self_mentions.append((st.starts[j - 1], sp.end_char, "mention.self.word"))
                    continue  # "paid to the Partnership": the filer
                if sp.end < len(doc) and lowers(doc)[sp.end] in self.goods_verbs and lowers(doc)[k] == "and":
                    continue  # "crude and LPG sold": goods, not a party
                if the:
                    sp = doc[j - 1 : sp.end]
                st.add(sp.start_char, sp.end_char, sp.text, "name", "mention.name.position")
                if lowers(doc)[k] == "and" and k:
                    self._first_conjunct(st, k)

    def _first_conjunct(self, st: _State, k: int) -> None:
        """ "Ann Reyes and Paul Ortiz were each paid ...": the name after "and" is in party position, and so is the
        name of two or more words right before it, which no preposition marks (a subject); one capitalised word
        ("Sales and Marketing"), a self word ("the Company and Orla Ltd.") or a covered span is none."""
        doc = st.doc
        sp = self._proper_run_before(doc, st.starts[k])
        if sp is None or sp.end != k or sp.end - sp.start < 2 or st.covered[sp.start_char]:
            return
        low = lowers(doc)[sp.start : sp.end]
        if any(w in self.self_words or w in self.not_name for w in low) or "\n" in sp.text:
            return
        st.add(sp.start_char, sp.end_char, sp.text, "name", "mention.name.conjunct")

    def _debtor_subjects(self, st: _State) -> None:
        """A capitalised name right before "owed us" / "owes the Company" is the debtor ("Kestrel owed us
        $0.8 million"), one right after "owed" the creditor ("the Company owed Kestrel $5"): no preposition
        puts them in party position."""
        doc, low, ws = st.doc, lowers(st.doc), words(st.doc)
        for k in tokens_lower_in(doc, self.debtor_verbs):
            if any(tuple(low[k + 1 : k + 1 + len(o)]) == o for o in self.debtor_objects):
                sp, rule = (self._proper_run_before(doc, st.starts[k]) if k else None), "mention.name.debtor"
            elif k + 1 < len(ws) and ws[k + 1][:1].isupper() and ws[k + 1][0] < "\u0250":
                sp, rule = self._proper_run(doc, k + 1), "mention.name.creditor"  # "the Company owed Kestrel $5"
            else:
                continue
            if sp is None or st.covered[sp.start_char] or not ws[sp.start][:1].isupper():
                continue
            if sp.end - sp.start == 1 and low[sp.start] in self.self_words:
                continue  # "the Company owes the Group": the filer
            st.add(sp.start_char, sp.end_char, sp.text, "name", rule)

    def _aggregates(self, st: _State, found: list[Mark]) -> None:
        doc = st.doc
        for a in found:
            if st.covered[a.start_char]:
                continue
            # "a related party" is one unnamed party, named as the note writes it; plural is the aggregate
            det = lowers(doc)[a.start - 1] if a.start else ""
            if det in ("such", "this", "that") and lowers(doc)[a.end - 1] in self.single_heads:
                continue  # "payable to such related party": the party named before (anaphora), not the aggregate
            single = lowers(doc)[a.end - 1] in self.single_heads and det in ("a", "an", "one", "another")
            lettered = a.end < len(doc) and len(words(doc)[a.end]) == 1 and words(doc)[a.end].isupper()
            if lowers(doc)[a.end - 1] == "party" and lettered:  # "related party A": a party of its own
                sp = doc[a.start : a.end + 1]
                st.add(sp.start_char, sp.end_char, sp.text, "name", "mention.aggregate.lettered", "entity")
            elif single:
                sp = doc[a.start - 1 : a.end]
                st.add(sp.start_char, sp.end_char, sp.text, "aggregate", "mention.aggregate.single", "group")
            else:
                st.add(a.start_char, a.end_char, "related parties", "aggregate", "mention.aggregate", "aggregate")

    def _anaphora(self, st: _State, found: list[Mark]) -> None:
        """ "this joint venture": the party named last before it (found by bisection)."""
        able = [m for m in st.mentions if st.parties[m.key].type != "aggregate" and m.how not in ("anaphor", "role")]
        able.sort(key=lambda m: m.end)
        ends = [m.end for m in able]
        for a in found:
            if st.covered[a.start_char]:
                continue
            sp = self._anaphor(st.doc, a)
            k = bisect_right(ends, sp.start_char)
            if not k:
                continue
            prev = max(able[bisect_left(ends, ends[k - 1]) : k], key=lambda m: m.start)  # the innermost, as before
            owner = st.parties[prev.key]
            if sp.text not in owner.aliases:
                owner.aliases.append(sp.text)
            st.put(Mention(sp.start_char, sp.end_char, owner.key, "anaphor", "mention.anaphor"))

    @staticmethod
    def _plural_anaphora(st: _State) -> None:
        """ "Rent is paid to entities with which two of the Company’s directors are affiliated. ... Amounts due to the
        related parties were $1,654": "the related parties" is the group described last before it, when the party
        named last is such a group (a plural description, :data:`_PLURAL_REACH` characters back at most); after a
        name, or after several parties, it stays the aggregate."""
        able = sorted((m for m in st.mentions if st.parties[m.key].type != "aggregate" and m.how not in ("anaphor", "role")),
                      key=lambda m: m.end)
        ends = [m.end for m in able]
        for m in st.mentions:
            if m.how != "aggregate" or _DEFINITE_RELATED.search(st.text, max(0, m.start - 8), m.end) is None:
                continue
            k = bisect_right(ends, m.start)
            if not k or m.start - ends[k - 1] > _PLURAL_REACH:
                continue
            prev = min(able[bisect_left(ends, ends[k - 1]) : k], key=lambda x: x.start)  # the outermost
            name = st.parties[prev.key].name
            if prev.how == "described" and _PLURAL_HEAD.match(name):
                m.key, m.how, m.rule = prev.key, "anaphor", "mention.anaphor.plural"

    # --- helpers ---------------------------------------------------------------------------
    @staticmethod
    def _is_name_at(doc: Doc, k: int) -> bool:
        t = words(doc)[k]
        if t in _PREFIXED_SCALES and k + 1 < len(doc) and starts(doc)[k + 1] == starts(doc)[k] + len(t):
            return False  # "K€384": the scale of the amount, glued to its mark
        return bool(t) and (t[0].isupper() or (t[0].isdigit() and k > 0)) and not t.isspace() and t not in ("(", ")")

    def _legal_name(self, doc: Doc, suf: Mark) -> Span | None:
        i = suf.start
        k = i - 1
        while k >= 0 and i - k <= 10:
            text, low = words(doc)[k], lowers(doc)[k]
            if "\n" in text or text.isspace():
                break
            if self._is_name_at(doc, k) and low not in ("the", "a", "an") and not _date_year(doc, k):
                k -= 1
                continue
            if low in _CONNECTORS and low != "and" and k - 1 >= 0 and self._is_name_at(doc, k - 1):
                k -= 1
                continue
            if text == "," and k == i - 1 and k - 1 >= 0 and self._is_name_at(doc, k - 1) and lowers(doc)[k - 1] not in self.not_name:
                k -= 1  # "Daikyo Seiko, Ltd."
                continue
            if text == ")" and (opened := self._place_aside(doc, k)) is not None:
                k = opened - 1  # "Fanhua Yuntong Enterprise Management Advisory (Shenzhen) Co., Ltd.": a place inside
                continue
            break
        start = k + 1
        while start < i and (lowers(doc)[start] in _CONNECTORS or lowers(doc)[start] in self.not_name and lowers(doc)[start] not in ("group",)):
            start += 1
        if start >= i:
            return None
        low = lowers(doc)[start:i]
        if all(w in self.not_name for w in low):
            return None
        end = suf.end
        if end < len(doc) and words(doc)[end] == "." and words(doc)[end - 1] in ("Ltd", "Co", "Inc", "Corp") and doc[end - 1].whitespace_ == "":
            end += 1
        return doc[start:end]

    def _place_aside(self, doc: Doc, close: int) -> int | None:
        """The "(" of a place's parenthesis inside a legal name ending at ``close`` ("(Shenzhen)", "(Hong Kong)",
        "(Qingdao)"): one to three capitalised words, a name word before it; None otherwise (a defined term's
        quotes, a number, lower-case words)."""
        ws = words(doc)
        for j in range(close - 1, max(-1, close - 5), -1):
            if ws[j] == "(":
                inner = ws[j + 1 : close]
                if inner and j >= 1 and all(w[:1].isupper() and w.isalpha() for w in inner) and self._is_name_at(doc, j - 1):
                    return j
                return None
        return None

    def _coordinated_role(self, doc: Doc, sp: Span, at: dict[int, Mark]) -> tuple[Span, bool]:
        """ "directors and management", "our company officers and executive director", "our chairman and chief
        executive officer": a role joined by "and" to another role (or a word of ``role_coordinates``) with no
        determiner of its own is one party (a group, or one person in two roles). Not where the sentence pairs
        amounts with parties "respectively": "the CEO and CFO ... $5 and $6, respectively" are two."""
        low, n = lowers(doc), len(doc)
        j = sp.end
        if j + 1 >= n or low[j] not in ("and", "&"):
            return sp, False
        k = j + 1
        while k < n and low[k] in self.role_modifiers and k + 1 < n and (k + 1) in at:
            k += 1
        if k in at:
            end = at[k].end
        elif low[k] in self.role_coordinates:
            end = k + 1
        else:
            return sp, False
        e = end
        while e < n and not doc[e].is_sent_start:
            if low[e] in ("respectively", "respectfully"):
                return sp, False
            e += 1
        return doc[sp.start : end], True

    def _role(self, doc: Doc, r: Mark) -> Span | None:
        low = lowers(doc)
        k = r.start - 1
        # adjectives (former, current, then, senior, ...) and a time's possessive ("the Company’s prior year’s
        # officers", "last year’s directors"): the role is still the filer's, of that time
        timed = False
        while k >= 0:
            if low[k] in self.role_modifiers:
                k -= 1
            elif k >= 2 and low[k] in ("’s", "'s") and low[k - 1] in self.time_nouns and low[k - 2] in self.time_firsts:
                k, timed = k - 3, True
            else:
                break
        if k < 0:
            return None
        w = low[k]
        if timed and w not in ("’s", "'s", "’", "'"):
            return doc[k : r.end] if w == "the" else doc[k + 1 : r.end]  # "the prior year’s officers", "last year’s"
        if w in ("our", "its", "his", "her", "their", "a", "an", "one", "two", "three", "four", "five", "certain", "several"):
            return doc[k : r.end]
        if w in ("’s", "'s", "’", "'") and k >= 1 and lowers(doc)[k - 1] in ("company", "group", "registrant", "partnership", "bank"):
            s = k - 2 if k >= 2 and lowers(doc)[k - 2] == "the" else k - 1
            return doc[s : r.end]
        if w == "the" and k + 1 < r.start and doc[k + 1].like_num is False and lowers(doc)[k + 1] in ("three", "two", "four", "five"):
            return doc[k : r.end]
        n = len(doc)
        if w == "the" and r.end + 1 < n and lowers(doc)[r.end] == "of" and words(doc)[r.end + 1][:1].isupper():
            sp = self._proper_run(doc, r.end + 1)  # "the shareholders of Somahlution"
            if sp is not None:
                return doc[k : sp.end]
        if (w == "the" and k == r.start - 1 and words(doc)[r.start][:1].isupper() and r.end < n and (
                (k and low[k - 1] in ("to", "from", "by") and not (low[r.end] in ("of", ",") or words(doc)[r.end].isalpha()
                                                                    and words(doc)[r.end].islower() and low[r.end] not in _AFTER_TITLE))
                or low[r.end] in _TITLE_SUBJECT_VERBS)):
            # "owed to the CEO", "advances from the Chairman": a title of the filer's as the party of a relation; not
            # "the Chairman of X" (X's), "the CFO services" (a modifier), "with the Chairman (the “Loan”)", nor the
            # head of a list ("to the President, spouse of the President, and COO")
            return doc[k : r.end]
        if (w in self.role_preps and doc[k + 1 : r.start + 1].text.islower() and low[r.end - 1].endswith("s")
                and (r.end >= len(doc) or low[r.end] not in self.role_bare_stops)):
            # "due to directors and management", "charged by officers", "paid to independent directors": the group
            # (its modifiers with it); not the head of a longer description or list ("to directors, or companies
            # controlled by directors", "directors employed by")
            return doc[k + 1 : r.end]
        if w in ("to", "from", "by", "with") and words(doc)[r.start][:1].isupper():
            j = r.end  # "to Directors and Executive Officers"
            while j + 1 < n and lowers(doc)[j] in ("and", "&") and words(doc)[j + 1][:1].isupper() and j - r.end < 4:
                j += 2
                while j < n and words(doc)[j][:1].isupper() and doc[j].is_alpha:
                    j += 1
            return doc[r.start : j]
        return None

    def _described(self, doc: Doc, d: Mark) -> Span | None:
        j = d.end
        if j >= len(doc):
            return None
        rel = lowers(doc)[j]
        nxt = lowers(doc)[j + 1] if j + 1 < len(doc) else ""
        if rel == "in" and nxt != "which":
            return None  # "affiliates in the accompanying balance sheets" is a caption, not a description
        if rel in ("with", "in") and nxt == "which" and (end := self._which_clause_end(doc, j + 2)) is not None:
            return doc[d.start : end]  # "entities with which two of the Company’s directors, ... are affiliated"
        if not (rel in ("of", "in", "owned", "controlled", "affiliated", "managed", "whose", "wholly", "majority", "jointly", "that",
                        "which", "related", "under", "significantly", "beneficially", "ultimately", "directly", "indirectly",
                        "having", "partially", "partly", "primarily", "principally", "substantially")
                or (rel == "in" and nxt == "which")):
            return None
        k = j
        limit = min(len(doc), j + 30)
        while k < limit:
            t = doc[k]
            if t.is_sent_start and k > j:
                break
            if t.text in (".", ";", "(", ":") or "\n" in t.text:
                break
            if t.lower_ == "of" and k + 1 < limit and (lowers(doc)[k + 1] in _OF_CONTINUES or words(doc)[k + 1][:1].isupper()):
                k += 1  # "the brother of our President": the description goes on
                continue
            if t.lower_ in ("is", "are", "was", "were") and k + 1 < limit and (
                    rel in ("in", "whose", "which", "that") or (rel == "of" and nxt in ("which", "whom"))):
                # "a law firm in which one of our directors is a partner", "a company of which our CEO is the sole
                # shareholder", "an investment firm that is also a minority stockholder of the Company": the relative
                # clause's own verb and role
                role_end = self._clause_role(doc, k + 1)
                if role_end is not None:
                    k = role_end
                    break
                if rel in ("that", "which") and lowers(doc)[k + 1] in _CLAUSE_PARTICIPLES and "by" in lowers(doc)[k + 2 : k + 4]:
                    k += 1  # "an affiliate that is controlled by our CEO": the description goes on, to its agent
                    continue
            if (t.text == "," and k + 2 < limit and lowers(doc)[k + 1] in ("who", "which")
                    and lowers(doc)[k + 2] in ("is", "are", "was", "were")):
                # "a company owned by a stockholder of the Company, who is also a member of the Board of Directors"
                role_end = self._clause_role(doc, k + 3)
                if role_end is not None:
                    k = role_end
                    break
            if t.lower_ == "of" and k + 1 < limit and lowers(doc)[k + 1] in ("which", "whom"):
                k += 2  # "a company of which our CEO is the sole shareholder"
                continue
            if t.text == "," or (t.like_num and not t.is_alpha) or t.text[:1] in "$¥€£₹₩￦" or t.lower_ in (
                    "was", "were", "is", "are", "amounted", "totaled", "of", "for", "during"):
                break  # the description ends where the amount or the verb begins
            k += 1
        while k - 1 > j and lowers(doc)[k - 1] in ("in", "on", "at", "during", "from", "to", "and", "by"):
            k -= 1  # "a company in which our CFO has an interest in 2023": the description stops before the date
        if k - d.start < 3:
            return None
        return doc[d.start : k]

    def _which_clause_end(self, doc: Doc, j: int) -> int | None:
        """The end of a "with which / in which" clause whose own predicate closes it ("... are affiliated", "...
        have an interest"), commas and all, within :data:`_WHICH_REACH` tokens; None when it has none."""
        low = lowers(doc)
        for k in range(j, min(len(doc) - 1, j + _WHICH_REACH)):
            if low[k] in (".", ";", "(", ":") or (k > j and doc[k].is_sent_start):
                return None
            if low[k] in ("is", "are", "was", "were") and low[k + 1] in _WHICH_PREDICATES:
                return k + 2
            if low[k] in _HOLDING_VERBS and (end := _holding_end(low, k + 1)) is not None:
                return end
        return None

    def _clause_role(self, doc: Doc, j: int) -> int | None:
        """The end of a relative clause's role from token ``j`` on ("also a minority stockholder of the Company",
        "the sole shareholder"), or None when no role is there."""
        low = lowers(doc)
        j2 = j
        while j2 < min(len(doc), j + 5) and (low[j2] in _CLAUSE_ROLE_WORDS or low[j2] in self.role_modifiers):
            j2 += 1
        j3 = j2
        while j3 < min(len(doc), j2 + 4) and low[j3] in _CLAUSE_ROLES:
            j3 += 1
        if j3 == j2:
            return None
        at = starts(doc)[j3 - 1] + len(words(doc)[j3 - 1])
        of = _ROLE_OF.match(doc_text(doc), at) or _ROLE_OF_HEAD.match(doc_text(doc), at)
        return bisect_left(starts(doc), of.end()) if of is not None else j3

    def _proper_run(self, doc: Doc, i: int) -> Span | None:
        j = i
        while j < len(doc) and j - i < 7:
            if self._is_name_at(doc, j) and not (t := doc[j]).is_punct and not t.like_num:
                j += 1
                continue
            if lowers(doc)[j] in ("&", "of", "de") and j > i and j + 1 < len(doc) and self._is_name_at(doc, j + 1):
                j += 1
                continue
            break
        while j > i and lowers(doc)[j - 1] in ("&", "of", "de"):
            j -= 1
        if j == i:
            return None
        low = lowers(doc)[i:j]
        if low[0] in self.not_name or all(w in self.not_name for w in low) or any(w in self.document for w in low):
            return None
        if j < len(doc) and lowers(doc)[j] in ("’s", "'s", "’"):
            return None  # a possessive: a brand or product line, not a party
        return doc[i:j]

    def _proper_run_before(self, doc: Doc, char: int) -> Span | None:
        sp = doc.char_span(max(0, char - 120), char, alignment_mode="contract")
        if sp is None or not len(sp):
            return None
        j = sp.end
        while j > sp.start and doc[j - 1].is_space:
            j -= 1
        i = j
        while i > sp.start and (self._is_name_at(doc, i - 1) or (lowers(doc)[i - 1] in ("&", "of") and i - 2 >= 0 and self._is_name_at(doc, i - 2))):
            i -= 1
        while i < j and lowers(doc)[i] in ("the", "of", "&"):
            i += 1
        if i >= j:
            return None
        low = lowers(doc)[i:j]
        if all(w in self.not_name for w in low) or not any(c.isalpha() for w in low for c in w):
            return None  # "an advance of $150,000 (the “November MCA”)": a number names no party
        return doc[i:j]

    @staticmethod
    def _owner_before(st: _State, char: int) -> Party | None:
        """The innermost mention that ends right before the parenthesis at ``char`` (at most 40
        characters before it, with nothing but a comma or "and its subsidiaries" between): mentions
        are kept sorted by their end, so this is a bisection, not a pass over every mention."""
        ends, ordered = st.by_end()
        best = None
        fits = []
        for m in ordered[bisect_left(ends, char - 80) : bisect_right(ends, char)]:
            between = st.text[m.end : char].strip()
            if between in ("", ",") or _GROUP_TAIL.fullmatch(between):
                fits.append(m)
                if m.end >= char - 40 and (best is None or m.start > best.start):
                    best = m
        if best is not None and best.how == "role":
            # "a company controlled by our Chairman (“Orla”)": the described company is defined, not its Chairman
            outer = [m for m in fits if m.how == "described" and m.start < best.start and m.end >= best.end]
            if outer:
                best = outer[-1]
        return st.parties.get(best.key) if best is not None else None

    def _known(self, st: _State) -> None:
        names: dict[str, str] = {}
        for p in st.parties.values():
            if p.type in ("entity", "person") and len(p.name) >= 3:
                names[p.name] = p.key
                for a in p.aliases:
                    if len(a) >= 2 and a[0].isupper():
                        names[a] = p.key
        if not names:
            return
        for start, end, name in find_names(st.text, names):
            if st.covered[start] or st.covered[end - 1]:
                continue
            st.put(Mention(start, end, names[name], "known", "mention.known"))

    @staticmethod
    def _anaphor(doc: Doc, a: Mark) -> Span:
        end = a.end
        while end < len(doc) and end - a.start < 4 and lowers(doc)[end] in ("venture", "party", "parties", "company", "entity", "ventures"):
            end += 1
        return doc[a.start : end]



_ROLE_OF = re.compile(
    r"\s+of\s+(?:(?:the\s+)?(?:Company|Group|Partnership|Registrant|Bank|Trust|Fund)\b(?![’']s)"
    r"|(?:its|our|their|the\s+(?:Company|Group)[’']s|the)\s+(?:[A-Za-z]+\s+){0,2}(?:[Bb]oard|[Cc]ommittee|[Cc]ouncil|[Tt]eam)"
    r"(?:\s+of\s+[Dd]irectors)?\b"
    r"|(?:its|our|their|the\s+(?:Company|Group)[’']s)\s+[Mm]anagement\b(?!\s+(?:fees?|services|agreement|contract|team)))"
)
# the clause's role of the head it describes ("a company in which a director is a former director of such company")
_ROLE_OF_HEAD = re.compile(r"\s+(?:of\s+(?:such|that|this|the)\s+(?:company|entity|firm|partnership|corporation|fund|trust)\b|thereof\b)",
                           re.I)
_OF_SELF = re.compile(r"\s+of\s+(?:the\s+)?(?:Company|Group|Partnership|Registrant|Bank|Trust|Fund)(?:[’']s)?\b")
# a group joined with the related parties at large ("shareholders and other related parties"): the aggregate (GOLD.md)
_AND_RELATED = re.compile(r"\s+and\s+(?:other\s+|certain\s+other\s+)?related\s+part(?:y|ies)\b", re.I)


_STATE_TAG = re.compile(r"\s*/[A-Z]{2,3}/?\s*$")  # EDGAR's "ACME STEEL CORP /DE/"
_UNNAMED = re.compile(r"(?i)^unidentified\b|^\(?cik\b|^\d+$")


@cache
def _legal_suffix_words() -> frozenset[str]:
    """The one-word legal suffixes of ``patterns/parties.jsonl`` (lower case): "inc.", "corp", "ltd" ..."""
    out: set[str] = set()
    for row in load_patterns("parties"):
        if row.get("label") == "LEGAL_SUFFIX" and len(row["pattern"]) == 1:
            for v in row["pattern"][0].values():
                out.update(x.lower() for x in (v.get("IN", []) if isinstance(v, dict) else [v]))
    return frozenset(out)


def filer_names(name: str | None) -> set[str]:
    """The names a filer goes by in its own notes, from the name its provenance gives: the name as
    given, in title case when given in capitals ("ACME STEEL CORP /DE/" -> "Acme Steel Corp"), and
    without its legal suffix ("Acme Steel"). A name that names no one ("unidentified filer") gives none."""
    if not name or _UNNAMED.search(name.strip()):
        return set()
    base = _STATE_TAG.sub("", " ".join(name.split())).strip(" ,")
    forms = {base}
    if base.isupper():
        forms.add(" ".join(w if len(w) <= 3 and w.isalpha() and w not in ("INC", "CO", "LTD", "CORP") else w.title()
                           for w in base.split()))
    suffixes = _legal_suffix_words()
    for f in list(forms):
        words_ = f.replace(",", " ").split()
        while len(words_) > 1 and (words_[-1].lower() in suffixes or words_[-1].lower() in ("co", "co.")) \
                and words_[-1].lower() not in _KEEP_IN_SHORT:
            words_.pop()
        if len(words_) < len(f.replace(",", " ").split()):
            short = " ".join(words_)
            if len(short) > 2 and short.lower() not in _GENERIC_SHORT:
                forms.add(short)
    return {f for f in forms if len(f) > 2}


def _core_key(key: str) -> str:
    """A party key without its trailing legal suffixes: "acme steel corp" and "acme steel corporation" -> "acme steel"."""
    suffixes = {w.rstrip(".") for w in _legal_suffix_words()} | {"co"}
    words_ = key.split()
    while len(words_) > 1 and words_[-1] in suffixes and words_[-1] not in _KEEP_IN_SHORT:
        words_.pop()
    return " ".join(words_)


_GENERIC_SHORT = {"the company", "company", "group", "holdings", "the group", "trust", "fund", "bank"}
_KEEP_IN_SHORT = {"holdings", "holding", "group", "partners", "trust", "bancorp", "bank", "international"}  # "Orla Holdings"


def _tok_at(st: _State, char: int) -> int:
    """The token that starts at ``char`` (or the last one before it)."""
    return bisect_right(st.starts, char) - 1


class _State:
    """What the steps of one note share: the parties, the mentions, the characters covered."""

    def __init__(self, doc: Doc, finder: MentionFinder) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.starts = starts(doc)
        self.parties: dict[str, Party] = {}
        self.mentions: list[Mention] = []
        self.alias_of: dict[str, str] = {}
        self.covered = bytearray(len(self.text) + 1)
        self.self_names: set[str] = set()
        self.self_mentions: list[tuple[int, int, str]] = []
        self.self_parens: set[int] = set()  # where a parenthesis defining the filer starts
        self.not_party: list[tuple[int, int, str]] = []
        self._ends: list[int] = []  # the mentions' ends, sorted, and the mentions in that order
        self._ordered: list[Mention] = []

    def put(self, m: Mention) -> Mention:
        """Keep ``m``: its characters are covered, and it is filed by its end (an insertion)."""
        self.covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        self.mentions.append(m)
        k = bisect_right(self._ends, m.end)
        self._ends.insert(k, m.end)
        self._ordered.insert(k, m)
        return m

    def pop_last(self) -> None:
        m = self.mentions.pop()
        k = bisect_left(self._ends, m.end)  # filed by its end: look there, by identity
        while self._ordered[k] is not m:
            k += 1
        del self._ends[k], self._ordered[k]

    def add(self, start: int, end: int, name: str, how: str, rule: str, ptype: str = "entity",
            mention_start: int | None = None) -> Party:
        """A mention of the party ``name`` (made on first sight); ``mention_start`` widens the
        mention over a determiner the name leaves out ("the equity-method venture")."""
        key = norm_key(name)
        key = self.alias_of.get(key, key)
        p = self.parties.get(key)
        if p is None:
            p = self.parties[key] = Party(key, name, ptype, [], start, end)
        a = start if mention_start is None else mention_start
        self.put(Mention(a, end, key, how, rule))
        return p

    def drop_party(self, key: str) -> None:
        """A party that is the filer: its mentions become self-references."""
        self.parties.pop(key, None)
        keep = []
        for m in self.mentions:
            if m.key == key:
                self.self_mentions.append((m.start, m.end, "mention.self.defined"))
            else:
                keep.append(m)
        self.mentions[:] = keep
        self._ordered = [m for m in self._ordered if m.key != key]
        self._ends = [m.end for m in self._ordered]

    def by_end(self) -> tuple[list[int], list[Mention]]:
        """The mentions' ends, sorted, and the mentions in that order."""
        return self._ends, self._ordered
