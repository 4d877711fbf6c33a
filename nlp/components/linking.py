"""``relparty_linking`` and :class:`Linker`: which party each amount belongs to.

The mention layer (:mod:`relparty.components.mentions`) says where parties are named; linking
says which mention gives an amount its party. Two steps:

- ``relparty_linking`` (a component, per note): **appositives merge**. "Hubei Daily Media Group,
  a shareholder who ...", "Orla, an entity owned by its President": the description names the
  party before it, here and when the note uses it again later ("prepaid rental to a shareholder").
- :class:`Linker` (per amount list, used by assembly), in this order, each answer with its rule id:
  ``link.after-trigger`` the party named right after the kind trigger ("due from X", "purchases
  from X"; a nested name wins over the aggregate it is part of: "Receivables from affiliates include
  amounts owed by Delta"); ``link.sentence`` the name before the amounts in the sentence, else after
  them; ``link.aggregate`` the sentence's own "related parties" or "affiliates", which beats a stale
  topic; ``link.look-ahead`` the next sentence of the paragraph, when it says who the aggregate was
  ("Those services came from firms owned by two officers"); ``link.topic`` the party the paragraph
  is about. The topic resets at headings and item markers. ``respective`` pairs the amounts of one
  list with parties in order ("Loans from A and B stood at $45,000 and $12,500, respectively");
  ``each`` gives one amount to every party of a coordination it distributes over ("A and B were
  each paid $30,000", "to each of A and B", "$5,000 each").

Linking reads mentions in order and looks back only within a sentence: linear in the note.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from relparty.components.lexicon import doc_text
from relparty.components.mentions import Mention, Party
from spacy.language import Language
from spacy.tokens import Doc

NAMED = ("legal", "alias", "known", "name", "person", "relational")
# a heading line: no sentence-final stop, short; an item marker: "(a)", "2.", "(ii)", "•" at a line start
# the leading pipes and spaces are taken whole (a look-ahead and its group, as an atomic group would),
# and the tail has one way to match: without both, a long run of spaces backtracked for minutes
_HEADING = re.compile(r"(?=([|\s]*))\1(?:\d{1,2}\.(?=(\s*))\2)?(?:[^\W\d]|[\s,&’'()-])[^\W\d]*(?:[\s,&’'()/-]+[^\W\d]+){0,11}[\s|]*(?::\s*)?")
_ITEM_MARKER = re.compile(r"\s*(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]|•|-)(?:\s|$)")
# "Those services came from ...", "These fees were paid to ...", "The amounts related to ..."
_LOOK_AHEAD = re.compile(
    r"\s*(?:These|Those|Such|The|This|That)\s+(?:\w+\s+){0,2}?(?:came|were|was|are|is|related|relate)\s+"
    r"(?:(?:provided|charged|rendered|paid|billed|supplied|received|made|earned)\s+)?(?:from|by|to|with)\b"
)
_SUBORDINATE = re.compile(r"[”\")]*\s*,\s+(?:(?:the|a|an)\s+(?:[\w-]+\s+){0,3}of|(?:which|who|whose)\b[^,;.]{0,80}?)\s+(?:the\s+)?")
_RELATIVE = re.compile(r",\s+(?:of\s+|in\s+|for\s+)?(?:which|whom)\b|,\s+including\b")
_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|follows|include|includes|consist|consists)\b", re.I)  # a lead-in
_CONTINUED = re.compile(r"\(?\bcont(?:inued|['’]d|\.)\)?\W*$", re.I)
_OF_FILER = re.compile(r"\s+of\s+(?:the\s+)?(?:company|group|partnership|registrant|bank|trust|fund)\b.*$")
# the aggregate's own clause names the party: "relating to X", "in respect of X", or a participle with its party
# ("accrued for the services provided by the Sponsor", "represents services provided to companies under ...")
_SPECIFIER = re.compile(r"\b(?:(?:relating|related|attributable|pertaining)\s+to|in\s+respect\s+of|"
                        r"(?:provided|rendered|supplied|performed|made|advanced|charged|billed|incurred)\s+(?:to|by|for))"
                        r"\s+(?:the\s+|[a-z]+\s+)?$", re.I)  # one word may precede the party ("made to separate entities ...")
_RESPECTIVELY = re.compile(r"\brespect(?:ive|ful)ly\b", re.I)
_OWN_PREP = re.compile(r"\)?\s+(?:to|from|by)\s+")
# "A and B were each paid $30,000", "A and B each received ...", "to each of A and B", "$30,000 each"
_EACH_AFTER = re.compile(r"\s{0,4}(?:,\s{0,4})?(?:(?:were|was|are|is|have|has|had|will)\s{1,4}(?:been\s{1,4})?)?each\b", re.I)
_EACH_OF = re.compile(r"\beach\s+of\s+(?:the\s+)?$", re.I)
_EACH_TAIL = re.compile(r"\s+each\b", re.I)


@Language.factory("relparty_linking", default_config={"span_groups": True})
def make_linking(nlp: Language, name: str, span_groups: bool) -> AppositiveMerger:
    return AppositiveMerger()


class AppositiveMerger:
    """Merges appositives on the Doc's mentions (their keys); it adds no span group of its own."""

    def __call__(self, doc: Doc) -> Doc:
        parties: dict[str, Party] = doc._.rp_parties or {}
        mentions: list[Mention] = doc._.rp_party_mentions or []
        merge_appositives(doc_text(doc), parties, mentions)
        return doc


def merge_appositives(text: str, parties: dict[str, Party], mentions: list[Mention]) -> None:
    """A described party right after a name and a comma is that name ("Orla, an entity owned by
    its President"); the same description used again later is that party too."""
    described: dict[str, str] = {}
    prev: Mention | None = None
    for m in mentions:
        p = parties[m.key]
        phrase = _OF_FILER.sub("", text[m.start : m.end].lower())  # "a shareholder (of the Company)"
        single = m.how == "described" and text[m.start : m.start + 3].lower().startswith(("a ", "an "))
        if (m.how in ("role", "aggregate") and p.type in ("person", "group")) or single:
            if (prev is not None and parties[prev.key].type in ("entity", "person") and prev.how not in ("role", "described")
                    and text[prev.end : m.start] in (", ", ",")):
                described[phrase] = prev.key
                m.key = prev.key
                m.rule = f"{m.rule}+link.appositive"
            elif phrase in described and m.how != "described":
                m.key = described[phrase]
        prev = m


@dataclass
class Link:
    """An amount's party: the party, the mention that gave it, and the rule that chose it."""

    party: Party | None
    mention: Mention | None
    rule: str


def _outermost(ments: list[Mention]) -> list[Mention]:
    """The mentions not inside a longer one (mentions come sorted by start, longest first)."""
    out: list[Mention] = []
    until = -1
    for m in ments:
        if m.end <= until and out and m.start >= out[-1].start:
            continue
        out.append(m)
        until = max(until, m.end)
    return out


class Linker:
    """Party choice for the amount lists of one note, sentence by sentence (see the module)."""

    def __init__(self, doc: Doc, parties: dict[str, Party], mentions: list[Mention]) -> None:
        self.doc, self.text = doc, doc_text(doc)
        self.parties, self.mentions = parties, mentions
        self._starts = [m.start for m in mentions]
        self.topic: Mention | None = None
        self.at_heading = False  # the sentence begun last is a heading or starts with an item marker

    def named(self, m: Mention) -> bool:
        return self.parties[m.key].type != "aggregate"

    # --- topic -----------------------------------------------------------------------------
    def begin_sentence(self, start: int, end: int) -> None:
        """A heading or an item marker starts a new topic."""
        # at a line start: only blanks and pipes after the last line break (looked for in the 8
        # characters before the sentence, so each sentence costs the same whatever its line's length)
        before = self.text[max(0, start - 8) : start]
        nl = before.rfind("\n")
        if before[nl + 1 :].strip(" |\t") or (nl < 0 and start > 8):
            self.at_heading = False
            return
        line_start = start - len(before) + nl + 1
        sent = self.text[start:end].rstrip()
        end = start + len(sent)
        # the heading pattern before the verb search: it fails sooner on prose (the answer is the same);
        # and not tried on a sentence that ends with a full stop, which it can never match whole
        self.at_heading = bool(_ITEM_MARKER.match(sent) or (sent[-1:] != "." and _HEADING.fullmatch(sent)
                                                             and not _VERB.search(sent) and
            (end >= len(self.text) or self.text[end : end + 2].lstrip(" |\t")[:1] in ("\n", ""))))
        if not self.at_heading:
            return
        line_end = self.text.find("\n", start)
        line = self.text[line_start : len(self.text) if line_end < 0 else line_end]
        if not _CONTINUED.search(line):  # "11. Related Party Transactions (Continued)": the same topic
            self.topic = None

    def end_sentence(self, ments: list[Mention]) -> None:
        """The topic is the last party the sentence names, leaving out names inside an
        appositive or relative clause about an earlier one ("Arden, the parent of Birch, which ...")."""
        named = [m for m in ments if self.named(m) and m.how != "role"]
        main = [m for i, m in enumerate(named) if not (i and _SUBORDINATE.fullmatch(self.text, named[i - 1].end, m.start))]
        if main:
            self.topic = main[-1]
        elif any(self.named(m) for m in ments):
            self.topic = [m for m in ments if self.named(m)][-1]

    # --- one amount list -------------------------------------------------------------------
    def party_for(self, t_end: int, a_start: int, ments: list[Mention], sent_end: int, a_end: int | None = None) -> Link:
        """The party of amounts starting at character ``a_start`` (ending at ``a_end``, with any aside),
        whose kind trigger ends at ``t_end``."""
        ments = _outermost(ments)  # "an entity owned by its President": the entity, not the President
        if a_end is not None and t_end <= a_start:
            # "fees of $30,000 (2023 - $30,000) to a company controlled by the CEO and $15,000 (2023 - $12,000) to a
            # company controlled by the CFO": the party right after this list's own "to" is its party
            own = [m for m in ments if a_end <= m.start <= a_end + 12 and self.named(m)
                   and _OWN_PREP.fullmatch(self.text, a_end, m.start)]
            if own and any(m.end <= a_start and m.start >= t_end for m in ments if self.named(m)):
                return Link(self.parties[own[0].key], own[0], "link.after-list")
        right_after = [m for m in ments if 0 <= m.start - t_end <= 40 and self.text[t_end : m.start].count(",") == 0]
        if right_after:
            named_after = [m for m in right_after if m.how in NAMED and self.named(m)]
            if not named_after and not self.named(right_after[0]):
                nested = self._nested(right_after[0], a_start, ments)
                if nested is not None:
                    return Link(self.parties[nested.key], nested, "link.nested")
                spec = self._specified(right_after[0], ments)
                if spec is not None:
                    return Link(self.parties[spec.key], spec, "link.specified")
                ahead = self._look_ahead(sent_end)
                if ahead is not None:
                    return Link(self.parties[ahead.key], ahead, "link.look-ahead")
                if t_end > a_start and (before := [m for m in ments if m.end <= a_start and self.named(m) and m.how in NAMED]):
                    # "unpaid costs to ColoAlert AS of $31,151 ..., recorded as Accounts payable – related party": the
                    # aggregate of a line item after the amounts; the party named before them is theirs
                    return Link(self.parties[before[-1].key], before[-1], "link.before-line-item")
            m = (named_after or right_after)[0]
            return Link(self.parties[m.key], m, "link.after-trigger")
        named = [m for m in ments if self.named(m)]
        before = [m for m in named if m.end <= a_start]
        if before:
            return Link(self.parties[before[-1].key], before[-1], "link.sentence-before")
        if named:
            return Link(self.parties[named[0].key], named[0], "link.sentence-after")
        # the sentence's own aggregate: before the amounts, or after them in the same stretch of the
        # sentence outside a relative clause ("of $50 were charged by related parties"; not "$74,000, of which
        # $22 in related party interest")
        agg = [m for m in ments if not self.named(m) and (m.end <= a_start or not _RELATIVE.search(self.text, a_start, m.start))]
        if agg:
            ahead = self._look_ahead(sent_end)
            if ahead is not None:
                return Link(self.parties[ahead.key], ahead, "link.look-ahead")
            return Link(self.parties[agg[0].key], agg[0], "link.aggregate")
        if self.topic is not None:
            return Link(self.parties[self.topic.key], self.topic, "link.topic")
        return Link(None, None, "link.none")

    def _nested(self, agg: Mention, a_start: int, ments: list[Mention]) -> Mention | None:
        """ "Receivables from affiliates include amounts owed by Delta (Delta) of $70 million": the
        named party between the aggregate and the amounts."""
        inner = [m for m in ments if agg.end <= m.start and m.end <= a_start and self.named(m) and m.how in NAMED]
        return inner[-1] if inner else None

    def _specified(self, agg: Mention, ments: list[Mention]) -> Mention | None:
        """ "the $16,000 due from related parties as of March 31, 2017 relating to RCS Advisory": the named party
        that the aggregate's own clause then says the amount relates to."""
        for m in ments:  # a described group is named enough here ("services provided to companies under ...")
            if m.start >= agg.end and self.named(m) and (m.how in NAMED or m.how == "described"):
                gap = self.text[agg.end : m.start]
                if len(gap) <= 150 and not any(c in gap for c in ".;") and _SPECIFIER.search(gap):
                    return m
        return None

    def _look_ahead(self, sent_end: int) -> Mention | None:
        """The next sentence, in the same paragraph, says who the aggregate was."""
        while sent_end > 0 and self.text[sent_end - 1].isspace():
            sent_end -= 1  # the sentence's own line break ends the paragraph
        nl = self.text.find("\n", sent_end)
        para_end = len(self.text) if nl < 0 else nl
        stop = self.text.find(".", sent_end + 1, para_end)
        nxt_end = para_end if stop < 0 else stop
        m = _LOOK_AHEAD.match(self.text, sent_end, nxt_end)
        if m is None:
            return None
        k = bisect_left(self._starts, m.end())
        for mt in self.mentions[k : bisect_right(self._starts, nxt_end)]:
            if self.named(mt):
                return mt
        return None

    def each(self, a_start: int, a_end: int, ments: list[Mention]) -> list[Link] | None:
        """ "Mr. Jones and Mr. Collord were each paid $30,000", "paid each of A and B $5,000", "paid A and B
        $5,000 each": one amount that each of the coordinated named parties had (one fact per party)."""
        for run in self._coordinations(ments):
            start, end = run[0].start, run[-1].end
            before = end <= a_start and not self._stop_between(end, a_start)
            after = start >= a_end and start - a_end <= 40 and not self._stop_between(a_end, start)
            if (before and (_EACH_AFTER.match(self.text, end, a_start) or _EACH_TAIL.match(self.text, a_end, a_end + 8))
                    or (before or after) and _EACH_OF.search(self.text, max(0, start - 16), start)):
                return [Link(self.parties[m.key], m, "link.each") for m in run]
        return None

    def _coordinations(self, ments: list[Mention]) -> list[list[Mention]]:
        """Runs of two or more distinct named parties joined by commas and "and" ("A, B and C")."""
        runs: list[list[Mention]] = []
        run: list[Mention] = []
        for m in (m for m in ments if self.named(m)):
            if run and m.start >= run[-1].end and self.text[run[-1].end : m.start].strip(" ,").lower() in ("and", "&", ""):
                if m.key not in {r.key for r in run}:
                    run.append(m)
                continue
            if len(run) > 1:
                runs.append(run)
            run = [m]
        if len(run) > 1:
            runs.append(run)
        return runs

    def _stop_between(self, a: int, b: int) -> bool:
        """A clause ends between ``a`` and ``b``: a stop, a semicolon, or ", and"."""
        gap = self.text[a:b]
        return "." in gap or ";" in gap or ", and " in gap

    def respective(self, t_end: int, a_start: int, ments: list[Mention], n: int, sentence: str) -> list[Link] | None:
        """ "Loans from Ann Reyes and Paul Ortiz stood at $45,000 and $12,500, respectively": ``n``
        amounts, ``n`` named parties between the trigger and the amounts, joined by commas and "and"."""
        if n < 2 or not _RESPECTIVELY.search(sentence):
            return None
        between = [m for m in ments if t_end <= m.start and m.end <= a_start and self.named(m)]
        if len(between) != n or len({m.key for m in between}) != n:
            return None
        for a, b in zip(between, between[1:]):
            if self.text[a.end : b.start].strip(" ,").lower() not in ("and", "", "&"):
                return None
        return [Link(self.parties[m.key], m, "link.respectively") for m in between]
