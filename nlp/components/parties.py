"""``relparty_parties``: the related parties a note names, and every later mention of them.

Mentions, each resolved to one party:
- legal names: a run of capitalised words ending in a legal suffix from ``patterns/parties.jsonl``
  ("Shanghai Keshen Information Technology Co., Ltd", "Cypress Interstate Pipeline L.L.C.");
- defined short names: ``(“Shanghai Keshen”)``, ``(the “Manager”)``, ``(collectively "Infraserv")``
  and ``, or Shenyang Yunrongxin,`` after a name; every later use of the short name is that party;
- persons ("Mr. Changxun Sun"), roles ("our Chief Executive Officer", "the Company’s COO"),
  described parties ("an entity owned by the family of the Company’s Chief Operating Officer",
  "an affiliate of the Company's principal stockholder"), groups ("three management employees");
- capitalised names in party position ("agreements with Marco International", "from Ningbo Shanjin");
- aggregates ("related parties") and anaphora ("this joint venture", "this entity"), the latter
  resolved to the party mentioned last.

Results: ``doc._.rp_party_mentions`` (sorted list of :class:`Mention`), ``doc._.rp_parties``
(key -> :class:`Party`) and ``doc.spans["rp_parties"]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from relparty.components.lexicon import Mark, char_spans, doc_text, first_chars, lowers, marks, tokens_lower_in, words
from relparty.patterns import load_lexicon
from spacy.language import Language
from spacy.tokens import Doc, Span

_CONNECTORS = {"&", "of", "de", "du", "la", "da", "-", "and"}
_QUOTED_ALIAS = re.compile(
    r"\(\s*(?:the\s+|collectively,?\s+(?:the\s+)?|together,?\s+(?:the\s+)?|hereinafter\s+(?:referred\s+to\s+as\s+)?(?:the\s+)?"
    r"|referred\s+to\s+as\s+(?:the\s+)?|formerly\s+known\s+as\s+|also\s+known\s+as\s+|or\s+)?"
    r"[“\"']([^”\"'()\n]{1,60})[”\"']\s*(?:,[^)]{0,80})?\)"
)
_GROUP_TAIL = re.compile(r",?\s*(?:and|together with)\s+(?:its|their)\s+(?:subsidiaries|affiliates|affiliated\s+entities|consolidated\s+entities)")
_OR_ALIAS = re.compile(r"\s*,\s+or\s+(?:the\s+)?((?:[A-Z][\w&.\-]*\s?){1,5}?)\s*(?=[,)(]|\s+(?:is|was|a|an)\b)")


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
    how: str  # legal | alias | person | role | described | name | aggregate | anaphor | known


for _name in ("rp_party_mentions", "rp_parties"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("relparty_parties", default_config={"span_groups": True})
def make_parties(nlp: Language, name: str, span_groups: bool) -> PartyFinder:
    return PartyFinder(span_groups)


_QUOTES = re.compile(r"[“”\"'’‘`]")
_NON_WORD = re.compile(r"[^\w&]+")
_ARTICLE = re.compile(r"^(the|a|an) ")


def norm_key(s: str) -> str:
    s = _QUOTES.sub("", s.lower())
    s = _NON_WORD.sub(" ", s).strip()
    return _ARTICLE.sub("", s)


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_&"


_WORD_RUN = re.compile(r"[\w&]+")  # runs of _word_char characters (\w is str.isalnum() plus "_")


def find_names(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    r"""Whole-word occurrences of ``names`` in ``text``, left to right, the longest name where
    several start at one place, none overlapping: what a regex alternation of the names
    (longest first) between ``(?<![\w&])`` and ``(?![\w&])`` finds, without compiling one per note.

    Linear in the text: a name that starts with a word character can only occur where a word of
    the text starts, and that word is the name's first word; so the names are indexed by first
    word (and, within it, by length), and each word of the text is looked up once."""
    by_first: dict[str, dict[int, set[str]]] = {}
    odd: list[str] = []  # names that start with another character: searched one by one
    for name in names:
        m = _WORD_RUN.match(name)
        if m is None:
            if name:
                odd.append(name)
            continue
        by_first.setdefault(m.group(0), {}).setdefault(len(name), set()).add(name)
    found: list[tuple[int, int, str]] = []
    n = len(text)
    if by_first:
        for w in _WORD_RUN.finditer(text):
            lengths = by_first.get(w.group(0))
            if lengths is None:
                continue
            i = w.start()
            for length, group in lengths.items():
                j = i + length
                if j <= n and not (j < n and _word_char(text[j])) and text[i:j] in group:
                    found.append((i, -length, text[i:j]))
    for name in odd:
        i = text.find(name)
        while i >= 0:
            j = i + len(name)
            if not (i and _word_char(text[i - 1])) and not (j < n and _word_char(text[j])):
                found.append((i, -len(name), name))
            i = text.find(name, i + 1)
    out: list[tuple[int, int, str]] = []
    until = 0
    for i, neg, name in sorted(found):
        if i >= until:
            out.append((i, i - neg, name))
            until = i - neg
    return out


class _MentionsByEnd:
    """The mentions of a growing list by where they end: those ending within ``distance``
    characters before a place, in list order, without a pass over every mention (which made
    a note of many defined short names quadratic)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.seen = 0
        self.ends: dict[int, list[tuple[int, Mention]]] = {}

    def ending_within(self, char: int, distance: int) -> list[Mention]:
        for k in range(self.seen, len(self.mentions)):  # mentions appended since the last call
            m = self.mentions[k]
            self.ends.setdefault(m.end, []).append((k, m))
        self.seen = len(self.mentions)
        hits = [km for e in range(max(0, char - distance), char + 1) for km in self.ends.get(e, ())]
        return [m for _, m in sorted(hits, key=lambda km: km[0])]


class PartyFinder:
    _covered: bytearray

    def __init__(self, span_groups: bool = True) -> None:
        self.span_groups = span_groups  # doc.spans groups, for display only
        lex = load_lexicon("lexicon")
        self.not_name = set(lex["not_name_words"])
        self.preps = set(lex["party_preps"])
        self.document = set(lex["document_words"])

    def __call__(self, doc: Doc) -> Doc:
        parties: dict[str, Party] = {}
        mentions: list[Mention] = []
        text = doc_text(doc)

        alias_of: dict[str, str] = {}
        self._covered = bytearray(len(text) + 1)

        def add(start: int, end: int, name: str, how: str, ptype: str = "entity") -> Party:
            key = norm_key(name)
            key = alias_of.get(key, key)
            p = parties.get(key)
            if p is None:
                p = parties[key] = Party(key, name, ptype, [], start, end)
            mentions.append(self._mark(Mention(start, end, key, how)))
            self._covered[start:end] = b"\x01" * (end - start)
            return p

        lex_marks = marks(doc, ("LEGAL_SUFFIX", "PERSON_TITLE", "ROLE", "DESCRIBED", "AGGREGATE", "ANAPHOR", "GROUP_PARTY"))
        by_label: dict[str, list[Mark]] = {}
        for m in lex_marks:
            by_label.setdefault(m.label_, []).append(m)

        # 1. legal names
        taken: list[tuple[int, int]] = []
        for suf in sorted(by_label.get("LEGAL_SUFFIX", []), key=lambda s: (s.start, -s.end)):
            if taken and suf.start < taken[-1][1] and suf.end <= taken[-1][1]:
                continue
            span = self._legal_name(doc, suf)
            if span is None:
                continue
            if taken and span.start < taken[-1][1]:
                if span.end <= taken[-1][1]:
                    continue
                mentions.pop()
                taken.pop()
            add(span.start_char, span.end_char, span.text, "legal")
            taken.append((span.start, span.end))

        # 2. persons "Mr. Changxun Sun"
        for t in by_label.get("PERSON_TITLE", []):
            j = t.end
            while j < len(doc) and j - t.end < 4 and (doc[j].is_title or doc[j].is_upper) and doc[j].is_alpha:
                j += 1
            if j > t.end:
                sp = doc[t.start : j]
                surname = words(doc)[j - 1]
                known = next((p for p in parties.values() if p.type == "person" and p.name.endswith(" " + surname)), None)
                if known is not None and j - t.end == 1:
                    mentions.append(self._mark(Mention(sp.start_char, sp.end_char, known.key, "person")))
                else:
                    add(sp.start_char, sp.end_char, sp.text, "person", "person")

        # 3. roles with a possessive or determiner: "our Chief Executive Officer", "the Company’s COO"
        for r in sorted(by_label.get("ROLE", []), key=lambda s: (s.start, -s.end)):
            if self._inside(mentions, r.start_char):
                continue
            sp = self._role(doc, r)
            if sp is not None:
                add(sp.start_char, sp.end_char, sp.text, "role", "group" if lowers(doc)[r.end - 1].endswith("s") else "person")

        # 4. described parties "an entity owned by ...", "an affiliate of ..."
        for d in by_label.get("DESCRIBED", []):
            sp = self._described(doc, d)
            if sp is not None:
                add(sp.start_char, sp.end_char, sp.text, "described", "entity")

        # 4b. groups the company owns a share of: "its non-consolidated joint ventures", "our affiliates"
        for g in by_label.get("GROUP_PARTY", []):
            if not self._inside(mentions, g.start_char):
                sp = doc[g.start + 1 : g.end]  # named without the possessive, as GOLD.md's examples do
                add(sp.start_char, sp.end_char, sp.text, "described", "group")

        # 5. defined short names, which also name the party before them
        by_end = _MentionsByEnd(mentions)
        for m in _QUOTED_ALIAS.finditer(text):
            alias = m.group(1).strip()
            owner = self._owner_before(doc, by_end, m.start(), parties)
            if owner is None:
                sp = self._proper_run_before(doc, m.start())
                if sp is None:
                    continue
                owner = add(sp.start_char, sp.end_char, sp.text, "name")
            if alias and norm_key(alias) != owner.key and alias not in owner.aliases:
                owner.aliases.append(alias)
                alias_of.setdefault(norm_key(alias), owner.key)
            mentions.append(self._mark(Mention(m.start(1), m.end(1), owner.key, "alias")))
        for mt in list(mentions):
            if mt.how != "legal":
                continue
            m = _OR_ALIAS.match(text, mt.end)
            if m:
                alias = m.group(1).strip()
                owner = parties[mt.key]
                if alias and alias not in owner.aliases and len(alias.split()) <= 5:
                    owner.aliases.append(alias)
                    alias_of.setdefault(norm_key(alias), owner.key)
                    mentions.append(self._mark(Mention(m.start(1), m.start(1) + len(alias), owner.key, "alias")))

        # a short name first taken for a name of its own is the same party as its owner
        for short, owner_key in alias_of.items():
            if short in parties and short != owner_key:
                for mt in mentions:
                    if mt.key == short:
                        mt.key = owner_key
                del parties[short]

        # 7. later mentions of known names and short names anywhere
        self._known(doc, parties, mentions)

        # 6. capitalised names in party position: "with Marco International", "from Ningbo Shanjin"
        fc = first_chars(doc)
        for k in tokens_lower_in(doc, self.preps):
            j = k + 1
            the = j + 1 < len(doc) and lowers(doc)[j] == "the"  # "paid to the Manager": a defined term
            if the:
                j += 1
            if j < len(doc) and fc[j] < 0x250 and chr(fc[j]).isupper():
                sp = self._proper_run(doc, j)
                if sp is not None and not self._inside(mentions, sp.start_char):
                    if the:
                        sp = doc[j - 1 : sp.end]
                    add(sp.start_char, sp.end_char, sp.text, "name")
        self._known(doc, parties, mentions)  # names first seen in party position, used elsewhere

        # 8. aggregates and anaphora
        for a in by_label.get("AGGREGATE", []):
            if not self._inside(mentions, a.start_char):
                # "a related party" is one unnamed party, named as the note writes it; plural is the aggregate
                det = lowers(doc)[a.start - 1] if a.start else ""
                single = lowers(doc)[a.end - 1] == "party" and det in ("a", "one", "another")
                lettered = a.end < len(doc) and len(words(doc)[a.end]) == 1 and words(doc)[a.end].isupper()
                if lowers(doc)[a.end - 1] == "party" and lettered:  # "related party A": a party of its own
                    sp = doc[a.start : a.end + 1]
                    add(sp.start_char, sp.end_char, sp.text, "name", "entity")
                elif single:
                    sp = doc[a.start - 1 : a.end]
                    add(sp.start_char, sp.end_char, sp.text, "aggregate", "group")
                else:
                    add(a.start_char, a.end_char, "related parties", "aggregate", "aggregate")
        mentions.sort(key=lambda m: (m.start, -m.end))
        for a in by_label.get("ANAPHOR", []):
            if self._inside(mentions, a.start_char):
                continue
            sp = self._anaphor(doc, a)
            prev = next(
                (m for m in reversed(mentions) if m.end <= sp.start_char and parties[m.key].type != "aggregate"
                 and m.how not in ("anaphor", "role")),
                None,
            )
            if prev is not None:
                owner = parties[prev.key]
                if sp.text not in owner.aliases:
                    owner.aliases.append(sp.text)
                mentions.append(self._mark(Mention(sp.start_char, sp.end_char, owner.key, "anaphor")))
        mentions.sort(key=lambda m: (m.start, -m.end))
        self._appositions(doc, parties, mentions)
        doc._.rp_parties = parties
        doc._.rp_party_mentions = mentions
        if self.span_groups:
            doc.spans["rp_parties"] = char_spans(doc, ((m.start, m.end) for m in mentions), "PARTY")
        return doc

    # ------------------------------------------------------------------------------------------
    @staticmethod
    def _appositions(doc: Doc, parties: dict[str, Party], mentions: list[Mention]) -> None:
        """ "Hubei Daily Media Group, a shareholder who ...": the description names that party, here
        and when the note uses it again later ("prepaid rental to a shareholder")."""
        text = doc_text(doc)
        described: dict[str, str] = {}
        prev: Mention | None = None
        for m in mentions:
            p = parties[m.key]
            if m.how in ("role", "aggregate") and p.type in ("person", "group"):
                phrase = text[m.start : m.end].lower()
                if (prev is not None and parties[prev.key].type in ("entity", "person") and prev.how != "role"
                        and text[prev.end : m.start] in (", ", ",")):
                    described[phrase] = prev.key
                    m.key = prev.key
                elif phrase in described:
                    m.key = described[phrase]
            prev = m

    def _inside(self, mentions: list[Mention], char: int) -> bool:
        """Is ``char`` inside a mention made so far (mentions added with ``add``, or ``mark``)."""
        return bool(self._covered[char]) if char < len(self._covered) else False

    def _mark(self, m: Mention) -> Mention:
        self._covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        return m

    @staticmethod
    def _is_name_at(doc: Doc, k: int) -> bool:
        t = words(doc)[k]
        return bool(t) and (t[0].isupper() or (t[0].isdigit() and k > 0)) and not t.isspace() and t not in ("(", ")")

    def _legal_name(self, doc: Doc, suf: Mark) -> Span | None:
        i = suf.start
        k = i - 1
        while k >= 0 and i - k <= 10:
            text, low = words(doc)[k], lowers(doc)[k]
            if "\n" in text or text.isspace():
                break
            if self._is_name_at(doc, k) and low not in ("the", "a", "an"):
                k -= 1
                continue
            if low in _CONNECTORS and low != "and" and k - 1 >= 0 and self._is_name_at(doc, k - 1):
                k -= 1
                continue
            if text == "," and k == i - 1 and k - 1 >= 0 and self._is_name_at(doc, k - 1) and lowers(doc)[k - 1] not in self.not_name:
                k -= 1  # "Daikyo Seiko, Ltd."
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

    def _role(self, doc: Doc, r: Mark) -> Span | None:
        k = r.start - 1
        # adjectives: former, current, then, senior, principal, major, controlling
        while k >= 0 and lowers(doc)[k] in ("former", "current", "then", "senior", "principal", "major", "controlling",
                                            "management", "independent", "certain", "vice", "executive", "key", "its"):
            k -= 1
        if k < 0:
            return None
        w = lowers(doc)[k]
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
        if not (rel in ("of", "in", "owned", "controlled", "affiliated", "managed", "whose", "wholly", "majority", "jointly", "that",
                        "which", "related", "under", "significantly", "beneficially", "ultimately", "directly", "indirectly")
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
            if t.text == "," or t.like_num or t.text[:1] in "$¥€£₹₩￦" or t.lower_ in ("was", "were", "is", "are", "amounted", "totaled",
                                                                                  "of", "for", "during"):
                break  # the description ends where the amount or the verb begins
            k += 1
        if k - d.start < 3:
            return None
        return doc[d.start : k]

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
        if all(w in self.not_name for w in low):
            return None
        return doc[i:j]

    @staticmethod
    def _owner_before(doc: Doc, by_end: _MentionsByEnd, char: int, parties: dict[str, Party]) -> Party | None:
        best = None
        text = doc_text(doc)
        for m in by_end.ending_within(char, 40):  # the innermost mention that ends right before the parenthesis
            between = text[m.end : char].strip()
            if between in ("", ",") or _GROUP_TAIL.fullmatch(between):
                if best is None or m.start > best.start:
                    best = m
        if best is None:
            return None
        return parties.get(best.key)

    def _known(self, doc: Doc, parties: dict[str, Party], mentions: list[Mention]) -> None:
        names: dict[str, str] = {}
        for p in parties.values():
            if p.type in ("entity", "person") and len(p.name) >= 3:
                names[p.name] = p.key
                for a in p.aliases:
                    if len(a) >= 2 and a[0].isupper():
                        names[a] = p.key
        if not names:
            return
        for start, end, name in find_names(doc_text(doc), names):
            if self._covered[start] or self._covered[end - 1]:
                continue
            mentions.append(self._mark(Mention(start, end, names[name], "known")))

    @staticmethod
    def _anaphor(doc: Doc, a: Mark) -> Span:
        end = a.end
        while end < len(doc) and end - a.start < 4 and lowers(doc)[end] in ("venture", "party", "parties", "company", "entity", "ventures"):
            end += 1
        return doc[a.start : end]

