"""The registered spaCy components of relparty; importing this module registers them."""

from relparty.components import amounts, lexicon_ruler, parties, periods, relations, sentences, tables  # noqa: F401
