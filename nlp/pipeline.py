"""The spaCy pipeline: ``spacy.blank("en")`` with relparty's tokenizer and registered components.

    tokenizer -> relparty_sentences -> span_ruler (patterns/*.jsonl) -> relparty_periods
              -> relparty_amounts -> relparty_parties -> relparty_relations -> relparty_tables
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)
from nlp.components.lexicon import LEXICON_KEY
from nlp.tokenizer import build_tokenizer
from patterns import all_patterns

COMPONENTS = ("relparty_sentences", "relparty_periods", "relparty_amounts", "relparty_parties", "relparty_relations",
              "relparty_tables")


def build_pipeline(pattern_dir: Path | None = None) -> Language:
    """A fresh pipeline; patterns from ``pattern_dir`` (default: the bundled ``patterns/``)."""
    nlp = spacy.blank("en")
    nlp.tokenizer = build_tokenizer(nlp)
    nlp.add_pipe("relparty_sentences")
    ruler = nlp.add_pipe("span_ruler", name="relparty_lexicon", config={"spans_key": LEXICON_KEY, "validate": False})
    ruler.add_patterns(all_patterns(pattern_dir))  # type: ignore[attr-defined]
    for name in COMPONENTS[1:]:
        nlp.add_pipe(name)
    return nlp
