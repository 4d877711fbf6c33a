"""``relparty_sentences``: sentence boundaries for filing notes.

A sentence starts
- after sentence-final punctuation and a space, before a capitalised word, digit, quote or item
  marker, except after abbreviations of names and titles ("Co., Ltd.", "Inc.", "Mr.", "U.S.",
  "No."): after a title never, after a legal or place abbreviation only before a typical
  sentence starter ("Inc. The Company ..." splits, "Inc. Holdings" does not);
- at a line break, unless the next line continues the sentence (it starts with a lower-case
  word or a comma, as EDGAR's rendering of table cells does); so item markers "(a)", "(ii)",
  "b)" and bullets at the start of a line start a sentence.

Boundaries are found with one regular expression over the text and set in one ``from_array``
call: no Python loop over tokens.
"""

from __future__ import annotations

import re

import numpy
from relparty.components.lexicon import SENTENCES_KEY, doc_text
from relparty.patterns import load_lexicon
from relparty.vocabulary import dotted_words
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# the stop itself is matched (a sentence starts at the match's start + 1), not looked behind for: the
# engine then skips in one test each character that is no stop, where a look-behind is tried at
# every character (a note's search took 15 times as long); the same boundaries
_AFTER_STOP = re.compile(r"[.!?][\"”’)]*[ \t]+(?=[(“\"•A-Z0-9])")
_AFTER_NEWLINE = re.compile(r"\n\s*(?=\S)")
_WORD_BEFORE = re.compile(r"(\S+)[ \t]+$")  # the word (with any closing quotes) before the trailing space


@Language.factory("relparty_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceRules:
    return SentenceRules()


class SentenceRules:
    def __init__(self) -> None:
        lex = load_lexicon("lexicon")
        # month abbreviations ("Dec.") and dotted currency codes ("Rs.") come from the vocabulary
        self.abbrev = set(lex["abbreviations"]) | dotted_words()
        self.never = set(lex["never_split_after"]) | dotted_words()
        self.starters = set(lex["sentence_starters"])

    def boundaries(self, text: str) -> list[int]:
        """Character offsets at which a sentence starts (besides 0)."""
        out: list[int] = []
        for m in _AFTER_NEWLINE.finditer(text):
            ch = text[m.end()]
            if not (ch.islower() or ch in ",;:)"):
                out.append(m.end())
        for m in _AFTER_STOP.finditer(text):
            w = _WORD_BEFORE.search(text, max(0, m.start() + 1 - 40), m.end())  # after the stop: m.start() + 1
            word = w.group(1).lower() if w else ""
            nxt = text[m.end() : m.end() + 20].split(None, 1)
            nxt_word = nxt[0].lower() if nxt else ""
            if word in self.never:
                continue
            if word in self.abbrev or (len(word) == 2 and word[0].isalpha()):
                if nxt_word not in self.starters:
                    continue
            out.append(m.end())
        return out

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        idx = doc.to_array([IDX]).reshape(-1)
        starts = numpy.full((n, 1), -1, dtype="int32")
        starts[0, 0] = 1
        cuts = numpy.asarray(sorted(set(self.boundaries(doc_text(doc)))), dtype=idx.dtype)
        if len(cuts):
            pos = numpy.searchsorted(idx, cuts)
            ok = pos < n
            pos, cuts = pos[ok], cuts[ok]
            starts[pos[idx[pos] == cuts], 0] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
        first = numpy.flatnonzero(starts[:, 0] == 1).tolist()  # starts[0] is 1: the first sentence's start
        doc.user_data[SENTENCES_KEY] = list(zip(first, first[1:] + [n]))  # what sentence_bounds reads
        return doc
