"""The spaCy pipeline: ``spacy.blank("en")`` with relparty's tokenizer and registered components.

    tokenizer -> relparty_sentences -> relparty_lexicon (patterns/*.jsonl) -> relparty_periods
              -> relparty_amounts -> relparty_parties -> relparty_relations -> relparty_tables
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)
from nlp.tokenizer import build_tokenizer

COMPONENTS = ("relparty_sentences", "relparty_periods", "relparty_amounts", "relparty_parties", "relparty_relations",
              "relparty_tables")


def build_pipeline(pattern_dir: Path | None = None) -> Language:
    """A fresh pipeline; patterns from ``pattern_dir`` (default: the bundled ``patterns/``)."""
    nlp = spacy.blank("en")
    nlp.tokenizer = build_tokenizer(nlp)
    nlp.max_length = 25_000_000  # notes are read whole; the batch reader caps files at 20 MB
    nlp.add_pipe("relparty_sentences")
    nlp.add_pipe("relparty_lexicon", config={"pattern_dir": str(pattern_dir) if pattern_dir else None})
    for name in COMPONENTS[1:]:
        nlp.add_pipe(name)
    return nlp
