"""``relparty_sentences``: the boundaries after a stop, as the rule says them (a look-behind form of it)."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from relparty.components.sentences import SentenceRules

# the rule as first written: a stop looked behind for, quotes or a bracket, spaces, a capital, digit, quote or marker
_LOOK_BEHIND = re.compile(r"(?<=[.!?])[\"”’)]*[ \t]+(?=[(“\"•A-Z0-9])")
_PIECES = [".", "!", "?", "”", ")", " ", "\t", "A", "a", "1", "(", "“", "Inc", "Mr", "Co", "The", "\n", "x.y", "•"]


def _reference(rules: SentenceRules, text: str) -> list[int]:
    """The stop boundaries by the look-behind form, with the rules' abbreviation checks."""
    out = []
    for m in _LOOK_BEHIND.finditer(text):
        w = re.search(r"(\S+)[ \t]+$", text[max(0, m.start() - 40) : m.end()])
        word = w.group(1).lower() if w else ""
        nxt = text[m.end() : m.end() + 20].split(None, 1)
        nxt_word = nxt[0].lower() if nxt else ""
        if word in rules.never or ((word in rules.abbrev or (len(word) == 2 and word[0].isalpha())) and nxt_word not in rules.starters):
            continue
        out.append(m.end())
    return out


@settings(max_examples=400, deadline=None)
@example("Sales were $5. The Company paid Orla Inc. The end.)  “Next” one?! 2023 was. Mr. Vance")
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_boundaries_after_a_stop_are_the_rule_s(text: str) -> None:
    rules = SentenceRules()
    newline = [m.end() for m in re.finditer(r"\n\s*(?=\S)", text) if not (text[m.end()].islower() or text[m.end()] in ",;:)")]
    assert rules.boundaries(text) == newline + _reference(rules, text)
