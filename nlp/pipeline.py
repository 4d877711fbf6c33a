"""The spaCy pipeline: ``spacy.blank("en")`` with relparty's tokenizer and registered components.

    tokenizer -> relparty_sentences -> relparty_lexicon (patterns/*.jsonl) -> relparty_periods
              -> relparty_amounts -> relparty_mentions -> relparty_linking -> relparty_clauses -> relparty_tables

Its input is the laid-out text (``relparty.layout.lay_out`` over the reader's output: prose joined,
glue split, offsets still into the original); ``relparty_tables`` reads the page's flattened
tables as grids and ``relparty.components.tables.assemble_tables`` makes their records.
"""

from __future__ import annotations

from pathlib import Path

import relparty.components  # noqa: F401  (registers the factories)
import relparty.tokenizer  # noqa: F401  (registers relparty.Tokenizer.v1)
import spacy
from spacy.attrs import IDS
from spacy.language import Language

# The lexical attributes relparty's rules read. A new word's lexeme computes only these: spaCy's
# English vocabulary would also compute its shape, norm, stop-word and URL flags and a dozen more,
# which cost as much as tokenizing it. Notes are read inside memory zones, so their words are
# new lexemes again in each batch.
LEX_ATTRS = ("LOWER", "IS_ALPHA", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_SPACE", "IS_PUNCT", "LIKE_NUM")

COMPONENTS = ("relparty_sentences", "relparty_periods", "relparty_amounts", "relparty_mentions", "relparty_linking",
              "relparty_clauses", "relparty_tables")


def build_pipeline(pattern_dir: Path | None = None, span_groups: bool = True) -> Language:
    """A fresh pipeline; patterns from ``pattern_dir`` (default: the bundled ``patterns/``).

    With ``span_groups`` the components also leave their findings in ``doc.spans`` (rp_lexicon,
    rp_periods, rp_amounts, rp_parties, rp_kinds, rp_tables) for display and inspection; the
    results proper ride on the ``doc._.rp_*`` attributes either way. The Extractor, which keeps
    records and drops the Docs, does without them."""
    # relparty's tokenizer by config, so spaCy does not build (and throw away) its default one first
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "relparty.Tokenizer.v1"}}})
    keep = {IDS[a] for a in LEX_ATTRS}
    nlp.vocab.lex_attr_getters = {k: f for k, f in nlp.vocab.lex_attr_getters.items() if k in keep}
    nlp.max_length = 25_000_000  # notes are read whole; the batch reader caps files at 20 MB
    nlp.add_pipe("relparty_sentences")
    nlp.add_pipe("relparty_lexicon", config={"pattern_dir": str(pattern_dir) if pattern_dir else None,
                                             "span_groups": span_groups})
    for name in COMPONENTS[1:]:
        nlp.add_pipe(name, config={"span_groups": span_groups})
    return nlp
