"""relparty's tokenizer: spaCy's tokens for filings, with its own chunk cache."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from relparty.pipeline import build_pipeline
from relparty.tokenizer import TextKeepingTokenizer, _rules_tokenizer

from tests.test_fragments import ALIASES, AMOUNT_LISTS, KINDS, PERIODS

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "notes"

EDGES = [
    "", " ", "  ", "\n", " leading space", "trailing space ", "trailing two  ", "two  spaces", "tab\tand\nnewline",
    " \n mixed \t\n ", "RMB3,350 and RMB2,590", "RMB34, RMB6", "2022,2023", "Xiaomi(a)", "US$48,000.", "$2.5bn",
    "Co., Ltd.", "Mr. Li", "U.S. dollars", "“Shanghai Keshen”", "don't", "a\u00a0b", "(14,186)", "—",
]


def _tokens(doc: spacy.tokens.Doc) -> list[tuple[str, str]]:
    return [(t.text, t.whitespace_) for t in doc]


@pytest.fixture(scope="module")
def tokenizers() -> tuple[TextKeepingTokenizer, spacy.tokenizer.Tokenizer]:
    nlp = spacy.blank("en")
    return TextKeepingTokenizer(_rules_tokenizer(nlp)), _rules_tokenizer(nlp)


def _texts() -> list[str]:
    notes = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    fragments = [c[0] for c in AMOUNT_LISTS + ALIASES + KINDS] + [p for p, _ in PERIODS]
    return notes + fragments + EDGES


def test_tokens_are_spacys_on_corpus_fragments_and_edges(tokenizers) -> None:  # type: ignore[no-untyped-def]
    ours, spacys = tokenizers
    texts = _texts()
    assert len(texts) > 120
    for text in texts:
        doc = ours(text)
        assert _tokens(doc) == _tokens(spacys(text)), text[:80]
        assert doc.text == text
        assert doc.user_data["rp_text"] == text
    # a second pass answers from the cache, with the same tokens
    for text in texts[:5]:
        assert _tokens(ours(text)) == _tokens(spacys(text))


def test_chunk_cache_is_bounded() -> None:
    nlp = spacy.blank("en")
    tok = TextKeepingTokenizer(_rules_tokenizer(nlp), cache_size=50)
    for i in range(1_000):
        tok(f"RMB{i},{i:03d} and item{i}.")
    assert 0 < len(tok._chunks) <= 50


def test_special_case_added_later_takes_effect() -> None:
    nlp = build_pipeline()
    before = [t.text for t in nlp.make_doc("zzz-top")]
    nlp.tokenizer.add_special_case("zzz-top", [{"ORTH": "zzz"}, {"ORTH": "-top"}])
    after = [t.text for t in nlp.make_doc("zzz-top")]
    assert before != after
    assert after == ["zzz", "-top"]

