"""The registered spaCy components of relparty; importing this module registers them."""

from relparty.components import (  # noqa: F401
    amounts,
    clauses,
    lexicon_ruler,
    linking,
    mentions,
    periods,
    sentences,
    tables,
)
