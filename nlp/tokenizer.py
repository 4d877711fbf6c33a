"""Tokenizer rules for filings, on top of spaCy's English defaults.

- a currency mark glued to a number is its own token: ``RMB3,350`` -> ``RMB`` ``3,350``;
  ``US$48,000`` -> ``US$`` ``48,000``;
- a comma between digits is a thousands separator only before exactly three digits:
  ``3,350`` stays one token, ``2022,2023`` is ``2022`` ``,`` ``2023``;
- a comma glued to the front of a token (``,2022``) or between a digit and a letter
  (``2019,the``) is split off.
"""

from __future__ import annotations

import spacy
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

CURRENCY_PREFIX = (
    r"(?:RMB|Rmb|CNY|US\$|U\.S\.\$|HK\$|NT\$|S\$|A\$|C\$|CA\$|CDN\$|R\$|Rs\.?|USD|EUR|GBP|JPY|"
    r"NIS|INR|CAD|AUD|SGD|HKD|TWD|KRW|CHF|BRL|MYR|RM|Ps\.)(?=[\d(.—–])"
)
EXTRA_PREFIXES = [CURRENCY_PREFIX, r",", r"\|", r"•", r"—", r"–"]
EXTRA_INFIXES = [
    r"(?<=\d),(?=\d)(?!\d{3}(?!\d))",  # 2022,2023 (not a thousands group)
    r"(?<=\d),(?=[A-Za-z(])",  # 2019,the
    r"(?<=[A-Za-z]),(?=\d)",  # and,2023
    r"(?<=[\d%)]),(?=[A-Za-z])",
    r"(?<=[a-z0-9)])—(?=[a-zA-Z0-9])",  # em dash between words
    r"(?<=[A-Za-z0-9])\((?=[a-z0-9]{1,4}(?:\)|$))",
    r"(?<=\d)[-–—](?=[$€£¥(A-Z])",  # "2019-$101,750": a comparative date, a dash, an amount  # footnote mark glued to a name: Xiaomi(a)
]
EXTRA_SUFFIXES = [r"\|", r",", r"—", r"–", r"(?<=[0-9])(?:bn|mn|k)"]  # "2.5bn", "$5k": a scale word


@spacy.registry.tokenizers("relparty.Tokenizer.v1")
def create_tokenizer():  # type: ignore[no-untyped-def]
    def make(nlp: Language) -> TextKeepingTokenizer:
        return build_tokenizer(nlp)

    return make


class TextKeepingTokenizer:
    """spaCy's Tokenizer with relparty's rules that also keeps the input string on the Doc
    (``doc.user_data["rp_text"]``): the components read it instead of rebuilding ``doc.text``."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data["rp_text"] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):  # type: ignore[no-untyped-def]
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.tokenizer, name)  # to_disk, from_disk, rules, explain ...


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
