"""Tokenizer rules for filings, on top of spaCy's English defaults.

- a currency mark glued to a number is its own token: ``RMB3,350`` -> ``RMB`` ``3,350``;
  ``US$48,000`` -> ``US$`` ``48,000``;
- a comma between digits is a thousands separator only before exactly three digits:
  ``3,350`` stays one token, ``2022,2023`` is ``2022`` ``,`` ``2023``;
- a comma glued to the front of a token (``,2022``) or between a digit and a letter
  (``2019,the``) is split off.
"""

from __future__ import annotations

import re
from itertools import chain
from typing import Any

import spacy
from relparty.vocabulary import (
    dashed_currency_infix,
    glued_currency_prefix,
    glued_scale_suffix,
    prefixed_scale_prefix,
    signed_dash_prefix,
)
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

CURRENCY_PREFIX = glued_currency_prefix()  # every code of patterns/vocabulary.json
EXTRA_PREFIXES = [CURRENCY_PREFIX, r",", r"\|", r"•", r"—", r"–", signed_dash_prefix(),  # "(2022 -$14,000)"
                  prefixed_scale_prefix()]  # "K€172": a scale, a sign, a number
EXTRA_INFIXES = [
    r"(?<=\d),(?=\d)(?!\d{3}(?!\d))",  # 2022,2023 (not a thousands group)
    r"(?<=\d),(?=[A-Za-z(])",  # 2019,the
    r"(?<=[A-Za-z]),(?=\d)",  # and,2023
    r"(?<=[\d%)]),(?=[A-Za-z])",
    r"(?<=[a-z0-9)])—(?=[a-zA-Z0-9])",  # em dash between words
    r"(?<=[A-Za-z0-9])\((?=[a-z0-9]{1,4}(?:\)|$))",
    r"(?<=\d)[-–—](?=[$€£¥(A-Z])",
    dashed_currency_infix(),  # "2019-$101,750": then the mark, then the number  # "2019-$101,750": a comparative date, a dash, an amount  # footnote mark glued to a name: Xiaomi(a)
]
EXTRA_SUFFIXES = [r"\|", r",", r"—", r"–", glued_scale_suffix()]  # "2.5bn", "$5k": a scale word


@spacy.registry.tokenizers("relparty.Tokenizer.v1")
def create_tokenizer():  # type: ignore[no-untyped-def]
    def make(nlp: Language) -> TextKeepingTokenizer:
        return build_tokenizer(nlp)

    return make


# a run without whitespace with the one space after it (its trailing whitespace), or a run of
# other whitespace (a token of its own, as spaCy makes it: "\n", the second of two spaces)
_RUNS = re.compile(r"\S+ ?|\s+")
CHUNK_CACHE_SIZE = 20_000


class TextKeepingTokenizer:
    """spaCy's Tokenizer with relparty's rules, fast on repeated words, that also keeps the input
    string on the Doc (``doc.user_data["rp_text"]``, and the token texts in ``"rp_words"``): the
    components read those instead of rebuilding ``doc.text`` or making Token objects.

    spaCy splits text on whitespace and tokenizes each whitespace-free chunk on its own. Its chunk
    cache is switched off inside ``relparty.memory_zone()`` (where ``Extractor.pipe`` runs, to keep
    memory flat) and for the rest of a text after the first special case ("Mr.", "Co."), so
    filings would pay the affix regexes on every chunk. This wrapper keeps its own bounded
    cache of run -> (token texts, trailing spaces) (plain strings, outside the vocab, so memory
    zones stay clean), asks spaCy's tokenizer only for runs it has not seen, and builds the Doc
    from the words. The tokens are spaCy's own; a test holds them equal on the corpus, the
    fragments and edge cases of whitespace.
    """

    def __init__(self, tokenizer: Tokenizer, cache_size: int = CHUNK_CACHE_SIZE) -> None:
        self.tokenizer = tokenizer
        self.cache_size = cache_size
        self._chunks: dict[str, tuple[tuple[str, ...], tuple[bool, ...]]] = {}

    def __call__(self, text: str) -> Doc:
        get, tokenize = self._chunks.get, self._tokenize_run
        entries = [get(run) or tokenize(run) for run in _RUNS.findall(text)]  # (an entry is never empty)
        words = list(chain.from_iterable([e[0] for e in entries]))
        spaces = list(chain.from_iterable([e[1] for e in entries]))
        doc = Doc(self.tokenizer.vocab, words=words, spaces=spaces)
        doc.user_data["rp_text"] = text
        doc.user_data["rp_words"] = words
        return doc

    def _tokenize_run(self, run: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
        if run[0].isspace():
            entry: tuple[tuple[str, ...], tuple[bool, ...]] = ((run,), (False,))
        else:
            spaced = run[-1] == " "
            toks = tuple(t.text for t in self.tokenizer(run[:-1] if spaced else run))
            entry = (toks, (False,) * (len(toks) - 1) + (spaced,))
        if len(self._chunks) >= self.cache_size:
            self._chunks.clear()  # bounded: memory stays flat on any stream of new words
        self._chunks[run] = entry
        return entry

    def pipe(self, texts, batch_size: int = 1000):  # type: ignore[no-untyped-def]
        for text in texts:
            yield self(text)

    def add_special_case(self, string: str, substrings: list[dict[str, Any]]) -> None:
        self.tokenizer.add_special_case(string, substrings)
        self._chunks.clear()

    def from_disk(self, path: Any, **kwargs: Any) -> TextKeepingTokenizer:
        self.tokenizer.from_disk(path, **kwargs)
        self._chunks.clear()
        return self

    def from_bytes(self, data: bytes, **kwargs: Any) -> TextKeepingTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        self._chunks.clear()
        return self

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.tokenizer, name)  # to_disk, rules, explain ...


def build_tokenizer(nlp: Language) -> TextKeepingTokenizer:
    return TextKeepingTokenizer(_rules_tokenizer(nlp))


def _rules_tokenizer(nlp: Language) -> Tokenizer:
    prefixes = EXTRA_PREFIXES + list(English.Defaults.prefixes or [])
    suffixes = EXTRA_SUFFIXES + list(English.Defaults.suffixes or [])
    infixes = EXTRA_INFIXES + list(English.Defaults.infixes or [])
    return Tokenizer(
        nlp.vocab,
        rules=dict(English.Defaults.tokenizer_exceptions),
        prefix_search=compile_prefix_regex(prefixes).search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=compile_infix_regex(infixes).finditer,
        token_match=English.Defaults.token_match,
        url_match=English.Defaults.url_match,
    )
