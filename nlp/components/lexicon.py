"""Access to the lexicon marks that the ``span_ruler`` sets from ``patterns/*.jsonl``."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

LEXICON_KEY = "rp_lexicon"


def marks_by_start(doc: Doc, labels: Iterable[str]) -> dict[int, list[Span]]:
    """Marks of the given labels, keyed by their first token (longest first)."""
    want = set(labels)
    out: dict[int, list[Span]] = {}
    if LEXICON_KEY not in doc.spans:
        return out
    for sp in doc.spans[LEXICON_KEY]:
        if sp.label_ in want:
            out.setdefault(sp.start, []).append(sp)
    for v in out.values():
        v.sort(key=lambda s: -(s.end - s.start))
    return out


def marks(doc: Doc, labels: Iterable[str]) -> list[Span]:
    want = set(labels)
    if LEXICON_KEY not in doc.spans:
        return []
    return [sp for sp in doc.spans[LEXICON_KEY] if sp.label_ in want]
