"""Assembly's own view of a sentence (``relparty.assemble.Sentence``) is the spaCy Span it stands for."""

from __future__ import annotations

from pathlib import Path

from relparty.api import Extractor
from relparty.assemble import Sentence
from relparty.components.lexicon import sentence_bounds, token_chars

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Sales to Orla Ltd. were $5,000 for the year ended December 31, 2023.  Mr. Vance lent $1.\n\nBalances:\n|RMB 2,000 |",
    " leading space. Trailing spaces   \n",
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "notes").glob("*.txt"))[:12]),
]


def test_sentence_is_the_span_it_stands_for() -> None:
    nlp = Extractor().nlp
    for text in TEXTS:
        doc = nlp(text)
        for s, e in sentence_bounds(doc):
            span, sent = doc[s:e], Sentence(doc, s, e, *token_chars(doc, s, e))
            assert (sent.start, sent.end, sent.start_char, sent.end_char) == (span.start, span.end, span.start_char, span.end_char)
            assert sent.text == span.text
            assert sent.text == span.text  # read twice: the same text
